// Sends files to the upload routes (multipart; tRPC carries only JSON). One request per file, so each
// file gets its own success or error, and a refused photo does not hold back the other receipts.
import i18n from '../i18n/index.ts';
import type { TranslationKey } from '../i18n/keys.ts';
import { fieldText, issuesOf, reasonOf, reasonText } from './error-text.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** What the file pickers offer; the server decides by the bytes, this only narrows the picker. */
export const ACCEPT = 'application/pdf,image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif';

export const costUploadUrl = (costId: string) => `/api/costs/${costId}/attachments`;

export interface Uploaded {
  id: string;
  sha256: string;
  name: string;
  size: number;
}

/** The body of a refused upload (server/http: `{ error: { message, code, data } }`); parts may be missing. */
export interface RefusedAnswer {
  error?: { message?: string; code?: string; data?: { messageJa?: string; issues?: unknown; reason?: unknown } };
}

export type UploadResult = { ok: true; file: Uploaded } | { ok: false; name: string; message: string };

/** The refusal in the reader's language: by its codes (shared/error-codes.ts), else by its HTTP status, else the server's English. */
function refusalMessage(status: number, error: { message?: string; data?: unknown } | undefined): string {
  const [issue] = issuesOf(error?.data);
  if (issue) return fieldText(issue);
  const reason = reasonOf(error?.data);
  if (reason) return reasonText(reason);
  const known: Record<number, TranslationKey> = {
    401: 'errors.UNAUTHORIZED',
    403: 'errors.FORBIDDEN',
    404: 'errors.NOT_FOUND',
    413: 'upload.tooLarge',
    415: 'upload.unsupported',
  };
  const key = known[status];
  if (key) return i18n.t(key);
  return error?.message ?? i18n.t('errors.INTERNAL_SERVER_ERROR');
}

export async function uploadFile(url: string, file: File): Promise<UploadResult> {
  // Refuse early what the server would refuse anyway, without sending 20 MB first.
  if (file.size > MAX_UPLOAD_BYTES) return { ok: false, name: file.name, message: i18n.t('upload.tooLarge') };
  if (file.size === 0) return { ok: false, name: file.name, message: i18n.t('upload.empty') };
  const body = new FormData();
  body.append('file', file, file.name);
  try {
    const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
    const answer: unknown = await response.json().catch(() => ({}));
    if (response.ok) return { ok: true, file: answer as Uploaded };
    return { ok: false, name: file.name, message: refusalMessage(response.status, (answer as RefusedAnswer | null)?.error) };
  } catch {
    return { ok: false, name: file.name, message: i18n.t('errors.network') };
  }
}

/** Uploads one after another (a phone on a weak network does better than with ten at once). */
export async function uploadFiles(url: string, files: File[], onEach?: (result: UploadResult) => void): Promise<UploadResult[]> {
  const results: UploadResult[] = [];
  for (const file of files) {
    const result = await uploadFile(url, file);
    results.push(result);
    onEach?.(result);
  }
  return results;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
