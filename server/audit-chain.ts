// The audit log's hash chain (issue 4): each entry's hash covers its own fields and the hash of the
// company's previous entry, so editing, removing or reordering any entry breaks every hash after it.
// One chain per company, so a company (and the package it sends) can verify its chain alone.

import { and, asc, count, desc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { ChainWalk, entryHash, GENESIS_HASH, type ChainVerification } from './audit-hash.ts';
import type { Db } from './db/types.ts';
import { preparedRead } from './db/prepared.ts';
import { auditLog } from './db/schema.ts';
import { transact } from './db/transaction.ts';
import { firstRow } from './db/rows.ts';

// The pure part lives in audit-hash.ts (a copy on PostgreSQL checks its chain with it too); re-exported for the app's callers.
export { entryHash, GENESIS_HASH, type ChainVerification };

/** The hash of the company's newest entry: the next entry links to it. */
const headOfChain = preparedRead((db) =>
  db
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.companyId, sql.placeholder('companyId')))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .prepare(),
);

export async function lastHash(db: Db, companyId: string): Promise<string> {
  return (await firstRow(headOfChain(db).execute({ companyId })))?.hash ?? GENESIS_HASH;
}

/** What a claim package records of the chain: its head and length when the package was made. */
export async function chainHead(db: Db, companyId: string): Promise<{ hash: string; entries: number }> {
  const { entries } = (await firstRow(db.select({ entries: count() }).from(auditLog).where(eq(auditLog.companyId, companyId))))!;
  return { hash: await lastHash(db, companyId), entries };
}

/** Walks the company's chain from its first entry; reads rows in pages (keyset on id) so a long log stays cheap. */
export async function verifyChain(db: Db, companyId: string): Promise<ChainVerification> {
  const walk = new ChainWalk();
  for (let after = 0; ;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, companyId), gt(auditLog.id, after)))
      .orderBy(asc(auditLog.id))
      .limit(2000);
    if (page.length === 0) return walk.result();
    for (const row of page) {
      if (!walk.add(row)) return walk.result();
      after = row.id;
    }
  }
}

/**
 * Entries written before the chain existed (hash NULL) are sealed once at start, oldest first.
 * The migration's trigger allows exactly this update and no other.
 */
export async function sealUnchainedEntries(db: Db): Promise<number> {
  const unsealed = await db.select().from(auditLog).where(isNull(auditLog.hash)).orderBy(asc(auditLog.id));
  if (unsealed.length === 0) return 0;
  await transact(db, async (tx) => {
    const heads = new Map<string, string>();
    for (const row of unsealed) {
      if (!heads.has(row.companyId)) {
        const sealed = await firstRow(
          tx
            .select({ hash: auditLog.hash })
            .from(auditLog)
            .where(and(eq(auditLog.companyId, row.companyId), isNotNull(auditLog.hash)))
            .orderBy(desc(auditLog.id))
            .limit(1),
        );
        heads.set(row.companyId, sealed?.hash ?? GENESIS_HASH);
      }
      const prevHash = heads.get(row.companyId)!;
      const hash = entryHash(row, prevHash);
      await tx.update(auditLog).set({ prevHash, hash }).where(eq(auditLog.id, row.id));
      heads.set(row.companyId, hash);
    }
  });
  return unsealed.length;
}
