// The deadlines clock (docs/rules.md, "Deadlines"): each duty from its own starting day, the day of awareness
// counted as day 1 with weekends and holidays included, the triggers on persons, the encryption exemption,
// the contractor's notice instead of the report, the insurer's notice per third-party claim, and the
// three-year limit per component. Every expected date below was counted by hand on a calendar.
import { describe, expect, it } from 'vitest';
import { computeDeadlines, type Deadline, type DeadlineFacts, type DeadlineKey } from '../../shared/deadlines.ts';

const facts = (overrides: Partial<DeadlineFacts> = {}): DeadlineFacts => ({
  discoveredOn: '2028-02-28',
  awareOn: null,
  recordsAffected: null,
  personsAffected: null,
  sensitiveData: false,
  financialHarm: false,
  malicious: false,
  encrypted: false,
  dataRole: 'own',
  insurerNotifiedOn: null,
  insurerClaimReference: null,
  regulatorFirstReportOn: null,
  regulatorFinalReportOn: null,
  clientNotifiedOn: null,
  personsNotifiedOn: null,
  thirdPartyClaims: [],
  firstCostPaidOn: null,
  firstDamagesFixedOn: null,
  claimSentOn: null,
  ...overrides,
});

/** The incident's own duties by key (third-party notices are checked on their own). */
function byKey(input: Partial<DeadlineFacts>, today: string): Record<DeadlineKey, Deadline> {
  const { deadlines } = computeDeadlines(facts(input), today);
  return Object.fromEntries(deadlines.filter((d) => d.subjectId === null).map((d) => [d.key, d])) as Record<DeadlineKey, Deadline>;
}

describe('insurer notice of the incident', () => {
  it('falls on day 7 counting the day of awareness as day 1, across 29 February 2028', () => {
    // Aware (= discovered) Monday 28 February 2028: 28, 29, 1, 2, 3, 4, 5 March.
    expect(byKey({}, '2028-02-28').insurer_notice).toMatchObject({
      start: 'aware',
      startsOn: '2028-02-28',
      dueOn: '2028-03-05',
      state: 'due_soon',
      daysLeft: 6,
    });
  });

  it('counts from awareness when the company knew before the formal discovery', () => {
    expect(byKey({ awareOn: '2028-02-20' }, '2028-02-28').insurer_notice).toMatchObject({
      startsOn: '2028-02-20',
      dueOn: '2028-02-26',
      state: 'late',
      daysLeft: -2,
    });
  });

  it('is due on its day, late the day after, and done with the insurer’s claim reference', () => {
    expect(byKey({}, '2028-03-05').insurer_notice).toMatchObject({ state: 'due_soon', daysLeft: 0 });
    expect(byKey({}, '2028-03-06').insurer_notice).toMatchObject({ state: 'late', daysLeft: -1 });
    expect(byKey({ insurerNotifiedOn: '2028-03-01', insurerClaimReference: 'AC-2028-0042' }, '2028-04-01').insurer_notice).toMatchObject({
      state: 'done',
      doneOn: '2028-03-01',
      reference: 'AC-2028-0042',
      daysLeft: null,
    });
  });
});

