// The layouts in real Chromium at a phone's 390 px, a tablet's 768 px and a desktop's 1440 px, in Japanese
// and English: no page is wider than the window (outside the sideways scrollers a page marks with
// data-scroll-x), every ledger line shows its amount, the desktop ledger needs no sideways scroll even
// with a line's edit form open, and the chart names the longest category in full with round 万/億 ticks.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../server/demo.ts';
import { CATEGORY_LABELS } from '../../shared/categories.ts';
import { formatYen } from '../../shared/money.ts';
import { launchChromium, POLL } from '../support/browser.ts';
import { openTourPage, overflowOf, personContext, prepareTour, tourPages, type Person, type TourIds, type TourLocale } from '../support/page-tour.ts';
import { ApiClient, startTestServer, type TestServer } from '../support/server.ts';
import { at } from '../support/at.ts';

let server: TestServer;
let browser: Browser;
let ids: TourIds;
/** The demo's lines plus one of the longest category, ¥120,000,000 (so the axis crosses 1億). */
let amounts: number[];

const LONGEST = CATEGORY_LABELS.overtime_travel;
const WIDTHS = [390, 768, 1440] as const;
const LOCALES: TourLocale[] = ['ja', 'en'];

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  ids = await prepareTour(server);
  const admin = new ApiClient(server.url);
  await admin.ok('mutate', 'auth.login', DEMO_CREDENTIALS);
  await admin.ok('mutate', 'cost.create', {
    incidentId: ids.incidentId,
    category: 'overtime_travel',
    stage: 'invoiced',
    incurredOn: '2026-06-05',
    amount: 120_000_000,
    vendor: '社内',
    description: '対応要員の超過勤務手当と出張の交通費・宿泊費',
    source: 'insured',
  });
  const lines = await admin.ok('query', 'cost.list', { incidentId: ids.incidentId, limit: 200 });
  amounts = lines.items.map((l) => l.amount);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The pages each kind of person sees that the others do not: finance has every company page, the broker its own home. */
const LAYOUT_PERSONS: Person[] = ['signedOut', 'finance', 'broker'];

/** Every ledger line shows its amount: on screen, inside the window, and the topmost element at its centre. */
async function amountsShown(page: Page): Promise<string[]> {
  const rows = page.getByTestId('ledger-row');
  await expect.poll(() => rows.count(), POLL).toBe(amounts.length);
  const problems: string[] = [];
  for (let i = 0; i < amounts.length; i++) {
    const amount = rows.nth(i).getByTestId('line-amount');
    await amount.scrollIntoViewIfNeeded();
    const text = at((await amount.innerText()).split('\n'), 0);
    const shown = await amount.evaluate((cell) => {
      const figure = cell.firstElementChild ?? cell;
      const box = figure.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return { left: box.left, right: box.right, width: box.width, height: box.height, onTop: !!top && cell.contains(top), window: window.innerWidth };
    });
    if (!amounts.map(formatYen).includes(text)) problems.push(`line ${i + 1}: "${text}" is not one of the ledger's amounts`);
    if (shown.width === 0 || shown.height === 0 || shown.left < 0 || shown.right > shown.window || !shown.onTop) {
      problems.push(`line ${i + 1}: the amount ${text} is not in view (${JSON.stringify(shown)})`);
    }
  }
  return problems;
}

describe('no page wider than the window', () => {
  for (const width of WIDTHS) {
    for (const locale of LOCALES) {
      it(`at ${width} px in ${locale === 'ja' ? 'Japanese' : 'English'}, with the amount of every ledger line in view`, async () => {
        const problems: string[] = [];
        for (const person of LAYOUT_PERSONS) {
          const context = await personContext(browser, server, person, locale, width);
          const page = await context.newPage();
          for (const target of tourPages(person, ids)) {
            await openTourPage(page, server, target);
            const { pageScroll, elements } = await overflowOf(page);
            if (pageScroll > 0) problems.push(`${person} ${target.name}: the page scrolls ${pageScroll} px sideways`);
            problems.push(...elements.slice(0, 5).map((e) => `${person} ${target.name}: ${e}`));
            if (target.name === 'incident ledger') problems.push(...(await amountsShown(page)).map((p) => `${person} ledger: ${p}`));
          }
          await context.close();
        }
        expect(problems, problems.join('\n')).toEqual([]);
      }, 240_000);
    }
  }
});

