// Opens an XLSX's bytes with exceljs, whose typings take an ArrayBuffer where Node hands the test a Buffer.
import ExcelJS from 'exceljs';

/** The workbook in these bytes; missing bytes (a file absent from a ZIP) fail the test by name. */
export async function readWorkbook(bytes: Uint8Array | undefined, name = 'the workbook'): Promise<ExcelJS.Workbook> {
  if (bytes === undefined) throw new Error(`expected ${name} to exist`);
  const workbook = new ExcelJS.Workbook();
  // A copy of exactly these bytes (a Buffer may be a view into a larger pool), as the ArrayBuffer exceljs's typings ask for.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook;
}
