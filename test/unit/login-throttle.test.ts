// The back-off of failed sign-ins on a clock the test moves: free failures, doubling waits, the cap
// and forgetting.
import { describe, expect, it } from 'vitest';
import { LoginThrottle, MemoryFailureStore, type FailureStore, type ThrottleRule } from '../../server/auth/login-throttle.ts';

const RULE: ThrottleRule = { freeFailures: 3, firstWaitMs: 1_000, maxWaitMs: 8_000, forgetAfterMs: 60_000 };
const LOOSE: ThrottleRule = { ...RULE, freeFailures: 1_000 };

function throttle(rules: { account: ThrottleRule; address: ThrottleRule; device?: ThrottleRule } = { account: RULE, address: LOOSE }) {
  let now = 1_000_000;
  const limiter = new LoginThrottle(rules, () => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('LoginThrottle', () => {
  it('waits 1, 2, 4, 8 s after the free failures, and never longer than the cap', async () => {
    const { limiter, advance } = throttle();
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const wait = await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1');
      waits.push(wait);
      advance(wait * 1000);
      await limiter.attempt('a@example.jp', '10.0.0.1');
    }
    expect(waits).toEqual([0, 0, 0, 0, 1, 2, 4, 8]);
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')).toBe(8);
  });

  it('keeps accounts apart, and forgets failures an hour old', async () => {
    const { limiter, advance } = throttle();
    for (let i = 0; i < 4; i += 1) await limiter.attempt('a@example.jp', '10.0.0.1');
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')).toBe(1);
    expect(await limiter.retryAfterSeconds('b@example.jp', '10.0.0.1')).toBe(0);
    advance(60_001);
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')).toBe(0);
    await limiter.attempt('a@example.jp', '10.0.0.1');
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')).toBe(0);
  });

  it('clears an account on success and takes back the attempt from its address', async () => {
    const { limiter } = throttle({ account: RULE, address: { ...RULE, freeFailures: 2 } });
    for (let i = 0; i < 10; i += 1) {
      await limiter.attempt(`user${i}@example.jp`, '10.0.0.9');
      await limiter.succeeded(`user${i}@example.jp`, '10.0.0.9');
    }
    expect(await limiter.retryAfterSeconds('next@example.jp', '10.0.0.9')).toBe(0);
  });

  it('answers the longer of the account’s and the address’s waits', async () => {
    const { limiter } = throttle({ account: RULE, address: { ...RULE, freeFailures: 1 } });
    await limiter.attempt('a@example.jp', '10.0.0.1');
    await limiter.attempt('b@example.jp', '10.0.0.1');
    await limiter.attempt('c@example.jp', '10.0.0.1');
    expect(await limiter.retryAfterSeconds('d@example.jp', '10.0.0.1')).toBe(2);
    expect(await limiter.retryAfterSeconds('d@example.jp', '10.0.0.2')).toBe(0);
  });
});

describe('LoginThrottle and known devices', () => {
  const DEVICE = 'user-1.nonce-1';

  it('never makes a known device wait for the lock-out that strangers keep alive on its account', async () => {
    const { limiter, advance } = throttle({ account: RULE, address: RULE, device: RULE });
    // A stranger guesses again each time the wait has passed, for a day (the wait stays at its cap).
    for (let round = 0; round < 200; round += 1) {
      advance((await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')) * 1000);
      await limiter.attempt('a@example.jp', '10.0.0.1');
      // Past the free failures the account stays locked for anyone else, from any address…
      if (round >= RULE.freeFailures) expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.2')).toBeGreaterThan(0);
      // …but the owner's browser, even from the stranger's address, is never told to wait, and its success lifts nothing.
      expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1', DEVICE)).toBe(0);
      await limiter.attempt('a@example.jp', '10.0.0.1', DEVICE);
      await limiter.succeeded('a@example.jp', '10.0.0.1', DEVICE);
    }
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')).toBe(8);
  });

  it('counts a known device’s own failures on that device only', async () => {
    const { limiter } = throttle({ account: RULE, address: RULE, device: RULE });
    for (let i = 0; i < 4; i += 1) await limiter.attempt('a@example.jp', '10.0.0.1', DEVICE);
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1', DEVICE)).toBe(1);
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1', 'user-1.nonce-2')).toBe(0);
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')).toBe(0);
  });

  it('lets the next attempt be checked once the wait has passed: a correct password then clears the lock', async () => {
    const { limiter, advance } = throttle();
    for (let i = 0; i < 10; i += 1) {
      advance((await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')) * 1000);
      await limiter.attempt('a@example.jp', '10.0.0.1');
    }
    const wait = await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1');
    expect(wait).toBe(8);
    advance(wait * 1000 - 1);
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')).toBe(1);
    advance(1);
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')).toBe(0);
    await limiter.attempt('a@example.jp', '10.0.0.1');
    await limiter.succeeded('a@example.jp', '10.0.0.1');
    expect(await limiter.retryAfterSeconds('a@example.jp', '10.0.0.1')).toBe(0);
  });
});

describe('LoginThrottle.admit, the check and the count in one step', () => {
  /** A store that answers a moment later, as a database shared by several instances does; each update is still one step. */
  function slowStore(): FailureStore {
    const memory = new MemoryFailureStore();
    const later = () => new Promise((resolve) => setTimeout(resolve, 1));
    let queue = Promise.resolve();
    return {
      get: async (scope, key) => (await later(), memory.get(scope, key)),
      update: (scope, key, change) => (queue = queue.then(later).then(() => memory.update(scope, key, change))),
    };
  }

  it('lets exactly the free failures and the first one past them through a burst of thirty', async () => {
    const limiter = new LoginThrottle({ account: RULE, address: LOOSE }, () => 1_000_000, slowStore());
    const waits = await Promise.all(Array.from({ length: 30 }, () => limiter.admit('a@example.jp', '10.0.0.1')));
    expect(waits.filter((w) => w === 0)).toHaveLength(RULE.freeFailures + 1);
    expect(waits.filter((w) => w === 1)).toHaveLength(30 - RULE.freeFailures - 1);
  });

  it('counts nothing on the account when the address must wait', async () => {
    const limiter = new LoginThrottle({ account: RULE, address: { ...RULE, freeFailures: 0 } }, () => 1_000_000, slowStore());
    expect(await limiter.admit('a@example.jp', '10.0.0.1')).toBe(0);
    for (let i = 0; i < 10; i += 1) expect(await limiter.admit('b@example.jp', '10.0.0.1')).toBe(1);
    expect(await limiter.retryAfterSeconds('b@example.jp', '10.0.0.2')).toBe(0);
  });
});
