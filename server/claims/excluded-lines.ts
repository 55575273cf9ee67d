// The lines a claim leaves out and the rule that does. Each rule leaves out whole (category, stage) groups
// (the response window: their lines after it), so how many is a sum of the ledger's groups (cost_rollups, tens
// of rows), and the first lines listed are read per group from a date-ordered index: quick on 100,000 lines.

import { sql } from 'drizzle-orm';
import { EXPENSE_CATEGORIES, type CostCategory, type CostStage } from '../../shared/categories.ts';
import { sumYen } from '../../shared/money.ts';
import { LINE_EXCLUSIONS, type LineExclusion } from '../../shared/line-treatment.ts';
import type { CostLineFigures, PayableResult } from '../../shared/payable.ts';
import type { Db } from '../db/client.ts';
import { categoryStages } from './ledger-groups.ts';
import { indexedBy } from '../db/dialect-sql.ts';
import { allRows } from '../db/rows.ts';

/** How many excluded lines the summary lists by id; the rest it counts. */
export const EXCLUDED_LISTED = 200;

export interface ExcludedLine {
  costId: string;
  reason: LineExclusion;
}

/** Which of the ledger's groups (server/claims/ledger-groups.ts) a rule leaves out; null: the rule does not apply. */
function leftOutBy(
  reason: LineExclusion,
  restorationBlocked: PayableResult['restorationBlocked'],
  windowEnd: string | null,
): ((g: CostLineFigures) => boolean) | null {
  switch (reason) {
    case 'uncovered':
      return (g) => g.category === 'uncovered';
    case 'not_fixed':
      return (g) => g.category === 'damages' && g.stage === 'demanded';
    case 'no_rider':
    case 'no_main_payment':
      return restorationBlocked === reason ? (g) => g.category === 'restoration' : null;
    case 'after_response_window': {
      if (windowEnd === null) return null;
      // Restoration left out for want of the rider or a main payment is counted under that rule, not twice.
      const windowed: readonly CostCategory[] = restorationBlocked ? EXPENSE_CATEGORIES : [...EXPENSE_CATEGORIES, 'restoration'];
      return (g) => g.afterResponseWindow === true && windowed.includes(g.category);
    }
  }
}

/**
 * The first `limit` live lines of the given (category, stage) groups by incurred day and id, those after
 * `after` only when given: each group's first lines from costs_incident_figures (at most `limit` index
 * entries each), then the first of them all. The same lines, in the same order, as one ORDER BY over the lines.
 */
async function firstLines(
  db: Db,
  incidentId: string,
  groups: { category: CostCategory; stage: CostStage }[],
  after: string | null,
  limit: number,
): Promise<string[]> {
  const ofGroup = ({ category, stage }: { category: CostCategory; stage: CostStage }) => sql`
    SELECT * FROM (SELECT id, incurred_on FROM costs ${indexedBy(db, 'costs_incident_figures')}
                    WHERE incident_id = ${incidentId} AND deleted_at IS NULL AND category = ${category} AND stage = ${stage}
                          ${after === null ? sql`` : sql`AND incurred_on > ${after}`}
                    ORDER BY incurred_on, id LIMIT ${limit}) AS first_of_group`;
  // Subqueries in FROM are named: PostgreSQL before 16 requires it.
  const rows = await allRows<{ id: string }>(
    db,
    sql`
    SELECT id FROM (${sql.join(groups.map(ofGroup), sql` UNION ALL `)}) AS first_lines ORDER BY incurred_on, id LIMIT ${limit}`,
  );
  return rows.map((r) => r.id);
}

/** `groups`: the incident's ledger groups as ledgerGroups gives them, the lines after the response window apart. */
export async function excludedLines(
  db: Db,
  incidentId: string,
  claimed: PayableResult,
  windowEnd: string | null,
  groups: CostLineFigures[],
): Promise<{ items: ExcludedLine[]; count: number; byReason: { reason: LineExclusion; lines: number }[] }> {
  const items: ExcludedLine[] = [];
  const byReason: { reason: LineExclusion; lines: number }[] = [];
  let count = 0;
  for (const reason of LINE_EXCLUSIONS) {
    const leftOut = leftOutBy(reason, claimed.restorationBlocked, windowEnd);
    if (!leftOut) continue;
    const matched = groups.filter(leftOut);
    const lines = sumYen(matched.map((g) => g.lineCount ?? 1));
    count += lines;
    if (lines === 0) continue;
    byReason.push({ reason, lines });
    const limit = EXCLUDED_LISTED - items.length;
    if (limit <= 0) continue;
    const after = reason === 'after_response_window' ? windowEnd : null;
    for (const costId of await firstLines(db, incidentId, categoryStages(matched), after, limit)) items.push({ costId, reason });
  }
  return { items, count, byReason };
}
