// The deadlines clock (docs/rules.md §6): everything counts from the discovery date.
// Pure: the server passes the incident's facts and today's date in Japan; this says what is due and late.
// Where the rules say "without delay" or "about 3–5 days" we use a fixed day; docs/decisions/008 says why.

import { addDays, addYears, daysBetween } from './dates.ts';

export const DEADLINE_KEYS = ['insurer_notice', 'regulator_first', 'regulator_final', 'claim_limit'] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

/** The facts that make the report to the Personal Information Protection Commission mandatory. */
export const REPORT_TRIGGERS = ['sensitive_data', 'financial_harm', 'malicious', 'over_1000_persons'] as const;
export type ReportTrigger = (typeof REPORT_TRIGGERS)[number];

/** Notification "without delay": we call it late after this many days. */
export const INSURER_NOTICE_DAYS = 7;
/** 速報: "within about 3–5 days"; the last of those days is the due date. */
export const REGULATOR_FIRST_DAYS = 5;
/** 確報: 30 days, 60 where the leak was malicious (不正の目的). */
export const REGULATOR_FINAL_DAYS = 30;
export const REGULATOR_FINAL_DAYS_MALICIOUS = 60;
/** 保険法95条: the right to claim expires three years after it could first be exercised. */
export const CLAIM_LIMIT_YEARS = 3;
/** More than this many persons affected makes the report mandatory. */
export const REPORT_PERSONS_THRESHOLD = 1000;

export interface DeadlineFacts {
  discoveredOn: string;
  recordsAffected: number | null;
  sensitiveData: boolean;
  financialHarm: boolean;
  malicious: boolean;
  insurerNotifiedOn: string | null;
  regulatorFirstReportOn: string | null;
  regulatorFinalReportOn: string | null;
  /** When the claim was sent to the insurer: the three-year limit no longer threatens it. */
  claimSentOn: string | null;
}

export type DeadlineState = 'done' | 'late' | 'due_soon' | 'upcoming' | 'not_required';

export interface Deadline {
  key: DeadlineKey;
  dueOn: string;
  doneOn: string | null;
  state: DeadlineState;
  /** Days left until due (negative when late); null once done or when not required. */
  daysLeft: number | null;
}

/** How close a deadline must be before it shows as due soon. */
export const SOON_DAYS: Record<DeadlineKey, number> = { insurer_notice: 7, regulator_first: 2, regulator_final: 7, claim_limit: 90 };

export function reportTriggers(facts: Pick<DeadlineFacts, 'sensitiveData' | 'financialHarm' | 'malicious' | 'recordsAffected'>): ReportTrigger[] {
  const triggers: ReportTrigger[] = [];
  if (facts.sensitiveData) triggers.push('sensitive_data');
  if (facts.financialHarm) triggers.push('financial_harm');
  if (facts.malicious) triggers.push('malicious');
  if ((facts.recordsAffected ?? 0) > REPORT_PERSONS_THRESHOLD) triggers.push('over_1000_persons');
  return triggers;
}

function deadline(key: DeadlineKey, dueOn: string, doneOn: string | null, required: boolean, today: string): Deadline {
  if (!required) return { key, dueOn, doneOn, state: 'not_required', daysLeft: null };
  if (doneOn) return { key, dueOn, doneOn, state: 'done', daysLeft: null };
  const daysLeft = daysBetween(today, dueOn);
  const state: DeadlineState = daysLeft < 0 ? 'late' : daysLeft <= SOON_DAYS[key] ? 'due_soon' : 'upcoming';
  return { key, dueOn, doneOn, state, daysLeft };
}

export function computeDeadlines(facts: DeadlineFacts, today: string): { deadlines: Deadline[]; triggers: ReportTrigger[] } {
  const triggers = reportTriggers(facts);
  const reportRequired = triggers.length > 0;
  const finalDays = facts.malicious ? REGULATOR_FINAL_DAYS_MALICIOUS : REGULATOR_FINAL_DAYS;
  const d = facts.discoveredOn;
  return {
    triggers,
    deadlines: [
      deadline('insurer_notice', addDays(d, INSURER_NOTICE_DAYS), facts.insurerNotifiedOn, true, today),
      deadline('regulator_first', addDays(d, REGULATOR_FIRST_DAYS), facts.regulatorFirstReportOn, reportRequired, today),
      deadline('regulator_final', addDays(d, finalDays), facts.regulatorFinalReportOn, reportRequired, today),
      // The first day is not counted (Civil Code art. 140), so three years end on the same calendar day.
      deadline('claim_limit', addYears(d, CLAIM_LIMIT_YEARS), facts.claimSentOn, true, today),
    ],
  };
}

export const DEADLINE_LABELS: Record<DeadlineKey, { ja: string; en: string }> = {
  insurer_notice: { ja: '保険会社への事故通知', en: 'Notify the insurer' },
  regulator_first: { ja: '個人情報保護委員会への速報', en: 'First report to the PPC' },
  regulator_final: { ja: '個人情報保護委員会への確報', en: 'Final report to the PPC' },
  claim_limit: { ja: '保険金請求権の時効(3年)', en: 'Three-year claim limit' },
};

export const TRIGGER_LABELS: Record<ReportTrigger, { ja: string; en: string }> = {
  sensitive_data: { ja: '要配慮個人情報', en: 'Sensitive data' },
  financial_harm: { ja: '財産的被害のおそれ', en: 'Risk of financial harm' },
  malicious: { ja: '不正の目的', en: 'Malicious' },
  over_1000_persons: { ja: '1,000人超', en: 'More than 1,000 persons' },
};
