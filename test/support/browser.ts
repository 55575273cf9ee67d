// Debian's Chromium driven by Playwright (no downloaded browsers on this network).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** How long a browser test waits for the page to show a figure: generous, for a loaded CI machine. */
export const POLL = { timeout: 15_000, interval: 50 } as const;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium fonts-noto-cjk\` (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Without the background-networking flags Chromium floods this closed network with refused connections.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page signed in as the demo account (the sign-in page's own button), on the demo incident's dashboard. */
export async function openDemoDashboard(browser: Browser, baseUrl: string, options: { acceptDownloads?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP', ...options });
  page.setDefaultTimeout(POLL.timeout);
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'デモアカウントを入力', exact: true }).click();
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('link', { name: /A社顧客データ/ }).click();
  await page.getByTestId('total-payable').waitFor();
  return page;
}
