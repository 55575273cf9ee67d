// What the policy pays for an incident, with the explanation and the warnings.

import { and, desc, eq } from 'drizzle-orm';
import { claimExportInput, claimPackagesInput, claimSummaryInput } from '../../shared/schemas.ts';
import { requireIncident } from '../access.ts';
import { claimSummary } from '../claims/summary.ts';
import { claimPackages, policies, users } from '../db/schema.ts';
import { exportClaimPackage } from '../packages/build-package.ts';
import { authedProcedure, router } from '../trpc.ts';

export const claimRouter = router({
  summary: authedProcedure.input(claimSummaryInput).query(({ ctx, input }) => {
    const incident = requireIncident(ctx, input.incidentId, 'responder');
    const policy = ctx.db.select().from(policies).where(eq(policies.id, incident.policyId)).get()!;
    return claimSummary(ctx.db, incident, policy, input.locale);
  }),

  /** Freezes the ledger as it is now into a new package version; the ZIP is at /api/packages/<id>.zip. */
  export: authedProcedure.input(claimExportInput).mutation(async ({ ctx, input }) => {
    const incident = requireIncident(ctx, input.incidentId, 'finance');
    return exportClaimPackage(ctx.db, ctx.storage, { incidentId: incident.id, companyId: incident.companyId, locale: input.locale, userId: ctx.user.id });
  }),

  /** The exported versions, newest first, with who made them and their totals. */
  packages: authedProcedure.input(claimPackagesInput).query(({ ctx, input }) => {
    const incident = requireIncident(ctx, input.incidentId, 'responder');
    return ctx.db
      .select({
        id: claimPackages.id,
        version: claimPackages.version,
        locale: claimPackages.locale,
        sha256: claimPackages.sha256,
        size: claimPackages.size,
        totals: claimPackages.totals,
        createdAt: claimPackages.createdAt,
        createdByName: users.name,
      })
      .from(claimPackages)
      .innerJoin(users, eq(users.id, claimPackages.createdBy))
      .where(and(eq(claimPackages.incidentId, incident.id), eq(claimPackages.status, 'ready')))
      .orderBy(desc(claimPackages.version))
      .all()
      .map(({ totals, ...row }) => ({ ...row, totals: JSON.parse(totals ?? '{}') as PackageTotals, downloadUrl: `/api/packages/${row.id}.zip` }));
  }),
});

interface PackageTotals {
  lines: number;
  claimedLines: number;
  claimedAmount: number;
  totalPayable: number;
  projectedTotalPayable: number;
}
