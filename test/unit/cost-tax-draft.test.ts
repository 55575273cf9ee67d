// The cost form's tax draft (client/src/components/cost-tax.ts): figures that follow the gross until the user
// types their own, a saved line read back as the same draft, and the registration number checked as the server does.
import { describe, expect, it } from 'vitest';
import { EMPTY_TAX_DRAFT, hasOwnTax, invoiceNumberProblem, taxDraftOf, taxFigures } from '../../client/src/components/cost-tax.ts';

const lawyer = { category: 'consulting', source: 'insured', quantityMode: false, gross: 1_650_000 } as const;

describe('the cost form’s tax figures', () => {
  it('a lawyer’s fee: ¥150,000 tax inside ¥1,650,000, ¥204,200 withheld on ¥1,500,000, ¥1,445,800 paid', () => {
    const figures = taxFigures({ ...EMPTY_TAX_DRAFT, withholding: true }, lawyer);
    expect(figures).toMatchObject({ taxCategory: 'taxable_10', tax: 150_000, net: 1_500_000, withheld: 204_200, netPaid: 1_445_800 });
  });

  it('follows the category until one is picked: overtime as hours × rate is wages, 不課税', () => {
    expect(taxFigures(EMPTY_TAX_DRAFT, { category: 'overtime_travel', source: 'insured', quantityMode: true, gross: 50_000 }).taxCategory).toBe('non_taxable');
    expect(taxFigures(EMPTY_TAX_DRAFT, { category: 'overtime_travel', source: 'insured', quantityMode: false, gross: 50_000 }).taxCategory).toBe('taxable_10');
    expect(taxFigures({ ...EMPTY_TAX_DRAFT, chosenCategory: 'exempt' }, { ...lawyer, category: 'condolence' })).toMatchObject({
      taxCategory: 'exempt',
      tax: 0,
      net: 1_650_000,
    });
  });

  it('takes the invoice’s own tax and withholding as typed; an unreadable one is null (the form will not send it)', () => {
    const typed = taxFigures({ ...EMPTY_TAX_DRAFT, taxText: '149,999', withholding: true, withheldText: '200000' }, lawyer);
    expect(typed).toMatchObject({ tax: 149_999, net: 1_500_001, withheld: 200_000, netPaid: 1_450_000 });
    expect(taxFigures({ ...EMPTY_TAX_DRAFT, taxText: '15万円x' }, lawyer).tax).toBeNull();
    // A category without consumption tax carries none, whatever was typed before.
    expect(taxFigures({ ...EMPTY_TAX_DRAFT, chosenCategory: 'non_taxable', taxText: '1000' }, lawyer).tax).toBe(0);
  });

  it('reads a saved line back as the draft it came from', () => {
    const saved = {
      category: 'consulting',
      source: 'insured',
      quantity: null,
      amount: 1_650_000,
      taxCategory: 'taxable_10',
      taxAmount: 150_000,
      invoiceNumber: 'T9234567890123',
      withholdingTax: 204_200,
    } as const;
    const draft = taxDraftOf(saved);
    expect(draft).toEqual({ chosenCategory: null, taxText: null, invoiceNumber: 'T9234567890123', withholding: true, withheldText: null });
    expect(hasOwnTax(draft)).toBe(true);
    const own = taxDraftOf({ ...saved, taxAmount: 149_999, withholdingTax: 200_000, invoiceNumber: null });
    expect(own).toMatchObject({ taxText: '149999', withheldText: '200000', invoiceNumber: '' });
    expect(hasOwnTax(taxDraftOf({ ...saved, invoiceNumber: null, withholdingTax: null }))).toBe(false);
  });
});

describe('the registration number as typed', () => {
  it('is refused for its form or its check digit, and read full width with spaces and hyphens', () => {
    expect(invoiceNumberProblem('')).toBeNull();
    expect(invoiceNumberProblem('T12345')).toBe('format');
    expect(invoiceNumberProblem('T1234567890123')).toBe('checkDigit');
    expect(invoiceNumberProblem('Ｔ９２３４５６７８９０１２３')).toBeNull();
    expect(invoiceNumberProblem('t 9234-5678-90123')).toBeNull();
  });
});
