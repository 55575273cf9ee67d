// The layouts finance teams bring most (issue 17), recognised from a file's first rows and turned into
// suggestions the user confirms: the header row, the columns, the rows to leave out and how journal rows
// continue. Where each layout comes from: docs/decisions/026-importing-real-finance-files.md.
import type { CostStage } from './categories.ts';
import { INCOME_WORDS, NOT_APPROVED_WORDS, NOT_EXPENSE_ACCOUNTS, REJECTED_WORDS, TRANSFER_WORDS, type FilterRule } from './import-filters.ts';
import { columnsFor, HEAD_ROWS, isBlankCells, suggestHeader, type ImportHeaderChoice } from './import-layout.ts';
import { normaliseHeader, parseSourceCell, parseStageCell, parseYesNoCell, suggestMapping, type ImportMapping } from './import-values.ts';

export const IMPORT_PRESETS = ['freee_deals', 'mf_journal', 'yayoi_journal', 'bank_statement', 'card_statement', 'expense_claims', 'hand_kept'] as const;
export type ImportPreset = (typeof IMPORT_PRESETS)[number];

export const PRESET_LABELS: Record<ImportPreset, { ja: string; en: string }> = {
  freee_deals: { ja: 'freee 取引', en: 'freee deals' },
  mf_journal: { ja: 'マネーフォワード 仕訳帳', en: 'Money Forward journal' },
  yayoi_journal: { ja: '弥生会計 仕訳日記帳（見出しなし）', en: 'Yayoi journal (no header)' },
  bank_statement: { ja: '銀行の入出金明細', en: 'Bank statement' },
  card_statement: { ja: 'カードのご利用明細', en: 'Card statement' },
  expense_claims: { ja: '経費精算システムの明細', en: 'Expense claims export' },
  hand_kept: { ja: '手作りの一覧（タイトル行・合計行あり）', en: 'Hand-kept list (titles, totals)' },
};

/**
 * 弥生会計's import/export layout (弥生インポート形式): 25 columns, no header, Shift_JIS. The first column's
 * flag says whether a row is a whole entry (2000, 2111) or the first, a middle or the last row of one
 * (2110, 2100, 2101).
 */
export const YAYOI_COLUMNS = [
  '識別フラグ',
  '伝票No',
  '決算',
  '取引日付',
  '借方勘定科目',
  '借方補助科目',
  '借方部門',
  '借方税区分',
  '借方金額',
  '借方税金額',
  '貸方勘定科目',
  '貸方補助科目',
  '貸方部門',
  '貸方税区分',
  '貸方金額',
  '貸方税金額',
  '摘要',
  '番号',
  '期日',
  'タイプ',
  '生成元',
  '仕訳メモ',
  '付箋1',
  '付箋2',
  '調整',
] as const;
const YAYOI_FLAGS = new Set(['2000', '2110', '2100', '2101', '2111']);

export interface ImportFilters {
  totals: boolean;
  zeroAmount: boolean;
  rules: FilterRule[];
}

/** What the import suggests for a file: every part shown to the user, who confirms or changes it. */
export interface ImportSuggestion {
  preset: ImportPreset | null;
  header: ImportHeaderChoice;
  /** Names for the columns of a file with no header, from its preset's documented layout. */
  positional: string[] | null;
  columns: string[];
  mapping: ImportMapping;
  filters: ImportFilters;
  /** Rows with no date continue the entry above them (a journal's 明細 rows): they take its date and vendor. */
  continuation: boolean;
  /** What the lines are when the file has no stage column: statements and claims are paid. */
  stage: CostStage;
}

const has = (columns: readonly string[], ...names: string[]) => names.some((name) => columns.some((c) => normaliseHeader(c) === normaliseHeader(name)));
const indexOf = (columns: readonly string[], ...names: string[]) => {
  for (const name of names) {
    const i = columns.findIndex((c) => normaliseHeader(c) === normaliseHeader(name));
    if (i !== -1) return i;
  }
  for (const name of names) {
    const i = columns.findIndex((c) => normaliseHeader(c).startsWith(normaliseHeader(name)));
    if (i !== -1) return i;
  }
  return -1;
};

function isYayoi(rows: readonly (readonly string[])[]): boolean {
  const sample = rows.filter((cells) => !isBlankCells(cells)).slice(0, 10);
  if (sample.length === 0) return false;
  const flagged = sample.filter((cells) => cells.length >= 17 && YAYOI_FLAGS.has((cells[0] ?? '').trim())).length;
  return flagged / sample.length >= 0.6;
}

function detectPreset(columns: readonly string[], header: ImportHeaderChoice): ImportPreset | null {
  if (has(columns, '収支区分') && has(columns, '発生日') && has(columns, '勘定科目')) return 'freee_deals';
  if (has(columns, '取引No') && has(columns, '借方勘定科目') && (has(columns, '借方金額(円)') || has(columns, '借方金額'))) return 'mf_journal';
  if (has(columns, '申請者', '申請者名', '従業員名', '従業員') && has(columns, '状態', 'ステータス', '承認状況')) return 'expense_claims';
  const deposit = indexOf(columns, '預かり金額', 'お預り金額', 'お預入れ', 'お預入れ金額', '入金金額', '入金額', 'お預り');
  if (deposit !== -1 && has(columns, '差引残高', '残高', '現在高')) return 'bank_statement';
  if (has(columns, 'ご利用日', '利用日') && has(columns, 'ご利用店名', '利用店名', 'ご利用先', 'ご利用店名及び商品名')) return 'card_statement';
  if ((header.row !== null && header.row > 0) || header.depth === 2) return 'hand_kept';
  return null;
}

