// The audit log in words, in Japanese and English: every kind of record, every action and every field the
// server writes (server/audit.ts callers), and how each value reads. test/unit/audit-words.test.ts holds the
// tables to what the server can write, so no raw key (`fileSha256`, `言語: ja`) reaches the page.
import { CATEGORY_LABELS, INCIDENT_KIND_LABELS, SOURCE_LABELS, STAGE_LABELS, type Locale } from '../../../shared/categories.ts';
import { CLAIM_STATUS_LABELS, REVIEW_DECISION_LABELS } from '../../../shared/claim-status.ts';
import { DOCUMENT_LABELS } from '../../../shared/documents.ts';
import { formatYen } from '../../../shared/money.ts';
import { LEFT_OUT_LABELS, type LeftOutReason } from '../../../shared/import-filters.ts';
import { PRESET_LABELS } from '../../../shared/import-presets.ts';
import { PREFLIGHT_KEY_LABELS, type PreflightKey } from '../../../shared/preflight.ts';
import { TAX_CATEGORY_LABELS, TAX_STATUS_LABELS } from '../../../shared/tax.ts';
import { BANK_ACCOUNT_TYPE_LABELS, DATA_ROLE_LABELS } from '../../../shared/incident-facts.ts';
import { formatDate, formatTimestamp } from './format.ts';

export interface Words {
  ja: string;
  en: string;
}
const w = (ja: string, en: string): Words => ({ ja, en });

/** What an entry is about (`audit_log.entity_type`, server/db/schema.ts AUDIT_ENTITY_TYPES). */
export const AUDIT_ENTITY_WORDS: Record<string, Words> = {
  company: w('会社', 'Company'),
  membership: w('メンバー', 'Member'),
  policy: w('保険契約', 'Policy'),
  incident: w('事故', 'Incident'),
  cost: w('費用明細', 'Cost line'),
  attachment: w('添付ファイル', 'Attached file'),
  document: w('提出書類', 'Document'),
  package: w('請求パッケージ', 'Claim package'),
  broker: w('代理店', 'Broker'),
  review: w('代理店の査定', 'Broker review'),
  claim: w('請求', 'Claim'),
  import: w('CSV・Excelの取り込み', 'Spreadsheet import'),
  incident_report: w('事故状況報告書', 'Incident report'),
  third_party_claim: w('第三者からの損害賠償請求', 'Claim from a third party'),
};

/** What was done (`audit_log.action`, AUDIT_ACTIONS). */
export const AUDIT_ACTION_WORDS: Record<string, Words> = {
  create: w('作成', 'Created'),
  update: w('変更', 'Changed'),
  delete: w('削除', 'Deleted'),
  invite: w('招待', 'Invited'),
  join: w('参加', 'Joined'),
  role: w('権限を変更', 'Role changed'),
  remove: w('メンバーから除外', 'Removed'),
  not_needed: w('不要に設定', 'Marked not needed'),
  needed: w('必要に戻す', 'Marked needed again'),
  export: w('パッケージを作成', 'Package exported'),
  approve: w('経理が承認', 'Approved by finance'),
  unapprove: w('承認を取消', 'Approval withdrawn'),
  consent: w('事前同意を記録', 'Consent recorded'),
  grant: w('アクセスを許可', 'Access granted'),
  revoke: w('アクセスを取消', 'Access revoked'),
  accept: w('承認（査定）', 'Accepted'),
  query: w('照会', 'Queried'),
  disallow: w('否認', 'Disallowed'),
  answer: w('照会に回答', 'Answered'),
  submit: w('代理店へ提出', 'Submitted'),
  status: w('状況を変更', 'Status changed'),
  settle: w('支払確定を記録', 'Settlement recorded'),
  import: w('明細を取り込み', 'Lines imported'),
};

