// Fills an incident's ledger straight in SQLite for the benchmarks: they measure reading and
// exporting, not writing. Mixed categories and stages, per-person condolence lines, July 2026 dates.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { COST_CATEGORIES, stagesOf } from '../../shared/categories.ts';
import { lineFlags } from '../../server/ledger/line-flags.ts';
import { REBUILD_ROLLUPS_SQL } from '../../server/ledger/rollups.ts';
import { at } from '../../test/support/at.ts';

export interface LedgerOwner {
  incidentId: string;
  companyId: string;
  userId: string;
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
      const category = at(COST_CATEGORIES, i % COST_CATEGORIES.length);
      const perPerson = category === 'condolence';
      const quantity = perPerson ? 1 + (i % 50) : null;
      const unit = perPerson ? 500 + (i % 3) * 250 : null;
      const amount = perPerson ? quantity! * unit! : 1_000 + ((i * 7919) % 500_000);
      const day = String(1 + (i % 28)).padStart(2, '0');
      const stages = stagesOf(category);
      const stage = at(stages, i % stages.length);
      const flags = lineFlags(category, stage);
      ids[i] = randomUUID();
      insert.run(
        ids[i],
        owner.incidentId,
        owner.companyId,
        category,
        stage,
        `2026-07-${day}`,
        amount,
        quantity,
        unit,
        `Vendor ${i % 200}`,
        flags.needsConsent ? 1 : 0,
        flags.claimed ? 1 : 0,
        owner.userId,
      );
    }
    // The rollups are kept by the API's writes (server/ledger/rollups.ts); lines written raw need them recomputed.
    for (const statement of REBUILD_ROLLUPS_SQL) sqlite.prepare(statement).run();
  })();
  return ids;
}
