// Sessions: 256-bit random tokens in an HttpOnly cookie; the database keeps only their SHA-256.
// A session ends at the first of: sign-out, a password change, SESSION_IDLE_MINUTES without a request,
// SESSION_MAX_HOURS after sign-in (docs/decisions/012-sessions-and-sign-in-limits.md).

import { rowsChanged } from '../db/rows.ts';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { preparedWrite } from '../db/prepared.ts';
import { sessions } from '../db/schema.ts';

export const SESSION_COOKIE = 'bct_session';

export interface SessionPolicy {
  /** A session with no request for this long has ended. */
  idleMs: number;
  /** However active, a session ends this long after sign-in. */
  maxMs: number;
}

const MINUTE = 60_000;
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 60 * MINUTE, maxMs: 12 * 60 * MINUTE };

/** The last-seen time is written at most this often: a write per request would double a read's cost. */
const LAST_SEEN_GRANULARITY_MS = MINUTE;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const newToken = (): string => randomBytes(32).toString('base64url');

/** `policy` comes from the environment (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS) through the server's options. */
export async function createSession(db: Db, userId: string, policy: SessionPolicy, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + policy.maxMs);
  await db
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
  return { token, expiresAt };
}

const touchSession = preparedWrite((db) =>
  db
    .update(sessions)
    .set({ lastSeenAt: sql`${sql.placeholder('now')}` })
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare(),
);

/** The bounds a live session's row must be within at `now`: not expired, and seen within the idle time. */
export function liveSessionBounds(token: string, policy: SessionPolicy, now: Date) {
  return { tokenHash: hashToken(token), now: now.toISOString(), idleSince: new Date(now.getTime() - policy.idleMs).toISOString() };
}

/** The predicate of a live session, with the placeholders `liveSessionBounds` fills. */
export const isLiveSession = () =>
  and(
    eq(sessions.tokenHash, sql.placeholder('tokenHash')),
    gt(sessions.expiresAt, sql.placeholder('now')),
    gt(sessions.lastSeenAt, sql.placeholder('idleSince')),
  );

/** Restarts a live session's idle clock, at most once per LAST_SEEN_GRANULARITY_MS. */
export async function touchLiveSession(db: Db, bounds: ReturnType<typeof liveSessionBounds>, lastSeenAt: string, now: Date): Promise<void> {
  if (lastSeenAt < new Date(now.getTime() - LAST_SEEN_GRANULARITY_MS).toISOString())
    await touchSession(db).execute({ tokenHash: bounds.tokenHash, now: bounds.now });
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/** Ends every session of a user but `keepToken`'s (sign out everywhere else; after a password change). */
export async function deleteOtherSessions(db: Db, userId: string, keepToken: string | null): Promise<number> {
  const others = keepToken ? ne(sessions.tokenHash, hashToken(keepToken)) : undefined;
  return rowsChanged(await db.delete(sessions).where(and(eq(sessions.userId, userId), others)));
}

/** Removes ended sessions, so the table holds only live ones (called at start-up). */
export async function purgeEndedSessions(db: Db, policy: SessionPolicy, now = new Date()): Promise<number> {
  const idleSince = new Date(now.getTime() - policy.idleMs).toISOString();
  return rowsChanged(await db.delete(sessions).where(sql`${sessions.expiresAt} <= ${now.toISOString()} OR ${sessions.lastSeenAt} <= ${idleSince}`));
}
