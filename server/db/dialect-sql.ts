// The few SQL spellings that differ between SQLite and PostgreSQL, for the raw queries that need them. Everything
// else in the app's raw SQL is written in the subset both accept (CASE WHEN for counts of a condition, quoted
// camelCase aliases, COALESCE); docs/decisions/038-async-data-layer.md.
import { sql, type SQL } from 'drizzle-orm';
import { isPostgres } from './transaction.ts';
import type { Db } from './types.ts';

/** SQLite's index hint (decision 034: a plan it must not fall off); PostgreSQL plans without one. */
export function indexedBy(db: Db, index: string): SQL {
  return isPostgres(db) ? sql.empty() : sql.raw(`INDEXED BY ${index}`);
}

/** SQLite's hint to read the table by rowid (the keys come from an index subquery); nothing on PostgreSQL. */
export function notIndexed(db: Db): SQL {
  return isPostgres(db) ? sql.empty() : sql.raw('NOT INDEXED');
}

/** A row's own key for `IN (SELECT …)` lookups: SQLite's rowid (the table's B-tree order), else the primary key. */
export function rowKey(db: Db, alias?: string): SQL {
  const column = isPostgres(db) ? 'id' : 'rowid';
  return sql.raw(alias ? `${alias}.${column}` : column);
}

/** The order rows were written in, as a tie-break: SQLite's rowid; PostgreSQL has none, the id decides. */
export function insertionOrder(db: Db, alias: string): SQL {
  return sql.raw(`${alias}.${isPostgres(db) ? 'id' : 'rowid'}`);
}

/** `haystack` contains `needle`, taken literally (no LIKE wildcards): SQLite's instr(), PostgreSQL's strpos(). */
export function containsText(db: Db, haystack: SQL, needle: SQL): SQL {
  return isPostgres(db) ? sql`strpos(${haystack}, ${needle}) > 0` : sql`instr(${haystack}, ${needle}) > 0`;
}
