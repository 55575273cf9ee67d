// The broker's line-by-line review: accept, query (a thread with the client) or disallow with a reason.
// A decision is the broker's; the client answers and corrects, then resubmits a new package version.

import { insertionOrder } from '../db/dialect-sql.ts';
import { domainError } from '../errors.ts';
import { asc, eq } from 'drizzle-orm';
import { REVIEWABLE_STATUSES } from '../../shared/claim-status.ts';
import { reviewAnswerInput, reviewDecideInput, reviewThreadInput } from '../../shared/schemas.ts';
import { requireBrokerOf, requireCost } from '../access.ts';
import { recordAudit } from '../audit.ts';
import { moveClaim } from '../claims/journey.ts';
import { costs, incidents, lineReviews, users } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { writeLines } from '../ledger/rollups.ts';
import { CLIENT_REVIEW_ROLES, companyMemberIds, grantedBrokerMemberIds, notifyUsers } from '../notify.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

export const reviewRouter = router({
  /** Brokers only. Deciding on the first line of a submitted claim starts its review. */
  decide: answersInTransaction.input(reviewDecideInput).mutation(async ({ ctx, input }) => {
    const cost = await requireCost(ctx, input.costId, 'read');
    const brokerCompanyId = requireBrokerOf(ctx, cost.companyId, 'Cost line');
    const incident = (await firstRow(ctx.db.select().from(incidents).where(eq(incidents.id, cost.incidentId))))!;
    if (incident.brokerCompanyId !== brokerCompanyId || !REVIEWABLE_STATUSES.includes(incident.claimStatus)) {
      throw domainError('CONFLICT', 'notSubmittedForReview');
    }
    const id = newId();
    await transact(ctx.db, async (tx) => {
      await tx.insert(lineReviews).values({
        id,
        costId: cost.id,
        incidentId: cost.incidentId,
        companyId: cost.companyId,
        kind: input.decision,
        comment: input.comment || null,
        authorUserId: ctx.user.id,
        authorSide: 'broker',
        costVersion: cost.version,
        at: nowIso(),
      });
      await writeLines(tx, [cost.id], async () => await tx.update(costs).set({ reviewDecision: input.decision }).where(eq(costs.id, cost.id)));
      await recordAudit(tx, {
        companyId: cost.companyId,
        incidentId: cost.incidentId,
        entityType: 'review',
        entityId: cost.id,
        action: input.decision,
        actorUserId: ctx.user.id,
        before: { reviewDecision: cost.reviewDecision },
        after: { reviewDecision: input.decision, comment: input.comment || null },
      });
      await notifyUsers(tx, await companyMemberIds(tx, cost.companyId, CLIENT_REVIEW_ROLES), {
        kind: 'review',
        incidentId: cost.incidentId,
        // A line without vendor or description is named by its category (the client words it).
        costId: cost.id,
        params: {
          title: incident.title,
          decision: input.decision,
          vendor: cost.vendor,
          line: cost.vendor || cost.description,
          category: cost.category,
          amount: cost.amount,
        },
      });
      if (incident.claimStatus === 'submitted') await moveClaim(tx, incident, { to: 'under_review', side: 'broker', actorUserId: ctx.user.id });
      await rememberAnswer(tx, ctx.idempotency, { id });
    });
    return { id };
  }),

  /** The client answers a query or a disallowance (any member); the broker hears of it. */
  answer: answersInTransaction.input(reviewAnswerInput).mutation(async ({ ctx, input }) => {
    const cost = await requireCost(ctx, input.costId, 'responder');
    if (cost.reviewDecision === null) {
      throw domainError('CONFLICT', 'notReviewedYet');
    }
    const incident = (await firstRow(ctx.db.select().from(incidents).where(eq(incidents.id, cost.incidentId))))!;
    const id = newId();
    await transact(ctx.db, async (tx) => {
      await tx.insert(lineReviews).values({
        id,
        costId: cost.id,
        incidentId: cost.incidentId,
        companyId: cost.companyId,
        kind: 'answer',
        comment: input.comment,
        authorUserId: ctx.user.id,
        authorSide: 'client',
        costVersion: cost.version,
        at: nowIso(),
      });
      await recordAudit(tx, {
        companyId: cost.companyId,
        incidentId: cost.incidentId,
        entityType: 'review',
        entityId: cost.id,
        action: 'answer',
        actorUserId: ctx.user.id,
        after: { comment: input.comment },
      });
      await notifyUsers(tx, await grantedBrokerMemberIds(tx, cost.companyId, incident.brokerCompanyId), {
        kind: 'answer',
        incidentId: cost.incidentId,
        costId: cost.id,
        params: { title: incident.title, vendor: cost.vendor, line: cost.vendor || cost.description, category: cost.category, amount: cost.amount },
      });
      await rememberAnswer(tx, ctx.idempotency, { id });
    });
    return { id };
  }),

  /** A line's review thread, oldest first; `changedSince` marks entries the line was corrected after. */
  thread: authedProcedure.input(reviewThreadInput).query(async ({ ctx, input }) => {
    const cost = await requireCost(ctx, input.costId, 'read');
    const entries = (
      await ctx.db
        .select({
          id: lineReviews.id,
          kind: lineReviews.kind,
          comment: lineReviews.comment,
          authorSide: lineReviews.authorSide,
          authorName: users.name,
          costVersion: lineReviews.costVersion,
          at: lineReviews.at,
        })
        .from(lineReviews)
        .innerJoin(users, eq(users.id, lineReviews.authorUserId))
        .where(eq(lineReviews.costId, cost.id))
        .orderBy(asc(lineReviews.at), insertionOrder(ctx.db, 'line_reviews'))
    ).map((e) => ({ ...e, changedSince: e.costVersion < cost.version }));
    return { decision: cost.reviewDecision, version: cost.version, entries };
  }),
});
