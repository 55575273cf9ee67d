// The deadlines clock (docs/rules.md, "Deadlines"): each duty counts from its own starting day.
// Pure: the server passes the incident's facts and today's date in Japan; this says what is due and late.
// Where the rules say "without delay" or "about 3–5 days" we use a fixed day, counting the starting day as
// day 1 (the earlier, safe reading); docs/decisions/029-deadlines-per-duty.md says why and gives the sources.

import type { Role } from './categories.ts';
import { addDays, addYears, daysBetween } from './dates.ts';
import type { DataRole } from './incident-facts.ts';

export const DEADLINE_KEYS = [
  'insurer_notice',
  'third_party_claim_notice',
  'regulator_first',
  'regulator_final',
  'client_notice',
  'persons_notice',
  'claim_limit_expenses',
  'claim_limit_damages',
] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

/** The facts that make the report to the Personal Information Protection Commission mandatory (規則7条). */
export const REPORT_TRIGGERS = ['sensitive_data', 'financial_harm', 'malicious', 'over_1000_persons'] as const;
export type ReportTrigger = (typeof REPORT_TRIGGERS)[number];

/** Where a deadline's count starts. */
export type DeadlineStart = 'aware' | 'received' | 'paid' | 'settled';

/** Days after the starting day (day 1) on which each duty falls due: "within N days" is day 1 + (N − 1). */
export const DUE_AFTER_START: Record<Exclude<DeadlineKey, 'claim_limit_expenses' | 'claim_limit_damages'>, number> = {
  /** "Without delay" (遅滞なく): we call a week, day 1 included, late. */
  insurer_notice: 6,
  third_party_claim_notice: 6,
  /** 速報: "about 3–5 days" (概ね3〜5日以内): the fifth day. */
  regulator_first: 4,
  /** 確報: 30 days (60 where the act was malicious), day 1 included. */
  regulator_final: 29,
  /** A contractor's notice to its client: as prompt as the 速報 it replaces. */
  client_notice: 4,
  /** 本人への通知: "promptly as the situation allows"; the final report asks what was done, so by then at the latest. */
  persons_notice: 29,
};
export const REGULATOR_FINAL_DAYS_MALICIOUS_AFTER_START = 59;
/** 保険法95条: the right to claim expires three years after it arises. */
export const CLAIM_LIMIT_YEARS = 3;
/** More than this many persons (本人の数) makes the report mandatory. */
export const REPORT_PERSONS_THRESHOLD = 1000;

export interface ThirdPartyClaimFacts {
  id: string;
  claimant: string;
  receivedOn: string;
  insurerNotifiedOn: string | null;
  insurerReference: string | null;
}

export interface DeadlineFacts {
  discoveredOn: string;
  /** 知った日; null: the discovery date. */
  awareOn: string | null;
  recordsAffected: number | null;
  personsAffected: number | null;
  sensitiveData: boolean;
  financialHarm: boolean;
  malicious: boolean;
  encrypted: boolean;
  dataRole: DataRole;
  insurerNotifiedOn: string | null;
  insurerClaimReference: string | null;
  regulatorFirstReportOn: string | null;
  regulatorFinalReportOn: string | null;
  clientNotifiedOn: string | null;
  personsNotifiedOn: string | null;
  thirdPartyClaims: readonly ThirdPartyClaimFacts[];
  /** The earliest payment of a covered cost other than damages: the expenses' right to claim arises then. */
  firstCostPaidOn: string | null;
  /** The earliest settlement or judgment fixing damages: the damages' right to claim arises then. */
  firstDamagesFixedOn: string | null;
  /** When the claim was sent to the insurer: it meets the three-year limit of what had arisen by then. */
  claimSentOn: string | null;
}

/** `not_yet`: the duty's starting day has not come (no payment, no settlement), so it can't be late. */
export type DeadlineState = 'done' | 'late' | 'due_soon' | 'upcoming' | 'not_required' | 'not_yet';

/** Why a duty is not owed. */
export type NotRequiredReason = 'no_trigger' | 'encrypted' | 'contractor_notifies_client' | 'not_contractor';

export interface Deadline {
  key: DeadlineKey;
  /** The third-party claim a notice is for; null for the incident's own duties. */
  subjectId: string | null;
  claimant: string | null;
  start: DeadlineStart;
  startsOn: string | null;
  dueOn: string | null;
  doneOn: string | null;
  /** The reference of what was done (the insurer's claim reference), when there is one. */
  reference: string | null;
  state: DeadlineState;
  notRequiredReason: NotRequiredReason | null;
  /** Days left until due (negative when late); null once done, not required or not yet. */
  daysLeft: number | null;
}

/** How close a deadline must be before it shows as due soon. */
export const SOON_DAYS: Record<DeadlineKey, number> = {
  // The short duties are due soon from their first day: a week or five days leave no slack.
  insurer_notice: 7,
  third_party_claim_notice: 7,
  regulator_first: 5,
  regulator_final: 7,
  client_notice: 5,
  persons_notice: 7,
  claim_limit_expenses: 90,
  claim_limit_damages: 90,
};

