// In-app notifications: deadline notices are raised once per deadline and state, reading marks them,
// and nobody reads or marks another user's notices.
import { at, atLeast, must } from '../support/at.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInJapan } from '../../shared/dates.ts';
import { POLICY } from '../support/fixtures.ts';
import { signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>>;
let b: Awaited<ReturnType<typeof signUpCompany>>;
let incidentId: string;

const deadlineNotices = async (client = a.client) =>
  (await client.ok('query', 'notification.list')).filter((n) => n.kind === 'deadline' && n.incidentId === incidentId);

beforeAll(async () => {
  server = await startTestServer();
  a = await signUpCompany(server.url, 'NotifyA');
  b = await signUpCompany(server.url, 'NotifyB');
  // Discovered ten days ago with more than 1,000 persons: the insurer notice (day 7) and the regulator's
  // first report (day 5) are late, the final report and the persons' notice (day 30) are upcoming.
  const today = todayInJapan();
  const policy = await a.client.ok('mutate', 'policy.create', { companyId: a.companyId, ...POLICY, periodStart: addDays(today, -100) });
  const discoveredOn = addDays(today, -10);
  const incident = await a.client.ok('mutate', 'incident.create', {
    policyId: policy.id,
    title: '通知テスト',
    kind: 'leak',
    occurredOn: discoveredOn,
    discoveredOn,
    recordsAffected: 5000,
  });
  incidentId = incident.id;
});
afterAll(async () => await server.close());

describe('deadline notices', () => {
  it('raises one notice per late deadline, and asking again adds none', async () => {
    const first = await deadlineNotices();
    expect(first.map((n) => [n.params.deadline, n.params.state]).sort()).toEqual([
      ['insurer_notice', 'late'],
      ['regulator_first', 'late'],
    ]);
    expect(at(first, 0).params.title).toBe('通知テスト');
    const before = await snapshot(server.db);
    expect((await a.client.ok('query', 'notification.unreadCount')).unread).toBe(2);
    expect(await deadlineNotices()).toHaveLength(2);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('raises nothing for duties already done, and a due-soon notice for what is close', async () => {
    // Discovered 25 days ago, notified and first report filed: the final report and the persons' notice
    // (both day 30, counting the discovery as day 1) are near.
    const discoveredOn = addDays(todayInJapan(), -25);
    const [policy] = atLeast(await a.client.ok('query', 'policy.list', { companyId: a.companyId }), 1);
    const second = await a.client.ok('mutate', 'incident.create', {
      policyId: policy.id,
      title: '二件目',
      kind: 'leak',
      occurredOn: discoveredOn,
      discoveredOn,
      recordsAffected: 5000,
    });
    await a.client.ok('mutate', 'incident.updateTracking', {
      id: second.id,
      sensitiveData: false,
      financialHarm: false,
      malicious: false,
      insurerNotifiedOn: addDays(discoveredOn, 1),
      regulatorFirstReportOn: addDays(discoveredOn, 3),
      regulatorFinalReportOn: null,
    });
    const notices = (await a.client.ok('query', 'notification.list')).filter((n) => n.incidentId === second.id);
    expect(notices.map((n) => [n.params.deadline, n.params.state, n.params.dueOn]).sort()).toEqual([
      ['persons_notice', 'due_soon', addDays(discoveredOn, 29)],
      ['regulator_final', 'due_soon', addDays(discoveredOn, 29)],
    ]);
  });

  it('shows another company nothing of it', async () => {
    expect(await deadlineNotices(b.client)).toEqual([]);
    expect((await b.client.ok('query', 'notification.unreadCount')).unread).toBe(0);
  });
});

describe('marking read', () => {
  it('leaves another user’s notices unread when their ids are sent', async () => {
    const [notice] = atLeast(await deadlineNotices(), 1);
    expect(await b.client.ok('mutate', 'notification.markRead', { ids: [notice.id] })).toEqual({ marked: 0 });
    expect((await a.client.ok('query', 'notification.unreadCount')).unread).toBe(4);
  });

  it('marks the given notices, then all', async () => {
    const [notice] = atLeast(await deadlineNotices(), 1);
    expect(await a.client.ok('mutate', 'notification.markRead', { ids: [notice.id] })).toEqual({ marked: 1 });
    expect((await a.client.ok('query', 'notification.unreadCount')).unread).toBe(3);
    expect(
      must(
        (await deadlineNotices()).find((n) => n.id === notice.id),
        'the notice',
      ).readAt,
    ).not.toBeNull();
    expect(await a.client.ok('mutate', 'notification.markRead', {})).toEqual({ marked: 3 });
    expect((await a.client.ok('query', 'notification.unreadCount')).unread).toBe(0);
  });
});
