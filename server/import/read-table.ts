// One entry point for an uploaded spreadsheet: decides what the bytes are and returns rows of cell texts.

import { decodeText, type TextEncoding } from './decode-text.ts';
import { ImportFileError } from './import-file-error.ts';
import { parseCsv } from './parse-csv.ts';
import { readXlsxRows } from './read-xlsx.ts';

export interface Table {
  format: 'csv' | 'xlsx';
  /** How a CSV's text was encoded; null for XLSX, which is always UTF-8 inside. */
  encoding: TextEncoding | null;
  rows: string[][];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4: every XLSX is a ZIP
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .xls, and .xlsx with a password

const startsWith = (bytes: Buffer, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/**
 * The file's first bytes decide its format, not its name, which is only the uploader's claim; the name
 * only chooses the clearer error for a file called .xlsx that is not one. Throws ImportFileError.
 */
export async function readTable(bytes: Buffer, fileName: string, maxRows = Infinity): Promise<Table> {
  if (bytes.length === 0) throw new ImportFileError('empty_file');
  if (startsWith(bytes, ZIP)) return checked({ format: 'xlsx', encoding: null, rows: await readXlsxRows(bytes, maxRows) });
  if (startsWith(bytes, OLE2)) throw new ImportFileError('xls_or_encrypted');
  if (/\.xls[xm]$/i.test(fileName.trim())) throw new ImportFileError('not_xlsx');

  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') throw new ImportFileError('empty_file');
  const rows = parseCsv(text, maxRows);
  // Excel writes rows it once formatted as `,,,,`; at the end of the file they are not lines to import.
  while (rows.length > 0 && isBlank(rows[rows.length - 1]!)) rows.pop();
  return checked({ format: 'csv', encoding, rows });
}

const isBlank = (row: string[]) => row.every((cell) => cell.trim() === '');

/** A table whose cells are all blank has nothing to import, whatever the file looked like. */
function checked(table: Table): Table {
  if (table.rows.every(isBlank)) throw new ImportFileError('empty_file');
  return table;
}
