// Retries without duplicates: a mutation with an Idempotency-Key is done once per user and key.
import type { InputOf } from '../support/api-types.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnsweredElsewhere, purgeExpiredKeys, rememberAnswer, requestHash } from '../../server/idempotency.ts';
import { transact } from '../../server/db/transaction.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { ApiClient, onPostgres, signUpCompany, snapshot, startInstancesOnOneDatabase, startTestServer, type TestServer } from '../support/server.ts';
import { at, atLeast } from '../support/at.ts';
import { sqlExec, sqlNumber, sqlRun } from '../support/sql.ts';
import type { ImportReceipt } from '../../shared/import-schemas.ts';
import { postFiles } from '../support/files.ts';
import { csvText, utf8 } from '../support/import-files.ts';

let server: TestServer;
let finance: ApiClient;
let incidentId: string;
let policyId: string;
beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url);
  finance = company.client;
  ({ incidentId, policyId } = await setUpIncident(finance, company.companyId));
});
afterAll(async () => await server.close());

const key = () => randomUUID();
const withKey = (k: string) => ({ 'Idempotency-Key': k });
const count = (text: string, ...params: unknown[]) => sqlNumber(server.db, text, ...params);
const lines = () => count('SELECT COUNT(*) AS n FROM costs WHERE incident_id = ? AND deleted_at IS NULL', incidentId);
/** Another instance's claim on a key: its row, no answer yet. */
const CLAIM = 'INSERT INTO idempotency_keys (user_id, key, procedure, request_hash, response, created_at) VALUES (?, ?, ?, ?, NULL, ?)';
/** Another instance's run that committed: its key with its answer. */
const ANSWERED = 'INSERT INTO idempotency_keys (user_id, key, procedure, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?, ?)';
/** Triggers that fail the write of a key with its answer, as a full disk would (cost.create inserts it). */
const REFUSE_ANSWERS_SQLITE = [
  "CREATE TEMP TRIGGER refuse_keys BEFORE INSERT ON idempotency_keys WHEN NEW.response IS NOT NULL BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END",
];
const REFUSE_ANSWERS_PG = [
  "CREATE OR REPLACE FUNCTION refuse_keys() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$",
  'CREATE TRIGGER refuse_keys BEFORE INSERT ON idempotency_keys FOR EACH ROW WHEN (NEW.response IS NOT NULL) EXECUTE FUNCTION refuse_keys()',
];
const auditEntries = (entityId: string) => count('SELECT COUNT(*) AS n FROM audit_log WHERE entity_id = ?', entityId);

describe('cost.create retried with the same key', () => {
  it('returns the first answer, adds nothing, and says it is a replay', async () => {
    const k = key();
    const before = await lines();
    const first = await finance.mutate('cost.create', { incidentId, ...COST, vendor: '再送テスト' }, withKey(k));
    const retry = await finance.mutate('cost.create', { incidentId, ...COST, vendor: '再送テスト' }, withKey(k));
    expect(retry.data).toEqual(first.data);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await lines()).toBe(before + 1);
    expect(await auditEntries(first.data.id)).toBe(1);
  });

  it('treats the same input with its keys in another order as the same request', async () => {
    const k = key();
    const a = await finance.mutate(
      'cost.create',
      { incidentId, amount: 777, category: 'investigation', stage: 'invoiced', incurredOn: '2026-06-10' },
      withKey(k),
    );
    const b = await finance.mutate(
      'cost.create',
      { incurredOn: '2026-06-10', stage: 'invoiced', category: 'investigation', amount: 777, incidentId },
      withKey(k),
    );
    expect(b.data).toEqual(a.data);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
  });

  it('does it once when a double click sends ten copies at the same moment', async () => {
    const k = key();
    const before = await lines();
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => await finance.mutate('cost.create', { incidentId, ...COST, vendor: '二重クリック' }, withKey(k))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.data.id)).size).toBe(1);
    expect(await lines()).toBe(before + 1);
  });

  it('without a key, each request is a new line (two identical taxi receipts are two costs)', async () => {
    const before = await lines();
    await finance.ok('mutate', 'cost.create', { incidentId, ...COST, vendor: 'タクシー' });
    await finance.ok('mutate', 'cost.create', { incidentId, ...COST, vendor: 'タクシー' });
    expect(await lines()).toBe(before + 2);
  });

  it('stores the answer in the line’s own transaction: when it cannot be stored, no line is written and the key is free again', async () => {
    // cost.create claims the key by inserting it, with its answer, in the line's transaction.
    await sqlExec(server.db, ...(onPostgres() ? REFUSE_ANSWERS_PG : REFUSE_ANSWERS_SQLITE));
    try {
      const before = await snapshot(server.db);
      const answer = await finance.mutate('cost.create', { incidentId, ...COST, vendor: '途中で失敗' }, withKey(key()));
      expect(answer.status).toBe(500);
      expect(answer.error?.message).toBe('Internal error');
      expect(await snapshot(server.db)).toBe(before);
    } finally {
      await sqlExec(server.db, onPostgres() ? 'DROP TRIGGER refuse_keys ON idempotency_keys' : 'DROP TRIGGER temp.refuse_keys');
    }
  });
});

