// The PostgreSQL schema is the SQLite schema: the same tables, columns, keys and indexes under the same names,
// in the TypeScript (schema.ts, schema-pg.ts) and in the databases their migrations build (drizzle/, drizzle-pg/).
import Database from 'better-sqlite3';
import { is, Table } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { getTableConfig as getPgTableConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sqliteSchema from '../../server/db/schema.ts';
import * as pgSchema from '../../server/db/schema-pg.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';

// ---- The two schemas as drizzle describes them, in one comparable shape ----

interface ColumnShape {
  notNull: boolean;
  primary: boolean;
  /** What the app gets: 'string', 'number', 'boolean'. */
  dataType: string;
  enumValues: string[] | null;
  /** A default the database fills in, or a number the database counts up (autoincrement, identity). */
  filledByDatabase: boolean;
  unique: string | null;
}

interface TableShape {
  exportName: string;
  columns: Record<string, ColumnShape>;
  primaryKeys: { name: string; columns: string[] }[];
  uniqueConstraints: { name: string; columns: string[] }[];
  foreignKeys: { name: string; columns: string[]; foreignTable: string; foreignColumns: string[] }[];
  indexes: { name: string; columns: string[]; unique: boolean; where: string | null }[];
}

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();
const sorted = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));

type AnyConfig = ReturnType<typeof getSqliteTableConfig> | ReturnType<typeof getPgTableConfig>;

function shape(exportName: string, config: AnyConfig, whereSql: (where: SQL) => string, nameOf: (table: Table) => string): TableShape {
  const columns: Record<string, ColumnShape> = {};
  for (const c of config.columns) {
    const autoIncrement = 'autoIncrement' in c && c.autoIncrement === true;
    columns[c.name] = {
      notNull: c.notNull,
      primary: c.primary,
      dataType: c.dataType,
      enumValues: c.enumValues ? [...c.enumValues] : null,
      filledByDatabase: c.hasDefault || autoIncrement || Boolean(c.generatedIdentity),
      unique: c.isUnique ? (c.uniqueName ?? null) : null,
    };
  }
  return {
    exportName,
    columns,
    primaryKeys: sorted(config.primaryKeys.map((pk) => ({ name: pk.getName(), columns: pk.columns.map((c) => c.name) }))),
    uniqueConstraints: sorted(config.uniqueConstraints.map((u) => ({ name: u.getName() ?? '', columns: u.columns.map((c) => c.name) }))),
    foreignKeys: sorted(
      config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        return {
          name: fk.getName(),
          columns: ref.columns.map((c) => c.name),
          foreignTable: nameOf(ref.foreignTable),
          foreignColumns: ref.foreignColumns.map((c) => c.name),
        };
      }),
    ),
    indexes: sorted(
      config.indexes.map((i) => ({
        name: i.config.name ?? '',
        columns: i.config.columns.map((c) => ('name' in c ? String(c.name) : '(expression)')),
        unique: i.config.unique ?? false,
        where: i.config.where ? whereSql(i.config.where) : null,
      })),
    ),
  };
}

function tablesOf(schema: Record<string, unknown>, kind: 'sqlite' | 'pg'): Map<string, TableShape> {
  const tables = new Map<string, TableShape>();
  for (const [exportName, value] of Object.entries(schema)) {
    if (kind === 'sqlite' && is(value, SQLiteTable)) {
      const config = getSqliteTableConfig(value);
      tables.set(
        config.name,
        shape(
          exportName,
          config,
          (w) => sqliteDialect.sqlToQuery(w).sql,
          (t) => getSqliteTableConfig(t as SQLiteTable).name,
        ),
      );
    }
    if (kind === 'pg' && is(value, PgTable)) {
      const config = getPgTableConfig(value);
      tables.set(
        config.name,
        shape(
          exportName,
          config,
          (w) => pgDialect.sqlToQuery(w).sql.replaceAll('IS DISTINCT FROM', 'IS NOT'),
          (t) => getPgTableConfig(t as PgTable).name,
        ),
      );
    }
  }
  return tables;
}

