// Which worksheet of an XLSX the import reads, and the workbook's date system: from xl/workbook.xml (the
// sheets in tab order, hidden or not) and xl/_rels/workbook.xml.rels (which part holds each sheet).
import { ImportFileError } from './import-file-error.ts';
import { MAX_SMALL_PART_BYTES } from './read-limits.ts';
import { xmlEvents } from './xml-events.ts';
import type { ZipParts } from './zip-parts.ts';

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
/** The parts exceljs read as worksheets; a chart sheet (xl/chartsheets/…) has no cells. */
const WORKSHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;

export interface WorkbookFacts {
  /** The ZIP entry of the sheet to read. */
  sheetPart: string;
  /** Serial numbers count days from 1904-01-01 (old Mac Excel), not from 1899-12-30. */
  date1904: boolean;
}

interface SheetEntry {
  relationId: string | undefined;
  visible: boolean;
}

/**
 * The first visible sheet in tab order (the first sheet when all are hidden), among the sheets whose part
 * is in the file; a chart sheet has no cells and is passed over. Throws `not_xlsx` when there is none.
 */
export async function readWorkbookFacts(zip: ZipParts): Promise<WorkbookFacts> {
  if (!zip.has(WORKBOOK) || !zip.has(WORKBOOK_RELS)) throw new ImportFileError('not_xlsx');
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  let inSheets = false;
  await zip.readText(
    WORKBOOK,
    MAX_SMALL_PART_BYTES,
    xmlEvents({
      open(name, attributes) {
        if (name === 'sheets') inSheets = true;
        // A sheet id of 0 or none was never shown by the reader before (exceljs) either.
        else if (name === 'sheet' && inSheets && parseInt(attributes.sheetId ?? '', 10) >= 1) {
          sheets.push({ relationId: attributes['r:id'], visible: (attributes.state || 'visible') === 'visible' });
        } else if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      },
      text() {},
      close(name) {
        if (name === 'sheets') inSheets = false;
      },
    }),
  );

  const targets = new Map<string, string>();
  await zip.readText(
    WORKBOOK_RELS,
    MAX_SMALL_PART_BYTES,
    xmlEvents({
      open(name, attributes) {
        if (name === 'Relationship' && attributes.Id !== undefined && attributes.Target !== undefined) targets.set(attributes.Id, attributes.Target);
      },
      text() {},
      close() {},
    }),
  );

  // A target is relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/worksheets/sheet1.xml").
  const partOf = (sheet: SheetEntry) => {
    const target = sheet.relationId === undefined ? undefined : targets.get(sheet.relationId);
    const part = target === undefined ? undefined : `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`;
    return part !== undefined && WORKSHEET_PART.test(part) && zip.has(part) ? part : undefined;
  };
  const readable = sheets.filter((sheet) => partOf(sheet) !== undefined);
  const sheet = readable.find((s) => s.visible) ?? readable[0];
  if (!sheet) throw new ImportFileError('not_xlsx');
  return { sheetPart: partOf(sheet)!, date1904 };
}
