// The claim summary of one incident: SQL sums the ledger, the shared engine computes what is payable.
// Summing in SQL keeps the dashboard instant on large ledgers; grouping condolence lines by their amount
// per person keeps the per-person cap exact (Σ persons × min(each, cap) = (Σ persons) × min(each, cap)).

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
  amount: number;
  quantity: number | null;
  unitAmount: number | null;
  lineCount: number;
}

function ledgerGroups(db: Db, incidentId: string): CostLineFigures[] {
  const rows = db.all<GroupRow>(sql`
    SELECT category, stage,
           SUM(amount) AS amount,
           SUM(quantity) AS quantity,
           unit_amount AS unitAmount,
           COUNT(*) AS lineCount
      FROM costs
     WHERE incident_id = ${incidentId} AND deleted_at IS NULL
     GROUP BY category, stage, (quantity IS NULL),
              CASE WHEN category = 'condolence' AND quantity IS NOT NULL THEN unit_amount END`);
  // Only condolence groups keep their per-person figures; the others are plain sums.
  return rows.map((r) =>
    r.category === 'condolence' && r.quantity !== null
      ? r
      : { ...r, quantity: null, unitAmount: null },
  );
}

function periodFacts(db: Db, incidentId: string, policy: SummaryPolicy) {
  return db.get<{ outside: number | null; abroad: number | null }>(sql`
    SELECT SUM(incurred_on < ${policy.periodStart} OR incurred_on > ${policy.periodEnd}) AS outside,
           SUM(incurred_abroad) AS abroad
      FROM costs WHERE incident_id = ${incidentId} AND deleted_at IS NULL`);
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
  const groups = ledgerGroups(db, incident.id);
  const claimed = computePayable(policy, groups);
  const projected = computePayable(policy, groups, COST_STAGES);
  const facts = periodFacts(db, incident.id, policy);
  const byStage = Object.fromEntries(
    COST_STAGES.map((stage) => [stage, sumYen(groups.filter((g) => g.stage === stage).map((g) => g.amount))]),
  ) as Record<CostStage, number>;

  return {
    ...figures(claimed),
    projectedTotalPayable: projected.totalPayable,
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
        costsOutsidePeriod: facts?.outside ?? 0,
        costsAbroad: facts?.abroad ?? 0,
      },
      locale,
    ),
  };
}
