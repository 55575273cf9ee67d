// The claim's recorded moves, oldest first, with who made them and the package version each submitted:
// read by claim.status (the history) and by the incident's timeline.

import { and, asc, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { claimEvents, claimPackages, users } from '../db/schema.ts';

/**
 * A broker reads only the moves of the claim while it was submitted to its company (`brokerCompanyId`):
 * what the client sent another broker (its package, total, note, people) is none of its business.
 * The client's members pass null and read every move.
 */
export async function claimEventRows(db: Db, incidentId: string, brokerCompanyId: string | null = null) {
  return await db
    .select({
      id: claimEvents.id,
      fromStatus: claimEvents.fromStatus,
      toStatus: claimEvents.toStatus,
      packageId: claimEvents.packageId,
      packageVersion: claimPackages.version,
      packageTotals: claimPackages.totals,
      amount: claimEvents.amount,
      note: claimEvents.note,
      at: claimEvents.at,
      actorName: users.name,
    })
    .from(claimEvents)
    .innerJoin(users, eq(users.id, claimEvents.actorUserId))
    .leftJoin(claimPackages, eq(claimPackages.id, claimEvents.packageId))
    .where(and(eq(claimEvents.incidentId, incidentId), brokerCompanyId ? eq(claimEvents.brokerCompanyId, brokerCompanyId) : undefined))
    .orderBy(asc(claimEvents.id));
}

/** True for a package version submitted to that broker: the only versions a broker lists or downloads. */
export function submittedTo(packageId: SQLWrapper | string, brokerCompanyId: string): SQL {
  return sql`EXISTS (SELECT 1 FROM claim_events e WHERE e.package_id = ${packageId} AND e.broker_company_id = ${brokerCompanyId})`;
}
