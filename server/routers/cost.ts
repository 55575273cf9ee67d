// Cost lines: log, correct, remove (softly), and list them page by page with sorting and filters.

import { TRPCError } from '@trpc/server';
import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { COST_STAGES, isClaimedStage, type CostCategory, type CostStage } from '../../shared/categories.ts';
import { addYen } from '../../shared/money.ts';
import type { TaxCategory } from '../../shared/tax.ts';
import { todayInJapan } from '../../shared/dates.ts';
import { costCreateInput, costIdInput, costIncidentInput, costListInput, costUpdateInput, type CostListInput } from '../../shared/schemas.ts';
import { requireEditableCost, requireIncident } from '../access.ts';
import { changedFields, recordAudit } from '../audit.ts';
import type { Db } from '../db/client.ts';
import { costs, users } from '../db/schema.ts';
import { rememberAnswer } from '../idempotency.ts';
import { newId, nowIso } from '../ids.ts';
import { staleWriteError } from '../stale-write.ts';
import { authedProcedure, router } from '../trpc.ts';
import { costFinanceProcedures } from './cost-finance.ts';
import { lineFlags } from '../ledger/line-flags.ts';
import { datesForStage } from '../ledger/stage-dates.ts';
import { taxTotals } from '../ledger/tax-totals.ts';
import { givenStageDates } from '../../shared/stage-date-fields.ts';
import { attentionCondition } from '../claims/preflight.ts';
import type { z } from 'zod';

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
function currentLine(db: Db, id: string) {
  return db.select(costSelection).from(costs).innerJoin(users, eq(users.id, costs.createdBy)).where(eq(costs.id, id)).get() ?? null;
}

type CostFields = Omit<z.output<typeof costCreateInput>, 'incidentId' | 'vendor' | 'description' | 'taxCategory'> & {
  vendor?: string | null;
  description?: string | null;
  /** Null only on a line from before tax was kept, until the database opens and fills it in. */
  taxCategory: TaxCategory | null;
};

function storedFields(input: CostFields) {
  return {
    category: input.category,
    stage: input.stage,
    incurredOn: input.incurredOn,
    amount: input.amount,
    quantity: input.quantity,
    unitAmount: input.unitAmount,
    vendor: input.vendor || null,
    description: input.description || null,
    source: input.source,
    claimant: input.claimant,
    incurredAbroad: input.incurredAbroad,
    taxCategory: input.taxCategory,
    taxAmount: input.taxAmount,
    invoiceNumber: input.invoiceNumber,
    withholdingTax: input.withholdingTax,
  };
}

/** What is written: the fields, and the flags the rollups sum (server/ledger/line-flags.ts). */
const writtenFields = (fields: ReturnType<typeof storedFields>) => ({ ...fields, ...lineFlags(fields.category, fields.stage) });

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
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[1] === 'string' && ['string', 'number'].includes(typeof decoded[0])) {
      return decoded as [string | number, string];
    }
  } catch {
    // fall through to the error below
  }
  throw new TRPCError({ code: 'BAD_REQUEST', message: 'cursor: not a cursor this API gave out' });
}

type Filters = Pick<CostListInput, 'incidentId' | 'category' | 'stage' | 'source' | 'approval' | 'review' | 'attention' | 'q'>;

/**
 * Lines whose vendor, description or claimant contain `q`. instr() rather than LIKE: it has no wildcards,
 * so a `%` or `_` typed in the search box is matched literally with nothing to escape. SQLite's lower()
 * folds ASCII only, so 'abc' finds 'ABC' and Japanese text is matched as typed.
 */
function textMatch(q: string): SQL {
  const contains = (column: SQLiteColumn) => sql`instr(lower(${column}), lower(${q})) > 0`;
  return sql`(${contains(costs.vendor)} OR ${contains(costs.description)} OR ${contains(costs.claimant)})`;
}

function filters(input: Filters): SQL {
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
    input.q ? textMatch(input.q) : undefined,
  )!;
}

type TotalsRow = { category: CostCategory; stage: CostStage; count: number; amount: number };

