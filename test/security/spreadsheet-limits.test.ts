// Issue 13, over real HTTP: spreadsheets built to exhaust the server. Any signed-up user may upload one,
// so each answers a clear 400 within seconds while /healthz (polled every 100 ms) and another company's
// ordinary requests keep being answered within a second, and the server's heap stays bounded: a sheet of
// two million rows, ZIP bombs whose sheet inflates to 3 GB (sizes declared honestly, or not), a CSV of the
// same shapes; files past the queue of the reading thread are told to try again (429); a read past its
// time is stopped. docs/decisions/015-spreadsheet-reading-limits.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from '../../server/import/import-file-error.ts';
import { PARALLEL_READS, WAITING_READS } from '../../server/import/read-limits.ts';
import { readTableApart } from '../../server/import/read-table-apart.ts';
import { MAX_IMPORT_ROWS } from '../../shared/import-schemas.ts';
import { INCIDENT, POLICY } from '../support/fixtures.ts';
import { postFiles, storedFiles, tempFiles, type UploadAnswer } from '../support/files.ts';
import { signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { must } from '../support/at.ts';
import { deflatedBomb, handMadeZip, sheetXml, workbookParts, xlsxOfRows, zipParts } from '../support/xlsx-parts.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

let server: TestServer;
let uploader: Awaited<ReturnType<typeof signUpCompany>>;
let incidentId: string;
/** Another company, going about its business while the uploads are read. */
let bystander: Awaited<ReturnType<typeof signUpCompany>>;
let bystanderIncidentId: string;
let scratch: string;

beforeAll(async () => {
  server = await startTestServer();
  uploader = await signUpCompany(server.url, 'Uploader');
  const policy = await uploader.client.ok('mutate', 'policy.create', { companyId: uploader.companyId, ...POLICY });
  incidentId = (await uploader.client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT })).id;
  bystander = await signUpCompany(server.url, 'Bystander');
  const theirPolicy = await bystander.client.ok('mutate', 'policy.create', { companyId: bystander.companyId, ...POLICY });
  bystanderIncidentId = (await bystander.client.ok('mutate', 'incident.create', { policyId: theirPolicy.id, ...INCIDENT })).id;
  scratch = mkdtempSync(path.join(tmpdir(), 'bct-limits-'));
});
afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const upload = async (bytes: Uint8Array, name: string): Promise<UploadAnswer> =>
  await postFiles(`${server.url}/api/incidents/${incidentId}/imports`, uploader.client.cookie, [{ bytes, name }]);

interface Served<T> {
  result: T;
  seconds: number;
  /** Every /healthz answer: its status and how long it took. */
  health: { status: number; ms: number }[];
  /** Every answer to the other company's requests (auth.me, cost.list in turn). */
  bystander: { status: number; ms: number }[];
  /** How far the server's heap grew (this process: the server runs in it) above where it was. */
  heapGrowthMiB: number;
}

/** Runs `work` while /healthz is polled every 100 ms and the other company reads its account and ledger. */
async function whileServing<T>(work: () => Promise<T>): Promise<Served<T>> {
  const health: Served<T>['health'] = [];
  const others: Served<T>['bystander'] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const heapTimer = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 50);
  let running = true;
  const poll = async (everyMs: number, call: (i: number) => Promise<number>, into: { status: number; ms: number }[]) => {
    for (let i = 0; running; i++) {
      const start = performance.now();
      const status = await call(i);
      into.push({ status, ms: performance.now() - start });
      await sleep(everyMs);
    }
  };
  const pollers = [
    poll(100, async () => (await fetch(`${server.url}/healthz`)).status, health),
    poll(
      250,
      async (i) =>
        (i % 2 === 0 ? await bystander.client.query('auth.me') : await bystander.client.query('cost.list', { incidentId: bystanderIncidentId, limit: 50 }))
          .status,
      others,
    ),
  ];
  const start = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - start) / 1000, health, bystander: others, heapGrowthMiB: (heapPeak - heapBefore) / MiB };
  } finally {
    running = false;
    clearInterval(heapTimer);
    await Promise.all(pollers);
  }
}

