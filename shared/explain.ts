// The step-by-step explanation of a PayableResult, in words and figures, as the source document explains
// its worked examples. The dashboard, the API and the claim package all print these same lines; every
// exclusion and cap the computation applied has its line here (docs/rules.md).

import { categoryLabel, EXPENSE_CATEGORIES, type CostCategory, type Locale } from './categories.ts';
import { formatScreenDate } from './dates.ts';
import { formatYen as y } from './money.ts';
import type { PayableResult } from './payable.ts';

/** `>`, `=` or `<` between two figures, so each line reads as the comparison it makes. */
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

/** Facts the result does not hold but the explanation names. */
export interface ExplainContext {
  /** The last day of the response window, when the policy has one. */
  responseWindowEnd?: string | null;
}

interface Phrases {
  taxInclusive(tax: string): string;
  taxExclusive(tax: string): string;
  afterWindow(lines: number, amount: string, days: number, end: string): string;
  demanded(amount: string): string;
  condolenceCap(incurred: string, cap: string, counted: string): string;
  condolencePersons(cap: string, persons: string, limit: string, before: string, counted: string): string;
  condolencePersonsUnknown(): string;
  condolenceLumpSum(count: number): string;
  expenses(terms: string): string;
  expensePaid(incurred: string, cmp: string, limit: string, payable: string): string;
  expensePaidShared(aggregate: string, used: string, left: string, incurred: string, cmp: string, payable: string): string;
  limitPhrase(limit: string): string;
  limitShared(perClaim: string, left: string, applied: string): string;
  thirdPartyLitigation(amount: string): string;
  liability(damages: string, deductible: string, net: string, defence: string, sum: string, cmp: string, limit: string, payable: string): string;
  liabilityProRata(
    damages: string,
    deductible: string,
    net: string,
    cmp: string,
    limit: string,
    damagesPaid: string,
    defence: string,
    defencePart: string,
    payable: string,
  ): string;
  defenceInFull(defence: string): string;
  defenceProRata(defence: string, limit: string, damages: string, paid: string): string;
  restorationNoRider(incurred: string): string;
  restorationNoMainPayment(incurred: string): string;
  restoration(incurred: string, ratio: number, base: string, sublimit: string, expenseLeft: string, cap: string, cmp: string, paid: string): string;
  total(liability: string, costs: string, total: string): string;
  uncovered(amount: string): string;
}

