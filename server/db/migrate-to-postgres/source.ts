// The SQLite side of the copy: DATA_DIR's database opened read-only with better-sqlite3 itself (not the app's
// data layer), after checking that no server runs on it and that it is at this code's latest migration, so its
// tables have exactly schema-pg.ts's columns.

import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { appliedMigration, describeMigration, latestCodeMigration } from '../../backup/migrations.ts';
import { runningServerPid } from '../../backup/server-lock.ts';
import { MigrationRefused } from './refused.ts';
import { quoteName as quote, type CopyTable } from './tables.ts';

/** The app's database file in DATA_DIR (server/db/client.ts's databasePath, not imported: that module is the data layer). */
export const sqliteFile = (dataDir: string) => path.join(dataDir, 'ledger.sqlite');

/** Throws MigrationRefused while DATA_DIR/server.pid names a running process. */
export function refuseWhileServed(dataDir: string): void {
  const pid = runningServerPid(dataDir);
  if (pid !== null)
    throw new MigrationRefused(`a server (process ${pid}) is running on ${dataDir}: stop it first, so nothing is written to SQLite during or after the copy`);
}

export function openSource(dataDir: string): Database.Database {
  const file = sqliteFile(dataDir);
  if (!existsSync(file)) throw new MigrationRefused(`no database at ${file}: is --data-dir (or DATA_DIR) right?`);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    const applied = appliedMigration(sqlite);
    const latest = latestCodeMigration();
    if (applied?.createdAt !== latest.createdAt) {
      const newer = applied !== null && applied.createdAt > latest.createdAt;
      throw new MigrationRefused(
        newer
          ? `${file} is at ${describeMigration(applied)}, newer than this version of the app (${describeMigration(latest)}): copy it with the version that wrote it`
          : `${file} is at ${describeMigration(applied)}, not ${describeMigration(latest)}: run \`npm run db:migrate\` (or start the app once) so its tables are the ones PostgreSQL gets`,
      );
    }
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

export function countRows(sqlite: Database.Database, table: string): number {
  return sqlite
    .prepare(`SELECT count(*) FROM ${quote(table)}`)
    .pluck()
    .get() as number;
}

/**
 * The table's rows as arrays in `table.columns` order, in rowid order, integers as bigints (exact past 2^53).
 * Lazily read: nothing else may use the connection until the iteration ends.
 */
export function readRows(sqlite: Database.Database, table: CopyTable): IterableIterator<{ rowid: bigint; values: unknown[] }> {
  const statement = sqlite
    .prepare(`SELECT rowid, ${table.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table.name)} ORDER BY rowid`)
    .raw(true)
    .safeIntegers(true);
  const rows = statement.iterate() as IterableIterator<unknown[]>;
  return (function* () {
    for (const [rowid, ...values] of rows) yield { rowid: rowid as bigint, values };
  })();
}