function rollupTotals(db: Db, input: Filters): TotalsRow[] {
  return db.all<TotalsRow>(sql`
    SELECT category, stage, SUM(line_count) AS count, SUM(amount) AS amount
      FROM cost_rollups
     WHERE incident_id = ${input.incidentId} AND line_count > 0
       ${input.category ? sql`AND category = ${input.category}` : sql``}
       ${input.stage ? sql`AND stage = ${input.stage}` : sql``}
     GROUP BY category, stage`);
}

function filteredTotals(db: Db, input: Filters): TotalsRow[] {
  if (input.q) {
    // A text search reads every line's vendor, description and claimant from the table. Looked up in
    // rowid order (the IN list is sorted; NOT INDEXED keeps the planner on it) that is about twice as fast
    // on 100,000 lines as following an index's order, which jumps about the table.
    return db.all<TotalsRow>(sql`
      SELECT category, stage, COUNT(*) AS count, SUM(amount) AS amount
        FROM costs NOT INDEXED
       WHERE rowid IN (SELECT rowid FROM costs INDEXED BY costs_incident_figures WHERE ${filters({ incidentId: input.incidentId, category: input.category, stage: input.stage, source: input.source })})
         AND ${filters(input)}
       GROUP BY category, stage`);
  }
  // INDEXED BY: the covering index answers without touching the table (the planner prefers a narrower one).
  // The review and approval filters read the table too (they are not in the covering index).
  return db.all<TotalsRow>(sql`
    SELECT category, stage, COUNT(*) AS count, SUM(amount) AS amount
      FROM costs INDEXED BY costs_incident_figures
     WHERE ${filters(input)}
     GROUP BY category, stage`);
}

const totalsInput = costListInput.pick({ incidentId: true, category: true, stage: true, source: true, approval: true, review: true, attention: true, q: true });