/** What must hold of the server while a hostile file was read. */
function expectKeptServing(served: Served<unknown>, maxSeconds: number) {
  expect(served.seconds, 'answered within its bound').toBeLessThan(maxSeconds);
  expect(served.health.length, 'polled all along').toBeGreaterThanOrEqual(Math.floor(served.seconds * 5));
  expect(served.health.filter((h) => h.status !== 200)).toEqual([]);
  // Reading such a file whole would hold the server for its several seconds; read in slices, the longest wait is a
  // slice, well under a second on a quiet machine. 2 s leaves room for a CI machine running other tests beside.
  expect(Math.max(...served.health.map((h) => h.ms)), '/healthz waited').toBeLessThan(2000);
  expect(served.bystander.length).toBeGreaterThanOrEqual(1);
  expect(served.bystander.filter((b) => b.status !== 200)).toEqual([]);
  expect(Math.max(...served.bystander.map((b) => b.ms)), 'the other company waited').toBeLessThan(2000);
  // Before, reading one such file grew the heap past 2 GB; a refused file now never reaches it.
  expect(served.heapGrowthMiB, 'the server heap grew').toBeLessThan(150);
}

/** An upload refused with 400 and this message (both languages), that kept no file and wrote nothing. */
async function expectRefused(send: () => Promise<UploadAnswer>, maxSeconds: number, message: RegExp, messageJa: RegExp) {
  const before = await snapshot(server.db);
  const filesBefore = storedFiles(server.dataDir);
  const served = await whileServing(send);
  const answer = served.result;
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400);
  const error = answer.body.error;
  expect(error?.code).toBe('BAD_REQUEST');
  expect(error?.message).toMatch(message);
  expect(error?.data?.messageJa).toMatch(messageJa);
  expectKeptServing(served, maxSeconds);
  expect(await snapshot(server.db)).toBe(before);
  expect(storedFiles(server.dataDir)).toEqual(filesBefore);
  expect(tempFiles(server.dataDir)).toEqual([]);
}

const MORE_ROWS = new RegExp(`^file: more than ${MAX_IMPORT_ROWS} rows; one import takes at most ${MAX_IMPORT_ROWS}: split the file$`);
const MORE_ROWS_JA = /^200,000 行を超えています。1回に取り込めるのは 200,000 行までです。ファイルを分けてください$/;
const NOT_XLSX = /^file: cannot be read as an Excel \(\.xlsx\) file; it is damaged or in another format$/;
const NOT_XLSX_JA = /^Excel ファイル（\.xlsx）として読めません/;

/** The start of a worksheet, then a cell whose text never ends: what the bombs below inflate to. */
const ENDLESS_TEXT = `${sheetXml('').replace('</sheetData></worksheet>', '')}<row r="1"><c r="A1" t="inlineStr"><is><t>`;

describe('a workbook of millions of rows', () => {
  it('2,000,000 rows (20 MB): 400 "more than 200000 rows" within seconds, the server serving all along', async () => {
    const bytes = await xlsxOfRows(2_000_000);
    expect(bytes.length).toBeLessThan(50 * MiB);
    await expectRefused(async () => await upload(bytes, '二百万行.xlsx'), 15, MORE_ROWS, MORE_ROWS_JA);
  }, 90_000);

  it('1,000,000 rows: the same 400 within seconds', async () => {
    const bytes = await xlsxOfRows(1_000_000);
    await expectRefused(async () => await upload(bytes, '百万行.xlsx'), 15, MORE_ROWS, MORE_ROWS_JA);
  }, 60_000);

  it(`${MAX_IMPORT_ROWS} rows: taken, and previewed to its last row`, async () => {
    const bytes = await xlsxOfRows(MAX_IMPORT_ROWS);
    const served = await whileServing(async () => await upload(bytes, '二十万行.xlsx'));
    expect(served.result.status, JSON.stringify(served.result.body).slice(0, 300)).toBe(201);
    const received = served.result.body as { importId: string; rowCount: number; mapping: Record<string, number> };
    expect(received.rowCount).toBe(MAX_IMPORT_ROWS);
    const seen = await uploader.client.ok('query', 'costImport.preview', {
      importId: received.importId,
      mapping: { incurredOn: 0, amount: 1 },
      fixed: { category: 'communications', stage: 'invoiced' },
      offset: MAX_IMPORT_ROWS - 1,
      limit: 1,
    });
    expect(seen.counts).toEqual({ lines: MAX_IMPORT_ROWS, errors: 0, skipped: 0, duplicates: expect.any(Number) });
    expect(seen.rows).toMatchObject([{ row: MAX_IMPORT_ROWS + 1, kind: 'line', cells: ['2026-06-01', String(1000 + ((MAX_IMPORT_ROWS + 1) % 1000))] }]);
    await uploader.client.ok('mutate', 'costImport.discard', { importId: received.importId });
  }, 90_000);
});

