// One incident's ledger as the payable computation reads it: the groups kept summed in `cost_rollups`
// (tens of rows however long the ledger), with the lines after the response window split off into groups of
// their own by one range scan of the incurred-date index. See docs/decisions/009-ledger-rollups.md and 034.

import { indexedBy } from '../db/dialect-sql.ts';
import { sql } from 'drizzle-orm';
import { isClaimedStage, type CostCategory, type CostSource, type CostStage } from '../../shared/categories.ts';
import { addDays } from '../../shared/dates.ts';
import { sumYen } from '../../shared/money.ts';
import type { CostLineFigures } from '../../shared/payable.ts';
import type { Db } from '../db/client.ts';
import { allRows } from '../db/rows.ts';

interface GroupRow {
  category: CostCategory;
  stage: CostStage;
  source: CostSource;
  unitKey: number;
  amount: number;
  quantity: number;
  lineCount: number;
  abroad: number;
  disallowedCount: number;
  disallowedAmount: number;
  disallowedQuantity: number;
  consentMissing: number;
  unapproved: number;
  taxAmount: number;
  disallowedTaxAmount: number;
}

export interface LedgerGroups {
  /** The groups as the computation reads them (claimed and projected alike). */
  lines: CostLineFigures[];
  /** The same, less the lines the broker disallowed (exact: every column is a sum). */
  allowedLines: CostLineFigures[];
  disallowed: { lines: number; amount: number };
  consentMissing: number;
  unapproved: number;
  costsAbroad: number;
}

/**
 * The last day of the response window (事故対応期間): the day of discovery is day 1, so a 365-day window
 * found on 2026-06-01 ends on 2027-05-31 (docs/rules.md, "The response window"). Null: no window.
 */
export function responseWindowEnd(discoveredOn: string, days: number | null): string | null {
  return days === null ? null : addDays(discoveredOn, days - 1);
}

const groupKey = (r: Pick<GroupRow, 'category' | 'stage' | 'source' | 'unitKey'>) => `${r.category}|${r.stage}|${r.source}|${r.unitKey}`;

function subtract(a: GroupRow, b: GroupRow): GroupRow {
  return {
    ...a,
    amount: a.amount - b.amount,
    quantity: a.quantity - b.quantity,
    lineCount: a.lineCount - b.lineCount,
    abroad: a.abroad - b.abroad,
    disallowedCount: a.disallowedCount - b.disallowedCount,
    disallowedAmount: a.disallowedAmount - b.disallowedAmount,
    disallowedQuantity: a.disallowedQuantity - b.disallowedQuantity,
    taxAmount: a.taxAmount - b.taxAmount,
    disallowedTaxAmount: a.disallowedTaxAmount - b.disallowedTaxAmount,
  };
}

/** The groups of lines incurred after `windowEnd`: a range scan that finds nothing quickly in the usual case. */
async function groupsAfter(db: Db, incidentId: string, windowEnd: string): Promise<GroupRow[]> {
  return await allRows<GroupRow>(
    db,
    sql`
    SELECT category, stage, source, COALESCE(unit_amount, -1) AS "unitKey", SUM(amount) AS amount, SUM(COALESCE(quantity, 0)) AS quantity,
           COUNT(*) AS "lineCount", SUM(CASE WHEN incurred_abroad THEN 1 ELSE 0 END) AS abroad, SUM(CASE WHEN review_decision = 'disallow' THEN 1 ELSE 0 END) AS "disallowedCount",
           SUM(CASE WHEN review_decision = 'disallow' THEN amount ELSE 0 END) AS "disallowedAmount",
           SUM(CASE WHEN review_decision = 'disallow' THEN COALESCE(quantity, 0) ELSE 0 END) AS "disallowedQuantity",
           0 AS "consentMissing", 0 AS unapproved, SUM(tax_amount) AS "taxAmount",
           SUM(CASE WHEN review_decision = 'disallow' THEN tax_amount ELSE 0 END) AS "disallowedTaxAmount"
      FROM costs ${indexedBy(db, 'costs_incident_incurred')}
     WHERE incident_id = ${incidentId} AND incurred_on > ${windowEnd} AND deleted_at IS NULL
     GROUP BY category, stage, source, COALESCE(unit_amount, -1)`,
  );
}

