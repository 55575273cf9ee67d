// Importing cost lines from a CSV or XLSX file (issue 5), through the real upload route
// (POST /api/incidents/<id>/imports) and the costImport procedures, as a finance team would do it.
//
// What this file proves:
//  - good files import correctly in every encoding and format Japanese offices send (UTF-8 with and without
//    BOM, Shift_JIS, UTF-16 "Unicode テキスト", XLSX with date, number and formula cells): the columns and
//    mapping offered, the preview's counts and amounts, the ledger lines to the yen, the claim figures moving
//    by exactly the imported amount, and ONE audit entry carrying the SHA-256 of the very bytes uploaded;
//  - the way Japanese books write values is read (1,234,567 / ¥ / ￥ / full-width digits / - / 令和 dates /
//    Japanese category names / persons × amount per person), and rows with no amount are skipped, not lost;
//  - one bad row imports nothing: the preview names the row as the spreadsheet numbers it, commit refuses
//    and the database is byte-for-byte as before;
//  - files that are not a table (empty, only headers, binary, broken or old Excel, too big, too many rows)
//    get a clear 4xx JSON answer in both languages, keep no file and write nothing;
//  - the same file twice is caught; a mapping is remembered per company and column layout; likely duplicates
//    are flagged against the ledger and earlier rows and can be left out; a commit is one transaction;
//  - who may import (finance and admin), and what everyone else is told.
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { MAX_IMPORT_BYTES } from '../../server/http/imports.ts';
import { MAX_IMPORT_ROWS, type ImportFixed, type ImportMappingInput, type ImportReceipt } from '../../shared/import-schemas.ts';
import { suggestMapping } from '../../shared/import-values.ts';
import type { InputOf } from '../support/api-types.ts';
import { COST, INCIDENT, POLICY } from '../support/fixtures.ts';
import { postFiles, sha256, storedFiles, tempFiles, type UploadAnswer } from '../support/files.ts';
import {
  binaryGarbage,
  csvOfSize,
  csvText,
  day,
  oldXls,
  shiftJis,
  tsvText,
  utf16le,
  utf8,
  utf8Bom,
  xlsx,
  zipGarbage,
  type CsvCell,
  type XlsxCell,
} from '../support/import-files.ts';
import { asKind, rowsOfKind } from '../support/import-rows.ts';
import { ApiClient, onPostgres, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { at, must } from '../support/at.ts';
import { sqlExec } from '../support/sql.ts';

const PASSWORD = 'correct horse battery';
const FINANCE_NAME = '経理 花子';
const ADMIN_NAME = '管理者 Import';

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>> & { policyId: string };
let finance: ApiClient;
let responder: ApiClient;
/** A broker company's user that A's admin granted access to. */
let broker: ApiClient;
/** Another policyholder company, with an incident of its own. */
let b: Awaited<ReturnType<typeof signUpCompany>> & { policyId: string; incidentId: string };

let accountCounter = 0;
const uniqueEmail = (label: string) => `${label}-${++accountCounter}-${Date.now()}@example.jp`;

async function member(role: 'responder' | 'finance', name: string) {
  const { token } = await a.client.ok('mutate', 'company.invite', { companyId: a.companyId, role });
  const client = new ApiClient(server.url);
  await client.ok('mutate', 'auth.acceptInvite', { token, email: uniqueEmail(role), password: PASSWORD, name });
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  const companyA = await signUpCompany(server.url, 'Import');
  const policyA = await companyA.client.ok('mutate', 'policy.create', { companyId: companyA.companyId, ...POLICY });
  a = { ...companyA, policyId: policyA.id };
  finance = await member('finance', FINANCE_NAME);
  responder = await member('responder', '対応 太郎');

  broker = new ApiClient(server.url);
  const brokerEmail = uniqueEmail('broker');
  await broker.ok('mutate', 'auth.signup', { email: brokerEmail, password: PASSWORD, name: '代理店 担当', companyName: '保険代理店', kind: 'broker' });
  await a.client.ok('mutate', 'company.grantBroker', { companyId: a.companyId, brokerEmail });

  const companyB = await signUpCompany(server.url, 'Other');
  const policyB = await companyB.client.ok('mutate', 'policy.create', { companyId: companyB.companyId, ...POLICY });
  const incidentB = await companyB.client.ok('mutate', 'incident.create', { policyId: policyB.id, ...INCIDENT });
  b = { ...companyB, policyId: policyB.id, incidentId: incidentB.id };
});
afterAll(async () => await server?.close());

// ---------------------------------------------------------------------------------------------------
// Helpers: incidents, the upload route, the procedures, and the figures a user checks.

/** A new incident of A's with one line typed by hand (COST: ¥1,500,000 investigation, invoiced), unless `empty`. */
async function newIncident(title: string, options: { empty?: boolean } = {}) {
  const { id: incidentId } = await a.client.ok('mutate', 'incident.create', { policyId: a.policyId, ...INCIDENT, title });
  const costId = options.empty ? null : (await a.client.ok('mutate', 'cost.create', { incidentId, ...COST })).id;
  return { incidentId, costId };
}

const importUrl = (incidentId: string) => `${server.url}/api/incidents/${incidentId}/imports`;

/** POSTs one file in the field `file`, as the import page does; `null` sends no cookie. */
const upload = async (incidentId: string, bytes: Uint8Array, name: string, client: ApiClient | null = finance): Promise<UploadAnswer> =>
  await postFiles(importUrl(incidentId), client ? client.cookie : null, [{ bytes, name }]);

type Received = ImportReceipt;

/** A refused upload's JSON body (server/http/responses.ts): tRPC's error shape, with the Japanese message of an import refusal. */
interface UploadRefusal {
  error: { message: string; code: string; data: { code: string; httpStatus: number; messageJa?: string } };
}

/** An upload that must be accepted; answers its 201 body. */
async function receive(incidentId: string, bytes: Uint8Array, name: string, client: ApiClient = finance): Promise<Received> {
  const answer = await upload(incidentId, bytes, name, client);
  // The body of a refusal, or anything else when the route answered something unexpected (text, not JSON).
  const refusal = answer.body as Partial<UploadRefusal> | string | undefined;
  expect(typeof refusal === 'object' ? refusal.error?.message : undefined, 'the upload was refused').toBeUndefined();
  expect(answer.status).toBe(201);
  expect(tempFiles(server.dataDir)).toEqual([]);
  return answer.body as Received;
}

type Mapping = ImportMappingInput;
type Fixed = ImportFixed;
/** What preview and commit take besides the file, its mapping and fixed values. */
type PreviewExtra = Omit<InputOf<'costImport.preview'>, 'importId' | 'mapping' | 'fixed'>;
type CommitExtra = Omit<InputOf<'costImport.commit'>, 'importId' | 'mapping' | 'fixed'>;

const preview = async (importId: string, mapping: Mapping, fixed: Fixed = {}, extra: PreviewExtra = {}, client: ApiClient = finance) =>
  await client.ok('query', 'costImport.preview', { importId, mapping, fixed, ...extra });
const commit = async (importId: string, mapping: Mapping, fixed: Fixed = {}, extra: CommitExtra = {}, client: ApiClient = finance) =>
  await client.ok('mutate', 'costImport.commit', { importId, mapping, fixed, ...extra });

/** The incident's live lines, oldest date first (then by amount), as the ledger shows them. */
async function ledger(incidentId: string) {
  const { items } = await a.client.ok('query', 'cost.list', { incidentId, limit: 1000, sort: 'incurredOn', order: 'asc' });
  const byText = (p: string | null, q: string | null) => ((p ?? '') < (q ?? '') ? -1 : (p ?? '') > (q ?? '') ? 1 : 0);
  return [...items].sort((x, y) => byText(x.incurredOn, y.incurredOn) || x.amount - y.amount || byText(x.vendor, y.vendor));
}

/** A line's fields as the ledger (cost.list) or a preview's line row has them. */
interface LineFields {
  incurredOn: string;
  category: string;
  stage: string;
  amount?: number;
  quantity?: number | null;
  unitAmount?: number | null;
  vendor?: string | null;
  description?: string | null;
  source: string;
}

/** What a user checks on a ledger line. */
const shown = (line: LineFields) => ({
  incurredOn: line.incurredOn,
  category: line.category,
  stage: line.stage,
  amount: line.amount,
  quantity: line.quantity ?? null,
  unitAmount: line.unitAmount ?? null,
  // A preview's fields leave an empty vendor out; the ledger has null.
  vendor: line.vendor ?? null,
  description: line.description ?? null,
  source: line.source,
});

interface Line {
  incurredOn: string;
  category: string;
  stage: string;
  amount: number;
  quantity?: number | null;
  unitAmount?: number | null;
  vendor?: string | null;
  description?: string | null;
}
const line = (l: Line) => ({ quantity: null, unitAmount: null, vendor: null, description: null, source: 'insured', ...l });

