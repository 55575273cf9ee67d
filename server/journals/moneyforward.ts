// マネーフォワード クラウド会計's 仕訳帳 import: the sample format's 27 columns (A to AA) under its header, one
// row per debit/credit pair; the rows of a compound entry share 取引No and 取引日. Shift_JIS (CP932).
// Columns and sources: docs/decisions/023-journal-exports.md.

import { slashDate, type Cell } from './csv.ts';
import { ENTRY_KIND_LABELS, type Journal, type JournalEntry, type Posting } from './entries.ts';
import { moneyForwardTax } from './tax-codes.ts';

export const MONEYFORWARD_HEADER = [
  '取引No',
  '取引日',
  '借方勘定科目',
  '借方補助科目',
  '借方部門',
  '借方取引先',
  '借方税区分',
  '借方インボイス',
  '借方金額(円)',
  '借方税額',
  '貸方勘定科目',
  '貸方補助科目',
  '貸方部門',
  '貸方取引先',
  '貸方税区分',
  '貸方インボイス',
  '貸方金額(円)',
  '貸方税額',
  '摘要',
  '仕訳メモ',
  'タグ',
  'MF仕訳タイプ',
  '決算整理仕訳',
  '作成日時',
  '作成者',
  '最終更新日時',
  '最終更新者',
] as const;

/** 勘定科目, 補助科目, 部門, 取引先, 税区分, インボイス, 金額, 税額 of one side; all empty where the side has no posting. */
function side(posting: Posting | undefined, date: string): Cell[] {
  if (!posting) return ['', '', '', '', '', '', '', ''];
  const { code, invoice } = moneyForwardTax(posting.tax, date);
  return [posting.account, '', '', '', code, invoice, posting.amount, posting.tax?.taxAmount ?? 0];
}

function entryRows(entry: JournalEntry, number: number): Cell[][] {
  const count = Math.max(entry.debits.length, entry.credits.length);
  const memo = `${entry.ref} ${ENTRY_KIND_LABELS[entry.kind]}`;
  return Array.from({ length: count }, (_, i) => [
    number,
    slashDate(entry.date),
    ...side(entry.debits[i], entry.date),
    ...side(entry.credits[i], entry.date),
    entry.text,
    memo,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ]);
}

export function moneyForwardRows(journal: Journal): Cell[][] {
  return [[...MONEYFORWARD_HEADER], ...journal.entries.flatMap((entry, i) => entryRows(entry, i + 1))];
}
