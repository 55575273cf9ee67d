// Renders the demo dashboard to docs/dashboard.png for the README: `npm run screenshot`.
import { startTestServer } from '../test/support/server.ts';
import { launchChromium, openDemoDashboard } from '../test/support/browser.ts';

const server = await startTestServer({ demo: true });
const browser = await launchChromium();
try {
  const page = await openDemoDashboard(browser, server.url);
  await page.getByTestId('category-table').waitFor();
  await page.locator('.recharts-bar-rectangle').first().waitFor(); // the chart is loaded lazily
  await page.screenshot({ path: 'docs/dashboard.png', fullPage: true });
  console.log('wrote docs/dashboard.png');
} finally {
  await browser.close();
  await server.close();
}
