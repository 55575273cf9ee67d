// The documents checklist the insurer asks for (docs/rules.md §6): what is attached, not needed, or missing.

import { and, eq } from 'drizzle-orm';
import { documentChecklistInput, documentNeededInput, documentNotNeededInput } from '../../shared/schemas.ts';
import { requireIncident } from '../access.ts';
import { recordAudit } from '../audit.ts';
import { incidentSummary } from '../claims/summary.ts';
import { incidentChecklist } from '../claims/documents.ts';
import { documentWaivers } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

export const documentRouter = router({
  checklist: authedProcedure.input(documentChecklistInput).query(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'read');
    const summary = await incidentSummary(ctx.db, incident);
    const items = await incidentChecklist(ctx.db, incident, summary);
    return { items, missing: items.filter((i) => i.status === 'missing').length, totalPayable: summary.totalPayable, amountClaimed: summary.amountClaimed };
  }),

  markNotNeeded: answersInTransaction.input(documentNotNeededInput).mutation(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'finance');
    await transact(ctx.db, async (tx) => {
      const before = await firstRow(
        tx
          .select({ reason: documentWaivers.reason })
          .from(documentWaivers)
          .where(and(eq(documentWaivers.incidentId, incident.id), eq(documentWaivers.kind, input.kind))),
      );
      const row = { incidentId: incident.id, kind: input.kind, reason: input.reason, decidedBy: ctx.user.id, decidedAt: nowIso() };
      await tx
        .insert(documentWaivers)
        .values(row)
        .onConflictDoUpdate({
          target: [documentWaivers.incidentId, documentWaivers.kind],
          set: { reason: row.reason, decidedBy: row.decidedBy, decidedAt: row.decidedAt },
        });
      await recordAudit(tx, {
        companyId: incident.companyId,
        incidentId: incident.id,
        entityType: 'document',
        entityId: input.kind,
        action: 'not_needed',
        actorUserId: ctx.user.id,
        before: before ?? undefined,
        after: { reason: input.reason },
      });
      await rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),

  markNeeded: answersInTransaction.input(documentNeededInput).mutation(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'finance');
    await transact(ctx.db, async (tx) => {
      const where = and(eq(documentWaivers.incidentId, incident.id), eq(documentWaivers.kind, input.kind));
      const before = await firstRow(tx.select({ reason: documentWaivers.reason }).from(documentWaivers).where(where));
      if (!before) return;
      await tx.delete(documentWaivers).where(where);
      await recordAudit(tx, {
        companyId: incident.companyId,
        incidentId: incident.id,
        entityType: 'document',
        entityId: input.kind,
        action: 'needed',
        actorUserId: ctx.user.id,
        before,
      });
      await rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),
});
