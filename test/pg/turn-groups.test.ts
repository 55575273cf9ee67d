// Group commit for writers that take turns on PostgreSQL (server/db/turn-groups.ts, decision 041): the
// transactions asked for while an earlier one on the same turns runs share one transaction and one COMMIT,
// and each caller still gets what a transaction of its own would give.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { closeDatabase, type Db } from '../../server/db/client.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { allRows } from '../../server/db/rows.ts';
import { transact } from '../../server/db/transaction.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = await openPostgres({ url: database.url, poolMax: 4 });
  await database.pool.query('CREATE TABLE scratch (n integer PRIMARY KEY, txid bigint NOT NULL)');
});
afterAll(async () => {
  await closeDatabase(db);
  await database.drop();
});
beforeEach(async () => await database.pool.query('DELETE FROM scratch'));

/** A body that writes its number and the transaction it ran in, and answers its number. */
const writeNumber = (n: number) => async (tx: Db) => {
  await allRows(tx, sql`INSERT INTO scratch (n, txid) VALUES (${n}, txid_current())`);
  return n;
};
const stored = async () => (await database.pool.query<{ n: number; txid: string }>('SELECT n, txid::text AS txid FROM scratch ORDER BY n')).rows;

describe('writers on the same turn', () => {
  it('share one COMMIT once one of them is running, each answered with its own result', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => transact(db, writeNumber(n), { lockOn: ['company:a'] })));
    expect(answers).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const rows = await stored();
    expect(rows.map((row) => row.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The first ran alone; the seven that queued behind it ran as one transaction.
    expect(new Set(rows.map((row) => row.txid)).size).toBe(2);
    expect(new Set(rows.slice(1).map((row) => row.txid)).size).toBe(1);
  });

  it('refuses a body that throws alone: its writes are rolled back, the others of its group are kept', async () => {
    const failing = async (tx: Db) => {
      await writeNumber(3)(tx);
      throw new Error('refused (test)');
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => transact(db, n === 3 ? failing : writeNumber(n), { lockOn: ['company:a'] })));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await stored()).map((row) => row.n)).toEqual([0, 1, 2, 4, 5]);
  });

  it('fails the whole group when its COMMIT fails, and keeps none of its writes', async () => {
    // A deferred check that fails only at COMMIT: two bodies of one group write the same number.
    await database.pool.query('CREATE TABLE IF NOT EXISTS scratch_once (n integer, CONSTRAINT once UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)');
    await database.pool.query('DELETE FROM scratch_once');
    const writeOnce = (n: number) => async (tx: Db) => {
      await allRows(tx, sql`INSERT INTO scratch_once (n) VALUES (${n})`);
      return n;
    };
    const outcomes = await Promise.allSettled([0, 1, 1, 2].map((n) => transact(db, writeOnce(n), { lockOn: ['company:a'] })));
    // The first ran alone and committed; the other three shared a COMMIT that the duplicate refused.
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    const { rows } = await database.pool.query<{ n: number }>('SELECT n FROM scratch_once ORDER BY n');
    expect(rows.map((row) => row.n)).toEqual([0]);
  });

  it('does not make writers on other turns wait for the group', async () => {
    const rowsBefore = Array.from({ length: 4 }, (_, n) => transact(db, writeNumber(n), { lockOn: ['company:a'] }));
    const other = Array.from({ length: 4 }, (_, n) => transact(db, writeNumber(10 + n), { lockOn: ['company:b'] }));
    await Promise.all([...rowsBefore, ...other]);
    const rows = await stored();
    const txidsOf = (from: number, to: number) => new Set(rows.filter((row) => row.n >= from && row.n < to).map((row) => row.txid));
    // Each turn has its own queue: one alone and one group each, never a transaction holding both.
    expect(txidsOf(0, 4).size).toBe(2);
    expect(txidsOf(10, 14).size).toBe(2);
    expect([...txidsOf(0, 4)].some((txid) => txidsOf(10, 14).has(txid))).toBe(false);
  });
});
