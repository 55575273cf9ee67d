// The calendar feed over real HTTP: a member makes a secret URL, a calendar app fetches it without a
// cookie and reads one all-day event per open deadline (parsed here with ical.js); a new URL stops the
// old one, stopping the feed stops both; another company's deadlines never appear; the secret never
// reaches the request log.
import { must } from '../support/at.ts';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/db/schema.ts';
import { createAppServer } from '../../server/http/server.ts';
import { openStorage } from '../../server/storage.ts';
import { addDays, todayInJapan } from '../../shared/dates.ts';
import { INCIDENT, POLICY, setUpIncident } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, startTestServer, type TestServer } from '../support/server.ts';
import { at } from '../support/at.ts';
import { sqlRows } from '../support/sql.ts';

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>>;
let b: Awaited<ReturnType<typeof signUpCompany>>;
/** The fixture incident (aware 2026-06-02): every duty owed is late by now. */
let oldIncident: string;
/** Discovered two days ago: the first report is due soon, the rest upcoming. */
let freshIncident: string;
let freshAware: string;
let bIncident: string;

interface FeedEvent {
  uid: string;
  summary: string;
  description: string;
  url: string;
  start: string;
  end: string;
  allDay: boolean;
  alarm: string | null;
}

async function fetchFeed(url: string) {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

function eventsOf(body: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(body) as unknown[]);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const alarm = vevent.getFirstSubcomponent('valarm');
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      url: String(vevent.getFirstPropertyValue('url')),
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate,
      alarm: alarm ? `${String(alarm.getFirstPropertyValue('action'))} ${String(alarm.getFirstPropertyValue('trigger'))}` : null,
    };
  });
}

beforeAll(async () => {
  server = await startTestServer();
  a = await signUpCompany(server.url, 'A');
  const setUp = await setUpIncident(a.client, a.companyId);
  oldIncident = setUp.incidentId;
  freshAware = addDays(todayInJapan(), -2);
  freshIncident = (
    await a.client.ok('mutate', 'incident.create', {
      policyId: setUp.policyId,
      ...INCIDENT,
      title: '委託先, 経由; の漏えい',
      occurredOn: freshAware,
      discoveredOn: freshAware,
    })
  ).id;
  b = await signUpCompany(server.url, 'B');
  const bPolicy = await b.client.ok('mutate', 'policy.create', { companyId: b.companyId, ...POLICY });
  bIncident = (await b.client.ok('mutate', 'incident.create', { policyId: bPolicy.id, ...INCIDENT, title: 'B社の事故' })).id;
});
afterAll(async () => await server.close());

