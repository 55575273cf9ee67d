// The cost form's tax, invoice and withholding fields as a draft (docs/rules.md §3 "Tax"): what the user
// typed or picked, and the figures that follow from the line's gross amount until the user overrides them.
import type { CostCategory, CostSource } from '../../../shared/categories.ts';
import { parseYen } from '../../../shared/money.ts';
import {
  defaultTaxCategory,
  INVOICE_NUMBER_PATTERN,
  isTaxable,
  isValidInvoiceNumber,
  taxContained,
  withholdingFor,
  type TaxCategory,
} from '../../../shared/tax.ts';

/**
 * Where a fee is often paid to an individual professional (a lawyer, a tax accountant, a forensic
 * examiner working alone), so income tax may have to be withheld: the form offers the checkbox there.
 */
export const WITHHOLDING_CATEGORIES: readonly CostCategory[] = ['investigation', 'consulting', 'litigation'];

/**
 * Categories whose tax is worth a look before saving, so the form opens its tax section for them:
 * a lawyer's fee (withholding), a condolence (a QUO card is 非課税, cash 不課税: the default is not always right).
 * The responder's usual lines (investigation, overtime, notices) keep the form short.
 */
export const TAX_SUGGESTING_CATEGORIES: readonly CostCategory[] = ['consulting', 'litigation', 'condolence'];

export interface TaxDraft {
  /** The tax category the user picked; null while it follows the line's category (defaultTaxCategory). */
  chosenCategory: TaxCategory | null;
  /** The tax as typed (the invoice's own figure); null while it is the tax contained in the gross. */
  taxText: string | null;
  invoiceNumber: string;
  withholding: boolean;
  /** The income tax withheld as typed; null while it is withholdingFor(the fee net of tax). */
  withheldText: string | null;
}

export const EMPTY_TAX_DRAFT: TaxDraft = { chosenCategory: null, taxText: null, invoiceNumber: '', withholding: false, withheldText: null };

interface SavedTax {
  category: CostCategory;
  source: CostSource;
  quantity: number | null;
  amount: number;
  taxCategory?: TaxCategory | null;
  taxAmount?: number | null;
  invoiceNumber?: string | null;
  withholdingTax?: number | null;
}

/** A saved line as a draft: a value equal to what would be computed stays "computed", so it follows edits. */
export function taxDraftOf(line: SavedTax | undefined): TaxDraft {
  // A line from before taxes were kept (the database fills them in when it opens) follows its category.
  if (!line || line.taxCategory === undefined || line.taxCategory === null) return EMPTY_TAX_DRAFT;
  const taxCategory = line.taxCategory;
  const taxAmount = line.taxAmount ?? taxContained(line.amount, taxCategory);
  const withheld = line.withholdingTax ?? null;
  return {
    chosenCategory: taxCategory === defaultTaxCategory(line) ? null : taxCategory,
    taxText: taxAmount === taxContained(line.amount, taxCategory) ? null : String(taxAmount),
    invoiceNumber: line.invoiceNumber ?? '',
    withholding: withheld !== null,
    withheldText: withheld === null || withheld === withholdingFor(line.amount - taxAmount) ? null : String(withheld),
  };
}

/** Whether a saved line's tax is anything but what its category gives: then the edit form shows it open. */
export function hasOwnTax(draft: TaxDraft): boolean {
  return draft.chosenCategory !== null || draft.taxText !== null || draft.invoiceNumber !== '' || draft.withholding;
}

export interface TaxFigures {
  taxCategory: TaxCategory;
  taxable: boolean;
  /** null while the gross or the typed tax cannot be read. */
  tax: number | null;
  net: number | null;
  withheld: number | null;
  /** What the bank pays: gross − withheld. */
  netPaid: number | null;
  /** The fee the withholding is computed on (net of tax). */
  withholdingBase: number | null;
}

/** The figures the form shows and sends, from the draft and the line's gross (null while unreadable). */
export function taxFigures(draft: TaxDraft, line: { category: CostCategory; source: CostSource; quantityMode: boolean; gross: number | null }): TaxFigures {
  const taxCategory = draft.chosenCategory ?? defaultTaxCategory({ category: line.category, source: line.source, quantity: line.quantityMode ? 1 : null });
  const taxable = isTaxable(taxCategory);
  const typed = (text: string | null) => {
    if (text === null) return undefined;
    const parsed = parseYen(text);
    return parsed.ok ? parsed.value : null;
  };
  const gross = line.gross;
  const typedTax = taxable ? typed(draft.taxText) : undefined;
  const tax = !taxable ? 0 : typedTax === null ? null : (typedTax ?? (gross === null ? null : taxContained(gross, taxCategory)));
  const net = gross !== null && tax !== null ? gross - tax : null;
  const typedWithheld = draft.withholding ? typed(draft.withheldText) : undefined;
  const withheld = !draft.withholding ? null : typedWithheld === null ? null : (typedWithheld ?? (net === null ? null : withholdingFor(Math.max(net, 0))));
  return {
    taxCategory,
    taxable,
    tax,
    net,
    withheld,
    netPaid: gross !== null ? gross - (withheld ?? 0) : null,
    withholdingBase: net,
  };
}

/** The registration number as the server reads it: full width folded, upper case, spaces and hyphens dropped. */
export const normaliseInvoiceNumber = (text: string) => text.trim().normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');

/** Why a typed registration number would be refused (the same two checks as the server), or null. */
export function invoiceNumberProblem(text: string): 'format' | 'checkDigit' | null {
  const value = normaliseInvoiceNumber(text);
  if (value === '') return null;
  if (!INVOICE_NUMBER_PATTERN.test(value)) return 'format';
  return isValidInvoiceNumber(value) ? null : 'checkDigit';
}
