// Junk and near-valid inputs at every auth.* mutation, on a server of their own: sign-in is throttled per
// account and address (TOO_MANY_REQUESTS is a 4xx like any other refusal), and a sign-out or a password
// change ends the sender's sessions, so these must not share a world with the other fuzzers.
// The world's clients were signed in when it was built, before the first failed sign-in here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChange, call, junkPlan, MUTATIONS, nearValidPlan } from './support/fuzz.ts';
import { useFuzzWorld } from './support/fuzz-server.ts';
import { runs, seedOf } from './support/seeds.ts';
import { SHAPES } from './support/shapes.ts';
import { brokenAuditChains, prototypeKeys } from './support/world.ts';
import { must } from '../support/at.ts';

const JUNK_RUNS = 40;
const NEAR_VALID_RUNS = 50;

const ctx = useFuzzWorld('auth.fuzz');
const prototypesBefore = prototypeKeys();

// SHAPES' order: the sign-outs come last.
const AUTH = Object.keys(SHAPES).filter((name) => name.startsWith('auth.') && MUTATIONS.includes(name));

describe('auth.* under junk and near-valid inputs', () => {
  for (const name of AUTH) {
    const shape = must(SHAPES[name], 'SHAPES[name]');
    it(`${name}, junk: no 5xx, no leak, no change when refused`, async () => {
      await fc.assert(
        fc.asyncProperty(junkPlan(name, shape), async ({ actor, body, envelope }) => {
          await call(ctx, name, body, actor, envelope);
        }),
        { numRuns: runs(JUNK_RUNS), seed: seedOf(`junk ${name}`) },
      );
    });
    it(`${name}, near-valid: no 5xx, no leak, no change when refused`, async () => {
      await fc.assert(
        fc.asyncProperty(nearValidPlan(shape, ctx.world), async ({ actor, change, envelope }) => {
          await call(ctx, name, applyChange(shape.base(ctx.world), change), actor, envelope);
        }),
        { numRuns: runs(Math.min(shape.runs ?? NEAR_VALID_RUNS, NEAR_VALID_RUNS)), seed: seedOf(`near-valid ${name}`) },
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