/** A group as a figure: condolence groups keep their per-person figures (the cap applies per person). */
function toFigures(r: GroupRow, afterResponseWindow: boolean, allowed: boolean): CostLineFigures {
  const amount = allowed ? r.amount - r.disallowedAmount : r.amount;
  const quantity = allowed ? r.quantity - r.disallowedQuantity : r.quantity;
  const lineCount = allowed ? r.lineCount - r.disallowedCount : r.lineCount;
  const taxAmount = allowed ? r.taxAmount - r.disallowedTaxAmount : r.taxAmount;
  const perPerson = r.category === 'condolence' && r.unitKey !== -1;
  return {
    category: r.category,
    stage: r.stage,
    source: r.source,
    amount,
    quantity: perPerson ? quantity : null,
    unitAmount: perPerson ? r.unitKey : null,
    lineCount,
    afterResponseWindow,
    taxAmount,
  };
}

export async function ledgerGroups(db: Db, incidentId: string, windowEnd: string | null): Promise<LedgerGroups> {
  const rows = await allRows<GroupRow>(
    db,
    sql`
    SELECT category, stage, source, unit_key AS "unitKey", amount, quantity, line_count AS "lineCount", abroad,
           disallowed_count AS "disallowedCount", disallowed_amount AS "disallowedAmount", disallowed_quantity AS "disallowedQuantity",
           consent_missing AS "consentMissing", unapproved, tax_amount AS "taxAmount", disallowed_tax_amount AS "disallowedTaxAmount"
      FROM cost_rollups
     WHERE incident_id = ${incidentId} AND line_count > 0`,
  );
  const after = windowEnd === null ? [] : await groupsAfter(db, incidentId, windowEnd);
  const afterByKey = new Map(after.map((r) => [groupKey(r), r]));
  const within = rows.map((r) => {
    const late = afterByKey.get(groupKey(r));
    return late ? subtract(r, late) : r;
  });
  const groups = [...within.map((r) => ({ r, late: false })), ...after.map((r) => ({ r, late: true }))].filter(({ r }) => r.lineCount > 0);
  return {
    lines: groups.map(({ r, late }) => toFigures(r, late, false)),
    allowedLines: groups.filter(({ r }) => r.lineCount > r.disallowedCount).map(({ r, late }) => toFigures(r, late, true)),
    disallowed: {
      lines: sumYen(rows.map((r) => r.disallowedCount)),
      amount: sumYen(rows.filter((r) => isClaimedStage(r.category, r.stage)).map((r) => r.disallowedAmount)),
    },
    consentMissing: sumYen(rows.map((r) => r.consentMissing)),
    unapproved: sumYen(rows.map((r) => r.unapproved)),
    costsAbroad: sumYen(rows.map((r) => r.abroad)),
  };
}

/** The distinct (category, stage) of some groups: one range of costs_incident_figures each. */
export function categoryStages(groups: readonly Pick<CostLineFigures, 'category' | 'stage'>[]): { category: CostCategory; stage: CostStage }[] {
  return [...new Map(groups.map((g) => [`${g.category}|${g.stage}`, { category: g.category, stage: g.stage }])).values()];
}

/**
 * Lines dated outside the policy period: the period can change after lines are logged, so they are counted
 * now, from the date-ordered index of each (category, stage) the ledger's groups hold (every live line is in
 * one of them): two ranges each, counted in the index without reading a line, and empty when every line is
 * inside. `groups`: the incident's groups as ledgerGroups gives them.
 */
export async function costsOutsidePeriod(
  db: Db,
  incidentId: string,
  period: { periodStart: string; periodEnd: string },
  groups: readonly CostLineFigures[],
): Promise<number> {
  const pairs = categoryStages(groups);
  if (pairs.length === 0) return 0;
  const inGroups = sql`(category, stage) IN (VALUES ${sql.join(
    pairs.map((p) => sql`(${p.category}, ${p.stage})`),
    sql`, `,
  )})`;
  const live = sql`FROM costs ${indexedBy(db, 'costs_incident_figures')} WHERE incident_id = ${incidentId} AND deleted_at IS NULL AND ${inGroups}`;
  const [row] = await allRows<{ n: number }>(
    db,
    sql`
    SELECT (SELECT COUNT(*) ${live} AND incurred_on < ${period.periodStart}) + (SELECT COUNT(*) ${live} AND incurred_on > ${period.periodEnd}) AS n`,
  );
  // A SELECT of two counts always answers one row.
  if (!row) throw new Error('costsOutsidePeriod: the count query answered no row');
  return row.n;
}
