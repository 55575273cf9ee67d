// The shared strings of an XLSX (xl/sharedStrings.xml): Excel keeps each distinct text once and a text
// cell holds its index. Each string is kept as the text a user sees: rich text runs joined, the phonetic
// reading Japanese Excel stores beside a name (<rPh>, furigana) left out, `_xHHHH_` escapes decoded.
import { MAX_SHARED_STRINGS_BYTES } from './read-limits.ts';
import { decodeEscapes } from './xlsx-values.ts';
import { xmlEvents } from './xml-events.ts';
import type { ZipParts } from './zip-parts.ts';

const SHARED_STRINGS = 'xl/sharedStrings.xml';

/** The strings by index, or null when the workbook has no shared strings part. */
export async function readSharedStrings(zip: ZipParts): Promise<string[] | null> {
  if (!zip.has(SHARED_STRINGS)) return null;
  const strings: string[] = [];
  let depth = 0;
  // Within one <si>: its plain text (<t>), or its runs (<r><t>…</t></r>); null while it has neither.
  let item: string | string[] | null = null;
  let inRun = false;
  let runText: string | null = null;
  let collecting = false; // inside the <t> of the <si> or of a run
  let text = '';

  await zip.readText(
    SHARED_STRINGS,
    MAX_SHARED_STRINGS_BYTES,
    xmlEvents({
      open(name) {
        depth++;
        if (depth === 2 && name === 'si') item = null;
        else if (depth === 3 && name === 't') {
          collecting = true;
          text = '';
        } else if (depth === 3 && name === 'r') {
          inRun = true;
          runText = null;
        } else if (depth === 4 && inRun && name === 't') {
          collecting = true;
          text = '';
        }
      },
      text(chunk) {
        if (collecting) text += chunk;
      },
      close(name) {
        if (depth === 2 && name === 'si') strings.push(typeof item === 'string' ? item : item === null ? '' : item.join(''));
        else if (depth === 3 && name === 't' && collecting) {
          item = decodeEscapes(text);
          collecting = false;
        } else if (depth === 3 && name === 'r' && inRun) {
          // Runs after a plain <t> in the same item are ignored, as exceljs ignored them.
          if (item === null) item = [runText ?? ''];
          else if (typeof item !== 'string') item.push(runText ?? '');
          inRun = false;
        } else if (depth === 4 && inRun && name === 't') {
          runText = decodeEscapes(text);
          collecting = false;
        }
        depth--;
      },
    }),
  );
  return strings;
}
