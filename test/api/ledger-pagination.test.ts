// The ledger at scale (issue 5): keyset pages that return every line exactly once in every sort, even while
// lines are being added, and the server-side text search (`q`) on cost.list and cost.totals.
import type { InputOf, OutputOf } from '../support/api-types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillLedgerIn } from '../../bench/support/fill-ledger.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { signUpCompany, snapshot, startTestServer, type ApiClient, type TestServer } from '../support/server.ts';
import { sqlRows } from '../support/sql.ts';

let server: TestServer;
let client: ApiClient;
let companyId: string;
let userId: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ client, companyId, userId } = await signUpCompany(server.url));
});
afterAll(async () => await server.close());

const SORTS = ['incurredOn', 'amount', 'category', 'createdAt'] as const;
const COLUMNS = { incurredOn: 'incurred_on', amount: 'amount', category: 'category', createdAt: 'created_at' } as const;

/** A fresh incident (with the fixture's one line) and `lines` more written straight into the database; their ids in order. */
async function incidentWithLines(lines: number) {
  const { incidentId } = await setUpIncident(client, companyId);
  const filled = await fillLedgerIn(server.db, { incidentId, companyId, userId }, lines);
  return { incidentId, filled };
}

/** Every page of cost.list under `input`, with a hook that runs between two page requests. */
async function allPages(input: Omit<InputOf<'cost.list'>, 'cursor'>, between?: (page: number) => Promise<void>) {
  const items: OutputOf<'cost.list'>['items'] = [];
  let cursor: string | null = null;
  let page = 0;
  do {
    if (page > 0) await between?.(page);
    const answer: OutputOf<'cost.list'> = await client.ok('query', 'cost.list', { ...input, cursor });
    items.push(...answer.items);
    cursor = answer.nextCursor;
    page += 1;
  } while (cursor);
  return items;
}

async function liveIds(incidentId: string, sort: (typeof SORTS)[number], order: 'asc' | 'desc'): Promise<string[]> {
  const column = COLUMNS[sort];
  const rows = await sqlRows<{ id: string }>(
    server.db,
    `SELECT id FROM costs WHERE incident_id = ? AND deleted_at IS NULL ORDER BY ${column} ${order}, id ${order}`,
    incidentId,
  );
  return rows.map((r) => r.id);
}

describe('keyset pages over 2,500 lines', () => {
  it('returns every live line exactly once, in order, for every sort and direction', async () => {
    const { incidentId, filled } = await incidentWithLines(2_500);
    // A few deleted lines must not show, nor shift the pages: the 101st to 105th written (the fixture's line first).
    const deleted = filled.slice(99, 104).map((id) => ({ id }));
    for (const { id } of deleted) await client.ok('mutate', 'cost.delete', { id });

    for (const sort of SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        const items = await allPages({ incidentId, sort, order, limit: 100 });
        const expected = await liveIds(incidentId, sort, order);
        expect(expected).toHaveLength(2_496);
        expect(
          items.map((i) => i.id),
          `${sort} ${order}`,
        ).toEqual(expected);
        // The order is the sort column's (ties broken by id), as the user sees it.
        const values = items.map((i) => i[sort]);
        const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(values).toEqual(order === 'asc' ? sorted : sorted.reverse());
        expect(items.some((i) => deleted.some((d) => d.id === i.id))).toBe(false);
      }
    }
  });

  it('sees every line that existed once, and none twice, while lines are added between pages', async () => {
    const { incidentId } = await incidentWithLines(1_000);
    // Before each page, one line is added that sorts before the cursor (already passed) and one after it
    // (still to come). The filled lines are dated July 2026 with amounts from ¥500 to ¥500,999.
    const cases = [
      { sort: 'incurredOn', order: 'desc', behind: () => ({ incurredOn: '2026-08-01' }), ahead: () => ({ incurredOn: '2026-05-01' }) },
      { sort: 'incurredOn', order: 'asc', behind: () => ({ incurredOn: '2026-05-02' }), ahead: () => ({ incurredOn: '2026-08-02' }) },
      { sort: 'amount', order: 'asc', behind: (page: number) => ({ amount: 1 + page }), ahead: (page: number) => ({ amount: 900_000 + page }) },
      { sort: 'amount', order: 'desc', behind: (page: number) => ({ amount: 9_000_000 + page }), ahead: (page: number) => ({ amount: 100 + page }) },
      // A new line is always the newest: in ascending order of creation both are still to come.
      { sort: 'createdAt', order: 'asc', behind: null, ahead: () => ({}) },
    ] as const;
    for (const { sort, order, behind, ahead } of cases) {
      const before = await liveIds(incidentId, sort, order);
      const added: { id: string; ahead: boolean }[] = [];
      const create = async (fields: Partial<InputOf<'cost.create'>>, isAhead: boolean) => {
        const { id } = await client.ok('mutate', 'cost.create', { incidentId, ...COST, ...fields });
        added.push({ id, ahead: isAhead });
      };
      const items = await allPages({ incidentId, sort, order, limit: 100 }, async (page) => {
        if (behind) await create(behind(page), false);
        await create(ahead(page), true);
      });
      const seen = items.map((i) => i.id);
      expect(new Set(seen).size, `${sort} ${order}: no duplicates`).toBe(seen.length);
      for (const id of before) expect(seen.filter((s) => s === id)).toHaveLength(1);
      for (const a of added) expect(seen.includes(a.id), `${sort} ${order}: a line added ${a.ahead ? 'ahead of' : 'behind'} the cursor`).toBe(a.ahead);
      expect(seen).toHaveLength(before.length + added.filter((a) => a.ahead).length);
    }
  });
});

