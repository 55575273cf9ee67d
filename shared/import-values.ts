// Reads one spreadsheet cell at a time into a ledger value, for importing cost lines from CSV and XLSX.
// Pure: no Node APIs, so the browser can preview an import with exactly the rules the server applies.
// Every failure carries a code plus Japanese and English wording, so the UI shows either language.

import {
  CATEGORY_LABELS,
  COST_CATEGORIES,
  COST_SOURCES,
  COST_STAGES,
  SOURCE_LABELS,
  STAGE_LABELS,
  type CostCategory,
  type CostSource,
  type CostStage,
} from './categories.ts';
import { isCalendarDate } from './dates.ts';
import { parseYen } from './money.ts';
import type { TaxCategory } from './tax.ts';

// ---- results and messages ----

const MESSAGES = {
  amount_not_number: { ja: '金額を数値として読めません', en: 'amount is not a number' },
  amount_negative: {
    ja: '負の金額は取り込めません（訂正は該当行を編集してください）',
    en: 'amount must not be negative (correct the original line instead)',
  },
  amount_fraction: { ja: '1円未満の端数は取り込めません', en: 'amount must be whole yen' },
  amount_too_large: { ja: '金額が大きすぎます', en: 'amount is too large' },
  date_unrecognised: { ja: '日付として読めません（例: 2026/6/1、令和8年6月1日）', en: 'not a date (e.g. 2026-06-01)' },
  date_impossible: { ja: '存在しない日付です', en: 'no such calendar date' },
  date_outside_era: { ja: 'その元号の期間外の日付です', en: 'date is outside the given Japanese era' },
  category_unknown: { ja: '費目を判別できません', en: 'unknown category' },
  stage_unknown: { ja: '段階を判別できません（見積・請求・支払済）', en: 'unknown stage (estimate, invoiced, paid)' },
  source_unknown: { ja: '負担者を判別できません（自社負担・第三者からの求償）', en: 'unknown source (insured, third party)' },
  count_not_number: { ja: '数量を数値として読めません', en: 'quantity is not a number' },
  count_not_positive: { ja: '数量は1以上にしてください', en: 'quantity must be at least 1' },
  count_fraction: { ja: '数量は整数にしてください', en: 'quantity must be a whole number' },
  count_too_large: { ja: '数量が大きすぎます', en: 'quantity is too large' },
  yes_no_unknown: { ja: 'はい・いいえとして読めません', en: 'not a yes or no' },
  tax_category_unknown: {
    ja: '税区分を判別できません（課税仕入 10%、軽減8%、非課税、不課税、対象外など）',
    en: 'unknown tax category (e.g. 課税仕入 10%, 軽減8%, 非課税, 不課税, 対象外)',
  },
} as const satisfies Record<string, { ja: string; en: string }>;

export type ImportValueErrorCode = keyof typeof MESSAGES;
export interface ImportValueError {
  code: ImportValueErrorCode;
  ja: string;
  en: string;
}
export type CellResult<T> = { ok: true; value: T } | { ok: false; error: ImportValueError };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = (code: ImportValueErrorCode): { ok: false; error: ImportValueError } => ({
  ok: false,
  error: { code, ...MESSAGES[code] },
});

/**
 * NFKC turns full-width digits, letters, punctuation, ￥ and the ideographic space into their plain forms
 * (and ㋿ into 令和), so each parser below only deals with one spelling of each character.
 */
function clean(text: string): string {
  // Printable ASCII is its own NFKC form: most cells of a large file skip the normalisation (half its cost).
  return (PRINTABLE_ASCII.test(text) ? text : text.normalize('NFKC')).trim();
}
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The form words are compared in: plain width, lower case, one space between words. */
export function wordKey(text: string): string {
  return clean(text).toLowerCase().replace(/\s+/g, ' ');
}

// ---- amounts ----

/** What accountants write in an amount column to mean "nothing here" (after NFKC, so － is already -). */
const NO_AMOUNT = new Set(['', '-', '−', '‐', '–', '—', '―', 'ー']);

