// The lines a claim leaves out and the rule that does: each reason is one indexed query of the incident's
// lines, so the list stays quick on a ledger of 100,000 lines (the explanation carries the totals).

import { sql, type SQL } from 'drizzle-orm';
import { EXPENSE_CATEGORIES } from '../../shared/categories.ts';
import { LINE_EXCLUSIONS, type LineExclusion } from '../../shared/line-treatment.ts';
import type { PayableResult } from '../../shared/payable.ts';
import type { Db } from '../db/client.ts';

/** How many excluded lines the summary lists by id; the rest it counts. */
export const EXCLUDED_LISTED = 200;

export interface ExcludedLine {
  costId: string;
  reason: LineExclusion;
}

function matching(db: Db, incidentId: string, where: SQL, limit: number): { ids: string[]; count: number } {
  const base = sql`FROM costs WHERE incident_id = ${incidentId} AND deleted_at IS NULL AND ${where}`;
  const count = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n ${base}`).n;
  const ids = limit > 0 && count > 0 ? db.all<{ id: string }>(sql`SELECT id ${base} ORDER BY incurred_on, id LIMIT ${limit}`).map((r) => r.id) : [];
  return { ids, count };
}

const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

export function excludedLines(db: Db, incidentId: string, claimed: PayableResult, windowEnd: string | null): { items: ExcludedLine[]; count: number; byReason: { reason: LineExclusion; lines: number }[] } {
  const restorationBlocked = claimed.restorationBlocked;
  const windowed = restorationBlocked ? EXPENSE_CATEGORIES : [...EXPENSE_CATEGORIES, 'restoration'];
  const queries: Record<LineExclusion, SQL | null> = {
    uncovered: sql`category = 'uncovered'`,
    not_fixed: sql`category = 'damages' AND stage = 'demanded'`,
    no_rider: restorationBlocked === 'no_rider' ? sql`category = 'restoration'` : null,
    no_main_payment: restorationBlocked === 'no_main_payment' ? sql`category = 'restoration'` : null,
    after_response_window: windowEnd === null ? null : sql`incurred_on > ${windowEnd} AND category IN (${inList(windowed)})`,
  };
  const items: ExcludedLine[] = [];
  const byReason: { reason: LineExclusion; lines: number }[] = [];
  let count = 0;
  for (const reason of LINE_EXCLUSIONS) {
    const where = queries[reason];
    if (!where) continue;
    const found = matching(db, incidentId, where, EXCLUDED_LISTED - items.length);
    count += found.count;
    if (found.count > 0) byReason.push({ reason, lines: found.count });
    for (const costId of found.ids) items.push({ costId, reason });
  }
  return { items, count, byReason };
}
