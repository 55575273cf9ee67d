// Finance's approval of lines, the stage dates, the insurer's prior consent and the deadlines facts
// (issue 4), through the API: who may do each, what the ledger and the claim summary then show,
// what withdraws an approval, and the audit entries each leaves.
import { must } from '../support/at.ts';
import type { InputOf, OutputOf } from '../support/api-types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeadlines } from '../../shared/deadlines.ts';
import { COST, INCIDENT, setUpIncident } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let finance: ApiClient;
let responder: ApiClient;
let companyId: string;
let financeUserId: string;
let ids: Awaited<ReturnType<typeof setUpIncident>>;

const FINANCE_NAME = '経理 花子';

async function member(role: 'responder' | 'finance', name: string) {
  const invite = await admin.ok('mutate', 'company.invite', { companyId, role });
  const client = new ApiClient(server.url);
  const { userId } = await client.ok('mutate', 'auth.acceptInvite', {
    token: invite.token,
    email: `${role}-${Date.now()}@example.jp`,
    password: 'a long password',
    name,
  });
  return { client, userId: userId };
}

async function lines(incidentId: string) {
  return (await admin.ok('query', 'cost.list', { incidentId, limit: 1000 })).items;
}
async function line(incidentId: string, id: string) {
  return must(
    (await lines(incidentId)).find((l) => l.id === id),
    `line ${id}`,
  );
}
async function summary(incidentId: string) {
  return await admin.ok('query', 'claim.summary', { incidentId });
}
const warning = (s: OutputOf<'claim.summary'>, code: string) => s.warnings.find((w) => w.code === code);
async function create(incidentId: string, fields: Partial<InputOf<'cost.create'>>, client = admin): Promise<string> {
  return (await client.ok('mutate', 'cost.create', { incidentId, ...COST, ...fields })).id;
}

beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url);
  admin = company.client;
  companyId = company.companyId;
  ids = await setUpIncident(admin, companyId);
  const f = await member('finance', FINANCE_NAME);
  finance = f.client;
  financeUserId = f.userId;
  responder = (await member('responder', '対応 太郎')).client;
});
afterAll(async () => await server.close());

