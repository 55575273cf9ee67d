// ledger.csv opens safely in Excel: a BOM for the Japanese text, and text that looks like a formula
// stays text. It shows each line's stage dates, finance's approval, the insurer's consent and the broker's
// decision, then its consumption tax, registration number and withholding, in columns after the ones
// earlier packages had.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LEDGER_COLUMNS, type NumberedLine } from '../../server/packages/ledger-columns.ts';
import { LedgerCsvWriter } from '../../server/packages/ledger-csv.ts';
import type { Locale } from '../../shared/categories.ts';
import { atLeast } from '../support/at.ts';

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
  taxCategory: 'taxable_10',
  taxAmount: 136_363,
  invoiceNumber: null,
  withholdingTax: null,
};

/** The columns of the first packages, in their order: new columns come after them. */
const FIRST_HEADERS = [
  'No.',
  '発生日',
  '費用区分',
  '段階',
  '取引先',
  '内容',
  '数量',
  '単価',
  '金額',
  '負担区分',
  '請求者',
  '海外',
  '添付ファイル',
  '登録者',
  '費用区分コード',
  '明細ID',
];

/** Writes the lines and answers the header and the rows as objects keyed by header. */
async function writeCsv(lines: NumberedLine[], locale: Locale, name: string) {
  const file = path.join(dir, name);
  const writer = new LedgerCsvWriter(file, locale);
  for (const l of lines) await writer.write(l);
  await writer.end();
  // No field below holds a line break; some hold a comma (`Employee overtime, travel and lodging`), quoted.
  const fields = (record: string) =>
    [...record.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, f = '']) => (f.startsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f));
  const [header, ...rows] = atLeast(readFileSync(file).subarray(3).toString('utf8').split('\r\n').filter(Boolean).map(fields), 1);
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
const condolenceWithoutConsent: NumberedLine = {
  ...approved,
  id: 'line-condolence',
  number: 2,
  category: 'condolence',
  approvedByName: null,
  approvedAt: null,
  reviewDecision: 'query',
};
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
    const [header, row] = atLeast(text.split('\r\n'), 2);
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
    expect(LEDGER_COLUMNS.slice(FIRST_HEADERS.length, FIRST_HEADERS.length + 5).map((c) => c.header.en)).toEqual([
      'Invoiced on',
      'Paid on',
      'Approved by finance (who / when)',
      'Insurer’s prior consent (date / reference / given by)',
      'Broker review',
    ]);
  });

  it('shows the stage dates, the approver and when (Japan time), the consent or its absence, and the broker’s decision', async () => {
    const { header, rows } = await writeCsv([approved, condolenceWithoutConsent, consultingWithConsent], 'ja', 'issue4-ja.csv');
    expect(header.slice(FIRST_HEADERS.length, FIRST_HEADERS.length + 5)).toEqual([
      '請求日',
      '支払日',
      '経理承認（承認者 / 日時）',
      '保険会社の事前同意（同意日 / 文書番号 / 同意者）',
      '代理店の確認',
    ]);
    const [a, b, c] = atLeast(rows, 3);
    expect(a).toMatchObject({
      請求日: '2026-06-12',
      支払日: '2026-07-10',
      '経理承認（承認者 / 日時）': '経理 花子 / 2026-07-11 10:05 JST',
      代理店の確認: '承認',
    });
    // Investigation needs no consent: the cell stays empty.
    expect(a['保険会社の事前同意（同意日 / 文書番号 / 同意者）']).toBe('');
    expect(b).toMatchObject({ '経理承認（承認者 / 日時）': '', '保険会社の事前同意（同意日 / 文書番号 / 同意者）': '未取得', 代理店の確認: '照会中' });
    expect(c).toMatchObject({ '保険会社の事前同意（同意日 / 文書番号 / 同意者）': '2026-06-15 / 損保第123号 / 東京海上 山田', 代理店の確認: '否認' });
  });

  it('says the same in English', async () => {
    const untouched: NumberedLine = {
      ...approved,
      id: 'line-estimate',
      number: 4,
      stage: 'estimate',
      invoicedOn: null,
      paidOn: null,
      approvedByName: null,
      approvedAt: null,
      reviewDecision: null,
    };
    const { rows } = await writeCsv([approved, condolenceWithoutConsent, consultingWithConsent, untouched], 'en', 'issue4-en.csv');
    const consent = 'Insurer’s prior consent (date / reference / given by)';
    const approval = 'Approved by finance (who / when)';
    expect(rows.map((r) => r['Broker review'])).toEqual(['Accepted', 'Queried', 'Disallowed', '']);
    expect(rows.map((r) => r[consent])).toEqual(['', 'missing', '2026-06-15 / 損保第123号 / 東京海上 山田', '']);
    expect(rows.map((r) => r[approval])).toEqual(['経理 花子 / 2026-07-11 10:05 JST', '', '', '']);
    expect(rows[3]).toMatchObject({ 'Invoiced on': '', 'Paid on': '' });
  });
});

