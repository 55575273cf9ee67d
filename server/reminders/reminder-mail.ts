// The words of one reminder e-mail: Japanese first, English underneath (members have no stored language).
// Plain text only: it reads the same in every mail client, and nothing in it needs markup.

import type { Role } from '../../shared/categories.ts';
import { formatDate } from '../../shared/dates.ts';
import { DEADLINE_OWNER_ROLES, DEADLINE_RULES, deadlineTitle } from '../../shared/deadlines.ts';
import { incidentLink } from '../app-url.ts';
import type { DueReminder, ReminderKind } from './due-reminders.ts';

export interface ReminderMail {
  to: string;
  subject: string;
  text: string;
}

const TAG: Record<ReminderKind, string> = { due_soon: '【期限間近】', late: '【期限超過】' };
const STATE: Record<ReminderKind, { ja: string; en: string }> = {
  due_soon: { ja: '期限間近', en: 'Due soon' },
  late: { ja: '期限超過', en: 'Late' },
};
const ROLE_WORDS: Record<Role, { ja: string; en: string }> = {
  responder: { ja: '対応担当', en: 'responders' },
  finance: { ja: '経理', en: 'finance' },
  admin: { ja: '管理者', en: 'admins' },
};

/** A title typed with a line break must not break the header it goes into. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function howFar(kind: ReminderKind, daysLeft: number): { ja: string; en: string } {
  if (kind === 'late') {
    const days = -daysLeft;
    return { ja: `次の期限を${days}日過ぎています。`, en: `This deadline passed ${days} day${days === 1 ? '' : 's'} ago.` };
  }
  if (daysLeft === 0) return { ja: '次の期限は本日です。', en: 'This deadline is today.' };
  return { ja: `次の期限まであと${daysLeft}日です。`, en: `This deadline is ${daysLeft} day${daysLeft === 1 ? '' : 's'} away.` };
}

export function reminderMail(reminder: DueReminder, appUrl: string): ReminderMail {
  const d = reminder.deadline;
  const kind = d.state;
  const title = oneLine(reminder.incidentTitle);
  const link = incidentLink(appUrl, reminder.incidentId);
  const far = howFar(kind, d.daysLeft ?? 0);
  const owners = DEADLINE_OWNER_ROLES[d.key];
  const starts = (locale: 'ja' | 'en') => (d.startsOn ? formatDate(d.startsOn, locale) : '—');
  const ja = [
    `${reminder.name} 様`,
    '',
    far.ja,
    '',
    `事故：${title}`,
    `対応：${deadlineTitle(d, 'ja')}`,
    `根拠：${DEADLINE_RULES[d.key].ja}`,
    `起算日：${starts('ja')}`,
    `期日：${formatDate(d.dueOn, 'ja')}`,
    `状態：${STATE[kind].ja}`,
    `開く：${link}`,
    '',
    '対応が済んだら、アプリの事故ページの「期限」に完了日を記録してください。',
    `このお知らせは${reminder.companyName}の${owners.map((r) => ROLE_WORDS[r].ja).join('・')}の方に、期限と状態ごとに一度だけお送りしています。`,
  ];
  const en = [
    `Dear ${reminder.name},`,
    '',
    far.en,
    '',
    `Incident: ${title}`,
    `Duty: ${deadlineTitle(d, 'en')}`,
    `Rule: ${DEADLINE_RULES[d.key].en}`,
    `Counted from: ${starts('en')}`,
    `Due: ${formatDate(d.dueOn, 'en')}`,
    `State: ${STATE[kind].en}`,
    `Open: ${link}`,
    '',
    'Once it is done, record the day under Deadlines on the incident’s page in the app.',
    `This is sent to ${reminder.companyName}’s ${owners.map((r) => ROLE_WORDS[r].en).join(' and ')}, once per deadline and state.`,
  ];
  return {
    to: reminder.email,
    subject: `${TAG[kind]}${deadlineTitle(d, 'ja')}（${title}）— ${d.dueOn}`,
    text: [...ja, '', '― English ―', '', ...en, ''].join('\n'),
  };
}
