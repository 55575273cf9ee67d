// In real Chromium: sign up, enter the policy and the incident, log worked example 2 through the form
// with the keyboard, see ¥53,000,000 payable and the explanation, then switch to English.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, POLL } from '../support/browser.ts';
import { categoryField, chooseCategory, chooseStage } from '../support/cost-form.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Logs one line with the quick form, the way a responder would: the category typed (`typed`) and taken with
 * Enter, the stage picked beside the save button, fields filled, Enter pressed.
 */
async function logCost(line: {
  amount?: string;
  quantity?: string;
  unit?: string;
  typed: string;
  category: string;
  stage: string;
  date: string;
  description: string;
  claimant?: string;
}) {
  const form = page.getByRole('form', { name: '費用を記録' });
  await chooseCategory(page, form, line.typed);
  expect(await categoryField(form).inputValue()).toBe(line.category);
  await chooseStage(form, line.stage);
  if (line.quantity) {
    await form.getByLabel('人数').fill(line.quantity);
    await form.getByLabel('1名あたりの額').fill(line.unit!);
  } else {
    await form.getByLabel('金額').fill(line.amount!);
  }
  await form.getByLabel('日付').fill(line.date);
  await form.getByLabel('負担者').selectOption('third_party');
  await form.getByLabel('求償元').fill(line.claimant ?? 'A社');
  await form.getByLabel('内容').fill(line.description);
  await form.getByLabel('内容').press('Enter');
  await expect.poll(() => form.getByRole('status').textContent(), POLL).toMatch(/を記録しました/);
}

describe('worked example 2 in the browser', () => {
  it('signs up and enters the policy and the incident', async () => {
    await page.goto(server.url);
    await page.getByRole('link', { name: '新規登録' }).click();
    await page.getByLabel('会社名').fill('B社 データ入力サービス株式会社');
    await page.getByLabel('氏名').fill('佐藤 花子');
    await page.getByLabel('メールアドレス').fill('sato@example.jp');
    await page.getByLabel('パスワード').fill('a long password');
    await page.getByRole('button', { name: '新規登録' }).click();

    await page.getByRole('link', { name: '保険契約を登録' }).click();
    await page.getByLabel('保険会社').fill('東京海上日動火災保険株式会社');
    await page.getByLabel('証券番号').fill('IT-2026-000202');
    await page.getByLabel('保険始期').fill('2026-04-01');
    await expect.poll(() => page.getByTestId('policy-end').textContent(), POLL).toBe('2027/03/31');
    await page.getByLabel('賠償責任支払限度額', { exact: true }).fill('1億');
    await page.getByLabel('費用総支払限度額', { exact: true }).fill('3,000万');
    await page.getByRole('button', { name: '保存' }).click();

    await page.getByRole('link', { name: '事故を登録' }).click();
    await page.getByLabel('件名').fill('A社顧客データ 5万件の流出');
    await page.getByLabel('事故の種類').selectOption('leak');
    await page.getByLabel('発生日').fill('2026-05-20');
    await page.getByLabel('発見日').fill('2026-06-01');
    await page.getByLabel('漏えい件数（推定）').fill('50000');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('incident-title').textContent(), POLL).toBe('A社顧客データ 5万件の流出');
  });

  it('logs the five lines of the claim through the quick form, amounts typed as people type them', async () => {
    await logCost({ amount: '1800万', typed: '社告', category: '社告・会見等費用', stage: '請求', date: '2026-06-10', description: '謝罪広告、原因調査等' });
    await logCost({
      quantity: '５万',
      unit: '500',
      typed: 'mimai',
      category: '見舞金・見舞品購入費用',
      stage: '支払済',
      date: '2026-06-20',
      description: '見舞金 500円 × 5万人',
    });
    await logCost({
      amount: '¥3,000,000',
      typed: '賠償',
      category: '損害賠償金',
      stage: '支払済',
      date: '2026-08-01',
      description: 'A社顧客300人への損害賠償金',
    });
    await logCost({ amount: '10,000,000', typed: '9', category: '争訟費用', stage: '請求', date: '2026-08-01', description: '争訟費用等' });
    await logCost({
      amount: '１０００万',
      typed: 'songai',
      category: '損害賠償金',
      stage: '示談成立・判決確定',
      date: '2026-08-15',
      description: 'A社の営業自粛による損失',
    });
  });

  it('shows ¥53,000,000 payable with the explanation and the limit warning', async () => {
    await expect.poll(() => page.getByTestId('total-payable').textContent(), POLL).toBe('¥53,000,000');
    const steps = await page.getByTestId('steps').innerText();
    expect(steps).toContain('費用の発生額: 社告・会見等費用 ¥18,000,000 + 見舞金・見舞品購入費用 ¥25,000,000 = ¥43,000,000');
    expect(steps).toContain('費用保険金: ¥43,000,000 > 費用総支払限度額 ¥30,000,000 → ¥30,000,000');
    expect(steps).toContain('④ 支払保険金の合計: ¥23,000,000 + ¥30,000,000 = ¥53,000,000');
    expect(await page.getByTestId('warnings').innerText()).toContain('費用総支払限度額 ¥30,000,000 に達しています');
    expect(await page.getByTestId('expense-headroom').textContent()).toBe('¥13,000,000');
  });

  it('lists the same lines and totals in the ledger', async () => {
    await page.getByRole('link', { name: '明細' }).click();
    await expect.poll(() => page.getByTestId('ledger-row').count(), POLL).toBe(5);
    expect(await page.getByTestId('ledger-claimed-total').textContent()).toBe('¥66,000,000');
    await page.getByLabel('費目', { exact: true }).selectOption('damages');
    await expect.poll(() => page.getByTestId('ledger-row').count(), POLL).toBe(2);
    expect(await page.getByTestId('ledger-claimed-total').textContent()).toBe('¥13,000,000');
    await page.getByRole('link', { name: 'ダッシュボード' }).click();
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'How it is computed' }).count(), POLL).toBe(1);
    await expect.poll(() => page.getByTestId('steps').innerText(), POLL).toContain('4. Total payable: ¥23,000,000 + ¥30,000,000 = ¥53,000,000');
    expect(await page.getByTestId('total-payable').textContent()).toBe('¥53,000,000');
    expect(await page.getByRole('link', { name: 'Ledger' }).count()).toBe(1);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-en.png', fullPage: true });
  });
});
