// The calendar feed card on the account page in real Chromium: a member makes the URL, copies it, a
// calendar app (fetch) reads the incident's deadlines from it; a new URL stops the old; stopping the feed
// stops the new one. At 1440 px in Japanese, and at a phone's 390 px in English without sideways scroll;
// no serious or critical axe finding in either.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, POLL } from '../support/browser.ts';
import { INCIDENT, POLICY } from '../support/fixtures.ts';
import { overflowOf, seriousAxeFindings } from '../support/page-tour.ts';
import { signUpCompany, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let admin: Awaited<ReturnType<typeof signUpCompany>>;

async function signedInPage(locale: 'ja' | 'en', width: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ja-JP' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await context.addInitScript((l) => localStorage.setItem('bct.locale', l), locale);
  const login = await context.request.post(`${server.url}/trpc/auth.login`, { data: { email: admin.email, password: 'correct horse battery' } });
  expect(login.ok()).toBe(true);
  const page = await context.newPage();
  page.setDefaultTimeout(POLL.timeout);
  // The card asks before replacing or stopping the feed.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${server.url}/account`);
  await page.getByTestId('calendar-feed-status').filter({ hasText: /\S/ }).waitFor();
  return { context, page };
}

const feedStatus = async (url: string) => (await fetch(url)).status;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpCompany(server.url, 'Cal');
  const policy = await admin.client.ok('mutate', 'policy.create', { companyId: admin.companyId, ...POLICY });
  await admin.client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT, title: '会員情報の漏えい' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the calendar feed card', () => {
  it('makes a URL shown once, copies it, and a calendar app reads the deadlines from it; a new URL and stopping end the old ones', async () => {
    const { context, page } = await signedInPage('ja', 1440);
    try {
      const card = page.getByTestId('calendar-feed');
      await expect.poll(() => card.getByTestId('calendar-feed-status').textContent(), POLL).toBe('まだ作成していません。');
      await card.getByRole('button', { name: 'カレンダー用の URL を作成' }).click();
      const shown = card.getByRole('textbox', { name: 'カレンダー用の URL' });
      const first = await shown.inputValue();
      expect(first).toMatch(new RegExp(`^${server.url}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
      await expect
        .poll(() => card.getByTestId('calendar-feed-status').textContent(), POLL)
        .toMatch(/^配信中です（URL の作成：\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}）。$/);

      expect(await seriousAxeFindings(page), 'axe with the URL shown').toEqual([]);

      await card.getByRole('button', { name: 'コピー' }).click();
      await expect.poll(() => card.getByRole('status').textContent(), POLL).toBe('コピーしました。');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);

      const feed = await fetch(first);
      expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      // Unfolded: the line is longer than 75 octets, so the file folds it (RFC 5545 §3.1).
      const body = (await feed.text()).replace(/\r\n /g, '');
      expect(body).toContain('SUMMARY:【期限超過】保険会社への事故通知（会員情報の漏えい）');

      await card.getByRole('button', { name: '新しい URL を作成' }).click();
      await expect.poll(() => shown.inputValue(), POLL).not.toBe(first);
      const second = await shown.inputValue();
      expect(await feedStatus(first)).toBe(404);
      expect(await feedStatus(second)).toBe(200);

      await card.getByRole('button', { name: '配信を停止' }).click();
      await expect.poll(() => card.getByTestId('calendar-feed-status').textContent(), POLL).toBe('まだ作成していません。');
      await expect.poll(() => card.getByRole('textbox').count(), POLL).toBe(0);
      expect(await feedStatus(second)).toBe(404);
    } finally {
      await context.close();
    }
  });

  it('reads in English on a phone, the how-to open, without sideways scroll or an axe finding', async () => {
    const { context, page } = await signedInPage('en', 390);
    try {
      const card = page.getByTestId('calendar-feed');
      await card.getByRole('button', { name: 'Create a calendar URL' }).click();
      await card.getByRole('textbox', { name: 'Calendar URL' }).waitFor();
      await card.getByText('How to subscribe').click();
      await card.getByText('Subscribe from web', { exact: false }).waitFor();
      await card.getByText('From URL', { exact: false }).waitFor();
      expect((await overflowOf(page)).pageScroll).toBeLessThanOrEqual(0);
      expect(await seriousAxeFindings(page), 'axe with the URL and the how-to shown').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
