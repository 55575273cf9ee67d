// Issue 13, "receipts keep any extension": a PDF uploaded as `領収書.bat`, `poly.html` or `invoice‮fdp.hta`
// (a right-to-left override: it displays as `invoiceath.pdf`) is stored, listed, downloaded and zipped as a
// `.pdf` with no invisible characters — and so is a row stored with such a name before the fix.
import { readWorkbook } from '../support/read-xlsx.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachToLine, dispositionName, jpeg, pdf, png, postFiles } from '../support/files.ts';
import { INCIDENT, setUpIncident } from '../support/fixtures.ts';
import { signUpCompany, startTestServer, type TestServer } from '../support/server.ts';
import { entriesByPath, readZip } from '../support/zip.ts';
import { at, must } from '../support/at.ts';

/** Bidirectional controls, zero-width and other format characters, C0 and C1 controls. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

const HOSTILE: [sent: string, stored: string][] = [
  ['領収書.bat', '領収書.pdf'],
  ['poly.html', 'poly.pdf'],
  ['invoice\u202Efdp.hta', 'invoicefdp.pdf'],
];

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>>;
let incidentId: string;
let costId: string;
const uploaded: { id: string; sent: string; stored: string }[] = [];

async function download(id: string) {
  const response = await fetch(`${server.url}/api/attachments/${id}`, { headers: { cookie: a.client.cookie! } });
  await response.arrayBuffer();
  return response.headers.get('content-disposition');
}

async function exportAndRead(incident: string) {
  const exported = await a.client.ok('mutate', 'claim.export', { incidentId: incident });
  const response = await fetch(`${server.url}/api/packages/${exported.packageId}.zip`, { headers: { cookie: a.client.cookie! } });
  expect(response.status).toBe(200);
  const files = entriesByPath(await readZip(Buffer.from(await response.arrayBuffer())));
  return {
    disposition: response.headers.get('content-disposition'),
    files,
    manifest: JSON.parse(files.get('manifest.json')!.toString('utf8')) as { files: { path: string }[] },
  };
}

beforeAll(async () => {
  server = await startTestServer();
  a = await signUpCompany(server.url, 'Names');
  ({ incidentId, costId } = await setUpIncident(a.client, a.companyId));
  for (const [sent, stored] of HOSTILE) {
    const answer = await postFiles(`${server.url}/api/costs/${costId}/attachments`, a.client.cookie, [{ bytes: pdf(), name: sent, type: 'application/pdf' }]);
    expect(answer.status).toBe(201);
    uploaded.push({ id: must(answer.body.id, 'the attachment id'), sent, stored });
  }
});
afterAll(async () => {
  await server?.close();
});

describe('a PDF uploaded under another extension or a disguised name', () => {
  it.each(HOSTILE)('%j is stored as %j', (sent, stored) => {
    const row = server.db.$client.prepare('SELECT name FROM attachments WHERE id = ?').get(uploaded.find((u) => u.sent === sent)!.id) as { name: string };
    expect(row.name).toBe(stored);
    expect(row.name).not.toMatch(INVISIBLE);
  });

  it('answers the upload with the stored name', async () => {
    const answer = await postFiles(`${server.url}/api/costs/${costId}/attachments`, a.client.cookie, [{ bytes: pdf(), name: 'report\u2066.exe\u2069' }]);
    expect(answer.status).toBe(201);
    expect(answer.body.name).toBe('report.pdf');
  });

  it('lists every attachment under its .pdf name', async () => {
    const list = await a.client.ok('query', 'attachment.list', { incidentId, costId });
    for (const { id, stored } of uploaded) {
      const name = list.find((row) => row.id === id)!.name;
      expect(name).toBe(stored);
      expect(name).toMatch(/\.pdf$/);
      expect(name).not.toMatch(INVISIBLE);
    }
  });

  it('downloads each under its .pdf name, in both forms of Content-Disposition', async () => {
    for (const { id, stored } of uploaded) {
      const disposition = await download(id);
      expect(dispositionName(disposition)).toBe(stored);
      expect(disposition).toMatch(/filename="[^"]*\.pdf"/);
      expect(decodeURIComponent(disposition!)).not.toMatch(INVISIBLE);
    }
  });

  it('zips each under its .pdf name, and the ledger files name the same paths', async () => {
    const { files, manifest } = await exportAndRead(incidentId);
    const receipts = [...files.keys()].filter((p) => p.startsWith('receipts/'));
    expect(receipts).toHaveLength(4);
    for (const entry of receipts) {
      expect(entry).toMatch(/\.pdf$/);
      expect(entry).not.toMatch(INVISIBLE);
    }
    expect(receipts).toEqual(expect.arrayContaining(['receipts/0001-1_領収書.pdf', 'receipts/0001-2_poly.pdf', 'receipts/0001-3_invoicefdp.pdf']));
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(receipts));
    // Past the byte-order mark Excel needs to read it as UTF-8.
    const csv = files
      .get('ledger.csv')!
      .toString('utf8')
      .replace(/^\ufeff/, '');
    expect(csv).toContain('receipts/0001-1_領収書.pdf | receipts/0001-2_poly.pdf | receipts/0001-3_invoicefdp.pdf');
    expect(csv.replace(/\r?\n/g, '')).not.toMatch(INVISIBLE);
    const workbook = await readWorkbook(files.get('ledger.xlsx'), 'ledger.xlsx');
    const texts: string[] = [];
    at(workbook.worksheets, 0).eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && texts.push(cell.value))));
    expect(texts.some((text) => text.startsWith('receipts/0001-1_領収書.pdf | receipts/0001-2_poly.pdf | receipts/0001-3_invoicefdp.pdf'))).toBe(true);
    expect(texts.join('')).not.toMatch(INVISIBLE);
  });

  it('keeps a right extension as sent and renames a wrong one after what the bytes are', async () => {
    const cases: [bytes: Buffer, sent: string, stored: string][] = [
      [jpeg(), 'photo.jpeg', 'photo.jpeg'],
      [pdf(), 'SCAN.PDF', 'SCAN.PDF'],
      [png(), 'scan.pdf', 'scan.png'],
      [pdf(), '見積書 2026.06.01', '見積書 2026.06.01.pdf'],
      [pdf(), 'invoice.pdf.exe', 'invoice.pdf'],
    ];
    for (const [bytes, sent, stored] of cases) {
      const answer = await postFiles(`${server.url}/api/costs/${costId}/attachments`, a.client.cookie, [{ bytes, name: sent }]);
      expect(answer.body.name, sent).toBe(stored);
      expect(dispositionName(await download(must(answer.body.id, 'the attachment id')))).toBe(stored);
    }
  });
});

describe('rows stored before names were cleaned', () => {
  it('are shown, downloaded and zipped cleaned, though the row keeps what was stored', async () => {
    const { incidentId: old, costId: oldLine } = await setUpIncident(a.client, a.companyId);
    const bytes = pdf();
    const { id } = await attachToLine(server.url, a.client.cookie, oldLine, bytes, 'placeholder.pdf');
    // What an upload made before the fix left in the database.
    const legacy = '請求書\u202Egpj.exe\u200B';
    server.db.$client.prepare('UPDATE attachments SET name = ? WHERE id = ?').run(legacy, id);

    const listed = (await a.client.ok('query', 'attachment.list', { incidentId: old })).find((row) => row.id === id)!;
    expect(listed.name).toBe('請求書gpj.pdf');
    expect(dispositionName(await download(id))).toBe('請求書gpj.pdf');
    const { files } = await exportAndRead(old);
    expect([...files.keys()].filter((p) => p.startsWith('receipts/'))).toEqual(['receipts/0001-1_請求書gpj.pdf']);
    // The same bytes uploaded to that line again answer that row, under its cleaned name.
    const same = await postFiles(`${server.url}/api/costs/${oldLine}/attachments`, a.client.cookie, [{ bytes, name: 'again.pdf' }]);
    expect(same.body).toMatchObject({ id, name: '請求書gpj.pdf' });
    const stored = server.db.$client.prepare('SELECT name FROM attachments WHERE id = ?').get(id) as { name: string };
    expect(stored.name).toBe(legacy);
  });
});

describe('the package download name', () => {
  it('carries the incident title without its invisible characters', async () => {
    const policy = await a.client.ok('mutate', 'policy.create', {
      companyId: a.companyId,
      insurer: '保険会社',
      policyNumber: 'N-1',
      periodStart: '2026-04-01',
      liabilityLimit: 100_000_000,
      expenseLimit: 30_000_000,
      deductible: 0,
      restorationRider: false,
    });
    const incident = await a.client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT, title: '漏えい\u202Eexe.fdp\u202C\u200B事故' });
    const { disposition } = await exportAndRead(incident.id);
    expect(dispositionName(disposition)).toBe('保険金請求書類_漏えいexe.fdp事故_第1版.zip');
    expect(decodeURIComponent(disposition!)).not.toMatch(INVISIBLE);
  });
});
