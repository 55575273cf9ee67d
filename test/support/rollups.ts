// The ledger's rollups (cost_rollups, kept by the writes' own code: server/ledger/rollups.ts) beside the same sums recomputed from the live
// lines: equal after every write, and after every crash. One incident, or every incident when none given.
// The recomputation judges each line by the TypeScript rules themselves (shared/categories.ts,
// shared/claim-status.ts), never by a copy of them in SQL: a rule that changes is checked as it now reads.
import type Database from 'better-sqlite3';
import type { Db } from '../../server/db/client.ts';
import { isClaimedStage, type CostCategory, type CostStage } from '../../shared/categories.ts';
import { needsConsent } from '../../shared/claim-status.ts';
import { sqlRows } from './sql.ts';

interface LiveLine {
  incidentId: string;
  category: CostCategory;
  stage: CostStage;
  unitKey: number;
  source: string;
  amount: number;
  quantity: number;
  abroad: number;
  disallowed: number;
  consentOn: string | null;
  approvedAt: string | null;
  taxAmount: number;
}

export interface RollupRow {
  incidentId: string;
  category: string;
  stage: string;
  unitKey: number;
  source: string;
  lineCount: number;
  amount: number;
  quantity: number;
  abroad: number;
  disallowedCount: number;
  disallowedAmount: number;
  disallowedQuantity: number;
  consentMissing: number;
  unapproved: number;
  taxAmount: number;
  disallowedTaxAmount: number;
}

const order = (a: RollupRow, b: RollupRow) =>
  a.incidentId.localeCompare(b.incidentId) ||
  a.category.localeCompare(b.category) ||
  a.stage.localeCompare(b.stage) ||
  a.unitKey - b.unitKey ||
  a.source.localeCompare(b.source);

/** The live lines' figures, in SQL both databases read alike (a flag as 0 or 1). */
const LIVE_LINES = `SELECT incident_id AS "incidentId", category, stage, COALESCE(unit_amount, -1) AS "unitKey", source, amount, COALESCE(quantity, 0) AS quantity,
         CASE WHEN incurred_abroad THEN 1 ELSE 0 END AS abroad, CASE WHEN review_decision = 'disallow' THEN 1 ELSE 0 END AS disallowed,
         consent_on AS "consentOn", approved_at AS "approvedAt", tax_amount AS "taxAmount"
    FROM costs WHERE deleted_at IS NULL`;

const STORED = `SELECT incident_id AS "incidentId", category, stage, unit_key AS "unitKey", source, line_count AS "lineCount", amount, quantity, abroad,
         disallowed_count AS "disallowedCount", disallowed_amount AS "disallowedAmount", disallowed_quantity AS "disallowedQuantity",
         consent_missing AS "consentMissing", unapproved, tax_amount AS "taxAmount", disallowed_tax_amount AS "disallowedTaxAmount"
    FROM cost_rollups WHERE line_count > 0`;

/** The groups summed from the lines by the TypeScript rules. */
function grouped(lines: LiveLine[]): RollupRow[] {
  const groups = new Map<string, RollupRow>();
  for (const l of lines) {
    const key = [l.incidentId, l.category, l.stage, l.unitKey, l.source].join('|');
    const g = groups.get(key) ?? {
      incidentId: l.incidentId,
      category: l.category,
      stage: l.stage,
      unitKey: l.unitKey,
      source: l.source,
      lineCount: 0,
      amount: 0,
      quantity: 0,
      abroad: 0,
      disallowedCount: 0,
      disallowedAmount: 0,
      disallowedQuantity: 0,
      consentMissing: 0,
      unapproved: 0,
      taxAmount: 0,
      disallowedTaxAmount: 0,
    };
    g.lineCount += 1;
    g.amount += l.amount;
    g.quantity += l.quantity;
    g.abroad += l.abroad;
    if (l.disallowed) {
      g.disallowedCount += 1;
      g.disallowedAmount += l.amount;
      g.disallowedQuantity += l.quantity;
      g.disallowedTaxAmount += l.taxAmount;
    }
    g.taxAmount += l.taxAmount;
    if (needsConsent(l.category) && l.consentOn === null) g.consentMissing += 1;
    if (isClaimedStage(l.category, l.stage) && l.approvedAt === null) g.unapproved += 1;
    groups.set(key, g);
  }
  return [...groups.values()].sort(order);
}

export function recomputedRollups(sqlite: Database.Database, incidentId?: string): RollupRow[] {
  return grouped(sqlite.prepare(`${LIVE_LINES} ${incidentId ? 'AND incident_id = ?' : ''}`).all(...(incidentId ? [incidentId] : [])) as LiveLine[]);
}

export function storedRollups(sqlite: Database.Database, incidentId?: string): RollupRow[] {
  return (sqlite.prepare(`${STORED} ${incidentId ? 'AND incident_id = ?' : ''}`).all(...(incidentId ? [incidentId] : [])) as RollupRow[]).sort(order);
}

/** The same through the app's handle, on either database (a transaction's, to read what it has written). */
export async function recomputedRollupsIn(db: Db, incidentId: string): Promise<RollupRow[]> {
  return grouped(await sqlRows<LiveLine>(db, `${LIVE_LINES} AND incident_id = ?`, incidentId));
}

export async function storedRollupsIn(db: Db, incidentId: string): Promise<RollupRow[]> {
  return (await sqlRows<RollupRow>(db, `${STORED} AND incident_id = ?`, incidentId)).sort(order);
}
