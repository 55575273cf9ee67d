// Sign-up, sign-in, sign-out, the current user, and joining a company through an invitation.
// Limits on attempts: docs/decisions/012; device cookies, a sign-up that reveals no account, invitations
// used once: docs/decisions/017.

import { rowsChanged } from '../db/rows.ts';
import { TRPCError } from '@trpc/server';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { acceptInviteInput, changePasswordInput, invitationTokenInput, loginInput, signupInput } from '../../shared/schemas.ts';
import { recordAudit } from '../audit.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password.ts';
import { deviceCookieAfterSignIn, knownDevice } from '../auth/device-cookie.ts';
import { createSession, deleteOtherSessions, deleteSession, hashToken } from '../auth/session.ts';
import type { Context } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { companies, invitations, memberships, users } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure, publicProcedure, router } from '../trpc.ts';
import { domainError, fieldError } from '../errors.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

/** One answer for every password that does not open the account, wherever it was given (docs/decisions/017). */
const wrongPassword = () => domainError('UNAUTHORIZED', 'wrongPassword');

interface Account {
  id: string;
  passwordHash: string;
  disabledAt: string | null;
}

async function findAccount(ctx: Context, email: string): Promise<Account | undefined> {
  return await firstRow(
    ctx.db.select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt }).from(users).where(eq(users.email, email)),
  );
}

/**
 * Refuses while the account or the address must wait after failed attempts, or, from a browser that
 * signed in to this account before, while that device must (server/auth/login-throttle.ts); otherwise
 * counts the attempt. Answers the known device, for `succeeded`.
 */
async function checkThrottle(ctx: Context, email: string, userId: string | undefined): Promise<string | null> {
  const device = await knownDevice(ctx.db, ctx.cookies.device ?? null, userId);
  const wait = await ctx.loginThrottle.admit(email, ctx.clientAddress, device);
  if (wait > 0) {
    ctx.setHeader('Retry-After', String(wait));
    throw domainError('TOO_MANY_REQUESTS', 'tryAgainIn', { seconds: wait });
  }
  return device;
}

/**
 * The password check of every sign-in, and of sign-up and invitations for an email that has an account:
 * one answer for a wrong password, an unknown email and a disabled account, one argon2 run whichever it is.
 * Answers the account's id.
 */
async function checkPassword(ctx: Context, email: string, password: string, account: Account | undefined, device: string | null): Promise<string> {
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!account || !ok || account.disabledAt !== null) throw wrongPassword();
  await ctx.loginThrottle.succeeded(email, ctx.clientAddress, device);
  return account.id;
}

/** Sign-in: the account whose password this is, under the attempt limits. */
async function authenticate(ctx: Context, email: string, password: string): Promise<string> {
  const account = await findAccount(ctx, email);
  const device = await checkThrottle(ctx, email, account?.id);
  return await checkPassword(ctx, email, password, account, device);
}

/**
 * Sign-up and invitations: an email with an account is a sign-in (its id, or a failed sign-in's answer);
 * otherwise the hash of the password for a new account. Both count against the same limits and take one
 * argon2 run, so trying emails here costs what trying them at sign-in costs.
 */
async function existingOrNewAccount(ctx: Context, email: string, password: string): Promise<{ userId: string } | { passwordHash: string }> {
  const account = await findAccount(ctx, email);
  const device = await checkThrottle(ctx, email, account?.id);
  if (account) return { userId: await checkPassword(ctx, email, password, account, device) };
  const passwordHash = await hashPassword(password);
  await ctx.loginThrottle.succeeded(email, ctx.clientAddress, device);
  return { passwordHash };
}

/**
 * The account a sign-up or an invitation acts for, with `andThen` written in the same transaction: a new
 * account for an email without one, or the email's account when the password is its own.
 */
async function accountFor(
  ctx: Context,
  input: { email: string; password: string; name: string },
  andThen: (tx: Tx, userId: string) => Promise<void>,
): Promise<string> {
  const found = await existingOrNewAccount(ctx, input.email, input.password);
  if ('userId' in found) {
    await transact(ctx.db, (tx) => andThen(tx, found.userId));
    return found.userId;
  }
  const userId = newId();
  try {
    await transact(ctx.db, async (tx) => {
      await tx.insert(users).values({ id: userId, email: input.email, name: input.name, passwordHash: found.passwordHash });
      await andThen(tx, userId);
    });
    return userId;
  } catch (error) {
    // Another request created an account with this email after our check (the unique index decided):
    // it is now an existing account, and its password decides.
    if (error instanceof TRPCError || !(await findAccount(ctx, input.email))) throw error;
    const existing = await authenticate(ctx, input.email, input.password);
    await transact(ctx.db, (tx) => andThen(tx, existing));
    return existing;
  }
}

/** Signs the browser in, and remembers it as a known device of the account (a device cookie). */
async function signIn(ctx: Context, userId: string) {
  const { token, expiresAt } = await createSession(ctx.db, userId, ctx.sessionPolicy);
  ctx.cookies.set(token, expiresAt);
  if (ctx.cookies.setDevice) ctx.cookies.setDevice(await deviceCookieAfterSignIn(ctx.db, ctx.cookies.device ?? null, userId));
}

const invitationUsed = () => domainError('NOT_FOUND', 'invitationUsed');

