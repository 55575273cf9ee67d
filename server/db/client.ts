// Opens the SQLite database under DATA_DIR with the settings a claims ledger needs, and migrates it.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sealUnchainedEntries } from '../audit-chain.ts';
import { reconcileLineFlags } from '../ledger/line-flags.ts';
import { fillMissingLineTax } from '../ledger/line-tax.ts';
import type { Env } from '../env.ts';
import { openPostgres } from './postgres.ts';
import * as schema from './schema.ts';

import type { Db } from './types.ts';

export type { Db, Tx } from './types.ts';

// Two folders up is the repository's root both from server/<folder>/ and from the built dist/server/main.js.
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** The configured database: PostgreSQL when DATABASE_URL is set, else the SQLite file in DATA_DIR. */
export async function openConfiguredDatabase(env: Pick<Env, 'dataDir' | 'postgres'>): Promise<Db> {
  return env.postgres ? openPostgres(env.postgres) : openDatabase(env.dataDir);
}

/** Closes the connection, or every pool on PostgreSQL. */
export async function closeDatabase(db: Db): Promise<void> {
  const close = (db as unknown as { $close?: () => Promise<void> }).$close;
  if (close) await close();
  else db.$client.close();
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'ledger.sqlite');
}

/**
 * The connection as drizzle sees it: drizzle prepares its SQL again on every query (~80 µs each, a tenth
 * of a write request's time), so the same text gets the same compiled statement back. Drizzle only runs
 * its statements to the end (run, get, all; never iterate), so sharing one is safe; its mode is reset
 * to plain rows before each use because drizzle switches some to raw arrays.
 */
function withStatementCache(sqlite: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string) => {
    let statement = cache.get(source);
    if (statement && !statement.busy) {
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = sqlite.prepare(source);
    if (cache.size >= 2000) cache.clear();
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function openDatabase(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(databasePath(dataDir));
  // WAL for concurrent readers; FULL so an acknowledged write survives a power cut, not only a crash.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Temporary tables, sorts and statement journals (an upsert that may abort mid-statement keeps one) in
  // memory rather than in temporary files. The rollups are no longer kept by trigger (decision 009).
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle({ client: withStatementCache(sqlite), schema });
  // Our own raw statements (bulk inserts, iterations, pluck) use the connection itself, uncached.
  Object.defineProperty(db, '$client', { value: sqlite });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  // Entries from before the audit log was chained (migration 0004) get their hashes once.
  await sealUnchainedEntries(db);
  // Lines whose derived flags follow an older rule (or none, before migration 0008) are brought up to date.
  await reconcileLineFlags(db);
  // Lines from before consumption tax was kept (migration 0009) get the tax their category implies.
  await fillMissingLineTax(db);
  return db;
}
