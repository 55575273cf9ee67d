// What the policy pays for an incident, the frozen packages, and the claim's journey through the
// broker to the insurer.

import { insertionOrder } from '../db/dialect-sql.ts';
import { domainError, fieldError } from '../errors.ts';
import { and, desc, eq, sql } from 'drizzle-orm';
import {
  claimExportInput,
  claimPackagesInput,
  claimPreflightInput,
  claimSetStatusInput,
  claimSettleInput,
  claimStatusInput,
  claimSubmitInput,
  claimSummaryInput,
} from '../../shared/schemas.ts';
import type { ClaimSide } from '../../shared/claim-status.ts';
import { confirmationOf, itemsOfRecord, type PreflightItem, type PreflightRecord } from '../../shared/preflight.ts';
import { hasRole, requireIncident, requireIncidentAccess } from '../access.ts';
import { claimEventRows, submittedTo } from '../claims/claim-events.ts';
import { moveClaim } from '../claims/journey.ts';
import { currentPreflight, requireAcknowledged } from '../claims/preflight.ts';
import { incidentSummary } from '../claims/summary.ts';
import { brokerGrants, claimPackages, companies, incidents, users } from '../db/schema.ts';
import { exportOnRequest } from '../packages/export-on-request.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { transact } from '../db/transaction.ts';
import { allRows, firstRow } from '../db/rows.ts';

interface PackageTotals {
  lines: number;
  claimedLines: number;
  claimedAmount: number;
  totalPayable: number;
  projectedTotalPayable: number;
  /** What the pre-flight check found outstanding when the version was frozen (absent before issue 15). */
  preflight?: Pick<PreflightRecord, 'outstanding' | 'confirmation'>;
}

const parseTotals = (totals: string | null) => JSON.parse(totals ?? '{}') as PackageTotals;

/**
 * Who acts on the claim: finance (or an admin) for the client, or the broker it was submitted to.
 * Which side may make which move is shared/claim-status.ts's table, checked by moveClaim.
 */
async function claimActor(
  ctx: Parameters<typeof requireIncidentAccess>[0],
  incidentId: string,
): Promise<{ incident: typeof incidents.$inferSelect; side: ClaimSide }> {
  const { incident, access } = await requireIncidentAccess(ctx, incidentId, 'read');
  if (access.kind === 'member') {
    if (!hasRole(access.role, 'finance')) throw domainError('FORBIDDEN', 'needsRole', { role: 'finance' });
    return { incident, side: 'client' };
  }
  if (incident.brokerCompanyId !== access.brokerCompanyId) {
    throw domainError('CONFLICT', 'notSubmittedToYou');
  }
  return { incident, side: 'broker' };
}

/**
 * A settlement given as one amount is split as the computed claim splits (docs/rules.md, "Settled
 * incidents"): liability first, then the rider, then expenses, each up to its computed figure; whatever the
 * insurer paid beyond the computation counts against the expense aggregate, the one that runs out first.
 */
function splitLikeComputed(paid: number, computed: { liabilityPayable: number; restorationPaid: number }) {
  const liability = Math.min(paid, computed.liabilityPayable);
  const restoration = Math.min(paid - liability, computed.restorationPaid);
  return { liability, restoration, expense: paid - liability - restoration };
}