/** Longer than any amount anyone writes; keeps pasted paragraphs away from BigInt. */
const MAX_AMOUNT_TEXT = 40;

/**
 * An amount in whole yen, or null for a blank or dash. Reads `1,234,567`, `¥1,234`, `1234円`, full-width
 * digits and the `123万` forms the cost form accepts (the same `parseYen`, so both agree). Negative
 * figures, in any of the ways Japanese books mark them (-, △, ▲, brackets), are refused rather than
 * imported: a ledger line is a cost, and a correction is an edit of the line it corrects.
 */
export function parseYenCell(text: string): CellResult<number | null> {
  // Windows writes ¥ as byte 0x5C in Shift_JIS, which decodes to a backslash: a leading one is the yen sign.
  const value = clean(text).replace(/^\\/, '¥');
  if (NO_AMOUNT.has(value)) return ok(null);
  if (value.length > MAX_AMOUNT_TEXT) return fail('amount_not_number');
  const unsigned = value.replace(/^¥\s*/, '');
  if (/^[-−△▲]/.test(unsigned) || /^\(.*\)$/.test(unsigned)) return fail('amount_negative');
  // parseYen drops all spaces; a space between digits is more likely two numbers than one.
  if (/[\d,]\s+\d/.test(value)) return fail('amount_not_number');
  const parsed = parseYen(value);
  if (parsed.ok) return ok(parsed.value);
  switch (parsed.error) {
    case 'negative':
      return fail('amount_negative');
    case 'fraction':
      return fail('amount_fraction');
    case 'too_large':
      return fail('amount_too_large');
    default:
      return fail('amount_not_number');
  }
}

/**
 * An amount that may be negative: a refund or a correction, written `-3,000`, `△3,000`, `▲3,000`,
 * `(3,000)` or `¥-3,000`. The import decides what a negative row is (listed, or netted against its
 * charge); the figure itself is read exactly as parseYenCell reads a positive one.
 */
export function parseSignedYenCell(text: string): CellResult<number | null> {
  const value = clean(text).replace(/^\\/, '¥');
  const unsigned = value.replace(/^¥\s*/, '');
  const bracketed = /^\((.*)\)$/.exec(unsigned);
  const marked = /^[-−△▲]\s*(.*)$/.exec(unsigned);
  const digits = bracketed?.[1] ?? marked?.[1];
  if (digits === undefined || NO_AMOUNT.has(value)) return parseYenCell(text);
  const parsed = parseYenCell(digits);
  if (!parsed.ok || parsed.value === null) return parsed.ok ? fail('amount_not_number') : parsed;
  return ok(parsed.value === 0 ? 0 : -parsed.value);
}

// ---- tax categories ----

/**
 * A tax category as accounting packages write it: freee (`課税仕入10%`, `課対仕入10%`, `課対仕入8%（軽）`,
 * `非課仕入`, `対象外`), マネーフォワード (`課税仕入 10%`, `課税仕入 (軽)8%`, `非課税仕入`, `対象外`),
 * 弥生 (`課対仕入内10%`, `課対仕入内軽減8%適格`, `非課仕入`, `対象外`), and the plain words (`課税`, `軽減8%`,
 * `非課税`, `不課税`). 対象外 is what the packages call a purchase outside consumption tax; 不課税 the same
 * idea in other words: both are read as this app's own words say (対象外 → out_of_scope, 不課税 → non_taxable).
 */
export function parseTaxCategoryCell(text: string): CellResult<TaxCategory | null> {
  const value = clean(text).replace(/\s+/g, '').toLowerCase();
  if (value === '') return ok(null);
  if (/非課/.test(value)) return ok('exempt');
  if (/不課税/.test(value)) return ok('non_taxable');
  if (/対象外|免税/.test(value)) return ok('out_of_scope');
  if (/軽|8%|8\b/.test(value)) return ok('taxable_8');
  if (/10/.test(value) || /^(課税|課対|課仕|課税仕入|課対仕入|課税仕入れ|taxable)/.test(value)) return ok('taxable_10');
  return fail('tax_category_unknown');
}

