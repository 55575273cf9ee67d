// Incidents (事故): what happened, when it was found, how many records, and its status.

import { desc, eq, sql } from 'drizzle-orm';
import { todayInJapan } from '../../shared/dates.ts';
import { incidentCreateInput, incidentIdInput, incidentListInput, incidentTrackingInput, incidentUpdateInput } from '../../shared/schemas.ts';
import { incidentDeadlines, incidentTimeline } from '../claims/deadlines.ts';
import { requireCompanyAccess, requireIncident, requireIncidentAccess, requirePolicy } from '../access.ts';
import { changedFields, recordAudit } from '../audit.ts';
import { incidents, policies } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { rememberAnswer } from '../idempotency.ts';
import type { DataRole } from '../../shared/incident-facts.ts';
import { policySelection } from './policy.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

export const incidentSelection = {
  id: incidents.id,
  companyId: incidents.companyId,
  policyId: incidents.policyId,
  title: incidents.title,
  kind: incidents.kind,
  occurredOn: incidents.occurredOn,
  discoveredOn: incidents.discoveredOn,
  recordsAffected: incidents.recordsAffected,
  personsAffected: incidents.personsAffected,
  description: incidents.description,
  status: incidents.status,
  claimStatus: incidents.claimStatus,
  sensitiveData: incidents.sensitiveData,
  financialHarm: incidents.financialHarm,
  malicious: incidents.malicious,
  insurerNotifiedOn: incidents.insurerNotifiedOn,
  regulatorFirstReportOn: incidents.regulatorFirstReportOn,
  regulatorFinalReportOn: incidents.regulatorFinalReportOn,
  awareOn: incidents.awareOn,
  encrypted: incidents.encrypted,
  dataRole: incidents.dataRole,
  clientNotifiedOn: incidents.clientNotifiedOn,
  personsNotifiedOn: incidents.personsNotifiedOn,
  insurerClaimReference: incidents.insurerClaimReference,
  settledAmount: incidents.settledAmount,
  settledOn: incidents.settledOn,
  settledExpense: incidents.settledExpense,
  settledRestoration: incidents.settledRestoration,
  settledLiability: incidents.settledLiability,
  priorKnowledgeJustification: incidents.priorKnowledgeJustification,
  createdAt: incidents.createdAt,
};

type IncidentInput = {
  title: string;
  kind: (typeof incidents.$inferInsert)['kind'];
  occurredOn: string;
  discoveredOn: string;
  recordsAffected?: number | null;
  personsAffected?: number | null;
  description?: string;
  priorKnowledgeJustification?: string;
  awareOn?: string | null;
  encrypted?: boolean;
  dataRole?: DataRole;
};

type LaterFields = { personsAffected: number | null; awareOn: string | null; encrypted: boolean; dataRole: DataRole };
const NEW_INCIDENT: LaterFields = { personsAffected: null, awareOn: null, encrypted: false, dataRole: 'own' };

/** The incident as stored; a field added later (persons, awareness, encryption, role) left out of an update stays as it was. */
function storedFields(input: IncidentInput, current: LaterFields = NEW_INCIDENT) {
  return {
    title: input.title,
    kind: input.kind,
    occurredOn: input.occurredOn,
    discoveredOn: input.discoveredOn,
    recordsAffected: input.recordsAffected ?? null,
    personsAffected: input.personsAffected === undefined ? current.personsAffected : input.personsAffected,
    awareOn: input.awareOn === undefined ? current.awareOn : input.awareOn,
    encrypted: input.encrypted ?? current.encrypted,
    dataRole: input.dataRole ?? current.dataRole,
    description: input.description || null,
    priorKnowledgeJustification: input.priorKnowledgeJustification || null,
  };
}

