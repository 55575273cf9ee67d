// The streaming XLSX reader on workbooks written part by part: what Excel writes that exceljs-written test
// files never hold (shared formulas, phonetic readings, built-in date formats, the 1904 date system,
// inline and escaped strings), the row limit it stops at, and the parts it refuses to unpack.
import { describe, expect, it } from 'vitest';
import { ImportFileError, type ImportFileErrorCode } from '../../server/import/import-file-error.ts';
import { readXlsxRows } from '../../server/import/read-xlsx.ts';
import { deflatedBomb, handMadeZip, sharedStringsXml, sheetXml, stylesXml, workbookParts, zipParts, type SheetSpec } from '../support/xlsx-parts.ts';
import { at } from '../support/at.ts';

const book = async (sheets: SheetSpec[], options: Parameters<typeof workbookParts>[1] = {}) =>
  await zipParts(workbookParts(sheets, options) as Record<string, string>);
const oneSheet = async (sheetData: string, options: Parameters<typeof workbookParts>[1] = {}, after = '') =>
  await book([{ name: '費用', xml: sheetXml(sheetData, after) }], options);
/** Style indexes used below: 0 General, 1 built-in 14 (m/d/yy), 2 yyyy"年"m"月"d"日", 3 Japanese era, 4 "¥"#,##0, 5 0.00%, 6 yyyy\/mm\/dd. */
const STYLES = stylesXml(
  { 176: 'yyyy"年"m"月"d"日"', 177: '[$-411]ggge"年"m"月"d"日"', 178: '"¥"#,##0', 179: 'yyyy\\/mm\\/dd' },
  [0, 14, 176, 177, 178, 10, 179],
);

async function codeOf(promise: Promise<unknown>): Promise<ImportFileErrorCode> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return (error as ImportFileError).code;
}

