// Likely duplicates: a line with the same date, amount and vendor as one already in the ledger, or as an
// earlier row of the same file (the invoice entered by hand last week, the row pasted twice). They are
// flagged, not refused: two identical taxi fares on one day are real too. The user decides.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { costs } from '../db/schema.ts';
import { isPostgres } from '../db/transaction.ts';
import type { ImportedFields } from './read-rows.ts';

export type DuplicateOf = { kind: 'file'; row: number } | { kind: 'ledger'; costId: string };

/** Vendors match across full-width/half-width forms, case and spacing: `ＡＢＣ 社` is `abc社`. */
const vendorKey = (vendor: string | null | undefined) => (vendor ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '');
const lineKey = (incurredOn: string, amount: number, vendor: string | null | undefined) => `${incurredOn}\u0000${amount}\u0000${vendorKey(vendor)}`;

/** The live lines of the incident by key (first one wins): one read of the ledger, not one per row. */
async function ledgerKeys(db: Db, incidentId: string): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  if (isPostgres(db)) {
    const rows = await db
      .select({ id: costs.id, incurredOn: costs.incurredOn, amount: costs.amount, vendor: costs.vendor })
      .from(costs)
      .where(and(eq(costs.incidentId, incidentId), isNull(costs.deletedAt)));
    for (const { id, incurredOn, amount, vendor } of rows) {
      const key = lineKey(incurredOn, amount, vendor);
      if (!keys.has(key)) keys.set(key, id);
    }
    return keys;
  }
  // SQLite: iterated as raw arrays, so 100,000 lines never make 100,000 objects at once.
  const rows = db.$client
    .prepare(`SELECT id, incurred_on AS incurredOn, amount, vendor FROM costs WHERE incident_id = ? AND deleted_at IS NULL`)
    .raw()
    .iterate(incidentId) as IterableIterator<[string, string, number, string | null]>;
  for (const [id, incurredOn, amount, vendor] of rows) {
    const key = lineKey(incurredOn, amount, vendor);
    if (!keys.has(key)) keys.set(key, id);
  }
  return keys;
}

/** For each line (by row), what it likely duplicates; the ledger is checked before earlier rows. */
export async function findDuplicates(db: Db, incidentId: string, lines: { row: number; fields: ImportedFields }[]): Promise<Map<number, DuplicateOf>> {
  const inLedger = await ledgerKeys(db, incidentId);
  const inFile = new Map<string, number>();
  const found = new Map<number, DuplicateOf>();
  for (const { row, fields } of lines) {
    const key = lineKey(fields.incurredOn, fields.amount, fields.vendor);
    const costId = inLedger.get(key);
    const earlierRow = inFile.get(key);
    if (costId) found.set(row, { kind: 'ledger', costId });
    else if (earlierRow !== undefined) found.set(row, { kind: 'file', row: earlierRow });
    if (earlierRow === undefined) inFile.set(key, row);
  }
  return found;
}
