// Who may see and change what. Every record is reached through one of these helpers, which answer
// NOT_FOUND for anything outside the user's companies (never a hint that it exists) and FORBIDDEN
// when the user is a member but the role is too low.

import { TRPCError } from '@trpc/server';
import { and, eq, isNull } from 'drizzle-orm';
import type { Role } from '../shared/categories.ts';
import type { SessionUser } from './context.ts';
import type { Db } from './db/client.ts';
import { attachments, claimPackages, costs, incidents, policies } from './db/schema.ts';

const ROLE_RANK: Record<Role, number> = { responder: 1, finance: 2, admin: 3 };

interface AccessContext {
  db: Db;
  user: SessionUser;
}

const notFound = (what: string) => new TRPCError({ code: 'NOT_FOUND', message: `${what} not found` });

export function hasRole(role: Role, atLeast: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[atLeast];
}

/** The user's role in a policyholder company, checked against the least role the action needs. */
export function requireCompanyRole(ctx: AccessContext, companyId: string, atLeast: Role, what = 'Company'): Role {
  const membership = ctx.user.memberships.find((m) => m.companyId === companyId && m.companyKind === 'policyholder');
  if (!membership) throw notFound(what);
  if (!hasRole(membership.role, atLeast)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${atLeast} role or higher` });
  }
  return membership.role;
}

export function requirePolicy(ctx: AccessContext, policyId: string, atLeast: Role) {
  const policy = ctx.db.select().from(policies).where(eq(policies.id, policyId)).get();
  if (!policy) throw notFound('Policy');
  requireCompanyRole(ctx, policy.companyId, atLeast, 'Policy');
  return policy;
}

export function requireIncident(ctx: AccessContext, incidentId: string, atLeast: Role) {
  const incident = ctx.db.select().from(incidents).where(eq(incidents.id, incidentId)).get();
  if (!incident) throw notFound('Incident');
  requireCompanyRole(ctx, incident.companyId, atLeast, 'Incident');
  return incident;
}

/**
 * A live (not deleted) cost line the user may change: finance and admin may change any line,
 * a responder only the lines they logged.
 */
export function requireEditableCost(ctx: AccessContext, costId: string) {
  const cost = ctx.db.select().from(costs).where(and(eq(costs.id, costId), isNull(costs.deletedAt))).get();
  if (!cost) throw notFound('Cost line');
  const role = requireCompanyRole(ctx, cost.companyId, 'responder', 'Cost line');
  if (!hasRole(role, 'finance') && cost.createdBy !== ctx.user.id) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'A responder may change only the lines they logged' });
  }
  return cost;
}

/** A live cost line in one of the user's companies, for attaching files (any role may attach). */
export function requireCost(ctx: AccessContext, costId: string, atLeast: Role) {
  const cost = ctx.db.select().from(costs).where(and(eq(costs.id, costId), isNull(costs.deletedAt))).get();
  if (!cost) throw notFound('Cost line');
  requireCompanyRole(ctx, cost.companyId, atLeast, 'Cost line');
  return cost;
}

export function requireAttachment(ctx: AccessContext, attachmentId: string, atLeast: Role) {
  const attachment = ctx.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), isNull(attachments.deletedAt)))
    .get();
  if (!attachment) throw notFound('Attachment');
  const role = requireCompanyRole(ctx, attachment.companyId, atLeast, 'Attachment');
  return { attachment, role };
}

/** Only finished packages exist for users: one still being written answers NOT_FOUND. */
export function requirePackage(ctx: AccessContext, packageId: string, atLeast: Role) {
  const found = ctx.db
    .select()
    .from(claimPackages)
    .where(and(eq(claimPackages.id, packageId), eq(claimPackages.status, 'ready')))
    .get();
  if (!found) throw notFound('Claim package');
  requireCompanyRole(ctx, found.companyId, atLeast, 'Claim package');
  return found;
}
