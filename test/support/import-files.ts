// Spreadsheets as finance teams send them, built in memory for the import tests: CSV text in UTF-8 (with
// and without the BOM Excel's "CSV UTF-8" writes) and in Shift_JIS (Excel's default "CSV (コンマ区切り)"),
// XLSX written by exceljs with real date, number and formula cells, and the files an import must refuse.
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';

/** A cell of a CSV row: text as typed, or a number written as Excel writes it. */
export type CsvCell = string | number;

/** One cell quoted when it must be (RFC 4180: a comma, a quote or a line end inside). */
function csvCell(cell: CsvCell): string {
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text with CRLF line ends and a final line end, as Excel saves it. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
/** UTF-8 with the byte order mark EF BB BF in front ("CSV UTF-8 (コンマ区切り)"). */
export const utf8Bom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

/** UTF-16LE with its BOM FF FE: Excel's "Unicode テキスト", which is tab-separated. */
export const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

/** Tab-separated text with CRLF line ends (no quoting needed for the cells the tests use). */
export const tsvText = (rows: readonly (readonly CsvCell[])[]): string => rows.map((row) => row.join('\t')).join('\r\n') + '\r\n';

let sjisTable: Map<string, number[]> | null = null;

/**
 * Windows-31J (CP932, what the WHATWG `shift_jis` decoder reads), built by decoding every code of the
 * single- and double-byte space: the first code that decodes to a character is its encoding, so the NEC
 * row 13 (①, ㈱) wins over the IBM duplicates, as Windows encodes them.
 */
function shiftJisTable(): Map<string, number[]> {
  if (sjisTable) return sjisTable;
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('shift_jis', { fatal: true });
  const add = (bytes: number[]) => {
    try {
      const char = decoder.decode(new Uint8Array(bytes));
      if (char.length === 1 && !table.has(char)) table.set(char, bytes);
    } catch {
      // not a character
    }
  };
  for (let b = 0; b < 0x80; b++) add([b]);
  for (let b = 0xa1; b <= 0xdf; b++) add([b]);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) add([lead, trail]);
  }
  // As the WHATWG encoder and Windows do: the yen sign and the overline are the bytes 0x5C and 0x7E,
  // which Japanese fonts show as ¥ and ‾ (and which decode back as \ and ~).
  table.set('\u00a5', [0x5c]);
  table.set('\u203e', [0x7e]);
  sjisTable = table;
  return table;
}

/** Text as Shift_JIS bytes; throws for a character Shift_JIS cannot hold (a test's typo, not a skip). */
export function shiftJis(text: string): Buffer {
  const table = shiftJisTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = table.get(char);
    if (!code) throw new Error(`no Shift_JIS code for ${JSON.stringify(char)}`);
    bytes.push(...code);
  }
  return Buffer.from(bytes);
}

/** An XLSX cell: text, a number, a real date (a Date at UTC midnight of the day), or a formula with its cached result. */
export type XlsxCell = string | number | Date | { formula: string; result: number | string } | null;

/**
 * An XLSX with one worksheet `費用` (after a hidden `設定` sheet, as finance workbooks often have), the
 * rows from A1 down. Date cells get a Japanese date format, amounts a yen format: what the user sees.
 */
export async function xlsx(rows: readonly (readonly XlsxCell[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const settings = workbook.addWorksheet('設定');
  settings.state = 'hidden';
  settings.getCell('A1').value = '読み込まないシート';
  const sheet = workbook.addWorksheet('費用');
  rows.forEach((cells, r) => {
    cells.forEach((value, c) => {
      if (value === null) return;
      const cell = sheet.getRow(r + 1).getCell(c + 1);
      cell.value = value;
      if (value instanceof Date) cell.numFmt = 'yyyy"年"m"月"d"日"';
      else if (r > 0 && (typeof value === 'number' || typeof value === 'object')) cell.numFmt = '"¥"#,##0';
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A date cell's value: midnight UTC of the day, which is how exceljs reads and writes the day shown. */
export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** Random bytes with NULs in them: an image or a program renamed `.csv`. */
export function binaryGarbage(length = 4096): Buffer {
  const bytes = randomBytes(length);
  bytes[0] = 0x00; // never a ZIP or OLE2 signature, and a NUL for sure
  for (let i = 0; i < length; i += 97) bytes[i] = 0x00;
  return bytes;
}

/** `PK\3\4` and then noise: what a broken download of an .xlsx looks like. */
export const zipGarbage = (length = 2048): Buffer => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(length)]);

/** The OLE2 signature of an Excel 97–2003 .xls (D0 CF 11 E0 A1 B1 1A E1) and a body. */
export const oldXls = (length = 4096): Buffer => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(length)]);

/**
 * A CSV of exactly `size` bytes (ASCII and UTF-8 Japanese headers) with `dataRows` valid rows: each row's
 * description is padded so the whole file reaches the size. Built as one Buffer, written in place.
 */
export function csvOfSize(size: number, dataRows: number): Buffer {
  const header = Buffer.from('日付,費目,金額,摘要\r\n', 'utf8');
  const stem = Buffer.from('2026/06/01,communications,1000,', 'latin1');
  const rowOverhead = stem.length + 2; // the stem and CRLF
  const room = size - header.length - dataRows * rowOverhead;
  if (room < dataRows) throw new Error(`${size} bytes cannot hold ${dataRows} rows with a description each`);
  const padEach = Math.floor(room / dataRows);
  const extraOnLast = room - padEach * dataRows;
  const bytes = Buffer.alloc(size, 0x78); // 'x': the description padding
  header.copy(bytes, 0);
  let at = header.length;
  for (let row = 0; row < dataRows; row++) {
    stem.copy(bytes, at);
    at += stem.length + padEach + (row === dataRows - 1 ? extraOnLast : 0);
    bytes[at++] = 0x0d;
    bytes[at++] = 0x0a;
  }
  if (at !== size) throw new Error(`built ${at} bytes, wanted ${size}`);
  return bytes;
}
