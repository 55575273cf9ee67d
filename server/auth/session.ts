// Sessions: 256-bit random tokens in an HttpOnly cookie; the database keeps only their SHA-256.
// A session ends at the first of: sign-out, a password change, SESSION_IDLE_MINUTES without a request,
// SESSION_MAX_HOURS after sign-in (docs/decisions/012-sessions-and-sign-in-limits.md).

import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { preparedPerDatabase } from '../db/prepared.ts';
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
export function createSession(db: Db, userId: string, policy: SessionPolicy, now = new Date()): { token: string; expiresAt: Date } {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + policy.maxMs);
  db.insert(sessions)
    .values({ tokenHash: hashToken(token), userId, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt: expiresAt.toISOString() })
    .run();
  return { token, expiresAt };
}

const liveSession = preparedPerDatabase((db) =>
  db
    .select({ userId: sessions.userId, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        gt(sessions.expiresAt, sql.placeholder('now')),
        gt(sessions.lastSeenAt, sql.placeholder('idleSince')),
      ),
    )
    .prepare(),
);

const touchSession = preparedPerDatabase((db) =>
  db
    .update(sessions)
    .set({ lastSeenAt: sql`${sql.placeholder('now')}` })
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare(),
);

/** The user id of a live session, or null; a live session's idle clock restarts. */
export function findSessionUser(db: Db, token: string, policy: SessionPolicy, now = new Date()): string | null {
  const tokenHash = hashToken(token);
  const nowIso = now.toISOString();
  const row = liveSession(db).get({ tokenHash, now: nowIso, idleSince: new Date(now.getTime() - policy.idleMs).toISOString() });
  if (!row) return null;
  if (row.lastSeenAt! < new Date(now.getTime() - LAST_SEEN_GRANULARITY_MS).toISOString()) touchSession(db).run({ tokenHash, now: nowIso });
  return row.userId;
}

export function deleteSession(db: Db, token: string): void {
  db.delete(sessions)
    .where(eq(sessions.tokenHash, hashToken(token)))
    .run();
}

/** Ends every session of a user but `keepToken`'s (sign out everywhere else; after a password change). */
export function deleteOtherSessions(db: Db | Tx, userId: string, keepToken: string | null): number {
  const others = keepToken ? ne(sessions.tokenHash, hashToken(keepToken)) : undefined;
  return db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), others))
    .run().changes;
}

/** Removes ended sessions, so the table holds only live ones (called at start-up). */
export function purgeEndedSessions(db: Db, policy: SessionPolicy, now = new Date()): number {
  const idleSince = new Date(now.getTime() - policy.idleMs).toISOString();
  return db
    .delete(sessions)
    .where(sql`${sessions.expiresAt} <= ${now.toISOString()} OR ${sessions.lastSeenAt} <= ${idleSince}`)
    .run().changes;
}
