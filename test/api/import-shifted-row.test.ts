// Issue 15's reproduction through the real upload route: a CSV row with an unquoted `¥48,400` (six fields
// under five headers) once imported as ¥48 paid to "400". Now that row is an error in the preview, the other
// rows read normally, nothing can be committed until the file is fixed, and the fixed file imports ¥48,400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReceipt } from '../../shared/import-schemas.ts';
import type { InputOf } from '../support/api-types.ts';
import { at } from '../support/at.ts';
import { INCIDENT, POLICY } from '../support/fixtures.ts';
import { postFiles } from '../support/files.ts';
import { utf8 } from '../support/import-files.ts';
import { asKind } from '../support/import-rows.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let policyId: string;

beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url, 'Shift');
  admin = company.client;
  policyId = (await admin.ok('mutate', 'policy.create', { companyId: company.companyId, ...POLICY })).id;
});
afterAll(async () => await server?.close());

const HEADER = '日付,費目,金額,支払先,摘要';
const MAPPING = { incurredOn: 0, category: 1, amount: 2, vendor: 3, description: 4 } satisfies InputOf<'costImport.preview'>['mapping'];
const FIXED = { stage: 'invoiced' } satisfies InputOf<'costImport.preview'>['fixed'];

async function upload(incidentId: string, text: string) {
  const answer = await postFiles(`${server.url}/api/incidents/${incidentId}/imports`, admin.cookie, [{ bytes: utf8(text), name: '通信費.csv' }]);
  expect(answer.status).toBe(201);
  return (answer.body as ImportReceipt).importId;
}

describe('a CSV row that an unquoted comma shifts', () => {
  let incidentId: string;
  let importId: string;

  beforeAll(async () => {
    incidentId = (await admin.ok('mutate', 'incident.create', { policyId, ...INCIDENT })).id;
    const csv =
      [HEADER, '2026/06/10,通信費,"¥12,000",回線業者A,回線増設', '2026/06/11,通信費,¥48,400,コールセンターB,架電対応', '2026/06/12,通信費,3000,郵便局,,'].join(
        '\r\n',
      ) + '\r\n';
    importId = await upload(incidentId, csv);
  });

  it('is an error on its own row in the preview, in both languages; the other rows are fine', async () => {
    const preview = await admin.ok('query', 'costImport.preview', { importId, mapping: MAPPING, fixed: FIXED });
    expect(preview.counts).toMatchObject({ lines: 2, errors: 1 });
    expect(preview.amount).toBe(15_000);
    const rows = preview.rows.map((r) => [r.row, r.kind]);
    expect(rows).toEqual([
      [2, 'line'],
      [3, 'error'],
      [4, 'line'],
    ]);
    const shifted = asKind(
      preview.rows.find((r) => r.row === 3),
      'error',
    );
    expect(shifted.problems).toEqual([
      {
        field: null,
        ja: '列の数が見出しと違います（見出し 5 列、この行 6 列）。カンマを含む金額などは "¥48,400" のように引用符で囲んでください',
        en: 'has 6 fields where the header has 5: a value with a comma, such as the amount ¥48,400, must be in quotes ("¥48,400")',
      },
    ]);
    // The row's cells as the file has them, so the user sees the split.
    expect(shifted.cells).toEqual(['2026/06/11', '通信費', '¥48', '400', 'コールセンターB', '架電対応']);
  });

  it('cannot be committed: nothing is written', async () => {
    const before = await snapshot(server.db);
    const answer = await admin.mutate('costImport.commit', { importId, mapping: MAPPING, fixed: FIXED });
    expect(answer.error?.code).toBe('BAD_REQUEST');
    expect(answer.error?.message).toMatch(/rows 3\b/);
    expect(await snapshot(server.db)).toBe(before);
    expect((await admin.ok('query', 'cost.list', { incidentId })).items).toEqual([]);
  });

  it('imports ¥48,400 to the right vendor once the amount is quoted', async () => {
    await admin.ok('mutate', 'costImport.discard', { importId });
    const fixed =
      [
        HEADER,
        '2026/06/10,通信費,"¥12,000",回線業者A,回線増設',
        '2026/06/11,通信費,"¥48,400",コールセンターB,架電対応',
        '2026/06/12,通信費,3000,郵便局,,',
      ].join('\r\n') + '\r\n';
    const again = await upload(incidentId, fixed);
    const done = await admin.ok('mutate', 'costImport.commit', { importId: again, mapping: MAPPING, fixed: FIXED });
    expect(done).toMatchObject({ lineCount: 3, amount: 63_400 });
    const { items } = await admin.ok('query', 'cost.list', { incidentId, sort: 'incurredOn', order: 'asc' });
    expect(items.map((l) => [l.amount, l.vendor])).toEqual([
      [12_000, '回線業者A'],
      [48_400, 'コールセンターB'],
      [3_000, '郵便局'],
    ]);
  });
});

