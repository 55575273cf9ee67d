// The documents checklist of one incident: counts lines and files in SQL, the shared rules decide.

import { and, eq, isNull, sql } from 'drizzle-orm';
import { documentChecklist, type DocumentKind } from '../../shared/documents.ts';
import type { Db } from '../db/client.ts';
import { attachments, documentWaivers } from '../db/schema.ts';

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
function linesWithFiles(db: Db, incidentId: string): LineCounts {
  const row = db.get<{ claimed: number | null; estimate: number | null; claimedDamages: number | null }>(sql`
    SELECT SUM(c.claimed) AS claimed,
           SUM(NOT c.claimed) AS estimate,
           SUM(c.claimed AND c.category = 'damages') AS claimedDamages
      FROM costs c
     WHERE c.deleted_at IS NULL
       AND c.id IN (SELECT a.cost_id FROM attachments a
                     WHERE a.incident_id = ${incidentId} AND a.cost_id IS NOT NULL AND a.deleted_at IS NULL)`);
  return { claimed: row?.claimed ?? 0, estimate: row?.estimate ?? 0, claimedDamages: row?.claimedDamages ?? 0 };
}

export function incidentChecklist(db: Db, incidentId: string, summary: { totalPayable: number; lineCounts: LineCounts }) {
  const files = db
    .select({ kind: attachments.documentKind, count: sql<number>`COUNT(*)` })
    .from(attachments)
    .where(and(eq(attachments.incidentId, incidentId), isNull(attachments.costId), isNull(attachments.deletedAt)))
    .groupBy(attachments.documentKind)
    .all();
  const waivers = db
    .select({ kind: documentWaivers.kind, reason: documentWaivers.reason })
    .from(documentWaivers)
    .where(eq(documentWaivers.incidentId, incidentId))
    .all();
  const withFiles = linesWithFiles(db, incidentId);
  const { lineCounts } = summary;
  return documentChecklist({
    totalPayable: summary.totalPayable,
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
