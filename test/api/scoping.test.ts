// No procedure reveals or changes another company's data: company B's admin gets NOT_FOUND for every
// one of company A's ids, no session gets UNAUTHORIZED, and a too-low role gets FORBIDDEN.
import { must } from '../support/at.ts';
import type { MutationPath, QueryPath } from '../support/api-types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_JOURNAL_SETTINGS } from '../../shared/journal-settings.ts';
import { COST, INCIDENT, POLICY, setUpIncident } from '../support/fixtures.ts';
import { attachToLine, postFiles } from '../support/files.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>> &
  Awaited<ReturnType<typeof setUpIncident>> & { attachmentId: string; importId: string; thirdPartyClaimId: string };
let b: Awaited<ReturnType<typeof signUpCompany>>;

beforeAll(async () => {
  server = await startTestServer();
  const companyA = await signUpCompany(server.url, 'A');
  const incidentA = await setUpIncident(companyA.client, companyA.companyId);
  const receipt = await attachToLine(server.url, companyA.client.cookie, incidentA.costId, Buffer.from('%PDF-1.4 receipt'), 'receipt.pdf');
  // A bank statement of A's, uploaded and not yet committed (issue 17's settings are read with it).
  const statement = Buffer.from('日付,摘要,摘要内容,支払い金額,預かり金額,差引残高\r\n2026/6/15,振込,ｶ)ｺｰﾙｾﾝﾀｰ,"12,000",,"988,000"\r\n', 'utf8');
  const uploaded = await postFiles(`${server.url}/api/incidents/${incidentA.incidentId}/imports`, companyA.client.cookie, [
    { bytes: statement, name: 'statement.csv' },
  ]);
  const claim = await companyA.client.ok('mutate', 'thirdPartyClaim.create', {
    incidentId: incidentA.incidentId,
    claimant: '請求者A',
    receivedOn: '2026-06-10',
  });
  a = { ...companyA, ...incidentA, attachmentId: receipt.id, importId: must(uploaded.body.importId, 'importId'), thirdPartyClaimId: claim.id };
  b = await signUpCompany(server.url, 'B');
  await setUpIncident(b.client, b.companyId);
});
afterAll(async () => await server.close());

type Call = [kind: 'query', name: QueryPath, input: () => unknown] | [kind: 'mutate', name: MutationPath, input: () => unknown];

