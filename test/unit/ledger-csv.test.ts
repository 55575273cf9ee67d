// ledger.csv opens safely in Excel: a BOM for the Japanese text, and text that looks like a formula
// stays text.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NumberedLine } from '../../server/packages/ledger-columns.ts';
import { LedgerCsvWriter } from '../../server/packages/ledger-csv.ts';

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
