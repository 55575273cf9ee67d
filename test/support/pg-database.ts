// A test file's own PostgreSQL database: a copy of the migrated template (pg-global-setup.ts), so files never
// see each other's rows and none pays for migrating. Only inside the `pg` vitest project.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { installPgTypeParsers } from '../../server/db/pg-types.ts';

export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // As the app will: int8 and numeric arrive as exact JS numbers or throw (server/db/pg-types.ts).
  installPgTypeParsers();
  const adminUrl = inject('pgAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  } finally {
    await admin.end();
  }
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end();
      await dropDatabase(adminUrl, name);
    },
  };
}

/**
 * Drops a database once the connections closing to it are gone. A pool's end() hands its clients their end()
 * without waiting for them to close; DROP … WITH (FORCE) would then terminate one mid-close, and the client,
 * whose pool has let go of it, would throw the termination as an uncaught error. FORCE only after 5 s.
 */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    for (const giveUpAt = Date.now() + 5_000; ;) {
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name}${Date.now() > giveUpAt ? ' WITH (FORCE)' : ''}`);
        return;
      } catch (error) {
        // 55006 object_in_use: "being accessed by other users".
        if ((error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    await client.end();
  }
}
