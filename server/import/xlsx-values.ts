// How an XLSX cell's stored value becomes the text the import reads: numbers as Excel shows them, dates
// as YYYY-MM-DD, and the few encodings the file format uses inside strings. The rules are exceljs's
// (the reader before this one), so a file reads exactly as it did.

/**
 * Excel keeps 15 significant digits, so a formula such as `=1000*1.1` holds 1100.0000000000002 while the
 * sheet shows 1100. Reading the number as Excel shows it gives the integer the user sees; a real fraction
 * (1.5) stays a decimal string for the yen parser to refuse.
 */
export function numberText(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/**
 * The day a date cell shows, from its serial number (days since 1899-12-30, or since 1904-01-01 in a
 * workbook saved with the 1904 date system). Computed as exceljs did: the instant at UTC, then its UTC
 * day, so a time of day never moves the date. `serial` is whatever the cell held: a text result of a
 * date-formatted formula goes through JavaScript's coercion as it did before (and may be 'invalid date').
 */
export function serialDateText(serial: unknown, date1904: boolean): string {
  const date = new Date(Math.round(((serial as number) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
  if (Number.isNaN(date.getTime())) return 'invalid date';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * Whether a number format shows a date or time: any of y m d h s b outside quoted text and brackets
 * (`[Red]`, `[$-411]`). Excel has no flag for it; the format code is all there is.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** The built-in number formats a style may name by id alone (ECMA-376 §18.8.30, without the East Asian ids). */
export const BUILT_IN_FORMATS: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** Characters XML cannot hold are written `_xHHHH_` in shared strings (a line feed of a cell is `_x000D_`…). */
export function decodeEscapes(text: string): string {
  return text.indexOf('_x') === -1 ? text : text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const NAMED_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' };

/** A formula's text result (`t="str"`) is entity-decoded once more than XML does, as exceljs did. */
export function decodeEntitiesAgain(text: string): string {
  return text.indexOf('&') === -1 ? text : text.replace(/&([a-z]*);/g, (entity) => NAMED_ENTITIES[entity] ?? entity);
}
