// What one incident's claim pays (docs/rules.md §4, shared/payable.ts): the source's two worked examples to
// the yen, then every rule of §4 at its edges, each with the explanation line a user would read.
import { describe, expect, it } from 'vitest';
import type { CostCategory, CostSource, CostStage } from '../../shared/categories.ts';
import { explainPayable } from '../../shared/explain.ts';
import { computePayable, resolveTerms, type CostLineFigures, type LimitUse, type PayableResult, type PolicyTerms } from '../../shared/payable.ts';
import { WORKED_EXAMPLE_1, WORKED_EXAMPLE_2, type ExampleLine } from '../../shared/worked-examples.ts';

const terms = (overrides: Partial<PolicyTerms> = {}): PolicyTerms => ({
  liabilityLimit: 100_000_000,
  expenseLimit: 30_000_000,
  deductible: 0,
  restorationRider: true,
  condolencePerPersonCap: null,
  ...overrides,
});

/** A line in a stage that counts towards the claim: invoiced costs, agreed damages. */
const line = (
  category: CostCategory,
  amount: number,
  stage: CostStage = category === 'damages' ? 'agreed' : 'invoiced',
  extra: Partial<CostLineFigures> = {},
): CostLineFigures => ({
  category,
  stage,
  amount,
  quantity: null,
  unitAmount: null,
  ...extra,
});

const thirdParty = (category: CostCategory, amount: number): CostLineFigures => line(category, amount, undefined, { source: 'third_party' as CostSource });
const late = (category: CostCategory, amount: number): CostLineFigures => line(category, amount, undefined, { afterResponseWindow: true });

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
  source: l.source,
});

const pay = (
  policy: PolicyTerms,
  lines: CostLineFigures[],
  more: { personsAffected?: number | null; usedByEarlierIncidents?: LimitUse; basis?: 'claimed' | 'projected' } = {},
) => computePayable({ terms: policy, lines, ...more });

const counted = (result: PayableResult, category: CostCategory) => result.byCategory.find((c) => c.category === category)!;
const ja = (result: PayableResult) => explainPayable(result, 'ja');
const en = (result: PayableResult) => explainPayable(result, 'en');

describe('worked example 1 (unauthorised access, server down)', () => {
  const result = pay(WORKED_EXAMPLE_1.policy, WORKED_EXAMPLE_1.lines.map(fromExample), { personsAffected: WORKED_EXAMPLE_1.incident.recordsAffected });

  it('pays ¥25,000,000 of liability and ¥1,800,000 of restoration: ¥26,800,000', () => {
    expect(result.liabilityPayable).toBe(25_000_000);
    expect(result.restorationBase).toBe(1_800_000);
    expect(result.restorationCap).toBe(3_000_000);
    expect(result.restorationPaid).toBe(1_800_000);
    expect(result.restorationBlocked).toBeNull();
    expect(result.costsPayable).toBe(1_800_000);
    expect(result.totalPayable).toBe(26_800_000);
    expect(result.totalPayable).toBe(WORKED_EXAMPLE_1.totalPayable);
  });

  it('explains it step by step in Japanese and English', () => {
    expect(ja(result)).toEqual([
      '① 費用の発生額: ¥0',
      '② 費用保険金: ¥0 < 費用総支払限度額 ¥30,000,000 → ¥0',
      '③ 賠償責任: 損害賠償金 ¥25,000,000 − 免責金額 ¥0 = ¥25,000,000、争訟費用 ¥0 を加えて ¥25,000,000 < 賠償責任支払限度額 ¥100,000,000 → ¥25,000,000',
      '④ 情報システム等復旧費用: ¥2,000,000 × 90%（縮小支払割合）= ¥1,800,000。限度額は 特約の支払限度額の残り ¥3,000,000 と 費用総支払限度額の残り ¥30,000,000 の低い方 = ¥3,000,000。¥1,800,000 < ¥3,000,000 → ¥1,800,000',
      '⑤ 支払保険金の合計: ¥25,000,000 + ¥1,800,000 = ¥26,800,000',
    ]);
    expect(ja(result).join('\n')).toContain('¥2,000,000 × 90%（縮小支払割合）= ¥1,800,000');
    expect(en(result).at(-1)).toBe('5. Total payable: ¥25,000,000 + ¥1,800,000 = ¥26,800,000');
  });
});

