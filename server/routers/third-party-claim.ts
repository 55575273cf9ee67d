// Third-party claims (損害賠償請求): each demand a claimant makes against the insured, and when the insurer
// was told of it. Each one starts its own notice deadline (shared/deadlines.ts).

import { eq } from 'drizzle-orm';
import { thirdPartyClaimCreateInput, thirdPartyClaimIdInput, thirdPartyClaimListInput, thirdPartyClaimUpdateInput } from '../../shared/schemas.ts';
import { requireIncident, requireThirdPartyClaim } from '../access.ts';
import { changedFields, recordAudit } from '../audit.ts';
import { incidentThirdPartyClaims } from '../claims/deadlines.ts';
import { thirdPartyClaims } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { rememberAnswer } from '../idempotency.ts';
import { transact } from '../db/transaction.ts';

type ClaimInput = {
  claimant: string;
  receivedOn: string;
  amountDemanded?: number | null;
  insurerNotifiedOn?: string | null;
  insurerReference?: string | null;
  note?: string | null;
};

function storedFields(input: ClaimInput) {
  return {
    claimant: input.claimant,
    receivedOn: input.receivedOn,
    amountDemanded: input.amountDemanded ?? null,
    insurerNotifiedOn: input.insurerNotifiedOn ?? null,
    insurerReference: input.insurerReference || null,
    note: input.note || null,
  };
}

export const thirdPartyClaimRouter = router({
  list: authedProcedure.input(thirdPartyClaimListInput).query(async ({ ctx, input }) => {
    await requireIncident(ctx, input.incidentId, 'read');
    return await incidentThirdPartyClaims(ctx.db, input.incidentId);
  }),

  /** The breach team records a demand as soon as it arrives: the insurer must be told of it without delay. */
  create: answersInTransaction.input(thirdPartyClaimCreateInput).mutation(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'responder');
    const id = newId();
    const fields = storedFields(input);
    await transact(ctx.db, async (tx) => {
      await tx.insert(thirdPartyClaims).values({ id, companyId: incident.companyId, incidentId: incident.id, createdBy: ctx.user.id, ...fields });
      await recordAudit(tx, {
        companyId: incident.companyId,
        incidentId: incident.id,
        entityType: 'third_party_claim',
        entityId: id,
        action: 'create',
        actorUserId: ctx.user.id,
        after: fields,
      });
      await rememberAnswer(tx, ctx.idempotency, { id });
    });
    return { id };
  }),

  update: answersInTransaction.input(thirdPartyClaimUpdateInput).mutation(async ({ ctx, input }) => {
    const claim = await requireThirdPartyClaim(ctx, input.id, 'responder');
    const fields = storedFields(input);
    const diff = changedFields(claim, fields);
    if (diff) {
      await transact(ctx.db, async (tx) => {
        await tx
          .update(thirdPartyClaims)
          .set({ ...fields, updatedAt: nowIso() })
          .where(eq(thirdPartyClaims.id, claim.id));
        await recordAudit(tx, {
          companyId: claim.companyId,
          incidentId: claim.incidentId,
          entityType: 'third_party_claim',
          entityId: claim.id,
          action: 'update',
          actorUserId: ctx.user.id,
          ...diff,
        });
        await rememberAnswer(tx, ctx.idempotency, { id: claim.id });
      });
    }
    return { id: claim.id };
  }),

  /** A claim recorded by mistake; finance removes it, and the audit log keeps what it said. */
  remove: answersInTransaction.input(thirdPartyClaimIdInput).mutation(async ({ ctx, input }) => {
    const claim = await requireThirdPartyClaim(ctx, input.id, 'finance');
    await transact(ctx.db, async (tx) => {
      await tx.delete(thirdPartyClaims).where(eq(thirdPartyClaims.id, claim.id));
      await recordAudit(tx, {
        companyId: claim.companyId,
        incidentId: claim.incidentId,
        entityType: 'third_party_claim',
        entityId: claim.id,
        action: 'delete',
        actorUserId: ctx.user.id,
        before: storedFields(claim),
      });
      await rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),
});
