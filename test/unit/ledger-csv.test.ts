// ledger.csv opens safely in Excel: a BOM for the Japanese text, and text that looks like a formula
// stays text. It shows each line's stage dates, finance's approval, the insurer's consent and the broker's
// decision, in columns after the ones earlier packages had.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LEDGER_COLUMNS, type NumberedLine } from '../../server/packages/ledger-columns.ts';
import { LedgerCsvWriter } from '../../server/packages/ledger-csv.ts';
import type { Locale } from '../../shared/categories.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bct-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line: NumberedLine = {
  id: 'line-1',
  number: 1,
  incurredOn: '2026-06-10',
  category: 'investigation',
  stage: 'invoiced',
  vendor: '=HYPERLINK("http://evil.example","請求書")',
  description: '+cmd|calc',
  quantity: null,
  unitAmount: null,
  amount: 1_500_000,
  source: 'insured',
  claimant: '@SUM(1)',
  incurredAbroad: 0,
  createdByName: '経理 花子',
  files: ['receipts/0001-1_領収書.pdf'],
  invoicedOn: null,
  paidOn: null,
  approvedByName: null,
  approvedAt: null,
  consentOn: null,
  consentReference: null,
  consentGivenBy: null,
  reviewDecision: null,
};

/** The columns of the first packages, in their order: new columns come after them. */
const FIRST_HEADERS = ['No.', '発生日', '費用区分', '段階', '取引先', '内容', '数量', '単価', '金額', '負担区分', '請求者', '海外', '添付ファイル', '登録者', '費用区分コード', '明細ID'];

/** Writes the lines and answers the header and the rows as objects keyed by header. */
async function writeCsv(lines: NumberedLine[], locale: Locale, name: string) {
  const file = path.join(dir, name);
  const writer = new LedgerCsvWriter(file, locale);
  for (const l of lines) await writer.write(l);
  await writer.end();
  // No field below holds a comma, quote or line break, so splitting is enough here.
  const [header, ...rows] = readFileSync(file).subarray(3).toString('utf8').split('\r\n').filter(Boolean).map((r) => r.split(','));
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

const approved: NumberedLine = {
  ...line,
  id: 'line-approved',
  vendor: '調査会社',
  description: '調査',
  claimant: null,
  stage: 'paid',
  invoicedOn: '2026-06-12',
  paidOn: '2026-07-10',
  approvedByName: '経理 花子',
  approvedAt: '2026-07-11T01:05:09.000Z',
  reviewDecision: 'accept',
};
const condolenceWithoutConsent: NumberedLine = { ...approved, id: 'line-condolence', number: 2, category: 'condolence', approvedByName: null, approvedAt: null, reviewDecision: 'query' };
const consultingWithConsent: NumberedLine = {
  ...condolenceWithoutConsent,
  id: 'line-consulting',
  number: 3,
  category: 'consulting',
  consentOn: '2026-06-15',
  consentReference: '損保第123号',
  consentGivenBy: '東京海上 山田',
  reviewDecision: 'disallow',
};

describe('ledger.csv', () => {
  it('starts with a BOM, names the columns in Japanese and keeps formula-like text as text', async () => {
    const file = path.join(dir, 'ledger.csv');
    const writer = new LedgerCsvWriter(file, 'ja');
    await writer.write(line);
    await writer.end();
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const [header, row] = text.split('\r\n');
    expect(header.startsWith('No.,発生日,費用区分,段階,取引先')).toBe(true);
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""請求書"")"`);
    expect(row).toContain("'+cmd|calc");
    expect(row).toContain("'@SUM(1)");
    expect(row).toContain(',1500000,');
    expect(row).toContain('receipts/0001-1_領収書.pdf');
  });
});

describe('ledger.csv, issue 4 columns', () => {
  it('keeps the first packages’ columns in place and appends the new ones', () => {
    expect(LEDGER_COLUMNS.slice(0, FIRST_HEADERS.length).map((c) => c.header.ja)).toEqual(FIRST_HEADERS);
    expect(LEDGER_COLUMNS.slice(FIRST_HEADERS.length).map((c) => c.header.en)).toEqual([
      'Invoiced on',
      'Paid on',
      'Approved by finance (who / when)',
      'Insurer’s prior consent (date / reference / given by)',
      'Broker review',
    ]);
  });

  it('shows the stage dates, the approver and when (Japan time), the consent or its absence, and the broker’s decision', async () => {
    const { header, rows } = await writeCsv([approved, condolenceWithoutConsent, consultingWithConsent], 'ja', 'issue4-ja.csv');
    expect(header.slice(FIRST_HEADERS.length)).toEqual(['請求日', '支払日', '経理承認（承認者 / 日時）', '保険会社の事前同意（同意日 / 文書番号 / 同意者）', '代理店の確認']);
    const [a, b, c] = rows;
    expect(a).toMatchObject({ 請求日: '2026-06-12', 支払日: '2026-07-10', '経理承認（承認者 / 日時）': '経理 花子 / 2026-07-11 10:05 JST', 代理店の確認: '承認' });
    // Investigation needs no consent: the cell stays empty.
    expect(a['保険会社の事前同意（同意日 / 文書番号 / 同意者）']).toBe('');
    expect(b).toMatchObject({ '経理承認（承認者 / 日時）': '', '保険会社の事前同意（同意日 / 文書番号 / 同意者）': '未取得', 代理店の確認: '照会中' });
    expect(c).toMatchObject({ '保険会社の事前同意（同意日 / 文書番号 / 同意者）': '2026-06-15 / 損保第123号 / 東京海上 山田', 代理店の確認: '否認' });
  });

  it('says the same in English', async () => {
    const untouched: NumberedLine = { ...approved, id: 'line-estimate', number: 4, stage: 'estimate', invoicedOn: null, paidOn: null, approvedByName: null, approvedAt: null, reviewDecision: null };
    const { rows } = await writeCsv([approved, condolenceWithoutConsent, consultingWithConsent, untouched], 'en', 'issue4-en.csv');
    const consent = 'Insurer’s prior consent (date / reference / given by)';
    const approval = 'Approved by finance (who / when)';
    expect(rows.map((r) => r['Broker review'])).toEqual(['Accepted', 'Queried', 'Disallowed', '']);
    expect(rows.map((r) => r[consent])).toEqual(['', 'missing', '2026-06-15 / 損保第123号 / 東京海上 山田', '']);
    expect(rows.map((r) => r[approval])).toEqual(['経理 花子 / 2026-07-11 10:05 JST', '', '', '']);
    expect(rows[3]).toMatchObject({ 'Invoiced on': '', 'Paid on': '' });
  });
});

describe('csvField', () => {
  it('quotes only what RFC 4180 needs quoted, doubling quotes', async () => {
    const { csvField } = await import('../../server/packages/ledger-csv.ts');
    expect(csvField('株式会社ビー')).toBe('株式会社ビー');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('二行\n目')).toBe('"二行\n目"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(1500000)).toBe('1500000');
    expect(csvField(null)).toBe('');
    expect(csvField('-5')).toBe("'-5");
  });
});
