// Reading an uploaded spreadsheet into rows: the encodings Japanese CSVs come in, RFC 4180 quoting, XLSX
// cells of every kind, and the files that are refused (with the code the UI shows a message for).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../server/import/decode-text.ts';
import { ImportFileError, type ImportFileErrorCode } from '../../server/import/import-file-error.ts';
import { parseCsv } from '../../server/import/parse-csv.ts';
import { readTable } from '../../server/import/read-table.ts';
import { readXlsxRows } from '../../server/import/read-xlsx.ts';
import { shiftJis } from '../support/import-files.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const bom = (bytes: Uint8Array) => new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<ImportFileError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}
const codeOf = async (promise: Promise<unknown> | (() => unknown)): Promise<ImportFileErrorCode> => (await refusal(promise)).code;

const JAPANESE = '日付,費目,支払先,金額\n2026/6/1,通信費,株式会社髙橋商事 ①号館,"1,234,567"\n';
const JAPANESE_ROWS = [
  ['日付', '費目', '支払先', '金額'],
  ['2026/6/1', '通信費', '株式会社髙橋商事 ①号館', '1,234,567'],
];

describe('decodeText', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(utf8(JAPANESE))).toEqual({ text: JAPANESE, encoding: 'utf-8' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    expect(decodeText(bom(utf8(JAPANESE)))).toEqual({ text: JAPANESE, encoding: 'utf-8-bom' });
  });

  it('reads Shift_JIS, including the NEC/IBM characters Excel writes', () => {
    const bytes = shiftJis(JAPANESE);
    // Known codes: 日 = 93 FA, ① = 87 40 (NEC row 13), 髙 = FB FC (IBM extension) or EE E0 (NEC-selected IBM).
    expect([...shiftJis('日①')]).toEqual([0x93, 0xfa, 0x87, 0x40]);
    expect(decodeText(new Uint8Array([0x93, 0xfa, 0x87, 0x40, 0xfb, 0xfc, 0xee, 0xe0]))).toEqual({ text: '日①髙髙', encoding: 'shift_jis' });
    expect(decodeText(bytes)).toEqual({ text: JAPANESE, encoding: 'shift_jis' });
    expect(decodeText(shiftJis('﨑Ⅱ㈱ｶﾅ'))).toEqual({ text: '﨑Ⅱ㈱ｶﾅ', encoding: 'shift_jis' });
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text")', () => {
    const text = '日付\t金額\r\n2026/6/1\t1000\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Uint16Array.from(text, (c) => c.charCodeAt(0)).buffer)]);
    expect(decodeText(bytes)).toEqual({ text, encoding: 'utf-16le' });
  });

  it('treats plain ASCII as UTF-8 and drops a final Ctrl-Z', () => {
    expect(decodeText(utf8('a,b\n1,2\n\x1a'))).toEqual({ text: 'a,b\n1,2\n', encoding: 'utf-8' });
  });

  it('refuses binary files: NUL and other control bytes, or bytes valid in neither encoding', async () => {
    const garbage = new Uint8Array(256);
    let seed = 7;
    for (let i = 0; i < garbage.length; i++) garbage[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
    garbage[10] = 0;
    expect(await codeOf(() => decodeText(garbage))).toBe('not_text');
    expect(await codeOf(() => decodeText(utf8('a,b\n1\0,2\n')))).toBe('not_text');
    expect(await codeOf(() => decodeText(new Uint8Array([0x61, 0x01, 0x62])))).toBe('not_text');
    // A lead byte with no valid trail byte: not UTF-8, and not Shift_JIS either.
    expect(await codeOf(() => decodeText(new Uint8Array([0x82, 0x20, 0xa0, 0xfd])))).toBe('not_text');
    // A UTF-8 BOM followed by bytes that are not UTF-8.
    expect(await codeOf(() => decodeText(bom(shiftJis('日付'))))).toBe('not_text');
  });

  it('gives its messages in both languages', async () => {
    const error = await refusal(() => decodeText(new Uint8Array([0, 1, 2])));
    expect(error.ja).toBe('文字コードを判別できません（UTF-8 または Shift_JIS の CSV を選んでください）');
    expect(error.en).toBe(error.message);
    expect(error.row).toBeNull();
  });
});