describe('finance approves lines', () => {
  let invoiced: string; // ids.costId, from the fixture: investigation, invoiced
  let paid: string;
  let other: string;
  let estimate: string;
  let incidentId: string;

  beforeAll(async () => {
    incidentId = ids.incidentId;
    invoiced = ids.costId;
    paid = await create(incidentId, { category: 'public_notice', stage: 'paid', amount: 300_000, vendor: '新聞社' });
    other = await create(incidentId, { category: 'communications', stage: 'invoiced', amount: 200_000, vendor: '郵送社' });
    estimate = await create(incidentId, { stage: 'estimate', amount: 800_000 });
  });

  it('counts only invoiced and paid lines as unapproved at first', async () => {
    const s = await summary(incidentId);
    expect(s.unapprovedLines).toBe(3);
    expect(warning(s, 'lines_unapproved')).toMatchObject({ severity: 'warning', message: expect.stringContaining('3 件') });
  });

  it('approves two lines at once, keeps who and when, and the warning count drops', async () => {
    const started = Date.now();
    expect(await finance.ok('mutate', 'cost.approve', { ids: [invoiced, paid], approved: true })).toEqual({ changed: 2 });
    for (const id of [invoiced, paid]) {
      const l = await line(incidentId, id);
      expect(l).toMatchObject({ approvedBy: financeUserId, approvedByName: FINANCE_NAME });
      expect(Date.parse(must(l.approvedAt, 'approvedAt'))).toBeGreaterThanOrEqual(started - 1000);
      expect(Date.parse(must(l.approvedAt, 'approvedAt'))).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(await line(incidentId, other)).toMatchObject({ approvedAt: null, approvedBy: null, approvedByName: null });
    const s = await summary(incidentId);
    expect(s.unapprovedLines).toBe(1);
    expect(must(warning(s, 'lines_unapproved'), 'the unapproved-lines warning').message).toContain('1 件');
  });

  it('changes nothing when the lines are approved already (no new audit entries either)', async () => {
    const before = await snapshot(server.db);
    expect(await finance.ok('mutate', 'cost.approve', { ids: [invoiced, paid, paid], approved: true })).toEqual({ changed: 0 });
    expect(await snapshot(server.db)).toBe(before);
  });

  it('does not count an estimate, approved or not; the warning goes once every claimed line is approved', async () => {
    expect(await finance.ok('mutate', 'cost.approve', { ids: [estimate], approved: true })).toEqual({ changed: 1 });
    expect((await summary(incidentId)).unapprovedLines).toBe(1);
    expect(await finance.ok('mutate', 'cost.approve', { ids: [estimate], approved: false })).toEqual({ changed: 1 });
    expect((await summary(incidentId)).unapprovedLines).toBe(1);
    expect(await admin.ok('mutate', 'cost.approve', { ids: [other], approved: true })).toEqual({ changed: 1 });
    const s = await summary(incidentId);
    expect(s.unapprovedLines).toBe(0);
    expect(warning(s, 'lines_unapproved')).toBeUndefined();
  });

  it('withdraws the approval when an approved line is edited, and keeps it when a save changes nothing', async () => {
    const unchanged = await line(incidentId, paid);
    const same = await admin.ok('mutate', 'cost.update', {
      id: paid,
      category: 'public_notice',
      stage: 'paid',
      incurredOn: COST.incurredOn,
      amount: 300_000,
      vendor: '新聞社',
    });
    expect(same.version).toBe(unchanged.version);
    expect(await line(incidentId, paid)).toMatchObject({ approvedAt: unchanged.approvedAt, approvedByName: FINANCE_NAME });

    const approved = await line(incidentId, invoiced);
    await admin.ok('mutate', 'cost.update', { id: invoiced, ...COST, amount: 1_600_000 });
    expect(await line(incidentId, invoiced)).toMatchObject({ amount: 1_600_000, approvedAt: null, approvedBy: null, approvedByName: null });
    expect((await summary(incidentId)).unapprovedLines).toBe(1);
    const log = await admin.ok('query', 'audit.list', { incidentId });
    expect(log[0]).toMatchObject({
      entityId: invoiced,
      action: 'update',
      before: { amount: 1_500_000, approvedAt: approved.approvedAt, approvedBy: financeUserId },
      after: { amount: 1_600_000, approvedAt: null, approvedBy: null },
    });
  });

  it('records approve and unapprove in the audit log, by whom', async () => {
    const log = await admin.ok('query', 'audit.list', { incidentId });
    const approvals = log.filter((e) => e.action === 'approve');
    expect(approvals.map((e) => e.entityId).sort()).toEqual([invoiced, paid, estimate, other].sort());
    const paidApproval = approvals.find((e) => e.entityId === paid);
    expect(paidApproval).toMatchObject({
      entityType: 'cost',
      actorName: FINANCE_NAME,
      before: { approvedAt: null, approvedBy: null },
      after: { approvedAt: expect.any(String), approvedBy: financeUserId },
    });
    expect(log.filter((e) => e.action === 'unapprove')).toEqual([
      expect.objectContaining({ entityId: estimate, actorName: FINANCE_NAME, after: { approvedAt: null, approvedBy: null } }),
    ]);
  });
});

describe('stages with their dates', () => {
  it('moves a line to invoiced and paid on given days, keeping the invoice date; back to estimate clears both', async () => {
    const id = await create(ids.incidentId, { stage: 'invoiced', amount: 55_000 });
    expect(await finance.ok('mutate', 'cost.setStage', { id, stage: 'invoiced', on: '2026-06-15' })).toEqual({ id, version: 2 });
    expect(await line(ids.incidentId, id)).toMatchObject({ stage: 'invoiced', invoicedOn: '2026-06-15', paidOn: null });

    expect(await finance.ok('mutate', 'cost.setStage', { id, stage: 'paid', on: '2026-07-01' })).toEqual({ id, version: 3 });
    expect(await line(ids.incidentId, id)).toMatchObject({ stage: 'paid', invoicedOn: '2026-06-15', paidOn: '2026-07-01', version: 3 });

    expect(await finance.ok('mutate', 'cost.setStage', { id, stage: 'estimate', on: '2026-07-02' })).toEqual({ id, version: 4 });
    expect(await line(ids.incidentId, id)).toMatchObject({ stage: 'estimate', invoicedOn: null, paidOn: null });

    // Straight from estimate to paid: both dates are the day given.
    await finance.ok('mutate', 'cost.setStage', { id, stage: 'paid', on: '2026-07-03' });
    expect(await line(ids.incidentId, id)).toMatchObject({ stage: 'paid', invoicedOn: '2026-07-03', paidOn: '2026-07-03' });

    const log = await admin.ok('query', 'audit.list', { incidentId: ids.incidentId });
    expect(log[1]).toMatchObject({
      entityId: id,
      action: 'update',
      before: { stage: 'paid', invoicedOn: '2026-06-15', paidOn: '2026-07-01' },
      after: { stage: 'estimate', invoicedOn: null, paidOn: null },
    });
  });
});

describe('the insurer’s prior consent', () => {
  let incidentId: string;
  let condolence: string;
  let investigation: string;

  beforeAll(async () => {
    incidentId = (await admin.ok('mutate', 'incident.create', { policyId: ids.policyId, ...INCIDENT, title: '見舞金の件', recordsAffected: 10 })).id;
    condolence = await create(incidentId, { category: 'condolence', stage: 'paid', amount: undefined, quantity: 10, unitAmount: 500, vendor: undefined });
    investigation = await create(incidentId, { stage: 'invoiced' });
  });

  it('is missing for a condolence line until recorded: summary and warning say so', async () => {
    const s = await summary(incidentId);
    expect(s.consentMissing).toBe(1);
    expect(warning(s, 'consent_missing')).toMatchObject({ severity: 'warning', message: expect.stringContaining('1 件') });
  });

  it('is recorded by finance with the day, the insurer’s reference and who gave it; the warning goes', async () => {
    const input = { id: condolence, consentOn: '2026-06-05', reference: '東京海上-同意-2026-0123', givenBy: '損害サービス課 山田' };
    expect(await finance.ok('mutate', 'cost.recordConsent', input)).toEqual({ id: condolence });
    expect(await line(incidentId, condolence)).toMatchObject({ consentOn: '2026-06-05', consentReference: input.reference, consentGivenBy: input.givenBy });
    const s = await summary(incidentId);
    expect(s.consentMissing).toBe(0);
    expect(warning(s, 'consent_missing')).toBeUndefined();

    const log = await admin.ok('query', 'audit.list', { incidentId });
    expect(log[0]).toMatchObject({
      entityType: 'cost',
      entityId: condolence,
      action: 'consent',
      actorName: FINANCE_NAME,
      before: { consentOn: null, consentReference: null, consentGivenBy: null },
      after: { consentOn: '2026-06-05', consentReference: input.reference, consentGivenBy: input.givenBy },
    });
  });

  it('is refused (BAD_REQUEST) for a line that needs none, and nothing changes', async () => {
    const before = await snapshot(server.db);
    const answer = await finance.mutate('cost.recordConsent', { id: investigation, consentOn: '2026-06-05', reference: 'x', givenBy: 'y' });
    expect(answer.error?.code).toBe('BAD_REQUEST');
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe('a responder', () => {
  it('gets FORBIDDEN for approve, setStage and recordConsent (even on its own lines) and changes nothing', async () => {
    const own = await create(ids.incidentId, { amount: 12_000 }, responder);
    const condolence = await create(ids.incidentId, { category: 'condolence', stage: 'paid', amount: undefined, quantity: 2, unitAmount: 1_000 });
    const before = await snapshot(server.db);
    for (const [name, input] of [
      ['cost.approve', { ids: [own], approved: true }],
      ['cost.approve', { ids: [ids.costId], approved: true }],
      ['cost.setStage', { id: own, stage: 'paid', on: '2026-07-01' }],
      ['cost.setStage', { id: ids.costId, stage: 'estimate', on: '2026-07-01' }],
      ['cost.recordConsent', { id: condolence, consentOn: '2026-06-05', reference: 'ref', givenBy: 'insurer' }],
    ] as const) {
      const answer = await responder.mutateRaw(name, input);
      expect(answer.error?.code, name).toBe('FORBIDDEN');
    }
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe('the deadlines facts', () => {
  it('are set with updateTracking and the deadlines follow them', async () => {
    const { id } = await admin.ok('mutate', 'incident.create', { policyId: ids.policyId, ...INCIDENT, title: '期限の件', recordsAffected: 10 });
    const facts = async () => {
      const incident = await admin.ok('query', 'incident.get', { id });
      return { ...incident, claimSentOn: null, thirdPartyClaims: [], firstCostPaidOn: null, firstDamagesFixedOn: null };
    };

    let deadlines = await admin.ok('query', 'incident.deadlines', { id });
    expect(deadlines.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(deadlines.triggers).toEqual([]);
    const state = (d: OutputOf<'incident.deadlines'>, key: string) =>
      must(
        d.deadlines.find((x) => x.key === key),
        `the deadline ${key}`,
      );
    // Counted from the day of awareness (here the discovery, 2 June) as day 1: day 5, day 30, day 7.
    expect(state(deadlines, 'regulator_first')).toMatchObject({ state: 'not_required', dueOn: '2026-06-06' });
    expect(state(deadlines, 'regulator_final')).toMatchObject({ state: 'not_required', dueOn: '2026-07-01' });
    expect(state(deadlines, 'insurer_notice')).toMatchObject({ dueOn: '2026-06-08', doneOn: null });
    expect(state(deadlines, 'insurer_notice').state).not.toBe('done');

    // The breach team (a responder) records the facts.
    const tracking = {
      id,
      sensitiveData: true,
      financialHarm: false,
      malicious: false,
      insurerNotifiedOn: '2026-06-04',
      regulatorFirstReportOn: null,
      regulatorFinalReportOn: null,
    };
    expect(await responder.ok('mutate', 'incident.updateTracking', tracking)).toEqual({ id });
    expect(await admin.ok('query', 'incident.get', { id })).toMatchObject({
      sensitiveData: true,
      financialHarm: false,
      malicious: false,
      insurerNotifiedOn: '2026-06-04',
      regulatorFirstReportOn: null,
    });

    deadlines = await admin.ok('query', 'incident.deadlines', { id });
    expect(deadlines.triggers).toEqual(['sensitive_data']);
    expect(state(deadlines, 'insurer_notice')).toMatchObject({
      key: 'insurer_notice',
      dueOn: '2026-06-08',
      doneOn: '2026-06-04',
      state: 'done',
      daysLeft: null,
    });
    expect(state(deadlines, 'regulator_first').state).not.toBe('not_required');
    expect(state(deadlines, 'regulator_final').state).not.toBe('not_required');
    const { today, ...computed } = deadlines;
    expect(computed).toEqual(computeDeadlines(await facts(), today));

    // Malicious: the final report gets 60 days; both reports done once dated.
    await admin.ok('mutate', 'incident.updateTracking', {
      ...tracking,
      malicious: true,
      regulatorFirstReportOn: '2026-06-06',
      regulatorFinalReportOn: '2026-07-20',
    });
    deadlines = await admin.ok('query', 'incident.deadlines', { id });
    expect(deadlines.triggers).toEqual(['sensitive_data', 'malicious']);
    expect(state(deadlines, 'regulator_first')).toMatchObject({ state: 'done', doneOn: '2026-06-06' });
    expect(state(deadlines, 'regulator_final')).toMatchObject({ state: 'done', doneOn: '2026-07-20', dueOn: '2026-07-31' });

    const timeline = await admin.ok('query', 'incident.timeline', { id });
    expect(timeline.filter((e) => e.kind === 'fact').map((e) => [e.fact, e.on])).toEqual([
      ['occurred', '2026-06-01'],
      ['discovered', '2026-06-02'],
      ['insurer_notified', '2026-06-04'],
      ['regulator_first', '2026-06-06'],
      ['regulator_final', '2026-07-20'],
    ]);

    const log = await admin.ok('query', 'audit.list', { incidentId: id });
    expect(log[1]).toMatchObject({
      entityType: 'incident',
      action: 'update',
      actorName: '対応 太郎',
      before: { sensitiveData: false, insurerNotifiedOn: null },
      after: { sensitiveData: true, insurerNotifiedOn: '2026-06-04' },
    });
  });
});

describe('the finance and broker work lists', () => {
  it('filters the ledger and its totals by approval and by the broker’s decision', async () => {
    const server2 = await startTestServer();
    try {
      const a = await signUpCompany(server2.url, 'Lists');
      const { incidentId, costId } = await setUpIncident(a.client, a.companyId);
      const second = await a.client.ok('mutate', 'cost.create', { incidentId, ...COST, amount: 200_000 });
      await a.client.ok('mutate', 'cost.create', { incidentId, ...COST, stage: 'estimate', amount: 30_000 });
      await a.client.ok('mutate', 'cost.approve', { ids: [costId], approved: true });
      const list = async (filter: object) => (await a.client.ok('query', 'cost.list', { incidentId, ...filter })).items.map((l) => l.amount).sort();
      const totals = async (filter: object) => await a.client.ok('query', 'cost.totals', { incidentId, ...filter });
      expect(await list({ approval: 'approved' })).toEqual([COST.amount]);
      expect(await list({ approval: 'unapproved' })).toEqual([200_000, 30_000].sort());
      expect(await totals({ approval: 'unapproved' })).toMatchObject({ count: 2, claimedAmount: 200_000, projectedAmount: 230_000 });
      // Nothing is reviewed before a broker decides: every line is on the broker's list.
      expect(await list({ review: 'unreviewed' })).toHaveLength(3);
      expect(await list({ review: 'disallow' })).toEqual([]);
      // A broker disallows the second line of a submitted claim.
      const broker = new ApiClient(server2.url);
      await broker.ok('mutate', 'auth.signup', {
        email: 'lists-broker@example.jp',
        password: 'correct horse battery',
        name: '代理店',
        companyName: '代理店',
        kind: 'broker',
      });
      await a.client.ok('mutate', 'company.grantBroker', { companyId: a.companyId, brokerEmail: 'lists-broker@example.jp' });
      const pkg = await a.client.ok('mutate', 'claim.export', { incidentId });
      await a.client.ok('mutate', 'claim.submit', { incidentId, packageId: pkg.packageId });
      await broker.ok('mutate', 'review.decide', { costId: second.id, decision: 'disallow', comment: '対象外の作業です' });
      expect(await list({ review: 'disallow' })).toEqual([200_000]);
      expect(await list({ review: 'unreviewed' })).toEqual([COST.amount, 30_000].sort());
      expect(await totals({ review: 'disallow' })).toMatchObject({ count: 1, claimedAmount: 200_000 });
      // A filter that is not one of the lists is a bad request naming it.
      expect((await a.client.queryRaw('cost.list', { incidentId, review: 'maybe' })).error?.message).toContain('review:');
    } finally {
      await server2.close();
    }
  });
});
