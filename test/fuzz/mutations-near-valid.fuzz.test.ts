// (b) Near-valid inputs at every mutation: the real input of the signed-in company, with one field replaced
// by an edge value of its kind (another company's id, an id of the wrong record, a random string, -1,
// 0.5, 2^53+1, 2026-02-30, a 5,001-character text…), by junk, or left out, or one unknown key added.
// Sent as A's admin mostly, sometimes as a lower role, another company, the broker or nobody.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChange, call, MUTATIONS, nearValidPlan } from './support/fuzz.ts';
import { useFuzzWorld } from './support/fuzz-server.ts';
import { runs, seedOf } from './support/seeds.ts';
import { SHAPES } from './support/shapes.ts';
import { brokenAuditChains, prototypeKeys } from './support/world.ts';

const RUNS = 70;

const ctx = useFuzzWorld('mutations-near-valid.fuzz');
const prototypesBefore = prototypeKeys();

describe('near-valid inputs at every mutation', () => {
  // SHAPES' order: the mutations whose success removes a fixture run last.
  for (const [name, shape] of Object.entries(SHAPES).filter(([n]) => MUTATIONS.includes(n) && !n.startsWith('auth.'))) {
    it(`${name}: no 5xx, no leak, no change when refused`, async () => {
      await fc.assert(
        fc.asyncProperty(nearValidPlan(shape, ctx.world), async ({ actor, change, envelope }) => {
          await call(ctx, name, applyChange(shape.base(ctx.world), change), actor, envelope);
        }),
        { numRuns: runs(shape.runs ?? RUNS), seed: seedOf(`near-valid ${name}`) },
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
