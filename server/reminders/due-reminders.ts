// Which reminder e-mails are due now: pure, from the open incidents' deadlines, the companies' members and
// what was sent before. One mail per member, incident, deadline and state (due soon, then late), to the
// members whose role owns the duty (DEADLINE_OWNER_ROLES); disabled accounts get none.

import type { Role } from '../../shared/categories.ts';
import { DEADLINE_OWNER_ROLES, type Deadline } from '../../shared/deadlines.ts';
import { deadlineSlug, type OpenIncidentDeadlines } from '../claims/open-deadlines.ts';

/** Before the deadline (due soon), or after it passed undone (late). */
export type ReminderKind = 'due_soon' | 'late';

export interface ReminderMember {
  userId: string;
  email: string;
  name: string;
  companyId: string;
  companyName: string;
  role: Role;
  /** users.disabled_at is set: the account may not sign in, so it is told nothing either. */
  disabled: boolean;
}

export interface DueReminder {
  userId: string;
  email: string;
  name: string;
  companyName: string;
  incidentId: string;
  incidentTitle: string;
  deadline: Deadline & { state: ReminderKind; dueOn: string };
  /** `${incidentId}:${key}[:subjectId]:${state}`: stored once sent, so a state is told once per member. */
  dedupeKey: string;
}

export function reminderDedupeKey(incidentId: string, d: Pick<Deadline, 'key' | 'subjectId' | 'state'>): string {
  return `${deadlineSlug(incidentId, d)}:${d.state}`;
}

/** How a sent reminder is looked up: the member and the dedupe key. */
export function sentKey(userId: string, dedupeKey: string): string {
  return `${userId}\n${dedupeKey}`;
}

const isReminderState = (d: Deadline): d is Deadline & { state: ReminderKind; dueOn: string } =>
  (d.state === 'due_soon' || d.state === 'late') && d.dueOn !== null;

/** `sent` holds `sentKey(userId, dedupeKey)` of every reminder already sent. */
export function dueReminders(open: readonly OpenIncidentDeadlines[], members: readonly ReminderMember[], sent: ReadonlySet<string>): DueReminder[] {
  const due: DueReminder[] = [];
  for (const incident of open) {
    const companyMembers = members.filter((m) => m.companyId === incident.companyId && !m.disabled);
    for (const deadline of incident.deadlines) {
      if (!isReminderState(deadline)) continue;
      const dedupeKey = reminderDedupeKey(incident.incidentId, deadline);
      const owners = DEADLINE_OWNER_ROLES[deadline.key];
      for (const member of companyMembers) {
        if (!owners.includes(member.role) || sent.has(sentKey(member.userId, dedupeKey))) continue;
        due.push({
          userId: member.userId,
          email: member.email,
          name: member.name,
          companyName: member.companyName,
          incidentId: incident.incidentId,
          incidentTitle: incident.title,
          deadline,
          dedupeKey,
        });
      }
    }
  }
  return due;
}
