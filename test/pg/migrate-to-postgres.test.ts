// `npm run migrate-to-postgres`: a SQLite DATA_DIR (the demo, plus a company whose figures pass 2^31 and a stored
// receipt) copied into a fresh PostgreSQL database and an s3rver bucket, row for row and byte for byte, with its
// report; then what the checks catch and what the command refuses: an audit entry edited in SQLite, a file gone
// from the bucket, a target that already holds rows, a server still running on DATA_DIR.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { removePidFile, writePidFile } from '../../server/backup/server-lock.ts';
import { openDatabase } from '../../server/db/client.ts';
import { toPostgres } from '../../server/db/migrate-to-postgres/convert.ts';
import { copyOrder } from '../../server/db/migrate-to-postgres/tables.ts';
import * as sqliteSchema from '../../server/db/schema.ts';
import { seedDemo } from '../../server/demo.ts';
import type { S3Config } from '../../server/env.ts';
import { blobKey } from '../../server/files/object-store.ts';
import { S3ObjectStore } from '../../server/files/s3-object-store.ts';
import { createAppServer } from '../../server/http/server.ts';
import { openStorage } from '../../server/storage.ts';
import { attachToLine, pdf } from '../support/files.ts';
import { COST, INCIDENT, POLICY } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';
import { startS3, type TestS3 } from '../support/s3.ts';
import { signUpCompany } from '../support/server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Past PostgreSQL's integer (2^31 − 1): only a bigint column holds them. */
const BIG_LIMIT = 5_000_000_007;
const BIG_AMOUNT = 2_500_000_001;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let s3: TestS3;
let dataDir: string;
let bigCompany: { id: string; name: string };
let attached: { id: string; sha256: string };
let receipt: Buffer;
let pgMain: TestDatabase;
let copy: Run;
const cleanUp: (() => Promise<void> | void)[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a shell with none of the app's settings, plus `env`. */
function envWith(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(S3_|DATA_DIR$|DATABASE_URL$|INIT_CWD$)/.test(name)));
  return { ...base, ...env };
}