describe('a member’s feed', () => {
  let firstUrl: string;
  let secondUrl: string;

  it('is off until the member makes one', async () => {
    expect(await a.client.ok('query', 'calendar.status', {})).toEqual({ active: false, createdAt: null });
  });

  it('answers its URL once, on the app’s address', async () => {
    ({ url: firstUrl } = await a.client.ok('mutate', 'calendar.rotate', {}));
    expect(firstUrl).toMatch(new RegExp(`^${server.url}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    const status = await a.client.ok('query', 'calendar.status', {});
    expect(status.active).toBe(true);
    expect(Date.parse(must(status.createdAt, 'createdAt'))).toBeGreaterThan(Date.now() - 60_000);
    // Only the hash is stored: the secret is nowhere in the database.
    const secret = firstUrl.split('/').pop()!.replace('.ics', '');
    expect(JSON.stringify(await sqlRows(server.db, 'SELECT * FROM calendar_feeds'))).not.toContain(secret);
  });

  it('is an iCalendar file with CRLF lines of at most 75 octets, fetched without a cookie', async () => {
    const feed = await fetchFeed(firstUrl);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe('text/calendar; charset=utf-8');
    expect(feed.body.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(feed.body).toContain('\r\nX-WR-CALNAME:事故対応の期限（Breach deadlines）\r\n');
    expect(feed.body).toContain('\r\nX-WR-TIMEZONE:Asia/Tokyo\r\n');
    expect(feed.body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of feed.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('has one all-day event on the due day of each open deadline, the late ones marked, with the rule, the link and an alarm a day before', async () => {
    const events = eventsOf((await fetchFeed(firstUrl)).body);
    const shown = events.map((e) => `${e.start} ${e.summary}`).sort();
    expect(shown).toEqual(
      [
        // The older incident: insurer day 7, first report day 5, final report and persons' notice day 30.
        '2026-06-08 【期限超過】保険会社への事故通知（顧客DB漏えい）',
        '2026-06-06 【期限超過】個人情報保護委員会への速報（顧客DB漏えい）',
        '2026-07-01 【期限超過】個人情報保護委員会への確報（顧客DB漏えい）',
        '2026-07-01 【期限超過】本人への通知（顧客DB漏えい）',
        `${addDays(freshAware, 6)} 保険会社への事故通知（委託先, 経由; の漏えい）`,
        `${addDays(freshAware, 4)} 個人情報保護委員会への速報（委託先, 経由; の漏えい）`,
        `${addDays(freshAware, 29)} 個人情報保護委員会への確報（委託先, 経由; の漏えい）`,
        `${addDays(freshAware, 29)} 本人への通知（委託先, 経由; の漏えい）`,
      ].sort(),
    );
    // Not shown: the client's notice (not owed: not a contractor) and the claim limits (nothing paid yet).
    expect(events.some((e) => e.summary.includes('委託元への通知') || e.summary.includes('時効'))).toBe(false);
    const first = events.find((e) => e.uid === `${freshIncident}-regulator_first@127.0.0.1`)!;
    expect(first).toMatchObject({ allDay: true, start: addDays(freshAware, 4), end: addDays(freshAware, 5), alarm: 'DISPLAY -P1D' });
    expect(first.url).toBe(`${server.url}/incidents/${freshIncident}`);
    expect(first.description).toContain('根拠：知った日から概ね3〜5日以内（5日目まで、土日祝日を含む）。');
    expect(first.description).toContain('First report to the PPC: About 3–5 days from the day of awareness');
    expect(first.description).toContain(`${server.url}/incidents/${freshIncident}`);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    expect(events.every((e) => e.uid.startsWith(oldIncident) || e.uid.startsWith(freshIncident))).toBe(true);
  });

  it('keeps its events’ UIDs from one fetch to the next, so calendars update rather than duplicate', async () => {
    const uids = (body: string) =>
      eventsOf(body)
        .map((e) => e.uid)
        .sort();
    expect(uids((await fetchFeed(firstUrl)).body)).toEqual(uids((await fetchFeed(firstUrl)).body));
  });

  it('stops answering at the old URL once a new one is made; the new one works', async () => {
    ({ url: secondUrl } = await a.client.ok('mutate', 'calendar.rotate', {}));
    expect(secondUrl).not.toBe(firstUrl);
    expect((await fetchFeed(firstUrl)).status).toBe(404);
    const fresh = await fetchFeed(secondUrl);
    expect(fresh.status).toBe(200);
    expect(eventsOf(fresh.body)).toHaveLength(8);
  });

  it('stops answering once stopped, and says so in the status', async () => {
    expect(await a.client.ok('mutate', 'calendar.revoke', {})).toEqual({ ok: true });
    expect((await fetchFeed(secondUrl)).status).toBe(404);
    expect((await fetchFeed(firstUrl)).status).toBe(404);
    expect(await a.client.ok('query', 'calendar.status', {})).toEqual({ active: false, createdAt: null });
    // Stopping a feed that is already stopped is no error.
    expect(await a.client.ok('mutate', 'calendar.revoke', {})).toEqual({ ok: true });
  });

  it('keeps no copy of the secret for a retry with the same Idempotency-Key: the retry makes a new URL instead', async () => {
    const key = { 'Idempotency-Key': `calendar-rotate-${Date.now()}` };
    const first = await a.client.mutate('calendar.rotate', {}, key);
    const secret = must(first.data.url.split('/').pop(), 'the secret').replace('.ics', '');
    expect(JSON.stringify(await sqlRows(server.db, 'SELECT * FROM idempotency_keys'))).not.toContain(secret);
    const retry = await a.client.mutate('calendar.rotate', {}, key);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.data.url).not.toBe(first.data.url);
    expect((await fetchFeed(first.data.url)).status).toBe(404);
    expect((await fetchFeed(retry.data.url)).status).toBe(200);
    await a.client.ok('mutate', 'calendar.revoke', {});
  });

  it('answers 404 for a secret that was never made, or is not even shaped like one', async () => {
    for (const path of ['/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics', '/calendar/short.ics', '/calendar/x', '/calendar/']) {
      expect((await fetchFeed(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe('scoping', () => {
  it('shows each member only their own companies’ deadlines', async () => {
    const { url: aUrl } = await a.client.ok('mutate', 'calendar.rotate', {});
    const { url: bUrl } = await b.client.ok('mutate', 'calendar.rotate', {});
    const aBody = (await fetchFeed(aUrl)).body;
    const bEvents = eventsOf((await fetchFeed(bUrl)).body);
    expect(bEvents).toHaveLength(4);
    expect(bEvents.every((e) => e.uid.startsWith(`${bIncident}-`) && e.summary.includes('B社の事故'))).toBe(true);
    expect(aBody).not.toContain(bIncident);
    expect(aBody).not.toContain('B社の事故');
  });

  it('answers 404 for the feed of an account that was disabled', async () => {
    const responder = new ApiClient(server.url);
    const { token } = await a.client.ok('mutate', 'company.invite', { companyId: a.companyId, role: 'responder' });
    const { userId } = await responder.ok('mutate', 'auth.acceptInvite', {
      token,
      email: `leaver-${Date.now()}@example.jp`,
      password: 'correct horse battery',
      name: '退職者',
    });
    const { url } = await responder.ok('mutate', 'calendar.rotate', {});
    expect(eventsOf((await fetchFeed(url)).body)).toHaveLength(8);
    await server.db.update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, userId));
    expect((await fetchFeed(url)).status).toBe(404);
  });
});

describe('the request log', () => {
  it('names the feed’s route, never its secret', async () => {
    const lines: string[] = [];
    const logged = createAppServer({
      db: server.db,
      storage: openStorage(server.dataDir),
      log: (line) => lines.push(line),
      appUrl: 'https://claims.example.jp',
    });
    await new Promise<void>((resolve) => logged.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(logged.address() as AddressInfo).port}`;
      const client = new ApiClient(base);
      await client.ok('mutate', 'auth.login', { email: a.email, password: 'correct horse battery' });
      const { url } = await client.ok('mutate', 'calendar.rotate', {});
      // APP_URL given: the URL is on it, and the events' UIDs name its host.
      expect(url).toMatch(/^https:\/\/claims\.example\.jp\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      const secret = url.split('/').pop()!.replace('.ics', '');
      const feed = await fetchFeed(`${base}/calendar/${secret}.ics`);
      expect(at(eventsOf(feed.body), 0).uid).toMatch(/@claims\.example\.jp$/);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lines.join('\n')).toContain('"path":"/calendar/[secret].ics"');
      expect(lines.join('\n')).not.toContain(secret);
    } finally {
      logged.closeAllConnections();
      await new Promise<void>((resolve) => logged.close(() => resolve()));
    }
  });
});
