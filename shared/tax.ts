// Consumption tax, qualified invoices and withholding on a cost line (docs/rules.md §3, "Tax"): pure rules
// in integer yen. Every fraction of a yen is rounded down, in money.ts's one place (floorRatio).

import type { CostCategory, CostSource } from './categories.ts';
import { floorRatio } from './money.ts';

/**
 * 課税 10% / 8% (軽減), 非課税 (gift cards and vouchers such as QUO cards), 不課税 (damages, cash 見舞金,
 * wages, a third party's claim), 対象外 (outside consumption tax, e.g. costs abroad).
 */
export const TAX_CATEGORIES = ['taxable_10', 'taxable_8', 'exempt', 'non_taxable', 'out_of_scope'] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];

export const TAX_CATEGORY_LABELS: Record<TaxCategory, { ja: string; en: string }> = {
  taxable_10: { ja: '課税 10%', en: 'Taxable 10%' },
  taxable_8: { ja: '課税 8%(軽減)', en: 'Taxable 8% (reduced)' },
  exempt: { ja: '非課税', en: 'Exempt' },
  non_taxable: { ja: '不課税', en: 'Not subject' },
  out_of_scope: { ja: '対象外', en: 'Out of scope' },
};

/** The rate of a taxable category in percent; 0 for the others. */
export function taxRatePercent(category: TaxCategory): number {
  return category === 'taxable_10' ? 10 : category === 'taxable_8' ? 8 : 0;
}

export const isTaxable = (category: TaxCategory) => taxRatePercent(category) > 0;

/**
 * The tax category a line gets unless the user says otherwise. A third party's claim (求償) is damages, not
 * the price of a service: 不課税. So are damages, cash condolence payments and employees' overtime (wages,
 * entered as hours × rate); everything bought from a vendor is taxed at 10%.
 */
export function defaultTaxCategory(line: { category: CostCategory; source?: CostSource; quantity?: number | null }): TaxCategory {
  if (line.source === 'third_party') return 'non_taxable';
  switch (line.category) {
    case 'damages':
    case 'condolence':
      return 'non_taxable';
    case 'overtime_travel':
      return line.quantity !== null && line.quantity !== undefined ? 'non_taxable' : 'taxable_10';
    default:
      return 'taxable_10';
  }
}

/** The tax contained in a tax-inclusive amount (内税), rounded down: ¥11,000 at 10% holds ¥1,000. */
export function taxContained(gross: number, category: TaxCategory): number {
  const rate = taxRatePercent(category);
  return rate === 0 ? 0 : floorRatio(gross, rate, 100 + rate);
}

/** 適格請求書発行事業者登録番号: `T` and 13 digits, the first a check digit as the 法人番号's. */
export const INVOICE_NUMBER_PATTERN = /^T\d{13}$/;

/**
 * The check digit of a 13-digit number (法人番号の指定等に関する省令 第2条): 9 − (Σ Pn × Qn mod 9) over the
 * other 12 digits counted from the right, Qn = 1 for odd n and 2 for even n. Sole proprietors' registration
 * numbers, which are not 法人番号, use the same check digit (国税庁, 適格請求書発行事業者公表サイト).
 */
export function corporateNumberCheckDigit(twelveDigits: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(twelveDigits[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(thirteenDigits: string): boolean {
  return /^\d{13}$/.test(thirteenDigits) && Number(thirteenDigits[0]) === corporateNumberCheckDigit(thirteenDigits.slice(1));
}

export function isValidInvoiceNumber(text: string): boolean {
  return INVOICE_NUMBER_PATTERN.test(text) && isValidCorporateNumber(text.slice(1));
}

/** Up to this fee the withholding rate is 10.21%; above it, 20.42% on the excess (所得税法 第204条, 復興特別所得税 incl.). */
export const WITHHOLDING_THRESHOLD = 1_000_000;

/**
 * The income tax withheld from a professional's fee paid to an individual (源泉徴収): 10.21% of the fee up
 * to ¥1,000,000 and 20.42% of the part above, rounded down. The base is the fee without consumption tax when
 * the invoice states the tax apart (国税庁 タックスアンサー No.2795 / 消費税の取扱い通達), which the caller passes.
 */
export function withholdingFor(base: number): number {
  if (base <= WITHHOLDING_THRESHOLD) return floorRatio(base, 1021, 10_000);
  return floorRatio(WITHHOLDING_THRESHOLD, 1021, 10_000) + floorRatio(base - WITHHOLDING_THRESHOLD, 2042, 10_000);
}

/** How the insurer treats consumption tax (docs/rules.md §1): gross amounts, or net of recoverable tax. */
export const TAX_TREATMENTS = ['inclusive', 'exclusive'] as const;
export type TaxTreatment = (typeof TAX_TREATMENTS)[number];

/** The company's consumption-tax status: whether it recovers input tax, and how. */
export const TAX_STATUSES = ['standard', 'simplified', 'two_tenths', 'exempt'] as const;
export type TaxStatus = (typeof TAX_STATUSES)[number];

export const TAX_STATUS_LABELS: Record<TaxStatus, { ja: string; en: string }> = {
  standard: { ja: '原則課税', en: 'Standard taxation' },
  simplified: { ja: '簡易課税', en: 'Simplified taxation' },
  two_tenths: { ja: '2割特例', en: '20% special rule' },
  exempt: { ja: '免税事業者', en: 'Tax-exempt business' },
};

/** A taxable business recovers input tax; an insurer may then pay it net (the policy's `exclusive`). */
export const isTaxableBusiness = (status: TaxStatus | null) => status !== null && status !== 'exempt';