describe('a key reused for another request', () => {
  it('is refused with 422 when the body differs, and changes nothing', async () => {
    const k = key();
    const first = await finance.mutate('cost.create', { incidentId, ...COST, amount: 1_000 }, withKey(k));
    const before = await snapshot(server.db);
    const other = await finance.mutate('cost.create', { incidentId, ...COST, amount: 2_000 }, withKey(k));
    expect(other.status).toBe(422);
    expect(other.error).toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    expect(other.error?.message).toMatch(/^Idempotency-Key: this key was already used for another request \(cost\.create\)/);
    expect(await snapshot(server.db)).toBe(before);
    expect(first.status).toBe(200);
  });

  it('is refused on another procedure', async () => {
    const k = key();
    await finance.mutate('cost.create', { incidentId, ...COST }, withKey(k));
    const other = await finance.mutate(
      'incident.create',
      { policyId, title: '別件', kind: 'leak', occurredOn: '2026-06-01', discoveredOn: '2026-06-02' },
      withKey(k),
    );
    expect(other.status).toBe(422);
  });

  it('belongs to its user: another company’s user with the same key gets its own answer, never the first one', async () => {
    const k = key();
    const mine = await finance.mutate('cost.create', { incidentId, ...COST }, withKey(k));
    const other = await signUpCompany(server.url, 'B');
    const theirs = await setUpIncident(other.client, other.companyId);
    const answer = await other.client.mutate('cost.create', { incidentId: theirs.incidentId, ...COST }, withKey(k));
    expect(answer.status).toBe(200);
    expect(answer.data.id).not.toBe(mine.data.id);
    // And replaying A's exact request as B reaches A's incident only through access rules: NOT_FOUND.
    const replayAsB = await other.client.mutate('cost.create', { incidentId, ...COST }, withKey(key()));
    expect(replayAsB.error?.code).toBe('NOT_FOUND');
  });
});