describe('worked example 2 (leak by a data-entry contractor)', () => {
  const lines = WORKED_EXAMPLE_2.lines.map(fromExample);
  const result = pay(WORKED_EXAMPLE_2.policy, lines, { personsAffected: WORKED_EXAMPLE_2.incident.personsAffected });

  it('caps ¥43,000,000 of expenses at ¥30,000,000 and adds ¥23,000,000 of liability: ¥53,000,000', () => {
    expect(result.expenseIncurred).toBe(43_000_000);
    expect(result.expensePaid).toBe(30_000_000);
    expect(result.costsPayable).toBe(30_000_000);
    expect(result.expenseHeadroom).toBe(0);
    // A's litigation costs passed on to B are damages, not B's own defence costs
    expect(result.damagesIncurred).toBe(23_000_000);
    expect(result.defenceIncurred).toBe(0);
    expect(result.liabilityIncurred).toBe(23_000_000);
    expect(result.liabilityPayable).toBe(23_000_000);
    expect(result.totalPayable).toBe(53_000_000);
    expect(result.totalPayable).toBe(WORKED_EXAMPLE_2.totalPayable);
  });

  it('explains the cap and the total as the source does', () => {
    expect(ja(result)).toEqual([
      '① 費用の発生額: 社告・会見等費用 ¥18,000,000 + 見舞金・見舞品購入費用 ¥25,000,000 = ¥43,000,000',
      '② 費用保険金: ¥43,000,000 > 費用総支払限度額 ¥30,000,000 → ¥30,000,000',
      '③ 賠償責任: 損害賠償金 ¥23,000,000（第三者の争訟費用 ¥10,000,000 は損害賠償金に含めます） − 免責金額 ¥0 = ¥23,000,000、争訟費用 ¥0 を加えて ¥23,000,000 < 賠償責任支払限度額 ¥100,000,000 → ¥23,000,000',
      '④ 支払保険金の合計: ¥23,000,000 + ¥30,000,000 = ¥53,000,000',
    ]);
    expect(en(result).at(-1)).toBe('4. Total payable: ¥23,000,000 + ¥30,000,000 = ¥53,000,000');
  });

  it('pays the same under a ¥500 per-person cap for its 50,000 persons, and under pro-rata defence costs', () => {
    const capped = pay({ ...WORKED_EXAMPLE_2.policy, condolencePerPersonCap: 500 }, lines, { personsAffected: 50_000 });
    expect(capped.totalPayable).toBe(53_000_000);
    expect(ja(capped).join('\n')).not.toContain('上限');
    expect(pay({ ...WORKED_EXAMPLE_2.policy, defenceCosts: 'pro_rata' }, lines).totalPayable).toBe(53_000_000);
  });
});

describe('the policy terms and their defaults (rules §1)', () => {
  it('fills in the defaults: per-claim = the liability limit, within_limit, 90%, min(10% of expenses, ¥5,000,000), no window, nothing prior', () => {
    expect(resolveTerms(terms())).toEqual({
      liabilityLimit: 100_000_000,
      expenseLimit: 30_000_000,
      deductible: 0,
      restorationRider: true,
      condolencePerPersonCap: null,
      liabilityLimitPerClaim: 100_000_000,
      defenceCosts: 'within_limit',
      restorationRatioPercent: 90,
      restorationSublimit: 3_000_000,
      responseWindowDays: null,
      priorExpensePaid: 0,
      priorLiabilityPaid: 0,
      taxTreatment: 'inclusive',
    });
    expect(resolveTerms(terms({ expenseLimit: 100_000_000 })).restorationSublimit).toBe(5_000_000);
    expect(resolveTerms(terms({ expenseLimit: 50_000_000 })).restorationSublimit).toBe(5_000_000);
    // 10% of ¥33,333,339 is ¥3,333,333.9: rounded down
    expect(resolveTerms(terms({ expenseLimit: 33_333_339 })).restorationSublimit).toBe(3_333_333);
  });

  it('keeps a per-claim limit and a sub-limit inside the limits they belong to', () => {
    expect(resolveTerms(terms({ liabilityLimitPerClaim: 200_000_000 })).liabilityLimitPerClaim).toBe(100_000_000);
    expect(resolveTerms(terms({ liabilityLimitPerClaim: null })).liabilityLimitPerClaim).toBe(100_000_000);
    expect(resolveTerms(terms({ restorationSublimit: 40_000_000 })).restorationSublimit).toBe(30_000_000);
    expect(resolveTerms(terms({ restorationSublimit: null })).restorationSublimit).toBe(3_000_000);
  });
});

