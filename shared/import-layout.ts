// Where a spreadsheet's header is and what its columns are called (issue 17): title rows, company names and
// a card holder's line above the header, a file with no header at all (弥生's 仕訳日記帳), and a header in two
// rows (金額 over 税込 / 税抜). Pure, so the browser shows the same columns the server reads.
import { parseDateCell, parseSignedYenCell, wordKey } from './import-values.ts';

/** The rows a user can choose the header from, and the rows the upload answers to show that choice. */
export const HEAD_ROWS = 30;

/** Which row holds the column names (0-based index in the file), or null: no header, columns by position. */
export interface ImportHeaderChoice {
  row: number | null;
  /** A header in two rows: the names are the upper row's and the lower row's together (金額／税込). */
  depth: 1 | 2;
}

export const isBlankCells = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/** The index of the first row that is data: the one after the header, or the first of the file. */
export function dataStart(header: ImportHeaderChoice): number {
  return header.row === null ? 0 : header.row + header.depth;
}

/** Column letters as a spreadsheet shows them: A, B, … Z, AA … */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The widest row among the first rows: how many columns the file has. */
export function columnCount(rows: readonly (readonly string[])[]): number {
  let count = 0;
  for (const row of rows.slice(0, 200)) count = Math.max(count, row.length);
  return count;
}

/**
 * The columns' names under a header choice. With no header they are named by position (or by a preset's
 * documented layout, passed as `positional`). A two-row header joins the upper and lower names with ／;
 * an empty upper cell takes the name of the group to its left when that column has a lower name too
 * (a merged 金額 cell over 税込 and 税抜 leaves the second upper cell empty).
 */
export function columnsFor(rows: readonly (readonly string[])[], header: ImportHeaderChoice, positional?: readonly string[]): string[] {
  const width = columnCount(rows);
  if (header.row === null) return Array.from({ length: width }, (_, i) => positional?.[i] ?? columnLetter(i));
  const upper = (rows[header.row] ?? []).map((cell) => cell.trim());
  if (header.depth === 1) return Array.from({ length: width }, (_, i) => upper[i] ?? '');
  const lower = (rows[header.row + 1] ?? []).map((cell) => cell.trim());
  const names: string[] = [];
  let group = '';
  let groupHasLower = false;
  for (let i = 0; i < width; i++) {
    const top = upper[i] ?? '';
    const bottom = lower[i] ?? '';
    if (top !== '') {
      group = top;
      groupHasLower = bottom !== '';
    }
    const parent = top !== '' ? top : bottom !== '' && groupHasLower ? group : '';
    names.push(parent && bottom ? `${parent}／${bottom}` : parent || bottom);
  }
  return names;
}

// ---- what a row looks like ----

/** Words column names are made of in the files finance teams bring: a row full of them is a header. */
const HEADER_WORDS = [
  '日付',
  '年月日',
  '取引日',
  '利用日',
  '発生日',
  '計上日',
  '金額',
  '科目',
  '区分',
  '摘要',
  '内容',
  '備考',
  '取引',
  '支払',
  '入金',
  '出金',
  '残高',
  '税',
  '品目',
  '部門',
  '取引先',
  '店名',
  '利用',
  '申請',
  '状態',
  'ステータス',
  '番号',
  'no',
  '借方',
  '貸方',
  'メモ',
  'タグ',
  '単価',
  '数量',
  '人数',
  '費目',
  '預',
  '引出',
  '内訳',
  '名称',
  '氏名',
  '担当',
  '承認',
  'date',
  'amount',
  'description',
  'category',
  'vendor',
  'memo',
];

function looksLikeHeaderCell(cell: string): boolean {
  const key = wordKey(cell);
  if (key === '' || key.length > 30) return false;
  if (isValueCell(cell)) return false;
  return HEADER_WORDS.some((word) => key.includes(word));
}

function isValueCell(cell: string): boolean {
  const text = cell.trim();
  if (text === '') return false;
  const date = parseDateCell(text);
  if (date.ok && date.value !== null) return true;
  const amount = parseSignedYenCell(text);
  return amount.ok && amount.value !== null;
}

/** How much a row reads as a header: its cells that are column words, less those that are dates or amounts. */
function headerScore(cells: readonly string[]): number {
  let words = 0;
  let values = 0;
  let filled = 0;
  for (const cell of cells) {
    if (cell.trim() === '') continue;
    filled++;
    if (isValueCell(cell)) values++;
    else if (looksLikeHeaderCell(cell)) words++;
  }
  if (filled < 2) return 0;
  return words * 2 - values * 3;
}

/** A row of data: two or more cells, at least one a date or an amount. */
function looksLikeData(cells: readonly string[]): boolean {
  let filled = 0;
  let values = 0;
  for (const cell of cells) {
    if (cell.trim() === '') continue;
    filled++;
    if (isValueCell(cell)) values++;
  }
  return filled >= 2 && values >= 1;
}

/**
 * The header the file most likely has, from its first rows: the row that reads most as column names,
 * skipping titles (one cell: 「2026年7月 経費一覧」, the company's name), a card holder's line (few cells,
 * no column words) and blank lines. When no row reads as a header and the first rows are data, the file
 * has none (弥生's export). A header row whose next row also holds only names and no data is two rows deep.
 */
export function suggestHeader(rows: readonly (readonly string[])[]): ImportHeaderChoice {
  const limit = Math.min(rows.length, HEAD_ROWS);
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < limit; i++) {
    const row = rows[i]!; // i < limit <= rows.length
    const score = headerScore(row);
    if (score >= 4 && score > bestScore) {
      best = i;
      bestScore = score;
    }
    // The first data row ends the search: a header is above its data.
    if (looksLikeData(row) && best !== -1) break;
  }
  if (best === -1) {
    const first = rows.findIndex((cells) => !isBlankCells(cells));
    if (first === -1) return { row: 0, depth: 1 };
    // Columns by position when the first rows are data; else the first row with anything in it.
    return looksLikeData(rows[first]!) ? { row: null, depth: 1 } : { row: first, depth: 1 };
  }
  const next = rows[best + 1];
  if (next && !isBlankCells(next) && !looksLikeData(next) && headerScore(next) > 0 && secondRowSplitsAGroup(rows[best]!, next)) {
    return { row: best, depth: 2 };
  }
  return { row: best, depth: 1 };
}

/** A lower header row names parts of an upper one: some lower name sits under an empty or shared upper cell. */
function secondRowSplitsAGroup(upper: readonly string[], lower: readonly string[]): boolean {
  for (let i = 0; i < lower.length; i++) {
    if ((lower[i] ?? '').trim() === '') continue;
    if ((upper[i] ?? '').trim() === '') return true;
  }
  return false;
}

// ---- totals rows ----

/**
 * What a totals cell says: 合計, 小計, 総計, 7月合計, 通信費 小計, 【総合計】, 計, Total. A bare 計 must be the
 * whole cell (システム設計 is a description, not a total).
 */
const TOTAL_WORD = /^[【[(（]?(?:.{0,16}?(?:合計|小計|総計|累計|月計|中計)|計|total|subtotal|grand total)(?:金額|額)?[】\])）]?$/;

/**
 * A totals row: a short text cell that says 合計, 小計, 総計… Such a row repeats what the rows above it add
 * up to; importing it would count them twice.
 */
export function isTotalsRow(cells: readonly string[]): boolean {
  for (const cell of cells) {
    if (cell.length === 0 || cell.length > 24) continue;
    if (!cell.includes('計') && !/total/i.test(cell)) continue;
    if (TOTAL_WORD.test(wordKey(cell).replace(/\s+/g, ''))) return true;
  }
  return false;
}
