// The second looks the cost form asks for (shared/plausibility.ts): ¥0, 1億 and more, ten times the
// incident's largest line, a date before the incident or after today, a stage date before the line's own
// date; each asked once per value.
import { describe, expect, it } from 'vitest';
import { askKey, plausibilityAsks, unansweredAsks, type IncidentContext } from '../../shared/plausibility.ts';

const CONTEXT: IncidentContext = { occurredOn: '2026-05-20', largestAmount: 18_000_000, today: '2026-09-01' };
const LINE = { amount: 1_500_000, incurredOn: '2026-06-10' };
const kinds = (line: Parameters<typeof plausibilityAsks>[0], context = CONTEXT) => plausibilityAsks(line, context).map((a) => a.kind);

describe('amounts worth a second look', () => {
  it('asks nothing about an ordinary line', () => {
    expect(plausibilityAsks(LINE, CONTEXT)).toEqual([]);
  });

  it('asks about ¥0', () => {
    expect(kinds({ ...LINE, amount: 0 })).toEqual(['zero_amount']);
  });

  it('asks about ¥100,000,000 and more, even as the incident’s first line', () => {
    expect(plausibilityAsks({ ...LINE, amount: 150_000_000 }, { ...CONTEXT, largestAmount: null })).toEqual([{ kind: 'large_amount', amount: 150_000_000 }]);
    expect(kinds({ ...LINE, amount: 100_000_000 })).toEqual(['large_amount']);
    expect(kinds({ ...LINE, amount: 99_999_999 })).toEqual([]);
  });

  it('asks about more than ten times the largest line so far, from ¥1,000,000 on', () => {
    const small = { ...CONTEXT, largestAmount: 50_000 };
    expect(plausibilityAsks({ ...LINE, amount: 500_001 }, small)).toEqual([]); // ten times, but under the floor
    expect(plausibilityAsks({ ...LINE, amount: 1_000_000 }, small)).toEqual([{ kind: 'far_above_others', amount: 1_000_000, largest: 50_000 }]);
    expect(plausibilityAsks({ ...LINE, amount: 500_000 }, { ...CONTEXT, largestAmount: 50_000 })).toEqual([]);
    const tenfold = { ...CONTEXT, largestAmount: 3_000_000 };
    expect(kinds({ ...LINE, amount: 30_000_000 }, tenfold)).toEqual([]); // exactly ten times is not more
    expect(kinds({ ...LINE, amount: 30_000_001 }, tenfold)).toEqual(['far_above_others']);
  });

  it('does not compare with nothing: no other line, or only ¥0 lines', () => {
    expect(kinds({ ...LINE, amount: 50_000_000 }, { ...CONTEXT, largestAmount: null })).toEqual([]);
    expect(kinds({ ...LINE, amount: 50_000_000 }, { ...CONTEXT, largestAmount: 0 })).toEqual([]);
  });

  it('asks nothing about an amount the form cannot read yet', () => {
    expect(kinds({ ...LINE, amount: null })).toEqual([]);
  });
});

describe('dates worth a second look', () => {
  it('asks about a line dated before the incident occurred, or after today', () => {
    expect(plausibilityAsks({ ...LINE, incurredOn: '2020-01-01' }, CONTEXT)).toEqual([
      { kind: 'before_incident', field: 'incurredOn', date: '2020-01-01', occurredOn: '2026-05-20' },
    ]);
    expect(plausibilityAsks({ ...LINE, incurredOn: '2026-09-02' }, CONTEXT)).toEqual([
      { kind: 'after_today', field: 'incurredOn', date: '2026-09-02', today: '2026-09-01' },
    ]);
    expect(kinds({ ...LINE, incurredOn: '2026-05-20' })).toEqual([]);
    expect(kinds({ ...LINE, incurredOn: '2026-09-01' })).toEqual([]);
  });

  it('asks about a stage date before the line’s own date, before the incident, or after today', () => {
    expect(plausibilityAsks({ ...LINE, stageDates: { invoicedOn: '2026-06-01' } }, CONTEXT)).toEqual([
      { kind: 'before_line_date', field: 'invoicedOn', date: '2026-06-01', incurredOn: '2026-06-10' },
    ]);
    // 2020-01-01 is before the line too; the incident is what the user must hear about.
    expect(kinds({ ...LINE, stageDates: { paidOn: '2020-01-01' } })).toEqual(['before_incident']);
    expect(kinds({ ...LINE, stageDates: { agreedOn: '2027-01-01' } })).toEqual(['after_today']);
    expect(kinds({ ...LINE, stageDates: { invoicedOn: '2026-06-10', paidOn: '2026-07-01' } })).toEqual([]);
  });

  it('asks nothing about dates when the incident is not known yet, beyond today', () => {
    expect(kinds({ ...LINE, incurredOn: '2020-01-01' }, { ...CONTEXT, occurredOn: null })).toEqual([]);
  });

  it('lists every ask of a line, amount first', () => {
    expect(kinds({ amount: 0, incurredOn: '2027-01-01', stageDates: { invoicedOn: '2026-01-01' } })).toEqual(['zero_amount', 'after_today', 'before_incident']);
  });
});

describe('asked once per value', () => {
  it('remembers an answer for that value only', () => {
    const asks = plausibilityAsks({ ...LINE, amount: 150_000_000, incurredOn: '2020-01-01' }, CONTEXT);
    const answered = new Set(asks.map(askKey));
    expect(unansweredAsks(asks, answered)).toEqual([]);
    // Another amount or another date is a new question.
    expect(unansweredAsks(plausibilityAsks({ ...LINE, amount: 160_000_000, incurredOn: '2020-01-01' }, CONTEXT), answered).map((a) => a.kind)).toEqual([
      'large_amount',
    ]);
    expect(unansweredAsks(plausibilityAsks({ ...LINE, amount: 150_000_000, incurredOn: '2020-01-02' }, CONTEXT), answered).map((a) => a.kind)).toEqual([
      'before_incident',
    ]);
  });

  it('keys asks by kind, field and value', () => {
    expect(askKey({ kind: 'zero_amount' })).toBe('zero_amount');
    expect(askKey({ kind: 'large_amount', amount: 1e8 })).toBe('large_amount:100000000');
    expect(askKey({ kind: 'after_today', field: 'paidOn', date: '2027-01-01', today: '2026-09-01' })).toBe('after_today:paidOn:2027-01-01');
  });
});
