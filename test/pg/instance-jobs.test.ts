// Several app instances on one PostgreSQL database: the scheduled jobs (the hourly purge, the deadline
// reminders) run on one instance at a time, and an instance starting up leaves alone the package another
// instance is exporting, while still clearing one abandoned long ago.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../../server/db/client.ts';
import { onlyOneInstance, SKIPPED } from '../../server/db/pg-advisory.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { recoverInterruptedWork } from '../../server/recovery.ts';
import { openStorage } from '../../server/storage.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';
import { INCIDENT_ROWS } from './rows.ts';

let database: TestDatabase;
let first: Db;
let second: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  first = await openPostgres({ url: database.url, poolMax: 2 });
  second = await openPostgres({ url: database.url, poolMax: 2 });
  for (const statement of INCIDENT_ROWS) await database.pool.query(statement);
});
afterAll(async () => {
  await closeDatabase(first);
  await closeDatabase(second);
  await database.drop();
});

describe('a scheduled job', () => {
  it('runs on one instance while the other skips it, and on the other once the first is done', async () => {
    let finish!: () => void;
    const holding = new Promise<void>((resolve) => (finish = resolve));
    const running = onlyOneInstance(first, 'hourly-purge', async () => (await holding, 'first ran'));
    // The first has taken the job (its lock) before the second asks.
    const advisoryLocks = async () =>
      (await database.pool.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'")).rows[0]?.n;
    await expect.poll(advisoryLocks).toBe(1);
    expect(await onlyOneInstance(second, 'hourly-purge', () => Promise.resolve('second ran'))).toBe(SKIPPED);
    expect(await onlyOneInstance(second, 'deadline-reminders', () => Promise.resolve('another job'))).toBe('another job');
    finish();
    expect(await running).toBe('first ran');
    expect(await onlyOneInstance(second, 'hourly-purge', () => Promise.resolve('second ran'))).toBe('second ran');
  });

  it('lets the job go when it fails, so the next run is not locked out', async () => {
    await expect(onlyOneInstance(first, 'hourly-purge', () => Promise.reject(new Error('the mail server is down')))).rejects.toThrow('the mail server is down');
    expect(await onlyOneInstance(second, 'hourly-purge', () => Promise.resolve('ran'))).toBe('ran');
  });
});

describe('start-up recovery on a shared database', () => {
  it('drops a package left building an hour and more ago, and keeps the one another instance is building now', async () => {
    const now = Date.now();
    const insert = (id: string, version: number, createdAt: number) =>
      database.pool.query(
        `INSERT INTO claim_packages (id, company_id, incident_id, version, locale, status, created_by, created_at)
         VALUES ($1, 'c1', 'i1', $2, 'ja', 'building', 'u1', $3)`,
        [id, version, new Date(createdAt).toISOString()],
      );
    const abandoned = randomUUID();
    const beingBuilt = randomUUID();
    await insert(abandoned, 1, now - 2 * 60 * 60_000);
    await insert(beingBuilt, 2, now - 30_000);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-recovery-pg-'));
    const storage = openStorage(dataDir);
    try {
      expect((await recoverInterruptedWork(second, storage, now)).packages).toBe(1);
      const { rows } = await database.pool.query<{ id: string }>('SELECT id FROM claim_packages ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual([beingBuilt]);
    } finally {
      storage.objects.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
