// A transaction that stores its Idempotency-Key answer (rememberAnswer) and is then refused by PostgreSQL
// (a serialization failure, which SERIALIZABLE transactions meet under load) is run again. The run that
// commits must store the answer too: otherwise the key stays free (or claimed and unanswered), and the
// client's retry with the same key writes the line a second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { closeDatabase, type Db } from '../../server/db/client.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { allRows } from '../../server/db/rows.ts';
import { transact } from '../../server/db/transaction.ts';
import { claimKey, readKey, rememberAnswer, type IdempotentRequest } from '../../server/idempotency.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';

let database: TestDatabase;
let db: Db;
const userId = 'retry-user';
beforeAll(async () => {
  database = await createTestDatabase();
  db = await openPostgres({ url: database.url, poolMax: 4 });
  await database.pool.query("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, 'retry@example.com', 'Retry', 'x', $2)", [
    userId,
    new Date().toISOString(),
  ]);
  await database.pool.query('CREATE TABLE scratch (n integer NOT NULL)');
});
afterAll(async () => {
  await closeDatabase(db);
  await database.drop();
});

/** What PostgreSQL throws for a SERIALIZABLE transaction it refuses: the transaction is run again. */
const serializationFailure = () => Object.assign(new Error('could not serialize access due to read/write dependencies among transactions'), { code: '40001' });

/** A body that writes, stores its answer, and is refused on its first attempt only (after the answer). */
function refusedOnce(request: IdempotentRequest) {
  let attempts = 0;
  const body = async (tx: Db) => {
    attempts += 1;
    await allRows(tx, sql`INSERT INTO scratch (n) VALUES (${attempts})`);
    await rememberAnswer(tx, request, { id: 'line-1' });
    if (attempts === 1) throw serializationFailure();
    return attempts;
  };
  return { body, attempts: () => attempts };
}

const request = (key: string, claimWithWrites: boolean): IdempotentRequest => ({
  userId,
  key,
  procedure: 'cost.create',
  requestHash: 'same-request',
  answered: false,
  claimWithWrites,
});

describe('an answer stored in a transaction that PostgreSQL runs again', () => {
  it('is stored by the run that commits, when the key is claimed with the writes', async () => {
    const asked = request('retried-with-writes', true);
    const run = refusedOnce(asked);
    expect(await transact(db, run.body)).toBe(2);
    expect(run.attempts()).toBe(2);
    // The retry with the same key replays the answer instead of writing again.
    expect(await readKey(db, asked)).toEqual({ kind: 'replay', data: { id: 'line-1' } });
    expect((await database.pool.query('SELECT n FROM scratch')).rows).toEqual([{ n: 2 }]);
  });

  it('is stored by the run that commits, when the key was claimed beforehand', async () => {
    await database.pool.query('DELETE FROM scratch');
    const asked = request('retried-claimed-first', false);
    expect(await claimKey(db, asked)).toEqual({ kind: 'run' });
    const run = refusedOnce(asked);
    expect(await transact(db, run.body, { lockOn: ['company:retry'] })).toBe(2);
    expect(await readKey(db, asked)).toEqual({ kind: 'replay', data: { id: 'line-1' } });
  });
});
