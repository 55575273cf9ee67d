// Reads one worksheet part of an XLSX as it unpacks, row by row, into rows of cell texts; it stops at the
// first row past the limit, so a sheet of two million rows costs no more than one just past the limit.
// The cell rules follow exceljs's reading (the reader before this one) so a file reads as it did:
// - a text cell's shared string or inline string, rich text joined;
// - a number as Excel shows it, a number in a date style as YYYY-MM-DD (1900 or 1904 date system);
// - a boolean as true/false, an error as its code (#N/A…);
// - a formula as its saved result (a date style applies to it too), or `=FORMULA` when none was saved;
//   a shared formula's copies (no text of their own) as `=` and the address of the cell that holds it.
//   A saved 0, FALSE or empty text is a result too (exceljs dropped them and showed `=FORMULA`);
// - a cell in a merged range other than its top-left as empty.
import { ImportFileError } from './import-file-error.ts';
import { MAX_SHEET_BYTES, MAX_SHEET_COLUMN, MAX_TABLE_CELLS } from './read-limits.ts';
import { decodeEntitiesAgain, decodeEscapes, numberText, serialDateText } from './xlsx-values.ts';
import { xmlEvents } from './xml-events.ts';
import type { ZipParts } from './zip-parts.ts';

export interface SheetContext {
  sharedStrings: string[] | null;
  dateStyles: boolean[];
  date1904: boolean;
}

/** One <c> as read so far. */
interface CellState {
  address: string | undefined;
  type: string | undefined;
  style: number;
  formula: string | undefined;
  shareType: string | undefined;
  sharedIndex: string | undefined;
  sharedRef: string | undefined;
  /** The text of <v> (and of an inline string's <t>), or the runs of an inline rich string. */
  value: string | string[] | undefined;
  /** A <v> element was there, even empty: a formula's saved result that is the empty string. */
  hasValueElement: boolean;
}

/** The column of an address such as `AB12` (1-based); refuses a column past Excel's last. */
function columnOf(address: string): number {
  let column = 0;
  for (let i = 0; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else break;
  }
  if (column < 1 || column > MAX_SHEET_COLUMN) throw new ImportFileError('not_xlsx');
  return column;
}

/** A range such as `B5:C6` as its corners (1-based), or null for one cell or a reference that is not a range. */
function rangeOf(reference: string): { top: number; left: number; bottom: number; right: number } | null {
  const match = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(reference);
  if (!match) return null;
  const [, col1 = '', row1, col2 = '', row2] = match; // all four groups are required by the pattern
  const [c1, r1, c2, r2] = [columnOf(col1), Number(row1), columnOf(col2), Number(row2)];
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
}

const trimEnd = (cells: string[]) => {
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
};

/**
 * Rows of cell texts; row i is the sheet's row i + 1 (`[]` for an empty row), empty cells at the end of a
 * row and empty rows at the end of the sheet left out. Reading stops at the first row with anything in it
 * past row `maxRows`: that row is then the last of `maxRows + 1`, which tells the caller the sheet is longer.
 */
