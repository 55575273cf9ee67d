// Retries without duplicates: a mutation sent with an `Idempotency-Key` header is done once per user and
// key; a retry with the same key and the same request gets the first answer back and changes nothing.
// See docs/decisions/013-idempotency-and-conflicts.md.

import { transact } from './db/transaction.ts';
import { rowsChanged } from './db/rows.ts';
import { firstRow } from './db/rows.ts';
import { createHash } from 'node:crypto';
import { domainError } from './errors.ts';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from './db/client.ts';
import { preparedRead } from './db/prepared.ts';
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
  /**
   * Set once the answer is stored, by the procedure inside its own transaction or after it returns. Inside a
   * transaction it says the answer was written, not yet that it was committed: the middleware reads it only
   * after the procedure has returned.
   */
  answered: boolean;
  /** Set by a procedure whose answer must not be kept (it holds a secret): its claim is released instead. */
  keepNoAnswer?: boolean;
  /**
   * Set by the middleware for a procedure that stores its answer inside its own transaction (the meta
   * `claimsKeyWithWrites`, server/trpc.ts): the key's row is inserted there, with the answer, and that insert
   * is the claim.
   */
  claimWithWrites?: boolean;
}

/** A caller that may bring a request's Idempotency-Key, to store its answer with its writes (rememberAnswer). */
export interface Answering {
  idempotency?: IdempotentRequest | null;
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

const storedKey = preparedRead((db) =>
  db
    .select({
      procedure: idempotencyKeys.procedure,
      requestHash: idempotencyKeys.requestHash,
      response: idempotencyKeys.response,
      createdAt: idempotencyKeys.createdAt,
    })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, sql.placeholder('userId')), eq(idempotencyKeys.key, sql.placeholder('key'))))
    .prepare(),
);

/** A claim older than this is a crashed instance's: the next request with the key runs it instead. */
export const CLAIM_TAKEOVER_MS = 60_000;

export type Claim = { kind: 'run' } | { kind: 'replay'; data: unknown } | { kind: 'running' };

type StoredKey = { procedure: string; requestHash: string; response: string | null; createdAt: string };

/**
 * What the key's row says of this request: none yet (`free`), an answer to replay, another run's claim
 * (`running`), or a claim so old its instance must have died (`stale`). The same key on another request is
 * the client's mistake (a reused key): refused, so it cannot pass for a retry.
 */
function judge(stored: StoredKey | undefined, request: IdempotentRequest, now: number) {
  if (!stored) return { kind: 'free' } as const;
  if (stored.procedure !== request.procedure || stored.requestHash !== request.requestHash) {
    throw domainError('UNPROCESSABLE_CONTENT', 'idempotencyKeyReused', { procedure: stored.procedure });
  }
  if (stored.response !== null) return { kind: 'replay', data: JSON.parse(stored.response) as unknown } as const;
  return Date.parse(stored.createdAt) > now - CLAIM_TAKEOVER_MS ? ({ kind: 'running' } as const) : ({ kind: 'stale' } as const);
}

const newKeyRow = (request: IdempotentRequest, response: string | null, now: number) => ({
  userId: request.userId,
  key: request.key,
  procedure: request.procedure,
  requestHash: request.requestHash,
  response,
  createdAt: new Date(now).toISOString(),
});

/**
 * Claims the key for this request, in one immediate transaction: a new key is inserted with no answer yet,
 * and the request runs; a key with an answer is replayed; a key another instance is running answers
 * `running`; a stale claim is taken over.
 */
export async function claimKey(db: Db, request: IdempotentRequest, now = Date.now()): Promise<Claim> {
  return transact(db, async (db): Promise<Claim> => {
    const seen = await readKey(db, request, now);
    if (seen.kind === 'free') {
      await db.insert(idempotencyKeys).values(newKeyRow(request, null, now));
      return { kind: 'run' };
    }
    if (seen.kind !== 'stale') return seen;
    await db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(now).toISOString() })
      .where(keyOf(request));
    return { kind: 'run' };
  });
}

/**
 * Reads the key without claiming it, for a procedure that claims it with its own writes: `free` lets it run
 * (its transaction inserts the key, see rememberAnswer), an answer is replayed, and a claim left by another
 * run (`running` or `stale`) is handled as for any procedure, by claimWhenFree.
 */
