// The value → category table (issue 17): a file's own words (勘定科目 支払手数料, 品目 コールセンター, 経費区分
// タクシー代, a bank statement's 摘要) each mapped once to a policy category or to "leave out". Suggestions
// come from the words themselves; the user confirms them, and the table is remembered for the next file.
import { COST_CATEGORIES, type CostCategory } from './categories.ts';
import { NOT_EXPENSE_ACCOUNTS, TRANSFER_WORDS } from './import-filters.ts';
import { parseCategoryCell, wordKey } from './import-values.ts';

export const LEAVE_OUT = 'leave_out' as const;
export const VALUE_TARGETS = [...COST_CATEGORIES, LEAVE_OUT] as const;
export type ValueTarget = (typeof VALUE_TARGETS)[number];

/** `exact`: the cell is the value; `contains`: the cell has the value in it (a keyword in a bank 摘要). */
export const VALUE_MATCHES = ['exact', 'contains'] as const;
export type ValueMatch = (typeof VALUE_MATCHES)[number];

export interface CategoryValueEntry {
  value: string;
  match: ValueMatch;
  target: ValueTarget;
}

/**
 * The table as one lookup: exact values first, then keywords (the longest keyword first, so 郵送料 wins over
 * 郵送). Each distinct cell is looked up once; undefined when no entry applies.
 */
export function compileCategoryValues(entries: readonly CategoryValueEntry[]): (cell: string) => ValueTarget | undefined {
  const exact = new Map<string, ValueTarget>();
  const keywords: { key: string; target: ValueTarget }[] = [];
  for (const entry of entries) {
    const key = wordKey(entry.value);
    if (key === '') continue;
    if (entry.match === 'exact') {
      if (!exact.has(key)) exact.set(key, entry.target);
    } else keywords.push({ key, target: entry.target });
  }
  keywords.sort((a, b) => b.key.length - a.key.length);
  const cache = new Map<string, ValueTarget | null>();
  return (cell) => {
    const cached = cache.get(cell);
    if (cached !== undefined) return cached ?? undefined;
    const key = wordKey(cell);
    let target: ValueTarget | null = exact.get(key) ?? null;
    if (target === null && key !== '') target = keywords.find((k) => key.includes(k.key))?.target ?? null;
    if (cache.size < 100_000) cache.set(cell, target);
    return target ?? undefined;
  };
}

/**
 * Words that suggest a category, checked in order (the first that the value contains). Only words that
 * mean one thing: 支払手数料 and 業務委託費 can be a bank fee or a call centre's invoice, so they get no
 * suggestion and the user chooses.
 */
const KEYWORDS: readonly [string, ValueTarget][] = [
  ...TRANSFER_WORDS.map((word): [string, ValueTarget] => [word, LEAVE_OUT]),
  ['郵送', 'communications'],
  ['郵便', 'communications'],
  ['切手', 'communications'],
  ['はがき', 'communications'],
  ['発送', 'communications'],
  ['送料', 'communications'],
  ['荷造運賃', 'communications'],
  ['コールセンター', 'communications'],
  ['電話', 'communications'],
  ['通信', 'communications'],
  ['お詫び状', 'communications'],
  ['タクシー', 'overtime_travel'],
  ['旅費', 'overtime_travel'],
  ['交通費', 'overtime_travel'],
  ['宿泊', 'overtime_travel'],
  ['出張', 'overtime_travel'],
  ['残業', 'overtime_travel'],
  ['時間外', 'overtime_travel'],
  ['新幹線', 'overtime_travel'],
  ['ホテル', 'overtime_travel'],
  ['フォレンジック', 'investigation'],
  ['調査', 'investigation'],
  ['コンサル', 'consulting'],
  ['弁護士', 'litigation'],
  ['法律事務所', 'litigation'],
  ['訴訟', 'litigation'],
  ['社告', 'public_notice'],
  ['記者会見', 'public_notice'],
  ['会見', 'public_notice'],
  ['新聞広告', 'public_notice'],
  ['広告宣伝', 'public_notice'],
  ['見舞', 'condolence'],
  ['お詫び品', 'condolence'],
  ['クオカード', 'condolence'],
  ['quoカード', 'condolence'],
  ['商品券', 'condolence'],
  ['ギフト', 'condolence'],
  ['復旧', 'restoration'],
  ['賠償', 'damages'],
  ['示談', 'damages'],
];

const NOT_EXPENSE_KEYS = new Set(NOT_EXPENSE_ACCOUNTS.map((account) => wordKey(account)));
const KEYWORD_KEYS = KEYWORDS.map(([word, target]) => [wordKey(word), target] as const);

/**
 * What a value most likely means, or null when the user must choose: a policy category's own name, an
 * account that is not an expense (leave out), or a word above.
 */
export function suggestTarget(value: string): ValueTarget | null {
  const named = parseCategoryCell(value);
  if (named.ok && named.value !== null) return named.value;
  const key = wordKey(value);
  if (key === '') return null;
  if (NOT_EXPENSE_KEYS.has(key)) return LEAVE_OUT;
  for (const [word, target] of KEYWORD_KEYS) if (key.includes(word)) return target;
  return null;
}

export const isCostCategory = (target: ValueTarget): target is CostCategory => target !== LEAVE_OUT;
