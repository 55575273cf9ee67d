// Everything a claim package says, read from one consistent snapshot of the database: the header,
// the summary exactly as the dashboard computes it, the checklist, and the files to include.

import { onOneConnection } from '../db/one-connection.ts';
import { indexedBy } from '../db/dialect-sql.ts';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import * as schemaPg from '../db/schema-pg.ts';
import { inTransaction, isPostgres } from '../db/transaction.ts';
import { eq, sql } from 'drizzle-orm';
import type { DocumentKind } from '../../shared/documents.ts';
import { CLAIMED_STAGES, PROJECTED_ONLY_STAGES, type Locale } from '../../shared/categories.ts';
import { addYen, sumYen } from '../../shared/money.ts';
import { CLAIM_STATUS_LABELS } from '../../shared/claim-status.ts';
import { todayInJapan } from '../../shared/dates.ts';
import { defaultTaxCategory, taxContained, type TaxCategory } from '../../shared/tax.ts';
import { claimEventRows } from '../claims/claim-events.ts';
import { chainHead } from '../audit-chain.ts';
import { incidentChecklist } from '../claims/documents.ts';
import { claimSummary } from '../claims/summary.ts';
import { taxTotals } from '../ledger/tax-totals.ts';
import type { Db } from '../db/client.ts';
import * as schema from '../db/schema.ts';
import { companies, incidents, policies, users } from '../db/schema.ts';
import type { LedgerLine } from './ledger-columns.ts';
import { firstRow, allRows } from '../db/rows.ts';

export interface StoredFileRow {
  id: string;
  costId: string | null;
  documentKind: DocumentKind | null;
  sha256: string;
  name: string;
  size: number;
  mediaType: string;
}

/**
 * The ledger as it was at one moment, for a package: read in one read-only transaction, while others go on
 * logging costs. SQLite: a read-only connection of its own inside one read transaction (WAL keeps that
 * snapshot). PostgreSQL: one pooled connection in a REPEATABLE READ, READ ONLY transaction.
 *
 * Inside a transaction (of the main SQLite connection, or a PostgreSQL transaction's handle), the package is of
 * what that transaction wrote, which no other connection can see yet: it reads through it. Only the demo seed
 * exports that way (server/demo.ts): it holds its transaction across awaits before the server listens, so nothing else
 * writes meanwhile; the server's own transactions never span an await, so an export never starts in one.
 */
export interface LedgerSnapshot {
  readonly db: Db;
  /** The incident's live lines in date order, a page at a time (keyset on the date index). */
  lines(incidentId: string, pageSize?: number): AsyncGenerator<LedgerLine[]>;
  files(incidentId: string): Promise<StoredFileRow[]>;
  close(): Promise<void>;
}

export async function openLedgerSnapshot(main: Db): Promise<LedgerSnapshot> {
  return isPostgres(main) ? PostgresSnapshot.open(main) : new SqliteSnapshot(main);
}

type RawLine = Omit<LedgerLine, 'taxCategory'> & { approvedBy: string | null; taxCategory: TaxCategory | null };

/** The page query's columns, in both dialects (camelCase aliases quoted: PostgreSQL folds bare ones). */
const LINE_COLUMNS = `c.id, c.incurred_on AS "incurredOn", c.category, c.stage, c.vendor, c.description, c.quantity,
             c.unit_amount AS "unitAmount", c.amount, c.source, c.claimant, CASE WHEN c.incurred_abroad THEN 1 ELSE 0 END AS "incurredAbroad",
             u.name AS "createdByName", c.invoiced_on AS "invoicedOn", c.paid_on AS "paidOn",
             c.approved_by AS "approvedBy", NULL AS "approvedByName", c.approved_at AS "approvedAt",
             c.consent_on AS "consentOn", c.consent_reference AS "consentReference", c.consent_given_by AS "consentGivenBy",
             c.review_decision AS "reviewDecision", c.tax_category AS "taxCategory", c.tax_amount AS "taxAmount",
             c.invoice_number AS "invoiceNumber", c.withholding_tax AS "withholdingTax"`;

