// Why one ledger line is left out of the claim or counted for less than its amount: the same rules as the
// computation (shared/payable.ts), stated for a single line so the ledger and the claim PDF can say it.

import { isClaimedStage, isExpenseCategory, type CostCategory, type CostStage, type Locale } from './categories.ts';
import type { RestorationBlock } from './payable.ts';

/** In the order a line is judged: the first that applies is its reason. */
export const LINE_EXCLUSIONS = ['uncovered', 'not_fixed', 'no_rider', 'no_main_payment', 'after_response_window'] as const;
export type LineExclusion = (typeof LINE_EXCLUSIONS)[number];

export type LineCap = 'condolence_per_person' | 'condolence_persons_total' | 'restoration_ratio';

export const LINE_EXCLUSION_LABELS: Record<LineExclusion, Record<Locale, string>> = {
  uncovered: { ja: '対象外の費用', en: 'Not covered' },
  not_fixed: { ja: '示談・判決で未確定(見込額のみ)', en: 'Not yet fixed by settlement or judgment (projection only)' },
  no_rider: { ja: '復旧費用補償特約なし', en: 'No restoration rider' },
  no_main_payment: { ja: '賠償責任・費用の支払がないため特約対象外', en: 'The rider needs a liability or expense payment' },
  after_response_window: { ja: '事故対応期間の後に発生', en: 'Incurred after the response window' },
};

export const LINE_CAP_LABELS: Record<LineCap, Record<Locale, string>> = {
  condolence_per_person: { ja: '1名あたりの上限を適用', en: 'Capped per person' },
  condolence_persons_total: { ja: '上限 × 本人の数で減額', en: 'Reduced to the cap × persons affected' },
  restoration_ratio: { ja: '縮小支払割合を適用', en: 'Reduced payment ratio applies' },
};

export interface LineTreatmentContext {
  /** The last day of the response window, or null when the policy has none. */
  responseWindowEnd: string | null;
  restorationBlocked: RestorationBlock;
  condolencePerPersonCap: number | null;
  /** The cap × persons affected binds the incident's condolence lines together. */
  condolencePersonsTotalBinds: boolean;
  restorationRatioPercent: number;
}

export interface LineFacts {
  category: CostCategory;
  stage: CostStage;
  incurredOn: string;
  unitAmount: number | null;
}

export interface LineTreatment {
  excluded: LineExclusion | null;
  capped: LineCap | null;
  /** Counted in the projection only until it moves on (an estimate, a demand). */
  projectedOnly: boolean;
}

export function lineTreatment(line: LineFacts, context: LineTreatmentContext): LineTreatment {
  const projectedOnly = !isClaimedStage(line.category, line.stage);
  const windowed = isExpenseCategory(line.category) || line.category === 'restoration';
  let excluded: LineExclusion | null = null;
  if (line.category === 'uncovered') excluded = 'uncovered';
  else if (line.category === 'damages' && line.stage === 'demanded') excluded = 'not_fixed';
  else if (line.category === 'restoration' && context.restorationBlocked) excluded = context.restorationBlocked;
  else if (windowed && context.responseWindowEnd !== null && line.incurredOn > context.responseWindowEnd) excluded = 'after_response_window';

  let capped: LineCap | null = null;
  if (excluded === null && line.category === 'condolence' && context.condolencePerPersonCap !== null) {
    if (line.unitAmount !== null && line.unitAmount > context.condolencePerPersonCap) capped = 'condolence_per_person';
    else if (context.condolencePersonsTotalBinds) capped = 'condolence_persons_total';
  }
  if (excluded === null && line.category === 'restoration' && context.restorationRatioPercent < 100) capped = 'restoration_ratio';
  return { excluded, capped, projectedOnly };
}

/** The words a ledger line carries for its treatment: why it is left out, or why it counts for less; '' for neither. */
export function treatmentLabel(treatment: LineTreatment, locale: Locale): string {
  if (treatment.excluded) return LINE_EXCLUSION_LABELS[treatment.excluded][locale];
  return treatment.capped ? LINE_CAP_LABELS[treatment.capped][locale] : '';
}
