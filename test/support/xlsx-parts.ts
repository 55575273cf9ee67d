// XLSX files written part by part, for the reader's own tests and the hostile ones: a workbook's XML as a
// test spells it (what Excel writes that exceljs does not: shared formulas, phonetic readings, 1904 dates),
// a sheet of millions of rows written fast, and ZIP bombs whose parts inflate to gigabytes, with sizes
// declared honestly or not. yazl writes the ordinary ZIPs; the bombs are laid out by hand, because no
// writer lets a ZIP declare sizes it does not have.
import { constants, deflateRawSync } from 'node:zlib';
import yazl from 'yazl';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface SheetSpec {
  name: string;
  state?: 'hidden' | 'veryHidden';
  /** The worksheet part's XML, or the bytes of an entry already deflated (see rawEntry). */
  xml: string | RawEntry;
}

/** The parts every workbook here has: content types, package and workbook relationships, workbook.xml. */
export function workbookParts(
  sheets: SheetSpec[],
  options: { date1904?: boolean; styles?: string; sharedStrings?: string } = {},
): Record<string, string | RawEntry> {
  const parts: Record<string, string | RawEntry> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${OFFICE_RELS}">` +
      (options.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>') +
      '<sheets>' +
      sheets.map((sheet, i) => `<sheet name="${sheet.name}" sheetId="${i + 1}"${sheet.state ? ` state="${sheet.state}"` : ''} r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${OFFICE_RELS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${OFFICE_RELS}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId${sheets.length + 2}" Type="${OFFICE_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  };
  sheets.forEach((sheet, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = sheet.xml));
  if (options.styles !== undefined) parts['xl/styles.xml'] = options.styles;
  if (options.sharedStrings !== undefined) parts['xl/sharedStrings.xml'] = options.sharedStrings;
  return parts;
}

/** A worksheet part around the given <sheetData> content (and what follows it: <mergeCells>…). */
export const sheetXml = (sheetData: string, after = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}" xmlns:r="${OFFICE_RELS}"><sheetData>${sheetData}</sheetData>${after}</worksheet>`;

/** styles.xml with the given custom number formats and, per style index, its numFmtId. */
export const stylesXml = (numFmts: Record<number, string>, cellXfs: number[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}">` +
  `<numFmts count="${Object.keys(numFmts).length}">${Object.entries(numFmts)
    .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replace(/"/g, '&quot;')}"/>`)
    .join('')}</numFmts>` +
  '<fonts count="1"><font><sz val="11"/><name val="游ゴシック"/><family val="2"/><charset val="128"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  // cellStyleXfs holds <xf> too: they are not cell styles, and a reader must not count them.
  '<cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="${cellXfs.length}">${cellXfs.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('')}</cellXfs></styleSheet>`;

/** sharedStrings.xml from each <si>'s inner XML. */
export const sharedStringsXml = (items: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${items.length}" uniqueCount="${items.length}">${items.map((si) => `<si>${si}</si>`).join('')}</sst>`;

/** A ZIP of the parts through yazl (deflated, sizes true). */
export async function zipParts(parts: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  // Level 1: a sheet of millions of rows deflates in a second rather than four, still ~1:8.
  for (const [name, content] of Object.entries(parts))
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, name, { compressionLevel: 1 });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A workbook of one sheet `費用`: a header row and `dataRows` rows of a date serial and an amount, as fast as a test needs. */
export async function xlsxOfRows(dataRows: number): Promise<Buffer> {
  const rows: string[] = ['<row r="1"><c r="A1" t="inlineStr"><is><t>日付</t></is></c><c r="B1" t="inlineStr"><is><t>金額</t></is></c></row>'];
  for (let r = 2; r <= dataRows + 1; r++) rows.push(`<row r="${r}"><c r="A${r}" s="1"><v>46174</v></c><c r="B${r}"><v>${1000 + (r % 1000)}</v></c></row>`);
  return await zipParts(workbookParts([{ name: '費用', xml: sheetXml(rows.join('')) }], { styles: stylesXml({}, [0, 14]) }) as Record<string, string>);
}

/** An entry whose deflated bytes and declared sizes are given as they are, whatever they hold. */
export interface RawEntry {
  deflated: Buffer;
  /** What the ZIP says the part unpacks to (its central directory and local header). */
  declaredSize: number;
}

/**
 * Deflated bytes that inflate to `prefix`, then at least `size` bytes of `filler` repeated: a megabyte of filler
 * is compressed once and its blocks repeated (a compressor's output never refers back past its own
 * start, so the copies inflate one after another), then a final empty block. ~1 KB per MB of output.
 */
export function deflatedBomb(prefix: string, filler: string, size: number): Buffer {
  const unit = Buffer.alloc(Math.floor((1024 * 1024) / Buffer.byteLength(filler)) * Buffer.byteLength(filler), filler);
  const block = deflateRawSync(unit, { finishFlush: constants.Z_SYNC_FLUSH });
  const head = deflateRawSync(Buffer.from(prefix, 'utf8'), { finishFlush: constants.Z_SYNC_FLUSH });
  const copies = Math.ceil(size / unit.length);
  return Buffer.concat([head, ...Array.from({ length: copies }, () => block), deflateRawSync(Buffer.alloc(0))]);
}

/** A ZIP laid out by hand: every entry deflated, its sizes as declared (CRCs left 0: readers of XLSX do not check them). */
export function handMadeZip(parts: Record<string, string | RawEntry>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(parts)) {
    const entry = typeof content === 'string' ? { deflated: deflateRawSync(Buffer.from(content, 'utf8')), declaredSize: Buffer.byteLength(content) } : content;
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 14); // CRC-32
    local.writeUInt32LE(entry.deflated.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 16);
    central.writeUInt32LE(entry.deflated.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, entry.deflated);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + entry.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
