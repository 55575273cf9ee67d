// fast-check generators of what the payable computation reads: a policy's terms (every term of docs/rules.md
// §1), ledgers of lines and policy periods of several incidents (discovery dates, settlements, persons),
// drawn from what the rules and the API allow; payable.property.test.ts checks them against the shared zod
// schemas, so a generated policy, incident, line or settlement is one the API would have stored.
import fc from 'fast-check';
import { COST_CATEGORIES, COST_SOURCES, type CostCategory, type CostSource, type CostStage } from '../../../shared/categories.ts';
import { MAX_LINE_AMOUNT } from '../../../shared/money.ts';
import type { CostLineFigures, LimitUse, PolicyTerms } from '../../../shared/payable.ts';
import type { PeriodIncident } from '../../../shared/period.ts';

/** Integer yen, mostly realistic (a few thousand to a few hundred million), sometimes the extremes. */
export const yen = (max = MAX_LINE_AMOUNT): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: Math.min(max, 50_000_000) }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, max) },
  );

/** A policy limit: positive; around the rules' examples (¥30M, ¥100M) or anywhere up to the line maximum. */
const limit = fc.oneof(
  fc.constantFrom(1, 10_000_000, 30_000_000, 50_000_000, 100_000_000, 1_000_000_000, MAX_LINE_AMOUNT),
  fc.integer({ min: 1, max: 500_000_000 }),
  fc.integer({ min: 1, max: MAX_LINE_AMOUNT }),
);

/** A term the policy form may leave out (the default applies), often does. */
const absentOr = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary });

/** 1 … max, at its ends or anywhere between (a sub-limit or a per-claim limit inside the limit it belongs to). */
const within = (max: number) => fc.oneof(fc.constantFrom(1, max), fc.integer({ min: 1, max }), fc.integer({ min: Math.max(1, Math.floor(max / 20)), max }));

/** Already paid under the period outside the app: mostly nothing, sometimes part or all of the limit. */
const priorPaid = (max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(undefined, 0) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max }) },
    { weight: 1, arbitrary: fc.constant(max) },
  );

export const policyTerms: fc.Arbitrary<PolicyTerms> = fc
  .record({
    liabilityLimit: limit,
    expenseLimit: limit,
    deductible: fc.oneof(fc.constant(0), yen(10_000_000), yen()),
    restorationRider: fc.boolean(),
    // e.g. 500 or 1,000 yen per person (standard wording), none by default
    condolencePerPersonCap: fc.option(fc.oneof(fc.constantFrom(500, 1_000, 10_000), fc.integer({ min: 1, max: MAX_LINE_AMOUNT })), { nil: null }),
    defenceCosts: absentOr(fc.constantFrom('within_limit' as const, 'pro_rata' as const)),
    restorationRatioPercent: absentOr(fc.oneof(fc.constantFrom(1, 50, 90, 99, 100), fc.integer({ min: 1, max: 100 }))),
    responseWindowDays: absentOr(fc.option(fc.oneof(fc.constantFrom(1, 30, 365), fc.integer({ min: 1, max: 3650 })), { nil: null })),
  })
  .chain((terms) =>
    fc
      .record({
        liabilityLimitPerClaim: absentOr(fc.option(within(terms.liabilityLimit), { nil: null })),
        restorationSublimit: absentOr(fc.option(within(terms.expenseLimit), { nil: null })),
        priorExpensePaid: priorPaid(terms.expenseLimit),
        priorLiabilityPaid: priorPaid(terms.liabilityLimit),
      })
      .map((more) => ({ ...terms, ...more })),
  );

/** The policy fields policy.create would be sent for these terms (to check them against the schema). */
export const policyInputOf = (terms: PolicyTerms) => ({
  companyId: 'company',
  insurer: '損害保険株式会社',
  policyNumber: 'IT-1',
  periodStart: '2026-04-01',
  ...terms,
});

/** An amount as one figure, or persons/hours × unit amount with the product within the line maximum. */
const entry = fc.oneof(
  yen().map((amount) => ({ amount })),
  fc
    .oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 1_000_000_000 }))
    .chain((quantity) =>
      fc
        .oneof(
          fc.integer({ min: 0, max: Math.min(2_000, Math.floor(MAX_LINE_AMOUNT / quantity)) }),
          fc.integer({ min: 0, max: Math.floor(MAX_LINE_AMOUNT / quantity) }),
        )
        .map((unitAmount) => ({ quantity, unitAmount })),
    ),
);

/**
 * The stages the form offers for a category (docs/rules.md §3), and for damages also the old `estimate` and
 * `invoiced` a script may still send: both are stored as `demanded` (see `storedStageOf`).
 */
