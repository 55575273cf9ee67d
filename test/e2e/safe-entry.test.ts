// Issue 15's reproductions of lines filed wrongly, silently, in Chromium on a phone (390 px) and a desktop
// (1440 px): the category is chosen by typing and never by an arrow key, the quantity × unit switch leaves
// the focus where it is, the stage beside the save button starts over after each line, ¥0, 1億 and a date
// before the incident are asked about once, and a line's 請求日 can be corrected afterwards.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInJapan } from '../../shared/dates.ts';
import { launchChromium, POLL } from '../support/browser.ts';
import { categoryField, chooseCategory, chooseStage, chosenStage } from '../support/cost-form.ts';
import { seriousAxeFindings } from '../support/page-tour.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each([390, 1440])('safe entry at %i px', (width) => {
  let server: TestServer;
  let page: Page;
  let form: Locator;

  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
  const lineCount = (where = '1 = 1') =>
    (server.db.$client.prepare(`SELECT COUNT(*) AS n FROM costs WHERE deleted_at IS NULL AND ${where}`).get() as { n: number }).n;
  const ask = () => form.getByTestId('plausibility-ask');
  const noWiderThanViewport = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  beforeAll(async () => {
    server = await startTestServer({ demo: true });
    page = await browser.newPage({ viewport: { width, height: width < 768 ? 844 : 900 }, locale: 'ja-JP' });
    page.setDefaultTimeout(POLL.timeout);
    await page.goto(server.url);
    await page.getByRole('button', { name: 'デモアカウントを入力', exact: true }).click();
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('link', { name: /A社顧客データ/ }).click();
    await page.getByTestId('total-payable').waitFor();
    form = page.getByRole('form', { name: '費用を記録' });
  });
  afterAll(async () => {
    await page?.close();
    await server?.close();
  });

  it('chooses 見舞金 by typing 見舞, keeps the focus in the category field, and digits typed next stay there', async () => {
    const before = lineCount();
    await chooseCategory(page, form, '見舞');
    expect(await categoryField(form).inputValue()).toBe('見舞金・見舞品購入費用');
    // The form switched to persons × amount per person, but the focus did not move to 人数…
    await form.getByLabel('人数').waitFor();
    expect(await focusedId()).toBe('cost-category');
    // …so digits typed now search the categories (5: 通信費) instead of landing in 人数.
    await page.keyboard.type('5');
    expect(await form.getByLabel('人数').inputValue()).toBe('');
    expect(await page.getByRole('option', { name: /通信費/ }).count()).toBe(1);
    expect(await noWiderThanViewport()).toBe(true);
    expect(await seriousAxeFindings(page)).toEqual([]); // with the list open
    await page.keyboard.press('Escape');
    expect(await categoryField(form).inputValue()).toBe('見舞金・見舞品購入費用');
    expect(lineCount()).toBe(before); // Enter chose a category; nothing was saved
  });

  it('chooses 見舞金 by typing "mimai" and by its digit 6', async () => {
    await chooseCategory(page, form, '2');
    expect(await categoryField(form).inputValue()).toBe('事故原因調査費用');
    await chooseCategory(page, form, 'mimai', 'Tab');
    expect(await categoryField(form).inputValue()).toBe('見舞金・見舞品購入費用');
    await chooseCategory(page, form, '2');
    await chooseCategory(page, form, '6');
    expect(await categoryField(form).inputValue()).toBe('見舞金・見舞品購入費用');
  });

  it('does not change the category on ↓ while the list is closed, nor on arrows in the open list until one is chosen', async () => {
    await chooseCategory(page, form, '調査');
    expect(await form.getByLabel('金額').count()).toBe(1);
    const field = categoryField(form);
    expect(await field.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowDown');
    // The list opens on the category already chosen; the field still names it.
    expect(await field.getAttribute('aria-expanded')).toBe('true');
    expect(await field.inputValue()).toBe('事故原因調査費用');
    const active = await field.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${active}"]`).textContent()).toContain('事故原因調査費用');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await field.inputValue()).toBe('事故原因調査費用');
    await page.keyboard.press('Escape');
    expect(await field.getAttribute('aria-expanded')).toBe('false');
    expect(await field.inputValue()).toBe('事故原因調査費用');
    // Still the amount form: no switch to quantity × unit happened behind the user's back.
    expect(await form.getByLabel('金額').count()).toBe(1);
    expect(await form.getByLabel('時間').count()).toBe(0);
  });

  it('switches to quantity × unit and back without moving the focus', async () => {
    const toggle = form.getByLabel('数量 × 単価で入力');
    await toggle.focus();
    await page.keyboard.press('Space');
    await form.getByLabel('数量', { exact: true }).waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
    await page.keyboard.press('Space');
    await form.getByLabel('金額').waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
  });

  it('starts every line at the category’s usual stage, shown beside the save button', async () => {
    expect(await chosenStage(form)).toBe('請求');
    await chooseStage(form, '見積');
    await form.getByLabel('金額').fill('12345');
    await form.getByLabel('金額').press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥12,345 を記録しました。');
    expect(lineCount("amount = 12345 AND stage = 'estimate'")).toBe(1);
    // The estimate was this line's; the next starts invoiced again, in view.
    expect(await chosenStage(form)).toBe('請求');
    expect(await categoryField(form).inputValue()).toBe('事故原因調査費用');
    // The stage and the save button sit on the same row, or the stage right above it on a phone.
    const stageBox = (await form.getByTestId('stage-picker').boundingBox())!;
    const saveBox = (await form.getByRole('button', { name: /費用を記録/ }).boundingBox())!;
    expect(saveBox.y - (stageBox.y + stageBox.height)).toBeLessThan(20);
  });

  it('never carries 対象外 over to the next line', async () => {
    await chooseCategory(page, form, '0');
    expect(await categoryField(form).inputValue()).toBe('対象外');
    await form.getByLabel('金額').fill('2222');
    await form.getByLabel('金額').press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥2,222 を記録しました。');
    expect(lineCount("amount = 2222 AND category = 'uncovered'")).toBe(1);
    expect(await categoryField(form).inputValue()).toBe('事故原因調査費用');
    await page.reload();
    await expect.poll(() => categoryField(form).inputValue(), POLL).toBe('事故原因調査費用');
  });

  it('asks once about ¥0: 修正する goes back to the amount, このまま記録 saves it', async () => {
    const before = lineCount('amount = 0');
    await form.getByLabel('金額').fill('0');
    await form.getByLabel('金額').press('Enter');
    await ask().waitFor();
    expect(await ask().textContent()).toContain('金額が ¥0 です');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('修正する');
    expect(await noWiderThanViewport()).toBe(true);
    expect(await seriousAxeFindings(page)).toEqual([]); // with the question shown
    await page.keyboard.press('Enter'); // on 修正する
    expect(await ask().count()).toBe(0);
    expect(await focusedId()).toBe('cost-amount');
    await page.keyboard.press('Enter'); // not answered yet: asked again
    await ask().waitFor();
    expect(lineCount('amount = 0')).toBe(before);
    await ask().getByRole('button', { name: 'このまま記録' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥0 を記録しました。');
    expect(await ask().count()).toBe(0);
    expect(lineCount('amount = 0')).toBe(before + 1);
  });

  it('asks once about a mistyped 1億, and again on the next line', async () => {
    await form.getByLabel('金額').fill('1億');
    await form.getByLabel('金額').press('Enter');
    await ask().waitFor();
    expect(await ask().textContent()).toContain('¥100,000,000 は1億円以上です。桁を確認してください');
    await ask().getByRole('button', { name: '修正する' }).click();
    await form.getByLabel('金額').fill('2億');
    await form.getByLabel('金額').press('Enter');
    // A new value is a new question.
    await expect.poll(() => ask().textContent(), POLL).toContain('¥200,000,000 は1億円以上です');
    await ask().getByRole('button', { name: 'このまま記録' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥200,000,000 を記録しました。');
    expect(lineCount('amount = 200000000')).toBe(1);

    // The answer belonged to that line: the next line's 2億 is asked about again, and a corrected amount is not.
    await form.getByLabel('金額').fill('2億');
    await form.getByLabel('金額').press('Enter');
    await ask().waitFor();
    await ask().getByRole('button', { name: '修正する' }).click();
    await form.getByLabel('金額').fill('20000');
    await form.getByLabel('金額').press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥20,000 を記録しました。');
    expect(lineCount('amount = 200000000')).toBe(1);
  });

  it('asks about a date before the incident, and 修正する goes back to the date', async () => {
    await form.getByLabel('日付').fill('2020-01-01');
    await form.getByLabel('金額').fill('5000');
    await form.getByLabel('金額').press('Enter');
    await ask().waitFor();
    expect(await ask().textContent()).toContain('日付 2020/01/01 は事故の発生日 2026/05/20 より前です');
    await ask().getByRole('button', { name: '修正する' }).click();
    expect(await focusedId()).toBe('cost-date');
    expect(lineCount("incurred_on = '2020-01-01'")).toBe(0);
    await form.getByLabel('日付').fill(todayInJapan());
    await form.getByLabel('金額').press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥5,000 を記録しました。');
  });

  it('corrects a line’s 請求日 in the edit form, asking about a day before the line’s own date', async () => {
    await page.getByRole('link', { name: '明細', exact: true }).click();
    const row = page.getByTestId('ledger-row').filter({ hasText: '謝罪広告' });
    await row.getByRole('button', { name: '編集' }).click();
    const edit = page.getByRole('form', { name: '明細を編集' });
    expect(await edit.getByLabel('請求日').inputValue()).toBe(''); // logged without one
    await edit.getByLabel('請求日').fill('2026-06-01');
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.getByTestId('plausibility-ask').waitFor();
    expect(await edit.getByTestId('plausibility-ask').textContent()).toContain('請求日 2026/06/01 は明細の日付 2026/06/10 より前です');
    await edit.getByRole('button', { name: '修正する' }).click();
    await edit.getByLabel('請求日').fill('2026-06-12');
    await edit.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.textContent(), POLL).toContain('請求日 2026/06/12');
    expect(lineCount("invoiced_on = '2026-06-12' AND category = 'public_notice'")).toBe(1);
  });

  it('asks about a stage date before the incident when a line is moved on', async () => {
    const row = page.getByTestId('ledger-row').filter({ hasText: '争訟費用等' });
    await row.getByRole('button', { name: '段階を変更' }).click();
    const move = page.getByRole('form', { name: '段階を変更' });
    await move.getByLabel('日付').fill('2020-01-01');
    await move.getByTestId('save-stage').click();
    await move.getByTestId('plausibility-ask').waitFor();
    expect(await move.getByTestId('plausibility-ask').textContent()).toContain('支払日 2020/01/01 は事故の発生日 2026/05/20 より前です');
    await move.getByRole('button', { name: '修正する' }).click();
    await move.getByLabel('日付').fill('2026-09-01');
    await move.getByTestId('save-stage').click();
    await expect.poll(() => row.textContent(), POLL).toContain('支払日 2026/09/01');
    expect(lineCount("paid_on = '2020-01-01'")).toBe(0);
  });
});
