// The columns of ledger.csv and ledger.xlsx, defined once so the two files always agree.

import { categoryLabel, SOURCE_LABELS, STAGE_LABELS, type CostCategory, type CostSource, type CostStage, type Locale } from '../../shared/categories.ts';
import { needsConsent, REVIEW_DECISION_LABELS, type ReviewDecision } from '../../shared/claim-status.ts';
import { TAX_CATEGORY_LABELS, type TaxCategory } from '../../shared/tax.ts';

/** One cost line as the package reads it from the ledger. */
export interface LedgerLine {
  id: string;
  incurredOn: string;
  category: CostCategory;
  stage: CostStage;
  vendor: string | null;
  description: string | null;
  quantity: number | null;
  unitAmount: number | null;
  amount: number;
  source: CostSource;
  claimant: string | null;
  incurredAbroad: number;
  createdByName: string;
  /** The day the line was invoiced and paid (`YYYY-MM-DD`), when it reached those stages. */
  invoicedOn: string | null;
  paidOn: string | null;
  /** Finance's approval: who (name) and when (UTC ISO); both null while the line is unapproved. */
  approvedByName: string | null;
  approvedAt: string | null;
  /** The insurer's prior written consent (condolence, consulting, defence costs and settlements). */
  consentOn: string | null;
  consentReference: string | null;
  consentGivenBy: string | null;
  /** The broker's latest decision on the line. */
  reviewDecision: ReviewDecision | null;
  /** Consumption tax (docs/rules.md §3, "Tax"): the category, the tax contained in `amount` (the gross). */
  taxCategory: TaxCategory;
  taxAmount: number;
  /** The vendor's qualified-invoice registration number (`T` + 13 digits), and the income tax withheld from the fee. */
  invoiceNumber: string | null;
  withholdingTax: number | null;
}

/** A line as written: its number in the package and the paths of its files inside the ZIP. */
export interface NumberedLine extends LedgerLine {
  number: number;
  files: string[];
}

export type CellKind = 'int' | 'yen' | 'text';