const stageFor = (category: CostCategory): fc.Arbitrary<CostStage> =>
  category === 'damages'
    ? fc.constantFrom('demanded', 'agreed', 'paid', 'agreed', 'paid', 'estimate', 'invoiced')
    : fc.constantFrom('estimate', 'invoiced', 'paid');

/** The stage as the API stores it: a damages "estimate" or "invoiced" is a demand not yet fixed. */
export const storedStageOf = (category: CostCategory, stage: CostStage): CostStage =>
  category === 'damages' && (stage === 'estimate' || stage === 'invoiced') ? 'demanded' : stage;

export type CostInput = {
  incidentId: string;
  category: CostCategory;
  stage: CostStage;
  incurredOn: string;
  source: CostSource;
  claimant: string | undefined;
  incurredAbroad: boolean;
  amount?: number;
  quantity?: number;
  unitAmount?: number;
};

const FIRST_DAY = Date.UTC(2026, 3, 1); // the generated policies start on 2026-04-01

/** A calendar date `days` after 2026-04-01 (negative: before). */
export const dayOf = (days: number): string => new Date(FIRST_DAY + days * 86_400_000).toISOString().slice(0, 10);
const dayNumber = (date: string): number => Math.round((Date.parse(`${date}T00:00:00Z`) - FIRST_DAY) / 86_400_000);

/** A raw cost.create input (category, stage, amount or quantity × unit, source, abroad flag…), incurred
 * `offset` days from the discovery (`discoveredDay` days after the policy start). */
const costInputFrom = (discoveredDay: number) =>
  fc
    .constantFrom(...COST_CATEGORIES)
    .chain((category) =>
      fc.record({
        category: fc.constant(category),
        stage: stageFor(category),
        // around a window's end: 29/30 and 364/365 days after discovery are the last and the first days out
        offset: fc.oneof(fc.integer({ min: -30, max: 800 }), fc.constantFrom(0, 29, 30, 364, 365)),
        source: fc.constantFrom(...COST_SOURCES),
        incurredAbroad: fc.boolean(),
        entry,
      }),
    )
    .map(({ entry: figures, offset, ...line }): CostInput => ({
      incidentId: 'incident',
      ...line,
      incurredOn: dayOf(discoveredDay + offset),
      ...figures,
      claimant: line.source === 'third_party' ? '株式会社A' : undefined,
    }));

export const costInput = costInputFrom(60);

/**
 * The last day of the response window: the day of discovery is day 1 (docs/rules.md §4), so a 365-day
 * window from 2026-06-01 ends on 2027-05-31. Written here on its own, not taken from the server.
 */
export const windowEndOf = (discoveredOn: string, days: number | null | undefined): string | null =>
  days === null || days === undefined ? null : dayOf(dayNumber(discoveredOn) + days - 1);

/**
 * The figures the engine reads from a line, normalised as costCreateInput does (amount = quantity × unit,
 * a damages estimate stored as demanded), and flagged when incurred after the response window.
 * Parsing every line through zod would triple the run time, so one property checks that the generated
 * inputs pass the schemas and the others use this plain normalisation.
 */
export const toFigures = (input: Omit<CostInput, 'incidentId' | 'incurredAbroad' | 'claimant'>, windowEnd: string | null = null): CostLineFigures => {
  const product = input.quantity !== undefined;
  return {
    category: input.category,
    stage: storedStageOf(input.category, input.stage),
    amount: product ? input.quantity! * input.unitAmount! : input.amount!,
    quantity: product ? input.quantity! : null,
    unitAmount: product ? input.unitAmount! : null,
    source: input.source,
    afterResponseWindow: windowEnd !== null && input.incurredOn > windowEnd,
  };
};

export const costLine: fc.Arbitrary<CostLineFigures> = fc
  .tuple(costInput, fc.boolean())
  .map(([input, late]) => ({ ...toFigures(input), afterResponseWindow: late }));

/** A line of the given categories and stages (used to add one cost to a ledger). */
export const costLineOf = (categories: readonly CostCategory[], stages: readonly CostStage[]) =>
  fc.tuple(costLine, fc.constantFrom(...categories), fc.constantFrom(...stages)).map(([line, category, stage]) => ({ ...line, category, stage }));

/** Up to 40 lines: 40 × ¥100 billion stays far inside the safe-integer range, as MAX_LINE_AMOUNT intends. */
export const ledger = fc.array(costLine, { maxLength: 40 });

/** What earlier incidents used of each limit: nothing, a little, or more than any aggregate. */
export const limitUse: fc.Arbitrary<LimitUse> = fc
  .record({ restoration: yen(10_000_000), expenseBeyond: yen(), liability: yen() })
  .map(({ restoration, expenseBeyond, liability }) => ({ expense: restoration + expenseBeyond, restoration, liability }));

