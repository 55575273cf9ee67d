// The deadlines of open incidents (not settled), for what reaches people outside the app: the e-mail
// reminders and the calendar feed. Scoped as the in-app deadline notices are (deadline-notices.ts):
// the incidents of policyholder companies whose claim is not settled.

import { and, asc, inArray, isNull } from 'drizzle-orm';
import type { Deadline } from '../../shared/deadlines.ts';
import { todayInJapan } from '../../shared/dates.ts';
import type { Db } from '../db/client.ts';
import { mapReads } from '../db/transaction.ts';
import { incidents } from '../db/schema.ts';
import { incidentDeadlines } from './deadlines.ts';

export interface OpenIncidentDeadlines {
  incidentId: string;
  companyId: string;
  title: string;
  deadlines: Deadline[];
}

/** Open incidents of the given companies (every company when `companyIds` is null), oldest first. */
export async function openIncidentDeadlines(db: Db, companyIds: readonly string[] | null, today = todayInJapan()): Promise<OpenIncidentDeadlines[]> {
  if (companyIds !== null && companyIds.length === 0) return [];
  const open = await db
    .select()
    .from(incidents)
    .where(and(companyIds === null ? undefined : inArray(incidents.companyId, [...companyIds]), isNull(incidents.settledOn)))
    .orderBy(asc(incidents.createdAt), asc(incidents.id));
  return await mapReads(db, open, async (incident) => ({
    incidentId: incident.id,
    companyId: incident.companyId,
    title: incident.title,
    deadlines: (await incidentDeadlines(db, incident, today)).deadlines,
  }));
}

/** The key that names one deadline of one incident: a third-party claim's notice is one per claim. */
export function deadlineSlug(incidentId: string, d: Pick<Deadline, 'key' | 'subjectId'>, separator = ':'): string {
  return [incidentId, d.key, ...(d.subjectId ? [d.subjectId] : [])].join(separator);
}
