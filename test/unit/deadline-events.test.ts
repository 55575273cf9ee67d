// The calendar feed's events from the deadlines (server/calendar/deadline-events.ts): which states are
// shown, on which day, under which stable UID, with what title.
import { describe, expect, it } from 'vitest';
import { deadlineEvents } from '../../server/calendar/deadline-events.ts';
import type { Deadline, DeadlineKey, DeadlineState } from '../../shared/deadlines.ts';
import { at } from '../support/at.ts';

function deadline(key: DeadlineKey, state: DeadlineState, dueOn: string | null, extra: Partial<Deadline> = {}): Deadline {
  return {
    key,
    subjectId: null,
    claimant: null,
    start: 'aware',
    startsOn: '2026-06-02',
    dueOn,
    doneOn: null,
    reference: null,
    state,
    notRequiredReason: null,
    daysLeft: null,
    ...extra,
  };
}

const open = [
  {
    incidentId: 'inc-1',
    companyId: 'co',
    title: '顧客DB\n漏えい',
    deadlines: [
      deadline('insurer_notice', 'done', '2026-06-08', { doneOn: '2026-06-03' }),
      deadline('third_party_claim_notice', 'due_soon', '2026-06-12', { subjectId: 'claim-9', claimant: '山田太郎', start: 'received', startsOn: '2026-06-06' }),
      deadline('regulator_first', 'late', '2026-06-06'),
      deadline('regulator_final', 'upcoming', '2026-07-01'),
      deadline('client_notice', 'not_required', '2026-06-06', { notRequiredReason: 'not_contractor' }),
      deadline('claim_limit_expenses', 'not_yet', null, { start: 'paid', startsOn: null }),
    ],
  },
];

describe('deadlineEvents', () => {
  const events = deadlineEvents(open, 'https://claims.example.jp');

  it('shows due-soon, upcoming and late deadlines only, each on its due day', () => {
    expect(events.map((e) => [e.date, e.summary])).toEqual([
      ['2026-06-12', '保険会社への損害賠償請求の通知（山田太郎）（顧客DB 漏えい）'],
      ['2026-06-06', '【期限超過】個人情報保護委員会への速報（顧客DB 漏えい）'],
      ['2026-07-01', '個人情報保護委員会への確報（顧客DB 漏えい）'],
    ]);
  });

  it('gives each a UID of the incident, the duty and the claim, on the app’s host', () => {
    expect(events.map((e) => e.uid)).toEqual([
      'inc-1-third_party_claim_notice-claim-9@claims.example.jp',
      'inc-1-regulator_first@claims.example.jp',
      'inc-1-regulator_final@claims.example.jp',
    ]);
  });

  it('links to the incident and describes the rule from its starting day, with an alarm a day before', () => {
    const claim = at(events, 0);
    expect(claim.url).toBe('https://claims.example.jp/incidents/inc-1');
    expect(claim.alarmDaysBefore).toBe(1);
    expect(claim.description).toBe(
      [
        '事故：顧客DB 漏えい',
        '根拠：請求を受けた日から遅滞なく、書面で請求者を添えて（7日目まで）。',
        '起算日：2026年6月6日',
        '',
        'Notify the insurer of a third-party claim (山田太郎): Without delay from receiving the claim, in writing with the claimant (by day 7).',
        'Counted from: 6 Jun 2026',
        '',
        'https://claims.example.jp/incidents/inc-1',
      ].join('\n'),
    );
  });
});
