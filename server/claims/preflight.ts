// The pre-flight check of one incident (shared/preflight.ts): the work lists counted in SQL, the missing
// documents from the checklist. claim.preflight answers it; claim.export and claim.submit record it.

import { indexedBy, notIndexed, rowKey } from '../db/dialect-sql.ts';
import { domainError } from '../errors.ts';
import { sql } from 'drizzle-orm';
import type { ChecklistItem } from '../../shared/documents.ts';
import { unacknowledged, type LineAttention, type PreflightItem, type PreflightKey } from '../../shared/preflight.ts';
import type { Db } from '../db/client.ts';
import type { incidents } from '../db/schema.ts';
import { incidentChecklist } from './documents.ts';
import { incidentSummary } from './summary.ts';
import { allRows } from '../db/rows.ts';

type IncidentRow = typeof incidents.$inferSelect;

/**
 * The lines of each work list, as SQL over `costs` — the same conditions cost.list's `attention` filter
 * uses, so a pre-flight item's count is what its link shows. `claimed` and `needs_consent` are the line's
 * flags (server/ledger/line-flags.ts); `table` is how the query names the costs table.
 */
export function attentionCondition(key: LineAttention, table: string): string {
  switch (key) {
    case 'unapproved':
      return `${table}.claimed AND ${table}.approved_at IS NULL`;
    case 'consent_missing':
      return `${table}.needs_consent AND ${table}.consent_on IS NULL`;
    case 'no_receipt':
      return `${table}.claimed AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.cost_id = ${table}.id AND a.deleted_at IS NULL)`;
  }
}

interface Counts {
  lines: number;
  amount: number;
}

/**
 * How many lines of each work list, and what they amount to: one pass over the incident's live lines in
 * table order (their rowids from the summary's index, then the rows in that order: twice as fast on 100,000
 * lines as following an index about the table, as cost.totals' search does), and the claimed lines that
 * have a file, found from the attachments (a few hundred) rather than by a lookup per line.
 */
async function workLists(db: Db, incidentId: string): Promise<Record<LineAttention, Counts>> {
  const row = (
    await allRows<Record<string, number | null>>(
      db,
      sql`
    SELECT SUM(CASE WHEN ${sql.raw(attentionCondition('unapproved', 'c'))} THEN 1 ELSE 0 END) AS "unapprovedLines",
           SUM(CASE WHEN ${sql.raw(attentionCondition('unapproved', 'c'))} THEN c.amount ELSE 0 END) AS "unapprovedAmount",
           SUM(CASE WHEN ${sql.raw(attentionCondition('consent_missing', 'c'))} THEN 1 ELSE 0 END) AS "consentLines",
           SUM(CASE WHEN ${sql.raw(attentionCondition('consent_missing', 'c'))} THEN c.amount ELSE 0 END) AS "consentAmount",
           SUM(CASE WHEN c.claimed THEN 1 ELSE 0 END) AS "claimedLines",
           SUM(CASE WHEN c.claimed THEN c.amount ELSE 0 END) AS "claimedAmount"
      FROM costs c ${notIndexed(db)}
     WHERE ${rowKey(db, 'c')} IN (SELECT ${rowKey(db)} FROM costs ${indexedBy(db, 'costs_incident_figures')} WHERE incident_id = ${incidentId} AND deleted_at IS NULL)`,
    )
  )[0];
  const withFile = (
    await allRows<{ lines: number | null; amount: number | null }>(
      db,
      sql`
    SELECT COUNT(*) AS lines, SUM(c.amount) AS amount FROM costs c
     WHERE c.deleted_at IS NULL AND c.claimed
       AND c.id IN (SELECT a.cost_id FROM attachments a WHERE a.incident_id = ${incidentId} AND a.cost_id IS NOT NULL AND a.deleted_at IS NULL)`,
    )
  )[0];
  const n = (value: number | null | undefined) => value ?? 0;
  return {
    unapproved: { lines: n(row?.unapprovedLines), amount: n(row?.unapprovedAmount) },
    consent_missing: { lines: n(row?.consentLines), amount: n(row?.consentAmount) },
    no_receipt: { lines: n(row?.claimedLines) - n(withFile?.lines), amount: n(row?.claimedAmount) - n(withFile?.amount) },
  };
}

/**
 * What is outstanding, in the order a person would fix it: approval, consent, receipts, then documents.
 * Lines without a receipt count only while the checklist still misses receipts: a file for the incident as
 * a whole (one PDF of every receipt) or a reason they are not needed satisfies the insurer, as the checklist
 * says. That checklist item is not listed again as a document: the lines item says it, with its link.
 */
export async function incidentPreflight(db: Db, incidentId: string, checklist: readonly ChecklistItem[]): Promise<PreflightItem[]> {
  const lists = await workLists(db, incidentId);
  const receiptsMissing = checklist.some((item) => item.kind === 'receipts' && item.status === 'missing');
  const items: PreflightItem[] = [];
  for (const key of ['unapproved', 'consent_missing', 'no_receipt'] as const) {
    const { lines, amount } = lists[key];
    if (lines === 0 || (key === 'no_receipt' && !receiptsMissing)) continue;
    items.push({ key, kind: key, lines, amount, link: { page: 'ledger', attention: key } });
  }
  for (const item of checklist) {
    if (item.status !== 'missing' || item.kind === 'receipts') continue;
    items.push({ key: `document:${item.kind}`, kind: 'document', document: item.kind, link: { page: 'documents', document: item.kind } });
  }
  return items;
}

/** The check of the ledger as it is now (claim.preflight, and an export's gate before it builds). */
export async function currentPreflight(db: Db, incident: IncidentRow): Promise<PreflightItem[]> {
  const summary = await incidentSummary(db, incident);
  return await incidentPreflight(db, incident.id, await incidentChecklist(db, incident, summary));
}

/**
 * A call that says what it acknowledged must have seen every item still outstanding: if the ledger moved on
 * since the list was shown (someone removed a receipt), the export or submission is refused and nothing
 * changes, so the person sees the new list. A call without `acknowledged` (a script) goes through; what
 * was outstanding is recorded all the same.
 */
export function requireAcknowledged(items: readonly PreflightItem[], acknowledged: readonly PreflightKey[] | undefined): void {
  if (acknowledged === undefined) return;
  const missing = unacknowledged(items, acknowledged);
  if (missing.length > 0) {
    throw domainError('CONFLICT', 'preflightChanged', { missing: missing.join(', ') });
  }
}
