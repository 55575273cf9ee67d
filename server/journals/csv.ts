// The bytes of a journal file: RFC 4180 fields, CRLF line ends, and the encoding the package reads —
// UTF-8 with a BOM, or Shift_JIS as Windows writes it (CP932, through iconv-lite: TextEncoder only writes UTF-8).

import iconv from 'iconv-lite';
import { csvField } from '../packages/ledger-csv.ts';

export type JournalEncoding = 'utf-8-bom' | 'cp932';

export type Cell = string | number | null;

/**
 * Characters that Japanese text typed on a Mac or in a browser carries but CP932 spells with another code
 * point (the JIS X 0208 mapping differences): written as CP932's own, they read back as the same glyph.
 */
const CP932_LOOKALIKES: Record<string, string> = {
  '\u301c': '\uff5e', // 〜 WAVE DASH → ～
  '\u2016': '\u2225', // ‖ → ∥
  '\u2212': '\uff0d', // − MINUS SIGN → －
  '\u00a2': '\uffe0', // ¢ → ￠
  '\u00a3': '\uffe1', // £ → ￡
  '\u00ac': '\uffe2', // ¬ → ￢
  '\u2014': '\u2015', // — EM DASH → ―
};

export function toCp932Text(text: string): string {
  return text.replace(/[\u301c\u2016\u2212\u00a2\u00a3\u00ac\u2014]/g, (c) => CP932_LOOKALIKES[c] ?? c);
}

/** Whether every character of `text` has a Shift_JIS (CP932) code, after the look-alikes above. */
export function fitsCp932(text: string): boolean {
  const normalised = toCp932Text(text);
  return iconv.decode(iconv.encode(normalised, 'cp932'), 'cp932') === normalised;
}

/**
 * A character's CP932 bytes: ASCII and half-width katakana take 1, everything else 2 (a character CP932
 * lacks is written as the one byte `?`, so 2 errs on the short side). Counted, not encoded: 弥生's 摘要 is
 * cut on every entry of files of 100,000 lines.
 */
const charBytes = (char: string) => (char <= '\u007f' || (char >= '\uff61' && char <= '\uff9f') ? 1 : 2);

/** The length of `text` in CP932 bytes (a full-width character is 2, a half-width one 1). */
export function cp932Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += charBytes(char);
  return bytes;
}

/** The longest start of `text` that fits in `maxBytes` CP932 bytes, never cutting a character in two. */
export function cutToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = charBytes(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

export function csvText(rows: Cell[][]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}

/** The file's bytes. A character CP932 lacks (an emoji, 𠮷) becomes `?`, as Windows' own conversion writes it. */
export function encodeCsv(rows: Cell[][], encoding: JournalEncoding): Buffer {
  const text = csvText(rows);
  return encoding === 'cp932' ? iconv.encode(toCp932Text(text), 'cp932') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** `2026-06-10` → `2026/06/10`: the form the three packages document. */
export const slashDate = (date: string) => date.replaceAll('-', '/');
