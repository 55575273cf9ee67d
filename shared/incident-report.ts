// The incident report (事故状況報告書), written once: its fields and their schemas, and the texts made from it —
// the report to the Personal Information Protection Commission in the order of its form (個人情報保護法施行規則
// 第8条第1項 ①〜⑨) and a contractor's notice to its client (法第26条第1項ただし書, 規則第9条). The PDFs of the
// claim package (server/packages/) print the same items. See docs/decisions/027-one-incident-report.md.

import { z } from 'zod';
import type { Locale } from './categories.ts';
import { formatDate, formatJapaneseEra } from './dates.ts';
import type { DataRole } from './incident-facts.ts';
import { idSchema } from './schemas.ts';
import { says } from './zod-codes.ts';

/** The report's texts, each null until written. */
export const INCIDENT_REPORT_KEYS = [
  'summary',
  'dataItems',
  'cause',
  'secondaryHarm',
  'measuresForPersons',
  'publication',
  'recurrencePrevention',
  'other',
  'clientName',
  'contactName',
  'contactPhone',
] as const;
export type IncidentReportKey = (typeof INCIDENT_REPORT_KEYS)[number];
export type IncidentReportTexts = Record<IncidentReportKey, string | null>;

/** A long item holds a few paragraphs; names and the phone number are one line. */
export const INCIDENT_REPORT_MAX: Record<IncidentReportKey, number> = {
  summary: 4000,
  dataItems: 4000,
  cause: 4000,
  secondaryHarm: 4000,
  measuresForPersons: 4000,
  publication: 4000,
  recurrencePrevention: 4000,
  other: 4000,
  clientName: 200,
  contactName: 100,
  contactPhone: 50,
};

/** Absent: left as it is; `null` or only blanks: cleared. */
const reportText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, says('tooLong', { max }))
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const incidentReportGetInput = z.object({ incidentId: idSchema });
export const incidentReportUpdateInput = z.object({
  incidentId: idSchema,
  ...(Object.fromEntries(INCIDENT_REPORT_KEYS.map((key) => [key, reportText(INCIDENT_REPORT_MAX[key])])) as Record<
    IncidentReportKey,
    ReturnType<typeof reportText>
  >),
});

export const INCIDENT_REPORT_LABELS: Record<IncidentReportKey, { ja: string; en: string }> = {
  summary: { ja: '概要', en: 'Summary' },
  dataItems: { ja: '漏えい等が発生し、又は発生したおそれがある個人データの項目', en: 'Items of the personal data leaked, or possibly leaked' },
  cause: { ja: '原因', en: 'Cause' },
  secondaryHarm: { ja: '二次被害又はそのおそれの有無及びその内容', en: 'Whether there is, or may be, secondary harm, and what it is' },
  measuresForPersons: { ja: '本人への対応の実施状況', en: 'What has been done for the persons concerned' },
  publication: { ja: '公表の実施状況', en: 'Whether and how the incident was made public' },
  recurrencePrevention: { ja: '再発防止のための措置', en: 'Measures to prevent recurrence' },
  other: { ja: 'その他参考となる事項', en: 'Other relevant matters' },
  clientName: { ja: '委託元（通知先）', en: 'Client (to be notified)' },
  contactName: { ja: '連絡担当者', en: 'Contact person' },
  contactPhone: { ja: '連絡先電話番号', en: 'Contact phone' },
};

/** The commission's items in the order of its form (規則第8条第1項第1号〜第9号). */
export const PPC_ITEMS = [
  'summary',
  'dataItems',
  'persons',
  'cause',
  'secondaryHarm',
  'measuresForPersons',
  'publication',
  'recurrencePrevention',
  'other',
] as const;
export type PpcItemKey = (typeof PPC_ITEMS)[number];

export const PPC_ITEM_LABELS: Record<PpcItemKey, { ja: string; en: string }> = {
  summary: INCIDENT_REPORT_LABELS.summary,
  dataItems: INCIDENT_REPORT_LABELS.dataItems,
  persons: { ja: '漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数', en: 'Number of persons whose personal data leaked, or possibly leaked' },
  cause: INCIDENT_REPORT_LABELS.cause,
  secondaryHarm: INCIDENT_REPORT_LABELS.secondaryHarm,
  measuresForPersons: INCIDENT_REPORT_LABELS.measuresForPersons,
  publication: INCIDENT_REPORT_LABELS.publication,
  recurrencePrevention: INCIDENT_REPORT_LABELS.recurrencePrevention,
  other: INCIDENT_REPORT_LABELS.other,
};

/** ① ② … ⑨: how the form numbers its items. */
export const CIRCLED_NUMBERS = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨'] as const;

/** What the texts take from the incident itself (the incidents row). */
export interface IncidentReportFacts {
  occurredOn: string;
  discoveredOn: string;
  /** 知った日; null: the discovery date (server/claims/deadlines.ts counts from the same day). */
  awareOn: string | null;
  personsAffected: number | null;
  recordsAffected: number | null;
  dataRole: DataRole;
}

export interface PpcItem {
  key: PpcItemKey;
  /** 1–9, the item's number on the form. */
  number: number;
  label: string;
  /** Null while nothing is written (or, for ③, while the number of persons is not known). */
  text: string | null;
}

/** A date as the report states it: 令和8年6月1日 in Japanese, 1 Jun 2026 in English. */
export function reportDate(date: string, locale: Locale): string {
  return locale === 'ja' ? formatJapaneseEra(date) : formatDate(date, 'en');
}

const count = (n: number) => n.toLocaleString('en-US');

