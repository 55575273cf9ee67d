// In real Chromium: the demo's second incident of the same policy year finds the expense limit used up by
// the first and less of the liability limit left; the policy page shows both incidents and what is left.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECOND_INCIDENT } from '../../server/demo.ts';
import { launchChromium, openDemoDashboard, POLL } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchChromium();
  page = await openDemoDashboard(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (testId: string) => page.getByTestId(testId).first().textContent();

describe('two incidents in one policy year', () => {
  it('the first incident uses the whole expense limit and ¥23,000,000 of the liability limit', async () => {
    await expect.poll(async () => await text('total-payable'), POLL).toBe('¥53,000,000');
    expect(await text('period-expense-elsewhere')).toBe('¥0');
    expect(await text('period-expense-left')).toBe('¥0');
    expect(await text('period-liability-left')).toBe('¥77,000,000');
  });

  it('the second shows what the first used and the smaller headroom, and why its expenses are not paid', async () => {
    await page.getByRole('link', { name: 'ホーム' }).click();
    await page.getByRole('link', { name: DEMO_SECOND_INCIDENT.title }).click();
    await expect.poll(async () => await text('total-payable'), POLL).toBe('¥600,000');
    expect(await text('period-expense-elsewhere')).toBe('¥30,000,000');
    expect(await text('period-expense-left')).toBe('¥0');
    expect(await text('period-liability-elsewhere')).toBe('¥23,000,000');
    expect(await text('period-liability-left')).toBe('¥76,400,000');
    expect(await page.getByTestId('steps').innerText()).toContain(
      '費用総支払限度額 ¥30,000,000 のうち同じ保険期間の先の事故・既払で ¥30,000,000 使用済み、残り ¥0。¥1,830,000 > ¥0 → ¥0',
    );
    expect(await page.getByTestId('warnings').innerText()).toContain('同じ保険期間の先の事故・既払の保険金が限度額を使っています');
  });

  it('the policy page lists both incidents in order of discovery with what each used and what is left', async () => {
    await page.getByTestId('open-period').click();
    await expect.poll(() => page.getByTestId('period-incident').count(), POLL).toBe(2);
    const incidents = await page.getByTestId('period-incident').allInnerTexts();
    expect(incidents[0]).toContain('A社顧客データ');
    expect(incidents[1]).toContain(DEMO_SECOND_INCIDENT.title);
    expect(await page.getByTestId('period-incident-expense').allTextContents()).toEqual(['¥30,000,000', '¥0']);
    expect(await page.getByTestId('period-incident-liability').allTextContents()).toEqual(['¥23,000,000', '¥600,000']);
    const figures = (limit: string) => Promise.all(['aggregate', 'prior', 'used', 'left'].map(async (part) => await text(`period-row-${limit}-${part}`)));
    expect(await figures('expense')).toEqual(['¥30,000,000', '¥0', '¥30,000,000', '¥0']);
    expect(await figures('liability')).toEqual(['¥100,000,000', '¥0', '¥23,600,000', '¥76,400,000']);
  });

  it('says the same in English, and a narrow phone screen shows the figures without sideways scrolling', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Incidents of this period (in order of discovery)' }).count(), POLL).toBe(1);
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page
      .getByRole('button', { name: '日本語' })
      .click()
      .catch(() => undefined);
  });
});
