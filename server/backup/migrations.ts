// Which drizzle migration a database has reached, and the newest one this code ships: a database from
// newer code has tables this code does not know, so it must not be restored under it.

import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';

// Two folders up is the repository's root both from server/<folder>/ and from the built dist/server/main.js.
const JOURNAL = new URL('../../drizzle/meta/_journal.json', import.meta.url);

export interface MigrationMark {
  /** The migration's name in drizzle/, or null when this code does not ship it. */
  tag: string | null;
  /** drizzle's `created_at`: the journal's `when` (ms), which is also how drizzle orders migrations. */
  createdAt: number;
}

function journal(): { tag: string; when: number }[] {
  return (JSON.parse(readFileSync(JOURNAL, 'utf8')) as { entries: { tag: string; when: number }[] }).entries;
}

export function latestCodeMigration(): MigrationMark {
  const latest = journal().reduce((a, b) => (b.when > a.when ? b : a));
  return { tag: latest.tag, createdAt: latest.when };
}

/** The latest migration applied to a database, or null for a database drizzle never migrated. */
export function appliedMigration(sqlite: Database.Database): MigrationMark | null {
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!hasTable) return null;
  // The same query drizzle's migrator asks before deciding what to apply.
  const row = sqlite.prepare('SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').get() as
    { created_at: number | string } | undefined;
  if (!row) return null;
  const createdAt = Number(row.created_at);
  return { tag: journal().find((m) => m.when === createdAt)?.tag ?? null, createdAt };
}

export function describeMigration(mark: MigrationMark | null): string {
  if (!mark) return 'no migration';
  return mark.tag ?? `an unknown migration of ${new Date(mark.createdAt).toISOString()}`;
}
