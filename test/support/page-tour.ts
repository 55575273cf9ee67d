// Every page of the app, for each kind of person, on the demo data: what the accessibility and layout tests
// walk through. A page is ready when its own content has loaded (no "loading" text, the marker element shown).
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_BROKER_CREDENTIALS, DEMO_CREDENTIALS } from '../../server/demo.ts';
import { POLL } from './browser.ts';
import { ApiClient, type TestServer } from './server.ts';
import { at, must } from './at.ts';

/** The part of an axe-core result the tour reports (axe is loaded into the page, not imported). */
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}
export type Person = 'signedOut' | 'responder' | 'finance' | 'broker';
export type TourLocale = 'ja' | 'en';

export const RESPONDER = { email: 'responder@example.jp', password: 'a long responder password', name: '対応 一郎' };

export interface TourIds {
  incidentId: string;
  policyId: string;
  /** An invitation nobody has taken, for the signed-out invitation page. */
  invitationToken: string;
}

export interface TourPage {
  name: string;
  path: string;
  /** A test id that shows once the page's own content is there. */
  ready?: string;
}

/** The demo company's ids, a responder who joined by invitation, and one more open invitation. */
export async function prepareTour(server: TestServer): Promise<TourIds> {
  const admin = new ApiClient(server.url);
  await admin.ok('mutate', 'auth.login', DEMO_CREDENTIALS);
  const { memberships } = await admin.ok('query', 'auth.me');
  const companyId = at(memberships, 0).companyId;
  const incidents = await admin.ok('query', 'incident.list', { companyId });
  const first = must(
    incidents.find((i) => i.title.startsWith('A社')),
    'the demo incident',
  );
  const policies = await admin.ok('query', 'policy.list', { companyId });
  const { token } = await admin.ok('mutate', 'company.invite', { companyId, role: 'responder' });
  await new ApiClient(server.url).ok('mutate', 'auth.acceptInvite', { token, ...RESPONDER });
  const open = await admin.ok('mutate', 'company.invite', { companyId, role: 'finance' });
  return { incidentId: first.id, policyId: at(policies, 0).id, invitationToken: open.token };
}

/** The pages a person can open, each once. */
export function tourPages(person: Person, ids: TourIds): TourPage[] {
  const incident = (tab: string, ready?: string): TourPage => ({
    name: `incident ${tab || 'dashboard'}`,
    path: `/incidents/${ids.incidentId}${tab ? `/${tab}` : ''}`,
    ready,
  });
  if (person === 'signedOut') {
    return [
      { name: 'sign-in', path: '/login', ready: 'demo-credentials' },
      { name: 'sign-up', path: '/signup' },
      { name: 'invitation', path: `/invite/${ids.invitationToken}` },
    ];
  }
  const common: TourPage[] = [
    { name: 'home', path: '/' },
    incident('', 'total-payable'),
    incident('ledger', 'ledger-row'),
    incident('claim', 'claim-status-card'),
    incident('documents', 'document-status'),
    incident('report', 'report-facts'),
    incident('packages'),
    { name: 'account', path: '/account' },
  ];
  if (person === 'broker') return common;
  const company: TourPage[] = [
    incident('audit'),
    { name: 'policy period', path: `/policies/${ids.policyId}`, ready: 'period-incident' },
    { name: 'incident form (new)', path: '/incidents/new' },
  ];
  if (person === 'responder') return [...common, ...company];
  return [
    ...common,
    ...company,
    { name: 'policy form', path: `/policies/${ids.policyId}/edit` },
    { name: 'policy form (new)', path: '/policies/new' },
    { name: 'incident form', path: `/incidents/${ids.incidentId}/edit` },
    incident('import'),
    incident('journal', 'journal-mapping'),
    { name: 'members', path: '/members' },
  ];
}

/** A browser context for a person, signed in through the API (its cookie is the context's), in a language. */
export async function personContext(browser: Browser, server: TestServer, person: Person, locale: TourLocale, width: number): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: locale === 'ja' ? 'ja-JP' : 'en-GB' });
  await context.addInitScript((lng) => localStorage.setItem('bct.locale', lng), locale);
  const credentials = person === 'finance' ? DEMO_CREDENTIALS : person === 'broker' ? DEMO_BROKER_CREDENTIALS : person === 'responder' ? RESPONDER : null;
  if (credentials) {
    const answer = await context.request.post(`${server.url}/trpc/auth.login`, { data: { email: credentials.email, password: credentials.password } });
    if (!answer.ok()) throw new Error(`sign-in of ${person} failed: ${answer.status()} ${await answer.text()}`);
  }
  return context;
}

const LOADING = ['読み込み中…', 'Loading…'];

/** How long a page of the tour may take to show: twice the usual wait, as the tour runs beside the other browser tests. */
const PAGE_WAIT = 2 * POLL.timeout;

/** Opens a page and waits until its content has loaded and the network is quiet. */
export async function openTourPage(page: Page, server: TestServer, target: TourPage): Promise<void> {
  page.setDefaultTimeout(PAGE_WAIT);
  await page.goto(`${server.url}${target.path}`);
  await page.locator('main').first().waitFor();
  if (target.ready) await page.getByTestId(target.ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction((texts) => !texts.some((text) => document.body.innerText.includes(text)), LOADING, { timeout: PAGE_WAIT, polling: 100 });
  // Fonts and lazily loaded chunks (the chart) settle before anything is measured.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
}

/**
 * Elements whose box reaches past the window's right edge, outside the horizontal scrollers a page marks
 * with data-scroll-x (the incident tabs, wide tables on a phone), and how far the page itself scrolls sideways.
 * An element cut off by an ancestor that hides its overflow within the window (a truncated name, text
 * only for screen readers) is not seen past the edge, so it does not count.
 */
export async function overflowOf(page: Page): Promise<{ pageScroll: number; elements: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const elements: string[] = [];
    const clippedWithin = (element: Element, right: number): boolean => {
      for (let a = element.parentElement; a && a !== document.body; a = a.parentElement) {
        const overflow = getComputedStyle(a).overflowX;
        if ((overflow === 'hidden' || overflow === 'clip') && a.getBoundingClientRect().right <= right + 0.5) return true;
      }
      return false;
    };
    for (const element of document.querySelectorAll('body *')) {
      if (element.closest('[data-scroll-x]')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 0.5 && !clippedWithin(element, width)) {
        const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
        elements.push(
          `<${element.tagName.toLowerCase()} class="${String(element.getAttribute('class') ?? '').slice(0, 60)}"> right ${Math.round(box.right)} px: "${text}"`,
        );
      }
    }
    return { pageScroll: document.documentElement.scrollWidth - width, elements };
  });
}

const AXE_SOURCE_PATH = new URL('../../node_modules/axe-core/axe.min.js', import.meta.url);
let axeSource: string | null = null;

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page (evaluated, so the app's Content-Security-Policy stays as it is); serious and critical findings. */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(AXE_SOURCE_PATH, 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
