// The audit log's hash chain (issue 4): each entry's hash covers its own fields and the hash of the
// company's previous entry, so editing, removing or reordering any entry breaks every hash after it.
// One chain per company, so a company (and the package it sends) can verify its chain alone.

import { and, asc, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { ChainWalk, entryHash, GENESIS_HASH, type ChainRow, type ChainVerification } from './audit-hash.ts';
import type { Db, Tx } from './db/types.ts';
import { preparedPerDatabase } from './db/prepared.ts';
import { auditLog } from './db/schema.ts';

// The pure part lives in audit-hash.ts (a copy on PostgreSQL checks its chain with it too); re-exported for the app's callers.
export { entryHash, GENESIS_HASH, type ChainVerification };

/** The hash of the company's newest entry: the next entry links to it. */
const headOfChain = preparedPerDatabase((db) =>
  db
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.companyId, sql.placeholder('companyId')))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .prepare(),
);

export function lastHash(db: Db | Tx, companyId: string): string {
  return headOfChain(db).get({ companyId })?.hash ?? GENESIS_HASH;
}

/** What a claim package records of the chain: its head and length when the package was made. */
export function chainHead(db: Db | Tx, companyId: string): { hash: string; entries: number } {
  const { entries } = db.select({ entries: count() }).from(auditLog).where(eq(auditLog.companyId, companyId)).get()!;
  return { hash: lastHash(db, companyId), entries };
}

/** Walks the company's chain from its first entry; reads rows in pages so a long log stays cheap. */
export function verifyChain(db: Db, companyId: string): ChainVerification {
  const statement = db.$client.prepare(
    `SELECT id, company_id AS companyId, incident_id AS incidentId, entity_type AS entityType, entity_id AS entityId,
            action, actor_user_id AS actorUserId, at, before, after, prev_hash AS prevHash, hash
       FROM audit_log WHERE company_id = ? ORDER BY id`,
  );
  const walk = new ChainWalk();
  for (const row of statement.iterate(companyId) as Iterable<ChainRow>) {
    if (!walk.add(row)) break;
  }
  return walk.result();
}

/**
 * Entries written before the chain existed (hash NULL) are sealed once at start, oldest first.
 * The migration's trigger allows exactly this update and no other.
 */
export function sealUnchainedEntries(db: Db): number {
  const unsealed = db.select().from(auditLog).where(isNull(auditLog.hash)).orderBy(asc(auditLog.id)).all();
  if (unsealed.length === 0) return 0;
  db.transaction((tx) => {
    const heads = new Map<string, string>();
    for (const row of unsealed) {
      if (!heads.has(row.companyId)) {
        const sealed = tx
          .select({ hash: auditLog.hash })
          .from(auditLog)
          .where(and(eq(auditLog.companyId, row.companyId), isNotNull(auditLog.hash)))
          .orderBy(desc(auditLog.id))
          .limit(1)
          .get();
        heads.set(row.companyId, sealed?.hash ?? GENESIS_HASH);
      }
      const prevHash = heads.get(row.companyId)!;
      const hash = entryHash(row, prevHash);
      tx.update(auditLog).set({ prevHash, hash }).where(eq(auditLog.id, row.id)).run();
      heads.set(row.companyId, hash);
    }
  });
  return unsealed.length;
}
