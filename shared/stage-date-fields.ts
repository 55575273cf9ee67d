// Which days a line records in each stage (請求日, 示談・判決日, 支払日): what cost.update accepts and the edit form shows.

import type { CostCategory, CostStage } from './categories.ts';

export const STAGE_DATE_FIELDS = ['invoicedOn', 'agreedOn', 'paidOn'] as const;
export type StageDateField = (typeof STAGE_DATE_FIELDS)[number];

/**
 * The dates a line in `stage` carries, in the order they happen: none for an estimate or a demand, the
 * invoice's day once invoiced, the settlement's once agreed, and a paid line keeps the step before it (a
 * damages line was agreed, any other invoiced). server/ledger/stage-dates.ts sets exactly these.
 */
export function stageDateFields(category: CostCategory, stage: CostStage): readonly StageDateField[] {
  switch (stage) {
    case 'estimate':
    case 'demanded':
      return [];
    case 'invoiced':
      return ['invoicedOn'];
    case 'agreed':
      return ['agreedOn'];
    case 'paid':
      return category === 'damages' ? ['agreedOn', 'paidOn'] : ['invoicedOn', 'paidOn'];
  }
}

/** The stage dates an input gives (an edit's corrections), leaving out those it does not mention. */
export function givenStageDates(input: Partial<Record<StageDateField, string>>): Partial<Record<StageDateField, string>> {
  const given: Partial<Record<StageDateField, string>> = {};
  for (const field of STAGE_DATE_FIELDS) if (input[field] !== undefined) given[field] = input[field];
  return given;
}