describe('the desktop ledger at 1440 × 900', () => {
  it('needs no sideways scroll: 編集 / 削除 and the edit form’s 保存 / キャンセル are in view', async () => {
    const context = await personContext(browser, server, 'finance', 'ja', 1440);
    const page = await context.newPage();
    await openTourPage(
      page,
      server,
      tourPages('finance', ids).find((p) => p.name === 'incident ledger')!,
    );
    const scroller = page.getByTestId('ledger-scroll');
    const sideways = () => scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(await sideways()).toBeLessThanOrEqual(0);
    const box = (await scroller.boundingBox())!;
    const first = page.getByTestId('ledger-row').first();
    for (const name of ['編集', '削除']) {
      const button = (await first.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(button.x).toBeGreaterThanOrEqual(box.x);
      expect(button.x + button.width).toBeLessThanOrEqual(box.x + box.width);
    }
    await first.getByRole('button', { name: '編集', exact: true }).click();
    const form = page.locator('tbody[data-index="0"] form');
    await form.waitFor();
    expect(await sideways()).toBeLessThanOrEqual(0);
    for (const name of ['保存', 'キャンセル']) {
      const button = form.getByRole('button', { name, exact: true }).first();
      await button.scrollIntoViewIfNeeded();
      const at = (await button.boundingBox())!;
      expect(at.x).toBeGreaterThanOrEqual(box.x);
      expect(at.x + at.width).toBeLessThanOrEqual(Math.min(box.x + box.width, 1440));
    }
    expect((await overflowOf(page)).pageScroll).toBeLessThanOrEqual(0);
    await context.close();
  });
});

describe('the dashboard chart', () => {
  for (const width of [390, 1440]) {
    for (const locale of LOCALES) {
      it(`at ${width} px in ${locale === 'ja' ? 'Japanese' : 'English'} names the longest category in full, inside the chart, with round ticks`, async () => {
        const context = await personContext(browser, server, 'finance', locale, width);
        const page = await context.newPage();
        await openTourPage(
          page,
          server,
          tourPages('finance', ids).find((p) => p.name === 'incident dashboard')!,
        );
        const chart = page.getByTestId('category-chart');
        await chart.locator('.recharts-yAxis-tick-labels text').first().waitFor();
        await chart.scrollIntoViewIfNeeded();
        const axis = await chart.evaluate((root) => {
          // The chart's own drawing (the legend's icons are small SVGs of their own).
          const svg = root.querySelector('.recharts-wrapper > svg')!.getBoundingClientRect();
          const names = [...root.querySelectorAll('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-label')].map((tick) => ({
            title: tick.querySelector('title')?.textContent ?? '',
            text: [...tick.querySelectorAll('tspan')].map((t) => t.textContent).join(''),
            inside: [...tick.querySelectorAll('tspan')].every((t) => {
              const box = t.getBoundingClientRect();
              return box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5;
            }),
          }));
          const ticks = [...root.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.textContent ?? '');
          return { names, ticks };
        });
        const longest = axis.names.find((n) => n.title === LONGEST[locale]);
        expect(longest, JSON.stringify(axis.names)).toBeDefined();
        // Wrapped, not cut: every character is drawn (only spaces between English words are left at line ends).
        expect(longest!.text.replace(/\s/g, '')).toBe(LONGEST[locale].replace(/\s/g, ''));
        expect(
          axis.names.every((n) => n.inside),
          JSON.stringify(axis.names),
        ).toBe(true);
        if (locale === 'ja') {
          expect(axis.ticks[0]).toBe('¥0');
          expect(axis.ticks).toContain('¥1億');
          for (const tick of axis.ticks.slice(1)) expect(tick).toMatch(/^¥(\d{1,3}(,\d{3})*万|\d+(\.\d+)?億)$/);
        } else {
          expect(axis.ticks).toContain('¥100M');
          for (const tick of axis.ticks.slice(1)) expect(tick).toMatch(/^¥\d+(\.\d+)?M$/);
        }
        await context.close();
      });
    }
  }
});
