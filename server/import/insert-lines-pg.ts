// An import's lines into PostgreSQL: each column sent as one array and spread by unnest(), so a batch of
// thousands of rows is one statement with 23 parameters. drizzle's multi-row INSERT builds a parameter per
// cell (23,000 for 1,000 rows), which took four times as long as the insert itself (decision 038).

import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { runSql } from '../db/rows.ts';
import type { costs } from '../db/schema.ts';
import { costs as costsPg } from '../db/schema-pg.ts';
import { NEW_LINE_COLUMNS } from '../ledger/ledger-writes.ts';

/** The columns an imported line fills, by the row object's keys. */
const FILLED = [...NEW_LINE_COLUMNS, 'importId', 'importRow'] as const satisfies readonly (keyof typeof costs.$inferInsert)[];

export type ImportedRow = Required<Pick<typeof costs.$inferInsert, (typeof FILLED)[number]>>;

/** Each filled column's name and PostgreSQL type, from the PostgreSQL schema itself. */
const columns = (() => {
  const byKey = new Map(Object.entries(costsPg).map(([key, column]) => [key, column as { name: string; getSQLType(): string }]));
  const ofTable = new Set(getTableConfig(costsPg).columns.map((column) => column.name));
  return FILLED.map((key) => {
    const column = byKey.get(key);
    if (!column || !ofTable.has(column.name)) throw new Error(`costs has no column for ${key}`);
    return { key, name: column.name, type: column.getSQLType() };
  });
})();

/** Rows per statement: the arrays of a batch travel as text, a few MB at most. */
const BATCH = 10_000;

export async function insertLinesPostgres(tx: Db, rows: readonly ImportedRow[]): Promise<void> {
  const names = sql.raw(columns.map((c) => `"${c.name}"`).join(', '));
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const arrays = columns.map(({ key, type }) => sql`${sql.param(batch.map((row) => row[key] ?? null))}::${sql.raw(type)}[]`);
    await runSql(tx, sql`INSERT INTO costs (${names}) SELECT * FROM unnest(${sql.join(arrays, sql`, `)})`);
  }
}
