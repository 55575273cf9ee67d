// One run of the reminder job: what is due now is sent, each mail recorded once the SMTP server accepted
// it; a mail that failed is not recorded, so the next run tries it again (docs/decisions/028).

import { asc, eq } from 'drizzle-orm';
import { todayInJapan } from '../../shared/dates.ts';
import { openIncidentDeadlines } from '../claims/open-deadlines.ts';
import type { Db } from '../db/client.ts';
import { companies, deadlineReminders, memberships, users } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { dueReminders, sentKey, type ReminderMember } from './due-reminders.ts';
import type { Mailer } from './mailer.ts';
import { reminderMail } from './reminder-mail.ts';

export interface ReminderRunOptions {
  db: Db;
  mailer: Mailer;
  appUrl: string;
  /** Today in Japan; tests pass a fixed day. */
  today?: string;
  /** Where a failed send is reported (the run goes on with the next mail). */
  onError?: (error: unknown, to: string, dedupeKey: string) => void;
}

export interface ReminderRunResult {
  due: number;
  sent: number;
  failed: number;
}

async function policyholderMembers(db: Db): Promise<ReminderMember[]> {
  return (
    await db
      .select({
        userId: users.id,
        email: users.email,
        name: users.name,
        companyId: memberships.companyId,
        companyName: companies.name,
        role: memberships.role,
        disabledAt: users.disabledAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(companies, eq(companies.id, memberships.companyId))
      .where(eq(companies.kind, 'policyholder'))
      .orderBy(asc(memberships.companyId), asc(memberships.createdAt), asc(memberships.userId))
  ).map(({ disabledAt, ...m }) => ({ ...m, disabled: disabledAt !== null }));
}

async function alreadySent(db: Db): Promise<Set<string>> {
  return new Set((await db.select().from(deadlineReminders)).map((r) => sentKey(r.userId, r.dedupeKey)));
}

export async function runReminders({ db, mailer, appUrl, today = todayInJapan(), onError }: ReminderRunOptions): Promise<ReminderRunResult> {
  const due = dueReminders(await openIncidentDeadlines(db, null, today), await policyholderMembers(db), await alreadySent(db));
  let sent = 0;
  let failed = 0;
  // One at a time: a run sends a handful of mails, and a relay that limits rates is never flooded.
  for (const reminder of due) {
    try {
      await mailer.send(reminderMail(reminder, appUrl));
    } catch (error) {
      failed += 1;
      onError?.(error, reminder.email, reminder.dedupeKey);
      continue;
    }
    // Accepted by the SMTP server: from now on this member is not told of this state again.
    await db.insert(deadlineReminders).values({ userId: reminder.userId, dedupeKey: reminder.dedupeKey, sentAt: nowIso() }).onConflictDoNothing();
    sent += 1;
  }
  return { due: due.length, sent, failed };
}
