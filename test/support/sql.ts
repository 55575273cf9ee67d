// Plain SQL in the tests, the same text on both databases: `?` placeholders, bound as parameters on SQLite
// and PostgreSQL alike, so a test file that reads or nudges rows directly also runs in the `api-pg` project.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../server/db/client.ts';
import { primaryOf } from '../../server/db/postgres.ts';
import { allRows, runSql } from '../../server/db/rows.ts';
import { isPostgres } from '../../server/db/transaction.ts';

/** `text` with each `?` replaced by the next of `params`, bound (never spliced into the text). */
export function bound(text: string, params: readonly unknown[]): SQL {
  const pieces = text.split('?');
  if (pieces.length !== params.length + 1) throw new Error(`${pieces.length - 1} placeholders, ${params.length} parameters: ${text}`);
  const chunks: SQL[] = [sql.raw(pieces[0] ?? '')];
  params.forEach((param, i) => chunks.push(sql`${param}`, sql.raw(pieces[i + 1] ?? '')));
  return sql.join(chunks);
}

/** The primary on PostgreSQL: a test reads what it has just written. */
const writer = (db: Db): Db => (isPostgres(db) ? primaryOf(db) : db);

export function sqlRows<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  return allRows<T>(writer(db), bound(text, params));
}

/** The first column of the first row as a number: a `COUNT(*)` (PostgreSQL answers it as text) or a sum. */
export async function sqlNumber(db: Db, text: string, ...params: unknown[]): Promise<number> {
  const [row] = await sqlRows(db, text, ...params);
  const value = row === undefined ? undefined : Object.values(row)[0];
  if (value === undefined || value === null) throw new Error(`No number from ${text}`);
  return Number(value);
}

/** A write; answers how many rows it changed. */
export function sqlRun(db: Db, text: string, ...params: unknown[]): Promise<number> {
  return runSql(writer(db), bound(text, params));
}

/** Statements with no parameters, run one after another (DDL the test adds and takes away). */
export async function sqlExec(db: Db, ...statements: string[]): Promise<void> {
  for (const statement of statements) await runSql(writer(db), sql.raw(statement));
}

/** What the database said when it refused `statement`: drizzle wraps the error ("Failed query: …"), its cause says why. */
export async function sqlRefusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    let e = error as { message: string; cause?: unknown };
    while (e.cause instanceof Error) e = e.cause;
    return e.message;
  }
  throw new Error('The database did not refuse the statement');
}
