// Why one ledger line is left out or counted for less (shared/line-treatment.ts): each exclusion and cap of
// docs/rules.md §3–§4 for a single line, in the order the ledger judges them, with the words it shows.
import { describe, expect, it } from 'vitest';
import type { CostCategory, CostStage } from '../../shared/categories.ts';
import {
  LINE_CAP_LABELS,
  LINE_EXCLUSION_LABELS,
  LINE_EXCLUSIONS,
  lineTreatment,
  type LineFacts,
  type LineTreatmentContext,
} from '../../shared/line-treatment.ts';

/** A 365-day window from a discovery on 2026-06-01 ends on 2027-05-31 (day 1 is the day of discovery). */
const WINDOW_END = '2027-05-31';

const context = (overrides: Partial<LineTreatmentContext> = {}): LineTreatmentContext => ({
  responseWindowEnd: WINDOW_END,
  restorationBlocked: null,
  condolencePerPersonCap: null,
  condolencePersonsTotalBinds: false,
  restorationRatioPercent: 90,
  ...overrides,
});

const facts = (category: CostCategory, overrides: Partial<LineFacts> = {}): LineFacts => ({
  category,
  stage: category === 'damages' ? 'agreed' : 'invoiced',
  incurredOn: '2026-07-01',
  unitAmount: null,
  ...overrides,
});

describe('exclusions, each with its reason', () => {
  it('leaves an uncovered cost out as not covered', () => {
    expect(lineTreatment(facts('uncovered'), context())).toEqual({ excluded: 'uncovered', capped: null, projectedOnly: false });
  });

  it('leaves a demanded damages line out as not yet fixed, counted in the projection only', () => {
    expect(lineTreatment(facts('damages', { stage: 'demanded' }), context())).toEqual({ excluded: 'not_fixed', capped: null, projectedOnly: true });
    expect(lineTreatment(facts('damages', { stage: 'agreed' }), context())).toEqual({ excluded: null, capped: null, projectedOnly: false });
    expect(lineTreatment(facts('damages', { stage: 'paid' }), context())).toEqual({ excluded: null, capped: null, projectedOnly: false });
  });

  it('leaves restoration out when the rider is missing, or when no main payment is made', () => {
    expect(lineTreatment(facts('restoration'), context({ restorationBlocked: 'no_rider' })).excluded).toBe('no_rider');
    expect(lineTreatment(facts('restoration'), context({ restorationBlocked: 'no_main_payment' })).excluded).toBe('no_main_payment');
    // the rider's block concerns restoration lines only
    expect(lineTreatment(facts('investigation'), context({ restorationBlocked: 'no_main_payment' })).excluded).toBeNull();
  });

  it('leaves expense and restoration costs out after the response window, from the day after its last day', () => {
    for (const category of ['public_notice', 'investigation', 'consulting', 'overtime_travel', 'communications', 'condolence', 'restoration'] as const) {
      expect(lineTreatment(facts(category, { incurredOn: '2027-06-01' }), context()).excluded, category).toBe('after_response_window');
      expect(lineTreatment(facts(category, { incurredOn: WINDOW_END }), context()).excluded, category).toBeNull();
    }
  });

  it('never leaves damages or defence costs out for the response window', () => {
    expect(lineTreatment(facts('damages', { incurredOn: '2028-01-01' }), context()).excluded).toBeNull();
    expect(lineTreatment(facts('litigation', { incurredOn: '2028-01-01' }), context()).excluded).toBeNull();
  });

  it('has no window to miss when the policy has none', () => {
    expect(lineTreatment(facts('investigation', { incurredOn: '2099-12-31' }), context({ responseWindowEnd: null })).excluded).toBeNull();
  });

  it('gives the first reason that applies, in the order the ledger judges them', () => {
    expect(LINE_EXCLUSIONS).toEqual(['uncovered', 'not_fixed', 'no_rider', 'no_main_payment', 'after_response_window']);
    expect(lineTreatment(facts('uncovered', { incurredOn: '2028-01-01' }), context()).excluded).toBe('uncovered');
    expect(lineTreatment(facts('restoration', { incurredOn: '2028-01-01' }), context({ restorationBlocked: 'no_rider' })).excluded).toBe('no_rider');
  });
});

