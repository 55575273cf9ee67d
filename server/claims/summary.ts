// The claim summary of one incident: SQL sums the ledger, the shared engine computes what is payable.
// Summing in SQL keeps the dashboard fast on large ledgers; grouping condolence lines by their amount
// per person keeps the per-person cap exact (Σ persons × min(each, cap) = (Σ persons) × min(each, cap)).
// See docs/decisions/002-summary-from-sql-groups.md.

import { sql } from 'drizzle-orm';
import { COST_STAGES, type CostCategory, type CostStage, type Locale } from '../../shared/categories.ts';
import { explainPayable } from '../../shared/explain.ts';
import { computePayable, type CostLineFigures, type PayableResult, type PolicyTerms } from '../../shared/payable.ts';
import { sumYen } from '../../shared/money.ts';
import { collectWarnings, expenseLimitUse } from '../../shared/warnings.ts';
import type { Db } from '../db/client.ts';

interface SummaryPolicy extends PolicyTerms {
  periodStart: string;
  periodEnd: string;
  annualRevenue: number | null;
  itRevenue: number | null;
}
interface SummaryIncident {
  id: string;
  occurredOn: string;
  priorKnowledgeJustification: string | null;
}

interface GroupRow {
  category: CostCategory;
  stage: CostStage;
  unitAmount: number | null;
  amount: number;
  quantity: number | null;
  lineCount: number;
  outsidePeriod: number;
  abroad: number;
}

/**
 * One pass over the covering index `costs_incident_figures`. Quantity and unit amount are set together
 * or not at all, so grouping by unit amount also keeps lump sums (unit amount NULL) apart.
 */
function ledgerGroups(db: Db, incidentId: string, policy: SummaryPolicy) {
  const rows = db.all<GroupRow>(sql`
    SELECT category, stage, unit_amount AS unitAmount,
           SUM(amount) AS amount, SUM(quantity) AS quantity, COUNT(*) AS lineCount,
           SUM(incurred_on < ${policy.periodStart} OR incurred_on > ${policy.periodEnd}) AS outsidePeriod,
           SUM(incurred_abroad) AS abroad
      FROM costs
     WHERE incident_id = ${incidentId} AND deleted_at IS NULL
     GROUP BY category, stage, unit_amount`);
  // The same groups over the lines the broker disallowed (few; their own partial index). Subtracting
  // them group by group is exact: every figure of a group is a sum.
  const disallowedRows = db.all<Pick<GroupRow, 'category' | 'stage' | 'unitAmount' | 'amount' | 'quantity' | 'lineCount'>>(sql`
    SELECT category, stage, unit_amount AS unitAmount, SUM(amount) AS amount, SUM(quantity) AS quantity, COUNT(*) AS lineCount
      FROM costs INDEXED BY costs_incident_disallowed
     WHERE incident_id = ${incidentId} AND deleted_at IS NULL AND review_decision = 'disallow'
     GROUP BY category, stage, unit_amount`);
  const counts = db.all<{ consentMissing: number; unapproved: number }>(sql`
    SELECT (SELECT COUNT(*) FROM costs INDEXED BY costs_incident_consent_missing
             WHERE incident_id = ${incidentId} AND deleted_at IS NULL AND consent_on IS NULL AND category IN ('condolence', 'consulting')) AS consentMissing,
           (SELECT COUNT(*) FROM costs INDEXED BY costs_incident_unapproved
             WHERE incident_id = ${incidentId} AND deleted_at IS NULL AND approved_at IS NULL AND stage <> 'estimate') AS unapproved`)[0];
  // Only condolence groups keep their per-person figures (the cap applies per person); others are sums.
  const toLine = (r: GroupRow): CostLineFigures =>
    r.category === 'condolence' && r.unitAmount !== null
      ? { category: r.category, stage: r.stage, amount: r.amount, quantity: r.quantity, unitAmount: r.unitAmount, lineCount: r.lineCount }
      : { category: r.category, stage: r.stage, amount: r.amount, quantity: null, unitAmount: null, lineCount: r.lineCount };
  const sameGroup = (a: Pick<GroupRow, 'category' | 'stage' | 'unitAmount'>) => (b: typeof a) =>
    a.category === b.category && a.stage === b.stage && a.unitAmount === b.unitAmount;
  const allowedRows = rows
    .map((r) => {
      const d = disallowedRows.find(sameGroup(r));
      if (!d) return r;
      const quantity = r.quantity === null ? null : r.quantity - (d.quantity ?? 0);
      return { ...r, amount: r.amount - d.amount, quantity, lineCount: r.lineCount - d.lineCount };
    })
    .filter((r) => r.lineCount > 0);
  return {
    lines: rows.map(toLine),
    /** The ledger as the broker would pay it: the lines it disallowed left out. */
    allowedLines: allowedRows.map(toLine),
    disallowed: {
      lines: sumYen(disallowedRows.map((r) => r.lineCount)),
      amount: sumYen(disallowedRows.filter((r) => r.stage !== 'estimate').map((r) => r.amount)),
    },
    consentMissing: counts.consentMissing,
    unapproved: counts.unapproved,
    costsOutsidePeriod: sumYen(rows.map((r) => r.outsidePeriod)),
    costsAbroad: sumYen(rows.map((r) => r.abroad)),
  };
}

