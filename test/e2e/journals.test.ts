// Finance in the browser: sets the company's account for third parties' claims, downloads the 弥生 file and finds it there
// (Shift_JIS, 25 fields), sees a name the accounting software could not read refused under its field, and
// the page fits a phone's width.
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/import/parse-csv.ts';
import { launchChromium, openDemoDashboard, POLL } from '../support/browser.ts';
import { snapshot, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchChromium();
  page = await openDemoDashboard(browser, server.url, { acceptDownloads: true });
  await page.goto(page.url().replace(/\/?$/, '/journal'));
  await page.getByTestId('journal-mapping').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the journal page', () => {
  it('saves the company’s account and the 弥生 file uses it', async () => {
    // Every line of the demo (the source's worked example 2) is A社's claim against the insured.
    const input = page.getByTestId('journal-account-thirdPartyClaims');
    expect(await input.inputValue()).toBe('損害賠償金');
    await input.fill('求償損害金');
    await page.getByTestId('journal-save').click();
    await expect.poll(() => page.getByTestId('journal-saved').textContent(), POLL).toBe('保存しました。');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('journal-download-yayoi').click()]);
    expect(download.suggestedFilename()).toMatch(/^仕訳_弥生_.+\.csv$/);
    const rows = parseCsv(iconv.decode(readFileSync(await download.path()), 'cp932'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.length === 25)).toBe(true);
    expect(rows.filter((r) => r[4] === '求償損害金').length).toBeGreaterThan(0);
    expect(rows.some((r) => r[4] === '損害賠償金')).toBe(false);
  });

  it('refuses a name Shift_JIS cannot write, under its field, and saves nothing', async () => {
    const before = await snapshot(server.db);
    await page.getByTestId('journal-account-bank').fill('銀行🏦');
    await page.getByTestId('journal-save').click();
    await expect
      .poll(() => page.getByTestId('journal-account-bank').locator('xpath=following-sibling::p').textContent(), POLL)
      .toContain('Shift_JIS で書けない文字');
    expect(await snapshot(server.db)).toBe(before);
    await page.getByTestId('journal-account-bank').fill('普通預金');
  });

  it('fits a phone’s width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('journal-mapping').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('journal-download-freee').isVisible()).toBe(true);
  });
});
