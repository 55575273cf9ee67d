// The claim summary of one incident: the ledger's groups (cost_rollups), what the incidents discovered
// before it in the same policy period used of the aggregates, and the shared engine's computation.
// See docs/rules.md, docs/decisions/002-summary-from-sql-groups.md, 009-ledger-rollups.md and 018.

import { COST_STAGES, isClaimedStage, type CostStage, type Locale } from '../../shared/categories.ts';
import { explainPayable } from '../../shared/explain.ts';
import type { LineTreatmentContext } from '../../shared/line-treatment.ts';
import { sumYen } from '../../shared/money.ts';
import { computePayable, type CostLineFigures, type PayableInput, type PayableResult } from '../../shared/payable.ts';
import { collectWarnings, expenseLimitUse } from '../../shared/warnings.ts';
import type { Db } from '../db/client.ts';
import { eq } from 'drizzle-orm';
import { companies, policies, type incidents } from '../db/schema.ts';
import { excludedLines } from './excluded-lines.ts';
import { costsOutsidePeriod, ledgerGroups, responseWindowEnd } from './ledger-groups.ts';
import { personsOf, policyTerms, usedByEarlierIncidents, type PolicyRow } from './period.ts';
import { firstRow } from '../db/rows.ts';

type IncidentRow = typeof incidents.$inferSelect;

const companyTaxStatus = async (db: Db, companyId: string) =>
  (await firstRow(db.select({ taxStatus: companies.taxStatus }).from(companies).where(eq(companies.id, companyId))))?.taxStatus ?? null;

function figures(result: PayableResult) {
  return {
    expenseIncurred: result.expenseIncurred,
    restorationIncurred: result.restorationIncurred,
    restorationBase: result.restorationBase,
    restorationCap: result.restorationCap,
    restorationPaid: result.restorationPaid,
    restorationBlocked: result.restorationBlocked,
    expensePaid: result.expensePaid,
    costsPayable: result.costsPayable,
    expenseHeadroom: result.expenseHeadroom,
    expenseLimitUsed: expenseLimitUse(result),
    liabilityIncurred: result.liabilityIncurred,
    damagesIncurred: result.damagesIncurred,
    defenceIncurred: result.defenceIncurred,
    damagesPaid: result.damagesPaid,
    defencePaid: result.defencePaid,
    liabilityPayable: result.liabilityPayable,
    liabilityHeadroom: result.liabilityHeadroom,
    uncoveredIncurred: result.uncoveredIncurred,
    excludedAfterWindow: result.excludedAfterWindow,
    demandedDamages: result.demandedDamages,
    taxContained: result.taxContained,
    totalPayable: result.totalPayable,
    /**
     * What the claim asks for before the policy's limits: the covered categories' claimed lines. The claim
     * form states it, and the seal documents are asked for above ¥10,000,000 of it (docs/rules.md §6a).
     */
    amountClaimed: sumYen([result.expenseIncurred, result.restorationIncurred, result.liabilityIncurred]),
  };
}

/** Per limit: the period's aggregate, what earlier incidents and claims used, what this incident uses, what is left. */
function limitLedger(result: PayableResult) {
  return {
    expenseAggregate: result.expenseAggregate,
    expenseUsedElsewhere: result.expenseUsedElsewhere,
    expenseUsedHere: result.costsPayable,
    expenseLeft: result.expenseLeft,
    liabilityAggregate: result.liabilityAggregate,
    liabilityUsedElsewhere: result.liabilityUsedElsewhere,
    liabilityUsedHere: result.liabilityUsed,
    liabilityLeft: result.liabilityLeft,
  };
}

