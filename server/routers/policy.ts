// Policies (保険契約): one year each, limits in integer yen, the eligibility warning.

import { fieldError } from '../errors.ts';
import { desc, eq } from 'drizzle-orm';
import { oneYearPeriodEnd } from '../../shared/dates.ts';
import { companyInput, policyCreateInput, policyIdInput, policyUpdateInput, type PolicyFields } from '../../shared/schemas.ts';
import { eligibilityProblems, warningMessage } from '../../shared/warnings.ts';
import { formatYen } from '../../shared/money.ts';
import { addLimitUse, DEFAULT_RESTORATION_RATIO_PERCENT, NO_USE, resolveTerms } from '../../shared/payable.ts';
import { requireCompanyAccess, requireCompanyRole, requirePolicy } from '../access.ts';
import { changedFields, recordAudit } from '../audit.ts';
import { incidents, policies } from '../db/schema.ts';
import { policyPeriodLedger, policyTerms } from '../claims/period.ts';
import { newId, nowIso } from '../ids.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { rememberAnswer } from '../idempotency.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

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
  liabilityLimitPerClaim: policies.liabilityLimitPerClaim,
  defenceCosts: policies.defenceCosts,
  restorationRatioPercent: policies.restorationRatioPercent,
  restorationSublimit: policies.restorationSublimit,
  responseWindowDays: policies.responseWindowDays,
  priorExpensePaid: policies.priorExpensePaid,
  priorLiabilityPaid: policies.priorLiabilityPaid,
  taxTreatment: policies.taxTreatment,
  annualRevenue: policies.annualRevenue,
  itRevenue: policies.itRevenue,
};

type StoredTerms = Pick<
  typeof policies.$inferSelect,
  | 'liabilityLimitPerClaim'
  | 'defenceCosts'
  | 'restorationRatioPercent'
  | 'restorationSublimit'
  | 'responseWindowDays'
  | 'priorExpensePaid'
  | 'priorLiabilityPaid'
  | 'taxTreatment'
>;

/** The defaults of a new policy's optional terms (docs/rules.md): what the schedule says when it says nothing. */
const DEFAULT_TERMS: StoredTerms = {
  liabilityLimitPerClaim: null,
  defenceCosts: 'within_limit',
  restorationRatioPercent: DEFAULT_RESTORATION_RATIO_PERCENT,
  restorationSublimit: null,
  responseWindowDays: null,
  priorExpensePaid: 0,
  priorLiabilityPaid: 0,
  taxTreatment: 'inclusive',
};

/** The optional terms as given, and as they were (or their defaults) where the input leaves one out. */
function optionalTerms(input: Partial<{ [K in keyof StoredTerms]: StoredTerms[K] | undefined }>, current: StoredTerms): StoredTerms {
  const pick = <K extends keyof StoredTerms>(key: K): StoredTerms[K] => (input[key] === undefined ? current[key] : input[key]);
  return {
    liabilityLimitPerClaim: pick('liabilityLimitPerClaim'),
    defenceCosts: pick('defenceCosts'),
    restorationRatioPercent: pick('restorationRatioPercent'),
    restorationSublimit: pick('restorationSublimit'),
    responseWindowDays: pick('responseWindowDays'),
    priorExpensePaid: pick('priorExpensePaid'),
    priorLiabilityPaid: pick('priorLiabilityPaid'),
    taxTreatment: pick('taxTreatment'),
  };
}

/** The source: policies are annual only (長期・短期のご契約はできません). */
function periodOf(input: Pick<PolicyFields, 'periodStart' | 'periodEnd'>) {
  const periodEnd = oneYearPeriodEnd(input.periodStart);
  if (input.periodEnd !== undefined && input.periodEnd !== periodEnd) {
    throw fieldError('periodEnd', 'oneYearPolicy', { end: periodEnd });
  }
  return { periodStart: input.periodStart, periodEnd };
}

function storedFields(input: Omit<PolicyFields, 'companyId'>, current: StoredTerms = DEFAULT_TERMS) {
  return {
    ...optionalTerms(input, current),
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
    eligibilityWarnings: eligibilityProblems(policy).map((code) => warningMessage(code, { revenue: formatYen(policy.annualRevenue ?? 0) }, 'ja')),
  };
}

