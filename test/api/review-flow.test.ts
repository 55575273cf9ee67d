// The broker review flow (issue 4), through the API as the client's admin, its finance member and the
// broker would drive it: grant, submit, query and answer, disallow, request changes, correct, resubmit,
// accept, send to the insurer, settle. Then the moves nobody may make, revoking access, and the audit.
import type { OutputOf } from '../support/api-types.ts';
import { at, must } from '../support/at.ts';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInJapan } from '../../shared/dates.ts';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { COST, enterWorkedExample, setUpIncident } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { sqlRows } from '../support/sql.ts';
import { readZip } from '../support/zip.ts';

const BROKER_NAME = '代理店 担当者';
const FINANCE_NAME = '経理 担当';
const QUERY = '争訟費用の内訳(弁護士費用の明細)を示してください';
const ANSWER = '弁護士費用に重複計上が 50万円ありました。修正します';
const DISALLOW = '営業自粛による損失は逸失利益の立証がなく、支払対象外です';
const CHANGES = '争訟費用の重複分を修正して再提出してください';
const PDF = Buffer.from('%PDF-1.4\n% 請求書\n%%EOF\n', 'utf8');

let server: TestServer;
/** The insured company: its admin entered worked example 2. */
let a: Awaited<ReturnType<typeof signUpCompany>>;
let finance: ApiClient;
let financeEmail: string;
/** The broker company (signed up as a broker) and one broker company never granted anything. */
let broker: ApiClient;
let brokerEmail: string;
let brokerCompanyId: string;
let otherBrokerCompanyId: string;
let incidentId: string;
type Line = OutputOf<'cost.list'>['items'][number];
let lines: Line[];
/** The line the broker queries and the client corrects, and the line the broker disallows. */
let litigation: Line;
let selfRestraint: Line;
let v1: { packageId: string; version: number; sha256: string };
let v2: { packageId: string; version: number; sha256: string };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function expectError(call: Promise<{ error?: { code: string; message: string; fieldErrors?: Record<string, string> } }>, code: string) {
  const answer = await call;
  expect(answer.error, 'the call should have been refused').toBeDefined();
  expect(answer.error!.code, answer.error!.message).toBe(code);
  return answer.error!;
}

/** Refused, with the database exactly as it was before. */
async function expectRefusal(call: () => Promise<{ error?: { code: string; message: string } }>, code: string) {
  const before = await snapshot(server.db);
  const error = await expectError(call(), code);
  expect(await snapshot(server.db)).toBe(before);
  return error;
}

async function fetchFile(client: ApiClient, urlPath: string) {
  const response = await fetch(`${server.url}${urlPath}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function upload(client: ApiClient, costId: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), name);
  const response = await fetch(`${server.url}/api/costs/${costId}/attachments`, {
    method: 'POST',
    headers: client.cookie ? { cookie: client.cookie } : {},
    body: form,
  });
  const body = (await response.json()) as { id: string; sha256: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function costLines(client: ApiClient, id: string) {
  const list = await client.ok('query', 'cost.list', { incidentId: id, sort: 'incurredOn', order: 'asc', limit: 1000 });
  return list.items;
}

async function signUpBroker(label: string) {
  const client = new ApiClient(server.url);
  const email = `broker-${label}-${Date.now()}@example.jp`;
  const { userId, companyId } = await client.ok('mutate', 'auth.signup', {
    email,
    password: 'correct horse battery',
    name: label === 'main' ? BROKER_NAME : `代理店 ${label}`,
    companyName: `${label} 保険代理店`,
    kind: 'broker',
  });
  return { client, email, userId, companyId };
}

async function invite(admin: ApiClient, companyId: string, role: 'finance' | 'responder', name: string) {
  const { token } = await admin.ok('mutate', 'company.invite', { companyId, role });
  const client = new ApiClient(server.url);
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.jp`;
  await client.ok('mutate', 'auth.acceptInvite', { token, email, password: 'a long password', name });
  return { client, email };
}

type BrokerClients = OutputOf<'broker.clients'>;
const clientEntry = (clients: BrokerClients, companyId: string) => clients.find((c) => c.companyId === companyId);
const incidentEntry = (clients: BrokerClients, companyId: string, id: string) =>
  must(
    clientEntry(clients, companyId)?.incidents.find((i) => i.id === id),
    `incident ${id} of ${companyId}`,
  );

beforeAll(async () => {
  server = await startTestServer();
  a = await signUpCompany(server.url, 'Review');
  ({ client: finance, email: financeEmail } = await invite(a.client, a.companyId, 'finance', FINANCE_NAME));
  const mainBroker = await signUpBroker('main');
  ({ client: broker, email: brokerEmail, companyId: brokerCompanyId } = mainBroker);
  otherBrokerCompanyId = (await signUpBroker('other')).companyId;
  ({ incidentId } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2));
  lines = await costLines(a.client, incidentId);
  litigation = must(
    lines.find((l) => l.category === 'litigation'),
    'the litigation line',
  );
  selfRestraint = must(
    lines.find((l) => l.category === 'damages' && l.amount === 10_000_000),
    'the self-restraint damages line',
  );
  expect(lines).toHaveLength(5);
  expect(litigation).toMatchObject({ amount: 10_000_000, version: 1, reviewDecision: null });
  expect(selfRestraint).toMatchObject({ description: 'A社の営業自粛による損失', version: 1 });
});
afterAll(async () => {
  await server?.close();
});

