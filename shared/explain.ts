// The step-by-step explanation of a PayableResult, in words and figures, as the source document explains
// its worked examples. The dashboard, the API and the claim package all print these same lines.

import { categoryLabel, EXPENSE_CATEGORIES, type CostCategory, type Locale } from './categories.ts';
import { formatYen as y } from './money.ts';
import type { PayableResult } from './payable.ts';

/** `>`, `=` or `≤` between two figures, so each line reads as the comparison it makes. */
function compare(a: number, b: number): string {
  if (a > b) return '>';
  return a === b ? '=' : '<';
}

function figureOf(result: PayableResult, category: CostCategory) {
  return result.byCategory.find((c) => c.category === category)!;
}

function expenseTerms(result: PayableResult, locale: Locale): string {
  const parts = EXPENSE_CATEGORIES.map((c) => figureOf(result, c))
    .filter((f) => f.counted > 0)
    .map((f) => `${categoryLabel(f.category, locale)} ${y(f.counted)}`);
  return parts.length > 1 ? `${parts.join(' + ')} = ${y(result.expenseIncurred)}` : y(result.expenseIncurred);
}

interface Phrases {
  condolenceCap(incurred: string, cap: string, counted: string): string;
  condolenceLumpSum(count: number): string;
  expenses(terms: string): string;
  restorationNoRider(incurred: string): string;
  restoration(incurred: string, base: string, limit: string, cap: string, cmp: string, paid: string): string;
  costsPayable(sum: string, cmp: string, limit: string, payable: string): string;
  liability(damages: string, litigation: string, incurred: string, deductible: string, after: string, cmp: string, limit: string, payable: string): string;
  total(liability: string, costs: string, total: string): string;
  uncovered(amount: string): string;
}

const PHRASES: Record<Locale, Phrases> = {
  ja: {
    condolenceCap: (incurred, cap, counted) =>
      `見舞金・見舞品購入費用: 発生額 ${incurred} に1名あたりの上限 ${cap} を適用 → ${counted}`,
    condolenceLumpSum: (count) =>
      `注意: 見舞金 ${count} 件が総額で入力されているため、1名あたりの上限を確認できません(人数 × 1名あたりの額で入力してください)`,
    expenses: (terms) => `費用の発生額: ${terms}`,
    restorationNoRider: (incurred) =>
      `情報システム等復旧費用 ${incurred}: 情報システム等復旧費用補償特約がないため ¥0`,
    restoration: (incurred, base, limit, cap, cmp, paid) =>
      `情報システム等復旧費用: ${incurred} × 90%(縮小支払割合)= ${base}。限度額は 費用総支払限度額 ${limit} の10% と ¥5,000,000 の低い方 = ${cap}。${base} ${cmp} ${cap} → ${paid}`,
    costsPayable: (sum, cmp, limit, payable) =>
      `費用保険金: ${sum} ${cmp} 費用総支払限度額 ${limit} → ${payable}`,
    liability: (damages, litigation, incurred, deductible, after, cmp, limit, payable) =>
      `賠償責任: 損害賠償金 ${damages} + 争訟費用 ${litigation} = ${incurred}、免責金額 ${deductible} を差し引き ${after} ${cmp} 賠償責任支払限度額 ${limit} → ${payable}`,
    total: (liability, costs, total) => `支払保険金の合計: ${liability} + ${costs} = ${total}`,
    uncovered: (amount) => `対象外の費用 ${amount} は支払の対象になりません`,
  },
  en: {
    condolenceCap: (incurred, cap, counted) =>
      `Condolence payments: ${incurred} incurred, capped at ${cap} per person → ${counted}`,
    condolenceLumpSum: (count) =>
      `Note: ${count} condolence line(s) were entered as a lump sum, so the per-person cap cannot be checked (enter persons × amount per person)`,
    expenses: (terms) => `Expenses incurred: ${terms}`,
    restorationNoRider: (incurred) =>
      `System and data restoration ${incurred}: no restoration rider, so ¥0`,
    restoration: (incurred, base, limit, cap, cmp, paid) =>
      `System and data restoration: ${incurred} × 90% (reduced payment ratio) = ${base}. Cap: the lower of 10% of the expense limit ${limit} and ¥5,000,000 = ${cap}. ${base} ${cmp} ${cap} → ${paid}`,
    costsPayable: (sum, cmp, limit, payable) =>
      `Expenses payable: ${sum} ${cmp} expense limit ${limit} → ${payable}`,
    liability: (damages, litigation, incurred, deductible, after, cmp, limit, payable) =>
      `Liability: damages ${damages} + litigation ${litigation} = ${incurred}, less the deductible ${deductible} = ${after} ${cmp} liability limit ${limit} → ${payable}`,
    total: (liability, costs, total) => `Total payable: ${liability} + ${costs} = ${total}`,
    uncovered: (amount) => `Costs not covered (${amount}) are never paid`,
  },
};

const CIRCLED = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨'];

/** Numbers the steps of the computation (notes stay unnumbered): ① ② … in Japanese, 1. 2. … in English. */
function numbered(step: string, index: number, locale: Locale): string {
  return locale === 'ja' ? `${CIRCLED[index]} ${step}` : `${index + 1}. ${step}`;
}

export function explainPayable(result: PayableResult, locale: Locale): string[] {
  const p = PHRASES[locale];
  const { terms } = result;
  const notes: string[] = [];
  const computation: string[] = [];

  const condolence = figureOf(result, 'condolence');
  if (condolence.counted < condolence.incurred && terms.condolencePerPersonCap !== null) {
    notes.push(p.condolenceCap(y(condolence.incurred), y(terms.condolencePerPersonCap), y(condolence.counted)));
  }
  if (result.condolenceLumpSums > 0) notes.push(p.condolenceLumpSum(result.condolenceLumpSums));
  computation.push(p.expenses(expenseTerms(result, locale)));

  const costsBeforeLimit = result.expenseIncurred + result.restorationPaid;
  if (terms.restorationRider && result.restorationIncurred > 0) {
    computation.push(
      p.restoration(
        y(result.restorationIncurred),
        y(result.restorationBase),
        y(terms.expenseLimit),
        y(result.restorationCap),
        compare(result.restorationBase, result.restorationCap),
        y(result.restorationPaid),
      ),
    );
  } else if (result.restorationIncurred > 0) {
    computation.push(p.restorationNoRider(y(result.restorationIncurred)));
  }
  const sum = result.restorationPaid > 0
    ? `${y(result.expenseIncurred)} + ${y(result.restorationPaid)} = ${y(costsBeforeLimit)}`
    : y(costsBeforeLimit);
  computation.push(p.costsPayable(sum, compare(costsBeforeLimit, terms.expenseLimit), y(terms.expenseLimit), y(result.costsPayable)));

  computation.push(
    p.liability(
      y(figureOf(result, 'damages').counted),
      y(figureOf(result, 'litigation').counted),
      y(result.liabilityIncurred),
      y(terms.deductible),
      y(result.liabilityAfterDeductible),
      compare(result.liabilityAfterDeductible, terms.liabilityLimit),
      y(terms.liabilityLimit),
      y(result.liabilityPayable),
    ),
  );
  computation.push(p.total(y(result.liabilityPayable), y(result.costsPayable), y(result.totalPayable)));
  const after = result.uncoveredIncurred > 0 ? [p.uncovered(y(result.uncoveredIncurred))] : [];
  return [...notes, ...computation.map((step, i) => numbered(step, i, locale)), ...after];
}