/** Every procedure that takes an id, called with company A's ids. */
const callsOnA = (): Call[] => [
  ['mutate', 'policy.create', () => ({ companyId: a.companyId, ...POLICY })],
  ['mutate', 'policy.update', () => ({ id: a.policyId, ...POLICY, insurer: 'changed' })],
  ['query', 'policy.get', () => ({ id: a.policyId })],
  ['query', 'policy.list', () => ({ companyId: a.companyId })],
  ['query', 'policy.period', () => ({ id: a.policyId })],
  ['mutate', 'incident.create', () => ({ policyId: a.policyId, ...INCIDENT })],
  ['mutate', 'incident.update', () => ({ id: a.incidentId, ...INCIDENT, status: 'closed' })],
  ['query', 'incident.get', () => ({ id: a.incidentId })],
  ['query', 'incident.list', () => ({ companyId: a.companyId })],
  ['mutate', 'cost.create', () => ({ incidentId: a.incidentId, ...COST })],
  ['mutate', 'cost.update', () => ({ id: a.costId, ...COST, amount: 1 })],
  ['mutate', 'cost.delete', () => ({ id: a.costId })],
  ['query', 'cost.list', () => ({ incidentId: a.incidentId })],
  ['query', 'cost.totals', () => ({ incidentId: a.incidentId })],
  ['query', 'cost.taxTotals', () => ({ incidentId: a.incidentId })],
  ['query', 'claim.summary', () => ({ incidentId: a.incidentId })],
  ['mutate', 'claim.export', () => ({ incidentId: a.incidentId })],
  ['query', 'claim.packages', () => ({ incidentId: a.incidentId })],
  ['query', 'claim.preflight', () => ({ incidentId: a.incidentId })],
  ['query', 'attachment.list', () => ({ incidentId: a.incidentId })],
  ['mutate', 'attachment.remove', () => ({ id: a.attachmentId })],
  ['query', 'document.checklist', () => ({ incidentId: a.incidentId })],
  ['query', 'thirdPartyClaim.list', () => ({ incidentId: a.incidentId })],
  ['mutate', 'thirdPartyClaim.create', () => ({ incidentId: a.incidentId, claimant: '他社', receivedOn: '2026-06-10' })],
  ['mutate', 'thirdPartyClaim.update', () => ({ id: a.thirdPartyClaimId, claimant: '他社', receivedOn: '2026-06-10' })],
  ['mutate', 'thirdPartyClaim.remove', () => ({ id: a.thirdPartyClaimId })],
  ['mutate', 'document.markNotNeeded', () => ({ incidentId: a.incidentId, kind: 'quotes', reason: 'x' })],
  ['mutate', 'document.markNeeded', () => ({ incidentId: a.incidentId, kind: 'quotes' })],
  ['query', 'audit.list', () => ({ incidentId: a.incidentId })],
  ['query', 'company.members', () => ({ companyId: a.companyId })],
  ['query', 'company.profile', () => ({ companyId: a.companyId })],
  ['mutate', 'company.updateProfile', () => ({ companyId: a.companyId, taxStatus: 'exempt', corporateNumber: '7000012050002', bankAccountNumber: '1234567' })],
  ['query', 'incidentReport.get', () => ({ incidentId: a.incidentId })],
  ['mutate', 'incidentReport.update', () => ({ incidentId: a.incidentId, summary: '他社の報告', clientName: null })],
  ['query', 'journal.settings', () => ({ companyId: a.companyId })],
  ['mutate', 'journal.updateSettings', () => ({ companyId: a.companyId, settings: DEFAULT_JOURNAL_SETTINGS })],
  ['mutate', 'company.invite', () => ({ companyId: a.companyId, role: 'admin' })],
  ['mutate', 'company.changeRole', () => ({ companyId: a.companyId, userId: a.userId, role: 'responder' })],
  ['mutate', 'company.removeMember', () => ({ companyId: a.companyId, userId: a.userId })],
  ['query', 'costImport.preview', () => ({ importId: a.importId, ...IMPORT_SETTINGS })],
  ['mutate', 'costImport.commit', () => ({ importId: a.importId, ...IMPORT_SETTINGS, skipErrors: true, expected: { lines: 1, amount: 12_000 } })],
  ['mutate', 'costImport.discard', () => ({ importId: a.importId })],
  ['query', 'costImport.list', () => ({ incidentId: a.incidentId })],
];

/** Every part of an import's settings (issue 17): header, mapping, rules, value → category table, refunds. */
const IMPORT_SETTINGS = {
  header: { row: 0, depth: 1 },
  mapping: { incurredOn: 0, description: 1, vendor: 2, category: 2, amount: 3 },
  fixed: { stage: 'paid' },
  filters: { totals: true, zeroAmount: true, rules: [{ column: 4, op: 'filled', values: [], reason: 'deposit' }] },
  categoryValues: [{ value: 'ｶ)ｺｰﾙｾﾝﾀｰ', match: 'exact', target: 'communications' }],
  continuation: false,
  refunds: 'net',
};

const call = async (client: ApiClient, [kind, name, input]: Call) =>
  kind === 'query' ? await client.queryRaw(name, input()) : await client.mutateRaw(name, input());