// ---- dates ----

/**
 * The two eras a cost can fall in. A year of an era counts from its first year (元年 = 1), and a date
 * outside the era's days (平成32年, 令和元年4月1日) is refused: it is a typo, not a date to guess at.
 */
const ERAS: Record<string, { firstYear: number; start: string; end: string | null }> = {
  令和: { firstYear: 2019, start: '2019-05-01', end: null },
  平成: { firstYear: 1989, start: '1989-01-08', end: '2019-04-30' },
};
const ERA_LETTERS: Record<string, string> = { r: '令和', h: '平成' };

const WESTERN_DATE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const WESTERN_KANJI_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/;
// `R.08/06/03` and `R08/06/03` are how 弥生会計 writes era dates (its import format's own examples).
const ERA_DATE = /^(令和|平成|r|h)\.?(元|\d{1,2})(?:年(\d{1,2})月(\d{1,2})日?|([-/.])(\d{1,2})\5(\d{1,2}))$/;
/** `20260603`: eight digits, as 弥生's import format and some bank statements write a date. */
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
/** A weekday after the date, as web statements write it: `2026/06/03(水)`, `2026年6月3日（水）`. */
const TRAILING_WEEKDAY = /\((?:月|火|水|木|金|土|日|祝)\)$/;
/** Excel writes date-time cells to CSV as `2026/6/1 0:00`; the time of a cost does not matter. */
const TRAILING_TIME = /\s+\d{1,2}:\d{2}(?::\d{2})?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function calendarDate(year: number, month: number, day: number): CellResult<string | null> {
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return isCalendarDate(date) ? ok(date) : fail('date_impossible');
}

/**
 * A date as `YYYY-MM-DD`, or null for a blank cell. Reads `2026/6/1`, `2026-06-01`, `2026.6.1`,
 * `2026年6月1日`, era dates (`令和8年6月1日`, `令和元年5月1日`, `R8.6.1`, `平成31年4月30日`) and all of
 * these in full-width digits. Two-digit years are refused: `26/6/1` could be several dates.
 */
export function parseDateCell(text: string): CellResult<string | null> {
  const value = clean(text).replace(TRAILING_TIME, '').replace(/\s+/g, '').replace(TRAILING_WEEKDAY, '').toLowerCase();
  if (value === '') return ok(null);

  const compact = COMPACT_DATE.exec(value);
  if (compact) return calendarDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));

  const western = WESTERN_DATE.exec(value) ?? WESTERN_KANJI_DATE.exec(value);
  if (western) {
    const [year, month, day] = western[0].includes('年') ? [western[1], western[2], western[3]] : [western[1], western[3], western[4]];
    return calendarDate(Number(year), Number(month), Number(day));
  }

  const era = ERA_DATE.exec(value);
  if (era) {
    const eraName = era[1] ?? '';
    const info = ERAS[ERA_LETTERS[eraName] ?? eraName];
    // ERA_DATE only matches the eras ERAS knows: a miss means the two lists drifted apart.
    if (info === undefined) throw new Error(`era ${eraName} matched but has no dates`);
    const eraYear = era[2] === '元' ? 1 : Number(era[2]);
    if (eraYear < 1) return fail('date_outside_era');
    const month = Number(era[3] ?? era[6]);
    const day = Number(era[4] ?? era[7]);
    const result = calendarDate(info.firstYear + eraYear - 1, month, day);
    if (!result.ok || result.value === null) return result;
    if (result.value < info.start || (info.end !== null && result.value > info.end)) return fail('date_outside_era');
    return result;
  }
  return fail('date_unrecognised');
}

// ---- categories, stages, sources ----