/** Drops suggestions a column's own values contradict: a 状態 of 承認/差戻し is not a stage. */
function refineMapping(mapping: ImportMapping, rows: readonly (readonly string[])[], start: number): ImportMapping {
  const refined = { ...mapping };
  const checks = { stage: parseStageCell, source: parseSourceCell, incurredAbroad: parseYesNoCell } as const;
  for (const [field, parse] of Object.entries(checks) as [keyof typeof checks, (text: string) => { ok: boolean }][]) {
    const column = refined[field];
    if (column === undefined) continue;
    const sample = rows
      .slice(start, start + 20)
      .map((cells) => cells[column] ?? '')
      .filter((cell) => cell.trim() !== '');
    if (sample.some((cell) => !parse(cell).ok)) delete refined[field];
  }
  return refined;
}

const rule = (column: number, op: FilterRule['op'], values: readonly string[], reason: FilterRule['reason']): FilterRule[] =>
  column === -1 ? [] : [{ column, op, values: [...values], reason }];

/**
 * The suggestion for a file from its first rows (HEAD_ROWS): its preset if one is recognised, the header,
 * the columns and what to leave out. The server and the browser compute the same from the same rows.
 */
export function suggestImport(rows: readonly (readonly string[])[]): ImportSuggestion {
  const head = rows.slice(0, HEAD_ROWS);
  if (isYayoi(head)) {
    const header: ImportHeaderChoice = { row: null, depth: 1 };
    const positional = [...YAYOI_COLUMNS];
    return {
      preset: 'yayoi_journal',
      header,
      positional,
      columns: columnsFor(head, header, positional),
      // The debit side only: 取引日付, 借方勘定科目 (the category, through the value table), 借方税区分, 借方金額 (税込), 借方税金額, 摘要.
      mapping: { incurredOn: 3, category: 4, taxCategory: 7, amount: 8, taxAmount: 9, description: 16 },
      filters: { totals: true, zeroAmount: true, rules: [...rule(4, 'blank', [], 'credit_side'), ...rule(4, 'equals', NOT_EXPENSE_ACCOUNTS, 'not_expense')] },
      continuation: true,
      stage: 'invoiced',
    };
  }
  const header = suggestHeader(head);
  const columns = columnsFor(head, header);
  const preset = detectPreset(columns, header);
  const start = header.row === null ? 0 : header.row + header.depth;
  let mapping = refineMapping(suggestMapping(columns), head, start);
  const filters: ImportFilters = { totals: true, zeroAmount: true, rules: [] };
  let continuation = false;
  let stage: CostStage = 'invoiced';

  switch (preset) {
    case 'freee_deals':
      // A deal's further 明細 rows leave 収支区分, 発生日 and 取引先 empty: they continue the row above.
      filters.rules.push(...rule(indexOf(columns, '収支区分'), 'equals', INCOME_WORDS, 'income'));
      continuation = true;
      break;
    case 'mf_journal': {
      const debit = indexOf(columns, '借方勘定科目');
      filters.rules.push(...rule(debit, 'blank', [], 'credit_side'), ...rule(debit, 'equals', NOT_EXPENSE_ACCOUNTS, 'not_expense'));
      break;
    }
    case 'bank_statement': {
      const deposit = indexOf(columns, '預かり金額', 'お預り金額', 'お預入れ', 'お預入れ金額', '入金金額', '入金額', 'お預り');
      filters.rules.push(...rule(deposit, 'filled', [], 'deposit'));
      // The payee is in 摘要内容 (三菱UFJ) or in 摘要 itself: that column's values choose the category.
      const text = mapping.vendor ?? mapping.description;
      if (text !== undefined) mapping = { ...mapping, category: text };
      if (mapping.description !== undefined) filters.rules.push(...rule(mapping.description, 'contains', TRANSFER_WORDS, 'transfer'));
      if (mapping.vendor !== undefined && mapping.vendor !== mapping.description)
        filters.rules.push(...rule(mapping.vendor, 'contains', TRANSFER_WORDS, 'transfer'));
      stage = 'paid';
      break;
    }
    case 'card_statement':
      if (mapping.category === undefined && mapping.vendor !== undefined) mapping = { ...mapping, category: mapping.vendor };
      stage = 'paid';
      break;
    case 'expense_claims': {
      const status = indexOf(columns, '状態', 'ステータス', '承認状況');
      filters.rules.push(...rule(status, 'equals', REJECTED_WORDS, 'rejected'), ...rule(status, 'equals', NOT_APPROVED_WORDS, 'not_approved'));
      if (mapping.stage === status) delete mapping.stage;
      stage = 'paid';
      break;
    }
    default:
      break;
  }
  return { preset, header, positional: null, columns, mapping, filters, continuation, stage };
}