describe("another company's ids", () => {
  it.each(callsOnA().map((c) => [c[1], c] as const))('%s answers NOT_FOUND and changes nothing', async (_name, c) => {
    const before = await snapshot(server.db);
    const answer = await call(b.client, c);
    expect(answer.error?.code).toBe('NOT_FOUND');
    expect(answer.status).toBe(404);
    expect(JSON.stringify(answer)).not.toContain(a.email);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('answers an id that exists nowhere exactly like one of another company (no hint it exists)', async () => {
    const foreign = await b.client.query('incident.get', { id: a.incidentId });
    const missing = await b.client.query('incident.get', { id: '00000000-0000-0000-0000-000000000000' });
    expect(foreign.error).toEqual(missing.error);
  });
});

describe('no session', () => {
  const authed: Call[] = [
    ['query', 'auth.me', () => undefined],
    // The member's own calendar feed: no ids, but never without a session.
    ['query', 'calendar.status', () => ({})],
    ['mutate', 'calendar.rotate', () => ({})],
    ['mutate', 'calendar.revoke', () => ({})],
    ...callsOnA(),
  ];
  it.each(authed.map((c) => [c[1], c] as const))('%s answers UNAUTHORIZED and changes nothing', async (_name, c) => {
    const before = await snapshot(server.db);
    const answer = await call(new ApiClient(server.url), c);
    expect(answer.error?.code).toBe('UNAUTHORIZED');
    expect(answer.status).toBe(401);
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe("another company's calendar feed", () => {
  it("never shows A's deadlines in B's feed, while A's own feed has them", async () => {
    const feed = async (client: ApiClient) => (await fetch((await client.ok('mutate', 'calendar.rotate', {})).url)).text();
    const bFeed = await feed(b.client);
    expect(bFeed).toContain('BEGIN:VEVENT');
    expect(bFeed).not.toContain(a.incidentId);
    expect(await feed(a.client)).toContain(`UID:${a.incidentId}-insurer_notice@`);
  });
});

describe('roles inside one company', () => {
  async function member(role: 'responder' | 'finance') {
    const invite = await a.client.ok('mutate', 'company.invite', { companyId: a.companyId, role });
    const client = new ApiClient(server.url);
    const email = `${role}-${Date.now()}@example.jp`;
    await client.ok('mutate', 'auth.acceptInvite', { token: invite.token, email, password: 'a long password', name: role });
    return client;
  }

  it('lets a responder open incidents and log costs, but not change the policy or others’ lines', async () => {
    const responder = await member('responder');
    const incident = await responder.ok('mutate', 'incident.create', { policyId: a.policyId, ...INCIDENT, title: '二件目' });
    const own = await responder.ok('mutate', 'cost.create', { incidentId: incident.id, ...COST });
    expect(await responder.ok('mutate', 'cost.update', { id: own.id, ...COST, amount: 2_000_000 })).toEqual({ id: own.id, version: 2 });

    const before = await snapshot(server.db);
    for (const [name, input] of [
      ['policy.create', { companyId: a.companyId, ...POLICY }],
      ['policy.update', { id: a.policyId, ...POLICY, insurer: 'x' }],
      ['cost.update', { id: a.costId, ...COST, amount: 1 }],
      ['cost.delete', { id: a.costId }],
      ['incident.update', { id: a.incidentId, ...INCIDENT, status: 'closed' }],
      ['company.invite', { companyId: a.companyId, role: 'admin' }],
    ] as const) {
      const answer = await responder.mutate(name, input);
      expect(answer.error?.code, name).toBe('FORBIDDEN');
    }
    expect(await snapshot(server.db)).toBe(before);
  });

  it('lets finance correct any line and the policy, but not manage members', async () => {
    const finance = await member('finance');
    expect((await finance.mutate('cost.update', { id: a.costId, ...COST, stage: 'paid' })).error).toBeUndefined();
    expect((await finance.mutate('policy.update', { id: a.policyId, ...POLICY })).error).toBeUndefined();
    expect((await finance.mutate('company.invite', { companyId: a.companyId, role: 'finance' })).error?.code).toBe('FORBIDDEN');
  });
});
