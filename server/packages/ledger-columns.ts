// The columns of ledger.csv and ledger.xlsx, defined once so the two files always agree.

import {
  categoryLabel,
  SOURCE_LABELS,
  STAGE_LABELS,
  type CostCategory,
  type CostSource,
  type CostStage,
  type Locale,
} from '../../shared/categories.ts';

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
  value(line: NumberedLine, locale: Locale): string | number | null;
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
];

/** 1-based positions the XLSX totals need for their formulas. */
export const STAGE_COLUMN = LEDGER_COLUMNS.findIndex((c) => c.header.en === 'Stage') + 1;
export const AMOUNT_COLUMN = LEDGER_COLUMNS.findIndex((c) => c.header.en === 'Amount') + 1;
