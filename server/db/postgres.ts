// Opens the app's database on PostgreSQL 15+ (DATABASE_URL): a pool on the primary, migrated under an advisory
// lock, and optional read replicas behind drizzle's withReplicas (docs/decisions/038-async-data-layer.md).
//
// The app's queries are written once, against the tables of server/db/schema.ts; drizzle builds them for
// whichever database it is given. The PostgreSQL instance is made with schema-pg.ts (same table and column
// names) so its own query API knows the tables, and is handed to the app under the one `Db` type.

import { drizzle } from 'drizzle-orm/node-postgres';
import { withReplicas } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { migratePostgres } from './migrate-pg.ts';
import { installPgTypeParsers } from './pg-types.ts';
import * as schemaPg from './schema-pg.ts';
import type { Db } from './types.ts';

export interface PostgresOptions {
  /** postgres://… of the primary: every write, every transaction, and the reads that follow a write. */
  url: string;
  /** Read replicas: reads outside a transaction go to one of them (reads after a write: see primaryOf). */
  replicaUrls?: readonly string[];
  /** Connections per pool (the primary's, and each replica's). */
  poolMax?: number;
}

/** Byte-order collations: ORDER BY on ids, ISO timestamps and names then agrees with SQLite (decision 036). */
const BYTE_ORDER = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8']);

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  installPgTypeParsers();
  const poolOf = (url: string) => new pg.Pool({ connectionString: url, max: options.poolMax ?? 10 });
  const primaryPool = poolOf(options.url);
  try {
    await refuseOtherCollation(primaryPool);
    await migratePostgres(primaryPool);
  } catch (error) {
    await primaryPool.end();
    throw error;
  }
  const primary = drizzle({ client: primaryPool, schema: schemaPg });
  const replicaPools = (options.replicaUrls ?? []).map(poolOf);
  const db =
    replicaPools.length > 0
      ? withReplicas(primary, replicaPools.map((pool) => drizzle({ client: pool, schema: schemaPg })) as [typeof primary, ...(typeof primary)[]])
      : primary;
  // `$close` on the handle and on its primary (primaryOf): ends every pool.
  const pools = [primaryPool, ...replicaPools];
  for (const handle of new Set([db, primary])) {
    Object.defineProperty(handle, '$close', { value: () => Promise.all(pools.map((pool) => pool.end())).then(() => undefined) });
  }
  return db as unknown as Db;
}

async function refuseOtherCollation(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ collate: string; datname: string }>(
    'SELECT datcollate AS collate, datname FROM pg_database WHERE datname = current_database()',
  );
  const row = rows[0];
  if (row && !BYTE_ORDER.has(row.collate)) {
    throw new Error(
      `Database ${row.datname} sorts text by the locale ${row.collate}: the app needs byte order, as SQLite sorts. ` +
        `Create it with: CREATE DATABASE ${row.datname} LOCALE 'C' TEMPLATE template0`,
    );
  }
}

/**
 * The handle on the primary: a mutation's reads, and a query that follows the user's own write (whose replica
 * may not have it yet). Without replicas, the database itself.
 */
export function primaryOf(db: Db): Db {
  return (db as unknown as { $primary?: Db }).$primary ?? db;
}
