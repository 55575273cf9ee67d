// Issue 13: a database seeded in demo mode, started again with DEMO_SEED=off, must not let anyone in with
// the published demo passwords. The demo accounts are disabled, not deleted: their rows, companies and
// the audit log's hash chain stay; DEMO_SEED=on enables them again. The real server (server/main.ts)
// on one DATA_DIR, started three times. docs/decisions/017-invitations-lockout-signup-and-demo.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKER_CREDENTIALS, DEMO_CREDENTIALS } from '../../server/demo.ts';
import { startChildServer, stopChildServers, type ChildServer } from '../support/child-server.ts';
import { ApiClient } from '../support/server.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'bct-demo-off-'));
});
afterAll(async () => {
  await stopChildServers();
  rmSync(dataDir, { recursive: true, force: true });
});

async function stop(server: ChildServer) {
  server.kill('SIGTERM');
  expect((await server.exited).code).toBe(0);
}

/** What the database holds of the demo: its users (with disabled_at), companies and audit entries. */
function demoRows() {
  const db = new Database(path.join(dataDir, 'ledger.sqlite'), { readonly: true });
  try {
    return {
      users: db.prepare('SELECT email, disabled_at FROM users ORDER BY email').all() as { email: string; disabled_at: string | null }[],
      companies: (db.prepare('SELECT COUNT(*) AS n FROM companies').get() as { n: number }).n,
      auditEntries: (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n,
      sessions: (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

const login = async (url: string, email: string, password: string) => await new ApiClient(url).mutate('auth.login', { email, password });

describe('DEMO_SEED=off on a database seeded earlier', () => {
  let signedIn: ApiClient;
  let before: ReturnType<typeof demoRows>;

  it('starts in demo mode: the demo accounts sign in with the published password', async () => {
    const server = await startChildServer(dataDir, { env: { REQUEST_LOG: 'off' } });
    signedIn = new ApiClient(server.url);
    await signedIn.ok('mutate', 'auth.login', DEMO_CREDENTIALS);
    expect((await signedIn.ok('query', 'auth.me')).email).toBe(DEMO_CREDENTIALS.email);
    expect((await login(server.url, DEMO_BROKER_CREDENTIALS.email, DEMO_BROKER_CREDENTIALS.password)).error).toBeUndefined();
    await stop(server);
    before = demoRows();
    expect(before.users.map((u) => [u.email, u.disabled_at])).toEqual([
      [DEMO_BROKER_CREDENTIALS.email, null],
      [DEMO_CREDENTIALS.email, null],
    ]);
  });

  it('disables them: the published password answers as a wrong one, sessions end, nothing is deleted', async () => {
    const server = await startChildServer(dataDir, { env: { DEMO_SEED: 'off', REQUEST_LOG: 'off' } });
    try {
      expect(server.stdout()).toContain('the demo accounts are disabled');
      expect(await new ApiClient(server.url).ok('query', 'auth.demo')).toEqual({ credentials: null });
      for (const account of [DEMO_CREDENTIALS, DEMO_BROKER_CREDENTIALS]) {
        const published = await login(server.url, account.email, account.password);
        const wrong = await login(server.url, account.email, 'not-the-demo-password');
        expect(published.status).toBe(401);
        expect(published.error).toEqual({ code: 'UNAUTHORIZED', message: 'Wrong email or password', fieldErrors: undefined });
        expect(published.error).toEqual(wrong.error);
      }
      // A sign-up with the demo email and password neither gets in nor takes the email over.
      const signup = await new ApiClient(server.url).mutate('auth.signup', { ...DEMO_CREDENTIALS, name: '乗っ取り', companyName: '偽デモ社' });
      expect(signup.status).toBe(401);
      // The session opened in demo mode has ended (its cookie, sent to the server as it now runs).
      const replay = new ApiClient(server.url);
      replay.cookie = signedIn.cookie;
      expect((await replay.query('auth.me')).error?.code).toBe('UNAUTHORIZED');
    } finally {
      await stop(server);
    }
    const after = demoRows();
    expect(after.users.map((u) => u.email)).toEqual(before.users.map((u) => u.email));
    expect(after.users.every((u) => u.disabled_at !== null)).toBe(true);
    expect(after.companies).toBe(before.companies);
    expect(after.auditEntries).toBe(before.auditEntries);
    expect(after.sessions).toBe(0);
    // The audit log's chain still verifies, company by company (npm run audit:verify).
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/verify-audit.ts'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout.match(/^OK /gm)).toHaveLength(before.companies);
  });

  it('enables them again when demo mode is back on', async () => {
    const server = await startChildServer(dataDir, { env: { REQUEST_LOG: 'off' } });
    try {
      expect((await new ApiClient(server.url).ok('query', 'auth.demo')).credentials).toMatchObject({ email: DEMO_CREDENTIALS.email });
      expect((await login(server.url, DEMO_CREDENTIALS.email, DEMO_CREDENTIALS.password)).error).toBeUndefined();
    } finally {
      await stop(server);
    }
    expect(demoRows().users.every((u) => u.disabled_at === null)).toBe(true);
  });
});