/** The ledger's footer (cost.totals) and the claim summary's stages: the figures an import moves. */
async function figures(incidentId: string) {
  const [totals, summary] = await Promise.all([a.client.ok('query', 'cost.totals', { incidentId }), a.client.ok('query', 'claim.summary', { incidentId })]);
  expect(totals.claimedAmount, 'the ledger footer and the claim summary agree').toBe(summary.byStage.invoiced + summary.byStage.agreed + summary.byStage.paid);
  return { count: totals.count, claimed: totals.claimedAmount, projected: totals.projectedAmount, byStage: summary.byStage };
}

const auditOf = async (incidentId: string) => await a.client.ok('query', 'audit.list', { incidentId });
const importEntries = async (incidentId: string) => (await auditOf(incidentId)).filter((e) => e.action === 'import');

/** A call that must be refused with this code, with the database exactly as before. */
async function refusedCall(call: () => Promise<{ status: number; error?: { code: string; message: string } }>, code: string) {
  const before = await snapshot(server.db);
  const answer = await call();
  expect(answer.error, 'the call should have been refused').toBeDefined();
  const error = must(answer.error, 'the refusal');
  expect(error.code, error.message).toBe(code);
  expect(await snapshot(server.db), 'a refusal changed the database').toBe(before);
  return error;
}

/** An upload that must be refused with this status and code, keeping no file and writing nothing. */
async function refusedUpload(send: () => Promise<UploadAnswer>, status: number, code: string, message: RegExp, messageJa?: RegExp) {
  const before = await snapshot(server.db);
  const filesBefore = storedFiles(server.dataDir);
  const answer = await send();
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.body).toMatchObject({ error: { message: expect.any(String), code, data: { code, httpStatus: status } } });
  const { error } = answer.body as UploadRefusal;
  expect(error.message).toMatch(message);
  if (messageJa) expect(error.data.messageJa).toMatch(messageJa);
  expect(await snapshot(server.db), 'a refused upload changed the database').toBe(before);
  expect(storedFiles(server.dataDir), 'a refused upload kept a file').toEqual(filesBefore);
  expect(tempFiles(server.dataDir), 'a refused upload left a temporary file').toEqual([]);
  return error;
}

const sum = (amounts: number[]) => amounts.reduce((total, n) => total + n, 0);
const stageSum = (lines: ReturnType<typeof line>[], stage: string) => sum(lines.filter((l) => l.stage === stage).map((l) => l.amount));

// ---------------------------------------------------------------------------------------------------
// 1. Good files, in each encoding and format.

interface GoodFile {
  label: string;
  name: string;
  bytes: () => Promise<Buffer> | Buffer;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  columns: string[];
  /** The data rows as cell texts, as the upload's sample shows them. */
  sample: string[][];
  /** The mapping the server should suggest from the header row. */
  mapping: Mapping;
  /** What the user sets for the whole file (no stage column, usually). */
  fixed: Fixed;
  /** The ledger lines the file must become, in date order. */
  lines: ReturnType<typeof line>[];
}

const UTF8_ROWS: CsvCell[][] = [
  ['日付', '費目', '支払先', '摘要', '金額'],
  ['2026/06/01', '事故原因調査費用', 'フォレンジック株式会社', '初動調査', '1,234,567'],
  ['2026/06/03', '通信費', 'コールセンター社', '問合せ窓口 6月分', '330,000'],
  ['2026/06/05', '社告・会見等費用', '日本新聞社', '新聞社告', '2,200,000'],
];

const BOM_ROWS: CsvCell[][] = [
  ['発生日', '区分', '取引先', '金額(税込)', '段階'],
  ['2026/06/02', 'コンサルティング費用', '危機管理コンサル', '880,000', '見積'],
  ['2026/06/04', '情報システム等復旧費用', '復旧サービス社', '1,540,000', '請求済'],
  ['2026/06/06', '使用人の超過勤務手当、交通費または宿泊費', '', '48,200', '支払済'],
];

const SJIS_ROWS: CsvCell[][] = [
  ['日付', '費目', '支払先', '摘要', '人数', '単価', '金額'],
  ['2026/6/8', '見舞金', '㈱髙島屋', 'お詫び品（①次発送）', '1,200人', '500', '600,000'],
  ['2026/6/9', '通信費', 'ＮＴＴ通信', '通知はがき', '', '', '85,000'],
];

const UTF16_ROWS: CsvCell[][] = [
  ['日付', '費目', '支払先', '金額'],
  ['2026/06/07', '争訟費用', '弁護士法人 東京', '1,100,000'],
  ['R8.6.8', '通信費', 'メール配信社', '66,000'],
];

const XLSX_ROWS: XlsxCell[][] = [
  ['日付', '費目', '支払先', '数量', '単価', '金額(税込)'],
  [day('2026-06-11'), 'コンサルティング費用', '危機対応コンサル㈱', null, null, 1_650_000],
  [day('2026-06-12'), '見舞金', 'ギフト社', 300, 1_000, { formula: 'D3*E3', result: 300_000 }],
  [day('2026-06-15'), '争訟費用', '山田法律事務所', null, null, { formula: 'ROUND(1000000*1.1,0)', result: 1_100_000 }],
];

const asText = (rows: CsvCell[][]) => rows.slice(1).map((row) => row.map(String));

const GOOD_FILES: GoodFile[] = [
  {
    label: 'UTF-8 CSV without a BOM',
    name: '費用一覧_6月.csv',
    bytes: () => utf8(csvText(UTF8_ROWS)),
    format: 'csv',
    encoding: 'utf-8',
    columns: UTF8_ROWS[0] as string[],
    sample: asText(UTF8_ROWS),
    mapping: { incurredOn: 0, category: 1, vendor: 2, description: 3, amount: 4 },
    fixed: { stage: 'invoiced' },
    lines: [
      line({
        incurredOn: '2026-06-01',
        category: 'investigation',
        stage: 'invoiced',
        amount: 1_234_567,
        vendor: 'フォレンジック株式会社',
        description: '初動調査',
      }),
      line({
        incurredOn: '2026-06-03',
        category: 'communications',
        stage: 'invoiced',
        amount: 330_000,
        vendor: 'コールセンター社',
        description: '問合せ窓口 6月分',
      }),
      line({ incurredOn: '2026-06-05', category: 'public_notice', stage: 'invoiced', amount: 2_200_000, vendor: '日本新聞社', description: '新聞社告' }),
    ],
  },
  {
    label: 'UTF-8 CSV with a BOM ("CSV UTF-8" from Excel), with a stage column',
    name: '費用(BOM付き).csv',
    bytes: () => utf8Bom(csvText(BOM_ROWS)),
    format: 'csv',
    encoding: 'utf-8-bom',
    columns: BOM_ROWS[0] as string[],
    sample: asText(BOM_ROWS),
    mapping: { incurredOn: 0, category: 1, vendor: 2, amount: 3, stage: 4 },
    fixed: {},
    lines: [
      line({ incurredOn: '2026-06-02', category: 'consulting', stage: 'estimate', amount: 880_000, vendor: '危機管理コンサル' }),
      line({ incurredOn: '2026-06-04', category: 'restoration', stage: 'invoiced', amount: 1_540_000, vendor: '復旧サービス社' }),
      line({ incurredOn: '2026-06-06', category: 'overtime_travel', stage: 'paid', amount: 48_200 }),
    ],
  },
  {
    label: 'Shift_JIS CSV (Excel\'s "CSV (コンマ区切り)"), with NEC/IBM characters and persons × amount per person',
    name: '見舞金・通信費.csv',
    bytes: () => shiftJis(csvText(SJIS_ROWS)),
    format: 'csv',
    encoding: 'shift_jis',
    columns: SJIS_ROWS[0] as string[],
    sample: asText(SJIS_ROWS),
    mapping: { incurredOn: 0, category: 1, vendor: 2, description: 3, quantity: 4, unitAmount: 5, amount: 6 },
    fixed: { stage: 'paid' },
    lines: [
      line({
        incurredOn: '2026-06-08',
        category: 'condolence',
        stage: 'paid',
        amount: 600_000,
        quantity: 1_200,
        unitAmount: 500,
        vendor: '㈱髙島屋',
        description: 'お詫び品（①次発送）',
      }),
      line({ incurredOn: '2026-06-09', category: 'communications', stage: 'paid', amount: 85_000, vendor: 'ＮＴＴ通信', description: '通知はがき' }),
    ],
  },
  {
    label: 'UTF-16LE tab-separated text (Excel\'s "Unicode テキスト")',
    name: '費用.txt',
    bytes: () => utf16le(tsvText(UTF16_ROWS)),
    format: 'csv',
    encoding: 'utf-16le',
    columns: UTF16_ROWS[0] as string[],
    sample: asText(UTF16_ROWS),
    mapping: { incurredOn: 0, category: 1, vendor: 2, amount: 3 },
    fixed: { stage: 'estimate' },
    lines: [
      line({ incurredOn: '2026-06-07', category: 'litigation', stage: 'estimate', amount: 1_100_000, vendor: '弁護士法人 東京' }),
      line({ incurredOn: '2026-06-08', category: 'communications', stage: 'estimate', amount: 66_000, vendor: 'メール配信社' }),
    ],
  },
  {
    label: 'XLSX with a date cell, a number cell and formula cells with their cached results',
    name: '費用明細.xlsx',
    bytes: async () => await xlsx(XLSX_ROWS),
    format: 'xlsx',
    encoding: null,
    columns: XLSX_ROWS[0] as string[],
    sample: [
      ['2026-06-11', 'コンサルティング費用', '危機対応コンサル㈱', '', '', '1650000'],
      ['2026-06-12', '見舞金', 'ギフト社', '300', '1000', '300000'],
      ['2026-06-15', '争訟費用', '山田法律事務所', '', '', '1100000'],
    ],
    mapping: { incurredOn: 0, category: 1, vendor: 2, quantity: 3, unitAmount: 4, amount: 5 },
    fixed: { stage: 'invoiced' },
    lines: [
      line({ incurredOn: '2026-06-11', category: 'consulting', stage: 'invoiced', amount: 1_650_000, vendor: '危機対応コンサル㈱' }),
      line({ incurredOn: '2026-06-12', category: 'condolence', stage: 'invoiced', amount: 300_000, quantity: 300, unitAmount: 1_000, vendor: 'ギフト社' }),
      line({ incurredOn: '2026-06-15', category: 'litigation', stage: 'invoiced', amount: 1_100_000, vendor: '山田法律事務所' }),
    ],
  },
];

