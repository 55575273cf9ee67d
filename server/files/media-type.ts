// Recognises an upload by its first bytes. The name and the browser's Content-Type are the uploader's
// claims; these signatures are what the file is. Only what receipts and documents come as is accepted.

export const ACCEPTED_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type AcceptedMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number];

/** Bytes needed to decide: the longest signature below ends at byte 12. */
export const SNIFF_LENGTH = 16;

const startsWith = (head: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => head[offset + i] === b);
const ascii = (head: Buffer, start: number, end: number) => head.subarray(start, end).toString('latin1');

/** HEIF brands that phone cameras write (iPhone photos are `heic`). */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

export function sniffMediaType(head: Buffer): AcceptedMediaType | null {
  if (ascii(head, 0, 5) === '%PDF-') return 'application/pdf';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(head, 4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(head, 8, 12))) return 'image/heic';
  return null;
}

/** The extension a stored file is given, from what it is rather than what it was called. */
export const EXTENSION_OF: Record<AcceptedMediaType, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/heic': '.heic',
};

/** Extensions that rightly name each type (lower case): an uploader's `.jpeg` or `.HEIC` is kept as it is. */
export const EXTENSIONS_OF: Record<AcceptedMediaType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg', '.jpe', '.jfif'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/heic': ['.heic', '.heif'],
};

/** Browsers can show these inline; HEIC they cannot, so it is only offered as a download. */
export function isPreviewable(mediaType: string): boolean {
  return mediaType !== 'image/heic';
}
