// Figure `ledgerVisible100k`: in Chromium, from navigating to a 100,000-line ledger until its first row and
// its totals are on screen. Target: median ≤ 1.5 s on localhost.
//
// Starts the real server (the built client in dist/, built here unless BENCH_SKIP_BUILD=1), signs a
// company up, creates a policy and two incidents through the API and fills one with BENCH_LINES lines
// straight into SQLite; the other stays empty. The browser gets the API client's session cookie, so no
// sign-in page is involved. Each run opens a fresh browser context (cold HTTP cache, as a first visit)
// and navigates to /incidents/<id>/ledger. An init script watches the DOM: once the first row (ROW_SELECTOR)
// and the totals (TOTALS_SELECTOR, with text) are in the page with a size, the next animation frame is the
// one that paints them; its time from navigation start (the page's performance.now()) is the figure.
//
// Baseline: the same navigation to the empty ledger (0 lines), waiting for the table (TABLE_SELECTOR) and
// the totals instead of a row: the same page, code and requests, without the ledger's data — so the
// difference is what 100,000 lines cost. Runs alternate (empty, full), after one warm-up of each.
//
// Knobs: BENCH_LINES (100000), BENCH_BROWSER_RUNS (or BENCH_RUNS; 5), CHROMIUM_PATH (/usr/bin/chromium).
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/support/browser.ts';
import { INCIDENT, POLICY } from '../test/support/fixtures.ts';
import { signUpCompany, startTestServer } from '../test/support/server.ts';
import { ensureClientBuilt } from './support/client-build.ts';
import { fillLedger } from './support/fill-ledger.ts';
import { benchLines, machineInfo, median, printDocument, progress, round, runsFrom, type Figure } from './support/report.ts';

// What "the ledger is visible" means in the page. The ledger table is being rewritten (virtualised):
// keep these in step with client/src/pages/LedgerPage.tsx.
const ROW_SELECTOR = '[data-testid="ledger-row"]';
const TOTALS_SELECTOR = '[data-testid="ledger-totals"]';
const TABLE_SELECTOR = '[data-testid="ledger-table"]';

const SCRIPT = 'browser';
const machine = machineInfo();
const ranAt = new Date();
const LINES = benchLines();
const RUNS = runsFrom('BENCH_BROWSER_RUNS', 5);
const TARGET_MS = 1_500;
const TIMEOUT_MS = 60_000;

interface Marks {
  content?: number;
  totals?: number;
  frame?: number;
}

/**
 * Runs in the page before its scripts: marks when both selectors show, then the frame that paints them.
 * A string, not a function: tsx's compiled functions may call helpers that do not exist in the page.
 */
