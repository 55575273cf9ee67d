// The claim package (docs/rules.md §5): worked example 2 exported through the API and downloaded as a ZIP; every
// file inside is read back (manifest hashes, the XLSX with exceljs, the CSV, the PDF with poppler) and
// checked against what the dashboard says. A package is frozen, and only its company may fetch it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreflightRecord } from '../../shared/preflight.ts';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { exportClaimPackage } from '../../server/packages/build-package.ts';
import { openStorage } from '../../server/storage.ts';
import type { InputOf, OutputOf } from '../support/api-types.ts';
import { attachToLine, blobPath } from '../support/files.ts';
import { COST, enterWorkedExample, POLICY } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer, type WireBody } from '../support/server.ts';
import { readWorkbook } from '../support/read-xlsx.ts';
import { entriesByPath, readZip, type ZipEntryRead } from '../support/zip.ts';
import { at, atLeast, must } from '../support/at.ts';
import { sqlRefusal, sqlRows, sqlRun } from '../support/sql.ts';

const PDF_NOTICE = Buffer.from('%PDF-1.4\n% 謝罪広告の請求書\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'utf8');
const PDF_CONDOLENCE = Buffer.from('%PDF-1.7\n% 見舞金の領収書\n%%EOF\n', 'utf8');
const PNG_TRANSFER = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('bank transfer slip')]);
const PDF_CLAIM_FORM = Buffer.from('%PDF-1.4\n% 保険金請求書\n%%EOF\n', 'utf8');

/** The ZIP paths the receipts and the document get: numbered after the ledger line (date order). */
const RECEIPT_NOTICE = 'receipts/0001-1_notice-invoice.pdf';
const RECEIPT_CONDOLENCE = 'receipts/0002-1_見舞金_領収書.pdf';
const RECEIPT_TRANSFER = 'receipts/0002-2_振込明細.png';
const DOCUMENT_CLAIM_FORM = 'documents/claim_form-1_保険金請求書.pdf';

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>>;
let b: Awaited<ReturnType<typeof signUpCompany>>;
let incidentId: string;
let policyId: string;
type CostLine = OutputOf<'cost.list'>['items'][number];
type Exported = OutputOf<'claim.export'>;

/** manifest.json as the package writes it (server/packages/build-package.ts, manifestOf): the fields these tests read. */
interface Manifest {
  locale: 'ja' | 'en';
  version: number;
  createdAt: string;
  createdBy: { userId: string; name: string; email: string };
  steps: string[];
  taxTreatment: string;
  claimStatus: string;
  totals: {
    claimedAmount: number;
    estimateAmount: number;
    totalPayable: number;
    byCategory: { category: string; incurred: number; estimated: number }[];
    byTaxCategory: OutputOf<'cost.taxTotals'>;
  };
  warnings: { code: string; message: string }[];
  documents: { kind: string; status: string; reason: string | null }[];
  auditChain: { head: string; entries: number };
  approval: { approvedLines: number; unapprovedLines: number };
  consentMissingLines: number;
  brokerAdjusted: OutputOf<'claim.summary'>['brokerAdjusted'];
  preflight: PreflightRecord;
  files: { path: string; sha256: string; size: number }[];
}

/** What an upload route answers with 201 (server/http/uploads.ts). */
interface Uploaded {
  id: string;
  sha256: string;
  name: string;
  size: number;
}

/** What a claim submission's audit entry records after it (the pre-flight list and the confirmation). */
interface SubmissionAudit {
  outstanding: string[];
  confirmation: string;
}

let lines: CostLine[];
let exported: Exported;
let zipBytes: Buffer;
let entries: ZipEntryRead[];
let files: Map<string, Buffer>;
let manifest: Manifest;
let totals: OutputOf<'cost.totals'>;
let summary: OutputOf<'claim.summary'>;
let preflightAtExport: OutputOf<'claim.preflight'>;
let tmp: string;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const squash = (text: string) => text.replace(/\s+/g, '');

async function upload(client: ApiClient, urlPath: string, name: string, bytes: Buffer, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await fetch(`${server.url}${urlPath}`, { method: 'POST', headers: client.cookie ? { cookie: client.cookie } : {}, body: form });
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body as Uploaded;
}

