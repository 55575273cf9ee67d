// The deadlines clock and the timeline of one incident, from its recorded facts and events.

import { isPostgres } from '../db/transaction.ts';
import { indexedBy } from '../db/dialect-sql.ts';
import { eq, sql } from 'drizzle-orm';
import { computeDeadlines } from '../../shared/deadlines.ts';
import { todayInJapan } from '../../shared/dates.ts';
import type { Db } from '../db/client.ts';
import { claimPackages, incidents, RIGHT_AROSE, thirdPartyClaims, users } from '../db/schema.ts';
import { claimEventRows, submittedTo } from './claim-events.ts';
import { allRows } from '../db/rows.ts';

type Incident = typeof incidents.$inferSelect;

/** The day the claim left for the insurer, if it has: the three-year limit is then met. */
async function claimSentOn(db: Db, incidentId: string): Promise<string | null> {
  const row = (
    await allRows<{ at: string | null }>(
      db,
      sql`
    SELECT MIN(at) AS at FROM claim_events WHERE incident_id = ${incidentId} AND to_status = 'sent_to_insurer'`,
    )
  )[0];
  return row?.at ? todayInJapan(new Date(row.at)) : null;
}

/** The incident's third-party claims, oldest first: each owes the insurer its own notice. */
export async function incidentThirdPartyClaims(db: Db, incidentId: string) {
  return await db
    .select({
      id: thirdPartyClaims.id,
      claimant: thirdPartyClaims.claimant,
      receivedOn: thirdPartyClaims.receivedOn,
      amountDemanded: thirdPartyClaims.amountDemanded,
      insurerNotifiedOn: thirdPartyClaims.insurerNotifiedOn,
      insurerReference: thirdPartyClaims.insurerReference,
      note: thirdPartyClaims.note,
    })
    .from(thirdPartyClaims)
    .where(eq(thirdPartyClaims.incidentId, incidentId))
    .orderBy(thirdPartyClaims.receivedOn, thirdPartyClaims.createdAt);
}

/**
 * When each component's right to claim first arose (保険法95条): a covered cost other than damages on its
 * payment; damages on the settlement or judgment that fixed them (the agreed stage, or the payment when
 * the line went straight to paid). A line entered at its stage carries no stage day: its incurred day stands in,
 * never later than the payment, so the limit is never shown later than it is. Refused lines and uncovered costs
 * are not claimed, so they start nothing. The rule is RIGHT_AROSE (server/db/schema.ts); each first day is one
 * seek of a partial index holding only the lines that start that right (INDEXED BY: an error, not a scan of
 * 100,000 lines, if the conditions here ever stop matching the index's).
 */
async function rightsArose(db: Db, incidentId: string): Promise<{ firstCostPaidOn: string | null; firstDamagesFixedOn: string | null }> {
  const first = (index: string, right: (typeof RIGHT_AROSE)[keyof typeof RIGHT_AROSE]) =>
    sql`(SELECT MIN(${right.day}) FROM costs ${indexedBy(db, index)} WHERE incident_id = ${incidentId} AND ${isPostgres(db) ? right.linesPg : right.lines})`;
  const row = (
    await allRows<{ cost: string | null; damages: string | null }>(
      db,
      sql`
    SELECT ${first('costs_incident_first_cost_paid', RIGHT_AROSE.cost)} AS cost,
           ${first('costs_incident_first_damages_fixed', RIGHT_AROSE.damages)} AS damages`,
    )
  )[0];
  return { firstCostPaidOn: row?.cost ?? null, firstDamagesFixedOn: row?.damages ?? null };
}

export async function incidentDeadlines(db: Db, incident: Incident, today = todayInJapan()) {
  return computeDeadlines(
    {
      ...incident,
      thirdPartyClaims: await incidentThirdPartyClaims(db, incident.id),
      ...(await rightsArose(db, incident.id)),
      claimSentOn: await claimSentOn(db, incident.id),
    },
    today,
  );
}

