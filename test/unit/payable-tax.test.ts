// The payable under both tax treatments (docs/rules.md §3 "Tax treatment"), figures worked by hand.
import { describe, expect, it } from 'vitest';
import { explainPayable } from '../../shared/explain.ts';
import { computePayable, type CostLineFigures, type PolicyTerms } from '../../shared/payable.ts';

const terms = (taxTreatment: 'inclusive' | 'exclusive', overrides: Partial<PolicyTerms> = {}): PolicyTerms => ({
  liabilityLimit: 100_000_000,
  expenseLimit: 30_000_000,
  deductible: 0,
  restorationRider: true,
  condolencePerPersonCap: null,
  taxTreatment,
  ...overrides,
});

const line = (fields: Partial<CostLineFigures> & Pick<CostLineFigures, 'category' | 'amount'>): CostLineFigures => ({
  stage: fields.category === 'damages' ? 'agreed' : 'invoiced',
  quantity: null,
  unitAmount: null,
  taxAmount: 0,
  ...fields,
});

const ledger = [
  line({ category: 'investigation', amount: 1_100_000, taxAmount: 100_000 }),
  line({ category: 'public_notice', amount: 2_200_000, taxAmount: 200_000 }),
  line({ category: 'condolence', amount: 500_000, quantity: 1_000, unitAmount: 500 }),
  line({ category: 'restoration', amount: 3_300_000, taxAmount: 300_000 }),
  line({ category: 'damages', amount: 4_000_000 }),
];

describe('the tax treatment', () => {
  it('inclusive counts the gross amounts', () => {
    const r = computePayable({ terms: terms('inclusive'), lines: ledger });
    expect(r).toMatchObject({
      expenseIncurred: 3_800_000,
      restorationBase: 2_970_000,
      restorationPaid: 2_970_000,
      liabilityPayable: 4_000_000,
      taxContained: 600_000,
    });
    expect(r.totalPayable).toBe(3_800_000 + 2_970_000 + 4_000_000);
  });

  it('exclusive counts the net amounts: ¥3,000,000 + ¥500,000 of expenses, ¥3,000,000 × 90% of restoration', () => {
    const r = computePayable({ terms: terms('exclusive'), lines: ledger });
    expect(r).toMatchObject({ expenseIncurred: 3_500_000, restorationBase: 2_700_000, restorationPaid: 2_700_000, liabilityPayable: 4_000_000 });
    expect(r.totalPayable).toBe(10_200_000);
    expect(explainPayable(r, 'ja')[0]).toContain('明細の消費税 ¥600,000 を除いた金額で計算しています');
  });

  it('net of tax, a capped per-person line keeps its proportion of net to gross, rounded down', () => {
    // 1,000 gift sets at ¥1,100 with ¥100 tax each, capped at ¥500 per person: ¥500,000 gross → × 1,000,000 / 1,100,000.
    const gifts = line({ category: 'condolence', amount: 1_100_000, taxAmount: 100_000, quantity: 1_000, unitAmount: 1_100 });
    const capped = { condolencePerPersonCap: 500 };
    expect(computePayable({ terms: terms('inclusive', capped), lines: [gifts] }).expenseIncurred).toBe(500_000);
    expect(computePayable({ terms: terms('exclusive', capped), lines: [gifts] }).expenseIncurred).toBe(454_545);
  });

  it('changes nothing where the lines carry no tax (the source’s worked examples)', () => {
    const untaxed = [line({ category: 'public_notice', amount: 18_000_000 }), line({ category: 'damages', amount: 23_000_000 })];
    const inclusive = computePayable({ terms: terms('inclusive'), lines: untaxed });
    const exclusive = computePayable({ terms: terms('exclusive'), lines: untaxed });
    expect(exclusive.totalPayable).toBe(inclusive.totalPayable);
    expect(explainPayable(exclusive, 'ja')[0]).not.toContain('消費税');
  });
});