describe('the restoration rider (pays only with a main payment, inside the expense aggregate)', () => {
  it('pays ¥0 for ¥2,000,000 of restoration alone, and says why', () => {
    const result = pay(terms(), [line('restoration', 2_000_000)]);
    expect(result.restorationPaid).toBe(0);
    expect(result.restorationBlocked).toBe('no_main_payment');
    expect(result.totalPayable).toBe(0);
    expect(counted(result, 'restoration')).toEqual({ category: 'restoration', incurred: 2_000_000, counted: 0 });
    expect(ja(result)).toContain(
      '④ 情報システム等復旧費用 ¥2,000,000: 同じ事由で賠償責任保険金または費用保険金が支払われないため、特約からは支払われません → ¥0',
    );
    expect(en(result)).toContain(
      '4. System and data restoration ¥2,000,000: the rider pays only when a liability or expense payment is made for the same cause; none is, so ¥0',
    );
  });

  it('pays once one yen of expense is paid for the same incident', () => {
    const result = pay(terms(), [line('restoration', 2_000_000), line('investigation', 1)]);
    expect(result.restorationBlocked).toBeNull();
    expect(result.restorationPaid).toBe(1_800_000);
    expect(result.costsPayable).toBe(1_800_001);
    expect(result.totalPayable).toBe(1_800_001);
  });

  it('pays once one yen of liability is paid, but not when the deductible swallows the damages', () => {
    expect(pay(terms(), [line('restoration', 2_000_000), line('damages', 1)]).restorationPaid).toBe(1_800_000);
    const underDeductible = pay(terms({ deductible: 1_000_000 }), [line('restoration', 2_000_000), line('damages', 1_000_000)]);
    expect(underDeductible.liabilityPayable).toBe(0);
    expect(underDeductible.restorationBlocked).toBe('no_main_payment');
    expect(underDeductible.restorationPaid).toBe(0);
  });

  it('counts only a main payment on the same basis: an estimate turns the rider on in the projection only', () => {
    const lines = [line('restoration', 2_000_000), line('investigation', 100_000, 'estimate')];
    expect(pay(terms(), lines).restorationPaid).toBe(0);
    expect(pay(terms(), lines, { basis: 'projected' }).restorationPaid).toBe(1_800_000);
  });

  it('pays no restoration without the rider, but still shows what was incurred', () => {
    const result = pay(terms({ restorationRider: false }), [line('restoration', 2_000_000), line('investigation', 1_000_000)]);
    expect(result.restorationPaid).toBe(0);
    expect(result.restorationBlocked).toBe('no_rider');
    expect(counted(result, 'restoration')).toEqual({ category: 'restoration', incurred: 2_000_000, counted: 0 });
    expect(ja(result).join('\n')).toContain('特約がないため ¥0');
    expect(en(result)).toContain('4. System and data restoration ¥2,000,000: no restoration rider, so ¥0');
  });

  it('takes the payment ratio from the policy (縮小支払割合)', () => {
    const half = pay(terms({ restorationRatioPercent: 50 }), [line('restoration', 2_000_000), line('investigation', 1)]);
    expect(half.restorationBase).toBe(1_000_000);
    expect(half.restorationPaid).toBe(1_000_000);
    expect(ja(half).join('\n')).toContain('¥2,000,000 × 50%（縮小支払割合）= ¥1,000,000');
    const full = pay(terms({ restorationRatioPercent: 100 }), [line('restoration', 2_000_000), line('investigation', 1)]);
    expect(full.restorationPaid).toBe(2_000_000);
  });

  it('rounds a fraction of a yen of the ratio down', () => {
    const result = pay(terms(), [line('restoration', 1_111_111), line('investigation', 1)]);
    expect(result.restorationBase).toBe(999_999); // 999,999.9
    expect(result.restorationPaid).toBe(999_999);
    expect(pay(terms({ restorationRatioPercent: 33 }), [line('restoration', 100), line('investigation', 1)]).restorationPaid).toBe(33);
    expect(pay(terms({ restorationRatioPercent: 1 }), [line('restoration', 99), line('investigation', 1)]).restorationPaid).toBe(0);
  });

  it('caps restoration at 10% of the expense limit when that is below ¥5,000,000', () => {
    const result = pay(terms({ expenseLimit: 30_000_000 }), [line('restoration', 10_000_000), line('investigation', 1)]);
    expect(result.restorationBase).toBe(9_000_000);
    expect(result.restorationCap).toBe(3_000_000);
    expect(result.restorationPaid).toBe(3_000_000);
  });

  it('caps restoration at ¥5,000,000 when 10% of the expense limit is more', () => {
    const result = pay(terms({ expenseLimit: 100_000_000 }), [line('restoration', 10_000_000), line('investigation', 1)]);
    expect(result.restorationCap).toBe(5_000_000);
    expect(result.restorationPaid).toBe(5_000_000);
  });

  it('takes the sub-limit from the policy when it states one', () => {
    const result = pay(terms({ restorationSublimit: 1_500_000 }), [line('restoration', 2_000_000), line('investigation', 1)]);
    expect(result.restorationSublimitLeft).toBe(1_500_000);
    expect(result.restorationPaid).toBe(1_500_000);
    expect(ja(result).join('\n')).toContain('¥1,800,000 > ¥1,500,000 → ¥1,500,000');
  });

  it('pays only what earlier incidents of the period left of the sub-limit', () => {
    const earlier: LimitUse = { expense: 2_000_000, restoration: 2_000_000, liability: 0 };
    const result = pay(terms(), [line('restoration', 2_000_000), line('investigation', 1)], { usedByEarlierIncidents: earlier });
    expect(result.restorationSublimitLeft).toBe(1_000_000);
    expect(result.restorationCap).toBe(1_000_000);
    expect(result.restorationPaid).toBe(1_000_000);
    expect(ja(result).join('\n')).toContain('特約の支払限度額の残り ¥1,000,000 と 費用総支払限度額の残り ¥27,999,999 の低い方 = ¥1,000,000');
    const used = pay(terms(), [line('restoration', 2_000_000), line('investigation', 1)], {
      usedByEarlierIncidents: { expense: 3_000_000, restoration: 3_000_000, liability: 0 },
    });
    expect(used.restorationPaid).toBe(0);
  });

  it('keeps the rider inside what the expense aggregate leaves (a sub-limit, not an addition)', () => {
    const result = pay(terms(), [line('investigation', 29_000_000), line('restoration', 2_000_000)]);
    expect(result.expensePaid).toBe(29_000_000);
    expect(result.restorationCap).toBe(1_000_000);
    expect(result.restorationPaid).toBe(1_000_000);
    expect(result.costsPayable).toBe(30_000_000);
    expect(result.expenseLeft).toBe(0);
    expect(ja(result).join('\n')).toContain('費用総支払限度額の残り ¥1,000,000 の低い方 = ¥1,000,000。¥1,800,000 > ¥1,000,000 → ¥1,000,000');
    const full = pay(terms(), [line('investigation', 30_000_000), line('restoration', 2_000_000)]);
    expect(full.restorationBlocked).toBeNull();
    expect(full.restorationPaid).toBe(0);
    expect(full.costsPayable).toBe(30_000_000);
  });

  it('keeps the rider inside what prior claims left of the expense aggregate', () => {
    const result = pay(terms({ priorExpensePaid: 28_000_000 }), [line('investigation', 1_000_000), line('restoration', 2_000_000)]);
    expect(result.expensePaid).toBe(1_000_000);
    expect(result.restorationPaid).toBe(1_000_000);
    expect(result.costsPayable).toBe(2_000_000);
    expect(result.expenseLeft).toBe(0);
  });
});