describe('cells as Excel shows them', () => {
  it('reads dates by their style: built-in and custom date formats, not currency or percent', async () => {
    const cells = [1, 2, 3, 4, 5, 6, 0].map((s, i) => `<c r="${'ABCDEFG'[i]}1" s="${s}"><v>46174.75</v></c>`).join('');
    const bytes = await oneSheet(`<row r="1">${cells}</row>`, { styles: STYLES });
    expect(await readXlsxRows(bytes)).toEqual([['2026-06-01', '2026-06-01', '2026-06-01', '46174.75', '46174.75', '2026-06-01', '46174.75']]);
  });

  it('counts days from 1904-01-01 in a workbook saved with the 1904 date system', async () => {
    const sheet = '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>44712</v></c></row>';
    expect(await readXlsxRows(await oneSheet(sheet, { styles: STYLES, date1904: true }))).toEqual([['1904-01-01', '2026-06-01']]);
    expect(await readXlsxRows(await oneSheet(sheet, { styles: STYLES }))).toEqual([['1899-12-30', '2022-05-31']]);
  });

  it('reads shared strings: plain, rich text runs joined, the phonetic reading left out, _xHHHH_ decoded', async () => {
    const strings = sharedStringsXml([
      '<t>通信費</t>',
      '<r><rPr><b/></rPr><t>調査</t></r><r><t xml:space="preserve">費用 </t></r>',
      '<t>髙橋</t><rPh sb="0" eb="2"><t>タカハシ</t></rPh><phoneticPr fontId="1"/>',
      '<t>一行目_x000D_\n二行目</t>',
      '<t>AT&amp;T &lt;本社&gt;</t>',
    ]);
    const cells = [0, 1, 2, 3, 4].map((i) => `<c r="${'ABCDE'[i]}1" t="s"><v>${i}</v></c>`).join('');
    expect(await readXlsxRows(await oneSheet(`<row r="1">${cells}</row>`, { sharedStrings: strings }))).toEqual([
      ['通信費', '調査費用 ', '髙橋', '一行目\r\n二行目', 'AT&T <本社>'],
    ]);
  });

  it('reads inline strings, booleans, error cells and numbers as Excel shows them', async () => {
    const sheet =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>摘要</t></is></c><c r="B1" t="inlineStr"><is><r><t>お詫び</t></r><r><t>品</t></r></is></c>' +
      '<c r="C1" t="b"><v>1</v></c><c r="D1" t="b"><v>0</v></c><c r="E1" t="e"><v>#N/A</v></c><c r="F1"><v>1100.0000000000002</v></c><c r="G1"><v>1.5</v></c></row>';
    expect(await readXlsxRows(await oneSheet(sheet))).toEqual([['摘要', 'お詫び品', 'true', 'false', '#N/A', '1100', '1.5']]);
  });

  it('reads a formula as its saved result (number, text, error, date), and one with no result as =FORMULA', async () => {
    const sheet =
      '<row r="1"><c r="A1"><f>1000*1.1</f><v>1100.0000000000002</v></c><c r="B1" t="str"><f>"A"&amp;"B"</f><v>A&amp;amp;B</v></c>' +
      '<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" s="1"><f>DATE(2026,6,1)</f><v>46174</v></c><c r="E1"><f>SUM(B2:B9)</f></c>' +
      '<c r="F1" t="str"><f>IF(A1&gt;0,"","x")</f><v></v></c><c r="G1"><f>A1-A1</f><v>0</v></c></row>';
    expect(await readXlsxRows(await oneSheet(sheet, { styles: STYLES }))).toEqual([['1100', 'A&B', '#DIV/0!', '2026-06-01', '=SUM(B2:B9)', '', '0']]);
  });

  it('reads the copies of a shared formula by their results, or as = and the cell holding the formula when there is none', async () => {
    const sheet =
      '<row r="2"><c r="C2"><f t="shared" ref="C2:C4" si="0">A2*B2</f><v>10</v></c></row>' +
      '<row r="3"><c r="C3"><f t="shared" si="0"/><v>20</v></c></row>' +
      '<row r="4"><c r="C4"><f t="shared" si="0"/></c></row>';
    expect(await readXlsxRows(await oneSheet(sheet))).toEqual([[], ['', '', '10'], ['', '', '20'], ['', '', '=C2']]);
  });

  it('reads a merged range as its top-left cell only, even where the file holds values under it', async () => {
    const sheet =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>見出し</t></is></c><c r="B1" t="inlineStr"><is><t>隠れた値</t></is></c><c r="C1"><v>3</v></c></row>' +
      '<row r="2"><c r="A2"><v>500</v></c><c r="B2"><v>600</v></c></row><row r="3"><c r="A3"><v>700</v></c></row>';
    const merges = '<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="A2:A3"/></mergeCells>';
    expect(await readXlsxRows(await oneSheet(sheet, {}, merges))).toEqual([
      ['見出し', '', '3'],
      ['500', '600'],
    ]);
  });

  it('keeps row numbers (empty rows as []), places cells by their address or after the one before, drops what is empty at the ends', async () => {
    const sheet =
      '<row r="2"><c r="B2"><v>1</v></c><c><v>2</v></c><c r="E2" s="4"/></row>' +
      '<row><c r="A3"><v>3</v></c></row><row r="5" s="1"><c r="A5" s="1"/></row><row r="6"><c r="C6" t="inlineStr"><is><t></t></is></c></row>';
    expect(await readXlsxRows(await oneSheet(sheet, { styles: STYLES }))).toEqual([[], ['', '1', '2'], ['3']]);
  });
});