export type TimelineEvent =
  | {
      kind: 'fact';
      on: string;
      fact:
        'occurred' | 'aware' | 'discovered' | 'insurer_notified' | 'regulator_first' | 'regulator_final' | 'client_notified' | 'persons_notified' | 'settled';
      amount?: number | null;
    }
  | { kind: 'third_party_claim'; on: string; claimant: string; event: 'received' | 'insurer_notified' }
  | { kind: 'first_cost'; on: string }
  | { kind: 'package'; on: string; at: string; version: number; actorName: string }
  | { kind: 'claim'; on: string; at: string; from: string; to: string; actorName: string; note: string | null; version: number | null; amount: number | null };

/**
 * Everything dated about the incident, oldest first; times are shown as days in Japan.
 * A broker sees only the package versions submitted to it, as in claim.packages, and only the claim's
 * moves while it was submitted to it, as in claim.status.
 */
export async function incidentTimeline(db: Db, incident: Incident, brokerCompanyId: string | null = null): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [
    { kind: 'fact', on: incident.occurredOn, fact: 'occurred' },
    { kind: 'fact', on: incident.discoveredOn, fact: 'discovered' },
  ];
  if (incident.awareOn && incident.awareOn !== incident.discoveredOn) events.push({ kind: 'fact', on: incident.awareOn, fact: 'aware' });
  if (incident.insurerNotifiedOn) events.push({ kind: 'fact', on: incident.insurerNotifiedOn, fact: 'insurer_notified' });
  if (incident.regulatorFirstReportOn) events.push({ kind: 'fact', on: incident.regulatorFirstReportOn, fact: 'regulator_first' });
  if (incident.regulatorFinalReportOn) events.push({ kind: 'fact', on: incident.regulatorFinalReportOn, fact: 'regulator_final' });
  if (incident.clientNotifiedOn) events.push({ kind: 'fact', on: incident.clientNotifiedOn, fact: 'client_notified' });
  if (incident.personsNotifiedOn) events.push({ kind: 'fact', on: incident.personsNotifiedOn, fact: 'persons_notified' });
  for (const c of await incidentThirdPartyClaims(db, incident.id)) {
    events.push({ kind: 'third_party_claim', on: c.receivedOn, claimant: c.claimant, event: 'received' });
    if (c.insurerNotifiedOn) events.push({ kind: 'third_party_claim', on: c.insurerNotifiedOn, claimant: c.claimant, event: 'insurer_notified' });
  }
  const firstCost = (
    await allRows<{ on: string | null }>(
      db,
      sql`
    SELECT MIN(incurred_on) AS "on" FROM costs WHERE incident_id = ${incident.id} AND deleted_at IS NULL`,
    )
  )[0];
  if (firstCost?.on) events.push({ kind: 'first_cost', on: firstCost.on });
  for (const p of await db
    .select({ at: claimPackages.createdAt, version: claimPackages.version, actorName: users.name })
    .from(claimPackages)
    .innerJoin(users, eq(users.id, claimPackages.createdBy))
    .where(
      sql`${claimPackages.incidentId} = ${incident.id} AND ${claimPackages.status} = 'ready'
          ${brokerCompanyId ? sql`AND ${submittedTo(claimPackages.id, brokerCompanyId)}` : sql``}`,
    )) {
    events.push({ kind: 'package', on: todayInJapan(new Date(p.at)), ...p });
  }
  for (const e of await claimEventRows(db, incident.id, brokerCompanyId)) {
    const { at, actorName, note, amount } = e;
    events.push({ kind: 'claim', on: todayInJapan(new Date(at)), at, from: e.fromStatus, to: e.toStatus, actorName, note, version: e.packageVersion, amount });
  }
  if (incident.settledOn) events.push({ kind: 'fact', on: incident.settledOn, fact: 'settled', amount: incident.settledAmount });
  // Stable: same-day events keep the order they were added in (facts before the day's actions).
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.on.localeCompare(b.e.on) || ('at' in a.e && 'at' in b.e ? a.e.at.localeCompare(b.e.at) : 0) || a.i - b.i)
    .map(({ e }) => e);
}