describe('the deductible (per claim, off damages only)', () => {
  it('pays ¥700,000 of defence costs under a ¥1,000,000 deductible and ¥500,000 of damages, under both rules', () => {
    const lines = [line('damages', 500_000), line('litigation', 700_000)];
    const within = pay(terms({ deductible: 1_000_000 }), lines);
    expect(within.damagesAfterDeductible).toBe(0);
    expect(within.damagesPaid).toBe(0);
    expect(within.defencePaid).toBe(700_000);
    expect(within.liabilityPayable).toBe(700_000);
    expect(ja(within)).toContain(
      '③ 賠償責任: 損害賠償金 ¥500,000 − 免責金額 ¥1,000,000 = ¥0、争訟費用 ¥700,000 を加えて ¥700,000 < 賠償責任支払限度額 ¥100,000,000 → ¥700,000',
    );
    const proRata = pay(terms({ deductible: 1_000_000, defenceCosts: 'pro_rata' }), lines);
    expect(proRata.liabilityPayable).toBe(700_000);
    expect(proRata.totalPayable).toBe(700_000);
    expect(ja(proRata)).toContain(
      '③ 賠償責任: 損害賠償金 ¥500,000 − 免責金額 ¥1,000,000 = ¥0 < 賠償責任支払限度額 ¥100,000,000 → ¥0。争訟費用 ¥700,000: 損害賠償金が限度額以内のため全額 ¥700,000（限度額の外枠）。合計 ¥700,000',
    );
  });

  it('pays the defence costs even when the deductible exceeds the damages', () => {
    const result = pay(terms({ deductible: 5_000_000 }), [line('damages', 3_000_000), line('litigation', 1_000_000)]);
    expect(result.damagesAfterDeductible).toBe(0);
    expect(result.liabilityAfterDeductible).toBe(1_000_000);
    expect(result.liabilityPayable).toBe(1_000_000);
  });

  it('applies the deductible to the liability part only', () => {
    const result = pay(terms({ deductible: 1_000_000 }), [line('damages', 3_000_000), line('public_notice', 2_000_000)]);
    expect(result.liabilityPayable).toBe(2_000_000);
    expect(result.costsPayable).toBe(2_000_000);
    expect(result.totalPayable).toBe(4_000_000);
  });

  it("counts a third party's litigation costs as damages: the deductible applies to them", () => {
    const passedOn = pay(terms({ deductible: 1_000_000 }), [thirdParty('litigation', 700_000)]);
    expect(passedOn.damagesIncurred).toBe(700_000);
    expect(passedOn.defenceIncurred).toBe(0);
    expect(passedOn.liabilityPayable).toBe(0);
    expect(ja(passedOn).join('\n')).toContain('損害賠償金 ¥700,000（第三者の争訟費用 ¥700,000 は損害賠償金に含めます） − 免責金額 ¥1,000,000 = ¥0');
    expect(en(passedOn).join('\n')).toContain(
      "damages ¥700,000 (a third party's litigation costs of ¥700,000 count as damages) less the deductible ¥1,000,000 = ¥0",
    );
    const own = pay(terms({ deductible: 1_000_000 }), [line('litigation', 700_000)]);
    expect(own.defenceIncurred).toBe(700_000);
    expect(own.liabilityPayable).toBe(700_000);
  });
});

