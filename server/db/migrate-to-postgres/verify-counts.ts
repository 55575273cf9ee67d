// The first check after a copy: every table holds as many rows on PostgreSQL as in SQLite, counted afresh on
// both sides (so a write to SQLite since the copy shows as a difference too).

import type Database from 'better-sqlite3';
import type pg from 'pg';
import { countRows } from './source.ts';
import type { CopyTable } from './tables.ts';
import { countPgRows } from './target.ts';

export interface TableCount {
  table: string;
  sqlite: number;
  postgres: number;
}

export async function compareCounts(sqlite: Database.Database, client: pg.ClientBase, tables: readonly CopyTable[]): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of tables) counts.push({ table: table.name, sqlite: countRows(sqlite, table.name), postgres: await countPgRows(client, table.name) });
  return counts;
}
