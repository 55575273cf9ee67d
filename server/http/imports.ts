// POST /api/incidents/<incidentId>/imports: one CSV or XLSX file in the multipart field `file`.
// The file is read as a table and kept in the content store; the answer is its columns, a few sample
// rows and the mapping to start from. No ledger line is written until costImport.commit.
import type http from 'node:http';
import type { SessionUser } from '../context.ts';
import type { Db } from '../db/client.ts';
import { requireIncident } from '../access.ts';
import { IMPORT_ROLE, ImportRefused, receiveImport } from '../import/import-service.ts';
import type { Storage } from '../storage.ts';
import { domainError } from '../errors.ts';
import { sendAccessError, sendJson } from './responses.ts';
import { readUpload, refusedFile, UploadRefused, type Upload } from './uploads.ts';
import { TRPCError } from '@trpc/server';

/** A 100,000-line CSV is about 10 MB; 50 MB leaves room for wide files and XLSX. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export async function uploadImport(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  user: SessionUser | null,
  db: Db,
  storage: Storage,
  incidentId: string,
) {
  if (!user) return sendAccessError(res, domainError('UNAUTHORIZED', 'signInFirst'));
  // Who may import is known before the body: a refused caller does not get 50 MB spooled to disk first.
  try {
    await requireIncident({ db, user }, incidentId, IMPORT_ROLE);
  } catch (error) {
    return sendAccessError(res, error);
  }
  let upload: Upload | null = null;
  try {
    upload = await readUpload(req, storage, MAX_IMPORT_BYTES);
    if (upload.truncated) throw refusedFile(413, 'PAYLOAD_TOO_LARGE', 'fileTooLarge', { megabytes: MAX_IMPORT_BYTES / 1024 / 1024 });
    if (upload.file.size === 0) throw new ImportRefused(400, 'BAD_REQUEST', 'file: the file is empty', 'ファイルが空です');
    const answer = await receiveImport({ db, user }, storage, incidentId, upload.file, upload.name);
    upload = null; // kept in the store
    sendJson(res, 201, answer);
  } catch (error) {
    if (upload) storage.blobs.discard(upload.file);
    if (error instanceof TRPCError) return sendAccessError(res, error);
    if (error instanceof ImportRefused) {
      return sendJson(res, error.status, {
        error: { message: error.en, code: error.code, data: { code: error.code, httpStatus: error.status, messageJa: error.ja } },
      });
    }
    if (error instanceof UploadRefused) return error.send(res);
    throw error;
  }
}
