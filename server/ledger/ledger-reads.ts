// Reading the ledger: one page of cost lines in a stable order, and the sums of the (filtered) ledger, each by
// the query that stays fast on 100,000 lines (docs/decisions/009, docs/benchmarks.md).

import { containsText, indexedBy, notIndexed, rowKey } from '../db/dialect-sql.ts';
import { fieldError } from '../errors.ts';
import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { COST_STAGES, isClaimedStage, type CostCategory, type CostStage } from '../../shared/categories.ts';
import { addYen } from '../../shared/money.ts';
import type { CostListInput } from '../../shared/schemas.ts';
import { attentionCondition } from '../claims/preflight.ts';
import type { Db } from '../db/types.ts';
import { costs, users } from '../db/schema.ts';
import { allRows, firstRow } from '../db/rows.ts';

/** What a ledger line answers: every stored field, and who logged it. */
export const costSelection = {
  id: costs.id,
  incidentId: costs.incidentId,
  category: costs.category,
  stage: costs.stage,
  incurredOn: costs.incurredOn,
  amount: costs.amount,
  quantity: costs.quantity,
  unitAmount: costs.unitAmount,
  vendor: costs.vendor,
  description: costs.description,
  source: costs.source,
  claimant: costs.claimant,
  incurredAbroad: costs.incurredAbroad,
  taxCategory: costs.taxCategory,
  taxAmount: costs.taxAmount,
  invoiceNumber: costs.invoiceNumber,
  withholdingTax: costs.withholdingTax,
  invoicedOn: costs.invoicedOn,
  agreedOn: costs.agreedOn,
  paidOn: costs.paidOn,
  approvedAt: costs.approvedAt,
  approvedBy: costs.approvedBy,
  consentOn: costs.consentOn,
  consentReference: costs.consentReference,
  consentGivenBy: costs.consentGivenBy,
  reviewDecision: costs.reviewDecision,
  version: costs.version,
  createdAt: costs.createdAt,
  updatedAt: costs.updatedAt,
  createdBy: costs.createdBy,
  createdByName: users.name,
};

/** The line as the ledger shows it now: what a refused stale save answers with. */
export async function currentLine(db: Db, id: string) {
  return (await firstRow(db.select(costSelection).from(costs).innerJoin(users, eq(users.id, costs.createdBy)).where(eq(costs.id, id)))) ?? null;
}

const SORT_COLUMNS = {
  incurredOn: costs.incurredOn,
  amount: costs.amount,
  category: costs.category,
  createdAt: costs.createdAt,
} as const;

function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number, string] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[1] === 'string' && ['string', 'number'].includes(typeof decoded[0])) {
      return decoded as [string | number, string];
    }
  } catch {
    // fall through to the error below
  }
  throw fieldError('cursor', 'unknownCursor');
}

export type Filters = Pick<CostListInput, 'incidentId' | 'category' | 'stage' | 'source' | 'approval' | 'review' | 'attention' | 'q'>;

/**
 * Lines whose vendor, description or claimant contain `q`. instr() (strpos() on PostgreSQL) rather than LIKE: it has no wildcards,
 * so a `%` or `_` typed in the search box is matched literally with nothing to escape. SQLite's lower()
 * folds ASCII only, so 'abc' finds 'ABC' and Japanese text is matched as typed.
 */
function textMatch(db: Db, q: string): SQL {
  const contains = (column: SQLiteColumn) => containsText(db, sql`lower(${column})`, sql`lower(${q})`);
  return sql`(${contains(costs.vendor)} OR ${contains(costs.description)} OR ${contains(costs.claimant)})`;
}

function filters(db: Db, input: Filters): SQL {
  return and(
    eq(costs.incidentId, input.incidentId),
    isNull(costs.deletedAt),
    input.category ? eq(costs.category, input.category) : undefined,
    input.stage ? eq(costs.stage, input.stage) : undefined,
    input.source ? eq(costs.source, input.source) : undefined,
    input.approval === 'approved' ? isNotNull(costs.approvedAt) : input.approval === 'unapproved' ? isNull(costs.approvedAt) : undefined,
    input.review === 'unreviewed' ? isNull(costs.reviewDecision) : input.review ? eq(costs.reviewDecision, input.review) : undefined,
    // The pre-flight's work lists, by the very conditions its counts use (server/claims/preflight.ts).
    input.attention ? sql.raw(`(${attentionCondition(input.attention, '"costs"')})`) : undefined,
    input.q ? textMatch(db, input.q) : undefined,
  )!;
}