const PHRASES: Record<Locale, Phrases> = {
  ja: {
    taxInclusive: (tax) => `消費税: 保険契約の扱いが税込のため、明細の消費税 ${tax} を含む金額で計算しています。`,
    taxExclusive: (tax) =>
      `消費税: 保険契約の扱いが税抜のため（仕入税額を控除できる課税事業者には消費税分が損害になりません）、明細の消費税 ${tax} を除いた金額で計算しています。`,
    afterWindow: (lines, amount, days, end) => `事故対応期間（発見日から${days}日、${end} まで）の後に発生した費用 ${lines} 件 ${amount} は支払の対象外です。`,
    demanded: (amount) => `示談・判決で確定していない損害賠償請求 ${amount} は見込額にだけ含めています。`,
    condolenceCap: (incurred, cap, counted) => `見舞金・見舞品購入費用: 発生額 ${incurred} に1名あたりの上限 ${cap} を適用 → ${counted}`,
    condolencePersons: (cap, persons, limit, before, counted) =>
      `見舞金・見舞品購入費用: 1名あたりの上限は本人ごとに全明細を通じて適用 — ${cap} × ${persons} 名 = ${limit}。${before} > ${limit} → ${counted}`,
    condolencePersonsUnknown: () => `注意: 本人の数（漏えい件数）が未入力のため、見舞金の1名あたりの上限は明細ごとにしか確認できません。`,
    condolenceLumpSum: (count) =>
      `注意: 見舞金 ${count} 件が総額で入力されているため、1名あたりの上限を確認できません（人数 × 1名あたりの額で入力してください）。`,
    expenses: (terms) => `費用の発生額: ${terms}`,
    expensePaid: (incurred, cmp, limit, payable) => `費用保険金: ${incurred} ${cmp} 費用総支払限度額 ${limit} → ${payable}`,
    expensePaidShared: (aggregate, used, left, incurred, cmp, payable) =>
      `費用保険金: 費用総支払限度額 ${aggregate} のうち同じ保険期間の先の事故・既払で ${used} 使用済み、残り ${left}。${incurred} ${cmp} ${left} → ${payable}`,
    limitPhrase: (limit) => `賠償責任支払限度額 ${limit}`,
    limitShared: (perClaim, left, applied) => `1請求あたりの限度額 ${perClaim} と保険期間の残り ${left} の低い方 ${applied}`,
    thirdPartyLitigation: (amount) => `（第三者の争訟費用 ${amount} は損害賠償金に含めます）`,
    liability: (damages, deductible, net, defence, sum, cmp, limit, payable) =>
      `賠償責任: 損害賠償金 ${damages} − 免責金額 ${deductible} = ${net}、争訟費用 ${defence} を加えて ${sum} ${cmp} ${limit} → ${payable}`,
    liabilityProRata: (damages, deductible, net, cmp, limit, damagesPaid, defence, defencePart, payable) =>
      `賠償責任: 損害賠償金 ${damages} − 免責金額 ${deductible} = ${net} ${cmp} ${limit} → ${damagesPaid}。争訟費用 ${defence}: ${defencePart}。合計 ${payable}`,
    defenceInFull: (defence) => `損害賠償金が限度額以内のため全額 ${defence}（限度額の外枠）`,
    defenceProRata: (defence, limit, damages, paid) => `損害賠償金が限度額を超えるため ${defence} × ${limit} ÷ ${damages} = ${paid}（限度額の外枠）`,
    restorationNoRider: (incurred) => `情報システム等復旧費用 ${incurred}: 情報システム等復旧費用補償特約がないため ¥0`,
    restorationNoMainPayment: (incurred) =>
      `情報システム等復旧費用 ${incurred}: 同じ事由で賠償責任保険金または費用保険金が支払われないため、特約からは支払われません → ¥0`,
    restoration: (incurred, ratio, base, sublimit, expenseLeft, cap, cmp, paid) =>
      `情報システム等復旧費用: ${incurred} × ${ratio}%（縮小支払割合）= ${base}。限度額は 特約の支払限度額の残り ${sublimit} と 費用総支払限度額の残り ${expenseLeft} の低い方 = ${cap}。${base} ${cmp} ${cap} → ${paid}`,
    total: (liability, costs, total) => `支払保険金の合計: ${liability} + ${costs} = ${total}`,
    uncovered: (amount) => `対象外の費用 ${amount} は支払の対象になりません。`,
  },
  en: {
    taxInclusive: (tax) => `Consumption tax: the policy counts amounts with tax, so the lines' ${tax} of tax is included`,
    taxExclusive: (tax) =>
      `Consumption tax: the policy counts amounts net of tax (a taxable business recovers its input tax, so the tax is no loss), so the lines' ${tax} of tax is left out`,
    afterWindow: (lines, amount, days, end) =>
      `${lines} cost line(s) of ${amount} incurred after the response window (${days} days from discovery, to ${end}) are not paid`,
    demanded: (amount) => `Damages demanded but not yet fixed by settlement or judgment (${amount}) count in the projection only`,
    condolenceCap: (incurred, cap, counted) => `Condolence payments: ${incurred} incurred, capped at ${cap} per person → ${counted}`,
    condolencePersons: (cap, persons, limit, before, counted) =>
      `Condolence payments: the per-person cap applies per person across every line — ${cap} × ${persons} persons = ${limit}. ${before} > ${limit} → ${counted}`,
    condolencePersonsUnknown: () => `Note: persons affected (or records) are not entered, so the per-person condolence cap is checked line by line only`,
    condolenceLumpSum: (count) =>
      `Note: ${count} condolence line(s) were entered as a lump sum, so the per-person cap cannot be checked (enter persons × amount per person)`,
    expenses: (terms) => `Expenses incurred: ${terms}`,
    expensePaid: (incurred, cmp, limit, payable) => `Expenses payable: ${incurred} ${cmp} expense limit ${limit} → ${payable}`,
    expensePaidShared: (aggregate, used, left, incurred, cmp, payable) =>
      `Expenses payable: of the expense limit ${aggregate}, ${used} is used by earlier incidents and claims of the period, ${left} is left. ${incurred} ${cmp} ${left} → ${payable}`,
    limitPhrase: (limit) => `liability limit ${limit}`,
    limitShared: (perClaim, left, applied) => `the lower of the per-claim limit ${perClaim} and the ${left} left in the period, ${applied}`,
    thirdPartyLitigation: (amount) => ` (a third party's litigation costs of ${amount} count as damages)`,
    liability: (damages, deductible, net, defence, sum, cmp, limit, payable) =>
      `Liability: damages ${damages} less the deductible ${deductible} = ${net}, plus defence costs ${defence} = ${sum} ${cmp} ${limit} → ${payable}`,
    liabilityProRata: (damages, deductible, net, cmp, limit, damagesPaid, defence, defencePart, payable) =>
      `Liability: damages ${damages} less the deductible ${deductible} = ${net} ${cmp} ${limit} → ${damagesPaid}. Defence costs ${defence}: ${defencePart}. Together ${payable}`,
    defenceInFull: (defence) => `damages are within the limit, so paid in full, ${defence}, on top of the limit`,
    defenceProRata: (defence, limit, damages, paid) => `damages exceed the limit, so ${defence} × ${limit} ÷ ${damages} = ${paid}, on top of the limit`,
    restorationNoRider: (incurred) => `System and data restoration ${incurred}: no restoration rider, so ¥0`,
    restorationNoMainPayment: (incurred) =>
      `System and data restoration ${incurred}: the rider pays only when a liability or expense payment is made for the same cause; none is, so ¥0`,
    restoration: (incurred, ratio, base, sublimit, expenseLeft, cap, cmp, paid) =>
      `System and data restoration: ${incurred} × ${ratio}% (reduced payment ratio) = ${base}. Cap: the lower of the rider's sub-limit left ${sublimit} and the expense limit left ${expenseLeft} = ${cap}. ${base} ${cmp} ${cap} → ${paid}`,
    total: (liability, costs, total) => `Total payable: ${liability} + ${costs} = ${total}`,
    uncovered: (amount) => `Costs not covered (${amount}) are never paid`,
  },
};