/** `npm run migrate-to-postgres -- ARGS`, as an operator runs it. */
function migrateCommand(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/migrate-to-postgres.ts', ...args],
      { cwd: ROOT, env: envWith(env), timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

function s3Env(config: S3Config): Record<string, string> {
  return {
    S3_BUCKET: config.bucket,
    S3_ENDPOINT: config.endpoint!,
    S3_REGION: config.region,
    S3_ACCESS_KEY_ID: config.accessKeyId!,
    S3_SECRET_ACCESS_KEY: config.secretAccessKey!,
    S3_FORCE_PATH_STYLE: 'on',
    S3_PREFIX: config.prefix,
  };
}

/** A database as an operator creates one for the app: empty, never migrated (not a copy of the test template). */
async function blankDatabase(): Promise<{ url: string; pool: pg.Pool }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `blank_${process.pid}_${Date.now()}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  cleanUp.push(async () => {
    await pool.end();
    const client = new pg.Client(adminUrl);
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  return { url, pool };
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function readSqlite<T>(dir: string, read: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(path.join(dir, 'ledger.sqlite'), { readonly: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}

/** The app's tables as schema.ts (SQLite) declares them, with their primary keys and boolean columns. */
const sqliteTables = (Object.values(sqliteSchema) as unknown[])
  .filter((value): value is SQLiteTable => is(value, SQLiteTable))
  .map((table) => {
    const config = getTableConfig(table);
    const primaryKey = config.primaryKeys[0]?.columns.map((c) => c.name) ?? config.columns.filter((c) => c.primary).map((c) => c.name);
    return { name: config.name, config, primaryKey, booleans: config.columns.filter((c) => c.dataType === 'boolean').map((c) => c.name) };
  });

/** The line of the report for a table: its name, the rows on each side, the milliseconds the copy took. */
const tableLine = (name: string, rows: number) => new RegExp(`^${name} +${rows.toLocaleString('en')} +${rows.toLocaleString('en')} +\\d+$`, 'm');

beforeAll(async () => {
  s3 = await startS3(['migrated', 'refused']);
  cleanUp.push(() => s3.close());

  // A DATA_DIR as a running app leaves it: the demo, and a second company entered through the API.
  dataDir = mkdtempSync(path.join(tmpdir(), 'bct-migrate-'));
  cleanUp.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const db = await openDatabase(dataDir);
  const storage = openStorage(dataDir);
  await seedDemo(db, storage);
  const app = createAppServer({ db, storage });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    const { client, companyId } = await signUpCompany(url, 'M');
    const policy = await client.ok('mutate', 'policy.create', { companyId, ...POLICY, policyNumber: 'IT-BIG-1', liabilityLimit: BIG_LIMIT });
    const incident = await client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT });
    const cost = await client.ok('mutate', 'cost.create', { incidentId: incident.id, ...COST, amount: BIG_AMOUNT });
    receipt = pdf('migrated receipt');
    attached = await attachToLine(url, client.cookie, cost.id, receipt, '領収書.pdf');
    bigCompany = { id: companyId, name: db.$client.prepare('SELECT name FROM companies WHERE id = ?').pluck().get(companyId) as string };
  } finally {
    app.closeAllConnections();
    await new Promise<void>((resolve) => app.close(() => resolve()));
    storage.objects.close();
    db.$client.close();
  }

  pgMain = await createTestDatabase();
  cleanUp.push(() => pgMain.drop());
  copy = await migrateCommand(['--data-dir', dataDir], { DATABASE_URL: pgMain.url, ...s3Env(s3.config('migrated', 'claims/')) });
});

afterAll(async () => {
  for (const step of cleanUp.reverse()) await step();
});

describe('the copy', () => {
  it('copies every table of schema.ts, each after the tables its foreign keys point at', () => {
    const order = copyOrder();
    expect(order.map((t) => t.name).sort()).toEqual(sqliteTables.map((t) => t.name).sort());
    const position = new Map(order.map((t, i) => [t.name, i]));
    for (const { name, config } of sqliteTables) {
      for (const fk of config.foreignKeys) {
        const parent = getTableConfig(fk.reference().foreignTable).name;
        expect(position.get(parent), `${parent} before ${name}`).toBeLessThan(position.get(name)!);
      }
    }
    expect(order.filter((t) => t.identity.length > 0).map((t) => [t.name, t.identity])).toEqual([
      ['audit_log', ['id']],
      ['claim_events', ['id']],
    ]);
  });

  it('succeeds with a line per table (rows on both sides, milliseconds), every chain OK, and the files in the bucket', () => {
    expect(copy.code, `${copy.stdout}\n${copy.stderr}`).toBe(0);
    const counts = readSqlite(dataDir, (sqlite) =>
      sqliteTables.map((t) => ({ name: t.name, rows: sqlite.prepare(`SELECT count(*) FROM "${t.name}"`).pluck().get() as number })),
    );
    for (const { name, rows } of counts) expect(copy.stdout).toMatch(tableLine(name, rows));
    expect(counts.find((c) => c.name === 'audit_log')!.rows).toBeGreaterThan(10);
    expect(copy.stdout).toMatch(/^ {2}OK {6}B社 データ入力サービス株式会社 \(.+\): \d+ entries, head [0-9a-f]{64}$/m);
    expect(copy.stdout).toContain(`OK      ${bigCompany.name} (${bigCompany.id}):`);
    expect(copy.stdout).not.toMatch(/BROKEN|MISSING|MISMATCH/);
    expect(copy.stdout).toMatch(/^Stored files: \d+ put into s3:\/\/migrated\/claims\/ \([\d,]+ bytes\)\.$/m);
    expect(copy.stdout).toMatch(/^Referenced files: all \d+ in s3:\/\/migrated\/claims\/ with the SHA-256 their rows record\.$/m);
    expect(copy.stdout).toMatch(/^Verified: /m);
  });

  it('leaves every row the same on PostgreSQL, value for value (flags as booleans)', async () => {
    for (const table of sqliteTables) {
      const order = table.primaryKey.map((c) => `"${c}"`).join(', ');
      const fromSqlite = readSqlite(dataDir, (sqlite) => sqlite.prepare(`SELECT * FROM "${table.name}" ORDER BY ${order}`).all() as Record<string, unknown>[]);
      const expected = fromSqlite.map((row) => ({ ...row, ...Object.fromEntries(table.booleans.map((c) => [c, row[c] === null ? null : row[c] === 1])) }));
      const { rows } = await pgMain.pool.query(`SELECT * FROM "${table.name}" ORDER BY ${order}`);
      expect(rows, table.name).toEqual(expected);
    }
  });

  it('keeps yen past 2^31 exact, a flag a boolean and a timestamp the same ISO text', async () => {
    const policy = await pgMain.pool.query<{ liability_limit: number; restoration_rider: boolean; created_at: string }>(
      "SELECT liability_limit, restoration_rider, created_at FROM policies WHERE policy_number = 'IT-BIG-1'",
    );
    const sqlitePolicy = readSqlite(
      dataDir,
      (sqlite) => sqlite.prepare("SELECT restoration_rider, created_at FROM policies WHERE policy_number = 'IT-BIG-1'").get() as Record<string, unknown>,
    );
    expect(policy.rows).toEqual([{ liability_limit: BIG_LIMIT, restoration_rider: true, created_at: sqlitePolicy.created_at }]);
    expect(BIG_LIMIT).toBeGreaterThan(2 ** 31);
    expect(sqlitePolicy.restoration_rider).toBe(1);
    expect(policy.rows[0]!.created_at).toMatch(ISO);
    const amounts = await pgMain.pool.query('SELECT amount FROM costs WHERE company_id = $1', [bigCompany.id]);
    expect(amounts.rows).toEqual([{ amount: BIG_AMOUNT }]);
    // The column is bigint: the same figure, summed, does not overflow either.
    const sum = await pgMain.pool.query('SELECT sum(amount) + sum(amount) AS twice FROM costs WHERE company_id = $1', [bigCompany.id]);
    expect(sum.rows[0]).toEqual({ twice: 2 * BIG_AMOUNT });
  });

  it("gives the app's next audit entry and claim event the ids after the copied ones", async () => {
    const client = await pgMain.pool.connect();
    try {
      await client.query('BEGIN');
      for (const table of ['audit_log', 'claim_events']) {
        const { rows: last } = await client.query<{ id: number }>(`SELECT max(id) AS id FROM ${table}`);
        const columns =
          table === 'audit_log'
            ? 'company_id, incident_id, entity_type, entity_id, action, actor_user_id, at'
            : 'incident_id, company_id, from_status, to_status, actor_user_id, at';
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${table} ORDER BY id DESC LIMIT 1 RETURNING id`,
        );
        expect(last[0]!.id, table).toBeGreaterThan(0);
        expect(rows, table).toEqual([{ id: last[0]!.id + 1 }]);
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('puts the receipt and the claim package into the bucket byte for byte, and leaves DATA_DIR its own', async () => {
    const store = new S3ObjectStore(s3.config('migrated', 'claims/'));
    try {
      expect(await bytesOf(await store.get(blobKey(attached.sha256)))).toEqual(receipt);
      const packages = await store.list('packages/');
      expect(packages).toHaveLength(1);
      const local = path.join(dataDir, ...packages[0]!.key.split('/'));
      expect(await bytesOf(await store.get(packages[0]!.key))).toEqual(readFileSync(local));
    } finally {
      store.close();
    }
    expect(readFileSync(path.join(dataDir, 'files', attached.sha256.slice(0, 2), attached.sha256))).toEqual(receipt);
  });
});

