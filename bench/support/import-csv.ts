// A realistic Japanese cost spreadsheet for the import benchmark: what a finance team exports from its
// books as "CSV UTF-8" in Excel (BOM, CRLF), columns 日付,区分,金額,支払先,摘要, e.g.
//   2026/07/03,通信費,"12,345",コールセンターA社,架電対応
// Amounts carry thousands separators (so most are quoted), a few 摘要 hold a comma or a quote, and the
// categories are written the way books write them (通信費, 残業代, 調査費用…), not as the app's keys.
// Alongside the bytes it answers the same rows already parsed, for the baseline's raw INSERT.
import type { CostCategory } from '../../shared/categories.ts';
import { at } from '../../test/support/at.ts';

export const IMPORT_HEADER = ['日付', '区分', '金額', '支払先', '摘要'] as const;
/** The stage the whole file is imported at (a month of invoices): the file has no stage column. */
export const IMPORT_STAGE = 'invoiced' as const;

export interface ParsedRow {
  incurredOn: string;
  category: CostCategory;
  amount: number;
  vendor: string;
  description: string;
}

/** The words in the 区分 column, how often they occur, and the category each means. */
const CATEGORY_WORDS: [word: string, category: CostCategory, weight: number][] = [
  ['通信費', 'communications', 30],
  ['残業代', 'overtime_travel', 12],
  ['交通費', 'overtime_travel', 10],
  ['宿泊費', 'overtime_travel', 5],
  ['調査費用', 'investigation', 10],
  ['コンサル費用', 'consulting', 5],
  ['社告費用', 'public_notice', 6],
  ['お詫び品', 'condolence', 10],
  ['復旧費用', 'restoration', 6],
  ['弁護士費用', 'litigation', 6],
];

const VENDORS: Record<CostCategory, string[]> = {
  communications: ['コールセンターA社', 'コールセンターB社', 'NTTコミュニケーションズ株式会社', '日本郵便株式会社', '株式会社ＤＭ発送センター'],
  overtime_travel: ['社員立替', '東日本旅客鉄道株式会社', '株式会社東横イン', '日本交通株式会社', 'ANA'],
  investigation: ['株式会社フォレンジックジャパン', 'サイバーディフェンス研究所', 'ログ解析サービス㈱'],
  consulting: ['危機管理コンサルティング株式会社', 'PR総研'],
  public_notice: ['株式会社日本経済新聞社', 'ホテルニューオータニ', '株式会社共同ピーアール'],
  condolence: ['株式会社クオカード', 'ギフトモール', '株式会社ＪＴＢ'],
  restoration: ['株式会社システム復旧', 'クラウドインテグレーター㈱'],
  litigation: ['西村あさひ法律事務所', '長島・大野・常松法律事務所', '森・濱田松本法律事務所'],
  damages: ['被害者代表'],
  uncovered: ['その他'],
};

const DESCRIPTIONS: Record<CostCategory, string[]> = {
  communications: ['架電対応', '受電対応（専用窓口）', 'お詫び状 郵送', 'お詫び状, 封入・発送', 'SMS一斉送信', '専用ダイヤル 回線費'],
  overtime_travel: ['休日出勤 手当', '深夜対応 手当', '新幹線 東京⇔大阪', 'タクシー代', '宿泊 1泊', '出張 交通費'],
  investigation: ['フォレンジック調査', 'ログ解析', '侵入経路の調査', '"至急"追加解析'],
  consulting: ['危機管理助言', '再発防止策の策定支援'],
  public_notice: ['新聞社告 掲載料', '記者会見 会場費', 'お知らせ文 作成'],
  condolence: ['クオカード 500円分', 'お詫び品 発送', 'ギフト券 1,000円分'],
  restoration: ['サーバ再構築', 'データ復元作業'],
  litigation: ['着手金', '法律相談 タイムチャージ'],
  damages: ['損害賠償'],
  uncovered: ['その他'],
};

/** Deterministic, so every run (and both sides of one run) import the same file. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One CSV cell as Excel writes it: quoted only when it holds a comma, quote or line break. */
const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const pad = (n: number) => String(n).padStart(2, '0');

export function generateImportCsv(lines: number, seed = 20260703): { bytes: Buffer; rows: ParsedRow[]; words: string[]; amount: number } {
  const random = mulberry32(seed);
  const totalWeight = CATEGORY_WORDS.reduce((s, [, , w]) => s + w, 0);
  const pick = <T>(list: T[]) => at(list, Math.floor(random() * list.length));
  const rows = new Array<ParsedRow>(lines);
  const words = new Array<string>(lines);
  const out: string[] = [IMPORT_HEADER.join(',')];
  let amount = 0;
  for (let i = 0; i < lines; i++) {
    let roll = random() * totalWeight;
    let entry = at(CATEGORY_WORDS, 0);
    for (const candidate of CATEGORY_WORDS) {
      roll -= candidate[2];
      if (roll < 0) {
        entry = candidate;
        break;
      }
    }
    const [word, category] = entry;
    // July to September 2026, in date order as books are (a few days per row block).
    const dayOfQuarter = Math.floor((i / lines) * 92);
    const month = dayOfQuarter < 31 ? 7 : dayOfQuarter < 62 ? 8 : 9;
    const day = dayOfQuarter < 31 ? dayOfQuarter + 1 : dayOfQuarter < 62 ? dayOfQuarter - 30 : dayOfQuarter - 61;
    // Mostly small amounts (calls, fares), a long tail of large invoices.
    const yen = random() < 0.9 ? 300 + Math.floor(random() * 50_000) : 50_000 + Math.floor(random() * 3_000_000);
    const vendor = pick(VENDORS[category]);
    const description = pick(DESCRIPTIONS[category]);
    rows[i] = { incurredOn: `2026-${pad(month)}-${pad(day)}`, category, amount: yen, vendor, description };
    words[i] = word;
    amount += yen;
    out.push(`2026/${pad(month)}/${pad(day)},${word},${cell(yen.toLocaleString('en-US'))},${cell(vendor)},${cell(description)}`);
  }
  const text = `\ufeff${out.join('\r\n')}\r\n`;
  return { bytes: Buffer.from(text, 'utf8'), rows, words, amount };
}