async function download(client: ApiClient | null, packageId: string) {
  const response = await fetch(`${server.url}/api/packages/${packageId}.zip`, { headers: client?.cookie ? { cookie: client.cookie } : {} });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function downloadOk(client: ApiClient, packageId: string) {
  const answer = await download(client, packageId);
  expect(answer.status).toBe(200);
  return answer.bytes;
}

async function costLines(id: string) {
  const list = await a.client.ok('query', 'cost.list', { incidentId: id, sort: 'incurredOn', order: 'asc', limit: 1000 });
  return list.items;
}

/** A package's manifest.json, parsed. */
const parseManifest = (bytes: Buffer | undefined): Manifest => JSON.parse(must(bytes, 'manifest.json').toString('utf8')) as Manifest;

async function manifestOf(bytes: Buffer) {
  const map = entriesByPath(await readZip(bytes));
  return { files: map, manifest: parseManifest(map.get('manifest.json')) };
}

/** RFC 4180: fields separated by commas, quoted with "", quotes doubled inside, records ended by CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i += 1;
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (c === '\n') {
      throw new Error(`bare LF at ${i}: records must end with CRLF`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The PDF's text laid out as on the page; `raw`: in the order it was written, a table cell's lines together. */
function pdfText(bytes: Buffer, name: string, mode: 'layout' | 'raw' = 'layout'): string {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  return execFileSync('/usr/bin/pdftotext', [`-${mode}`, file, '-'], { encoding: 'utf8' });
}

/** A member of company A with the given role, through an invitation. */
async function member(role: 'responder' | 'finance') {
  const invite = await a.client.ok('mutate', 'company.invite', { companyId: a.companyId, role });
  const client = new ApiClient(server.url);
  await client.ok('mutate', 'auth.acceptInvite', {
    token: invite.token,
    email: `pkg-${role}-${Date.now()}@example.jp`,
    password: 'a long password',
    name: `${role} 担当`,
  });
  return client;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'claim-package-test-'));
  server = await startTestServer();
  a = await signUpCompany(server.url, 'PkgA');
  b = await signUpCompany(server.url, 'PkgB');
  ({ incidentId, policyId } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2));
  // An estimate as well, so that "all stages" and "claimed" differ.
  await a.client.ok('mutate', 'cost.create', {
    incidentId,
    category: 'investigation',
    stage: 'estimate',
    incurredOn: '2026-09-01',
    amount: 2_500_000,
    vendor: 'フォレンジック社',
    description: '追加調査の見積',
  });
  lines = await costLines(incidentId);
  const [notice, condolence] = atLeast(lines, 2);
  expect(notice.category).toBe('public_notice');
  expect(condolence.category).toBe('condolence');
  await upload(a.client, `/api/costs/${notice.id}/attachments`, 'notice-invoice.pdf', PDF_NOTICE, 'application/pdf');
  await upload(a.client, `/api/costs/${condolence.id}/attachments`, '見舞金_領収書.pdf', PDF_CONDOLENCE, 'application/pdf');
  // No extension: it is stored, listed and zipped under the extension of what the bytes are.
  await upload(a.client, `/api/costs/${condolence.id}/attachments`, '振込明細', PNG_TRANSFER, 'image/png');
  await upload(a.client, `/api/incidents/${incidentId}/documents/claim_form`, '保険金請求書.pdf', PDF_CLAIM_FORM, 'application/pdf');

  preflightAtExport = await a.client.ok('query', 'claim.preflight', { incidentId });
  exported = await a.client.ok('mutate', 'claim.export', { incidentId });
  zipBytes = await downloadOk(a.client, exported.packageId);
  entries = await readZip(zipBytes);
  files = entriesByPath(entries);
  manifest = parseManifest(files.get('manifest.json'));
  totals = await a.client.ok('query', 'cost.totals', { incidentId });
  summary = await a.client.ok('query', 'claim.summary', { incidentId });
});
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('claim.export and the download', () => {
  it('answers the first version, and the download is the ZIP with that SHA-256', async () => {
    expect(exported).toEqual({ packageId: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(sha256(zipBytes)).toBe(exported.sha256);
    expect(zipBytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const { headers } = await download(a.client, exported.packageId);
    expect(headers.get('content-type')).toBe('application/zip');
    expect(Number(headers.get('content-length'))).toBe(zipBytes.length);
    expect(headers.get('etag')).toBe(`"${exported.sha256}"`);
    const disposition = headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; /);
    expect(decodeURIComponent(at(disposition.split("UTF-8''"), 1))).toBe(`保険金請求書類_${WORKED_EXAMPLE_2.incident.title}_第1版.zip`);
  });

  it('holds the PDFs, both ledgers, every receipt, the incident document and the manifest', () => {
    // Example 2's insured is A's contractor: the package carries its notice to the client too.
    expect(entries.map((e) => e.path).sort()).toEqual(
      [
        'claim-summary.pdf',
        'incident-report.pdf',
        'claim-form.pdf',
        'client-notice.pdf',
        'ledger.xlsx',
        'ledger.csv',
        RECEIPT_NOTICE,
        RECEIPT_CONDOLENCE,
        RECEIPT_TRANSFER,
        DOCUMENT_CLAIM_FORM,
        'manifest.json',
      ].sort(),
    );
    // The receipts are the uploaded bytes, unchanged.
    expect(files.get(RECEIPT_NOTICE)).toEqual(PDF_NOTICE);
    expect(files.get(RECEIPT_CONDOLENCE)).toEqual(PDF_CONDOLENCE);
    expect(files.get(RECEIPT_TRANSFER)).toEqual(PNG_TRANSFER);
    expect(files.get(DOCUMENT_CLAIM_FORM)).toEqual(PDF_CLAIM_FORM);
    // Japanese names are marked UTF-8, so every unzip tool shows them.
    for (const entry of entries) if (/[^\x20-\x7e]/.test(entry.path)) expect(entry.utf8, entry.path).toBe(true);
    expect(files.get('claim-summary.pdf')!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Every entry carries the package's creation time (DOS time: two-second steps).
    for (const entry of entries) expect(Math.abs(entry.modified.getTime() - Date.parse(manifest.createdAt)), entry.path).toBeLessThan(2_000);
  });

  it('lists every other entry in manifest.files with its SHA-256 and size', () => {
    const listed: { path: string; sha256: string; size: number }[] = manifest.files;
    expect(listed.map((f) => f.path).sort()).toEqual(
      entries
        .map((e) => e.path)
        .filter((p) => p !== 'manifest.json')
        .sort(),
    );
    expect(new Set(listed.map((f) => f.path)).size).toBe(listed.length);
    for (const file of listed) {
      const bytes = files.get(file.path)!;
      expect(file.sha256, file.path).toBe(sha256(bytes));
      expect(file.size, file.path).toBe(bytes.length);
    }
  });

  it('says in the manifest who made which version of what, with the dashboard’s figures', async () => {
    const checklist = await a.client.ok('query', 'document.checklist', { incidentId });
    expect(manifest).toMatchObject({
      format: 'breach-cost-tracker/claim-package',
      formatVersion: 4,
      packageId: exported.packageId,
      packageName: `${WORKED_EXAMPLE_2.incident.title} 第1版`,
      version: 1,
      locale: 'ja',
      createdBy: { userId: a.userId, name: '管理者 PkgA', email: a.email },
      companyId: a.companyId,
      policyId,
      incidentId,
      steps: summary.steps,
      taxTreatment: 'inclusive',
    });
    // Per tax rate, as cost.taxTotals answers over HTTP: the worked example's lines are a third party's claim (不課税).
    expect(manifest.totals.byTaxCategory).toEqual(await a.client.ok('query', 'cost.taxTotals', { incidentId }));
    expect(manifest.totals.byTaxCategory.claimed).toEqual([{ taxCategory: 'non_taxable', lines: 5, gross: 66_000_000, tax: 0, net: 66_000_000, withheld: 0 }]);
    expect(new Date(manifest.createdAt).toISOString()).toBe(manifest.createdAt);
    expect(Date.now() - Date.parse(manifest.createdAt)).toBeLessThan(60_000);
    expect(manifest.totals).toMatchObject({
      lines: 6,
      claimedLines: 5,
      claimedAmount: 66_000_000,
      estimateAmount: 2_500_000,
      expenseIncurred: 43_000_000,
      costsPayable: 30_000_000,
      liabilityPayable: 23_000_000,
      totalPayable: 53_000_000,
      projectedTotalPayable: summary.projectedTotalPayable,
    });
    expect(manifest.totals.claimedAmount).toBe(totals.claimedAmount);
    expect(manifest.totals.estimateAmount).toBe(totals.byStage.estimate.amount);
    expect(manifest.totals.totalPayable).toBe(summary.totalPayable);
    const byCategory = Object.fromEntries(manifest.totals.byCategory.map((c) => [c.category, c]));
    expect(byCategory.public_notice).toMatchObject({ incurred: 18_000_000, estimated: 0 });
    expect(byCategory.condolence).toMatchObject({ incurred: 25_000_000 });
    expect(byCategory.damages).toMatchObject({ incurred: 13_000_000 });
    expect(byCategory.litigation).toMatchObject({ incurred: 10_000_000 });
    expect(byCategory.investigation).toMatchObject({ incurred: 0, estimated: 2_500_000 });
    expect(manifest.warnings.map((w) => w.code)).toEqual(summary.warnings.map((w) => w.code));
    expect(manifest.warnings.map((w) => w.code)).toContain('expense_limit_reached');
    expect(manifest.documents.map((d) => [d.kind, d.status])).toEqual(checklist.items.map((i) => [i.kind, i.status]));
    expect(Object.fromEntries(manifest.documents.map((d) => [d.kind, d.status]))).toMatchObject({
      claim_form: 'attached',
      receipts: 'missing',
      seal_certificate: 'missing',
    });
    // The pre-flight check as it stood: exported by a script's call, which acknowledges nothing.
    expect(manifest.preflight).toEqual({
      checkedAt: manifest.createdAt,
      outstanding: preflightAtExport.items.map((item) => ({
        key: item.key,
        lines: item.kind === 'document' ? null : item.lines,
        amount: item.kind === 'document' ? null : item.amount,
      })),
      confirmation: 'not_acknowledged',
      acknowledged: null,
      by: { userId: a.userId, name: '管理者 PkgA', email: a.email },
    });
    expect(manifest.preflight.outstanding.map((item) => item.key)).toEqual([
      'unapproved',
      'consent_missing',
      'no_receipt',
      'document:incident_report',
      'document:quotes',
      'document:settlements',
      'document:forensic_report',
      'document:notice_letters',
      'document:condolence_list',
      'document:outsourcing_contract',
      'document:demand_letters',
      'document:consent_letters',
      'document:seal_certificate',
      'document:registry_extract',
    ]);
  });

  it('writes ledger.xlsx with yen-formatted amounts and formulas that agree with the dashboard', async () => {
    const workbook = await readWorkbook(files.get('ledger.xlsx'), 'ledger.xlsx');
    const sheet = at(workbook.worksheets, 0);
    expect(sheet.name).toBe('明細');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const amountColumn = header.indexOf('金額') + 1;
    const stageColumn = header.indexOf('段階') + 1;
    const idColumn = header.indexOf('明細ID') + 1;
    expect(amountColumn).toBeGreaterThan(0);

    const lineRows: ExcelJS.Row[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1 && typeof row.getCell(1).value === 'number') lineRows.push(row);
    });
    expect(lineRows.map((r) => r.getCell(1).value)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lineRows.map((r) => r.getCell(idColumn).value)).toEqual(lines.map((l) => l.id));
    const amounts = lineRows.map((r) => r.getCell(amountColumn).value as number);
    const allStages = Object.values(totals.byStage).reduce((sum, s) => sum + s.amount, 0);
    expect(amounts.reduce((s, n) => s + n, 0)).toBe(allStages);
    expect(allStages).toBe(68_500_000);
    for (const row of lineRows) expect(row.getCell(amountColumn).numFmt, `row ${row.number}`).toContain('¥');
    expect(lineRows.map((r) => r.getCell(stageColumn).value)).toEqual(
      lines.map((l) => ({ estimate: '見積', invoiced: '請求', paid: '支払済', agreed: '示談成立・判決確定', demanded: '請求を受けた' })[l.stage as string]),
    );

    // The totals below the lines are formulas, with their results cached for readers that do not compute.
    const totalRows = new Map<string, ExcelJS.Cell>();
    sheet.eachRow((row) => {
      const label = row.getCell(amountColumn - 1).value;
      if (typeof label === 'string' && row.number > 1 + lineRows.length) totalRows.set(label, row.getCell(amountColumn));
    });
    const all = totalRows.get('合計（全明細）')!;
    const claimed = totalRows.get('請求額（請求・支払済）')!;
    const estimates = totalRows.get('見積・未確定の請求')!;
    for (const cell of [all, claimed, estimates]) {
      expect(cell, 'a totals row').toBeDefined();
      expect(cell.formula, cell.address).toBeTruthy();
      expect(cell.numFmt, cell.address).toContain('¥');
    }
    expect(all.formula).toMatch(/^SUM\([A-Z]+2:[A-Z]+7\)$/);
    expect(all.result).toBe(allStages);
    expect(claimed.formula).toContain('SUMIF');
    expect(claimed.result).toBe(totals.claimedAmount);
    expect(claimed.result).toBe(66_000_000);
    expect(estimates.result).toBe(totals.byStage.estimate.amount);

    const summarySheet = at(workbook.worksheets, 1);
    expect(summarySheet.name).toBe('集計');
    const figures = new Map<string, unknown>();
    summarySheet.eachRow((row) => figures.set(row.getCell(1).text, row.getCell(2).value));
    expect(figures.get('お支払い見込額 合計')).toBe(53_000_000);
    expect(figures.get('社告・会見等費用')).toBe(18_000_000);
  });

  it('writes ledger.csv in UTF-8 with a BOM, its amounts and the receipts’ ZIP paths', () => {
    const bytes = files.get('ledger.csv')!;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    const [header, ...body] = atLeast(rows, 1);
    expect(header[0]).toBe('No.');
    for (const row of body) expect(row.length).toBe(header.length);
    const col = (name: string) => {
      const index = header.indexOf(name);
      expect(index, name).toBeGreaterThanOrEqual(0);
      return index;
    };
    expect(body.map((r) => r[col('No.')])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(body.map((r) => r[col('明細ID')])).toEqual(lines.map((l) => l.id));
    const amounts = body.map((r) => Number(r[col('金額')]));
    expect(amounts.every(Number.isSafeInteger)).toBe(true);
    expect(amounts.reduce((s, n) => s + n, 0)).toBe(totals.byStage.estimate.amount + totals.claimedAmount);
    const claimed = body.filter((r) => r[col('段階')] !== '見積').reduce((s, r) => s + Number(r[col('金額')]), 0);
    expect(claimed).toBe(totals.claimedAmount);
    expect(body.map((r) => r[col('費用区分')])).toContain('社告・会見等費用');
    expect(at(body, 1)[col('内容')]).toBe('見舞金 500円 × 5万人(A社からの求償)');

    const attached = body.map((r) => r[col('添付ファイル')]);
    expect(attached[0]).toBe(RECEIPT_NOTICE);
    expect(attached[1]).toBe(`${RECEIPT_CONDOLENCE} | ${RECEIPT_TRANSFER}`);
    expect(attached.slice(2)).toEqual(['', '', '', '']);
    const csvPaths = attached.flatMap((cell) => (cell ? cell.split(' | ') : []));
    const zipReceipts = entries.map((e) => e.path).filter((p) => p.startsWith('receipts/'));
    expect(csvPaths.sort()).toEqual(zipReceipts.sort());
  });

  it('writes claim-summary.pdf in Japanese with the categories, the total and every step', () => {
    const text = pdfText(files.get('claim-summary.pdf')!, 'ja.pdf');
    const flat = squash(text);
    for (const expected of [
      '社告・会見等費用',
      '損害賠償金',
      '見舞金・見舞品購入費用',
      '¥53,000,000',
      '¥66,000,000',
      '保険金請求 集計表',
      WORKED_EXAMPLE_2.policy.policyNumber,
    ]) {
      expect(flat, expected).toContain(squash(expected));
    }
    expect(summary.steps.length).toBeGreaterThan(0);
    for (const step of summary.steps) expect(flat, step).toContain(squash(step));
    expect(text).toMatch(/お支払い見込額 合計\s+¥53,000,000/);
    // Named by incident and version; the id only in the footers.
    expect(flat).toContain(squash(`${WORKED_EXAMPLE_2.incident.title} 第1版`));
    // The documents checklist, as the documents page shows it.
    for (const expected of ['提出書類チェックリスト', '保険金請求書', '印鑑証明書', '登記事項証明書', '添付済み', '未提出', '明細 5 件中 2 件に添付あり']) {
      expect(flat, expected).toContain(squash(expected));
    }
  });

  it('lists every line in the PDF’s appendix, with its receipts named as in the ZIP and a subtotal per category', () => {
    const text = pdfText(files.get('claim-summary.pdf')!, 'ja-lines.pdf');
    const appendix = text.slice(text.indexOf('別紙 明細一覧'));
    expect(appendix).toContain('明細 6件を費用区分ごとに発生日順で掲げます');
    // Each line's No. (the ledgers'), date and amount on one row.
    const csv = parseCsv(files.get('ledger.csv')!.subarray(3).toString('utf8'));
    const [header, ...body] = atLeast(csv, 1);
    for (const row of body) {
      const amount = `¥${Number(row[header.indexOf('金額')]).toLocaleString('en-US')}`;
      expect(appendix, `No. ${row[0]}`).toMatch(new RegExp(`^\\s*${row[0]}\\s+\\d{4}年\\d+月\\d+日\\s.*${amount}`, 'm'));
    }
    // Every receipt in the ZIP is named on its line, after its amount, as the ZIP names it (without the folder).
    const raw = squash(pdfText(files.get('claim-summary.pdf')!, 'ja-lines-raw.pdf', 'raw'));
    expect(raw).toContain(squash(`¥18,000,000 ${RECEIPT_NOTICE.slice('receipts/'.length)}`));
    expect(raw).toContain(squash(`¥25,000,000 ${RECEIPT_CONDOLENCE.slice('receipts/'.length)} ${RECEIPT_TRANSFER.slice('receipts/'.length)}`));
    expect(entries.filter((e) => e.path.startsWith('receipts/')).length).toBe(3);
    // Each subtotal with its tax: a third party's claim is 不課税; the estimate holds ¥2,500,000 × 10/110.
    expect(appendix).toMatch(/小計\s+見舞金・見舞品購入費用\s+1件\s+¥0\s+¥25,000,000/);
    expect(appendix).toMatch(/小計\s+事故原因調査費用\s+1件（うち請求・支払済 ¥0）\s+¥227,272\s+¥2,500,000/);
    expect(appendix).toMatch(/合計\s+6件（うち請求・支払済 ¥66,000,000）\s+¥227,272\s+¥68,500,000/);
    // From page 2 on, every page says whose claim it is.
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    for (const page of pages.slice(1)) expect(page).toContain(`${WORKED_EXAMPLE_2.incident.title} 第1版`);
  });

  it('writes an English package on request', async () => {
    const { incidentId: english } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2);
    const answer = await a.client.ok('mutate', 'claim.export', { incidentId: english, locale: 'en' });
    expect(answer.version).toBe(1);
    const bytes = await downloadOk(a.client, answer.packageId);
    expect(sha256(bytes)).toBe(answer.sha256);
    const { files: englishFiles, manifest: englishManifest } = await manifestOf(bytes);
    expect(englishManifest.locale).toBe('en');
    const englishSummary = await a.client.ok('query', 'claim.summary', { incidentId: english, locale: 'en' });
    expect(englishManifest.steps).toEqual(englishSummary.steps);

    const flat = squash(pdfText(englishFiles.get('claim-summary.pdf')!, 'en.pdf'));
    for (const expected of [
      'Claim summary',
      'Public notices and press conferences',
      'Damages owed to third parties',
      'Total payable',
      '¥53,000,000',
      ...englishSummary.steps,
    ]) {
      expect(flat, expected).toContain(squash(expected));
    }
    expect(flat).not.toContain('お支払い見込額');
    expect(flat).not.toContain('社告・会見等費用');

    const csv = parseCsv(englishFiles.get('ledger.csv')!.subarray(3).toString('utf8'));
    expect(csv[0]).toContain('Amount');
    expect(csv[0]).toContain('Attached files');
    const workbook = await readWorkbook(englishFiles.get('ledger.xlsx'), 'ledger.xlsx');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Ledger', 'Summary']);

    const response = await download(a.client, answer.packageId);
    expect(decodeURIComponent(at(response.headers.get('content-disposition')!.split("UTF-8''"), 1))).toBe(
      `claim-package_${WORKED_EXAMPLE_2.incident.title}_v1.zip`,
    );
  });
});

describe('claim.packages', () => {
  it('lists the exported versions with their totals and download link', async () => {
    const list = await a.client.ok('query', 'claim.packages', { incidentId });
    expect(at(list, 0)).toEqual({
      id: exported.packageId,
      version: 1,
      locale: 'ja',
      sha256: exported.sha256,
      size: zipBytes.length,
      totals: expect.objectContaining({ claimedAmount: 66_000_000, totalPayable: 53_000_000, lines: 6, claimedLines: 5 }),
      createdAt: manifest.createdAt,
      createdByName: '管理者 PkgA',
      submittedAt: null,
      preflight: preflightAtExport.items,
      downloadUrl: `/api/packages/${exported.packageId}.zip`,
    });
    const audit = await a.client.ok('query', 'audit.list', { incidentId });
    const entry = audit.find((e) => e.entityType === 'package' && e.entityId === exported.packageId);
    expect(entry).toMatchObject({
      action: 'export',
      actorName: '管理者 PkgA',
      after: {
        version: 1,
        sha256: exported.sha256,
        totalPayable: 53_000_000,
        locale: 'ja',
        outstanding: manifest.preflight.outstanding.map((o) => o.key),
        confirmation: 'not_acknowledged',
      },
    });
  });

  it('exports an incident with no lines: an empty ledger, zero totals', async () => {
    const empty = await a.client.ok('mutate', 'incident.create', { policyId, ...WORKED_EXAMPLE_2.incident, title: '明細なし' });
    const answer = await a.client.ok('mutate', 'claim.export', { incidentId: empty.id });
    const bytes = await downloadOk(a.client, answer.packageId);
    expect(sha256(bytes)).toBe(answer.sha256);
    const { files: emptyFiles, manifest: emptyManifest } = await manifestOf(bytes);
    expect([...emptyFiles.keys()].sort()).toEqual([
      'claim-form.pdf',
      'claim-summary.pdf',
      'client-notice.pdf',
      'incident-report.pdf',
      'ledger.csv',
      'ledger.xlsx',
      'manifest.json',
    ]);
    expect(emptyManifest.totals).toMatchObject({ lines: 0, claimedLines: 0, claimedAmount: 0, estimateAmount: 0, totalPayable: 0, projectedTotalPayable: 0 });
    const csv = parseCsv(emptyFiles.get('ledger.csv')!.subarray(3).toString('utf8'));
    expect(csv.length).toBe(1);
    const workbook = await readWorkbook(emptyFiles.get('ledger.xlsx'), 'ledger.xlsx');
    const results: unknown[] = [];
    at(workbook.worksheets, 0).eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.formula) results.push(cell.result);
      });
    });
    // The three totals, then per tax rate 税抜, 税額, 税込 and 源泉徴収税額 for five categories and their total.
    expect(results).toEqual(Array(3 + 5 * 4 + 4).fill(0));
  });

  it('fails the export of a receipt gone from storage without taking the server down, and lists nothing', async () => {
    const { incidentId: broken } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2);
    const line = await a.client.ok('mutate', 'cost.create', { incidentId: broken, ...COST });
    const receipt = await attachToLine(server.url, a.client.cookie, line.id, Buffer.from('%PDF-1.4\n% 消える領収書\n%%EOF\n'), 'gone.pdf');
    rmSync(blobPath(server.dataDir, receipt.sha256));
    const answer = await a.client.mutate('claim.export', { incidentId: broken });
    expect(answer.status).toBe(500);
    expect(answer.error?.message).toBe('Internal error');
    expect(await a.client.ok('query', 'claim.packages', { incidentId: broken })).toEqual([]);
    expect((await a.client.query('auth.me')).status).toBe(200);
  });

  it('builds one of two exports asked at the same moment; the other is refused (429), never a second copy', async () => {
    const { incidentId: racing } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2);
    const answers = await Promise.all([a.client.mutate('claim.export', { incidentId: racing }), a.client.mutate('claim.export', { incidentId: racing })]);
    const built = answers.filter((x) => x.status === 200).map((x) => x.data);
    // One export per company builds at a time; one asked after it finished would get that same, unchanged version.
    for (const refused of answers.filter((x) => x.status !== 200)) {
      expect(refused.status).toBe(429);
      expect(refused.error?.code).toBe('TOO_MANY_REQUESTS');
    }
    expect(built.length).toBeGreaterThanOrEqual(1);
    expect(new Set(built.map((x) => x.packageId)).size).toBe(1);
    const first = at(built, 0);
    expect(first.version).toBe(1);
    expect(sha256(await downloadOk(a.client, first.packageId))).toBe(first.sha256);
    expect((await a.client.ok('query', 'claim.packages', { incidentId: racing })).map((p) => p.version)).toEqual([1]);
  });

  it('gives two builds at the same moment two different versions (scripts call the builder directly)', async () => {
    const { incidentId: racing } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2);
    const storage = openStorage(server.dataDir);
    const target = { incidentId: racing, companyId: a.companyId, locale: 'ja' as const, userId: a.userId };
    const answers = await Promise.all([exportClaimPackage(server.db, storage, target), exportClaimPackage(server.db, storage, target)]);
    expect(answers.map((x) => x.version).sort()).toEqual([1, 2]);
    for (const answer of answers) expect(sha256(await downloadOk(a.client, answer.packageId))).toBe(answer.sha256);
    expect((await a.client.ok('query', 'claim.packages', { incidentId: racing })).map((p) => p.version)).toEqual([2, 1]);
  });
});

