// The second looks a cost form asks for before it saves a line that is possible but probably a slip: ¥0, an
// amount far above the incident's others, a date before the incident or after today, a stage date before the
// line's own date. None is refused (a ¥0 line or a 1億 settlement can be real); each is asked once per value.

import type { StageDateField } from './stage-date-fields.ts';

/** ¥100,000,000 (1億): at or above it any single line is asked about, whatever else the incident holds. */
export const LARGE_LINE_AMOUNT = 100_000_000;
/** A line more than this many times the incident's largest so far is asked about… */
export const FAR_ABOVE_FACTOR = 10;
/** …when it is at least this much (a ¥50,000 line after a ¥3,000 taxi fare is ordinary). */
export const FAR_ABOVE_FLOOR = 1_000_000;

export type LineDateField = 'incurredOn' | StageDateField;

export type PlausibilityAsk =
  | { kind: 'zero_amount' }
  | { kind: 'large_amount'; amount: number }
  | { kind: 'far_above_others'; amount: number; largest: number }
  | { kind: 'before_incident'; field: LineDateField; date: string; occurredOn: string }
  | { kind: 'before_line_date'; field: StageDateField; date: string; incurredOn: string }
  | { kind: 'after_today'; field: LineDateField; date: string; today: string };

export interface LineToCheck {
  /** The line's amount; null while the form cannot read one (the field says why, nothing is asked). */
  amount: number | null;
  /** The line's date; '' while not given. */
  incurredOn: string;
  /** Stage dates being given (an edit, or a stage move): `YYYY-MM-DD` each. */
  stageDates?: Partial<Record<StageDateField, string>>;
}

export interface IncidentContext {
  /** The incident's date of occurrence; null while not known. */
  occurredOn: string | null;
  /** The largest other line of the incident; null when there is none (or not known yet). */
  largestAmount: number | null;
  /** Today in Japan (shared/dates.ts todayInJapan). */
  today: string;
}

function amountAsks(amount: number, largest: number | null): PlausibilityAsk[] {
  if (amount === 0) return [{ kind: 'zero_amount' }];
  if (amount >= LARGE_LINE_AMOUNT) return [{ kind: 'large_amount', amount }];
  if (largest !== null && largest > 0 && amount >= FAR_ABOVE_FLOOR && amount > largest * FAR_ABOVE_FACTOR) {
    return [{ kind: 'far_above_others', amount, largest }];
  }
  return [];
}

/** One date's asks: before the incident (else before the line's own date), or after today. */
function dateAsks(field: LineDateField, date: string, incurredOn: string, context: IncidentContext): PlausibilityAsk[] {
  if (!date) return [];
  if (date > context.today) return [{ kind: 'after_today', field, date, today: context.today }];
  if (context.occurredOn && date < context.occurredOn) return [{ kind: 'before_incident', field, date, occurredOn: context.occurredOn }];
  if (field !== 'incurredOn' && incurredOn && date < incurredOn) return [{ kind: 'before_line_date', field, date, incurredOn }];
  return [];
}

/** Everything about a line worth a second look, amount first, then its dates in the order they happen. */
export function plausibilityAsks(line: LineToCheck, context: IncidentContext): PlausibilityAsk[] {
  const asks = line.amount === null ? [] : amountAsks(line.amount, context.largestAmount);
  asks.push(...dateAsks('incurredOn', line.incurredOn, line.incurredOn, context));
  for (const field of ['invoicedOn', 'agreedOn', 'paidOn'] as const) {
    const date = line.stageDates?.[field];
    if (date) asks.push(...dateAsks(field, date, line.incurredOn, context));
  }
  return asks;
}

/**
 * What an answer is remembered by: the ask and the value it was about. Confirming ¥0 once does not
 * confirm ¥150,000,000, and a date changed after its confirmation is asked about again.
 */
export function askKey(ask: PlausibilityAsk): string {
  switch (ask.kind) {
    case 'zero_amount':
      return 'zero_amount';
    case 'large_amount':
    case 'far_above_others':
      return `${ask.kind}:${ask.amount}`;
    default:
      return `${ask.kind}:${ask.field}:${ask.date}`;
  }
}

/** The asks not answered yet. */
export function unansweredAsks(asks: PlausibilityAsk[], answered: ReadonlySet<string>): PlausibilityAsk[] {
  return asks.filter((ask) => !answered.has(askKey(ask)));
}