describe('the review flow on worked example 2', () => {
  it('grants the broker by the email of its account, and only a broker’s email', async () => {
    const notBroker = await expectRefusal(
      async () => await a.client.mutate('company.grantBroker', { companyId: a.companyId, brokerEmail: financeEmail }),
      'BAD_REQUEST',
    );
    expect(notBroker.message).toMatch(/^brokerEmail: /);
    const unknown = await expectRefusal(
      async () => await a.client.mutate('company.grantBroker', { companyId: a.companyId, brokerEmail: 'nobody@example.jp' }),
      'BAD_REQUEST',
    );
    expect(unknown.message).toMatch(/^brokerEmail: /);
    // Before the grant the broker cannot even tell the incident exists.
    await expectError(broker.query('claim.summary', { incidentId }), 'NOT_FOUND');

    const granted = await a.client.ok('mutate', 'company.grantBroker', { companyId: a.companyId, brokerEmail });
    expect(granted).toEqual({ brokerCompanyId });
    const brokers = await finance.ok('query', 'company.brokers', { companyId: a.companyId });
    expect(brokers).toEqual([expect.objectContaining({ brokerCompanyId, name: 'main 保険代理店', grantedByName: '管理者 Review' })]);
  });

  it('lets the broker read the figures before submission, but no package and no decision', async () => {
    const summary = await broker.ok('query', 'claim.summary', { incidentId });
    expect(summary.totalPayable).toBe(WORKED_EXAMPLE_2.totalPayable);
    expect(summary.totalPayable).toBe(53_000_000);
    expect(summary.brokerAdjusted).toMatchObject({ totalPayable: 53_000_000, disallowedLines: 0, disallowedAmount: 0 });
    expect(await broker.ok('query', 'claim.packages', { incidentId })).toEqual([]);
    // Finance has exported a version, but it was not submitted: the broker still sees none.
    v1 = await finance.ok('mutate', 'claim.export', { incidentId });
    expect(v1.version).toBe(1);
    expect(await broker.ok('query', 'claim.packages', { incidentId })).toEqual([]);
    expect((await fetchFile(broker, `/api/packages/${v1.packageId}.zip`)).status).toBe(404);
    const decide = await expectRefusal(async () => await broker.mutate('review.decide', { costId: litigation.id, decision: 'accept' }), 'CONFLICT');
    expect(decide.message).toMatch(/not submitted/);
    const clients = await broker.ok('query', 'broker.clients');
    expect(incidentEntry(clients, a.companyId, incidentId)).toMatchObject({
      claimStatus: 'draft',
      submittedToMe: false,
      submittedVersion: null,
      totalPayable: 53_000_000,
      awaiting: { review: false, unreviewedLines: 0, answeredQueries: 0 },
    });
  });

  it('finance submits v1: the claim is submitted and waits on the broker’s home page', async () => {
    expect(await finance.ok('mutate', 'claim.submit', { incidentId, packageId: v1.packageId })).toEqual({ ok: true, version: 1 });
    const status = await finance.ok('query', 'claim.status', { incidentId });
    expect(status).toMatchObject({
      claimStatus: 'submitted',
      broker: { id: brokerCompanyId, name: 'main 保険代理店' },
      submittedVersion: 1,
      claimedAmount: 53_000_000,
      settledAmount: null,
      review: { accepted: 0, queried: 0, disallowed: 0, unreviewed: 5, unansweredQueries: 0 },
    });
    const clients = await broker.ok('query', 'broker.clients');
    expect(clientEntry(clients, a.companyId)).toMatchObject({ companyName: 'Review社', brokerCompanyId });
    expect(incidentEntry(clients, a.companyId, incidentId)).toMatchObject({
      claimStatus: 'submitted',
      submittedToMe: true,
      submittedVersion: 1,
      totalPayable: 53_000_000,
      adjustedTotalPayable: 53_000_000,
      awaiting: { review: true, unreviewedLines: 5, answeredQueries: 0 },
    });
    const packages = await broker.ok('query', 'claim.packages', { incidentId });
    expect(packages.map((p) => [p.version, p.sha256])).toEqual([[1, v1.sha256]]);
  });

  it('a query needs a comment; the first decision starts the review and tells the client’s finance and admin', async () => {
    const missing = await expectRefusal(async () => await broker.mutate('review.decide', { costId: litigation.id, decision: 'query' }), 'BAD_REQUEST');
    expect(missing.message).toMatch(/^comment: /);
    expect(missing.fieldErrors).toHaveProperty('comment');
    const blank = await expectRefusal(
      async () => await broker.mutate('review.decide', { costId: litigation.id, decision: 'query', comment: '   ' }),
      'BAD_REQUEST',
    );
    expect(blank.fieldErrors).toHaveProperty('comment');

    const financeUnread = (await finance.ok('query', 'notification.unreadCount')).unread;
    const adminUnread = (await a.client.ok('query', 'notification.unreadCount')).unread;
    await broker.ok('mutate', 'review.decide', { costId: litigation.id, decision: 'query', comment: QUERY });
    expect((await finance.ok('query', 'claim.status', { incidentId })).claimStatus).toBe('under_review');

    // Each of them: the query on the line, and the move to under review.
    expect((await finance.ok('query', 'notification.unreadCount')).unread).toBe(financeUnread + 2);
    expect((await a.client.ok('query', 'notification.unreadCount')).unread).toBe(adminUnread + 2);
    for (const reader of [finance, a.client]) {
      const list = await reader.ok('query', 'notification.list');
      expect(list).toContainEqual(
        expect.objectContaining({
          kind: 'review',
          incidentId,
          costId: litigation.id,
          readAt: null,
          params: expect.objectContaining({ decision: 'query', amount: 10_000_000, category: 'litigation' }),
        }),
      );
      expect(list).toContainEqual(
        expect.objectContaining({ kind: 'status', incidentId, params: expect.objectContaining({ from: 'submitted', to: 'under_review' }) }),
      );
    }
    // The broker made the move: it is not told of its own action.
    const brokerNotices = await broker.ok('query', 'notification.list');
    expect(brokerNotices.filter((n) => n.kind === 'status' && n.params.to === 'under_review')).toEqual([]);
  });

  it('the client answers: the broker hears of it, and the thread reads query then answer', async () => {
    const brokerUnread = (await broker.ok('query', 'notification.unreadCount')).unread;
    await finance.ok('mutate', 'review.answer', { costId: litigation.id, comment: ANSWER });
    expect((await broker.ok('query', 'notification.unreadCount')).unread).toBe(brokerUnread + 1);
    const notices = await broker.ok('query', 'notification.list');
    expect(notices[0]).toMatchObject({
      kind: 'answer',
      incidentId,
      costId: litigation.id,
      readAt: null,
      params: { category: 'litigation', amount: 10_000_000 },
    });

    for (const reader of [broker, finance]) {
      const thread = await reader.ok('query', 'review.thread', { costId: litigation.id });
      expect(thread).toMatchObject({ decision: 'query', version: 1 });
      expect(thread.entries.map((e) => [e.kind, e.authorSide, e.authorName, e.comment, e.changedSince])).toEqual([
        ['query', 'broker', BROKER_NAME, QUERY, false],
        ['answer', 'client', FINANCE_NAME, ANSWER, false],
      ]);
    }
    const clients = await broker.ok('query', 'broker.clients');
    expect(incidentEntry(clients, a.companyId, incidentId).awaiting).toMatchObject({ review: true, answeredQueries: 1, unreviewedLines: 4 });
    expect((await finance.ok('query', 'claim.status', { incidentId })).review).toMatchObject({ queried: 1, unansweredQueries: 0, unreviewed: 4 });
  });

  it('disallowing a damages line lowers the broker-adjusted total by its amount, not the claimed total', async () => {
    const missing = await expectRefusal(async () => await broker.mutate('review.decide', { costId: selfRestraint.id, decision: 'disallow' }), 'BAD_REQUEST');
    expect(missing.fieldErrors).toHaveProperty('comment');
    await broker.ok('mutate', 'review.decide', { costId: selfRestraint.id, decision: 'disallow', comment: DISALLOW });

    // Worked example 2 (no deductible, liability limit ¥100,000,000, expense limit ¥30,000,000):
    //   expenses  = 18,000,000 (notice) + 25,000,000 (condolence) = 43,000,000 → capped at 30,000,000
    //   liability = 3,000,000 (300 × 10,000) + 10,000,000 (litigation) + 10,000,000 (self-restraint) = 23,000,000
    //   claimed   = 30,000,000 + 23,000,000 = 53,000,000
    // Without the disallowed ¥10,000,000 damages line, liability is 13,000,000 (still under the limit):
    //   adjusted  = 30,000,000 + 13,000,000 = 43,000,000
    for (const reader of [broker, finance]) {
      const summary = await reader.ok('query', 'claim.summary', { incidentId });
      expect(summary.totalPayable).toBe(53_000_000);
      expect(summary.liabilityPayable).toBe(23_000_000);
      expect(summary.brokerAdjusted).toEqual({
        totalPayable: 43_000_000,
        costsPayable: 30_000_000,
        liabilityPayable: 13_000_000,
        disallowedLines: 1,
        disallowedAmount: 10_000_000,
      });
    }
    const clients = await broker.ok('query', 'broker.clients');
    expect(incidentEntry(clients, a.companyId, incidentId)).toMatchObject({ totalPayable: 53_000_000, adjustedTotalPayable: 43_000_000 });
    const thread = await finance.ok('query', 'review.thread', { costId: selfRestraint.id });
    expect(thread.entries).toEqual([expect.objectContaining({ kind: 'disallow', comment: DISALLOW, authorName: BROKER_NAME, authorSide: 'broker' })]);
  });

  it('requesting changes needs a note; the client corrects the queried line and its thread shows it', async () => {
    const missing = await expectRefusal(async () => await broker.mutate('claim.setStatus', { incidentId, status: 'changes_requested' }), 'BAD_REQUEST');
    expect(missing.message).toMatch(/^note: /);
    expect(missing.fieldErrors).toHaveProperty('note');
    await broker.ok('mutate', 'claim.setStatus', { incidentId, status: 'changes_requested', note: CHANGES });
    const status = await finance.ok('query', 'claim.status', { incidentId });
    expect(status.claimStatus).toBe('changes_requested');
    expect(status.events.at(-1)).toMatchObject({ fromStatus: 'under_review', toStatus: 'changes_requested', note: CHANGES, actorName: BROKER_NAME });

    const source = WORKED_EXAMPLE_2.lines.find((l) => l.category === 'litigation')!;
    const updated = await finance.ok('mutate', 'cost.update', {
      id: litigation.id,
      expectedVersion: 1,
      ...source,
      amount: 9_500_000,
      description: '争訟費用等(A社からの求償)弁護士費用の重複分 500,000円を減額',
    });
    expect(updated).toEqual({ id: litigation.id, version: 2 });
    const thread = await broker.ok('query', 'review.thread', { costId: litigation.id });
    expect(thread.version).toBe(2);
    expect(thread.entries.map((e) => [e.kind, e.changedSince])).toEqual([
      ['query', true],
      ['answer', true],
    ]);
    // The disallowed line was not touched.
    const untouched = await broker.ok('query', 'review.thread', { costId: selfRestraint.id });
    expect(untouched.entries.map((e) => e.changedSince)).toEqual([false]);
  });

  it('finance exports v2 and resubmits; the broker sees and downloads both submitted versions', async () => {
    v2 = await finance.ok('mutate', 'claim.export', { incidentId });
    expect(v2.version).toBe(2);
    expect(await finance.ok('mutate', 'claim.submit', { incidentId, packageId: v2.packageId, note: '争訟費用を修正しました' })).toEqual({
      ok: true,
      version: 2,
    });
    const status = await finance.ok('query', 'claim.status', { incidentId });
    // Litigation corrected to 9,500,000: liability 3,000,000 + 9,500,000 + 10,000,000 = 22,500,000; 30,000,000 + 22,500,000.
    expect(status).toMatchObject({ claimStatus: 'submitted', submittedVersion: 2, claimedAmount: 52_500_000 });

    const packages = await broker.ok('query', 'claim.packages', { incidentId });
    expect(packages.map((p) => [p.version, p.sha256, p.totals.totalPayable])).toEqual([
      [2, v2.sha256, 52_500_000],
      [1, v1.sha256, 53_000_000],
    ]);
    for (const p of packages) {
      expect(p.submittedAt).toEqual(expect.any(String));
      const file = await fetchFile(broker, p.downloadUrl);
      expect(file.status, p.downloadUrl).toBe(200);
      expect(sha256(file.bytes)).toBe(p.sha256);
      const manifest = JSON.parse((await readZip(file.bytes)).find((e) => e.path === 'manifest.json')!.bytes.toString('utf8')) as {
        files: { path: string }[];
        [other: string]: unknown;
      };
      expect(manifest).toMatchObject({ version: p.version, incidentId, totals: { totalPayable: p.totals.totalPayable } });
    }
    const clients = await broker.ok('query', 'broker.clients');
    expect(incidentEntry(clients, a.companyId, incidentId)).toMatchObject({
      claimStatus: 'submitted',
      submittedVersion: 2,
      totalPayable: 52_500_000,
      // 30,000,000 + (22,500,000 − 10,000,000 disallowed)
      adjustedTotalPayable: 42_500_000,
      awaiting: { review: true },
    });
  });

  it('the broker accepts the lines and the claim, sends it on, and the insurer’s payment is recorded', async () => {
    for (const line of lines.filter((l) => l.id !== selfRestraint.id)) {
      await broker.ok('mutate', 'review.decide', { costId: line.id, decision: 'accept' });
    }
    const reviewed = await finance.ok('query', 'claim.status', { incidentId });
    expect(reviewed.claimStatus).toBe('under_review');
    expect(reviewed.review).toEqual({ accepted: 4, queried: 0, disallowed: 1, unreviewed: 0, unansweredQueries: 0 });

    await broker.ok('mutate', 'claim.setStatus', { incidentId, status: 'accepted' });
    expect((await finance.ok('query', 'claim.status', { incidentId })).claimStatus).toBe('accepted');
    // Not sent to the insurer yet: nobody can record a payment.
    await expectRefusal(async () => await broker.mutate('claim.settle', { incidentId, paidAmount: 50_000_000, settledOn: todayInJapan() }), 'CONFLICT');
    await expectRefusal(async () => await finance.mutate('claim.settle', { incidentId, paidAmount: 50_000_000, settledOn: todayInJapan() }), 'CONFLICT');
    // Once accepted, the broker no longer decides on lines.
    await expectRefusal(async () => await broker.mutate('review.decide', { costId: litigation.id, decision: 'accept' }), 'CONFLICT');

    await broker.ok('mutate', 'claim.setStatus', { incidentId, status: 'sent_to_insurer' });
    expect((await finance.ok('query', 'claim.status', { incidentId })).claimStatus).toBe('sent_to_insurer');
    const settledOn = todayInJapan();
    await finance.ok('mutate', 'claim.settle', { incidentId, paidAmount: 50_000_000, settledOn, note: '保険会社より入金' });

    for (const reader of [finance, broker]) {
      const status = await reader.ok('query', 'claim.status', { incidentId });
      expect(status).toMatchObject({ claimStatus: 'settled', settledAmount: 50_000_000, settledOn, claimedAmount: 52_500_000, submittedVersion: 2 });
    }
    const incident = await a.client.ok('query', 'incident.get', { id: incidentId });
    expect(incident).toMatchObject({ status: 'settled', claimStatus: 'settled', settledAmount: 50_000_000, settledOn });
    const clients = await broker.ok('query', 'broker.clients');
    expect(incidentEntry(clients, a.companyId, incidentId)).toMatchObject({ claimStatus: 'settled', settledAmount: 50_000_000, awaiting: { review: false } });
  });

  it('the incident timeline holds both versions, every status move and the settlement, in order', async () => {
    const timeline = await finance.ok('query', 'incident.timeline', { id: incidentId });
    const claimPart = timeline
      .filter((e) => e.kind === 'package' || e.kind === 'claim' || (e.kind === 'fact' && e.fact === 'settled'))
      .map((e) =>
        e.kind === 'package'
          ? ['package', e.version, e.actorName]
          : e.kind === 'claim'
            ? ['claim', e.from, e.to, e.actorName, e.version, e.amount]
            : e.kind === 'fact'
              ? ['settled', e.on, e.amount]
              : ['other', e.kind],
      );
    expect(claimPart).toEqual([
      ['package', 1, FINANCE_NAME],
      ['claim', 'draft', 'submitted', FINANCE_NAME, 1, null],
      ['claim', 'submitted', 'under_review', BROKER_NAME, null, null],
      ['claim', 'under_review', 'changes_requested', BROKER_NAME, null, null],
      ['package', 2, FINANCE_NAME],
      ['claim', 'changes_requested', 'submitted', FINANCE_NAME, 2, null],
      ['claim', 'submitted', 'under_review', BROKER_NAME, null, null],
      ['claim', 'under_review', 'accepted', BROKER_NAME, null, null],
      ['claim', 'accepted', 'sent_to_insurer', BROKER_NAME, null, null],
      ['claim', 'sent_to_insurer', 'settled', FINANCE_NAME, null, 50_000_000],
      ['settled', todayInJapan(), 50_000_000],
    ]);
    // The broker reads the same timeline.
    expect(await broker.ok('query', 'incident.timeline', { id: incidentId })).toEqual(timeline);
  });
});

