// The documents checklist of one incident: counts lines and files in SQL, the shared rules decide.

import { and, eq, isNull, sql } from 'drizzle-orm';
import { documentChecklist, type DocumentKind } from '../../shared/documents.ts';
import type { Db } from '../db/client.ts';
import { attachments, documentWaivers } from '../db/schema.ts';

interface LineCounts {
  claimedLines: number;
  claimedLinesWithoutFile: number;
  estimateLines: number;
  estimateLinesWithoutFile: number;
  damagesLines: number;
  damagesLinesWithoutFile: number;
}

function lineCounts(db: Db, incidentId: string): LineCounts {
  const row = db.get<{ [K in keyof LineCounts]: number | null }>(sql`
    WITH lines AS (
      SELECT c.stage, c.category,
             EXISTS (SELECT 1 FROM attachments a WHERE a.cost_id = c.id AND a.deleted_at IS NULL) AS hasFile
        FROM costs c
       WHERE c.incident_id = ${incidentId} AND c.deleted_at IS NULL)
    SELECT SUM(stage <> 'estimate') AS claimedLines,
           SUM(stage <> 'estimate' AND NOT hasFile) AS claimedLinesWithoutFile,
           SUM(stage = 'estimate') AS estimateLines,
           SUM(stage = 'estimate' AND NOT hasFile) AS estimateLinesWithoutFile,
           SUM(stage <> 'estimate' AND category = 'damages') AS damagesLines,
           SUM(stage <> 'estimate' AND category = 'damages' AND NOT hasFile) AS damagesLinesWithoutFile
      FROM lines`);
  return {
    claimedLines: row?.claimedLines ?? 0,
    claimedLinesWithoutFile: row?.claimedLinesWithoutFile ?? 0,
    estimateLines: row?.estimateLines ?? 0,
    estimateLinesWithoutFile: row?.estimateLinesWithoutFile ?? 0,
    damagesLines: row?.damagesLines ?? 0,
    damagesLinesWithoutFile: row?.damagesLinesWithoutFile ?? 0,
  };
}

export function incidentChecklist(db: Db, incidentId: string, totalPayable: number) {
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
  return documentChecklist({
    totalPayable,
    ...lineCounts(db, incidentId),
    incidentFiles: Object.fromEntries(files.filter((f) => f.kind !== null).map((f) => [f.kind, f.count])) as Partial<Record<DocumentKind, number>>,
    waivers: Object.fromEntries(waivers.map((w) => [w.kind, w.reason])),
  });
}