describe('ZIP bombs: a 3 MB workbook whose sheet inflates to 3 GB', () => {
  const bomb = deflatedBomb(ENDLESS_TEXT, 'x', 3 * GiB);
  const withSheet = (declaredSize: number) => handMadeZip(workbookParts([{ name: '費用', xml: { deflated: bomb, declaredSize } }]));

  it('declaring its 3 GB: refused before a byte is inflated', async () => {
    const bytes = withSheet(3 * GiB);
    expect(bytes.length).toBeLessThan(4 * MiB);
    await expectRefused(
      async () => await upload(bytes, '爆弾.xlsx'),
      5,
      /^file: the Excel file is too large once unpacked to be read; split it, or save it as CSV$/,
      /^Excel ファイルを展開すると大きすぎて読み込めません/,
    );
  });

  it('declaring 1 KB: refused as damaged as soon as it inflates past 1 KB', async () => {
    await expectRefused(async () => await upload(withSheet(1024), '小さく見せた爆弾.xlsx'), 5, NOT_XLSX, NOT_XLSX_JA);
  });

  it('declaring 250 MB (just under the cap of a sheet): refused as damaged once it inflates past that', async () => {
    await expectRefused(async () => await upload(withSheet(250 * MiB), '上限すれすれの爆弾.xlsx'), 20, NOT_XLSX, NOT_XLSX_JA);
  }, 60_000);

  it('a shared strings part declaring its 3 GB: refused as too large', async () => {
    const strings = deflatedBomb('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', '<si><t>x</t></si>', 3 * GiB);
    const parts = workbookParts([{ name: '費用', xml: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }]);
    const bytes = handMadeZip({ ...parts, 'xl/sharedStrings.xml': { deflated: strings, declaredSize: 3 * GiB } });
    await expectRefused(async () => await upload(bytes, '文字列爆弾.xlsx'), 5, /too large once unpacked/, /展開すると大きすぎて/);
  });
});

describe('CSV of the same shapes', () => {
  it('2,000,000 rows (34 MB): 400 "more than 200000 rows" within seconds', async () => {
    const bytes = Buffer.from('日付,金額\r\n' + '2026/06/01,1000\r\n'.repeat(2_000_000));
    expect(bytes.length).toBeLessThan(50 * MiB);
    await expectRefused(async () => await upload(bytes, '二百万行.csv'), 10, MORE_ROWS, MORE_ROWS_JA);
  }, 60_000);

  it('one line of 25 million cells (49 MB): refused as too many cells, not sent to the server whole', async () => {
    const bytes = Buffer.concat([Buffer.from('日付,金額\r\n'), Buffer.alloc(49 * MiB, '1,')]);
    await expectRefused(
      async () => await upload(bytes, '横に長い.csv'),
      20,
      /^file: too many cells to read \(at most 16384 in a row and 10000000 in all\); split the file$/,
      /^セルが多すぎて読み込めません/,
    );
  }, 60_000);
});