/** The fields the server writes into an entry's before and after, by key. */
export const AUDIT_FIELD_WORDS: Record<string, Words> = {
  // cost lines
  amount: w('金額', 'Amount'),
  category: w('費用区分', 'Category'),
  stage: w('段階', 'Stage'),
  incurredOn: w('発生日', 'Date incurred'),
  quantity: w('数量', 'Quantity'),
  unitAmount: w('単価', 'Unit amount'),
  vendor: w('支払先', 'Vendor'),
  description: w('内容', 'Description'),
  source: w('負担区分', 'Borne by'),
  claimant: w('求償元', 'Claimant'),
  incurredAbroad: w('海外で発生', 'Incurred abroad'),
  invoicedOn: w('請求日', 'Invoiced on'),
  agreedOn: w('示談・判決日', 'Settled or judged on'),
  paidOn: w('支払日', 'Paid on'),
  approvedAt: w('承認日時', 'Approved at'),
  approvedBy: w('承認者', 'Approved by'),
  consentOn: w('同意日', 'Consent given on'),
  consentReference: w('同意書面の番号等', 'Consent reference'),
  consentGivenBy: w('同意した保険会社の担当者', 'Consent given by'),
  taxCategory: w('税区分', 'Tax category'),
  taxAmount: w('消費税額', 'Consumption tax'),
  invoiceNumber: w('登録番号（インボイス）', 'Invoice registration number'),
  withholdingTax: w('源泉徴収税額', 'Withholding tax'),
  // the policy
  insurer: w('保険会社', 'Insurer'),
  policyNumber: w('証券番号', 'Policy number'),
  periodStart: w('保険期間の始期', 'Policy period from'),
  periodEnd: w('保険期間の終期', 'Policy period to'),
  liabilityLimit: w('賠償責任 支払限度額', 'Liability limit'),
  expenseLimit: w('情報漏えい対応費用 支払限度額', 'Expense limit'),
  deductible: w('免責金額', 'Deductible'),
  restorationRider: w('復旧費用特約', 'Restoration rider'),
  condolencePerPersonCap: w('見舞金 1名あたり上限', 'Condolence cap per person'),
  annualRevenue: w('年間売上高', 'Annual revenue'),
  itRevenue: w('IT業務の売上高', 'IT revenue'),
  liabilityLimitPerClaim: w('賠償責任 1請求あたり限度額', 'Liability limit per claim'),
  defenceCosts: w('争訟費用の払い方', 'Defence costs'),
  restorationRatioPercent: w('復旧費用 縮小支払割合', 'Restoration ratio'),
  restorationSublimit: w('復旧費用 限度額', 'Restoration sub-limit'),
  responseWindowDays: w('事故対応期間', 'Response period'),
  priorExpensePaid: w('既払の費用保険金', 'Expenses already paid'),
  priorLiabilityPaid: w('既払の賠償責任保険金', 'Liability already paid'),
  taxTreatment: w('消費税の扱い', 'Consumption tax treatment'),
  taxStatus: w('消費税の課税方式', 'Consumption tax status'),
  // the company's claim-form profile (shared/company-profile.ts)
  address: w('所在地', 'Address'),
  corporateNumber: w('法人番号', 'Corporate number'),
  representative: w('代表者', 'Representative'),
  bankName: w('振込先 金融機関名', 'Bank'),
  bankBranch: w('振込先 支店名', 'Branch'),
  bankAccountType: w('振込先 預金種目', 'Account type'),
  bankAccountNumber: w('振込先 口座番号', 'Account number'),
  bankAccountHolder: w('振込先 口座名義（カナ）', 'Account holder'),
  brokerCode: w('代理店コード', 'Broker code'),
  // the incident's facts behind the deadlines (shared/deadlines.ts)
  awareOn: w('知った日', 'Became aware on'),
  dataRole: w('個人データの区分', 'Whose data'),
  insurerClaimReference: w('事故受付番号', 'Insurer’s claim reference'),
  encrypted: w('高度な暗号化', 'Strongly encrypted'),
  clientNotifiedOn: w('委託元へ通知した日', 'Client notified on'),
  personsNotifiedOn: w('本人へ通知した日', 'Persons notified on'),
  // a third party's claim
  receivedOn: w('請求を受けた日', 'Received on'),
  amountDemanded: w('請求額', 'Amount demanded'),
  insurerReference: w('保険会社の受付番号', 'Insurer’s reference'),
  // the incident report (shared/incident-report.ts)
  summary: w('概要', 'Summary'),
  dataItems: w('漏えい等した個人データの項目', 'Personal data items'),
  cause: w('原因', 'Cause'),
  secondaryHarm: w('二次被害又はそのおそれ', 'Secondary harm'),
  measuresForPersons: w('本人への対応の実施状況', 'What was done for the persons'),
  publication: w('公表の実施状況', 'Publication'),
  recurrencePrevention: w('再発防止のための措置', 'Measures against recurrence'),
  other: w('その他参考となる事項', 'Other relevant matters'),
  clientName: w('委託元（通知先）', 'Client notified'),
  contactName: w('連絡担当者', 'Contact person'),
  contactPhone: w('連絡先電話番号', 'Contact phone'),
  // the incident
  title: w('事故の名称', 'Title'),
  kind: w('種類', 'Kind'),
  occurredOn: w('発生日', 'Occurred on'),
  discoveredOn: w('発見日', 'Discovered on'),
  recordsAffected: w('漏えい件数', 'Records affected'),
  personsAffected: w('本人の数', 'Persons affected'),
  priorKnowledgeJustification: w('保険始期前の事故を知らなかった理由', 'Why it was not known before the policy'),
  status: w('状況', 'Status'),
  sensitiveData: w('要配慮個人情報を含む', 'Sensitive data'),
  financialHarm: w('財産的被害のおそれ', 'Risk of financial harm'),
  malicious: w('不正の目的による', 'Malicious'),
  insurerNotifiedOn: w('保険会社へ通知した日', 'Insurer notified on'),
  regulatorFirstReportOn: w('速報を提出した日', 'First report on'),
  regulatorFinalReportOn: w('確報を提出した日', 'Final report on'),
  // companies, members, brokers
  name: w('名称', 'Name'),
  role: w('権限', 'Role'),
  email: w('メールアドレス', 'Email'),
  broker: w('代理店', 'Broker'),
  grantedAt: w('許可日時', 'Granted at'),
  // files and documents
  costId: w('明細', 'Line'),
  documentKind: w('書類', 'Document'),
  sha256: w('ハッシュ値（SHA-256）', 'SHA-256'),
  size: w('サイズ', 'Size'),
  reason: w('理由', 'Reason'),
  // packages and the claim
  version: w('版', 'Version'),
  totalPayable: w('お支払い見込額', 'Total payable'),
  locale: w('言語', 'Language'),
  outstanding: w('提出前チェックで未了の項目', 'Outstanding at the pre-flight check'),
  confirmation: w('提出前チェックの確認', 'Pre-flight confirmation'),
  claimStatus: w('請求の状況', 'Claim status'),
  packageId: w('請求パッケージ', 'Claim package'),
  note: w('メモ', 'Note'),
  settledAmount: w('支払額', 'Amount paid'),
  settledOn: w('支払日', 'Paid on'),
  settledExpense: w('うち費用保険金', 'of which expenses'),
  settledRestoration: w('うち復旧費用', 'of which restoration'),
  settledLiability: w('うち賠償責任保険金', 'of which liability'),
  reviewDecision: w('査定', 'Decision'),
  comment: w('コメント', 'Comment'),
  // spreadsheet imports
  fileName: w('ファイル名', 'File name'),
  fileSha256: w('ファイルのハッシュ値（SHA-256）', 'File SHA-256'),
  format: w('形式', 'Format'),
  encoding: w('文字コード', 'Encoding'),
  rows: w('行数', 'Rows'),
  lines: w('取り込んだ明細', 'Lines imported'),
  skippedNoAmount: w('金額なしで除いた行', 'Rows left out (no amount)'),
  skippedDuplicates: w('重複の可能性で除いた行', 'Rows left out (likely duplicates)'),
  reimport: w('同じファイルの再取り込み', 'Same file imported again'),
  preset: w('判別したファイルの形式', 'Layout recognised'),
  header: w('見出し行', 'Header row'),
  leftOut: w('除外した行（理由別）', 'Rows left out, by reason'),
  errorRowsLeft: w('エラーで取り込まなかった行', 'Rows with errors not imported'),
};

