// Sign-in attempts are limited per account and per address, with a wait that doubles after each further
// failure (server/auth/login-throttle.ts). Over real HTTP: the answer, its Retry-After, and that a
// waiting account is refused even with the right password (no way to test guesses while blocked).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { purgeSignInFailures } from '../../server/auth/failure-store-db.ts';
import { parseTrustedProxies } from '../../server/http/client-address.ts';
import { at, atLeast } from '../support/at.ts';
import { sqlRows } from '../support/sql.ts';
import { ApiClient, signUpCompany, snapshot, startInstancesOnOneDatabase, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => await server.close());

const PASSWORD = 'correct horse battery';
const login = async (email: string, password: string) => await new ApiClient(server.url).mutate('auth.login', { email, password });

describe('per account', () => {
  it('allows five failures, then makes the account wait 1 s, then 2 s', async () => {
    const { email } = await signUpCompany(server.url);
    const before = await snapshot(server.db);
    const failures = [];
    for (let i = 0; i < 6; i += 1) failures.push((await login(email, `wrong guess ${i}`)).error?.code);
    expect(failures).toEqual(Array(6).fill('UNAUTHORIZED'));

    const blocked = await login(email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'Too many failed attempts: try again in 1 s' });
    expect(blocked.headers.get('retry-after')).toBe('1');
    // Nothing else changed. The six wrong guesses (the refused seventh try is not one) are one row per account
    // and one per address, holding only hashes of the email and the address (forgotten by the hourly purge).
    expect(await snapshot(server.db)).toBe(before);
    const counted = await sqlRows<{ scope: string; key_hash: string; failures: number }>(
      server.db,
      'SELECT scope, key_hash, failures FROM sign_in_failures ORDER BY scope',
    );
    expect(counted.map((r) => [r.scope, r.failures])).toEqual([
      ['account', 6],
      ['address', 6],
    ]);
    expect(JSON.stringify(counted)).not.toContain(email);
    expect(counted.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash))).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await login(email, 'wrong guess 7')).error?.code).toBe('UNAUTHORIZED');
    const longer = await login(email, PASSWORD);
    expect(longer.headers.get('retry-after')).toBe('2');

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await login(email, PASSWORD)).error).toBeUndefined();
    // A success clears the account's count: the next mistake is free again.
    expect((await login(email, 'one more typo')).error?.code).toBe('UNAUTHORIZED');
    expect((await login(email, PASSWORD)).error).toBeUndefined();
  });

  it('counts an email however it is capitalised, and unknown emails like known ones', async () => {
    const { email } = await signUpCompany(server.url);
    for (let i = 0; i < 6; i += 1) await login(i % 2 ? email.toUpperCase() : email, `wrong guess ${i}`);
    expect((await login(email.toUpperCase(), PASSWORD)).error?.code).toBe('TOO_MANY_REQUESTS');

    for (let i = 0; i < 6; i += 1) await login('nobody@example.jp', `wrong guess ${i}`);
    expect((await login('nobody@example.jp', 'wrong guess 7')).error?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('does not let a burst of parallel guesses slip past the limit', async () => {
    const { email } = await signUpCompany(server.url);
    const answers = await Promise.all(Array.from({ length: 30 }, async (_, i) => await login(email, `parallel guess ${i}`)));
    const checked = answers.filter((a) => a.error?.code === 'UNAUTHORIZED').length;
    expect(checked).toBe(6);
    expect(answers.filter((a) => a.error?.code === 'TOO_MANY_REQUESTS')).toHaveLength(24);
  });
});

describe('per address', () => {
  it('makes an address that fails on 20 accounts wait, whichever account it tries next', async () => {
    const victim = await signUpCompany(server.url);
    for (let i = 0; i < 21; i += 1) expect((await login(`someone-${i}@example.jp`, 'a guess')).error?.code).toBe('UNAUTHORIZED');
    const next = await login(victim.email, PASSWORD);
    expect(next.error?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('behind a trusted balancer, counts the address it forwarded: one office’s failures leave another office alone', async () => {
    const balanced = await startTestServer({ trustedProxies: parseTrustedProxies('127.0.0.1') });
    try {
      const from = (address: string) => ({ 'x-forwarded-for': address });
      const victim = await signUpCompany(balanced.url);
      const attempt = (email: string, password: string, address: string) =>
        new ApiClient(balanced.url).mutate('auth.login', { email, password }, from(address));
      for (let i = 0; i < 21; i += 1) expect((await attempt(`someone-${i}@example.jp`, 'a guess', '203.0.113.5')).error?.code).toBe('UNAUTHORIZED');
      expect((await attempt(victim.email, PASSWORD, '203.0.113.5')).error?.code).toBe('TOO_MANY_REQUESTS');
      expect((await attempt(victim.email, PASSWORD, '198.51.100.20')).error).toBeUndefined();
    } finally {
      await balanced.close();
    }
  });

  it('believes no X-Forwarded-For without a trusted balancer: a guesser cannot pick a fresh address', async () => {
    const victim = await signUpCompany(server.url);
    for (let i = 0; i < 21; i += 1) {
      const answer = await new ApiClient(server.url).mutate(
        'auth.login',
        { email: `someone-${i}@example.jp`, password: 'a guess' },
        { 'x-forwarded-for': `203.0.113.${i}` },
      );
      expect(answer.error?.code).toBe('UNAUTHORIZED');
    }
    expect((await login(victim.email, PASSWORD)).error?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('does not count an office’s successful sign-ins against its address', async () => {
    const accounts = [];
    for (let i = 0; i < 25; i += 1) accounts.push(await signUpCompany(server.url, `O${i}`));
    for (const { email } of accounts) expect((await login(email, PASSWORD)).error).toBeUndefined();
  });
});

describe('several app instances on one database', () => {
  it('counts the failures made on one instance when the next attempt reaches another, and purges them once forgotten', async () => {
    const instances = await startInstancesOnOneDatabase(2);
    try {
      const [first, second] = atLeast(instances.urls, 2);
      const { email } = await signUpCompany(first, 'Two');
      for (let i = 0; i < 6; i += 1)
        expect((await new ApiClient(i % 2 ? first : second).mutate('auth.login', { email, password: `guess ${i}` })).error?.code).toBe('UNAUTHORIZED');
      for (const url of instances.urls) {
        const blocked = await new ApiClient(url).mutate('auth.login', { email, password: PASSWORD });
        expect(blocked.error?.code, url).toBe('TOO_MANY_REQUESTS');
      }
      // An hour and more later, with the wait over, the hourly purge forgets them.
      const db = at(instances.dbs, 0);
      expect(await purgeSignInFailures(db)).toBe(0);
      expect(await purgeSignInFailures(db, 60 * 60_000, Date.now() + 2 * 60 * 60_000)).toBe(2);
    } finally {
      await instances.close();
    }
  });
});
