// The incident report in the browser: a responder's company fills it in once on the incident's report page,
// sees the same items as the Personal Information Protection Commission's form orders them (with a copy button
// each, and the notice to the client, the demo's B社 being A社's contractor), then exports the claim package
// and finds them in its incident-report.pdf, read back with pdftotext. The page fits a phone's width.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openDemoDashboard, POLL } from '../support/browser.ts';
import { snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { entriesByPath, readZip } from '../support/zip.ts';

let server: TestServer;
let browser: Browser;
let page: Page;
let tmp: string;

const WRITTEN = {
  summary: '委託業務の入力データが社外へ持ち出された（ブラウザで記入）。',
  cause: '持ち出しを検知する仕組みがなかった（ブラウザで記入）。',
  secondaryHarm: '勧誘電話の申出が5件あった（ブラウザで記入）。',
  recurrencePrevention: '外部記録媒体を禁止し、操作ログを監視する（ブラウザで記入）。',
};

const squash = (text: string) => text.replace(/\s+/g, '');

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'incident-report-e2e-'));
  server = await startTestServer({ demo: true });
  browser = await launchChromium();
  page = await openDemoDashboard(browser, server.url, { acceptDownloads: true });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the incident report page', () => {
  it('is a tab of the incident, and shows what it takes from the incident', async () => {
    await page.getByTestId('tab-report').click();
    await page.getByTestId('report-save').waitFor();
    const facts = squash((await page.getByTestId('report-facts').textContent())!);
    expect(facts).toContain('発生日令和8年5月20日');
    expect(facts).toContain('事故受付番号TM-26-004512');
    expect(await page.getByTestId('report-persons').textContent()).toContain('50,000人');
  });

  it('saves the report filled in once, in one form', async () => {
    for (const [key, text] of Object.entries(WRITTEN)) await page.getByTestId(`report-${key}`).fill(text);
    await page.getByTestId('report-other').fill('');
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-saved').textContent(), POLL).toBe('保存しました。');
    // Saved, not only typed: a fresh load shows it.
    await page.reload();
    await page.getByTestId('report-save').waitFor();
    expect(await page.getByTestId('report-cause').inputValue()).toBe(WRITTEN.cause);
    expect(await page.getByTestId('report-save').isDisabled()).toBe(true);
  });

  it('shows the commission’s items in the order of its form, each to copy, and the notice to the client', async () => {
    await page.getByTestId('report-tab-ppc').click();
    const items = page.locator('[data-testid^="ppc-item-"]');
    await expect.poll(() => items.count(), POLL).toBe(9);
    const headings = await items.locator('h3').allTextContents();
    expect(headings.map((h) => h.slice(0, 1)).join('')).toBe('①②③④⑤⑥⑦⑧⑨');
    expect(headings[3]).toBe('④ 原因');
    expect(await page.getByTestId('ppc-item-1').textContent()).toContain('発生日：令和8年5月20日');
    expect(await page.getByTestId('ppc-item-1').textContent()).toContain(WRITTEN.summary);
    expect(await page.getByTestId('ppc-item-3').textContent()).toContain('50,000人');
    expect(await page.getByTestId('ppc-item-4').textContent()).toContain(WRITTEN.cause);
    expect(await page.getByTestId('ppc-item-9').textContent()).toContain('未記入');
    expect(await page.getByTestId('ppc-copy-9').isDisabled()).toBe(true);

    await page.getByTestId('ppc-copy-4').click();
    await expect.poll(() => page.getByTestId('ppc-item-4').getByRole('status').textContent(), POLL).toBe('コピーしました。');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(WRITTEN.cause);

    const notice = (await page.getByTestId('client-notice-text').textContent())!;
    expect(notice.startsWith('A社 御中')).toBe(true);
    expect(notice).toContain('委託を受けた個人データの漏えい等について、個人情報保護法第26条第1項ただし書に基づき通知します。');
    expect(notice).toContain(WRITTEN.recurrencePrevention);
  });

  it('puts the report in the exported package’s incident-report.pdf, items in the same order', async () => {
    await page.getByRole('link', { name: '請求パッケージ', exact: true }).click();
    await page.getByTestId('preflight').waitFor();
    await page.getByLabel('上記を確認のうえ作成します').check();
    await page.getByTestId('export-package').click();
    // Version 1 is the demo's; the report saved since makes a new one.
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toBe('第2版を作成しました。');
    // The newest version is listed first: download that one, not the demo's version 1.
    await expect.poll(() => page.getByTestId('package-version').first().locator('td').first().textContent(), POLL).toBe('第2版');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('package-version').first().getByRole('link').click()]);
    const files = entriesByPath(await readZip(readFileSync(await download.path())));
    expect([...files.keys()].filter((name) => name.endsWith('.pdf') && !name.includes('/')).sort()).toEqual([
      'claim-form.pdf',
      'claim-summary.pdf',
      'client-notice.pdf',
      'incident-report.pdf',
    ]);
    const file = path.join(tmp, 'incident-report.pdf');
    writeFileSync(file, files.get('incident-report.pdf')!);
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const flat = squash(text);
    let at = 0;
    for (const [heading, body] of [
      ['①概要', WRITTEN.summary],
      ['④原因', WRITTEN.cause],
      ['⑤二次被害', WRITTEN.secondaryHarm],
      ['⑧再発防止のための措置', WRITTEN.recurrencePrevention],
    ] as const) {
      const found = flat.indexOf(squash(heading), at);
      expect(found, heading).toBeGreaterThan(at);
      expect(flat.indexOf(squash(body), found), heading).toBeGreaterThan(found);
      at = found;
    }
    expect(flat).toContain('発生日令和8年5月20日');
    for (const pageText of text.split('\f').filter((p) => p.trim() !== '')) expect(squash(pageText)).toContain('事故受付番号:TM-26-004512');
  });

  it('fits a phone’s width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(page.url().replace(/\/packages$/, '/report?view=ppc'));
    await page.getByTestId('ppc-view').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('ppc-copy-1').isVisible()).toBe(true);
  });

  it('lets the broker read the report but not change it', async () => {
    const brokerPage = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP' });
    try {
      await brokerPage.goto(server.url);
      await brokerPage.getByRole('button', { name: '代理店のデモアカウントを入力', exact: true }).click();
      await brokerPage.getByRole('button', { name: 'ログイン' }).click();
      await brokerPage
        .getByRole('link', { name: /A社顧客データ/ })
        .first()
        .click();
      await brokerPage.getByTestId('tab-report').click();
      await brokerPage.getByTestId('report-cause').waitFor();
      expect(await brokerPage.getByTestId('report-cause').inputValue()).toBe(WRITTEN.cause);
      expect(await brokerPage.getByTestId('report-cause').getAttribute('readonly')).not.toBeNull();
      expect(await brokerPage.getByTestId('report-save').count()).toBe(0);
      const before = await snapshot(server.db);
      await brokerPage.getByTestId('report-tab-ppc').click();
      expect(await brokerPage.getByTestId('ppc-item-4').textContent()).toContain(WRITTEN.cause);
      expect(await snapshot(server.db)).toBe(before);
    } finally {
      await brokerPage.close();
    }
  });
});