describe('moves that are not the caller’s to make', () => {
  let draft: { incidentId: string; costId: string };

  beforeAll(async () => {
    const policy = await a.client.ok('query', 'incident.get', { id: incidentId });
    const created = await a.client.ok('mutate', 'incident.create', {
      policyId: policy.policyId,
      title: '別件の不正アクセス',
      kind: 'unauthorized_access',
      occurredOn: '2026-07-01',
      discoveredOn: '2026-07-02',
    });
    const cost = await a.client.ok('mutate', 'cost.create', { incidentId: created.id, ...COST });
    draft = { incidentId: created.id, costId: cost.id };
  });

  it('the client’s finance and admin cannot move the claim through setStatus', async () => {
    for (const status of ['under_review', 'changes_requested', 'accepted', 'sent_to_insurer'] as const) {
      await expectRefusal(async () => await finance.mutate('claim.setStatus', { incidentId: draft.incidentId, status, note: '自分で進める' }), 'FORBIDDEN');
    }
    await expectRefusal(async () => await a.client.mutate('claim.setStatus', { incidentId: draft.incidentId, status: 'accepted' }), 'FORBIDDEN');
    await expectRefusal(async () => await finance.mutate('claim.setStatus', { incidentId, status: 'accepted' }), 'FORBIDDEN');
  });

  it('the broker cannot submit, export or change the ledger', async () => {
    const pkg = await finance.ok('mutate', 'claim.export', { incidentId: draft.incidentId });
    await expectRefusal(async () => await broker.mutate('claim.submit', { incidentId: draft.incidentId, packageId: pkg.packageId }), 'FORBIDDEN');
    await expectRefusal(async () => await broker.mutate('claim.submit', { incidentId, packageId: v2.packageId }), 'FORBIDDEN');
    await expectRefusal(async () => await broker.mutate('claim.export', { incidentId: draft.incidentId }), 'FORBIDDEN');
    await expectRefusal(async () => await broker.mutate('claim.export', { incidentId }), 'FORBIDDEN');
    await expectRefusal(async () => await broker.mutate('cost.create', { incidentId: draft.incidentId, ...COST }), 'FORBIDDEN');
    await expectRefusal(async () => await broker.mutate('cost.update', { id: draft.costId, ...COST, amount: 1 }), 'FORBIDDEN');
    const source = WORKED_EXAMPLE_2.lines.find((l) => l.category === 'damages' && l.amount === 10_000_000)!;
    await expectRefusal(async () => await broker.mutate('cost.update', { id: selfRestraint.id, ...source, amount: 0 }), 'FORBIDDEN');
    // And a broker never answers its own queries as the client.
    await expectRefusal(async () => await broker.mutate('review.answer', { costId: litigation.id, comment: '代理店が回答' }), 'FORBIDDEN');
  });

  // incident.timeline shows a broker only the versions submitted to it, as claim.packages and the download do.
  it('the broker’s timeline shows no version that was not submitted to it', async () => {
    expect(await broker.ok('query', 'claim.packages', { incidentId: draft.incidentId })).toEqual([]);
    const timeline = await broker.ok('query', 'incident.timeline', { id: draft.incidentId });
    expect(timeline.filter((e) => e.kind === 'package')).toEqual([]);
  });

  it('nothing moves out of draft but the client’s submission, and nothing settles before the insurer has it', async () => {
    const accepted = await expectRefusal(async () => await broker.mutate('claim.setStatus', { incidentId: draft.incidentId, status: 'accepted' }), 'CONFLICT');
    expect(accepted.message).toMatch(/^status: /);
    await expectRefusal(async () => await broker.mutate('claim.setStatus', { incidentId: draft.incidentId, status: 'under_review' }), 'CONFLICT');
    await expectRefusal(
      async () => await broker.mutate('claim.settle', { incidentId: draft.incidentId, paidAmount: 1_000_000, settledOn: todayInJapan() }),
      'CONFLICT',
    );
    const settle = await expectRefusal(
      async () => await finance.mutate('claim.settle', { incidentId: draft.incidentId, paidAmount: 1_000_000, settledOn: todayInJapan() }),
      'CONFLICT',
    );
    expect(settle.message).toMatch(/draft/);
    await expectRefusal(async () => await broker.mutate('review.decide', { costId: draft.costId, decision: 'accept' }), 'CONFLICT');
    // The settled claim goes nowhere either.
    await expectRefusal(async () => await broker.mutate('claim.setStatus', { incidentId, status: 'sent_to_insurer' }), 'CONFLICT');
    await expectRefusal(async () => await finance.mutate('claim.settle', { incidentId, paidAmount: 1, settledOn: todayInJapan() }), 'CONFLICT');
    expect((await finance.ok('query', 'claim.status', { incidentId: draft.incidentId })).claimStatus).toBe('draft');
  });
});

