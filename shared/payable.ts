// What the policy pays (docs/rules.md, "What the policy pays"): pure functions of the policy's terms, one
// incident's cost lines and what earlier incidents of the same policy period already used of its limits.
// Every figure is integer yen; the only rounding is floorRatio's (down), and every sum is checked.

import { COST_CATEGORIES, countsOnBasis, isExpenseCategory, type CostCategory, type CostSource, type CostStage, type PayableBasis } from './categories.ts';
import { addYen, floorRatio, multiplyYen } from './money.ts';
import type { TaxTreatment } from './tax.ts';

/** 縮小支払割合: by default the rider pays 90% of restoration costs. */
export const DEFAULT_RESTORATION_RATIO_PERCENT = 90;
/** The rider's default sub-limit is the lower of 10% of the expense limit and ¥5,000,000. */
export const RESTORATION_LIMIT_RATIO = { numerator: 10, denominator: 100 } as const;
export const RESTORATION_ABSOLUTE_CAP = 5_000_000;

export const DEFENCE_COSTS_RULES = ['within_limit', 'pro_rata'] as const;
/**
 * 争訟費用: `within_limit` adds defence costs to damages inside the liability limit (as the source's example
 * 2 adds them up); `pro_rata` pays them on top of the limit, in full while damages stay within it and in the
 * ratio limit ÷ damages beyond (the standard liability wording).
 */
export type DefenceCostsRule = (typeof DEFENCE_COSTS_RULES)[number];

/** The policy's terms as stored: the fields added for the policy year are optional, with their defaults. */
export interface PolicyTerms {
  /** 賠償責任支払限度額: per claim and in aggregate for the period. */
  liabilityLimit: number;
  /** 費用総支払限度額: an aggregate for the period, shared by every incident discovered in it. */
  expenseLimit: number;
  /** 免責金額: per claim, taken from damages only. */
  deductible: number;
  restorationRider: boolean;
  condolencePerPersonCap: number | null;
  /** A separate per-claim liability limit; null or absent: the liability limit itself. */
  liabilityLimitPerClaim?: number | null;
  defenceCosts?: DefenceCostsRule;
  restorationRatioPercent?: number;
  /** null or absent: the default sub-limit (defaultRestorationSublimit). */
  restorationSublimit?: number | null;
  /** 事故対応期間 in days from discovery (the day of discovery is day 1); null or absent: none. */
  responseWindowDays?: number | null;
  /** Paid under this policy period outside the app (earlier claims), per limit. */
  priorExpensePaid?: number;
  priorLiabilityPaid?: number;
  /** `inclusive` (default): gross amounts count; `exclusive`: net of the consumption tax a taxable business recovers. */
  taxTreatment?: TaxTreatment;
}

export type ResolvedTerms = Required<{ [K in keyof PolicyTerms]: Exclude<PolicyTerms[K], undefined> }> & {
  liabilityLimitPerClaim: number;
  restorationSublimit: number;
};

export function defaultRestorationSublimit(expenseLimit: number): number {
  return Math.min(floorRatio(expenseLimit, RESTORATION_LIMIT_RATIO.numerator, RESTORATION_LIMIT_RATIO.denominator), RESTORATION_ABSOLUTE_CAP);
}

/** The terms with every default filled in: what the computation and its explanation read. */
export function resolveTerms(terms: PolicyTerms): ResolvedTerms {
  return {
    liabilityLimit: terms.liabilityLimit,
    expenseLimit: terms.expenseLimit,
    deductible: terms.deductible,
    restorationRider: terms.restorationRider,
    condolencePerPersonCap: terms.condolencePerPersonCap ?? null,
    liabilityLimitPerClaim: Math.min(terms.liabilityLimitPerClaim ?? terms.liabilityLimit, terms.liabilityLimit),
    defenceCosts: terms.defenceCosts ?? 'within_limit',
    restorationRatioPercent: terms.restorationRatioPercent ?? DEFAULT_RESTORATION_RATIO_PERCENT,
    restorationSublimit: Math.min(terms.restorationSublimit ?? defaultRestorationSublimit(terms.expenseLimit), terms.expenseLimit),
    responseWindowDays: terms.responseWindowDays ?? null,
    priorExpensePaid: terms.priorExpensePaid ?? 0,
    priorLiabilityPaid: terms.priorLiabilityPaid ?? 0,
    taxTreatment: terms.taxTreatment ?? 'inclusive',
  };
}

