// Sessions end on the server: after idle and absolute timeouts, on sign-out everywhere, and when the
// password changes (a stolen cookie stops working). Timeouts are shown by moving a session's clock back
// in the database, as if the time had passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/auth/session.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { at } from '../support/at.ts';
import { sqlRows, sqlRun } from '../support/sql.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => await server.close());

const PASSWORD = 'correct horse battery';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const tokenOf = (client: ApiClient) => at((client.cookie ?? '').split('='), 1);
const sessionRow = async (client: ApiClient) =>
  (
    await sqlRows<{ created_at: string; last_seen_at: string; expires_at: string }>(
      server.db,
      'SELECT created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = ?',
      hashToken(tokenOf(client)),
    )
  )[0];
const setSession = (client: ApiClient, column: 'last_seen_at' | 'expires_at', value: string) =>
  sqlRun(server.db, `UPDATE sessions SET ${column} = ? WHERE token_hash = ?`, value, hashToken(tokenOf(client)));

async function secondDevice(email: string, password = PASSWORD) {
  const device = new ApiClient(server.url);
  await device.ok('mutate', 'auth.login', { email, password });
  return device;
}

describe('timeouts', () => {
  it('ends a session left idle for 60 minutes, and keeps one used 59 minutes ago (restarting its clock)', async () => {
    const { client, email } = await signUpCompany(server.url);
    const idle = await secondDevice(email);
    await setSession(client, 'last_seen_at', minutesAgo(59));
    await setSession(idle, 'last_seen_at', minutesAgo(61));

    expect((await client.query('auth.me')).data.email).toBe(email);
    expect((await idle.query('auth.me')).error?.code).toBe('UNAUTHORIZED');
    // The request just made counts as activity: the idle clock starts again from now.
    expect(Date.now() - Date.parse((await sessionRow(client))!.last_seen_at)).toBeLessThan(5_000);
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const { client, email } = await signUpCompany(server.url);
    const row = (await sessionRow(client))!;
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(12 * 3_600_000);
    // The cookie's own lifetime says the same to the browser.
    const fresh = await new ApiClient(server.url).mutate('auth.login', { email, password: PASSWORD });
    expect(fresh.headers.get('set-cookie')).toMatch(/Max-Age=43(19[0-9]|200);/);

    await setSession(client, 'expires_at', minutesAgo(1));
    expect((await client.query('auth.me')).error?.code).toBe('UNAUTHORIZED');
  });

  it('writes the last-seen time at most once a minute, not on every request', async () => {
    const { client } = await signUpCompany(server.url);
    const seen = minutesAgo(0.5);
    await setSession(client, 'last_seen_at', seen);
    await client.ok('query', 'auth.me');
    await client.ok('query', 'auth.me');
    expect((await sessionRow(client))!.last_seen_at).toBe(seen);
  });

  it('refuses the file routes too once the session has ended', async () => {
    const { client } = await signUpCompany(server.url);
    await setSession(client, 'last_seen_at', minutesAgo(120));
    const download = await fetch(`${server.url}/api/attachments/00000000-0000-4000-8000-000000000000`, { headers: { cookie: client.cookie! } });
    expect(download.status).toBe(401);
  });

  it('follows the policy the server was started with (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS), on the API and the file routes', async () => {
    const strict = await startTestServer({ sessionPolicy: { idleMs: 10 * 60_000, maxMs: 60 * 60_000 } });
    try {
      const { client } = await signUpCompany(strict.url, 'Strict');
      const row = at(
        await sqlRows<{ created_at: string; expires_at: string }>(
          strict.db,
          'SELECT created_at, expires_at FROM sessions WHERE token_hash = ?',
          hashToken(tokenOf(client)),
        ),
        0,
      );
      expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(60 * 60_000);
      await sqlRun(strict.db, 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?', minutesAgo(11), hashToken(tokenOf(client)));
      expect((await client.query('auth.me')).error?.code).toBe('UNAUTHORIZED');
      const download = await fetch(`${strict.url}/api/attachments/00000000-0000-4000-8000-000000000000`, { headers: { cookie: client.cookie ?? '' } });
      expect(download.status).toBe(401);
    } finally {
      await strict.close();
    }
    // The same 11 minutes on a server with the defaults (60 minutes) leave the session signed in.
    const { client } = await signUpCompany(server.url);
    await setSession(client, 'last_seen_at', minutesAgo(11));
    expect((await client.query('auth.me')).error).toBeUndefined();
  });
});

describe('sign out everywhere', () => {
  it('ends the sessions of every device of the user, and no one else’s', async () => {
    const { client, email } = await signUpCompany(server.url);
    const phone = await secondDevice(email);
    const other = await signUpCompany(server.url, 'B');

    expect(await client.ok('mutate', 'auth.logoutEverywhere')).toEqual({ endedSessions: 2 });
    expect(client.cookie).toBeNull();
    const stolen = new ApiClient(server.url);
    stolen.cookie = phone.cookie;
    expect((await stolen.query('auth.me')).error?.code).toBe('UNAUTHORIZED');
    expect((await other.client.query('auth.me')).data.email).toBe(other.email);
  });
});

describe('password change', () => {
  it('ends every other session, keeps this device signed in, and the new password is the one that works', async () => {
    const { client, email } = await signUpCompany(server.url);
    const laptop = await secondDevice(email);
    const stolenCookie = laptop.cookie;
    const before = client.cookie;

    expect(await client.ok('mutate', 'auth.changePassword', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' })).toEqual({
      endedSessions: 1,
    });
    // This device got a new session; the old token is gone from the server.
    expect(client.cookie).not.toBe(before);
    expect((await client.query('auth.me')).data.email).toBe(email);
    const replay = new ApiClient(server.url);
    replay.cookie = before;
    expect((await replay.query('auth.me')).error?.code).toBe('UNAUTHORIZED');
    replay.cookie = stolenCookie;
    expect((await replay.query('auth.me')).error?.code).toBe('UNAUTHORIZED');

    expect((await new ApiClient(server.url).mutate('auth.login', { email, password: PASSWORD })).error?.code).toBe('UNAUTHORIZED');
    await secondDevice(email, 'a brand new passphrase');
  });

  it('refuses a wrong current password, a short or unchanged new one, and changes nothing', async () => {
    const { client } = await signUpCompany(server.url);
    const before = await snapshot(server.db);
    const wrong = await client.mutate('auth.changePassword', { currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.error?.message).toBe('currentPassword: is not your current password');
    const short = await client.mutate('auth.changePassword', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.error?.fieldErrors).toEqual({ newPassword: 'must be at least 10 characters' });
    const same = await client.mutate('auth.changePassword', { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.error?.fieldErrors).toEqual({ newPassword: 'must differ from the current password' });
    expect(await snapshot(server.db)).toBe(before);
    expect((await client.query('auth.me')).error).toBeUndefined();
  });

  it('limits guesses of the current password like sign-in does', async () => {
    const { client } = await signUpCompany(server.url);
    const answers = [];
    for (let i = 0; i < 7; i += 1)
      answers.push(await client.mutate('auth.changePassword', { currentPassword: `guess number ${i}`, newPassword: 'a brand new passphrase' }));
    expect(answers.slice(0, 6).map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(at(answers, 6).error?.code).toBe('TOO_MANY_REQUESTS');
    // Even the right password waits: the limit answers before the password is checked.
    const right = await client.mutate('auth.changePassword', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(right.error?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('needs a session', async () => {
    const answer = await new ApiClient(server.url).mutate('auth.changePassword', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(answer.error?.code).toBe('UNAUTHORIZED');
  });
});

describe('who a request is from', () => {
  // The session, its user and the user's companies are read in one query (server/context.ts): each company
  // must come back once, and a user with none is still signed in.
  it('carries every company the user belongs to as it is now, and stays signed in with none', async () => {
    const a = await signUpCompany(server.url, 'A');
    const b = await signUpCompany(server.url, 'B');
    const { token } = await b.client.ok('mutate', 'company.invite', { companyId: b.companyId, role: 'finance' });
    await a.client.ok('mutate', 'auth.joinWithInvite', { token });
    const companies = async () => (await a.client.ok('query', 'auth.me')).memberships.map((m) => [m.companyId, m.role]).sort();
    expect(await companies()).toEqual(
      [
        [a.companyId, 'admin'],
        [b.companyId, 'finance'],
      ].sort(),
    );

    await b.client.ok('mutate', 'company.removeMember', { companyId: b.companyId, userId: a.userId });
    expect(await companies()).toEqual([[a.companyId, 'admin']]);

    // Leaving the last company (done in the database: the app keeps an admin in every company).
    await sqlRun(server.db, 'DELETE FROM memberships WHERE user_id = ?', a.userId);
    const me = await a.client.ok('query', 'auth.me');
    expect(me).toMatchObject({ userId: a.userId, email: a.email, memberships: [] });
  });

  it('answers no user for a disabled account, whatever its cookie', async () => {
    const { client, userId } = await signUpCompany(server.url);
    await sqlRun(server.db, 'UPDATE users SET disabled_at = ? WHERE id = ?', new Date().toISOString(), userId);
    expect((await client.query('auth.me')).error?.code).toBe('UNAUTHORIZED');
  });
});
