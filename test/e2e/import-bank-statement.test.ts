// Issue 17 in the browser: finance imports July's web-banking statement (三菱UFJ's CSV, Shift_JIS) with the
// rules the page suggests (deposits and salaries out) and a value → category table (the payees), leaving the
// bad row listed; August's statement, with a title line more, comes back with both remembered and shown.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openDemoDashboard, POLL } from '../support/browser.ts';
import { BANK_STATEMENT, bankStatement } from '../support/finance-files.ts';
import { csvText, shiftJis } from '../support/import-files.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;

const TOTAL = 1_100_000 + 2_200_000 + 33_000 + 88_000;

async function chooseFile(name: string, bytes: Buffer) {
  await page.getByTestId('import-file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
}

function importedTotal(): number {
  return (
    server.db.$client.prepare(`SELECT COALESCE(SUM(amount), 0) AS total FROM costs WHERE import_id IS NOT NULL AND deleted_at IS NULL`).get() as {
      total: number;
    }
  ).total;
}

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchChromium();
  page = await openDemoDashboard(browser, server.url);
  await page.goto(page.url().replace(/\/?$/, '/import'));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a bank statement, month after month', () => {
  it('imports July with the suggested rules and a value → category table, the bad row left listed', async () => {
    await chooseFile('入出金明細_202607.csv', shiftJis(csvText(bankStatement(7))));
    await expect.poll(() => page.getByTestId('import-preset').textContent(), POLL).toContain('銀行の入出金明細');
    // The rules read from the file: deposits (預かり金額) and salaries (給与) out, each with its rows.
    const filters = page.getByTestId('import-filters');
    await expect.poll(() => filters.textContent(), POLL).toContain('入金・預入れ');
    expect(await filters.textContent()).toContain('給与・振替');
    await expect.poll(() => page.getByTestId('import-left-out-deposit').textContent(), POLL).toContain('2');
    expect(await page.getByTestId('import-left-out-transfer').textContent()).toContain('1');

    // The payees: suggested where a word says it, to be chosen where none does.
    const values = page.getByTestId('import-values-table');
    await expect.poll(() => values.textContent(), POLL).toContain('ｶ)ｺｰﾙｾﾝﾀｰﾄｳｷﾖｳ');
    expect(await values.textContent()).toContain('候補');
    expect(await values.textContent()).toContain('未設定');
    await page.getByLabel('ﾌﾘｺﾐﾃｽｳﾘﾖｳ: 費目').selectOption('leave_out');
    await page.getByLabel('ﾆﾎﾝﾕｳﾋﾞﾝ(ｶ: 費目').selectOption('communications');

    await expect.poll(() => page.getByTestId('import-count-lines').textContent(), POLL).toContain('4');
    expect(await page.getByTestId('import-count-errors').textContent()).toContain('1');
    await expect.poll(() => page.getByTestId('import-amount').textContent(), POLL).toContain('¥3,421,000');
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await page.getByTestId('import-skip-errors').check();
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-done').textContent(), POLL).toContain('4 行（¥3,421,000）を取り込みました');
    expect(await page.getByTestId('import-done').textContent()).toContain('エラーの 1 行は取り込んでいません');
    expect(importedTotal()).toBe(TOTAL);
  });

  it('offers August’s statement, a title line above its header, the remembered header, rules and table, visibly', async () => {
    await page.getByRole('button', { name: '別のファイルを取り込む' }).click();
    await chooseFile('入出金明細_202608.csv', shiftJis(csvText([['入出金明細（2026年8月分）'], ...bankStatement(8)])));
    const remembered = page.getByTestId('import-remembered');
    await expect.poll(() => remembered.textContent(), POLL).toContain('見出し行');
    expect(await remembered.textContent()).toContain('除外条件');
    expect(await remembered.textContent()).toMatch(/費目の対応 \d+ 件/);
    // The header is row 2 now; row 1 is shown above it, not imported.
    expect(await page.getByLabel('2 行目を見出しにする').isChecked()).toBe(true);
    expect(await page.getByTestId('import-head-row-1').textContent()).toContain('見出しより上');
    // The values chosen in July are marked as last time's.
    const values = page.getByTestId('import-values-table');
    await expect.poll(() => values.textContent(), POLL).toContain('前回');
    expect(await page.getByLabel('ﾆﾎﾝﾕｳﾋﾞﾝ(ｶ: 費目').inputValue()).toBe('communications');
    expect(await page.getByLabel('ﾌﾘｺﾐﾃｽｳﾘﾖｳ: 費目').inputValue()).toBe('leave_out');

    await expect.poll(() => page.getByTestId('import-amount').textContent(), POLL).toContain('¥3,421,000');
    expect(await page.getByTestId('import-left-out-above_header').textContent()).toContain('1');
    await page.getByTestId('import-skip-errors').check();
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-done').textContent(), POLL).toContain('4 行（¥3,421,000）を取り込みました');
    expect(importedTotal()).toBe(2 * TOTAL);
    expect(BANK_STATEMENT.lines.length).toBe(4);
  });
});