describe('the key itself', () => {
  it('must be 8–200 printable characters', async () => {
    const before = await snapshot(server.db);
    for (const bad of ['short', 'has spaces in it', 'x'.repeat(201), 'clé-accentuée-1234']) {
      const answer = await finance.mutate('cost.create', { incidentId, ...COST }, withKey(bad));
      expect(answer.status, bad).toBe(400);
      expect(answer.error?.message).toMatch(/^Idempotency-Key: must be 8–200 printable ASCII characters/);
    }
    expect(await snapshot(server.db)).toBe(before);
  });

  it('is refused on a batch of several calls (one key cannot name two requests)', async () => {
    const before = await snapshot(server.db);
    const response = await fetch(`${server.url}/trpc/cost.create,cost.create?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: finance.cookie!, 'Idempotency-Key': key() },
      body: JSON.stringify({ 0: { incidentId, ...COST }, 1: { incidentId, ...COST } }),
    });
    const body = (await response.json()) as { error: { data: { httpStatus: number } } }[];
    expect(body.map((b) => b.error.data.httpStatus)).toEqual([400, 400]);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('is ignored on a query', async () => {
    const response = await fetch(`${server.url}/trpc/cost.totals?input=${encodeURIComponent(JSON.stringify({ incidentId }))}`, {
      headers: { cookie: finance.cookie!, 'Idempotency-Key': 'x' },
    });
    expect(response.status).toBe(200);
  });
});

describe('other mutations', () => {
  it('cost.update and cost.delete retried answer as the first time and write one audit entry', async () => {
    const { id } = await finance.ok('mutate', 'cost.create', { incidentId, ...COST });
    const k = key();
    const update = { id, expectedVersion: 1, ...COST, amount: 2_345_678 };
    const first = await finance.mutate('cost.update', update, withKey(k));
    const retry = await finance.mutate('cost.update', update, withKey(k));
    expect(first.data).toEqual({ id, version: 2 });
    expect(retry.data).toEqual({ id, version: 2 });
    // Without the key, the same stale save would have been refused as a conflict.
    expect((await finance.mutate('cost.update', update)).error?.code).toBe('CONFLICT');

    const d = key();
    expect((await finance.mutate('cost.delete', { id }, withKey(d))).data).toEqual({ ok: true });
    expect((await finance.mutate('cost.delete', { id }, withKey(d))).data).toEqual({ ok: true });
    expect(await auditEntries(id)).toBe(3);
  });

  it('incident.create retried makes one incident', async () => {
    const k = key();
    const input = {
      policyId,
      title: '再送される事故',
      kind: 'leak',
      occurredOn: '2026-06-01',
      discoveredOn: '2026-06-02',
    } satisfies InputOf<'incident.create'>;
    const first = await finance.mutate('incident.create', input, withKey(k));
    const retry = await finance.mutate('incident.create', input, withKey(k));
    expect(retry.data).toEqual(first.data);
    expect(await count("SELECT COUNT(*) AS n FROM incidents WHERE title = '再送される事故'")).toBe(1);
  });

  it('a refused first attempt stores nothing: the retry is checked again', async () => {
    const k = key();
    const refused = await finance.mutate('cost.create', { incidentId, ...COST, amount: -5 }, withKey(k));
    expect(refused.status).toBe(400);
    expect(await count('SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = ?', k)).toBe(0);
    expect((await finance.mutate('cost.create', { incidentId, ...COST, amount: -5 }, withKey(k))).status).toBe(400);
  });
});

describe('expiry', () => {
  it('forgets keys after a day', async () => {
    const k = key();
    await finance.mutate('cost.create', { incidentId, ...COST }, withKey(k));
    await sqlRun(server.db, 'UPDATE idempotency_keys SET created_at = ? WHERE key = ?', new Date(Date.now() - 25 * 3_600_000).toISOString(), k);
    expect(await purgeExpiredKeys(server.db)).toBeGreaterThanOrEqual(1);
    expect(await count('SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = ?', k)).toBe(0);
  });
});

describe('several app instances on one database', () => {
  it('runs a key once when the same request reaches two instances at the same time', async () => {
    const instances = await startInstancesOnOneDatabase(2);
    try {
      const [first, second] = atLeast(instances.urls, 2);
      const owner = await signUpCompany(first, 'Twin');
      const ids = await setUpIncident(owner.client, owner.companyId);
      const onSecond = new ApiClient(second);
      onSecond.cookie = owner.client.cookie;
      const db = at(instances.dbs, 0);
      const linesOf = () => sqlNumber(db, 'SELECT COUNT(*) AS n FROM costs WHERE incident_id = ?', ids.incidentId);
      for (let round = 0; round < 5; round += 1) {
        const k = key();
        const input = { incidentId: ids.incidentId, ...COST, vendor: `二台同時 ${round}` };
        const before = await linesOf();
        const answers = await Promise.all([owner.client.mutate('cost.create', input, withKey(k)), onSecond.mutate('cost.create', input, withKey(k))]);
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
        expect(at(answers, 0).data).toEqual(at(answers, 1).data);
        expect(await linesOf()).toBe(before + 1);
      }
      // incident.create also claims its key with its writes.
      const incidentsOf = () => sqlNumber(db, 'SELECT COUNT(*) AS n FROM incidents WHERE policy_id = ?', ids.policyId);
      for (let round = 0; round < 5; round += 1) {
        const k = key();
        const input = {
          policyId: ids.policyId,
          title: `二台同時の事故 ${round}`,
          kind: 'leak',
          occurredOn: '2026-06-01',
          discoveredOn: '2026-06-02',
        } satisfies InputOf<'incident.create'>;
        const before = await incidentsOf();
        const answers = await Promise.all([owner.client.mutate('incident.create', input, withKey(k)), onSecond.mutate('incident.create', input, withKey(k))]);
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
        expect(at(answers, 0).data).toEqual(at(answers, 1).data);
        expect(await incidentsOf()).toBe(before + 1);
      }
      // Finance's approval answers how many lines it changed: a second run would answer 0 and log again.
      const approvalsOf = () =>
        sqlNumber(db, "SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'cost' AND action = 'approve' AND company_id = ?", owner.companyId);
      for (let round = 0; round < 3; round += 1) {
        const k = key();
        const { id } = await owner.client.ok('mutate', 'cost.create', { incidentId: ids.incidentId, ...COST, vendor: `承認 ${round}` });
        const before = await approvalsOf();
        const input = { ids: [id], approved: true } satisfies InputOf<'cost.approve'>;
        const answers = await Promise.all([owner.client.mutate('cost.approve', input, withKey(k)), onSecond.mutate('cost.approve', input, withKey(k))]);
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
        expect(answers.map((a) => a.data)).toEqual([{ changed: 1 }, { changed: 1 }]);
        expect(await approvalsOf()).toBe(before + 1);
      }
      // An import's confirmation: the file's lines are written once, and both answers are the first run's.
      for (let round = 0; round < 3; round += 1) {
        const rows = [
          ['日付', '区分', '支払先', '内容', '金額'],
          ...Array.from({ length: 20 }, (_, i) => ['2026/6/3', '通信費', `取込先${round}`, `はがき${i}`, String(1_000 + i)]),
        ];
        const upload = await postFiles(`${first}/api/incidents/${ids.incidentId}/imports`, owner.client.cookie, [
          { bytes: utf8(csvText(rows)), name: `二台${round}.csv` },
        ]);
        expect(upload.status).toBe(201);
        const { importId } = upload.body as ImportReceipt;
        const before = await linesOf();
        const k = key();
        const input = {
          importId,
          mapping: { incurredOn: 0, category: 1, vendor: 2, description: 3, amount: 4 },
          fixed: { stage: 'paid' },
        } satisfies InputOf<'costImport.commit'>;
        const answers = await Promise.all([
          owner.client.mutate('costImport.commit', input, withKey(k)),
          onSecond.mutate('costImport.commit', input, withKey(k)),
        ]);
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
        expect(at(answers, 0).data).toEqual(at(answers, 1).data);
        expect(at(answers, 0).data).toMatchObject({ importId, lineCount: 20, amount: 20 * 1_000 + 190 });
        expect(await linesOf()).toBe(before + 20);
      }
      // A procedure that stores its answer after its transaction (not with its writes) claims its key first, in a
      // transaction of its own: run once all the same.
      const invitationsOf = () => sqlNumber(db, 'SELECT COUNT(*) AS n FROM invitations WHERE company_id = ?', owner.companyId);
      for (let round = 0; round < 5; round += 1) {
        const k = key();
        const input = { companyId: owner.companyId, role: 'responder' } satisfies InputOf<'company.invite'>;
        const before = await invitationsOf();
        const answers = await Promise.all([owner.client.mutate('company.invite', input, withKey(k)), onSecond.mutate('company.invite', input, withKey(k))]);
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
        expect(at(answers, 0).data).toEqual(at(answers, 1).data);
        expect(await invitationsOf()).toBe(before + 1);
      }
    } finally {
      await instances.close();
    }
  });

  it('rolls back a ledger write whose key another instance answered meanwhile', async () => {
    // Both instances found the key free and ran; the other's transaction committed first. This one's
    // insert of the key (its claim, with its answer) finds the key taken: none of its writes are kept,
    // and the middleware replays the other's answer.
    const k = key();
    const userId = (await finance.ok('query', 'auth.me')).userId;
    await sqlRun(server.db, ANSWERED, userId, k, 'cost.create', 'same-request', JSON.stringify({ id: 'first' }), new Date().toISOString());
    const before = await snapshot(server.db);
    const request = { userId, key: k, procedure: 'cost.create', requestHash: 'same-request', answered: false, claimWithWrites: true };
    const run = transact(server.db, async (tx) => {
      await sqlRun(tx, "UPDATE incidents SET title = '二度目の実行' WHERE id = ?", incidentId);
      await rememberAnswer(tx, request, { id: 'second' });
    });
    await expect(run).rejects.toBeInstanceOf(AnsweredElsewhere);
    expect(request.answered).toBe(false);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('waits for a key another instance is running and answers as it did; takes over a claim a crashed instance left', async () => {
    const k = key();
    const input = { incidentId, ...COST, vendor: '別インスタンス' };
    const hash = requestHash('cost.create', input);
    const userId = (await finance.ok('query', 'auth.me')).userId;
    // Another instance claimed the key a moment ago and is still running it.
    await sqlRun(server.db, CLAIM, userId, k, 'cost.create', hash, new Date().toISOString());
    const before = await lines();
    const waiting = finance.mutate('cost.create', input, withKey(k));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sqlRun(
      server.db,
      'UPDATE idempotency_keys SET response = ? WHERE user_id = ? AND key = ?',
      JSON.stringify({ id: 'from-the-other-instance' }),
      userId,
      k,
    );
    const answer = await waiting;
    expect(answer.data).toEqual({ id: 'from-the-other-instance' });
    expect(answer.headers.get('idempotent-replayed')).toBe('true');
    expect(await lines()).toBe(before);

    // A claim two minutes old with no answer: its instance died mid-request, so this one runs it.
    const stale = key();
    await sqlRun(server.db, CLAIM, userId, stale, 'cost.create', hash, new Date(Date.now() - 2 * 60_000).toISOString());
    const taken = await finance.mutate('cost.create', input, withKey(stale));
    expect(taken.status).toBe(200);
    expect(await lines()).toBe(before + 1);
    expect(await finance.mutate('cost.create', input, withKey(stale))).toMatchObject({ status: 200, data: taken.data });
  });
});