export interface LedgerColumn {
  header: { ja: string; en: string };
  kind: CellKind;
  width: number;
  value: (line: NumberedLine, locale: Locale) => string | number | null;
  /** A cell the reader must not miss (shown in red in the XLSX): missing consent. */
  alert?: (line: NumberedLine) => boolean;
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** A UTC ISO timestamp as Japanese time to the minute: `2026-09-01 19:30 JST`. */
export function jstMinute(iso: string): string {
  const jst = new Date(Date.parse(iso) + JST_OFFSET_MS).toISOString();
  return `${jst.slice(0, 10)} ${jst.slice(11, 16)} JST`;
}

/** The mark of a line needing consent without the insurer's prior consent. */
export const CONSENT_MISSING_MARK = { ja: '未取得', en: 'missing' } as const;

/** A line needing consent with no prior consent recorded (what the summary counts too). */
export function consentMissing(line: Pick<LedgerLine, 'category' | 'consentOn'>): boolean {
  return needsConsent(line.category) && line.consentOn === null;
}

/** `佐藤 花子 / 2026-09-01 19:30 JST`, or empty while the line is unapproved. */
function approvalText(line: LedgerLine): string | null {
  if (line.approvedAt === null) return null;
  return `${line.approvedByName ?? ''} / ${jstMinute(line.approvedAt)}`;
}

/** `2026-06-15 / 損保第123号 / 東京海上 山田`; `未取得` for a line that needs consent and has none. */
function consentText(line: LedgerLine, locale: Locale): string | null {
  if (line.consentOn !== null) return [line.consentOn, line.consentReference ?? '', line.consentGivenBy ?? ''].join(' / ');
  return needsConsent(line.category) ? CONSENT_MISSING_MARK[locale] : null;
}

/** What leaves the bank account once income tax is withheld from the fee; nothing when none is. */
function netPayment(line: LedgerLine): number | null {
  return line.withholdingTax ? line.amount - line.withholdingTax : null;
}

export const LEDGER_COLUMNS: LedgerColumn[] = [
  { header: { ja: 'No.', en: 'No.' }, kind: 'int', width: 7, value: (l) => l.number },
  { header: { ja: '発生日', en: 'Date' }, kind: 'text', width: 12, value: (l) => l.incurredOn },
  { header: { ja: '費用区分', en: 'Category' }, kind: 'text', width: 28, value: (l, locale) => categoryLabel(l.category, locale) },
  { header: { ja: '段階', en: 'Stage' }, kind: 'text', width: 9, value: (l, locale) => STAGE_LABELS[l.stage][locale] },
  { header: { ja: '取引先', en: 'Vendor' }, kind: 'text', width: 24, value: (l) => l.vendor },
  { header: { ja: '内容', en: 'Description' }, kind: 'text', width: 32, value: (l) => l.description },
  { header: { ja: '数量', en: 'Quantity' }, kind: 'int', width: 9, value: (l) => l.quantity },
  { header: { ja: '単価', en: 'Unit amount' }, kind: 'yen', width: 13, value: (l) => l.unitAmount },
  { header: { ja: '金額', en: 'Amount' }, kind: 'yen', width: 15, value: (l) => l.amount },
  { header: { ja: '負担区分', en: 'Source' }, kind: 'text', width: 14, value: (l, locale) => SOURCE_LABELS[l.source][locale] },
  { header: { ja: '請求者', en: 'Claimant' }, kind: 'text', width: 16, value: (l) => l.claimant },
  { header: { ja: '海外', en: 'Abroad' }, kind: 'text', width: 6, value: (l, locale) => (l.incurredAbroad ? (locale === 'ja' ? '○' : 'yes') : '') },
  { header: { ja: '添付ファイル', en: 'Attached files' }, kind: 'text', width: 40, value: (l) => l.files.join(' | ') },
  { header: { ja: '登録者', en: 'Logged by' }, kind: 'text', width: 14, value: (l) => l.createdByName },
  { header: { ja: '費用区分コード', en: 'Category code' }, kind: 'text', width: 16, value: (l) => l.category },
  { header: { ja: '明細ID', en: 'Line id' }, kind: 'text', width: 38, value: (l) => l.id },
  // Issue 4, after the columns earlier packages had, so their positions (and the totals' formulas) stay.
  { header: { ja: '請求日', en: 'Invoiced on' }, kind: 'text', width: 12, value: (l) => l.invoicedOn },
  { header: { ja: '支払日', en: 'Paid on' }, kind: 'text', width: 12, value: (l) => l.paidOn },
  { header: { ja: '経理承認（承認者 / 日時）', en: 'Approved by finance (who / when)' }, kind: 'text', width: 30, value: (l) => approvalText(l) },
  {
    header: { ja: '保険会社の事前同意（同意日 / 文書番号 / 同意者）', en: 'Insurer’s prior consent (date / reference / given by)' },
    kind: 'text',
    width: 40,
    value: (l, locale) => consentText(l, locale),
    alert: consentMissing,
  },
  {
    header: { ja: '代理店の確認', en: 'Broker review' },
    kind: 'text',
    width: 12,
    value: (l, locale) => (l.reviewDecision ? REVIEW_DECISION_LABELS[l.reviewDecision][locale] : null),
    alert: (l) => l.reviewDecision === 'disallow',
  },
  // Issue 16, after every earlier column for the same reason. 税抜 + 税額 = 税込, as an invoice states them per
  // line; 税込 repeats 金額 so the three read side by side, and the totals per tax rate sum under them.
  { header: { ja: '税区分', en: 'Tax category' }, kind: 'text', width: 16, value: (l, locale) => TAX_CATEGORY_LABELS[l.taxCategory][locale] },
  { header: { ja: '税抜', en: 'Net of tax' }, kind: 'yen', width: 15, value: (l) => l.amount - l.taxAmount },
  { header: { ja: '税額', en: 'Consumption tax' }, kind: 'yen', width: 14, value: (l) => l.taxAmount },
  { header: { ja: '税込', en: 'Incl. tax' }, kind: 'yen', width: 15, value: (l) => l.amount },
  { header: { ja: '登録番号', en: 'Registration no.' }, kind: 'text', width: 17, value: (l) => l.invoiceNumber },
  { header: { ja: '源泉徴収税額', en: 'Income tax withheld' }, kind: 'yen', width: 14, value: (l) => l.withholdingTax },
  { header: { ja: '差引支払額', en: 'Net payment' }, kind: 'yen', width: 15, value: netPayment },
];

/** A line's cells in the columns' order: computed once per line for both ledger files. */
export function ledgerValues(line: NumberedLine, locale: Locale): (string | number | null)[] {
  const values = new Array<string | number | null>(LEDGER_COLUMNS.length);
  LEDGER_COLUMNS.forEach((column, i) => (values[i] = column.value(line, locale)));
  return values;
}

/** 1-based positions the XLSX totals need for their formulas. */
const columnOf = (en: string) => LEDGER_COLUMNS.findIndex((c) => c.header.en === en) + 1;
export const STAGE_COLUMN = columnOf('Stage');
export const AMOUNT_COLUMN = columnOf('Amount');
export const TAX_CATEGORY_COLUMN = columnOf('Tax category');
export const NET_COLUMN = columnOf('Net of tax');
export const TAX_COLUMN = columnOf('Consumption tax');
export const GROSS_COLUMN = columnOf('Incl. tax');
export const WITHHOLDING_COLUMN = columnOf('Income tax withheld');
