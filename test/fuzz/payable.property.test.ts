// Properties of what the policy pays (SPEC §5, shared/payable.ts) over thousands of generated policies and
// ledgers: the unit tests pin the worked examples, these pin the rules for every other input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLAIMED_STAGES, COST_CATEGORIES, COST_STAGES, EXPENSE_CATEGORIES, type CostCategory, type CostStage } from '../../shared/categories.ts';
import { explainPayable } from '../../shared/explain.ts';
import { formatYen } from '../../shared/money.ts';
import { computePayable, type CostLineFigures, type PayableResult, type PolicyTerms } from '../../shared/payable.ts';
import { costCreateInput, policyCreateInput } from '../../shared/schemas.ts';
import { costInput, costLineOf, flaggedLine, ledger, policyInputOf, policyTerms, toFigures } from './support/policy-ledger.ts';
import { runs } from './support/seeds.ts';

// Fixed seeds so CI is reproducible; FUZZ_SEED / FUZZ_SCALE explore further locally. fast-check prints the
// seed and the shrunk counterexample of a failure.
const params = (seed: number) => ({ numRuns: runs(3000), seed: Number(process.env.FUZZ_SEED ?? seed) });

const ALL_STAGES: readonly CostStage[] = COST_STAGES;
const COVERED = COST_CATEGORIES.filter((c) => c !== 'uncovered');
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** SPEC §5 written out a second time, in BigInt, as the oracle the engine must agree with. */
function spec(terms: PolicyTerms, lines: readonly CostLineFigures[], stages: readonly CostStage[]) {
  const claimed = lines.filter((l) => stages.includes(l.stage));
  const cap = terms.condolencePerPersonCap === null ? null : BigInt(terms.condolencePerPersonCap);
  const counts = (l: CostLineFigures): bigint =>
    l.category === 'condolence' && cap !== null && l.quantity !== null && l.unitAmount !== null
      ? BigInt(l.quantity) * min(BigInt(l.unitAmount), cap)
      : BigInt(l.amount);
  const sum = (categories: readonly CostCategory[], value: (l: CostLineFigures) => bigint) =>
    claimed.filter((l) => categories.includes(l.category)).reduce((s, l) => s + value(l), 0n);
  const expenseIncurred = sum(EXPENSE_CATEGORIES, counts);
  const restorationIncurred = sum(['restoration'], (l) => BigInt(l.amount));
  const restorationBase = (restorationIncurred * 90n) / 100n;
  const restorationCap = min((BigInt(terms.expenseLimit) * 10n) / 100n, 5_000_000n);
  const restorationPaid = terms.restorationRider ? min(restorationBase, restorationCap) : 0n;
  const costsPayable = min(expenseIncurred + restorationPaid, BigInt(terms.expenseLimit));
  const liabilityIncurred = sum(['damages', 'litigation'], (l) => BigInt(l.amount));
  const liabilityPayable = min(max(0n, liabilityIncurred - BigInt(terms.deductible)), BigInt(terms.liabilityLimit));
  const figures = { expenseIncurred, restorationIncurred, restorationBase, restorationCap, restorationPaid, costsPayable, liabilityIncurred, liabilityPayable, totalPayable: liabilityPayable + costsPayable };
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Number(v)]));
}

const figure = (result: PayableResult, category: CostCategory) => result.byCategory.find((c) => c.category === category)!;

/** Every number anywhere in the result (the byCategory rows and the echoed terms included). */
function numbersIn(value: unknown, path = 'result'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  return [];
}

/** The figures a claimable addition may only raise. */
const RISING = ['totalPayable', 'costsPayable', 'liabilityPayable', 'restorationPaid', 'expenseIncurred', 'liabilityIncurred'] as const;

