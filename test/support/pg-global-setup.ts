// Global setup of the `pg` tests: one PostgreSQL for the run, with a database migrated once (drizzle-pg/) that
// every test file copies (test/support/pg-database.ts); stopped and removed when the run ends.
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { migratePostgres } from '../../server/db/migrate-pg.ts';
import { startPostgres } from './postgres.ts';

export const TEMPLATE_DATABASE = 'migrated_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's maintenance database (`postgres`), from which test files create theirs. */
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const started = Date.now();
  const server = await startPostgres();
  try {
    const admin = new pg.Client(server.url('postgres'));
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
      await migratePostgres(server.url(TEMPLATE_DATABASE));
      // No connection may stay on a template while it is copied; refusing them keeps one from slipping in.
      await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    server.stop();
    throw error;
  }
  if (process.env.PG_TEST_TIMING) console.log(`PostgreSQL ready and migrated in ${Date.now() - started} ms (port ${server.port})`);
  project.provide('pgAdminUrl', server.url('postgres'));
  project.provide('pgTemplate', TEMPLATE_DATABASE);
  return () => server.stop();
}
