// Consumption tax, invoices and withholding in real Chromium, on a fresh company, policy and incident: an
// individual lawyer's fee of ¥1,650,000 (¥150,000 tax inside) with income tax withheld on ¥1,500,000
// (¥204,200, so the bank pays ¥1,445,800) and QUO cards for 100 persons (非課税). The ledger shows each
// line's tax columns and the totals per rate; finance records the company as a taxable business, and
// switching the policy to 税抜 lowers the payable by exactly the tax. At 1440 px and at a phone's 390 px.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, POLL } from '../support/browser.ts';
import { chooseCategory, chosenStage } from '../support/cost-form.ts';
import { overflowOf } from '../support/page-tour.ts';
import { signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let incidentId: string;
let policyId: string;

/** A registration number whose check digit is right (9 − (Σ Pn × Qn mod 9) over 234567890123), and one whose is not. */
const INVOICE_NUMBER = 'T9234567890123';
const WRONG_CHECK_DIGIT = 'T1234567890123';
const LAWYER = '山田法律事務所 弁護士 山田太郎';

beforeAll(async () => {
  server = await startTestServer();
  const admin = await signUpCompany(server.url, 'Tax');
  ({ id: policyId } = await admin.client.ok('mutate', 'policy.create', {
    companyId: admin.companyId,
    insurer: '東京海上日動火災保険',
    policyNumber: 'TAX-2026-001',
    periodStart: '2026-04-01',
    liabilityLimit: 100_000_000,
    expenseLimit: 30_000_000,
    deductible: 0,
    restorationRider: false,
  }));
  ({ id: incidentId } = await admin.client.ok('mutate', 'incident.create', {
    policyId,
    title: '会員情報の漏えい',
    kind: 'leak',
    occurredOn: '2026-11-20',
    discoveredOn: '2026-11-25',
    personsAffected: 100,
  }));
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ja-JP' });
  await context.addInitScript(() => localStorage.setItem('bct.locale', 'ja'));
  const login = await context.request.post(`${server.url}/trpc/auth.login`, { data: { email: admin.email, password: 'correct horse battery' } });
  expect(login.ok()).toBe(true);
  page = await context.newPage();
  page.setDefaultTimeout(POLL.timeout);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (testId: string) => page.getByTestId(testId).first().textContent();
const costForm = () => page.getByRole('form', { name: '費用を記録' });
const rowOf = (vendorOrDescription: string) => page.getByTestId('ledger-row').filter({ hasText: vendorOrDescription });

async function openDashboard() {
  await page.goto(`${server.url}/incidents/${incidentId}`);
  await page.getByTestId('total-payable').waitFor();
}

describe('tax on every line', () => {
  it('finance records the company as a taxable business (原則課税) on the account page', async () => {
    await page.goto(`${server.url}/account`);
    const select = page.getByTestId('company-tax-status-select');
    expect(await select.inputValue()).toBe('');
    await select.selectOption({ label: '原則課税' });
    await page.getByTestId('company-tax-status-save').click();
    await expect.poll(() => page.getByTestId('company-profile').getByRole('status').textContent(), POLL).toBe('保存しました。');
  });

  it('logs the lawyer’s fee: 税額 and 税抜 from the gross, the registration number checked, withholding and the net payment', async () => {
    await openDashboard();
    const form = costForm();
    // A consulting fee opens the tax section by itself (a lawyer's fee may need withholding).
    await chooseCategory(page, form, 'コンサル');
    expect(await form.getByTestId('tax-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await chosenStage(form)).toBe('請求');
    await form.getByLabel('金額').fill('1,650,000');
    await form.getByLabel('支払先').fill(LAWYER);
    expect(await form.getByLabel('税区分').inputValue()).toBe('taxable_10');
    expect(await form.getByLabel('税額', { exact: true }).inputValue()).toBe('150000');
    expect(await form.getByTestId('tax-net').textContent()).toBe('¥1,500,000');

    // A registration number is refused under its field, by the same two checks as the server, before anything is sent.
    const before = await snapshot(server.db);
    const number = form.getByLabel('登録番号');
    await number.fill('T12345');
    await number.blur();
    await expect
      .poll(() => number.locator('xpath=ancestor::div[1]').getByRole('alert').textContent(), POLL)
      .toBe('登録番号は T と13桁の数字です（例: T1234567890123）。');
    await number.fill(WRONG_CHECK_DIGIT);
    await form.getByRole('button', { name: /費用を記録/ }).click();
    await expect
      .poll(() => number.locator('xpath=ancestor::div[1]').getByRole('alert').textContent(), POLL)
      .toBe('登録番号のチェックデジットが合いません。請求書の登録番号を確かめてください。');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cost-invoiceNumber');
    expect(await snapshot(server.db)).toBe(before);
    // Full-width, as copied from a PDF invoice: read as the server reads it.
    await number.fill('Ｔ９２３４５６７８９０１２３');
    expect(await number.locator('xpath=ancestor::div[1]').getByRole('alert').count()).toBe(0);

    // An individual lawyer: 10.21% of ¥1,000,000 + 20.42% of ¥500,000 = ¥102,100 + ¥102,100, withheld from the fee net of tax.
    await form.getByLabel('源泉徴収する').check();
    expect(await form.getByLabel('源泉徴収税額', { exact: true }).inputValue()).toBe('204200');
    expect(await form.getByTestId('tax-net-paid').textContent()).toBe('¥1,445,800');
    expect(await form.getByTestId('tax-summary').textContent()).toBe(`課税 10% · 税額 ¥150,000 · ${INVOICE_NUMBER} · 源泉徴収 ¥204,200`);

    await form.getByLabel('金額').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥1,650,000 を記録しました。');
    // The next line starts from the category again: no tax figure of this line carries over.
    expect(await form.getByLabel('登録番号').inputValue()).toBe('');
    expect(await form.getByLabel('源泉徴収する').isChecked()).toBe(false);
  });

  it('logs QUO cards for 100 persons as 非課税 (a condolence opens the tax section, whose default is 不課税)', async () => {
    const form = costForm();
    await chooseCategory(page, form, '見舞');
    expect(await form.getByTestId('tax-toggle').getAttribute('aria-expanded')).toBe('true');
    await form.getByLabel('人数').fill('100');
    await form.getByLabel('1名あたりの額').fill('500');
    await form.getByLabel('内容').fill('QUOカード 500円 × 100名');
    expect(await form.getByLabel('税区分').inputValue()).toBe('non_taxable');
    await form.getByLabel('税区分').selectOption({ label: '非課税' });
    expect(await form.getByLabel('税額', { exact: true }).inputValue()).toBe('0');
    expect(await form.getByLabel('税額', { exact: true }).isDisabled()).toBe(true);
    expect(await form.getByTestId('tax-net').textContent()).toBe('¥50,000');
    // No withholding on a condolence.
    expect(await form.getByLabel('源泉徴収する').count()).toBe(0);
    await form.getByRole('button', { name: /費用を記録/ }).click();
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥50,000 を記録しました。');
  });

  it('the dashboard counts the gross amounts and says so, and asks to confirm the treatment with the insurer', async () => {
    await expect.poll(async () => await text('total-payable'), POLL).toBe('¥1,700,000');
    expect(await text('tax-treatment')).toBe('税込で計算 明細の消費税 ¥150,000 を含みます。');
    expect(await page.getByTestId('warnings').innerText()).toContain('貴社は課税事業者（原則課税）');
  });

  it('the ledger shows each line’s 税込, 税額, 税抜, 税区分, registration number and withholding, and the totals per rate', async () => {
    await page.goto(`${server.url}/incidents/${incidentId}/ledger`);
    await expect.poll(() => page.getByTestId('ledger-row').count(), POLL).toBe(2);
    await expectLedgerFigures();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });

  it('an edit shows the saved tax figures and keeps them when saved unchanged', async () => {
    const row = rowOf(LAWYER);
    await row.getByRole('button', { name: '編集', exact: true }).click();
    const form = page.getByRole('form', { name: '明細を編集' });
    expect(await form.getByTestId('tax-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await form.getByLabel('登録番号').inputValue()).toBe(INVOICE_NUMBER);
    expect(await form.getByLabel('源泉徴収する').isChecked()).toBe(true);
    expect(await form.getByLabel('源泉徴収税額', { exact: true }).inputValue()).toBe('204200');
    await form.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByRole('form', { name: '明細を編集' }).count(), POLL).toBe(0);
    await expectLedgerFigures();
  });

  it('switching the policy to 税抜 lowers the payable by exactly the tax, and the dashboard says it left it out', async () => {
    await page.goto(`${server.url}/policies/${policyId}/edit`);
    const treatment = page.getByTestId('policy-tax-treatment');
    expect(await treatment.getByLabel('税込（消費税を含めた額で計算）').isChecked()).toBe(true);
    expect(await page.getByTestId('policy-company-tax-status').textContent()).toContain('この会社の消費税の区分: 原則課税。');
    await treatment.getByLabel('税抜（消費税を除いた額で計算）').check();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await openDashboard();
    await expect.poll(async () => await text('total-payable'), POLL).toBe('¥1,550,000');
    expect(await text('tax-treatment')).toBe('税抜で計算 明細の消費税 ¥150,000 を除いています。');
    expect(await page.getByTestId('warnings').innerText()).not.toContain('貴社は課税事業者');
  });

  it('at a phone’s 390 px: the ledger’s cards and totals, the dashboard and the open tax section fit the width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/incidents/${incidentId}/ledger`);
    await expect.poll(() => page.getByTestId('ledger-row').count(), POLL).toBe(2);
    await expectLedgerFigures();
    for (const testId of ['line-withheld', 'line-net-paid']) expect(await rowOf(LAWYER).getByTestId(testId).isVisible()).toBe(true);
    expect((await overflowOf(page)).pageScroll).toBeLessThanOrEqual(0);

    await openDashboard();
    expect(await text('tax-treatment')).toBe('税抜で計算 明細の消費税 ¥150,000 を除いています。');
    const form = costForm();
    await chooseCategory(page, form, 'コンサル');
    await form.getByLabel('金額').fill('110000');
    await form.getByLabel('源泉徴収する').check();
    expect(await form.getByLabel('源泉徴収税額', { exact: true }).inputValue()).toBe('10210');
    expect(await form.getByTestId('tax-net-paid').textContent()).toBe('¥99,790');
    const overflow = await overflowOf(page);
    expect(overflow.pageScroll).toBeLessThanOrEqual(0);
    expect(overflow.elements).toEqual([]);
  });
});

/** The two lines' tax figures in the ledger and the footer's totals per rate (claimed lines). */
async function expectLedgerFigures() {
  const lawyer = rowOf(LAWYER);
  expect(
    await lawyer
      .getByTestId('line-amount')
      .innerText()
      .then((t) => t.split('\n')[0]),
  ).toBe('¥1,650,000');
  expect(await lawyer.getByTestId('line-tax-category').textContent()).toBe('課税 10%');
  expect(await lawyer.getByTestId('line-tax-amount').textContent()).toBe('¥150,000');
  expect(await lawyer.getByTestId('line-net').textContent()).toBe('¥1,500,000');
  expect(await lawyer.getByTestId('line-withheld').textContent()).toBe('¥204,200');
  expect(await lawyer.getByTestId('line-net-paid').textContent()).toBe('¥1,445,800');
  expect(await lawyer.getByTestId('line-invoice-number').textContent()).toBe(`登録番号 ${INVOICE_NUMBER}`);

  const quo = rowOf('QUOカード');
  expect(
    await quo
      .getByTestId('line-amount')
      .innerText()
      .then((t) => t.split('\n')[0]),
  ).toBe('¥50,000');
  expect(await quo.getByTestId('line-tax-category').textContent()).toBe('非課税');
  expect(await quo.getByTestId('line-tax-amount').count()).toBe(0);
  expect(await quo.getByTestId('line-withheld').count()).toBe(0);

  const totals = page.getByTestId('ledger-tax-totals');
  await totals.waitFor();
  const figures = (row: string) => Promise.all(['gross', 'tax', 'net'].map((part) => totals.getByTestId(row).getByTestId(`tax-total-${part}`).textContent()));
  await expect.poll(async () => await figures('tax-total-taxable_10'), POLL).toEqual(['¥1,650,000', '¥150,000', '¥1,500,000']);
  expect(await figures('tax-total-exempt')).toEqual(['¥50,000', '¥0', '¥50,000']);
  expect(await figures('tax-total-all')).toEqual(['¥1,700,000', '¥150,000', '¥1,550,000']);
  expect(await totals.getByTestId('tax-total-non_taxable').count()).toBe(0);
  // The withheld tax and the bank's payment: the lawyer's ¥1,650,000 − ¥204,200; in all ¥1,700,000 − ¥204,200.
  expect(await totals.getByTestId('tax-total-taxable_10').innerText()).toContain('¥1,445,800');
  expect(await totals.getByTestId('tax-total-all').innerText()).toContain('¥204,200');
  expect(await totals.getByTestId('tax-total-all').innerText()).toContain('¥1,495,800');
}