/** Where a key means something else for one kind of record. */
export const AUDIT_ENTITY_FIELD_WORDS: Record<string, Record<string, Words>> = {
  attachment: { name: w('ファイル名', 'File name') },
  company: { name: w('会社名', 'Company name'), kind: w('種別', 'Type') },
  import: { amount: w('取込額', 'Amount imported') },
  claim: { amount: w('支払額', 'Amount paid') },
};

export function auditEntityText(entityType: string, locale: Locale): string {
  return AUDIT_ENTITY_WORDS[entityType]?.[locale] ?? entityType;
}

export function auditActionText(action: string, locale: Locale): string {
  return AUDIT_ACTION_WORDS[action]?.[locale] ?? action;
}

export function auditFieldText(entityType: string, key: string, locale: Locale): string {
  return (AUDIT_ENTITY_FIELD_WORDS[entityType]?.[key] ?? AUDIT_FIELD_WORDS[key])?.[locale] ?? key;
}

const MONEY_FIELDS = new Set([
  'amount',
  'unitAmount',
  'totalPayable',
  'liabilityLimit',
  'expenseLimit',
  'deductible',
  'condolencePerPersonCap',
  'annualRevenue',
  'itRevenue',
  'liabilityLimitPerClaim',
  'restorationSublimit',
  'priorExpensePaid',
  'priorLiabilityPaid',
  'settledAmount',
  'settledExpense',
  'settledRestoration',
  'settledLiability',
  'taxAmount',
  'withholdingTax',
  'amountDemanded',
]);
const DATE_FIELDS = new Set([
  'incurredOn',
  'invoicedOn',
  'agreedOn',
  'paidOn',
  'consentOn',
  'periodStart',
  'periodEnd',
  'occurredOn',
  'discoveredOn',
  'insurerNotifiedOn',
  'regulatorFirstReportOn',
  'regulatorFinalReportOn',
  'settledOn',
  'awareOn',
  'clientNotifiedOn',
  'personsNotifiedOn',
  'receivedOn',
]);
const TIMESTAMP_FIELDS = new Set(['approvedAt', 'grantedAt']);
/** Ids: the first characters are enough to tell one from another. */
const ID_FIELDS = new Set(['costId', 'packageId', 'approvedBy']);
const HASH_FIELDS = new Set(['sha256', 'fileSha256']);

