// The documents the insurer asks for (docs/rules.md §6), and whether each is attached, not needed or missing.
// Pure: the server counts lines and files, this decides. The dashboard, the documents page and the
// claim PDF all show the result of `documentChecklist`, so they never disagree.

import type { Locale } from './categories.ts';

export const DOCUMENT_KINDS = [
  'claim_form',
  'incident_report',
  'receipts',
  'quotes',
  'settlements',
  'forensic_report',
  'notice_letters',
  'condolence_list',
  'ppc_report',
  'outsourcing_contract',
  'demand_letters',
  'payroll_records',
  'consent_letters',
  'seal_certificate',
  'registry_extract',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_LABELS: Record<DocumentKind, { ja: string; en: string }> = {
  claim_form: { ja: '保険金請求書', en: 'Claim form' },
  incident_report: { ja: '事故内容報告書', en: 'Incident report' },
  receipts: { ja: '領収書・請求書', en: 'Receipts and invoices' },
  quotes: { ja: '見積書', en: 'Quotes' },
  settlements: { ja: '示談書・和解契約書', en: 'Settlement agreements' },
  forensic_report: { ja: '調査報告書（フォレンジック）', en: 'Forensic report' },
  notice_letters: { ja: 'お知らせ・お詫び状の写し', en: 'Copies of the notice or apology letters' },
  condolence_list: { ja: '見舞金・見舞品の送付先名簿', en: 'Condolence mailing list' },
  ppc_report: { ja: '個人情報保護委員会への報告書', en: 'Report to the PPC' },
  outsourcing_contract: { ja: '業務委託契約書', en: 'Outsourcing contract' },
  demand_letters: { ja: '第三者からの請求書面', en: 'Demand letters from third parties' },
  payroll_records: { ja: '超過勤務の賃金台帳・勤務記録', en: 'Payroll and time records for overtime' },
  consent_letters: { ja: '保険会社の同意書面', en: 'Consent letters from the insurer' },
  seal_certificate: { ja: '印鑑証明書', en: 'Seal certificate' },
  registry_extract: { ja: '登記事項証明書', en: 'Registry extract' },
};

/** Above this amount claimed the insurer also asks for the seal certificate and the registry extract. */
export const SEAL_DOCUMENTS_THRESHOLD = 10_000_000;
/** The lower threshold when the insurance money is to be paid to someone other than the insured. */
export const SEAL_DOCUMENTS_THRESHOLD_OTHER_PAYEE = 5_000_000;

/** The facts of the incident that make a document needed (each item says which one). */
export type DocumentCondition = 'investigation' | 'notices' | 'condolence' | 'regulator_report' | 'contractor' | 'third_party_claims' | 'overtime' | 'consent';

/** Facts the server gathers for one incident. "Claimed" lines are those in the invoiced or paid stage. */
export interface DocumentFacts {
  /** What the claim asks for before the limits (claim.summary's amountClaimed): the seal documents' threshold. */
  amountClaimed: number;
  /** Whether the insurer pays the insured itself (the usual case) or someone else. */
  payeeIsInsured: boolean;
  /** Which of the conditions hold: lines of the category, a report owed, a contractor, claims received. */
  conditions: Partial<Record<DocumentCondition, boolean>>;
  claimedLines: number;
  claimedLinesWithoutFile: number;
  estimateLines: number;
  estimateLinesWithoutFile: number;
  /** Claimed damages lines: each needs its settlement agreement. */
  damagesLines: number;
  damagesLinesWithoutFile: number;
  /** Files uploaded for the incident as a whole, per kind. */
  incidentFiles: Partial<Record<DocumentKind, number>>;
  /**
   * Documents the claim package writes itself, once their facts are in: the claim form from a complete company
   * profile, the incident report once it is written (docs/decisions/027).
   */
  generated?: Partial<Record<DocumentKind, boolean>>;
  /** Items a user marked as not needed, with their reason. */
  waivers: Partial<Record<DocumentKind, string>>;
}

export type DocumentStatus = 'attached' | 'not_needed' | 'missing';

/** Why an item is not needed without anyone saying so. */
export type AutomaticReason = 'no_claimed_lines' | 'no_estimates' | 'no_damages' | 'below_threshold' | `no_${DocumentCondition}`;

/** The condition each conditional document hangs on. */
const CONDITION_OF: Partial<Record<DocumentKind, DocumentCondition>> = {
  forensic_report: 'investigation',
  notice_letters: 'notices',
  condolence_list: 'condolence',
  ppc_report: 'regulator_report',
  outsourcing_contract: 'contractor',
  demand_letters: 'third_party_claims',
  payroll_records: 'overtime',
  consent_letters: 'consent',
};

export function sealDocumentsThreshold(payeeIsInsured: boolean): number {
  return payeeIsInsured ? SEAL_DOCUMENTS_THRESHOLD : SEAL_DOCUMENTS_THRESHOLD_OTHER_PAYEE;
}

export interface ChecklistItem {
  kind: DocumentKind;
  status: DocumentStatus;
  /** Files for the incident as a whole. */
  incidentFiles: number;
  /** For the items that lines satisfy: the lines concerned and how many still have no file. */
  lines: number | null;
  linesWithoutFile: number | null;
  /** A user's reason when they marked it not needed. */
  waiverReason: string | null;
  automaticReason: AutomaticReason | null;
  /** The claim package writes this document itself (the claim form, the incident report). */
  generated: boolean;
}

type LineRule = { lines: number; without: number; reasonWhenNone: AutomaticReason };

function lineRule(kind: DocumentKind, facts: DocumentFacts): LineRule | null {
  if (kind === 'receipts') return { lines: facts.claimedLines, without: facts.claimedLinesWithoutFile, reasonWhenNone: 'no_claimed_lines' };
  if (kind === 'quotes') return { lines: facts.estimateLines, without: facts.estimateLinesWithoutFile, reasonWhenNone: 'no_estimates' };
  if (kind === 'settlements') return { lines: facts.damagesLines, without: facts.damagesLinesWithoutFile, reasonWhenNone: 'no_damages' };
  return null;
}

function checklistItem(kind: DocumentKind, facts: DocumentFacts): ChecklistItem {
  const incidentFiles = facts.incidentFiles[kind] ?? 0;
  const waiverReason = facts.waivers[kind] ?? null;
  const rule = lineRule(kind, facts);
  const item: ChecklistItem = {
    kind,
    status: 'missing',
    incidentFiles,
    lines: rule?.lines ?? null,
    linesWithoutFile: rule?.without ?? null,
    waiverReason,
    automaticReason: null,
    generated: facts.generated?.[kind] === true,
  };
  // A file for the incident as a whole (say, one PDF of all receipts) satisfies the item, and so does the
  // package's own copy of a document it writes.
  const linesCovered = rule !== null && rule.lines > 0 && rule.without === 0;
  if (incidentFiles > 0 || linesCovered || item.generated) return { ...item, status: 'attached' };
  if (waiverReason !== null) return { ...item, status: 'not_needed' };

  let automaticReason: AutomaticReason | null = null;
  if (rule && rule.lines === 0) automaticReason = rule.reasonWhenNone;
  const condition = CONDITION_OF[kind];
  if (condition && !facts.conditions[condition]) automaticReason = `no_${condition}`;
  if ((kind === 'seal_certificate' || kind === 'registry_extract') && facts.amountClaimed <= sealDocumentsThreshold(facts.payeeIsInsured)) {
    automaticReason = 'below_threshold';
  }
  return automaticReason ? { ...item, status: 'not_needed', automaticReason } : item;
}

export function documentChecklist(facts: DocumentFacts): ChecklistItem[] {
  return DOCUMENT_KINDS.map((kind) => checklistItem(kind, facts));
}

const AUTOMATIC_REASONS: Record<AutomaticReason, { ja: string; en: string }> = {
  no_claimed_lines: { ja: '請求する明細がありません', en: 'No claimed lines yet' },
  no_estimates: { ja: '見積段階の明細がありません', en: 'No lines at the estimate stage' },
  no_damages: { ja: '損害賠償金の明細がありません', en: 'No damages lines' },
  below_threshold: { ja: '請求額が1,000万円以下のため不要', en: 'Not needed: the amount claimed is ¥10,000,000 or less' },
  no_investigation: { ja: '事故原因調査費用の明細がありません', en: 'No cause-investigation lines' },
  no_notices: { ja: '社告・通知の費用がなく、本人への通知も記録されていません', en: 'No notice costs and no notice to the persons recorded' },
  no_condolence: { ja: '見舞金・見舞品の明細がありません', en: 'No condolence lines' },
  no_regulator_report: { ja: '個人情報保護委員会への報告義務がありません', en: 'No report to the PPC is owed' },
  no_contractor: { ja: '委託先が関わる事故ではありません', en: 'No contractor involved' },
  no_third_party_claims: { ja: '第三者からの請求はありません', en: 'No claims from third parties' },
  no_overtime: { ja: '超過勤務手当等の明細がありません', en: 'No overtime lines' },
  no_consent: { ja: '事前同意が必要な明細がありません', en: 'No lines needing the insurer’s consent' },
};

const STATUS_LABELS: Record<DocumentStatus, { ja: string; en: string }> = {
  attached: { ja: '添付済み', en: 'Attached' },
  not_needed: { ja: '不要', en: 'Not needed' },
  missing: { ja: '未提出', en: 'Missing' },
};

export function documentStatusLabel(status: DocumentStatus, locale: Locale): string {
  return STATUS_LABELS[status][locale];
}

/** One line of detail under an item: why it is not needed, or how many lines still lack a file. */
export function checklistDetail(item: ChecklistItem, locale: Locale): string {
  if (item.status === 'not_needed') {
    if (item.waiverReason !== null) return item.waiverReason;
    if (item.automaticReason) return AUTOMATIC_REASONS[item.automaticReason][locale];
  }
  const parts: string[] = [];
  if (item.lines !== null && item.lines > 0) {
    const withFile = item.lines - (item.linesWithoutFile ?? 0);
    parts.push(locale === 'ja' ? `明細 ${item.lines} 件中 ${withFile} 件に添付あり` : `${withFile} of ${item.lines} lines have a file`);
  }
  if (item.incidentFiles > 0) {
    parts.push(locale === 'ja' ? `事故全体のファイル ${item.incidentFiles} 件` : `${item.incidentFiles} file(s) for the incident`);
  }
  if (item.generated) parts.push(locale === 'ja' ? '請求パッケージに自動作成（押印して提出）' : 'Written into the claim package (sign and seal it)');
  return parts.join(locale === 'ja' ? '、' : '; ');
}
