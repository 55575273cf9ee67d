// Opens the SQLite database under DATA_DIR with the settings a claims ledger needs, and migrates it.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sealUnchainedEntries } from '../audit-chain.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The handle inside `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'ledger.sqlite');
}

export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(databasePath(dataDir));
  // WAL for concurrent readers; FULL so an acknowledged write survives a power cut, not only a crash.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // The ledger's triggers (cost_rollups) make every insert keep a statement journal: in memory it costs
  // ~10 µs a line, in a temporary file ~40 µs, which decides how fast a 100,000-line import is.
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  // Entries from before the audit log was chained (migration 0004) get their hashes once.
  sealUnchainedEntries(db as Db);
  return db as Db;
}
