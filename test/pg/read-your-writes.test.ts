// Reads after a write, with a read replica (DATABASE_REPLICA_URLS). The "replica" here is a second database that
// never receives anything: the worst lag there is, so a read that reached it could not see a write. A browser
// that has just written reads on the primary (its line is in the ledger, its receipt uploads, its package
// downloads); a request without that mark reads the replica.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../../server/db/client.ts';
import { openPostgres, primaryOf } from '../../server/db/postgres.ts';
import { readKey } from '../../server/idempotency.ts';
import { createAppServer, type AppServer } from '../../server/http/server.ts';
import { RECENT_WRITE_COOKIE, RECENT_WRITE_SECONDS } from '../../server/http/read-your-writes.ts';
import { openStorage, type Storage } from '../../server/storage.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg-database.ts';
import { ApiClient, signUpCompany } from '../support/server.ts';

let primary: TestDatabase;
let replica: TestDatabase;
let db: Db;
let storage: Storage;
let dataDir: string;
let server: AppServer;
let url: string;

beforeAll(async () => {
  primary = await createTestDatabase();
  replica = await createTestDatabase();
  db = await openPostgres({ url: primary.url, replicaUrls: [replica.url], poolMax: 2 });
  dataDir = mkdtempSync(path.join(tmpdir(), 'bct-replica-'));
  storage = openStorage(dataDir);
  server = createAppServer({ db, storage });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await closeDatabase(db);
  storage?.objects.close();
  await primary?.drop();
  await replica?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A client that sends the session cookie alone, as a browser does once the recent-write mark has expired. */
function withoutMark(client: ApiClient): ApiClient {
  const plain = new ApiClient(url);
  plain.cookie = client.cookie;
  return plain;
}

describe('with a read replica', () => {
  it('marks a write for a few seconds, and reads the marked browser’s queries on the primary', async () => {
    const owner = await signUpCompany(url, 'Replica');
    expect(owner.client.otherCookies.get(RECENT_WRITE_COOKIE)).toBe(`${RECENT_WRITE_COOKIE}=1`);
    const { incidentId, costId } = await setUpIncident(owner.client, owner.companyId);
    const listed = await owner.client.ok('query', 'cost.list', { incidentId });
    expect(listed.items.map((line) => line.id)).toContain(costId);
    expect(RECENT_WRITE_SECONDS).toBeLessThanOrEqual(10);
  });

  it('uploads a receipt for a line just created, the upload reading the line on the primary', async () => {
    const owner = await signUpCompany(url, 'Upload');
    const { incidentId } = await setUpIncident(owner.client, owner.companyId);
    const { id } = await owner.client.ok('mutate', 'cost.create', { incidentId, ...COST });
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), '領収書.pdf');
    const upload = await fetch(`${url}/api/costs/${id}/attachments`, {
      method: 'POST',
      body: form,
      headers: { cookie: withoutMark(owner.client).cookie!, origin: url },
    });
    expect(upload.status).toBe(201);
  });

  it('reads an unmarked request’s ledger on the replica, which has not seen the write', async () => {
    const owner = await signUpCompany(url, 'Lag');
    const { incidentId, costId } = await setUpIncident(owner.client, owner.companyId);
    const unmarked = await withoutMark(owner.client).query('cost.list', { incidentId });
    // The replica has neither the incident nor its line: refused, or listed without it.
    expect(unmarked.error?.code === 'NOT_FOUND' || !unmarked.data?.items.some((line) => line.id === costId)).toBe(true);
    expect((await owner.client.ok('query', 'cost.list', { incidentId })).items.map((line) => line.id)).toContain(costId);
  });

  it('sends a prepared read to the database the handle names, whichever handle prepared it first', async () => {
    // Prepared reads are cached per database (server/db/prepared.ts). drizzle's replicas handle shares its
    // primary's session object, so a cache keyed on it alone would answer the primary's callers from the
    // replica (or the replicas handle's from the primary), by whichever asked first.
    const owner = await signUpCompany(url, 'Prepared');
    const userId = (await owner.client.ok('query', 'auth.me')).userId;
    const request = { userId, key: `prepared-${Date.now()}`, procedure: 'cost.create', requestHash: 'h', answered: false };
    await primary.pool.query('INSERT INTO idempotency_keys (user_id, key, procedure, request_hash, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      userId,
      request.key,
      request.procedure,
      request.requestHash,
      '{"id":"on-the-primary"}',
      new Date().toISOString(),
    ]);
    for (const order of [
      ['replicas', 'primary'],
      ['primary', 'replicas'],
    ] as const) {
      const fresh = await openPostgres({ url: primary.url, replicaUrls: [replica.url], poolMax: 1 });
      try {
        for (const which of order) {
          const seen = await readKey(which === 'primary' ? primaryOf(fresh) : fresh, request);
          // The key is on the primary only: the replica has never seen it.
          expect(seen.kind, `${order.join(' then ')}: ${which}`).toBe(which === 'primary' ? 'replay' : 'free');
        }
      } finally {
        await closeDatabase(fresh);
      }
    }
  });
});
