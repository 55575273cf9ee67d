// Exports a claim package: reserves the next version, writes the PDF, the ledger files and the
// manifest from one snapshot of the ledger, zips them with every receipt, and freezes the result.
// A package is listed only once its ZIP is complete; a failed export leaves nothing behind.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { Locale } from '../../shared/categories.ts';
import { packageName } from '../../shared/package-name.ts';
import { preflightRecord, type PreflightKey, type PreflightRecord } from '../../shared/preflight.ts';
import { recordAudit } from '../audit.ts';
import type { Db } from '../db/client.ts';
import { claimPackages } from '../db/schema.ts';
import { packageKey } from '../files/object-store.ts';
import { nameForType, safeFileName } from '../files/file-name.ts';
import { newId, nowIso } from '../ids.ts';
import type { Storage } from '../storage.ts';
import { incidentPreflight } from '../claims/preflight.ts';
import type { ClaimSummary } from '../claims/summary.ts';
import { readClaimDocumentsData } from './claim-documents-data.ts';
import { writeClaimDocuments } from './claim-documents.ts';
import { renderClaimSummaryPdf } from './claim-pdf.ts';
import { consentMissing, ledgerValues, type NumberedLine } from './ledger-columns.ts';
import { LedgerCsvWriter } from './ledger-csv.ts';
import { LedgerXlsxWriter } from './ledger-xlsx.ts';
import { creatorOf, openLedgerSnapshot, type LedgerSnapshot, readPackageFacts, type PackageFacts, type StoredFileRow } from './package-contents.ts';
import { packageWorkDir } from './package-files.ts';
import { PdfLineCollector } from './pdf-lines.ts';
import { hashFile, writeZip, type ZipEntry } from './zip.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

export const MANIFEST_FORMAT = 'breach-cost-tracker/claim-package';
/**
 * 2: the PDF lists the lines and the manifest records the pre-flight check (issue 15). 3: every file states
 * each line's consumption tax, registration number and withholding, and the totals per tax rate (issue 16).
 * 4: the insurer's forms (incident-report.pdf, claim-form.pdf, client-notice.pdf) and the claim reference
 * on every page (issue 18). A package of an earlier format is not reused for an unchanged ledger.
 */
export const MANIFEST_FORMAT_VERSION = 4;

export interface ExportedPackage {
  packageId: string;
  version: number;
  sha256: string;
}

export interface ExportTarget {
  incidentId: string;
  companyId: string;
  locale: Locale;
  userId: string;
  /** What the person confirmed of the pre-flight check; absent for a script's call (shared/preflight.ts). */
  acknowledged?: PreflightKey[];
}

/** Per limit: aggregate, used by earlier incidents and claims of the period, used here, left. */
function periodLimitsOf(summary: ClaimSummary) {
  return {
    expense: { aggregate: summary.expenseAggregate, usedElsewhere: summary.expenseUsedElsewhere, usedHere: summary.expenseUsedHere, left: summary.expenseLeft },
    liability: {
      aggregate: summary.liabilityAggregate,
      usedElsewhere: summary.liabilityUsedElsewhere,
      usedHere: summary.liabilityUsedHere,
      left: summary.liabilityLeft,
    },
  };
}

/** The next version number, taken inside a write transaction so two exports never share one. */
async function reserveVersion(db: Db, target: ExportTarget, packageId: string, createdAt: string): Promise<number> {
  return await transact(db, async (tx) => {
    const row = await firstRow(
      tx
        .select({ last: sql<number | null>`MAX(${claimPackages.version})` })
        .from(claimPackages)
        .where(eq(claimPackages.incidentId, target.incidentId)),
    );
    const version = (row?.last ?? 0) + 1;
    await tx.insert(claimPackages).values({
      id: packageId,
      companyId: target.companyId,
      incidentId: target.incidentId,
      version,
      locale: target.locale,
      status: 'building',
      createdBy: target.userId,
      createdAt,
    });
    return version;
  });
}