describe('the reading thread', () => {
  it(`reads ${PARALLEL_READS} file at a time with ${WAITING_READS} waiting; one more upload, or a preview that must read its file again, is told to try again (429)`, async () => {
    // A file uploaded earlier, pushed out of the server's cache of the last two tables read by two more.
    const small = (n: number) => Buffer.from(`日付,金額\r\n2026/06/0${n},${n}000\r\n`);
    const earlier = (await upload(small(1), '先月.csv')).body as { importId: string; mapping: Record<string, number> };
    for (const n of [2, 3]) expect((await upload(small(n), `別.csv`)).status).toBe(201);
    // Each slow file takes the thread a second or two (it inflates 250 MB before its lie shows).
    const slow = handMadeZip(workbookParts([{ name: '費用', xml: { deflated: deflatedBomb(ENDLESS_TEXT, 'x', 3 * GiB), declaredSize: 250 * MiB } }]));
    const count = PARALLEL_READS + WAITING_READS + 1;
    const served = await whileServing(async () => {
      const uploads = Array.from({ length: count }, async (_, i) => await upload(slow, `順番待ち${i}.xlsx`));
      // The refused upload answers at once; while the others still wait, so does a preview needing a read.
      await Promise.any(uploads.map((answer) => answer.then((a) => (a.status === 429 ? a : Promise.reject(new Error(`${a.status}`))))));
      const preview = await uploader.client.query('costImport.preview', {
        importId: earlier.importId,
        mapping: earlier.mapping,
        fixed: { category: 'communications', stage: 'invoiced' },
      });
      return { uploads: await Promise.all(uploads), preview };
    });
    const statuses = served.result.uploads.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array.from({ length: count - 1 }, () => 400), 429]);
    const busy = must(
      served.result.uploads.find((answer) => answer.status === 429),
      'the 429 answer',
    ).body;
    expect(busy.error?.code).toBe('TOO_MANY_REQUESTS');
    expect(busy.error?.message).toBe('file: the server is reading other files just now; try again in a minute');
    expect(busy.error?.data?.messageJa).toBe('他のファイルを読み込み中です。1分ほど待ってから、もう一度選んでください');
    expect(served.result.preview.status).toBe(429);
    expect(served.result.preview.error).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'file: the server is reading other files just now; try again in a minute',
    });
    expectKeptServing(served, 60);
    expect(tempFiles(server.dataDir)).toEqual([]);
    // Once the thread is free, the same preview reads its file again.
    const seen = await uploader.client.ok('query', 'costImport.preview', {
      importId: earlier.importId,
      mapping: earlier.mapping,
      fixed: { category: 'communications', stage: 'invoiced' },
    });
    expect(seen.amount).toBe(1000);
  }, 120_000);

  it('stops a read past its time (here 1.5 s: ten thousand merged ranges over 100,000 rows) and reads the next file on a new thread', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}"><v>1</v></c></row>`).join('');
    const merges = Array.from({ length: 10_000 }, (_, i) => `<mergeCell ref="A${i + 1}:B100000"/>`).join('');
    const slowFile = path.join(scratch, 'merges.xlsx');
    writeFileSync(
      slowFile,
      await zipParts(workbookParts([{ name: '費用', xml: sheetXml(rows, `<mergeCells count="10000">${merges}</mergeCells>`) }]) as Record<string, string>),
    );
    const start = performance.now();
    const error = await readTableApart(slowFile, 'merges.xlsx', MAX_IMPORT_ROWS + 1, 1500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).code).toBe('read_too_slow');
    expect((error as ImportFileError).ja).toBe('ファイルの読み込みが 30 秒を超えたため中止しました。ファイルを分けてください');
    expect(performance.now() - start).toBeLessThan(5000);

    const ordinary = path.join(scratch, 'ordinary.csv');
    writeFileSync(ordinary, '日付,金額\r\n2026/06/01,1000\r\n');
    expect(await readTableApart(ordinary, 'ordinary.csv', MAX_IMPORT_ROWS + 1)).toEqual({
      format: 'csv',
      encoding: 'utf-8',
      rows: [
        ['日付', '金額'],
        ['2026/06/01', '1000'],
      ],
    });
  }, 30_000);
});