/** Builds a lookup from each word to its value; the keys, labels and aliases all go through `wordKey`. */
function lookup<T extends string>(keys: readonly T[], labels: Record<T, { ja: string; en: string }>, aliases: Record<T, readonly string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const key of keys) {
    for (const word of [key, key.replace(/_/g, ' '), labels[key].ja, labels[key].en, ...aliases[key]]) {
      map.set(wordKey(word), key);
    }
  }
  return map;
}

/**
 * Short names finance teams use in their own books for each category of the policy. Only names that can
 * mean one category are here: a wrong guess would put a cost under the wrong limit, while an unknown name
 * is merely flagged for the user to fix.
 */
const CATEGORY_ALIASES: Record<CostCategory, readonly string[]> = {
  public_notice: ['社告', '会見', '記者会見', '社告・会見', '社告費用', '会見費用', '社告・会見費用'],
  investigation: ['調査費用', '調査費', '原因調査', '事故原因調査', '原因調査費用', 'フォレンジック', 'フォレンジック調査'],
  consulting: ['コンサルティング', 'コンサル', 'コンサル費用'],
  overtime_travel: ['超過勤務', '超過勤務手当', '残業代', '残業手当', '交通費', '宿泊費', '旅費', '旅費交通費'],
  communications: ['通信費用', '通信'],
  condolence: ['見舞金', '見舞品', 'お見舞金', 'お見舞い', '見舞品購入費用', 'お詫び品', 'お詫び金'],
  restoration: ['復旧', '復旧費用', 'システム復旧', 'データ復旧'],
  damages: ['損害賠償', '賠償金', '損害賠償金'],
  litigation: ['争訟', '訴訟', '訴訟費用', '弁護士費用'],
  uncovered: ['補償対象外', '保険対象外'],
};

const STAGE_ALIASES: Record<CostStage, readonly string[]> = {
  estimate: ['見積り', '見積もり', '見積中', 'estimated'],
  invoiced: ['請求済', '請求済み', '請求書受領'],
  paid: ['支払', '支払い', '支払済み', '支払い済', '支払い済み'],
  demanded: ['請求受領', '被請求', '請求を受けた', '係争中'],
  agreed: ['示談成立', '判決確定', '示談済', '和解', '和解成立', 'settled'],
};

const SOURCE_ALIASES: Record<CostSource, readonly string[]> = {
  insured: ['自社', '当社', '自社費用'],
  third_party: ['第三者', '求償', '第三者請求', 'third party'],
};

const CATEGORY_WORDS = lookup(COST_CATEGORIES, CATEGORY_LABELS, CATEGORY_ALIASES);
const STAGE_WORDS = lookup(COST_STAGES, STAGE_LABELS, STAGE_ALIASES);
const SOURCE_WORDS = lookup(COST_SOURCES, SOURCE_LABELS, SOURCE_ALIASES);

function parseWord<T>(words: Map<string, T>, text: string, unknown: ImportValueErrorCode): CellResult<T | null> {
  const key = wordKey(text);
  if (key === '') return ok(null);
  const value = words.get(key);
  return value === undefined ? fail(unknown) : ok(value);
}

/** A category by its key, Japanese or English label (any case), or a common short name; null when blank. */
export function parseCategoryCell(text: string): CellResult<CostCategory | null> {
  return parseWord(CATEGORY_WORDS, text, 'category_unknown');
}

/** A stage by its key, label, or the usual 見積り / 請求済 / 支払い済み spellings; null when blank. */
export function parseStageCell(text: string): CellResult<CostStage | null> {
  return parseWord(STAGE_WORDS, text, 'stage_unknown');
}

/** Who bears the cost (自社負担 or 第三者からの求償); null when blank, which the importer reads as the default. */
export function parseSourceCell(text: string): CellResult<CostSource | null> {
  return parseWord(SOURCE_WORDS, text, 'source_unknown');
}

// ---- counts and yes/no ----

/** The same ceiling the cost schema puts on a quantity. */
const MAX_COUNT = 1_000_000_000;

