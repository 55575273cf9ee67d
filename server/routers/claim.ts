// What the policy pays for an incident, with the explanation and the warnings.

import { eq } from 'drizzle-orm';
import { claimSummaryInput } from '../../shared/schemas.ts';
import { requireIncident } from '../access.ts';
import { claimSummary } from '../claims/summary.ts';
import { policies } from '../db/schema.ts';
import { authedProcedure, router } from '../trpc.ts';

export const claimRouter = router({
  summary: authedProcedure.input(claimSummaryInput).query(({ ctx, input }) => {
    const incident = requireIncident(ctx, input.incidentId, 'responder');
    const policy = ctx.db.select().from(policies).where(eq(policies.id, incident.policyId)).get()!;
    return claimSummary(ctx.db, incident, policy, input.locale);
  }),
});
