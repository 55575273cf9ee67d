// The audit log of an incident: its own changes, its lines', and its policy's.

import { and, desc, eq, or } from 'drizzle-orm';
import { auditListInput, auditVerifyInput } from '../../shared/schemas.ts';
import { requireCompanyRole, requireIncident } from '../access.ts';
import { verifyChain } from '../audit-chain.ts';
import { auditLog, users } from '../db/schema.ts';
import { authedProcedure, router } from '../trpc.ts';

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

export const auditRouter = router({
  /** Walks the company's hash chain: does every entry still match what was written? */
  verify: authedProcedure.input(auditVerifyInput).query(({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'responder');
    return verifyChain(ctx.db, input.companyId);
  }),

  list: authedProcedure.input(auditListInput).query(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'responder');
    return (
      await ctx.db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          entityType: auditLog.entityType,
          entityId: auditLog.entityId,
          action: auditLog.action,
          actorName: users.name,
          before: auditLog.before,
          after: auditLog.after,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorUserId))
        .where(
          and(
            eq(auditLog.companyId, incident.companyId),
            or(eq(auditLog.incidentId, incident.id), and(eq(auditLog.entityType, 'policy'), eq(auditLog.entityId, incident.policyId))),
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(1000)
    ).map((entry) => ({ ...entry, before: parse(entry.before), after: parse(entry.after) }));
  }),
});