export async function readSheetRows(zip: ZipParts, part: string, context: SheetContext, maxRows: number): Promise<string[][]> {
  const { sharedStrings, dateStyles, date1904 } = context;
  const rows: string[][] = [];
  const merges: string[] = [];
  /** A shared formula's index → the address of the cell that holds its text. */
  const sharedFormulaCells = new Map<string, string>();
  let cellCount = 0;
  let stopped = false;

  let section: 'sheetData' | 'mergeCells' | null = null;
  let rowNumber = 0;
  let cells: string[] | null = null;
  let lastColumn = 0;
  let cell: CellState | null = null;
  let node: 'f' | 'v' | 't' | null = null;
  let runs: string[] | null = null; // the runs of an inline rich string, while inside one <r>
  let runText: string | null = null;
  let inRunText = false;

  const textOf = (c: CellState): string | null => {
    const dateStyle = c.style > 0 && dateStyles[c.style] === true;
    if (c.formula || c.shareType) {
      // A formula's saved result is in <v>, typed by the cell's t; a date style shows it as a date.
      let result: unknown;
      const value = typeof c.value === 'string' ? c.value : undefined;
      if (value) {
        if (c.type === 'str') result = decodeEntitiesAgain(value);
        else if (c.type === 'b') result = parseInt(value, 10) !== 0;
        else if (c.type === 'e') result = value;
        else result = parseFloat(value);
      } else if (c.type === 'str' && c.hasValueElement) result = '';
      // (An error keeps its code, and an empty text stays empty, in a date style too.)
      if (result !== undefined && result !== '' && dateStyle && c.type !== 'e') result = serialDateText(result, date1904);
      let shownFormula = c.formula;
      if (c.shareType === 'shared' && c.sharedIndex !== undefined) {
        if (c.sharedRef) sharedFormulaCells.set(c.sharedIndex, c.address ?? '');
        else if (!c.formula) shownFormula = sharedFormulaCells.get(c.sharedIndex);
      }
      if (!shownFormula) return '';
      if (result === undefined) return `=${shownFormula}`;
      return typeof result === 'string' ? result : typeof result === 'boolean' ? String(result) : numberText(result as number);
    }
    if (c.value === undefined) return null;
    if (typeof c.value !== 'string') return c.value.join('');
    switch (c.type) {
      case 's': {
        const index = parseInt(c.value, 10);
        if (sharedStrings === null) return numberText(index);
        const text = sharedStrings[index];
        if (text === undefined) throw new ImportFileError('not_xlsx');
        return text;
      }
      case 'str':
        return decodeEntitiesAgain(c.value);
      case 'inlineStr':
      case 'e':
        return c.value;
      case 'b':
        return parseInt(c.value, 10) !== 0 ? 'true' : 'false';
      default: {
        const number = parseFloat(c.value);
        return dateStyle ? serialDateText(number, date1904) : numberText(number);
      }
    }
  };

  const endCell = (c: CellState) => {
    const text = textOf(c);
    // A cell with neither a value nor a style is not placed at all (exceljs skipped it as a merge filler),
    // so the next cell without an address follows the one before it.
    if (text === null && !(c.style > 0) && !(c.formula || c.shareType)) return;
    const column = c.address ? columnOf(c.address) : lastColumn + 1;
    if (column > MAX_SHEET_COLUMN) throw new ImportFileError('not_xlsx');
    lastColumn = column;
    const row = cells!;
    while (row.length < column - 1) row.push('');
    row[column - 1] = text ?? '';
  };

  const endRow = () => {
    const row = trimEnd(cells!);
    cells = null;
    if (row.length === 0 || rowNumber < 1) return; // an empty row is the gap it leaves
    cellCount += row.length;
    if (cellCount > MAX_TABLE_CELLS) throw new ImportFileError('too_many_cells');
    if (rowNumber > maxRows) {
      // Past the limit: enough is known to refuse the file, and none of the rest is read.
      while (rows.length < maxRows) rows.push([]);
      rows.push(row);
      stopped = true;
      return;
    }
    while (rows.length < rowNumber - 1) rows.push([]);
    rows[rowNumber - 1] = row;
  };

  const write = xmlEvents({
    open(name, attributes) {
      if (stopped) return;
      if (cell !== null) {
        if (runs !== null) {
          if (name === 't') {
            inRunText = true;
            runText = '';
          }
          return;
        }
        switch (name) {
          case 'f':
            node = 'f';
            cell.sharedIndex = attributes.si;
            cell.shareType = attributes.t;
            cell.sharedRef = attributes.ref;
            return;
          case 'v':
            node = 'v';
            cell.hasValueElement = true;
            return;
          case 't':
            node = 't';
            return;
          case 'r':
            runs = Array.isArray(cell.value) ? cell.value : [];
            runText = null;
            return;
          default:
            return;
        }
      }
      if (section === 'sheetData') {
        if (cells === null && name === 'row') {
          const number = parseInt(attributes.r ?? '', 10);
          // A row without its number follows the one before (exceljs refused such files; the format allows it).
          rowNumber = Number.isNaN(number) ? rowNumber + 1 : number;
          cells = [];
          lastColumn = 0;
        } else if (cells !== null && name === 'c') {
          cell = {
            address: attributes.r,
            type: attributes.t,
            style: attributes.s ? parseInt(attributes.s, 10) : 0,
            formula: undefined,
            shareType: undefined,
            sharedIndex: undefined,
            sharedRef: undefined,
            value: undefined,
            hasValueElement: false,
          };
          node = null;
        }
      } else if (section === 'mergeCells') {
        if (name === 'mergeCell' && attributes.ref) merges.push(attributes.ref);
      } else if (name === 'sheetData' || name === 'mergeCells') section = name;
    },
    text(text) {
      if (stopped || cell === null) return;
      if (runs !== null) {
        if (inRunText) runText += text;
      } else if (node === 'f') cell.formula = (cell.formula ?? '') + text;
      else if (node === 'v' || node === 't') {
        if (!Array.isArray(cell.value)) cell.value = (cell.value ?? '') + text;
      }
    },
    close(name) {
      if (stopped) return;
      if (cell !== null) {
        if (runs !== null) {
          if (name === 't') inRunText = false;
          else if (name === 'r') {
            runs.push(decodeEscapes(runText ?? ''));
            if (typeof cell.value !== 'string') cell.value = runs;
            runs = null;
          }
          return;
        }
        if (name === 'c') {
          endCell(cell);
          cell = null;
        } else if (name === 'f' || name === 'v' || name === 't' || name === 'is') node = null;
        return;
      }
      if (name === 'row' && cells !== null) endRow();
      else if (name === section) section = null;
    },
  });

  await zip.readText(part, MAX_SHEET_BYTES, (text) => {
    write(text);
    return !stopped;
  });
  if (stopped) return rows;

  for (const reference of merges) {
    const range = rangeOf(reference);
    if (!range) continue;
    for (let r = range.top; r <= Math.min(range.bottom, rows.length); r++) {
      const row = rows[r - 1]!; // r <= rows.length
      for (let c = range.left; c <= Math.min(range.right, row.length); c++) if (r > range.top || c > range.left) row[c - 1] = '';
      trimEnd(row);
    }
  }
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  return rows;
}