describe('which sheet', () => {
  it('reads the first visible sheet in tab order, skipping hidden and very hidden ones; all hidden, the first', async () => {
    const sheet = (text: string) => sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row>`);
    const bytes = await book([
      { name: '設定', state: 'hidden', xml: sheet('設定') },
      { name: '一覧', state: 'veryHidden', xml: sheet('一覧') },
      { name: '費用', xml: sheet('費用') },
    ]);
    expect(await readXlsxRows(bytes)).toEqual([['費用']]);
    const allHidden = await book([
      { name: '設定', state: 'hidden', xml: sheet('設定') },
      { name: '一覧', state: 'hidden', xml: sheet('一覧') },
    ]);
    expect(await readXlsxRows(allHidden)).toEqual([['設定']]);
  });

  it('refuses a workbook without a worksheet, and one without workbook.xml', async () => {
    const parts = workbookParts([{ name: '費用', xml: sheetXml('') }]) as Record<string, string>;
    const { 'xl/worksheets/sheet1.xml': _sheet, ...noSheet } = parts;
    expect(await codeOf(readXlsxRows(await zipParts(noSheet)))).toBe('not_xlsx');
    const { 'xl/workbook.xml': _workbook, ...noWorkbook } = parts;
    expect(await codeOf(readXlsxRows(await zipParts(noWorkbook)))).toBe('not_xlsx');
  });
});

describe('limits', () => {
  it('stops one row past the limit: maxRows + 1 rows, the last the first row read past it', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i + 1}</v></c></row>`).join('');
    const read = await readXlsxRows(await oneSheet(rows), 10);
    expect(read).toHaveLength(11);
    expect(read[10]).toEqual(['11']);
    // A sheet whose only data row is far below is past the limit too: row numbers count, as a CSV's lines do.
    const far = await readXlsxRows(await oneSheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1000000"><c r="A1000000"><v>2</v></c></row>'), 10);
    expect(far).toHaveLength(11);
    expect(far[10]).toEqual(['2']);
  });

  it('refuses cells past Excel’s last column (XFD), a shared string that does not exist, and markup that is not XML', async () => {
    expect(await codeOf(readXlsxRows(await oneSheet('<row r="1"><c r="XFE1"><v>1</v></c></row>')))).toBe('not_xlsx');
    expect(await readXlsxRows(await oneSheet('<row r="1"><c r="XFD1"><v>1</v></c></row>')).then((rows) => at(rows, 0).length)).toBe(16_384);
    expect(await codeOf(readXlsxRows(await oneSheet('<row r="1"><c r="A1" t="s"><v>5</v></c></row>', { sharedStrings: sharedStringsXml(['<t>a</t>']) })))).toBe(
      'not_xlsx',
    );
    expect(await codeOf(readXlsxRows(await oneSheet('<row r="1"><c r="A1"><v>1</v></row>')))).toBe('not_xlsx');
  });

  it('refuses a table of more than 10,000,000 cells (rows of 16,384) before it fills memory', async () => {
    const rows = Array.from({ length: 700 }, (_, i) => `<row r="${i + 1}"><c r="XFD${i + 1}"><v>1</v></c></row>`).join('');
    expect(await codeOf(readXlsxRows(await oneSheet(rows)))).toBe('too_many_cells');
  });

  it('refuses a part declared larger than its cap before inflating it, and one that inflates past what it declared', async () => {
    const bomb = deflatedBomb('<worksheet><sheetData>', ' ', 300 * 1024 * 1024);
    const declaring = (declaredSize: number) => handMadeZip(workbookParts([{ name: '費用', xml: { deflated: bomb, declaredSize } }]));
    expect(await codeOf(readXlsxRows(declaring(300 * 1024 * 1024)))).toBe('unpacks_too_large');
    expect(await codeOf(readXlsxRows(declaring(64 * 1024)))).toBe('not_xlsx');
  });

  it('refuses a ZIP of more entries than any workbook has', async () => {
    const parts: Record<string, string> = workbookParts([{ name: '費用', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') }]) as Record<string, string>;
    for (let i = 0; i < 10_001; i++) parts[`xl/media/image${i}.png`] = '';
    expect(await codeOf(readXlsxRows(await zipParts(parts)))).toBe('unpacks_too_large');
  }, 30_000);
});