// Issue 17's import keeps the rule under its own choices (docs/decisions/026-importing-real-finance-files.md).
describe('the shifted row under issue 17’s import', () => {
  it('stays listed as an error while the other rows are imported on request, each line with its tax', async () => {
    const incidentId = (await admin.ok('mutate', 'incident.create', { policyId, ...INCIDENT })).id;
    const csv =
      [
        '2026年6月 通信費',
        HEADER,
        '2026/06/10,通信費,"¥12,000",回線業者A,回線増設',
        '2026/06/11,通信費,¥48,400,コールセンターB,架電対応',
        '2026/06/12,通信費,3000,郵便局,,',
      ].join('\r\n') + '\r\n';
    const importId = await upload(incidentId, csv);
    const reading = { importId, mapping: MAPPING, fixed: FIXED, header: { row: 1, depth: 1 } } satisfies InputOf<'costImport.preview'>;
    const preview = await admin.ok('query', 'costImport.preview', reading);
    expect(preview.rows.map((r) => [r.row, r.kind])).toEqual([
      [1, 'skipped'],
      [3, 'line'],
      [4, 'error'],
      [5, 'line'],
    ]);
    expect(at(asKind(preview.rows[2], 'error').problems, 0).en).toMatch(/^has 6 fields where the header has 5:/);
    const done = await admin.ok('mutate', 'costImport.commit', { ...reading, skipErrors: true, expected: { lines: 2, amount: 15_000 } });
    expect(done).toMatchObject({ lineCount: 2, amount: 15_000, errorRowsLeft: 1 });
    const { items } = await admin.ok('query', 'cost.list', { incidentId, sort: 'incurredOn', order: 'asc' });
    expect(items.map((l) => [l.amount, l.vendor, l.taxCategory, l.taxAmount, l.invoiceNumber, l.withholdingTax])).toEqual([
      [12_000, '回線業者A', 'taxable_10', 1_090, null, null],
      [3_000, '郵便局', 'taxable_10', 272, null, null],
    ]);
  });

  it('holds a header-less 弥生 file to its 25 documented columns', async () => {
    const incidentId = (await admin.ok('mutate', 'incident.create', { policyId, ...INCIDENT })).id;
    const entry = (date: string, debit: string, credit: string, memo: string) =>
      `2000,,,${date},通信費,,,課対仕入内10%,${debit},,未払金,,,対象外,${credit},,${memo},,,0,,,,,no`;
    // Row 2's 借方金額 unquoted (its 貸方金額 quoted): one field more, every cell after 借方金額 one to the right.
    const csv =
      [
        entry('2026/06/10', '11000', '11000', '回線増設'),
        entry('2026/06/11', '48,400', '"48,400"', '架電対応'),
        entry('2026/06/12', '3300', '3300', '郵送'),
      ].join('\r\n') + '\r\n';
    const answer = await postFiles(`${server.url}/api/incidents/${incidentId}/imports`, admin.cookie, [{ bytes: utf8(csv), name: '仕訳日記帳.txt.csv' }]);
    expect(answer.status).toBe(201);
    const received = answer.body as ImportReceipt;
    expect([received.preset, received.header]).toEqual(['yayoi_journal', { row: null, depth: 1 }]);
    const preview = await admin.ok('query', 'costImport.preview', {
      importId: received.importId,
      mapping: received.mapping,
      fixed: { stage: 'invoiced' },
      header: received.header,
      filters: received.filters,
      categoryValues: received.categoryValues,
      continuation: received.continuation,
    });
    expect(preview.rows.map((r) => [r.row, r.kind])).toEqual([
      [1, 'line'],
      [2, 'error'],
      [3, 'line'],
    ]);
    expect(at(asKind(preview.rows[1], 'error').problems, 0).en).toMatch(/^has 26 fields where the header has 25:/);
    expect(preview.amount).toBe(14_300);
  });
});
