// The audit chain's head carried within a PostgreSQL transaction (chainHeadsOf, server/db/transaction.ts): the
// second append of a transaction, or of a turn group's next body, links to the head the transaction wrote
// instead of reading it again. The chain must stay one unbroken line whatever rolls back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit, transactOnChains } from '../../server/audit.ts';
import { verifyChain } from '../../server/audit-chain.ts';
import { closeDatabase, type Db } from '../../server/db/client.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { transact } from '../../server/db/transaction.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';

let database: TestDatabase;
let db: Db;
let company = '';
beforeAll(async () => {
  database = await createTestDatabase();
  db = await openPostgres({ url: database.url, poolMax: 4 });
});
afterAll(async () => {
  await closeDatabase(db);
  await database.drop();
});
beforeEach(async () => {
  company = `chain-${Math.random().toString(36).slice(2)}`;
  await database.pool.query('INSERT INTO companies (id, name, created_at) VALUES ($1, $2, $3)', [company, '鎖の会社', new Date().toISOString()]);
});

const append = async (tx: Db, entityId: string) =>
  await recordAudit(tx, { companyId: company, entityType: 'incident', entityId, action: 'update', after: { entityId } });

const entityIds = async () =>
  (await database.pool.query<{ entity_id: string }>('SELECT entity_id FROM audit_log WHERE company_id = $1 ORDER BY id', [company])).rows.map(
    (row) => row.entity_id,
  );

describe('the chain head within a transaction', () => {
  it('links every append of a turn group in order, two per body', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        transactOnChains(db, company, async (tx) => {
          await append(tx, `${n}a`);
          await append(tx, `${n}b`);
        }),
      ),
    );
    const chain = await verifyChain(db, company);
    expect(chain).toMatchObject({ ok: true, entries: 24 });
    // Each body's two entries are next to each other: the bodies ran one after another.
    const ids = await entityIds();
    for (let i = 0; i < ids.length; i += 2) expect(ids[i]!.replace('a', 'b')).toBe(ids[i + 1]);
  });

  it('forgets the head a rolled-back savepoint wrote, and links the next append to the one before it', async () => {
    await transact(db, async (tx) => {
      await append(tx, 'kept-1');
      await transact(tx, async (savepoint) => {
        await append(savepoint, 'rolled-back');
        throw new Error('refused (test)');
      }).catch(() => undefined);
      await append(tx, 'kept-2');
    });
    expect(await entityIds()).toEqual(['kept-1', 'kept-2']);
    expect(await verifyChain(db, company)).toMatchObject({ ok: true, entries: 2 });
  });

  it('keeps the chain whole when a body of a group throws after appending and the group runs again alone', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, n) =>
        transactOnChains(db, company, async (tx) => {
          await append(tx, `body-${n}`);
          if (n === 3) throw new Error('refused (test)');
        }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await entityIds()).sort()).toEqual(['body-0', 'body-1', 'body-2', 'body-4', 'body-5']);
    expect(await verifyChain(db, company)).toMatchObject({ ok: true, entries: 5 });
  });
});
