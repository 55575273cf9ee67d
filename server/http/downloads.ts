// GET /api/attachments/<id> and GET /api/packages/<packageId>.zip: files for the members of the
// company they belong to. Anyone else gets 404 (never a hint that the id exists), no session 401.

import type http from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { requireAttachment, requirePackage } from '../access.ts';
import type { SessionUser } from '../context.ts';
import type { Db } from '../db/client.ts';
import { incidents } from '../db/schema.ts';
import { nameForType, safeFileName } from '../files/file-name.ts';
import { isPreviewable } from '../files/media-type.ts';
import { packageKey } from '../files/object-store.ts';
import type { Storage } from '../storage.ts';
import { contentDisposition, sendAccessError, sendError } from './responses.ts';
import { packageFileName } from '../../shared/package-name.ts';
import { firstRow } from '../db/rows.ts';

/**
 * The stored object is opened before the answer starts: a file gone from the store is a 500 the server
 * logs (server.ts), not a 200 cut short. Once streaming, a failure can only cut the connection.
 */
async function stream(res: http.ServerResponse, open: Promise<Readable>, headers: Record<string, string | number>) {
  const body = await open;
  res.writeHead(200, headers);
  await pipeline(body, res).catch(() => res.destroy());
}

/** `?inline=1` previews a PDF or an image inside the app; everything else downloads. */
export async function downloadAttachment(res: http.ServerResponse, user: SessionUser | null, db: Db, storage: Storage, id: string, url: URL) {
  if (!user) return sendError(res, 401, 'UNAUTHORIZED', 'Sign in first');
  let found;
  try {
    found = (await requireAttachment({ db, user }, id, 'read')).attachment;
  } catch (error) {
    return sendAccessError(res, error);
  }
  const inline = url.searchParams.get('inline') === '1' && isPreviewable(found.mediaType);
  const headers: Record<string, string | number> = {
    'content-type': found.mediaType,
    'content-length': found.size,
    'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', safeFileName(nameForType(found.name, found.mediaType))),
    'cache-control': 'private, max-age=3600',
    etag: `"${found.sha256}"`,
  };
  if (inline) {
    // The app shows the preview in a frame of its own page; nothing inside the file may run.
    headers['content-security-policy'] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
    headers['x-frame-options'] = 'SAMEORIGIN';
  }
  await stream(res, storage.blobs.open(found.sha256), headers);
}

export async function downloadPackage(res: http.ServerResponse, user: SessionUser | null, db: Db, storage: Storage, id: string) {
  if (!user) return sendError(res, 401, 'UNAUTHORIZED', 'Sign in first');
  let found;
  try {
    found = await requirePackage({ db, user }, id, 'read');
  } catch (error) {
    return sendAccessError(res, error);
  }
  const incident = (await firstRow(db.select({ title: incidents.title }).from(incidents).where(eq(incidents.id, found.incidentId))))!;
  const fileName = packageFileName(incident.title, found.version, found.locale);
  await stream(res, storage.objects.get(packageKey(found.id)), {
    'content-type': 'application/zip',
    'content-length': found.size ?? 0,
    'content-disposition': contentDisposition('attachment', safeFileName(fileName)),
    'cache-control': 'private, max-age=31536000, immutable',
    etag: `"${found.sha256}"`,
  });
}
