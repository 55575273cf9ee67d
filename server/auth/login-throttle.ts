// Slows password guessing: after a few failed sign-ins an account, and an address, must wait before the
// next attempt, twice as long after each further failure (docs/decisions/012-sessions-and-sign-in-limits.md).
// A browser that signed in to the account before (a valid device cookie, server/auth/device-cookie.ts)
// is judged by its own counter instead, so strangers' guesses never lock the owner out
// (docs/decisions/017-invitations-lockout-signup-and-demo.md).
// Kept in memory: one server process serves the app, and a restart forgetting the counts only gives an
// attacker what waiting would have given them.

export interface ThrottleRule {
  /** Failures allowed before any waiting. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; doubles with each further one. */
  firstWaitMs: number;
  /** The longest wait. */
  maxWaitMs: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs: number;
}

/** An account is guessed at from anywhere; an address may be an office's shared one, so it gets more. */
export const ACCOUNT_RULE: ThrottleRule = { freeFailures: 5, firstWaitMs: 1_000, maxWaitMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { freeFailures: 20, firstWaitMs: 1_000, maxWaitMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
/** A known device guesses only with a cookie that took the password to get: the account's rule. */
export const DEVICE_RULE: ThrottleRule = ACCOUNT_RULE;

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/** One counter per key (an email or an address), bounded so a flood of keys cannot exhaust memory. */
class FailureCounter {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly rule: ThrottleRule,
    private readonly maxKeys = 100_000,
  ) {}

  /** Milliseconds until the next attempt is allowed; 0 when it is allowed now. */
  waitMs(key: string, now: number): number {
    const entry = this.current(key, now);
    return entry ? Math.max(0, entry.blockedUntil - now) : 0;
  }

  fail(key: string, now: number): void {
    const entry = this.current(key, now) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    entry.failures += 1;
    entry.lastFailureAt = now;
    const past = entry.failures - this.rule.freeFailures;
    if (past > 0) entry.blockedUntil = now + Math.min(this.rule.maxWaitMs, this.rule.firstWaitMs * 2 ** Math.min(past - 1, 30));
    // Re-inserting moves the key to the end of the Map's order, so the first key is the stalest.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Takes back one failure counted ahead of a check that then succeeded. */
  forgive(key: string): void {
    const entry = this.entries.get(key);
    if (entry) entry.failures = Math.max(0, entry.failures - 1);
  }

  private current(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.lastFailureAt > this.rule.forgetAfterMs && now >= entry.blockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

/**
 * `device` is the known device an attempt comes from (server/auth/device-cookie.ts), or null. A known
 * device's attempts are waited for, counted and cleared on its own counter only: neither the account's
 * lock-out nor the address's touches them, and they add nothing to either.
 */
export class LoginThrottle {
  private readonly accounts: FailureCounter;
  private readonly addresses: FailureCounter;
  private readonly devices: FailureCounter;

  constructor(
    rules: { account: ThrottleRule; address: ThrottleRule; device?: ThrottleRule } = { account: ACCOUNT_RULE, address: ADDRESS_RULE },
    private readonly clock: () => number = Date.now,
  ) {
    this.accounts = new FailureCounter(rules.account);
    this.addresses = new FailureCounter(rules.address);
    this.devices = new FailureCounter(rules.device ?? DEVICE_RULE);
  }

  /**
   * Seconds to wait before this account may be tried from this address (or device); 0 to go ahead.
   * Asked before the attempt is counted, so once a wait has passed the next attempt is checked.
   */
  retryAfterSeconds(email: string, address: string, device: string | null = null): number {
    const now = this.clock();
    const wait = device
      ? this.devices.waitMs(device, now)
      : Math.max(this.accounts.waitMs(accountKey(email), now), this.addresses.waitMs(address, now));
    return Math.ceil(wait / 1000);
  }

  /**
   * Counts an attempt as failed before the password is checked (argon2 takes ~50 ms): a burst of parallel
   * guesses then meets the wait instead of all slipping in before the first failure is counted.
   */
  attempt(email: string, address: string, device: string | null = null): void {
    const now = this.clock();
    if (device) {
      this.devices.fail(device, now);
      return;
    }
    this.accounts.fail(accountKey(email), now);
    this.addresses.fail(address, now);
  }

  /**
   * A correct password clears the account's failures and takes back the address's count for it; from a
   * known device it clears only that device's, and strangers' lock-out of the account stays theirs.
   */
  succeeded(email: string, address: string, device: string | null = null): void {
    if (device) {
      this.devices.reset(device);
      return;
    }
    this.accounts.reset(accountKey(email));
    this.addresses.forgive(address);
  }
}

const accountKey = (email: string) => email.trim().toLowerCase();