export async function readKey(db: Db, request: IdempotentRequest, now = Date.now()) {
  return judge(await firstRow(storedKey(db).execute({ userId: request.userId, key: request.key })), request, now);
}

/**
 * Thrown inside a transaction that found its key already answered by a run that committed meanwhile (on
 * another instance): the transaction rolls back, and the middleware replays that run's answer instead.
 */
export class AnsweredElsewhere extends Error {
  constructor() {
    super('Idempotency-Key answered by another run meanwhile');
  }
}

const keyOf = (request: IdempotentRequest) => and(eq(idempotencyKeys.userId, request.userId), eq(idempotencyKeys.key, request.key));

/**
 * Stores the answer on the key. Called inside the mutation's own transaction where it matters (the ledger's
 * writes): then the line and its answer are written together, and a crash cannot keep one without the other.
 *
 * With `claimWithWrites`, this insert is the claim: two instances that both found the key free both run,
 * but only one transaction can insert the key — PostgreSQL makes the second wait for the first and then
 * insert nothing (or refuse its snapshot, and the transaction is run again) — so the second rolls back
 * (AnsweredElsewhere) and replays the first's answer. An instance killed mid-run leaves no claim behind.
 *
 * Otherwise the key was claimed before the run (claimKey): a claim taken over meanwhile (this run outlived
 * CLAIM_TAKEOVER_MS and another began) is not ours to answer, and the throw rolls this transaction back, so
 * only one run's writes are kept.
 */
export async function rememberAnswer(db: Db, request: IdempotentRequest | null, answer: unknown): Promise<void> {
  // Stored again even when `answered` is set: the transaction that set it may have been refused and run
  // again (PostgreSQL's retries, server/db/transaction.ts), and only the run that commits keeps its insert.
  if (!request) return;
  if (request.claimWithWrites) {
    const inserted = await db
      .insert(idempotencyKeys)
      .values(newKeyRow(request, JSON.stringify(answer ?? null), Date.now()))
      .onConflictDoNothing();
    if (rowsChanged(inserted) !== 1) throw new AnsweredElsewhere();
    request.answered = true;
    return;
  }
  const stored = await db
    .update(idempotencyKeys)
    .set({ response: JSON.stringify(answer ?? null) })
    .where(and(keyOf(request), isNull(idempotencyKeys.response)));
  if (rowsChanged(stored) !== 1) throw domainError('CONFLICT', 'idempotencyKeyTakenOver');
  request.answered = true;
}

/** How long a request waits for another instance's run of its key before answering that it is still running. */
const WAIT_FOR_OTHER_RUN_MS = 10_000;
const POLL_MS = 50;

/** Claims the key, waiting while another instance runs it: its answer is replayed once stored. */
export async function claimWhenFree(db: Db, request: IdempotentRequest): Promise<Exclude<Claim, { kind: 'running' }>> {
  const giveUpAt = Date.now() + WAIT_FOR_OTHER_RUN_MS;
  for (;;) {
    const claim = await claimKey(db, request);
    if (claim.kind !== 'running') return claim;
    if (Date.now() > giveUpAt) throw domainError('CONFLICT', 'idempotencyKeyRunning');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A run that failed gives its claim back, so the client's retry runs again instead of waiting. */
export async function releaseClaim(db: Db, request: IdempotentRequest): Promise<void> {
  await db.delete(idempotencyKeys).where(and(keyOf(request), isNull(idempotencyKeys.response)));
}

export async function purgeExpiredKeys(db: Db, now = Date.now()): Promise<number> {
  return rowsChanged(await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now - KEY_LIFETIME_MS).toISOString())));
}

/**
 * Requests with the same user and key that arrive while the first is still running wait for it, then
 * get its answer: a double click sends both before either is done. Kept per database handle, that is per
 * app instance: two instances in one process (as the tests start them) settle a key in the database, as
 * two processes do.
 */
const runningPerInstance = new WeakMap<Db, Map<string, Promise<unknown>>>();

export async function oneAtATime<T>(db: Db, request: IdempotentRequest, work: () => Promise<T>): Promise<T> {
  let running = runningPerInstance.get(db);
  if (!running) {
    running = new Map<string, Promise<unknown>>();
    runningPerInstance.set(db, running);
  }
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
