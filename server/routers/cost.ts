// Cost lines: log, correct, remove (softly), and list them page by page with sorting and filters. The queries
// and writes live in server/ledger/ (ledger-reads.ts, ledger-writes.ts); these procedures authorise and call them.

import { costCreateInput, costIdInput, costIncidentInput, costListInput, costUpdateInput } from '../../shared/schemas.ts';
import { requireIncident } from '../access.ts';
import { ledgerPage, ledgerTotals } from '../ledger/ledger-reads.ts';
import { createLine, deleteLine, updateLine } from '../ledger/ledger-writes.ts';
import { taxTotals } from '../ledger/tax-totals.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { costFinanceProcedures } from './cost-finance.ts';

const totalsInput = costListInput.pick({ incidentId: true, category: true, stage: true, source: true, approval: true, review: true, attention: true, q: true });

export const costRouter = router({
  // These three store an Idempotency-Key's answer with the line, in one transaction (server/idempotency.ts).
  create: answersInTransaction.input(costCreateInput).mutation(async ({ ctx, input }) => await createLine(ctx, input)),
  /** Refused with CONFLICT (and the line as it is now) when `expectedVersion` is not the stored one. */
  update: answersInTransaction.input(costUpdateInput).mutation(async ({ ctx, input }) => await updateLine(ctx, input)),
  delete: answersInTransaction.input(costIdInput).mutation(async ({ ctx, input }) => await deleteLine(ctx, input)),

  ...costFinanceProcedures,

  /** One page of the ledger, in a stable order (keyset pagination: no line is skipped or repeated). */
  list: authedProcedure.input(costListInput).query(async ({ ctx, input }) => {
    await requireIncident(ctx, input.incidentId, 'read');
    return await ledgerPage(ctx.db, input);
  }),

  /** Totals per tax category (税込, 税額, 税抜, withheld), of the claimed lines and of all of them. */
  taxTotals: authedProcedure.input(costIncidentInput).query(async ({ ctx, input }) => {
    await requireIncident(ctx, input.incidentId, 'read');
    return await taxTotals(ctx.db, input.incidentId);
  }),

  /** Sums of the (filtered) ledger by stage, from SQL, so the ledger's footer matches the dashboard. */
  totals: authedProcedure.input(totalsInput).query(async ({ ctx, input }) => {
    await requireIncident(ctx, input.incidentId, 'read');
    return await ledgerTotals(ctx.db, input);
  }),
});
