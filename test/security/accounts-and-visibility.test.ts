// Issue 13, over real HTTP: an invitation is redeemed once however many accept it at the same moment; a
// sign-up with an existing email answers as a failed sign-in (no 409 telling which emails have accounts);
// a second broker reads nothing of what was submitted to the first (claim.status, incident.timeline,
// notifications). docs/decisions/017-invitations-lockout-signup-and-demo.md.
import type { MutationPath } from '../support/api-types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dummyPasswordHash, verifyPassword } from '../../server/auth/password.ts';
import { verifyChain } from '../../server/audit-chain.ts';
import { COST, INCIDENT, POLICY } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer, type WireBody } from '../support/server.ts';
import { at, must } from '../support/at.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => await server.close());

const PASSWORD = 'correct horse battery';
const count = (sql: string, ...params: unknown[]) => (server.db.$client.prepare(sql).get(...params) as { n: number }).n;

describe('an invitation without an email, accepted five times at once', () => {
  it('lets exactly one new account join; the others get NOT_FOUND and leave no account or membership', async () => {
    const admin = await signUpCompany(server.url, 'Race');
    const { token } = await admin.client.ok('mutate', 'company.invite', { companyId: admin.companyId, role: 'finance' });
    const stamp = Date.now();
    const emails = Array.from({ length: 5 }, (_, i) => `racer-${i}-${stamp}@example.jp`);
    const clients = emails.map(() => new ApiClient(server.url));
    const answers = await Promise.all(
      clients.map(async (c, i) => await c.mutate('auth.acceptInvite', { token, email: at(emails, i), password: PASSWORD, name: `同時 ${i}` })),
    );

    const winners = answers.filter((a) => !a.error);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((a) => a.error)) {
      expect(loser.status).toBe(404);
      expect(loser.error).toMatchObject({ code: 'NOT_FOUND', message: 'This invitation was already used' });
    }
    // Only the winner is signed in, and only its account exists.
    expect(clients.filter((c) => c.cookie !== null)).toHaveLength(1);
    const placeholders = emails.map(() => '?').join(',');
    expect(count(`SELECT COUNT(*) AS n FROM users WHERE email IN (${placeholders})`, ...emails)).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM memberships WHERE company_id = ?', admin.companyId)).toBe(2);
    expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE company_id = ? AND action = 'join'", admin.companyId)).toBe(1);
    const invitation = server.db.$client.prepare('SELECT accepted_by FROM invitations WHERE company_id = ?').get(admin.companyId) as { accepted_by: string };
    expect(invitation.accepted_by).toBe(at(winners, 0).data.userId);
    const members = await admin.client.ok('query', 'company.members', { companyId: admin.companyId });
    expect(members.members.map((m) => m.role).sort()).toEqual(['admin', 'finance']);
    expect((await verifyChain(server.db, admin.companyId)).ok).toBe(true);
  });

  it('lets exactly one of five signed-in users join with it', async () => {
    const admin = await signUpCompany(server.url, 'Join');
    const { token } = await admin.client.ok('mutate', 'company.invite', { companyId: admin.companyId, role: 'responder' });
    const users = await Promise.all(Array.from({ length: 5 }, async (_, i) => await signUpCompany(server.url, `Joiner${i}`)));
    const answers = await Promise.all(users.map(async (u) => await u.client.mutate('auth.joinWithInvite', { token })));
    expect(answers.filter((a) => !a.error)).toHaveLength(1);
    expect(answers.filter((a) => a.error?.code === 'NOT_FOUND')).toHaveLength(4);
    expect(count('SELECT COUNT(*) AS n FROM memberships WHERE company_id = ?', admin.companyId)).toBe(2);
  });

  it('says "already used" to whoever comes later', async () => {
    const admin = await signUpCompany(server.url, 'Later');
    const { token } = await admin.client.ok('mutate', 'company.invite', { companyId: admin.companyId, role: 'finance' });
    await new ApiClient(server.url).ok('mutate', 'auth.acceptInvite', { token, email: `first-${Date.now()}@example.jp`, password: PASSWORD, name: '先着' });
    const before = await snapshot(server.db);
    const late = await new ApiClient(server.url).query('auth.invitation', { token });
    expect(late.error).toMatchObject({ code: 'NOT_FOUND', message: 'This invitation was already used' });
    const accept = await new ApiClient(server.url).mutate('auth.acceptInvite', {
      token,
      email: `second-${Date.now()}@example.jp`,
      password: PASSWORD,
      name: '後着',
    });
    expect(accept.error).toMatchObject({ code: 'NOT_FOUND', message: 'This invitation was already used' });
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe('sign-up with an email that has an account', () => {
  /** The raw answer, without the procedure's name (which the caller knows anyway). */
  async function rawAnswer(procedure: string, input: unknown) {
    const response = await fetch(`${server.url}/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as WireBody;
    delete body.error?.data?.path;
    return { status: response.status, body, setCookie: response.headers.get('set-cookie') };
  }

  it('answers a wrong password exactly as a failed sign-in does — status and body — and changes nothing', async () => {
    const { email } = await signUpCompany(server.url, 'Exists');
    const before = await snapshot(server.db);
    const signup = await rawAnswer('auth.signup', { email, password: 'not the password at all', name: '誰か', companyName: '偽会社' });
    const login = await rawAnswer('auth.login', { email, password: 'not the password at all' });
    const unknown = await rawAnswer('auth.login', { email: `nobody-${Date.now()}@example.jp`, password: 'not the password at all' });
    expect(signup.status).toBe(401);
    expect(signup).toEqual(login);
    expect(signup).toEqual(unknown);
    expect(signup.body.error?.message).toBe('Wrong email or password');
    expect(signup.setCookie).toBeNull();
    expect(await snapshot(server.db)).toBe(before);
  });

  it('is counted by the sign-in limits: failures there and at sign-in add up to the same wait', async () => {
    const { email } = await signUpCompany(server.url, 'Counted');
    for (let i = 0; i < 3; i += 1) {
      expect((await new ApiClient(server.url).mutate('auth.signup', { email, password: `wrong guess ${i}!!`, name: 'x', companyName: 'y' })).status).toBe(401);
      expect((await new ApiClient(server.url).mutate('auth.login', { email, password: `wrong guess ${i}!!` })).status).toBe(401);
    }
    for (const blocked of [
      await new ApiClient(server.url).mutate('auth.signup', { email, password: PASSWORD, name: 'x', companyName: 'y' }),
      await new ApiClient(server.url).mutate('auth.login', { email, password: PASSWORD }),
    ]) {
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('retry-after')).toBe('1');
    }
  });

  it('takes an argon2 check for an existing email as for a new one, so the time tells nothing', async () => {
    // The fastest of three direct checks: a floor that a shortcut (no argon2 run) would fall far below.
    const hash = await dummyPasswordHash();
    const times: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const start = performance.now();
      await verifyPassword(hash, 'some password');
      times.push(performance.now() - start);
    }
    const floor = Math.min(...times) / 2;
    const { email } = await signUpCompany(server.url, 'Timed');
    const timed = async (procedure: MutationPath, input: unknown) => {
      const start = performance.now();
      await new ApiClient(server.url).mutateRaw(procedure, input);
      return performance.now() - start;
    };
    expect(await timed('auth.signup', { email, password: 'not the password at all', name: 'x', companyName: 'y' })).toBeGreaterThan(floor);
    expect(await timed('auth.signup', { email: `fresh-${Date.now()}@example.jp`, password: PASSWORD, name: 'x', companyName: 'y' })).toBeGreaterThan(floor);
    expect(await timed('auth.login', { email: `nobody-${Date.now()}@example.jp`, password: 'not the password at all' })).toBeGreaterThan(floor);
  });

  it('with the account’s own password, signs in and adds the new company to that account as its admin', async () => {
    const first = await signUpCompany(server.url, 'Owner');
    const client = new ApiClient(server.url);
    const answer = await client.ok('mutate', 'auth.signup', { email: first.email, password: PASSWORD, name: '別名', companyName: '二社目', kind: 'broker' });
    expect(answer.userId).toBe(first.userId);
    expect(answer.companyId).not.toBe(first.companyId);
    const me = await client.ok('query', 'auth.me');
    expect(me.memberships.map((m) => [m.companyName, m.companyKind, m.role]).sort()).toEqual([
      ['Owner社', 'policyholder', 'admin'],
      ['二社目', 'broker', 'admin'],
    ]);
    // The account keeps its name and password.
    expect(me.name).toBe('管理者 Owner');
    expect(await verifyChain(server.db, answer.companyId)).toMatchObject({ ok: true, entries: 1 });
  });
});

describe('two brokers of one client', () => {
  const NOTE = '社内限り: 見舞金の上限は交渉中';
  let client: Awaited<ReturnType<typeof signUpCompany>>;
  let first: Awaited<ReturnType<typeof signUpCompany>>;
  let second: Awaited<ReturnType<typeof signUpCompany>>;
  let stranger: Awaited<ReturnType<typeof signUpCompany>>;
  let incidentId: string;
  let packageId: string;
  let totalPayable: number;

  async function brokerCompany(label: string) {
    const broker = new ApiClient(server.url);
    const email = `${label}-${Date.now()}@example.jp`;
    const { userId, companyId } = await broker.ok('mutate', 'auth.signup', {
      email,
      password: PASSWORD,
      name: `${label} 担当`,
      companyName: `${label}保険サービス`,
      kind: 'broker',
    });
    return { client: broker, userId, companyId, email };
  }

  beforeAll(async () => {
    client = await signUpCompany(server.url, 'Client');
    first = await brokerCompany('FirstBroker');
    second = await brokerCompany('SecondBroker');
    stranger = await brokerCompany('Stranger');
    for (const broker of [first, second]) await client.client.ok('mutate', 'company.grantBroker', { companyId: client.companyId, brokerEmail: broker.email });
    const policy = await client.client.ok('mutate', 'policy.create', { companyId: client.companyId, ...POLICY });
    ({ id: incidentId } = await client.client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT }));
    await client.client.ok('mutate', 'cost.create', { incidentId, ...COST });
    ({ packageId } = await client.client.ok('mutate', 'claim.export', { incidentId }));
    await client.client.ok('mutate', 'claim.submit', { incidentId, packageId, brokerCompanyId: first.companyId, note: NOTE });
    await first.client.ok('mutate', 'claim.setStatus', { incidentId, status: 'under_review' });
    totalPayable = must((await client.client.ok('query', 'claim.status', { incidentId })).claimedAmount, 'the claimed amount');
    expect(totalPayable).toBeGreaterThan(0);
  });

  /** Nothing of the first broker's submission in an answer: its name, people, package, total or note. */
  function expectNothingOfTheFirst(answer: unknown) {
    const text = JSON.stringify(answer);
    for (const secret of [NOTE, packageId, first.companyId, 'FirstBroker保険サービス', 'FirstBroker 担当', String(totalPayable)])
      expect(text).not.toContain(secret);
  }

  it('shows the second broker no event, broker, package, total or note in claim.status', async () => {
    const status = await second.client.ok('query', 'claim.status', { incidentId });
    expect(status).toMatchObject({ viewer: 'broker', broker: null, events: [], claimedAmount: null, submittedVersion: null });
    expectNothingOfTheFirst(status);
  });

  it('shows the second broker none of it in the incident’s timeline', async () => {
    const timeline = await second.client.ok('query', 'incident.timeline', { id: incidentId });
    expect(timeline.filter((e) => e.kind === 'claim' || e.kind === 'package')).toEqual([]);
    expectNothingOfTheFirst(timeline);
  });

  it('still shows the first broker and the client’s members all of it', async () => {
    for (const reader of [first.client, client.client]) {
      const status = await reader.ok('query', 'claim.status', { incidentId });
      expect(status.broker).toEqual({ id: first.companyId, name: 'FirstBroker保険サービス' });
      expect(status.events.map((e) => [e.toStatus, e.packageId, e.note, e.totalPayable])).toEqual([
        ['submitted', packageId, NOTE, totalPayable],
        ['under_review', null, null, null],
      ]);
      const timeline = await reader.ok('query', 'incident.timeline', { id: incidentId });
      expect(timeline.filter((e) => e.kind === 'claim').map((e) => [e.to, e.note])).toEqual([
        ['submitted', NOTE],
        ['under_review', null],
      ]);
    }
  });

  it('answers NOT_FOUND to a broker without a grant', async () => {
    expect((await stranger.client.query('claim.status', { incidentId })).error?.code).toBe('NOT_FOUND');
    expect((await stranger.client.query('incident.timeline', { id: incidentId })).error?.code).toBe('NOT_FOUND');
  });

  it('sends the second broker no notification of the first one’s submission', async () => {
    expect(await second.client.ok('query', 'notification.list')).toEqual([]);
    expect(await second.client.ok('query', 'notification.unreadCount')).toEqual({ unread: 0 });
    const firstNotices = await first.client.ok('query', 'notification.list');
    expect(firstNotices.map((n) => [n.kind, n.params.to])).toEqual([['status', 'submitted']]);
  });

  it('after changes requested and a resubmission to the second broker, each sees only its own part', async () => {
    const request = '第1代理店より: 見積書を添付してください';
    const resubmitNote = '第2代理店へ: 代理店を変更しました';
    await first.client.ok('mutate', 'claim.setStatus', { incidentId, status: 'changes_requested', note: request });
    await client.client.ok('mutate', 'claim.submit', { incidentId, packageId, brokerCompanyId: second.companyId, note: resubmitNote });

    const secondStatus = await second.client.ok('query', 'claim.status', { incidentId });
    expect(secondStatus.broker).toEqual({ id: second.companyId, name: 'SecondBroker保険サービス' });
    expect(secondStatus.events.map((e) => [e.fromStatus, e.toStatus, e.note])).toEqual([['changes_requested', 'submitted', resubmitNote]]);
    expect(JSON.stringify(secondStatus)).not.toContain(request);
    expect(JSON.stringify(await second.client.ok('query', 'incident.timeline', { id: incidentId }))).not.toContain(request);
    expect((await second.client.ok('query', 'notification.list')).map((n) => [n.kind, n.params.to])).toEqual([['status', 'submitted']]);

    // The first broker keeps its own history, and learns nothing of the second's.
    const firstStatus = await first.client.ok('query', 'claim.status', { incidentId });
    expect(firstStatus.broker).toBeNull();
    expect(firstStatus.events.map((e) => e.toStatus)).toEqual(['submitted', 'under_review', 'changes_requested']);
    for (const answer of [
      firstStatus,
      await first.client.ok('query', 'incident.timeline', { id: incidentId }),
      await first.client.ok('query', 'notification.list'),
    ]) {
      const text = JSON.stringify(answer);
      for (const secret of [resubmitNote, second.companyId, 'SecondBroker']) expect(text).not.toContain(secret);
    }
    expect((await first.client.ok('query', 'notification.list')).map((n) => [n.kind, n.params.to])).toEqual([['status', 'submitted']]);

    // The client's members read the whole journey.
    const all = await client.client.ok('query', 'claim.status', { incidentId });
    expect(all.events.map((e) => e.toStatus)).toEqual(['submitted', 'under_review', 'changes_requested', 'submitted']);
  });
});
