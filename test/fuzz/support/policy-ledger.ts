// fast-check generators of what the payable computation reads: a policy's terms and a ledger of lines,
// drawn from what the SPEC allows; payable.property.test.ts checks them against the shared zod schemas,
// so a generated line is one the API would have stored (a schema that narrows shows up there first).
import fc from 'fast-check';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES, type CostCategory, type CostStage } from '../../../shared/categories.ts';
import { MAX_LINE_AMOUNT } from '../../../shared/money.ts';
import type { CostLineFigures, PolicyTerms } from '../../../shared/payable.ts';

/** Integer yen, mostly realistic (a few thousand to a few hundred million), sometimes the extremes. */
export const yen = (max = MAX_LINE_AMOUNT): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: Math.min(max, 50_000_000) }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, max) },
  );

/** A policy limit: positive; around the SPEC's examples (¥30M, ¥100M) or anywhere up to the line maximum. */
const limit = fc.oneof(
  fc.constantFrom(1, 10_000_000, 30_000_000, 50_000_000, 100_000_000, 1_000_000_000, MAX_LINE_AMOUNT),
  fc.integer({ min: 1, max: 500_000_000 }),
  fc.integer({ min: 1, max: MAX_LINE_AMOUNT }),
);

export const policyTerms: fc.Arbitrary<PolicyTerms> = fc.record({
  liabilityLimit: limit,
  expenseLimit: limit,
  deductible: fc.oneof(fc.constant(0), yen(10_000_000), yen()),
  restorationRider: fc.boolean(),
  // e.g. 500 or 1,000 yen per person (SPEC §2), none by default
  condolencePerPersonCap: fc.option(fc.oneof(fc.constantFrom(500, 1_000, 10_000), fc.integer({ min: 1, max: MAX_LINE_AMOUNT })), { nil: null }),
});

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
        .oneof(fc.integer({ min: 0, max: Math.min(2_000, Math.floor(MAX_LINE_AMOUNT / quantity)) }), fc.integer({ min: 0, max: Math.floor(MAX_LINE_AMOUNT / quantity) }))
        .map((unitAmount) => ({ quantity, unitAmount })),
    ),
);

type CostInput = { category: CostCategory; stage: CostStage; amount?: number; quantity?: number; unitAmount?: number };

/** A raw cost.create input (category, stage, amount or quantity × unit, source, abroad flag…). */
export const costInput = fc
  .record({
    category: fc.constantFrom(...COST_CATEGORIES),
    stage: fc.constantFrom(...COST_STAGES),
    incurredOn: fc.constantFrom('2026-04-01', '2026-06-10', '2027-03-31', '2025-12-31'),
    source: fc.constantFrom(...COST_SOURCES),
    incurredAbroad: fc.boolean(),
    entry,
  })
  .map(({ entry: figures, ...line }) => ({
    incidentId: 'incident',
    ...line,
    ...figures,
    claimant: line.source === 'third_party' ? '株式会社A' : undefined,
  }));

/**
 * The figures the engine reads from a line, normalised as costCreateInput does (amount = quantity × unit).
 * Parsing every line through zod would triple the run time, so one property checks that the generated
 * inputs pass the schemas and the others use this plain normalisation.
 */
export const toFigures = (input: CostInput): CostLineFigures => {
  const product = 'quantity' in input && input.quantity !== undefined;
  return {
    category: input.category,
    stage: input.stage,
    amount: product ? input.quantity! * input.unitAmount! : input.amount!,
    quantity: product ? input.quantity! : null,
    unitAmount: product ? input.unitAmount! : null,
  };
};

export const costLine: fc.Arbitrary<CostLineFigures> = costInput.map(toFigures);

/** A line of a given category (used to add one claimable cost to a ledger). */
export const costLineOf = (categories: readonly CostCategory[], stages: readonly CostStage[] = COST_STAGES) =>
  fc.tuple(costLine, fc.constantFrom(...categories), fc.constantFrom(...stages)).map(([line, category, stage]) => ({ ...line, category, stage }));

/** Up to 40 lines: 40 × ¥100 billion stays far inside the safe-integer range, as MAX_LINE_AMOUNT intends. */
export const ledger = fc.array(costLine, { maxLength: 40 });

/** A line as the ledger holds it, with the facts that only raise warnings: abroad, third party, consent. */
export const flaggedLine = fc
  .tuple(costInput, fc.option(fc.constantFrom('2026-06-05', '2026-07-01'), { nil: null }))
  .map(([input, consentOn]) => ({ ...toFigures(input), incurredAbroad: input.incurredAbroad, source: input.source, claimant: input.claimant ?? null, consentOn }));