/** ① 概要: the three dates the commission asks first, then what was written. */
function summaryText(report: IncidentReportTexts, facts: IncidentReportFacts, locale: Locale): string {
  const aware = facts.awareOn ?? facts.discoveredOn;
  const dates =
    locale === 'ja'
      ? [`発生日：${reportDate(facts.occurredOn, locale)}`, `発覚日：${reportDate(facts.discoveredOn, locale)}`, `知った日：${reportDate(aware, locale)}`]
      : [
          `Occurred on: ${reportDate(facts.occurredOn, locale)}`,
          `Discovered on: ${reportDate(facts.discoveredOn, locale)}`,
          `Became aware on: ${reportDate(aware, locale)}`,
        ];
  return [...dates, ...(report.summary ? ['', report.summary] : [])].join('\n');
}

/** ③ 本人の数: the incident's persons affected (and the records, when they differ). */
function personsText(facts: IncidentReportFacts, locale: Locale): string | null {
  if (facts.personsAffected === null) return null;
  const records = facts.recordsAffected !== null && facts.recordsAffected !== facts.personsAffected ? facts.recordsAffected : null;
  if (locale === 'ja') return `${count(facts.personsAffected)}人${records !== null ? `（漏えい等した記録 ${count(records)}件）` : ''}`;
  return `${count(facts.personsAffected)} ${facts.personsAffected === 1 ? 'person' : 'persons'}${records !== null ? ` (${count(records)} records)` : ''}`;
}

/** The report to the commission, item by item in the order of its form (規則第8条第1項). */
export function ppcReportItems(report: IncidentReportTexts, facts: IncidentReportFacts, locale: Locale): PpcItem[] {
  return PPC_ITEMS.map((key, index) => ({
    key,
    number: index + 1,
    label: PPC_ITEM_LABELS[key][locale],
    text: key === 'summary' ? summaryText(report, facts, locale) : key === 'persons' ? personsText(facts, locale) : report[key],
  }));
}

/** What an item says when nothing is written yet: the reader sees the gap, not an empty line. */
export const NOT_WRITTEN = { ja: '（未記入）', en: '(not yet written)' } as const;

/** One item as a block of text: `① 概要` and its text under it. */
export function ppcItemText(item: PpcItem, locale: Locale): string {
  return `${CIRCLED_NUMBERS[item.number - 1]} ${item.label}\n${item.text ?? NOT_WRITTEN[locale]}`;
}

/** The whole report as text, the items in the form's order. */
export function ppcReportText(report: IncidentReportTexts, facts: IncidentReportFacts, locale: Locale): string {
  return ppcReportItems(report, facts, locale)
    .map((item) => ppcItemText(item, locale))
    .join('\n\n');
}

/** Whether the company handles the data as a contractor (委託先), and so notifies its client (委託元). */
export const notifiesClient = (facts: Pick<IncidentReportFacts, 'dataRole'>) => facts.dataRole === 'contractor';

export const CLIENT_NOTICE_WORDS = {
  title: { ja: '個人データの漏えい等に関する通知', en: 'Notice of a personal data incident' },
  intro: {
    ja: '委託を受けた個人データの漏えい等について、個人情報保護法第26条第1項ただし書に基づき通知します。',
    en: 'We notify you of the incident concerning the personal data you entrusted to us, under the proviso of Article 26(1) of the Act on the Protection of Personal Information.',
  },
  addressee: { ja: '{client} 御中', en: 'To: {client}' },
  clientUnknown: { ja: '（委託元の名称を記入）', en: '(the client’s name)' },
  from: { ja: '通知者', en: 'From' },
  contact: { ja: '連絡先', en: 'Contact' },
} as const;

export interface ClientNotice {
  addressee: string;
  title: string;
  intro: string;
  items: PpcItem[];
  /** `担当 山田 03-…`, or null when neither is written. */
  contact: string | null;
}

/** The contact line of a notice or a report: the person and the phone number, whichever are written. */
export function contactText(report: Pick<IncidentReportTexts, 'contactName' | 'contactPhone'>): string | null {
  const parts = [report.contactName, report.contactPhone].filter((p): p is string => p !== null && p !== '');
  return parts.length > 0 ? parts.join('　') : null;
}

/** The contractor's notice to its client: addressed to the client, the same items as the commission's report. */
export function clientNotice(report: IncidentReportTexts, facts: IncidentReportFacts, locale: Locale): ClientNotice {
  const client = report.clientName ?? CLIENT_NOTICE_WORDS.clientUnknown[locale];
  return {
    addressee: CLIENT_NOTICE_WORDS.addressee[locale].replace('{client}', client),
    title: CLIENT_NOTICE_WORDS.title[locale],
    intro: CLIENT_NOTICE_WORDS.intro[locale],
    items: ppcReportItems(report, facts, locale),
    contact: contactText(report),
  };
}

/** The notice as one text, to paste into a letter or an email to the client. */
export function clientNoticeText(report: IncidentReportTexts, facts: IncidentReportFacts, companyName: string, locale: Locale): string {
  const notice = clientNotice(report, facts, locale);
  return [
    notice.addressee,
    '',
    `${CLIENT_NOTICE_WORDS.from[locale]}${locale === 'ja' ? '：' : ': '}${companyName}`,
    '',
    notice.title,
    '',
    notice.intro,
    '',
    ...notice.items.map((item) => `${ppcItemText(item, locale)}\n`),
    ...(notice.contact ? [`${CLIENT_NOTICE_WORDS.contact[locale]}${locale === 'ja' ? '：' : ': '}${notice.contact}`] : []),
  ]
    .join('\n')
    .trimEnd();
}

/** A report with nothing written: what `incidentReport.get` answers before the first save. */
export const EMPTY_REPORT: IncidentReportTexts = Object.fromEntries(INCIDENT_REPORT_KEYS.map((key) => [key, null])) as IncidentReportTexts;
