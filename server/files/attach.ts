// Records an uploaded file against a cost line or an incident document, once its bytes are checked.

import { and, eq, isNull } from 'drizzle-orm';
import type { DocumentKind } from '../../shared/documents.ts';
import { recordAudit } from '../audit.ts';
import type { Db } from '../db/client.ts';
import { attachments, costs } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { BlobStore, ReceivedFile } from './blob-store.ts';
import { nameForType } from './file-name.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

export interface AttachTarget {
  companyId: string;
  incidentId: string;
  costId: string | null;
  documentKind: DocumentKind | null;
}

export interface StoredAttachment {
  id: string;
  sha256: string;
  name: string;
  size: number;
  mediaType: string;
}

const costIsLive = async (db: Pick<Db, 'select'>, costId: string) =>
  (await firstRow(
    db
      .select({ id: costs.id })
      .from(costs)
      .where(and(eq(costs.id, costId), isNull(costs.deletedAt))),
  )) !== undefined;

/**
 * Keeps the bytes (once, however often they are uploaded) and adds the row with its audit entry.
 * Uploading the same file to the same place again answers the existing attachment and adds nothing.
 * Answers null when the cost line was removed while the file was arriving.
 */
export async function attachFile(
  db: Db,
  blobs: BlobStore,
  target: AttachTarget,
  file: ReceivedFile & { name: string; mediaType: string },
  userId: string,
): Promise<StoredAttachment | null> {
  if (target.costId && !(await costIsLive(db, target.costId))) {
    blobs.discard(file);
    return null;
  }
  // The bytes first, then the row: storing may be a request to a bucket, which cannot run inside the
  // database's transaction. A failed insert leaves at most an unreferenced file, never a row without its
  // file — the order backups and crash recovery rely on. Same bytes already stored: nothing is written.
  await blobs.keep(file, file.mediaType);
  return await transact(db, async (tx) => {
    // Again inside the transaction: the line may have been removed while the bytes were stored.
    if (target.costId && !(await costIsLive(tx, target.costId))) return null;
    const sameFile = await firstRow(
      tx
        .select({ id: attachments.id, sha256: attachments.sha256, name: attachments.name, size: attachments.size, mediaType: attachments.mediaType })
        .from(attachments)
        .where(
          and(
            eq(attachments.incidentId, target.incidentId),
            target.costId ? eq(attachments.costId, target.costId) : isNull(attachments.costId),
            target.documentKind ? eq(attachments.documentKind, target.documentKind) : isNull(attachments.documentKind),
            eq(attachments.sha256, file.sha256),
            isNull(attachments.deletedAt),
          ),
        ),
    );
    if (sameFile) {
      // A row stored before names were cleaned is answered as it is now shown.
      return { ...sameFile, name: nameForType(sameFile.name, sameFile.mediaType) };
    }
    const row = { id: newId(), ...target, sha256: file.sha256, name: file.name, size: file.size, mediaType: file.mediaType, uploadedBy: userId };
    await tx.insert(attachments).values(row);
    await recordAudit(tx, {
      companyId: target.companyId,
      incidentId: target.incidentId,
      entityType: 'attachment',
      entityId: row.id,
      action: 'create',
      actorUserId: userId,
      after: { costId: target.costId, documentKind: target.documentKind, name: file.name, sha256: file.sha256, size: file.size },
    });
    return { id: row.id, sha256: row.sha256, name: row.name, size: row.size, mediaType: row.mediaType };
  });
}
