// (a) Junk at every mutation of the app router, over real HTTP: arbitrary JSON (wrong types, nulls, huge
// strings and numbers, `__proto__` keys), bodies that are not JSON, odd methods, batches and content
// types. Never a 5xx, never a stack trace, SQL or path in the answer, and a refusal changes no table.
// Also: every mutation must have a near-valid entry in support/shapes.ts. auth.* are in auth.fuzz.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, junkPlan, MUTATIONS } from './support/fuzz.ts';
import { useFuzzWorld } from './support/fuzz-server.ts';
import { runs, seedOf } from './support/seeds.ts';
import { SHAPES } from './support/shapes.ts';
import { brokenAuditChains, prototypeKeys } from './support/world.ts';

const RUNS = runs(50);

const ctx = useFuzzWorld('mutations.fuzz');
const prototypesBefore = prototypeKeys();

describe('the list of mutations', () => {
  it('is read from the app router and each has a near-valid generator in support/shapes.ts', () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(33);
    expect(
      MUTATIONS.filter((name) => !SHAPES[name]),
      'add these to test/fuzz/support/shapes.ts',
    ).toEqual([]);
    expect(
      Object.keys(SHAPES).filter((name) => !MUTATIONS.includes(name)),
      'no longer mutations of the app router',
    ).toEqual([]);
  });
});

describe('junk at every mutation', () => {
  for (const name of MUTATIONS.filter((n) => !n.startsWith('auth.'))) {
    it(`${name}: no 5xx, no leak, no change when refused`, async () => {
      await fc.assert(
        fc.asyncProperty(junkPlan(name, SHAPES[name]), async ({ actor, body, envelope }) => {
          await call(ctx, name, body, actor, envelope);
        }),
        { numRuns: RUNS, seed: seedOf(`junk ${name}`) },
      );
    });
  }
});

describe('after the fuzzing', () => {
  it("every company's audit chain still verifies", async () => {
    expect(await brokenAuditChains(ctx.world.server)).toEqual([]);
  });
  it('no prototype was polluted by a `__proto__` or `constructor` key', () => {
    expect(prototypeKeys()).toBe(prototypesBefore);
  });
});
