// A company's members: list, invite (a link the admin passes on), change a role, remove.

import { domainError, fieldError } from '../errors.ts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { companyInput, inviteInput, memberRemoveInput, memberRoleInput } from '../../shared/schemas.ts';
import { requireCompanyRole } from '../access.ts';
import { recordAudit } from '../audit.ts';
import { hashToken, newToken } from '../auth/session.ts';
import { invitations, memberships, users } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { brokerGrantProcedures } from './broker-grants.ts';
import { companyProfileProcedures } from './company-profile.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

type AuthedCtx = Parameters<typeof requireCompanyRole>[0];

async function requireOtherAdminRemains(ctx: AuthedCtx, companyId: string, userId: string) {
  const admins = await ctx.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.companyId, companyId), eq(memberships.role, 'admin')));
  if (admins.length === 1 && admins[0]?.userId === userId) {
    throw fieldError('role', 'lastAdmin');
  }
}

async function requireMember(ctx: AuthedCtx, companyId: string, userId: string) {
  const member = await firstRow(
    ctx.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.companyId, companyId), eq(memberships.userId, userId))),
  );
  if (!member) throw domainError('NOT_FOUND', 'notFound', { what: 'Member' });
  return member;
}

export const companyRouter = router({
  ...brokerGrantProcedures,
  ...companyProfileProcedures,

  members: authedProcedure.input(companyInput).query(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'responder');
    const members = await ctx.db
      .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.companyId, input.companyId))
      .orderBy(users.name);
    const pending = await ctx.db
      .select({ id: invitations.id, role: invitations.role, email: invitations.email, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(and(eq(invitations.companyId, input.companyId), isNull(invitations.acceptedAt)))
      .orderBy(desc(invitations.createdAt));
    return { members, pendingInvitations: pending };
  }),

  /** Answers the invitation token once; only its hash is stored, so the admin copies the link now. */
  invite: authedProcedure.input(inviteInput).mutation(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'admin');
    const token = newToken();
    const id = newId();
    const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS).toISOString();
    await transact(ctx.db, async (tx) => {
      await tx.insert(invitations).values({
        id,
        tokenHash: hashToken(token),
        companyId: input.companyId,
        role: input.role,
        email: input.email ?? null,
        createdBy: ctx.user.id,
        expiresAt,
      });
      await recordAudit(tx, {
        companyId: input.companyId,
        entityType: 'membership',
        entityId: id,
        action: 'invite',
        actorUserId: ctx.user.id,
        after: { role: input.role, email: input.email ?? null },
      });
    });
    return { id, token, invitePath: `/invite/${token}`, expiresAt };
  }),

  changeRole: answersInTransaction.input(memberRoleInput).mutation(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'admin');
    const member = await requireMember(ctx, input.companyId, input.userId);
    if (member.role === 'admin' && input.role !== 'admin') await requireOtherAdminRemains(ctx, input.companyId, input.userId);
    await transact(ctx.db, async (tx) => {
      await tx
        .update(memberships)
        .set({ role: input.role })
        .where(and(eq(memberships.companyId, input.companyId), eq(memberships.userId, input.userId)));
      await recordAudit(tx, {
        companyId: input.companyId,
        entityType: 'membership',
        entityId: input.userId,
        action: 'role',
        actorUserId: ctx.user.id,
        before: { role: member.role },
        after: { role: input.role },
      });
      await rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),

  removeMember: answersInTransaction.input(memberRemoveInput).mutation(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'admin');
    const member = await requireMember(ctx, input.companyId, input.userId);
    if (member.role === 'admin') await requireOtherAdminRemains(ctx, input.companyId, input.userId);
    await transact(ctx.db, async (tx) => {
      await tx.delete(memberships).where(and(eq(memberships.companyId, input.companyId), eq(memberships.userId, input.userId)));
      await recordAudit(tx, {
        companyId: input.companyId,
        entityType: 'membership',
        entityId: input.userId,
        action: 'remove',
        actorUserId: ctx.user.id,
        before: { role: member.role },
      });
      await rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),
});