describe('revoking the broker', () => {
  /** A second client of the same broker, whose claim is under review when access is revoked. */
  let b: Awaited<ReturnType<typeof signUpCompany>>;
  let bIncident: { incidentId: string; costId: string };
  let attachmentId: string;
  let bPackage: { packageId: string; sha256: string };

  beforeAll(async () => {
    b = await signUpCompany(server.url, 'Revoke');
    bIncident = await setUpIncident(b.client, b.companyId);
    attachmentId = (await upload(b.client, bIncident.costId, '請求書.pdf', PDF)).id;
    await b.client.ok('mutate', 'cost.create', { incidentId: bIncident.incidentId, ...COST, amount: 700_000, incurredOn: '2026-06-12' });
    await b.client.ok('mutate', 'company.grantBroker', { companyId: b.companyId, brokerEmail });
    bPackage = await b.client.ok('mutate', 'claim.export', { incidentId: bIncident.incidentId });
    await b.client.ok('mutate', 'claim.submit', { incidentId: bIncident.incidentId, packageId: bPackage.packageId });
    await broker.ok('mutate', 'review.decide', { costId: bIncident.costId, decision: 'accept' });
  });

  it('cuts every read and the review at the broker’s very next request', async () => {
    // Just before: everything works.
    expect((await broker.ok('query', 'claim.summary', { incidentId: bIncident.incidentId })).totalPayable).toBe(2_200_000);
    expect((await fetchFile(broker, `/api/attachments/${attachmentId}`)).status).toBe(200);
    expect(clientEntry(await broker.ok('query', 'broker.clients'), b.companyId)).toBeDefined();
    const lineTwo = (await costLines(broker, bIncident.incidentId)).find((l) => l.id !== bIncident.costId)!;

    expect(await b.client.ok('mutate', 'company.revokeBroker', { companyId: b.companyId, brokerCompanyId })).toEqual({ ok: true });
    await expectError(broker.query('claim.summary', { incidentId: bIncident.incidentId }), 'NOT_FOUND');
    await expectError(broker.query('cost.list', { incidentId: bIncident.incidentId }), 'NOT_FOUND');
    await expectRefusal(async () => await broker.mutate('review.decide', { costId: lineTwo.id, decision: 'accept' }), 'NOT_FOUND');
    await expectError(broker.query('claim.status', { incidentId: bIncident.incidentId }), 'NOT_FOUND');
    await expectError(broker.query('claim.packages', { incidentId: bIncident.incidentId }), 'NOT_FOUND');
    await expectError(broker.query('review.thread', { costId: bIncident.costId }), 'NOT_FOUND');
    await expectRefusal(async () => await broker.mutate('claim.setStatus', { incidentId: bIncident.incidentId, status: 'accepted' }), 'NOT_FOUND');
    expect((await fetchFile(broker, `/api/attachments/${attachmentId}`)).status).toBe(404);
    expect((await fetchFile(broker, `/api/packages/${bPackage.packageId}.zip`)).status).toBe(404);
    const clients = await broker.ok('query', 'broker.clients');
    expect(clientEntry(clients, b.companyId)).toBeUndefined();
    // The other client's grant is untouched.
    expect(clientEntry(clients, a.companyId)).toBeDefined();
    expect(await b.client.ok('query', 'company.brokers', { companyId: b.companyId })).toEqual([]);
  });

  it('granting again restores the broker’s access where it left off', async () => {
    await b.client.ok('mutate', 'company.grantBroker', { companyId: b.companyId, brokerEmail });
    expect((await broker.ok('query', 'claim.summary', { incidentId: bIncident.incidentId })).totalPayable).toBe(2_200_000);
    const lineTwo = (await costLines(broker, bIncident.incidentId)).find((l) => l.id !== bIncident.costId)!;
    await broker.ok('mutate', 'review.decide', { costId: lineTwo.id, decision: 'accept' });
    const attachment = await fetchFile(broker, `/api/attachments/${attachmentId}`);
    expect(attachment.status).toBe(200);
    expect(attachment.bytes).toEqual(PDF);
    const pkg = await fetchFile(broker, `/api/packages/${bPackage.packageId}.zip`);
    expect(pkg.status).toBe(200);
    expect(sha256(pkg.bytes)).toBe(bPackage.sha256);
    expect(incidentEntry(await broker.ok('query', 'broker.clients'), b.companyId, bIncident.incidentId)).toMatchObject({
      claimStatus: 'under_review',
      submittedVersion: 1,
    });
    expect((await b.client.ok('query', 'claim.status', { incidentId: bIncident.incidentId })).review).toMatchObject({ accepted: 2, unreviewed: 0 });
  });

  it('revoking a broker without a grant is NOT_FOUND; a non-admin or the broker cannot revoke', async () => {
    await expectRefusal(
      async () => await a.client.mutate('company.revokeBroker', { companyId: a.companyId, brokerCompanyId: otherBrokerCompanyId }),
      'NOT_FOUND',
    );
    await expectRefusal(async () => await b.client.mutate('company.revokeBroker', { companyId: b.companyId, brokerCompanyId: 'no-such-company' }), 'NOT_FOUND');
    await expectRefusal(async () => await finance.mutate('company.revokeBroker', { companyId: a.companyId, brokerCompanyId }), 'FORBIDDEN');
    await expectRefusal(async () => await broker.mutate('company.revokeBroker', { companyId: a.companyId, brokerCompanyId }), 'FORBIDDEN');
    const twice = await b.client.ok('mutate', 'company.revokeBroker', { companyId: b.companyId, brokerCompanyId });
    expect(twice).toEqual({ ok: true });
    await expectRefusal(async () => await b.client.mutate('company.revokeBroker', { companyId: b.companyId, brokerCompanyId }), 'NOT_FOUND');
  });

  // review.answer and the claim's moves notify the broker only while its grant stands.
  it('tells a revoked broker nothing more about the client’s claim', async () => {
    const before = (await broker.ok('query', 'notification.unreadCount')).unread;
    await b.client.ok('mutate', 'review.answer', { costId: bIncident.costId, comment: '取消後の回答' });
    expect((await broker.ok('query', 'notification.unreadCount')).unread).toBe(before);
  });
});

