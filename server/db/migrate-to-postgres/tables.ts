// The app's tables in the order a copy into PostgreSQL fills them (each after the tables its foreign keys point
// at), with what the copy must know of each column, all derived from schema-pg.ts so a new table or column is
// copied without a change here.

import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../schema-pg.ts';

/** The PostgreSQL column types the schema uses; a value from SQLite is converted by this (convert.ts). */
export type ColumnKind = 'text' | 'boolean' | 'integer' | 'bigint';

export interface CopyColumn {
  name: string;
  kind: ColumnKind;
}

export interface CopyTable {
  name: string;
  columns: CopyColumn[];
  /** Identity columns (audit_log.id, claim_events.id): their sequences are moved past the copied ids. */
  identity: string[];
  /** The tables this one's foreign keys point at. */
  parents: string[];
}

const KINDS: Record<string, ColumnKind> = { text: 'text', boolean: 'boolean', integer: 'integer', bigint: 'bigint' };

function describe(table: PgTable): CopyTable {
  const config = getTableConfig(table);
  const columns = config.columns.map((column) => {
    const kind = KINDS[column.getSQLType()];
    // A type the conversion does not know (a new jsonb, numeric…) must be taught to convert.ts, not guessed.
    if (!kind) throw new Error(`${config.name}.${column.name} is ${column.getSQLType()}: the copy to PostgreSQL does not know that type yet`);
    return { name: column.name, kind };
  });
  return {
    name: config.name,
    columns,
    identity: config.columns.filter((column) => column.generatedIdentity !== undefined).map((column) => column.name),
    parents: [...new Set(config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name))],
  };
}

/**
 * Parents before children; among tables free at the same time, by export name (a module namespace lists its
 * exports alphabetically), so every run copies in the same order. A cycle (a table pointing at itself included) cannot be copied table by table: it throws.
 */
export function copyOrder(): CopyTable[] {
  const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable)).map(describe);
  const ordered: CopyTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t.name) && t.parents.every((parent) => placed.has(parent)));
    if (!next) {
      const left = tables.filter((t) => !placed.has(t.name)).map((t) => t.name);
      throw new Error(`the foreign keys among ${left.join(', ')} form a cycle: the copy has no order to insert them in`);
    }
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

/** A table or column name as an SQL identifier: the same double-quoting on SQLite and PostgreSQL. */
export const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;