export interface CostLineFigures {
  category: CostCategory;
  stage: CostStage;
  amount: number;
  /** Persons (condolence), hours (overtime)…; null when the line was entered as one amount. */
  quantity: number | null;
  unitAmount: number | null;
  /** How many ledger lines this figure stands for when lines were summed beforehand (default 1). */
  lineCount?: number;
  /** A third party's litigation costs passed on to the insured are part of its damages (default insured). */
  source?: CostSource;
  /** Incurred after the response window (an expense or restoration cost is then not counted). */
  afterResponseWindow?: boolean;
  /** The consumption tax contained in `amount` (default 0): left out under the `exclusive` treatment. */
  taxAmount?: number;
}

/** What earlier incidents of the same policy period used of each limit (prior claims come from the terms). */
export interface LimitUse {
  /** Of the expense aggregate: their expense and restoration payments. */
  expense: number;
  /** Of the rider's sub-limit: their restoration payments. */
  restoration: number;
  /** Of the liability aggregate. */
  liability: number;
}

export const NO_USE: LimitUse = { expense: 0, restoration: 0, liability: 0 };

export interface PayableInput {
  terms: PolicyTerms;
  lines: readonly CostLineFigures[];
  /** `claimed` (default) counts invoiced/paid lines and agreed/paid damages; `projected` counts every stage. */
  basis?: PayableBasis;
  /** 本人の数, else the records affected: the per-person condolence cap applies to this many at most. */
  personsAffected?: number | null;
  usedByEarlierIncidents?: LimitUse;
}

export interface CategoryFigures {
  category: CostCategory;
  /** What was spent or claimed from the insured, as logged, in the stages the basis counts. */
  incurred: number;
  /** What the computation takes into account before the aggregate limits: without lines after the response
   * window, condolence after the per-person cap, restoration as the rider pays it, nothing uncovered. */
  counted: number;
}

/** Why the rider paid nothing although restoration costs were logged. */
export type RestorationBlock = 'no_rider' | 'no_main_payment' | null;

export interface PayableResult {
  basis: PayableBasis;
  terms: ResolvedTerms;

  // The expense side (費用), inside the period's expense aggregate
  /** Expense-category costs counted (condolence after its cap, none after the response window). */
  expenseIncurred: number;
  expenseAggregate: number;
  /** Used before this incident: prior claims recorded on the policy and earlier incidents. */
  expenseUsedElsewhere: number;
  expensePaid: number;
  excludedAfterWindow: { lines: number; amount: number };
  condolenceIncurred: number;
  /** Condolence after the per-line cap (quantity × min(unit, cap)), before the cap × persons. */
  condolenceAfterLineCap: number;
  /** cap × persons affected, when both are known. */
  condolencePersonsLimit: number | null;
  condolenceLumpSums: number;
  /** A per-person cap with neither persons nor records affected: only the per-line cap applied. */
  condolencePersonsUnknown: boolean;
  /** Damages lines still at a third party's demand: never claimed, projected only. */
  demandedDamages: number;
  /** The consumption tax contained in the lines counted (left out of every figure under `exclusive`). */
  taxContained: number;

  // The rider (情報システム等復旧費用), inside the expense aggregate and its own sub-limit
  restorationIncurred: number;
  restorationBase: number;
  restorationSublimitLeft: number;
  /** The most the rider could pay here: the sub-limit left and what the expense aggregate leaves. */
  restorationCap: number;
  restorationPaid: number;
  restorationBlocked: RestorationBlock;

  /** expensePaid + restorationPaid: what this incident uses of the expense aggregate. */
  costsPayable: number;
  expenseLeft: number;
  /** The expense aggregate left after this incident (the same as expenseLeft; kept for existing callers). */
  expenseHeadroom: number;

  // The liability side (賠償責任)
  /** Damages counted: damages lines once agreed or paid, and a third party's litigation costs. */
  damagesIncurred: number;
  /** The insured's own defence costs (争訟費用). */
  defenceIncurred: number;
  liabilityIncurred: number;
  damagesAfterDeductible: number;
  /** Damages after the deductible plus defence costs (as the liability line of the explanation adds them). */
  liabilityAfterDeductible: number;
  liabilityAggregate: number;
  liabilityUsedElsewhere: number;
  /** min(per-claim limit, what the aggregate leaves): the limit this claim meets. */
  liabilityLimitApplied: number;
  damagesPaid: number;
  defencePaid: number;
  liabilityPayable: number;
  /** What this incident uses of the liability aggregate (pro rata defence costs are paid on top of it). */
  liabilityUsed: number;
  liabilityLeft: number;
  liabilityHeadroom: number;

