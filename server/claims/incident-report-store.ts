// Reads an incident's report (incident_reports): for the incidentReport router and the claim package's forms.

import { eq } from 'drizzle-orm';
import { EMPTY_REPORT, INCIDENT_REPORT_KEYS, type IncidentReportTexts } from '../../shared/incident-report.ts';
import type { Db } from '../db/client.ts';
import { incidentReports } from '../db/schema.ts';
import { firstRow } from '../db/rows.ts';

export interface StoredReport extends IncidentReportTexts {
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The stored report, or null before its first save. */
export async function storedReport(db: Db, incidentId: string): Promise<StoredReport | null> {
  const row = await firstRow(db.select().from(incidentReports).where(eq(incidentReports.incidentId, incidentId)));
  if (!row) return null;
  const texts = Object.fromEntries(INCIDENT_REPORT_KEYS.map((key) => [key, row[key]])) as IncidentReportTexts;
  return { ...texts, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** The texts alone, all null before the first save. */
export function textsOf(stored: StoredReport | null): IncidentReportTexts {
  return Object.fromEntries(INCIDENT_REPORT_KEYS.map((key) => [key, stored?.[key] ?? EMPTY_REPORT[key]])) as IncidentReportTexts;
}

export const reportTexts = async (db: Db, incidentId: string) => textsOf(await storedReport(db, incidentId));