describe('good files import correctly, in every encoding and format', () => {
  it.each(GOOD_FILES.map((file) => [file.label, file] as const))('%s', async (_label, file) => {
    const { incidentId, costId } = await newIncident(`取込 ${file.label}`);
    const bytes = await file.bytes();
    const amount = sum(file.lines.map((l) => l.amount));
    const before = await figures(incidentId);
    expect(before).toMatchObject({ count: 1, claimed: COST.amount });

    // Upload: the file is read, kept, and answered with its columns and the mapping to start from.
    const received = await receive(incidentId, bytes, file.name);
    expect(received).toMatchObject({
      importId: expect.any(String),
      fileName: file.name,
      fileSha256: sha256(bytes),
      format: file.format,
      encoding: file.encoding,
      columns: file.columns,
      sample: file.sample,
      rowCount: file.lines.length,
      mapping: file.mapping,
      fixed: {},
      mappingRemembered: false,
      alreadyImported: null,
      // The header is the first row; no preset; totals and 0-yen rows left out by the suggested rules.
      header: { row: 0, depth: 1 },
      preset: null,
      filters: { totals: true, zeroAmount: true, rules: [] },
      remembered: null,
    });
    expect(received.head[0]).toEqual(file.columns);
    expect(storedFiles(server.dataDir)).toContain(`${received.fileSha256.slice(0, 2)}/${received.fileSha256}`);
    // Nothing reaches the ledger before the commit.
    expect(await figures(incidentId)).toEqual(before);

    // Preview: every row read, nothing written.
    const snap = await snapshot(server.db);
    const seen = await preview(received.importId, received.mapping, file.fixed);
    expect(await snapshot(server.db), 'a preview wrote something').toBe(snap);
    expect(seen).toMatchObject({
      importId: received.importId,
      status: 'previewed',
      rowCount: file.lines.length,
      counts: { lines: file.lines.length, errors: 0, skipped: 0, duplicates: 0 },
      amount,
      amountWithoutDuplicates: amount,
      view: 'all',
      total: file.lines.length,
      alreadyImported: null,
    });
    const categories = [...new Set(file.lines.map((l) => l.category))];
    expect(seen.byCategory).toEqual(
      expect.arrayContaining(
        categories.map((category) => {
          const of = file.lines.filter((l) => l.category === category);
          return { category, lines: of.length, amount: sum(of.map((l) => l.amount)) };
        }),
      ),
    );
    expect(seen.byCategory).toHaveLength(categories.length);
    expect(seen.rows.map((r) => [r.kind, r.row, r.duplicateOf])).toEqual(file.lines.map((_, i) => ['line', i + 2, null]));
    expect(seen.rows.map((r) => r.cells)).toEqual(file.sample);
    expect(seen.rows.map((r) => ({ ...shown(asKind(r, 'line').fields) }))).toEqual(file.lines);

    // Commit: all lines at once.
    const committed = await commit(received.importId, received.mapping, file.fixed);
    expect(committed).toEqual({
      importId: received.importId,
      lineCount: file.lines.length,
      amount,
      skippedDuplicates: 0,
      skippedNoAmount: 0,
      leftOut: {},
      errorRowsLeft: 0,
    });

    // The ledger has the typed line and exactly the file's lines, to the yen.
    const after = await ledger(incidentId);
    expect(after).toHaveLength(file.lines.length + 1);
    expect(after.filter((l) => l.id !== costId).map(shown)).toEqual(file.lines);
    expect(after.filter((l) => l.id !== costId).every((l) => l.createdByName === FINANCE_NAME)).toBe(true);

    // The claim figures move by exactly the imported amounts, stage by stage.
    const moved = await figures(incidentId);
    expect(moved.count).toBe(before.count + file.lines.length);
    expect(moved.claimed - before.claimed).toBe(stageSum(file.lines, 'invoiced') + stageSum(file.lines, 'paid'));
    expect(moved.projected - before.projected).toBe(amount);
    for (const stage of ['estimate', 'invoiced', 'paid'] as const)
      expect(moved.byStage[stage] - before.byStage[stage], stage).toBe(stageSum(file.lines, stage));

    // One audit entry for the whole file, with the hash of the bytes uploaded; none per line.
    const entries = await importEntries(incidentId);
    expect(entries).toHaveLength(1);
    expect(at(entries, 0)).toMatchObject({ entityType: 'import', entityId: received.importId, action: 'import', actorName: FINANCE_NAME });
    expect(at(entries, 0).after).toEqual({
      fileName: file.name,
      fileSha256: sha256(bytes),
      format: file.format,
      encoding: file.encoding,
      rows: file.lines.length,
      lines: file.lines.length,
      amount,
      skippedNoAmount: 0,
      skippedDuplicates: 0,
      preset: null,
      header: { row: 0, depth: 1 },
      leftOut: {},
      errorRowsLeft: 0,
      reimport: false,
    });
    expect((await auditOf(incidentId)).filter((e) => e.entityType === 'cost')).toHaveLength(1); // the typed line only
    expect((await a.client.ok('query', 'audit.verify', { companyId: a.companyId })).ok).toBe(true);

    // The import's history lists it.
    expect(await finance.ok('query', 'costImport.list', { incidentId })).toEqual([
      {
        id: received.importId,
        fileName: file.name,
        fileSha256: sha256(bytes),
        format: file.format,
        encoding: file.encoding,
        rowCount: file.lines.length,
        lineCount: file.lines.length,
        amount,
        committedAt: expect.any(String),
        committedByName: FINANCE_NAME,
      },
    ]);
  });

  it('reads the yen sign of a Shift_JIS file, which Excel writes as the byte 0x5C', async () => {
    // In Windows-31J the yen sign is 0x5C (the backslash position, shown as ¥ by Japanese fonts); a currency-
    // formatted column saved as "CSV (コンマ区切り)" arrives as `¥1,234` in those bytes, i.e. "\1,234" decoded.
    const { incidentId } = await newIncident('Shift_JIS の円記号', { empty: true });
    const rows: CsvCell[][] = [
      ['日付', '費目', '金額'],
      ['2026/6/1', '通信費', '¥1,234'],
      ['2026/6/2', '通信費', '￥5,678'],
    ];
    const bytes = shiftJis(csvText(rows));
    expect(bytes.includes(Buffer.from([0x5c, 0x31]))).toBe(true); // ¥1 as Excel writes it
    const received = await receive(incidentId, bytes, '円記号.csv');
    expect(received.encoding).toBe('shift_jis');
    const seen = await preview(received.importId, received.mapping, { stage: 'paid' });
    expect(rowsOfKind(seen.rows, 'error').map((r) => ({ row: r.row, problems: r.problems }))).toEqual([]);
    expect(seen.counts).toEqual({ lines: 2, errors: 0, skipped: 0, duplicates: 0 });
    expect(seen.rows.map((r) => (r.kind === 'line' ? r.fields.amount : undefined))).toEqual([1_234, 5_678]);
  });
});

// ---------------------------------------------------------------------------------------------------
// 2. Values as Japanese books write them.

