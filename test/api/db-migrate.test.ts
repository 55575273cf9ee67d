// `npm run db:migrate` (server/db/migrate-cli.ts): applies drizzle/'s migrations to DATA_DIR's database and
// says which; refuses a running server's DATA_DIR and a database from a newer version of the app.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

const TAGS = (JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: { tag: string; when: number }[] }).entries.map((m) => m.tag);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function migrate(dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '-s', 'db:migrate'], { env: { ...process.env, DATA_DIR: dataDir }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bct-migrate-'));
  dirs.push(dir);
  return dir;
}

const appliedCount = (dataDir: string) => {
  const sqlite = new Database(path.join(dataDir, 'ledger.sqlite'), { readonly: true });
  try {
    return (sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
};

describe('npm run db:migrate', { timeout: 120_000 }, () => {
  it('creates and migrates an empty DATA_DIR, naming each migration; run again, it has nothing to apply', async () => {
    const dataDir = freshDir();
    const first = await migrate(dataDir);
    expect(first.code).toBe(0);
    expect(
      first.stdout
        .split('\n')
        .filter((l) => l.startsWith('applied '))
        .map((l) => l.slice('applied '.length)),
    ).toEqual(TAGS);
    expect(first.stdout).toContain(`${TAGS.length} migration(s) applied, now at ${TAGS.at(-1)}`);
    expect(appliedCount(dataDir)).toBe(TAGS.length);

    const again = await migrate(dataDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`up to date at ${TAGS.at(-1)}; nothing to apply`);
    expect(again.stdout).not.toContain('applied ');
    expect(appliedCount(dataDir)).toBe(TAGS.length);
  });

  it('refuses while a server runs on DATA_DIR, and touches nothing', async () => {
    const dataDir = freshDir();
    // This test's own process stands for the running server.
    writeFileSync(path.join(dataDir, 'server.pid'), `${process.pid}\n`);
    const answer = await migrate(dataDir);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toContain(`a server (process ${process.pid}) is running on ${dataDir}: stop it first`);
    expect(existsSync(path.join(dataDir, 'ledger.sqlite'))).toBe(false);
  });

  it('refuses a database from a newer version of the app', async () => {
    const dataDir = freshDir();
    expect((await migrate(dataDir)).code).toBe(0);
    const sqlite = new Database(path.join(dataDir, 'ledger.sqlite'));
    sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', Date.now() + 10 * 365 * 24 * 3600 * 1000);
    sqlite.close();
    const answer = await migrate(dataDir);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toMatch(/is at an unknown migration of .*, newer than this version of the app/);
    expect(appliedCount(dataDir)).toBe(TAGS.length + 1);
  });
});