type TotalsRow = { category: CostCategory; stage: CostStage; count: number; amount: number };

async function rollupTotals(db: Db, input: Filters): Promise<TotalsRow[]> {
  return await allRows<TotalsRow>(
    db,
    sql`
    SELECT category, stage, SUM(line_count) AS count, SUM(amount) AS amount
      FROM cost_rollups
     WHERE incident_id = ${input.incidentId} AND line_count > 0
       ${input.category ? sql`AND category = ${input.category}` : sql``}
       ${input.stage ? sql`AND stage = ${input.stage}` : sql``}
     GROUP BY category, stage`,
  );
}

async function filteredTotals(db: Db, input: Filters): Promise<TotalsRow[]> {
  if (input.q) {
    // A text search reads every line's vendor, description and claimant from the table. Looked up in
    // rowid order (the IN list is sorted; NOT INDEXED keeps the planner on it) that is about twice as fast
    // on 100,000 lines as following an index's order, which jumps about the table.
    return await allRows<TotalsRow>(
      db,
      sql`
      SELECT category, stage, COUNT(*) AS count, SUM(amount) AS amount
        FROM costs ${notIndexed(db)}
       WHERE ${rowKey(db)} IN (SELECT ${rowKey(db)} FROM costs ${indexedBy(db, 'costs_incident_figures')} WHERE ${filters(db, { incidentId: input.incidentId, category: input.category, stage: input.stage, source: input.source })})
         AND ${filters(db, input)}
       GROUP BY category, stage`,
    );
  }
  // INDEXED BY: the covering index answers without touching the table (the planner prefers a narrower one).
  // The review and approval filters read the table too (they are not in the covering index).
  return await allRows<TotalsRow>(
    db,
    sql`
    SELECT category, stage, COUNT(*) AS count, SUM(amount) AS amount
      FROM costs ${indexedBy(db, 'costs_incident_figures')}
     WHERE ${filters(db, input)}
     GROUP BY category, stage`,
  );
}

/** One page of the ledger, in a stable order (keyset pagination: no line is skipped or repeated). */
export async function ledgerPage(db: Db, input: CostListInput) {
  const column = SORT_COLUMNS[input.sort];
  const order = input.order === 'asc' ? asc : desc;
  let after: SQL | undefined;
  if (input.cursor) {
    const [value, id] = decodeCursor(input.cursor);
    after = input.order === 'asc' ? sql`(${column}, ${costs.id}) > (${value}, ${id})` : sql`(${column}, ${costs.id}) < (${value}, ${id})`;
  }
  const rows = await db
    .select({
      ...costSelection,
      attachmentCount: sql<number>`(SELECT COUNT(*) FROM attachments a WHERE a.cost_id = ${costs.id} AND a.deleted_at IS NULL)`,
      approvedByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${costs.approvedBy})`,
      reviewCount: sql<number>`(SELECT COUNT(*) FROM line_reviews r WHERE r.cost_id = ${costs.id})`,
    })
    .from(costs)
    .innerJoin(users, eq(users.id, costs.createdBy))
    .where(and(filters(db, input), after))
    .orderBy(order(column), order(costs.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > input.limit && last ? encodeCursor(last[input.sort], last.id) : null;
  return { items, nextCursor };
}

/** Sums of the (filtered) ledger by stage, from SQL, so the ledger's footer matches the dashboard. */
export async function ledgerTotals(db: Db, input: Filters) {
  // The whole ledger, or one category or stage of it, reads the rollups (tens of rows); the other
  // filters are work lists (source, approval, review) or a text search and sum the matching lines.
  const rows = input.source || input.approval || input.review || input.attention || input.q ? await filteredTotals(db, input) : await rollupTotals(db, input);
  const byStage = Object.fromEntries(COST_STAGES.map((s) => [s, { count: 0, amount: 0 }])) as Record<CostStage, { count: number; amount: number }>;
  let claimedAmount = 0;
  let projectedAmount = 0;
  for (const row of rows) {
    byStage[row.stage] = { count: byStage[row.stage].count + row.count, amount: addYen(byStage[row.stage].amount, row.amount) };
    projectedAmount = addYen(projectedAmount, row.amount);
    if (isClaimedStage(row.category, row.stage)) claimedAmount = addYen(claimedAmount, row.amount);
  }
  return { byStage, claimedAmount, projectedAmount, count: rows.reduce((n, r) => n + r.count, 0) };
}
