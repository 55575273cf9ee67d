// The policy period's limit ledger (docs/rules.md §4 "Incidents share the period's aggregates",
// shared/period.ts): incidents in order of discovery, each drawing on what the ones before it left.
import { describe, expect, it } from 'vitest';
import type { CostCategory, CostStage } from '../../shared/categories.ts';
import { NO_USE, type CostLineFigures, type LimitUse, type PolicyTerms } from '../../shared/payable.ts';
import { byDiscovery, periodLedger, usedBeforeIncident, type PeriodIncident } from '../../shared/period.ts';
import { at } from '../support/at.ts';

const terms = (overrides: Partial<PolicyTerms> = {}): PolicyTerms => ({
  liabilityLimit: 100_000_000,
  expenseLimit: 30_000_000,
  deductible: 0,
  restorationRider: true,
  condolencePerPersonCap: null,
  ...overrides,
});

const line = (category: CostCategory, amount: number, stage: CostStage = category === 'damages' ? 'agreed' : 'invoiced'): CostLineFigures => ({
  category,
  stage,
  amount,
  quantity: null,
  unitAmount: null,
});

const incident = (id: string, discoveredOn: string, lines: CostLineFigures[], more: Partial<PeriodIncident> = {}): PeriodIncident => ({
  id,
  discoveredOn,
  createdAt: `${discoveredOn}T09:00:00.000Z`,
  settled: null,
  lines,
  personsAffected: null,
  ...more,
});

const paidBy = (entries: ReturnType<typeof periodLedger>) => Object.fromEntries(entries.map((e) => [e.id, e.result.totalPayable]));

