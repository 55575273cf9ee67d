// The warnings a breach team must see (SPEC §2–§5): limit thresholds, eligibility, the period,
// a missing justification, costs abroad. Pure: the server gathers the facts, this decides.

import type { Locale } from './categories.ts';
import { formatYen } from './money.ts';
import type { PayableResult } from './payable.ts';

export type WarningCode =
  | 'expense_limit_reached'
  | 'expense_limit_80'
  | 'projected_expense_limit_reached'
  | 'projected_expense_limit_80'
  | 'liability_limit_reached'
  | 'justification_missing'
  | 'incident_after_period'
  | 'costs_outside_period'
  | 'costs_abroad'
  | 'condolence_lump_sum'
  | 'eligibility_revenue'
  | 'eligibility_it_share'
  | 'consent_missing'
  | 'lines_unapproved';

export interface Warning {
  code: WarningCode;
  severity: 'danger' | 'warning';
  message: string;
}

export interface WarningFacts {
  policy: { periodStart: string; periodEnd: string; expenseLimit: number; liabilityLimit: number; annualRevenue: number | null; itRevenue: number | null };
  incident: { occurredOn: string; priorKnowledgeJustification: string | null };
  claimed: PayableResult;
  projected: PayableResult;
  costsOutsidePeriod: number;
  costsAbroad: number;
  /** Condolence and consulting lines without the insurer's prior consent recorded. */
  consentMissing?: number;
  /** Lines finance has not approved yet. */
  unapproved?: number;
}

/** The eligibility floor for the insured's annual revenue (年間売上高3,000万円以上). */
export const MIN_ANNUAL_REVENUE = 30_000_000;

/** The expense limit used before the cap: expenses incurred plus the rider's share. */
export function expenseLimitUse(result: PayableResult): number {
  return result.expenseIncurred + result.restorationPaid;
}

/** used ≥ percent% of limit, in integer arithmetic. */
function atLeastPercent(used: number, limit: number, percent: number): boolean {
  return BigInt(used) * 100n >= BigInt(limit) * BigInt(percent);
}

type Params = Record<string, string | number>;
const MESSAGES: Record<WarningCode, Record<Locale, (p: Params) => string>> = {
  expense_limit_reached: {
    ja: (p) => `費用総支払限度額 ${p.limit} に達しています(請求・支払済 ${p.used})。これを超える費用は支払われません。`,
    en: (p) => `The expense limit of ${p.limit} is reached (invoiced and paid: ${p.used}). Costs beyond it are not paid.`,
  },
  expense_limit_80: {
    ja: (p) => `費用総支払限度額 ${p.limit} の80%を超えました(請求・支払済 ${p.used})。`,
    en: (p) => `Over 80% of the expense limit of ${p.limit} is used (invoiced and paid: ${p.used}).`,
  },
  projected_expense_limit_reached: {
    ja: (p) => `見積を含めると費用総支払限度額 ${p.limit} を超える見込みです(${p.used})。`,
    en: (p) => `With estimates, costs will exceed the expense limit of ${p.limit} (${p.used}).`,
  },
  projected_expense_limit_80: {
    ja: (p) => `見積を含めると費用総支払限度額 ${p.limit} の80%を超える見込みです(${p.used})。`,
    en: (p) => `With estimates, over 80% of the expense limit of ${p.limit} will be used (${p.used}).`,
  },
  liability_limit_reached: {
    ja: (p) => `賠償責任支払限度額 ${p.limit} に達しています。`,
    en: (p) => `The liability limit of ${p.limit} is reached.`,
  },
  justification_missing: {
    ja: (p) => `事故は保険始期(${p.periodStart})より前に発生しています。発生を知らなかったことに合理性があることの説明を記入してください。`,
    en: (p) => `The incident occurred before the policy started (${p.periodStart}). Write why the insured reasonably did not know of it.`,
  },
  incident_after_period: {
    ja: (p) => `事故の発生日が保険期間の終了日(${p.periodEnd})より後です。`,
    en: (p) => `The incident occurred after the policy period ended (${p.periodEnd}).`,
  },
  costs_outside_period: {
    ja: (p) => `保険期間(${p.periodStart}〜${p.periodEnd})外の日付の費用が ${p.count} 件あります。`,
    en: (p) => `${p.count} cost line(s) are dated outside the policy period (${p.periodStart} to ${p.periodEnd}).`,
  },
  costs_abroad: {
    ja: (p) => `日本国外で発生した費用が ${p.count} 件あります。補償は日本国内の業務が対象です(漏えいは一時的な国外業務を含む)。`,
    en: (p) => `${p.count} cost line(s) were incurred outside Japan. The cover applies to work in Japan (temporary work abroad is allowed for leaks).`,
  },
  condolence_lump_sum: {
    ja: (p) => `見舞金 ${p.count} 件が総額で入力されており、1名あたりの上限を確認できません。`,
    en: (p) => `${p.count} condolence line(s) are lump sums, so the per-person cap cannot be checked.`,
  },
  eligibility_revenue: {
    ja: (p) => `年間売上高 ${p.revenue} が対象事業者の条件(3,000万円以上)を下回っています。`,
    en: (p) => `Annual revenue of ${p.revenue} is below the eligibility floor of ¥30,000,000.`,
  },
  consent_missing: {
    ja: (p) => `見舞金・コンサルティング費用 ${p.count} 件に保険会社の事前同意が記録されていません。同意がないと支払われないことがあります。`,
    en: (p) => `${p.count} condolence or consulting line(s) have no prior consent from the insurer recorded; without it they may not be paid.`,
  },
  lines_unapproved: {
    ja: (p) => `経理の承認が済んでいない請求・支払済の費用が ${p.count} 件あります。`,
    en: (p) => `${p.count} invoiced or paid line(s) are not yet approved by finance.`,
  },
  eligibility_it_share: {
    ja: () => `対象のIT業務の売上が年間売上高の50%未満です。対象事業者の条件を満たさない可能性があります。`,
    en: () => `Less than 50% of revenue comes from the listed IT businesses: the insured may not be eligible.`,
  },
};