export const costRouter = router({
  create: authedProcedure.input(costCreateInput).mutation(({ ctx, input }) => {
    const incident = requireIncident(ctx, input.incidentId, 'responder');
    const id = newId();
    const fields = storedFields(input);
    ctx.db.transaction((tx) => {
      tx.insert(costs).values({ id, incidentId: incident.id, companyId: incident.companyId, createdBy: ctx.user.id, ...writtenFields(fields) }).run();
      recordAudit(tx, { companyId: incident.companyId, incidentId: incident.id, entityType: 'cost', entityId: id, action: 'create', actorUserId: ctx.user.id, after: fields });
      // With an Idempotency-Key, the key is stored with the line: a retry after a crash finds both or neither.
      rememberAnswer(tx, ctx.idempotency, { id });
    });
    return { id };
  }),

  update: authedProcedure.input(costUpdateInput).mutation(({ ctx, input }) => {
    const cost = requireEditableCost(ctx, input.id);
    if (input.expectedVersion !== undefined && input.expectedVersion !== cost.version) {
      throw staleWriteError('Someone else changed this line since you opened it: their values are in the answer', currentLine(ctx.db, cost.id));
    }
    const edited = storedFields(input);
    // An approval covers the line as finance saw it: any change withdraws it.
    // The day a line reached its stage is kept when it stays there, and today (in Japan) when an edit moves
    // it. A new line has none: the day it was invoiced or paid is not known until someone records it
    // (cost.setStage), and the day it was logged would be a guess presented as a fact.
    // Days the editor gives (a corrected 請求日) replace the automatic ones; the schema has checked the stage has them.
    const given = givenStageDates(input);
    const dates = { ...datesForStage(edited.category, edited.stage, cost, todayInJapan(), false), ...given };
    const fields = { ...edited, ...dates, ...(changedFields(cost, { ...edited, ...given }) ? { approvedAt: null, approvedBy: null } : {}) };
    const diff = changedFields(cost, fields);
    const answer = { id: cost.id, version: diff ? cost.version + 1 : cost.version };
    if (diff) {
      ctx.db.transaction((tx) => {
        const written = tx
          .update(costs)
          .set({ ...fields, ...lineFlags(fields.category, fields.stage), version: cost.version + 1, updatedAt: nowIso() })
          .where(and(eq(costs.id, cost.id), eq(costs.version, cost.version)))
          .run();
        if (written.changes === 0) {
          throw staleWriteError('Someone else changed this line at the same moment: their values are in the answer', currentLine(ctx.db, cost.id));
        }
        recordAudit(tx, { companyId: cost.companyId, incidentId: cost.incidentId, entityType: 'cost', entityId: cost.id, action: 'update', actorUserId: ctx.user.id, ...diff });
        rememberAnswer(tx, ctx.idempotency, answer);
      });
    }
    return answer;
  }),

  delete: authedProcedure.input(costIdInput).mutation(({ ctx, input }) => {
    const cost = requireEditableCost(ctx, input.id);
    ctx.db.transaction((tx) => {
      tx.update(costs).set({ deletedAt: nowIso(), version: cost.version + 1 }).where(eq(costs.id, cost.id)).run();
      recordAudit(tx, { companyId: cost.companyId, incidentId: cost.incidentId, entityType: 'cost', entityId: cost.id, action: 'delete', actorUserId: ctx.user.id, before: storedFields(cost) });
      rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),

  ...costFinanceProcedures,

  /** One page of the ledger, in a stable order (keyset pagination: no line is skipped or repeated). */
  list: authedProcedure.input(costListInput).query(({ ctx, input }) => {
    requireIncident(ctx, input.incidentId, 'read');
    const column = SORT_COLUMNS[input.sort];
    const order = input.order === 'asc' ? asc : desc;
    let after: SQL | undefined;
    if (input.cursor) {
      const [value, id] = decodeCursor(input.cursor);
      after = input.order === 'asc' ? sql`(${column}, ${costs.id}) > (${value}, ${id})` : sql`(${column}, ${costs.id}) < (${value}, ${id})`;
    }
    const rows = ctx.db
      .select({
        ...costSelection,
        attachmentCount: sql<number>`(SELECT COUNT(*) FROM attachments a WHERE a.cost_id = ${costs.id} AND a.deleted_at IS NULL)`,
        approvedByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${costs.approvedBy})`,
        reviewCount: sql<number>`(SELECT COUNT(*) FROM line_reviews r WHERE r.cost_id = ${costs.id})`,
      })
      .from(costs)
      .innerJoin(users, eq(users.id, costs.createdBy))
      .where(and(filters(input), after))
      .orderBy(order(column), order(costs.id))
      .limit(input.limit + 1)
      .all();
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    const nextCursor = rows.length > input.limit && last ? encodeCursor(last[input.sort], last.id) : null;
    return { items, nextCursor };
  }),

  /** Totals per tax category (税込, 税額, 税抜, withheld), of the claimed lines and of all of them. */
  taxTotals: authedProcedure.input(costIncidentInput).query(({ ctx, input }) => {
    requireIncident(ctx, input.incidentId, 'read');
    return taxTotals(ctx.db, input.incidentId);
  }),

  /** Sums of the (filtered) ledger by stage, from SQL, so the ledger's footer matches the dashboard. */
  totals: authedProcedure.input(totalsInput).query(({ ctx, input }) => {
    requireIncident(ctx, input.incidentId, 'read');
    // The whole ledger, or one category or stage of it, reads the rollups (tens of rows); the other
    // filters are work lists (source, approval, review) or a text search and sum the matching lines.
    const rows = input.source || input.approval || input.review || input.attention || input.q ? filteredTotals(ctx.db, input) : rollupTotals(ctx.db, input);
    const byStage = Object.fromEntries(COST_STAGES.map((s) => [s, { count: 0, amount: 0 }])) as Record<CostStage, { count: number; amount: number }>;
    let claimedAmount = 0;
    let projectedAmount = 0;
    for (const row of rows) {
      byStage[row.stage] = { count: byStage[row.stage].count + row.count, amount: addYen(byStage[row.stage].amount, row.amount) };
      projectedAmount = addYen(projectedAmount, row.amount);
      if (isClaimedStage(row.category, row.stage)) claimedAmount = addYen(claimedAmount, row.amount);
    }
    return { byStage, claimedAmount, projectedAmount, count: rows.reduce((n, r) => n + r.count, 0) };
  }),
});
