import { describe, expect, it } from 'vitest';
import type { CostCategory, CostStage } from '../../shared/categories.ts';
import { explainPayable } from '../../shared/explain.ts';
import { computePayable, type CostLineFigures, type PolicyTerms } from '../../shared/payable.ts';
import { WORKED_EXAMPLE_1, WORKED_EXAMPLE_2, type ExampleLine } from '../../shared/worked-examples.ts';

const terms = (overrides: Partial<PolicyTerms> = {}): PolicyTerms => ({
  liabilityLimit: 100_000_000,
  expenseLimit: 30_000_000,
  deductible: 0,
  restorationRider: true,
  condolencePerPersonCap: null,
  ...overrides,
});

const line = (category: CostCategory, amount: number, stage: CostStage = 'invoiced'): CostLineFigures => ({
  category,
  stage,
  amount,
  quantity: null,
  unitAmount: null,
});

const perPerson = (persons: number, each: number, stage: CostStage = 'paid'): CostLineFigures => ({
  category: 'condolence',
  stage,
  amount: persons * each,
  quantity: persons,
  unitAmount: each,
});

const fromExample = (l: ExampleLine): CostLineFigures => ({
  category: l.category,
  stage: l.stage,
  amount: l.amount ?? l.quantity! * l.unitAmount!,
  quantity: l.quantity ?? null,
  unitAmount: l.unitAmount ?? null,
});

const counted = (result: ReturnType<typeof computePayable>, category: CostCategory) =>
  result.byCategory.find((c) => c.category === category)!;

describe('worked example 1 (unauthorised access, server down)', () => {
  const result = computePayable(WORKED_EXAMPLE_1.policy, WORKED_EXAMPLE_1.lines.map(fromExample));

  it('pays ¥25,000,000 of liability and ¥1,800,000 of restoration: ¥26,800,000', () => {
    expect(result.liabilityPayable).toBe(25_000_000);
    expect(result.restorationBase).toBe(1_800_000);
    expect(result.restorationCap).toBe(3_000_000);
    expect(result.restorationPaid).toBe(1_800_000);
    expect(result.costsPayable).toBe(1_800_000);
    expect(result.totalPayable).toBe(26_800_000);
  });

  it('explains it step by step in Japanese and English', () => {
    const ja = explainPayable(result, 'ja').join('\n');
    expect(ja).toContain('¥2,000,000 × 90%(縮小支払割合)= ¥1,800,000');
    expect(ja).toContain('¥1,800,000 < ¥3,000,000 → ¥1,800,000');
    expect(ja).toContain('支払保険金の合計: ¥25,000,000 + ¥1,800,000 = ¥26,800,000');
    const en = explainPayable(result, 'en').join('\n');
    expect(en).toContain('Total payable: ¥25,000,000 + ¥1,800,000 = ¥26,800,000');
  });
});

describe('worked example 2 (leak by a data-entry contractor)', () => {
  const result = computePayable(WORKED_EXAMPLE_2.policy, WORKED_EXAMPLE_2.lines.map(fromExample));

  it('caps ¥43,000,000 of expenses at ¥30,000,000 and adds ¥23,000,000 of liability: ¥53,000,000', () => {
    expect(result.expenseIncurred).toBe(43_000_000);
    expect(result.costsPayable).toBe(30_000_000);
    expect(result.expenseHeadroom).toBe(0);
    expect(result.liabilityIncurred).toBe(23_000_000);
    expect(result.liabilityPayable).toBe(23_000_000);
    expect(result.totalPayable).toBe(53_000_000);
  });

  it('explains the cap and the total as the source does', () => {
    const ja = explainPayable(result, 'ja');
    expect(ja).toContain('② 費用保険金: ¥43,000,000 > 費用総支払限度額 ¥30,000,000 → ¥30,000,000');
    expect(ja.at(-1)).toBe('④ 支払保険金の合計: ¥23,000,000 + ¥30,000,000 = ¥53,000,000');
    expect(explainPayable(result, 'en').at(-1)).toBe('4. Total payable: ¥23,000,000 + ¥30,000,000 = ¥53,000,000');
  });
});

