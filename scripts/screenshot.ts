// Renders the demo dashboard to docs/dashboard.png for the README: `npm run screenshot`.
import { startTestServer } from '../test/support/server.ts';
import { launchChromium } from '../test/support/browser.ts';

const server = await startTestServer({ demo: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP' });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'デモアカウントを入力' }).click();
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('link', { name: /A社顧客データ/ }).click();
  await page.getByTestId('total-payable').waitFor();
  await page.getByTestId('category-table').waitFor();
  await page.locator('.recharts-bar-rectangle').first().waitFor(); // the chart is loaded lazily
  await page.screenshot({ path: 'docs/dashboard.png', fullPage: true });
  console.log('wrote docs/dashboard.png');
} finally {
  await browser.close();
  await server.close();
}