describe('defence costs: within_limit or pro_rata', () => {
  const limit100m = terms({ liabilityLimit: 100_000_000 });

  it('within_limit: damages and defence costs share the limit', () => {
    const result = pay(limit100m, [line('damages', 90_000_000), line('litigation', 30_000_000)]);
    expect(result.damagesPaid).toBe(90_000_000);
    expect(result.defencePaid).toBe(10_000_000);
    expect(result.liabilityPayable).toBe(100_000_000);
    expect(result.liabilityUsed).toBe(100_000_000);
    expect(result.liabilityHeadroom).toBe(0);
  });

  it('caps the liability side at the liability limit', () => {
    const result = pay(limit100m, [line('damages', 150_000_000)]);
    expect(result.liabilityPayable).toBe(100_000_000);
    expect(result.liabilityHeadroom).toBe(0);
  });

  it('pro_rata with damages within the limit: defence costs in full on top of it', () => {
    const policy = { ...limit100m, defenceCosts: 'pro_rata' as const };
    const result = pay(policy, [line('damages', 90_000_000), line('litigation', 30_000_000)]);
    expect(result.damagesPaid).toBe(90_000_000);
    expect(result.defencePaid).toBe(30_000_000);
    expect(result.liabilityPayable).toBe(120_000_000);
    expect(result.liabilityUsed).toBe(90_000_000);
    expect(result.liabilityLeft).toBe(10_000_000);
    expect(en(result)).toContain(
      '3. Liability: damages ¥90,000,000 less the deductible ¥0 = ¥90,000,000 < liability limit ¥100,000,000 → ¥90,000,000. Defence costs ¥30,000,000: damages are within the limit, so paid in full, ¥30,000,000, on top of the limit. Together ¥120,000,000',
    );
    // damages exactly at the limit are still within it
    expect(pay(policy, [line('damages', 100_000_000), line('litigation', 30_000_000)]).liabilityPayable).toBe(130_000_000);
  });

  it('pro_rata with damages beyond the limit: ¥100,000,000 + floor(¥30,000,000 × 100,000,000 ÷ 150,000,000) = ¥120,000,000', () => {
    const result = pay({ ...limit100m, defenceCosts: 'pro_rata' }, [line('damages', 150_000_000), line('litigation', 30_000_000)]);
    expect(result.damagesPaid).toBe(100_000_000);
    expect(result.defencePaid).toBe(20_000_000);
    expect(result.liabilityPayable).toBe(120_000_000);
    expect(result.liabilityUsed).toBe(100_000_000);
    expect(result.totalPayable).toBe(120_000_000);
    expect(ja(result)).toContain(
      '③ 賠償責任: 損害賠償金 ¥150,000,000 − 免責金額 ¥0 = ¥150,000,000 > 賠償責任支払限度額 ¥100,000,000 → ¥100,000,000。争訟費用 ¥30,000,000: 損害賠償金が限度額を超えるため ¥30,000,000 × ¥100,000,000 ÷ ¥150,000,000 = ¥20,000,000（限度額の外枠）。合計 ¥120,000,000',
    );
  });

  it('pro_rata rounds the fraction of a yen down', () => {
    const policy = { ...limit100m, defenceCosts: 'pro_rata' as const };
    // 30,000,000 × 100,000,000 ÷ 100,000,001 = 29,999,999.7…
    expect(pay(policy, [line('damages', 100_000_001), line('litigation', 30_000_000)]).defencePaid).toBe(29_999_999);
    // 1,000,000 × 100,000,000 ÷ 300,000,000 = 333,333.3…
    expect(pay(policy, [line('damages', 300_000_000), line('litigation', 1_000_000)]).defencePaid).toBe(333_333);
  });

  it("pro_rata takes the ratio on damages before the deductible, and counts a third party's litigation as damages", () => {
    const policy = { ...limit100m, defenceCosts: 'pro_rata' as const, deductible: 10_000_000 };
    const result = pay(policy, [line('damages', 80_000_000), thirdParty('litigation', 70_000_000), line('litigation', 30_000_000)]);
    expect(result.damagesIncurred).toBe(150_000_000);
    expect(result.damagesAfterDeductible).toBe(140_000_000);
    expect(result.damagesPaid).toBe(100_000_000);
    expect(result.defencePaid).toBe(20_000_000);
    expect(result.liabilityPayable).toBe(120_000_000);
  });

  it("pro_rata: a larger award beyond the limit lowers what is paid for defence (the wording's own arithmetic)", () => {
    const policy = { ...limit100m, defenceCosts: 'pro_rata' as const };
    const smaller = pay(policy, [line('damages', 150_000_000), line('litigation', 30_000_000)]);
    const larger = pay(policy, [line('damages', 300_000_000), line('litigation', 30_000_000)]);
    expect(larger.damagesPaid).toBe(smaller.damagesPaid);
    expect(larger.defencePaid).toBe(10_000_000);
    expect(larger.totalPayable).toBeLessThan(smaller.totalPayable);
  });
});

