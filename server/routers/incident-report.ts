// The incident report (事故状況報告書), edited once per incident: whoever reads the incident reads it (brokers
// too), a responder or above writes it. The regulator's report, the client notice and the claim package's PDFs
// are all made from it (shared/incident-report.ts, docs/decisions/027-one-incident-report.md).

import { eq } from 'drizzle-orm';
import { INCIDENT_REPORT_KEYS, incidentReportGetInput, incidentReportUpdateInput, type IncidentReportTexts } from '../../shared/incident-report.ts';
import { requireIncident } from '../access.ts';
import { changedFields, recordAudit } from '../audit.ts';
import { storedReport, textsOf } from '../claims/incident-report-store.ts';
import { companies, incidentReports, users } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

export const incidentReportRouter = router({
  /** The report's texts (nulls before the first save) and the incident's facts the texts are made with. */
  get: authedProcedure.input(incidentReportGetInput).query(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'read');
    const stored = await storedReport(ctx.db, incident.id);
    const texts = textsOf(stored);
    const updatedByName = stored?.updatedBy
      ? ((await firstRow(ctx.db.select({ name: users.name }).from(users).where(eq(users.id, stored.updatedBy))))?.name ?? null)
      : null;
    const company = (await firstRow(ctx.db.select({ name: companies.name }).from(companies).where(eq(companies.id, incident.companyId))))!;
    return {
      incidentId: incident.id,
      ...texts,
      updatedAt: stored?.updatedAt ?? null,
      updatedByName,
      companyName: company.name,
      facts: {
        title: incident.title,
        occurredOn: incident.occurredOn,
        discoveredOn: incident.discoveredOn,
        awareOn: incident.awareOn,
        personsAffected: incident.personsAffected,
        recordsAffected: incident.recordsAffected,
        dataRole: incident.dataRole,
        insurerClaimReference: incident.insurerClaimReference,
      },
    };
  }),

  /** Saves the texts given (absent: unchanged, `null`: cleared); the first save creates the report. */
  update: answersInTransaction.input(incidentReportUpdateInput).mutation(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'responder');
    return await transact(ctx.db, async (tx) => {
      const stored = await storedReport(tx, incident.id);
      const current = textsOf(stored);
      const next = Object.fromEntries(INCIDENT_REPORT_KEYS.map((key) => [key, input[key] === undefined ? current[key] : input[key]])) as IncidentReportTexts;
      const diff = changedFields(current, next);
      if (!diff) return { incidentId: incident.id, updatedAt: stored?.updatedAt ?? null };
      const updatedAt = nowIso();
      const row = { ...next, updatedBy: ctx.user.id, updatedAt };
      await tx
        .insert(incidentReports)
        .values({ incidentId: incident.id, companyId: incident.companyId, ...row })
        .onConflictDoUpdate({ target: incidentReports.incidentId, set: row });
      await recordAudit(tx, {
        companyId: incident.companyId,
        incidentId: incident.id,
        entityType: 'incident_report',
        entityId: incident.id,
        action: stored ? 'update' : 'create',
        actorUserId: ctx.user.id,
        // A first save has nothing before it: the entry lists what was written.
        ...(stored ? diff : { after: diff.after }),
      });
      const answer = { incidentId: incident.id, updatedAt };
      await rememberAnswer(tx, ctx.idempotency, answer);
      return answer;
    });
  }),
});
