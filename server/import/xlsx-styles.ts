// Which cell styles of an XLSX show a date: a date cell is a number whose style's number format shows a
// date (xl/styles.xml: the cell's `s` is an index into <cellXfs>, whose numFmtId names a built-in format or
// one of <numFmts>).
import { MAX_STYLES_BYTES } from './read-limits.ts';
import { BUILT_IN_FORMATS, isDateFormat } from './xlsx-values.ts';
import { xmlEvents } from './xml-events.ts';
import type { ZipParts } from './zip-parts.ts';

const STYLES = 'xl/styles.xml';

/** For each style index, whether it shows a date; empty when the workbook has no styles part. */
export async function readDateStyles(zip: ZipParts): Promise<boolean[]> {
  if (!zip.has(STYLES)) return [];
  const formats = new Map<number, string>();
  const styleFormatIds: number[] = [];
  let depth = 0;
  let list: string | null = null; // the child of <styleSheet> being read
  await zip.readText(
    STYLES,
    MAX_STYLES_BYTES,
    xmlEvents({
      open(name, attributes) {
        depth++;
        if (depth === 2) list = name;
        else if (depth === 3 && list === 'numFmts' && name === 'numFmt' && attributes.formatCode !== undefined) {
          // A backslash escapes the next character of a format code ("yyyy\/mm\/dd").
          formats.set(parseInt(attributes.numFmtId ?? '', 10), attributes.formatCode.replace(/[\\](.)/g, '$1'));
        } else if (depth === 3 && list === 'cellXfs' && name === 'xf') styleFormatIds.push(parseInt(attributes.numFmtId ?? '', 10));
      },
      text() {},
      close() {
        if (depth === 2) list = null;
        depth--;
      },
    }),
  );
  // numFmtId 0 (General) or none: not a date, whatever the built-in table says.
  return styleFormatIds.map((id) => !!id && isDateFormat(formats.get(id) || BUILT_IN_FORMATS[id]));
}
