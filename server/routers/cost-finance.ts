// Finance's work on cost lines: approval, stage moves on their real dates, the insurer's prior consent.
// Mounted into the cost router (cost.approve, cost.setStage, cost.recordConsent).

import { fieldError } from '../errors.ts';
import { eq } from 'drizzle-orm';
import { storedStage } from '../../shared/categories.ts';
import { needsConsent } from '../../shared/claim-status.ts';
import { costApprovalInput, costConsentInput, costStageInput } from '../../shared/schemas.ts';
import { requireCost } from '../access.ts';
import { changedFields, recordAudit, transactOnChains } from '../audit.ts';
import type { Tx } from '../db/client.ts';
import { AUDIT_ACTIONS, costs } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { lineFlags } from '../ledger/line-flags.ts';
import { writeLines } from '../ledger/rollups.ts';
import { datesForStage } from '../ledger/stage-dates.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction } from '../trpc.ts';

async function auditLine(
  tx: Tx,
  cost: { id: string; companyId: string; incidentId: string },
  actorUserId: string,
  action: (typeof AUDIT_ACTIONS)[number],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
) {
  await recordAudit(tx, { companyId: cost.companyId, incidentId: cost.incidentId, entityType: 'cost', entityId: cost.id, action, actorUserId, before, after });
}

export const costFinanceProcedures = {
  /** Finance approves (or withdraws approval of) lines, many at once; who and when are kept. */
  approve: answersInTransaction.input(costApprovalInput).mutation(async ({ ctx, input }) => {
    const lines = await Promise.all([...new Set(input.ids)].map((id) => requireCost(ctx, id, 'finance')));
    const at = nowIso();
    const changed = await transactOnChains(
      ctx.db,
      lines.map((cost) => cost.companyId),
      async (tx) => {
        // Counted in the body: PostgreSQL may run it again (server/db/transaction.ts).
        let changed = 0;
        for (const cost of lines) {
          if ((cost.approvedAt !== null) === input.approved) continue;
          const after = input.approved ? { approvedAt: at, approvedBy: ctx.user.id } : { approvedAt: null, approvedBy: null };
          await writeLines(tx, [cost.id], async () => await tx.update(costs).set(after).where(eq(costs.id, cost.id)));
          await auditLine(tx, cost, ctx.user.id, input.approved ? 'approve' : 'unapprove', { approvedAt: cost.approvedAt, approvedBy: cost.approvedBy }, after);
          changed += 1;
        }
        await rememberAnswer(tx, ctx.idempotency, { changed });
        return changed;
      },
    );
    return { changed };
  }),

  /** Moves a line to a stage on a given day (the invoice date, the settlement date, the payment date). */
  setStage: answersInTransaction.input(costStageInput).mutation(async ({ ctx, input }) => {
    const cost = await requireCost(ctx, input.id, 'finance');
    const stage = storedStage(cost.category, input.stage);
    if (stage === null) {
      throw fieldError('stage', 'stageForCategory');
    }
    const after = { stage, ...datesForStage(cost.category, stage, cost, input.on, true) };
    const diff = changedFields(cost, after);
    const answer = { id: cost.id, version: diff ? cost.version + 1 : cost.version };
    if (diff) {
      await transactOnChains(ctx.db, cost.companyId, async (tx) => {
        await writeLines(
          tx,
          [cost.id],
          async () =>
            await tx
              .update(costs)
              .set({ ...after, ...lineFlags(cost.category, stage), version: cost.version + 1, updatedAt: nowIso() })
              .where(eq(costs.id, cost.id)),
        );
        await auditLine(tx, cost, ctx.user.id, 'update', diff.before, diff.after);
        await rememberAnswer(tx, ctx.idempotency, answer);
      });
    }
    return answer;
  }),

  /** The insurer's prior written consent for a line that needs it: condolence, consulting, defence costs, settlements (docs/rules.md §6a, "Consent"). */
  recordConsent: answersInTransaction.input(costConsentInput).mutation(async ({ ctx, input }) => {
    const cost = await requireCost(ctx, input.id, 'finance');
    if (!needsConsent(cost.category)) {
      throw fieldError('id', 'consentNotNeeded');
    }
    const after = { consentOn: input.consentOn, consentReference: input.reference, consentGivenBy: input.givenBy };
    await transactOnChains(ctx.db, cost.companyId, async (tx) => {
      await writeLines(tx, [cost.id], async () => await tx.update(costs).set(after).where(eq(costs.id, cost.id)));
      await auditLine(
        tx,
        cost,
        ctx.user.id,
        'consent',
        { consentOn: cost.consentOn, consentReference: cost.consentReference, consentGivenBy: cost.consentGivenBy },
        after,
      );
      await rememberAnswer(tx, ctx.idempotency, { id: cost.id });
    });
    return { id: cost.id };
  }),
};
