// POST /api/costs/<costId>/attachments and POST /api/incidents/<incidentId>/documents/<kind>:
// one file per request in the multipart field `file`. The bytes are streamed to a temporary file while
// hashed, then checked (size, name, what the first bytes say it is) before anything is recorded.

import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../shared/documents.ts';
import type { FieldCode, FieldIssue, FieldParams, ParamsArg } from '../../shared/error-codes.ts';
import { requireCost, requireIncident } from '../access.ts';
import type { SessionUser } from '../context.ts';
import type { Db } from '../db/client.ts';
import { attachFile, type AttachTarget } from '../files/attach.ts';
import type { ReceivedFile } from '../files/blob-store.ts';
import { checkUploadName, nameForType } from '../files/file-name.ts';
import { ACCEPTED_MEDIA_TYPES, SNIFF_LENGTH, sniffMediaType } from '../files/media-type.ts';
import type { Storage } from '../storage.ts';
import { domainError, fieldError, issue, issuesEnglish } from '../errors.ts';
import { sendAccessError, sendError, sendJson } from './responses.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** A refused file: its HTTP status and code, and what is wrong with it as an issue of the field `file`. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly issue: FieldIssue,
  ) {
    super(issuesEnglish([issue]));
  }

  send(res: http.ServerResponse): void {
    sendError(res, this.status, this.code, this.message, { issues: [this.issue] });
  }
}

/** `refusedFile(413, 'PAYLOAD_TOO_LARGE', 'fileTooLarge', { megabytes: 20 })` */
export function refusedFile<C extends FieldCode>(status: number, httpCode: string, code: C, ...params: ParamsArg<FieldParams<C>>): UploadRefused {
  return new UploadRefused(status, httpCode, issue('file', code, ...params));
}

export const badRequest = <C extends FieldCode>(code: C, ...params: ParamsArg<FieldParams<C>>): UploadRefused =>
  refusedFile(400, 'BAD_REQUEST', code, ...params);

export interface Upload {
  file: ReceivedFile;
  name: string;
  truncated: boolean;
}

/** Reads the multipart body; answers the one file it carried, still in temporary storage. */
export function readUpload(req: http.IncomingMessage, storage: Storage, maxBytes = MAX_UPLOAD_BYTES): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // preservePath: see the name as sent, so a path in it is refused rather than silently stripped;
      // utf8: browsers send Japanese file names as raw UTF-8 (busboy assumes latin1).
      // fileSize + 1: busboy marks a file truncated on reaching the limit, and exactly the limit is allowed.
      parser = busboy({
        headers: req.headers,
        preservePath: true,
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: maxBytes + 1, fields: 10, parts: 12 },
      });
    } catch {
      reject(badRequest('fileNotMultipart'));
      return;
    }
    let refusal: UploadRefused | null = null;
    let received: Promise<Upload> | null = null;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || received) {
        refusal ??= field !== 'file' ? badRequest('fileUnexpectedField', { name: field }) : badRequest('fileOnePerRequest');
        stream.resume();
        return;
      }
      const name = checkUploadName(info.filename);
      if (!name.ok) {
        refusal ??= new UploadRefused(400, 'BAD_REQUEST', name.issue);
        stream.resume();
        return;
      }
      const receiving = storage.blobs.receive(stream, SNIFF_LENGTH).then((file) => ({ file, name: name.name, truncated: stream.truncated === true }));
      // Keep the rejection from going unhandled before 'close' awaits it.
      receiving.catch(() => {});
      received = receiving;
    });
    parser.on('filesLimit', () => {
      refusal ??= badRequest('fileOnePerRequest');
    });
    parser.on('error', () => reject(badRequest('fileUnreadableBody')));
    // Settles the upload's promise either way, so the promise it returns never rejects.
    const settle = async () => {
      try {
        const upload = received ? await received : null;
        if (refusal || !upload) {
          if (upload) storage.blobs.discard(upload.file);
          reject(refusal ?? badRequest('fileMissing'));
          return;
        }
        resolve(upload);
      } catch (error) {
        reject(error);
      }
    };
    parser.on('close', () => void settle());
    // pipeline, not pipe: an uploader who goes away mid-file ends the parser, and with it the temp file.
    pipeline(req, parser).catch(() => reject(badRequest('fileBrokeOff')));
  });
}

/** The checks on the bytes themselves; answers the media type to store. */
function checkContent(upload: Upload): string {
  if (upload.truncated) throw refusedFile(413, 'PAYLOAD_TOO_LARGE', 'fileTooLarge', { megabytes: MAX_UPLOAD_BYTES / 1024 / 1024 });
  if (upload.file.size === 0) throw badRequest('fileEmpty');
  const mediaType = sniffMediaType(upload.file.head);
  if (!mediaType) throw refusedFile(415, 'UNSUPPORTED_MEDIA_TYPE', 'fileUnsupported', { accepted: ACCEPTED_MEDIA_TYPES.join(', ') });
  return mediaType;
}

type TargetResolver = (user: SessionUser) => Promise<AttachTarget>;

async function handleUpload(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  user: SessionUser | null,
  db: Db,
  storage: Storage,
  resolveTarget: TargetResolver,
) {
  if (!user) return sendAccessError(res, domainError('UNAUTHORIZED', 'signInFirst'));
  let target: AttachTarget;
  try {
    target = await resolveTarget(user);
  } catch (error) {
    return sendAccessError(res, error);
  }

  let upload: Upload | null = null;
  try {
    upload = await readUpload(req, storage);
    const mediaType = checkContent(upload);
    // Stored under the extension of what it is: `領収書.bat` holding a PDF is kept as `領収書.pdf`.
    const stored = await attachFile(db, storage.blobs, target, { ...upload.file, name: nameForType(upload.name, mediaType), mediaType }, user.id);
    if (!stored) throw domainError('NOT_FOUND', 'notFound', { what: 'Cost line' });
    upload = null; // kept or dropped by attachFile
    sendJson(res, 201, stored);
  } catch (error) {
    if (upload) storage.blobs.discard(upload.file);
    if (error instanceof UploadRefused) return error.send(res);
    sendAccessError(res, error);
  }
}

const documentKindSchema = z.enum(DOCUMENT_KINDS);

export async function uploadCostAttachment(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  signedIn: SessionUser | null,
  db: Db,
  storage: Storage,
  costId: string,
) {
  return await handleUpload(req, res, signedIn, db, storage, async (user) => {
    const cost = await requireCost({ db, user }, costId, 'responder');
    return { companyId: cost.companyId, incidentId: cost.incidentId, costId: cost.id, documentKind: null };
  });
}

export async function uploadIncidentDocument(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  signedIn: SessionUser | null,
  db: Db,
  storage: Storage,
  incidentId: string,
  kind: string,
) {
  return await handleUpload(req, res, signedIn, db, storage, async (user) => {
    const incident = await requireIncident({ db, user }, incidentId, 'responder');
    const parsedKind = documentKindSchema.safeParse(kind);
    if (!parsedKind.success) throw fieldError('kind', 'oneOf', { values: DOCUMENT_KINDS.join(', ') });
    return { companyId: incident.companyId, incidentId: incident.id, costId: null, documentKind: parsedKind.data };
  });
}
