// Each package's words for a posting's consumption tax (税区分), from the line's tax category, whether the
// vendor's qualified invoice is on the line, and the entry's day (the invoice system's transitional rules).
// The wording and its sources: docs/decisions/023-journal-exports.md.

import type { TaxAccountingMethod } from '../../shared/journal-settings.ts';
import type { PostingTax } from './entries.ts';

/**
 * How much of the input tax may be deducted (インボイス制度, 平成28年改正法附則 第52条・第53条): all of it with a
 * qualified invoice; without one, 80% until 2026-09-30, 50% until 2029-09-30, none after. Before the
 * invoice system (2023-10-01) every invoice counted in full and the packages add no mark.
 */
export type Deduction = 'before_invoices' | 'qualified' | 'transitional_80' | 'transitional_50' | 'none';

export const INVOICE_SYSTEM_START = '2023-10-01';
export const TRANSITIONAL_80_END = '2026-09-30';
export const TRANSITIONAL_50_END = '2029-09-30';

export function deductionOn(date: string, qualified: boolean): Deduction {
  if (date < INVOICE_SYSTEM_START) return 'before_invoices';
  if (qualified) return 'qualified';
  if (date <= TRANSITIONAL_80_END) return 'transitional_80';
  if (date <= TRANSITIONAL_50_END) return 'transitional_50';
  return 'none';
}

/** Not subject to, or outside, consumption tax: the word is the same in the three packages. */
export const OUT_OF_SCOPE = '対象外';

/** freee: 課対仕入10% / 課対仕入8%(軽), with (控80) (控50) (控不) for purchases without a qualified invoice. */
export function freeeTaxCode(tax: PostingTax | null, date: string): string {
  if (tax === null) return OUT_OF_SCOPE;
  if (tax.category === 'exempt') return '非課仕入';
  if (tax.category !== 'taxable_10' && tax.category !== 'taxable_8') return OUT_OF_SCOPE;
  const rate = tax.category === 'taxable_10' ? '10%' : '8%(軽)';
  const mark = { before_invoices: '', qualified: '', transitional_80: '(控80)', transitional_50: '(控50)', none: '(控不)' }[deductionOn(date, tax.qualified)];
  return `課対仕入${mark}${rate}`;
}

/** freee's 税計算区分: 内税 (the amount includes the tax) for 税抜経理, 税込 for 税込経理. */
export const freeeTaxCalculation = (method: TaxAccountingMethod) => (method === 'exclusive' ? '内税' : '税込');

/** Money Forward: the 税区分 and, in its own column, the invoice mark (適格, 80%控除, 50%控除, 控除不可). */
export function moneyForwardTax(tax: PostingTax | null, date: string): { code: string; invoice: string } {
  if (tax === null) return { code: OUT_OF_SCOPE, invoice: '' };
  if (tax.category === 'exempt') return { code: '非課税仕入', invoice: '' };
  if (tax.category !== 'taxable_10' && tax.category !== 'taxable_8') return { code: OUT_OF_SCOPE, invoice: '' };
  const code = tax.category === 'taxable_10' ? '課税仕入 10%' : '課税仕入 (軽)8%';
  const invoice = { before_invoices: '', qualified: '適格', transitional_80: '80%控除', transitional_50: '50%控除', none: '控除不可' }[
    deductionOn(date, tax.qualified)
  ];
  return { code, invoice };
}

/**
 * 弥生: 課対仕入 + 経理方式 (内: 税抜経理の内税, 込: 税込経理) + rate (10%, 軽減8%) + 請求書区分 (適格, 区分80%,
 * 区分50%, 控不), e.g. 課対仕入内10%適格, 課対仕入込軽減8%区分80%.
 */
export function yayoiTaxCode(tax: PostingTax | null, date: string, method: TaxAccountingMethod): string {
  if (tax === null) return OUT_OF_SCOPE;
  if (tax.category === 'exempt') return '非課仕入';
  if (tax.category !== 'taxable_10' && tax.category !== 'taxable_8') return OUT_OF_SCOPE;
  const rate = tax.category === 'taxable_10' ? '10%' : '軽減8%';
  const mark = { before_invoices: '', qualified: '適格', transitional_80: '区分80%', transitional_50: '区分50%', none: '控不' }[
    deductionOn(date, tax.qualified)
  ];
  return `課対仕入${method === 'exclusive' ? '内' : '込'}${rate}${mark}`;
}
