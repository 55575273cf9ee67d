// Issue 13, "one request can carry a thousand calls": a tRPC batch is refused above MAX_BATCH_CALLS before
// any call runs; one claim export per company builds at a time, the others are told to wait (429); and an
// export of a ledger that has not changed answers its newest package instead of freezing another copy.
import { at, atLeast } from '../support/at.ts';
import type { OutputOf } from '../support/api-types.ts';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_CALLS } from '../../shared/api-limits.ts';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { EXPORTS_AT_ONCE_PER_COMPANY } from '../../server/packages/export-slots.ts';
import { COST, enterWorkedExample } from '../support/fixtures.ts';
import { signUpCompany, snapshot, startTestServer, type ApiAnswer, type TestServer, type WireBody } from '../support/server.ts';

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>>;
let b: Awaited<ReturnType<typeof signUpCompany>>;

/** The package ZIPs kept under DATA_DIR/packages. */
const packageFiles = () =>
  readdirSync(path.join(server.dataDir, 'packages'))
    .filter((name) => name.endsWith('.zip'))
    .sort();

/** A batched call as tRPC's own client sends it: the paths joined by commas, the inputs keyed by position. */
async function batch(method: 'GET' | 'POST', paths: string[], inputs: unknown[], cookie: string | null) {
  const body = JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input])));
  const url = `${server.url}/trpc/${paths.join(',')}?batch=1${method === 'GET' ? `&input=${encodeURIComponent(body)}` : ''}`;
  const began = performance.now();
  const response = await fetch(url, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    body: method === 'POST' ? body : undefined,
  });
  return { status: response.status, body: (await response.json()) as unknown, ms: performance.now() - began };
}

beforeAll(async () => {
  server = await startTestServer();
  a = await signUpCompany(server.url, 'BatchA');
  b = await signUpCompany(server.url, 'BatchB');
});
afterAll(async () => {
  await server?.close();
});

/** The error of a single (refused) batch's body. */
const errorOf = (body: unknown) => (body as WireBody).error;

describe('a batch of calls in one request', () => {
  it(`refuses 50 queries in one GET with 400 and a message naming the limit of ${MAX_BATCH_CALLS}, at once`, async () => {
    const answer = await batch(
      'GET',
      Array.from({ length: 50 }, () => 'broker.clients'),
      Array.from({ length: 50 }, () => ({})),
      a.client.cookie,
    );
    expect(answer.status).toBe(400);
    expect(errorOf(answer.body)?.data?.code).toBe('BAD_REQUEST');
    expect(errorOf(answer.body)?.message).toBe(`batch: at most ${MAX_BATCH_CALLS} calls in one request; send the others in further requests`);
    // Refused before any of the 50 ran (the probe's batch held the server 10 s).
    expect(answer.ms).toBeLessThan(1_000);
  });

  it('refuses 20 exports in one POST with 400, and nothing is built or recorded', async () => {
    const { incidentId } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2);
    const before = await snapshot(server.db);
    const answer = await batch(
      'POST',
      Array.from({ length: 20 }, () => 'claim.export'),
      Array.from({ length: 20 }, () => ({ incidentId })),
      a.client.cookie,
    );
    expect(answer.status).toBe(400);
    expect(errorOf(answer.body)?.message).toMatch(new RegExp(`^batch: at most ${MAX_BATCH_CALLS} calls`));
    expect(answer.ms).toBeLessThan(1_000);
    expect(await snapshot(server.db)).toBe(before);
    expect(packageFiles()).toEqual([]);
  });

  it(`answers a batch of exactly ${MAX_BATCH_CALLS} calls, each in its place (what the web client sends at most)`, async () => {
    const answer = await batch(
      'GET',
      Array.from({ length: MAX_BATCH_CALLS }, () => 'auth.me'),
      Array.from({ length: MAX_BATCH_CALLS }, () => ({})),
      a.client.cookie,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(MAX_BATCH_CALLS);
    for (const call of answer.body as WireBody[]) expect((call.result?.data as { userId: string }).userId).toBe(a.userId);
    expect(
      (
        await batch(
          'GET',
          Array.from({ length: MAX_BATCH_CALLS + 1 }, () => 'auth.me'),
          Array.from({ length: MAX_BATCH_CALLS + 1 }, () => ({})),
          a.client.cookie,
        )
      ).status,
    ).toBe(400);
  });

  it('refuses an anonymous oversized batch the same way, without a session', async () => {
    const answer = await batch(
      'GET',
      Array.from({ length: 50 }, () => 'auth.me'),
      Array.from({ length: 50 }, () => ({})),
      null,
    );
    expect(answer.status).toBe(400);
    expect(errorOf(answer.body)?.data?.code).toBe('BAD_REQUEST');
  });
});

