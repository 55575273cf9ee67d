// The ledger at scale (issue 5) in real Chromium: the demo incident plus 100,000 lines written straight into
// SQLite. The first lines and the count show at once, the DOM holds only the rows in view, scrolling loads
// the next pages, a click on the amount header sorts on the server, and a search narrows the list while the
// footer sums exactly the matching lines.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillLedger } from '../../bench/support/fill-ledger.ts';
import { DEMO_CREDENTIALS } from '../../server/demo.ts';
import { formatYen } from '../../shared/money.ts';
import { launchChromium, openDemoDashboard, POLL } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { at } from '../support/at.ts';

const FILLED = 100_000;

let server: TestServer;
let browser: Browser;
let page: Page;
let incidentId: string;

/** One figure from SQLite, over the incident's live lines matching `where`. */
function figure<T = number>(select: string, where = '1', ...params: unknown[]): T {
  const row = server.db.$client
    .prepare(`SELECT ${select} AS value FROM costs WHERE incident_id = ? AND deleted_at IS NULL AND (${where})`)
    .get(incidentId, ...params) as { value: T };
  return row.value;
}

const rows = () => page.getByTestId('ledger-row');
const count = (n: number) => `${n.toLocaleString('en-US')}件`;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchChromium();
  page = await openDemoDashboard(browser, server.url);
  incidentId = at(new URL(page.url()).pathname.split('/'), 2);
  const owner = server.db.$client
    .prepare('SELECT i.company_id AS companyId, u.id AS userId FROM incidents i, users u WHERE i.id = ? AND u.email = ?')
    .get(incidentId, DEMO_CREDENTIALS.email) as { companyId: string; userId: string };
  fillLedger(server.db.$client, { incidentId, ...owner }, FILLED);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a ledger of 100,000 lines', () => {
  it('shows the first lines and the count, keeps the DOM small and loads pages as it scrolls', async () => {
    const total = figure('COUNT(*)');
    expect(total).toBe(FILLED + 5);
    await page.getByRole('link', { name: '明細', exact: true }).click();
    await rows().first().waitFor();
    await expect.poll(() => page.getByTestId('ledger-count').textContent(), POLL).toBe(count(total));
    expect(await page.getByTestId('ledger-claimed-total').textContent()).toBe(formatYen(figure('SUM(CASE WHEN claimed THEN amount ELSE 0 END)')));
    // Newest first: the first row is from the last day with lines.
    const latest = figure<string>('MAX(incurred_on)');
    const shown = new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(
      new Date(`${latest}T00:00:00Z`),
    );
    expect(await rows().first().locator('td').nth(1).textContent()).toContain(shown);

    const table = page.getByTestId('ledger-table');
    const domRows = () => table.locator('tr').count();
    expect(await domRows()).toBeLessThan(300);

    // Scrolling to the end of the loaded lines asks for the next page, again and again.
    const scroller = page.getByTestId('ledger-scroll');
    const lastLoaded = async () => {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      return Number(await table.locator('tbody[data-index]').last().getAttribute('data-index'));
    };
    await expect.poll(lastLoaded, POLL).toBeGreaterThanOrEqual(3 * 200 - 1);
    expect(await domRows()).toBeLessThan(300);
    expect(await rows().count()).toBeGreaterThan(5);
  });

  it('sorts by amount on a header click, and searches on the server with the footer to match', async () => {
    const amountHeader = page.getByRole('columnheader').filter({ has: page.getByTestId('sort-amount') });
    await page.getByTestId('sort-amount').click();
    await expect.poll(() => amountHeader.getAttribute('aria-sort'), POLL).toBe('descending');
    const largest = formatYen(figure('MAX(amount)'));
    await expect.poll(async () => (await rows().first().getByTestId('line-amount').textContent())?.startsWith(largest), POLL).toBe(true);

    // "Vendor 199" in lower case: 500 of the filled lines, whatever the case.
    await page.getByTestId('ledger-search').fill('vendor 199');
    const matching = "instr(lower(vendor), 'vendor 199') > 0 OR instr(lower(description), 'vendor 199') > 0 OR instr(lower(claimant), 'vendor 199') > 0";
    const found = figure('COUNT(*)', matching);
    expect(found).toBe(500);
    await expect.poll(() => page.getByTestId('ledger-count').textContent(), POLL).toBe(count(found));
    const claimed = figure("SUM(CASE WHEN stage <> 'estimate' THEN amount ELSE 0 END)", matching);
    await expect.poll(() => page.getByTestId('ledger-claimed-total').textContent(), POLL).toBe(formatYen(claimed));
    await expect.poll(async () => (await rows().allTextContents()).every((text) => text.includes('Vendor 199')), POLL).toBe(true);
    // Still sorted by amount: the first row is the largest of the matching lines.
    const largestFound = formatYen(figure('MAX(amount)', matching));
    await expect.poll(async () => (await rows().first().getByTestId('line-amount').textContent())?.startsWith(largestFound), POLL).toBe(true);
    expect(await page.getByTestId('ledger-table').locator('tr').count()).toBeLessThan(300);
  });
});