const watchForLedger = (content: string) => `(() => {
  const marks = {};
  window.__benchMarks = marks;
  const shown = (element) => {
    if (!element) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const observer = new MutationObserver(() => {
    if (marks.content === undefined && shown(document.querySelector(${JSON.stringify(content)}))) marks.content = performance.now();
    const totals = document.querySelector(${JSON.stringify(TOTALS_SELECTOR)});
    if (marks.totals === undefined && shown(totals) && totals.textContent.trim() !== '') marks.totals = performance.now();
    if (marks.content !== undefined && marks.totals !== undefined) {
      observer.disconnect();
      requestAnimationFrame(() => { marks.frame = performance.now(); });
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

interface Visit {
  frameMs: number;
  contentMs: number;
  totalsMs: number;
  /** Node's clock, from page.goto() until it saw the mark (includes Playwright's polling). */
  wallMs: number;
  totalsText: string;
  trpc: { path: string; startMs: number; endMs: number; bytes: number }[];
}

async function visit(browser: Browser, baseUrl: string, cookie: string, incidentId: string, content: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP' });
  try {
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
    await context.addCookies([{ name, value, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    await context.addInitScript({ content: watchForLedger(content) });
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(`${baseUrl}/incidents/${incidentId}/ledger`, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await page.waitForFunction(() => (window as unknown as { __benchMarks?: Marks }).__benchMarks?.frame !== undefined, null, {
      timeout: TIMEOUT_MS,
      polling: 20,
    });
    const wallMs = performance.now() - start;
    const marks = await page.evaluate(() => (window as unknown as { __benchMarks: Marks }).__benchMarks);
    const totalsText = ((await page.locator(TOTALS_SELECTOR).textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const trpc = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((r) => r.name.includes('/trpc/'))
        .map((r) => ({ path: new URL(r.name).pathname, startMs: Math.round(r.startTime), endMs: Math.round(r.responseEnd), bytes: r.decodedBodySize })),
    );
    return { frameMs: marks.frame!, contentMs: marks.content!, totalsMs: marks.totals!, wallMs, totalsText, trpc };
  } finally {
    await context.close();
  }
}

ensureClientBuilt((message) => progress(SCRIPT, message));
const server = await startTestServer();
let browser: Browser | null = null;
try {
  const { client, companyId, userId } = await signUpCompany(server.url, 'Bench');
  const policy = await client.ok('mutate', 'policy.create', { companyId, ...POLICY });
  const full = await client.ok('mutate', 'incident.create', {
    policyId: policy.id,
    ...INCIDENT,
    title: `${INCIDENT.title}（${LINES.toLocaleString('ja-JP')}行）`,
  });
  const empty = await client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT, title: `${INCIDENT.title}（明細なし）` });
  progress(SCRIPT, `filling ${LINES.toLocaleString('en-US')} lines`);
  fillLedger(server.db.$client, { incidentId: full.id, companyId, userId }, LINES);
  server.db.$client.pragma('optimize');
  server.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the server drop sockets the fill kept past their timeout

  browser = await launchChromium();
  const cookie = client.cookie!;
  const fullVisit = async () => await visit(browser!, server.url, cookie, full.id, ROW_SELECTOR);
  const emptyVisit = async () => await visit(browser!, server.url, cookie, empty.id, TABLE_SELECTOR);

  progress(SCRIPT, 'warm-up (one visit of each)');
  await emptyVisit();
  const check = await fullVisit();
  const count = LINES.toLocaleString('ja-JP');
  if (!check.totalsText.includes(count) && !check.totalsText.includes(String(LINES)))
    throw new Error(`the totals do not show ${count} lines: "${check.totalsText}"`);

  const fullRuns: Visit[] = [];
  const emptyRuns: Visit[] = [];
  for (let run = 1; run <= RUNS; run++) {
    emptyRuns.push(await emptyVisit());
    fullRuns.push(await fullVisit());
    progress(SCRIPT, `run ${run}: ${Math.round(fullRuns.at(-1)!.frameMs)} ms (empty ledger ${Math.round(emptyRuns.at(-1)!.frameMs)} ms)`);
  }

  const summary = (runs: Visit[]) => {
    const frames = runs.map((r) => r.frameMs);
    return {
      medianMs: round(median(frames), 1),
      maxMs: round(Math.max(...frames), 1),
      runsMs: frames.map((ms) => round(ms, 1)),
      wallMedianMs: round(median(runs.map((r) => r.wallMs)), 1),
    };
  };
  const measured = summary(fullRuns);
  const baseline = summary(emptyRuns);
  const last = fullRuns.at(-1)!;
  const figure: Figure = {
    unit: 'ms from navigation start to the frame showing the first row and the totals (median of runs)',
    value: measured.medianMs,
    ...measured,
    lines: LINES,
    baseline: {
      what: "the same navigation (fresh context, same cookie, same page) to an empty ledger (0 lines), until the frame showing the table and the totals: the app's own start-up without the ledger's data",
      value: baseline.medianMs,
      ...baseline,
    },
    target: `median ≤ ${TARGET_MS} ms`,
    met: measured.medianMs <= TARGET_MS,
  };
  printDocument(
    ranAt,
    machine,
    { ledgerVisible100k: figure },
    {
      ledgerVisible: {
        selectors: { row: ROW_SELECTOR, totals: TOTALS_SELECTOR, emptyLedger: TABLE_SELECTOR },
        lastRun: {
          rowInDomMs: round(last.contentMs, 1),
          totalsInDomMs: round(last.totalsMs, 1),
          frameMs: round(last.frameMs, 1),
          totalsText: last.totalsText,
          trpc: last.trpc,
        },
        browser: browser.version(),
      },
    },
  );
} finally {
  await browser?.close();
  await server.close();
}
