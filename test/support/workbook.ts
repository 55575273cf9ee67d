// Opens an .xlsx the app wrote, as a spreadsheet program would, for the tests to read its cells.
import ExcelJS from 'exceljs';

/** The workbook in `bytes`. ExcelJS's types want an ArrayBuffer, so the file's bytes are copied into one. */
export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  await workbook.xlsx.load(copy.buffer);
  return workbook;
}