const FILE_COLUMNS = `id, cost_id AS "costId", document_kind AS "documentKind", sha256, name, size, media_type AS "mediaType"`;

/**
 * Pages of lines with the approvers' names (a handful of finance users: a cache rather than a second join per
 * line, which made the page reads of 100,000 lines ~0.3 s slower) and the tax a line from a raw insert lacks.
 */
async function* pagesOfLines(
  page: (after: [string, string]) => Promise<RawLine[]>,
  approverName: (id: string) => Promise<string | null>,
): AsyncGenerator<LedgerLine[]> {
  const approvers = new Map<string, string | null>();
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    for (const row of rows) {
      if (row.approvedBy !== null) {
        if (!approvers.has(row.approvedBy)) approvers.set(row.approvedBy, await approverName(row.approvedBy));
        row.approvedByName = approvers.get(row.approvedBy)!;
      }
      // Only a raw insert since the database opened leaves a line without its tax; it gets what opening would give it.
      if (row.taxCategory === null) {
        row.taxCategory = defaultTaxCategory(row);
        row.taxAmount = taxContained(row.amount, row.taxCategory);
      }
    }
    yield rows as LedgerLine[];
    const last = rows[rows.length - 1];
    if (!last) return; // not reached: an empty page returned above
    after = [last.incurredOn, last.id];
  }
}

class SqliteSnapshot implements LedgerSnapshot {
  private readonly connection: Database.Database;
  private readonly ownConnection: boolean;
  readonly db: Db;

  constructor(main: Db) {
    this.ownConnection = !main.$client.inTransaction;
    if (!this.ownConnection) {
      this.connection = main.$client;
      this.db = main;
      return;
    }
    this.connection = new Database(main.$client.name, { readonly: true, fileMustExist: true });
    this.connection.pragma('busy_timeout = 5000');
    this.db = drizzle<typeof schema>({ client: this.connection, schema });
    this.connection.exec('BEGIN');
    this.connection.prepare('SELECT 1 FROM incidents LIMIT 1').get(); // the snapshot starts at the first read
  }

  lines(incidentId: string, pageSize = 2000): AsyncGenerator<LedgerLine[]> {
    const page = this.connection.prepare(`
      SELECT ${LINE_COLUMNS}
        FROM costs c INDEXED BY costs_incident_incurred
        JOIN users u ON u.id = c.created_by
       WHERE c.incident_id = ? AND c.deleted_at IS NULL AND (c.incurred_on, c.id) > (?, ?)
       ORDER BY c.incurred_on, c.id
       LIMIT ?`);
    const approver = this.connection.prepare('SELECT name FROM users WHERE id = ?').pluck();
    return pagesOfLines(
      (after) => Promise.resolve(page.all(incidentId, after[0], after[1], pageSize) as RawLine[]),
      (id) => Promise.resolve((approver.get(id) as string | undefined) ?? null),
    );
  }

  files(incidentId: string): Promise<StoredFileRow[]> {
    return Promise.resolve(
      this.connection
        .prepare(`SELECT ${FILE_COLUMNS} FROM attachments WHERE incident_id = ? AND deleted_at IS NULL ORDER BY created_at, id`)
        .all(incidentId) as StoredFileRow[],
    );
  }

  close(): Promise<void> {
    if (!this.ownConnection) return Promise.resolve();
    try {
      this.connection.exec('COMMIT');
    } finally {
      this.connection.close();
    }
    return Promise.resolve();
  }
}

/** A query with PostgreSQL's `$1` placeholders, answering its rows. */
type PgQuery = <T>(text: string, params: readonly unknown[]) => Promise<T[]>;

