// The deadlines clock (docs/rules.md §6): due dates counted from the discovery date with real calendar
// arithmetic (month ends, 29 February 2028), the states at fixed days, and what triggers the reports.
import { describe, expect, it } from 'vitest';
import { computeDeadlines, type Deadline, type DeadlineFacts, type DeadlineKey } from '../../shared/deadlines.ts';

const facts = (overrides: Partial<DeadlineFacts> = {}): DeadlineFacts => ({
  discoveredOn: '2028-02-28',
  recordsAffected: null,
  sensitiveData: false,
  financialHarm: false,
  malicious: false,
  insurerNotifiedOn: null,
  regulatorFirstReportOn: null,
  regulatorFinalReportOn: null,
  claimSentOn: null,
  ...overrides,
});

function byKey(input: Partial<DeadlineFacts>, today: string): Record<DeadlineKey, Deadline> {
  const { deadlines } = computeDeadlines(facts(input), today);
  expect(deadlines.map((d) => d.key)).toEqual(['insurer_notice', 'regulator_first', 'regulator_final', 'claim_limit']);
  return Object.fromEntries(deadlines.map((d) => [d.key, d])) as Record<DeadlineKey, Deadline>;
}

describe('insurer notice', () => {
  it('is due seven days after discovery, across 29 February 2028', () => {
    const d = byKey({}, '2028-02-28');
    expect(d.insurer_notice).toEqual({ key: 'insurer_notice', dueOn: '2028-03-06', doneOn: null, state: 'due_soon', daysLeft: 7 });
  });

  it('is still due (not late) on its due day, and late from the day after', () => {
    expect(byKey({}, '2028-03-06').insurer_notice).toMatchObject({ state: 'due_soon', daysLeft: 0 });
    expect(byKey({}, '2028-03-07').insurer_notice).toMatchObject({ state: 'late', daysLeft: -1 });
    expect(byKey({}, '2028-04-01').insurer_notice).toMatchObject({ state: 'late', daysLeft: -26 });
  });

  it('is done once the insurer was notified, even late, with no days left counted', () => {
    expect(byKey({ insurerNotifiedOn: '2028-03-10' }, '2028-04-01').insurer_notice).toEqual({
      key: 'insurer_notice',
      dueOn: '2028-03-06',
      doneOn: '2028-03-10',
      state: 'done',
      daysLeft: null,
    });
    expect(byKey({ insurerNotifiedOn: '2028-02-28' }, '2028-02-28').insurer_notice).toMatchObject({ state: 'done', daysLeft: null });
  });

  it('crosses a month end and a year end', () => {
    expect(byKey({ discoveredOn: '2027-12-28' }, '2027-12-28').insurer_notice.dueOn).toBe('2028-01-04');
    expect(byKey({ discoveredOn: '2026-02-25' }, '2026-02-25').insurer_notice.dueOn).toBe('2026-03-04');
    expect(byKey({ discoveredOn: '2026-04-30' }, '2026-04-30').insurer_notice.dueOn).toBe('2026-05-07');
  });
});

