// Figure `exportPackage`: how long a claim package takes to export, and how much memory it needs, on a
// ledger of 100,000 lines with 200 receipts (~60 MB). Targets: ≤ 10 s and ≤ 300 MB peak RSS.
//
// The seeding happens here, on a real test server (a handful of receipts go through the real upload
// endpoint, the rest are written straight to the blob store and the attachments table). The export
// itself runs in a fresh child process (bench/export-package-child.ts) that only opens the DATA_DIR and
// exports, so its peak RSS (process.resourceUsage().maxRSS) is the export's alone. The ZIP is then
// downloaded through GET /api/packages/<id>.zip and its SHA-256 checked against the export's answer.
// The baseline runs the same way, in its own fresh process (bench/export-package-baseline-child.ts): one
// SELECT of every line streamed as a naive CSV into a ZIP with the 200 receipts (yazl), nothing else.
//
// Knobs: BENCH_LINES (100000), BENCH_RECEIPTS (200), BENCH_UPLOADS (receipts sent over HTTP, 5),
// BENCH_LOCALE (ja), BENCH_CPU_PROF (a directory: the child writes a V8 CPU profile there),
// BENCH_KEEP_DATA_DIR (a directory: a copy of the seeded DATA_DIR is kept there, to rerun the child by hand).
import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import type { Locale } from '../shared/categories.ts';
import { WORKED_EXAMPLE_2 } from '../shared/worked-examples.ts';
import { fillMissingLineTax } from '../server/ledger/line-tax.ts';
import { LocalObjectStore } from '../server/files/local-object-store.ts';
import { blobKey } from '../server/files/object-store.ts';
import { enterWorkedExample } from '../test/support/fixtures.ts';
import { signUpCompany, startTestServer } from '../test/support/server.ts';
import { fillLedger } from './support/fill-ledger.ts';
import { benchLines, machineInfo, printDocument, progress } from './support/report.ts';

const SCRIPT = 'export';
const machine = machineInfo();
const ranAt = new Date();
const LINES = benchLines();
const RECEIPTS = Math.min(Number(process.env.BENCH_RECEIPTS ?? 200), LINES);
const UPLOADS = Math.min(Number(process.env.BENCH_UPLOADS ?? 5), RECEIPTS);
const LOCALE = (process.env.BENCH_LOCALE ?? 'ja') as Locale;
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const KEEP_DATA_DIR = process.env.BENCH_KEEP_DATA_DIR;

const TARGET_MS = 10_000;
const TARGET_RSS_MB = 300;
const MB = 1024 * 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;

const CHILD = fileURLToPath(new URL('./export-package-child.ts', import.meta.url));
const BASELINE_CHILD = fileURLToPath(new URL('./export-package-baseline-child.ts', import.meta.url));

interface BaselineResult {
  wallMs: number;
  lines: number;
  receipts: number;
  csvBytes: number;
  zipBytes: number;
  sha256: string;
  rssBeforeMb: number;
  peakRssMb: number;
}

/** A distinct receipt of realistic size (100–500 KB): a PDF or JPEG header, then random bytes. */
function receiptBytes(i: number): { bytes: Buffer; name: string; mediaType: string } {
  const size = 100 * 1024 + ((i * 7919 * 13) % (400 * 1024));
  const pdf = i % 3 !== 0;
  const head = pdf ? Buffer.from('%PDF-1.4\n') : Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  const tail = pdf ? Buffer.from('\n%%EOF\n') : Buffer.from([0xff, 0xd9]);
  const bytes = Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
  return pdf
    ? { bytes, name: `請求書_${String(i + 1).padStart(3, '0')}.pdf`, mediaType: 'application/pdf' }
    : { bytes, name: `領収書写真_${String(i + 1).padStart(3, '0')}.jpg`, mediaType: 'image/jpeg' };
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Entry count and the names under receipts/, read from the ZIP's central directory. */
function zipEntries(zipPath: string): Promise<{ entries: number; receipts: number; documents: number; names: string[] }> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () =>
        resolve({
          entries: names.length,
          receipts: names.filter((n) => n.startsWith('receipts/')).length,
          documents: names.filter((n) => n.startsWith('documents/')).length,
          names,
        }),
      );
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

interface ChildResult {
  packageId: string;
  version: number;
  sha256: string;
  exportMs: number;
  rssBeforeExportMb: number;
  heapUsedBeforeExportMb: number;
  maxRssBeforeExportMb: number;
  peakRssMb: number;
  sampledPeakRssMb: number;
  sampledPeakHeapUsedMb: number;
  sampledPeakExternalMb: number;
  rssAfterExportMb: number;
}

