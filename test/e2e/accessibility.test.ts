// axe-core in real Chromium on every page of the app, signed out and as a responder, finance (the demo's
// admin) and the broker, on a phone (390 px) and a desktop (1440 px): no serious or critical violation.
// A failure prints each rule, what it asks for and the elements it found.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, POLL } from '../support/browser.ts';
import { chooseCategory } from '../support/cost-form.ts';
import { openTourPage, personContext, prepareTour, seriousAxeFindings, tourPages, type AxeFinding, type Person, type TourIds } from '../support/page-tour.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let ids: TourIds;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  ids = await prepareTour(server);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The findings of one page as lines a reader can act on. */
function describeFindings(where: string, findings: AxeFinding[]): string[] {
  return findings.map((f) => `${where}: ${f.impact} ${f.rule} (${f.help})\n    ${f.targets.join('\n    ')}`);
}

/**
 * Opens the page's states that are not there on load: the cost form's tax section, the phone menu, the
 * bell's list, a line's panels.
 */
async function openStates(page: Page, person: Person, width: number): Promise<string[]> {
  const found: string[] = [];
  const check = async (state: string) => found.push(...describeFindings(state, await seriousAxeFindings(page)));
  if (person === 'signedOut') return found;
  if (person !== 'broker') {
    // The cost form's tax section, opened, with the withholding fields showing.
    await openTourPage(page, server, { name: 'dashboard', path: `/incidents/${ids.incidentId}`, ready: 'total-payable' });
    const form = page.getByRole('form', { name: '費用を記録' });
    await chooseCategory(page, form, 'コンサル');
    await form.getByRole('checkbox', { name: /源泉徴収する/ }).check();
    await form.getByTestId('tax-section').getByRole('textbox', { name: '登録番号' }).fill('T1234567890123');
    await form.getByTestId('tax-section').getByRole('textbox', { name: '登録番号' }).blur();
    await check('dashboard with the cost form’s tax section open, a refused registration number and withholding');
  }
  await openTourPage(page, server, { name: 'ledger', path: `/incidents/${ids.incidentId}/ledger`, ready: 'ledger-row' });
  if (width < 768) {
    await page.getByTestId('header-menu-button').click();
    await page.getByTestId('header-menu').waitFor();
    await check('ledger with the phone menu open');
    await page.getByTestId('header-menu-button').click();
  }
  await page.getByTestId('notification-bell').click();
  await page.getByTestId('notification-list').waitFor();
  await check('ledger with the notifications open');
  await page.getByTestId('notification-bell').click();
  const first = page.getByTestId('ledger-row').first();
  await first.getByTestId('open-review').click();
  await first.getByTestId('line-files-toggle').click();
  // Finance may edit every line (a responder only its own, and the demo's lines are the admin's).
  if (person === 'finance') await first.getByRole('button', { name: '編集', exact: true }).click();
  await page.waitForLoadState('networkidle');
  await check('ledger with a line’s review, files and edit form open');
  return found;
}

const PERSONS: Person[] = ['signedOut', 'responder', 'finance', 'broker'];

describe('no serious or critical accessibility violation', () => {
  for (const person of PERSONS) {
    for (const width of [390, 1440]) {
      it(`on every page of the ${person === 'signedOut' ? 'signed-out visitor' : person} at ${width} px`, async () => {
        const context = await personContext(browser, server, person, 'ja', width);
        const page = await context.newPage();
        page.setDefaultTimeout(POLL.timeout);
        const found: string[] = [];
        const pages = tourPages(person, ids);
        for (const target of pages) {
          await openTourPage(page, server, target);
          found.push(...describeFindings(`${target.name} (${target.path})`, await seriousAxeFindings(page)));
        }
        found.push(...(await openStates(page, person, width)));
        await context.close();
        expect(found, `axe at ${width} px as ${person}:\n${found.join('\n')}`).toEqual([]);
        expect(pages.length).toBeGreaterThanOrEqual(3);
      }, 240_000);
    }
  }
});