const sqliteTables = tablesOf(sqliteSchema, 'sqlite');
const pgTables = tablesOf(pgSchema, 'pg');

describe('schema-pg.ts against schema.ts', () => {
  it('has the same tables under the same export names', () => {
    expect(sqliteTables.size).toBeGreaterThan(20);
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    for (const [name, table] of sqliteTables) expect(pgTables.get(name)?.exportName, name).toBe(table.exportName);
  });

  it.each([...sqliteTables.keys()].sort())('%s: same columns, keys, unique constraints, foreign keys and indexes', (name) => {
    const sqlite = sqliteTables.get(name)!;
    const pg = pgTables.get(name)!;
    expect(pg.columns).toEqual(sqlite.columns);
    expect(pg.primaryKeys).toEqual(sqlite.primaryKeys);
    expect(pg.uniqueConstraints).toEqual(sqlite.uniqueConstraints);
    expect(pg.indexes).toEqual(sqlite.indexes);
    expect(pg.foreignKeys).toEqual(sqlite.foreignKeys);
  });

  it('keeps money 64-bit: no yen column is a 32-bit integer', () => {
    const narrow: string[] = [];
    for (const value of Object.values(pgSchema as Record<string, unknown>)) {
      if (!is(value, PgTable)) continue;
      const config = getPgTableConfig(value);
      for (const c of config.columns) if (c.getSQLType() === 'integer') narrow.push(`${config.name}.${c.name}`);
    }
    // The 32-bit ones, each a small bounded count; an amount added here must be bigint (yen() in schema-pg.ts).
    expect(narrow.sort()).toEqual([
      'claim_packages.version',
      'cost_imports.line_count',
      'cost_imports.row_count',
      'costs.import_row',
      'costs.version',
      'line_reviews.cost_version',
      'policies.response_window_days',
      'policies.restoration_ratio_percent',
      'sign_in_failures.failures',
    ]);
  });
});

// ---- The databases the migrations build ----

interface DbColumn {
  name: string;
  notNull: boolean;
  primaryKey: boolean;
}
interface DbTable {
  columns: DbColumn[];
  indexes: { name: string; columns: string[]; unique: boolean }[];
  foreignKeys: string[];
}

