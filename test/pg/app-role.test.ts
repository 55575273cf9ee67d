// The app's own role on PostgreSQL (an ordinary role owning its database, as deploy/postgres/primary-init.sh makes
// it) migrates the database and is then refused UPDATE, DELETE and TRUNCATE on the append-only tables by its
// privileges (drizzle-pg/0003), before any trigger: only sealing an entry from before the hash chain stays.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sealUnchainedEntries } from '../../server/audit-chain.ts';
import { closeDatabase, type Db } from '../../server/db/client.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { dropDatabase } from '../support/pg-database.ts';
import { AUDIT_ROWS, INCIDENT_ROWS, REVIEW_ROWS } from './rows.ts';

const role = `app_${randomBytes(4).toString('hex')}`;
const adminUrl = inject('pgAdminUrl');
const appUrl = adminUrl.replace('postgres@', `${role}@`).replace(/\/postgres$/, `/${role}`);
let admin: pg.Client;
let db: Db;
let asApp: pg.Pool;

beforeAll(async () => {
  admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE ROLE ${role} LOGIN`);
  await admin.query(`CREATE DATABASE ${role} OWNER ${role} LOCALE 'C' ENCODING 'UTF8' TEMPLATE template0`);
  db = await openPostgres({ url: appUrl, poolMax: 2 });
  asApp = new pg.Pool({ connectionString: appUrl, max: 2 });
  for (const statement of [...INCIDENT_ROWS, ...AUDIT_ROWS, ...REVIEW_ROWS]) await asApp.query(statement);
});
afterAll(async () => {
  await asApp?.end();
  if (db) await closeDatabase(db);
  await dropDatabase(adminUrl, role);
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

async function refusal(statement: string): Promise<string | undefined> {
  try {
    await asApp.query(statement);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('the app’s role', () => {
  it('is an ordinary role that owns the tables it migrated', async () => {
    const { rows } = await asApp.query<{ super: boolean; owner: string }>(
      "SELECT r.rolsuper AS super, t.tableowner AS owner FROM pg_roles r, pg_tables t WHERE r.rolname = current_user AND t.tablename = 'audit_log'",
    );
    expect(rows).toEqual([{ super: false, owner: role }]);
  });

  it('may not update, delete or truncate the audit log or the review threads: permission denied (42501)', async () => {
    for (const statement of [
      "UPDATE audit_log SET action = 'delete' WHERE id = 1",
      'DELETE FROM audit_log WHERE id = 3',
      'TRUNCATE audit_log',
      "UPDATE line_reviews SET comment = '書き換え'",
      'DELETE FROM line_reviews',
      'TRUNCATE line_reviews',
    ])
      expect(await refusal(statement), statement).toBe('42501');
    expect((await asApp.query('SELECT COUNT(*)::int AS n FROM audit_log')).rows).toEqual([{ n: 3 }]);
  });

  it('still adds entries, seals the ones from before the chain, and cannot rewrite a sealed one', async () => {
    expect(await refusal(AUDIT_ROWS[0]!.replace('VALUES (1,', 'VALUES (4,').replace("'0000", "'1111"))).toBeUndefined();
    expect(await sealUnchainedEntries(db)).toBe(2);
    // The column privilege lets the chain columns be written; the trigger still refuses a sealed entry's.
    expect(await refusal("UPDATE audit_log SET hash = 'x' WHERE id = 1")).toBe('23000');
  });
});