describe('the liability limits: per claim and what the period has left', () => {
  it('meets a per-claim limit below the aggregate', () => {
    const result = pay(terms({ liabilityLimitPerClaim: 50_000_000 }), [line('damages', 80_000_000)]);
    expect(result.liabilityLimitApplied).toBe(50_000_000);
    expect(result.liabilityPayable).toBe(50_000_000);
    expect(result.liabilityLeft).toBe(50_000_000);
    expect(ja(result)).toContain(
      '③ 賠償責任: 損害賠償金 ¥80,000,000 − 免責金額 ¥0 = ¥80,000,000、争訟費用 ¥0 を加えて ¥80,000,000 > 1請求あたりの限度額 ¥50,000,000 と保険期間の残り ¥100,000,000 の低い方 ¥50,000,000 → ¥50,000,000',
    );
  });

  it('meets what prior claims and earlier incidents left of the aggregate when that is lower', () => {
    const policy = terms({ liabilityLimitPerClaim: 50_000_000, priorLiabilityPaid: 20_000_000 });
    const result = pay(policy, [line('damages', 80_000_000)], { usedByEarlierIncidents: { expense: 0, restoration: 0, liability: 60_000_000 } });
    expect(result.liabilityUsedElsewhere).toBe(80_000_000);
    expect(result.liabilityLimitApplied).toBe(20_000_000);
    expect(result.liabilityPayable).toBe(20_000_000);
    expect(result.liabilityLeft).toBe(0);
    expect(en(result).join('\n')).toContain('the lower of the per-claim limit ¥50,000,000 and the ¥20,000,000 left in the period, ¥20,000,000 → ¥20,000,000');
  });

  it('pays nothing on the liability side once the aggregate is used up, and never a negative figure', () => {
    const result = pay(terms({ priorLiabilityPaid: 100_000_000 }), [line('damages', 5_000_000)], {
      usedByEarlierIncidents: { expense: 0, restoration: 0, liability: 10_000_000 },
    });
    expect(result.liabilityLimitApplied).toBe(0);
    expect(result.liabilityPayable).toBe(0);
    expect(result.liabilityLeft).toBe(0);
  });
});

describe('the expense aggregate (費用総支払限度額) across the period', () => {
  it('pays exactly the expense limit when the expenses hit it exactly', () => {
    const result = pay(terms({ restorationRider: false }), [line('investigation', 30_000_000)]);
    expect(result.costsPayable).toBe(30_000_000);
    expect(result.expenseHeadroom).toBe(0);
    expect(ja(result)).toContain('② 費用保険金: ¥30,000,000 = 費用総支払限度額 ¥30,000,000 → ¥30,000,000');
  });

  it('pays only what prior claims and earlier incidents left', () => {
    const result = pay(terms({ priorExpensePaid: 10_000_000 }), [line('investigation', 25_000_000)], {
      usedByEarlierIncidents: { expense: 15_000_000, restoration: 0, liability: 0 },
    });
    expect(result.expenseUsedElsewhere).toBe(25_000_000);
    expect(result.expensePaid).toBe(5_000_000);
    expect(result.expenseLeft).toBe(0);
    expect(ja(result)).toContain(
      '② 費用保険金: 費用総支払限度額 ¥30,000,000 のうち同じ保険期間の先の事故・既払で ¥25,000,000 使用済み、残り ¥5,000,000。¥25,000,000 > ¥5,000,000 → ¥5,000,000',
    );
    expect(en(result)).toContain(
      '2. Expenses payable: of the expense limit ¥30,000,000, ¥25,000,000 is used by earlier incidents and claims of the period, ¥5,000,000 is left. ¥25,000,000 > ¥5,000,000 → ¥5,000,000',
    );
  });

  it('pays nothing, never a negative figure, when earlier settlements used more than the aggregate', () => {
    const result = pay(terms(), [line('investigation', 1_000_000)], { usedByEarlierIncidents: { expense: 35_000_000, restoration: 0, liability: 0 } });
    expect(result.expensePaid).toBe(0);
    expect(result.expenseLeft).toBe(0);
    expect(result.totalPayable).toBe(0);
  });
});

