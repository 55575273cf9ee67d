// `npm run db:migrate`: applies the migrations in drizzle/ to DATA_DIR's database (default ./data) and says
// which it applied. The server applies them at every start too; this is for doing it ahead of a start (after
// an upgrade, before a backup is taken to another machine). Exit 0 when the database is up to date, 1 when
// refused: a server running on DATA_DIR, or a database from a newer version of the app.
//   npm run db:migrate            DATA_DIR=/srv/claims/data npm run db:migrate

import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { appliedMigration, describeMigration, latestCodeMigration } from '../backup/migrations.ts';
import { runningServerPid } from '../backup/server-lock.ts';
import { databasePath, openDatabase } from './client.ts';

function appliedTimes(file: string): Set<number> {
  if (!existsSync(file)) return new Set();
  const sqlite = new Database(file, { readonly: true });
  try {
    const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
    if (!table) return new Set();
    return new Set((sqlite.prepare('SELECT created_at FROM __drizzle_migrations').all() as { created_at: number | string }[]).map((r) => Number(r.created_at)));
  } finally {
    sqlite.close();
  }
}

function refuse(message: string): never {
  console.error(`db:migrate: ${message}`);
  process.exit(1);
}

const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
const file = databasePath(dataDir);

// A running server has applied its own migrations; newer ones must not change the tables under it.
const pid = runningServerPid(dataDir);
if (pid !== null) refuse(`a server (process ${pid}) is running on ${dataDir}: stop it first (it applies migrations itself when it starts)`);

if (existsSync(file)) {
  const sqlite = new Database(file, { readonly: true });
  const applied = appliedMigration(sqlite);
  sqlite.close();
  const latest = latestCodeMigration();
  if (applied && applied.createdAt > latest.createdAt) {
    refuse(`${file} is at ${describeMigration(applied)}, newer than this version of the app (${describeMigration(latest)}): run the newer version`);
  }
}

const before = appliedTimes(file);
(await openDatabase(dataDir)).$client.close();
const journal = (await import('../../drizzle/meta/_journal.json', { with: { type: 'json' } })).default as { entries: { tag: string; when: number }[] };
const applied = journal.entries.filter((m) => !before.has(m.when)).map((m) => m.tag);
const now = describeMigration(latestCodeMigration());
if (applied.length === 0) {
  console.log(`${file}: up to date at ${now}; nothing to apply`);
} else {
  for (const tag of applied) console.log(`applied ${tag}`);
  console.log(`${file}: ${applied.length} migration(s) applied, now at ${now}`);
}