describe('a frozen package', () => {
  it('downloads byte for byte the same, again and again', async () => {
    const again = await downloadOk(a.client, exported.packageId);
    expect(again.equals(zipBytes)).toBe(true);
    const third = await downloadOk(a.client, exported.packageId);
    expect(sha256(third)).toBe(exported.sha256);
  });

  it('keeps version 1 as it was after the ledger changes; the next export is version 2', async () => {
    const litigation = must(
      lines.find((l) => l.category === 'litigation'),
      'the litigation line',
    );
    const full = must(
      (await costLines(incidentId)).find((l) => l.id === litigation.id),
      'the litigation line in the ledger',
    );
    await a.client.ok('mutate', 'cost.update', {
      id: full.id,
      category: full.category,
      stage: full.stage,
      incurredOn: full.incurredOn,
      amount: 12_000_000,
      description: full.description ?? undefined,
      source: full.source,
      claimant: full.claimant ?? undefined,
    });
    await a.client.ok('mutate', 'cost.create', {
      incidentId,
      category: 'communications',
      stage: 'paid',
      incurredOn: '2026-09-10',
      amount: 300_000,
      description: 'コールセンター通信費',
    });

    const second = await a.client.ok('mutate', 'claim.export', { incidentId });
    expect(second.version).toBe(2);
    expect(second.packageId).not.toBe(exported.packageId);
    expect(second.sha256).not.toBe(exported.sha256);
    const { manifest: secondManifest } = await manifestOf(await downloadOk(a.client, second.packageId));
    expect(secondManifest.version).toBe(2);
    expect(secondManifest.totals).toMatchObject({
      lines: 7,
      claimedLines: 6,
      claimedAmount: 68_300_000,
      liabilityPayable: 25_000_000,
      totalPayable: 55_000_000,
    });

    // Version 1: the same bytes, the old totals.
    const first = await downloadOk(a.client, exported.packageId);
    expect(sha256(first)).toBe(exported.sha256);
    expect(first.equals(zipBytes)).toBe(true);
    const { manifest: firstManifest } = await manifestOf(first);
    expect(firstManifest.totals).toMatchObject({ lines: 6, claimedAmount: 66_000_000, totalPayable: 53_000_000 });

    const list = await a.client.ok('query', 'claim.packages', { incidentId });
    expect(list.map((p) => p.version)).toEqual([2, 1]);
    expect(list.map((p) => p.sha256)).toEqual([second.sha256, exported.sha256]);
    expect(list.map((p) => p.totals.totalPayable)).toEqual([55_000_000, 53_000_000]);
  });

  it('cannot be changed or removed in SQL', async () => {
    const before = await snapshot(server.db);
    const refusal = (text: string, ...params: unknown[]) => sqlRefusal(sqlRun(server.db, text, ...params));
    expect(await refusal("UPDATE claim_packages SET sha256 = 'x' WHERE id = ?", exported.packageId)).toContain('an exported claim package is frozen');
    expect(await refusal('UPDATE claim_packages SET status = ? WHERE id = ?', 'building', exported.packageId)).toContain('an exported claim package is frozen');
    expect(await refusal('DELETE FROM claim_packages WHERE id = ?', exported.packageId)).toContain('an exported claim package is frozen');
    expect(await refusal('DELETE FROM claim_packages')).toContain('an exported claim package is frozen');
    expect(await snapshot(server.db)).toBe(before);
  });

  it('leaves a removed line and its receipt out of the next package, and keeps them in the earlier ones', async () => {
    const notice = at(lines, 0);
    await a.client.ok('mutate', 'cost.delete', { id: notice.id });
    // A file removed from a line that stays is left out too.
    const condolenceFiles = await a.client.ok('query', 'attachment.list', { incidentId, costId: at(lines, 1).id });
    const transfer = must(
      condolenceFiles.find((f) => f.name === '振込明細.png'),
      'the transfer slip',
    );
    await a.client.ok('mutate', 'attachment.remove', { id: transfer.id });
    const third = await a.client.ok('mutate', 'claim.export', { incidentId });
    expect(third.version).toBe(3);
    const bytes = await downloadOk(a.client, third.packageId);
    const { files: thirdFiles, manifest: thirdManifest } = await manifestOf(bytes);
    const paths = [...thirdFiles.keys()];
    expect(paths.some((p) => p.includes('notice-invoice'))).toBe(false);
    expect(thirdManifest.files.some((f) => f.path.includes('notice-invoice'))).toBe(false);
    // The condolence line is line 1 now, and its receipts are numbered after it.
    expect(paths.filter((p) => p.startsWith('receipts/')).sort()).toEqual(['receipts/0001-1_見舞金_領収書.pdf']);
    expect(paths).toContain(DOCUMENT_CLAIM_FORM);
    const csv = thirdFiles.get('ledger.csv')!.subarray(3).toString('utf8');
    expect(csv).not.toContain(notice.id);
    expect(thirdManifest.totals).toMatchObject({ lines: 6, claimedAmount: 50_300_000 });
    expect(thirdManifest.totals.byCategory.find((c) => c.category === 'public_notice')).toMatchObject({ incurred: 0 });

    const { files: firstFiles } = await manifestOf(await downloadOk(a.client, exported.packageId));
    expect(firstFiles.get(RECEIPT_NOTICE)).toEqual(PDF_NOTICE);
    expect(firstFiles.get(RECEIPT_TRANSFER)).toEqual(PNG_TRANSFER);
  });
});

