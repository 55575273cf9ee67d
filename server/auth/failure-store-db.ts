// The sign-in throttle's counts in the database (table sign_in_failures): shared by every app instance on
// the same database, kept across restarts, and read-and-written in one immediate transaction per attempt.
import { firstRow, rowsChanged } from '../db/rows.ts';
import { transact } from '../db/transaction.ts';
import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { preparedRead } from '../db/prepared.ts';
import { primaryOf } from '../db/postgres.ts';
import { signInFailures } from '../db/schema.ts';
import type { FailureEntry, FailureStore, ThrottleScope } from './login-throttle.ts';

/** Emails, addresses and device ids are kept only as hashes: a stranger's guesses leave nothing readable. */
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const readEntry = preparedRead((db) =>
  db
    .select({ failures: signInFailures.failures, lastFailureAt: signInFailures.lastFailureAt, blockedUntil: signInFailures.blockedUntil })
    .from(signInFailures)
    .where(and(eq(signInFailures.scope, sql.placeholder('scope')), eq(signInFailures.keyHash, sql.placeholder('keyHash'))))
    .prepare(),
);

export function databaseFailureStore(db: Db): FailureStore {
  const get = async (db: Db, scope: ThrottleScope, keyHash: string): Promise<FailureEntry | undefined> =>
    await firstRow(readEntry(db).execute({ scope, keyHash }));
  return {
    // On the primary: a replica a moment behind would miss the failure just counted.
    get: async (scope, key) => await get(primaryOf(db), scope, hashKey(key)),
    async update(scope, key, change) {
      const keyHash = hashKey(key);
      // One transaction (BEGIN IMMEDIATE on SQLite; on PostgreSQL serializable, holding the key's lock from
      // before it begins): another instance's attempt on the same key waits instead of counting from the old number.
      return await transact(
        db,
        async (tx) => {
          const next = change(await get(tx, scope, keyHash));
          if (!next) {
            await tx.delete(signInFailures).where(and(eq(signInFailures.scope, scope), eq(signInFailures.keyHash, keyHash)));
            return;
          }
          await tx
            .insert(signInFailures)
            .values({ scope, keyHash, ...next })
            .onConflictDoUpdate({ target: [signInFailures.scope, signInFailures.keyHash], set: next });
        },
        { lockOn: [`sign-in:${scope}:${keyHash}`] },
      );
    },
  };
}

/** Forgets failures older than `olderThanMs` whose wait is over (the hourly purge; every rule forgets within an hour). */
export async function purgeSignInFailures(db: Db, olderThanMs = 60 * 60_000, now = Date.now()): Promise<number> {
  const before = now - olderThanMs;
  return rowsChanged(await db.delete(signInFailures).where(and(lt(signInFailures.lastFailureAt, before), lt(signInFailures.blockedUntil, now))));
}