const server = await startTestServer();
try {
  const { client, companyId, userId } = await signUpCompany(server.url, 'Bench');
  const { incidentId } = await enterWorkedExample(client, companyId, WORKED_EXAMPLE_2);
  const sqlite = server.db.$client;

  // 1. The ledger: LINES lines in one transaction.
  progress(SCRIPT, `seeding ${LINES.toLocaleString('en-US')} lines and ${RECEIPTS} receipts`);
  const fillStart = performance.now();
  const costIds = fillLedger(sqlite, { incidentId, companyId, userId }, LINES);
  // As a finance team's ledger: the vendor's registration number on every line bought from one, and income
  // tax withheld from the consulting fees (10.21% of the fee net of 10% tax); each line's tax category and
  // tax as the API would default them, so the export's process finds nothing to fill in when it opens.
  sqlite.prepare(`UPDATE costs SET invoice_number = 'T7000012050002' WHERE incident_id = ? AND category NOT IN ('damages', 'condolence')`).run(incidentId);
  sqlite.prepare(`UPDATE costs SET withholding_tax = amount * 1021 / 11000 WHERE incident_id = ? AND category = 'consulting'`).run(incidentId);
  await fillMissingLineTax(server.db);
  const fillMs = Math.round(performance.now() - fillStart);
  // The fill blocked the event loop past the keep-alive timeout: let the server close idle sockets first.
  await new Promise((resolve) => setTimeout(resolve, 200));

  // 2. The receipts, one per line on RECEIPTS lines spread over the ledger.
  const receiptLine = (i: number) => costIds[Math.floor((i * LINES) / RECEIPTS)];
  const receiptsStart = performance.now();
  let receiptBytesTotal = 0;
  // 2a. A handful through the real endpoint, to show the path works.
  for (let i = 0; i < UPLOADS; i++) {
    const receipt = receiptBytes(i);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(receipt.bytes)], { type: receipt.mediaType }), receipt.name);
    const response = await fetch(`${server.url}/api/costs/${receiptLine(i)}/attachments`, { method: 'POST', body: form, headers: { cookie: client.cookie! } });
    if (response.status !== 201) throw new Error(`upload ${i} failed: ${response.status} ${await response.text()}`);
    const stored = (await response.json()) as { sha256: string; size: number };
    if (stored.sha256 !== sha256Of(receipt.bytes) || stored.size !== receipt.bytes.length) throw new Error(`upload ${i}: stored file differs`);
    receiptBytesTotal += receipt.bytes.length;
  }
  // 2b. The rest straight into the blob store and the attachments table.
  const objects = new LocalObjectStore(server.dataDir);
  const attach = sqlite.prepare(
    `INSERT INTO attachments (id, company_id, incident_id, cost_id, document_kind, sha256, name, size, media_type, uploaded_by)
     VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
  );
  const rows: unknown[][] = [];
  for (let i = UPLOADS; i < RECEIPTS; i++) {
    const receipt = receiptBytes(i);
    const sha256 = sha256Of(receipt.bytes);
    const blobPath = objects.pathOf(blobKey(sha256));
    mkdirSync(path.dirname(blobPath), { recursive: true });
    writeFileSync(blobPath, receipt.bytes);
    rows.push([randomUUID(), companyId, incidentId, receiptLine(i), sha256, receipt.name, receipt.bytes.length, receipt.mediaType, userId]);
    receiptBytesTotal += receipt.bytes.length;
  }
  sqlite.transaction(() => {
    for (const row of rows) attach.run(...row);
  })();
  const receiptsMs = Math.round(performance.now() - receiptsStart);
  const attachmentRows = (sqlite.prepare('SELECT COUNT(*) AS n FROM attachments WHERE incident_id = ? AND deleted_at IS NULL').get(incidentId) as { n: number })
    .n;
  const documentRows = (
    sqlite.prepare('SELECT COUNT(*) AS n FROM attachments WHERE incident_id = ? AND deleted_at IS NULL AND document_kind IS NOT NULL').get(incidentId) as {
      n: number;
    }
  ).n;
  const lines = (sqlite.prepare('SELECT COUNT(*) AS n FROM costs WHERE incident_id = ? AND deleted_at IS NULL').get(incidentId) as { n: number }).n;

  // A running server would have checkpointed the WAL long since; start the export from that state.
  sqlite.pragma('optimize');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  if (KEEP_DATA_DIR) {
    cpSync(server.dataDir, path.resolve(KEEP_DATA_DIR), { recursive: true });
    console.error(
      `seeded DATA_DIR kept: node --import tsx bench/export-package-child.ts ${path.resolve(KEEP_DATA_DIR)} ${incidentId} ${companyId} ${userId} ${LOCALE}`,
    );
  }

  // 3. The export, in a fresh process that does nothing else.
  progress(SCRIPT, 'exporting (child process)');
  const childArgs = [
    '--import',
    'tsx',
    ...(CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(CPU_PROF_DIR)] : []),
    CHILD,
    server.dataDir,
    incidentId,
    companyId,
    userId,
    LOCALE,
  ];
  const childStart = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, childArgs, { maxBuffer: 16 * MB });
  const childProcessMs = Math.round(performance.now() - childStart);
  const child = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
  progress(SCRIPT, `export: ${child.exportMs} ms, peak RSS ${child.peakRssMb} MB; baseline (child process)`);

  // 3b. The raw floor, the same way: a fresh process reading the same DATA_DIR.
  const baselineOut = await promisify(execFile)(process.execPath, ['--import', 'tsx', BASELINE_CHILD, server.dataDir, incidentId], { maxBuffer: 16 * MB });
  const baseline = JSON.parse(baselineOut.stdout.trim().split('\n').at(-1)!) as BaselineResult;
  progress(SCRIPT, `baseline: ${baseline.wallMs} ms, peak RSS ${baseline.peakRssMb} MB`);
  if (baseline.lines !== lines || baseline.receipts !== attachmentRows - documentRows)
    throw new Error(`baseline read ${baseline.lines} lines and ${baseline.receipts} receipts`);

  // 4. The checks: the ZIP downloaded over HTTP hashes to the export's answer, and it holds every file.
  const zipPath = path.join(server.dataDir, 'packages', `${child.packageId}.zip`);
  const downloadStart = performance.now();
  const response = await fetch(`${server.url}/api/packages/${child.packageId}.zip`, { headers: { cookie: client.cookie! } });
  if (response.status !== 200 || !response.body) throw new Error(`download failed: ${response.status}`);
  const hash = createHash('sha256');
  let downloadedBytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    downloadedBytes += chunk.length;
  }
  const downloadedSha256 = hash.digest('hex');
  const downloadMs = Math.round(performance.now() - downloadStart);
  const zipBytes = statSync(zipPath).size;
  const zip = await zipEntries(zipPath);
  const expectedEntries = 5 + attachmentRows + 1; // claim-summary.pdf, incident-report.pdf, claim-form.pdf, ledger.xlsx, ledger.csv, the files, manifest.json

  const details = {
    lines,
    receipts: attachmentRows - documentRows,
    receiptsUploadedOverHttp: UPLOADS,
    receiptBytesTotal,
    receiptMbTotal: round1(receiptBytesTotal / MB),
    locale: LOCALE,
    seeding: { fillMs, receiptsMs },
    export: {
      wallMs: child.exportMs,
      peakRssMb: child.peakRssMb,
      rssBeforeExportMb: child.rssBeforeExportMb,
      peakRssBeforeExportMb: child.maxRssBeforeExportMb,
      sampledPeakRssMb: child.sampledPeakRssMb,
      heapUsedBeforeExportMb: child.heapUsedBeforeExportMb,
      sampledPeakHeapUsedMb: child.sampledPeakHeapUsedMb,
      sampledPeakExternalMb: child.sampledPeakExternalMb,
      rssAfterExportMb: child.rssAfterExportMb,
      childProcessMs,
    },
    zip: {
      bytes: zipBytes,
      mb: round1(zipBytes / MB),
      entries: zip.entries,
      expectedEntries,
      receiptEntries: zip.receipts,
      documentEntries: zip.documents,
      sha256: child.sha256,
      downloadedSha256,
      downloadedBytes,
      downloadMs,
      sha256Matches: downloadedSha256 === child.sha256 && downloadedBytes === zipBytes,
    },
    baseline,
  };
  const wallOk = child.exportMs <= TARGET_MS;
  const rssOk = child.peakRssMb <= TARGET_RSS_MB;
  printDocument(
    ranAt,
    machine,
    {
      exportPackage: {
        wallMs: child.exportMs,
        peakRssMb: child.peakRssMb,
        lines,
        receipts: details.receipts,
        zipMb: details.zip.mb,
        wallRatioToBaseline: round1(child.exportMs / Math.max(1, baseline.wallMs)),
        baseline: {
          what: `raw floor in its own fresh process (better-sqlite3 + yazl only): one SELECT of the ${lines.toLocaleString('en-US')} live lines streamed as a naive CSV into a ZIP (deflated), then the ${baseline.receipts} receipts (stored), SHA-256 while writing; no PDF, XLSX, summary, manifest or database writes`,
          wallMs: baseline.wallMs,
          peakRssMb: baseline.peakRssMb,
          zipMb: round1(baseline.zipBytes / MB),
        },
        target: `wall ≤ ${TARGET_MS / 1000} s and peak RSS ≤ ${TARGET_RSS_MB} MB`,
        met: wallOk && rssOk,
        wallMet: wallOk,
        rssMet: rssOk,
      },
    },
    { exportPackage: details },
  );
  if (!details.zip.sha256Matches || zip.entries !== expectedEntries || zip.receipts !== details.receipts) {
    progress(SCRIPT, "the downloaded package does not match the export's answer");
    process.exitCode = 1;
  }
} finally {
  await server.close(); // also removes the DATA_DIR
}