describe('what the checks catch', () => {
  it('names the file missing from the bucket, and exits 1 (--verify-only changes nothing)', async () => {
    const env = { DATABASE_URL: pgMain.url, ...s3Env(s3.config('migrated', 'claims/')) };
    const clean = await migrateCommand(['--data-dir', dataDir, '--verify-only'], env);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    // No copy, so no time: the rows on each side only.
    expect(clean.stdout).toMatch(/^audit_log +[\d,]+ +[\d,]+$/m);
    expect(clean.stdout).toMatch(/^Verified: /m);

    const store = new S3ObjectStore(s3.config('migrated', 'claims/'));
    try {
      await store.delete(blobKey(attached.sha256));
      const run = await migrateCommand(['--data-dir', dataDir, '--verify-only'], env);
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toContain(`Referenced files: 1 of`);
      expect(run.stdout).toContain(`MISSING   ${blobKey(attached.sha256)} (attachment ${attached.id} "領収書.pdf")`);
      expect(run.stdout).toMatch(/^NOT VERIFIED/m);
    } finally {
      await store.put(blobKey(attached.sha256), Readable.from(receipt));
      store.close();
    }
  });

  it('names the company whose audit entry was edited in SQLite, says the copy is faithful, and exits 1', async () => {
    const tampered = mkdtempSync(path.join(tmpdir(), 'bct-migrate-tampered-'));
    cleanUp.push(() => rmSync(tampered, { recursive: true, force: true }));
    cpSync(dataDir, tampered, { recursive: true });
    const sqlite = new Database(path.join(tampered, 'ledger.sqlite'));
    const demo = sqlite.prepare("SELECT id, name FROM companies WHERE name LIKE 'B社%'").get() as { id: string; name: string };
    const entry = sqlite.prepare('SELECT id FROM audit_log WHERE company_id = ? ORDER BY id LIMIT 1 OFFSET 3').pluck().get(demo.id) as number;
    // The append-only guard is lifted for one edit, as someone with the file and a SQLite shell could.
    const guard = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'").pluck().get() as string;
    sqlite.exec('DROP TRIGGER audit_log_no_update');
    sqlite.prepare("UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE id = ?").run(entry);
    sqlite.exec(guard);
    sqlite.close();

    // A database never migrated: the command migrates it first.
    const target = await blankDatabase();
    // No S3_BUCKET: the files stay in DATA_DIR, and are checked there.
    const run = await migrateCommand(['--data-dir', tampered], { DATABASE_URL: target.url });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(
      `BROKEN  ${demo.name} (${demo.id}): entry ${entry} does not match its hash (entry 4 of the chain); SQLite’s chain breaks at the same entry`,
    );
    expect(run.stdout).toContain(`OK      ${bigCompany.name} (${bigCompany.id})`);
    expect(run.stdout).toContain(`S3_BUCKET is not set: the stored files stay in ${tampered}`);
    expect(run.stdout).toMatch(new RegExp(`^Referenced files: all \\d+ in ${tampered} with the SHA-256`, 'm'));
    expect(run.stdout).toMatch(/^NOT VERIFIED/m);
    // Copied as it is: the edited entry is on PostgreSQL, so the broken chain stays evidence there too.
    const { rows } = await target.pool.query('SELECT at FROM audit_log WHERE id = $1', [entry]);
    expect(rows).toEqual([{ at: '2020-01-01T00:00:00.000Z' }]);
  });
});