describe('parseCsv', () => {
  it('splits rows and cells', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('reads quoted cells with commas, doubled quotes and newlines', () => {
    const text = 'a,b,c\n"1,234","say ""hi""","line one\r\nline two\nline three"\n"",x,""\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1,234', 'say "hi"', 'line one\r\nline two\nline three'],
      ['', 'x', ''],
    ]);
  });

  it('takes CRLF, LF and CR line ends, even mixed', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,4\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseCsv('a,b\r1,2\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a\r\nb\nc\rd')).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('keeps an empty line as an empty row (row numbers stay those Excel shows); a final newline gives none', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,b\n\n\r\n1,2\n\n')).toEqual([['a', 'b'], [''], [''], ['1', '2'], ['']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\n\r\n')).toEqual([[''], ['']]);
  });

  it('keeps empty cells, including a final one', () => {
    expect(parseCsv(',a,,\n,,,\n')).toEqual([
      ['', 'a', '', ''],
      ['', '', '', ''],
    ]);
  });

  it('keeps text after a closing quote and quotes inside unquoted cells, as Excel does', () => {
    expect(parseCsv('"a"b,c"d\n')).toEqual([['ab', 'c"d']]);
  });

  it('reads tab-separated text when the first line has tabs and no commas', () => {
    expect(parseCsv('日付\t金額\t摘要\n2026/6/1\t1,234\t"a\tb"\n')).toEqual([
      ['日付', '金額', '摘要'],
      ['2026/6/1', '1,234', 'a\tb'],
    ]);
    // Commas in the header line: commas separate, tabs are text.
    expect(parseCsv('a,b\tc\n1,2\t3')).toEqual([
      ['a', 'b\tc'],
      ['1', '2\t3'],
    ]);
  });

  it('drops a BOM left on the text', () => {
    expect(parseCsv('\ufeffa,b\n')).toEqual([['a', 'b']]);
  });

  it('refuses an unclosed quote, naming the row it starts on', async () => {
    const error = await refusal(() => parseCsv('a,b\n1,2\n3,"never closed\n4,5\n'));
    expect(error.code).toBe('unclosed_quote');
    expect(error.row).toBe(3);
    expect(error.ja).toBe('3 行目の引用符（"）が閉じられていません');
    expect(error.en).toBe('a quote (") opened on row 3 is never closed');
    // Rows are counted as Excel shows them: a newline inside quotes stays in its row.
    expect((await refusal(() => parseCsv('"x\ny",1\n"z'))).row).toBe(2);
  });
});

/** An XLSX built the way finance files look: a hidden sheet first, then the ledger sheet. */
async function ledgerWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const hidden = workbook.addWorksheet('設定');
  hidden.state = 'hidden';
  hidden.getCell('A1').value = 'not this sheet';

  const sheet = workbook.addWorksheet('費用');
  sheet.addRow(['日付', '金額', '小計', '摘要', '確認', 'リンク']);
  sheet.addRow([
    new Date(Date.UTC(2026, 5, 1)),
    1_234_567,
    { formula: 'B2*2', result: 2_469_134 },
    { richText: [{ text: '調査' }, { text: '費用', font: { bold: true } }] },
    true,
    { text: '請求書', hyperlink: 'https://example.com/invoice' },
  ]);
  // Row 3 stays empty; row 4 starts in column C.
  sheet.getCell('C4').value = 1100.0000000000002; // as =1000*1.1 leaves it
  sheet.getCell('D4').value = 1.5;
  sheet.getCell('E4').value = { formula: 'TEXT(1,"0")', result: '1' };
  sheet.getCell('F4').value = { formula: '1/0', result: { error: '#DIV/0!' } };
  // A merged amount over rows 5–6 counts once.
  sheet.getCell('B5').value = 500;
  sheet.mergeCells('B5:B6');
  sheet.getCell('A6').value = new Date(Date.UTC(2028, 1, 29, 15, 30));
  // Formatted but empty rows at the end, and an empty cell at the end of a row.
  sheet.getCell('A9').numFmt = '0';
  sheet.getCell('G5').value = '';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('readXlsxRows', () => {
  it('reads the first visible sheet cell by cell, keeping row positions', async () => {
    expect(await readXlsxRows(await ledgerWorkbook())).toEqual([
      ['日付', '金額', '小計', '摘要', '確認', 'リンク'],
      ['2026-06-01', '1234567', '2469134', '調査費用', 'true', '請求書'],
      [],
      ['', '', '1100', '1.5', '1', '#DIV/0!'],
      ['', '500'],
      ['2028-02-29'],
    ]);
  });

  it('refuses zip garbage', async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Array.from({ length: 200 }, (_, i) => (i * 37) & 0xff)]);
    expect(await codeOf(readXlsxRows(bytes))).toBe('not_xlsx');
  });
});