const CIRCLED = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨'];
const count = (n: number, locale: Locale) => n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-US');

/** Numbers the steps of the computation (notes stay unnumbered): ① ② … in Japanese, 1. 2. … in English. */
function numbered(step: string, index: number, locale: Locale): string {
  return locale === 'ja' ? `${CIRCLED[index]} ${step}` : `${index + 1}. ${step}`;
}

function notesOf(result: PayableResult, locale: Locale, context: ExplainContext): string[] {
  const p = PHRASES[locale];
  const { terms } = result;
  const notes: string[] = [];
  if (result.taxContained > 0) notes.push(terms.taxTreatment === 'exclusive' ? p.taxExclusive(y(result.taxContained)) : p.taxInclusive(y(result.taxContained)));
  if (result.excludedAfterWindow.lines > 0 && terms.responseWindowDays !== null) {
    const { lines, amount } = result.excludedAfterWindow;
    notes.push(
      p.afterWindow(lines, y(amount), terms.responseWindowDays, context.responseWindowEnd ? formatScreenDate(context.responseWindowEnd, locale) : '—'),
    );
  }
  if (result.basis === 'claimed' && result.demandedDamages > 0) notes.push(p.demanded(y(result.demandedDamages)));
  const cap = terms.condolencePerPersonCap;
  if (cap !== null && result.condolenceAfterLineCap < result.condolenceIncurred) {
    notes.push(p.condolenceCap(y(result.condolenceIncurred), y(cap), y(result.condolenceAfterLineCap)));
  }
  const personsLimit = result.condolencePersonsLimit;
  if (cap !== null && personsLimit !== null && personsLimit < result.condolenceAfterLineCap) {
    notes.push(p.condolencePersons(y(cap), count(personsLimit / cap, locale), y(personsLimit), y(result.condolenceAfterLineCap), y(personsLimit)));
  }
  if (result.condolencePersonsUnknown) notes.push(p.condolencePersonsUnknown());
  if (result.condolenceLumpSums > 0) notes.push(p.condolenceLumpSum(result.condolenceLumpSums));
  return notes;
}

