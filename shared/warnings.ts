// The warnings a breach team must see (docs/rules.md §1–§4): limit thresholds, eligibility, the period,
// a missing justification, costs abroad. Pure: the server gathers the facts, this decides.

import type { Locale } from './categories.ts';
import { formatScreenDate } from './dates.ts';
import { formatYen } from './money.ts';
import type { PayableResult } from './payable.ts';
import { isTaxableBusiness, TAX_STATUS_LABELS, type TaxStatus } from './tax.ts';

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
  | 'lines_unapproved'
  | 'limits_used_elsewhere'
  | 'discovered_outside_period'
  | 'costs_after_window'
  | 'damages_not_fixed'
  | 'restoration_needs_main_payment'
  | 'persons_unknown'
  | 'tax_treatment_check'
  | 'tax_treatment_exempt';

export interface Warning {
  code: WarningCode;
  severity: 'danger' | 'warning';
  message: string;
}

export interface WarningFacts {
  policy: { periodStart: string; periodEnd: string; expenseLimit: number; liabilityLimit: number; annualRevenue: number | null; itRevenue: number | null };
  incident: { occurredOn: string; discoveredOn: string; priorKnowledgeJustification: string | null };
  claimed: PayableResult;
  projected: PayableResult;
  costsOutsidePeriod: number;
  costsAbroad: number;
  /** Lines needing the insurer's prior consent (condolence, consulting, defence costs, settlements) without it recorded. */
  consentMissing?: number;
  /** Lines finance has not approved yet. */
  unapproved?: number;
  responseWindowEnd?: string | null;
  /** The company's consumption-tax status, when recorded. */
  taxStatus?: TaxStatus | null;
}

/** The eligibility floor for the insured's annual revenue (年間売上高3,000万円以上). */
export const MIN_ANNUAL_REVENUE = 30_000_000;

/**
 * The expense aggregate as this incident would use it before the cap: what earlier incidents and claims of
 * the period used, plus this incident's expenses and the rider's share.
 */
export function expenseLimitUse(result: PayableResult): number {
  return result.expenseUsedElsewhere + result.expenseIncurred + result.restorationPaid;
}

/** used ≥ percent% of limit, in integer arithmetic. */
function atLeastPercent(used: number, limit: number, percent: number): boolean {
  return BigInt(used) * 100n >= BigInt(limit) * BigInt(percent);
}

