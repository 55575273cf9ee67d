// Issue 13, over real HTTP: a stranger who guesses once each time the wait has passed keeps the account
// locked for strangers, but never for its owner's browser (the device cookie a sign-in sets), and once
// the guessing stops and the wait has passed, a correct password gets in from anywhere. The throttle runs
// on a clock the test moves. docs/decisions/017-invitations-lockout-signup-and-demo.md.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, signUpCompany, startTestServer, type TestServer } from '../support/server.ts';
import { atLeast } from '../support/at.ts';

let server: TestServer;
let now = Date.parse('2026-06-01T09:00:00Z');
const advanceSeconds = (seconds: number) => (now += seconds * 1000);

// A server each: the guessing below also locks the tests' shared address (127.0.0.1) for a while.
beforeEach(async () => {
  server = await startTestServer({ loginClock: () => now });
});
afterEach(async () => await server.close());

const PASSWORD = 'correct horse battery';
const login = async (client: ApiClient, email: string, password: string) => await client.mutate('auth.login', { email, password });

describe('the device cookie', () => {
  it('is set at sign-in: HttpOnly, SameSite=Lax, only for the API, long-lived', async () => {
    const answer = await new ApiClient(server.url).mutate('auth.signup', {
      email: `cookie-${Date.now()}@example.jp`,
      password: PASSWORD,
      name: 'x',
      companyName: 'y',
    });
    const device = answer.headers.getSetCookie().find((c) => c.startsWith('bct_device='))!;
    expect(device).toMatch(/^bct_device=[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}; Path=\/trpc; HttpOnly; SameSite=Lax; Max-Age=15552000$/);
  });

  it('stays at sign-out, and is not a session: alone it reads nothing', async () => {
    const { client } = await signUpCompany(server.url, 'Out');
    await client.ok('mutate', 'auth.logout');
    expect(client.cookie).toBeNull();
    expect(client.deviceCookie).not.toBeNull();
    expect((await client.query('auth.me')).error?.code).toBe('UNAUTHORIZED');
  });
});

describe('a lock-out kept alive by a wrong guess every 15 minutes', () => {
  it('never stops the owner from a known device; after the guessing stops and the wait passes, a correct password gets in', async () => {
    const owner = await signUpCompany(server.url, 'Owner');
    await owner.client.ok('mutate', 'auth.logout');
    const stranger = () => new ApiClient(server.url);

    // The guesser: five free failures, then one more each time the wait has passed (1 s, 2 s, … 15 min).
    let wait = 0;
    let rounds = 0;
    let atCap = 0;
    while (atCap < 4 * 24) {
      advanceSeconds(wait);
      expect((await login(stranger(), owner.email, `guess ${rounds}`)).status).toBe(401);
      rounds += 1;
      if (rounds <= 5) continue;
      // Someone without the device cookie, even with the right password, must wait…
      const blocked = await login(stranger(), owner.email, PASSWORD);
      expect(blocked.status).toBe(429);
      wait = Number(blocked.headers.get('retry-after'));
      if (wait === 900) atCap += 1;
      // …but the owner's browser signs in at once, every time.
      expect((await login(owner.client, owner.email, PASSWORD)).error).toBeUndefined();
      expect((await owner.client.ok('query', 'auth.me')).email).toBe(owner.email);
      await owner.client.ok('mutate', 'auth.logout');
    }
    expect(wait).toBe(900);
    // A day at the cap: the owner signed in every 15 minutes of it, and strangers were still kept out.
    expect((await login(stranger(), owner.email, PASSWORD)).status).toBe(429);

    // The guessing stops: once the wait has passed, a correct password gets in from a new browser.
    advanceSeconds(899);
    expect((await login(stranger(), owner.email, PASSWORD)).status).toBe(429);
    advanceSeconds(1);
    const fresh = stranger();
    expect((await login(fresh, owner.email, PASSWORD)).error).toBeUndefined();
    expect((await fresh.ok('query', 'auth.me')).email).toBe(owner.email);
  });

  it('does not let a cookie of another account, or a forged one, past the lock', async () => {
    const victim = await signUpCompany(server.url, 'Victim');
    const attacker = await signUpCompany(server.url, 'Attacker');
    await attacker.client.ok('mutate', 'auth.logout');
    for (let i = 0; i < 6; i += 1) await login(new ApiClient(server.url), victim.email, `guess ${i}`);
    expect((await login(attacker.client, victim.email, PASSWORD)).status).toBe(429);

    // The attacker's own token with the victim's id in it: the signature no longer matches.
    const [, token] = atLeast(attacker.client.deviceCookie!.split('='), 2);
    const [, nonce, mac] = token.split('.');
    const forged = new ApiClient(server.url);
    forged.deviceCookie = `bct_device=${victim.userId}.${nonce}.${mac}`;
    expect((await login(forged, victim.email, PASSWORD)).status).toBe(429);
  });

  it('counts a known device’s own wrong passwords against that device only', async () => {
    const owner = await signUpCompany(server.url, 'Typo');
    await owner.client.ok('mutate', 'auth.logout');
    for (let i = 0; i < 6; i += 1) expect((await login(owner.client, owner.email, `typo ${i}`)).status).toBe(401);
    const waiting = await login(owner.client, owner.email, PASSWORD);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    // The account is not locked for the owner's other browser (here, one without the cookie).
    const other = new ApiClient(server.url);
    expect((await login(other, owner.email, PASSWORD)).error).toBeUndefined();
    advanceSeconds(1);
    expect((await login(owner.client, owner.email, PASSWORD)).error).toBeUndefined();
  });
});
