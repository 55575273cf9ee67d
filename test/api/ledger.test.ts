// The ledger: edits and soft deletes in the append-only audit log, keyset pages, totals that match the summary.
import { at, must } from '../support/at.ts';
import type { OutputOf } from '../support/api-types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { signUpCompany, startTestServer, type ApiClient, type TestServer } from '../support/server.ts';
import { sqlRefusal, sqlRun } from '../support/sql.ts';

let server: TestServer;
let client: ApiClient;
let ids: Awaited<ReturnType<typeof setUpIncident>>;

beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url);
  client = company.client;
  ids = await setUpIncident(client, company.companyId);
});
afterAll(async () => await server.close());

describe('audit log', () => {
  it('records who changed a line, with its amount and stage before and after', async () => {
    const { id } = await client.ok('mutate', 'cost.create', { incidentId: ids.incidentId, ...COST, amount: 100_000 });
    await client.ok('mutate', 'cost.update', { id, ...COST, amount: 120_000, stage: 'paid', expectedVersion: 1 });
    const entries = await client.ok('query', 'audit.list', { incidentId: ids.incidentId });
    expect(entries[0]).toMatchObject({
      entityType: 'cost',
      entityId: id,
      action: 'update',
      actorName: '管理者 A',
      before: { amount: 100_000, stage: 'invoiced' },
      after: { amount: 120_000, stage: 'paid' },
    });
    expect(new Date(at(entries, 0).at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps a deleted line in the log but out of the ledger and the totals', async () => {
    const { id } = await client.ok('mutate', 'cost.create', { incidentId: ids.incidentId, ...COST, amount: 777_777 });
    const before = await client.ok('query', 'claim.summary', { incidentId: ids.incidentId });
    await client.ok('mutate', 'cost.delete', { id });
    const after = await client.ok('query', 'claim.summary', { incidentId: ids.incidentId });
    expect(before.expenseIncurred - after.expenseIncurred).toBe(777_777);
    const list = await client.ok('query', 'cost.list', { incidentId: ids.incidentId, limit: 1000 });
    expect(list.items.map((i) => i.id)).not.toContain(id);
    const log = await client.ok('query', 'audit.list', { incidentId: ids.incidentId });
    expect(log[0]).toMatchObject({ action: 'delete', entityId: id, before: { amount: 777_777 } });
    expect((await client.mutate('cost.update', { id, ...COST })).error?.code).toBe('NOT_FOUND');
  });

  it('is append-only in the database itself', async () => {
    expect(await sqlRefusal(sqlRun(server.db, "UPDATE audit_log SET after = '{}'"))).toMatch(/append-only/);
    expect(await sqlRefusal(sqlRun(server.db, 'DELETE FROM audit_log'))).toMatch(/append-only/);
  });

  it('records policy changes on the incident’s log', async () => {
    const policy = await client.ok('query', 'policy.get', { id: ids.policyId });
    const { id: _id, companyId: _c, eligibilityWarnings: _w, periodEnd: _e, ...fields } = policy;
    await client.ok('mutate', 'policy.update', { id: ids.policyId, ...fields, expenseLimit: 50_000_000 });
    const log = await client.ok('query', 'audit.list', { incidentId: ids.incidentId });
    expect(log[0]).toMatchObject({ entityType: 'policy', action: 'update', before: { expenseLimit: 30_000_000 }, after: { expenseLimit: 50_000_000 } });
  });
});

describe('editing conflicts', () => {
  it('refuses a save over a version the editor did not see', async () => {
    const { id } = await client.ok('mutate', 'cost.create', { incidentId: ids.incidentId, ...COST });
    await client.ok('mutate', 'cost.update', { id, ...COST, amount: 2, expectedVersion: 1 });
    const stale = await client.mutate('cost.update', { id, ...COST, amount: 3, expectedVersion: 1 });
    expect(stale.error?.code).toBe('CONFLICT');
    const line = (await client.ok('query', 'cost.list', { incidentId: ids.incidentId, limit: 1000 })).items.find((i) => i.id === id);
    expect(line).toMatchObject({ amount: 2, version: 2 });
  });
});

describe('pages and totals', () => {
  it('returns every line exactly once across keyset pages, in every sort', async () => {
    const { client: other, companyId } = await signUpCompany(server.url, 'P');
    const { incidentId } = await setUpIncident(other, companyId);
    for (let i = 0; i < 24; i++) {
      await other.ok('mutate', 'cost.create', { incidentId, ...COST, amount: 1000 * (i % 5), incurredOn: `2026-06-${String(1 + (i % 7)).padStart(2, '0')}` });
    }
    for (const sort of ['incurredOn', 'amount', 'category', 'createdAt'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: OutputOf<'cost.list'> = await other.ok('query', 'cost.list', { incidentId, limit: 7, sort, order, cursor });
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toHaveLength(25);
        expect(new Set(seen).size).toBe(25);
      }
    }
  });

  it('sums the filtered ledger to the figures of the summary', async () => {
    await client.ok('mutate', 'cost.create', {
      incidentId: ids.incidentId,
      ...COST,
      category: 'damages',
      stage: 'estimate',
      amount: 5_000_000,
      source: 'third_party',
      claimant: '取引先',
    });
    const summary = await client.ok('query', 'claim.summary', { incidentId: ids.incidentId });
    const totals = await client.ok('query', 'cost.totals', { incidentId: ids.incidentId });
    expect(totals.claimedAmount).toBe(summary.byCategory.reduce((sum, c) => sum + c.incurred, 0));
    expect(totals.byStage.estimate.amount).toBe(summary.byStage.estimate);
    const investigation = await client.ok('query', 'cost.totals', { incidentId: ids.incidentId, category: 'investigation' });
    expect(investigation.claimedAmount).toBe(
      must(
        summary.byCategory.find((c) => c.category === 'investigation'),
        'investigation',
      ).incurred,
    );
    const thirdParty = await client.ok('query', 'cost.list', { incidentId: ids.incidentId, source: 'third_party' });
    expect(thirdParty.items).toHaveLength(1);
    expect(thirdParty.items[0]).toMatchObject({ claimant: '取引先', amount: 5_000_000 });
  });

  it('computes quantity × unit amount on the server', async () => {
    const { id } = await client.ok('mutate', 'cost.create', {
      incidentId: ids.incidentId,
      category: 'overtime_travel',
      stage: 'paid',
      incurredOn: '2026-06-03',
      quantity: 37,
      unitAmount: 3_250,
    });
    const line = (await client.ok('query', 'cost.list', { incidentId: ids.incidentId, limit: 1000 })).items.find((i) => i.id === id);
    expect(line).toMatchObject({ amount: 120_250, quantity: 37, unitAmount: 3_250 });
  });
});

describe('warnings', () => {
  it('asks for a justification when the incident occurred before the policy started', async () => {
    const incident = await client.ok('mutate', 'incident.create', {
      policyId: ids.policyId,
      title: '始期前',
      kind: 'leak',
      occurredOn: '2026-03-01',
      discoveredOn: '2026-06-01',
    });
    let summary = await client.ok('query', 'claim.summary', { incidentId: incident.id });
    expect(summary.warnings.map((w) => w.code)).toContain('justification_missing');
    await client.ok('mutate', 'incident.update', {
      id: incident.id,
      title: '始期前',
      kind: 'leak',
      occurredOn: '2026-03-01',
      discoveredOn: '2026-06-01',
      status: 'open',
      priorKnowledgeJustification: '委託先のログ保存期間外であり、知り得なかった。',
    });
    summary = await client.ok('query', 'claim.summary', { incidentId: incident.id });
    expect(summary.warnings.map((w) => w.code)).not.toContain('justification_missing');
  });

  it('flags costs outside the period or outside Japan, and the 80% mark', async () => {
    const incident = await client.ok('mutate', 'incident.create', {
      policyId: ids.policyId,
      title: '警告',
      kind: 'leak',
      occurredOn: '2026-06-01',
      discoveredOn: '2026-06-01',
    });
    await client.ok('mutate', 'cost.create', { incidentId: incident.id, ...COST, amount: 41_000_000, incurredOn: '2027-05-01', incurredAbroad: true });
    const summary = await client.ok('query', 'claim.summary', { incidentId: incident.id });
    const codes = summary.warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['expense_limit_80', 'costs_outside_period', 'costs_abroad']));
    expect(
      must(
        summary.warnings.find((w) => w.code === 'costs_abroad'),
        'the abroad warning',
      ).message,
    ).toContain('日本国外');
  });
});