class PostgresSnapshot implements LedgerSnapshot {
  private constructor(
    private readonly query: PgQuery,
    readonly db: Db,
    /** Ends the snapshot's own transaction; null when it reads through the caller's. */
    private readonly end: (() => Promise<void>) | null,
  ) {}

  static async open(main: Db): Promise<PostgresSnapshot> {
    // Inside a transaction (the demo seed): read through it; a transaction's handle has no pool to take a connection from.
    if (inTransaction(main)) {
      const query: PgQuery = (text, params) =>
        allRows(main, sql.join(text.split(/\$(\d+)/).map((piece, i) => (i % 2 === 0 ? sql.raw(piece) : sql`${params[Number(piece) - 1]}`))));
      return new PostgresSnapshot(query, main, null);
    }
    const pool = (main as unknown as { $client: pg.Pool }).$client;
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (error) {
      client.release();
      throw error;
    }
    const query: PgQuery = async <T>(text: string, params: readonly unknown[]) => (await client.query(text, [...params])).rows as T[];
    const end = async () => {
      try {
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    return new PostgresSnapshot(query, onOneConnection(drizzlePg({ client, schema: schemaPg }) as unknown as Db), end);
  }

  lines(incidentId: string, pageSize = 2000): AsyncGenerator<LedgerLine[]> {
    const text = `
      SELECT ${LINE_COLUMNS}
        FROM costs c
        JOIN users u ON u.id = c.created_by
       WHERE c.incident_id = $1 AND c.deleted_at IS NULL AND (c.incurred_on, c.id) > ($2, $3)
       ORDER BY c.incurred_on, c.id
       LIMIT $4`;
    return pagesOfLines(
      async (after) => await this.query<RawLine>(text, [incidentId, after[0], after[1], pageSize]),
      async (id) => (await this.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [id]))[0]?.name ?? null,
    );
  }

  async files(incidentId: string): Promise<StoredFileRow[]> {
    const text = `SELECT ${FILE_COLUMNS} FROM attachments WHERE incident_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`;
    return await this.query<StoredFileRow>(text, [incidentId]);
  }

  async close(): Promise<void> {
    await this.end?.();
  }
}

const TIMELINE_LABELS = {
  occurred: { ja: '事故発生', en: 'Incident occurred' },
  discovered: { ja: '事故発見', en: 'Incident discovered' },
  firstCost: { ja: '最初の費用発生', en: 'First cost incurred' },
  lastCost: { ja: '最後の費用発生', en: 'Latest cost incurred' },
  insurerNotified: { ja: '保険会社へ事故通知', en: 'Insurer notified' },
  regulatorFirst: { ja: '個人情報保護委員会へ速報', en: 'First report to the PPC' },
  regulatorFinal: { ja: '個人情報保護委員会へ確報', en: 'Final report to the PPC' },
};

/** The facts of the package's header and summary, from the snapshot. */
export async function readPackageFacts(snapshot: LedgerSnapshot, incidentId: string, locale: Locale) {
  const { db } = snapshot;
  const incident = (await firstRow(db.select().from(incidents).where(eq(incidents.id, incidentId))))!;
  const policy = (await firstRow(db.select().from(policies).where(eq(policies.id, incident.policyId))))!;
  const company = (await firstRow(db.select({ name: companies.name }).from(companies).where(eq(companies.id, incident.companyId))))!;
  const summary = await claimSummary(db, incident, policy, locale);
  const checklist = await incidentChecklist(db, incident, summary);
  // One pass over the summary's covering index (named: left alone, SQLite picks one that reads the table,
  // 4× slower on 100,000 lines): the timeline's dates and the approvals over all live lines.
  const costDates = (
    await allRows<{ first: string | null; last: string | null; lines: number }>(
      db,
      sql`
    SELECT MIN(incurred_on) AS first, MAX(incurred_on) AS last, COUNT(*) AS lines
      FROM costs ${indexedBy(db, 'costs_incident_figures')} WHERE incident_id = ${incident.id} AND deleted_at IS NULL`,
    )
  )[0];
  // Approval is not in that index (it would widen every summary read); once per export, the table is read.
  const approved = (
    await allRows<{ approved: number }>(
      db,
      sql`
    SELECT COUNT(*) AS approved FROM costs WHERE incident_id = ${incident.id} AND deleted_at IS NULL AND approved_at IS NOT NULL`,
    )
  )[0];
  // The audit chain as it stands in this same snapshot: the package describes the ledger at that head.
  const auditChain = await chainHead(db, incident.companyId);

  const timeline = [
    { date: incident.occurredOn, label: TIMELINE_LABELS.occurred[locale] },
    { date: incident.discoveredOn, label: TIMELINE_LABELS.discovered[locale] },
    ...(costDates?.first ? [{ date: costDates.first, label: TIMELINE_LABELS.firstCost[locale] }] : []),
    ...(costDates?.last && costDates.last !== costDates.first ? [{ date: costDates.last, label: TIMELINE_LABELS.lastCost[locale] }] : []),
    ...(incident.insurerNotifiedOn ? [{ date: incident.insurerNotifiedOn, label: TIMELINE_LABELS.insurerNotified[locale] }] : []),
    ...(incident.regulatorFirstReportOn ? [{ date: incident.regulatorFirstReportOn, label: TIMELINE_LABELS.regulatorFirst[locale] }] : []),
    ...(incident.regulatorFinalReportOn ? [{ date: incident.regulatorFinalReportOn, label: TIMELINE_LABELS.regulatorFinal[locale] }] : []),
    // The claim's moves so far (an earlier version's submission, the broker's requests).
    ...(await claimEventRows(db, incident.id)).map((e) => ({
      date: todayInJapan(new Date(e.at)),
      label: [
        CLAIM_STATUS_LABELS[e.toStatus][locale],
        e.packageVersion !== null ? (locale === 'ja' ? `(第${e.packageVersion}版)` : ` (v${e.packageVersion})`) : '',
        e.note ? ` — ${e.note}` : '',
      ].join(''),
    })),
  ].sort((a, b) => a.date.localeCompare(b.date));

  const claimedAmount = sumYen(CLAIMED_STAGES.map((stage) => summary.byStage[stage]));
  const lineCount = costDates?.lines ?? 0;
  const approvedLines = approved?.approved ?? 0;
  return {
    incident,
    policy,
    company,
    summary,
    checklist,
    timeline,
    auditChain: { head: auditChain.hash, entries: auditChain.entries },
    /** Finance's approval over all live lines (estimates too); the summary's warning counts claimed lines only. */
    approval: { approvedLines, unapprovedLines: lineCount - approvedLines },
    /** Per tax category (税込, 税額, 税抜, withheld), of the claimed lines and of all, from the same snapshot. */
    byTaxCategory: await taxTotals(db, incident.id),
    byCategory: summary.byCategory.map((c) => ({
      category: c.category,
      incurred: c.incurred,
      counted: c.counted,
      estimated: addYen(c.projectedIncurred, -c.incurred),
    })),
    totals: {
      lines: summary.lineCounts.claimed + summary.lineCounts.estimate,
      claimedLines: summary.lineCounts.claimed,
      claimedAmount,
      estimateAmount: sumYen(PROJECTED_ONLY_STAGES.map((stage) => summary.byStage[stage])),
      expenseIncurred: summary.expenseIncurred,
      restorationPaid: summary.restorationPaid,
      costsPayable: summary.costsPayable,
      liabilityIncurred: summary.liabilityIncurred,
      liabilityPayable: summary.liabilityPayable,
      totalPayable: summary.totalPayable,
      projectedTotalPayable: summary.projectedTotalPayable,
    },
  };
}
export type PackageFacts = Awaited<ReturnType<typeof readPackageFacts>>;

export async function creatorOf(db: Db, userId: string) {
  return (await firstRow(db.select({ userId: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, userId))))!;
}
