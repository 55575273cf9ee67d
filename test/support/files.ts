// Small valid files built in memory, multipart uploads as a script sends them, and what the server keeps on disk.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { at } from './at.ts';

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Some bytes no other test file has, so one upload never turns into a duplicate of another. */
const noise = (length = 32) => randomBytes(length);

/** A real 1×1 PNG (opens in any viewer), with a unique text chunk before IEND. */
export function png(): Buffer {
  const base = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  const iend = base.subarray(base.length - 12);
  const text = Buffer.concat([Buffer.from('Comment\0'), Buffer.from(noise().toString('hex'))]);
  const chunk = Buffer.alloc(12 + text.length);
  chunk.writeUInt32BE(text.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  text.copy(chunk, 8);
  chunk.writeUInt32BE(0, 8 + text.length); // CRC not checked by the server
  return Buffer.concat([base.subarray(0, base.length - 12), chunk, iend]);
}

/** A JPEG: SOI + JFIF APP0 header, some bytes, EOI. */
export function jpeg(): Buffer {
  const app0 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  return Buffer.concat([app0, noise(64), Buffer.from([0xff, 0xd9])]);
}

/** A minimal PDF (header, one object, trailer). */
export function pdf(extra = ''): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${noise(8).toString('hex')} ${extra}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

/** A WebP: RIFF <size> WEBP then a VP8 chunk. */
export function webp(): Buffer {
  const body = Buffer.concat([Buffer.from('WEBPVP8 ', 'latin1'), Buffer.from([32, 0, 0, 0]), noise(32)]);
  const header = Buffer.alloc(8);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** A HEIC as an iPhone writes it: an ftyp box with the `heic` brand. */
export function heic(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, noise(48)]);
}

/** A Windows executable (MZ header) and a Linux one (ELF), which no name makes a receipt. */
export const windowsExe = (): Buffer => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), noise(64)]);
export const elf = (): Buffer => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), noise(64)]);

/** A body of exactly `size` bytes that starts like a PDF. */
export function pdfOfSize(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  noise(16).copy(bytes, 16);
  return bytes;
}

/**
 * What the upload routes answer (server/http/uploads.ts): an attachment or document (`id`, `sha256`, `name`),
 * an import (`importId`), or an error. Every field is optional so a test reads what its route sends.
 */
export interface UploadBody {
  id?: string;
  sha256?: string;
  name?: string;
  size?: number;
  importId?: string;
  /** The same shape as a tRPC error (server/http/responses.ts): the codes are in `data` (docs/decisions/032). */
  error?: {
    code: string;
    message: string;
    data?: {
      code: string;
      httpStatus: number;
      /** An import's refusal in Japanese too (server/http/imports.ts). */
      messageJa?: string;
      issues?: { code: string; field: string; params: Record<string, unknown> }[];
      reason?: { code: string; params: Record<string, unknown> };
    };
  };
}

export interface UploadAnswer {
  status: number;
  /** The parsed JSON, or the text when the answer is not JSON. */
  body: UploadBody;
  headers: Headers;
}

export interface FilePart {
  bytes: Uint8Array;
  name: string;
  field?: string;
  /** What the browser claims; the server must not believe it. */
  type?: string;
}

/** Posts a multipart form the way a browser or script would. */
export async function postFiles(url: string, cookie: string | null, parts: FilePart[], headers: Record<string, string> = {}): Promise<UploadAnswer> {
  const form = new FormData();
  for (const part of parts)
    form.append(part.field ?? 'file', new Blob([new Uint8Array(part.bytes)], { type: part.type ?? 'application/octet-stream' }), part.name);
  return await post(url, cookie, form, headers);
}

export async function post(url: string, cookie: string | null, body: BodyInit | Uint8Array, headers: Record<string, string> = {}): Promise<UploadAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    body: body instanceof Uint8Array ? new Uint8Array(body) : body,
    headers: { ...headers, ...(cookie ? { cookie } : {}) },
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the failure message
  }
  return { status: response.status, body: parsed as UploadBody, headers: response.headers };
}

/** The files kept under DATA_DIR/files (not counting the temporary directory), relative paths, sorted. */
export function storedFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'files');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((relative) => !relative.startsWith(`tmp${path.sep}`))
    .sort();
}

/** What is left in DATA_DIR/files/tmp. */
export function tempFiles(dataDir: string): string[] {
  const tmp = path.join(dataDir, 'files', 'tmp');
  return existsSync(tmp) ? readdirSync(tmp) : [];
}

/** Where a kept file with these bytes lives. */
export const blobPath = (dataDir: string, sha: string): string => path.join(dataDir, 'files', sha.slice(0, 2), sha);

/** The decoded `filename*` of a Content-Disposition header. */
export function dispositionName(header: string | null): string | null {
  const match = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  return match ? decodeURIComponent(at(match, 1)) : null;
}

/** Attaches a file to a cost line through the real upload route; fails the test if it is refused. */
export async function attachToLine(
  baseUrl: string,
  cookie: string | null,
  costId: string,
  bytes: Uint8Array,
  name: string,
): Promise<{ id: string; sha256: string }> {
  const answer = await postFiles(`${baseUrl}/api/costs/${costId}/attachments`, cookie, [{ bytes, name }]);
  const { id, sha256 } = answer.body;
  if (answer.status !== 201 || !id || !sha256) throw new Error(`upload of ${name} refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { id, sha256 };
}
