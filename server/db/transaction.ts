// One way to run a transaction on either database, with an async body (docs/decisions/038-async-data-layer.md).
//
// drizzle's better-sqlite3 transactions cannot await (better-sqlite3 refuses a function that returns a
// promise), and the app's one SQLite connection is shared by every request. So on SQLite a transaction is a
// body run on that connection, one at a time, each in a savepoint of a transaction that carries the bodies
// asked for during one turn of the event loop, committed together (./group-commit.ts, decision 040). On PostgreSQL it is
// drizzle's own transaction on a pooled connection, SERIALIZABLE, retried when PostgreSQL reports a
// serialization failure, so concurrent requests behave as if they ran one after another, as on SQLite.

import { PgDatabase } from 'drizzle-orm/pg-core';
import { isPostgres } from './engine.ts';
import { GroupCommit } from './group-commit.ts';
import { markedOnOneConnection } from './one-connection.ts';
import { poolOf, withSessionLocks } from './pg-advisory.ts';
import { TurnGroups, type Waiting } from './turn-groups.ts';
import type { Db } from './types.ts';

// Where most callers find it, beside transact.
export { isPostgres };

type PgHandle = PgDatabase<never, Record<string, never>>;

/** Set on the handle a transaction body receives, so a nested `transact` becomes a savepoint. */
const IN_TRANSACTION = Symbol('inTransaction');

type Body<T> = (tx: Db) => Promise<T>;

/** How many times a PostgreSQL transaction is run again after a serialization failure or a deadlock. */
const PG_ATTEMPTS = 8;

export function inTransaction(db: Db): boolean {
  return (db as unknown as Record<symbol, unknown>)[IN_TRANSACTION] === true;
}

/**
 * Runs `body` in a transaction and returns what it returns; anything it throws rolls the transaction back.
 * The body must be safe to run again (PostgreSQL retries) and should await only the database: on SQLite,
 * another request's statements outside any transaction would otherwise run inside this one's.
 */
export async function transact<T>(db: Db, body: Body<T>, options: TransactOptions = {}): Promise<T> {
  if (isPostgres(db)) return transactPostgres(db, body, options.lockOn ?? []);
  if (inTransaction(db)) return savepoint(db, body);
  return groupOf(db).run(body, options.beforeServing === true);
}

export interface TransactOptions {
  /**
   * The body may wait on other things than the database (hashing a password, writing a file). Only before the
   * server listens, when nothing else can use the connection meanwhile: the demo seed.
   */
  beforeServing?: boolean;
  /**
   * Names of things whose writers take turns (a sign-in counter): on PostgreSQL, advisory locks held from before
   * BEGIN (./pg-advisory.ts). SQLite runs one transaction at a time anyway. A body may also ask for one as it
   * goes (`takeTurnsOn`): then it is held from the next attempt on.
   */
  lockOn?: readonly string[];
}

/** The names a PostgreSQL transaction's next attempt holds from before BEGIN. */
const TURNS = Symbol('turns');

/**
 * Says, inside a transaction, that its writes to `name` (a company's audit chain) must not interleave with
 * another transaction's. On PostgreSQL, SERIALIZABLE already refuses the interleaving (the loser is run again);
 * a transaction refused once runs its next attempts holding `name`'s lock from before BEGIN, so a crowd of
 * writers to one company queue up instead of failing each other until the attempts run out.
 */
export function takeTurnsOn(tx: Db, name: string): void {
  (tx as unknown as Record<symbol, Set<string> | undefined>)[TURNS]?.add(name);
}

let savepoints = 0;

async function savepoint<T>(tx: Db, body: Body<T>): Promise<T> {
  const name = `sp${++savepoints}`;
  tx.$client.exec(`SAVEPOINT ${name}`);
  try {
    const result = await body(tx);
    tx.$client.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    if (tx.$client.inTransaction) tx.$client.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    throw error;
  }
}

/** The hash of each audit chain's newest entry, as this transaction has written it (chainHeadsOf). */
const CHAIN_HEADS = Symbol('chainHeads');

/**
 * A PostgreSQL transaction's handle, marked for the body: nested calls are savepoints, `turns` may grow, and
 * `heads` remembers the chain heads it wrote.
 */
const markedTx = (tx: object, turns: unknown, heads: Map<string, string>) =>
  Object.defineProperties(tx, { [IN_TRANSACTION]: { value: true }, [TURNS]: { value: turns }, [CHAIN_HEADS]: { value: heads } }) as unknown as Db;

/**
 * The audit chain heads this PostgreSQL transaction has written, company → hash (server/audit.ts): the next
 * append in the same transaction links to it without reading it again. The transaction holds the company's
 * turn or is SERIALIZABLE, so no other writer can move the head meanwhile; a savepoint that rolls back
 * forgets them all (its appends are gone). None on SQLite, whose reads cost no round trip.
 */
export function chainHeadsOf(tx: Db): Map<string, string> | undefined {
  return (tx as unknown as Record<symbol, Map<string, string> | undefined>)[CHAIN_HEADS];
}

