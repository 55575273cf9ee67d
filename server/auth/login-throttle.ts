// Slows password guessing: after a few failed sign-ins an account, and an address, must wait before the
// next attempt, twice as long after each further failure (docs/decisions/012-sessions-and-sign-in-limits.md).
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

export class LoginThrottle {
  private readonly accounts: FailureCounter;
  private readonly addresses: FailureCounter;

  constructor(
    rules: { account: ThrottleRule; address: ThrottleRule } = { account: ACCOUNT_RULE, address: ADDRESS_RULE },
    private readonly clock: () => number = Date.now,
  ) {
    this.accounts = new FailureCounter(rules.account);
    this.addresses = new FailureCounter(rules.address);
  }

  /** Seconds to wait before this account may be tried from this address; 0 to go ahead. */
  retryAfterSeconds(email: string, address: string): number {
    const now = this.clock();
    const wait = Math.max(this.accounts.waitMs(accountKey(email), now), this.addresses.waitMs(address, now));
    return Math.ceil(wait / 1000);
  }

  /**
   * Counts an attempt as failed before the password is checked (argon2 takes ~50 ms): a burst of parallel
   * guesses then meets the wait instead of all slipping in before the first failure is counted.
   */
  attempt(email: string, address: string): void {
    const now = this.clock();
    this.accounts.fail(accountKey(email), now);
    this.addresses.fail(address, now);
  }

  /** A correct password clears the account's failures and takes back the address's count for it. */
  succeeded(email: string, address: string): void {
    this.accounts.reset(accountKey(email));
    this.addresses.forgive(address);
  }
}

const accountKey = (email: string) => email.trim().toLowerCase();
