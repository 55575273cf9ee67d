// Who may see and change what. Every record is reached through one of these helpers, which answer
// NOT_FOUND for anything outside the user's reach (never a hint that it exists) and FORBIDDEN when
// the user can see it but may not do this: a role too low, or a broker asking to write.
//
// `need` is either a role of the insured company, or 'read': any member, or a broker the company
// has granted access to (docs/rules.md §7: brokers read their clients' claims and never change the ledger).

import { domainError } from './errors.ts';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '../shared/categories.ts';
import { submittedTo } from './claims/claim-events.ts';
import type { SessionUser } from './context.ts';
import type { Db } from './db/client.ts';
import { preparedRead } from './db/prepared.ts';
import { attachments, claimPackages, costs, incidents, policies, thirdPartyClaims } from './db/schema.ts';
import { allRows, firstRow } from './db/rows.ts';

const ROLE_RANK: Record<Role, number> = { responder: 1, finance: 2, admin: 3 };

export type Need = Role | 'read';

/** How the user reaches a company: as one of its members, or as a broker it has granted access to. */
export type Access = { kind: 'member'; role: Role } | { kind: 'broker'; brokerCompanyId: string };

export interface AccessContext {
  db: Db;
  user: SessionUser;
}

const notFound = (what: string) => domainError('NOT_FOUND', 'notFound', { what });

export function hasRole(role: Role, atLeast: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[atLeast];
}

export function requireCompanyAccess(ctx: AccessContext, companyId: string, need: Need, what = 'Company'): Access {
  const membership = ctx.user.memberships.find((m) => m.companyId === companyId && m.companyKind === 'policyholder');
  if (membership) {
    if (need !== 'read' && !hasRole(membership.role, need)) {
      throw domainError('FORBIDDEN', 'needsRole', { role: need });
    }
    return { kind: 'member', role: membership.role };
  }
  const grant = ctx.user.brokerClients.find((c) => c.companyId === companyId);
  if (grant) {
    if (need !== 'read') throw domainError('FORBIDDEN', 'brokerReadsOnly');
    return { kind: 'broker', brokerCompanyId: grant.brokerCompanyId };
  }
  throw notFound(what);
}

/** The user's role in a policyholder company (brokers answer FORBIDDEN: this is for members). */
export function requireCompanyRole(ctx: AccessContext, companyId: string, atLeast: Role, what = 'Company'): Role {
  const access = requireCompanyAccess(ctx, companyId, atLeast, what);
  return (access as { kind: 'member'; role: Role }).role;
}

/** For the broker's own actions: the user must reach the company as its broker; members answer FORBIDDEN. */
export function requireBrokerOf(ctx: AccessContext, companyId: string, what: string): string {
  const access = requireCompanyAccess(ctx, companyId, 'read', what);
  if (access.kind !== 'broker') throw domainError('FORBIDDEN', 'companyBrokerOnly');
  return access.brokerCompanyId;
}

export async function requirePolicy(ctx: AccessContext, policyId: string, need: Need) {
  const policy = await firstRow(ctx.db.select().from(policies).where(eq(policies.id, policyId)));
  if (!policy) throw notFound('Policy');
  requireCompanyAccess(ctx, policy.companyId, need, 'Policy');
  return policy;
}

export async function requireIncident(ctx: AccessContext, incidentId: string, need: Need) {
  return (await requireIncidentAccess(ctx, incidentId, need)).incident;
}

const incidentById = preparedRead((db) =>
  db
    .select()
    .from(incidents)
    .where(eq(incidents.id, sql.placeholder('id')))
    .prepare(),
);

export async function requireIncidentAccess(ctx: AccessContext, incidentId: string, need: Need) {
  const incident = await firstRow(incidentById(ctx.db).execute({ id: incidentId }));
  if (!incident) throw notFound('Incident');
  const access = requireCompanyAccess(ctx, incident.companyId, need, 'Incident');
  return { incident, access };
}

export async function requireThirdPartyClaim(ctx: AccessContext, claimId: string, need: Need) {
  const claim = await firstRow(ctx.db.select().from(thirdPartyClaims).where(eq(thirdPartyClaims.id, claimId)));
  if (!claim) throw notFound('Third-party claim');
  requireCompanyAccess(ctx, claim.companyId, need, 'Third-party claim');
  return claim;
}

async function liveCost(ctx: AccessContext, costId: string) {
  const cost = await firstRow(
    ctx.db
      .select()
      .from(costs)
      .where(and(eq(costs.id, costId), isNull(costs.deletedAt))),
  );
  if (!cost) throw notFound('Cost line');
  return cost;
}

/**
 * A live (not deleted) cost line the user may change: finance and admin may change any line,
 * a responder only the lines they logged.
 */
export async function requireEditableCost(ctx: AccessContext, costId: string) {
  const cost = await liveCost(ctx, costId);
  const role = requireCompanyRole(ctx, cost.companyId, 'responder', 'Cost line');
  if (!hasRole(role, 'finance') && cost.createdBy !== ctx.user.id) {
    throw domainError('FORBIDDEN', 'ownLinesOnly');
  }
  return cost;
}

/** A live cost line the user reaches with `need` (any role attaches files; brokers read). */
export async function requireCost(ctx: AccessContext, costId: string, need: Need) {
  const cost = await liveCost(ctx, costId);
  const access = requireCompanyAccess(ctx, cost.companyId, need, 'Cost line');
  return Object.assign(cost, { access });
}

export async function requireAttachment(ctx: AccessContext, attachmentId: string, need: Need) {
  const attachment = await firstRow(
    ctx.db
      .select()
      .from(attachments)
      .where(and(eq(attachments.id, attachmentId), isNull(attachments.deletedAt))),
  );
  if (!attachment) throw notFound('Attachment');
  const access = requireCompanyAccess(ctx, attachment.companyId, need, 'Attachment');
  return { attachment, access };
}

/**
 * Only finished packages exist for users: one still being written answers NOT_FOUND.
 * A broker sees only the versions submitted to it (docs/rules.md §7: "submitted packages").
 */
export async function requirePackage(ctx: AccessContext, packageId: string, need: Need) {
  const found = await firstRow(
    ctx.db
      .select()
      .from(claimPackages)
      .where(and(eq(claimPackages.id, packageId), eq(claimPackages.status, 'ready'))),
  );
  if (!found) throw notFound('Claim package');
  const access = requireCompanyAccess(ctx, found.companyId, need, 'Claim package');
  if (access.kind === 'broker' && !(await isSubmittedTo(ctx.db, found.id, access.brokerCompanyId))) throw notFound('Claim package');
  return found;
}

async function isSubmittedTo(db: Db, packageId: string, brokerCompanyId: string): Promise<boolean> {
  // Number(): SQLite answers 1/0, PostgreSQL true/false.
  return Number((await allRows<{ yes: number | boolean }>(db, sql`SELECT ${submittedTo(packageId, brokerCompanyId)} AS yes`))[0]?.yes) === 1;
}
