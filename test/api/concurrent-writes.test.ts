// Many people logging costs at the same moment, through every app instance there is (two on PostgreSQL,
// behind a round-robin balancer): every write is answered, every line counted once in the incident's totals,
// and the company's audit chain stays one chain — no two entries link to the same predecessor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { signUpCompany, startTestServer, type ApiClient, type TestServer } from '../support/server.ts';
import { sqlNumber } from '../support/sql.ts';

let server: TestServer;
let client: ApiClient;
let companyId: string;
let incidentId: string;
beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url);
  client = company.client;
  companyId = company.companyId;
  ({ incidentId } = await setUpIncident(client, companyId));
});
afterAll(async () => await server.close());

const WRITERS = 24;

describe('simultaneous writes to one company', () => {
  it('answers every cost.create and counts each line once in the totals', async () => {
    const before = await client.ok('query', 'claim.summary', { incidentId });
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => client.mutate('cost.create', { incidentId, ...COST, amount: 10_000 + i, vendor: `同時入力 ${i}` })),
    );
    expect(answers.map((a) => a.error?.message ?? a.status)).toEqual(Array.from({ length: WRITERS }, () => 200));
    const added = (WRITERS * (2 * 10_000 + WRITERS - 1)) / 2;
    const after = await client.ok('query', 'claim.summary', { incidentId });
    expect(after.expenseIncurred - before.expenseIncurred).toBe(added);
    expect(await sqlNumber(server.db, 'SELECT COUNT(*) AS n FROM costs WHERE incident_id = ? AND deleted_at IS NULL', incidentId)).toBe(WRITERS + 1);
  });

  it('keeps the audit chain one chain: it verifies, and no two entries follow the same one', async () => {
    await Promise.all(Array.from({ length: WRITERS }, (_, i) => client.ok('mutate', 'cost.create', { incidentId, ...COST, amount: 20_000 + i })));
    expect(await client.ok('query', 'audit.verify', { companyId })).toMatchObject({ ok: true });
    const entries = await sqlNumber(server.db, 'SELECT COUNT(*) AS n FROM audit_log WHERE company_id = ?', companyId);
    const distinctLinks = await sqlNumber(server.db, 'SELECT COUNT(DISTINCT prev_hash) AS n FROM audit_log WHERE company_id = ?', companyId);
    expect(entries).toBeGreaterThan(2 * WRITERS);
    expect(distinctLinks).toBe(entries);
  });

  it('answers every write of other kinds too, whose transaction learns the company’s turn only as it appends', async () => {
    const { policyId } = await client.ok('query', 'incident.get', { id: incidentId });
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        client.mutate('incident.create', { policyId, title: `同時に登録した事故 ${i}`, kind: 'leak', occurredOn: '2026-06-01', discoveredOn: '2026-06-02' }),
      ),
    );
    expect(answers.map((a) => a.error?.message ?? a.status)).toEqual(Array.from({ length: WRITERS }, () => 200));
    expect(await client.ok('query', 'audit.verify', { companyId })).toMatchObject({ ok: true });
  });
});