function migratedSqlite(): Map<string, DbTable> {
  const sqlite = new Database(':memory:');
  migrate(drizzle({ client: sqlite }), { migrationsFolder: 'drizzle' });
  const tables = new Map<string, DbTable>();
  const names = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'")
    .pluck()
    .all() as string[];
  for (const table of names) {
    const info = sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number; pk: number }[];
    const indexList = sqlite.prepare(`PRAGMA index_list(${table})`).all() as { name: string; unique: number; origin: string }[];
    const fks = sqlite.prepare(`PRAGMA foreign_key_list(${table})`).all() as { table: string; from: string; to: string }[];
    tables.set(table, {
      // SQLite lets a PRIMARY KEY column hold NULL unless declared NOT NULL; PostgreSQL never does: compare both
      // as NOT NULL (every key column the app writes has a value).
      columns: info.map((c) => ({ name: c.name, notNull: c.notnull === 1 || c.pk > 0, primaryKey: c.pk > 0 })).sort((a, b) => a.name.localeCompare(b.name)),
      indexes: indexList
        .filter((i) => i.origin !== 'pk')
        .map((i) => ({
          name: i.name,
          unique: i.unique === 1,
          columns: (sqlite.prepare(`PRAGMA index_info(${i.name})`).all() as { name: string }[]).map((c) => c.name),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: fks.map((f) => `${f.from} → ${f.table}.${f.to}`).sort(),
    });
  }
  sqlite.close();
  return tables;
}

async function migratedPostgres(db: TestDatabase): Promise<Map<string, DbTable>> {
  const tables = new Map<string, DbTable>();
  const { rows: columns } = await db.pool.query<{ table_name: string; column_name: string; is_nullable: string; pk: boolean }>(`
    SELECT c.table_name, c.column_name, c.is_nullable,
      EXISTS (SELECT 1 FROM information_schema.table_constraints tc
              JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
              WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public'
                AND k.table_name = c.table_name AND k.column_name = c.column_name) AS pk
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public'`);
  for (const c of columns) {
    if (!tables.has(c.table_name)) tables.set(c.table_name, { columns: [], indexes: [], foreignKeys: [] });
    tables.get(c.table_name)!.columns.push({ name: c.column_name, notNull: c.is_nullable === 'NO', primaryKey: c.pk });
  }
  const { rows: indexes } = await db.pool.query<{ table_name: string; name: string; unique: boolean; columns: string[] }>(`
    SELECT t.relname AS table_name, i.relname AS name, x.indisunique AS unique,
      -- An expression column has attnum 0 and no attribute: NULL, as SQLite's index_xinfo names it.
      array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
            LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND NOT x.indisprimary`);
  for (const i of indexes) tables.get(i.table_name)!.indexes.push({ name: i.name, unique: i.unique, columns: i.columns });
  const { rows: fks } = await db.pool.query<{ table_name: string; fk: string }>(`
    SELECT t.relname AS table_name, a.attname || ' → ' || ft.relname || '.' || fa.attname AS fk
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_class ft ON ft.oid = c.confrelid
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND n.nspname = 'public'`);
  for (const f of fks) tables.get(f.table_name)!.foreignKeys.push(f.fk);
  for (const t of tables.values()) {
    t.columns.sort((a, b) => a.name.localeCompare(b.name));
    t.indexes.sort((a, b) => a.name.localeCompare(b.name));
    t.foreignKeys.sort();
  }
  return tables;
}

describe('the migrated databases', () => {
  let db: TestDatabase;
  let fromSqlite: Map<string, DbTable>;
  let fromPostgres: Map<string, DbTable>;

  beforeAll(async () => {
    db = await createTestDatabase();
    fromSqlite = migratedSqlite();
    fromPostgres = await migratedPostgres(db);
  });
  afterAll(async () => await db?.drop());

  it('have the same tables', () => {
    expect([...fromPostgres.keys()].sort()).toEqual([...fromSqlite.keys()].sort());
    expect([...fromSqlite.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
  });

  it('have, table by table, the same columns, nullability, primary keys, indexes and foreign keys', () => {
    for (const [name, table] of fromSqlite) {
      expect(fromPostgres.get(name), name).toEqual(table);
    }
  });

  it('store each column as schema-pg.ts declares it (its migrations are generated)', async () => {
    const { rows } = await db.pool.query<{ table_name: string; column_name: string; data_type: string }>(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'",
    );
    const inDatabase = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
    for (const value of Object.values(pgSchema as Record<string, unknown>)) {
      if (!is(value, PgTable)) continue;
      const config = getPgTableConfig(value);
      for (const c of config.columns) expect(inDatabase.get(`${config.name}.${c.name}`), `${config.name}.${c.name}`).toBe(c.getSQLType());
    }
  });

  it('write created_at in the same UTC ISO format on both', async () => {
    // In a session on Japan time, as a server in Tokyo might be: the default is UTC all the same.
    const client = await db.pool.connect();
    await client.query("SET TIME ZONE 'Asia/Tokyo'");
    await client.query("INSERT INTO users (id, email, name, password_hash) VALUES ('u1', 'u1@example.jp', 'x', 'x')");
    const { rows } = await client.query<{ created_at: string }>('SELECT created_at FROM users');
    client.release(true);
    const sqlite = new Database(':memory:');
    migrate(drizzle({ client: sqlite }), { migrationsFolder: 'drizzle' });
    sqlite.prepare("INSERT INTO users (id, email, name, password_hash) VALUES ('u1', 'u1@example.jp', 'x', 'x')").run();
    const fromSqliteValue = sqlite.prepare('SELECT created_at FROM users').pluck().get() as string;
    sqlite.close();
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    expect(fromSqliteValue).toMatch(iso);
    expect(rows[0]!.created_at).toMatch(iso);
    expect(new Date(rows[0]!.created_at).toISOString()).toBe(rows[0]!.created_at);
    expect(Math.abs(Date.parse(rows[0]!.created_at) - Date.now())).toBeLessThan(60_000);
  });
});