/** Who is told of a deadline by e-mail: the roles that do the duty (admins are told of every one). */
export const DEADLINE_OWNER_ROLES: Record<DeadlineKey, readonly Role[]> = {
  insurer_notice: ['finance', 'admin'],
  third_party_claim_notice: ['finance', 'admin'],
  regulator_first: ['responder', 'admin'],
  regulator_final: ['responder', 'admin'],
  client_notice: ['responder', 'admin'],
  persons_notice: ['responder', 'admin'],
  claim_limit_expenses: ['finance', 'admin'],
  claim_limit_damages: ['finance', 'admin'],
};

/** The persons the report counts: 本人の数, or the records while persons are not known (records are the upper bound). */
export function personsForTrigger(facts: Pick<DeadlineFacts, 'personsAffected' | 'recordsAffected'>): number | null {
  return facts.personsAffected ?? facts.recordsAffected;
}

export function reportTriggers(
  facts: Pick<DeadlineFacts, 'sensitiveData' | 'financialHarm' | 'malicious' | 'recordsAffected' | 'personsAffected'>,
): ReportTrigger[] {
  const triggers: ReportTrigger[] = [];
  if (facts.sensitiveData) triggers.push('sensitive_data');
  if (facts.financialHarm) triggers.push('financial_harm');
  if (facts.malicious) triggers.push('malicious');
  if ((personsForTrigger(facts) ?? 0) > REPORT_PERSONS_THRESHOLD) triggers.push('over_1000_persons');
  return triggers;
}

type DutyBase = Pick<Deadline, 'key' | 'start' | 'startsOn' | 'dueOn' | 'doneOn'> & Partial<Pick<Deadline, 'subjectId' | 'claimant' | 'reference'>>;

function deadline(base: DutyBase, notRequired: NotRequiredReason | null, today: string): Deadline {
  const d: Deadline = { subjectId: null, claimant: null, reference: null, ...base, state: 'upcoming', notRequiredReason: null, daysLeft: null };
  if (notRequired) return { ...d, state: 'not_required', notRequiredReason: notRequired };
  if (d.doneOn) return { ...d, state: 'done' };
  if (d.dueOn === null) return { ...d, state: 'not_yet' };
  const daysLeft = daysBetween(today, d.dueOn);
  return { ...d, state: daysLeft < 0 ? 'late' : daysLeft <= SOON_DAYS[d.key] ? 'due_soon' : 'upcoming', daysLeft };
}

/** The three-year limit of one component: met by a claim sent once the right had arisen. */
function claimLimit(
  key: 'claim_limit_expenses' | 'claim_limit_damages',
  start: DeadlineStart,
  arose: string | null,
  claimSentOn: string | null,
  today: string,
): Deadline {
  // The first day is not counted (民法140条), so three years end on the same calendar day (民法143条).
  const dueOn = arose ? addYears(arose, CLAIM_LIMIT_YEARS) : null;
  const doneOn = arose && claimSentOn && claimSentOn >= arose ? claimSentOn : null;
  return deadline({ key, start, startsOn: arose, dueOn, doneOn }, null, today);
}

export function computeDeadlines(facts: DeadlineFacts, today: string): { deadlines: Deadline[]; triggers: ReportTrigger[]; awareOn: string } {
  const triggers = reportTriggers(facts);
  const aware = facts.awareOn ?? facts.discoveredOn;
  const due = (days: number) => addDays(aware, days);
  const fromAware = (key: DeadlineKey, days: number, doneOn: string | null, reference: string | null = null): DutyBase => ({
    key,
    start: 'aware',
    startsOn: aware,
    dueOn: due(days),
    doneOn,
    reference,
  });

  // The regulator's duties: owed on a trigger, not for strongly encrypted data; a contractor discharges
  // its own report (and the persons' notice) by notifying its client promptly (法26条1項ただし書・2項).
  const reportOwed: NotRequiredReason | null = triggers.length === 0 ? 'no_trigger' : facts.encrypted ? 'encrypted' : null;
  const contractor = facts.dataRole === 'contractor';
  const byRegulator = reportOwed ?? (contractor ? 'contractor_notifies_client' : null);
  const byContractor = reportOwed ?? (contractor ? null : 'not_contractor');
  const finalDays = facts.malicious ? REGULATOR_FINAL_DAYS_MALICIOUS_AFTER_START : DUE_AFTER_START.regulator_final;

  const deadlines: Deadline[] = [
    deadline(fromAware('insurer_notice', DUE_AFTER_START.insurer_notice, facts.insurerNotifiedOn, facts.insurerClaimReference), null, today),
    ...facts.thirdPartyClaims.map((c) =>
      deadline(
        {
          key: 'third_party_claim_notice',
          subjectId: c.id,
          claimant: c.claimant,
          start: 'received',
          startsOn: c.receivedOn,
          dueOn: addDays(c.receivedOn, DUE_AFTER_START.third_party_claim_notice),
          doneOn: c.insurerNotifiedOn,
          reference: c.insurerReference,
        },
        null,
        today,
      ),
    ),
    deadline(fromAware('regulator_first', DUE_AFTER_START.regulator_first, facts.regulatorFirstReportOn), byRegulator, today),
    deadline(fromAware('regulator_final', finalDays, facts.regulatorFinalReportOn), byRegulator, today),
    deadline(fromAware('client_notice', DUE_AFTER_START.client_notice, facts.clientNotifiedOn), byContractor, today),
    deadline(fromAware('persons_notice', DUE_AFTER_START.persons_notice, facts.personsNotifiedOn), byRegulator, today),
    claimLimit('claim_limit_expenses', 'paid', facts.firstCostPaidOn, facts.claimSentOn, today),
    claimLimit('claim_limit_damages', 'settled', facts.firstDamagesFixedOn, facts.claimSentOn, today),
  ];
  return { triggers, deadlines, awareOn: aware };
}

