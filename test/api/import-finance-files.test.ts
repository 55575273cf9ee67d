// Issue 17: the files finance teams really have, imported through the real upload route and the
// costImport procedures with the import's own suggestions (and the few value → category choices a user
// makes), as test/support/finance-files.ts builds them from each system's documented layout.
//
// What this file proves:
//  - each of the seven layouts is recognised, its header found (titles, a card holder's line, none, two
//    rows), and it imports to its expected lines and total to the yen with no hand edits to the file;
//  - income, deposits, credit lines, balance-sheet accounts, salary, rejected claims, totals and 0-yen rows
//    are left out and listed with their reason; a refund is listed, or netted against its charge on request;
//  - the bad row stays listed while the valid rows are imported, in one transaction with one audit entry;
//  - what is committed is what the preview showed: the commit refuses a total that differs from it;
//  - whatever header row is chosen, every row of the file is either read, listed as left out, or shown as
//    the header: none disappears;
//  - the settings are remembered per company and found again for next month's file, even when a title
//    row more moves its header down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportHeaderChoice } from '../../shared/import-layout.ts';
import type { ImportReceipt } from '../../shared/import-schemas.ts';
import type { InputOf } from '../support/api-types.ts';
import { postFiles } from '../support/files.ts';
import { BANK_STATEMENT, FINANCE_FILES, bankStatement, type FinanceFile } from '../support/finance-files.ts';
import { INCIDENT, POLICY } from '../support/fixtures.ts';
import { csvText, shiftJis } from '../support/import-files.ts';
import { asKind, rowsOfKind } from '../support/import-rows.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { at, must } from '../support/at.ts';

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>> & { policyId: string };

beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url, 'FinanceFiles');
  const policy = await company.client.ok('mutate', 'policy.create', { companyId: company.companyId, ...POLICY });
  a = { ...company, policyId: policy.id };
});
afterAll(async () => await server?.close());

async function newIncident(title: string): Promise<string> {
  return (await a.client.ok('mutate', 'incident.create', { policyId: a.policyId, ...INCIDENT, title })).id;
}

async function receive(incidentId: string, bytes: Uint8Array, name: string, client: ApiClient = a.client): Promise<ImportReceipt> {
  const answer = await postFiles(`${server.url}/api/incidents/${incidentId}/imports`, client.cookie, [{ bytes, name }]);
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(201);
  return answer.body as ImportReceipt;
}

/** How a file is read: what costImport.preview and costImport.commit both take. */
type Reading = Omit<InputOf<'costImport.preview'>, 'view' | 'offset' | 'limit'>;

/** The receipt's suggestions as the import page sends them, with the user's choices for unsuggested values. */
function suggested(received: ImportReceipt, file: Pick<FinanceFile, 'userValues'>): Reading {
  return {
    importId: received.importId,
    mapping: received.mapping,
    fixed: { stage: 'invoiced', ...received.fixed },
    header: received.header,
    filters: received.filters,
    categoryValues: [...received.categoryValues, ...file.userValues.map((v) => ({ value: v.value, match: 'exact' as const, target: v.target }))],
    continuation: received.continuation,
    refunds: received.refunds,
  };
}

const nonBlankRows = (head: string[][]) => head.map((cells, i) => (cells.some((c) => c.trim() !== '') ? i + 1 : null)).filter((r): r is number => r !== null);
const sum = (amounts: number[]) => amounts.reduce((t, n) => t + n, 0);

async function ledgerOf(incidentId: string) {
  const { items } = await a.client.ok('query', 'cost.list', { incidentId, limit: 1000, sort: 'incurredOn', order: 'asc' });
  return items;
}

