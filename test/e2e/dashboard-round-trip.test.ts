// The dashboard's data in one round trip: opening an incident asks for its summary, header, claim status,
// deadlines and document checklist together, and the batch link sends them as one request.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, openDemoDashboard } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchChromium();
  page = await openDemoDashboard(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const DASHBOARD_DATA = ['claim.summary', 'incident.get', 'claim.status', 'incident.deadlines', 'document.checklist'];

it('loads the summary and every card’s data in one request', async () => {
  const asked: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && url.pathname.startsWith('/trpc/')) asked.push(url.pathname.slice('/trpc/'.length));
  });
  await page.reload();
  await page.getByTestId('total-payable').waitFor();
  await page.getByTestId('documents-card').waitFor();
  const carrying = asked.filter((procedures) => DASHBOARD_DATA.some((name) => procedures.split(',').includes(name)));
  expect(carrying).toHaveLength(1);
  expect(carrying[0]!.split(',')).toEqual(expect.arrayContaining(DASHBOARD_DATA));
});