export async function claimSummary(db: Db, incident: IncidentRow, policy: PolicyRow, locale: Locale) {
  const terms = policyTerms(policy);
  const windowEnd = responseWindowEnd(incident.discoveredOn, policy.responseWindowDays);
  const groups = await ledgerGroups(db, incident.id, windowEnd);
  const earlier = await usedByEarlierIncidents(db, policy, incident);
  const input: Omit<PayableInput, 'lines'> = { terms, personsAffected: personsOf(incident), usedByEarlierIncidents: earlier };
  const claimed = computePayable({ ...input, lines: groups.lines });
  const adjusted = groups.disallowed.lines > 0 ? computePayable({ ...input, lines: groups.allowedLines }) : claimed;
  const projected = computePayable({ ...input, lines: groups.lines, basis: 'projected' });
  const byStage = Object.fromEntries(COST_STAGES.map((stage) => [stage, sumYen(groups.lines.filter((g) => g.stage === stage).map((g) => g.amount))])) as Record<
    CostStage,
    number
  >;
  const excluded = await excludedLines(db, incident.id, claimed, windowEnd, groups.lines);

  const countLines = (match: (g: CostLineFigures) => boolean) => sumYen(groups.lines.filter(match).map((g) => g.lineCount ?? 0));
  const claimedLine = (g: CostLineFigures) => isClaimedStage(g.category, g.stage);
  const treatmentContext: LineTreatmentContext = {
    responseWindowEnd: windowEnd,
    restorationBlocked: claimed.restorationBlocked,
    condolencePerPersonCap: claimed.terms.condolencePerPersonCap,
    condolencePersonsTotalBinds: claimed.condolencePersonsLimit !== null && claimed.condolencePersonsLimit < claimed.condolenceAfterLineCap,
    restorationRatioPercent: claimed.terms.restorationRatioPercent,
  };
  return {
    policyId: policy.id,
    ...figures(claimed),
    ...limitLedger(claimed),
    /** What the ledger needs to say of each line why it is left out or counted for less (shared/line-treatment.ts). */
    treatmentContext,
    /** How many lines there are of each kind the documents checklist asks files for. */
    lineCounts: {
      claimed: countLines(claimedLine),
      estimate: countLines((g) => !claimedLine(g)),
      claimedDamages: countLines((g) => claimedLine(g) && g.category === 'damages'),
    },
    projectedTotalPayable: projected.totalPayable,
    /** Beside the client's figures: what is payable once the broker's disallowed lines are left out. */
    brokerAdjusted: {
      totalPayable: adjusted.totalPayable,
      costsPayable: adjusted.costsPayable,
      liabilityPayable: adjusted.liabilityPayable,
      disallowedLines: groups.disallowed.lines,
      disallowedAmount: groups.disallowed.amount,
    },
    consentMissing: groups.consentMissing,
    unapprovedLines: groups.unapproved,
    projected: { ...figures(projected), ...limitLedger(projected) },
    byCategory: claimed.byCategory.map((c, i) => {
      // Both lists come from the same category order: a gap would misstate a category's projection.
      const projection = projected.byCategory[i];
      if (projection?.category !== c.category) throw new Error(`projected figures out of step at category ${c.category}`);
      return { ...c, projectedIncurred: projection.incurred };
    }),
    byStage,
    limits: {
      expenseLimit: policy.expenseLimit,
      liabilityLimit: policy.liabilityLimit,
      liabilityLimitPerClaim: claimed.terms.liabilityLimitPerClaim,
      deductible: policy.deductible,
      defenceCosts: claimed.terms.defenceCosts,
      restorationRider: policy.restorationRider,
      restorationRatioPercent: claimed.terms.restorationRatioPercent,
      restorationSublimit: claimed.terms.restorationSublimit,
      condolencePerPersonCap: policy.condolencePerPersonCap,
      responseWindowDays: policy.responseWindowDays,
      taxTreatment: claimed.terms.taxTreatment,
      responseWindowEnd: windowEnd,
      priorExpensePaid: claimed.terms.priorExpensePaid,
      priorLiabilityPaid: claimed.terms.priorLiabilityPaid,
    },
    /** Lines the claim leaves out, each with the rule that does (at most EXCLUDED_LISTED of them). */
    excluded: excluded.items,
    excludedCount: excluded.count,
    excludedByReason: excluded.byReason,
    steps: explainPayable(claimed, locale, { responseWindowEnd: windowEnd }),
    warnings: collectWarnings(
      {
        policy,
        incident,
        claimed,
        projected,
        costsOutsidePeriod: await costsOutsidePeriod(db, incident.id, policy, groups.lines),
        costsAbroad: groups.costsAbroad,
        consentMissing: groups.consentMissing,
        unapproved: groups.unapproved,
        responseWindowEnd: windowEnd,
        taxStatus: await companyTaxStatus(db, incident.companyId),
      },
      locale,
    ),
  };
}

export type ClaimSummary = Awaited<ReturnType<typeof claimSummary>>;

/** The incident's summary under its own policy: what the dashboard, the checklist, the pre-flight and a claim's settlement all read. */
export async function incidentSummary(db: Db, incident: IncidentRow, locale: Locale = 'ja') {
  const policy = (await firstRow(db.select().from(policies).where(eq(policies.id, incident.policyId))))!;
  return await claimSummary(db, incident, policy, locale);
}
