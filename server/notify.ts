// In-app notifications: written inside the transaction of the event they announce, one row per reader.
// They carry data, not sentences: the client words them in the reader's language.

import { and, eq, inArray } from 'drizzle-orm';
import type { Role } from '../shared/categories.ts';
import type { Db } from './db/client.ts';
import { brokerGrants, memberships, notifications } from './db/schema.ts';
import { newId, nowIso } from './ids.ts';
import { firstRow } from './db/rows.ts';

export type NotificationKind = (typeof notifications.$inferInsert)['kind'];

export interface Notice {
  kind: NotificationKind;
  incidentId: string;
  costId?: string | null;
  params: Record<string, string | number | null>;
  dedupeKey?: string;
}

export async function notifyUsers(tx: Db, userIds: readonly string[], notice: Notice, exceptUserId?: string): Promise<void> {
  const createdAt = nowIso();
  for (const userId of new Set(userIds)) {
    if (userId === exceptUserId) continue;
    await tx
      .insert(notifications)
      .values({
        id: newId(),
        userId,
        incidentId: notice.incidentId,
        costId: notice.costId ?? null,
        kind: notice.kind,
        params: JSON.stringify(notice.params),
        dedupeKey: notice.dedupeKey ?? null,
        createdAt,
      })
      .onConflictDoNothing();
  }
}

/** The members of a company, optionally only some roles (a broker company's members have role admin etc. too). */
export async function companyMemberIds(tx: Db, companyId: string, roles?: readonly Role[]): Promise<string[]> {
  return (
    await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.companyId, companyId), roles ? inArray(memberships.role, [...roles]) : undefined))
  ).map((m) => m.userId);
}

/** The users of a broker company, only while the client's grant stands: a revoked broker hears nothing more. */
export async function grantedBrokerMemberIds(tx: Db, clientCompanyId: string, brokerCompanyId: string | null): Promise<string[]> {
  if (!brokerCompanyId) return [];
  const grant = await firstRow(
    tx
      .select({ id: brokerGrants.brokerCompanyId })
      .from(brokerGrants)
      .where(and(eq(brokerGrants.clientCompanyId, clientCompanyId), eq(brokerGrants.brokerCompanyId, brokerCompanyId))),
  );
  return grant ? await companyMemberIds(tx, brokerCompanyId) : [];
}

/** The client's people who act on the broker's review: finance and admins. */
export const CLIENT_REVIEW_ROLES: readonly Role[] = ['finance', 'admin'];