export function warningMessage(code: WarningCode, params: Params, locale: Locale): string {
  return MESSAGES[code][locale](params);
}

export function collectWarnings(facts: WarningFacts, locale: Locale): Warning[] {
  const { policy, incident, claimed, projected } = facts;
  const out: Warning[] = [];
  const add = (code: WarningCode, severity: Warning['severity'], params: Params = {}) =>
    out.push({ code, severity, message: warningMessage(code, params, locale) });
  const limit = formatYen(policy.expenseLimit);

  const used = expenseLimitUse(claimed);
  const projectedUse = expenseLimitUse(projected);
  if (atLeastPercent(used, policy.expenseLimit, 100)) add('expense_limit_reached', 'danger', { limit, used: formatYen(used) });
  else if (atLeastPercent(used, policy.expenseLimit, 80)) add('expense_limit_80', 'warning', { limit, used: formatYen(used) });
  if (projectedUse > used) {
    if (atLeastPercent(projectedUse, policy.expenseLimit, 100) && !atLeastPercent(used, policy.expenseLimit, 100)) {
      add('projected_expense_limit_reached', 'warning', { limit, used: formatYen(projectedUse) });
    } else if (atLeastPercent(projectedUse, policy.expenseLimit, 80) && !atLeastPercent(used, policy.expenseLimit, 80)) {
      add('projected_expense_limit_80', 'warning', { limit, used: formatYen(projectedUse) });
    }
  }
  if (claimed.liabilityAfterDeductible >= policy.liabilityLimit) add('liability_limit_reached', 'danger', { limit: formatYen(policy.liabilityLimit) });

  if (incident.occurredOn < policy.periodStart && !incident.priorKnowledgeJustification?.trim()) {
    add('justification_missing', 'danger', { periodStart: policy.periodStart });
  }
  if (incident.occurredOn > policy.periodEnd) add('incident_after_period', 'danger', { periodEnd: policy.periodEnd });
  if (facts.costsOutsidePeriod > 0) {
    add('costs_outside_period', 'warning', { count: facts.costsOutsidePeriod, periodStart: policy.periodStart, periodEnd: policy.periodEnd });
  }
  if (facts.costsAbroad > 0) add('costs_abroad', 'warning', { count: facts.costsAbroad });
  if (projected.condolenceLumpSums > 0) add('condolence_lump_sum', 'warning', { count: projected.condolenceLumpSums });

  if ((facts.consentMissing ?? 0) > 0) add('consent_missing', 'warning', { count: facts.consentMissing! });
  if ((facts.unapproved ?? 0) > 0) add('lines_unapproved', 'warning', { count: facts.unapproved! });

  for (const code of eligibilityProblems(policy)) add(code, 'warning', { revenue: formatYen(policy.annualRevenue ?? 0) });
  return out;
}

/** Eligibility (warn, never block): revenue ≥ ¥30,000,000 and ≥ 50% of it from the listed IT businesses. */
export function eligibilityProblems(policy: { annualRevenue: number | null; itRevenue: number | null }): WarningCode[] {
  const problems: WarningCode[] = [];
  if (policy.annualRevenue === null) return problems;
  if (policy.annualRevenue < MIN_ANNUAL_REVENUE) problems.push('eligibility_revenue');
  if (policy.itRevenue !== null && policy.itRevenue * 2 < policy.annualRevenue) problems.push('eligibility_it_share');
  return problems;
}
