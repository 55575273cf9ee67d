// Turns an uploaded CSV's bytes into text. Japanese finance teams save CSV from Excel as Shift_JIS (the
// default of "CSV (コンマ区切り)"), as UTF-8 with a BOM ("CSV UTF-8"), or from other tools as plain UTF-8;
// Excel's "Unicode テキスト" is UTF-16LE with a BOM. There is no label in the file, so we decide here.

import { ImportFileError } from './import-file-error.ts';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis' | 'utf-16le';

/**
 * UTF-8 is tried first because it is strict: Shift_JIS Japanese text almost never happens to be valid UTF-8,
 * while any bytes at all "decode" as something under a lenient reading. The WHATWG `shift_jis` decoder is
 * Windows-31J (CP932), so the NEC and IBM extensions Excel writes (①, Ⅱ, ㈱, 髙, 﨑) come out right.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    refuseBinary(body);
    return { text: strict('utf-8', body), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = strict('utf-16le', bytes.subarray(2));
    if (/[\0-\x08\x0e-\x1f]/.test(text)) throw new ImportFileError('not_text');
    return { text, encoding: 'utf-16le' };
  }
  refuseBinary(bytes);
  try {
    return { text: stripTrailingEof(new TextDecoder('utf-8', { fatal: true }).decode(bytes)), encoding: 'utf-8' };
  } catch {
    return { text: strict('shift_jis', bytes), encoding: 'shift_jis' };
  }
}

/** Decodes, or refuses the file: a byte sequence invalid in the encoding means we guessed wrong, or it is not text. */
function strict(encoding: string, bytes: Uint8Array): string {
  try {
    return stripTrailingEof(new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    throw new ImportFileError('not_text');
  }
}

/** Old DOS tools end text files with Ctrl-Z (0x1A); it is not part of the table. */
function stripTrailingEof(text: string): string {
  return text.endsWith('\x1a') ? text.slice(0, -1) : text;
}

/**
 * Text files hold no control bytes besides tab, line ends and form feed (and a final Ctrl-Z); binary files
 * (images, zips, a PDF renamed .csv) are full of them. In both UTF-8 and Shift_JIS a byte below 0x20 is
 * always that control character and never part of a multi-byte character, so the raw bytes can be checked.
 */
function refuseBinary(bytes: Uint8Array): void {
  const last = bytes.length - 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!; // i < bytes.length
    if (b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c || b === 0x0b) continue;
    if (b === 0x1a && i === last) continue;
    throw new ImportFileError('not_text');
  }
}
