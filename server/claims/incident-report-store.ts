// Reads an incident's report (incident_reports): for the incidentReport router and the claim package's forms.

import { eq } from 'drizzle-orm';
import { EMPTY_REPORT, INCIDENT_REPORT_KEYS, type IncidentReportTexts } from '../../shared/incident-report.ts';
import type { Db, Tx } from '../db/client.ts';
import { incidentReports } from '../db/schema.ts';

export interface StoredReport extends IncidentReportTexts {
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The stored report, or null before its first save. */
export function storedReport(db: Db | Tx, incidentId: string): StoredReport | null {
  const row = db.select().from(incidentReports).where(eq(incidentReports.incidentId, incidentId)).get();
  if (!row) return null;
  const texts = Object.fromEntries(INCIDENT_REPORT_KEYS.map((key) => [key, row[key]])) as IncidentReportTexts;
  return { ...texts, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** The texts alone, all null before the first save. */
export function textsOf(stored: StoredReport | null): IncidentReportTexts {
  return Object.fromEntries(INCIDENT_REPORT_KEYS.map((key) => [key, stored?.[key] ?? EMPTY_REPORT[key]])) as IncidentReportTexts;
}

export const reportTexts = (db: Db | Tx, incidentId: string) => textsOf(storedReport(db, incidentId));
