// Deadline notices are computed when read, not raised by a timer or by the reading: one per late or
// due-soon deadline of each open incident of the reader's companies. A row is written only when the reader
// marks one read, to remember that; so listing and counting notifications never write
// (docs/decisions/017-invitations-lockout-signup-and-demo.md).

import { rowsChanged } from '../db/rows.ts';
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { addDays } from '../../shared/dates.ts';
import { SOON_DAYS, type Deadline } from '../../shared/deadlines.ts';
import type { SessionUser } from '../context.ts';
import type { Db } from '../db/client.ts';
import { incidents, notifications } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { incidentDeadlines } from './deadlines.ts';
import { transact } from '../db/transaction.ts';

export interface DeadlineNotice {
  id: string;
  kind: 'deadline';
  incidentId: string;
  costId: null;
  params: Record<string, string | number | null>;
  createdAt: string;
  readAt: null;
  /** One notice per incident, deadline and state: a state that comes back is not a new notice. */
  dedupeKey: string;
}

/**
 * A computed notice's id, the same on every read, shaped like the other ids: of the reader and the
 * notice's key, so marking it read by id works as for any other notice, and never for another reader.
 */
function noticeId(userId: string, dedupeKey: string): string {
  const h = createHash('sha256').update(`${userId}\n${dedupeKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** When the state began, at midnight in Japan: the day after the due date, or the first due-soon day. */
function stateBegan(d: Deadline & { dueOn: string }): string {
  const day = d.state === 'late' ? addDays(d.dueOn, 1) : addDays(d.dueOn, -SOON_DAYS[d.key]);
  return new Date(`${day}T00:00:00+09:00`).toISOString();
}

/** The reader's deadline notices as of now that are not stored yet (stored ones were marked read). */
export async function pendingDeadlineNotices(db: Db, user: SessionUser): Promise<DeadlineNotice[]> {
  const companyIds = user.memberships.filter((m) => m.companyKind === 'policyholder').map((m) => m.companyId);
  if (companyIds.length === 0) return [];
  const open = await db
    .select()
    .from(incidents)
    .where(and(inArray(incidents.companyId, companyIds), isNull(incidents.settledOn)));
  if (open.length === 0) return [];
  const stored = new Set(
    (
      await db
        .select({ key: notifications.dedupeKey })
        .from(notifications)
        .where(and(eq(notifications.userId, user.id), eq(notifications.kind, 'deadline')))
    ).map((n) => n.key),
  );
  const notices: DeadlineNotice[] = [];
  for (const incident of open) {
    for (const d of (await incidentDeadlines(db, incident)).deadlines) {
      if ((d.state !== 'late' && d.state !== 'due_soon') || d.dueOn === null) continue;
      // A third-party claim's notice is one per claim; the incident's own duties keep their old keys.
      const dedupeKey = `deadline:${incident.id}:${d.key}${d.subjectId ? `:${d.subjectId}` : ''}:${d.state}`;
      if (stored.has(dedupeKey)) continue;
      const began = stateBegan({ ...d, dueOn: d.dueOn });
      notices.push({
        id: noticeId(user.id, dedupeKey),
        kind: 'deadline',
        incidentId: incident.id,
        costId: null,
        params: { title: incident.title, deadline: d.key, state: d.state, dueOn: d.dueOn, claimant: d.claimant },
        // Not before the incident was recorded: nobody could have been told earlier.
        createdAt: began > incident.createdAt ? began : incident.createdAt,
        readAt: null,
        dedupeKey,
      });
    }
  }
  return notices;
}

/** Marks the reader's pending deadline notices read (those with the given ids, or all): answers how many. */
export async function markDeadlineNoticesRead(db: Db, user: SessionUser, ids?: readonly string[]): Promise<number> {
  const wanted = ids ? new Set(ids) : null;
  const pending = (await pendingDeadlineNotices(db, user)).filter((n) => !wanted || wanted.has(n.id));
  if (pending.length === 0) return 0;
  const readAt = nowIso();
  return await transact(db, async (tx) => {
    let marked = 0;
    for (const n of pending) {
      marked += rowsChanged(
        await tx
          .insert(notifications)
          .values({
            id: n.id,
            userId: user.id,
            incidentId: n.incidentId,
            kind: 'deadline',
            params: JSON.stringify(n.params),
            dedupeKey: n.dedupeKey,
            createdAt: n.createdAt,
            readAt,
          })
          .onConflictDoNothing(),
      );
    }
    return marked;
  });
}
