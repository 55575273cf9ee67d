// Reads the first sheet of an Excel workbook into rows of cell texts, the same shape a CSV gives, so one
// set of cell parsers (shared/import-values.ts) reads both.

import ExcelJS from 'exceljs';
import { ImportFileError } from './import-file-error.ts';

/**
 * Rows of the first visible worksheet; row i of the result is the sheet's row i + 1, with `[]` for an empty
 * row in between, so a problem can be reported by the row number the user sees in Excel. Empty rows at the
 * end (left over from formatting or cleared cells) are dropped, and so are empty cells at the end of a row.
 */
export async function readXlsxRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its argument as its own `Buffer extends ArrayBuffer`, which Node's Buffer does not
    // satisfy in TypeScript; at run time it takes a Node Buffer (it hands it to JSZip).
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new ImportFileError('not_xlsx');
  }
  const sheets = workbook.worksheets;
  const sheet = sheets.find((s) => s.state === 'visible') ?? sheets[0];
  if (!sheet) throw new ImportFileError('not_xlsx');

  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(cellText(row.getCell(column)));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    while (rows.length < rowNumber - 1) rows.push([]);
    rows[rowNumber - 1] = cells;
  });
  while (rows.length > 0 && rows[rows.length - 1].every((cell) => cell === '')) rows.pop();
  return rows;
}

/**
 * The part of a merged range other than its top-left cell reads as empty. exceljs would repeat the
 * top-left value there, and an amount merged over three rows would then be imported three times.
 */
function cellText(cell: ExcelJS.Cell): string {
  return cell.type === ExcelJS.ValueType.Merge ? '' : valueText(cell.value);
}

function valueText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    // A formula with no saved result (files written by programs, not Excel) shows as its own text, which
    // the cell parsers refuse: the row is an error to fix, not a cost silently read as empty.
    if (value.result === undefined || value.result === null) return `=${'formula' in value ? value.formula : value.sharedFormula}`;
    return valueText(value.result);
  }
  // A hyperlink's text can itself be rich text.
  if ('hyperlink' in value) return valueText(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error; // `#N/A`, `#DIV/0!`: left for the cell parsers to refuse
  return '';
}

/**
 * Excel keeps 15 significant digits, so a formula such as `=1000*1.1` holds 1100.0000000000002 while the
 * sheet shows 1100. Reading the number as Excel shows it gives the integer the user sees; a real fraction
 * (1.5) stays a decimal string for the yen parser to refuse.
 */
function numberText(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** exceljs turns date cells into Dates at midnight UTC of the day shown, so the UTC fields are that day. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'invalid date';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}
