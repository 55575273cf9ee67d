// Group commit on SQLite (server/db/group-commit.ts): the transactions asked for together are committed with one
// COMMIT, and each still stands or falls alone, answered only once the group is on disk.
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client.ts';
import { transact } from '../../server/db/transaction.ts';

let sqlite: Database.Database;
let db: Db;
let commits: number;

beforeEach(() => {
  sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE parents (id INTEGER PRIMARY KEY); CREATE TABLE lines (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents(id), note TEXT)');
  sqlite.pragma('foreign_keys = ON');
  sqlite.exec('INSERT INTO parents (id) VALUES (1)');
  db = drizzle({ client: sqlite }) as unknown as Db;
  // Every statement the committer sends goes through exec: count the COMMITs.
  commits = 0;
  const exec = sqlite.exec.bind(sqlite);
  sqlite.exec = (source: string) => {
    if (source === 'COMMIT') commits += 1;
    return exec(source);
  };
});
afterEach(() => sqlite.close());

/** A write as the app's bodies make them: awaited (on SQLite it is done already). */
const insert = (tx: Db, id: number, parent = 1) =>
  Promise.resolve(tx.run(sql`INSERT INTO lines (id, parent, note) VALUES (${id}, ${parent}, ${`line ${id}`})`));
const stored = () => (sqlite.prepare('SELECT id FROM lines ORDER BY id').all() as { id: number }[]).map((r) => r.id);

describe('transactions asked for at the same moment', () => {
  it('are committed together, each answered with its own result', async () => {
    const answers = await Promise.all([1, 2, 3].map((id) => transact(db, async (tx) => (await insert(tx, id), `done ${id}`))));
    expect(answers).toEqual(['done 1', 'done 2', 'done 3']);
    expect(stored()).toEqual([1, 2, 3]);
    expect(commits).toBe(1);
  });

  it('run in the order asked, each seeing the writes of those before it', async () => {
    const seen = await Promise.all(
      [1, 2, 3].map((id) =>
        transact(db, async (tx) => {
          await insert(tx, id);
          return (sqlite.prepare('SELECT COUNT(*) AS n FROM lines').get() as { n: number }).n;
        }),
      ),
    );
    expect(seen).toEqual([1, 2, 3]);
  });

  it('lose only the one that fails: its writes are rolled back, the others kept', async () => {
    const outcomes = await Promise.allSettled([
      transact(db, async (tx) => await insert(tx, 1)),
      transact(db, async (tx) => {
        await insert(tx, 2);
        throw new Error('refused after writing');
      }),
      transact(db, async (tx) => await insert(tx, 3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(stored()).toEqual([1, 3]);
  });

  it('refuse a body that waits on something other than the database, and keep the others', async () => {
    const outcomes = await Promise.allSettled([
      transact(db, async (tx) => await insert(tx, 1)),
      transact(db, async (tx) => {
        await insert(tx, 2);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }),
      transact(db, async (tx) => await insert(tx, 3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('waited on something other than the database');
    expect(stored()).toEqual([1, 3]);
  });

  it('all fail when the COMMIT fails, and nothing of any of them remains', async () => {
    const outcomes = await Promise.allSettled([
      transact(db, async (tx) => await insert(tx, 1)),
      // A foreign key checked only at COMMIT: the COMMIT fails, for the whole group.
      transact(db, async (tx) => {
        tx.run(sql`PRAGMA defer_foreign_keys = ON`);
        await insert(tx, 2, 999);
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(stored()).toEqual([]);
    expect(sqlite.inTransaction).toBe(false);
    // The connection goes on working.
    await transact(db, async (tx) => await insert(tx, 4));
    expect(stored()).toEqual([4]);
  });

  it('alone, is its own transaction: a failure rolls it back whole', async () => {
    await expect(
      transact(db, async (tx) => {
        await insert(tx, 1);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(stored()).toEqual([]);
    expect(commits).toBe(0);
  });
});