type Words = { ja: string; en: string };

export const DEADLINE_LABELS: Record<DeadlineKey, Words> = {
  insurer_notice: { ja: '保険会社への事故通知', en: 'Notify the insurer of the incident' },
  third_party_claim_notice: { ja: '保険会社への損害賠償請求の通知', en: 'Notify the insurer of a third-party claim' },
  regulator_first: { ja: '個人情報保護委員会への速報', en: 'First report to the PPC' },
  regulator_final: { ja: '個人情報保護委員会への確報', en: 'Final report to the PPC' },
  client_notice: { ja: '委託元への通知', en: 'Notify the client (as contractor)' },
  persons_notice: { ja: '本人への通知', en: 'Notify the affected persons' },
  claim_limit_expenses: { ja: '費用の保険金請求権の時効（3年）', en: 'Three-year claim limit: expenses' },
  claim_limit_damages: { ja: '賠償金の保険金請求権の時効（3年）', en: 'Three-year claim limit: damages' },
};

/** The rule shown next to each deadline, with its starting day. */
export const DEADLINE_RULES: Record<DeadlineKey, Words> = {
  insurer_notice: {
    ja: '知った日から遅滞なく（知った日を1日目として7日目まで）。',
    en: 'Without delay from the day of awareness (by day 7, counting that day as day 1).',
  },
  third_party_claim_notice: {
    ja: '請求を受けた日から遅滞なく、書面で請求者を添えて（7日目まで）。',
    en: 'Without delay from receiving the claim, in writing with the claimant (by day 7).',
  },
  regulator_first: {
    ja: '知った日から概ね3〜5日以内（5日目まで、土日祝日を含む）。',
    en: 'About 3–5 days from the day of awareness (by day 5, weekends and holidays included).',
  },
  regulator_final: {
    ja: '知った日から30日以内（不正の目的によるものは60日以内、知った日を1日目とし土日祝日を含む）。',
    en: 'Within 30 days of the day of awareness (60 if malicious), that day counted as day 1, weekends and holidays included.',
  },
  client_notice: {
    ja: '委託先は委託元へ速やかに通知すれば委員会への報告に代わる（5日目まで）。',
    en: 'A contractor reports by notifying its client promptly (by day 5).',
  },
  persons_notice: { ja: '状況に応じて速やかに（遅くとも確報の期限まで）。', en: 'Promptly as the situation allows (at the latest by the final report’s day).' },
  claim_limit_expenses: { ja: '費用を支払った日から3年（保険法95条）。', en: 'Three years from paying the expense (Insurance Act art. 95).' },
  claim_limit_damages: { ja: '示談成立・判決確定の日から3年（保険法95条）。', en: 'Three years from the settlement or judgment (Insurance Act art. 95).' },
};

export const NOT_REQUIRED_REASONS: Record<NotRequiredReason, Words> = {
  no_trigger: { ja: '報告対象の事態に当たりません。', en: 'No reportable situation.' },
  encrypted: { ja: '高度な暗号化により報告は不要です。', en: 'Not owed: the data was strongly encrypted.' },
  contractor_notifies_client: { ja: '委託先のため、委託元への通知で足ります。', en: 'As contractor, notifying the client discharges it.' },
  not_contractor: { ja: '委託先としての事故ではありません。', en: 'Only for a contractor.' },
};

export const TRIGGER_LABELS: Record<ReportTrigger, Words> = {
  sensitive_data: { ja: '要配慮個人情報', en: 'Sensitive data' },
  financial_harm: { ja: '財産的被害のおそれ', en: 'Risk of financial harm' },
  malicious: { ja: '不正の目的', en: 'Malicious' },
  over_1000_persons: { ja: '本人の数が1,000人超', en: 'More than 1,000 persons' },
};

/** A deadline's title for lists, mails and calendars: the duty, and the claimant for a third-party claim. */
export function deadlineTitle(d: Pick<Deadline, 'key' | 'claimant'>, locale: 'ja' | 'en'): string {
  const label = DEADLINE_LABELS[d.key][locale];
  return d.claimant ? `${label}${locale === 'ja' ? `（${d.claimant}）` : ` (${d.claimant})`}` : label;
}
