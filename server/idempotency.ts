// Retries without duplicates: a mutation sent with an `Idempotency-Key` header is done once per user and
// key; a retry with the same key and the same request gets the first answer back and changes nothing.
// See docs/decisions/013-idempotency-and-conflicts.md.

import { createHash } from 'node:crypto';
import { domainError } from './errors.ts';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from './db/client.ts';
import { preparedPerDatabase } from './db/prepared.ts';
import { idempotencyKeys } from './db/schema.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Printable ASCII without spaces, as UUIDs, ULIDs and most clients' keys are. */
const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

/** Long enough for any retry; short enough that the table stays small. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface IdempotentRequest {
  userId: string;
  key: string;
  procedure: string;
  requestHash: string;
  /** Set once the answer is stored, by the procedure inside its own transaction or after it returns. */
  answered: boolean;
}

export function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw domainError('BAD_REQUEST', 'idempotencyKeyInvalid');
  }
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(procedure: string, rawInput: unknown): string {
  return createHash('sha256').update(procedure).update('\0').update(canonicalJson(rawInput)).digest('hex');
}

const storedAnswer = preparedPerDatabase((db) =>
  db
    .select({ procedure: idempotencyKeys.procedure, requestHash: idempotencyKeys.requestHash, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, sql.placeholder('userId')), eq(idempotencyKeys.key, sql.placeholder('key'))))
    .prepare(),
);

/**
 * The first answer to this user's key, or undefined when the key is new. The same key on another
 * request is the client's mistake (a reused key): refused, so it cannot pass for a retry.
 */
export function replayedAnswer(db: Db, request: IdempotentRequest): { data: unknown } | undefined {
  const stored = storedAnswer(db).get({ userId: request.userId, key: request.key });
  if (!stored) return undefined;
  if (stored.procedure !== request.procedure || stored.requestHash !== request.requestHash) {
    throw domainError('UNPROCESSABLE_CONTENT', 'idempotencyKeyReused', { procedure: stored.procedure });
  }
  return { data: JSON.parse(stored.response) };
}

/**
 * Stores the answer. Called inside the mutation's own transaction where it matters (creating a line):
 * then the line and its key are written together, and a crash cannot keep one without the other.
 * A second writer of the same key fails on the primary key and its transaction rolls back.
 */
export function rememberAnswer(db: Db | Tx, request: IdempotentRequest | null, answer: unknown): void {
  if (!request || request.answered) return;
  db.insert(idempotencyKeys)
    .values({ userId: request.userId, key: request.key, procedure: request.procedure, requestHash: request.requestHash, response: JSON.stringify(answer ?? null) })
    .run();
  request.answered = true;
}

export function purgeExpiredKeys(db: Db, now = Date.now()): number {
  return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now - KEY_LIFETIME_MS).toISOString())).run().changes;
}

/**
 * Requests with the same user and key that arrive while the first is still running wait for it, then
 * get its answer: a double click sends both before either is done.
 */
const running = new Map<string, Promise<unknown>>();

export async function oneAtATime<T>(request: IdempotentRequest, work: () => Promise<T>): Promise<T> {
  const slot = `${request.userId}\0${request.key}`;
  while (running.has(slot)) await running.get(slot)!.catch(() => undefined);
  const promise = work();
  running.set(slot, promise);
  try {
    return await promise;
  } finally {
    running.delete(slot);
  }
}
