// Start-up: configuration checked with clear messages, the database settings, /healthz, the demo seed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { readEnv } from '../../server/env.ts';
import { seedDemo } from '../../server/demo.ts';
import { recoverInterruptedWork } from '../../server/recovery.ts';
import { openStorage } from '../../server/storage.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, startTestServer } from '../support/server.ts';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { at, must } from '../support/at.ts';

function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string; kill(): Promise<void>; ready: Promise<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, ...env }, cwd: process.cwd() });
  let output = '';
  let resolveReady: (line: string) => void;
  const ready = new Promise<string>((resolve) => (resolveReady = resolve));
  child.stdout.on('data', (chunk) => {
    output += chunk;
    if (output.includes('listening on')) resolveReady(output);
  });
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    child.on('exit', (code) => resolve({ code, output, kill: async () => {}, ready }));
    // Resolved once the whole start-up message is in: the address line and, with the demo, its account.
    void ready.then(async () => {
      for (let i = 0; i < 100 && !/listening on .*\n[\s\S]*(DEMO_SEED=off to disable|\n)/.test(output); i += 1) await new Promise((r) => setTimeout(r, 20));
      // Stopping waits for the exit: the server closes its database and pid file as it goes.
      const kill = async () => {
        child.kill('SIGTERM');
        await exited;
      };
      resolve({
        code: null,
        get output() {
          return output;
        },
        kill,
        ready,
      });
    });
  });
}