/** Every order of a short list. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('two incidents in one period share the expense aggregate', () => {
  const first = incident('a', '2026-05-01', [line('investigation', 25_000_000)]);
  const second = incident('b', '2026-08-01', [line('investigation', 25_000_000)]);

  it('pays ¥25,000,000 and then ¥5,000,000 under a ¥30,000,000 expense limit, not ¥50,000,000', () => {
    const ledger = periodLedger(terms(), [first, second]);
    expect(ledger.map((e) => e.id)).toEqual(['a', 'b']);
    expect(at(ledger, 0).result.expensePaid).toBe(25_000_000);
    expect(at(ledger, 1).result.expensePaid).toBe(5_000_000);
    expect(at(ledger, 1).usedBefore).toEqual({ expense: 25_000_000, restoration: 0, liability: 0 });
    expect(at(ledger, 1).result.expenseUsedElsewhere).toBe(25_000_000);
    expect(at(ledger, 1).result.expenseLeft).toBe(0);
    expect(at(ledger, 0).result.totalPayable + at(ledger, 1).result.totalPayable).toBe(30_000_000);
  });

  it('starts after the prior claims recorded on the policy, which are not counted as used by incidents', () => {
    const ledger = periodLedger(terms({ priorExpensePaid: 10_000_000 }), [first, second]);
    expect(paidBy(ledger)).toEqual({ a: 20_000_000, b: 0 });
    expect(at(ledger, 1).usedBefore.expense).toBe(20_000_000);
    expect(at(ledger, 1).result.expenseUsedElsewhere).toBe(30_000_000);
  });
});

describe('the order of discovery decides, never the order of entry', () => {
  it('takes the earlier discovery first whatever order the incidents come in', () => {
    const loggedFirst = incident('a', '2026-09-01', [line('investigation', 25_000_000)], { createdAt: '2026-04-01T00:00:00.000Z' });
    const discoveredFirst = incident('b', '2026-06-01', [line('investigation', 25_000_000)], { createdAt: '2026-10-01T00:00:00.000Z' });
    for (const order of permutations([loggedFirst, discoveredFirst])) {
      const ledger = periodLedger(terms(), order);
      expect(ledger.map((e) => e.id)).toEqual(['b', 'a']);
      expect(paidBy(ledger)).toEqual({ b: 25_000_000, a: 5_000_000 });
    }
  });

  it('then the time of logging, then the id, for incidents discovered on the same day', () => {
    const day = '2026-06-01';
    const lines = [line('investigation', 12_000_000)];
    const incidents = [
      incident('c', day, lines, { createdAt: '2026-06-01T10:00:00.000Z' }),
      incident('b', day, lines, { createdAt: '2026-06-01T08:00:00.000Z' }),
      incident('a', day, lines, { createdAt: '2026-06-01T10:00:00.000Z' }),
      incident('z', '2026-05-31', lines, { createdAt: '2026-06-02T00:00:00.000Z' }),
    ];
    for (const order of permutations(incidents)) {
      const ledger = periodLedger(terms(), order);
      expect(ledger.map((e) => e.id)).toEqual(['z', 'b', 'a', 'c']);
      expect(paidBy(ledger)).toEqual({ z: 12_000_000, b: 12_000_000, a: 6_000_000, c: 0 });
    }
    expect(byDiscovery(at(incidents, 2), at(incidents, 0))).toBeLessThan(0);
    expect(byDiscovery(at(incidents, 0), at(incidents, 0))).toBe(0);
  });
});

describe('a settled incident uses what the insurer paid', () => {
  it('uses its settled amounts instead of its computed payable, lower or higher', () => {
    const first = (settled: LimitUse | null) => incident('a', '2026-05-01', [line('investigation', 25_000_000)], { settled });
    const second = incident('b', '2026-08-01', [line('investigation', 25_000_000)]);
    const lower = periodLedger(terms(), [first({ expense: 10_000_000, restoration: 0, liability: 0 }), second]);
    expect(at(lower, 0).result.expensePaid).toBe(25_000_000); // what the computation says, shown beside
    expect(at(lower, 0).used).toEqual({ expense: 10_000_000, restoration: 0, liability: 0 });
    expect(at(lower, 1).result.expensePaid).toBe(20_000_000);
    const higher = periodLedger(terms(), [first({ expense: 28_000_000, restoration: 0, liability: 0 }), second]);
    expect(at(higher, 1).result.expensePaid).toBe(2_000_000);
    const unsettled = periodLedger(terms(), [first(null), second]);
    expect(at(unsettled, 0).used).toEqual({ expense: 25_000_000, restoration: 0, liability: 0 });
  });

  it('settles the rider and liability parts too', () => {
    const settled = incident('a', '2026-05-01', [line('damages', 70_000_000)], {
      settled: { expense: 2_000_000, restoration: 2_000_000, liability: 90_000_000 },
    });
    const later = incident('b', '2026-08-01', [line('damages', 50_000_000), line('restoration', 2_000_000)]);
    const ledger = periodLedger(terms(), [later, settled]);
    expect(at(ledger, 1).result.liabilityPayable).toBe(10_000_000);
    expect(at(ledger, 1).result.restorationSublimitLeft).toBe(1_000_000);
    expect(at(ledger, 1).result.restorationPaid).toBe(1_000_000);
  });
});

describe('the liability aggregate and the rider across the period', () => {
  const a = incident('a', '2026-05-01', [line('damages', 60_000_000), line('litigation', 30_000_000)]);
  const b = incident('b', '2026-08-01', [line('damages', 40_000_000)]);

  it('pro_rata: defence costs paid on top of the limit do not use the liability aggregate', () => {
    const ledger = periodLedger(terms({ defenceCosts: 'pro_rata' }), [a, b]);
    expect(at(ledger, 0).result.liabilityPayable).toBe(90_000_000);
    expect(at(ledger, 0).used.liability).toBe(60_000_000);
    expect(at(ledger, 1).result.liabilityLimitApplied).toBe(40_000_000);
    expect(at(ledger, 1).result.liabilityPayable).toBe(40_000_000);
  });

  it('within_limit: defence costs use it like damages', () => {
    const ledger = periodLedger(terms(), [a, b]);
    expect(at(ledger, 0).used.liability).toBe(90_000_000);
    expect(at(ledger, 1).result.liabilityPayable).toBe(10_000_000);
  });

  it("shares the rider's sub-limit: ¥1,800,000 and then the ¥1,200,000 left of ¥3,000,000", () => {
    const withRestoration = (id: string, on: string) => incident(id, on, [line('restoration', 2_000_000), line('investigation', 1)]);
    const ledger = periodLedger(terms(), [withRestoration('a', '2026-05-01'), withRestoration('b', '2026-08-01')]);
    expect(ledger.map((e) => e.result.restorationPaid)).toEqual([1_800_000, 1_200_000]);
    expect(at(ledger, 1).usedBefore).toEqual({ expense: 1_800_001, restoration: 1_800_000, liability: 0 });
  });

  it('uses nothing for damages still at a demand, nor for estimates', () => {
    const demanded = incident('a', '2026-05-01', [line('damages', 90_000_000, 'demanded'), line('investigation', 30_000_000, 'estimate')]);
    const ledger = periodLedger(terms(), [demanded, b]);
    expect(at(ledger, 0).used).toEqual(NO_USE);
    expect(at(ledger, 1).result.liabilityPayable).toBe(40_000_000);
  });
});

describe('usedBeforeIncident', () => {
  const incidents = [
    incident('a', '2026-04-10', [line('investigation', 8_000_000), line('damages', 20_000_000)]),
    incident('b', '2026-05-10', [line('investigation', 9_000_000), line('restoration', 1_000_000)], {
      settled: { expense: 7_000_000, restoration: 500_000, liability: 0 },
    }),
    incident('c', '2026-06-10', [line('investigation', 10_000_000), line('litigation', 5_000_000)]),
    incident('d', '2026-07-10', [line('consulting', 20_000_000), line('damages', 90_000_000)]),
  ];

  it("equals the sum of the earlier entries' use, for every incident, whatever the order given", () => {
    const ledger = periodLedger(terms(), incidents);
    for (const [i, entry] of ledger.entries()) {
      const sum = ledger
        .slice(0, i)
        .reduce(
          (s, e) => ({ expense: s.expense + e.used.expense, restoration: s.restoration + e.used.restoration, liability: s.liability + e.used.liability }),
          NO_USE,
        );
      expect(entry.usedBefore, entry.id).toEqual(sum);
      expect(usedBeforeIncident(terms(), [...incidents].reverse(), at(incidents, i)), entry.id).toEqual(sum);
    }
    expect(ledger.map((e) => e.used.expense)).toEqual([8_000_000, 7_000_000, 10_000_000, 5_000_000]);
    expect(ledger.map((e) => e.used.liability)).toEqual([20_000_000, 0, 5_000_000, 75_000_000]);
  });

  it('is nothing for the first incident of the period, and leaves out the incident itself', () => {
    expect(usedBeforeIncident(terms(), incidents, at(incidents, 0))).toEqual(NO_USE);
    expect(usedBeforeIncident(terms(), incidents, { id: 'b', discoveredOn: '2026-05-10', createdAt: at(incidents, 1).createdAt })).toEqual({
      expense: 8_000_000,
      restoration: 0,
      liability: 20_000_000,
    });
  });
});
