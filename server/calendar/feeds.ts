// A member's calendar feed: a secret URL, kept only as its SHA-256 (as session tokens are). One feed per
// member: making a new one replaces the old secret, revoking deletes it; either way the old URL then
// answers 404 on its next fetch (docs/decisions/028).

import { rowsChanged } from '../db/rows.ts';
import { eq } from 'drizzle-orm';
import { hashToken, newToken } from '../auth/session.ts';
import { loadSessionUser, type SessionUser } from '../context.ts';
import type { Db } from '../db/client.ts';
import { calendarFeeds } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { firstRow } from '../db/rows.ts';

/** 32 random bytes in base64url, as newToken makes them. */
export const FEED_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function feedStatus(db: Db, userId: string): Promise<{ active: boolean; createdAt: string | null }> {
  const row = await firstRow(db.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId)));
  return { active: row !== undefined, createdAt: row?.createdAt ?? null };
}

/** A new secret for the member's feed, replacing any earlier one; answered once, stored only hashed. */
export async function rotateFeed(db: Db, userId: string): Promise<{ secret: string; createdAt: string }> {
  const secret = newToken();
  const createdAt = nowIso();
  const tokenHash = hashToken(secret);
  await db.insert(calendarFeeds).values({ userId, tokenHash, createdAt }).onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash, createdAt } });
  return { secret, createdAt };
}

export async function revokeFeed(db: Db, userId: string): Promise<boolean> {
  return rowsChanged(await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId))) > 0;
}

/** Whose feed a secret opens: null for an unknown or revoked secret, or an account that is disabled. */
export async function feedOwner(db: Db, secret: string): Promise<SessionUser | null> {
  if (!FEED_SECRET_PATTERN.test(secret)) return null;
  const row = await firstRow(
    db
      .select({ userId: calendarFeeds.userId })
      .from(calendarFeeds)
      .where(eq(calendarFeeds.tokenHash, hashToken(secret))),
  );
  return row ? await loadSessionUser(db, row.userId) : null;
}