describe('exports at the same moment', () => {
  it(`builds at most ${EXPORTS_AT_ONCE_PER_COMPANY} of 5 simultaneous exports of one company; the rest get 429 TOO_MANY_REQUESTS`, async () => {
    const incidents: string[] = [];
    for (let i = 0; i < 5; i++) incidents.push((await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2)).incidentId);
    const other = await enterWorkedExample(b.client, b.companyId, WORKED_EXAMPLE_2);

    // Counts the packages being built while the exports run (the server shares this process and its database).
    let most = 0;
    const building = () =>
      (server.db.$client.prepare("SELECT COUNT(*) AS n FROM claim_packages WHERE status = 'building' AND company_id = ?").get(a.companyId) as { n: number }).n;
    const watch = setInterval(() => (most = Math.max(most, building())), 2);
    let answers: ApiAnswer<OutputOf<'claim.export'>>[];
    let otherCompany: ApiAnswer<OutputOf<'claim.export'>>;
    try {
      [otherCompany, ...answers] = await Promise.all([
        b.client.mutate('claim.export', { incidentId: other.incidentId }),
        ...incidents.map(async (incidentId) => await a.client.mutate('claim.export', { incidentId })),
      ]);
    } finally {
      clearInterval(watch);
    }

    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(EXPORTS_AT_ONCE_PER_COMPANY);
    const refused = answers.filter((x) => x.status !== 200);
    // Five asked within a few milliseconds, each build takes far longer: some must have been refused.
    expect(refused.length).toBeGreaterThanOrEqual(5 - EXPORTS_AT_ONCE_PER_COMPANY - 1);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(answer.error?.code).toBe('TOO_MANY_REQUESTS');
      expect(answer.error?.message).toBe('export: a claim package of your company is being built; try again when it is done');
      expect(answer.headers.get('retry-after')).toBe('10');
    }
    // Another company's export is not held up by this one's.
    expect(otherCompany.status).toBe(200);
    expect(otherCompany.data.version).toBe(1);

    // Asked again one by one, every refused export is built; nothing was half made by the refusals.
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 200) continue;
      expect((await a.client.ok('mutate', 'claim.export', { incidentId: at(incidents, i) })).version).toBe(1);
    }
    const ready = server.db.$client.prepare("SELECT COUNT(*) AS n FROM claim_packages WHERE status = 'ready' AND company_id = ?").get(a.companyId) as {
      n: number;
    };
    expect(ready.n).toBe(5);
    expect(building()).toBe(0);
  }, 60_000);
});

describe('exporting a ledger that has not changed', () => {
  let incidentId: string;
  let first: { packageId: string; version: number; sha256: string };

  beforeAll(async () => {
    ({ incidentId } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2));
    first = await a.client.ok('mutate', 'claim.export', { incidentId });
  });

  it('answers the same package (id, version, SHA-256) and writes no new file', async () => {
    const files = packageFiles();
    const rows = await snapshot(server.db);
    const again = await a.client.ok('mutate', 'claim.export', { incidentId });
    expect(again).toEqual(first);
    expect(packageFiles()).toEqual(files);
    // Not even an audit entry: answering an existing package records nothing.
    expect(await snapshot(server.db)).toBe(rows);
    expect((await a.client.ok('query', 'claim.packages', { incidentId })).map((p) => p.version)).toEqual([1]);
    // The locale left out is Japanese, the same as asked explicitly.
    expect(await a.client.ok('mutate', 'claim.export', { incidentId, locale: 'ja' })).toEqual(first);
  });

  it("is not changed by exports themselves, this incident's or another's", async () => {
    const { incidentId: elsewhere } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_2);
    // Entering that incident recorded entries in the company's chain, which this package pins: a new version.
    const second = await a.client.ok('mutate', 'claim.export', { incidentId });
    expect(second.version).toBe(2);
    await a.client.ok('mutate', 'claim.export', { incidentId: elsewhere });
    const english = await a.client.ok('mutate', 'claim.export', { incidentId, locale: 'en' });
    expect(english.version).toBe(3);
    // Only exports since version 2: it is still the Japanese package, and version 3 the English one.
    expect(await a.client.ok('mutate', 'claim.export', { incidentId })).toEqual(second);
    expect(await a.client.ok('mutate', 'claim.export', { incidentId, locale: 'en' })).toEqual(english);
  });

  it('builds a new version after a real change, and answers that one from then on', async () => {
    const files = packageFiles();
    const [line] = atLeast((await a.client.ok('query', 'cost.list', { incidentId, limit: 1 })).items, 1);
    await a.client.ok('mutate', 'cost.approve', { ids: [line.id], approved: true });
    const changed = await a.client.ok('mutate', 'claim.export', { incidentId });
    expect(changed.version).toBe(4);
    expect(changed.sha256).not.toBe(first.sha256);
    expect(packageFiles()).toEqual([...files, `${changed.packageId}.zip`].sort());
    expect(await a.client.ok('mutate', 'claim.export', { incidentId })).toEqual(changed);

    // A new line, too.
    await a.client.ok('mutate', 'cost.create', { incidentId, ...COST });
    expect((await a.client.ok('mutate', 'claim.export', { incidentId })).version).toBe(5);
  });

  it('keeps the audit chain intact through reused answers', async () => {
    const verified = await a.client.ok('query', 'audit.verify', { companyId: a.companyId });
    expect(verified).toMatchObject({ ok: true });
  });
});
