// The broker's home: its clients, their incidents and submissions, and what awaits the broker.

import { insertionOrder } from '../db/dialect-sql.ts';
import { desc, eq, sql } from 'drizzle-orm';
import { claimSummary } from '../claims/summary.ts';
import { incidents, policies } from '../db/schema.ts';
import { authedProcedure, router } from '../trpc.ts';
import { allRows } from '../db/rows.ts';

export const brokerRouter = router({
  /** Empty for users who are not brokers; every figure comes from the same summary the client sees. */
  clients: authedProcedure.query(({ ctx }) => {
    return Promise.all(
      ctx.user.brokerClients.map(async (client) => {
        const rows = await ctx.db
          .select()
          .from(incidents)
          .innerJoin(policies, eq(policies.id, incidents.policyId))
          .where(eq(incidents.companyId, client.companyId))
          .orderBy(desc(incidents.discoveredOn));
        return {
          companyId: client.companyId,
          companyName: client.companyName,
          brokerCompanyId: client.brokerCompanyId,
          incidents: await Promise.all(
            rows.map(async ({ incidents: incident, policies: policy }) => {
              const mine = incident.brokerCompanyId === client.brokerCompanyId;
              const summary = await claimSummary(ctx.db, incident, policy, 'ja');
              const review = (
                await allRows<{ unreviewed: number; answered: number }>(
                  ctx.db,
                  sql`
            SELECT SUM(CASE WHEN c.review_decision IS NULL THEN 1 ELSE 0 END) AS unreviewed,
                   SUM(CASE WHEN (SELECT r.kind FROM line_reviews r WHERE r.cost_id = c.id ORDER BY r.at DESC, ${insertionOrder(ctx.db, 'r')} DESC LIMIT 1) = 'answer' THEN 1 ELSE 0 END) AS answered
              FROM costs c WHERE c.incident_id = ${incident.id} AND c.deleted_at IS NULL`,
                )
              )[0];
              const submitted = (
                await allRows<{ version: number | null; at: string | null }>(
                  ctx.db,
                  sql`
            SELECT p.version AS version, e.at AS at FROM claim_events e JOIN claim_packages p ON p.id = e.package_id
             WHERE e.incident_id = ${incident.id} AND e.broker_company_id = ${client.brokerCompanyId}
             ORDER BY e.id DESC LIMIT 1`,
                )
              )[0];
              const awaitingReview = mine && (incident.claimStatus === 'submitted' || incident.claimStatus === 'under_review');
              return {
                id: incident.id,
                title: incident.title,
                discoveredOn: incident.discoveredOn,
                claimStatus: incident.claimStatus,
                submittedToMe: mine,
                submittedVersion: submitted?.version ?? null,
                submittedAt: submitted?.at ?? null,
                totalPayable: summary.totalPayable,
                adjustedTotalPayable: summary.brokerAdjusted.totalPayable,
                settledAmount: incident.settledAmount,
                awaiting: {
                  review: awaitingReview,
                  unreviewedLines: awaitingReview ? (review?.unreviewed ?? 0) : 0,
                  answeredQueries: mine ? (review?.answered ?? 0) : 0,
                },
              };
            }),
          ),
        };
      }),
    );
  }),
});