function figures(result: PayableResult) {
  return {
    expenseIncurred: result.expenseIncurred,
    restorationIncurred: result.restorationIncurred,
    restorationBase: result.restorationBase,
    restorationCap: result.restorationCap,
    restorationPaid: result.restorationPaid,
    costsPayable: result.costsPayable,
    expenseHeadroom: result.expenseHeadroom,
    expenseLimitUsed: expenseLimitUse(result),
    liabilityIncurred: result.liabilityIncurred,
    liabilityPayable: result.liabilityPayable,
    liabilityHeadroom: result.liabilityHeadroom,
    uncoveredIncurred: result.uncoveredIncurred,
    totalPayable: result.totalPayable,
  };
}

export function claimSummary(db: Db, incident: SummaryIncident, policy: SummaryPolicy, locale: Locale) {
  const { lines: groups, allowedLines, disallowed, consentMissing, unapproved, costsOutsidePeriod, costsAbroad } = ledgerGroups(db, incident.id, policy);
  const claimed = computePayable(policy, groups);
  const adjusted = disallowed.lines > 0 ? computePayable(policy, allowedLines) : claimed;
  const projected = computePayable(policy, groups, COST_STAGES);
  const byStage = Object.fromEntries(
    COST_STAGES.map((stage) => [stage, sumYen(groups.filter((g) => g.stage === stage).map((g) => g.amount))]),
  ) as Record<CostStage, number>;

  const countLines = (match: (g: CostLineFigures) => boolean) => sumYen(groups.filter(match).map((g) => g.lineCount ?? 0));
  return {
    ...figures(claimed),
    /** How many lines there are of each kind the documents checklist asks files for. */
    lineCounts: {
      claimed: countLines((g) => g.stage !== 'estimate'),
      estimate: countLines((g) => g.stage === 'estimate'),
      claimedDamages: countLines((g) => g.stage !== 'estimate' && g.category === 'damages'),
    },
    projectedTotalPayable: projected.totalPayable,
    /** Beside the client's figures: what is payable once the broker's disallowed lines are left out. */
    brokerAdjusted: {
      totalPayable: adjusted.totalPayable,
      costsPayable: adjusted.costsPayable,
      liabilityPayable: adjusted.liabilityPayable,
      disallowedLines: disallowed.lines,
      disallowedAmount: disallowed.amount,
    },
    consentMissing,
    unapprovedLines: unapproved,
    projected: figures(projected),
    byCategory: claimed.byCategory.map((c, i) => ({ ...c, projectedIncurred: projected.byCategory[i].incurred })),
    byStage,
    limits: {
      expenseLimit: policy.expenseLimit,
      liabilityLimit: policy.liabilityLimit,
      deductible: policy.deductible,
      restorationRider: policy.restorationRider,
      condolencePerPersonCap: policy.condolencePerPersonCap,
    },
    steps: explainPayable(claimed, locale),
    warnings: collectWarnings(
      {
        policy,
        incident,
        claimed,
        projected,
        costsOutsidePeriod,
        costsAbroad,
        consentMissing,
        unapproved,
      },
      locale,
    ),
  };
}
