// The audit log of an incident: its own changes, its lines', and its policy's.

import { and, desc, eq, or } from 'drizzle-orm';
import { auditListInput } from '../../shared/schemas.ts';
import { requireIncident } from '../access.ts';
import { auditLog, users } from '../db/schema.ts';
import { authedProcedure, router } from '../trpc.ts';

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

export const auditRouter = router({
  list: authedProcedure.input(auditListInput).query(({ ctx, input }) => {
    const incident = requireIncident(ctx, input.incidentId, 'responder');
    return ctx.db
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
      .all()
      .map((entry) => ({ ...entry, before: parse(entry.before), after: parse(entry.after) }));
  }),
});
