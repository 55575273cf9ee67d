// 弥生会計's 弥生インポート形式 (仕訳日記帳): 25 columns, no header, Shift_JIS (CP932). A one-line entry is
// 識別フラグ 2000; a compound one is a 振替伝票 of 2110 (first line), 2100 (between) and 2101 (last).
// Columns, lengths and sources: docs/decisions/023-journal-exports.md.

import type { JournalSettings } from '../../shared/journal-settings.ts';
import { cutToBytes, slashDate, type Cell } from './csv.ts';
import { ENTRY_KIND_LABELS, type Journal, type JournalEntry, type Posting } from './entries.ts';
import { yayoiTaxCode } from './tax-codes.ts';

/** The 25 columns in order (the file has no header; tests and the decision note name them). */
export const YAYOI_COLUMNS = [
  '識別フラグ',
  '伝票No',
  '決算',
  '取引日付',
  '借方勘定科目',
  '借方補助科目',
  '借方部門',
  '借方税区分',
  '借方金額',
  '借方税金額',
  '貸方勘定科目',
  '貸方補助科目',
  '貸方部門',
  '貸方税区分',
  '貸方金額',
  '貸方税金額',
  '摘要',
  '番号',
  '期日',
  'タイプ',
  '生成元',
  '仕訳メモ',
  '付箋1',
  '付箋2',
  '調整',
] as const;

/** 摘要 is read up to 64 half-width bytes; 仕訳メモ up to 180 (弥生's import table). */
export const YAYOI_TEXT_BYTES = 64;
export const YAYOI_MEMO_BYTES = 180;
/** 伝票No has 6 digits. */
const MAX_SLIP_NUMBER = 999_999;

function flag(index: number, count: number): string {
  if (count === 1) return '2000';
  return index === 0 ? '2110' : index === count - 1 ? '2101' : '2100';
}

/** 勘定科目, 補助科目, 部門, 税区分, 金額, 税金額; a side without a posting on a compound line: no account, 0. */
function side(posting: Posting | undefined, date: string, settings: JournalSettings): Cell[] {
  if (!posting) return ['', '', '', '', 0, 0];
  return [posting.account, '', '', yayoiTaxCode(posting.tax, date, settings.taxAccounting), posting.amount, posting.tax?.taxAmount ?? 0];
}

function entryRows(entry: JournalEntry, number: number, settings: JournalSettings): Cell[][] {
  const count = Math.max(entry.debits.length, entry.credits.length);
  const text = cutToBytes(entry.text, YAYOI_TEXT_BYTES);
  const memo = cutToBytes(`${entry.ref} ${ENTRY_KIND_LABELS[entry.kind]}`, YAYOI_MEMO_BYTES);
  return Array.from({ length: count }, (_, i) => [
    flag(i, count),
    number <= MAX_SLIP_NUMBER ? number : '',
    '',
    slashDate(entry.date),
    ...side(entry.debits[i], entry.date, settings),
    ...side(entry.credits[i], entry.date, settings),
    text,
    '',
    '',
    // タイプ: 0 for a journal entry (仕訳), 3 for a 振替伝票.
    count === 1 ? 0 : 3,
    '',
    memo,
    0,
    0,
    'no',
  ]);
}

export function yayoiRows(journal: Journal, settings: JournalSettings): Cell[][] {
  return journal.entries.flatMap((entry, i) => entryRows(entry, i + 1, settings));
}
