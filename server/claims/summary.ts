// The claim summary of one incident: SQL sums the ledger, the shared engine computes what is payable.
// The sums are kept per group as lines are written (cost_rollups), so the dashboard reads tens of rows
// on any ledger; grouping condolence lines by their amount per person keeps the per-person cap exact
// (Σ persons × min(each, cap) = (Σ persons) × min(each, cap)).
// See docs/decisions/002-summary-from-sql-groups.md and 009-ledger-rollups.md.

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
  abroad: number;
  disallowedCount: number;
  disallowedAmount: number;
  disallowedQuantity: number;
  consentMissing: number;
  unapproved: number;
}

/**
 * The ledger's groups from `cost_rollups`, kept summed by triggers as lines are written (migration 0005):
 * tens of rows however long the ledger. Quantity and unit amount are set together or not at all, so the
 * lump sums are the groups with no unit amount (unit_key -1).
 */
function ledgerGroups(db: Db, incidentId: string, policy: SummaryPolicy) {
  const rows = db.all<GroupRow>(sql`
    SELECT category, stage, NULLIF(unit_key, -1) AS unitAmount, amount,
           CASE WHEN unit_key = -1 THEN NULL ELSE quantity END AS quantity, line_count AS lineCount, abroad,
           disallowed_count AS disallowedCount, disallowed_amount AS disallowedAmount, disallowed_quantity AS disallowedQuantity,
           consent_missing AS consentMissing, unapproved
      FROM cost_rollups
     WHERE incident_id = ${incidentId} AND line_count > 0`);
  // The policy period can change after lines are logged, so lines outside it are counted now: two range
  // scans of the incurred-date index, which find nothing quickly when every line is inside the period.
  const { outsidePeriod } = db.all<{ outsidePeriod: number }>(sql`
    SELECT (SELECT COUNT(*) FROM costs INDEXED BY costs_incident_incurred
             WHERE incident_id = ${incidentId} AND incurred_on < ${policy.periodStart} AND deleted_at IS NULL)
         + (SELECT COUNT(*) FROM costs INDEXED BY costs_incident_incurred
             WHERE incident_id = ${incidentId} AND incurred_on > ${policy.periodEnd} AND deleted_at IS NULL) AS outsidePeriod`)[0];
  // Only condolence groups keep their per-person figures (the cap applies per person); others are sums.
  const toLine = (r: Pick<GroupRow, 'category' | 'stage' | 'unitAmount' | 'amount' | 'quantity' | 'lineCount'>): CostLineFigures =>
    r.category === 'condolence' && r.unitAmount !== null
      ? { category: r.category, stage: r.stage, amount: r.amount, quantity: r.quantity, unitAmount: r.unitAmount, lineCount: r.lineCount }
      : { category: r.category, stage: r.stage, amount: r.amount, quantity: null, unitAmount: null, lineCount: r.lineCount };
  // The ledger as the broker would pay it: each group less its disallowed lines (exact: all are sums).
  const allowedRows = rows
    .map((r) => ({
      ...r,
      amount: r.amount - r.disallowedAmount,
      quantity: r.quantity === null ? null : r.quantity - r.disallowedQuantity,
      lineCount: r.lineCount - r.disallowedCount,
    }))
    .filter((r) => r.lineCount > 0);
  return {
    lines: rows.map(toLine),
    allowedLines: allowedRows.map(toLine),
    disallowed: {
      lines: sumYen(rows.map((r) => r.disallowedCount)),
      amount: sumYen(rows.filter((r) => r.stage !== 'estimate').map((r) => r.disallowedAmount)),
    },
    consentMissing: sumYen(rows.map((r) => r.consentMissing)),
    unapproved: sumYen(rows.map((r) => r.unapproved)),
    costsOutsidePeriod: outsidePeriod,
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