describe.each(FINANCE_FILES)('$preset: $name', (file) => {
  let incidentId: string;
  let received: ImportReceipt;
  const total = sum(file.lines.map((l) => l.amount));

  beforeAll(async () => {
    incidentId = await newIncident(`取込 ${file.preset}`);
    received = await receive(incidentId, await file.bytes(), file.name);
  });

  it('is recognised, and the suggested choices read the expected lines, leaving out and listing the rest', async () => {
    expect(received.preset).toBe(file.preset);
    const reading = suggested(received, file);
    const seen = await a.client.ok('query', 'costImport.preview', { ...reading, view: 'all', limit: 500 });
    expect(seen.counts).toEqual({ lines: file.lines.length, errors: 1, skipped: sum(Object.values(file.leftOut)), duplicates: 0 });
    expect(seen.amount).toBe(total);
    expect(seen.leftOut).toEqual(file.leftOut);
    const lines = rowsOfKind(seen.rows, 'line');
    expect(lines.map((r) => ({ row: r.row, incurredOn: r.fields.incurredOn, category: r.fields.category, amount: r.fields.amount }))).toEqual(
      file.lines.map((l) => ({ row: l.row, incurredOn: l.incurredOn, category: l.category, amount: l.amount })),
    );
    for (const expected of file.lines) {
      const line = must(
        lines.find((r) => r.row === expected.row),
        `line row ${expected.row}`,
      );
      if (expected.vendor !== undefined) expect(line.fields.vendor ?? null, `row ${expected.row} vendor`).toBe(expected.vendor);
      if (expected.taxCategory) expect(line.fields.taxCategory, `row ${expected.row} tax category`).toBe(expected.taxCategory);
      if (expected.taxAmount !== undefined) expect(line.fields.taxAmount, `row ${expected.row} tax`).toBe(expected.taxAmount);
    }
    expect(at(rowsOfKind(seen.rows, 'error'), 0).row).toBe(file.errorRow);
  });

  it('lists every row of the file: read, left out with its reason, or the header', async () => {
    const seen = await a.client.ok('query', 'costImport.preview', { ...suggested(received, file), view: 'all', limit: 500 });
    const { row: headerRow, depth } = received.header;
    const header = headerRow === null ? [] : Array.from({ length: depth }, (_, i) => headerRow + i + 1);
    const listed = [...seen.rows.map((r) => r.row), ...header].sort((x, y) => x - y);
    expect(listed).toEqual(nonBlankRows(received.head));
    for (const row of rowsOfKind(seen.rows, 'skipped')) expect(row.reason, `row ${row.row}`).toEqual(expect.any(String));
  });

  it('refuses to commit a total other than the one previewed, and the one with errors unless asked to skip them', async () => {
    const reading = suggested(received, file);
    const before = await snapshot(server.db);
    const withErrors = await a.client.mutate('costImport.commit', reading);
    expect(withErrors.error?.code).toBe('BAD_REQUEST');
    expect(withErrors.error?.message).toMatch(new RegExp(`rows? ${file.errorRow}\\b`));
    const otherTotal = await a.client.mutate('costImport.commit', { ...reading, skipErrors: true, expected: { lines: file.lines.length, amount: total + 1 } });
    expect(otherTotal.error?.code).toBe('CONFLICT');
    expect(otherTotal.error?.message).toMatch(/preview it again/);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('imports the valid rows to the yen in one step, the bad row left listed, with one audit entry', async () => {
    const committed = await a.client.ok('mutate', 'costImport.commit', {
      ...suggested(received, file),
      skipErrors: true,
      expected: { lines: file.lines.length, amount: total },
    });
    expect(committed).toMatchObject({ lineCount: file.lines.length, amount: total, errorRowsLeft: 1, leftOut: file.leftOut });
    const ledger = await ledgerOf(incidentId);
    expect(ledger.map((l) => l.amount).sort((x, y) => x - y)).toEqual(file.lines.map((l) => l.amount).sort((x, y) => x - y));
    expect(sum(ledger.map((l) => l.amount))).toBe(total);
    const audit = (await a.client.ok('query', 'audit.list', { incidentId })).filter((e) => e.action === 'import');
    expect(audit).toHaveLength(1);
    expect(at(audit, 0).after).toMatchObject({ preset: file.preset, lines: file.lines.length, amount: total, errorRowsLeft: 1, leftOut: file.leftOut });
  });

  if (file.nettedAmount !== undefined) {
    it('nets the refund against its charge when asked, and says which', async () => {
      const again = await receive(await newIncident(`相殺 ${file.preset}`), await file.bytes(), file.name);
      const seen = await a.client.ok('query', 'costImport.preview', { ...suggested(again, file), refunds: 'net', view: 'skipped', limit: 500 });
      expect(seen.amount).toBe(file.nettedAmount);
      const netted = must(
        rowsOfKind(seen.rows, 'skipped').find((r) => r.reason === 'refund_netted'),
        'the netted refund',
      );
      expect(netted.into).toEqual(expect.any(Number));
      const all = await a.client.ok('query', 'costImport.preview', { ...suggested(again, file), refunds: 'net', view: 'all', limit: 500 });
      const charge = asKind(
        all.rows.find((r) => r.row === netted.into),
        'line',
      );
      expect(charge.netted).toEqual([{ row: netted.row, amount: netted.amount }]);
    });
  }
});

describe('choosing the header', () => {
  it('never loses a row, whichever row is taken as the header (or none, or two rows)', async () => {
    for (const file of FINANCE_FILES) {
      const incidentId = await newIncident(`見出し ${file.preset}`);
      const received = await receive(incidentId, await file.bytes(), file.name);
      const rows = nonBlankRows(received.head);
      const choices: ImportHeaderChoice[] = [
        { row: null, depth: 1 },
        ...rows.slice(0, 6).flatMap((r): ImportHeaderChoice[] => [
          { row: r - 1, depth: 1 },
          { row: r - 1, depth: 2 },
        ]),
      ];
      for (const header of choices) {
        // A mapping that reads every row: the date from the first column, the amount from the last.
        const width = Math.max(...received.head.map((r) => r.length));
        const seen = await a.client.ok('query', 'costImport.preview', {
          importId: received.importId,
          header,
          mapping: { incurredOn: 0, amount: width - 1 },
          fixed: { category: 'communications', stage: 'invoiced' },
          view: 'all',
          limit: 500,
        });
        const headerRow = header.row;
        const headerRows = headerRow === null ? [] : Array.from({ length: header.depth }, (_, i) => headerRow + i + 1).filter((r) => rows.includes(r));
        const listed = [...seen.rows.map((r) => r.row), ...headerRows].sort((x, y) => x - y);
        expect(listed, `${file.preset}, header ${JSON.stringify(header)}`).toEqual(rows);
        expect(seen.counts.lines + seen.counts.errors + seen.counts.skipped).toBe(seen.rowCount);
      }
    }
  });

  it('finds the header below title rows and a two-row header under merged cells, naming the columns 金額／税込 and 金額／税抜', async () => {
    const file = must(
      FINANCE_FILES.find((f) => f.preset === 'hand_kept'),
      'the hand-kept workbook',
    );
    const received = await receive(await newIncident('手作り'), await file.bytes(), file.name);
    expect(received.header).toEqual({ row: 3, depth: 2 });
    expect(received.columns).toEqual(['日付', '費目', '支払先', '金額／税込', '金額／税抜', '備考']);
    expect(received.mapping).toMatchObject({ incurredOn: 0, category: 1, vendor: 2, amount: 3, netAmount: 4, description: 5 });
  });

  it('reads a 弥生 file with no header by position, its first entry included', async () => {
    const file = must(
      FINANCE_FILES.find((f) => f.preset === 'yayoi_journal'),
      'the 弥生 journal',
    );
    const received = await receive(await newIncident('弥生'), await file.bytes(), file.name);
    expect(received.header).toEqual({ row: null, depth: 1 });
    expect(received.columns.slice(0, 5)).toEqual(['識別フラグ', '伝票No', '決算', '取引日付', '借方勘定科目']);
    expect(at(received.sample, 0)[4]).toBe('通信費');
  });

  it('takes a 弥生 file of a single entry: its one row is data, not a header', async () => {
    const row = [
      '2000',
      '',
      '',
      '2026/07/01',
      '通信費',
      '',
      '',
      '課対仕入内10%',
      '11000',
      '1000',
      '未払金',
      '',
      '',
      '対象外',
      '11000',
      '0',
      '郵送',
      '',
      '',
      '0',
      '',
      '',
      '0',
      '0',
      'no',
    ];
    const received = await receive(await newIncident('弥生 1行'), shiftJis(csvText([row])), '1行.txt');
    expect(received).toMatchObject({ preset: 'yayoi_journal', header: { row: null }, rowCount: 1 });
    const seen = await a.client.ok('query', 'costImport.preview', { ...suggested(received, { userValues: [] }), view: 'all' });
    expect(seen.amount).toBe(11_000);
  });

  it('never reads a tax column as the category: 税区分 「対象外」 is not the policy’s 対象外', async () => {
    const rows = [
      ['日付', '税区分', '区分', '金額'],
      ['2026/07/01', '対象外', '通信費', '10,000'],
    ];
    const received = await receive(await newIncident('税区分'), Buffer.from(csvText(rows)), '税区分.csv');
    expect(received.mapping).toMatchObject({ taxCategory: 1, category: 2 });
    const seen = await a.client.ok('query', 'costImport.preview', { ...suggested(received, { userValues: [] }), view: 'all' });
    expect(asKind(seen.rows[0], 'line').fields).toMatchObject({ category: 'communications', taxCategory: 'out_of_scope', taxAmount: 0 });
  });

  it('reads 税抜 + 税額 as gross = net + tax', async () => {
    const rows = [
      ['取引日', '勘定科目', '税抜金額', '消費税額', '税区分', '支払先'],
      ['R.08/06/03', '通信費', '100,000', '10,000', '課税仕入 10%', '郵便'],
      ['2026/06/04', '見舞金', '50,000', '0', '不課税', ''],
    ];
    const received = await receive(await newIncident('税抜'), shiftJis(csvText(rows)), '税抜.csv');
    expect(received.mapping).toMatchObject({ incurredOn: 0, category: 1, netAmount: 2, taxAmount: 3, taxCategory: 4 });
    const seen = await a.client.ok('query', 'costImport.preview', { ...suggested(received, { userValues: [] }), view: 'all' });
    expect(seen.rows.map((r) => asKind(r, 'line').fields).map((f) => [f.incurredOn, f.amount, f.taxAmount, f.taxCategory])).toEqual([
      ['2026-06-03', 110_000, 10_000, 'taxable_10'],
      ['2026-06-04', 50_000, 0, 'non_taxable'],
    ]);
  });
});

describe('remembering a company’s choices', () => {
  it('offers next month’s bank statement the header, rules and value → category table confirmed for July, even with a title row more', async () => {
    // A company of its own: the bank statement imported above is remembered for company A already.
    const r = await signUpCompany(server.url, 'Remembering');
    const policy = await r.client.ok('mutate', 'policy.create', { companyId: r.companyId, ...POLICY });
    const incidentOf = async (title: string) => (await r.client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT, title })).id;
    const july = await receive(await incidentOf('7月'), shiftJis(csvText(bankStatement(7))), '7月.csv', r.client);
    expect(july.remembered).toBeNull();
    const reading = suggested(july, BANK_STATEMENT);
    const committed = await r.client.ok('mutate', 'costImport.commit', { ...reading, skipErrors: true });
    expect(committed.amount).toBe(sum(BANK_STATEMENT.lines.map((l) => l.amount)));

    // August's file has the bank's title line above the header.
    const august = await receive(await incidentOf('8月'), shiftJis(csvText([['入出金明細 2026年8月'], ...bankStatement(8)])), '8月.csv', r.client);
    expect(august.header).toEqual({ row: 1, depth: 1 });
    expect(august.remembered).toMatchObject({ parts: { header: true, mapping: true, filters: true } });
    expect(must(august.remembered ?? undefined, 'the remembered settings').values).toEqual(expect.arrayContaining(['ﾌﾘｺﾐﾃｽｳﾘﾖｳ', 'ﾆﾎﾝﾕｳﾋﾞﾝ(ｶ']));
    expect(august.filters).toEqual(reading.filters);
    expect(august.categoryValues).toEqual(expect.arrayContaining(BANK_STATEMENT.userValues.map((v) => ({ value: v.value, match: 'exact', target: v.target }))));
    const seen = await r.client.ok('query', 'costImport.preview', { ...suggested(august, { userValues: [] }), view: 'all', limit: 500 });
    expect(seen.amount).toBe(sum(BANK_STATEMENT.lines.map((l) => l.amount)));
    expect(seen.leftOut).toEqual({ ...BANK_STATEMENT.leftOut, above_header: 1 });
  });

  it('keeps one company’s choices from another company', async () => {
    const other = await signUpCompany(server.url, 'OtherFinance');
    const policy = await other.client.ok('mutate', 'policy.create', { companyId: other.companyId, ...POLICY });
    const incident = await other.client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT });
    const received = await receive(incident.id, shiftJis(csvText(bankStatement(7))), '7月.csv', other.client);
    expect(received.remembered).toBeNull();
    expect(received.categoryValues.map((v) => v.value)).not.toContain('ﾌﾘｺﾐﾃｽｳﾘﾖｳ');
  });
});