describe('reports to the regulator (PPC) from the day of awareness', () => {
  it('on a Friday before a holiday weekend: nothing moves for the weekend or the holiday', () => {
    // Aware Friday 17 July 2026; 18–19 are the weekend, Monday 20 July is 海の日. Day 5 is Tuesday 21 July,
    // day 30 Saturday 15 August, day 60 Monday 14 September.
    const d = byKey({ awareOn: '2026-07-17', discoveredOn: '2026-07-21', personsAffected: 1500 }, '2026-07-17');
    expect(d.regulator_first).toMatchObject({ startsOn: '2026-07-17', dueOn: '2026-07-21', state: 'due_soon', daysLeft: 4 });
    expect(d.regulator_final).toMatchObject({ startsOn: '2026-07-17', dueOn: '2026-08-15' });
    expect(byKey({ awareOn: '2026-07-17', discoveredOn: '2026-07-21', malicious: true }, '2026-07-17').regulator_final.dueOn).toBe('2026-09-14');
  });

  it('the final report is late on day 31 (discovery + 30 would be a day too late)', () => {
    const d = byKey({ sensitiveData: true }, '2028-03-29');
    expect(d.regulator_final).toMatchObject({ dueOn: '2028-03-28', state: 'late', daysLeft: -1 });
    expect(byKey({ sensitiveData: true }, '2028-03-28').regulator_final).toMatchObject({ state: 'due_soon', daysLeft: 0 });
  });

  it('counts persons, not records: 1,000 persons is no trigger, 1,001 is', () => {
    expect(computeDeadlines(facts({ personsAffected: 1000, recordsAffected: 5000 }), '2028-02-28').triggers).toEqual([]);
    expect(byKey({ personsAffected: 1000, recordsAffected: 5000 }, '2028-02-28').regulator_first).toMatchObject({
      state: 'not_required',
      notRequiredReason: 'no_trigger',
    });
    expect(computeDeadlines(facts({ personsAffected: 1001 }), '2028-02-28').triggers).toEqual(['over_1000_persons']);
    expect(byKey({ personsAffected: 1001 }, '2028-02-28').regulator_first).toMatchObject({ state: 'due_soon', dueOn: '2028-03-03' });
  });

  it('uses the records while the persons are not known (records are the upper bound)', () => {
    expect(computeDeadlines(facts({ recordsAffected: 1001 }), '2028-02-28').triggers).toEqual(['over_1000_persons']);
    expect(computeDeadlines(facts({ recordsAffected: 1000 }), '2028-02-28').triggers).toEqual([]);
  });

  it('is not owed for strongly encrypted data, whatever the trigger; nor is the persons’ notice', () => {
    const d = byKey({ personsAffected: 50_000, sensitiveData: true, malicious: true, encrypted: true }, '2028-06-01');
    for (const key of ['regulator_first', 'regulator_final', 'persons_notice'] as const) {
      expect(d[key]).toMatchObject({ state: 'not_required', notRequiredReason: 'encrypted', daysLeft: null });
    }
    expect(d.insurer_notice.state).toBe('late');
  });

  it('wants the persons notified by the final report’s day at the latest, and done when they were', () => {
    expect(byKey({ financialHarm: true }, '2028-02-28').persons_notice).toMatchObject({ dueOn: '2028-03-28', state: 'upcoming' });
    expect(byKey({ financialHarm: true, personsNotifiedOn: '2028-03-02' }, '2028-04-30').persons_notice).toMatchObject({ state: 'done', doneOn: '2028-03-02' });
  });
});

describe('a contractor (委託先, B in example 2)', () => {
  it('notifies its client by day 5 instead of reporting, and owes the persons nothing itself', () => {
    const d = byKey({ dataRole: 'contractor', personsAffected: 15_000 }, '2028-02-28');
    expect(d.client_notice).toMatchObject({ state: 'due_soon', startsOn: '2028-02-28', dueOn: '2028-03-03', daysLeft: 4 });
    expect(d.regulator_first).toMatchObject({ state: 'not_required', notRequiredReason: 'contractor_notifies_client' });
    expect(d.regulator_final).toMatchObject({ state: 'not_required', notRequiredReason: 'contractor_notifies_client' });
    expect(d.persons_notice).toMatchObject({ state: 'not_required', notRequiredReason: 'contractor_notifies_client' });
    expect(byKey({ dataRole: 'contractor', personsAffected: 15_000, clientNotifiedOn: '2028-03-01' }, '2028-03-10').client_notice).toMatchObject({
      state: 'done',
    });
  });

  it('owes no notice to a client when nothing is reportable, and a company that is not a contractor owes none', () => {
    expect(byKey({ dataRole: 'contractor', personsAffected: 10 }, '2028-02-28').client_notice).toMatchObject({
      state: 'not_required',
      notRequiredReason: 'no_trigger',
    });
    expect(byKey({ dataRole: 'own', personsAffected: 5000 }, '2028-02-28').client_notice).toMatchObject({
      state: 'not_required',
      notRequiredReason: 'not_contractor',
    });
    // The client whose contractor leaked its data reports itself.
    expect(byKey({ dataRole: 'client', personsAffected: 5000 }, '2028-02-28').regulator_first.state).toBe('due_soon');
  });
});