/** A positive whole number of persons (or items), or null when blank. `1,200人`, `３名`, `5件` are fine. */
export function parseCountCell(text: string): CellResult<number | null> {
  const value = clean(text);
  if (value === '') return ok(null);
  const number = value.replace(/\s*[人名件]$/, '');
  if (/^[-−△▲]\s*\d/.test(number)) return fail('count_not_positive');
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(number);
  if (!match) return fail('count_not_number');
  if (match[2] !== undefined && /[1-9]/.test(match[2])) return fail('count_fraction');
  const digits = (match[1] ?? '').replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 10 || Number(digits) > MAX_COUNT) return fail('count_too_large');
  const count = Number(digits);
  return count < 1 ? fail('count_not_positive') : ok(count);
}

const YES = new Set(['はい', '有', '有り', 'あり', '○', '◯', '〇', 'yes', 'y', 'true', '1', '該当']);
const NO = new Set(['いいえ', '無', '無し', 'なし', '×', '✕', 'no', 'n', 'false', '0', '非該当']);

/** はい/いいえ, 有/無, あり/なし, ○/×, yes/no, true/false, 1/0; null when blank. */
export function parseYesNoCell(text: string): CellResult<boolean | null> {
  const key = wordKey(text);
  if (key === '') return ok(null);
  if (YES.has(key)) return ok(true);
  if (NO.has(key)) return ok(false);
  return fail('yes_no_unknown');
}

// ---- columns ----

/**
 * A header as a layout key: the same header typed in full width, with extra spaces or in another case
 * gives the same key, so a remembered column layout is found again for next month's file.
 */
export function normaliseHeader(text: string): string {
  return wordKey(text);
}

export const IMPORT_FIELD_KEYS = [
  'incurredOn',
  'amount',
  'category',
  'stage',
  'vendor',
  'description',
  'quantity',
  'unitAmount',
  'claimant',
  'source',
  'incurredAbroad',
  'taxCategory',
  'taxAmount',
  'netAmount',
  'invoiceNumber',
] as const;
export type ImportField = (typeof IMPORT_FIELD_KEYS)[number];

/**
 * `required`: the column must be mapped. `amount`: one way of giving the amount — map `amount`, or both
 * `quantity` and `unitAmount` (see `missingMappings`). Labels are the cost form's own words.
 */
export type ImportFieldRequirement = 'required' | 'amount' | 'optional';
export interface ImportFieldInfo {
  field: ImportField;
  ja: string;
  en: string;
  requirement: ImportFieldRequirement;
}

export const IMPORT_FIELDS: readonly ImportFieldInfo[] = [
  { field: 'incurredOn', ja: '日付', en: 'Date', requirement: 'required' },
  { field: 'amount', ja: '金額', en: 'Amount', requirement: 'amount' },
  { field: 'category', ja: '費目', en: 'Category', requirement: 'required' },
  { field: 'stage', ja: '段階', en: 'Stage', requirement: 'optional' },
  { field: 'vendor', ja: '支払先', en: 'Vendor', requirement: 'optional' },
  { field: 'description', ja: '内容', en: 'Description', requirement: 'optional' },
  { field: 'quantity', ja: '数量', en: 'Quantity', requirement: 'amount' },
  { field: 'unitAmount', ja: '単価', en: 'Unit amount', requirement: 'amount' },
  { field: 'claimant', ja: '求償元', en: 'Claimant', requirement: 'optional' },
  { field: 'source', ja: '負担者', en: 'Borne by', requirement: 'optional' },
  { field: 'incurredAbroad', ja: '日本国外で発生', en: 'Incurred outside Japan', requirement: 'optional' },
  { field: 'taxCategory', ja: '税区分', en: 'Tax category', requirement: 'optional' },
  { field: 'taxAmount', ja: '税額', en: 'Tax amount', requirement: 'amount' },
  { field: 'netAmount', ja: '税抜金額', en: 'Amount before tax', requirement: 'amount' },
  { field: 'invoiceNumber', ja: '登録番号', en: 'Invoice registration number', requirement: 'optional' },
];

