// The audit log's hash chain as pure code: how one entry is hashed and how a company's entries are checked in
// order. No database here, so the SQLite app (audit-chain.ts) and a copy on PostgreSQL
// (db/migrate-to-postgres/) check a chain with exactly the same rules.

import { createHash } from 'node:crypto';
import type { auditLog } from './db/schema.ts';

export type ChainedFields = Pick<
  typeof auditLog.$inferSelect,
  'companyId' | 'incidentId' | 'entityType' | 'entityId' | 'action' | 'actorUserId' | 'at' | 'before' | 'after'
>;

/** An entry as the chain check reads it: the hashed fields, its id, and the two chain columns as stored. */
export type ChainRow = ChainedFields & { id: number; prevHash: string | null; hash: string | null };

/** The chain starts from this value, so the first entry is hashed like any other. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 of a fixed-order JSON array: no field can be moved into another without changing it. */
export function entryHash(entry: ChainedFields, prevHash: string): string {
  const canonical = JSON.stringify([
    prevHash,
    entry.companyId,
    entry.incidentId ?? null,
    entry.entityType,
    entry.entityId,
    entry.action,
    entry.actorUserId ?? null,
    entry.at,
    entry.before ?? null,
    entry.after ?? null,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface ChainVerification {
  ok: boolean;
  entries: number;
  head: string;
  /** The first entry whose hash does not match what is stored: the edited row or the one after a gap. */
  firstBrokenId: number | null;
}

/**
 * One company's entries checked one at a time, oldest first (by id), so a caller can feed it rows in pages
 * from any database. It stops at the first entry that does not link to the one before or does not hash to
 * what is stored.
 */
export class ChainWalk {
  private prev = GENESIS_HASH;
  private entries = 0;
  private brokenId: number | null = null;

  /** False once the chain is broken (this entry or an earlier one): later entries need not be read. */
  add(row: ChainRow): boolean {
    if (this.brokenId !== null) return false;
    this.entries += 1;
    if (row.prevHash !== this.prev || row.hash !== entryHash(row, this.prev)) {
      this.brokenId = row.id;
      return false;
    }
    this.prev = row.hash;
    return true;
  }

  result(): ChainVerification {
    return { ok: this.brokenId === null, entries: this.entries, head: this.prev, firstBrokenId: this.brokenId };
  }
}
