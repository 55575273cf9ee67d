// Reads the first sheet of an Excel workbook into rows of cell texts, the same shape a CSV gives, so one
// set of cell parsers (shared/import-values.ts) reads both. The workbook is read as it unpacks, each part
// within a cap (server/import/read-limits.ts), and the sheet only as far as the import's row limit.

import { readSheetRows } from './xlsx-sheet.ts';
import { readSharedStrings } from './xlsx-shared-strings.ts';
import { readDateStyles } from './xlsx-styles.ts';
import { readWorkbookFacts } from './xlsx-workbook.ts';
import { ZipParts } from './zip-parts.ts';

/**
 * Rows of the first visible worksheet; row i of the result is the sheet's row i + 1, with `[]` for an empty
 * row in between, so a problem can be reported by the row number the user sees in Excel. Empty rows at the
 * end (left over from formatting or cleared cells) are dropped, and so are empty cells at the end of a row.
 * Past `maxRows` rows reading stops, and the result has `maxRows + 1` rows (see readSheetRows).
 * Throws ImportFileError: `not_xlsx` for anything that is not a readable workbook, `unpacks_too_large`.
 */
export async function readXlsxRows(bytes: Buffer, maxRows = Infinity): Promise<string[][]> {
  const zip = await ZipParts.open(bytes);
  const workbook = await readWorkbookFacts(zip);
  const dateStyles = await readDateStyles(zip);
  const sharedStrings = await readSharedStrings(zip);
  return await readSheetRows(zip, workbook.sheetPart, { sharedStrings, dateStyles, date1904: workbook.date1904 }, maxRows);
}