function liabilityStep(result: PayableResult, locale: Locale): string {
  const p = PHRASES[locale];
  const { terms } = result;
  const shared = result.liabilityUsedElsewhere > 0 || terms.liabilityLimitPerClaim < terms.liabilityLimit;
  const limit = shared
    ? p.limitShared(y(terms.liabilityLimitPerClaim), y(Math.max(0, terms.liabilityLimit - result.liabilityUsedElsewhere)), y(result.liabilityLimitApplied))
    : p.limitPhrase(y(result.liabilityLimitApplied));
  const thirdParty = result.damagesIncurred - figureOf(result, 'damages').counted;
  const damages = y(result.damagesIncurred) + (thirdParty > 0 ? p.thirdPartyLitigation(y(thirdParty)) : '');
  if (terms.defenceCosts === 'within_limit') {
    const sum = result.damagesAfterDeductible + result.defenceIncurred;
    return p.liability(
      damages,
      y(terms.deductible),
      y(result.damagesAfterDeductible),
      y(result.defenceIncurred),
      y(sum),
      compare(sum, result.liabilityLimitApplied),
      limit,
      y(result.liabilityPayable),
    );
  }
  const defencePart =
    result.damagesIncurred <= result.liabilityLimitApplied
      ? p.defenceInFull(y(result.defencePaid))
      : p.defenceProRata(y(result.defenceIncurred), y(result.liabilityLimitApplied), y(result.damagesIncurred), y(result.defencePaid));
  return p.liabilityProRata(
    damages,
    y(terms.deductible),
    y(result.damagesAfterDeductible),
    compare(result.damagesAfterDeductible, result.liabilityLimitApplied),
    limit,
    y(result.damagesPaid),
    y(result.defenceIncurred),
    defencePart,
    y(result.liabilityPayable),
  );
}

function restorationStep(result: PayableResult, locale: Locale): string | null {
  const p = PHRASES[locale];
  const incurred = y(result.restorationIncurred);
  if (result.restorationIncurred === 0) return null;
  if (result.restorationBlocked === 'no_rider') return p.restorationNoRider(incurred);
  if (result.restorationBlocked === 'no_main_payment') return p.restorationNoMainPayment(incurred);
  const expenseLeft = Math.max(0, result.expenseAggregate - result.expenseUsedElsewhere) - result.expensePaid;
  return p.restoration(
    incurred,
    result.terms.restorationRatioPercent,
    y(result.restorationBase),
    y(result.restorationSublimitLeft),
    y(expenseLeft),
    y(result.restorationCap),
    compare(result.restorationBase, result.restorationCap),
    y(result.restorationPaid),
  );
}

export function explainPayable(result: PayableResult, locale: Locale, context: ExplainContext = {}): string[] {
  const p = PHRASES[locale];
  const computation: string[] = [p.expenses(expenseTerms(result, locale))];
  const left = Math.max(0, result.expenseAggregate - result.expenseUsedElsewhere);
  computation.push(
    result.expenseUsedElsewhere > 0
      ? p.expensePaidShared(
          y(result.expenseAggregate),
          y(result.expenseUsedElsewhere),
          y(left),
          y(result.expenseIncurred),
          compare(result.expenseIncurred, left),
          y(result.expensePaid),
        )
      : p.expensePaid(y(result.expenseIncurred), compare(result.expenseIncurred, left), y(result.expenseAggregate), y(result.expensePaid)),
  );
  computation.push(liabilityStep(result, locale));
  const restoration = restorationStep(result, locale);
  if (restoration) computation.push(restoration);
  computation.push(p.total(y(result.liabilityPayable), y(result.costsPayable), y(result.totalPayable)));
  const after = result.uncoveredIncurred > 0 ? [p.uncovered(y(result.uncoveredIncurred))] : [];
  return [...notesOf(result, locale, context), ...computation.map((step, i) => numbered(step, i, locale)), ...after];
}