describe('third-party claims', () => {
  it('each owes the insurer a notice by day 7 from its receipt, with the claimant and the reference', () => {
    const { deadlines } = computeDeadlines(
      facts({
        thirdPartyClaims: [
          { id: 'c1', claimant: '株式会社A', receivedOn: '2028-03-10', insurerNotifiedOn: null, insurerReference: null },
          { id: 'c2', claimant: '山田太郎', receivedOn: '2028-03-01', insurerNotifiedOn: '2028-03-03', insurerReference: 'TP-7' },
        ],
      }),
      '2028-03-17',
    );
    const notices = deadlines.filter((d) => d.key === 'third_party_claim_notice');
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatchObject({
      subjectId: 'c1',
      claimant: '株式会社A',
      start: 'received',
      startsOn: '2028-03-10',
      dueOn: '2028-03-16',
      state: 'late',
      daysLeft: -1,
    });
    expect(notices[1]).toMatchObject({ subjectId: 'c2', state: 'done', doneOn: '2028-03-03', reference: 'TP-7' });
  });
});

describe('three-year limit per component (保険法95条)', () => {
  it('has not started before anything was paid or settled, so it is never late', () => {
    const d = byKey({}, '2040-01-01');
    expect(d.claim_limit_expenses).toMatchObject({ state: 'not_yet', dueOn: null, startsOn: null, daysLeft: null });
    expect(d.claim_limit_damages).toMatchObject({ state: 'not_yet', dueOn: null, daysLeft: null });
  });

  it('runs from the first payment for expenses and from the settlement for damages, to the same calendar day', () => {
    const d = byKey({ firstCostPaidOn: '2028-03-15', firstDamagesFixedOn: '2028-09-30' }, '2028-10-01');
    expect(d.claim_limit_expenses).toMatchObject({ start: 'paid', startsOn: '2028-03-15', dueOn: '2031-03-15', state: 'upcoming' });
    expect(d.claim_limit_damages).toMatchObject({ start: 'settled', startsOn: '2028-09-30', dueOn: '2031-09-30', state: 'upcoming' });
  });

  it('from 29 February ends on 28 February three years on', () => {
    expect(byKey({ firstCostPaidOn: '2028-02-29' }, '2028-03-01').claim_limit_expenses.dueOn).toBe('2031-02-28');
  });

  it('is due soon in its last 90 days, late after, and met by a claim sent after the right arose', () => {
    const paid = { firstCostPaidOn: '2028-03-15' };
    expect(byKey(paid, '2030-12-15').claim_limit_expenses).toMatchObject({ state: 'due_soon', daysLeft: 90 });
    expect(byKey(paid, '2031-03-16').claim_limit_expenses).toMatchObject({ state: 'late', daysLeft: -1 });
    expect(byKey({ ...paid, claimSentOn: '2028-05-01' }, '2031-06-01').claim_limit_expenses).toMatchObject({ state: 'done', doneOn: '2028-05-01' });
    // A claim sent before the settlement did not claim the damages: their clock still runs.
    expect(byKey({ firstDamagesFixedOn: '2029-01-10', claimSentOn: '2028-05-01' }, '2029-01-11').claim_limit_damages).toMatchObject({
      state: 'upcoming',
      doneOn: null,
    });
  });
});

describe('one incident, one day', () => {
  it('lists every duty in a fixed order', () => {
    const { deadlines, awareOn } = computeDeadlines(facts({ awareOn: '2028-02-25', personsAffected: 1200, insurerNotifiedOn: '2028-02-26' }), '2028-03-15');
    expect(awareOn).toBe('2028-02-25');
    expect(deadlines.map((d) => [d.key, d.dueOn, d.state])).toEqual([
      ['insurer_notice', '2028-03-02', 'done'],
      ['regulator_first', '2028-02-29', 'late'],
      ['regulator_final', '2028-03-25', 'upcoming'],
      ['client_notice', '2028-02-29', 'not_required'],
      ['persons_notice', '2028-03-25', 'upcoming'],
      ['claim_limit_expenses', null, 'not_yet'],
      ['claim_limit_damages', null, 'not_yet'],
    ]);
  });
});