describe('readTable', () => {
  it('reads a UTF-8 CSV', async () => {
    expect(await readTable(Buffer.from(utf8(JAPANESE)), 'ledger.csv')).toEqual({ format: 'csv', encoding: 'utf-8', rows: JAPANESE_ROWS });
  });

  it('reads a UTF-8 CSV with a BOM and CRLF line ends', async () => {
    const bytes = bom(utf8(JAPANESE.replace(/\n/g, '\r\n')));
    expect(await readTable(Buffer.from(bytes), 'ledger.csv')).toEqual({ format: 'csv', encoding: 'utf-8-bom', rows: JAPANESE_ROWS });
  });

  it('reads a Shift_JIS CSV', async () => {
    expect(await readTable(Buffer.from(shiftJis(JAPANESE)), '費用.csv')).toEqual({ format: 'csv', encoding: 'shift_jis', rows: JAPANESE_ROWS });
  });

  it('drops the blank rows Excel leaves at the end of a CSV', async () => {
    const rows = (await readTable(Buffer.from(utf8('a,b\n1,2\n,\n , \n')), 'x.csv')).rows;
    expect(rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads an XLSX by its bytes, whatever it is called', async () => {
    const table = await readTable(await ledgerWorkbook(), 'upload.csv');
    expect(table.format).toBe('xlsx');
    expect(table.encoding).toBeNull();
    expect(table.rows[1]).toEqual(['2026-06-01', '1234567', '2469134', '調査費用', 'true', '請求書']);
  });

  it('refuses empty files', async () => {
    for (const bytes of [[], [0xef, 0xbb, 0xbf], [0x20, 0x0d, 0x0a, 0x09], [0xe3, 0x80, 0x80], [0x2c, 0x2c, 0x0a, 0x2c]]) {
      expect(await codeOf(readTable(Buffer.from(bytes), 'x.csv'))).toBe('empty_file');
    }
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1');
    expect(await codeOf(readTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'x.xlsx'))).toBe('empty_file');
  });

  it('refuses a .xlsx that is not one', async () => {
    const zipGarbage = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x02, 0x03]);
    expect(await codeOf(readTable(zipGarbage, 'ledger.xlsx'))).toBe('not_xlsx');
    expect(await codeOf(readTable(Buffer.from('a,b\n1,2\n'), 'ledger.xlsx'))).toBe('not_xlsx');
  });

  it('refuses old .xls and password-protected workbooks', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await codeOf(readTable(ole, 'ledger.xls'))).toBe('xls_or_encrypted');
  });

  it('refuses binary files given as CSV', async () => {
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) & 0xff));
    expect(bytes.includes(0)).toBe(true);
    expect(await codeOf(readTable(bytes, 'photo.csv'))).toBe('not_text');
  });

  it('passes on an unclosed quote', async () => {
    expect(await codeOf(readTable(Buffer.from('a,b\n"1,2\n'), 'x.csv'))).toBe('unclosed_quote');
  });
});