describe('a copy that fails', () => {
  it('converts flags and whole numbers exactly, and refuses anything else', () => {
    expect(toPostgres(1n, 'boolean')).toBe(true);
    expect(toPostgres(2n ** 40n, 'bigint')).toBe('1099511627776');
    expect(() => toPostgres(2n, 'boolean')).toThrow('holds the number 2 where a flag (0 or 1) belongs');
    expect(() => toPostgres(1100.5, 'bigint')).toThrow('holds the floating-point number 1100.5 where a whole number (integer yen, a count) belongs');
    expect(() => toPostgres(2n ** 31n, 'integer')).toThrow("beyond PostgreSQL's integer");
  });

  it('stops at a value the app never writes, naming where it is, and leaves PostgreSQL empty', async () => {
    const damaged = mkdtempSync(path.join(tmpdir(), 'bct-migrate-damaged-'));
    cleanUp.push(() => rmSync(damaged, { recursive: true, force: true }));
    cpSync(dataDir, damaged, { recursive: true });
    const sqlite = new Database(path.join(damaged, 'ledger.sqlite'));
    // A flag of 2 on a cost line: costs come late in the copy, after the audit log and most tables are in.
    const rowid = sqlite.prepare('SELECT rowid FROM costs ORDER BY rowid DESC LIMIT 1').pluck().get() as number;
    sqlite.prepare('UPDATE costs SET claimed = 2 WHERE rowid = ?').run(rowid);
    sqlite.close();

    const target = await createTestDatabase();
    cleanUp.push(() => target.drop());
    const run = await migrateCommand(['--data-dir', damaged], { DATABASE_URL: target.url });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain(
      `Migration failed: costs.claimed of SQLite rowid ${rowid} holds the number 2 where a flag (0 or 1) belongs; rolled back: PostgreSQL holds none of the copied rows`,
    );
    expect(run.stdout).toMatch(/^copied audit_log: \d+ rows/m);
    for (const table of copyOrder()) {
      const { rows } = await target.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table.name}"`);
      expect(rows[0]!.n, table.name).toBe(0);
    }
    // The sequences were never moved (setval is not undone by a rollback, so it comes last): the next id is still 1.
    const { rows } = await target.pool.query('SELECT last_value, is_called FROM audit_log_id_seq');
    expect(rows).toEqual([{ last_value: 1, is_called: false }]);
  });
});

describe('what it refuses', () => {
  it('refuses a PostgreSQL database that already holds rows, changing nothing there or in the bucket', async () => {
    const target = await createTestDatabase();
    cleanUp.push(() => target.drop());
    await target.pool.query("INSERT INTO users (id, email, name, password_hash) VALUES ('u-existing', 'existing@example.jp', '既存 利用者', 'x')");
    const run = await migrateCommand(['--data-dir', dataDir], { DATABASE_URL: target.url, ...s3Env(s3.config('refused')) });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain(
      'Refused: the PostgreSQL database is not empty (rows in users): the copy goes only into a new, empty database; nothing was changed',
    );
    for (const table of copyOrder()) {
      const { rows } = await target.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table.name}"`);
      expect(rows[0]!.n, table.name).toBe(table.name === 'users' ? 1 : 0);
    }
    const bucket = new S3ObjectStore(s3.config('refused'));
    try {
      expect([...(await bucket.list('files/')), ...(await bucket.list('packages/'))]).toEqual([]);
    } finally {
      bucket.close();
    }
  });

  it('refuses while a server runs on DATA_DIR', async () => {
    const target = await createTestDatabase();
    cleanUp.push(() => target.drop());
    // This test's own process stands for the server: it is alive, as a server would be.
    writePidFile(dataDir);
    try {
      const run = await migrateCommand(['--data-dir', dataDir], { DATABASE_URL: target.url });
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toContain(`Refused: a server (process ${process.pid}) is running on ${dataDir}: stop it first`);
    } finally {
      removePidFile(dataDir);
    }
    const { rows } = await target.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(rows[0]!.n).toBe(0);
    expect(existsSync(path.join(dataDir, 'server.pid'))).toBe(false);
  });
});
