// The documents checklist of one incident: counts lines and files in SQL, the shared rules decide.

import { and, eq, isNull, sql } from 'drizzle-orm';
import { CONSENT_CATEGORIES } from '../../shared/claim-status.ts';
import { documentChecklist, type DocumentCondition, type DocumentKind } from '../../shared/documents.ts';
import type { Db } from '../db/client.ts';
import { attachments, companies, documentWaivers, incidentReports, type incidents } from '../db/schema.ts';
import { claimProfileComplete, claimProfileSelection } from './company-profile-store.ts';
import { incidentDeadlines } from './deadlines.ts';
import { firstRow, allRows } from '../db/rows.ts';

type IncidentRow = typeof incidents.$inferSelect;

/** The lines the checklist asks files for, as claim.summary counts them. */
export interface LineCounts {
  claimed: number;
  estimate: number;
  claimedDamages: number;
}

/**
 * How many of those lines have at least one file. Driven by the attachments (a few hundred), not by
 * the lines (up to 100,000), so the dashboard's checklist stays cheap on a large ledger.
 */
async function linesWithFiles(db: Db, incidentId: string): Promise<LineCounts> {
  const row = (
    await allRows<{ claimed: number | null; estimate: number | null; claimedDamages: number | null }>(
      db,
      sql`
    SELECT SUM(CASE WHEN c.claimed THEN 1 ELSE 0 END) AS claimed,
           SUM(CASE WHEN NOT c.claimed THEN 1 ELSE 0 END) AS estimate,
           SUM(CASE WHEN c.claimed AND c.category = 'damages' THEN 1 ELSE 0 END) AS "claimedDamages"
      FROM costs c
     WHERE c.deleted_at IS NULL
       AND c.id IN (SELECT a.cost_id FROM attachments a
                     WHERE a.incident_id = ${incidentId} AND a.cost_id IS NOT NULL AND a.deleted_at IS NULL)`,
    )
  )[0];
  return { claimed: row?.claimed ?? 0, estimate: row?.estimate ?? 0, claimedDamages: row?.claimedDamages ?? 0 };
}

/** Which facts of the incident make a conditional document needed (shared/documents.ts). */
async function documentConditions(db: Db, incident: IncidentRow): Promise<Partial<Record<DocumentCondition, boolean>>> {
  const consent = CONSENT_CATEGORIES.map((c) => `'${c}'`).join(', ');
  // From the ledger's rollups (tens of rows), not the lines: cheap on a ledger of 100,000 lines.
  const row = (
    await allRows<Record<'investigation' | 'notices' | 'condolence' | 'overtime' | 'consent' | 'claimed', number | null>>(
      db,
      sql`
    SELECT MAX(CASE WHEN category = 'investigation' THEN 1 ELSE 0 END) AS investigation, MAX(CASE WHEN category = 'public_notice' THEN 1 ELSE 0 END) AS notices,
           MAX(CASE WHEN category = 'condolence' THEN 1 ELSE 0 END) AS condolence, MAX(CASE WHEN category = 'overtime_travel' THEN 1 ELSE 0 END) AS overtime,
           MAX(CASE WHEN category IN (${sql.raw(consent)}) THEN 1 ELSE 0 END) AS consent, MAX(CASE WHEN source = 'third_party' THEN 1 ELSE 0 END) AS claimed
      FROM cost_rollups WHERE incident_id = ${incident.id} AND line_count > 0`,
    )
  )[0];
  const deadlines = (await incidentDeadlines(db, incident)).deadlines;
  const owed = (key: string) => deadlines.some((d) => d.key === key && d.state !== 'not_required');
  return {
    investigation: !!row?.investigation,
    notices: !!row?.notices || incident.personsNotifiedOn !== null,
    condolence: !!row?.condolence,
    overtime: !!row?.overtime,
    consent: !!row?.consent,
    regulator_report: owed('regulator_first'),
    contractor: incident.dataRole !== 'own',
    // A claim recorded, or a line a third party claims from the insured: its demand letter backs it.
    third_party_claims: deadlines.some((d) => d.key === 'third_party_claim_notice') || !!row?.claimed,
  };
}

/**
 * The documents the package writes itself: the claim form once the profile it prints is complete (address,
 * 法人番号, representative, the account paid into), the incident report once any of it is written.
 */
async function generatedDocuments(db: Db, incident: IncidentRow): Promise<Partial<Record<DocumentKind, boolean>>> {
  const profile = await firstRow(db.select(claimProfileSelection).from(companies).where(eq(companies.id, incident.companyId)));
  const claimForm = !!profile && claimProfileComplete(profile);
  const r = await firstRow(db.select().from(incidentReports).where(eq(incidentReports.incidentId, incident.id)));
  const written =
    !!r && [r.summary, r.dataItems, r.cause, r.secondaryHarm, r.measuresForPersons, r.publication, r.recurrencePrevention, r.other].some((v) => !!v?.trim());
  return { claim_form: claimForm, incident_report: written };
}

export async function incidentChecklist(db: Db, incident: IncidentRow, summary: { amountClaimed: number; lineCounts: LineCounts }) {
  const incidentId = incident.id;
  const files = await db
    .select({ kind: attachments.documentKind, count: sql<number>`COUNT(*)` })
    .from(attachments)
    .where(and(eq(attachments.incidentId, incidentId), isNull(attachments.costId), isNull(attachments.deletedAt)))
    .groupBy(attachments.documentKind);
  const waivers = await db
    .select({ kind: documentWaivers.kind, reason: documentWaivers.reason })
    .from(documentWaivers)
    .where(eq(documentWaivers.incidentId, incidentId));
  const withFiles = await linesWithFiles(db, incidentId);
  const { lineCounts } = summary;
  return documentChecklist({
    amountClaimed: summary.amountClaimed,
    // Nothing records a payee other than the insured yet: the claim form pays the company's own account.
    payeeIsInsured: true,
    conditions: await documentConditions(db, incident),
    generated: await generatedDocuments(db, incident),
    claimedLines: lineCounts.claimed,
    claimedLinesWithoutFile: lineCounts.claimed - withFiles.claimed,
    estimateLines: lineCounts.estimate,
    estimateLinesWithoutFile: lineCounts.estimate - withFiles.estimate,
    damagesLines: lineCounts.claimedDamages,
    damagesLinesWithoutFile: lineCounts.claimedDamages - withFiles.claimedDamages,
    incidentFiles: Object.fromEntries(files.filter((f) => f.kind !== null).map((f) => [f.kind, f.count])) as Partial<Record<DocumentKind, number>>,
    waivers: Object.fromEntries(waivers.map((w) => [w.kind, w.reason])),
  });
}