describe('configuration', () => {
  it('applies the documented defaults (README, Configuration)', () => {
    expect(readEnv({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      demoSeed: true,
      sessionIdleMinutes: 60,
      sessionMaxHours: 12,
      requestLog: true,
      mail: null,
      appUrl: 'http://127.0.0.1:3000',
      trustedProxies: null,
    });
  });

  it('reads the reminder mail settings (README, Deadlines by e-mail), and an APP_URL without its trailing slash', () => {
    const env = readEnv({
      SMTP_HOST: 'smtp.example.jp',
      SMTP_USER: 'reminders',
      SMTP_PASSWORD: 's3cret',
      MAIL_FROM: '期限のお知らせ <reminders@example.jp>',
      APP_URL: 'https://claims.example.jp/',
    });
    expect(env.mail).toEqual({
      host: 'smtp.example.jp',
      port: 587,
      secure: false,
      user: 'reminders',
      password: 's3cret',
      from: '期限のお知らせ <reminders@example.jp>',
    });
    expect(env.appUrl).toBe('https://claims.example.jp');
    expect(readEnv({ SMTP_HOST: 'mx', SMTP_PORT: '465', SMTP_SECURE: 'on', MAIL_FROM: 'a@example.jp' }).mail).toMatchObject({
      port: 465,
      secure: true,
      user: null,
      password: null,
    });
    expect(readEnv({ HOST: '::1', PORT: '8080' }).appUrl).toBe('http://[::1]:8080');
  });

  it('refuses mail settings that cannot work, and never prints the SMTP password', () => {
    expect(() => readEnv({ SMTP_HOST: 'smtp.example.jp' })).toThrow(/MAIL_FROM \(not set\): must be set when SMTP_HOST is/);
    expect(() => readEnv({ SMTP_HOST: 'mx', MAIL_FROM: 'reminders' })).toThrow(/MAIL_FROM="reminders": must be an address/);
    expect(() => readEnv({ APP_URL: 'claims.example.jp' })).toThrow(/APP_URL="claims.example.jp": must be an http:\/\/ or https:\/\/ URL/);
    let message = '';
    try {
      readEnv({ SMTP_HOST: 'mx', MAIL_FROM: 'a@example.jp', SMTP_PASSWORD: 'hunter2-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SMTP_USER (not set): must be set when SMTP_PASSWORD is');
    expect(message).not.toContain('hunter2-secret');
  });

  it('names each bad variable and why', () => {
    expect(() => readEnv({ PORT: 'eighty', DEMO_SEED: 'maybe' })).toThrow(/PORT="eighty": must be a port number[\s\S]*DEMO_SEED="maybe"/);
    expect(() => readEnv({ PORT: '70000' })).toThrow(/PORT="70000": must be between 0 and 65535/);
    expect(() => readEnv({ SESSION_IDLE_MINUTES: 'soon' })).toThrow(/SESSION_IDLE_MINUTES="soon": must be a number of minutes/);
  });

  it('refuses to start on a bad PORT with that message and exit code 1', async () => {
    const result = await runMain({ PORT: '-1' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('PORT="-1": must be between 0 and 65535');
  });

  it('starts on an empty DATA_DIR, seeds the demo and prints the address and the demo credentials', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-main-'));
    const result = await runMain({ PORT: '0', DATA_DIR: dataDir });
    try {
      expect(result.output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(result.output).toContain('demo@example.jp / demo-password-2026');
      // No SMTP_HOST: one line says the reminders by e-mail are off.
      expect(result.output.match(/Deadline reminders by e-mail are off/g)).toHaveLength(1);
    } finally {
      await result.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the demo seed', () => {
  it('is written whole or not at all: an interrupted seed leaves an empty database and no package file, and the next start completes it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-seed-'));
    try {
      const db = await openDatabase(dataDir);
      const storage = openStorage(dataDir);
      const packageFiles = () => readdirSync(path.join(dataDir, 'packages')).filter((name) => name !== 'tmp');
      // The last step — the submission, after the package's ZIP is written — fails, as a kill there would stop it.
      db.$client.exec("CREATE TEMP TRIGGER stop_seed BEFORE INSERT ON claim_events BEGIN SELECT RAISE(ABORT, 'killed (test)'); END");
      await expect(seedDemo(db, storage)).rejects.toThrow();
      const count = (table: string) => (db.$client.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect([count('companies'), count('users'), count('costs'), count('claim_packages'), count('audit_log')]).toEqual([0, 0, 0, 0, 0]);
      expect(packageFiles()).toEqual([]);
      expect(readdirSync(path.join(dataDir, 'packages', 'tmp'))).toEqual([]);

      db.$client.exec('DROP TRIGGER temp.stop_seed');
      expect(await seedDemo(db, storage)).toMatchObject({ email: 'demo@example.jp' });
      expect(count('companies')).toBe(2);
      expect(count('costs')).toBeGreaterThan(0);
      // The first incident's version 1, submitted to the broker; its ZIP the one file in packages/.
      const pkg = db.$client.prepare('SELECT id, version, status FROM claim_packages').all() as { id: string; version: number; status: string }[];
      expect(pkg).toEqual([{ id: expect.any(String), version: 1, status: 'ready' }]);
      expect(packageFiles()).toEqual([`${at(pkg, 0).id}.zip`]);
      expect(db.$client.prepare('SELECT claim_status AS status FROM incidents WHERE title = ?').get(WORKED_EXAMPLE_2.incident.title)).toEqual({
        status: 'submitted',
      });
      db.$client.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('after a crash', () => {
  it('drops an unfinished package and leftover temporary files at start, and keeps finished ones', async () => {
    const server = await startTestServer();
    const { client, companyId } = await signUpCompany(server.url);
    const { incidentId } = await setUpIncident(client, companyId);
    const done = await client.ok('mutate', 'claim.export', { incidentId });
    const sqlite = server.db.$client;
    const row = sqlite.prepare('SELECT company_id, created_by FROM claim_packages WHERE id = ?').get(done.packageId) as {
      company_id: string;
      created_by: string;
    };
    // What a kill in the middle of an export and of an upload leaves behind.
    const unfinishedId = '00000000-0000-4000-8000-000000000000';
    sqlite
      .prepare(
        "INSERT INTO claim_packages (id, company_id, incident_id, version, locale, status, created_by, created_at) VALUES (?, ?, ?, 2, 'ja', 'building', ?, ?)",
      )
      .run(unfinishedId, row.company_id, incidentId, row.created_by, new Date().toISOString());
    mkdirSync(path.join(server.dataDir, 'packages', 'tmp', unfinishedId), { recursive: true });
    writeFileSync(path.join(server.dataDir, 'packages', 'tmp', unfinishedId, 'ledger.csv'), 'half');
    writeFileSync(path.join(server.dataDir, 'files', 'tmp', 'upload-in-flight'), 'half a receipt');
    // What a demo seed killed after its export leaves: a complete ZIP that no row lists (the seed rolled back).
    const unlisted = path.join(server.dataDir, 'packages', '11111111-1111-4111-8111-111111111111.zip');
    writeFileSync(unlisted, 'PK a package of a rolled-back seed');
    try {
      const storage = openStorage(server.dataDir);
      expect(await recoverInterruptedWork(server.db, storage)).toEqual({ packages: 2, tempFiles: 2 });
      expect(existsSync(unlisted)).toBe(false);
      expect(existsSync(path.join(server.dataDir, 'packages', `${done.packageId}.zip`))).toBe(true);
      const versions = sqlite.prepare('SELECT version, status FROM claim_packages WHERE incident_id = ?').all(incidentId);
      expect(versions).toEqual([{ version: 1, status: 'ready' }]);
      expect(readdirSync(path.join(server.dataDir, 'packages', 'tmp'))).toEqual([]);
      expect(readdirSync(path.join(server.dataDir, 'files', 'tmp'))).toEqual([]);
      // The next export (of a changed ledger: an unchanged one answers version 1) takes the number the unfinished one had.
      await client.ok('mutate', 'cost.create', { incidentId, ...COST });
      expect((await client.ok('mutate', 'claim.export', { incidentId })).version).toBe(2);
    } finally {
      await server.close();
    }
  });
});

describe('database', () => {
  it('runs in WAL mode with foreign keys on, synchronous=FULL and a busy timeout', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-db-'));
    const db = await openDatabase(dataDir);
    try {
      expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.$client.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
      expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.$client.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('demo mode', () => {
  it('seeds worked example 2, shows the credentials, and the dashboard figure is ¥53,000,000', async () => {
    const server = await startTestServer({ demo: true });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const visitor = new ApiClient(server.url);
      const { credentials } = await visitor.ok('query', 'auth.demo');
      if (credentials === null) throw new Error('the demo shows no credentials');
      expect(credentials.email).toBe('demo@example.jp');
      await visitor.ok('mutate', 'auth.login', credentials);
      const me = await visitor.ok('query', 'auth.me');
      const incident = must(
        (await visitor.ok('query', 'incident.list', { companyId: at(me.memberships, 0).companyId })).find((i) => i.title === WORKED_EXAMPLE_2.incident.title),
        'the worked example 2 incident',
      );
      const summary = await visitor.ok('query', 'claim.summary', { incidentId: incident.id });
      expect(summary.totalPayable).toBe(53_000_000);
      // Its claim is submitted: version 1 waits for the demo broker's review.
      expect(await visitor.ok('query', 'claim.status', { incidentId: incident.id })).toMatchObject({
        claimStatus: 'submitted',
        submittedVersion: 1,
        claimedAmount: 53_000_000,
        broker: { name: 'さくら保険サービス株式会社' },
      });
      const broker = new ApiClient(server.url);
      if (credentials.broker === null) throw new Error('the demo shows no broker credentials');
      await broker.ok('mutate', 'auth.login', credentials.broker);
      const client = at(await broker.ok('query', 'broker.clients'), 0);
      expect(client.incidents.find((i) => i.id === incident.id)).toMatchObject({ claimStatus: 'submitted', submittedToMe: true, submittedVersion: 1 });
      // The package records the pre-flight list the demo's finance confirmed before exporting.
      const version = at(await broker.ok('query', 'claim.packages', { incidentId: incident.id }), 0);
      expect(must(version.preflight ?? undefined, "the package's pre-flight list").map((item) => item.key)).toEqual(
        expect.arrayContaining(['unapproved', 'consent_missing', 'no_receipt']),
      );
    } finally {
      await server.close();
    }
  });

  it('shows no credentials when demo seeding is off', async () => {
    const server = await startTestServer({ demo: false });
    try {
      expect(await new ApiClient(server.url).ok('query', 'auth.demo')).toEqual({ credentials: null });
    } finally {
      await server.close();
    }
  });
});

describe('HTTP edges', () => {
  it('serves the app shell, refuses a malformed or escaping path, and keeps running', async () => {
    const server = await startTestServer();
    try {
      const shell = await fetch(`${server.url}/incidents/some-id`);
      expect(shell.status).toBe(200);
      expect(shell.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(shell.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await shell.text()).toContain('<div id="root">');
      expect((await fetch(`${server.url}/%E0%A4%A`)).status).toBe(400);
      const escaping = await fetch(`${server.url}/..%2f..%2fpackage.json`);
      expect(await escaping.text()).not.toContain('"name": "breach-cost-tracker"');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