describe('condolence payments and the per-person cap', () => {
  it('counts ¥300 and ¥500 sent to the same 50,000 persons at ¥500 × 50,000 = ¥25,000,000 of the ¥40,000,000 logged', () => {
    const result = pay(terms({ condolencePerPersonCap: 500 }), [perPerson(50_000, 300), perPerson(50_000, 500)], { personsAffected: 50_000 });
    expect(result.condolenceIncurred).toBe(40_000_000);
    expect(result.condolenceAfterLineCap).toBe(40_000_000);
    expect(result.condolencePersonsLimit).toBe(25_000_000);
    expect(counted(result, 'condolence')).toEqual({ category: 'condolence', incurred: 40_000_000, counted: 25_000_000 });
    expect(result.expenseIncurred).toBe(25_000_000);
    expect(result.condolencePersonsUnknown).toBe(false);
    expect(ja(result)[0]).toBe(
      '見舞金・見舞品購入費用: 1名あたりの上限は本人ごとに全明細を通じて適用 — ¥500 × 50,000 名 = ¥25,000,000。¥40,000,000 > ¥25,000,000 → ¥25,000,000',
    );
    expect(en(result)[0]).toBe(
      'Condolence payments: the per-person cap applies per person across every line — ¥500 × 50,000 persons = ¥25,000,000. ¥40,000,000 > ¥25,000,000 → ¥25,000,000',
    );
  });

  it('applies only the per-line cap when neither persons nor records are known, and says so', () => {
    const result = pay(terms({ condolencePerPersonCap: 500 }), [perPerson(50_000, 300), perPerson(50_000, 500)], { personsAffected: null });
    expect(result.condolencePersonsLimit).toBeNull();
    expect(result.condolencePersonsUnknown).toBe(true);
    expect(result.expenseIncurred).toBe(40_000_000);
    expect(ja(result)).toContain('注意: 本人の数（漏えい件数）が未入力のため、見舞金の1名あたりの上限は明細ごとにしか確認できません。');
    // without a cap there is nothing to check
    expect(pay(terms(), [perPerson(50_000, 300)], { personsAffected: null }).condolencePersonsUnknown).toBe(false);
  });

  it('counts condolence per person at the lower of the amount and the per-person cap', () => {
    const result = pay(terms({ condolencePerPersonCap: 500 }), [perPerson(50_000, 1_000), perPerson(100, 300)]);
    expect(counted(result, 'condolence')).toEqual({ category: 'condolence', incurred: 50_030_000, counted: 25_030_000 });
    expect(result.expenseIncurred).toBe(25_030_000);
    expect(ja(result)[0]).toBe('見舞金・見舞品購入費用: 発生額 ¥50,030,000 に1名あたりの上限 ¥500 を適用 → ¥25,030,000');
  });

  it('flags condolence lump sums whose per-person cap cannot be checked, counting each line summed into a figure', () => {
    const result = pay(terms({ condolencePerPersonCap: 500 }), [line('condolence', 1_000_000)]);
    expect(result.condolenceLumpSums).toBe(1);
    expect(result.expenseIncurred).toBe(1_000_000);
    expect(ja(result)).toContain('注意: 見舞金 1 件が総額で入力されているため、1名あたりの上限を確認できません（人数 × 1名あたりの額で入力してください）。');
    expect(pay(terms({ condolencePerPersonCap: 500 }), [line('condolence', 1_000_000, 'paid', { lineCount: 3 })]).condolenceLumpSums).toBe(3);
    expect(pay(terms(), [line('condolence', 1_000_000)]).condolenceLumpSums).toBe(0);
  });

  it('keeps lump sums inside the cap × persons affected', () => {
    const result = pay(terms({ condolencePerPersonCap: 500 }), [line('condolence', 30_000_000), perPerson(1_000, 500)], { personsAffected: 50_000 });
    expect(result.condolenceAfterLineCap).toBe(30_500_000);
    expect(result.expenseIncurred).toBe(25_000_000);
  });

  it('computes when cap × persons is beyond exact integers (the schemas accept a ¥1,000,000 cap and 10,000,000,000 persons)', () => {
    // ¥1,000,000 × 10,000,000,000 = ¥10^16 > Number.MAX_SAFE_INTEGER: a limit no ledger can reach, so it does not bind.
    const compute = () => pay(terms({ condolencePerPersonCap: 1_000_000 }), [perPerson(1, 500_000)], { personsAffected: 10_000_000_000 });
    expect(compute).not.toThrow();
    expect(compute().expenseIncurred).toBe(500_000);
  });

  it('has no persons limit without a cap, whatever the persons affected', () => {
    const result = pay(terms(), [perPerson(50_000, 300), perPerson(50_000, 500)], { personsAffected: 50_000 });
    expect(result.condolencePersonsLimit).toBeNull();
    expect(result.expenseIncurred).toBe(40_000_000);
  });
});

