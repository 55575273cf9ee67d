// The rows' copy: every table, parents first, in multi-row INSERTs of up to 1,000 rows, all inside ONE PostgreSQL
// transaction, so a failure anywhere leaves the target as empty as it was. The SQLite side is read in one read
// transaction: one moment of the ledger, whatever else happens to the file meanwhile.

import type Database from 'better-sqlite3';
import type pg from 'pg';
import { toPostgres, type PgParameter } from './convert.ts';
import { MigrationRefused } from './refused.ts';
import { countRows, readRows } from './source.ts';
import { quoteName as quote, type CopyTable } from './tables.ts';
import { tablesWithRows } from './target.ts';

export interface CopiedTable {
  table: string;
  rows: number;
  ms: number;
}

/** Rows per INSERT: a round-trip per thousand rows keeps the copy quick without a huge statement. */
const BATCH_ROWS = 1000;
/** One statement binds at most 65,535 parameters (PostgreSQL's wire protocol counts them in 16 bits). */
const MAX_PARAMETERS = 65_535;

export async function copyRows(
  sqlite: Database.Database,
  client: pg.ClientBase,
  tables: readonly CopyTable[],
  onTable: (copied: CopiedTable) => void = () => {},
): Promise<CopiedTable[]> {
  sqlite.exec('BEGIN');
  await client.query('BEGIN');
  try {
    // Nobody else writes to the tables until COMMIT (reading goes on), so the emptiness checked next still holds then.
    await client.query(`LOCK TABLE ${tables.map((t) => quote(t.name)).join(', ')} IN EXCLUSIVE MODE`);
    const filled = await tablesWithRows(client, tables);
    if (filled.length > 0) throw refusedNotEmpty(filled);
    const copied: CopiedTable[] = [];
    for (const table of tables) {
      const started = performance.now();
      const rows = await copyTable(sqlite, client, table);
      const expected = countRows(sqlite, table.name);
      if (rows !== expected) throw new Error(`${table.name}: ${rows} rows inserted, but SQLite has ${expected}`);
      const done = { table: table.name, rows, ms: Math.round(performance.now() - started) };
      copied.push(done);
      onTable(done);
    }
    // Last, just before COMMIT: setval is not undone by a rollback, so a failed copy should not have reached it.
    for (const table of tables) await moveIdentitiesPast(client, table);
    await client.query('COMMIT');
    return copied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (error instanceof MigrationRefused) throw error;
    throw new Error(`${(error as Error).message}; rolled back: PostgreSQL holds none of the copied rows`, { cause: error });
  } finally {
    sqlite.exec('COMMIT');
  }
}

export function refusedNotEmpty(tables: string[]): MigrationRefused {
  return new MigrationRefused(
    `the PostgreSQL database is not empty (rows in ${tables.join(', ')}): the copy goes only into a new, empty database; nothing was changed`,
  );
}

async function copyTable(sqlite: Database.Database, client: pg.ClientBase, table: CopyTable): Promise<number> {
  const width = table.columns.length;
  const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMETERS / width)));
  let batch: PgParameter[] = [];
  let batchRows = 0;
  let firstRowid = 0n;
  let lastRowid = 0n;
  let inserted = 0;
  const flush = async () => {
    if (batchRows === 0) return;
    inserted += await insertBatch(client, table, batch, batchRows, batchRows === perBatch, `SQLite rowids ${firstRowid}–${lastRowid}`);
    batch = [];
    batchRows = 0;
  };
  for (const { rowid, values } of readRows(sqlite, table)) {
    if (batchRows === 0) firstRowid = rowid;
    lastRowid = rowid;
    table.columns.forEach((column, i) => {
      try {
        batch.push(toPostgres(values[i], column.kind));
      } catch (error) {
        throw new Error(`${table.name}.${column.name} of SQLite rowid ${rowid} ${(error as Error).message}`);
      }
    });
    batchRows += 1;
    if (batchRows === perBatch) await flush();
  }
  await flush();
  return inserted;
}

async function insertBatch(client: pg.ClientBase, table: CopyTable, values: PgParameter[], rows: number, full: boolean, where: string): Promise<number> {
  const width = table.columns.length;
  const tuples = Array.from({ length: rows }, (_, r) => `(${table.columns.map((_c, c) => `$${r * width + c + 1}`).join(', ')})`);
  const text = `INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(', ')}) VALUES ${tuples.join(', ')}`;
  try {
    // A full batch's statement is the same every time: named, PostgreSQL parses and plans it once per table.
    const result = await client.query(full ? { name: `copy_${table.name}_${rows}`, text, values } : { text, values });
    return result.rowCount ?? 0;
  } catch (error) {
    const e = error as Error & { detail?: string };
    throw new Error(`inserting ${table.name} (${where}) failed: ${e.message}${e.detail ? ` (${e.detail})` : ''}`, { cause: error });
  }
}

/**
 * The copied ids were given explicitly, which an identity column "by default" allows without advancing its
 * sequence: the sequence is set so that the app's next row gets max(id) + 1 (1 for an empty table). The
 * sequence behind an identity column is found by pg_get_serial_sequence, as for a serial one.
 */
async function moveIdentitiesPast(client: pg.ClientBase, table: CopyTable): Promise<void> {
  for (const column of table.identity) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${quote(column)}) FROM ${quote(table.name)}), 0) + 1, false)`,
      // The table's name is parsed as an identifier (lower-cased unless quoted), the column's taken as it is.
      [quote(table.name), column],
    );
  }
}
