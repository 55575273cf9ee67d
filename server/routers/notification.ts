// In-app notifications with an unread count: the rows written with the events they announce, and the
// deadline notices, computed as they are read (server/claims/deadline-notices.ts). The queries only read.

import { rowsChanged } from '../db/rows.ts';
import { and, count, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import { notificationReadInput } from '../../shared/schemas.ts';
import { markDeadlineNoticesRead, pendingDeadlineNotices } from '../claims/deadline-notices.ts';
import type { SessionUser } from '../context.ts';
import type { Db } from '../db/client.ts';
import { incidents, notifications } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { transact } from '../db/transaction.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { firstRow } from '../db/rows.ts';

/** The list shows this many, newest first. */
const LIST_LIMIT = 100;

/**
 * Only notices about incidents the user can still open: a broker whose grant was revoked no longer
 * reads what it was told about that client.
 */
function readable(db: Db, user: SessionUser) {
  const companyIds = [
    ...user.memberships.filter((m) => m.companyKind === 'policyholder').map((m) => m.companyId),
    ...user.brokerClients.map((c) => c.companyId),
  ];
  return and(
    eq(notifications.userId, user.id),
    or(
      isNull(notifications.incidentId),
      inArray(notifications.incidentId, db.select({ id: incidents.id }).from(incidents).where(inArray(incidents.companyId, companyIds))),
    ),
  );
}

export const notificationRouter = router({
  list: authedProcedure.query(async ({ ctx }) => {
    const stored = (
      await ctx.db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          incidentId: notifications.incidentId,
          costId: notifications.costId,
          params: notifications.params,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .where(readable(ctx.db, ctx.user))
        .orderBy(desc(notifications.createdAt))
        .limit(LIST_LIMIT)
    ).map((n) => ({ ...n, params: JSON.parse(n.params) as Record<string, string | number | null> }));
    const deadlines = (await pendingDeadlineNotices(ctx.db, ctx.user)).map(({ dedupeKey: _key, ...n }) => n);
    return [...stored, ...deadlines].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, LIST_LIMIT);
  }),

  unreadCount: authedProcedure.query(async ({ ctx }) => {
    const { unread } = (await firstRow(
      ctx.db
        .select({ unread: count() })
        .from(notifications)
        .where(and(readable(ctx.db, ctx.user), isNull(notifications.readAt))),
    ))!;
    return { unread: unread + (await pendingDeadlineNotices(ctx.db, ctx.user)).length };
  }),

  /** Marks the given notifications read, or all of the user's when no ids are given. */
  markRead: answersInTransaction.input(notificationReadInput).mutation(async ({ ctx, input }) => {
    return await transact(ctx.db, async (tx) => {
      const result = await tx
        .update(notifications)
        .set({ readAt: nowIso() })
        .where(and(eq(notifications.userId, ctx.user.id), isNull(notifications.readAt), input.ids ? inArray(notifications.id, input.ids) : undefined));
      const answer = { marked: rowsChanged(result) + (await markDeadlineNoticesRead(tx, ctx.user, input.ids)) };
      await rememberAnswer(tx, ctx.idempotency, answer);
      return answer;
    });
  }),
});