/** Values that are one of a few words. */
const ENUM_WORDS: Record<string, Record<string, Words>> = {
  category: CATEGORY_LABELS,
  stage: STAGE_LABELS,
  source: SOURCE_LABELS,
  claimStatus: CLAIM_STATUS_LABELS,
  reviewDecision: REVIEW_DECISION_LABELS,
  documentKind: DOCUMENT_LABELS,
  role: { responder: w('対応担当', 'Responder'), finance: w('経理', 'Finance'), admin: w('管理者', 'Admin') },
  status: { open: w('対応中', 'Open'), claim_submitted: w('請求済', 'Claim submitted'), settled: w('支払済（解決）', 'Settled'), closed: w('終了', 'Closed') },
  defenceCosts: { within_limit: w('限度額内（損害賠償金と合算）', 'Within the limit'), pro_rata: w('比例払（限度額の外枠）', 'Pro rata, on top of the limit') },
  locale: { ja: w('日本語', 'Japanese'), en: w('英語', 'English') },
  taxCategory: TAX_CATEGORY_LABELS,
  taxTreatment: { inclusive: w('税込で計算', 'Gross (tax included)'), exclusive: w('税抜で計算', 'Net of tax') },
  taxStatus: TAX_STATUS_LABELS,
  bankAccountType: BANK_ACCOUNT_TYPE_LABELS,
  dataRole: DATA_ROLE_LABELS,
  preset: PRESET_LABELS,
  format: { csv: w('CSV', 'CSV'), xlsx: w('Excel（.xlsx）', 'Excel (.xlsx)') },
  encoding: {
    'utf-8': w('UTF-8', 'UTF-8'),
    'utf-8-bom': w('UTF-8（BOM付き）', 'UTF-8 with BOM'),
    shift_jis: w('Shift_JIS', 'Shift_JIS'),
    'utf-16le': w('UTF-16', 'UTF-16'),
  },
  confirmation: {
    nothing_outstanding: w('未了の項目なし', 'Nothing outstanding'),
    acknowledged: w('未了の項目を確認のうえ実行', 'Outstanding items acknowledged'),
    not_acknowledged: w('確認なし（APIからの実行）', 'Not acknowledged (API call)'),
  },
};
const ENTITY_ENUM_WORDS: Record<string, Record<string, Record<string, Words>>> = {
  incident: { kind: INCIDENT_KIND_LABELS },
  company: { kind: { policyholder: w('保険契約者（IT事業者）', 'Policyholder'), broker: w('保険代理店', 'Broker') } },
};