  totalPayable: number;
  uncoveredIncurred: number;
  byCategory: CategoryFigures[];
}

const sum = (values: readonly number[]) => values.reduce(addYen, 0);

/** A line with its amount in the policy's tax treatment; `gross` is the amount as logged (tax included). */
type TreatedLine = CostLineFigures & { gross: number };

function inTreatment(line: CostLineFigures, treatment: TaxTreatment): TreatedLine {
  const tax = treatment === 'exclusive' ? (line.taxAmount ?? 0) : 0;
  return { ...line, amount: line.amount - tax, gross: line.amount };
}

/**
 * What a condolence line counts for under a per-person cap: persons × min(amount per person, cap). Net of
 * tax, the capped figure keeps the line's proportion of net to gross (a per-person amount is a gross one).
 */
function condolenceAfterLineCap(line: TreatedLine, cap: number | null): number {
  if (cap === null || line.quantity === null || line.unitAmount === null) return line.amount;
  const capped = multiplyYen(line.quantity, Math.min(line.unitAmount, cap));
  return line.amount === line.gross ? capped : floorRatio(capped, line.amount, line.gross);
}

const isDefence = (line: CostLineFigures) => line.category === 'litigation' && (line.source ?? 'insured') === 'insured';
const isDamages = (line: CostLineFigures) => line.category === 'damages' || (line.category === 'litigation' && line.source === 'third_party');
const windowApplies = (category: CostCategory) => isExpenseCategory(category) || category === 'restoration';

