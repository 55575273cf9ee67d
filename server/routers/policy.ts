// Policies (保険契約): one year each, limits in integer yen, the eligibility warning.

import { TRPCError } from '@trpc/server';
import { desc, eq } from 'drizzle-orm';
import { oneYearPeriodEnd } from '../../shared/dates.ts';
import { companyInput, policyCreateInput, policyIdInput, policyUpdateInput, type PolicyFields } from '../../shared/schemas.ts';
import { eligibilityProblems, warningMessage } from '../../shared/warnings.ts';
import { formatYen } from '../../shared/money.ts';
import { requireCompanyAccess, requireCompanyRole, requirePolicy } from '../access.ts';
import { changedFields, recordAudit } from '../audit.ts';
import { policies } from '../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { authedProcedure, router } from '../trpc.ts';

/** The columns a policy answers with: an explicit list, never the whole row. */
export const policySelection = {
  id: policies.id,
  companyId: policies.companyId,
  insurer: policies.insurer,
  policyNumber: policies.policyNumber,
  periodStart: policies.periodStart,
  periodEnd: policies.periodEnd,
  liabilityLimit: policies.liabilityLimit,
  expenseLimit: policies.expenseLimit,
  deductible: policies.deductible,
  restorationRider: policies.restorationRider,
  condolencePerPersonCap: policies.condolencePerPersonCap,
  annualRevenue: policies.annualRevenue,
  itRevenue: policies.itRevenue,
};

/** The source: policies are annual only (長期・短期のご契約はできません). */
function periodOf(input: Pick<PolicyFields, 'periodStart' | 'periodEnd'>) {
  const periodEnd = oneYearPeriodEnd(input.periodStart);
  if (input.periodEnd !== undefined && input.periodEnd !== periodEnd) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `periodEnd: a policy runs exactly one year, so it must end on ${periodEnd} (longer or shorter periods cannot be insured)`,
    });
  }
  return { periodStart: input.periodStart, periodEnd };
}

function storedFields(input: Omit<PolicyFields, 'companyId'>) {
  return {
    insurer: input.insurer,
    policyNumber: input.policyNumber,
    ...periodOf(input),
    liabilityLimit: input.liabilityLimit,
    expenseLimit: input.expenseLimit,
    deductible: input.deductible,
    restorationRider: input.restorationRider,
    condolencePerPersonCap: input.condolencePerPersonCap ?? null,
    annualRevenue: input.annualRevenue ?? null,
    itRevenue: input.itRevenue ?? null,
  };
}

/** The API answers eligibility warnings in Japanese, the policy's language; the UI words them itself. */
function withEligibility<T extends { annualRevenue: number | null; itRevenue: number | null }>(policy: T) {
  return {
    ...policy,
    eligibilityWarnings: eligibilityProblems(policy).map((code) =>
      warningMessage(code, { revenue: formatYen(policy.annualRevenue ?? 0) }, 'ja'),
    ),
  };
}

export const policyRouter = router({
  create: authedProcedure.input(policyCreateInput).mutation(({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'finance');
    const id = newId();
    const fields = storedFields(input);
    ctx.db.transaction((tx) => {
      tx.insert(policies).values({ id, companyId: input.companyId, ...fields }).run();
      recordAudit(tx, { companyId: input.companyId, entityType: 'policy', entityId: id, action: 'create', actorUserId: ctx.user.id, after: fields });
    });
    return { id };
  }),

  update: authedProcedure.input(policyUpdateInput).mutation(({ ctx, input }) => {
    const policy = requirePolicy(ctx, input.id, 'finance');
    const fields = storedFields(input);
    const diff = changedFields(policy, fields);
    if (diff) {
      ctx.db.transaction((tx) => {
        tx.update(policies).set({ ...fields, updatedAt: nowIso() }).where(eq(policies.id, policy.id)).run();
        recordAudit(tx, { companyId: policy.companyId, entityType: 'policy', entityId: policy.id, action: 'update', actorUserId: ctx.user.id, ...diff });
      });
    }
    return { id: policy.id };
  }),

  get: authedProcedure.input(policyIdInput).query(({ ctx, input }) => {
    requirePolicy(ctx, input.id, 'read');
    return withEligibility(ctx.db.select(policySelection).from(policies).where(eq(policies.id, input.id)).get()!);
  }),

  list: authedProcedure.input(companyInput).query(({ ctx, input }) => {
    requireCompanyAccess(ctx, input.companyId, 'read');
    return ctx.db
      .select(policySelection)
      .from(policies)
      .where(eq(policies.companyId, input.companyId))
      .orderBy(desc(policies.periodStart))
      .all()
      .map(withEligibility);
  }),
});
