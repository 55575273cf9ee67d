// What a query answers, read the same way on both databases: the first row, and how many rows a write changed.

import type { SQL } from 'drizzle-orm';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { isPostgres } from './transaction.ts';
import type { Db } from './types.ts';

/** The first row of a query's answer, or undefined: what better-sqlite3's `.get()` gave, on either database. */
export async function firstRow<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  const rows = await query;
  return rows[0];
}

/** Rows an INSERT/UPDATE/DELETE changed: better-sqlite3 says `changes`, node-postgres `rowCount`. */
export function rowsChanged(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** A raw SQL query's rows on either database: drizzle's `db.all` on SQLite, `db.execute(…).rows` on PostgreSQL. */
export async function allRows<T>(db: Db, query: SQL): Promise<T[]> {
  if (isPostgres(db)) return (await (db as unknown as PgDatabase<NodePgQueryResultHKT>).execute(query)).rows as T[];
  return db.all<T>(query);
}

/** A raw SQL write on either database; answers how many rows it changed. */
export async function runSql(db: Db, query: SQL): Promise<number> {
  if (isPostgres(db)) return rowsChanged(await (db as unknown as PgDatabase<NodePgQueryResultHKT>).execute(query));
  return db.run(query).changes;
}