/** Receipts are named after their ledger line (`receipts/0007-1_invoice.pdf`), documents after their kind. */
function receiptPath(lineNumber: number, width: number, index: number, file: StoredFileRow): string {
  return `receipts/${String(lineNumber).padStart(width, '0')}-${index}_${safeFileName(nameForType(file.name, file.mediaType))}`;
}
function documentPath(index: number, file: StoredFileRow): string {
  return `documents/${file.documentKind}-${index}_${safeFileName(nameForType(file.name, file.mediaType))}`;
}

/** Incident documents, numbered within their kind: `documents/claim_form-1_…`, `documents/claim_form-2_…`. */
function documentFiles(stored: StoredFileRow[]) {
  const counts = new Map<string, number>();
  return stored
    .filter((file) => file.documentKind !== null)
    .map((file) => {
      const index = (counts.get(file.documentKind!) ?? 0) + 1;
      counts.set(file.documentKind!, index);
      return { path: documentPath(index, file), sha256: file.sha256, size: file.size };
    });
}

function groupByLine(files: StoredFileRow[]): Map<string, StoredFileRow[]> {
  const byLine = new Map<string, StoredFileRow[]>();
  for (const file of files) {
    if (!file.costId) continue;
    const list = byLine.get(file.costId) ?? [];
    list.push(file);
    byLine.set(file.costId, list);
  }
  return byLine;
}

const LABELS = {
  costsPayable: { ja: '費用保険金', en: 'Costs payable' },
  liabilityPayable: { ja: '賠償責任保険金', en: 'Liability payable' },
  totalPayable: { ja: 'お支払い見込額 合計', en: 'Total payable' },
  projectedTotalPayable: { ja: '見積を含む見込額', en: 'Projected total (with estimates)' },
};

const BROKER_ADJUSTED_LABEL = { ja: '代理店査定後のお支払い見込額（否認明細を除く）', en: 'Broker-adjusted total payable (disallowed lines left out)' };

/** How many of the lines without consent the PDF names by number; the rest it counts. */
const CONSENT_MISSING_LISTED = 30;

/**
 * The ledger files, written line by line from the snapshot; answers the ZIP entries of the line files,
 * the package numbers of the lines that lack the insurer's consent (the first few; the PDF lists them)
 * and the lines the PDF's appendix lists, with every category's subtotal.
 */
