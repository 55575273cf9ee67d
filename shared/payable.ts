// What the policy pays (SPEC §5): a pure function of the policy's limits and the cost lines.
// Every figure is integer yen; the only rounding is floorRatio's (down), and every sum is checked.

import {
  COST_CATEGORIES,
  type CostCategory,
  type CostStage,
  CLAIMED_STAGES,
  isExpenseCategory,
  isLiabilityCategory,
} from './categories.ts';
import { addYen, floorRatio, multiplyYen } from './money.ts';

/** 縮小支払割合: the rider pays 90% of restoration costs. */
export const RESTORATION_PAY_RATIO = { numerator: 90, denominator: 100 } as const;
/** The rider's cap is the lower of 10% of the expense limit and ¥5,000,000. */
export const RESTORATION_LIMIT_RATIO = { numerator: 10, denominator: 100 } as const;
export const RESTORATION_ABSOLUTE_CAP = 5_000_000;

export interface PolicyTerms {
  liabilityLimit: number;
  expenseLimit: number;
  deductible: number;
  restorationRider: boolean;
  condolencePerPersonCap: number | null;
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
}

export interface CategoryFigures {
  category: CostCategory;
  /** What was spent or claimed from the insured, as logged. */
  incurred: number;
  /** What the computation takes into account: condolence after the per-person cap, restoration after
   * the 90% ratio and the rider's cap, nothing for uncovered costs. */
  counted: number;
}

export interface PayableResult {
  expenseIncurred: number;
  restorationIncurred: number;
  restorationBase: number;
  restorationCap: number;
  restorationPaid: number;
  costsPayable: number;
  expenseHeadroom: number;
  liabilityIncurred: number;
  liabilityAfterDeductible: number;
  liabilityPayable: number;
  liabilityHeadroom: number;
  totalPayable: number;
  uncoveredIncurred: number;
  /** Condolence lines entered as a lump sum, whose per-person cap cannot be checked. */
  condolenceLumpSums: number;
  byCategory: CategoryFigures[];
  terms: PolicyTerms;
}

/** What a condolence line counts for: persons × min(amount per person, cap). */
function countedCondolence(line: CostLineFigures, cap: number | null): number {
  if (cap === null || line.quantity === null || line.unitAmount === null) return line.amount;
  return multiplyYen(line.quantity, Math.min(line.unitAmount, cap));
}

/** The computation over the lines whose stage is in `stages` (by default the claimed ones). */
export function computePayable(
  terms: PolicyTerms,
  lines: readonly CostLineFigures[],
  stages: readonly CostStage[] = CLAIMED_STAGES,
): PayableResult {
  const incurred = new Map<CostCategory, number>(COST_CATEGORIES.map((c) => [c, 0]));
  const counted = new Map<CostCategory, number>(COST_CATEGORIES.map((c) => [c, 0]));
  let condolenceLumpSums = 0;

  for (const line of lines) {
    if (!stages.includes(line.stage)) continue;
    incurred.set(line.category, addYen(incurred.get(line.category)!, line.amount));
    if (isExpenseCategory(line.category)) {
      const value = line.category === 'condolence' ? countedCondolence(line, terms.condolencePerPersonCap) : line.amount;
      if (line.category === 'condolence' && terms.condolencePerPersonCap !== null && line.quantity === null) {
        condolenceLumpSums += line.lineCount ?? 1;
      }
      counted.set(line.category, addYen(counted.get(line.category)!, value));
    } else if (isLiabilityCategory(line.category)) {
      counted.set(line.category, addYen(counted.get(line.category)!, line.amount));
    }
  }

  let expenseIncurred = 0;
  for (const category of COST_CATEGORIES) {
    if (isExpenseCategory(category)) expenseIncurred = addYen(expenseIncurred, counted.get(category)!);
  }

  const restorationIncurred = incurred.get('restoration')!;
  const restorationBase = floorRatio(restorationIncurred, RESTORATION_PAY_RATIO.numerator, RESTORATION_PAY_RATIO.denominator);
  const restorationCap = Math.min(
    floorRatio(terms.expenseLimit, RESTORATION_LIMIT_RATIO.numerator, RESTORATION_LIMIT_RATIO.denominator),
    RESTORATION_ABSOLUTE_CAP,
  );
  const restorationPaid = terms.restorationRider ? Math.min(restorationBase, restorationCap) : 0;
  counted.set('restoration', restorationPaid);

  // The rider is a sub-limit of the expense limit, so both share the one cap.
  const costsPayable = Math.min(addYen(expenseIncurred, restorationPaid), terms.expenseLimit);

  const liabilityIncurred = addYen(counted.get('damages')!, counted.get('litigation')!);
  const liabilityAfterDeductible = Math.max(0, liabilityIncurred - terms.deductible);
  const liabilityPayable = Math.min(liabilityAfterDeductible, terms.liabilityLimit);

  return {
    expenseIncurred,
    restorationIncurred,
    restorationBase,
    restorationCap,
    restorationPaid,
    costsPayable,
    expenseHeadroom: terms.expenseLimit - costsPayable,
    liabilityIncurred,
    liabilityAfterDeductible,
    liabilityPayable,
    liabilityHeadroom: terms.liabilityLimit - liabilityPayable,
    totalPayable: addYen(liabilityPayable, costsPayable),
    uncoveredIncurred: incurred.get('uncovered')!,
    condolenceLumpSums,
    byCategory: COST_CATEGORIES.map((category) => ({
      category,
      incurred: incurred.get(category)!,
      counted: counted.get(category)!,
    })),
    terms,
  };
}