describe('ledger.csv, issue 16 columns: consumption tax, registration number, withholding', () => {
  const ISSUE_4_COLUMNS = 5;
  const taxHeaders = (locale: Locale) => LEDGER_COLUMNS.slice(FIRST_HEADERS.length + ISSUE_4_COLUMNS).map((c) => c.header[locale]);
  /** A lawyer's fee: ¥1,650,000 with ¥150,000 tax, his registration number, ¥153,150 income tax withheld (10.21% of ¥1,500,000). */
  const lawyer: NumberedLine = {
    ...approved,
    id: 'line-lawyer',
    number: 2,
    category: 'consulting',
    vendor: '山田 太郎 弁護士',
    amount: 1_650_000,
    taxAmount: 150_000,
    invoiceNumber: 'T1010001000006',
    withholdingTax: 153_150,
  };
  const snacks: NumberedLine = {
    ...approved,
    id: 'line-snacks',
    number: 3,
    category: 'overtime_travel',
    vendor: '仕出し屋',
    amount: 10_800,
    taxCategory: 'taxable_8',
    taxAmount: 800,
  };
  const quo: NumberedLine = {
    ...approved,
    id: 'line-quo',
    number: 4,
    category: 'condolence',
    vendor: null,
    amount: 500_000,
    taxCategory: 'exempt',
    taxAmount: 0,
  };
  const damages: NumberedLine = {
    ...approved,
    id: 'line-damages',
    number: 5,
    category: 'damages',
    vendor: null,
    amount: 2_000_000,
    taxCategory: 'non_taxable',
    taxAmount: 0,
  };
  const abroad: NumberedLine = { ...approved, id: 'line-abroad', number: 6, amount: 300_000, incurredAbroad: 1, taxCategory: 'out_of_scope', taxAmount: 0 };

  it('come after every earlier column, in the order an invoice states them', () => {
    expect(taxHeaders('ja')).toEqual(['税区分', '税抜', '税額', '税込', '登録番号', '源泉徴収税額', '差引支払額']);
    expect(taxHeaders('en')).toEqual(['Tax category', 'Net of tax', 'Consumption tax', 'Incl. tax', 'Registration no.', 'Income tax withheld', 'Net payment']);
  });

  it('give each line its category, net, tax and gross (the 金額), its registration number, and what is paid once tax is withheld', async () => {
    const investigation: NumberedLine = { ...line, vendor: 'フォレンジック社', description: '調査', claimant: null, invoiceNumber: 'T7000012050002' };
    const { header, rows } = await writeCsv([investigation, lawyer, snacks, quo, damages, abroad], 'ja', 'issue16-ja.csv');
    expect(header.slice(-7)).toEqual(taxHeaders('ja'));
    const tax = (row: Record<string, string | undefined>) => taxHeaders('ja').map((h) => row[h]);
    expect(rows.map(tax)).toEqual([
      ['課税 10%', '1363637', '136363', '1500000', 'T7000012050002', '', ''],
      ['課税 10%', '1500000', '150000', '1650000', 'T1010001000006', '153150', '1496850'],
      ['課税 8%(軽減)', '10000', '800', '10800', '', '', ''],
      ['非課税', '500000', '0', '500000', '', '', ''],
      ['不課税', '2000000', '0', '2000000', '', '', ''],
      ['対象外', '300000', '0', '300000', '', '', ''],
    ]);
    // 税込 is the line's 金額, the claim's figure.
    expect(rows.map((r) => r['税込'])).toEqual(rows.map((r) => r['金額']));
  });

  it('say the same in English', async () => {
    const { rows } = await writeCsv([lawyer, snacks, quo, damages, abroad], 'en', 'issue16-en.csv');
    expect(rows.map((r) => r['Tax category'])).toEqual(['Taxable 10%', 'Taxable 8% (reduced)', 'Exempt', 'Not subject', 'Out of scope']);
    expect(rows[0]).toMatchObject({
      'Net of tax': '1500000',
      'Consumption tax': '150000',
      'Incl. tax': '1650000',
      'Registration no.': 'T1010001000006',
      'Income tax withheld': '153150',
      'Net payment': '1496850',
    });
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
