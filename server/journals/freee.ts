// freee会計's 取引インポート (取引・口座振替のインポート): one deal (取引) per booked line, with its settlement
// (決済) when paid, and one income deal for the insurer's payment. A header row; UTF-8 with a BOM.
// Columns and sources: docs/decisions/023-journal-exports.md.

import type { JournalSettings } from '../../shared/journal-settings.ts';
import { slashDate, type Cell } from './csv.ts';
import type { Journal, JournalEntry, LineBooking } from './entries.ts';
import { freeeTaxCalculation, freeeTaxCode, OUT_OF_SCOPE } from './tax-codes.ts';

/** The header of freee's sample file, word for word (the import matches columns by these names). */
export const FREEE_HEADER = [
  '収支区分',
  '管理番号',
  '発生日',
  '決済期日',
  '取引先コード',
  '取引先',
  '勘定科目',
  '税区分',
  '金額',
  '税計算区分',
  '税額',
  '備考',
  '品目',
  '部門',
  'メモタグ（複数指定可、カンマ区切り）',
  'セグメント1',
  'セグメント2',
  'セグメント3',
  '決済日',
  '決済口座',
  '決済金額',
] as const;

const COLUMN = Object.fromEntries(FREEE_HEADER.map((name, i) => [name, i])) as Record<(typeof FREEE_HEADER)[number], number>;

function row(values: Partial<Record<(typeof FREEE_HEADER)[number], Cell>>): Cell[] {
  const cells: Cell[] = FREEE_HEADER.map(() => '');
  for (const [name, value] of Object.entries(values)) cells[COLUMN[name as (typeof FREEE_HEADER)[number]]] = value;
  return cells;
}

/**
 * A line's deal: 支出 on the day it entered the books, its expense as the first 明細. Income tax withheld from a
 * professional's fee is a second 明細 of −(the tax) on 預り金, as freee books 源泉徴収 inside a deal, so the deal
 * and its settlement come to what the vendor is paid. Unpaid: no 決済 columns (freee keeps it 未決済, 未払金).
 */
function lineDeal(booking: LineBooking, settings: JournalSettings): Cell[][] {
  const { expense, bookedOn, paidOn, withheld } = booking;
  const calculation = freeeTaxCalculation(settings.taxAccounting);
  const rows = [
    row({
      収支区分: '支出',
      管理番号: booking.ref,
      発生日: slashDate(bookedOn),
      勘定科目: expense.account,
      税区分: freeeTaxCode(expense.tax, bookedOn),
      金額: expense.amount,
      税計算区分: calculation,
      税額: expense.tax.taxAmount,
      備考: booking.text,
      ...(paidOn !== null ? { 決済日: slashDate(paidOn), 決済口座: settings.bank, 決済金額: expense.amount - withheld } : {}),
    }),
  ];
  if (withheld > 0)
    rows.push(
      row({ 勘定科目: settings.withholding, 税区分: OUT_OF_SCOPE, 金額: -withheld, 税計算区分: calculation, 税額: 0, 備考: `源泉所得税 ${booking.text}` }),
    );
  return rows;
}

/** The insurer's payment: 収入 on 受取保険金 (不課税: 対象外), settled into the bank the same day. */
function insuranceDeal(entry: JournalEntry, settings: JournalSettings): Cell[] {
  const debit = entry.debits[0];
  if (!debit) throw new Error('an insurance payment entry has no debit line');
  const amount = debit.amount;
  return row({
    収支区分: '収入',
    管理番号: entry.ref,
    発生日: slashDate(entry.date),
    勘定科目: settings.insuranceIncome,
    税区分: OUT_OF_SCOPE,
    金額: amount,
    税計算区分: freeeTaxCalculation(settings.taxAccounting),
    税額: 0,
    備考: entry.text,
    決済日: slashDate(entry.date),
    決済口座: settings.bank,
    決済金額: amount,
  });
}

export function freeeRows(journal: Journal, settings: JournalSettings): Cell[][] {
  const deals = journal.bookings.map((booking) => ({ on: booking.bookedOn, rows: lineDeal(booking, settings) }));
  if (journal.insurance) deals.push({ on: journal.insurance.date, rows: [insuranceDeal(journal.insurance, settings)] });
  // A stable sort: deals of one day keep the ledger's order, the insurance payment after them.
  deals.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  return [[...FREEE_HEADER], ...deals.flatMap((deal) => deal.rows)];
}