describe('who may export and download', () => {
  it('answers 401 to a download without a session', async () => {
    const before = await snapshot(server.db);
    const answer = await download(null, exported.packageId);
    expect(answer.status).toBe(401);
    expect((JSON.parse(answer.bytes.toString('utf8')) as WireBody).error?.data?.code).toBe('UNAUTHORIZED');
    const anonymous = new ApiClient(server.url);
    expect((await anonymous.mutate('claim.export', { incidentId })).error?.code).toBe('UNAUTHORIZED');
    expect((await anonymous.query('claim.packages', { incidentId })).error?.code).toBe('UNAUTHORIZED');
    expect(await snapshot(server.db)).toBe(before);
  });

  it("answers another company's admin 404 / NOT_FOUND, exactly as for an id that exists nowhere, and changes nothing", async () => {
    const before = await snapshot(server.db);
    const foreign = await download(b.client, exported.packageId);
    expect(foreign.status).toBe(404);
    expect(foreign.bytes.subarray(0, 2).toString('latin1')).not.toBe('PK');
    const nowhere = await download(b.client, '00000000-0000-0000-0000-000000000000');
    expect(nowhere.status).toBe(404);
    expect(foreign.bytes.toString('utf8')).toBe(nowhere.bytes.toString('utf8'));

    const exportAnswer = await b.client.mutate('claim.export', { incidentId });
    expect(exportAnswer.error?.code).toBe('NOT_FOUND');
    expect(exportAnswer.status).toBe(404);
    const packagesAnswer = await b.client.query('claim.packages', { incidentId });
    expect(packagesAnswer.error?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(packagesAnswer)).not.toContain(exported.sha256);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('refuses a responder the export (FORBIDDEN) but lets them list and download; finance may export', async () => {
    const responder = await member('responder');
    const before = await snapshot(server.db);
    const refused = await responder.mutate('claim.export', { incidentId });
    expect(refused.error?.code).toBe('FORBIDDEN');
    expect(refused.status).toBe(403);
    expect(await snapshot(server.db)).toBe(before);

    const list = await responder.ok('query', 'claim.packages', { incidentId });
    expect(list.at(-1)).toMatchObject({ id: exported.packageId, version: 1 });
    expect(list.map((p) => p.version)).toEqual([3, 2, 1]);
    expect(sha256(await downloadOk(responder, exported.packageId))).toBe(exported.sha256);

    const finance = await member('finance');
    const byFinance = await finance.ok('mutate', 'claim.export', { incidentId });
    expect(byFinance.version).toBe(at(list, 0).version + 1);
    const { manifest: financeManifest } = await manifestOf(await downloadOk(finance, byFinance.packageId));
    expect(financeManifest.createdBy.name).toBe('finance 担当');
  });
});

describe('approval, consent, the broker’s review and the audit chain in the package (issue 4)', () => {
  let reviewed: string;
  let reviewedLines: CostLine[];
  let finance: ApiClient;
  let broker: ApiClient;
  let submitted: Exported;
  let adjusted: Exported;
  let adjustedFiles: Map<string, Buffer>;
  let adjustedManifest: Manifest;
  let adjustedSummary: OutputOf<'claim.summary'>;
  let ids: { notice: string; condolence: string; litigation: string; consulting: string };

  /** `YYYY-MM-DD HH:MM JST` of a UTC ISO timestamp. */
  const jst = (iso: string) => {
    const local = new Date(Date.parse(iso) + 9 * 60 * 60 * 1000).toISOString();
    return `${local.slice(0, 10)} ${local.slice(11, 16)} JST`;
  };

  beforeAll(async () => {
    ({ incidentId: reviewed } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2));
    const consulting = await a.client.ok('mutate', 'cost.create', {
      incidentId: reviewed,
      category: 'consulting',
      stage: 'paid',
      incurredOn: '2026-09-05',
      amount: 1_200_000,
      vendor: '危機管理コンサルタント',
      description: '記者会見の助言',
    });
    const byCategory = (category: string) =>
      must(
        reviewedLines.find((l) => l.category === category),
        `the ${category} line`,
      ).id;
    reviewedLines = await costLines(reviewed);
    ids = { notice: byCategory('public_notice'), condolence: byCategory('condolence'), litigation: byCategory('litigation'), consulting: consulting.id };

    finance = await member('finance');
    // The notice line: invoiced and paid on given days, then approved by finance.
    await finance.ok('mutate', 'cost.setStage', { id: ids.notice, stage: 'invoiced', on: '2026-06-12' });
    await finance.ok('mutate', 'cost.setStage', { id: ids.notice, stage: 'paid', on: '2026-07-10' });
    await finance.ok('mutate', 'cost.approve', { ids: [ids.notice, ids.consulting], approved: true });
    // Consent for the consulting line; the condolence line has none.
    await finance.ok('mutate', 'cost.recordConsent', { id: ids.consulting, consentOn: '2026-06-15', reference: '損保第123号', givenBy: '東京海上 山田' });

    // The broker: signs up as one, is granted access, gets the claim, disallows the litigation line.
    broker = new ApiClient(server.url);
    const brokerEmail = `broker-${Date.now()}@example.jp`;
    await broker.ok('mutate', 'auth.signup', {
      email: brokerEmail,
      password: 'correct horse battery',
      name: '代理店 担当',
      companyName: '保険代理店社',
      kind: 'broker',
    });
    await a.client.ok('mutate', 'company.grantBroker', { companyId: a.companyId, brokerEmail });
    submitted = await finance.ok('mutate', 'claim.export', { incidentId: reviewed });
    await finance.ok('mutate', 'claim.submit', { incidentId: reviewed, packageId: submitted.packageId });
    await broker.ok('mutate', 'review.decide', { costId: ids.litigation, decision: 'disallow', comment: '争訟費用は本件の補償対象外です' });
    await broker.ok('mutate', 'review.decide', { costId: ids.notice, decision: 'accept' });

    adjusted = await finance.ok('mutate', 'claim.export', { incidentId: reviewed });
    ({ files: adjustedFiles, manifest: adjustedManifest } = await manifestOf(await downloadOk(finance, adjusted.packageId)));
    adjustedSummary = await a.client.ok('query', 'claim.summary', { incidentId: reviewed });
    reviewedLines = await costLines(reviewed);
  });

  const numberOf = (id: string) => reviewedLines.findIndex((l) => l.id === id) + 1;
  /** The package numbers of the lines that need the insurer's consent and have none (the consulting line has it). */
  const withoutConsent = () =>
    reviewedLines
      .filter((l) => ['condolence', 'damages', 'litigation'].includes(l.category))
      .map((l) => numberOf(l.id))
      .sort((x, y) => x - y);

  it('records in the manifest the audit chain head the ledger was read at: the export’s own entry links to it', async () => {
    const chain = await sqlRows<{ id: number; entityType: string; entityId: string; action: string; prevHash: string; hash: string }>(
      server.db,
      'SELECT id, entity_type AS "entityType", entity_id AS "entityId", action, prev_hash AS "prevHash", hash FROM audit_log WHERE company_id = ? ORDER BY id',
      a.companyId,
    );
    const exportAt = chain.findIndex((e) => e.entityType === 'package' && e.entityId === adjusted.packageId);
    expect(at(chain, exportAt).action).toBe('export');
    expect(adjustedManifest.auditChain).toEqual({ head: at(chain, exportAt - 1).hash, entries: exportAt });
    expect(at(chain, exportAt).prevHash).toBe(adjustedManifest.auditChain.head);
    expect(adjustedManifest.auditChain.head).toMatch(/^[0-9a-f]{64}$/);
    // The broker's decisions came before the export, so the head covers them.
    expect(chain.slice(0, exportAt).some((e) => e.entityType === 'review' && e.entityId === ids.litigation && e.action === 'disallow')).toBe(true);

    // audit.verify walks the same chain: intact, one entry (the export's) past the manifest's head.
    const verified = await a.client.ok('query', 'audit.verify', { companyId: a.companyId });
    const last = chain.at(-1)!;
    expect(verified).toEqual({ ok: true, entries: chain.length, head: last.hash, firstBrokenId: null });
    expect(last.id).toBe(at(chain, exportAt).id);
    expect(verified.entries).toBe(adjustedManifest.auditChain.entries + 1);
    // The first package's head is an earlier point of the same chain.
    const { manifest: first } = await manifestOf(await downloadOk(finance, submitted.packageId));
    const firstExportAt = chain.findIndex((e) => e.entityType === 'package' && e.entityId === submitted.packageId);
    expect(first.auditChain).toEqual({ head: at(chain, firstExportAt).prevHash, entries: firstExportAt });
  });

  it('says in the manifest how many lines are approved, which lack consent, and what the broker would pay', () => {
    expect(adjustedManifest.approval).toEqual({ approvedLines: 2, unapprovedLines: 4 });
    // The condolence payment, both damages (settlements) and the defence costs: none has the insurer's consent yet.
    expect(adjustedManifest.consentMissingLines).toBe(4);
    expect(adjustedManifest.claimStatus).toBe('under_review');
    expect(adjustedManifest.brokerAdjusted).toEqual({
      totalPayable: 43_000_000,
      costsPayable: 30_000_000,
      liabilityPayable: 13_000_000,
      disallowedLines: 1,
      disallowedAmount: 10_000_000,
    });
    expect(adjustedManifest.brokerAdjusted).toEqual(adjustedSummary.brokerAdjusted);
    // The client's figures stay as claimed.
    expect(adjustedManifest.totals).toMatchObject({ lines: 6, totalPayable: 53_000_000, liabilityPayable: 23_000_000 });
    expect(adjustedManifest.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['consent_missing', 'lines_unapproved']));
  });

  it('marks approval, consent and the broker’s decision on each line of ledger.csv', () => {
    const [header, ...body] = atLeast(parseCsv(adjustedFiles.get('ledger.csv')!.subarray(3).toString('utf8')), 1);
    // The new columns come after the ones earlier packages had.
    expect(header.indexOf('請求日')).toBeGreaterThan(header.indexOf('明細ID'));
    const row = (id: string) => Object.fromEntries(header.map((h, i) => [h, at(body, numberOf(id) - 1)[i]]));
    const notice = must(
      reviewedLines.find((l) => l.id === ids.notice),
      'the notice line',
    );
    expect(row(ids.notice)).toMatchObject({
      明細ID: ids.notice,
      請求日: '2026-06-12',
      支払日: '2026-07-10',
      '経理承認（承認者 / 日時）': `finance 担当 / ${jst(must(notice.approvedAt ?? undefined, 'the approval time'))}`,
      '保険会社の事前同意（同意日 / 文書番号 / 同意者）': '',
      代理店の確認: '承認',
    });
    expect(row(ids.condolence)).toMatchObject({
      明細ID: ids.condolence,
      '経理承認（承認者 / 日時）': '',
      '保険会社の事前同意（同意日 / 文書番号 / 同意者）': '未取得',
      代理店の確認: '',
    });
    expect(row(ids.consulting)).toMatchObject({
      明細ID: ids.consulting,
      '保険会社の事前同意（同意日 / 文書番号 / 同意者）': '2026-06-15 / 損保第123号 / 東京海上 山田',
    });
    expect(row(ids.litigation)).toMatchObject({ 明細ID: ids.litigation, 代理店の確認: '否認', '経理承認（承認者 / 日時）': '' });
  });

  it('writes the same columns to ledger.xlsx, with missing consent and the disallowed line in red, and the totals still summing the amounts', async () => {
    const workbook = await readWorkbook(adjustedFiles.get('ledger.xlsx'), 'ledger.xlsx');
    const sheet = at(workbook.worksheets, 0);
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const column = (name: string) => header.indexOf(name) + 1;
    const cell = (id: string, name: string) => sheet.getRow(1 + numberOf(id)).getCell(column(name));
    expect(cell(ids.notice, '明細ID').value).toBe(ids.notice);
    expect(cell(ids.notice, '支払日').value).toBe('2026-07-10');
    expect(cell(ids.notice, '経理承認（承認者 / 日時）').value).toMatch(/^finance 担当 \/ \d{4}-\d{2}-\d{2} \d{2}:\d{2} JST$/);
    expect(cell(ids.notice, '代理店の確認').value).toBe('承認');
    const consent = cell(ids.condolence, '保険会社の事前同意（同意日 / 文書番号 / 同意者）');
    expect(consent.value).toBe('未取得');
    expect(consent.font?.color?.argb).toBe('FFB00020');
    expect(cell(ids.consulting, '保険会社の事前同意（同意日 / 文書番号 / 同意者）').font?.color).toBeUndefined();
    const disallowed = cell(ids.litigation, '代理店の確認');
    expect(disallowed.value).toBe('否認');
    expect(disallowed.font?.color?.argb).toBe('FFB00020');

    // The amount column has not moved: the totals row still sums it, over the 6 lines.
    const amountColumn = column('金額');
    expect(amountColumn).toBe(9);
    let total: ExcelJS.Cell | undefined;
    sheet.eachRow((r) => {
      if (r.getCell(amountColumn - 1).value === '合計（全明細）') total = r.getCell(amountColumn);
    });
    expect(total!.formula).toBe('SUM(I2:I7)');
    expect(total!.result).toBe(67_200_000);

    // The summary sheet puts the broker-adjusted payable below the client's figures.
    const figures = new Map<string, unknown>();
    at(workbook.worksheets, 1).eachRow((r) => figures.set(r.getCell(1).text, r.getCell(2).value));
    expect(figures.get('お支払い見込額 合計')).toBe(53_000_000);
    expect(figures.get('代理店査定後のお支払い見込額（否認明細を除く）')).toBe(43_000_000);
  });

  it('shows in claim-summary.pdf the broker-adjusted payable beside the client’s, the approvals, the consent warning and the status', () => {
    const text = pdfText(adjustedFiles.get('claim-summary.pdf')!, 'adjusted.pdf');
    const flat = squash(text);
    expect(text).toMatch(/お支払い見込額 合計\s+¥53,000,000\s+¥43,000,000/);
    expect(text).toMatch(/賠償責任保険金\s+¥23,000,000\s+¥13,000,000/);
    const warning = (code: string) =>
      must(
        adjustedSummary.warnings.find((w) => w.code === code),
        `the ${code} warning`,
      ).message;
    const consentWarning = warning('consent_missing');
    for (const expected of [
      '代理店査定後',
      '代理店が否認した明細',
      '1件（¥10,000,000）',
      consentWarning,
      warning('lines_unapproved'),
      '明細 6件中 2件が承認済み',
      `保険会社の事前同意がない明細 No. ${withoutConsent().join(', ')}（計 ${withoutConsent().length}件）`,
      '請求の状況',
      '代理店確認中',
      // The timeline (経緯) carries the claim's moves: version 1 went to the broker, who started the review.
      '提出済(第1版)',
    ]) {
      expect(flat, expected).toContain(squash(expected));
    }
  });

  it('shows no broker column in a package made before any line was disallowed', async () => {
    const { files: firstFiles, manifest: first } = await manifestOf(await downloadOk(finance, submitted.packageId));
    expect(first.brokerAdjusted).toMatchObject({ totalPayable: 53_000_000, disallowedLines: 0, disallowedAmount: 0 });
    expect(first.claimStatus).toBe('draft');
    const flat = squash(pdfText(firstFiles.get('claim-summary.pdf')!, 'submitted.pdf'));
    expect(flat).not.toContain('代理店査定後');
    expect(flat).toContain(squash('作成中'));
  });

  it('says it in English on request', async () => {
    const english = await finance.ok('mutate', 'claim.export', { incidentId: reviewed, locale: 'en' });
    const { files: englishFiles, manifest: englishManifest } = await manifestOf(await downloadOk(finance, english.packageId));
    expect(englishManifest.brokerAdjusted.totalPayable).toBe(43_000_000);
    const [header, ...body] = atLeast(parseCsv(englishFiles.get('ledger.csv')!.subarray(3).toString('utf8')), 1);
    const row = (id: string) => Object.fromEntries(header.map((h, i) => [h, at(body, numberOf(id) - 1)[i]]));
    expect(row(ids.condolence)['Insurer’s prior consent (date / reference / given by)']).toBe('missing');
    expect(row(ids.litigation)['Broker review']).toBe('Disallowed');
    expect(row(ids.notice)).toMatchObject({ 'Invoiced on': '2026-06-12', 'Paid on': '2026-07-10', 'Broker review': 'Accepted' });
    const text = pdfText(englishFiles.get('claim-summary.pdf')!, 'adjusted-en.pdf');
    expect(text).toMatch(/Total payable\s+¥53,000,000\s+¥43,000,000/);
    for (const expected of ['Broker-adjusted', 'Under review', '2 of 6 lines approved', 'Lines without the insurer’s prior consent']) {
      expect(squash(text), expected).toContain(squash(expected));
    }
  });
});

