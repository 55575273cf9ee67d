// Which rows of a file are not costs (issue 17): income and deposits, the credit side of a journal and
// entries whose debit is not an expense, salary transfers, rejected claims, totals. Each rule is shown to
// the user with its reason and the rows it leaves out; nothing is left out without being listed.
import { wordKey } from './import-values.ts';

/** Why a rule leaves a row out; each reason has its words in both languages (LEFT_OUT_LABELS). */
export const FILTER_REASONS = ['income', 'deposit', 'credit_side', 'not_expense', 'transfer', 'rejected', 'not_approved', 'other'] as const;
export type FilterReason = (typeof FILTER_REASONS)[number];

/**
 * How a rule looks at its column: the cell is one of the values, contains one of them, holds an amount
 * other than 0 (a deposit column), or is empty (a journal row with nothing on the debit side).
 */
export const FILTER_OPS = ['equals', 'contains', 'filled', 'blank'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface FilterRule {
  column: number;
  op: FilterOp;
  values: string[];
  reason: FilterReason;
}

/** Every reason a row of the file is left out, with what the user reads. */
export const LEFT_OUT_LABELS = {
  no_amount: { ja: '金額なし', en: 'No amount' },
  zero_amount: { ja: '0円', en: 'Zero amount' },
  total: { ja: '合計・小計の行', en: 'Totals row' },
  above_header: { ja: '見出しより上の行', en: 'Above the header' },
  header: { ja: '見出し行', en: 'Header row' },
  value_left_out: { ja: '取り込まない値', en: 'Value set to leave out' },
  refund: { ja: '返金（マイナス）', en: 'Refund (negative)' },
  refund_netted: { ja: '返金を元の支払と相殺', en: 'Refund netted against its charge' },
  refund_unmatched: { ja: '相殺する支払が見つからない返金', en: 'Refund with no charge to net against' },
  netted_to_zero: { ja: '返金で0円になった支払', en: 'Charge refunded in full' },
  income: { ja: '収入', en: 'Income' },
  deposit: { ja: '入金・預入れ', en: 'Deposit' },
  credit_side: { ja: '貸方だけの行', en: 'Credit side only' },
  not_expense: { ja: '費用でない勘定科目（預金・未払金など）', en: 'Not an expense account (bank, payables…)' },
  transfer: { ja: '給与・振替', en: 'Salary or transfer' },
  rejected: { ja: '差戻し・却下', en: 'Rejected claim' },
  not_approved: { ja: '未承認', en: 'Not approved' },
  other: { ja: 'その他の除外条件', en: 'Other rule' },
} as const satisfies Record<string, { ja: string; en: string }>;
export type LeftOutReason = keyof typeof LEFT_OUT_LABELS;

/**
 * Accounts a debit can be booked to that are not a cost of the incident: money moving between the
 * company's own accounts, paying a payable already booked as a cost (counted twice otherwise), wages,
 * taxes held, loans. Names as the packages' default charts of accounts spell them.
 */
export const NOT_EXPENSE_ACCOUNTS = [
  '現金',
  '小口現金',
  '普通預金',
  '当座預金',
  '定期預金',
  '預金',
  '未払金',
  '未払費用',
  '買掛金',
  '預り金',
  '仮払金',
  '立替金',
  '前払金',
  '前払費用',
  '仮払消費税',
  '仮払消費税等',
  '仮受消費税',
  '仮受消費税等',
  '未払消費税',
  '未払法人税等',
  '借入金',
  '短期借入金',
  '長期借入金',
  '役員借入金',
  '売掛金',
  '未収入金',
  '売上高',
  '資本金',
  '給料手当',
  '給与手当',
  '役員報酬',
  '賞与',
  '法定福利費',
  '事業主貸',
  '事業主借',
  '諸口',
  '資金複合',
] as const;

/** Words in a bank statement's text that mark wages and salaries paid out. */
export const TRANSFER_WORDS = ['給与', '給料', '賞与', '役員報酬'] as const;
/** What 収支区分 says of income. */
export const INCOME_WORDS = ['収入'] as const;
/** Statuses of an expense claim that was sent back or refused. */
export const REJECTED_WORDS = ['差戻し', '差し戻し', '差戻', '却下', '否認', '取下げ', '取り下げ', '取消', '取消し'] as const;
/** Statuses of a claim not approved yet. */
export const NOT_APPROVED_WORDS = ['申請中', '承認待ち', '承認中', '下書き', '一時保存', '未申請', '未承認'] as const;

const isZeroOrBlank = (text: string) => /^[\s0０,，.¥￥\\\-−]*$/.test(text);

/**
 * The rules as one function: the index of the first rule a row meets, or -1. Values are compared as words
 * are everywhere in the import (full/half width, case and spaces do not matter).
 */
export function compileFilterRules(rules: readonly FilterRule[]): (cells: readonly string[]) => number {
  const compiled = rules.map((rule) => ({ ...rule, keys: rule.values.map(wordKey).filter((key) => key !== '') }));
  // Cells repeat (収支区分 holds two values in 100,000 rows): each distinct text is normalised once.
  const keyCache = new Map<string, string>();
  const keyOf = (text: string) => {
    let key = keyCache.get(text);
    if (key === undefined) {
      key = wordKey(text);
      if (keyCache.size < 50_000) keyCache.set(text, key);
    }
    return key;
  };
  return (cells) => {
    for (let i = 0; i < compiled.length; i++) {
      const rule = compiled[i]!; // i < compiled.length
      const cell = cells[rule.column] ?? '';
      switch (rule.op) {
        case 'blank':
          if (cell.trim() === '') return i;
          break;
        case 'filled':
          if (!isZeroOrBlank(cell)) return i;
          break;
        case 'equals': {
          if (cell === '') break;
          const key = keyOf(cell);
          if (rule.keys.includes(key)) return i;
          break;
        }
        case 'contains': {
          if (cell === '') break;
          const key = keyOf(cell);
          if (rule.keys.some((word) => key.includes(word))) return i;
          break;
        }
      }
    }
    return -1;
  };
}
