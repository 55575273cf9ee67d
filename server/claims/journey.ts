// Moving a claim along its journey (shared/claim-status.ts): the status on the incident, an event for
// the timeline, the audit entry and the notifications, all in the caller's transaction.

import { domainError } from '../errors.ts';
import { eq } from 'drizzle-orm';
import { canMove, CLAIM_MOVES, type ClaimSide, type ClaimStatus } from '../../shared/claim-status.ts';
import type { IncidentStatus } from '../../shared/categories.ts';
import { recordAudit } from '../audit.ts';
import type { Tx } from '../db/client.ts';
import { claimEvents, incidents } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { CLIENT_REVIEW_ROLES, companyMemberIds, grantedBrokerMemberIds, notifyUsers } from '../notify.ts';

interface Incident {
  id: string;
  companyId: string;
  title: string;
  claimStatus: ClaimStatus;
  status: IncidentStatus;
  brokerCompanyId: string | null;
}

export interface Move {
  to: ClaimStatus;
  side: ClaimSide;
  actorUserId: string;
  note?: string | null;
  packageId?: string | null;
  brokerCompanyId?: string | null;
  amount?: number | null;
  /** Extra columns of the incident to set with the status (the settlement). */
  set?: Partial<typeof incidents.$inferInsert>;
  /** What else the audit entry records of the move (a submission's pre-flight check). */
  audit?: Record<string, unknown>;
}

/** FORBIDDEN when this side never makes the move, CONFLICT when the claim is not where the move starts. */
export function checkMove(incident: Pick<Incident, 'claimStatus'>, to: ClaimStatus, side: ClaimSide): void {
  if (to === 'draft' || !CLAIM_MOVES[to].by.includes(side)) {
    throw domainError('FORBIDDEN', side === 'broker' ? 'insuredOnly' : 'brokerOnly');
  }
  if (!canMove(incident.claimStatus, to, side)) {
    throw domainError('CONFLICT', 'claimCannotMove', { from: incident.claimStatus, to });
  }
}

/** The incident's own status follows the claim: submitted once sent to the broker, settled at the end. */
function incidentStatusFor(to: ClaimStatus, current: IncidentStatus): IncidentStatus {
  if (to === 'settled') return 'settled';
  if (current === 'open') return 'claim_submitted';
  return current;
}

export async function moveClaim(tx: Tx, incident: Incident, move: Move): Promise<void> {
  checkMove(incident, move.to, move.side);
  const brokerCompanyId = move.brokerCompanyId ?? incident.brokerCompanyId;
  const status = incidentStatusFor(move.to, incident.status);
  await tx
    .update(incidents)
    .set({ claimStatus: move.to, status, brokerCompanyId, ...move.set, updatedAt: nowIso() })
    .where(eq(incidents.id, incident.id));
  await tx.insert(claimEvents).values({
    incidentId: incident.id,
    companyId: incident.companyId,
    fromStatus: incident.claimStatus,
    toStatus: move.to,
    packageId: move.packageId ?? null,
    brokerCompanyId,
    amount: move.amount ?? null,
    note: move.note || null,
    actorUserId: move.actorUserId,
    at: nowIso(),
  });
  await recordAudit(tx, {
    companyId: incident.companyId,
    incidentId: incident.id,
    entityType: 'claim',
    entityId: incident.id,
    action: move.to === 'submitted' ? 'submit' : move.to === 'settled' ? 'settle' : 'status',
    actorUserId: move.actorUserId,
    before: { claimStatus: incident.claimStatus },
    after: {
      claimStatus: move.to,
      ...(move.packageId ? { packageId: move.packageId } : {}),
      ...(move.amount != null ? { amount: move.amount } : {}),
      ...(move.note ? { note: move.note } : {}),
      // A settlement's split per limit is money later incidents of the period depend on: it is in the log.
      ...(move.to === 'settled' ? move.set : {}),
      ...move.audit,
    },
  });
  // Both sides hear of every move, except the person who made it.
  const readers = [
    ...(await companyMemberIds(tx, incident.companyId, CLIENT_REVIEW_ROLES)),
    ...(await grantedBrokerMemberIds(tx, incident.companyId, brokerCompanyId)),
  ];
  await notifyUsers(
    tx,
    readers,
    { kind: 'status', incidentId: incident.id, params: { title: incident.title, from: incident.claimStatus, to: move.to } },
    move.actorUserId,
  );
}