export const policyRouter = router({
  create: answersInTransaction.input(policyCreateInput).mutation(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'finance');
    const id = newId();
    const fields = storedFields(input);
    await transact(ctx.db, async (tx) => {
      await tx.insert(policies).values({ id, companyId: input.companyId, ...fields });
      await recordAudit(tx, { companyId: input.companyId, entityType: 'policy', entityId: id, action: 'create', actorUserId: ctx.user.id, after: fields });
      await rememberAnswer(tx, ctx.idempotency, { id });
    });
    return { id };
  }),

  update: answersInTransaction.input(policyUpdateInput).mutation(async ({ ctx, input }) => {
    const policy = await requirePolicy(ctx, input.id, 'finance');
    const fields = storedFields(input, policy);
    const diff = changedFields(policy, fields);
    if (diff) {
      await transact(ctx.db, async (tx) => {
        await tx
          .update(policies)
          .set({ ...fields, updatedAt: nowIso() })
          .where(eq(policies.id, policy.id));
        await recordAudit(tx, { companyId: policy.companyId, entityType: 'policy', entityId: policy.id, action: 'update', actorUserId: ctx.user.id, ...diff });
        await rememberAnswer(tx, ctx.idempotency, { id: policy.id });
      });
    }
    return { id: policy.id };
  }),

  get: authedProcedure.input(policyIdInput).query(async ({ ctx, input }) => {
    await requirePolicy(ctx, input.id, 'read');
    return withEligibility((await firstRow(ctx.db.select(policySelection).from(policies).where(eq(policies.id, input.id))))!);
  }),

  /**
   * The policy period as a whole: every incident in order of discovery with what it uses of each
   * aggregate (its settlement once settled), and what is left — the view for a second incident in a year.
   */
  period: authedProcedure.input(policyIdInput).query(async ({ ctx, input }) => {
    const policy = await requirePolicy(ctx, input.id, 'read');
    const entries = await policyPeriodLedger(ctx.db, policy);
    const titles = new Map(
      (
        await ctx.db
          .select({
            id: incidents.id,
            title: incidents.title,
            discoveredOn: incidents.discoveredOn,
            claimStatus: incidents.claimStatus,
            settledAmount: incidents.settledAmount,
          })
          .from(incidents)
          .where(eq(incidents.policyId, policy.id))
      ).map((row) => [row.id, row]),
    );
    const terms = resolveTerms(policyTerms(policy));
    const used = entries.reduce((total, entry) => addLimitUse(total, entry.used), NO_USE);
    const limit = (aggregate: number, prior: number, byIncidents: number) => ({
      aggregate,
      prior,
      byIncidents,
      left: Math.max(0, aggregate - prior - byIncidents),
    });
    return {
      policyId: policy.id,
      periodStart: policy.periodStart,
      periodEnd: policy.periodEnd,
      expense: limit(terms.expenseLimit, terms.priorExpensePaid, used.expense),
      liability: limit(terms.liabilityLimit, terms.priorLiabilityPaid, used.liability),
      restoration: limit(terms.restorationSublimit, 0, used.restoration),
      incidents: entries.map((entry) => {
        const row = titles.get(entry.id)!;
        return {
          id: entry.id,
          title: row.title,
          discoveredOn: row.discoveredOn,
          claimStatus: row.claimStatus,
          settledAmount: row.settledAmount,
          settled: row.claimStatus === 'settled' && row.settledAmount !== null,
          totalPayable: entry.result.totalPayable,
          usedBefore: entry.usedBefore,
          used: entry.used,
        };
      }),
    };
  }),

  list: authedProcedure.input(companyInput).query(async ({ ctx, input }) => {
    requireCompanyAccess(ctx, input.companyId, 'read');
    return (await ctx.db.select(policySelection).from(policies).where(eq(policies.companyId, input.companyId)).orderBy(desc(policies.periodStart))).map(
      withEligibility,
    );
  }),
});
