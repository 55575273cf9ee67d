// Slows password guessing: after a few failed sign-ins an account, and an address, must wait before the
// next attempt, twice as long after each further failure (docs/decisions/012-sessions-and-sign-in-limits.md).
// A browser that signed in to the account before (a valid device cookie, server/auth/device-cookie.ts)
// is judged by its own counter instead, so strangers' guesses never lock the owner out
// (docs/decisions/017-invitations-lockout-signup-and-demo.md).
// The counts live in a FailureStore: the app's is the database (./failure-store-db.ts), so every instance
// behind a load balancer counts the same failures; unit tests use one in memory.

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

export interface FailureEntry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export type ThrottleScope = 'account' | 'address' | 'device';

/**
 * Where the counts live. `update` reads a key's entry and writes what `change` makes of it (undefined
 * deletes it) as one step, so two attempts at once cannot both read the old count.
 */
export interface FailureStore {
  get(scope: ThrottleScope, key: string): Promise<FailureEntry | undefined>;
  update(scope: ThrottleScope, key: string, change: (entry: FailureEntry | undefined) => FailureEntry | undefined): Promise<void>;
}

/** Counts in this process only, bounded so a flood of keys cannot exhaust memory: for unit tests. */
export class MemoryFailureStore implements FailureStore {
  private readonly entries = new Map<string, FailureEntry>();
  constructor(private readonly maxKeys = 100_000) {}

  get(scope: ThrottleScope, key: string): Promise<FailureEntry | undefined> {
    return Promise.resolve(this.entries.get(`${scope}:${key}`));
  }

  update(scope: ThrottleScope, key: string, change: (entry: FailureEntry | undefined) => FailureEntry | undefined): Promise<void> {
    this.change(`${scope}:${key}`, change);
    return Promise.resolve();
  }

  private change(id: string, change: (entry: FailureEntry | undefined) => FailureEntry | undefined): void {
    const next = change(this.entries.get(id));
    // Re-inserting moves the key to the end of the Map's order, so the first key is the stalest.
    this.entries.delete(id);
    if (!next) return;
    this.entries.set(id, next);
    const stalest = this.entries.keys().next().value;
    if (this.entries.size > this.maxKeys && stalest !== undefined) this.entries.delete(stalest);
  }
}

/** One counter per key (an email or an address) of one scope, in a store. */
class FailureCounter {
  constructor(
    private readonly scope: ThrottleScope,
    private readonly rule: ThrottleRule,
    private readonly store: FailureStore,
  ) {}

  /** Milliseconds until the next attempt is allowed; 0 when it is allowed now. */
  async waitMs(key: string, now: number): Promise<number> {
    const entry = this.live(await this.store.get(this.scope, key), now);
    return entry ? Math.max(0, entry.blockedUntil - now) : 0;
  }

  async fail(key: string, now: number): Promise<void> {
    await this.store.update(this.scope, key, (stored) => this.failedOnce(this.live(stored, now), now));
  }

  /**
   * Counts an attempt unless the key must wait, in one step of the store: answers the wait in ms (nothing
   * counted) or 0 (counted). Two instances' attempts at the same moment cannot both read the count from
   * before the other's, so a burst meets the wait after exactly the free failures.
   */
  async admit(key: string, now: number): Promise<number> {
    let wait = 0;
    await this.store.update(this.scope, key, (stored) => {
      const entry = this.live(stored, now);
      // Set on every run of `change`: the database store may run it again (a retried transaction).
      wait = entry ? Math.max(0, entry.blockedUntil - now) : 0;
      return wait > 0 ? entry : this.failedOnce(entry, now);
    });
    return wait;
  }

  private failedOnce(live: FailureEntry | undefined, now: number): FailureEntry {
    const entry = live ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    const failures = entry.failures + 1;
    const past = failures - this.rule.freeFailures;
    const blockedUntil = past > 0 ? now + Math.min(this.rule.maxWaitMs, this.rule.firstWaitMs * 2 ** Math.min(past - 1, 30)) : entry.blockedUntil;
    return { failures, lastFailureAt: now, blockedUntil };
  }

  async reset(key: string): Promise<void> {
    await this.store.update(this.scope, key, () => undefined);
  }

  /** Takes back one failure counted ahead of a check that then succeeded. */
  async forgive(key: string): Promise<void> {
    await this.store.update(this.scope, key, (entry) => (entry ? { ...entry, failures: Math.max(0, entry.failures - 1) } : undefined));
  }

  /** The entry unless it is forgotten: its last failure long ago and no wait left. */
  private live(entry: FailureEntry | undefined, now: number): FailureEntry | undefined {
    return entry && now - entry.lastFailureAt > this.rule.forgetAfterMs && now >= entry.blockedUntil ? undefined : entry;
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
    store: FailureStore = new MemoryFailureStore(),
  ) {
    this.accounts = new FailureCounter('account', rules.account, store);
    this.addresses = new FailureCounter('address', rules.address, store);
    this.devices = new FailureCounter('device', rules.device ?? DEVICE_RULE, store);
  }

  /**
   * Seconds to wait before this account may be tried from this address (or device); 0 to go ahead.
   * Asked before the attempt is counted, so once a wait has passed the next attempt is checked.
   */
  async retryAfterSeconds(email: string, address: string, device: string | null = null): Promise<number> {
    const now = this.clock();
    const wait = device
      ? await this.devices.waitMs(device, now)
      : Math.max(await this.accounts.waitMs(accountKey(email), now), await this.addresses.waitMs(address, now));
    return Math.ceil(wait / 1000);
  }

  /**
   * Counts an attempt as failed before the password is checked (argon2 takes ~50 ms): a burst of parallel
   * guesses then meets the wait instead of all slipping in before the first failure is counted.
   */
  async attempt(email: string, address: string, device: string | null = null): Promise<void> {
    const now = this.clock();
    if (device) {
      await this.devices.fail(device, now);
      return;
    }
    await this.accounts.fail(accountKey(email), now);
    await this.addresses.fail(address, now);
  }

  /**
   * Checks and counts in one: seconds to wait (nothing counted) or 0, the attempt counted as failed before
   * the password is checked. The account's check-and-count is one step in the store, so parallel guesses
   * spread over several app instances meet the wait after exactly the free failures; the address's is a
   * second step, and an attempt it refuses is taken back from the account.
   */
  async admit(email: string, address: string, device: string | null = null): Promise<number> {
    const now = this.clock();
    const seconds = (ms: number) => Math.ceil(ms / 1000);
    if (device) return seconds(await this.devices.admit(device, now));
    const account = accountKey(email);
    // A cheap read first: an address already waiting costs the account nothing.
    const addressWait = await this.addresses.waitMs(address, now);
    if (addressWait > 0) return seconds(Math.max(addressWait, await this.accounts.waitMs(account, now)));
    const accountWait = await this.accounts.admit(account, now);
    if (accountWait > 0) return seconds(accountWait);
    const lateAddressWait = await this.addresses.admit(address, now);
    if (lateAddressWait > 0) await this.accounts.forgive(account);
    return seconds(lateAddressWait);
  }

  /**
   * A correct password clears the account's failures and takes back the address's count for it; from a
   * known device it clears only that device's, and strangers' lock-out of the account stays theirs.
   */
  async succeeded(email: string, address: string, device: string | null = null): Promise<void> {
    if (device) {
      await this.devices.reset(device);
      return;
    }
    await this.accounts.reset(accountKey(email));
    await this.addresses.forgive(address);
  }
}

const accountKey = (email: string) => email.trim().toLowerCase();
