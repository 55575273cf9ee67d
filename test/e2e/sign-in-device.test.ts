// In Chromium: the sign-in page with device cookies (docs/decisions/017). A browser that signed in before
// gets in while strangers' wrong guesses keep the account locked for everyone else; a wrong password and a
// sign-up with a taken email are told in plain words (not "session expired", not "someone changed this").
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, POLL } from '../support/browser.ts';
import { ApiClient, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
/** The sign-in throttle's clock, stopped: a wait the strangers caused does not run out while the browsers open. */
const stoppedClock = Date.now();

beforeAll(async () => {
  server = await startTestServer({ loginClock: () => stoppedClock });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PASSWORD = 'correct horse battery';

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(POLL.timeout);
  await page.goto(`${server.url}${path}`);
  return page;
}

async function signInOn(page: Page, email: string, password: string) {
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

describe('the sign-in page', () => {
  it('lets the owner’s browser in while strangers keep the account locked, and tells the others to wait', async () => {
    const email = `owner-${Date.now()}@example.jp`;
    const owner = await browser.newContext({ locale: 'ja-JP' });
    const signup = await open(owner, '/signup');
    await signup.getByLabel('会社名').fill('端末テスト株式会社');
    await signup.getByLabel('氏名').fill('端末 太郎');
    await signup.getByLabel('メールアドレス').fill(email);
    await signup.getByLabel('パスワード').fill(PASSWORD);
    await signup.getByRole('button', { name: '新規登録' }).click();
    await signup.getByRole('button', { name: 'ログアウト' }).click();
    await signup.getByRole('button', { name: 'ログイン' }).waitFor();
    const device = (await owner.cookies()).find((c) => c.name === 'bct_device');
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/trpc' });

    // A stranger's wrong guesses: five free, then the account waits.
    for (let i = 0; i < 6; i += 1) await new ApiClient(server.url).mutate('auth.login', { email, password: `guess ${i}` });

    const elsewhere = await browser.newContext({ locale: 'ja-JP' });
    const other = await open(elsewhere, '/login');
    await signInOn(other, email, PASSWORD);
    await expect.poll(() => other.getByRole('alert').textContent(), POLL).toMatch(/失敗が続いたため、\d+ 秒待ってから再度お試しください/);

    await signInOn(signup, email, PASSWORD);
    await signup.getByRole('button', { name: 'ログアウト' }).waitFor();
    await owner.close();
    await elsewhere.close();
  }, 90_000); // Several sign-ins, each an argon2 hash: slow on a busy two-core machine.

  it('says a wrong password is a wrong password, and a taken email at sign-up what to do', async () => {
    const taken = new ApiClient(server.url);
    const email = `taken-${Date.now()}@example.jp`;
    await taken.ok('mutate', 'auth.signup', { email, password: PASSWORD, name: '既存', companyName: '既存社' });
    const context = await browser.newContext({ locale: 'ja-JP' });

    const login = await open(context, '/login');
    await signInOn(login, email, 'not the password');
    await expect.poll(() => login.getByRole('alert').textContent(), POLL).toBe('メールアドレスまたはパスワードが違います。');

    const signup = await open(context, '/signup');
    await signup.getByLabel('会社名').fill('二社目');
    await signup.getByLabel('氏名').fill('誰か');
    await signup.getByLabel('メールアドレス').fill(email);
    await signup.getByLabel('パスワード').fill('another long password');
    await signup.getByRole('button', { name: '新規登録' }).click();
    await expect
      .poll(() => signup.getByRole('alert').textContent(), POLL)
      .toContain('このメールアドレスのアカウントをお持ちの場合は、そのパスワードを入力してください');
    expect(await signup.getByRole('alert').textContent()).not.toContain('他の人');
    await context.close();
  });
});
