// The import's core, without HTTP or access checks: read a file's rows into lines (with their problems
// and likely duplicates), then write the lines in one transaction. `npm run bench` times exactly this.
import { isPostgres } from '../db/transaction.ts';
import { fieldError } from '../errors.ts';
import { columnCount } from '../../shared/import-layout.ts';
import type { Db } from '../db/client.ts';
import { newId } from '../ids.ts';
import { lineFlags } from '../ledger/line-flags.ts';
import { addNewLines } from '../ledger/rollups.ts';
import { costs } from '../db/schema.ts';
import { findDuplicates, type DuplicateOf } from './duplicates.ts';
import { insertLinesPostgres } from './insert-lines-pg.ts';
import { checkMapping, readRows, type FileShape, type ImportedFields, type ReadSettings, type RowOutcome, type ValueSummary } from './read-rows.ts';

export interface PreparedImport {
  outcomes: RowOutcome[];
  lines: { row: number; fields: ImportedFields }[];
  duplicates: Map<number, DuplicateOf>;
  errorCount: number;
  /** Data rows left out (no amount, totals, rules, refunds…); the header row itself is not counted. */
  skippedCount: number;
  /** Rows without an amount (the count the import answered before issue 17, kept in its answer and audit). */
  noAmountCount: number;
  values: Map<string, ValueSummary>;
  ruleCounts: number[];
}

/**
 * Reads every row of the table under the settings (a CSV's rows also by their width, read-rows.ts's
 * allowedWidth), and finds the likely duplicates among the lines.
 */
export async function prepareImport(
  db: Db,
  incidentId: string,
  table: string[][],
  settings: ReadSettings,
  file: FileShape = { format: 'csv' },
): Promise<PreparedImport> {
  if (settings.header.row !== null && settings.header.row + settings.header.depth > table.length) {
    throw fieldError('header.row', 'fileRows', { rows: table.length });
  }
  checkMapping(settings.mapping, settings.fixed, columnCount(table), settings.filters);
  const { outcomes, values, ruleCounts } = readRows(table, settings, incidentId, file);
  const lines: PreparedImport['lines'] = [];
  let errorCount = 0;
  let skippedCount = 0;
  let noAmountCount = 0;
  for (const outcome of outcomes) {
    if (outcome.kind === 'line') lines.push(outcome);
    else if (outcome.kind === 'error') errorCount++;
    else if (outcome.reason !== 'header') {
      skippedCount++;
      if (outcome.reason === 'no_amount') noAmountCount++;
    }
  }
  return { outcomes, lines, duplicates: await findDuplicates(db, incidentId, lines), errorCount, skippedCount, noAmountCount, values, ruleCounts };
}

export interface ImportOwner {
  importId: string;
  incidentId: string;
  companyId: string;
  userId: string;
}

/**
 * Inserts the lines through one prepared statement on the connection; call it inside the caller's
 * `db.transaction` (better-sqlite3 has one connection, so the raw statements join that transaction).
 * Drizzle's builder costs ~20 µs a row, most of the time at 100,000 rows. The rollups follow in the same
 * transaction: the lines are grouped in memory and each group is one upsert (server/ledger/rollups.ts).
 */
export async function insertImportedLines(db: Db, owner: ImportOwner, lines: { row: number; fields: ImportedFields }[]): Promise<void> {
  const rows = lines.map(({ row, fields: f }) => {
    const flags = lineFlags(f.category, f.stage);
    return {
      id: newId(),
      incidentId: owner.incidentId,
      companyId: owner.companyId,
      category: f.category,
      stage: f.stage,
      incurredOn: f.incurredOn,
      amount: f.amount,
      quantity: f.quantity,
      unitAmount: f.unitAmount,
      vendor: f.vendor || null,
      description: f.description || null,
      source: f.source,
      claimant: f.claimant,
      incurredAbroad: f.incurredAbroad,
      needsConsent: flags.needsConsent,
      claimed: flags.claimed,
      taxCategory: f.taxCategory,
      taxAmount: f.taxAmount,
      invoiceNumber: f.invoiceNumber,
      withholdingTax: f.withholdingTax,
      importId: owner.importId,
      importRow: row,
      createdBy: owner.userId,
    } satisfies typeof costs.$inferInsert;
  });
  if (isPostgres(db)) {
    await insertLinesPostgres(db, rows);
  } else {
    const insert = db.$client.prepare(
      `INSERT INTO costs (id, incident_id, company_id, category, stage, incurred_on, amount, quantity, unit_amount, vendor, description,
                          source, claimant, incurred_abroad, needs_consent, claimed, tax_category, tax_amount, invoice_number, withholding_tax,
                          import_id, import_row, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of rows) {
      insert.run(
        r.id,
        r.incidentId,
        r.companyId,
        r.category,
        r.stage,
        r.incurredOn,
        r.amount,
        r.quantity,
        r.unitAmount,
        r.vendor,
        r.description,
        r.source,
        r.claimant,
        r.incurredAbroad ? 1 : 0,
        r.needsConsent ? 1 : 0,
        r.claimed ? 1 : 0,
        r.taxCategory,
        r.taxAmount,
        r.invoiceNumber,
        r.withholdingTax,
        r.importId,
        r.importRow,
        r.createdBy,
      );
    }
  }
  await addNewLines(db, rows);
}

/** 64 MiB of page cache while an import writes (the default is 2 MiB). */
export const IMPORT_CACHE_KIB = 65_536;

/**
 * Runs an import's write with a larger page cache: 100,000 lines touch every page of the ledger's six
 * B-trees, and with the default 2 MiB cache SQLite writes pages out and reads them back mid-transaction
 * (~1 s of a 100,000-line import on this machine). The setting is the connection's, so it is put back after.
 */
export async function withImportCache<T>(db: Db, write: () => Promise<T>): Promise<T> {
  if (isPostgres(db)) return await write();
  const previous = db.$client.pragma('cache_size', { simple: true }) as number;
  db.$client.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    return await write();
  } finally {
    db.$client.pragma(`cache_size = ${previous}`);
  }
}
