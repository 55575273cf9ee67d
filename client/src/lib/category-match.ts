// Finding a cost category from what a responder types: a digit shortcut (1–9, 0), part of its Japanese name
// (見舞, 調査), the reading in kana while the IME is still composing (みまい), romaji (mimai, chousa, tsushin)
// or English (cond). The category field's list shows what matches, best first; nothing is chosen unseen.
import { CATEGORY_LABELS, COST_CATEGORIES, type CostCategory } from '../../../shared/categories.ts';

/** The digit beside each category, in the policy's order: 1 社告 … 9 争訟, 0 対象外. */
export const CATEGORY_SHORTCUTS = Object.fromEntries(COST_CATEGORIES.map((category, index) => [category, String((index + 1) % 10)])) as Record<
  CostCategory,
  string
>;

/**
 * Words a responder may type for a category beyond its name: the name's parts and the words of the trade
 * (残業 for overtime, 弁護士 for litigation), each in kanji or katakana, kana and romaji.
 */
const WORDS: Record<CostCategory, { ja: string[]; kana: string[]; romaji: string[] }> = {
  public_notice: {
    ja: ['社告', '会見', '広告', '謝罪', 'お詫び', '告知'],
    kana: ['しゃこく', 'きしゃかいけん', 'かいけん', 'こうこく', 'しゃざい', 'おわび'],
    romaji: ['shakoku', 'kishakaiken', 'kaiken', 'koukoku', 'shazai', 'owabi'],
  },
  investigation: {
    ja: ['事故原因', '原因', '調査', 'フォレンジック'],
    kana: ['じこげんいん', 'げんいん', 'ちょうさ', 'ふぉれんじっく'],
    romaji: ['jikogenin', 'genin', 'chousa', 'forensic'],
  },
  consulting: { ja: ['コンサル'], kana: ['こんさる'], romaji: ['konsaru'] },
  overtime_travel: {
    ja: ['使用人', '超過勤務', '残業', '手当', '交通費', '宿泊', '出張'],
    kana: ['しようにん', 'ちょうかきんむ', 'ざんぎょう', 'てあて', 'こうつうひ', 'しゅくはく', 'しゅっちょう'],
    romaji: ['shiyounin', 'choukakinmu', 'zangyou', 'teate', 'koutsuuhi', 'shukuhaku', 'shucchou'],
  },
  communications: {
    ja: ['通信', '電話', '郵送', 'コールセンター'],
    kana: ['つうしん', 'でんわ', 'ゆうそう', 'こーるせんたー'],
    romaji: ['tsuushin', 'denwa', 'yuusou', 'koorusentaa', 'callcenter'],
  },
  condolence: {
    ja: ['見舞', 'お見舞', '商品券'],
    kana: ['みまい', 'おみまい', 'しょうひんけん'],
    romaji: ['mimai', 'omimai', 'shouhinken'],
  },
  restoration: {
    ja: ['情報システム', 'システム', '復旧'],
    kana: ['じょうほうしすてむ', 'しすてむ', 'ふっきゅう'],
    romaji: ['jouhoushisutemu', 'shisutemu', 'fukkyuu'],
  },
  damages: {
    ja: ['損害賠償', '賠償', '損害'],
    kana: ['そんがいばいしょう', 'ばいしょう', 'そんがい'],
    romaji: ['songaibaishou', 'baishou', 'songai'],
  },
  litigation: {
    ja: ['争訟', '訴訟', '弁護士', '裁判'],
    kana: ['そうしょう', 'そしょう', 'べんごし', 'さいばん'],
    romaji: ['soushou', 'soshou', 'bengoshi', 'saiban'],
  },
  uncovered: { ja: ['対象外'], kana: ['たいしょうがい'], romaji: ['taishougai'] },
};

/** Katakana as hiragana, so コンサル typed in katakana meets the kana readings too. */
function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

/**
 * Romaji spelled one way, whichever system was typed: Hepburn or kunrei (shi/si, chou/tyou, tsu/tu,
 * fu/hu, ji/zi) and long vowels written or not (chousa, chosa; tsuushin, tsushin; bengoshi).
 */
export function foldRomaji(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/tsu/g, 'tu')
    .replace(/shi/g, 'si')
    .replace(/chi/g, 'ti')
    .replace(/sh/g, 'sy')
    .replace(/ch/g, 'ty')
    .replace(/ji/g, 'zi')
    .replace(/j/g, 'zy')
    .replace(/fu/g, 'hu')
    .replace(/(ou|oo|oh)/g, 'o')
    .replace(/uu/g, 'u');
}

const folded = Object.fromEntries(COST_CATEGORIES.map((c) => [c, WORDS[c].romaji.map(foldRomaji)])) as Record<CostCategory, string[]>;

/** 0: the digit; 1: a name or word starts with the text; 2: a name contains it; null: no match. */
function rank(category: CostCategory, query: string): number | null {
  if (/^[0-9]$/.test(query)) return CATEGORY_SHORTCUTS[category] === query ? 0 : null;
  const { ja: jaName, en: enName } = CATEGORY_LABELS[category];
  const words = WORDS[category];
  const kana = toHiragana(query);
  const lower = query.toLowerCase();
  if (jaName.startsWith(query) || words.ja.some((w) => w.startsWith(query)) || words.kana.some((w) => w.startsWith(kana))) return 1;
  if (/^[a-z ]+$/i.test(query)) {
    // Romaji: as typed (so a half-typed "ts" or "ch" finds tsuushin, chousa), or folded (chosa, tyousa).
    const fold = foldRomaji(query);
    if (words.romaji.some((w) => w.startsWith(lower)) || (fold !== '' && folded[category].some((w) => w.startsWith(fold)))) return 1;
    if (
      enName
        .toLowerCase()
        .split(/[^a-z]+/)
        .some((word) => word.startsWith(lower.trim()))
    )
      return 1;
  }
  if (jaName.includes(query) || enName.toLowerCase().includes(lower)) return 2;
  return null;
}

/**
 * The categories that match what was typed, best first and otherwise in the policy's order; all of them
 * for an empty text. Full-width letters and digits (as an IME may give them) count as half-width.
 */
export function matchCategories(typed: string): CostCategory[] {
  const query = typed.normalize('NFKC').trim();
  if (query === '') return [...COST_CATEGORIES];
  const ranked: [CostCategory, number][] = [];
  for (const category of COST_CATEGORIES) {
    const r = rank(category, query);
    if (r !== null) ranked.push([category, r]);
  }
  return ranked.sort((a, b) => a[1] - b[1]).map(([category]) => category);
}
