// The append-only audit log: who changed what, when, with the values before and after.

import { entryHash, lastHash } from './audit-chain.ts';
import type { Db } from './db/client.ts';
import { auditLog } from './db/schema.ts';
import { chainHeadsOf, takeTurnsOn, transact } from './db/transaction.ts';
import { nowIso } from './ids.ts';
import { placeholdersFor, preparedWrite, type SameNames } from './db/prepared.ts';

/** The lock name of a company's chain (decision 039). */
const chainTurn = (companyId: string) => `audit:${companyId}`;

type Entry = Omit<typeof auditLog.$inferInsert, 'id' | 'at' | 'before' | 'after'> & {
  before?: unknown;
  after?: unknown;
};

/** An entry's columns: every one but its sequence number. */
const ENTRY_COLUMNS = ['companyId', 'incidentId', 'entityType', 'entityId', 'action', 'actorUserId', 'at', 'before', 'after', 'prevHash', 'hash'] as const;
const everyColumnWritten: SameNames<(typeof ENTRY_COLUMNS)[number], Exclude<keyof typeof auditLog.$inferInsert, 'id'>> = true;
void everyColumnWritten;

/** The append, prepared once per database: every audited write runs it (drizzle would build it each time). */
const appendEntry = preparedWrite((db) =>
  db
    .insert(auditLog)
    .values(placeholdersFor(ENTRY_COLUMNS) as unknown as typeof auditLog.$inferInsert)
    .prepare(),
);

/**
 * Inside the transaction that makes the change, so the change and its record stand or fall together.
 * The entry links to the company's previous one (server/audit-chain.ts). SQLite has one writer at a time;
 * on PostgreSQL two appends that read the same head cannot both commit (SERIALIZABLE), and the one run again
 * holds the company's lock from before it begins (takeTurnsOn), so appends to one chain queue up.
 */
export async function recordAudit(tx: Db, entry: Entry): Promise<void> {
  takeTurnsOn(tx, chainTurn(entry.companyId));
  const row = {
    ...entry,
    incidentId: entry.incidentId ?? null,
    actorUserId: entry.actorUserId ?? null,
    at: nowIso(),
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
  const heads = chainHeadsOf(tx);
  const prevHash = heads?.get(entry.companyId) ?? (await lastHash(tx, entry.companyId));
  const hash = entryHash(row, prevHash);
  await appendEntry(tx).execute({ ...row, prevHash, hash });
  heads?.set(entry.companyId, hash);
}

/**
 * A transaction that writes the ledger of these companies, and so their audit chains, holding each company's
 * turn from before it begins (decision 039): the ledger's writes, which many responders make at once.
 */
export function transactOnChains<T>(db: Db, companyIds: string | readonly string[], body: (tx: Db) => Promise<T>): Promise<T> {
  return transact(db, body, { lockOn: (typeof companyIds === 'string' ? [companyIds] : companyIds).map(chainTurn) });
}

/** Only the fields that changed, so an audit entry reads as the edit it was; null when nothing did. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (before[key] !== after[key]) {
      was[key] = before[key];
      now[key] = after[key];
    }
  }
  return Object.keys(now).length > 0 ? { before: was, after: now } : null;
}