describe('reports to the regulator (PPC)', () => {
  it('are not required without a trigger, whatever the date', () => {
    const { triggers, deadlines } = computeDeadlines(facts({ recordsAffected: 10 }), '2028-12-31');
    expect(triggers).toEqual([]);
    const d = Object.fromEntries(deadlines.map((x) => [x.key, x]));
    expect(d.regulator_first).toEqual({ key: 'regulator_first', dueOn: '2028-03-04', doneOn: null, state: 'not_required', daysLeft: null });
    expect(d.regulator_final).toEqual({ key: 'regulator_final', dueOn: '2028-03-29', doneOn: null, state: 'not_required', daysLeft: null });
  });

  it.each([
    ['sensitive data', { sensitiveData: true }, 'sensitive_data'],
    ['a risk of financial harm', { financialHarm: true }, 'financial_harm'],
    ['a malicious leak', { malicious: true }, 'malicious'],
    ['more than 1,000 persons', { recordsAffected: 1001 }, 'over_1000_persons'],
  ] as const)('are required with %s', (_name, input, trigger) => {
    const { triggers, deadlines } = computeDeadlines(facts(input), '2028-02-28');
    expect(triggers).toEqual([trigger]);
    for (const key of ['regulator_first', 'regulator_final']) {
      const deadline = deadlines.find((d) => d.key === key)!;
      expect(deadline.state, key).not.toBe('not_required');
      expect(deadline.daysLeft, key).toBeTypeOf('number');
    }
  });

  it('counts exactly 1,000 persons as no trigger (more than 1,000 is)', () => {
    expect(computeDeadlines(facts({ recordsAffected: 1000 }), '2028-02-28').triggers).toEqual([]);
    expect(byKey({ recordsAffected: 1000 }, '2028-02-28').regulator_first.state).toBe('not_required');
    expect(byKey({ recordsAffected: 1001 }, '2028-02-28').regulator_first.state).toBe('upcoming');
  });

  it('lists every trigger that holds, in a fixed order', () => {
    const { triggers } = computeDeadlines(facts({ recordsAffected: 5000, malicious: true, financialHarm: true, sensitiveData: true }), '2028-02-28');
    expect(triggers).toEqual(['sensitive_data', 'financial_harm', 'malicious', 'over_1000_persons']);
  });

  it('wants the first report five days after discovery, due soon two days before', () => {
    const on = (today: string) => byKey({ sensitiveData: true }, today).regulator_first;
    expect(on('2028-02-28')).toEqual({ key: 'regulator_first', dueOn: '2028-03-04', doneOn: null, state: 'upcoming', daysLeft: 5 });
    expect(on('2028-03-01')).toMatchObject({ state: 'upcoming', daysLeft: 3 });
    expect(on('2028-03-02')).toMatchObject({ state: 'due_soon', daysLeft: 2 });
    expect(on('2028-03-04')).toMatchObject({ state: 'due_soon', daysLeft: 0 });
    expect(on('2028-03-05')).toMatchObject({ state: 'late', daysLeft: -1 });
    expect(byKey({ sensitiveData: true, regulatorFirstReportOn: '2028-03-03' }, '2028-03-05').regulator_first).toMatchObject({
      state: 'done',
      doneOn: '2028-03-03',
      daysLeft: null,
    });
  });

  it('wants the final report 30 days after discovery, due soon seven days before', () => {
    const on = (today: string) => byKey({ financialHarm: true }, today).regulator_final;
    expect(on('2028-02-28')).toEqual({ key: 'regulator_final', dueOn: '2028-03-29', doneOn: null, state: 'upcoming', daysLeft: 30 });
    expect(on('2028-03-21')).toMatchObject({ state: 'upcoming', daysLeft: 8 });
    expect(on('2028-03-22')).toMatchObject({ state: 'due_soon', daysLeft: 7 });
    expect(on('2028-03-30')).toMatchObject({ state: 'late', daysLeft: -1 });
    expect(byKey({ financialHarm: true, regulatorFinalReportOn: '2028-03-28' }, '2028-04-30').regulator_final).toMatchObject({ state: 'done', doneOn: '2028-03-28' });
  });

  it('gives 60 days for the final report when the leak was malicious (the first report stays at 5)', () => {
    const d = byKey({ malicious: true }, '2028-02-28');
    expect(d.regulator_first.dueOn).toBe('2028-03-04');
    expect(d.regulator_final).toMatchObject({ dueOn: '2028-04-28', state: 'upcoming', daysLeft: 60 });
    expect(byKey({ malicious: true }, '2028-04-21').regulator_final).toMatchObject({ state: 'due_soon', daysLeft: 7 });
    expect(byKey({ malicious: true }, '2028-04-29').regulator_final).toMatchObject({ state: 'late', daysLeft: -1 });
  });

  it('counts over month ends in a common year and into a leap February', () => {
    // 31 January 2026 + 30 days: February 2026 has 28 days.
    expect(byKey({ discoveredOn: '2026-01-31', sensitiveData: true }, '2026-01-31').regulator_final.dueOn).toBe('2026-03-02');
    // 31 January 2028 + 30 days: February 2028 has 29.
    expect(byKey({ discoveredOn: '2028-01-31', sensitiveData: true }, '2028-01-31').regulator_final.dueOn).toBe('2028-03-01');
    const december = byKey({ discoveredOn: '2027-12-28', malicious: true }, '2027-12-28');
    expect(december.regulator_first.dueOn).toBe('2028-01-02');
    expect(december.regulator_final.dueOn).toBe('2028-02-26');
  });
});

describe('three-year claim limit', () => {
  it('ends on the same calendar day three years after discovery (the first day is not counted, Civil Code art. 140)', () => {
    // 2028-02-28 → 2031-02-28: 366 + 365 + 365 days, because 2028 has a 29 February.
    expect(byKey({}, '2028-02-28').claim_limit).toEqual({ key: 'claim_limit', dueOn: '2031-02-28', doneOn: null, state: 'upcoming', daysLeft: 1096 });
    expect(byKey({ discoveredOn: '2026-06-02' }, '2026-06-02').claim_limit.dueOn).toBe('2029-06-02');
    expect(byKey({ discoveredOn: '2027-01-01' }, '2027-01-01').claim_limit.dueOn).toBe('2030-01-01');
  });

  it('from 29 February ends on 28 February three years on (no 29th then)', () => {
    expect(byKey({ discoveredOn: '2028-02-29' }, '2028-02-29').claim_limit.dueOn).toBe('2031-02-28');
  });

  it('is due soon in its last 90 days, late after, and done once the claim was sent', () => {
    expect(byKey({}, '2030-11-29').claim_limit).toMatchObject({ state: 'upcoming', daysLeft: 91 });
    expect(byKey({}, '2030-11-30').claim_limit).toMatchObject({ state: 'due_soon', daysLeft: 90 });
    expect(byKey({}, '2031-02-28').claim_limit).toMatchObject({ state: 'due_soon', daysLeft: 0 });
    expect(byKey({}, '2031-03-01').claim_limit).toMatchObject({ state: 'late', daysLeft: -1 });
    expect(byKey({}, '2031-03-31').claim_limit).toMatchObject({ state: 'late', daysLeft: -31 });
    expect(byKey({ claimSentOn: '2029-05-01' }, '2031-03-31').claim_limit).toEqual({
      key: 'claim_limit',
      dueOn: '2031-02-28',
      doneOn: '2029-05-01',
      state: 'done',
      daysLeft: null,
    });
  });
});

describe('one incident, one day', () => {
  it('reports every deadline at once, with negative days for the late ones', () => {
    const { deadlines } = computeDeadlines(facts({ recordsAffected: 1200, insurerNotifiedOn: '2028-03-01' }), '2028-03-15');
    expect(deadlines).toEqual([
      { key: 'insurer_notice', dueOn: '2028-03-06', doneOn: '2028-03-01', state: 'done', daysLeft: null },
      { key: 'regulator_first', dueOn: '2028-03-04', doneOn: null, state: 'late', daysLeft: -11 },
      { key: 'regulator_final', dueOn: '2028-03-29', doneOn: null, state: 'upcoming', daysLeft: 14 },
      { key: 'claim_limit', dueOn: '2031-02-28', doneOn: null, state: 'upcoming', daysLeft: 1080 },
    ]);
  });
});
