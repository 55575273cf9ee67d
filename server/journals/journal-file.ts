// One incident's journal file for one package: the claimed lines and the settlement read from the database,
// booked (entries.ts), laid out (freee.ts, moneyforward.ts, yayoi.ts) and encoded (csv.ts).

import { and, asc, eq, isNull } from 'drizzle-orm';
import type { JournalFormat } from '../../shared/journal-settings.ts';
import { defaultTaxCategory, taxContained } from '../../shared/tax.ts';
import type { Db } from '../db/client.ts';
import { costs, incidents, policies } from '../db/schema.ts';
import { encodeCsv, type JournalEncoding } from './csv.ts';
import { buildJournal, type InsurancePayment, type Journal, type JournalLine, type Period } from './entries.ts';
import { freeeRows } from './freee.ts';
import { loadJournalSettings } from './journal-settings-store.ts';
import { moneyForwardRows } from './moneyforward.ts';
import { yayoiRows } from './yayoi.ts';
import { firstRow } from '../db/rows.ts';

/** The encoding each package reads (docs/decisions/023): freee its sample's UTF-8 with a BOM, the others Shift_JIS. */
export const JOURNAL_ENCODINGS: Record<JournalFormat, JournalEncoding> = { freee: 'utf-8-bom', moneyforward: 'cp932', yayoi: 'cp932' };

const FILE_LABELS: Record<JournalFormat, string> = { freee: 'freee', moneyforward: 'マネーフォワード', yayoi: '弥生' };

export async function readJournalLines(db: Db, incidentId: string): Promise<JournalLine[]> {
  const rows = await db
    .select({
      id: costs.id,
      category: costs.category,
      stage: costs.stage,
      source: costs.source,
      quantity: costs.quantity,
      incurredOn: costs.incurredOn,
      invoicedOn: costs.invoicedOn,
      agreedOn: costs.agreedOn,
      paidOn: costs.paidOn,
      amount: costs.amount,
      taxCategory: costs.taxCategory,
      taxAmount: costs.taxAmount,
      invoiceNumber: costs.invoiceNumber,
      withholdingTax: costs.withholdingTax,
      vendor: costs.vendor,
      claimant: costs.claimant,
      description: costs.description,
    })
    .from(costs)
    .where(and(eq(costs.incidentId, incidentId), isNull(costs.deletedAt)))
    .orderBy(asc(costs.incurredOn), asc(costs.createdAt), asc(costs.id));
  // A line from before tax was kept has no category until the database fills it in; book it as it would be.
  return rows.map((row) => {
    if (row.taxCategory !== null) return { ...row, taxCategory: row.taxCategory };
    const taxCategory = defaultTaxCategory(row);
    return { ...row, taxCategory, taxAmount: taxContained(row.amount, taxCategory) };
  });
}

export async function readInsurancePayment(db: Db, incidentId: string): Promise<InsurancePayment | null> {
  const row = await firstRow(
    db
      .select({ amount: incidents.settledAmount, on: incidents.settledOn, insurer: policies.insurer, policyNumber: policies.policyNumber })
      .from(incidents)
      .innerJoin(policies, eq(policies.id, incidents.policyId))
      .where(eq(incidents.id, incidentId)),
  );
  if (!row || row.amount === null || row.on === null) return null;
  return { amount: row.amount, on: row.on, insurer: row.insurer, policyNumber: row.policyNumber };
}

export async function incidentJournal(
  db: Db,
  incident: { id: string; companyId: string },
  period: Period,
): Promise<{ journal: Journal; settings: Awaited<ReturnType<typeof loadJournalSettings>>['settings'] }> {
  const { settings } = await loadJournalSettings(db, incident.companyId);
  return { journal: buildJournal(await readJournalLines(db, incident.id), await readInsurancePayment(db, incident.id), settings, period), settings };
}

export interface JournalFile {
  bytes: Buffer;
  fileName: string;
  contentType: string;
}

export async function journalFile(
  db: Db,
  incident: { id: string; companyId: string; title: string },
  format: JournalFormat,
  period: Period,
): Promise<JournalFile> {
  const { journal, settings } = await incidentJournal(db, incident, period);
  const rows = format === 'freee' ? freeeRows(journal, settings) : format === 'moneyforward' ? moneyForwardRows(journal) : yayoiRows(journal, settings);
  const encoding = JOURNAL_ENCODINGS[format];
  const span = period.from || period.to ? `_${period.from ?? ''}〜${period.to ?? ''}` : '';
  return {
    bytes: encodeCsv(rows, encoding),
    fileName: `仕訳_${FILE_LABELS[format]}_${incident.title}${span}.csv`,
    contentType: `text/csv; charset=${encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`,
  };
}