describe('the pre-flight check before export and submission (issue 15)', () => {
  let checked: string;
  let broker: ApiClient;
  let brokerCompanyId: string;
  /** The documents example 2 asks for besides the claim form and the report: B is A's contractor, A claims from B. */
  const EXAMPLE_2_DOCUMENTS = [
    'document:settlements',
    'document:notice_letters',
    'document:condolence_list',
    'document:outsourcing_contract',
    'document:demand_letters',
    'document:consent_letters',
    'document:seal_certificate',
    'document:registry_extract',
  ];
  const ALL = ['unapproved', 'consent_missing', 'no_receipt', 'document:claim_form', 'document:incident_report', ...EXAMPLE_2_DOCUMENTS];
  const preflight = async () => (await a.client.ok('query', 'claim.preflight', { incidentId: checked })).items;
  const packageFiles = () =>
    readdirSync(path.join(server.dataDir, 'packages'))
      .filter((name) => name !== 'tmp')
      .sort();

  beforeAll(async () => {
    ({ incidentId: checked } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2));
    broker = new ApiClient(server.url);
    const email = `preflight-broker-${Date.now()}@example.jp`;
    ({ companyId: brokerCompanyId } = await broker.ok('mutate', 'auth.signup', {
      email,
      password: 'correct horse battery',
      name: '代理店 確認',
      companyName: '確認代理店社',
      kind: 'broker',
    }));
    await a.client.ok('mutate', 'company.grantBroker', { companyId: a.companyId, brokerEmail: email });
  });

  it('lists what is outstanding, each with where to fix it; each work list of the ledger holds exactly its lines', async () => {
    const items = await preflight();
    expect(items.map((item) => item.key)).toEqual(ALL);
    const byKey = Object.fromEntries(items.map((item) => [item.key, item]));
    // Worked example 2: five claimed lines, none approved, none with a receipt; the condolence payment, both
    // settlements and the defence costs without the insurer's consent.
    expect(byKey.unapproved).toEqual({
      key: 'unapproved',
      kind: 'unapproved',
      lines: 5,
      amount: 66_000_000,
      link: { page: 'ledger', attention: 'unapproved' },
    });
    expect(byKey.consent_missing).toMatchObject({ lines: 4, amount: 48_000_000, link: { page: 'ledger', attention: 'consent_missing' } });
    expect(byKey.no_receipt).toMatchObject({ lines: 5, amount: 66_000_000, link: { page: 'ledger', attention: 'no_receipt' } });
    expect(byKey['document:seal_certificate']).toEqual({
      key: 'document:seal_certificate',
      kind: 'document',
      document: 'seal_certificate',
      link: { page: 'documents', document: 'seal_certificate' },
    });
    for (const item of items.filter((i) => i.kind !== 'document')) {
      const list = await a.client.ok('query', 'cost.list', { incidentId: checked, attention: item.key, limit: 1000 });
      expect(list.items.length, item.key).toBe(item.lines);
      expect(
        list.items.reduce((sum, l) => sum + l.amount, 0),
        item.key,
      ).toBe(item.amount);
      const totals = await a.client.ok('query', 'cost.totals', { incidentId: checked, attention: item.key });
      expect([totals.count, totals.projectedAmount], item.key).toEqual([item.lines, item.amount]);
    }
    const consent = await a.client.ok('query', 'cost.list', { incidentId: checked, attention: 'consent_missing' });
    expect(consent.items.map((l) => l.category).sort()).toEqual(['condolence', 'damages', 'damages', 'litigation']);
  });

  it('drops each item once it is dealt with: approval, consent, a receipt, and documents attached or not needed', async () => {
    const lines = await costLines(checked);
    const condolence = lines.find((l) => l.category === 'condolence')!;
    await a.client.ok('mutate', 'cost.approve', { ids: lines.slice(0, 2).map((l) => l.id), approved: true });
    expect((await preflight()).find((i) => i.key === 'unapproved')).toMatchObject({ lines: 3 });
    await upload(a.client, `/api/costs/${condolence.id}/attachments`, '見舞金_領収書.pdf', PDF_CONDOLENCE, 'application/pdf');
    expect((await preflight()).find((i) => i.key === 'no_receipt')).toMatchObject({ lines: 4, amount: 41_000_000 });
    for (const line of lines.filter((l) => ['condolence', 'damages', 'litigation'].includes(l.category))) {
      await a.client.ok('mutate', 'cost.recordConsent', { id: line.id, consentOn: '2026-06-15', reference: '損保第7号', givenBy: '損害サービス課' });
    }
    // One PDF of every receipt for the incident as a whole satisfies the insurer: the lines' item goes with it.
    await upload(a.client, `/api/incidents/${checked}/documents/receipts`, '領収書一式.pdf', PDF_NOTICE, 'application/pdf');
    expect((await preflight()).map((i) => i.key)).toEqual(['unapproved', 'document:claim_form', 'document:incident_report', ...EXAMPLE_2_DOCUMENTS]);
    await a.client.ok('mutate', 'document.markNotNeeded', { incidentId: checked, kind: 'registry_extract', reason: '保険会社の了承済み' });
    expect((await preflight()).map((i) => i.key)).not.toContain('document:registry_extract');
    await a.client.ok('mutate', 'document.markNeeded', { incidentId: checked, kind: 'registry_extract' });
    expect((await preflight()).map((i) => i.key)).toEqual(['unapproved', 'document:claim_form', 'document:incident_report', ...EXAMPLE_2_DOCUMENTS]);
  });

  it('refuses an export whose acknowledgement misses an item still outstanding, and changes nothing', async () => {
    const before = await snapshot(server.db);
    const filesBefore = packageFiles();
    const answer = await a.client.mutate('claim.export', { incidentId: checked, acknowledged: ['unapproved', 'document:claim_form'] });
    expect(answer.status).toBe(409);
    expect(answer.error?.code).toBe('CONFLICT');
    expect(answer.error?.message).toBe(
      `acknowledged: the pre-flight check has changed; not acknowledged: ${['document:incident_report', ...EXAMPLE_2_DOCUMENTS].join(', ')}`,
    );
    expect(await snapshot(server.db)).toBe(before);
    expect(packageFiles()).toEqual(filesBefore);
  });

  let acknowledgedVersion: { packageId: string; version: number; sha256: string };

  it('records in the package what was outstanding, that it was acknowledged, and by whom', async () => {
    const finance = await member('finance');
    const acknowledged = (await preflight()).map((i) => i.key);
    acknowledgedVersion = await finance.ok('mutate', 'claim.export', { incidentId: checked, acknowledged });
    const { manifest: frozen } = await manifestOf(await downloadOk(finance, acknowledgedVersion.packageId));
    expect(frozen.preflight).toMatchObject({
      outstanding: [
        { key: 'unapproved', lines: 3, amount: 23_000_000 },
        { key: 'document:claim_form', lines: null, amount: null },
        { key: 'document:incident_report', lines: null, amount: null },
        ...EXAMPLE_2_DOCUMENTS.map((key) => ({ key, lines: null, amount: null })),
      ],
      confirmation: 'acknowledged',
      acknowledged,
      by: { name: 'finance 担当' },
    });
    const audit = await a.client.ok('query', 'audit.list', { incidentId: checked });
    expect(audit.find((e) => e.entityType === 'package' && e.entityId === acknowledgedVersion.packageId)).toMatchObject({
      actorName: 'finance 担当',
      after: { outstanding: acknowledged, confirmation: 'acknowledged' },
    });
    // An unchanged ledger answers the same version, with or without the acknowledgement (docs/decisions/016).
    expect(await a.client.ok('mutate', 'claim.export', { incidentId: checked })).toEqual(acknowledgedVersion);
    expect(await a.client.ok('mutate', 'claim.export', { incidentId: checked, acknowledged })).toEqual(acknowledgedVersion);
  });

  it('checks a submission against what its version was frozen with, and records the answer', async () => {
    // The ledger moves on (every line approved), but version 1 still holds three unapproved lines.
    const lines = await costLines(checked);
    await a.client.ok('mutate', 'cost.approve', { ids: lines.map((l) => l.id), approved: true });
    expect((await preflight()).map((i) => i.key)).not.toContain('unapproved');
    const versions = await a.client.ok('query', 'claim.packages', { incidentId: checked });
    const frozenItems = must(at(versions, 0).preflight ?? undefined, 'the pre-flight list version 1 was frozen with');
    expect(frozenItems.map((i) => i.key)).toContain('unapproved');
    expect(frozenItems[0]).toEqual({ key: 'unapproved', kind: 'unapproved', lines: 3, amount: 23_000_000, link: { page: 'ledger', attention: 'unapproved' } });

    const before = await snapshot(server.db);
    const partial = await a.client.mutate('claim.submit', {
      incidentId: checked,
      packageId: acknowledgedVersion.packageId,
      brokerCompanyId,
      acknowledged: (await preflight()).map((i) => i.key),
    });
    expect(partial.error?.code).toBe('CONFLICT');
    expect(partial.error?.message).toContain('not acknowledged: unapproved');
    expect(await snapshot(server.db)).toBe(before);

    const keys = frozenItems.map((i) => i.key);
    expect(
      await a.client.ok('mutate', 'claim.submit', { incidentId: checked, packageId: acknowledgedVersion.packageId, brokerCompanyId, acknowledged: keys }),
    ).toEqual({ ok: true, version: 1 });
    // A script's call acknowledges nothing and goes through; the log says so.
    expect(await a.client.ok('mutate', 'claim.submit', { incidentId: checked, packageId: acknowledgedVersion.packageId })).toEqual({ ok: true, version: 1 });
    const submissions = (await a.client.ok('query', 'audit.list', { incidentId: checked })).filter((e) => e.entityType === 'claim' && e.action === 'submit');
    const recorded = submissions.map((e) => e.after as SubmissionAudit);
    expect(recorded.map((after) => [after.outstanding, after.confirmation])).toEqual(
      expect.arrayContaining([
        [keys, 'acknowledged'],
        [keys, 'not_acknowledged'],
      ]),
    );
    expect(submissions).toHaveLength(2);
    // The broker reads the outstanding items of the version it was sent.
    const brokerView = await broker.ok('query', 'claim.packages', { incidentId: checked });
    expect(brokerView.map((v) => must(v.preflight ?? undefined, `the pre-flight list of version ${v.version}`).map((i) => i.key))).toEqual([keys]);
  });
});