const YES_NO = { true: w('はい', 'Yes'), false: w('いいえ', 'No') };

function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** An import's header choice ({ row: 0-based or null, depth }) as the file's own row numbers. */
function headerText(value: { row?: unknown; depth?: unknown }, locale: Locale): string {
  if (typeof value.row !== 'number') return locale === 'ja' ? '見出しなし（列の位置で読む）' : 'None (columns by position)';
  const first = value.row + 1;
  if (value.depth === 2) return locale === 'ja' ? `${first}〜${first + 1} 行目（2行）` : `Rows ${first}–${first + 1}`;
  return locale === 'ja' ? `${first} 行目` : `Row ${first}`;
}

/** An import's rows left out, by reason: 「合計・小計の行 1、金額なし 2」. */
function leftOutText(value: Record<string, unknown>, locale: Locale): string {
  const parts = Object.entries(value).map(
    ([reason, count]) => `${LEFT_OUT_LABELS[reason as LeftOutReason]?.[locale] ?? reason} ${Number(count).toLocaleString('en-US')}`,
  );
  if (parts.length === 0) return locale === 'ja' ? 'なし' : 'None';
  return parts.join(locale === 'ja' ? '、' : ', ');
}

/** One value of an entry as a person reads it. */
export function auditValueText(entityType: string, key: string, value: unknown, locale: Locale): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return YES_NO[`${value}`][locale];
  if (key === 'outstanding' && Array.isArray(value)) {
    if (value.length === 0) return locale === 'ja' ? 'なし' : 'None';
    return value.map((item) => PREFLIGHT_KEY_LABELS[item as PreflightKey]?.[locale] ?? String(item)).join(locale === 'ja' ? '、' : ', ');
  }
  if (key === 'header' && typeof value === 'object') return headerText(value, locale);
  if (key === 'leftOut' && typeof value === 'object' && !Array.isArray(value)) return leftOutText(value as Record<string, unknown>, locale);
  const words = ENTITY_ENUM_WORDS[entityType]?.[key] ?? ENUM_WORDS[key];
  if (words && typeof value === 'string') return words[value]?.[locale] ?? value;
  if (typeof value === 'number') {
    if (MONEY_FIELDS.has(key)) return formatYen(value);
    if (key === 'size') return bytes(value);
    if (key === 'restorationRatioPercent') return `${value}%`;
    if (key === 'responseWindowDays') return locale === 'ja' ? `${value.toLocaleString('en-US')}日` : `${value.toLocaleString('en-US')} days`;
    if (key === 'version') return locale === 'ja' ? `第${value}版` : `v${value}`;
    return value.toLocaleString('en-US');
  }
  // Anything else that is not text is shown as JSON, never as "[object Object]".
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (DATE_FIELDS.has(key) && /^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text, locale);
  if (TIMESTAMP_FIELDS.has(key) && !Number.isNaN(Date.parse(text))) return formatTimestamp(text, locale);
  if (ID_FIELDS.has(key)) return text.slice(0, 8);
  if (HASH_FIELDS.has(key)) return `${text.slice(0, 12)}…`;
  return text;
}