export const incidentRouter = router({
  create: answersInTransaction.input(incidentCreateInput).mutation(async ({ ctx, input }) => {
    // Responders open incidents: they are the ones awake when it happens.
    const policy = await requirePolicy(ctx, input.policyId, 'responder');
    const id = newId();
    const fields = storedFields(input);
    await transact(ctx.db, async (tx) => {
      await tx.insert(incidents).values({ id, companyId: policy.companyId, policyId: policy.id, createdBy: ctx.user.id, ...fields });
      await recordAudit(tx, {
        companyId: policy.companyId,
        incidentId: id,
        entityType: 'incident',
        entityId: id,
        action: 'create',
        actorUserId: ctx.user.id,
        after: fields,
      });
      await rememberAnswer(tx, ctx.idempotency, { id });
    });
    return { id };
  }),

  update: answersInTransaction.input(incidentUpdateInput).mutation(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.id, 'finance');
    const fields = { ...storedFields(input, incident), status: input.status };
    const diff = changedFields(incident, fields);
    if (diff) {
      await transact(ctx.db, async (tx) => {
        await tx
          .update(incidents)
          .set({ ...fields, updatedAt: nowIso() })
          .where(eq(incidents.id, incident.id));
        await recordAudit(tx, {
          companyId: incident.companyId,
          incidentId: incident.id,
          entityType: 'incident',
          entityId: incident.id,
          action: 'update',
          actorUserId: ctx.user.id,
          ...diff,
        });
        await rememberAnswer(tx, ctx.idempotency, { id: incident.id });
      });
    }
    return { id: incident.id };
  }),

  /** The facts behind the deadlines clock and when each duty was done (the breach team records them). */
  updateTracking: answersInTransaction.input(incidentTrackingInput).mutation(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.id, 'responder');
    const { id, ...given } = input;
    // Fields added later and left out stay as they were; a blank reference is no reference.
    const fields = {
      ...given,
      encrypted: given.encrypted ?? incident.encrypted,
      dataRole: given.dataRole ?? incident.dataRole,
      clientNotifiedOn: given.clientNotifiedOn === undefined ? incident.clientNotifiedOn : given.clientNotifiedOn,
      personsNotifiedOn: given.personsNotifiedOn === undefined ? incident.personsNotifiedOn : given.personsNotifiedOn,
      insurerClaimReference: given.insurerClaimReference === undefined ? incident.insurerClaimReference : given.insurerClaimReference || null,
    };
    const diff = changedFields(incident, fields);
    if (diff) {
      await transact(ctx.db, async (tx) => {
        await tx
          .update(incidents)
          .set({ ...fields, updatedAt: nowIso() })
          .where(eq(incidents.id, id));
        await recordAudit(tx, {
          companyId: incident.companyId,
          incidentId: id,
          entityType: 'incident',
          entityId: id,
          action: 'update',
          actorUserId: ctx.user.id,
          ...diff,
        });
        await rememberAnswer(tx, ctx.idempotency, { id });
      });
    }
    return { id };
  }),

  /** What is due, when, and what is late (docs/rules.md, "Deadlines"), each duty from its own starting day. */
  deadlines: authedProcedure.input(incidentIdInput).query(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.id, 'read');
    return { today: todayInJapan(), ...(await incidentDeadlines(ctx.db, incident)) };
  }),

  timeline: authedProcedure.input(incidentIdInput).query(async ({ ctx, input }) => {
    const { incident, access } = await requireIncidentAccess(ctx, input.id, 'read');
    return await incidentTimeline(ctx.db, incident, access.kind === 'broker' ? access.brokerCompanyId : null);
  }),

  get: authedProcedure.input(incidentIdInput).query(async ({ ctx, input }) => {
    await requireIncident(ctx, input.id, 'read');
    const row = (await firstRow(
      ctx.db
        .select({ incident: incidentSelection, policy: policySelection })
        .from(incidents)
        .innerJoin(policies, eq(policies.id, incidents.policyId))
        .where(eq(incidents.id, input.id)),
    ))!;
    return { ...row.incident, policy: row.policy };
  }),

  list: authedProcedure.input(incidentListInput).query(async ({ ctx, input }) => {
    requireCompanyAccess(ctx, input.companyId, 'read');
    return await ctx.db
      .select({
        ...incidentSelection,
        policyNumber: policies.policyNumber,
        lineCount: sql<number>`(SELECT COUNT(*) FROM costs c WHERE c.incident_id = ${incidents.id} AND c.deleted_at IS NULL)`,
      })
      .from(incidents)
      .innerJoin(policies, eq(policies.id, incidents.policyId))
      .where(eq(incidents.companyId, input.companyId))
      .orderBy(desc(incidents.discoveredOn), desc(incidents.createdAt));
  }),
});
