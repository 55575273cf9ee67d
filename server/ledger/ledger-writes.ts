// Writing cost lines: log, correct (refusing a stale save), remove softly. Each write is one transaction with its
// audit entry, the flags the rollups sum (line-flags.ts) and the rollups themselves (rollups.ts), and the idempotency key's answer (server/idempotency.ts).

import { rowsChanged } from '../db/rows.ts';
import { and, eq } from 'drizzle-orm';
import { placeholdersFor, preparedWrite, type SameNames } from '../db/prepared.ts';
import type { z } from 'zod';
import { todayInJapan } from '../../shared/dates.ts';
import type { costCreateInput, costIdInput, costUpdateInput } from '../../shared/schemas.ts';
import { givenStageDates } from '../../shared/stage-date-fields.ts';
import type { TaxCategory } from '../../shared/tax.ts';
import { requireEditableCost, requireIncident } from '../access.ts';
import { changedFields, recordAudit, transactOnChains } from '../audit.ts';
import type { Context } from '../context.ts';
import { costs } from '../db/schema.ts';
import { rememberAnswer } from '../idempotency.ts';
import { newId, nowIso } from '../ids.ts';
import { staleWriteError } from '../stale-write.ts';
import { currentLine } from './ledger-reads.ts';
import { lineFlags } from './line-flags.ts';
import { addNewLines, writeLines } from './rollups.ts';
import { datesForStage } from './stage-dates.ts';

type SignedIn = Context & { user: NonNullable<Context['user']> };

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

/**
 * The columns a new line is written with: its ids, its author, its fields and flags (the rest take their
 * defaults). An imported line adds its import's (server/import/insert-lines-pg.ts).
 */
export const NEW_LINE_COLUMNS = [
  'id',
  'incidentId',
  'companyId',
  'createdBy',
  'category',
  'stage',
  'incurredOn',
  'amount',
  'quantity',
  'unitAmount',
  'vendor',
  'description',
  'source',
  'claimant',
  'incurredAbroad',
  'taxCategory',
  'taxAmount',
  'invoiceNumber',
  'withholdingTax',
  'needsConsent',
  'claimed',
] as const satisfies readonly (keyof typeof costs.$inferInsert)[];

// Every field a new line is written with has its column in the prepared insert, and every column its field: a
// field added to storedFields or lineFlags without a column here fails to compile instead of going unwritten.
const everyFieldHasAColumn: SameNames<
  (typeof NEW_LINE_COLUMNS)[number],
  'id' | 'incidentId' | 'companyId' | 'createdBy' | keyof ReturnType<typeof writtenFields>
> = true;
void everyFieldHasAColumn;

/** A new line's insert, prepared once per database: logging a cost runs it (drizzle would build it each time). */
const insertLine = preparedWrite((db) =>
  db
    .insert(costs)
    .values(placeholdersFor(NEW_LINE_COLUMNS) as unknown as typeof costs.$inferInsert)
    .prepare(),
);

export async function createLine(ctx: SignedIn, input: z.output<typeof costCreateInput>) {
  const incident = await requireIncident(ctx, input.incidentId, 'responder');
  const id = newId();
  const fields = storedFields(input);
  await transactOnChains(ctx.db, incident.companyId, async (tx) => {
    const line = { id, incidentId: incident.id, companyId: incident.companyId, createdBy: ctx.user.id, ...writtenFields(fields) };
    await insertLine(tx).execute(line);
    await addNewLines(tx, [line]);
    await recordAudit(tx, {
      companyId: incident.companyId,
      incidentId: incident.id,
      entityType: 'cost',
      entityId: id,
      action: 'create',
      actorUserId: ctx.user.id,
      after: fields,
    });
    // With an Idempotency-Key, the key is stored with the line: a retry after a crash finds both or neither.
    await rememberAnswer(tx, ctx.idempotency, { id });
  });
  return { id };
}

export async function updateLine(ctx: SignedIn, input: z.output<typeof costUpdateInput>) {
  const cost = await requireEditableCost(ctx, input.id);
  if (input.expectedVersion !== undefined && input.expectedVersion !== cost.version) {
    throw staleWriteError('staleWrite', await currentLine(ctx.db, cost.id));
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
    await transactOnChains(ctx.db, cost.companyId, async (tx) => {
      const written = await writeLines(
        tx,
        [cost.id],
        async () =>
          await tx
            .update(costs)
            .set({ ...fields, ...lineFlags(fields.category, fields.stage), version: cost.version + 1, updatedAt: nowIso() })
            .where(and(eq(costs.id, cost.id), eq(costs.version, cost.version))),
      );
      if (rowsChanged(written) === 0) {
        throw staleWriteError('staleWriteSameMoment', await currentLine(ctx.db, cost.id));
      }
      await recordAudit(tx, {
        companyId: cost.companyId,
        incidentId: cost.incidentId,
        entityType: 'cost',
        entityId: cost.id,
        action: 'update',
        actorUserId: ctx.user.id,
        ...diff,
      });
      await rememberAnswer(tx, ctx.idempotency, answer);
    });
  }
  return answer;
}

export async function deleteLine(ctx: SignedIn, input: z.output<typeof costIdInput>) {
  const cost = await requireEditableCost(ctx, input.id);
  await transactOnChains(ctx.db, cost.companyId, async (tx) => {
    await writeLines(
      tx,
      [cost.id],
      async () =>
        await tx
          .update(costs)
          .set({ deletedAt: nowIso(), version: cost.version + 1 })
          .where(eq(costs.id, cost.id)),
    );
    await recordAudit(tx, {
      companyId: cost.companyId,
      incidentId: cost.incidentId,
      entityType: 'cost',
      entityId: cost.id,
      action: 'delete',
      actorUserId: ctx.user.id,
      before: storedFields(cost),
    });
    await rememberAnswer(tx, ctx.idempotency, { ok: true });
  });
  return { ok: true as const };
}