async function openInvitation(ctx: Context, token: string) {
  const invitation = await firstRow(
    ctx.db
      .select({
        id: invitations.id,
        companyId: invitations.companyId,
        role: invitations.role,
        email: invitations.email,
        companyName: companies.name,
        acceptedAt: invitations.acceptedAt,
        expiresAt: invitations.expiresAt,
      })
      .from(invitations)
      .innerJoin(companies, eq(companies.id, invitations.companyId))
      .where(eq(invitations.tokenHash, hashToken(token))),
  );
  if (invitation?.acceptedAt) throw invitationUsed();
  if (!invitation || invitation.expiresAt <= nowIso()) throw domainError('NOT_FOUND', 'invitationGone');
  return invitation;
}

/**
 * Takes the invitation and makes the user a member. The invitation is taken by the statement that checks
 * it is still open, inside the caller's transaction: of several acceptances that passed openInvitation
 * together, one changes the row and the others roll back everything they wrote (the new account too).
 */
async function joinCompany(tx: Tx, invitation: Awaited<ReturnType<typeof openInvitation>>, userId: string) {
  const taken = await tx
    .update(invitations)
    .set({ acceptedAt: nowIso(), acceptedBy: userId })
    .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), gt(invitations.expiresAt, nowIso())));
  if (rowsChanged(taken) !== 1) throw invitationUsed();
  await tx.insert(memberships).values({ userId, companyId: invitation.companyId, role: invitation.role }).onConflictDoNothing();
  await recordAudit(tx, {
    companyId: invitation.companyId,
    entityType: 'membership',
    entityId: userId,
    action: 'join',
    actorUserId: userId,
    after: { role: invitation.role },
  });
}

export const authRouter = router({
  /**
   * A new account and its company. An email that already has an account is not refused (that would tell
   * anyone which emails have one): with that account's password the new company is added to it, and with
   * another password the answer is a failed sign-in's, counted by the same limits.
   */
  signup: publicProcedure.input(signupInput).mutation(async ({ ctx, input }) => {
    const companyId = newId();
    const createCompany = async (tx: Tx, userId: string) => {
      await tx.insert(companies).values({ id: companyId, name: input.companyName, kind: input.kind });
      await tx.insert(memberships).values({ userId, companyId, role: 'admin' });
      await recordAudit(tx, {
        companyId,
        entityType: 'company',
        entityId: companyId,
        action: 'create',
        actorUserId: userId,
        after: { name: input.companyName, kind: input.kind },
      });
    };
    const userId = await accountFor(ctx, input, createCompany);
    await signIn(ctx, userId);
    return { userId, companyId };
  }),

  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const userId = await authenticate(ctx, input.email, input.password);
    await signIn(ctx, userId);
    return { userId };
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.cookies.current) await deleteSession(ctx.db, ctx.cookies.current);
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  /** Ends every session of the signed-in user, on every device, this one too. */
  logoutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const ended = await deleteOtherSessions(ctx.db, ctx.user.id, null);
    ctx.cookies.clear();
    return { endedSessions: ended };
  }),

  /**
   * A new password ends every session of the user (a stolen cookie stops working) and signs this
   * device in again. The current password is checked under the same attempt limits as sign-in.
   */
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const device = await checkThrottle(ctx, ctx.user.email, ctx.user.id);
    const { passwordHash } = (await firstRow(ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.user.id))))!;
    if (!(await verifyPassword(passwordHash, input.currentPassword))) {
      throw fieldError('currentPassword', 'notCurrentPassword');
    }
    await ctx.loginThrottle.succeeded(ctx.user.email, ctx.clientAddress, device);
    const newHash = await hashPassword(input.newPassword);
    const ended = await transact(ctx.db, async (tx) => {
      await tx.update(users).set({ passwordHash: newHash }).where(eq(users.id, ctx.user.id));
      return await deleteOtherSessions(tx, ctx.user.id, null);
    });
    await signIn(ctx, ctx.user.id);
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
  invitation: publicProcedure.input(invitationTokenInput).query(async ({ ctx, input }) => {
    const { companyName, role, email } = await openInvitation(ctx, input.token);
    return { companyName, role, email };
  }),

  /**
   * Creates an account from an invitation link and joins the company; an email that has an account joins
   * with it, given its password (otherwise a failed sign-in's answer, as in sign-up). An invitation is
   * used once: of simultaneous acceptances one joins, the others get NOT_FOUND and leave nothing behind.
   */
  acceptInvite: publicProcedure.input(acceptInviteInput).mutation(async ({ ctx, input }) => {
    const invitation = await openInvitation(ctx, input.token);
    if (invitation.email && invitation.email !== input.email) {
      throw fieldError('email', 'invitationForOtherEmail');
    }
    const userId = await accountFor(ctx, input, async (tx, id) => await joinCompany(tx, invitation, id));
    await signIn(ctx, userId);
    return { userId, companyId: invitation.companyId };
  }),

  /** A signed-in user joins the company of an invitation with their existing account. */
  joinWithInvite: answersInTransaction.input(invitationTokenInput).mutation(async ({ ctx, input }) => {
    const invitation = await openInvitation(ctx, input.token);
    if (invitation.email && invitation.email !== ctx.user.email) {
      throw domainError('FORBIDDEN', 'invitationForOther');
    }
    await transact(ctx.db, async (tx) => {
      await joinCompany(tx, invitation, ctx.user.id);
      await rememberAnswer(tx, ctx.idempotency, { companyId: invitation.companyId });
    });
    return { companyId: invitation.companyId };
  }),
});
