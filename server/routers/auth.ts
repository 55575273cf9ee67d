// Sign-up, sign-in, sign-out, the current user, and joining a company through an invitation.

import { TRPCError } from '@trpc/server';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { acceptInviteInput, changePasswordInput, invitationTokenInput, loginInput, signupInput } from '../../shared/schemas.ts';
import { recordAudit } from '../audit.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password.ts';
import { createSession, deleteOtherSessions, deleteSession, hashToken } from '../auth/session.ts';
import type { Context } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { companies, invitations, memberships, users } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

/** Refuses while the account or the address must wait after failed attempts (server/auth/login-throttle.ts). */
function checkThrottle(ctx: Context, email: string) {
  const wait = ctx.loginThrottle.retryAfterSeconds(email, ctx.clientAddress);
  if (wait > 0) {
    ctx.setHeader('Retry-After', String(wait));
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `Too many failed attempts: try again in ${wait} s` });
  }
  ctx.loginThrottle.attempt(email, ctx.clientAddress);
}

function signIn(ctx: Context, userId: string) {
  const { token, expiresAt } = createSession(ctx.db, userId);
  ctx.cookies.set(token, expiresAt);
}

function emailTaken(ctx: Context, email: string): boolean {
  return ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get() !== undefined;
}

const emailTakenError = () => new TRPCError({ code: 'CONFLICT', message: 'email: an account with this email already exists' });

function openInvitation(ctx: Context, token: string) {
  const invitation = ctx.db
    .select({ id: invitations.id, companyId: invitations.companyId, role: invitations.role, email: invitations.email, companyName: companies.name })
    .from(invitations)
    .innerJoin(companies, eq(companies.id, invitations.companyId))
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, nowIso())))
    .get();
  if (!invitation) throw new TRPCError({ code: 'NOT_FOUND', message: 'This invitation is unknown, used or expired' });
  return invitation;
}

function joinCompany(tx: Tx, invitation: ReturnType<typeof openInvitation>, userId: string) {
    tx.insert(memberships).values({ userId, companyId: invitation.companyId, role: invitation.role }).onConflictDoNothing().run();
    tx.update(invitations).set({ acceptedAt: nowIso(), acceptedBy: userId }).where(eq(invitations.id, invitation.id)).run();
    recordAudit(tx, {
      companyId: invitation.companyId,
      entityType: 'membership',
      entityId: userId,
      action: 'join',
      actorUserId: userId,
      after: { role: invitation.role },
    });
}

export const authRouter = router({
  signup: publicProcedure.input(signupInput).mutation(async ({ ctx, input }) => {
    if (emailTaken(ctx, input.email)) throw emailTakenError();
    const passwordHash = await hashPassword(input.password);
    const userId = newId();
    const companyId = newId();
    try {
      ctx.db.transaction((tx) => {
        tx.insert(users).values({ id: userId, email: input.email, name: input.name, passwordHash }).run();
        tx.insert(companies).values({ id: companyId, name: input.companyName, kind: input.kind }).run();
        tx.insert(memberships).values({ userId, companyId, role: 'admin' }).run();
        recordAudit(tx, { companyId, entityType: 'company', entityId: companyId, action: 'create', actorUserId: userId, after: { name: input.companyName, kind: input.kind } });
      });
    } catch (error) {
      // Two sign-ups with one email racing past the check above: the unique index decides.
      if (emailTaken(ctx, input.email)) throw emailTakenError();
      throw error;
    }
    signIn(ctx, userId);
    return { userId, companyId };
  }),

  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    checkThrottle(ctx, input.email);
    const user = ctx.db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, input.email)).get();
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
    if (!user || !ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password' });
    ctx.loginThrottle.succeeded(input.email, ctx.clientAddress);
    signIn(ctx, user.id);
    return { userId: user.id };
  }),

  logout: publicProcedure.mutation(({ ctx }) => {
    if (ctx.cookies.current) deleteSession(ctx.db, ctx.cookies.current);
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  /** Ends every session of the signed-in user, on every device, this one too. */
  logoutEverywhere: authedProcedure.mutation(({ ctx }) => {
    const ended = deleteOtherSessions(ctx.db, ctx.user.id, null);
    ctx.cookies.clear();
    return { endedSessions: ended };
  }),

  /**
   * A new password ends every session of the user (a stolen cookie stops working) and signs this
   * device in again. The current password is checked under the same attempt limits as sign-in.
   */
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    checkThrottle(ctx, ctx.user.email);
    const { passwordHash } = ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.user.id)).get()!;
    if (!(await verifyPassword(passwordHash, input.currentPassword))) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'currentPassword: is not your current password' });
    }
    ctx.loginThrottle.succeeded(ctx.user.email, ctx.clientAddress);
    const newHash = await hashPassword(input.newPassword);
    const ended = ctx.db.transaction((tx) => {
      tx.update(users).set({ passwordHash: newHash }).where(eq(users.id, ctx.user.id)).run();
      return deleteOtherSessions(tx, ctx.user.id, null);
    });
    signIn(ctx, ctx.user.id);
    // This device's session ended too, and was replaced: it is not one of the others.
    return { endedSessions: ctx.cookies.current ? ended - 1 : ended };
  }),

  me: authedProcedure.query(({ ctx }) => ({
    userId: ctx.user.id,
    email: ctx.user.email,
    name: ctx.user.name,
    memberships: ctx.user.memberships.map((m) => ({ companyId: m.companyId, companyName: m.companyName, companyKind: m.companyKind, role: m.role })),
  })),

  /** Public: what the sign-in page shows while demo mode is on. */
  demo: publicProcedure.query(({ ctx }) => ({ credentials: ctx.demoCredentials })),

  /** Public: the company and role an invitation link is for. */
  invitation: publicProcedure.input(invitationTokenInput).query(({ ctx, input }) => {
    const { companyName, role, email } = openInvitation(ctx, input.token);
    return { companyName, role, email };
  }),

  /** Creates an account from an invitation link and joins the company. */
  acceptInvite: publicProcedure.input(acceptInviteInput).mutation(async ({ ctx, input }) => {
    const invitation = openInvitation(ctx, input.token);
    if (invitation.email && invitation.email !== input.email) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'email: this invitation is for another email address' });
    }
    if (emailTaken(ctx, input.email)) throw emailTakenError();
    const userId = newId();
    const passwordHash = await hashPassword(input.password);
    ctx.db.transaction((tx) => {
      tx.insert(users).values({ id: userId, email: input.email, name: input.name, passwordHash }).run();
      joinCompany(tx, invitation, userId);
    });
    signIn(ctx, userId);
    return { userId, companyId: invitation.companyId };
  }),

  /** A signed-in user joins the company of an invitation with their existing account. */
  joinWithInvite: authedProcedure.input(invitationTokenInput).mutation(({ ctx, input }) => {
    const invitation = openInvitation(ctx, input.token);
    if (invitation.email && invitation.email !== ctx.user.email) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'This invitation is for another email address' });
    }
    ctx.db.transaction((tx) => joinCompany(tx, invitation, ctx.user.id));
    return { companyId: invitation.companyId };
  }),
});
