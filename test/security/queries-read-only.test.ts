// Issue 13: a query never writes. Every query procedure of the app router (read from appRouter, so a new
// query is covered without editing this file) is called over HTTP as each kind of user, and the database
// must be the same before and after each call. The world holds what the queries read: late deadlines
// (whose notices were once written by reading them), a claim under the broker's review, a pending import.
import type { QueryPath } from '../support/api-types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { appRouter } from '../../server/routers/_app.ts';
import { attachToLine, pdf, postFiles } from '../support/files.ts';
import { COST, INCIDENT, POLICY } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { at, must } from '../support/at.ts';

const ACTORS = ['admin', 'finance', 'responder', 'otherCompany', 'broker', 'unassignedBroker', 'anonymous'] as const;
type Actor = (typeof ACTORS)[number];

// At run time (tRPC v11) a flat record keyed by dotted path, each with its type and input parsers.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs: ZodType[] } }>;
const QUERIES = Object.keys(procedures)
  .filter((name) => must(procedures[name], 'procedures[name]')._def.type === 'query')
  .sort();

let server: TestServer;
const clients = {} as Record<Actor, ApiClient>;
/** The value each input field takes; `id` is the record of the procedure's own router. */
let fields: Record<string, unknown> & { policyId: string; incidentId: string };

async function brokerAccount(label: string) {
  const client = new ApiClient(server.url);
  const email = `${label}-${Date.now()}@example.jp`;
  const { companyId } = await client.ok('mutate', 'auth.signup', {
    email,
    password: 'correct horse battery',
    name: label,
    companyName: `${label}社`,
    kind: 'broker',
  });
  return { client, email, companyId: companyId };
}

async function member(admin: ApiClient, companyId: string, role: 'finance' | 'responder') {
  const { token } = await admin.ok('mutate', 'company.invite', { companyId, role });
  const client = new ApiClient(server.url);
  await client.ok('mutate', 'auth.acceptInvite', { token, email: `${role}-${Date.now()}@example.jp`, password: 'correct horse battery', name: role });
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  const a = await signUpCompany(server.url, 'ReadOnly');
  const b = await signUpCompany(server.url, 'Other');
  const broker = await brokerAccount('broker');
  const unassigned = await brokerAccount('unassigned');
  Object.assign(clients, {
    admin: a.client,
    finance: await member(a.client, a.companyId, 'finance'),
    responder: await member(a.client, a.companyId, 'responder'),
    otherCompany: b.client,
    broker: broker.client,
    unassignedBroker: unassigned.client,
    anonymous: new ApiClient(server.url),
  });
  await a.client.ok('mutate', 'company.grantBroker', { companyId: a.companyId, brokerEmail: broker.email });

  // Discovered in June with 1,200 persons affected: the insurer notice and the regulator's reports are late.
  const policy = await a.client.ok('mutate', 'policy.create', { companyId: a.companyId, ...POLICY });
  const { id: incidentId } = await a.client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT });
  const { id: costId } = await a.client.ok('mutate', 'cost.create', { incidentId, ...COST });
  await attachToLine(server.url, a.client.cookie, costId, pdf('read-only receipt'), 'receipt.pdf');
  const { packageId } = await a.client.ok('mutate', 'claim.export', { incidentId });
  await a.client.ok('mutate', 'claim.submit', { incidentId, packageId, note: '確認をお願いします' });
  await broker.client.ok('mutate', 'review.decide', { costId, decision: 'query', comment: '内訳を教えてください' });
  await a.client.ok('mutate', 'review.answer', { costId, comment: '別紙のとおりです' });
  const upload = await postFiles(`${server.url}/api/incidents/${incidentId}/imports`, a.client.cookie, [
    { bytes: Buffer.from('日付,費目,摘要,金額\r\n2026/06/15,通信費,読み取り専用,"12,000"\r\n', 'utf8'), name: 'read-only.csv' },
  ]);
  expect(upload.status).toBe(201);
  const { token } = await a.client.ok('mutate', 'company.invite', { companyId: a.companyId, role: 'responder' });
  fields = {
    companyId: a.companyId,
    policyId: policy.id,
    incidentId,
    costId,
    importId: upload.body.importId,
    mapping: { incurredOn: 0, category: 1, description: 2, amount: 3 },
    fixed: { stage: 'invoiced' },
    token,
  };
});
afterAll(async () => await server.close());

/** The input a query is called with: its required fields, and those optional ones the world has a value for. */
function inputFor(name: string): unknown {
  const schema = must(procedures[name], 'procedures[name]')._def.inputs[0];
  if (!schema) return undefined;
  const input: Record<string, unknown> = {};
  for (const [key, field] of Object.entries((schema as { shape?: Record<string, { safeParse(value: unknown): { success: boolean } }> }).shape ?? {})) {
    const value = key === 'id' ? (name.startsWith('policy.') ? fields.policyId : fields.incidentId) : fields[key];
    if (value !== undefined) input[key] = value;
    else if (!field.safeParse(undefined).success) throw new Error(`${name}: give this test a value for the required field "${key}"`);
  }
  return input;
}

describe('every query, as every kind of user', () => {
  it('finds the queries in the app router', () => {
    expect(QUERIES).toContain('notification.list');
    expect(QUERIES).toContain('notification.unreadCount');
    expect(QUERIES.length).toBeGreaterThan(20);
  });

  for (const name of QUERIES) {
    it(`${name} leaves the database as it was`, async () => {
      const input = inputFor(name);
      const answers: Record<string, string> = {};
      for (const actor of ACTORS) {
        const before = await snapshot(server.db);
        const answer = await clients[actor].queryRaw(name as QueryPath, input);
        answers[actor] = answer.error?.code ?? 'OK';
        expect(await snapshot(server.db), `${name} as ${actor}`).toBe(before);
      }
      // The input reached the procedure: someone was answered, so the read really ran.
      expect(Object.values(answers), JSON.stringify(answers)).toContain('OK');
    });
  }

  it('shows the late deadlines as notices without writing them, and writes only when one is marked read', async () => {
    const notices = await clients.finance.ok('query', 'notification.list');
    const late = notices.filter((n) => n.kind === 'deadline' && n.params.state === 'late');
    expect(late.map((n) => n.params.deadline).sort()).toEqual(['insurer_notice', 'persons_notice', 'regulator_final', 'regulator_first']);
    const unread = (await clients.finance.ok('query', 'notification.unreadCount')).unread;
    expect(unread).toBe(notices.filter((n) => n.readAt === null).length);
    const stored = () => (server.db.$client.prepare("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'deadline'").get() as { n: number }).n;
    expect(stored()).toBe(0);
    expect(await clients.finance.ok('mutate', 'notification.markRead', { ids: [at(late, 0).id] })).toEqual({ marked: 1 });
    expect(stored()).toBe(1);
    expect((await clients.finance.ok('query', 'notification.unreadCount')).unread).toBe(unread - 1);
    const again = await clients.finance.ok('query', 'notification.list');
    expect(
      must(
        again.find((n) => n.id === at(late, 0).id),
        'the notice',
      ).readAt,
    ).not.toBeNull();
    expect(again.filter((n) => n.kind === 'deadline')).toHaveLength(
      late.length + notices.filter((n) => n.kind === 'deadline' && n.params.state !== 'late').length,
    );
  });
});
