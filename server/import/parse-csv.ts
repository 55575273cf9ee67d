// Splits CSV text into rows of cells (RFC 4180, as Excel writes it). Tab-separated text, which is what
// Excel's "Unicode テキスト" export and a copy from a spreadsheet give, is read the same way.

import { ImportFileError } from './import-file-error.ts';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Tabs in the header line and no commas: the file is tab-separated. */
function detectDelimiter(text: string): string {
  let end = text.search(/[\r\n]/);
  if (end === -1) end = text.length;
  const header = text.slice(0, end);
  return header.includes('\t') && !header.includes(',') ? '\t' : ',';
}

/**
 * Rows of cells. Quoted cells may hold commas, newlines and `""` for a quote; CRLF, LF and CR all end a
 * row; an empty line gives one empty row (a final newline gives none). Throws `unclosed_quote` with the row it starts on,
 * counted as Excel counts rows (a newline inside quotes stays in its cell; empty lines count).
 *
 * Speed matters (100,000 lines is a normal year of a ledger): cells are found with indexOf and sliced out
 * whole, rather than looked at character by character. The next delimiter, LF and CR positions are kept
 * between cells and only searched again once passed, so a file without CRs is not rescanned for one per cell.
 */
export function parseCsv(input: string, maxRows = Infinity): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const length = text.length;
  const rows: string[][] = [];

  let nextDelimiter = -1;
  let nextLf = -1;
  let nextCr = -1;
  /** Where the unquoted text starting at `from` ends: the next delimiter or line end, or the end of the text. */
  const cellEnd = (from: number): number => {
    if (nextDelimiter < from) nextDelimiter = indexOrEnd(text, delimiter, from);
    if (nextLf < from) nextLf = indexOrEnd(text, '\n', from);
    if (nextCr < from) nextCr = indexOrEnd(text, '\r', from);
    return Math.min(nextDelimiter, nextLf, nextCr);
  };

  // Cells are gathered in one scratch array and copied out per row at their exact count: an array grown by
  // push keeps room for 17 cells, and on 100,000 rows that spare room is a sixth of the result's memory.
  const cells: string[] = [];
  let pos = 0;
  let rowNumber = 1;
  // maxRows: a file past the import's limit is refused on its first rows, not after parsing 26 million.
  while (pos < length && rows.length <= maxRows) {
    const first = text.charCodeAt(pos);
    if (first === LF || first === CR) {
      // An empty line is kept as an empty row, so row numbers stay those the user sees in Excel.
      rows.push(['']);
      pos = skipLineEnd(text, pos);
      rowNumber++;
      continue;
    }

    let count = 0;
    for (;;) {
      let cell = '';
      if (text.charCodeAt(pos) === QUOTE) {
        let from = pos + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1) throw new ImportFileError('unclosed_quote', rowNumber);
          if (text.charCodeAt(quote + 1) === QUOTE) {
            cell += text.slice(from, quote + 1);
            from = quote + 2;
          } else {
            cell += text.slice(from, quote);
            pos = quote + 1;
            break;
          }
        }
      }
      // Unquoted text, or (as Excel does) anything after a closing quote up to the delimiter, kept as it is.
      const end = cellEnd(pos);
      if (end > pos) cell += text.slice(pos, end);
      cells[count++] = cell;
      pos = end;
      if (pos < length && text.charCodeAt(pos) !== LF && text.charCodeAt(pos) !== CR) {
        pos++; // past the delimiter; a delimiter at the very end leaves one more, empty, cell
        continue;
      }
      break;
    }
    rows.push(cells.slice(0, count));
    if (pos < length) pos = skipLineEnd(text, pos);
    rowNumber++;
  }
  return rows;
}

function indexOrEnd(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index === -1 ? text.length : index;
}

/** Past one line end at `pos`: CRLF counts as one. */
function skipLineEnd(text: string, pos: number): number {
  return text.charCodeAt(pos) === CR && text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1;
}
