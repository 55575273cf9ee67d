// The XLSX the ledger is written with (server/packages/xlsx-stream.ts), read back with exceljs: text of any
// kind stays text (escaped; what XML cannot hold dropped, emoji kept), numbers and formulas keep their
// formats and results, and a long first sheet streams through.
import { readWorkbook } from '../support/read-xlsx.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnLetter, rowXml, sheetStart, styleOf, xmlText, XlsxStreamWriter, YEN_FORMAT } from '../../server/packages/xlsx-stream.ts';
import { entriesByPath, readZip } from '../support/zip.ts';
import { at } from '../support/at.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bct-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('columnLetter', () => {
  it('names columns as Excel does, past Z', () => {
    expect([1, 26, 27, 28, 52, 53, 702, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('xmlText', () => {
  it('escapes markup, drops what XML 1.0 cannot hold, and keeps tabs, line breaks and emoji', () => {
    expect(xmlText('株式会社ビー')).toBe('株式会社ビー');
    expect(xmlText('A & <B> "C"')).toBe('A &amp; &lt;B&gt; &quot;C&quot;');
    expect(xmlText('a\u0000b\u0007c\u001Fd\u007Fe\uFFFEf')).toBe('abcdef');
    expect(xmlText('行1\n行2\t列')).toBe('行1\n行2\t列');
    expect(xmlText('謝罪😀')).toBe('謝罪😀');
    // A lone half of a surrogate pair is not a character.
    expect(xmlText('a\uD83Db\uDE00c')).toBe('abc');
  });
});

describe('XlsxStreamWriter', () => {
  it('writes a workbook exceljs reads back: text, yen and integer cells, fonts, a formula with its result, a frozen header', async () => {
    const file = path.join(dir, 'book.xlsx');
    const columns = [
      { width: 10, format: 'int' as const },
      { width: 30, format: 'general' as const },
      { width: 15, format: 'yen' as const },
    ];
    const writer = new XlsxStreamWriter(file, ['明細', '集計'], sheetStart(columns, true), new Date('2026-11-25T09:30:00Z'));
    writer.write(
      rowXml(
        1,
        ['No.', '取引先', '金額'].map((value) => ({ value, style: styleOf('general', 'bold') })),
      ),
    );
    const vendors = ['=HYPERLINK("x")', 'A & <B>', '制御\u0001文字', '😀 絵文字', '  前後に空白  '];
    vendors.forEach((vendor, i) =>
      writer.write(
        rowXml(i + 2, [
          { value: i + 1, style: styleOf('int') },
          { value: vendor, style: i === 2 ? styleOf('general', 'alert') : 0 },
          { value: 1_000 * (i + 1), style: styleOf('yen') },
        ]),
      ),
    );
    writer.write(rowXml(8, [{ value: { formula: 'SUM(C2:C6)', result: 15_000 }, style: styleOf('yen', 'bold') }], 3));
    await writer.drained();
    const summary = `${sheetStart([{ width: 20, format: 'general' }], false)}${rowXml(1, [{ value: '合計', style: 0 }])}</sheetData></worksheet>`;
    await writer.end([summary]);

    const workbook = await readWorkbook(readFileSync(file));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['明細', '集計']);
    const sheet = at(workbook.worksheets, 0);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(30);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect([2, 3, 4, 5, 6].map((r) => sheet.getCell(`B${r}`).value)).toEqual(['=HYPERLINK("x")', 'A & <B>', '制御文字', '😀 絵文字', '  前後に空白  ']);
    expect(sheet.getCell('B4').font?.color?.argb).toBe('FFB00020');
    expect(sheet.getCell('C3').value).toBe(2_000);
    expect(sheet.getCell('C3').numFmt).toBe(YEN_FORMAT);
    expect(sheet.getCell('A3').numFmt).toBe('#,##0');
    expect(sheet.getCell('C8').formula).toBe('SUM(C2:C6)');
    expect(sheet.getCell('C8').result).toBe(15_000);
    expect(at(workbook.worksheets, 1).getCell('A1').value).toBe('合計');
  });

  it('streams a long first sheet to the end, the ZIP holding each part once', async () => {
    const file = path.join(dir, 'long.xlsx');
    const writer = new XlsxStreamWriter(
      file,
      ['Ledger', 'Summary'],
      sheetStart(
        [
          { width: 10, format: 'int' },
          { width: 40, format: 'general' },
        ],
        true,
      ),
    );
    const rows = 20_000;
    for (let r = 1; r <= rows; r++) {
      writer.write(
        rowXml(r, [
          { value: r, style: styleOf('int') },
          { value: `line ${r} ${'x'.repeat(100)}`, style: 0 },
        ]),
      );
      if (r % 2_000 === 0) await writer.drained();
    }
    await writer.end([`${sheetStart([], false)}</sheetData></worksheet>`]);
    const parts = entriesByPath(await readZip(readFileSync(file)));
    expect([...parts.keys()].sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'docProps/app.xml',
      'docProps/core.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/theme/theme1.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
    ]);
    const sheet = parts.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet.match(/<row /g)).toHaveLength(rows);
    expect(sheet.endsWith('</worksheet>')).toBe(true);
    const workbook = await readWorkbook(readFileSync(file));
    expect(at(workbook.worksheets, 0).getCell(`A${rows}`).value).toBe(rows);
  });
});
