// Finance imports a Shift_JIS CSV (as Excel saves "CSV (コンマ区切り)") in the browser: a file with one
// bad row is shown row by row and cannot be confirmed; the corrected file imports in one step and the
// ledger shows its lines; choosing the same file again is caught before anything is written twice.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openDemoDashboard, POLL } from '../support/browser.ts';
import { shiftJis } from '../support/import-files.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { at } from '../support/at.ts';

let server: TestServer;
let browser: Browser;
let page: Page;

const HEADER = '日付,費目,金額,支払先,摘要';
const GOOD_ROWS = [
  '2026/07/01,通信費,"1,234,567",コールセンター東京株式会社,7月分 架電対応',
  // A comma inside a text is quoted too: unquoted, 「1,000名分」 would make a sixth field (docs/decisions/019).
  '令和8年7月2日,見舞金,"￥500,000",,"お詫び品 1,000名分"',
  '2026-07-03,事故原因調査費用,１２３４５６,フォレンジック髙橋事務所,追加調査',
  '2026/07/04,通信費,-,,小計',
];
const csv = (rows: string[]) => Buffer.from(shiftJis([HEADER, ...rows].join('\r\n') + '\r\n'));
const IMPORTED_TOTAL = 1_234_567 + 500_000 + 123_456;

function ledgerLines(vendor: string): number {
  return (server.db.$client.prepare('SELECT COUNT(*) AS n FROM costs WHERE vendor = ? AND deleted_at IS NULL').get(vendor) as { n: number }).n;
}

async function chooseFile(name: string, bytes: Buffer) {
  await page.getByTestId('import-file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
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

describe('importing a Shift_JIS CSV', () => {
  it('shows the bad row with its problem and refuses to import anything', async () => {
    await chooseFile('7月_対応費用.csv', csv([at(GOOD_ROWS, 0), '2026/02/30,通信費,"10,000",誤りのある行,', at(GOOD_ROWS, 1)]));
    await expect.poll(() => page.getByTestId('import-file').textContent(), POLL).toContain('shift_jis');
    // The columns were recognised from their Japanese headers.
    expect(await page.locator('#map-incurredOn').inputValue()).toBe('0');
    expect(await page.locator('#map-category').inputValue()).toBe('1');
    expect(await page.locator('#map-amount').inputValue()).toBe('2');
    expect(await page.locator('#map-vendor').inputValue()).toBe('3');

    await expect.poll(() => page.getByTestId('import-count-errors').textContent(), POLL).toContain('1');
    const badRow = page.getByTestId('import-row-3');
    expect(await badRow.textContent()).toContain('存在しない日付です');
    expect(await page.getByTestId('import-fix-errors').isVisible()).toBe(true);
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    expect(ledgerLines('コールセンター東京株式会社')).toBe(0);
    await page.getByRole('button', { name: '取り消す' }).click();
  });

  it('imports the corrected file in one step and the ledger shows its lines', async () => {
    await chooseFile('7月_対応費用.csv', csv(GOOD_ROWS));
    await expect.poll(() => page.getByTestId('import-count-lines').textContent(), POLL).toContain('3');
    expect(await page.getByTestId('import-count-skipped').textContent()).toContain('1');
    expect(await page.getByTestId('import-count-errors').textContent()).toContain('0');
    expect(await page.getByTestId('import-amount').textContent()).toContain('¥1,858,023');
    expect(await page.getByTestId('import-row-4').textContent()).toContain('フォレンジック髙橋事務所');

    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-done').textContent(), POLL).toContain('3 行（¥1,858,023）を取り込みました');
    expect(ledgerLines('コールセンター東京株式会社')).toBe(1);
    const imported = server.db.$client.prepare(`SELECT SUM(amount) AS total FROM costs WHERE import_id IS NOT NULL`).get() as { total: number };
    expect(imported.total).toBe(IMPORTED_TOTAL);
    expect(await page.getByTestId('import-history').textContent()).toContain('7月_対応費用.csv');

    await page.getByRole('link', { name: '費用明細を見る' }).click();
    await expect.poll(() => page.getByTestId('ledger-table').textContent(), POLL).toContain('コールセンター東京株式会社');
  });

  it('catches the same file chosen again and imports it only when confirmed', async () => {
    await page.goBack();
    await chooseFile('7月_対応費用.csv', csv(GOOD_ROWS));
    await expect.poll(() => page.getByTestId('import-already').textContent(), POLL).toContain('取り込み済み');
    // Every line now matches one in the ledger: flagged as likely duplicates.
    await expect.poll(() => page.getByTestId('import-count-duplicates').textContent(), POLL).toContain('3');
    expect(await page.getByTestId('import-amount-without-duplicates').textContent()).toBe('重複の可能性を除くと ¥0');
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await page.getByTestId('import-confirm-reimport').check();
    await page.getByTestId('import-skip-duplicates').check();
    // Leaving out every duplicate leaves nothing to import: still nothing to confirm.
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await page.getByTestId('import-skip-duplicates').uncheck();
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-done').textContent(), POLL).toContain('3 行');
    expect(ledgerLines('コールセンター東京株式会社')).toBe(2);
  });
});