describe('the audit log', () => {
  it('lists every decision, the answer, both submissions, each status move and the settlement with its actor', async () => {
    const log = (await a.client.ok('query', 'audit.list', { incidentId })).slice().reverse();
    const review = log.filter((e) => e.entityType === 'review').map((e) => [e.action, e.entityId, e.actorName]);
    expect(review).toEqual([
      ['query', litigation.id, BROKER_NAME],
      ['answer', litigation.id, FINANCE_NAME],
      ['disallow', selfRestraint.id, BROKER_NAME],
      ...lines.filter((l) => l.id !== selfRestraint.id).map((l) => ['accept', l.id, BROKER_NAME]),
    ]);
    const claimStatus = (state: unknown) => (state as { claimStatus?: string } | null)?.claimStatus;
    const claim = log.filter((e) => e.entityType === 'claim').map((e) => [e.action, claimStatus(e.before), claimStatus(e.after), e.actorName]);
    expect(claim).toEqual([
      ['submit', 'draft', 'submitted', FINANCE_NAME],
      ['status', 'submitted', 'under_review', BROKER_NAME],
      ['status', 'under_review', 'changes_requested', BROKER_NAME],
      ['submit', 'changes_requested', 'submitted', FINANCE_NAME],
      ['status', 'submitted', 'under_review', BROKER_NAME],
      ['status', 'under_review', 'accepted', BROKER_NAME],
      ['status', 'accepted', 'sent_to_insurer', BROKER_NAME],
      ['settle', 'sent_to_insurer', 'settled', FINANCE_NAME],
    ]);
    const entries = log.filter((e) => e.entityType === 'claim');
    expect(at(entries, 0).after).toMatchObject({ packageId: v1.packageId });
    expect(at(entries, 2).after).toMatchObject({ note: CHANGES });
    expect(at(entries, 3).after).toMatchObject({ packageId: v2.packageId });
    expect(at(entries, 7).after).toMatchObject({ amount: 50_000_000 });
    expect(
      must(
        log.find((e) => e.entityType === 'review' && e.action === 'disallow'),
        'the disallowance',
      ).after,
    ).toEqual({ reviewDecision: 'disallow', comment: DISALLOW });
    // The broker reads the claim, not the client's audit log.
    await expectError(broker.query('audit.list', { incidentId }), 'FORBIDDEN');
  });

  it('records each grant and revoke in the company’s chain with the admin who made it', async () => {
    // Grants are company-wide (no incident), so audit.list does not show them: read the chain itself.
    const rows = await sqlRows(
      server.db,
      `SELECT c.name AS company, l.action, l.entity_id AS "entityId", u.name AS "actorName" FROM audit_log l
         JOIN companies c ON c.id = l.company_id LEFT JOIN users u ON u.id = l.actor_user_id
        WHERE l.entity_type = 'broker' ORDER BY l.id`,
    );
    expect(rows).toEqual([
      { company: 'Review社', action: 'grant', entityId: brokerCompanyId, actorName: '管理者 Review' },
      { company: 'Revoke社', action: 'grant', entityId: brokerCompanyId, actorName: '管理者 Revoke' },
      { company: 'Revoke社', action: 'revoke', entityId: brokerCompanyId, actorName: '管理者 Revoke' },
      { company: 'Revoke社', action: 'grant', entityId: brokerCompanyId, actorName: '管理者 Revoke' },
      { company: 'Revoke社', action: 'revoke', entityId: brokerCompanyId, actorName: '管理者 Revoke' },
    ]);
    // The chains still verify after every write of the flow.
    expect(await a.client.ok('query', 'audit.verify', { companyId: a.companyId })).toMatchObject({ ok: true, firstBrokenId: null });
  });
});
