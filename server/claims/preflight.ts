// The pre-flight check of one incident (shared/preflight.ts): the work lists counted in SQL, the missing
// documents from the checklist. claim.preflight answers it; claim.export and claim.submit record it.

import { TRPCError } from '@trpc/server';
import { eq, sql } from 'drizzle-orm';
import type { ChecklistItem } from '../../shared/documents.ts';
import { LINE_ATTENTION_FILTERS, unacknowledged, type LineAttention, type PreflightItem, type PreflightKey } from '../../shared/preflight.ts';
import type { Db } from '../db/client.ts';
import { policies, type incidents } from '../db/schema.ts';
import { incidentChecklist } from './documents.ts';
import { claimSummary } from './summary.ts';

type IncidentRow = typeof incidents.$inferSelect;

/**
 * The lines of each work list, as SQL over `costs` — the same conditions cost.list's `attention` filter
 * uses, so a pre-flight item's count is what its link shows. `claimed` and `needs_consent` are the line's
 * flags (server/ledger/line-flags.ts); `table` is how the query names the costs table.
 */
export function attentionCondition(key: LineAttention, table: string): string {
  switch (key) {
    case 'unapproved':
      return `${table}.claimed = 1 AND ${table}.approved_at IS NULL`;
    case 'consent_missing':
      return `${table}.needs_consent = 1 AND ${table}.consent_on IS NULL`;
    case 'no_receipt':
      return `${table}.claimed = 1 AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.cost_id = ${table}.id AND a.deleted_at IS NULL)`;
  }
}

interface Counts {
  lines: number | null;
  amount: number | null;
}

/** One pass over the incident's live lines: how many of each work list, and what they amount to. */
function workLists(db: Db, incidentId: string): Record<LineAttention, Counts> {
  const columns = LINE_ATTENTION_FILTERS
    .map((key) => `SUM(${attentionCondition(key, 'c')}) AS ${key}_lines, SUM(CASE WHEN ${attentionCondition(key, 'c')} THEN c.amount ELSE 0 END) AS ${key}_amount`)
    .join(', ');
  const row = db.get<Record<`${LineAttention}_${'lines' | 'amount'}`, number | null>>(
    sql`SELECT ${sql.raw(columns)} FROM costs c WHERE c.incident_id = ${incidentId} AND c.deleted_at IS NULL`,
  );
  const of = (key: LineAttention): Counts => ({ lines: row?.[`${key}_lines`] ?? 0, amount: row?.[`${key}_amount`] ?? 0 });
  return { unapproved: of('unapproved'), consent_missing: of('consent_missing'), no_receipt: of('no_receipt') };
}

/**
 * What is outstanding, in the order a person would fix it: approval, consent, receipts, then documents.
 * Lines without a receipt count only while the checklist still misses receipts: a file for the incident as
 * a whole (one PDF of every receipt) or a reason they are not needed satisfies the insurer, as the checklist
 * says. That checklist item is not listed again as a document: the lines item says it, with its link.
 */
export function incidentPreflight(db: Db, incidentId: string, checklist: readonly ChecklistItem[]): PreflightItem[] {
  const lists = workLists(db, incidentId);
  const receiptsMissing = checklist.some((item) => item.kind === 'receipts' && item.status === 'missing');
  const items: PreflightItem[] = [];
  for (const key of ['unapproved', 'consent_missing', 'no_receipt'] as const) {
    const { lines, amount } = lists[key];
    if (!lines || (key === 'no_receipt' && !receiptsMissing)) continue;
    items.push({ key, kind: key, lines, amount: amount ?? 0, link: { page: 'ledger', attention: key } });
  }
  for (const item of checklist) {
    if (item.status !== 'missing' || item.kind === 'receipts') continue;
    items.push({ key: `document:${item.kind}`, kind: 'document', document: item.kind, link: { page: 'documents', document: item.kind } });
  }
  return items;
}

/** The check of the ledger as it is now (claim.preflight, and an export's gate before it builds). */
export function currentPreflight(db: Db, incident: IncidentRow): PreflightItem[] {
  const policy = db.select().from(policies).where(eq(policies.id, incident.policyId)).get()!;
  const summary = claimSummary(db, incident, policy, 'ja');
  return incidentPreflight(db, incident.id, incidentChecklist(db, incident.id, summary));
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
    throw new TRPCError({ code: 'CONFLICT', message: `acknowledged: the pre-flight check has changed; not acknowledged: ${missing.join(', ')}` });
  }
}