describe('text search (q)', () => {
  let incidentId: string;
  const line = async (fields: Partial<InputOf<'cost.create'>>) => (await client.ok('mutate', 'cost.create', { incidentId, ...COST, ...fields })).id;
  let ids: Record<string, string>;

  beforeAll(async () => {
    ({ incidentId } = await incidentWithLines(3_000));
    ids = {
      callCenter: await line({ category: 'communications', vendor: 'コールセンター東京株式会社', amount: 1_234_567, description: '7月分 架電対応' }),
      callCenterNotice: await line({ category: 'public_notice', stage: 'estimate', vendor: '第二コールセンター', amount: 300_000 }),
      forensic: await line({ category: 'investigation', vendor: 'フォレンジック社', description: 'Forensic REPORT 第2報', amount: 2_000_000 }),
      acme: await line({ category: 'consulting', vendor: 'ACME Security KK', amount: 450_000, stage: 'paid' }),
      percent: await line({ category: 'communications', vendor: '100% 還元キャンペーン', amount: 10_000 }),
      underscore: await line({ category: 'communications', vendor: 'call_log 保管', amount: 20_000 }),
      // What an unescaped LIKE pattern would wrongly match: '_' for any one character, '%' for any run.
      dash: await line({ category: 'communications', vendor: 'call-log 転送', amount: 30_000 }),
      points: await line({ category: 'communications', vendor: '100 ポイント 還元', amount: 40_000 }),
      claimant: await line({ category: 'damages', source: 'third_party', claimant: '取引先 Kobe Trading', amount: 5_000_000 }),
    };
  });

  const search = async (input: Partial<InputOf<'cost.list'>>) => {
    const items = await allPages({ incidentId, limit: 1_000, ...input });
    const totals = await client.ok('query', 'cost.totals', { incidentId, ...input });
    return { ids: items.map((i) => i.id).sort(), items, totals };
  };
  const sorted = (...names: string[]) => names.map((n) => ids[n]).sort();

  it('finds a vendor in Japanese, and sums just the matching lines', async () => {
    const found = await search({ q: 'コールセンター' });
    expect(found.ids).toEqual(sorted('callCenter', 'callCenterNotice'));
    expect(found.totals.count).toBe(2);
    expect(found.totals.byStage.estimate).toEqual({ count: 1, amount: 300_000 });
    expect(found.totals.byStage.invoiced).toEqual({ count: 1, amount: 1_234_567 });
    expect(found.totals.claimedAmount).toBe(1_234_567);
    expect(found.totals.projectedAmount).toBe(1_534_567);
    // Surrounding spaces are not part of the search.
    expect((await search({ q: '  コールセンター　 ' })).ids).toEqual(found.ids);
  });

  it('matches the description and the claimant, ASCII letters in any case', async () => {
    expect((await search({ q: 'forensic report' })).ids).toEqual(sorted('forensic'));
    expect((await search({ q: '架電' })).ids).toEqual(sorted('callCenter'));
    expect((await search({ q: 'acme security' })).ids).toEqual(sorted('acme'));
    expect((await search({ q: 'aCmE' })).ids).toEqual(sorted('acme'));
    expect((await search({ q: 'KOBE' })).ids).toEqual(sorted('claimant'));
    // The filled lines' vendors are "Vendor 0" … "Vendor 199": a search reaches all 3,000 of them too.
    const vendor7 = await search({ q: 'vendor 7' });
    const [sums] = await sqlRows(
      server.db,
      "SELECT COUNT(*) AS n, SUM(amount) AS amount FROM costs WHERE incident_id = ? AND deleted_at IS NULL AND (vendor LIKE 'Vendor 7%')",
      incidentId,
    );
    const expected = { n: Number(sums?.n), amount: Number(sums?.amount) };
    expect(vendor7.ids).toHaveLength(expected.n);
    expect(vendor7.totals.count).toBe(expected.n);
    expect(vendor7.totals.projectedAmount).toBe(expected.amount);
    expect(vendor7.items.reduce((sum, i) => sum + i.amount, 0)).toBe(expected.amount);
  });

  it('treats % and _ literally', async () => {
    expect((await search({ q: '%' })).ids).toEqual(sorted('percent'));
    expect((await search({ q: '100% 還元' })).ids).toEqual(sorted('percent'));
    expect((await search({ q: '_' })).ids).toEqual(sorted('underscore'));
    expect((await search({ q: 'call_log' })).ids).toEqual(sorted('underscore'));
    expect((await search({ q: 'call-log' })).ids).toEqual(sorted('dash'));
    const none = await search({ q: '%_' });
    expect(none.ids).toEqual([]);
    expect(none.totals).toMatchObject({ count: 0, claimedAmount: 0, projectedAmount: 0 });
    const percent = await search({ q: '%', category: 'communications' });
    expect(percent.totals).toMatchObject({ count: 1, claimedAmount: 10_000 });
  });

  it('combines with the category and other filters, in every sort', async () => {
    const inCategory = await search({ q: 'コールセンター', category: 'communications' });
    expect(inCategory.ids).toEqual(sorted('callCenter'));
    expect(inCategory.totals).toMatchObject({ count: 1, claimedAmount: 1_234_567 });
    expect((await search({ q: 'コールセンター', stage: 'estimate' })).ids).toEqual(sorted('callCenterNotice'));
    expect((await search({ q: 'kobe', source: 'third_party' })).ids).toEqual(sorted('claimant'));
    expect((await search({ q: 'kobe', source: 'insured' })).ids).toEqual([]);
    expect((await search({ q: 'acme', approval: 'unapproved', review: 'unreviewed' })).ids).toEqual(sorted('acme'));

    // Page by page in every sort, the search returns the matching lines once each, in order.
    const expected = await sqlRows<{ id: string }>(
      server.db,
      "SELECT id FROM costs WHERE incident_id = ? AND deleted_at IS NULL AND lower(vendor) LIKE '%vendor 19%'",
      incidentId,
    );
    for (const sort of SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        const items = await allPages({ incidentId, q: 'VENDOR 19', sort, order, limit: 20 });
        expect(expected.length).toBeGreaterThan(100);
        expect(items.map((i) => i.id).sort()).toEqual(expected.map((e) => e.id).sort());
        const values = items.map((i) => i[sort]);
        const inOrder = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(values).toEqual(order === 'asc' ? inOrder : inOrder.reverse());
      }
    }
  });
});

describe('bad input and other companies', () => {
  it('refuses a search longer than 100 characters, or empty, and changes nothing', async () => {
    const { incidentId } = await setUpIncident(client, companyId);
    const before = await snapshot(server.db);
    for (const q of ['あ'.repeat(101), 'x'.repeat(101), '   ']) {
      for (const name of ['cost.list', 'cost.totals'] as const) {
        const answer = await client.query(name, { incidentId, q });
        expect(answer.status, `${name} ${q.length}`).toBe(400);
        expect(answer.error?.code).toBe('BAD_REQUEST');
        expect(answer.error?.message).toContain('q:');
      }
    }
    expect((await client.query('cost.list', { incidentId, q: 'x'.repeat(100) })).status).toBe(200);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('answers NOT_FOUND for another company’s incident, with or without a search', async () => {
    const { incidentId } = await setUpIncident(client, companyId);
    const other = await signUpCompany(server.url, 'B');
    for (const input of [{ incidentId, q: 'フォレンジック' }, { incidentId }]) {
      expect((await other.client.query('cost.list', input)).error?.code).toBe('NOT_FOUND');
      expect((await other.client.query('cost.totals', input)).error?.code).toBe('NOT_FOUND');
    }
  });
});