export type ImportMapping = Partial<Record<ImportField, number>>;

/**
 * What a mapping still lacks before rows can be read: `incurredOn`, `category`, and `amount` standing for
 * "amount, or quantity with unit amount". Empty when the mapping is complete.
 */
export function missingMappings(mapping: ImportMapping): Array<'incurredOn' | 'category' | 'amount'> {
  const missing: Array<'incurredOn' | 'category' | 'amount'> = [];
  if (mapping.incurredOn === undefined) missing.push('incurredOn');
  if (mapping.category === undefined) missing.push('category');
  const hasProduct = mapping.quantity !== undefined && mapping.unitAmount !== undefined;
  // 税抜 + 税額 give the amount too: gross = net + tax (a file kept net of tax).
  const hasNetAndTax = mapping.netAmount !== undefined && mapping.taxAmount !== undefined;
  if (mapping.amount === undefined && !hasProduct && !hasNetAndTax) missing.push('amount');
  return missing;
}

/**
 * Header names seen in Japanese and English cost spreadsheets, most telling first. A header matches an
 * alias exactly, or once notes such as `(税込)` or `※` are removed, or (weakest) by containing it.
 */
const HEADER_ALIASES: Record<ImportField, readonly string[]> = {
  incurredOn: [
    '日付',
    '発生日',
    '取引日',
    '利用日',
    'ご利用日',
    '取引日付',
    '計上日',
    '年月日',
    'ご利用年月日',
    '利用年月日',
    '取引年月日',
    '支出日',
    '使用日',
    '支払日',
    '請求日',
    'date',
    'incurred on',
    'incurredon',
  ],
  amount: [
    '金額',
    'ご利用金額',
    '利用金額',
    '借方金額',
    '支払金額',
    '支払い金額',
    'お支払金額',
    'お引出し',
    'お引出金額',
    '引出金額',
    '出金金額',
    '出金額',
    '出金',
    '支払額',
    '費用',
    '請求額',
    '税込金額',
    '税込',
    '税込額',
    'お支払い金額',
    'amount',
    'cost',
    'total',
  ],
  category: ['費目', '勘定科目', '借方勘定科目', '経費科目', '経費区分', '品目', '区分', '費用区分', 'カテゴリ', 'カテゴリー', '分類', '費用項目', 'category'],
  stage: ['段階', '状態', 'ステータス', '進捗', 'stage', 'status'],
  vendor: [
    '支払先',
    '取引先',
    '借方取引先',
    'ご利用店名',
    '利用店名',
    'ご利用先',
    '利用先',
    '店名',
    '摘要内容',
    '支払先・内容',
    '業者',
    '業者名',
    '委託先',
    '発注先',
    '請求元',
    'vendor',
    'payee',
    'supplier',
    'merchant',
  ],
  description: ['摘要', 'お取引内容', '取引内容', '内容', '備考', '明細', '用途', '説明', 'description', 'details', 'memo', 'note', 'notes'],
  quantity: ['数量', '人数', '件数', '対象者数', 'quantity', 'qty', 'persons', 'count'],
  unitAmount: ['単価', '1人あたり', '1名あたり', '1名あたりの額', 'unit amount', 'unit price', 'unit cost', 'unit'],
  claimant: ['求償元', '請求者', '請求者名', '求償者', 'claimant'],
  source: ['負担者', '負担区分', '費用負担', 'source', 'borne by'],
  incurredAbroad: ['日本国外で発生', '海外', '国外', '海外発生', 'abroad', 'overseas', 'incurred abroad'],
  taxCategory: ['税区分', '借方税区分', '消費税区分', '課税区分', '税率区分', 'tax category', 'tax code'],
  taxAmount: ['税額', '消費税額', '借方税額', '借方税金額', '税金額', '消費税', 'うち消費税', 'tax', 'tax amount'],
  netAmount: ['税抜金額', '税抜', '税抜額', '本体金額', '本体価格', 'net amount', 'amount before tax'],
  invoiceNumber: [
    '登録番号',
    '適格請求書発行事業者登録番号',
    'インボイス番号',
    'インボイス登録番号',
    '事業者登録番号',
    'invoice number',
    'registration number',
  ],
};