describe('damages count once fixed by settlement or judgment', () => {
  it('projects a demanded ¥8,000,000 without claiming it, and says so', () => {
    const demanded = [line('damages', 8_000_000, 'demanded')];
    const claimed = pay(terms(), demanded);
    expect(claimed.damagesIncurred).toBe(0);
    expect(claimed.liabilityPayable).toBe(0);
    expect(claimed.demandedDamages).toBe(8_000_000);
    expect(ja(claimed)[0]).toBe('示談・判決で確定していない損害賠償請求 ¥8,000,000 は見込額にだけ含めています。');
    expect(en(claimed)[0]).toBe('Damages demanded but not yet fixed by settlement or judgment (¥8,000,000) count in the projection only');
    const projected = pay(terms(), demanded, { basis: 'projected' });
    expect(projected.liabilityPayable).toBe(8_000_000);
    expect(ja(projected).join('\n')).not.toContain('見込額にだけ');
  });

  it('claims them once agreed, and once paid', () => {
    expect(pay(terms(), [line('damages', 8_000_000, 'agreed')]).liabilityPayable).toBe(8_000_000);
    expect(pay(terms(), [line('damages', 8_000_000, 'paid')]).liabilityPayable).toBe(8_000_000);
  });

  it('projects estimates without claiming them', () => {
    const lines = [line('investigation', 10_000_000, 'paid'), line('investigation', 25_000_000, 'estimate')];
    const claimed = pay(terms(), lines);
    const projected = pay(terms(), lines, { basis: 'projected' });
    expect(claimed.basis).toBe('claimed');
    expect(claimed.costsPayable).toBe(10_000_000);
    expect(claimed.expenseHeadroom).toBe(20_000_000);
    expect(projected.costsPayable).toBe(30_000_000);
    expect(projected.expenseIncurred).toBe(35_000_000);
  });
});

describe('the response window (事故対応期間)', () => {
  const policy = terms({ responseWindowDays: 365 });
  const lines = [
    late('investigation', 5_000_000),
    late('restoration', 2_000_000),
    late('damages', 3_000_000),
    late('litigation', 1_000_000),
    line('public_notice', 1_000_000),
    line('restoration', 1_000_000),
  ];

  it('leaves out expense and restoration costs incurred after it, not damages nor defence costs', () => {
    const result = pay(policy, lines);
    expect(result.excludedAfterWindow).toEqual({ lines: 2, amount: 7_000_000 });
    expect(result.expenseIncurred).toBe(1_000_000);
    expect(result.restorationIncurred).toBe(1_000_000);
    expect(result.restorationPaid).toBe(900_000);
    expect(result.damagesIncurred).toBe(3_000_000);
    expect(result.defenceIncurred).toBe(1_000_000);
    expect(result.liabilityPayable).toBe(4_000_000);
    expect(result.totalPayable).toBe(5_900_000);
    // the ledger still shows what was logged
    expect(counted(result, 'investigation')).toEqual({ category: 'investigation', incurred: 5_000_000, counted: 0 });
    expect(ja(result)[0]).toBe('事故対応期間（発見日から365日、— まで）の後に発生した費用 2 件 ¥7,000,000 は支払の対象外です。');
    expect(explainPayable(result, 'ja', { responseWindowEnd: '2027-05-31' })[0]).toBe(
      '事故対応期間（発見日から365日、2027/05/31 まで）の後に発生した費用 2 件 ¥7,000,000 は支払の対象外です。',
    );
    expect(explainPayable(result, 'en', { responseWindowEnd: '2027-05-31' })[0]).toBe(
      '2 cost line(s) of ¥7,000,000 incurred after the response window (365 days from discovery, to 31 May 2027) are not paid',
    );
  });

  it('counts the ledger lines a summed figure stands for, and only those in a stage that counts', () => {
    const result = pay(policy, [
      late('investigation', 5_000_000),
      { ...late('communications', 600_000), lineCount: 4 },
      line('investigation', 9_000_000, 'estimate', { afterResponseWindow: true }),
    ]);
    expect(result.excludedAfterWindow).toEqual({ lines: 5, amount: 5_600_000 });
    const projected = pay(policy, [late('investigation', 5_000_000), line('investigation', 9_000_000, 'estimate', { afterResponseWindow: true })], {
      basis: 'projected',
    });
    expect(projected.excludedAfterWindow).toEqual({ lines: 2, amount: 14_000_000 });
  });

  it('leaves condolence after the window out of the per-person figures too', () => {
    const result = pay(
      terms({ responseWindowDays: 30, condolencePerPersonCap: 500 }),
      [{ ...perPerson(1_000, 500), afterResponseWindow: true }, perPerson(100, 500)],
      { personsAffected: 1_000 },
    );
    expect(result.condolenceIncurred).toBe(50_000);
    expect(result.expenseIncurred).toBe(50_000);
    expect(result.excludedAfterWindow).toEqual({ lines: 1, amount: 500_000 });
  });
});

describe('uncovered costs and empty ledgers', () => {
  it('tracks uncovered costs and never pays them', () => {
    const result = pay(terms(), [line('uncovered', 7_000_000)]);
    expect(result.uncoveredIncurred).toBe(7_000_000);
    expect(result.totalPayable).toBe(0);
    expect(counted(result, 'uncovered')).toEqual({ category: 'uncovered', incurred: 7_000_000, counted: 0 });
    expect(en(result).at(-1)).toBe('Costs not covered (¥7,000,000) are never paid');
  });

  it('pays nothing on an empty ledger', () => {
    const result = pay(terms(), []);
    expect(result.totalPayable).toBe(0);
    expect(result.expenseHeadroom).toBe(30_000_000);
    expect(result.liabilityHeadroom).toBe(100_000_000);
    expect(result.restorationBlocked).toBeNull();
  });
});