/** One incident's payable, inside what the period's aggregates leave after earlier incidents and claims. */
export function computePayable(input: PayableInput): PayableResult {
  const terms = resolveTerms(input.terms);
  const basis = input.basis ?? 'claimed';
  const earlier = input.usedByEarlierIncidents ?? NO_USE;
  const lines = input.lines.filter((line) => countsOnBasis(line.category, line.stage, basis)).map((line) => inTreatment(line, terms.taxTreatment));

  const afterWindow = lines.filter((line) => line.afterResponseWindow && windowApplies(line.category));
  const inWindow = lines.filter((line) => !(line.afterResponseWindow && windowApplies(line.category)));
  const incurredOf = (category: CostCategory) => sum(lines.filter((l) => l.category === category).map((l) => l.amount));
  const inWindowOf = (category: CostCategory) => inWindow.filter((l) => l.category === category);

  // Condolence: the per-person cap on each line, then on the persons affected across every line.
  const cap = terms.condolencePerPersonCap;
  const condolenceLines = inWindowOf('condolence');
  const condolenceIncurred = sum(condolenceLines.map((l) => l.amount));
  const afterLineCap = sum(condolenceLines.map((l) => condolenceAfterLineCap(l, cap)));
  const persons = input.personsAffected ?? null;
  // cap × persons beyond exact integers is far above anything a ledger can hold: it cannot bind.
  const condolencePersonsLimit = cap !== null && persons !== null && Number.isSafeInteger(cap * persons) ? cap * persons : null;
  const condolenceCounted = condolencePersonsLimit === null ? afterLineCap : Math.min(afterLineCap, condolencePersonsLimit);
  const condolenceLumpSums = cap === null ? 0 : sum(condolenceLines.filter((l) => l.quantity === null).map((l) => l.lineCount ?? 1));

  const countedOf = (category: CostCategory) => (category === 'condolence' ? condolenceCounted : sum(inWindowOf(category).map((l) => l.amount)));
  const expenseIncurred = sum(COST_CATEGORIES.filter(isExpenseCategory).map(countedOf));

  // The expense aggregate, after prior claims and earlier incidents.
  const expenseUsedElsewhere = addYen(terms.priorExpensePaid, earlier.expense);
  const expenseLeftBefore = Math.max(0, terms.expenseLimit - expenseUsedElsewhere);
  const expensePaid = Math.min(expenseIncurred, expenseLeftBefore);

  // The liability side: the deductible comes off damages only; defence costs follow the policy's rule.
  const damagesIncurred = sum(inWindow.filter(isDamages).map((l) => l.amount));
  const defenceIncurred = sum(inWindow.filter(isDefence).map((l) => l.amount));
  const damagesAfterDeductible = Math.max(0, damagesIncurred - terms.deductible);
  const liabilityUsedElsewhere = addYen(terms.priorLiabilityPaid, earlier.liability);
  const liabilityLeftBefore = Math.max(0, terms.liabilityLimit - liabilityUsedElsewhere);
  const limit = Math.min(terms.liabilityLimitPerClaim, liabilityLeftBefore);
  let damagesPaid: number;
  let defencePaid: number;
  let liabilityUsed: number;
  if (terms.defenceCosts === 'within_limit') {
    const payable = Math.min(addYen(damagesAfterDeductible, defenceIncurred), limit);
    damagesPaid = Math.min(damagesAfterDeductible, payable);
    defencePaid = payable - damagesPaid;
    liabilityUsed = payable;
  } else {
    damagesPaid = Math.min(damagesAfterDeductible, limit);
    // 争訟費用 × 支払限度額 ÷ 法律上の損害賠償金の額: damages before the deductible.
    defencePaid = damagesIncurred <= limit ? defenceIncurred : floorRatio(defenceIncurred, limit, damagesIncurred);
    liabilityUsed = damagesPaid;
  }
  const liabilityPayable = addYen(damagesPaid, defencePaid);

  // The rider pays only when a liability or expense payment is made for the same cause, and inside both
  // its sub-limit and what the expense aggregate leaves.
  const restorationIncurred = sum(inWindowOf('restoration').map((l) => l.amount));
  const restorationBase = floorRatio(restorationIncurred, terms.restorationRatioPercent, 100);
  const restorationSublimitLeft = Math.max(0, terms.restorationSublimit - earlier.restoration);
  const restorationCap = Math.min(restorationSublimitLeft, expenseLeftBefore - expensePaid);
  const mainPaid = addYen(expensePaid, liabilityPayable);
  const restorationBlocked: RestorationBlock = !terms.restorationRider ? 'no_rider' : mainPaid === 0 ? 'no_main_payment' : null;
  const restorationPaid = restorationBlocked === null ? Math.min(restorationBase, restorationCap) : 0;

  const costsPayable = addYen(expensePaid, restorationPaid);
  const expenseLeft = expenseLeftBefore - costsPayable;
  const liabilityLeft = liabilityLeftBefore - liabilityUsed;

  return {
    basis,
    terms,
    expenseIncurred,
    expenseAggregate: terms.expenseLimit,
    expenseUsedElsewhere,
    expensePaid,
    excludedAfterWindow: { lines: sum(afterWindow.map((l) => l.lineCount ?? 1)), amount: sum(afterWindow.map((l) => l.amount)) },
    condolenceIncurred,
    condolenceAfterLineCap: afterLineCap,
    condolencePersonsLimit,
    condolenceLumpSums,
    condolencePersonsUnknown: cap !== null && persons === null && condolenceLines.length > 0,
    demandedDamages: sum(input.lines.filter((l) => l.category === 'damages' && l.stage === 'demanded').map((l) => l.amount)),
    taxContained: sum(inWindow.filter((l) => l.category !== 'uncovered').map((l) => l.taxAmount ?? 0)),
    restorationIncurred,
    restorationBase,
    restorationSublimitLeft,
    restorationCap,
    restorationPaid,
    restorationBlocked: restorationIncurred > 0 ? restorationBlocked : null,
    costsPayable,
    expenseLeft,
    expenseHeadroom: expenseLeft,
    damagesIncurred,
    defenceIncurred,
    liabilityIncurred: addYen(damagesIncurred, defenceIncurred),
    damagesAfterDeductible,
    liabilityAfterDeductible: addYen(damagesAfterDeductible, defenceIncurred),
    liabilityAggregate: terms.liabilityLimit,
    liabilityUsedElsewhere,
    liabilityLimitApplied: limit,
    damagesPaid,
    defencePaid,
    liabilityPayable,
    liabilityUsed,
    liabilityLeft,
    liabilityHeadroom: liabilityLeft,
    totalPayable: addYen(liabilityPayable, costsPayable),
    uncoveredIncurred: incurredOf('uncovered'),
    byCategory: COST_CATEGORIES.map((category) => ({
      category,
      incurred: incurredOf(category),
      counted: category === 'uncovered' ? 0 : category === 'restoration' ? restorationPaid : countedOf(category),
    })),
  };
}

/** What an incident used of each limit: its computed payable, or what the insurer paid once settled. */
export function limitUseOf(result: Pick<PayableResult, 'costsPayable' | 'restorationPaid' | 'liabilityUsed'>): LimitUse {
  return { expense: result.costsPayable, restoration: result.restorationPaid, liability: result.liabilityUsed };
}

export function addLimitUse(a: LimitUse, b: LimitUse): LimitUse {
  return { expense: addYen(a.expense, b.expense), restoration: addYen(a.restoration, b.restoration), liability: addYen(a.liability, b.liability) };
}
