// The sign-in throttle's counts in the database (table sign_in_failures): shared by every app instance on
// the same database, kept across restarts, and read-and-written in one immediate transaction per attempt.
import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { preparedPerDatabase } from '../db/prepared.ts';
import { signInFailures } from '../db/schema.ts';
import type { FailureEntry, FailureStore, ThrottleScope } from './login-throttle.ts';

/** Emails, addresses and device ids are kept only as hashes: a stranger's guesses leave nothing readable. */
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const readEntry = preparedPerDatabase((db) =>
  db
    .select({ failures: signInFailures.failures, lastFailureAt: signInFailures.lastFailureAt, blockedUntil: signInFailures.blockedUntil })
    .from(signInFailures)
    .where(and(eq(signInFailures.scope, sql.placeholder('scope')), eq(signInFailures.keyHash, sql.placeholder('keyHash'))))
    .prepare(),
);

export function databaseFailureStore(db: Db): FailureStore {
  const get = (scope: ThrottleScope, keyHash: string): FailureEntry | undefined => readEntry(db).get({ scope, keyHash });
  return {
    get: (scope, key) => get(scope, hashKey(key)),
    update(scope, key, change) {
      const keyHash = hashKey(key);
      // BEGIN IMMEDIATE: another instance's attempt on the same key waits instead of reading the old count.
      db.$client
        .transaction(() => {
          const next = change(get(scope, keyHash));
          if (!next) {
            db.delete(signInFailures)
              .where(and(eq(signInFailures.scope, scope), eq(signInFailures.keyHash, keyHash)))
              .run();
            return;
          }
          db.insert(signInFailures)
            .values({ scope, keyHash, ...next })
            .onConflictDoUpdate({ target: [signInFailures.scope, signInFailures.keyHash], set: next })
            .run();
        })
        .immediate();
    },
  };
}

/** Forgets failures older than `olderThanMs` whose wait is over (the hourly purge; every rule forgets within an hour). */
export function purgeSignInFailures(db: Db, olderThanMs = 60 * 60_000, now = Date.now()): number {
  const before = now - olderThanMs;
  return db
    .delete(signInFailures)
    .where(and(lt(signInFailures.lastFailureAt, before), lt(signInFailures.blockedUntil, now)))
    .run().changes;
}