describe('values as Japanese books write them', () => {
  const ROWS: CsvCell[][] = [
    ['日付', '費目', '支払先', '摘要', '人数', '単価', '金額'],
    ['2026/06/01', '事故原因調査費用', '調査A社', '桁区切り', '', '', '1,234,567'], // row 2
    ['2026-06-02', '通信費', '通信B社', '半角の円記号', '', '', '¥1,234'], // row 3
    ['令和8年6月3日', '社告・会見等費用', '新聞C社', '全角の円記号', '', '', '￥1,234'], // row 4
    ['2026/06/04', 'コンサルティング費用', 'コンサルD社', '全角数字', '', '', '１２３４'], // row 5
    ['2026/06/05', '通信費', '', '小計', '', '', '-'], // row 6: no amount
    ['2026/06/05', '通信費', '', '空欄', '', '', ''], // row 7: no amount
    ['2026/06/06', '見舞金', 'ギフトE社', 'お見舞い品', '1,200人', '500', ''], // row 8: persons × per person
    ['2026/6/7', '旅費交通費', '', '出張', '', '', '48,000'], // row 9: a short name of the category
    ['', '', '', '', '', '', ''], // row 10: blank, as Excel writes an empty row
    ['2026年6月8日', '損害賠償金', '顧客F', '賠償', '', '', '5,000,000'], // row 11
  ];
  const LINES = [
    {
      row: 2,
      ...line({ incurredOn: '2026-06-01', category: 'investigation', stage: 'invoiced', amount: 1_234_567, vendor: '調査A社', description: '桁区切り' }),
    },
    {
      row: 3,
      ...line({ incurredOn: '2026-06-02', category: 'communications', stage: 'invoiced', amount: 1_234, vendor: '通信B社', description: '半角の円記号' }),
    },
    {
      row: 4,
      ...line({ incurredOn: '2026-06-03', category: 'public_notice', stage: 'invoiced', amount: 1_234, vendor: '新聞C社', description: '全角の円記号' }),
    },
    { row: 5, ...line({ incurredOn: '2026-06-04', category: 'consulting', stage: 'invoiced', amount: 1_234, vendor: 'コンサルD社', description: '全角数字' }) },
    {
      row: 8,
      ...line({
        incurredOn: '2026-06-06',
        category: 'condolence',
        stage: 'invoiced',
        amount: 600_000,
        quantity: 1_200,
        unitAmount: 500,
        vendor: 'ギフトE社',
        description: 'お見舞い品',
      }),
    },
    { row: 9, ...line({ incurredOn: '2026-06-07', category: 'overtime_travel', stage: 'invoiced', amount: 48_000, description: '出張' }) },
    // A damages line given the file's `invoiced` is a demand until a settlement or judgment fixes it (docs/rules.md §3).
    { row: 11, ...line({ incurredOn: '2026-06-08', category: 'damages', stage: 'demanded', amount: 5_000_000, vendor: '顧客F', description: '賠償' }) },
  ];
  const TOTAL = 1_234_567 + 1_234 * 3 + 600_000 + 48_000 + 5_000_000;

  it('reads 1,234,567 / ¥ / ￥ / full-width digits, three ways of writing a date, category names, persons × amount; skips rows with no amount', async () => {
    expect(TOTAL).toBe(6_886_269);
    const { incidentId } = await newIncident('和式の値', { empty: true });
    const received = await receive(incidentId, utf8(csvText(ROWS)), '和式.csv');
    expect(received.mapping).toEqual({ incurredOn: 0, category: 1, vendor: 2, description: 3, quantity: 4, unitAmount: 5, amount: 6 });

    const fixed = { stage: 'invoiced' } satisfies Fixed;
    const seen = await preview(received.importId, received.mapping, fixed);
    expect(seen.counts).toEqual({ lines: 7, errors: 0, skipped: 2, duplicates: 0 });
    expect(seen.amount).toBe(TOTAL);
    // Every row but the blank one is accounted for, by its row number in the spreadsheet.
    expect(seen.rows.map((r) => [r.row, r.kind])).toEqual([
      [2, 'line'],
      [3, 'line'],
      [4, 'line'],
      [5, 'line'],
      [6, 'skipped'],
      [7, 'skipped'],
      [8, 'line'],
      [9, 'line'],
      [11, 'line'],
    ]);
    const lines = rowsOfKind(seen.rows, 'line');
    expect(lines.map((r) => ({ row: r.row, ...shown(r.fields) }))).toEqual(LINES);

    const skipped = await preview(received.importId, received.mapping, fixed, { view: 'skipped' });
    expect(skipped.total).toBe(2);
    expect(skipped.rows.map((r) => ({ row: r.row, kind: r.kind, amountCell: r.cells[6] }))).toEqual([
      { row: 6, kind: 'skipped', amountCell: '-' },
      { row: 7, kind: 'skipped', amountCell: '' },
    ]);

    const committed = await commit(received.importId, received.mapping, fixed);
    expect(committed).toMatchObject({ lineCount: 7, amount: TOTAL, skippedNoAmount: 2, skippedDuplicates: 0 });
    expect((await ledger(incidentId)).map(shown)).toEqual(LINES.map(({ row: _row, ...l }) => l));
    // The ¥5,000,000 damages line is a demand: projected, not claimed, until agreed.
    expect(await figures(incidentId)).toMatchObject({ count: 7, claimed: TOTAL - 5_000_000, projected: TOTAL });
    const entry = at(await importEntries(incidentId), 0);
    expect(entry.after).toMatchObject({ rows: 9, lines: 7, amount: TOTAL, skippedNoAmount: 2 });
  });

  it('pages through the preview (offset and limit) without losing or repeating a row', async () => {
    const { incidentId } = await newIncident('ページ送り', { empty: true });
    const received = await receive(incidentId, utf8(csvText(ROWS) + '2026/06/09,通信費,,頁送り,,,"1,000"\r\n'), '頁送り.csv');
    const pages: number[] = [];
    for (let offset = 0; offset < 20; offset += 4)
      pages.push(...(await preview(received.importId, received.mapping, { stage: 'paid' }, { offset, limit: 4 })).rows.map((r) => r.row));
    expect(pages).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11, 12]);
  });
});

// ---------------------------------------------------------------------------------------------------
// 3. One bad row imports nothing.