describe('consumption tax, registration numbers and withholding in the package (issue 16)', () => {
  // Every tax category, two registration numbers, a lawyer's fee with income tax withheld, and an estimate
  // (taxed, not claimed), under a policy that pays net of tax.
  const TAX_ROWS = {
    ja: { taxable_10: '10%対象', taxable_8: '8%対象（軽減税率）', exempt: '非課税', non_taxable: '不課税', out_of_scope: '対象外' },
    en: { taxable_10: 'Taxable at 10%', taxable_8: 'Taxable at 8% (reduced rate)', exempt: 'Exempt', non_taxable: 'Not subject', out_of_scope: 'Out of scope' },
  } as const;
  const CATEGORY_LABELS = {
    ja: { taxable_10: '課税 10%', taxable_8: '課税 8%(軽減)', exempt: '非課税', non_taxable: '不課税', out_of_scope: '対象外' },
    en: { taxable_10: 'Taxable 10%', taxable_8: 'Taxable 8% (reduced)', exempt: 'Exempt', non_taxable: 'Not subject', out_of_scope: 'Out of scope' },
  } as const;
  type TaxKey = keyof (typeof TAX_ROWS)['ja'];
  let taxIncident: string;
  let taxTotals: OutputOf<'cost.taxTotals'>;
  let taxSummary: OutputOf<'claim.summary'>;
  let taxLines: CostLine[];
  const packages: Partial<Record<'ja' | 'en', { files: Map<string, Buffer>; manifest: Manifest }>> = {};

  beforeAll(async () => {
    const policy = await a.client.ok('mutate', 'policy.create', { companyId: a.companyId, ...POLICY, policyNumber: 'IT-TAX-16', taxTreatment: 'exclusive' });
    const incident = await a.client.ok('mutate', 'incident.create', { policyId: policy.id, ...WORKED_EXAMPLE_2.incident, title: '税区分の確認' });
    taxIncident = incident.id;
    type LineFields = Omit<InputOf<'cost.create'>, 'incidentId' | 'stage'> & Partial<Pick<InputOf<'cost.create'>, 'stage'>>;
    const line = async (fields: LineFields) => await a.client.ok('mutate', 'cost.create', { incidentId: taxIncident, stage: 'paid', ...fields });
    await line({
      category: 'investigation',
      incurredOn: '2026-06-10',
      amount: 1_100_000,
      vendor: 'フォレンジック社',
      description: '初動調査',
      invoiceNumber: 'T7000012050002',
    });
    await line({ category: 'overtime_travel', incurredOn: '2026-06-11', amount: 10_800, vendor: '仕出し屋', description: '弁当', taxCategory: 'taxable_8' });
    await line({ category: 'condolence', incurredOn: '2026-06-12', quantity: 1_000, unitAmount: 500, description: 'QUOカード', taxCategory: 'exempt' });
    await line({
      category: 'consulting',
      incurredOn: '2026-06-15',
      amount: 1_650_000,
      taxAmount: 150_000,
      withholdingTax: 153_150,
      vendor: '山田 太郎 弁護士',
      description: '法律相談',
      invoiceNumber: 'T1010001000006',
    });
    await line({
      category: 'investigation',
      stage: 'invoiced',
      incurredOn: '2026-06-20',
      amount: 300_000,
      vendor: 'Overseas Forensics Ltd',
      description: '海外拠点の調査',
      taxCategory: 'out_of_scope',
      incurredAbroad: true,
    });
    await line({
      category: 'damages',
      stage: 'agreed',
      incurredOn: '2026-07-01',
      amount: 2_000_000,
      description: '顧客への賠償金',
      source: 'third_party',
      claimant: '顧客',
    });
    await line({ category: 'public_notice', stage: 'estimate', incurredOn: '2026-07-05', amount: 550_000, vendor: '広告社', description: '謝罪広告' });
    taxLines = await costLines(taxIncident);
    taxTotals = await a.client.ok('query', 'cost.taxTotals', { incidentId: taxIncident });
    taxSummary = await a.client.ok('query', 'claim.summary', { incidentId: taxIncident });
    for (const locale of ['ja', 'en'] as const) {
      const answer = await a.client.ok('mutate', 'claim.export', { incidentId: taxIncident, locale });
      packages[locale] = await manifestOf(await downloadOk(a.client, answer.packageId));
    }
  });

  it('has the totals per tax rate that finance expects, worked out by hand', () => {
    expect(taxTotals.claimed).toEqual([
      { taxCategory: 'taxable_10', lines: 2, gross: 2_750_000, tax: 250_000, net: 2_500_000, withheld: 153_150 },
      { taxCategory: 'taxable_8', lines: 1, gross: 10_800, tax: 800, net: 10_000, withheld: 0 },
      { taxCategory: 'exempt', lines: 1, gross: 500_000, tax: 0, net: 500_000, withheld: 0 },
      { taxCategory: 'non_taxable', lines: 1, gross: 2_000_000, tax: 0, net: 2_000_000, withheld: 0 },
      { taxCategory: 'out_of_scope', lines: 1, gross: 300_000, tax: 0, net: 300_000, withheld: 0 },
    ]);
    expect(taxTotals.all[0]).toEqual({ taxCategory: 'taxable_10', lines: 3, gross: 3_300_000, tax: 300_000, net: 3_000_000, withheld: 153_150 });
  });

  it('records in the manifest the totals per tax rate as cost.taxTotals answers them, and the policy’s tax treatment', () => {
    for (const locale of ['ja', 'en'] as const) {
      const { manifest: m } = packages[locale]!;
      expect(m.taxTreatment).toBe('exclusive');
      expect(m.totals.byTaxCategory).toEqual(taxTotals);
      // Net of tax, the claim counts ¥250,800 less than the gross of the claimed lines.
      expect(m.totals.claimedAmount).toBe(5_560_800);
      expect(m.totals.totalPayable).toBe(taxSummary.totalPayable);
    }
  });

  it('writes each line’s 税区分, 税抜, 税額, 税込, 登録番号, 源泉徴収税額 and 差引支払額 to ledger.csv, as the ledger has them', () => {
    const bytes = packages.ja!.files.get('ledger.csv')!;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...body] = atLeast(parseCsv(bytes.subarray(3).toString('utf8')), 1);
    const col = (name: string) => {
      const index = header.indexOf(name);
      expect(index, name).toBeGreaterThanOrEqual(0);
      return index;
    };
    expect(body.map((r) => r[col('明細ID')])).toEqual(taxLines.map((l) => l.id));
    const expected = taxLines.map((l) => [
      CATEGORY_LABELS.ja[l.taxCategory as TaxKey],
      String(l.amount - l.taxAmount),
      String(l.taxAmount),
      String(l.amount),
      l.invoiceNumber ?? '',
      l.withholdingTax === null ? '' : String(l.withholdingTax),
      l.withholdingTax ? String(l.amount - l.withholdingTax) : '',
    ]);
    const names = ['税区分', '税抜', '税額', '税込', '登録番号', '源泉徴収税額', '差引支払額'];
    expect(body.map((r) => names.map((name) => r[col(name)]))).toEqual(expected);
    // The lawyer's fee by hand: ¥1,650,000 with ¥150,000 tax; ¥153,150 withheld, ¥1,496,850 leaves the bank.
    expect(names.map((name) => at(body, 3)[col(name)])).toEqual(['課税 10%', '1500000', '150000', '1650000', 'T1010001000006', '153150', '1496850']);

    const [english] = parseCsv(packages.en!.files.get('ledger.csv')!.subarray(3).toString('utf8'));
    for (const name of ['Tax category', 'Net of tax', 'Consumption tax', 'Incl. tax', 'Registration no.', 'Income tax withheld', 'Net payment'])
      expect(english).toContain(name);
  });

  /** SUMIF(criteria range, "text", sum range) worked out on the sheet's own cells, as a spreadsheet would. */
  function sumIf(sheet: ExcelJS.Worksheet, formula: string): number {
    const match = /^SUMIF\(([A-Z]+)(\d+):\1(\d+),"([^"]+)",([A-Z]+)\2:\5\3\)$/.exec(formula);
    expect(match, formula).not.toBeNull();
    const [, criteriaColumn, from, to, criterion, sumColumn] = match!;
    let sum = 0;
    for (let row = Number(from); row <= Number(to); row++) {
      if (sheet.getCell(`${criteriaColumn}${row}`).value === criterion) sum += Number(sheet.getCell(`${sumColumn}${row}`).value ?? 0);
    }
    return sum;
  }

  it('puts in ledger.xlsx, below the totals, the totals per tax rate as SUMIF formulas whose cached results are cost.taxTotals’', async () => {
    for (const locale of ['ja', 'en'] as const) {
      const workbook = await readWorkbook(must(packages[locale], `the ${locale} package`).files.get('ledger.xlsx'), 'ledger.xlsx');
      const sheet = at(workbook.worksheets, 0);
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const names =
        locale === 'ja'
          ? ['税区分', '税抜', '税額', '税込', '源泉徴収税額', '金額']
          : ['Tax category', 'Net of tax', 'Consumption tax', 'Incl. tax', 'Income tax withheld', 'Amount'];
      const [categoryColumn, netColumn, taxColumn, grossColumn, withheldColumn, amountColumn] = atLeast(
        names.map((name) => header.indexOf(name) + 1),
        6,
      );
      expect(Math.min(categoryColumn, netColumn, taxColumn, grossColumn, withheldColumn)).toBeGreaterThan(0);
      // Every line's cells: the category's label, and yen-formatted figures.
      const lineRows = taxLines.map((_, i) => sheet.getRow(i + 2));
      expect(lineRows.map((r) => r.getCell(categoryColumn).value)).toEqual(taxLines.map((l) => CATEGORY_LABELS[locale][l.taxCategory as TaxKey]));
      expect(lineRows.map((r) => r.getCell(taxColumn).value)).toEqual(taxLines.map((l) => l.taxAmount));
      for (const row of lineRows) for (const column of [netColumn, taxColumn, grossColumn]) expect(row.getCell(column).numFmt).toContain('¥');

      // The existing totals stay where they were.
      const totalsLabels = new Map<string, ExcelJS.Cell>();
      sheet.eachRow((row) => {
        const label = row.getCell(amountColumn - 1).value;
        if (typeof label === 'string' && row.number > 1 + taxLines.length) totalsLabels.set(label, row.getCell(amountColumn));
      });
      const allLines = totalsLabels.get(locale === 'ja' ? '合計（全明細）' : 'Total (all lines)')!;
      expect(allLines.result).toBe(6_110_800);

      // Then the block: a row per tax category, labelled in the 税区分 column, and their total.
      const rows = new Map<string, ExcelJS.Row>();
      sheet.eachRow((row) => {
        const label = row.getCell(categoryColumn).value;
        if (typeof label === 'string' && row.number > 1 + taxLines.length) rows.set(label, row);
      });
      expect(rows.has(locale === 'ja' ? '税率別の内訳（全明細）' : 'Per tax rate (all lines)')).toBe(true);
      for (const key of Object.keys(TAX_ROWS.ja) as TaxKey[]) {
        const row = rows.get(TAX_ROWS[locale][key]);
        expect(row, TAX_ROWS[locale][key]).toBeDefined();
        const expected = taxTotals.all.find((t) => t.taxCategory === key) ?? { gross: 0, tax: 0, net: 0, withheld: 0 };
        for (const [column, figure] of [
          [netColumn, expected.net],
          [taxColumn, expected.tax],
          [grossColumn, expected.gross],
          [withheldColumn, expected.withheld],
        ] as const) {
          const cell = row!.getCell(column);
          expect(cell.formula, cell.address).toContain(`"${CATEGORY_LABELS[locale][key]}"`);
          expect(cell.result, `${TAX_ROWS[locale][key]} ${cell.address}`).toBe(figure);
          // The formula, worked out on the sheet's cells, gives its cached result.
          expect(sumIf(sheet, cell.formula), cell.address).toBe(figure);
          expect(cell.numFmt, cell.address).toContain('¥');
        }
      }
      const total = rows.get(locale === 'ja' ? '合計' : 'Total')!;
      expect(total.getCell(grossColumn).formula).toMatch(/^SUM\([A-Z]+\d+:[A-Z]+\d+\)$/);
      expect([netColumn, taxColumn, grossColumn, withheldColumn].map((c) => total.getCell(c).result)).toEqual([5_810_000, 300_800, 6_110_800, 153_150]);
      // The summary sheet stays.
      expect(workbook.worksheets.map((s) => s.name)).toEqual(locale === 'ja' ? ['明細', '集計'] : ['Ledger', 'Summary']);
    }
  });

  it('shows in claim-summary.pdf the per-rate table, each line’s tax and registration number, the treatment and the tax step', () => {
    const text = pdfText(packages.ja!.files.get('claim-summary.pdf')!, 'tax-ja.pdf');
    const yen = (n: number) => `¥${n.toLocaleString('en-US')}`;
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(text).toMatch(/税率別の内訳/);
    for (const t of taxTotals.claimed) {
      const figures = [t.gross, t.tax, t.net, t.withheld].map(yen).join('\\s+');
      expect(text).toMatch(new RegExp(`${escape(CATEGORY_LABELS.ja[t.taxCategory])}\\s+${t.lines}\\s+${figures}`));
    }
    expect(text).toMatch(/合計\s+6\s+¥5,560,800\s+¥250,800\s+¥5,310,000\s+¥153,150/);
    expect(text).toMatch(/消費税の扱い\s+税抜（消費税を除いた額で計算）/);
    // The calculation prints the summary's steps, the consumption-tax note among them.
    const flat = squash(text);
    expect(taxSummary.steps.some((step: string) => step.startsWith('消費税'))).toBe(true);
    for (const step of taxSummary.steps) expect(flat, step).toContain(squash(step));
    // The appendix: the tax and its category beside the amount; the registration number under the vendor.
    const raw = squash(pdfText(packages.ja!.files.get('claim-summary.pdf')!, 'tax-ja-raw.pdf', 'raw'));
    expect(raw).toMatch(/フォレンジック社T7000012050002初動調査支払済¥100,00010%¥1,100,000/);
    expect(raw).toMatch(/山田太郎弁護士T1010001000006法律相談支払済¥150,00010%¥1,650,000/);
    expect(raw).toMatch(/QUOカード支払済非課税¥500,000/);

    const en = pdfText(packages.en!.files.get('claim-summary.pdf')!, 'tax-en.pdf');
    expect(en).toMatch(/Per tax rate/);
    expect(en).toMatch(/Taxable 10%\s+2\s+¥2,750,000\s+¥250,000\s+¥2,500,000\s+¥153,150/);
    expect(en).toMatch(/Consumption tax\s+Net of tax \(amounts without consumption tax\)/);
    expect(squash(pdfText(packages.en!.files.get('claim-summary.pdf')!, 'tax-en-raw.pdf', 'raw'))).toContain(
      squash('T1010001000006 法律相談 Paid ¥150,000 10% ¥1,650,000'),
    );
  });
});
