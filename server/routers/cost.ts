// Cost lines: log, correct, remove (softly), and list them page by page with sorting and filters. The queries
// and writes live in server/ledger/ (ledger-reads.ts, ledger-writes.ts); these procedures authorise and call them.

import { costCreateInput, costIdInput, costIncidentInput, costListInput, costUpdateInput } from '../../shared/schemas.ts';
import { requireIncident } from '../access.ts';
import { ledgerPage, ledgerTotals } from '../ledger/ledger-reads.ts';
import { createLine, deleteLine, updateLine } from '../ledger/ledger-writes.ts';
import { taxTotals } from '../ledger/tax-totals.ts';
import { authedProcedure, router } from '../trpc.ts';
import { costFinanceProcedures } from './cost-finance.ts';

const totalsInput = costListInput.pick({ incidentId: true, category: true, stage: true, source: true, approval: true, review: true, attention: true, q: true });

export const costRouter = router({
  create: authedProcedure.input(costCreateInput).mutation(({ ctx, input }) => createLine(ctx, input)),
  /** Refused with CONFLICT (and the line as it is now) when `expectedVersion` is not the stored one. */
  update: authedProcedure.input(costUpdateInput).mutation(({ ctx, input }) => updateLine(ctx, input)),
  delete: authedProcedure.input(costIdInput).mutation(({ ctx, input }) => deleteLine(ctx, input)),

  ...costFinanceProcedures,

  /** One page of the ledger, in a stable order (keyset pagination: no line is skipped or repeated). */
  list: authedProcedure.input(costListInput).query(({ ctx, input }) => {
    requireIncident(ctx, input.incidentId, 'read');
    return ledgerPage(ctx.db, input);
  }),

  /** Totals per tax category (税込, 税額, 税抜, withheld), of the claimed lines and of all of them. */
  taxTotals: authedProcedure.input(costIncidentInput).query(({ ctx, input }) => {
    requireIncident(ctx, input.incidentId, 'read');
    return taxTotals(ctx.db, input.incidentId);
  }),

  /** Sums of the (filtered) ledger by stage, from SQL, so the ledger's footer matches the dashboard. */
  totals: authedProcedure.input(totalsInput).query(({ ctx, input }) => {
    requireIncident(ctx, input.incidentId, 'read');
    return ledgerTotals(ctx.db, input);
  }),
});