async function writeLedgerFiles(snapshot: LedgerSnapshot, facts: PackageFacts, files: StoredFileRow[], dir: string, locale: Locale) {
  const csv = new LedgerCsvWriter(path.join(dir, 'ledger.csv'), locale);
  const xlsx = new LedgerXlsxWriter(path.join(dir, 'ledger.xlsx'), locale);
  const byLine = groupByLine(files);
  const width = Math.max(4, String(facts.totals.lines).length);
  const receiptRecords: { path: string; sha256: string; size: number }[] = [];
  const consentMissingNumbers: number[] = [];
  const pdfLines = new PdfLineCollector();
  let number = 0;
  try {
    for await (const page of snapshot.lines(facts.incident.id)) {
      for (const line of page) {
        number += 1;
        const lineFiles = (byLine.get(line.id) ?? []).map((file, i) => {
          const zipPath = receiptPath(number, width, i + 1, file);
          receiptRecords.push({ path: zipPath, sha256: file.sha256, size: file.size });
          return zipPath;
        });
        if (consentMissing(line) && consentMissingNumbers.length < CONSENT_MISSING_LISTED) consentMissingNumbers.push(number);
        const numbered: NumberedLine = { ...line, number, files: lineFiles };
        // Its cells, worked out once for both files.
        const values = ledgerValues(numbered, locale);
        await csv.write(numbered, values);
        xlsx.write(numbered, values);
        pdfLines.add(numbered);
      }
      // Let the spreadsheet's compression catch up between pages, so memory stays flat.
      await xlsx.drained();
    }
    await csv.end();
    await xlsx.end({
      byCategory: facts.byCategory,
      figures: [
        ...(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((key) => ({ label: LABELS[key][locale], amount: facts.totals[key] })),
        // Beside the client's figures, once the broker has disallowed a line: what it would pay.
        ...(facts.summary.brokerAdjusted.disallowedLines > 0
          ? [{ label: BROKER_ADJUSTED_LABEL[locale], amount: facts.summary.brokerAdjusted.totalPayable }]
          : []),
      ],
    });
  } catch (error) {
    // Their files are removed with the work directory; their streams must not stay open.
    csv.abort();
    xlsx.abort();
    throw error;
  }
  return { receiptRecords, consentMissingNumbers, pdfLines: pdfLines.result() };
}

interface ManifestMeta {
  packageId: string;
  name: string;
  version: number;
  createdAt: string;
  locale: Locale;
  creator: Awaited<ReturnType<typeof creatorOf>>;
  preflight: PreflightRecord;
}

function manifestOf(facts: PackageFacts, meta: ManifestMeta, files: { path: string; sha256: string; size: number }[]) {
  return {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    packageId: meta.packageId,
    /** The incident and the version, as the PDF, the packages page and the download name say it. */
    packageName: meta.name,
    version: meta.version,
    locale: meta.locale,
    createdAt: meta.createdAt,
    createdBy: meta.creator,
    companyId: facts.incident.companyId,
    policyholder: facts.company.name,
    policyId: facts.policy.id,
    policyNumber: facts.policy.policyNumber,
    incidentId: facts.incident.id,
    incidentTitle: facts.incident.title,
    /** 事故受付番号, as every PDF's pages print it; null until the insurer gives one. */
    insurerClaimReference: facts.incident.insurerClaimReference,
    /** `byTaxCategory`: per tax category, of the claimed lines and of all, as cost.taxTotals answers. */
    totals: { ...facts.totals, byCategory: facts.byCategory, byTaxCategory: facts.byTaxCategory },
    /** How the policy counts consumption tax: `inclusive` (gross amounts) or `exclusive` (net of tax). */
    taxTreatment: facts.policy.taxTreatment,
    steps: facts.summary.steps,
    warnings: facts.summary.warnings.map((w) => ({ code: w.code, message: w.message })),
    documents: facts.checklist.map((item) => ({ kind: item.kind, status: item.status, reason: item.waiverReason ?? item.automaticReason })),
    claimStatus: facts.incident.claimStatus,
    /** The company's audit chain when the ledger was read (same snapshot): the export's own entry links to `head`. */
    auditChain: facts.auditChain,
    approval: facts.approval,
    /** Lines needing the insurer's consent (condolence, consulting, defence costs, settlements) without the insurer's prior consent recorded (marked in the ledgers). */
    consentMissingLines: facts.summary.consentMissing,
    /** What is payable once the broker's disallowed lines are left out, beside `totals.totalPayable`. */
    brokerAdjusted: facts.summary.brokerAdjusted,
    /** The policy period's limits as this incident meets them (docs/rules.md §4). */
    periodLimits: periodLimitsOf(facts.summary),
    excluded: facts.summary.excludedByReason,
    /** What was outstanding when the ledger was frozen, and whether the person exporting confirmed it (shared/preflight.ts). */
    preflight: meta.preflight,
    files,
  };
}

export async function exportClaimPackage(db: Db, storage: Storage, target: ExportTarget): Promise<ExportedPackage> {
  const packageId = newId();
  const createdAt = nowIso();
  const version = await reserveVersion(db, target, packageId, createdAt);
  const workDir = packageWorkDir(storage, packageId);
  const zipKey = packageKey(packageId);
  const partialZip = path.join(workDir, 'package.zip');
  mkdirSync(workDir, { recursive: true });
  let snapshot: LedgerSnapshot | null = await openLedgerSnapshot(db);
  try {
    const facts = await readPackageFacts(snapshot, target.incidentId, target.locale);
    const creator = await creatorOf(db, target.userId);
    const stored = await snapshot.files(target.incidentId);
    // The check reads the same snapshot as the files: what it lists is what the package shows.
    const preflight = preflightRecord(await incidentPreflight(snapshot.db, target.incidentId, facts.checklist), target.acknowledged, creator, createdAt);
    const { receiptRecords: receipts, consentMissingNumbers, pdfLines } = await writeLedgerFiles(snapshot, facts, stored, workDir, target.locale);
    // The insurer's forms read the same snapshot: the amount claimed is the summary's, the report as it stood.
    const formsData = await readClaimDocumentsData(snapshot.db, target.incidentId, {
      locale: target.locale,
      createdAt,
      packageId,
      amountClaimed: facts.summary.amountClaimed,
    });
    await snapshot.close();
    snapshot = null;

    const name = packageName(facts.incident.title, version, target.locale);
    const pdf = await renderClaimSummaryPdf({
      locale: target.locale,
      package: { id: packageId, name, version, createdAt, createdByName: creator.name },
      policyholder: facts.company,
      policy: facts.policy,
      incident: facts.incident,
      claimReference: facts.incident.insurerClaimReference,
      claimStatus: facts.incident.claimStatus,
      timeline: facts.timeline,
      byCategory: facts.byCategory,
      totals: facts.totals,
      byTaxCategory: { rows: facts.byTaxCategory.claimed, unclaimedLines: facts.totals.lines - facts.totals.claimedLines },
      taxTreatment: facts.policy.taxTreatment,
      steps: facts.summary.steps,
      warnings: facts.summary.warnings.map((w) => w.message),
      approval: { approvedLines: facts.approval.approvedLines, lines: facts.totals.lines },
      consentMissing: { lines: facts.summary.consentMissing, numbers: consentMissingNumbers },
      brokerAdjusted: facts.summary.brokerAdjusted,
      checklist: facts.checklist,
      terms: facts.summary.limits,
      periodLimits: periodLimitsOf(facts.summary),
      excluded: facts.summary.excludedByReason,
      lines: pdfLines,
    });
    writeFileSync(path.join(workDir, 'claim-summary.pdf'), pdf);
    const forms = await writeClaimDocuments(formsData, workDir);

    const documentRecords = documentFiles(stored);
    const written = ['claim-summary.pdf', ...forms, 'ledger.xlsx', 'ledger.csv'];
    const writtenRecords = await Promise.all(written.map(async (name) => ({ path: name, ...(await hashFile(path.join(workDir, name))) })));
    const records = [...writtenRecords, ...receipts, ...documentRecords];
    const manifest = manifestOf(facts, { packageId, name, version, createdAt, locale: target.locale, creator, preflight }, records);

    const entries: ZipEntry[] = [
      ...written.map((name) => ({ path: name, source: { file: path.join(workDir, name) }, compress: name === 'ledger.csv' })),
      ...[...receipts, ...documentRecords].map((r) => ({
        path: r.path,
        source: { open: async () => await storage.blobs.open(r.sha256), size: r.size },
        compress: false,
      })),
      { path: 'manifest.json', source: { buffer: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }, compress: true },
    ];
    const zip = await writeZip(partialZip, entries, new Date(createdAt));
    // Into the store whole (on local disk, renamed into place): a package is never seen half-written.
    await storage.objects.put(zipKey, { file: partialZip }, { contentType: 'application/zip' });

    await transact(db, async (tx) => {
      await tx
        .update(claimPackages)
        // The pre-flight's outstanding items go with the totals: a submission of this version checks against them.
        .set({
          status: 'ready',
          sha256: zip.sha256,
          size: zip.size,
          totals: JSON.stringify({ ...facts.totals, preflight: { outstanding: preflight.outstanding, confirmation: preflight.confirmation } }),
        })
        .where(and(eq(claimPackages.id, packageId), eq(claimPackages.status, 'building')));
      await recordAudit(tx, {
        companyId: target.companyId,
        incidentId: target.incidentId,
        entityType: 'package',
        entityId: packageId,
        action: 'export',
        actorUserId: target.userId,
        after: {
          version,
          sha256: zip.sha256,
          totalPayable: facts.totals.totalPayable,
          locale: target.locale,
          outstanding: preflight.outstanding.map((item) => item.key),
          confirmation: preflight.confirmation,
        },
      });
    });
    return { packageId, version, sha256: zip.sha256 };
  } catch (error) {
    // What failed is the error to report; a ZIP left behind by a failed delete is swept at the next start.
    await storage.objects.delete(zipKey).catch(() => {});
    await db.delete(claimPackages).where(and(eq(claimPackages.id, packageId), eq(claimPackages.status, 'building')));
    throw error;
  } finally {
    await snapshot?.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
