// In-app notifications with an unread count. Deadline notices are made when the reader asks, once per
// incident, deadline and state (the unique dedupe key), so no timer is needed to raise them.

import { and, count, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import { notificationReadInput } from '../../shared/schemas.ts';
import type { SessionUser } from '../context.ts';
import { incidentDeadlines } from '../claims/deadlines.ts';
import type { Db } from '../db/client.ts';
import { incidents, notifications } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { notifyUsers } from '../notify.ts';
import { authedProcedure, router } from '../trpc.ts';

function raiseDeadlineNotices(db: Db, user: SessionUser): void {
  const companyIds = user.memberships.filter((m) => m.companyKind === 'policyholder').map((m) => m.companyId);
  if (companyIds.length === 0) return;
  const open = db.select().from(incidents).where(and(inArray(incidents.companyId, companyIds), isNull(incidents.settledOn))).all();
  // The count is polled: read which notices exist first, so a poll with nothing new writes nothing.
  const raised = new Set(
    db
      .select({ key: notifications.dedupeKey })
      .from(notifications)
      .where(and(eq(notifications.userId, user.id), eq(notifications.kind, 'deadline')))
      .all()
      .map((n) => n.key),
  );
  for (const incident of open) {
    for (const d of incidentDeadlines(db, incident).deadlines) {
      const key = `deadline:${incident.id}:${d.key}:${d.state}`;
      if ((d.state !== 'late' && d.state !== 'due_soon') || raised.has(key)) continue;
      notifyUsers(db, [user.id], {
        kind: 'deadline',
        incidentId: incident.id,
        params: { title: incident.title, deadline: d.key, state: d.state, dueOn: d.dueOn },
        dedupeKey: key,
      });
    }
  }
}

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
    or(isNull(notifications.incidentId), inArray(notifications.incidentId, db.select({ id: incidents.id }).from(incidents).where(inArray(incidents.companyId, companyIds)))),
  );
}

export const notificationRouter = router({
  list: authedProcedure.query(({ ctx }) => {
    raiseDeadlineNotices(ctx.db, ctx.user);
    return ctx.db
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
      .limit(100)
      .all()
      .map((n) => ({ ...n, params: JSON.parse(n.params) as Record<string, string | number | null> }));
  }),

  unreadCount: authedProcedure.query(({ ctx }) => {
    raiseDeadlineNotices(ctx.db, ctx.user);
    const { unread } = ctx.db
      .select({ unread: count() })
      .from(notifications)
      .where(and(readable(ctx.db, ctx.user), isNull(notifications.readAt)))
      .get()!;
    return { unread };
  }),

  /** Marks the given notifications read, or all of the user's when no ids are given. */
  markRead: authedProcedure.input(notificationReadInput).mutation(({ ctx, input }) => {
    const result = ctx.db
      .update(notifications)
      .set({ readAt: nowIso() })
      .where(and(eq(notifications.userId, ctx.user.id), isNull(notifications.readAt), input.ids ? inArray(notifications.id, input.ids) : undefined))
      .run();
    return { marked: result.changes };
  }),
});
