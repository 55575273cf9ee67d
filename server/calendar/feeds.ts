// A member's calendar feed: a secret URL, kept only as its SHA-256 (as session tokens are). One feed per
// member: making a new one replaces the old secret, revoking deletes it; either way the old URL then
// answers 404 on its next fetch (docs/decisions/028).

import { eq } from 'drizzle-orm';
import { hashToken, newToken } from '../auth/session.ts';
import { loadSessionUser, type SessionUser } from '../context.ts';
import type { Db } from '../db/client.ts';
import { calendarFeeds } from '../db/schema.ts';
import { nowIso } from '../ids.ts';

/** 32 random bytes in base64url, as newToken makes them. */
export const FEED_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function feedStatus(db: Db, userId: string): { active: boolean; createdAt: string | null } {
  const row = db.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).get();
  return { active: row !== undefined, createdAt: row?.createdAt ?? null };
}

/** A new secret for the member's feed, replacing any earlier one; answered once, stored only hashed. */
export function rotateFeed(db: Db, userId: string): { secret: string; createdAt: string } {
  const secret = newToken();
  const createdAt = nowIso();
  const tokenHash = hashToken(secret);
  db.insert(calendarFeeds).values({ userId, tokenHash, createdAt }).onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash, createdAt } }).run();
  return { secret, createdAt };
}

export function revokeFeed(db: Db, userId: string): boolean {
  return db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId)).run().changes > 0;
}

/** Whose feed a secret opens: null for an unknown or revoked secret, or an account that is disabled. */
export function feedOwner(db: Db, secret: string): SessionUser | null {
  if (!FEED_SECRET_PATTERN.test(secret)) return null;
  const row = db
    .select({ userId: calendarFeeds.userId })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.tokenHash, hashToken(secret)))
    .get();
  return row ? loadSessionUser(db, row.userId) : null;
}