export const claimRouter = router({
  summary: authedProcedure.input(claimSummaryInput).query(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'read');
    return await incidentSummary(ctx.db, incident, input.locale);
  }),

  /** What is still outstanding before an export or a submission, each item with where to fix it. */
  preflight: authedProcedure.input(claimPreflightInput).query(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'read');
    return { items: await currentPreflight(ctx.db, incident) };
  }),

  /**
   * Freezes the ledger as it is now into a new package version; the ZIP is at /api/packages/<id>.zip.
   * An unchanged ledger answers its newest package; one export per company builds at a time (TOO_MANY_REQUESTS).
   */
  export: authedProcedure.input(claimExportInput).mutation(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'finance');
    requireAcknowledged(await currentPreflight(ctx.db, incident), input.acknowledged);
    const target = { incidentId: incident.id, companyId: incident.companyId, locale: input.locale, userId: ctx.user.id, acknowledged: input.acknowledged };
    return await exportOnRequest(ctx.db, ctx.storage, target, () => ctx.setHeader('retry-after', '10'));
  }),

  /** The exported versions, newest first; a broker sees only the versions submitted to it. */
  packages: authedProcedure.input(claimPackagesInput).query(async ({ ctx, input }) => {
    const { incident, access } = await requireIncidentAccess(ctx, input.incidentId, 'read');
    const broker = access.kind === 'broker' ? access.brokerCompanyId : null;
    return (
      await ctx.db
        .select({
          id: claimPackages.id,
          version: claimPackages.version,
          locale: claimPackages.locale,
          sha256: claimPackages.sha256,
          size: claimPackages.size,
          totals: claimPackages.totals,
          createdAt: claimPackages.createdAt,
          createdByName: users.name,
          submittedAt: sql<string | null>`(SELECT MIN(e.at) FROM claim_events e WHERE e.package_id = ${claimPackages.id})`,
        })
        .from(claimPackages)
        .innerJoin(users, eq(users.id, claimPackages.createdBy))
        .where(and(eq(claimPackages.incidentId, incident.id), eq(claimPackages.status, 'ready'), broker ? submittedTo(claimPackages.id, broker) : undefined))
        .orderBy(desc(claimPackages.version))
    ).map(({ totals, ...row }) => {
      const { preflight, ...figures } = parseTotals(totals);
      return { ...row, totals: figures, preflight: preflight ? itemsOfRecord(preflight.outstanding) : null, downloadUrl: `/api/packages/${row.id}.zip` };
    });
  }),

  /** Finance sends a package version to the company's broker (again, after changes were requested). */
  submit: answersInTransaction.input(claimSubmitInput).mutation(async ({ ctx, input }) => {
    const incident = await requireIncident(ctx, input.incidentId, 'finance');
    const pkg = await firstRow(
      ctx.db
        .select({ id: claimPackages.id, version: claimPackages.version, totals: claimPackages.totals })
        .from(claimPackages)
        .where(and(eq(claimPackages.id, input.packageId), eq(claimPackages.incidentId, incident.id), eq(claimPackages.status, 'ready'))),
    );
    if (!pkg) throw domainError('NOT_FOUND', 'notFound', { what: 'Claim package' });
    const granted = await ctx.db.select({ id: brokerGrants.brokerCompanyId }).from(brokerGrants).where(eq(brokerGrants.clientCompanyId, incident.companyId));
    const brokerCompanyId = input.brokerCompanyId ?? incident.brokerCompanyId ?? (granted.length === 1 ? granted[0]?.id : undefined);
    if (!brokerCompanyId) {
      throw fieldError('brokerCompanyId', granted.length === 0 ? 'grantBrokerFirst' : 'chooseBroker');
    }
    if (!granted.some((g) => g.id === brokerCompanyId)) {
      throw fieldError('brokerCompanyId', 'brokerNoAccess');
    }
    // What the version sent was frozen with; a version from before the check is checked against the ledger now.
    const frozen = parseTotals(pkg.totals).preflight;
    const items: PreflightItem[] = frozen ? itemsOfRecord(frozen.outstanding) : await currentPreflight(ctx.db, incident);
    requireAcknowledged(items, input.acknowledged);
    // The audit entry says what was outstanding and whether the person confirmed it (its actor is who).
    const audit = { outstanding: items.map((item) => item.key), confirmation: confirmationOf(items, input.acknowledged) };
    const answer = { ok: true as const, version: pkg.version };
    await transact(ctx.db, async (tx) => {
      await moveClaim(tx, incident, {
        to: 'submitted',
        side: 'client',
        actorUserId: ctx.user.id,
        packageId: pkg.id,
        brokerCompanyId,
        note: input.note,
        audit,
      });
      await rememberAnswer(tx, ctx.idempotency, answer);
    });
    return answer;
  }),

  /** The broker's moves: start the review, ask for changes, accept, send to the insurer (members: FORBIDDEN). */
  setStatus: answersInTransaction.input(claimSetStatusInput).mutation(async ({ ctx, input }) => {
    const { incident, side } = await claimActor(ctx, input.incidentId);
    await transact(ctx.db, async (tx) => {
      await moveClaim(tx, incident, { to: input.status, side, actorUserId: ctx.user.id, note: input.note });
      await rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),

  /** Records what the insurer paid, beside what was claimed (the broker or the client's finance). */
  settle: answersInTransaction.input(claimSettleInput).mutation(async ({ ctx, input }) => {
    const { incident, side } = await claimActor(ctx, input.incidentId);
    const split =
      input.expensePaid !== undefined
        ? { expense: input.expensePaid, restoration: input.restorationPaid!, liability: input.liabilityPaid! }
        : splitLikeComputed(input.paidAmount, await incidentSummary(ctx.db, incident));
    await transact(ctx.db, async (tx) => {
      await moveClaim(tx, incident, {
        to: 'settled',
        side,
        actorUserId: ctx.user.id,
        amount: input.paidAmount,
        note: input.note,
        set: {
          settledAmount: input.paidAmount,
          settledOn: input.settledOn,
          settledExpense: split.expense,
          settledRestoration: split.restoration,
          settledLiability: split.liability,
        },
      });
      await rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),

  /**
   * Where the claim stands: status, broker, the submitted versions, the review's counts, the events.
   * A broker reads the broker and the events only of its own submissions (claimEventRows).
   */
  status: authedProcedure.input(claimStatusInput).query(async ({ ctx, input }) => {
    const { incident, access } = await requireIncidentAccess(ctx, input.incidentId, 'read');
    const viewerBroker = access.kind === 'broker' ? access.brokerCompanyId : null;
    const shownBrokerId = viewerBroker === null || viewerBroker === incident.brokerCompanyId ? incident.brokerCompanyId : null;
    const broker = shownBrokerId
      ? ((await firstRow(ctx.db.select({ id: companies.id, name: companies.name }).from(companies).where(eq(companies.id, shownBrokerId)))) ?? null)
      : null;
    const events = (await claimEventRows(ctx.db, incident.id, viewerBroker)).map(({ packageTotals, ...e }) => ({
      ...e,
      totalPayable: packageTotals ? parseTotals(packageTotals).totalPayable : null,
    }));
    const lastSubmission = events.findLast((e) => e.toStatus === 'submitted') ?? null;
    const decisions = await allRows<{ decision: string | null; lines: number }>(
      ctx.db,
      sql`
      SELECT review_decision AS decision, COUNT(*) AS lines FROM costs
       WHERE incident_id = ${incident.id} AND deleted_at IS NULL GROUP BY review_decision`,
    );
    const count = (d: string | null) => decisions.find((r) => r.decision === d)?.lines ?? 0;
    const [unanswered] = await allRows<{ n: number }>(
      ctx.db,
      sql`
      SELECT COUNT(*) AS n FROM costs c
       WHERE c.incident_id = ${incident.id} AND c.deleted_at IS NULL AND c.review_decision = 'query'
         AND (SELECT r.kind FROM line_reviews r WHERE r.cost_id = c.id ORDER BY r.at DESC, ${insertionOrder(ctx.db, 'r')} DESC LIMIT 1) = 'query'`,
    );
    if (!unanswered) throw new Error('the unanswered-queries count answered no row'); // COUNT(*) always answers one
    const unansweredQueries = unanswered.n;
    const grantedBrokers =
      access.kind === 'member'
        ? await ctx.db
            .select({ id: companies.id, name: companies.name })
            .from(brokerGrants)
            .innerJoin(companies, eq(companies.id, brokerGrants.brokerCompanyId))
            .where(eq(brokerGrants.clientCompanyId, incident.companyId))
        : [];
    return {
      claimStatus: incident.claimStatus,
      viewer: access.kind,
      broker,
      grantedBrokers,
      claimedAmount: lastSubmission?.totalPayable ?? null,
      submittedVersion: lastSubmission?.packageVersion ?? null,
      settledAmount: incident.settledAmount,
      settledOn: incident.settledOn,
      review: { accepted: count('accept'), queried: count('query'), disallowed: count('disallow'), unreviewed: count(null), unansweredQueries },
      events,
    };
  }),
});
