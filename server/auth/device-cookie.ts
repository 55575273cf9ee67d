// Device cookies: a browser that once signed in to an account with its password carries a signed token
// naming that account, and its later sign-ins are throttled on their own, never by the lock-out that
// strangers' wrong guesses put on the account (docs/decisions/017-invitations-lockout-signup-and-demo.md,
// after OWASP's "Slow Down Online Guessing Attacks with Device Cookies").
//
// A token is `<user id>.<nonce>.<HMAC-SHA256 of both>`; the key is made once and kept in the database.
// A cookie holds the tokens of the last few accounts signed in on that browser, newest first.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { serverSecrets } from '../db/schema.ts';
import { firstRow } from '../db/rows.ts';

export const DEVICE_COOKIE = 'bct_device';
/** How long a browser stays known without signing in again (each sign-in renews it). */
export const DEVICE_COOKIE_MAX_AGE_S = 180 * 24 * 60 * 60;
/** Accounts remembered per browser: a shared office PC, a broker with a test account. */
const MAX_TOKENS = 5;
const SEPARATOR = '~';
const KEY_NAME = 'device_cookie_key';

const keys = new WeakMap<Db, Buffer>();

/** The signing key, or null before the first sign-in made one (then no token can be valid). */
async function existingKey(db: Db): Promise<Buffer | null> {
  const cached = keys.get(db);
  if (cached) return cached;
  const row = await firstRow(db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, KEY_NAME)));
  if (!row) return null;
  const key = Buffer.from(row.value, 'base64url');
  keys.set(db, key);
  return key;
}

/** Made on the first successful sign-in, not at start-up: reading the database must never write to it. */
async function signingKey(db: Db): Promise<Buffer> {
  const key = await existingKey(db);
  if (key) return key;
  await db
    .insert(serverSecrets)
    .values({ name: KEY_NAME, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  return (await existingKey(db))!;
}

const signature = (key: Buffer, userId: string, nonce: string) => createHmac('sha256', key).update(`device:${userId}:${nonce}`).digest();

interface DeviceToken {
  userId: string;
  nonce: string;
  raw: string;
}

/** The well-formed, correctly signed tokens of a cookie value, in its order. */
async function validTokens(db: Db, cookieValue: string | null): Promise<DeviceToken[]> {
  if (!cookieValue) return [];
  const key = await existingKey(db);
  if (!key) return [];
  const tokens: DeviceToken[] = [];
  for (const raw of cookieValue.split(SEPARATOR).slice(0, MAX_TOKENS)) {
    const [userId, nonce, mac, extra] = raw.split('.');
    if (extra !== undefined || !userId || !nonce || !mac || userId.length > 64 || nonce.length > 64) continue;
    const given = Buffer.from(mac, 'base64url');
    const expected = signature(key, userId, nonce);
    if (given.length === expected.length && timingSafeEqual(given, expected)) tokens.push({ userId, nonce, raw });
  }
  return tokens;
}

/**
 * The device this request comes from, when its cookie proves that the browser signed in to this account
 * before: a key for the throttle's per-device counter. Null for everyone else.
 */
export async function knownDevice(db: Db, cookieValue: string | null, userId: string | undefined): Promise<string | null> {
  if (!userId) return null;
  const token = (await validTokens(db, cookieValue)).find((t) => t.userId === userId);
  return token ? `${token.userId}.${token.nonce}` : null;
}

/**
 * The cookie value after a successful sign-in to `userId`: the device's token for this account (kept, so
 * its per-device count carries on, or a new one) first, then the other accounts' tokens.
 */
export async function deviceCookieAfterSignIn(db: Db, cookieValue: string | null, userId: string): Promise<string> {
  const key = await signingKey(db);
  const tokens = await validTokens(db, cookieValue);
  const mine = tokens.find((t) => t.userId === userId);
  const nonce = mine?.nonce ?? randomBytes(16).toString('base64url');
  const token = mine?.raw ?? `${userId}.${nonce}.${signature(key, userId, nonce).toString('base64url')}`;
  const others = tokens.filter((t) => t.userId !== userId).map((t) => t.raw);
  return [token, ...others].slice(0, MAX_TOKENS).join(SEPARATOR);
}
