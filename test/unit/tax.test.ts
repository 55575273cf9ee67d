// Consumption tax, registration numbers and withholding (shared/tax.ts) at their edges, figures worked by hand.
import { describe, expect, it } from 'vitest';
import { corporateNumberCheckDigit, defaultTaxCategory, isValidCorporateNumber, isValidInvoiceNumber, taxContained, withholdingFor } from '../../shared/tax.ts';

describe('the tax contained in a gross amount, rounded down', () => {
  it.each([
    [11_000, 'taxable_10', 1_000],
    [1_100_000, 'taxable_10', 100_000],
    [1_000, 'taxable_10', 90], // 90.909…
    [109, 'taxable_10', 9], // 9.909…
    [1, 'taxable_10', 0],
    [10_800, 'taxable_8', 800],
    [1_000, 'taxable_8', 74], // 74.07…
    [500_000, 'exempt', 0],
    [25_000_000, 'non_taxable', 0],
    [3_000_000, 'out_of_scope', 0],
    [0, 'taxable_10', 0],
  ] as const)('¥%d at %s holds ¥%d', (gross, category, tax) => {
    expect(taxContained(gross, category)).toBe(tax);
  });

  it('stays exact at the largest amount a line may carry', () => {
    expect(taxContained(100_000_000_000, 'taxable_10')).toBe(9_090_909_090);
  });
});

describe('the default tax category of a line', () => {
  it.each([
    [{ category: 'investigation' }, 'taxable_10'],
    [{ category: 'consulting' }, 'taxable_10'],
    [{ category: 'damages' }, 'non_taxable'],
    [{ category: 'condolence' }, 'non_taxable'],
    [{ category: 'overtime_travel', quantity: 40 }, 'non_taxable'],
    [{ category: 'overtime_travel', quantity: null }, 'taxable_10'],
    [{ category: 'public_notice', source: 'third_party' }, 'non_taxable'],
    [{ category: 'litigation', source: 'insured' }, 'taxable_10'],
  ] as const)('%j → %s', (line, expected) => {
    expect(defaultTaxCategory(line)).toBe(expected);
  });
});

describe('the registration number and the 法人番号 check digit', () => {
  it('computes the check digit as the ministerial order does (国税庁 7000012050002)', () => {
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    expect(isValidCorporateNumber('7000012050002')).toBe(true);
  });

  it.each(['T7000012050002', 'T1010001000006'])('accepts %s', (number) => {
    expect(isValidInvoiceNumber(number)).toBe(true);
  });

  it.each([
    ['T8000012050002', 'a wrong check digit'],
    ['T700001205000', '12 digits'],
    ['T70000120500021', '14 digits'],
    ['7000012050002', 'no T'],
    ['T700001205000A', 'a letter'],
    ['t7000012050002', 'a lower-case t (the schema folds it before checking)'],
  ])('refuses %s (%s)', (number) => {
    expect(isValidInvoiceNumber(number)).toBe(false);
  });
});

describe('withholding on a professional fee (10.21%, 20.42% above ¥1,000,000)', () => {
  it.each([
    [0, 0],
    [100_000, 10_210],
    [99_999, 10_209], // 10,209.89…
    [999_999, 102_099], // 102,099.89…
    [1_000_000, 102_100],
    [1_000_001, 102_100], // + 0.2042
    [1_000_005, 102_101], // + 1.021
    [1_500_000, 204_200],
    [3_000_000, 510_500],
  ])('¥%d withholds ¥%d', (base, withheld) => {
    expect(withholdingFor(base)).toBe(withheld);
  });
});