/** 本人の数 (or the records standing in for them): unknown, a few, the source's 50,000, or the schema's most. */
const persons = (cap: number | null) => {
  // cap × persons beyond Number.MAX_SAFE_INTEGER makes computePayable throw (the bug pinned in
  // test/unit/payable.test.ts): kept out here so the other properties still run over everything else.
  const most = cap === null ? 10_000_000_000 : Math.max(0, Math.min(10_000_000_000, Math.floor(Number.MAX_SAFE_INTEGER / cap)));
  return fc.option(
    fc.oneof(fc.integer({ min: 0, max: Math.min(most, 1_000) }), fc.constantFrom(0, Math.min(most, 50_000), most), fc.integer({ min: 0, max: most })),
    { nil: null },
  );
};

/** What the insurer paid, as claim.settle takes it: the expense part, the rider's part, the liability part. */
export const settlement = fc.record({
  expensePaid: yen(),
  // the rider's part is small beside its ¥3,000,000–¥5,000,000 sub-limit, now and then all of it or more
  restorationPaid: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 2_000_000 }) },
    { weight: 1, arbitrary: yen(10_000_000) },
  ),
  liabilityPaid: yen(),
});
export const useOfSettlement = (s: { expensePaid: number; restorationPaid: number; liabilityPaid: number }): LimitUse => ({
  expense: s.expensePaid + s.restorationPaid,
  restoration: s.restorationPaid,
  liability: s.liabilityPaid,
});

/** An incident as generated: the facts incident.create takes, its raw cost inputs, maybe a settlement. */
export interface GeneratedIncident {
  id: string;
  discoveredOn: string;
  createdAt: string;
  personsAffected: number | null;
  settlement: { expensePaid: number; restorationPaid: number; liabilityPaid: number } | null;
  inputs: CostInput[];
}

const incidentOf = (cap: number | null, maxLines: number): fc.Arbitrary<GeneratedIncident> =>
  fc
    // a few days only, so that incidents often share a discovery day and the time of logging decides
    .oneof(fc.constantFrom(0, 61, 61, 200), fc.integer({ min: 0, max: 364 }))
    .chain((discoveredDay) =>
      fc.record({
        id: fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8'),
        discoveredOn: fc.constant(dayOf(discoveredDay)),
        createdAt: fc.constantFrom('2026-06-01T09:00:00.000Z', '2026-06-01T09:00:00.000Z', '2026-08-15T17:30:00.000Z', '2027-01-10T08:00:00.000Z'),
        personsAffected: persons(cap),
        settlement: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: settlement }),
        inputs: fc.array(costInputFrom(discoveredDay), { maxLength: maxLines }),
      }),
    );

/** A policy and the incidents filed under it (1–5, ids unique), in the order they were entered. */
export const policyPeriod = (maxLines = 12) =>
  policyTerms.chain((terms) =>
    fc.record({
      terms: fc.constant(terms),
      incidents: fc.uniqueArray(incidentOf(terms.condolencePerPersonCap, maxLines), { minLength: 1, maxLength: 5, selector: (i) => i.id }),
    }),
  );

/** A generated incident as the period ledger reads it, its lines flagged against the policy's window. */
export const periodIncidentOf = (terms: PolicyTerms, incident: GeneratedIncident): PeriodIncident => {
  const windowEnd = windowEndOf(incident.discoveredOn, terms.responseWindowDays);
  return {
    id: incident.id,
    discoveredOn: incident.discoveredOn,
    createdAt: incident.createdAt,
    settled: incident.settlement === null ? null : useOfSettlement(incident.settlement),
    lines: incident.inputs.map((input) => toFigures(input, windowEnd)),
    personsAffected: incident.personsAffected,
  };
};

/** The incident.create input for a generated incident (to check it against the schema). */
export const incidentInputOf = (incident: GeneratedIncident) => ({
  policyId: 'policy',
  title: '情報漏えい',
  kind: 'leak' as const,
  occurredOn: incident.discoveredOn,
  discoveredOn: incident.discoveredOn,
  personsAffected: incident.personsAffected,
});

/** A line as the ledger holds it, with the facts that only raise warnings: abroad, claimant, consent. */
export const flaggedLine = fc
  .tuple(costInput, fc.option(fc.constantFrom('2026-06-05', '2026-07-01'), { nil: null }))
  .map(([input, consentOn]) => ({ ...toFigures(input), incurredAbroad: input.incurredAbroad, claimant: input.claimant ?? null, consentOn }));