type Params = Record<string, string | number>;
const MESSAGES: Record<WarningCode, Record<Locale, (p: Params) => string>> = {
  expense_limit_reached: {
    ja: (p) => `費用総支払限度額 ${p.limit} に達しています（${p.elsewhere}請求・支払済 ${p.used}）。これを超える費用は支払われません。`,
    en: (p) => `The expense limit of ${p.limit} is reached (${p.elsewhere}invoiced and paid: ${p.used}). Costs beyond it are not paid.`,
  },
  expense_limit_80: {
    ja: (p) => `費用総支払限度額 ${p.limit} の80%を超えました（${p.elsewhere}請求・支払済 ${p.used}）。`,
    en: (p) => `Over 80% of the expense limit of ${p.limit} is used (${p.elsewhere}invoiced and paid: ${p.used}).`,
  },
  projected_expense_limit_reached: {
    ja: (p) => `見積を含めると費用総支払限度額 ${p.limit} を超える見込みです（${p.used}）。`,
    en: (p) => `With estimates, costs will exceed the expense limit of ${p.limit} (${p.used}).`,
  },
  projected_expense_limit_80: {
    ja: (p) => `見積を含めると費用総支払限度額 ${p.limit} の80%を超える見込みです（${p.used}）。`,
    en: (p) => `With estimates, over 80% of the expense limit of ${p.limit} will be used (${p.used}).`,
  },
  liability_limit_reached: {
    ja: (p) => `賠償責任支払限度額 ${p.limit} に達しています。`,
    en: (p) => `The liability limit of ${p.limit} is reached.`,
  },
  justification_missing: {
    ja: (p) => `事故は保険始期（${p.periodStart}）より前に発生しています。発生を知らなかったことに合理性があることの説明を記入してください。`,
    en: (p) => `The incident occurred before the policy started (${p.periodStart}). Write why the insured reasonably did not know of it.`,
  },
  incident_after_period: {
    ja: (p) => `事故の発生日が保険期間の終了日（${p.periodEnd}）より後です。`,
    en: (p) => `The incident occurred after the policy period ended (${p.periodEnd}).`,
  },
  costs_outside_period: {
    ja: (p) => `保険期間（${p.periodStart}〜${p.periodEnd}）外の日付の費用が ${p.count} 件あります。`,
    en: (p) => `${p.count} cost line(s) are dated outside the policy period (${p.periodStart} to ${p.periodEnd}).`,
  },
  costs_abroad: {
    ja: (p) => `日本国外で発生した費用が ${p.count} 件あります。補償は日本国内の業務が対象です（漏えいは一時的な国外業務を含む）。`,
    en: (p) => `${p.count} cost line(s) were incurred outside Japan. The cover applies to work in Japan (temporary work abroad is allowed for leaks).`,
  },
  condolence_lump_sum: {
    ja: (p) => `見舞金 ${p.count} 件が総額で入力されており、1名あたりの上限を確認できません。`,
    en: (p) => `${p.count} condolence line(s) are lump sums, so the per-person cap cannot be checked.`,
  },
  eligibility_revenue: {
    ja: (p) => `年間売上高 ${p.revenue} が対象事業者の条件（3,000万円以上）を下回っています。`,
    en: (p) => `Annual revenue of ${p.revenue} is below the eligibility floor of ¥30,000,000.`,
  },
  consent_missing: {
    ja: (p) =>
      `保険会社の事前同意が必要な明細（見舞金・コンサルティング費用・争訟費用・示談）${p.count} 件に同意が記録されていません。同意がないと支払われないことがあります。`,
    en: (p) =>
      `${p.count} line(s) needing the insurer’s prior consent (condolence, consulting, defence costs, settlements) have none recorded; without it they may not be paid.`,
  },
  lines_unapproved: {
    ja: (p) => `経理の承認が済んでいない請求・支払済の費用が ${p.count} 件あります。`,
    en: (p) => `${p.count} invoiced or paid line(s) are not yet approved by finance.`,
  },
  limits_used_elsewhere: {
    ja: (p) =>
      `同じ保険期間の先の事故・既払の保険金が限度額を使っています（費用 ${p.expense}、賠償責任 ${p.liability}）。この事故に残る限度額はその分少なくなります。`,
    en: (p) =>
      `Earlier incidents and claims of the same policy period use part of the limits (expenses ${p.expense}, liability ${p.liability}); less is left for this incident.`,
  },
  discovered_outside_period: {
    ja: (p) => `事故の発見日が保険期間（${p.periodStart}〜${p.periodEnd}）の外です。事故は発見された保険期間の契約で補償されます。`,
    en: (p) =>
      `The incident was discovered outside the policy period (${p.periodStart} to ${p.periodEnd}); an incident is covered by the policy in force when it is discovered.`,
  },
  costs_after_window: {
    ja: (p) => `事故対応期間（${p.end} まで）の後に発生した費用 ${p.count} 件 ${p.amount} は支払われません。`,
    en: (p) => `${p.count} cost line(s) of ${p.amount} were incurred after the response window (to ${p.end}) and are not paid.`,
  },
  damages_not_fixed: {
    ja: (p) => `示談・判決で確定していない損害賠償請求 ${p.amount} は、確定するまで支払見込額（見積を含む）にだけ含まれます。`,
    en: (p) => `Damages of ${p.amount} are demanded but not fixed by settlement or judgment: they count in the projection only until they are.`,
  },
  restoration_needs_main_payment: {
    ja: () => `情報システム等復旧費用は、同じ事由で賠償責任保険金または費用保険金が支払われる場合にだけ特約から支払われます。`,
    en: () => `Restoration costs are paid by the rider only when a liability or expense payment is made for the same cause.`,
  },
  tax_treatment_check: {
    ja: (p) =>
      `貴社は課税事業者（${p.status}）で、この保険契約は消費税込みの金額で計算しています。課税事業者には税抜で支払う保険会社もあります。消費税の扱い（税込・税抜）を保険会社に確認してください。`,
    en: (p) =>
      `The company is a taxable business (${p.status}) and this policy is computed with tax included. Some insurers pay a taxable business net of tax: confirm the treatment with the insurer.`,
  },
  tax_treatment_exempt: {
    ja: () => `貴社は免税事業者で仕入税額を控除できませんが、この保険契約は税抜で計算しています。消費税の扱いを保険会社に確認してください。`,
    en: () => `The company is tax-exempt and cannot recover input tax, yet this policy is computed net of tax: confirm the treatment with the insurer.`,
  },
  persons_unknown: {
    ja: () => `本人の数（または漏えい件数）が未入力のため、見舞金の1名あたりの上限を本人ごとに確認できません。`,
    en: () => `Persons affected (or records) are not entered, so the per-person condolence cap cannot be checked per person.`,
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
  // Dates as every screen writes them (2026/04/01, 1 Apr 2026), not as stored.
  const day = (date: string) => formatScreenDate(date, locale);
  const period = { periodStart: day(policy.periodStart), periodEnd: day(policy.periodEnd) };

  const used = expenseLimitUse(claimed);
  const projectedUse = expenseLimitUse(projected);
  // What this incident claims, after what earlier incidents and claims of the period used, named apart.
  const elsewhere =
    claimed.expenseUsedElsewhere > 0
      ? locale === 'ja'
        ? `先の事故・既払 ${formatYen(claimed.expenseUsedElsewhere)}、この事故の`
        : `earlier incidents and claims ${formatYen(claimed.expenseUsedElsewhere)}, this incident's `
      : '';
  const here = formatYen(used - claimed.expenseUsedElsewhere);
  if (used > 0 && atLeastPercent(used, policy.expenseLimit, 100)) add('expense_limit_reached', 'danger', { limit, elsewhere, used: here });
  else if (used > 0 && atLeastPercent(used, policy.expenseLimit, 80)) add('expense_limit_80', 'warning', { limit, elsewhere, used: here });
  if (projectedUse > used) {
    if (atLeastPercent(projectedUse, policy.expenseLimit, 100) && !atLeastPercent(used, policy.expenseLimit, 100)) {
      add('projected_expense_limit_reached', 'warning', { limit, used: formatYen(projectedUse) });
    } else if (atLeastPercent(projectedUse, policy.expenseLimit, 80) && !atLeastPercent(used, policy.expenseLimit, 80)) {
      add('projected_expense_limit_80', 'warning', { limit, used: formatYen(projectedUse) });
    }
  }
  if (claimed.damagesAfterDeductible + claimed.defenceIncurred > 0 && claimed.liabilityAfterDeductible >= claimed.liabilityLimitApplied) {
    add('liability_limit_reached', 'danger', { limit: formatYen(claimed.liabilityLimitApplied) });
  }
  if (claimed.expenseUsedElsewhere > 0 || claimed.liabilityUsedElsewhere > 0) {
    add('limits_used_elsewhere', 'warning', { expense: formatYen(claimed.expenseUsedElsewhere), liability: formatYen(claimed.liabilityUsedElsewhere) });
  }
  if (incident.discoveredOn < policy.periodStart || incident.discoveredOn > policy.periodEnd) {
    add('discovered_outside_period', 'danger', period);
  }
  if (projected.excludedAfterWindow.lines > 0 && claimed.terms.responseWindowDays !== null) {
    add('costs_after_window', 'warning', {
      count: projected.excludedAfterWindow.lines,
      amount: formatYen(projected.excludedAfterWindow.amount),
      end: facts.responseWindowEnd ? day(facts.responseWindowEnd) : '',
    });
  }
  if (claimed.demandedDamages > 0) add('damages_not_fixed', 'warning', { amount: formatYen(claimed.demandedDamages) });
  if (projected.restorationBlocked === 'no_main_payment') add('restoration_needs_main_payment', 'warning');
  if (projected.condolencePersonsUnknown) add('persons_unknown', 'warning');
  const taxStatus = facts.taxStatus ?? null;
  if (projected.taxContained > 0 && isTaxableBusiness(taxStatus) && claimed.terms.taxTreatment === 'inclusive') {
    add('tax_treatment_check', 'warning', { status: TAX_STATUS_LABELS[taxStatus][locale] });
  }
  if (taxStatus === 'exempt' && claimed.terms.taxTreatment === 'exclusive') add('tax_treatment_exempt', 'warning');

  if (incident.occurredOn < policy.periodStart && !incident.priorKnowledgeJustification?.trim()) {
    add('justification_missing', 'danger', { periodStart: period.periodStart });
  }
  if (incident.occurredOn > policy.periodEnd) add('incident_after_period', 'danger', { periodEnd: period.periodEnd });
  if (facts.costsOutsidePeriod > 0) {
    add('costs_outside_period', 'warning', { count: facts.costsOutsidePeriod, ...period });
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