describe('edge cases derived from the rules', () => {
  it('pays exactly the expense limit when the expenses hit it exactly', () => {
    const result = computePayable(terms({ restorationRider: false }), [line('investigation', 30_000_000)]);
    expect(result.costsPayable).toBe(30_000_000);
    expect(result.expenseHeadroom).toBe(0);
    expect(explainPayable(result, 'ja')).toContain('② 費用保険金: ¥30,000,000 = 費用総支払限度額 ¥30,000,000 → ¥30,000,000');
  });

  it('caps restoration at 10% of the expense limit when that is below ¥5,000,000', () => {
    const result = computePayable(terms({ expenseLimit: 30_000_000 }), [line('restoration', 10_000_000)]);
    expect(result.restorationBase).toBe(9_000_000);
    expect(result.restorationCap).toBe(3_000_000);
    expect(result.restorationPaid).toBe(3_000_000);
  });

  it('caps restoration at ¥5,000,000 when 10% of the expense limit is more', () => {
    const result = computePayable(terms({ expenseLimit: 100_000_000 }), [line('restoration', 10_000_000)]);
    expect(result.restorationCap).toBe(5_000_000);
    expect(result.restorationPaid).toBe(5_000_000);
  });

  it('pays no restoration without the rider, but still shows what was incurred', () => {
    const result = computePayable(terms({ restorationRider: false }), [line('restoration', 2_000_000)]);
    expect(result.restorationPaid).toBe(0);
    expect(counted(result, 'restoration')).toEqual({ category: 'restoration', incurred: 2_000_000, counted: 0 });
    expect(explainPayable(result, 'ja').join('\n')).toContain('特約がないため ¥0');
  });

  it('keeps the rider inside the expense limit (a sub-limit, not an addition)', () => {
    const result = computePayable(terms(), [line('investigation', 29_000_000), line('restoration', 2_000_000)]);
    expect(result.restorationPaid).toBe(1_800_000);
    expect(result.costsPayable).toBe(30_000_000);
  });

  it('pays nothing on the liability side when the deductible exceeds the damages', () => {
    const result = computePayable(terms({ deductible: 5_000_000 }), [line('damages', 3_000_000), line('litigation', 1_000_000)]);
    expect(result.liabilityAfterDeductible).toBe(0);
    expect(result.liabilityPayable).toBe(0);
  });

  it('applies the deductible to the liability part only', () => {
    const result = computePayable(terms({ deductible: 1_000_000 }), [line('damages', 3_000_000), line('public_notice', 2_000_000)]);
    expect(result.liabilityPayable).toBe(2_000_000);
    expect(result.costsPayable).toBe(2_000_000);
    expect(result.totalPayable).toBe(4_000_000);
  });

  it('caps the liability side at the liability limit', () => {
    const result = computePayable(terms({ liabilityLimit: 100_000_000 }), [line('damages', 150_000_000)]);
    expect(result.liabilityPayable).toBe(100_000_000);
    expect(result.liabilityHeadroom).toBe(0);
  });

  it('rounds a fraction of a yen of the 90% ratio down', () => {
    const result = computePayable(terms(), [line('restoration', 1_111_111)]);
    expect(result.restorationBase).toBe(999_999); // 999,999.9
    expect(result.restorationPaid).toBe(999_999);
  });

  it('counts condolence per person at the lower of the amount and the per-person cap', () => {
    const result = computePayable(terms({ condolencePerPersonCap: 500 }), [perPerson(50_000, 1_000), perPerson(100, 300)]);
    expect(counted(result, 'condolence')).toEqual({ category: 'condolence', incurred: 50_030_000, counted: 25_030_000 });
    expect(result.expenseIncurred).toBe(25_030_000);
    expect(explainPayable(result, 'ja')[0]).toBe('見舞金・見舞品購入費用: 発生額 ¥50,030,000 に1名あたりの上限 ¥500 を適用 → ¥25,030,000');
  });

  it('flags condolence lump sums whose per-person cap cannot be checked', () => {
    const result = computePayable(terms({ condolencePerPersonCap: 500 }), [line('condolence', 1_000_000)]);
    expect(result.condolenceLumpSums).toBe(1);
    expect(result.expenseIncurred).toBe(1_000_000);
  });

  it('projects estimates without claiming them', () => {
    const lines = [line('investigation', 10_000_000, 'paid'), line('investigation', 25_000_000, 'estimate')];
    const claimed = computePayable(terms(), lines);
    const projected = computePayable(terms(), lines, ['estimate', 'invoiced', 'paid']);
    expect(claimed.costsPayable).toBe(10_000_000);
    expect(claimed.expenseHeadroom).toBe(20_000_000);
    expect(projected.costsPayable).toBe(30_000_000);
    expect(projected.expenseIncurred).toBe(35_000_000);
  });

  it('tracks uncovered costs and never pays them', () => {
    const result = computePayable(terms(), [line('uncovered', 7_000_000)]);
    expect(result.uncoveredIncurred).toBe(7_000_000);
    expect(result.totalPayable).toBe(0);
    expect(explainPayable(result, 'en').at(-1)).toBe('Costs not covered (¥7,000,000) are never paid');
  });

  it('pays nothing on an empty ledger', () => {
    const result = computePayable(terms(), []);
    expect(result.totalPayable).toBe(0);
    expect(result.expenseHeadroom).toBe(30_000_000);
  });
});
