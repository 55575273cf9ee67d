// Text as a reader sees it: invisible and control characters removed from every name the app shows,
// downloads or zips, so a name cannot display as something it is not (docs/decisions/016).

/**
 * Line breaks, tabs and other spacing controls: they become a plain space rather than joining words.
 * NEL (U+0085) and the Unicode line and paragraph separators are line breaks too.
 */
const SPACING_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;

/**
 * What is dropped: controls (Cc: C0, DEL, C1), format characters (Cf: the bidirectional embeddings,
 * overrides and isolates U+202A–202E and U+2066–2069, the Arabic letter mark U+061C, zero-width
 * U+200B–200F and U+2060–2064, the byte-order mark U+FEFF, the soft hyphen, tag characters…) and lone
 * surrogates (Cs), which are not characters at all. A right-to-left override makes `invoice‮fdp.hta`
 * display as `invoiceath.pdf`; without it the reader sees the name as it is.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

/** The text without invisible and control characters, in composed Unicode (NFC), trimmed. */
export function visibleText(text: string): string {
  return text.replace(SPACING_CONTROLS, ' ').replace(INVISIBLE, '').normalize('NFC').trim();
}
