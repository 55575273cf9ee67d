// Files on cost lines and incident documents: list and remove. Uploads and downloads are plain HTTP
// (server/http/uploads.ts, downloads.ts) because tRPC carries JSON, not files.

import { domainError } from '../errors.ts';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { attachmentIdInput, attachmentListInput } from '../../shared/schemas.ts';
import { hasRole, requireAttachment, requireIncident } from '../access.ts';
import { recordAudit } from '../audit.ts';
import { attachments, users } from '../db/schema.ts';
import { nameForType } from '../files/file-name.ts';
import { isPreviewable } from '../files/media-type.ts';
import { nowIso } from '../ids.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { transact } from '../db/transaction.ts';

export const attachmentRouter = router({
  list: authedProcedure.input(attachmentListInput).query(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'read');
    return (
      (
        await ctx.db
          .select({
            id: attachments.id,
            costId: attachments.costId,
            documentKind: attachments.documentKind,
            name: attachments.name,
            size: attachments.size,
            mediaType: attachments.mediaType,
            sha256: attachments.sha256,
            createdAt: attachments.createdAt,
            uploadedBy: attachments.uploadedBy,
            uploadedByName: users.name,
          })
          .from(attachments)
          .innerJoin(users, eq(users.id, attachments.uploadedBy))
          .where(and(eq(attachments.incidentId, incident.id), isNull(attachments.deletedAt), input.costId ? eq(attachments.costId, input.costId) : undefined))
          .orderBy(asc(attachments.createdAt), asc(attachments.id))
      )
        // Names are cleaned on the way out too: rows stored before the rule still held the uploader's extension.
        .map((a) => ({ ...a, name: nameForType(a.name, a.mediaType), previewable: isPreviewable(a.mediaType) }))
    );
  }),

  /** Finance may remove any file; a responder only the files they uploaded. Exported packages keep theirs. */
  remove: answersInTransaction.input(attachmentIdInput).mutation(async ({ ctx, input }) => {
    const { attachment, access } = await requireAttachment(ctx, input.id, 'responder');
    if (access.kind === 'member' && !hasRole(access.role, 'finance') && attachment.uploadedBy !== ctx.user.id) {
      throw domainError('FORBIDDEN', 'ownFilesOnly');
    }
    await transact(ctx.db, async (tx) => {
      await tx.update(attachments).set({ deletedAt: nowIso() }).where(eq(attachments.id, attachment.id));
      await recordAudit(tx, {
        companyId: attachment.companyId,
        incidentId: attachment.incidentId,
        entityType: 'attachment',
        entityId: attachment.id,
        action: 'delete',
        actorUserId: ctx.user.id,
        before: { costId: attachment.costId, documentKind: attachment.documentKind, name: attachment.name, sha256: attachment.sha256 },
      });
      await rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),
});
