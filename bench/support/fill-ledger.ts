// Fills an incident's ledger straight in the database for the benchmarks: they measure reading and
// exporting, not writing. Mixed categories and stages, per-person condolence lines, July 2026 dates.
// fillLedger on SQLite (one prepared INSERT a line), fillLedgerPg on PostgreSQL (multi-row INSERTs): the same lines.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { inPgTransaction } from './engine.ts';
import { COST_CATEGORIES, stagesOf } from '../../shared/categories.ts';
import { costs } from '../../server/db/schema.ts';
import { isPostgres, transact } from '../../server/db/transaction.ts';
import type { Db } from '../../server/db/types.ts';
import { lineFlags } from '../../server/ledger/line-flags.ts';
import { addNewLines, REBUILD_ROLLUPS_SQL } from '../../server/ledger/rollups.ts';
import { at } from '../../test/support/at.ts';

export interface LedgerOwner {
  incidentId: string;
  companyId: string;
  userId: string;
}

/** The `i`th filled line: the same lines on either database. */
function filledLine(owner: LedgerOwner, i: number) {
  const category = at(COST_CATEGORIES, i % COST_CATEGORIES.length);
  const perPerson = category === 'condolence';
  const quantity = perPerson ? 1 + (i % 50) : null;
  const unitAmount = perPerson ? 500 + (i % 3) * 250 : null;
  const amount = perPerson ? quantity! * unitAmount! : 1_000 + ((i * 7919) % 500_000);
  const day = String(1 + (i % 28)).padStart(2, '0');
  const stages = stagesOf(category);
  const stage = at(stages, i % stages.length);
  const flags = lineFlags(category, stage);
  return {
    id: randomUUID(),
    incidentId: owner.incidentId,
    companyId: owner.companyId,
    category,
    stage,
    incurredOn: `2026-07-${day}`,
    amount,
    quantity,
    unitAmount,
    vendor: `Vendor ${i % 200}`,
    source: 'insured' as const,
    needsConsent: flags.needsConsent,
    claimed: flags.claimed,
    createdBy: owner.userId,
  };
}

/** Inserts `lines` lines in one transaction; answers their ids in insertion order. */
export function fillLedger(sqlite: Database.Database, owner: LedgerOwner, lines: number): string[] {
  const insert = sqlite.prepare(
    `INSERT INTO costs (id, incident_id, company_id, category, stage, incurred_on, amount, quantity, unit_amount, vendor, source, needs_consent, claimed, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'insured', ?, ?, ?)`,
  );
  const ids = new Array<string>(lines);
  sqlite.transaction(() => {
    for (let i = 0; i < lines; i++) {
      const line = filledLine(owner, i);
      ids[i] = line.id;
      insert.run(
        line.id,
        line.incidentId,
        line.companyId,
        line.category,
        line.stage,
        line.incurredOn,
        line.amount,
        line.quantity,
        line.unitAmount,
        line.vendor,
        line.needsConsent ? 1 : 0,
        line.claimed ? 1 : 0,
        line.createdBy,
      );
    }
    // The rollups are kept by the API's writes (server/ledger/rollups.ts); lines written raw need them recomputed.
    for (const statement of REBUILD_ROLLUPS_SQL) sqlite.prepare(statement).run();
  })();
  return ids;
}

/**
 * The same, through the app's handle on either database (the API tests that also run on PostgreSQL). On
 * PostgreSQL the lines go in as the import writes them: batched inserts, and their sums added to the rollups.
 */
export async function fillLedgerIn(db: Db, owner: LedgerOwner, lines: number): Promise<string[]> {
  if (!isPostgres(db)) return fillLedger(db.$client, owner, lines);
  const rows = Array.from({ length: lines }, (_, i) => filledLine(owner, i));
  await transact(db, async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(costs).values(rows.slice(i, i + 1000));
    await addNewLines(
      tx,
      rows.map((row) => ({ ...row, incurredAbroad: false, taxAmount: 0 })),
    );
  });
  return rows.map((row) => row.id);
}

const COLUMNS = 'id, incident_id, company_id, category, stage, incurred_on, amount, quantity, unit_amount, vendor, source, needs_consent, claimed, created_by';
const ROW = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'insured', ?, ?, ?)`;
/** A filled line's values in COLUMNS' order (the constant source left out). */
const PG_COLUMNS = [
  'id',
  'incidentId',
  'companyId',
  'category',
  'stage',
  'incurredOn',
  'amount',
  'quantity',
  'unitAmount',
  'vendor',
  'needsConsent',
  'claimed',
  'createdBy',
] as const;

/** The same lines on PostgreSQL, 1,000 a statement, in one transaction, and the rollups recomputed. */
export async function fillLedgerPg(pool: pg.Pool, owner: LedgerOwner, lines: number): Promise<string[]> {
  const ids = new Array<string>(lines);
  await inPgTransaction(pool, async (client) => {
    for (let from = 0; from < lines; from += 1000) {
      const count = Math.min(1000, lines - from);
      const values: unknown[] = [];
      for (let i = from; i < from + count; i++) {
        const line = filledLine(owner, i);
        ids[i] = line.id;
        values.push(...PG_COLUMNS.map((key) => line[key]));
      }
      let n = 0;
      const rows = Array.from({ length: count }, () => ROW.replace(/\?/g, () => `$${++n}`)).join(', ');
      await client.query(`INSERT INTO costs (${COLUMNS}) VALUES ${rows}`, values);
    }
    // The same recomputation; PostgreSQL sums a boolean only as a number.
    for (const statement of REBUILD_ROLLUPS_SQL) await client.query(statement.replace('SUM(incurred_abroad)', 'SUM(incurred_abroad::int)'));
  });
  return ids;
}
