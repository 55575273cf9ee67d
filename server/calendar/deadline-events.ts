// The calendar feed's events: one all-day event on the due day of every open deadline (due soon, upcoming
// or late) of the given open incidents. Done, not required and not-yet-started duties have no day to show.

import { DEADLINE_RULES, deadlineTitle, type Deadline } from '../../shared/deadlines.ts';
import { formatDate } from '../../shared/dates.ts';
import { appHost, incidentLink } from '../app-url.ts';
import { deadlineSlug, type OpenIncidentDeadlines } from '../claims/open-deadlines.ts';
import type { IcsCalendar, IcsEvent } from './ics.ts';

const SHOWN: ReadonlySet<Deadline['state']> = new Set(['due_soon', 'upcoming', 'late']);

export const FEED_NAME = '事故対応の期限（Breach deadlines）';

function deadlineEvent(incident: OpenIncidentDeadlines, d: Deadline & { dueOn: string }, appUrl: string): IcsEvent {
  const link = incidentLink(appUrl, incident.incidentId);
  const title = incident.title.replace(/\s+/g, ' ').trim();
  const starts = (locale: 'ja' | 'en') => (d.startsOn ? formatDate(d.startsOn, locale) : '—');
  return {
    // The same deadline keeps its UID whatever its state or day, so an edited due day moves the event.
    uid: `${deadlineSlug(incident.incidentId, d, '-')}@${appHost(appUrl)}`,
    date: d.dueOn,
    summary: `${d.state === 'late' ? '【期限超過】' : ''}${deadlineTitle(d, 'ja')}（${title}）`,
    description: [
      `事故：${title}`,
      `根拠：${DEADLINE_RULES[d.key].ja}`,
      `起算日：${starts('ja')}`,
      '',
      `${deadlineTitle(d, 'en')}: ${DEADLINE_RULES[d.key].en}`,
      `Counted from: ${starts('en')}`,
      '',
      link,
    ].join('\n'),
    url: link,
    alarmDaysBefore: 1,
  };
}

export function deadlineEvents(open: readonly OpenIncidentDeadlines[], appUrl: string): IcsEvent[] {
  return open.flatMap((incident) =>
    incident.deadlines.filter((d): d is Deadline & { dueOn: string } => SHOWN.has(d.state) && d.dueOn !== null).map((d) => deadlineEvent(incident, d, appUrl)),
  );
}

export function deadlinesCalendar(open: readonly OpenIncidentDeadlines[], appUrl: string): IcsCalendar {
  return {
    prodId: '-//breach-cost-tracker//deadlines//JA',
    name: FEED_NAME,
    timeZone: 'Asia/Tokyo',
    events: deadlineEvents(open, appUrl),
  };
}
