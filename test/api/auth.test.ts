// Accounts and sessions: hashed passwords and tokens, the cookie, sign-out, cross-site refusal, invitations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { sqlRows } from '../support/sql.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => await server.close());

describe('sign-up and sign-in', () => {
  it('creates the company with the user as admin and signs in with an HttpOnly SameSite cookie', async () => {
    const client = new ApiClient(server.url);
    const answer = await client.mutate('auth.signup', { email: 'Owner@Example.JP', password: 'a long password', name: '山田', companyName: '株式会社テスト' });
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^bct_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toMatch(/Max-Age=\d+/);
    const me = await client.ok('query', 'auth.me');
    expect(me).toMatchObject({
      email: 'owner@example.jp',
      name: '山田',
      memberships: [{ companyId: answer.data.companyId, companyName: '株式会社テスト', role: 'admin' }],
    });
  });

  it('stores an argon2id hash with OWASP parameters and only a hash of the session token', async () => {
    const { client, email } = await signUpCompany(server.url);
    const token = client.cookie!.split('=')[1];
    const [user] = await sqlRows<{ password_hash: string }>(server.db, 'SELECT password_hash FROM users WHERE email = ?', email);
    expect(user?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await snapshot(server.db)).not.toContain(token);
    expect(await snapshot(server.db)).not.toContain('correct horse battery');
  });

  it('refuses a wrong password or unknown email with the same message', async () => {
    const { email } = await signUpCompany(server.url);
    const wrong = await new ApiClient(server.url).mutate('auth.login', { email, password: 'wrong password!' });
    const unknown = await new ApiClient(server.url).mutate('auth.login', { email: 'nobody@example.jp', password: 'wrong password!' });
    expect(wrong.error).toEqual({ code: 'UNAUTHORIZED', message: 'Wrong email or password', fieldErrors: undefined });
    expect(unknown.error).toEqual(wrong.error);
  });

  it('refuses a second account with the same email as a failed sign-in (never 409) and changes nothing', async () => {
    const { email } = await signUpCompany(server.url);
    const before = await snapshot(server.db);
    const again = await new ApiClient(server.url).mutate('auth.signup', {
      email: email.toUpperCase(),
      password: 'a long password',
      name: 'x',
      companyName: 'y',
    });
    expect(again.status).toBe(401);
    expect(again.error).toEqual({ code: 'UNAUTHORIZED', message: 'Wrong email or password', fieldErrors: undefined });
    expect(await snapshot(server.db)).toBe(before);
  });

  it('ends the session on the server at sign-out: the old cookie no longer works', async () => {
    const { client } = await signUpCompany(server.url);
    const stolen = client.cookie!;
    await client.ok('mutate', 'auth.logout');
    const replay = new ApiClient(server.url);
    replay.cookie = stolen;
    expect((await replay.query('auth.me')).error?.code).toBe('UNAUTHORIZED');
  });
});

describe('cross-site requests', () => {
  it('refuses a mutation from another origin and changes nothing', async () => {
    const { client } = await signUpCompany(server.url);
    const foreign = new ApiClient(server.url, { origin: 'https://evil.example' });
    foreign.cookie = client.cookie;
    const before = await snapshot(server.db);
    const answer = await foreign.mutate('auth.logout');
    expect(answer.status).toBe(403);
    expect(answer.error?.code).toBe('FORBIDDEN');
    expect(await snapshot(server.db)).toBe(before);
  });

  it('refuses a mutation marked cross-site by the browser even without Origin', async () => {
    const answer = await new ApiClient(server.url, { 'sec-fetch-site': 'cross-site' }).mutate('auth.signup', {
      email: 'x@example.jp',
      password: 'a long password',
      name: 'x',
      companyName: 'y',
    });
    expect(answer.status).toBe(403);
  });

  it('accepts same-origin browser requests and scripts without Origin', async () => {
    const sameOrigin = new ApiClient(server.url, { origin: server.url, 'sec-fetch-site': 'same-origin' });
    const answer = await sameOrigin.mutate('auth.signup', { email: `same-${Date.now()}@example.jp`, password: 'a long password', name: 'x', companyName: 'y' });
    expect(answer.error).toBeUndefined();
  });
});

describe('invitations', () => {
  it('lets an invited person join with the role the admin chose, once', async () => {
    const admin = await signUpCompany(server.url);
    const invite = await admin.client.ok('mutate', 'company.invite', { companyId: admin.companyId, role: 'finance', email: 'keiri@example.jp' });
    expect(invite.invitePath).toBe(`/invite/${invite.token}`);

    const visitor = new ApiClient(server.url);
    expect(await visitor.ok('query', 'auth.invitation', { token: invite.token })).toEqual({ companyName: 'A社', role: 'finance', email: 'keiri@example.jp' });
    const wrongEmail = await visitor.mutate('auth.acceptInvite', { token: invite.token, email: 'other@example.jp', password: 'a long password', name: '経理' });
    expect(wrongEmail.error?.message).toContain('email:');
    await visitor.ok('mutate', 'auth.acceptInvite', { token: invite.token, email: 'keiri@example.jp', password: 'a long password', name: '経理' });
    const me = await visitor.ok('query', 'auth.me');
    expect(me.memberships).toEqual([{ companyId: admin.companyId, companyName: 'A社', companyKind: 'policyholder', role: 'finance' }]);

    const reuse = await new ApiClient(server.url).mutate('auth.acceptInvite', {
      token: invite.token,
      email: 'keiri2@example.jp',
      password: 'a long password',
      name: 'x',
    });
    expect(reuse.error?.code).toBe('NOT_FOUND');
    const members = await admin.client.ok('query', 'company.members', { companyId: admin.companyId });
    expect(members.members.map((m) => m.role).sort()).toEqual(['admin', 'finance']);
  });

  it('never leaves a company without an admin', async () => {
    const admin = await signUpCompany(server.url);
    const answer = await admin.client.mutate('company.changeRole', { companyId: admin.companyId, userId: admin.userId, role: 'finance' });
    expect(answer.error?.code).toBe('BAD_REQUEST');
  });
});
