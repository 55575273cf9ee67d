// In Chromium: a cost whose answer is lost on the network is retried and logged once; Enter pressed twice
// logs once; a line two people edit at once shows the second one a conflict with the first one's values;
// a password change signs the other browser out.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openDemoDashboard, POLL } from '../support/browser.ts';
import { COST } from '../support/fixtures.ts';
import { ApiClient, startTestServer, type TestServer } from '../support/server.ts';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { at, must } from '../support/at.ts';

const DEMO = { email: 'demo@example.jp', password: 'demo-password-2026' };

let server: TestServer;
let browser: Browser;
let incidentId: string;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  api = new ApiClient(server.url);
  await api.ok('mutate', 'auth.login', DEMO);
  const { memberships } = await api.ok('query', 'auth.me');
  const incidents = await api.ok('query', 'incident.list', { companyId: at(memberships, 0).companyId });
  incidentId = must(
    incidents.find((i) => i.title === WORKED_EXAMPLE_2.incident.title),
    'the demo incident',
  ).id;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const linesWithVendor = (vendor: string) =>
  (server.db.$client.prepare('SELECT COUNT(*) AS n FROM costs WHERE vendor = ? AND deleted_at IS NULL').get(vendor) as { n: number }).n;

async function logCost(page: Page, amount: string, vendor: string) {
  const form = page.getByRole('form', { name: '費用を記録' });
  await form.getByLabel('支払先').fill(vendor);
  await form.getByLabel('金額').fill(amount);
  await form.getByLabel('金額').focus();
  return form;
}

describe('retries without duplicates', () => {
  it('logs a cost once when the first answer is lost on the way back and the browser retries', async () => {
    const page = await openDemoDashboard(browser, server.url);
    const keys: string[] = [];
    let dropped = false;
    await page.route('**/trpc/cost.create', async (route) => {
      keys.push(must(route.request().headers()['idempotency-key'], "route.request().headers()['idempotency-key']"));
      if (dropped) return route.continue();
      dropped = true;
      // The server receives the request and saves the line; its answer never reaches the browser.
      await route.fetch();
      await route.abort('connectionreset');
    });
    const form = await logCost(page, '43210', '応答消失テスト');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥43,210 を記録しました。');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(linesWithVendor('応答消失テスト')).toBe(1);
    await page.close();
  });

  it('logs once when Enter is pressed twice while the first save is on its way', async () => {
    const page = await openDemoDashboard(browser, server.url);
    await page.route('**/trpc/cost.create', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    const form = await logCost(page, '1111', '二度押しテスト');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), POLL).toBe('¥1,111 を記録しました。');
    await page.waitForTimeout(800);
    expect(linesWithVendor('二度押しテスト')).toBe(1);

    // The next line is a new cost, even with the same amount and vendor (a second identical receipt).
    await logCost(page, '1111', '二度押しテスト');
    await page.keyboard.press('Enter');
    await expect.poll(() => linesWithVendor('二度押しテスト'), POLL).toBe(2);
    await page.close();
  });
});

describe('two people edit one line', () => {
  it('shows the second saver the first one’s values, and saves only after they continue from them', async () => {
    const { id } = await api.ok('mutate', 'cost.create', { incidentId, ...COST, amount: 500_000, vendor: '競合テスト社' });
    const openEditor = async () => {
      const page = await openDemoDashboard(browser, server.url);
      await page.goto(`${server.url}/incidents/${incidentId}/ledger`);
      const row = page.locator('tbody', { hasText: '競合テスト社' });
      await row.getByRole('button', { name: '編集' }).click();
      return { page, form: page.getByRole('form', { name: '明細を編集' }) };
    };
    const alice = await openEditor();
    const bob = await openEditor();

    await alice.form.getByLabel('金額').fill('600000');
    await alice.form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => (server.db.$client.prepare('SELECT amount FROM costs WHERE id = ?').get(id) as { amount: number }).amount, POLL).toBe(600_000);

    await bob.form.getByLabel('金額').fill('450000');
    await bob.form.getByRole('button', { name: '保存' }).click();
    const notice = bob.page.getByTestId('conflict-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('他の人が変更しています');
    expect(await notice.textContent()).toContain('¥600,000');
    expect(await notice.textContent()).toContain('¥450,000');
    expect((server.db.$client.prepare('SELECT amount FROM costs WHERE id = ?').get(id) as { amount: number }).amount).toBe(600_000);

    await notice.getByRole('button', { name: '現在の内容から編集を続ける' }).click();
    expect(await bob.form.getByLabel('金額').inputValue()).toBe('600000');
    await bob.form.getByLabel('金額').fill('610000');
    await bob.form.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => server.db.$client.prepare('SELECT amount, version FROM costs WHERE id = ?').get(id) as object, POLL)
      .toEqual({ amount: 610_000, version: 3 });
    await alice.page.close();
    await bob.page.close();
  });
});

describe('password change', () => {
  it('signs out the other browser, which says why; this one stays signed in', { timeout: 90_000 }, async () => {
    const { token } = await api.ok('mutate', 'company.invite', {
      companyId: at((await api.ok('query', 'auth.me')).memberships, 0).companyId,
      role: 'finance',
    });
    const email = `keiri-${Date.now()}@example.jp`;
    await new ApiClient(server.url).ok('mutate', 'auth.acceptInvite', { token, email, password: 'first password 1', name: '経理 花子' });
    const signIn = async () => {
      const page = await browser.newPage({ locale: 'ja-JP' });
      page.setDefaultTimeout(POLL.timeout);
      await page.goto(server.url);
      await page.getByLabel('メールアドレス').fill(email);
      await page.getByLabel('パスワード').fill('first password 1');
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByRole('link', { name: /経理 花子/ }).waitFor();
      return page;
    };
    const office = await signIn();
    const home = await signIn();

    await office.getByRole('link', { name: /経理 花子/ }).click();
    await office.getByLabel('現在のパスワード').fill('first password 1');
    await office.getByLabel('新しいパスワード', { exact: true }).fill('second password 2');
    await office.getByLabel('新しいパスワード（確認）').fill('second password 2');
    await office.getByRole('button', { name: 'パスワードを変更' }).click();
    // Two others: the home browser, and the session the invitation was accepted in.
    await expect.poll(() => office.getByRole('status').textContent(), POLL).toBe('パスワードを変更しました。他の端末のログイン 2 件を終了しました。');

    // The other browser, left alone, finds its session ended at its next poll (≤ 20 s) and says why.
    await home.getByTestId('session-ended').waitFor({ timeout: 30_000 });
    expect(await home.getByTestId('session-ended').textContent()).toContain('もう一度ログインしてください');
    await home.getByRole('button', { name: 'ログイン' }).waitFor();
    // This one keeps working.
    await office.goto(server.url);
    await office.getByRole('link', { name: /経理 花子/ }).waitFor();
    await office.close();
    await home.close();
  });
});
