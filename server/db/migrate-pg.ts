// Applies the PostgreSQL migrations in drizzle-pg/ (schema-pg.ts's tables, then the guards) to a database.
// The app's PostgreSQL start-up (issue 20) and the tests' template database both migrate through here.

import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

// Two folders up is the repository's root both from server/db/ and from the built dist/server/.
export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle-pg', import.meta.url));

/** Any fixed number: the advisory lock every instance of the app takes around its migrations. */
const MIGRATION_LOCK = 2020_0036;

/**
 * Brings the database up to the latest migration. drizzle records what it applied in
 * drizzle.__drizzle_migrations and runs the pending ones in one transaction, so a failed migration leaves the
 * database as it was; the advisory lock makes a second instance starting at the same moment wait, then find
 * nothing left to apply, instead of applying the same migrations twice.
 */
export async function migratePostgres(target: pg.Pool | pg.ClientConfig | string): Promise<void> {
  const client = target instanceof pg.Pool ? await target.connect() : new pg.Client(target);
  const owned = !(target instanceof pg.Pool);
  if (owned) await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: PG_MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    if (owned) await client.end();
    else (client as pg.PoolClient).release();
  }
}
