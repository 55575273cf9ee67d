// Fills an incident's ledger straight in the database for the benchmarks: they measure reading and
// exporting, not writing. Mixed categories and stages, per-person condolence lines, July 2026 dates.
// fillLedger on SQLite (one prepared INSERT a line), fillLedgerPg on PostgreSQL (multi-row INSERTs): the same lines.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { COST_CATEGORIES, stagesOf } from '../../shared/categories.ts';
import { lineFlags } from '../../server/ledger/line-flags.ts';
import { REBUILD_ROLLUPS_SQL } from '../../server/ledger/rollups.ts';
import { at } from '../../test/support/at.ts';

export interface LedgerOwner {
  incidentId: string;
  companyId: string;
  userId: string;
}

const COLUMNS = 'id, incident_id, company_id, category, stage, incurred_on, amount, quantity, unit_amount, vendor, source, needs_consent, claimed, created_by';
const ROW = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'insured', ?, ?, ?)`;

/** Line i's values in COLUMNS' order (without the constant source); flags as booleans. */
function lineValues(owner: LedgerOwner, i: number): [id: string, ...rest: unknown[]] {
  const category = at(COST_CATEGORIES, i % COST_CATEGORIES.length);
  const perPerson = category === 'condolence';
  const quantity = perPerson ? 1 + (i % 50) : null;
  const unit = perPerson ? 500 + (i % 3) * 250 : null;
  const amount = perPerson ? quantity! * unit! : 1_000 + ((i * 7919) % 500_000);
  const day = String(1 + (i % 28)).padStart(2, '0');
  const stages = stagesOf(category);
  const stage = at(stages, i % stages.length);
  const flags = lineFlags(category, stage);
  return [
    randomUUID(),
    owner.incidentId,
    owner.companyId,
    category,
    stage,
    `2026-07-${day}`,
    amount,
    quantity,
    unit,
    `Vendor ${i % 200}`,
    flags.needsConsent,
    flags.claimed,
    owner.userId,
  ];
}

/** Inserts `lines` lines in one transaction; answers their ids in insertion order. */
export function fillLedger(sqlite: Database.Database, owner: LedgerOwner, lines: number): string[] {
  const insert = sqlite.prepare(`INSERT INTO costs (${COLUMNS}) VALUES ${ROW}`);
  const ids = new Array<string>(lines);
  sqlite.transaction(() => {
    for (let i = 0; i < lines; i++) {
      const values = lineValues(owner, i);
      ids[i] = values[0];
      insert.run(...values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
    }
    // The rollups are kept by the API's writes (server/ledger/rollups.ts); lines written raw need them recomputed.
    for (const statement of REBUILD_ROLLUPS_SQL) sqlite.prepare(statement).run();
  })();
  return ids;
}

/** The same lines on PostgreSQL, 1,000 a statement, in one transaction, and the rollups recomputed. */
export async function fillLedgerPg(pool: pg.Pool, owner: LedgerOwner, lines: number): Promise<string[]> {
  const ids = new Array<string>(lines);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (let from = 0; from < lines; from += 1000) {
      const count = Math.min(1000, lines - from);
      const values: unknown[] = [];
      for (let i = from; i < from + count; i++) {
        const line = lineValues(owner, i);
        ids[i] = line[0];
        values.push(...line);
      }
      let n = 0;
      const rows = Array.from({ length: count }, () => ROW.replace(/\?/g, () => `$${++n}`)).join(', ');
      await client.query(`INSERT INTO costs (${COLUMNS}) VALUES ${rows}`, values);
    }
    // The same recomputation; PostgreSQL sums a boolean only as a number.
    for (const statement of REBUILD_ROLLUPS_SQL) await client.query(statement.replace('SUM(incurred_abroad)', 'SUM(incurred_abroad::int)'));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return ids;
}
