// PostgreSQL advisory locks, for writers that must take turns (docs/decisions/039-turns-on-postgresql.md).
//
// A SERIALIZABLE transaction's snapshot is taken at its first statement, so a lock taken inside it comes too
// late: the snapshot predates the holder's commit and the transaction fails anyway. These locks are taken on
// the connection before BEGIN, held until after COMMIT, and the transaction then starts from a snapshot that
// shows every earlier holder's writes: many writers of one company run one after another, none retried.

import { onOneConnection } from './one-connection.ts';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { primaryOf } from './postgres.ts';
import * as schemaPg from './schema-pg.ts';
import { isPostgres } from './engine.ts';
import type { Db } from './types.ts';

/** The pool of the primary: `$client` of drizzle's node-postgres database. */
export const poolOf = (db: Db) => (primaryOf(db) as unknown as { $client: pg.Pool }).$client;

/** One drizzle handle per pooled connection (the pool hands the same client objects out again). */
const handles = new WeakMap<pg.PoolClient, Db>();
function handleOn(client: pg.PoolClient): Db {
  let handle = handles.get(client);
  if (!handle) {
    handle = onOneConnection(drizzle({ client, schema: schemaPg }) as unknown as Db);
    handles.set(client, handle);
  }
  return handle;
}

/**
 * Runs `work` on a connection of its own that holds the session advisory locks `names` (taken in sorted order, so
 * two holders of overlapping sets cannot deadlock), and lets them go when it ends, however it ends.
 */
export async function withSessionLocks<T>(db: Db, names: readonly string[], work: (handle: Db) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    for (const name of [...new Set(names)].sort()) await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    return await work(handleOn(client));
  } finally {
    try {
      await client.query('SELECT pg_advisory_unlock_all()');
    } catch (error) {
      // The connection is gone (and its locks with it): the pool must not hand it out again.
      broken = error as Error;
    }
    client.release(broken);
  }
}

export const SKIPPED = Symbol('skipped: another instance runs this job');

/**
 * Runs `work` unless another app instance is running the job `name` already. The hourly
 * purge and the deadline reminders: every instance schedules them, one at a time does them (on PostgreSQL a
 * session advisory lock tried, not waited for). On SQLite the app is one process beside its file: it runs.
 * Answers what `work` answered, or `SKIPPED` when another instance held the job.
 */
export async function onlyOneInstance<T>(db: Db, name: string, work: () => Promise<T>): Promise<T | typeof SKIPPED> {
  if (!isPostgres(db)) return await work();
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [`job:${name}`]);
    if (!rows[0]?.locked) return SKIPPED;
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`job:${name}`]).catch((error: Error) => (broken = error));
    }
  } finally {
    client.release(broken);
  }
}
