// The days a line reached its stages (invoiced, agreed, paid): kept when the line stays, set when it moves.

import type { CostCategory, CostStage } from '../../shared/categories.ts';

export interface StageDates {
  invoicedOn: string | null;
  /** A damages line: the day the settlement or judgment fixed it. */
  agreedOn: string | null;
  paidOn: string | null;
}

/**
 * The dates after a move to `stage` on day `on`. An edit (`recorded: false`) keeps a day already known and
 * fills a missing one with `on`; cost.setStage records the day given (`recorded: true`). Dates of stages the
 * line has not reached are cleared, so a line moved back from paid to invoiced carries no payment date.
 */
export function datesForStage(category: CostCategory, stage: CostStage, current: StageDates & { stage: CostStage }, on: string, recorded: boolean): StageDates {
  if (stage === current.stage && !recorded) return { invoicedOn: current.invoicedOn, agreedOn: current.agreedOn, paidOn: current.paidOn };
  const keepOr = (day: string | null) => day ?? on;
  const at = (day: string | null) => (recorded ? on : keepOr(day));
  switch (stage) {
    case 'estimate':
    case 'demanded':
      return { invoicedOn: null, agreedOn: null, paidOn: null };
    case 'invoiced':
      return { invoicedOn: at(current.invoicedOn), agreedOn: null, paidOn: null };
    case 'agreed':
      return { invoicedOn: null, agreedOn: at(current.agreedOn), paidOn: null };
    case 'paid':
      // A damages line is paid after it was agreed, any other after it was invoiced.
      return category === 'damages'
        ? { invoicedOn: null, agreedOn: keepOr(current.agreedOn), paidOn: at(current.paidOn) }
        : { invoicedOn: keepOr(current.invoicedOn), agreedOn: null, paidOn: at(current.paidOn) };
  }
}