describe('a file with one bad row imports nothing', () => {
  const GOOD: CsvCell[][] = [
    ['日付', '費目', '支払先', '金額'],
    ['2026/06/01', '通信費', '通知センター', '120,000'],
    ['2026/06/02', '事故原因調査費用', 'フォレンジック社', '2,000,000'],
    ['2026/06/03', '社告・会見等費用', '新聞社', '800,000'],
  ];
  const CASES: [label: string, column: number, value: string, field: string, en: string, ja: string][] = [
    ['an impossible date (2026/02/30)', 0, '2026/02/30', 'incurredOn', 'no such calendar date', '存在しない日付です'],
    ['an amount that is not a number', 3, '未定', 'amount', 'amount is not a number', '金額を数値として読めません'],
    [
      'a category nobody knows',
      1,
      '雑費',
      'category',
      'no category for "雑費": choose one in the value table',
      '「雑費」の費目が決まっていません（値と費目の対応表で選んでください）',
    ],
  ];

  it.each(CASES)('%s: the preview names row 3 and the field; commit refuses and changes nothing', async (_label, column, value, field, en, ja) => {
    const { incidentId } = await newIncident(`不正な行 ${value}`);
    const rows = GOOD.map((row) => [...row]);
    at(rows, 2)[column] = value; // row 3 of the spreadsheet (the header is row 1)
    const received = await receive(incidentId, utf8(csvText(rows)), '不正な行.csv');
    const fixed = { stage: 'invoiced' } satisfies Fixed;

    const seen = await preview(received.importId, received.mapping, fixed);
    expect(seen.counts).toEqual({ lines: 2, errors: 1, skipped: 0, duplicates: 0 });
    expect(seen.amount).toBe(120_000 + 800_000);
    const errors = await preview(received.importId, received.mapping, fixed, { view: 'errors' });
    expect(errors.total).toBe(1);
    expect(errors.rows).toEqual([{ kind: 'error', row: 3, problems: [{ field, en, ja }], cells: at(rows, 2).map(String), duplicateOf: null }]);

    const before = await snapshot(server.db);
    const filesBefore = storedFiles(server.dataDir);
    const answer = await finance.mutate('costImport.commit', { importId: received.importId, mapping: received.mapping, fixed });
    expect(answer.status).toBe(400);
    expect(answer.error?.code).toBe('BAD_REQUEST');
    expect(answer.error?.message).toMatch(/\brows? 3\b/);
    expect(answer.error?.message).toMatch(/nothing was imported/);
    expect(await snapshot(server.db), 'a refused commit changed the database').toBe(before);
    expect(storedFiles(server.dataDir)).toEqual(filesBefore);
    expect((await ledger(incidentId)).map((l) => l.amount)).toEqual([COST.amount]);
    expect(await importEntries(incidentId)).toEqual([]);
    expect(await finance.ok('query', 'costImport.list', { incidentId })).toEqual([]);
  });

  it('numbers rows as the spreadsheet does when a quoted cell spans several lines', async () => {
    const { incidentId } = await newIncident('複数行のセル', { empty: true });
    const rows: CsvCell[][] = [
      ['日付', '費目', '支払先', '摘要', '金額'],
      ['2026/06/01', '通信費', '通知センター', '1行目\r\n2行目\r\n3行目', '120,000'], // one row in Excel
      ['2026/02/30', '通信費', '通知センター', '日付が誤り', '130,000'], // row 3
    ];
    const received = await receive(incidentId, utf8(csvText(rows)), '複数行.csv');
    const errors = await preview(received.importId, received.mapping, { stage: 'paid' }, { view: 'errors' });
    expect(errors.rows.map((r) => r.row)).toEqual([3]);
  });

  it('numbers rows as the spreadsheet does when the CSV has an empty line in it', async () => {
    // Excel opens an empty line of a CSV as an empty row: the bad row below is row 4 on the user's screen.
    const { incidentId } = await newIncident('空行のあるCSV', { empty: true });
    const text = '日付,費目,金額\r\n2026/06/01,通信費,"120,000"\r\n\r\n2026/02/30,通信費,"130,000"\r\n';
    const received = await receive(incidentId, utf8(text), '空行あり.csv');
    const errors = await preview(received.importId, received.mapping, { stage: 'paid' }, { view: 'errors' });
    expect(errors.rows.map((r) => r.row)).toEqual([4]);
    const answer = await refusedCall(
      async () => await finance.mutate('costImport.commit', { importId: received.importId, mapping: received.mapping, fixed: { stage: 'paid' } }),
      'BAD_REQUEST',
    );
    expect(answer.message).toMatch(/\brows? 4\b/);
  });

  it('finds the header below an empty first line, and keeps the row numbers the user sees', async () => {
    const { incidentId } = await newIncident('先頭が空行のCSV', { empty: true });
    const text = '\r\n日付,費目,金額\r\n2026/06/01,通信費,"120,000"\r\n2026/02/30,通信費,"130,000"\r\n';
    const received = await receive(incidentId, utf8(text), '先頭空行.csv');
    expect(received.columns).toEqual(['日付', '費目', '金額']);
    expect(received.rowCount).toBe(2);
    const errors = await preview(received.importId, received.mapping, { stage: 'paid' }, { view: 'errors' });
    expect(errors.rows.map((r) => r.row)).toEqual([4]);
  });

  it('shows an XLSX formula with no saved result as an error on its row, not as a row without an amount', async () => {
    // Files written by programs rather than Excel may hold formulas whose result was never computed.
    const { incidentId } = await newIncident('計算結果のない数式', { empty: true });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('明細');
    sheet.addRow(['日付', '費目', '金額']);
    sheet.addRow([day('2026-06-01'), '通信費', 120_000]);
    sheet.addRow([day('2026-06-02'), '通信費', { formula: 'B2*2' }]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const received = await receive(incidentId, bytes, '数式.xlsx');
    const seen = await preview(received.importId, received.mapping, { stage: 'paid' });
    expect(seen.counts).toEqual({ lines: 1, errors: 1, skipped: 0, duplicates: 0 });
    const errors = await preview(received.importId, received.mapping, { stage: 'paid' }, { view: 'errors' });
    expect(errors.rows[0]).toMatchObject({ row: 3, cells: ['2026-06-02', '通信費', '=B2*2'], problems: [{ field: 'amount' }] });
  });

  it('numbers an XLSX row as Excel shows it, empty rows included', async () => {
    const { incidentId } = await newIncident('XLSXの不正な行', { empty: true });
    const bytes = await xlsx([
      ['日付', '費目', '金額'],
      [day('2026-06-01'), '通信費', 120_000],
      [], // row 3 left empty
      [day('2026-06-02'), '通信費', '未定'], // row 4
    ]);
    const received = await receive(incidentId, bytes, '空行あり.xlsx');
    const seen = await preview(received.importId, received.mapping, { stage: 'paid' });
    expect(seen.counts).toEqual({ lines: 1, errors: 1, skipped: 0, duplicates: 0 });
    const errors = await preview(received.importId, received.mapping, { stage: 'paid' }, { view: 'errors' });
    expect(errors.rows).toEqual([
      {
        kind: 'error',
        row: 4,
        problems: [{ field: 'amount', en: 'amount is not a number', ja: '金額を数値として読めません' }],
        cells: ['2026-06-02', '通信費', '未定'],
        duplicateOf: null,
      },
    ]);
    const answer = await refusedCall(
      async () => await finance.mutate('costImport.commit', { importId: received.importId, mapping: received.mapping, fixed: { stage: 'paid' } }),
      'BAD_REQUEST',
    );
    expect(answer.message).toMatch(/\brows? 4\b/);
  });
});

// ---------------------------------------------------------------------------------------------------
// 4. Files that are not a table: clear answers, no crash, nothing kept.

async function zipOf(entries: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('files that are not a table get a clear answer and leave nothing behind', () => {
  let incidentId: string;
  beforeAll(async () => {
    incidentId = (await newIncident('読めないファイル')).incidentId;
  });

  const REFUSED: [label: string, status: number, code: string, name: string, bytes: () => Buffer | Promise<Buffer>, message: RegExp, messageJa: RegExp][] = [
    ['an empty file (0 bytes)', 400, 'BAD_REQUEST', '空.csv', () => Buffer.alloc(0), /^file: the file is empty$/, /^ファイルが空です$/],
    ['a file of only line ends', 400, 'BAD_REQUEST', '改行だけ.csv', () => utf8('\r\n\r\n'), /^file: the file is empty$/, /^ファイルが空です$/],
    ['a file of only headers', 400, 'BAD_REQUEST', '見出しだけ.csv', () => utf8('日付,費目,金額\r\n'), /only a header row/, /見出し行だけ/],
    ['an XLSX of only headers', 400, 'BAD_REQUEST', '見出しだけ.xlsx', async () => await xlsx([['日付', '費目', '金額']]), /only a header row/, /見出し行だけ/],
    ['binary garbage with NULs, named .csv', 400, 'BAD_REQUEST', 'photo.csv', () => binaryGarbage(), /character encoding/, /文字コード/],
    [
      'PK-prefixed garbage named .xlsx',
      400,
      'BAD_REQUEST',
      '壊れた.xlsx',
      () => zipGarbage(),
      /cannot be read as an Excel \(\.xlsx\) file/,
      /Excel ファイル（\.xlsx）として読めません/,
    ],
    [
      'a real ZIP that is not a workbook, named .xlsx',
      400,
      'BAD_REQUEST',
      'アーカイブ.xlsx',
      async () => await zipOf({ 'readme.txt': 'not a workbook' }),
      /cannot be read as an Excel/,
      /Excel ファイル/,
    ],
    ['a CSV named .xlsx', 400, 'BAD_REQUEST', '名前だけ.xlsx', () => utf8(csvText(UTF8_ROWS)), /cannot be read as an Excel/, /Excel ファイル/],
    ['an old Excel .xls (D0 CF 11 E0)', 415, 'UNSUPPORTED_MEDIA_TYPE', '費用.xls', () => oldXls(), /old Excel \(\.xls\)/, /古い Excel 形式（\.xls）/],
    ['an old Excel .xls named .csv', 415, 'UNSUPPORTED_MEDIA_TYPE', '費用.csv', () => oldXls(), /old Excel \(\.xls\)/, /古い Excel 形式/],
    [
      'a CSV with a quote never closed',
      400,
      'BAD_REQUEST',
      '引用符.csv',
      () => utf8('日付,費目,金額\r\n2026/06/01,通信費,"1,000\r\n2026/06/02,通信費,2000\r\n'),
      /quote \(".*row 2/,
      /2 行目の引用符/,
    ],
    [
      'a CSV with more than 200 columns',
      400,
      'BAD_REQUEST',
      '横長.csv',
      () => utf8(Array.from({ length: 201 }, (_, i) => `列${i + 1}`).join(',') + '\r\n' + '1,'.repeat(200) + '1\r\n'),
      /more than 200 columns/,
      /列が 200 を超えて/,
    ],
  ];

  it.each(REFUSED)('%s → %i %s', async (_label, status, code, name, make, message, messageJa) => {
    const bytes = await make();
    const error = await refusedUpload(async () => await upload(incidentId, bytes, name), status, code, message, messageJa);
    expect(must(error.data.messageJa, 'the Japanese message').length).toBeGreaterThan(0);
    expect((await ledger(incidentId)).map((l) => l.amount)).toEqual([COST.amount]);
  });

  it('refuses a file over 50 MB with 413, keeping nothing', async () => {
    const bytes = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x31); // '1' × 50 MiB + 1
    await refusedUpload(async () => await upload(incidentId, bytes, '大きすぎる.csv'), 413, 'PAYLOAD_TOO_LARGE', /larger than the 50 MB limit/);
  });

  it(`takes a file of exactly 50 MB but refuses more than ${MAX_IMPORT_ROWS} data rows with a clear 400`, async () => {
    const bytes = csvOfSize(MAX_IMPORT_BYTES, MAX_IMPORT_ROWS + 1);
    expect(bytes.length).toBe(MAX_IMPORT_BYTES);
    await refusedUpload(
      async () => await upload(incidentId, bytes, '一年分.csv'),
      400,
      'BAD_REQUEST',
      new RegExp(`^file: more than ${MAX_IMPORT_ROWS} rows; one import takes at most ${MAX_IMPORT_ROWS}: split the file$`),
      /200,000 行までです。ファイルを分けてください/,
    );
  });

  it(`takes exactly ${MAX_IMPORT_ROWS} data rows and previews them all`, async () => {
    const { incidentId: big } = await newIncident('20万行', { empty: true });
    const rows = ['date,amount'];
    for (let i = 0; i < MAX_IMPORT_ROWS; i++) rows.push(`2026/06/${String(1 + (i % 28)).padStart(2, '0')},${100_000 + i}`);
    const received = await receive(big, utf8(rows.join('\r\n')), '20万行.csv');
    expect(received).toMatchObject({ rowCount: MAX_IMPORT_ROWS, mapping: { incurredOn: 0, amount: 1 } });
    const seen = await preview(
      received.importId,
      received.mapping,
      { category: 'communications', stage: 'invoiced' },
      { offset: MAX_IMPORT_ROWS - 1, limit: 1 },
    );
    expect(seen.counts).toEqual({ lines: MAX_IMPORT_ROWS, errors: 0, skipped: 0, duplicates: 0 });
    expect(seen.amount).toBe(MAX_IMPORT_ROWS * 100_000 + ((MAX_IMPORT_ROWS - 1) * MAX_IMPORT_ROWS) / 2);
    expect(seen.rows).toMatchObject([{ row: MAX_IMPORT_ROWS + 1, kind: 'line', fields: { amount: 100_000 + MAX_IMPORT_ROWS - 1 } }]);
    await finance.ok('mutate', 'costImport.discard', { importId: received.importId });
  });

  it('answers a file whose lines add up past what a JavaScript number holds without a crash, and imports none of it', async () => {
    // Each line is within the per-line ceiling (¥100 billion); 90,073 of them exceed 2^53 yen together.
    const { incidentId: huge } = await newIncident('合計が桁あふれ', { empty: true });
    const rows = ['日付,費目,金額'];
    for (let i = 0; i < 90_073; i++) rows.push('2026/06/01,damages,100000000000');
    const received = await receive(huge, utf8(rows.join('\n')), '桁あふれ.csv');
    const before = await snapshot(server.db);
    const reading = { importId: received.importId, mapping: received.mapping, fixed: { stage: 'invoiced' } } satisfies InputOf<'costImport.commit'>;
    const seen = await finance.query('costImport.preview', { ...reading, limit: 1 });
    // A preview may show the rows or refuse the file, but must not fail as an internal error.
    expect(seen.error?.code ?? 'OK', seen.error?.message).not.toBe('INTERNAL_SERVER_ERROR');
    expect([200, 400]).toContain(seen.status);
    const committed = await finance.mutate('costImport.commit', reading);
    expect(committed.status, committed.error?.message).toBe(400);
    expect(committed.error?.code).toBe('BAD_REQUEST');
    expect(await snapshot(server.db)).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------------
// 5. The same file again.

describe('importing the same file again', () => {
  const ROWS: CsvCell[][] = [
    ['日付', '費目', '支払先', '金額'],
    ['2026/06/20', '通信費', 'コールセンター社', '310,000'],
    ['2026/06/21', '事故原因調査費用', '調査会社', '990,000'],
  ];
  const bytes = utf8(csvText(ROWS));
  const fixed = { stage: 'invoiced' } satisfies Fixed;

  it('is detected on upload, refused at commit unless confirmed, then imported again and audited as a reimport', async () => {
    const { incidentId } = await newIncident('同じファイル');
    const first = await receive(incidentId, bytes, '6月請求.csv');
    await commit(first.importId, first.mapping, fixed);
    const afterFirst = await figures(incidentId);

    // Another name, same bytes: still the same file.
    const second = await receive(incidentId, bytes, '6月請求(コピー).csv');
    expect(second.fileSha256).toBe(first.fileSha256);
    expect(second.alreadyImported).toMatchObject({ committedAt: expect.any(String), byName: FINANCE_NAME, lineCount: 2 });
    expect(Date.parse(must(must(second.alreadyImported ?? undefined, 'the earlier import').committedAt ?? undefined, 'its commit time'))).not.toBeNaN();
    const seen = await preview(second.importId, second.mapping, fixed);
    expect(seen.alreadyImported).toMatchObject({ byName: FINANCE_NAME, lineCount: 2 });
    // Each of its lines is now also a likely duplicate of the ledger.
    expect(seen.counts).toEqual({ lines: 2, errors: 0, skipped: 0, duplicates: 2 });

    const conflict = await refusedCall(
      async () => await finance.mutate('costImport.commit', { importId: second.importId, mapping: second.mapping, fixed }),
      'CONFLICT',
    );
    expect(conflict.message).toMatch(/already imported/);
    expect(conflict.message).toContain(FINANCE_NAME);
    expect(await figures(incidentId)).toEqual(afterFirst);

    const again = await commit(second.importId, second.mapping, fixed, { confirmReimport: true });
    expect(again).toMatchObject({ lineCount: 2, amount: 1_300_000 });
    expect((await figures(incidentId)).claimed).toBe(afterFirst.claimed + 1_300_000);
    const entries = await importEntries(incidentId);
    expect(entries).toHaveLength(2);
    expect(at(entries, 0)).toMatchObject({
      entityId: second.importId,
      after: { reimport: true, lines: 2, fileSha256: sha256(bytes), fileName: '6月請求(コピー).csv' },
    });
    expect(at(entries, 1)).toMatchObject({ entityId: first.importId, after: { reimport: false } });
  });

  it('is not a reimport in another incident', async () => {
    const { incidentId } = await newIncident('別の事故');
    const received = await receive(incidentId, bytes, '6月請求.csv');
    expect(received.alreadyImported).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------
// 6. The mapping is remembered per company and layout.

describe('the mapping is remembered per company and column layout', () => {
  const HEADER = ['伝票番号', '計上日', '支払日', '勘定科目', '摘要', '取引先', '金額'];
  const MAY: CsvCell[][] = [HEADER, ['D-001', '2026/05/31', '2026/06/10', '通信費', '5月分', '通信会社', '210,000']];
  const JUNE: CsvCell[][] = [
    HEADER,
    ['D-101', '2026/06/30', '2026/07/10', '通信費', '6月分', '通信会社', '190,000'],
    ['D-102', '2026/06/30', '2026/07/10', '事故原因調査費用', '追加調査', '調査会社', '450,000'],
  ];
  /** The user's choice: the payment date, not the booking date the server guesses, and every line paid. */
  const CHOSEN = { incurredOn: 2, category: 3, description: 4, vendor: 5, amount: 6 } satisfies Mapping;
  const FIXED = { stage: 'paid' } satisfies Fixed;

  it('offers the mapping and fixed values last committed for the same header row, to the same company only', async () => {
    const { incidentId } = await newIncident('仕訳帳の取込');
    const may = await receive(incidentId, utf8(csvText(MAY)), '仕訳_5月.csv');
    expect(may.mappingRemembered).toBe(false);
    expect(may.mapping).toEqual(suggestMapping(HEADER));
    expect(may.mapping.incurredOn).toBe(1); // the guess: 計上日
    await commit(may.importId, CHOSEN, FIXED);

    // Next month's file, saved from Excel as Shift_JIS this time: same layout, so the same mapping.
    const june = await receive(incidentId, shiftJis(csvText(JUNE)), '仕訳_6月.csv');
    expect(june).toMatchObject({ encoding: 'shift_jis', mappingRemembered: true, mapping: CHOSEN, fixed: FIXED, alreadyImported: null });
    await commit(june.importId, june.mapping, june.fixed);
    const imported = (await ledger(incidentId)).filter((l) => l.vendor !== COST.vendor).map(shown);
    expect(imported).toEqual([
      line({ incurredOn: '2026-06-10', category: 'communications', stage: 'paid', amount: 210_000, vendor: '通信会社', description: '5月分' }),
      line({ incurredOn: '2026-07-10', category: 'communications', stage: 'paid', amount: 190_000, vendor: '通信会社', description: '6月分' }),
      line({ incurredOn: '2026-07-10', category: 'investigation', stage: 'paid', amount: 450_000, vendor: '調査会社', description: '追加調査' }),
    ]);

    // Another company with the same layout starts from the guess.
    const other = await receive(b.incidentId, utf8(csvText(MAY)), '仕訳_5月.csv', b.client);
    expect(other).toMatchObject({ mappingRemembered: false, mapping: suggestMapping(HEADER), fixed: {} });
    await b.client.ok('mutate', 'costImport.discard', { importId: other.importId });
  });

  it('does not remember a mapping that was only previewed or discarded', async () => {
    const header = ['年月日', '費用項目', '業者名', '支払金額'];
    const { incidentId } = await newIncident('プレビューだけ');
    const first = await receive(incidentId, utf8(csvText([header, ['2026/06/01', '通信費', '業者', '1,000']])), 'プレビュー.csv');
    await preview(first.importId, { incurredOn: 0, category: 1, amount: 3 }, { stage: 'estimate' });
    await finance.ok('mutate', 'costImport.discard', { importId: first.importId });
    const next = await receive(incidentId, utf8(csvText([header, ['2026/06/02', '通信費', '業者', '2,000']])), 'プレビュー2.csv');
    expect(next).toMatchObject({ mappingRemembered: false, mapping: suggestMapping(header), fixed: {} });
  });
});

// ---------------------------------------------------------------------------------------------------
// 7. Likely duplicates.

describe('likely duplicates are flagged against the ledger and earlier rows, and can be left out', () => {
  it('flags same date, amount and vendor (vendor ignoring width, case and spaces) and skips them on request', async () => {
    const { incidentId } = await newIncident('重複の検出', { empty: true });
    const { id: typedId } = await a.client.ok('mutate', 'cost.create', {
      incidentId,
      ...COST,
      incurredOn: '2026-06-10',
      amount: 1_500_000,
      vendor: 'ＡＢＣ　セキュリティ',
    });
    const rows: CsvCell[][] = [
      ['日付', '費目', '支払先', '金額'],
      ['2026/06/10', '事故原因調査費用', 'abc ｾｷｭﾘﾃｨ', '1,500,000'], // row 2: the typed line again
      ['2026/06/11', '通信費', 'コールセンター社', '200,000'], // row 3
      ['2026/06/11', '通信費', 'コールセンター 社', '200,000'], // row 4: row 3 pasted twice
      ['2026/06/11', '通信費', 'コールセンター社', '200,001'], // row 5: another amount
      ['2026/06/12', '通信費', 'コールセンター社', '200,000'], // row 6: another day
      ['2026/06/10', '事故原因調査費用', 'ABC Security', '1,500,000'], // row 7: another vendor
    ];
    const received = await receive(incidentId, utf8(csvText(rows)), '重複あり.csv');
    const fixed = { stage: 'invoiced' } satisfies Fixed;
    const total = 1_500_000 + 200_000 + 200_000 + 200_001 + 200_000 + 1_500_000;

    const seen = await preview(received.importId, received.mapping, fixed);
    expect(seen.counts).toEqual({ lines: 6, errors: 0, skipped: 0, duplicates: 2 });
    expect(seen.amount).toBe(total);
    expect(seen.amountWithoutDuplicates).toBe(total - 1_700_000);
    expect(seen.rows.map((r) => [r.row, r.duplicateOf])).toEqual([
      [2, { kind: 'ledger', costId: typedId }],
      [3, null],
      [4, { kind: 'file', row: 3 }],
      [5, null],
      [6, null],
      [7, null],
    ]);
    const duplicates = await preview(received.importId, received.mapping, fixed, { view: 'duplicates' });
    expect(duplicates.total).toBe(2);
    expect(duplicates.rows.map((r) => r.row)).toEqual([2, 4]);

    const committed = await commit(received.importId, received.mapping, fixed, { skipDuplicates: true });
    expect(committed).toEqual({
      importId: received.importId,
      lineCount: 4,
      amount: total - 1_700_000,
      skippedDuplicates: 2,
      skippedNoAmount: 0,
      leftOut: {},
      errorRowsLeft: 0,
    });
    const amounts = (await ledger(incidentId)).map((l) => [l.incurredOn, l.amount, l.vendor]);
    expect(amounts).toEqual([
      ['2026-06-10', 1_500_000, 'ABC Security'],
      ['2026-06-10', 1_500_000, 'ＡＢＣ　セキュリティ'],
      ['2026-06-11', 200_000, 'コールセンター社'],
      ['2026-06-11', 200_001, 'コールセンター社'],
      ['2026-06-12', 200_000, 'コールセンター社'],
    ]);
    const entry = at(await importEntries(incidentId), 0);
    expect(entry.after).toMatchObject({ lines: 4, amount: total - 1_700_000, skippedDuplicates: 2 });
  });

  it('imports the flagged rows too when not asked to skip them (two identical taxi fares are real)', async () => {
    const { incidentId } = await newIncident('重複も取り込む', { empty: true });
    const rows: CsvCell[][] = [
      ['日付', '費目', '支払先', '金額'],
      ['2026/06/11', '旅費交通費', 'タクシー', '3,200'],
      ['2026/06/11', '旅費交通費', 'タクシー', '3,200'],
    ];
    const received = await receive(incidentId, utf8(csvText(rows)), 'タクシー.csv');
    expect((await preview(received.importId, received.mapping, { stage: 'paid' })).counts.duplicates).toBe(1);
    expect(await commit(received.importId, received.mapping, { stage: 'paid' })).toMatchObject({ lineCount: 2, amount: 6_400, skippedDuplicates: 0 });
    expect((await ledger(incidentId)).map((l) => l.amount)).toEqual([3_200, 3_200]);
  });
});

// ---------------------------------------------------------------------------------------------------
// 8. One transaction.

const FAIL_THIRD_LINE_SQLITE = [
  `CREATE TEMP TRIGGER import_test_fail BEFORE INSERT ON costs WHEN NEW.vendor = '障害を起こす行' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`,
];
const FAIL_THIRD_LINE_PG = [
  "CREATE OR REPLACE FUNCTION import_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$",
  `CREATE TRIGGER import_test_fail BEFORE INSERT ON costs FOR EACH ROW WHEN (NEW.vendor = '障害を起こす行') EXECUTE FUNCTION import_test_fail()`,
];

describe('a commit is one transaction', () => {
  const ROWS: CsvCell[][] = [
    ['日付', '費目', '支払先', '金額'],
    ['2026/06/01', '通信費', '一行目', '10,000'],
    ['2026/06/02', '通信費', '二行目', '20,000'],
    ['2026/06/03', '通信費', '障害を起こす行', '30,000'],
    ['2026/06/04', '通信費', '四行目', '40,000'],
  ];

  it('writes nothing when the database fails on a line halfway through, and imports the file once it works again', async () => {
    const { incidentId } = await newIncident('途中で失敗', { empty: true });
    const received = await receive(incidentId, utf8(csvText(ROWS)), '途中で失敗.csv');
    const fixed = { stage: 'invoiced' } satisfies Fixed;
    // A failure only the database knows about, on the third line (a trigger: not in the snapshot, which holds rows).
    await sqlExec(server.db, ...(onPostgres() ? FAIL_THIRD_LINE_PG : FAIL_THIRD_LINE_SQLITE));
    try {
      const before = await snapshot(server.db);
      const answer = await finance.mutate('costImport.commit', { importId: received.importId, mapping: received.mapping, fixed });
      expect(answer.status).toBe(500);
      expect(answer.error).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error' });
      expect(await snapshot(server.db), 'the failed commit left something behind').toBe(before);
    } finally {
      await sqlExec(server.db, onPostgres() ? 'DROP TRIGGER IF EXISTS import_test_fail ON costs' : 'DROP TRIGGER IF EXISTS temp.import_test_fail');
    }
    expect(await ledger(incidentId)).toEqual([]);
    expect(await importEntries(incidentId)).toEqual([]);
    expect(await finance.ok('query', 'costImport.list', { incidentId })).toEqual([]);

    expect(await commit(received.importId, received.mapping, fixed)).toMatchObject({ lineCount: 4, amount: 100_000 });
    expect((await ledger(incidentId)).map((l) => l.amount)).toEqual([10_000, 20_000, 30_000, 40_000]);
  });

  it('imports the file once when the same preview is committed twice at the same moment', async () => {
    const { incidentId } = await newIncident('同時の確定', { empty: true });
    const rows = ROWS.map((row, i) => (i === 3 ? [at(row, 0), at(row, 1), '三行目', at(row, 3)] : row));
    const received = await receive(incidentId, utf8(csvText(rows)), '同時.csv');
    const input = { importId: received.importId, mapping: received.mapping, fixed: { stage: 'invoiced' } } satisfies InputOf<'costImport.commit'>;
    const answers = await Promise.all([finance.mutate('costImport.commit', input), a.client.mutate('costImport.commit', input)]);
    expect(answers.map((x) => x.error?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    expect((await ledger(incidentId)).map((l) => l.amount)).toEqual([10_000, 20_000, 30_000, 40_000]);
    expect(await importEntries(incidentId)).toHaveLength(1);
    expect(await finance.ok('query', 'costImport.list', { incidentId })).toHaveLength(1);
    expect((await figures(incidentId)).claimed).toBe(100_000);
  });
});

// ---------------------------------------------------------------------------------------------------
// 9. Who may import, and the import's own life.

describe('who may import', () => {
  const ROWS: CsvCell[][] = [
    ['日付', '費目', '金額'],
    ['2026/06/01', '通信費', '11,000'],
  ];
  const fileFor = (label: string) => utf8(csvText([...ROWS, ['2026/06/02', '通信費', '12,000'], ['2026/06/03', label, '']]));
  const fixed = { stage: 'invoiced' } satisfies Fixed;
  let incidentId: string;
  let pending: Received;

  beforeAll(async () => {
    incidentId = (await newIncident('権限の確認')).incidentId;
    pending = await receive(incidentId, fileFor('通信費'), '権限.csv');
  });

  const reading = (): InputOf<'costImport.commit'> => ({ importId: pending.importId, mapping: pending.mapping, fixed });

  it('refuses the responder (FORBIDDEN) on upload, preview, commit and discard; the responder may read the history', async () => {
    await refusedUpload(async () => await upload(incidentId, fileFor('responder'), 'responder.csv', responder), 403, 'FORBIDDEN', /finance role/);
    await refusedCall(async () => await responder.query('costImport.preview', reading()), 'FORBIDDEN');
    await refusedCall(async () => await responder.mutate('costImport.commit', reading()), 'FORBIDDEN');
    await refusedCall(async () => await responder.mutate('costImport.discard', { importId: pending.importId }), 'FORBIDDEN');
    expect(await responder.ok('query', 'costImport.list', { incidentId })).toEqual([]);
  });

  it('refuses before reading the file: an empty or huge body from a responder is FORBIDDEN, not a file error', async () => {
    await refusedUpload(async () => await upload(incidentId, new Uint8Array(0), 'empty.csv', responder), 403, 'FORBIDDEN', /finance role/);
    await refusedUpload(async () => await upload(incidentId, new Uint8Array(0), 'empty.csv', b.client), 404, 'NOT_FOUND', /not found/);
    expect(tempFiles(server.dataDir)).toEqual([]);
  });

  it('tells another company’s admin nothing exists (NOT_FOUND), by incident id or by import id', async () => {
    await refusedUpload(async () => await upload(incidentId, fileFor('b'), 'b.csv', b.client), 404, 'NOT_FOUND', /not found/);
    await refusedCall(async () => await b.client.query('costImport.preview', reading()), 'NOT_FOUND');
    await refusedCall(async () => await b.client.mutate('costImport.commit', reading()), 'NOT_FOUND');
    await refusedCall(async () => await b.client.mutate('costImport.discard', { importId: pending.importId }), 'NOT_FOUND');
    await refusedCall(async () => await b.client.query('costImport.list', { incidentId }), 'NOT_FOUND');
  });

  it('refuses the assigned broker (FORBIDDEN): brokers never write the ledger', async () => {
    expect((await broker.ok('query', 'cost.list', { incidentId })).items).toHaveLength(1); // the broker does see the incident
    await refusedUpload(async () => await upload(incidentId, fileFor('broker'), 'broker.csv', broker), 403, 'FORBIDDEN', /broker/i);
    await refusedCall(async () => await broker.query('costImport.preview', reading()), 'FORBIDDEN');
    await refusedCall(async () => await broker.mutate('costImport.commit', reading()), 'FORBIDDEN');
    await refusedCall(async () => await broker.mutate('costImport.discard', { importId: pending.importId }), 'FORBIDDEN');
  });

  it('refuses anyone not signed in (401 / UNAUTHORIZED)', async () => {
    await refusedUpload(async () => await upload(incidentId, fileFor('anonymous'), 'anonymous.csv', null), 401, 'UNAUTHORIZED', /Sign in/);
    const anonymous = new ApiClient(server.url);
    await refusedCall(async () => await anonymous.query('costImport.preview', reading()), 'UNAUTHORIZED');
    await refusedCall(async () => await anonymous.mutate('costImport.commit', reading()), 'UNAUTHORIZED');
    await refusedCall(async () => await anonymous.mutate('costImport.discard', { importId: pending.importId }), 'UNAUTHORIZED');
    await refusedCall(async () => await anonymous.query('costImport.list', { incidentId }), 'UNAUTHORIZED');
  });

  it('answers NOT_FOUND for an import id that does not exist, and for an incident that does not exist', async () => {
    const missing = '00000000-0000-0000-0000-000000000000';
    await refusedCall(async () => await finance.query('costImport.preview', { ...reading(), importId: missing }), 'NOT_FOUND');
    await refusedCall(async () => await finance.mutate('costImport.commit', { ...reading(), importId: missing }), 'NOT_FOUND');
    await refusedUpload(async () => await upload(missing, fileFor('missing'), 'missing.csv'), 404, 'NOT_FOUND', /not found/);
  });

  it('lets the admin import as finance does', async () => {
    const { incidentId: adminIncident } = await newIncident('管理者の取込');
    const received = await receive(adminIncident, fileFor('admin'), 'admin.csv', a.client);
    expect(await commit(received.importId, received.mapping, fixed, {}, a.client)).toMatchObject({ lineCount: 2, amount: 23_000, skippedNoAmount: 1 });
    expect(await finance.ok('query', 'costImport.list', { incidentId: adminIncident })).toMatchObject([{ id: received.importId, committedByName: ADMIN_NAME }]);
  });

  it('forgets a discarded upload (NOT_FOUND afterwards), keeps a committed one (discard: CONFLICT), and lists committed imports only, newest first', async () => {
    const { incidentId: life } = await newIncident('取込の一生');
    const first = await receive(life, fileFor('一つ目'), '一つ目.csv');
    const dropped = await receive(life, fileFor('捨てる'), '捨てる.csv');
    const second = await receive(life, fileFor('二つ目'), '二つ目.csv');
    const left = await receive(life, fileFor('確定しない'), '確定しない.csv');

    expect(await finance.ok('mutate', 'costImport.discard', { importId: dropped.importId })).toEqual({ ok: true });
    await refusedCall(async () => await finance.query('costImport.preview', { importId: dropped.importId, mapping: dropped.mapping, fixed }), 'NOT_FOUND');
    await refusedCall(async () => await finance.mutate('costImport.commit', { importId: dropped.importId, mapping: dropped.mapping, fixed }), 'NOT_FOUND');
    await refusedCall(async () => await finance.mutate('costImport.discard', { importId: dropped.importId }), 'NOT_FOUND');

    await commit(first.importId, first.mapping, fixed);
    await commit(second.importId, second.mapping, fixed);
    const conflict = await refusedCall(async () => await finance.mutate('costImport.discard', { importId: first.importId }), 'CONFLICT');
    expect(conflict.message).toMatch(/stays in the record/);
    await refusedCall(
      async () => await finance.mutate('costImport.commit', { importId: first.importId, mapping: first.mapping, fixed, confirmReimport: true }),
      'CONFLICT',
    );

    const listed = await finance.ok('query', 'costImport.list', { incidentId: life });
    expect(listed.map((i) => i.id)).toEqual([second.importId, first.importId]);
    expect(listed.map((i) => i.fileName)).toEqual(['二つ目.csv', '一つ目.csv']);
    const committedAt = (i: number) => must(at(listed, i).committedAt ?? undefined, `the commit time of import ${i}`);
    expect(committedAt(0) >= committedAt(1)).toBe(true);
    expect(listed.some((i) => i.id === left.importId || i.id === dropped.importId)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// 10. A mapping that cannot read lines.

describe('a mapping that cannot read lines is refused, naming the field', () => {
  let received: Received;
  beforeAll(async () => {
    const { incidentId } = await newIncident('対応表の誤り');
    received = await receive(
      incidentId,
      utf8(
        csvText([
          ['日付', '費目', '支払先', '金額'],
          ['2026/06/01', '通信費', '通知センター', '5,000'],
        ]),
      ),
      '対応表.csv',
    );
    expect(received.mapping).toEqual({ incurredOn: 0, category: 1, vendor: 2, amount: 3 });
  });

  const CASES: [label: string, mapping: Mapping, fixed: Fixed, message: RegExp][] = [
    ['a column past the last one', { incurredOn: 0, category: 1, vendor: 2, amount: 4 }, { stage: 'paid' }, /mapping\.amount: the file has only 4 columns/],
    [
      'two fields on the same column',
      { incurredOn: 0, category: 1, vendor: 3, amount: 3 },
      { stage: 'paid' },
      /mapping\.(vendor|amount): column 4 is already mapped to (amount|vendor)/,
    ],
    ['no date column', { category: 1, vendor: 2, amount: 3 }, { stage: 'paid' }, /mapping\.incurredOn: /],
    ['no category column and no fixed category', { incurredOn: 0, vendor: 2, amount: 3 }, { stage: 'paid' }, /mapping\.category: /],
    ['no stage column and no fixed stage', { incurredOn: 0, category: 1, amount: 3 }, {}, /mapping\.stage: /],
    ['no amount, and no quantity with unit amount', { incurredOn: 0, category: 1, vendor: 2 }, { stage: 'paid' }, /mapping\.amount: /],
    ['a quantity without a unit amount', { incurredOn: 0, category: 1, quantity: 3 }, { stage: 'paid' }, /mapping\.(amount|unitAmount): /],
  ];

  it.each(CASES)('%s: preview and commit answer 400 BAD_REQUEST', async (_label, mapping, fixed, message) => {
    const input = { importId: received.importId, mapping, fixed };
    const previewed = await refusedCall(async () => await finance.query('costImport.preview', input), 'BAD_REQUEST');
    expect(previewed.message).toMatch(message);
    const committed = await refusedCall(async () => await finance.mutate('costImport.commit', input), 'BAD_REQUEST');
    expect(committed.message).toMatch(message);
    expect((await finance.query('costImport.preview', input)).status).toBe(400);
  });

  it('still previews with the good mapping afterwards', async () => {
    expect((await preview(received.importId, received.mapping, { stage: 'paid' })).counts).toEqual({ lines: 1, errors: 0, skipped: 0, duplicates: 0 });
  });
});
