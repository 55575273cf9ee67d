// Which reminder e-mails are due (server/reminders/due-reminders.ts) and what they say: the owners of each
// duty by role, one mail per member, deadline and state, none for disabled accounts or other companies.
import { describe, expect, it } from 'vitest';
import type { Deadline, DeadlineKey, DeadlineState } from '../../shared/deadlines.ts';
import type { OpenIncidentDeadlines } from '../../server/claims/open-deadlines.ts';
import { dueReminders, reminderDedupeKey, sentKey, type ReminderMember } from '../../server/reminders/due-reminders.ts';
import { reminderMail } from '../../server/reminders/reminder-mail.ts';
import { atLeast } from '../support/at.ts';

function deadline(key: DeadlineKey, state: DeadlineState, dueOn: string | null, daysLeft: number | null, extra: Partial<Deadline> = {}): Deadline {
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
    daysLeft,
    ...extra,
  };
}

const incident = (incidentId: string, companyId: string, deadlines: Deadline[]): OpenIncidentDeadlines => ({
  incidentId,
  companyId,
  title: '顧客DB漏えい',
  deadlines,
});

const A = 'company-a';
const member = (userId: string, role: ReminderMember['role'], extra: Partial<ReminderMember> = {}): ReminderMember => ({
  userId,
  email: `${userId}@example.jp`,
  name: userId,
  companyId: A,
  companyName: 'A社',
  role,
  disabled: false,
  ...extra,
});
const MEMBERS = [
  member('admin', 'admin'),
  member('responder', 'responder'),
  member('finance', 'finance'),
  member('retired-finance', 'finance', { disabled: true }),
  member('b-admin', 'admin', { companyId: 'company-b', companyName: 'B社' }),
];

const OPEN = [
  incident('inc-1', A, [
    deadline('insurer_notice', 'due_soon', '2026-06-08', 1),
    deadline('third_party_claim_notice', 'late', '2026-06-05', -2, { subjectId: 'claim-9', claimant: '山田太郎', start: 'received' }),
    deadline('regulator_first', 'late', '2026-06-06', -1),
    deadline('regulator_final', 'upcoming', '2026-07-01', 24),
    deadline('client_notice', 'not_required', '2026-06-06', null, { notRequiredReason: 'not_contractor' }),
    deadline('persons_notice', 'done', '2026-07-01', null, { doneOn: '2026-06-04' }),
    deadline('claim_limit_expenses', 'not_yet', null, null, { start: 'paid', startsOn: null }),
  ]),
];

const pairs = (due: ReturnType<typeof dueReminders>) => due.map((r) => `${r.userId} ${r.dedupeKey}`).sort();

describe('dueReminders', () => {
  it('tells each owner of a due-soon or late duty by role, and nobody of the rest', () => {
    expect(pairs(dueReminders(OPEN, MEMBERS, new Set()))).toEqual([
      // The insurer's notices are finance's (and the admin's); the regulator's are the responders'.
      'admin inc-1:insurer_notice:due_soon',
      'admin inc-1:regulator_first:late',
      'admin inc-1:third_party_claim_notice:claim-9:late',
      'finance inc-1:insurer_notice:due_soon',
      'finance inc-1:third_party_claim_notice:claim-9:late',
      'responder inc-1:regulator_first:late',
    ]);
  });

  it('never tells a disabled account or a member of another company', () => {
    const recipients = new Set(dueReminders(OPEN, MEMBERS, new Set()).map((r) => r.userId));
    expect(recipients.has('retired-finance')).toBe(false);
    expect(recipients.has('b-admin')).toBe(false);
  });

  it('sends a state once per member: what was sent is not due again, for that member only', () => {
    const sent = new Set([sentKey('admin', 'inc-1:insurer_notice:due_soon'), sentKey('responder', 'inc-1:regulator_first:late')]);
    expect(pairs(dueReminders(OPEN, MEMBERS, sent))).toEqual([
      'admin inc-1:regulator_first:late',
      'admin inc-1:third_party_claim_notice:claim-9:late',
      'finance inc-1:insurer_notice:due_soon',
      'finance inc-1:third_party_claim_notice:claim-9:late',
    ]);
  });

  it('tells again when a due-soon deadline turns late: another state, another key', () => {
    const sent = new Set([sentKey('finance', 'inc-1:insurer_notice:due_soon'), sentKey('admin', 'inc-1:insurer_notice:due_soon')]);
    const later = [incident('inc-1', A, [deadline('insurer_notice', 'late', '2026-06-08', -1)])];
    expect(pairs(dueReminders(later, MEMBERS, sent))).toEqual(['admin inc-1:insurer_notice:late', 'finance inc-1:insurer_notice:late']);
  });

  it('keys a third-party claim’s notice by the claim, so two claims are two reminders', () => {
    expect(reminderDedupeKey('inc-1', { key: 'third_party_claim_notice', subjectId: 'claim-9', state: 'late' })).toBe(
      'inc-1:third_party_claim_notice:claim-9:late',
    );
    expect(reminderDedupeKey('inc-1', { key: 'regulator_final', subjectId: null, state: 'due_soon' })).toBe('inc-1:regulator_final:due_soon');
  });
});

describe('reminderMail', () => {
  const [dueSoon] = atLeast(
    dueReminders([incident('inc-1', A, [deadline('regulator_final', 'due_soon', '2026-12-10', 5)])], [member('admin', 'admin')], new Set()),
    1,
  );
  const mail = reminderMail(dueSoon, 'https://app.example.jp');

  it('says what, for which incident and by when in the subject', () => {
    expect(mail.to).toBe('admin@example.jp');
    expect(mail.subject).toBe('【期限間近】個人情報保護委員会への確報（顧客DB漏えい）— 2026-12-10');
  });

  it('writes Japanese first and English underneath, with the rule, the days and the link', () => {
    const [ja, en] = mail.text.split('― English ―');
    expect(ja).toContain('次の期限まであと5日です。');
    expect(ja).toContain('対応：個人情報保護委員会への確報');
    expect(ja).toContain('根拠：知った日から30日以内');
    expect(ja).toContain('起算日：2026年6月2日');
    expect(ja).toContain('期日：2026年12月10日');
    expect(ja).toContain('状態：期限間近');
    expect(ja).toContain('開く：https://app.example.jp/incidents/inc-1');
    expect(ja).toContain('A社の対応担当・管理者の方に');
    expect(en).toContain('This deadline is 5 days away.');
    expect(en).toContain('Duty: Final report to the PPC');
    expect(en).toContain('Due: 10 Dec 2026');
    expect(en).toContain('Open: https://app.example.jp/incidents/inc-1');
  });

  it('says how late a missed deadline is, and names a third-party claim’s claimant', () => {
    const [late] = atLeast(
      dueReminders(OPEN, [member('finance', 'finance')], new Set()).filter((r) => r.deadline.key === 'third_party_claim_notice'),
      1,
    );
    const missed = reminderMail(late, 'https://app.example.jp');
    expect(missed.subject).toBe('【期限超過】保険会社への損害賠償請求の通知（山田太郎）（顧客DB漏えい）— 2026-06-05');
    expect(missed.text).toContain('次の期限を2日過ぎています。');
    expect(missed.text).toContain('This deadline passed 2 days ago.');
  });
});
