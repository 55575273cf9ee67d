// A responder logs a cost with the keyboard alone: the amount has focus, the last category and today's
// date are preselected, Enter saves, and the dashboard follows at once. The stage starts at the category's
// usual one for every line: only the category is carried over, in view in its field.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInJapan } from '../../shared/dates.ts';
import { launchChromium, openDemoDashboard, POLL } from '../support/browser.ts';
import { categoryField, chooseCategory, chosenStage } from '../support/cost-form.ts';
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

describe('fast cost entry', () => {
  it('logs a demand with keystrokes only and updates the projection at once', async () => {
    const form = page.getByRole('form', { name: '費用を記録' });
    // Pick the category once with the keyboard (its digit, 8), as a responder does for a run of similar costs;
    // a damages line starts as a demand, shown beside the save button.
    await chooseCategory(page, form, '8');
    expect(await categoryField(form).inputValue()).toBe('損害賠償金');
    expect(await chosenStage(form)).toBe('請求を受けた');
    expect(await form.getByLabel('日付').inputValue()).toBe(todayInJapan());

    await form.getByLabel('金額').focus();
    const started = Date.now();
    await page.keyboard.type('1.5万');
    expect(await form.getByTestId('yen-preview').textContent()).toBe('= ¥15,000');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥15,000 を記録しました。');
    await expect.poll(() => page.getByTestId('projected-payable').textContent(), POLL).toBe('¥53,015,000');
    const seconds = (Date.now() - started) / 1000;
    console.log(`keyboard entry to updated dashboard: ${seconds.toFixed(2)} s of machine time`);
    expect(seconds).toBeLessThan(10);

    // The amount has focus again and the category stays: the next cost is a few keys away.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cost-amount');
    expect(await categoryField(form).inputValue()).toBe('損害賠償金');
    expect(await chosenStage(form)).toBe('請求を受けた');
    await page.keyboard.type('２０００');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('projected-payable').textContent(), POLL).toBe('¥53,017,000');
    expect(await page.getByTestId('total-payable').textContent()).toBe('¥53,000,000');
  });

  it('remembers the last category after a reload, in view in its field', async () => {
    await page.reload();
    const form = page.getByRole('form', { name: '費用を記録' });
    await expect.poll(() => categoryField(form).inputValue(), POLL).toBe('損害賠償金');
    expect(await chosenStage(form)).toBe('請求を受けた');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cost-amount');
  });

  it('refuses an amount it cannot read, before anything is sent', async () => {
    const form = page.getByRole('form', { name: '費用を記録' });
    await form.getByLabel('金額').fill('1.23456万');
    expect(await form.getByText('1円未満の端数は入力できません').count()).toBe(1);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('projected-payable').textContent()).toBe('¥53,017,000');
  });
});
