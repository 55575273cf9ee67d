// Sessions: 256-bit random tokens in an HttpOnly cookie; the database keeps only their SHA-256.

import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { preparedPerDatabase } from '../db/prepared.ts';
import { sessions } from '../db/schema.ts';

export const SESSION_COOKIE = 'bct_session';
export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const newToken = (): string => randomBytes(32).toString('base64url');

export function createSession(db: Db, userId: string): { token: string; expiresAt: Date } {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  db.insert(sessions).values({ tokenHash: hashToken(token), userId, expiresAt: expiresAt.toISOString() }).run();
  return { token, expiresAt };
}

const liveSession = preparedPerDatabase((db) =>
  db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare(),
);

/** The user id of a live session, or null. */
export function findSessionUser(db: Db, token: string): string | null {
  const row = liveSession(db).get({ tokenHash: hashToken(token), now: new Date().toISOString() });
  return row?.userId ?? null;
}

export function deleteSession(db: Db, token: string): void {
  db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).run();
}