/**
 * Headers a field must never take, whatever they contain: a tax category is not the cost's category
 * (税区分 「対象外」 is not the policy's 対象外), income/deposit and balance columns are not what was spent,
 * the credit side of a journal is not the cost, a card's 支払区分 (一括/分割) is not a category.
 */
const HEADER_EXCLUSIONS: Partial<Record<ImportField, RegExp>> = {
  amount: /税抜|税額|消費税|預|入金|残高|貸方|単価|数量|決済/,
  category: /税|収支|資金|入払|貸方|支払区分|決算|識別|補助/,
  vendor: /貸方|コード/,
  description: /貸方/,
  taxCategory: /貸方|計算/,
  taxAmount: /貸方|区分/,
  netAmount: /貸方/,
  incurredOn: /期日|決済|作成|更新/,
};

/** Spaces and underscores do not tell headers apart; notes in brackets and required-field marks are dropped. */
const compact = (text: string) => text.replace(/[\s_]+/g, '');
const stripNotes = (text: string) => text.replace(/[([【<〈].*?[)\]】>〉]/g, '').replace(/[※*:]/g, '');
/** English words padded with spaces, so `count` is found in `head count` but not in `account`. */
const words = (text: string) =>
  ` ${text
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(' ')} `;

interface AliasKey {
  compact: string;
  /** Set for English aliases, which may only match whole words. */
  words: string | null;
}
const ALIAS_KEYS = Object.fromEntries(
  IMPORT_FIELD_KEYS.map((field) => [
    field,
    HEADER_ALIASES[field].map((alias): AliasKey => {
      const key = normaliseHeader(alias);
      return { compact: compact(key), words: /^[a-z0-9 ]+$/.test(key) ? words(key) : null };
    }),
  ]),
) as Record<ImportField, AliasKey[]>;

/** How well a header matches an alias: 3 exactly, 2 without its notes, 1 by containing it, 0 not at all. */
function matchStrength(header: string, alias: AliasKey): number {
  if (compact(header) === alias.compact) return 3;
  const stripped = stripNotes(header);
  if (compact(stripped) === alias.compact) return 2;
  if (alias.words !== null) return words(stripped).includes(alias.words) ? 1 : 0;
  return compact(stripped).includes(alias.compact) ? 1 : 0;
}

/**
 * Guesses which column holds which field from the header row. Strong matches are taken first across all
 * fields, so `費用区分` goes to category before amount's weaker `費用` (contained in it) can claim it, and
 * `Unit amount` goes to unitAmount rather than amount. Each column is used at most once.
 */
export function suggestMapping(headers: string[]): ImportMapping {
  const normalised = headers.map(normaliseHeader);
  const candidates: Array<{ field: ImportField; column: number; strength: number; rank: number }> = [];
  for (const field of IMPORT_FIELD_KEYS) {
    ALIAS_KEYS[field].forEach((alias, rank) => {
      normalised.forEach((header, column) => {
        const strength = header === '' || HEADER_EXCLUSIONS[field]?.test(header) ? 0 : matchStrength(header, alias);
        if (strength > 0) candidates.push({ field, column, strength, rank });
      });
    });
  }
  candidates.sort((a, b) => b.strength - a.strength || a.rank - b.rank || a.column - b.column);

  const mapping: ImportMapping = {};
  const usedColumns = new Set<number>();
  for (const { field, column } of candidates) {
    if (mapping[field] !== undefined || usedColumns.has(column)) continue;
    mapping[field] = column;
    usedColumns.add(column);
  }
  return mapping;
}
