// The PostgreSQL side's questions: which of the app's tables already hold rows (the copy goes only into an
// empty database), and how many rows each holds.

import type pg from 'pg';
import { quoteName as quote, type CopyTable } from './tables.ts';

/** The app's tables with at least one row; a table not created yet (a database never migrated) has none. */
export async function tablesWithRows(client: pg.ClientBase, tables: readonly CopyTable[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname = ANY($1)`,
    [tables.map((t) => t.name)],
  );
  const existing = new Set(rows.map((r) => r.name));
  const found: string[] = [];
  for (const table of tables) {
    if (!existing.has(table.name)) continue;
    const { rows: any } = await client.query(`SELECT 1 FROM ${quote(table.name)} LIMIT 1`);
    if (any.length > 0) found.push(table.name);
  }
  return found;
}

export async function countPgRows(client: pg.ClientBase, table: string): Promise<number> {
  // count(*) is bigint: read as a number whether or not pg-types.ts's parser is installed.
  const { rows } = await client.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${quote(table)}`);
  return Number(rows[0]!.n);
}