describe('the payable computation (SPEC §5) over generated policies and ledgers', () => {
  it('is fed only policies and lines the API accepts (the generators follow the shared schemas)', () => {
    fc.assert(
      fc.property(policyTerms, costInput, (terms, input) => {
        expect(policyCreateInput.safeParse(policyInputOf(terms)).success).toBe(true);
        const stored = costCreateInput.parse(input);
        const figures = toFigures(input);
        expect({ amount: stored.amount, quantity: stored.quantity, unitAmount: stored.unitAmount }).toEqual({ amount: figures.amount, quantity: figures.quantity, unitAmount: figures.unitAmount });
      }),
      params(500),
    );
  });

  it('agrees with SPEC §5 written out independently in BigInt, claimed and projected', () => {
    fc.assert(
      fc.property(policyTerms, ledger, (terms, lines) => {
        for (const stages of [CLAIMED_STAGES, ALL_STAGES]) {
          expect(computePayable(terms, lines, stages)).toMatchObject(spec(terms, lines, stages));
        }
      }),
      params(501),
    );
  });

  it('answers only safe, non-negative integers of yen', () => {
    fc.assert(
      fc.property(policyTerms, ledger, fc.constantFrom(CLAIMED_STAGES, ALL_STAGES), (terms, lines, stages) => {
        // one expect per run, not per figure: vitest's expect is the slow part of a 3,000-run property
        const bad = numbersIn(computePayable(terms, lines, stages)).filter(([, value]) => !(Number.isSafeInteger(value) && value >= 0));
        expect(bad).toEqual([]);
      }),
      params(502),
    );
  });

  it('never pays beyond a limit or sub-limit, nor more than was spent', () => {
    fc.assert(
      fc.property(policyTerms, ledger, fc.constantFrom(CLAIMED_STAGES, ALL_STAGES), (terms, lines, stages) => {
        const r = computePayable(terms, lines, stages);
        expect(r.costsPayable).toBeLessThanOrEqual(terms.expenseLimit);
        expect(r.liabilityPayable).toBeLessThanOrEqual(terms.liabilityLimit);
        expect(r.totalPayable).toBeLessThanOrEqual(terms.expenseLimit + terms.liabilityLimit);
        // the rider: 90% of what was spent, capped at min(10% of the expense limit, ¥5,000,000), inside the expense limit
        expect(r.restorationPaid).toBeLessThanOrEqual(r.restorationCap);
        expect(r.restorationCap).toBeLessThanOrEqual(Math.min(Math.floor(terms.expenseLimit / 10), 5_000_000));
        expect(r.restorationPaid).toBeLessThanOrEqual(r.restorationBase);
        expect(r.restorationBase).toBeLessThanOrEqual(r.restorationIncurred);
        if (!terms.restorationRider) expect(r.restorationPaid).toBe(0);
        // the liability part never pays the deductible
        expect(r.liabilityPayable).toBeLessThanOrEqual(Math.max(0, r.liabilityIncurred - terms.deductible));
        // condolence: the per-person cap only ever lowers what counts
        const condolence = figure(r, 'condolence');
        expect(condolence.counted).toBeLessThanOrEqual(condolence.incurred);
        const cap = terms.condolencePerPersonCap;
        if (cap !== null) {
          const ceiling = lines
            .filter((l) => l.category === 'condolence' && stages.includes(l.stage))
            .reduce((s, l) => s + (l.quantity !== null ? l.quantity * cap : l.amount), 0);
          expect(condolence.counted).toBeLessThanOrEqual(ceiling);
        }
        // never more than the covered costs that were incurred; uncovered costs count for nothing
        const coveredIncurred = r.byCategory.filter((c) => c.category !== 'uncovered').reduce((s, c) => s + c.incurred, 0);
        expect(r.totalPayable).toBeLessThanOrEqual(coveredIncurred);
        expect(figure(r, 'uncovered').counted).toBe(0);
      }),
      params(503),
    );
  });

  it('never pays less when a claimable cost is added, wherever it lands in the ledger', () => {
    fc.assert(
      fc.property(policyTerms, ledger, costLineOf(COVERED, CLAIMED_STAGES), fc.nat(), (terms, lines, added, at) => {
        const before = computePayable(terms, lines);
        const position = lines.length === 0 ? 0 : at % (lines.length + 1);
        const after = computePayable(terms, [...lines.slice(0, position), added, ...lines.slice(position)]);
        for (const key of RISING) expect(after[key], key).toBeGreaterThanOrEqual(before[key]);
      }),
      params(504),
    );
  });

  it('pays exactly the same when an estimate or an uncovered cost is added', () => {
    const notClaimable = fc.oneof(costLineOf(COST_CATEGORIES, ['estimate']), costLineOf(['uncovered']));
    fc.assert(
      fc.property(policyTerms, ledger, notClaimable, (terms, lines, added) => {
        const before = computePayable(terms, lines);
        const after = computePayable(terms, [...lines, added]);
        expect(after.totalPayable).toBe(before.totalPayable);
        expect(after.costsPayable).toBe(before.costsPayable);
        expect(after.liabilityPayable).toBe(before.liabilityPayable);
      }),
      params(505),
    );
  });

  it('never pays less for better terms: higher limits, a lower deductible, the rider, no per-person cap', () => {
    fc.assert(
      fc.property(policyTerms, ledger, fc.nat({ max: 1_000_000_000 }), (terms, lines, raise) => {
        const base = computePayable(terms, lines).totalPayable;
        const better: PolicyTerms[] = [
          { ...terms, expenseLimit: terms.expenseLimit + raise },
          { ...terms, liabilityLimit: terms.liabilityLimit + raise },
          { ...terms, deductible: Math.max(0, terms.deductible - raise) },
          { ...terms, restorationRider: true },
          { ...terms, condolencePerPersonCap: null },
        ];
        for (const t of better) expect(computePayable(t, lines).totalPayable).toBeGreaterThanOrEqual(base);
      }),
      params(506),
    );
  });

  it('makes the total the sum of its parts, per category and in the explanation', () => {
    fc.assert(
      fc.property(policyTerms, ledger, (terms, lines) => {
        const r = computePayable(terms, lines);
        const counted = (categories: readonly CostCategory[]) => r.byCategory.filter((c) => categories.includes(c.category)).reduce((s, c) => s + c.counted, 0);
        expect(r.totalPayable).toBe(r.liabilityPayable + r.costsPayable);
        expect(r.expenseIncurred).toBe(counted(EXPENSE_CATEGORIES));
        expect(r.liabilityIncurred).toBe(counted(['damages', 'litigation']));
        expect(figure(r, 'restoration').counted).toBe(r.restorationPaid);
        expect(r.costsPayable).toBe(Math.min(r.expenseIncurred + r.restorationPaid, terms.expenseLimit));
        expect(r.costsPayable + r.expenseHeadroom).toBe(terms.expenseLimit);
        expect(r.liabilityPayable + r.liabilityHeadroom).toBe(terms.liabilityLimit);
        // each category's incurred figure is the sum of its claimed lines, as logged
        const logged = Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0]));
        for (const l of lines) if (CLAIMED_STAGES.includes(l.stage)) logged[l.category] += l.amount;
        expect(Object.fromEntries(r.byCategory.map((c) => [c.category, c.incurred]))).toEqual(logged);
        expect(r.uncoveredIncurred).toBe(figure(r, 'uncovered').incurred);
        expect(r.restorationIncurred).toBe(figure(r, 'restoration').incurred);
        // the explanation adds up the same figures the result holds
        const y = formatYen;
        const sum = `${y(r.liabilityPayable)} + ${y(r.costsPayable)} = ${y(r.totalPayable)}`;
        expect(explainPayable(r, 'en').some((s) => s.endsWith(`Total payable: ${sum}`))).toBe(true);
        expect(explainPayable(r, 'ja').some((s) => s.endsWith(`支払保険金の合計: ${sum}`))).toBe(true);
      }),
      params(507),
    );
  });

  it('pays the same whatever only warns: a cost abroad, a third party\'s claim, a missing consent (SPEC §3, §6a)', () => {
    fc.assert(
      fc.property(policyTerms, fc.array(flaggedLine, { maxLength: 20 }), (terms, lines) => {
        const flipped = lines.map((l) => ({ ...l, incurredAbroad: !l.incurredAbroad, source: l.source === 'insured' ? 'third_party' : 'insured', consentOn: l.consentOn ? null : '2026-06-05' }));
        expect(computePayable(terms, flipped)).toEqual(computePayable(terms, lines));
      }),
      { ...params(509), numRuns: runs(1000) },
    );
  });

  it('does not depend on the order of the lines, nor on summing them first as the ledger rollups do', () => {
    fc.assert(
      fc.property(policyTerms, ledger, fc.array(fc.nat()), (terms, lines, keys) => {
        const expected = computePayable(terms, lines);
        const shuffled = lines.map((l, i) => [keys[i] ?? i, l] as const).sort((a, b) => a[0] - b[0]).map(([, l]) => l);
        expect(computePayable(terms, shuffled)).toEqual(expected);
        // server/claims/summary.ts sums lines per (category, stage, amount per person) before computing
        // (docs/decisions/002): Σ persons × min(each, cap) = (Σ persons) × min(each, cap) must hold.
        const groups = new Map<string, CostLineFigures & { lineCount: number }>();
        for (const l of lines) {
          const key = `${l.category}|${l.stage}|${l.unitAmount ?? -1}`;
          const g = groups.get(key);
          if (!g) groups.set(key, { ...l, lineCount: 1 });
          else groups.set(key, { ...g, amount: g.amount + l.amount, quantity: g.quantity === null ? null : g.quantity + l.quantity!, lineCount: g.lineCount + 1 });
        }
        expect(computePayable(terms, [...groups.values()])).toEqual(expected);
      }),
      params(508),
    );
  });
});