describe('caps, each with its reason', () => {
  it('caps a condolence line whose amount per person is above the cap', () => {
    expect(lineTreatment(facts('condolence', { unitAmount: 1_000 }), context({ condolencePerPersonCap: 500 })).capped).toBe('condolence_per_person');
  });

  it('marks condolence lines reduced by the cap × persons affected when that binds', () => {
    const binds = context({ condolencePerPersonCap: 500, condolencePersonsTotalBinds: true });
    expect(lineTreatment(facts('condolence', { unitAmount: 300 }), binds).capped).toBe('condolence_persons_total');
    expect(lineTreatment(facts('condolence', { unitAmount: null }), binds).capped).toBe('condolence_persons_total');
    // above the cap per person, the per-person cap is the reason given
    expect(lineTreatment(facts('condolence', { unitAmount: 1_000 }), binds).capped).toBe('condolence_per_person');
  });

  it('leaves a condolence line as it is within the cap, without a cap, or when it is excluded', () => {
    expect(lineTreatment(facts('condolence', { unitAmount: 500 }), context({ condolencePerPersonCap: 500 })).capped).toBeNull();
    expect(lineTreatment(facts('condolence', { unitAmount: 10_000 }), context()).capped).toBeNull();
    expect(lineTreatment(facts('condolence', { unitAmount: 1_000, incurredOn: '2028-01-01' }), context({ condolencePerPersonCap: 500 }))).toEqual({
      excluded: 'after_response_window',
      capped: null,
      projectedOnly: false,
    });
  });

  it('marks restoration paid at the reduced ratio, unless the ratio is 100% or the line is excluded', () => {
    expect(lineTreatment(facts('restoration'), context()).capped).toBe('restoration_ratio');
    expect(lineTreatment(facts('restoration'), context({ restorationRatioPercent: 99 })).capped).toBe('restoration_ratio');
    expect(lineTreatment(facts('restoration'), context({ restorationRatioPercent: 100 })).capped).toBeNull();
    expect(lineTreatment(facts('restoration'), context({ restorationBlocked: 'no_main_payment' })).capped).toBeNull();
  });
});

describe('projected only', () => {
  it('is every stage that does not count towards the claim', () => {
    const cases: [CostCategory, CostStage, boolean][] = [
      ['investigation', 'estimate', true],
      ['investigation', 'invoiced', false],
      ['investigation', 'paid', false],
      ['damages', 'demanded', true],
      ['damages', 'agreed', false],
      ['damages', 'paid', false],
    ];
    for (const [category, stage, projectedOnly] of cases) {
      expect(lineTreatment(facts(category, { stage }), context()).projectedOnly, `${category} ${stage}`).toBe(projectedOnly);
    }
  });
});

describe('the words the ledger shows', () => {
  it('has a Japanese and an English label for every exclusion and cap', () => {
    for (const reason of LINE_EXCLUSIONS) {
      expect(LINE_EXCLUSION_LABELS[reason].ja, reason).toMatch(/\S/);
      expect(LINE_EXCLUSION_LABELS[reason].en, reason).toMatch(/\S/);
    }
    expect(LINE_EXCLUSION_LABELS.after_response_window).toEqual({ ja: '事故対応期間の後に発生', en: 'Incurred after the response window' });
    expect(LINE_EXCLUSION_LABELS.no_main_payment.ja).toBe('賠償責任・費用の支払がないため特約対象外');
    expect(Object.keys(LINE_CAP_LABELS).sort()).toEqual(['condolence_per_person', 'condolence_persons_total', 'restoration_ratio']);
    expect(LINE_CAP_LABELS.restoration_ratio.ja).toBe('縮小支払割合を適用');
  });
});