/**
 * The transaction's own handle on PostgreSQL; nested calls use drizzle's savepoints. Writers that take turns
 * are committed in groups (./turn-groups.ts): those that queue for the same turns in this instance share a COMMIT.
 */
async function transactPostgres<T>(db: Db, body: Body<T>, lockOn: readonly string[]): Promise<T> {
  if (inTransaction(db)) {
    // A savepoint: its body's turns and chain heads are the enclosing transaction's.
    const outer = (db as unknown as Record<symbol, unknown>)[TURNS];
    const heads = chainHeadsOf(db) ?? new Map<string, string>();
    try {
      return await (db as unknown as PgHandle).transaction((tx) => body(markedTx(tx, outer, heads)));
    } catch (error) {
      heads.clear();
      throw error;
    }
  }
  if (lockOn.length === 0) return transactAlone(db, body, lockOn);
  return turnGroupsOf(db).run(lockOn, body);
}

/** One transaction of its own, SERIALIZABLE, run again (holding the turns it learned) when PostgreSQL refuses it. */
async function transactAlone<T>(db: Db, body: Body<T>, lockOn: readonly string[]): Promise<T> {
  const turns = new Set(lockOn);
  const run = (handle: Db) => (handle as unknown as PgHandle).transaction((tx) => body(markedTx(tx, turns, new Map())), { isolationLevel: 'serializable' });
  for (let attempt = 1; ; attempt++) {
    try {
      const held = [...turns];
      return await (held.length > 0 ? withSessionLocks(db, held, run) : run(db));
    } catch (error) {
      if (attempt >= PG_ATTEMPTS || !isRetryable(error)) throw error;
      // A short, growing, jittered pause so the transactions that collided don't collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

const turnGroups = new WeakMap<object, TurnGroups<Db>>();

/** One set of queues per pool: the app's, and each test's own. */
function turnGroupsOf(db: Db): TurnGroups<Db> {
  const pool = poolOf(db);
  let groups = turnGroups.get(pool);
  if (!groups) {
    groups = new TurnGroups<Db>((names, group) => runTurnGroup(db, names, group));
    turnGroups.set(pool, groups);
  }
  return groups;
}

/**
 * Runs a group of transactions that take the same turns as one: the turns held from before BEGIN, the bodies
 * one after another, one COMMIT. Each caller gets what a transaction of its own would give: answers come only
 * after the COMMIT, and a COMMIT that fails fails them all. A body that throws (its own refusal, or
 * PostgreSQL's), or a group PostgreSQL refuses (a serialization failure, caused by a writer outside these
 * turns), rolls the whole group back, and each body runs again as a transaction of its own, with that path's
 * retries: only the one that threw is refused. No savepoint per body: they cost two round trips each, under
 * the company's turn, and a body that throws is rare (docs/decisions/041).
 */
async function runTurnGroup(db: Db, names: readonly string[], group: Waiting<Db>[]): Promise<void> {
  if (group.length === 1) {
    const only = group[0]!;
    await transactAlone(db, only.body, names).then(only.resolve, only.reject);
    return;
  }
  const results: unknown[] = [];
  let aBodyThrew = false;
  try {
    await withSessionLocks(db, names, (handle) =>
      (handle as unknown as PgHandle).transaction(
        async (tx) => {
          const shared = markedTx(tx, new Set(names), new Map());
          for (const item of group) {
            try {
              results.push(await item.body(shared));
            } catch (error) {
              aBodyThrew = true;
              throw error;
            }
          }
        },
        { isolationLevel: 'serializable' },
      ),
    );
  } catch (error) {
    // A failed COMMIT is not run again: it may have failed after the data was written (a lost connection).
    if (!aBodyThrew && !isRetryable(error)) {
      for (const item of group) item.reject(error);
      return;
    }
    await Promise.all(group.map((item) => transactAlone(db, item.body, names).then(item.resolve, item.reject)));
    return;
  }
  group.forEach((item, i) => item.resolve(results[i]));
}

/** 40001 serialization_failure, 40P01 deadlock_detected: PostgreSQL asks for the transaction to be run again. */
function isRetryable(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === '40001' || code === '40P01') return true;
  }
  return false;
}

const groups = new WeakMap<object, GroupCommit>();

/** One group committer per connection: the app's, and each test's own. */
function groupOf(db: Db): GroupCommit {
  const key = db.$client;
  let group = groups.get(key);
  if (!group) {
    group = new GroupCommit(db, Object.create(db, { [IN_TRANSACTION]: { value: true } }) as Db);
    groups.set(key, group);
  }
  return group;
}

/**
 * Maps `items` through `read`, which queries `db`: in parallel on a pool, one after another on one connection
 * (a transaction's, or a handle marked by onOneConnection). node-postgres queues a second query sent on a
 * connection while one runs: deprecated, and refused from pg 9.
 */
export async function mapReads<T, R>(db: Db, items: readonly T[], read: (item: T) => Promise<R>): Promise<R[]> {
  if (!inTransaction(db) && !markedOnOneConnection(db)) return await Promise.all(items.map(read));
  const results: R[] = [];
  for (const item of items) results.push(await read(item));
  return results;
}
