// The policy year over real HTTP (docs/rules.md §4): incidents share the period's aggregates, the rider needs a
// main payment, the deductible comes off damages only, defence costs within the limit or pro rata, the
// condolence cap per person, damages counted once agreed, the response window, prior claims, settlements.
import type { InputOf, MutationPath } from '../support/api-types.ts';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyPeriodLedger } from '../../server/claims/period.ts';
import { firstRow } from '../../server/db/rows.ts';
import { policies } from '../../server/db/schema.ts';
import { transact } from '../../server/db/transaction.ts';
import { POLICY, type CostFields } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Counts the queries sent on a PostgreSQL connection while another query of it is still running: each client's
 * promised queries are counted in flight until they settle (pg's own `activeQuery` is deprecated).
 */
function countOverlappingQueries() {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  const inFlight = new WeakMap<object, number>();
  let overlapping = 0;
  prototype.query = function (this: object, ...args: unknown[]) {
    const running = inFlight.get(this) ?? 0;
    if (running > 0) overlapping += 1;
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      inFlight.set(this, running + 1);
      const settled = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
      result.then(settled, settled);
    }
    return result;
  };
  return {
    stop: () => {
      prototype.query = original;
      return overlapping;
    },
  };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => await server.close());

const INCIDENT = { title: '顧客DB漏えい', kind: 'leak', occurredOn: '2026-06-01', discoveredOn: '2026-06-02' } satisfies Omit<
  InputOf<'incident.create'>,
  'policyId'
>;

async function policyWith(client: ApiClient, companyId: string, terms: Partial<InputOf<'policy.create'>> = {}) {
  return (await client.ok('mutate', 'policy.create', { companyId, ...POLICY, ...terms })).id;
}

async function incidentOn(client: ApiClient, policyId: string, discoveredOn: string, extra: Partial<InputOf<'incident.create'>> = {}) {
  return (await client.ok('mutate', 'incident.create', { policyId, ...INCIDENT, occurredOn: discoveredOn, discoveredOn, ...extra })).id;
}

async function line(client: ApiClient, incidentId: string, fields: CostFields<'stage' | 'incurredOn'>) {
  return (await client.ok('mutate', 'cost.create', { incidentId, stage: 'invoiced', incurredOn: '2026-06-10', ...fields })).id;
}

/** Walks a claim to the insurer the way the app does: exported, submitted to a broker, accepted, sent on. */
async function sendToInsurer(client: ApiClient, companyId: string, incidentId: string) {
  const broker = new ApiClient(server.url);
  const brokerEmail = `broker-${incidentId}@example.jp`;
  await broker.ok('mutate', 'auth.signup', {
    email: brokerEmail,
    password: 'correct horse battery',
    name: '代理 花子',
    companyName: `代理店 ${incidentId}`,
    kind: 'broker',
  });
  const { brokerCompanyId } = await client.ok('mutate', 'company.grantBroker', { companyId, brokerEmail });
  const { packageId } = await client.ok('mutate', 'claim.export', { incidentId });
  await client.ok('mutate', 'claim.submit', { incidentId, packageId, brokerCompanyId });
  await broker.ok('mutate', 'claim.setStatus', { incidentId, status: 'accepted' });
  await broker.ok('mutate', 'claim.setStatus', { incidentId, status: 'sent_to_insurer' });
}

const summaryOf = async (client: ApiClient, incidentId: string, locale: 'ja' | 'en' = 'ja') =>
  await client.ok('query', 'claim.summary', { incidentId, locale });

describe('incidents of one policy year share its limits', () => {
  it('two breaches of ¥25,000,000 each under a ¥30,000,000 expense limit pay ¥25,000,000 and ¥5,000,000, not ¥50,000,000', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Two');
    const policyId = await policyWith(client, companyId);
    // Entered second but discovered first: the order of discovery decides, not the order of entry.
    const later = await incidentOn(client, policyId, '2026-09-01');
    const earlier = await incidentOn(client, policyId, '2026-06-02');
    await line(client, later, { category: 'investigation', amount: 25_000_000 });
    await line(client, earlier, { category: 'public_notice', amount: 25_000_000 });

    const first = await summaryOf(client, earlier);
    expect(first).toMatchObject({
      costsPayable: 25_000_000,
      totalPayable: 25_000_000,
      expenseAggregate: 30_000_000,
      expenseUsedElsewhere: 0,
      expenseLeft: 5_000_000,
    });
    const second = await summaryOf(client, later);
    expect(second).toMatchObject({
      expenseIncurred: 25_000_000,
      costsPayable: 5_000_000,
      totalPayable: 5_000_000,
      expenseUsedElsewhere: 25_000_000,
      expenseLeft: 0,
    });
    expect(second.steps).toContain(
      '② 費用保険金: 費用総支払限度額 ¥30,000,000 のうち同じ保険期間の先の事故・既払で ¥25,000,000 使用済み、残り ¥5,000,000。¥25,000,000 > ¥5,000,000 → ¥5,000,000',
    );
    expect(second.warnings.map((w) => w.code)).toContain('limits_used_elsewhere');

    const period = await client.ok('query', 'policy.period', { id: policyId });
    expect(period.expense).toEqual({ aggregate: 30_000_000, prior: 0, byIncidents: 30_000_000, left: 0 });
    expect(period.incidents.map((i) => [i.id, i.totalPayable, i.used.expense])).toEqual([
      [earlier, 25_000_000, 25_000_000],
      [later, 5_000_000, 5_000_000],
    ]);
  });

  it('reads the policy year inside a transaction as outside it, one query at a time on its one connection', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'InTx');
    const policyId = await policyWith(client, companyId);
    for (const day of ['2026-06-02', '2026-07-02', '2026-08-02']) {
      await line(client, await incidentOn(client, policyId, day), { category: 'investigation', amount: 1_000_000 });
    }
    const policy = (await firstRow(server.db.select().from(policies).where(eq(policies.id, policyId))))!;
    const outside = await policyPeriodLedger(server.db, policy);
    expect(outside.map((entry) => entry.used.expense)).toEqual([1_000_000, 1_000_000, 1_000_000]);
    // A transaction has one connection: a query sent on it while another runs is queued by node-postgres
    // (deprecated, refused from pg 9). Counted on every PostgreSQL client; SQLite has none.
    const overlaps = countOverlappingQueries();
    try {
      expect(await transact(server.db, async (tx) => await policyPeriodLedger(tx, policy))).toEqual(outside);
    } finally {
      expect(overlaps.stop()).toBe(0);
    }
  });

  it('exports a package reading the earlier incidents one query at a time on its snapshot’s one connection', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Snapshot');
    const policyId = await policyWith(client, companyId);
    const incidents: string[] = [];
    for (const day of ['2026-06-02', '2026-07-02', '2026-08-02']) {
      incidents.push(await incidentOn(client, policyId, day));
      await line(client, incidents.at(-1)!, { category: 'investigation', amount: 1_000_000 });
    }
    const last = incidents.at(-1)!;
    const summary = await summaryOf(client, last);
    // The package reads the ledger and the policy year from a snapshot: one connection on PostgreSQL.
    const overlaps = countOverlappingQueries();
    let exported: { packageId: string };
    try {
      exported = await client.ok('mutate', 'claim.export', { incidentId: last });
    } finally {
      expect(overlaps.stop()).toBe(0);
    }
    const packages = await client.ok('query', 'claim.packages', { incidentId: last });
    expect(packages.map((p) => p.id)).toContain(exported.packageId);
    expect(summary.costsPayable).toBe(1_000_000);
  });

  it('counts claims paid before the app was used, and the liability aggregate across incidents', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Prior');
    const policyId = await policyWith(client, companyId, { priorExpensePaid: 28_000_000, priorLiabilityPaid: 60_000_000, liabilityLimitPerClaim: 50_000_000 });
    const a = await incidentOn(client, policyId, '2026-06-02');
    const b = await incidentOn(client, policyId, '2026-07-01');
    await line(client, a, { category: 'investigation', amount: 5_000_000 });
    await line(client, a, { category: 'damages', stage: 'agreed', amount: 45_000_000, source: 'third_party', claimant: '株式会社C' });
    await line(client, b, { category: 'damages', stage: 'paid', amount: 45_000_000, source: 'third_party', claimant: '株式会社D' });
    // a: expenses 5M against the 2M left; liability 45M < per claim 50M and < 40M left? 40M left → 40M.
    expect(await summaryOf(client, a)).toMatchObject({
      costsPayable: 2_000_000,
      liabilityPayable: 40_000_000,
      liabilityUsedElsewhere: 60_000_000,
      liabilityLeft: 0,
      totalPayable: 42_000_000,
    });
    // b finds the liability aggregate used up.
    expect(await summaryOf(client, b)).toMatchObject({ liabilityPayable: 0, liabilityUsedElsewhere: 100_000_000, totalPayable: 0 });
  });

  it('a settled incident uses what the insurer paid, split per limit', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Settled');
    const policyId = await policyWith(client, companyId);
    const a = await incidentOn(client, policyId, '2026-06-02');
    const b = await incidentOn(client, policyId, '2026-08-01');
    await line(client, a, { category: 'investigation', amount: 20_000_000 });
    await line(client, b, { category: 'investigation', amount: 20_000_000 });
    expect((await summaryOf(client, b)).costsPayable).toBe(10_000_000);
    await sendToInsurer(client, companyId, a);
    // The insurer paid less on the first claim than computed: more is left for the second.
    const refused = await client.mutate('claim.settle', {
      incidentId: a,
      paidAmount: 12_000_000,
      settledOn: '2026-12-01',
      expensePaid: 12_000_000,
      restorationPaid: 0,
    });
    expect(refused.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(refused.error!.message).toContain('liabilityPaid');
    await client.ok('mutate', 'claim.settle', {
      incidentId: a,
      paidAmount: 12_000_000,
      settledOn: '2026-12-01',
      expensePaid: 12_000_000,
      restorationPaid: 0,
      liabilityPaid: 0,
    });
    expect(await summaryOf(client, b)).toMatchObject({ expenseUsedElsewhere: 12_000_000, costsPayable: 18_000_000 });
    const period = await client.ok('query', 'policy.period', { id: policyId });
    expect(period.incidents[0]).toMatchObject({ id: a, settled: true, used: { expense: 12_000_000, restoration: 0, liability: 0 } });
  });
});

describe('the wording, line by line', () => {
  it('the restoration rider pays only with a liability or expense payment for the same cause', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Rider');
    const incidentId = await incidentOn(client, await policyWith(client, companyId), '2026-06-02');
    const restoration = await line(client, incidentId, { category: 'restoration', stage: 'paid', amount: 2_000_000 });
    const alone = await summaryOf(client, incidentId);
    expect(alone).toMatchObject({ restorationIncurred: 2_000_000, restorationPaid: 0, restorationBlocked: 'no_main_payment', totalPayable: 0 });
    expect(alone.excluded).toEqual([{ costId: restoration, reason: 'no_main_payment' }]);
    expect(alone.steps.join('\n')).toContain('特約からは支払われません → ¥0');
    await line(client, incidentId, { category: 'communications', amount: 100_000 });
    expect(await summaryOf(client, incidentId)).toMatchObject({ restorationPaid: 1_800_000, totalPayable: 1_900_000, excluded: [] });
  });

  it('takes the deductible from damages only: ¥500,000 of damages and ¥700,000 of defence under a ¥1,000,000 deductible pay ¥700,000', async () => {
    for (const defenceCosts of ['within_limit', 'pro_rata'] as const) {
      const { client, companyId } = await signUpCompany(server.url, `Ded-${defenceCosts}`);
      const incidentId = await incidentOn(client, await policyWith(client, companyId, { deductible: 1_000_000, defenceCosts }), '2026-06-02');
      await line(client, incidentId, { category: 'damages', stage: 'agreed', amount: 500_000, source: 'third_party', claimant: '顧客' });
      await line(client, incidentId, { category: 'litigation', amount: 700_000, vendor: '弁護士法人X' });
      expect(await summaryOf(client, incidentId)).toMatchObject({ liabilityPayable: 700_000, damagesPaid: 0, defencePaid: 700_000, totalPayable: 700_000 });
    }
  });

  it('pays defence costs pro rata on top of the limit when damages exceed it', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'ProRata');
    const incidentId = await incidentOn(client, await policyWith(client, companyId, { defenceCosts: 'pro_rata' }), '2026-06-02');
    await line(client, incidentId, { category: 'damages', stage: 'agreed', amount: 150_000_000, source: 'third_party', claimant: '顧客' });
    await line(client, incidentId, { category: 'litigation', amount: 30_000_000 });
    const summary = await summaryOf(client, incidentId);
    expect(summary).toMatchObject({ damagesPaid: 100_000_000, defencePaid: 20_000_000, liabilityPayable: 120_000_000, liabilityLeft: 0 });
    expect(summary.steps.join('\n')).toContain('¥30,000,000 × ¥100,000,000 ÷ ¥150,000,000 = ¥20,000,000');
    const english = await summaryOf(client, incidentId, 'en');
    expect(english.steps.join('\n')).toContain('¥30,000,000 × ¥100,000,000 ÷ ¥150,000,000 = ¥20,000,000, on top of the limit');
  });

  it('applies the condolence cap per person across lines: ¥300 and ¥500 to the same 50,000 persons count ¥25,000,000', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Cap');
    const policyId = await policyWith(client, companyId, { condolencePerPersonCap: 500, expenseLimit: 100_000_000 });
    const incidentId = await incidentOn(client, policyId, '2026-06-02', { recordsAffected: 80_000, personsAffected: 50_000 });
    await line(client, incidentId, { category: 'condolence', stage: 'paid', quantity: 50_000, unitAmount: 300 });
    await line(client, incidentId, { category: 'condolence', stage: 'paid', quantity: 50_000, unitAmount: 500 });
    const summary = await summaryOf(client, incidentId);
    expect(summary.byCategory.find((c) => c.category === 'condolence')).toMatchObject({ incurred: 40_000_000, counted: 25_000_000 });
    expect(summary.totalPayable).toBe(25_000_000);
    expect(summary.steps[0]).toContain('¥500 × 50,000 名 = ¥25,000,000。¥40,000,000 > ¥25,000,000 → ¥25,000,000');
  });

  it('counts damages once agreed or paid: a demand is projected, not claimed', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Demand');
    const incidentId = await incidentOn(client, await policyWith(client, companyId), '2026-06-02');
    // A script of before the damages stages sends `invoiced`: it keeps working and is stored as a demand.
    const demand = await line(client, incidentId, { category: 'damages', stage: 'invoiced', amount: 8_000_000, source: 'third_party', claimant: '株式会社E' });
    const listed = await client.ok('query', 'cost.list', { incidentId });
    expect(listed.items[0]).toMatchObject({ id: demand, stage: 'demanded' });
    let summary = await summaryOf(client, incidentId);
    expect(summary).toMatchObject({ totalPayable: 0, projectedTotalPayable: 8_000_000, demandedDamages: 8_000_000 });
    expect(summary.excluded).toEqual([{ costId: demand, reason: 'not_fixed' }]);
    expect(summary.warnings.map((w) => w.code)).toContain('damages_not_fixed');
    await client.ok('mutate', 'cost.setStage', { id: demand, stage: 'agreed', on: '2026-10-01' });
    summary = await summaryOf(client, incidentId);
    expect(summary).toMatchObject({ totalPayable: 8_000_000, demandedDamages: 0 });
    expect((await client.ok('query', 'cost.list', { incidentId })).items[0]).toMatchObject({ stage: 'agreed', agreedOn: '2026-10-01' });
  });

  it('leaves out expense costs incurred after the response window, each listed with the reason', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Window');
    const incidentId = await incidentOn(client, await policyWith(client, companyId, { responseWindowDays: 30 }), '2026-06-02');
    // Discovered 2026-06-02 is day 1, so day 30 is 2026-07-01.
    await line(client, incidentId, { category: 'investigation', amount: 1_000_000, incurredOn: '2026-07-01' });
    const late = await line(client, incidentId, { category: 'investigation', amount: 2_000_000, incurredOn: '2026-07-02' });
    await line(client, incidentId, {
      category: 'damages',
      stage: 'paid',
      amount: 3_000_000,
      incurredOn: '2026-12-01',
      source: 'third_party',
      claimant: '顧客',
    });
    const summary = await summaryOf(client, incidentId);
    expect(summary).toMatchObject({
      expenseIncurred: 1_000_000,
      liabilityPayable: 3_000_000,
      totalPayable: 4_000_000,
      excludedAfterWindow: { lines: 1, amount: 2_000_000 },
    });
    expect(summary.limits.responseWindowEnd).toBe('2026-07-01');
    expect(summary.excluded).toEqual([{ costId: late, reason: 'after_response_window' }]);
    // After the note on consumption tax (the investigation lines carry it), the window's note.
    expect(summary.steps.slice(0, 2)).toEqual([
      '消費税: 保険契約の扱いが税込のため、明細の消費税 ¥90,909 を含む金額で計算しています。',
      '事故対応期間（発見日から30日、2026/07/01 まで）の後に発生した費用 1 件 ¥2,000,000 は支払の対象外です。',
    ]);
  });
});

describe('existing calls keep working, and bad input changes nothing', () => {
  it('a policy.create without the new fields gets the defaults, and policy.update leaves them as they were', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Defaults');
    const policyId = await policyWith(client, companyId);
    expect(await client.ok('query', 'policy.get', { id: policyId })).toMatchObject({
      liabilityLimitPerClaim: null,
      defenceCosts: 'within_limit',
      restorationRatioPercent: 90,
      restorationSublimit: null,
      responseWindowDays: null,
      priorExpensePaid: 0,
      priorLiabilityPaid: 0,
    });
    await client.ok('mutate', 'policy.update', { id: policyId, ...POLICY, responseWindowDays: 365, defenceCosts: 'pro_rata' });
    await client.ok('mutate', 'policy.update', { id: policyId, ...POLICY, deductible: 100_000 });
    expect(await client.ok('query', 'policy.get', { id: policyId })).toMatchObject({ responseWindowDays: 365, defenceCosts: 'pro_rata', deductible: 100_000 });
  });

  it('refuses terms beyond their limit, and stages a category cannot take, naming the field', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Bad');
    const policyId = await policyWith(client, companyId);
    const incidentId = await incidentOn(client, policyId, '2026-06-02');
    const before = await snapshot(server.db);
    const cases: [MutationPath, unknown, string][] = [
      ['policy.create', { companyId, ...POLICY, priorExpensePaid: 30_000_001 }, 'priorExpensePaid'],
      ['policy.create', { companyId, ...POLICY, liabilityLimitPerClaim: 100_000_001 }, 'liabilityLimitPerClaim'],
      ['policy.create', { companyId, ...POLICY, restorationRatioPercent: 101 }, 'restorationRatioPercent'],
      ['policy.create', { companyId, ...POLICY, defenceCosts: 'sometimes' }, 'defenceCosts'],
      ['policy.update', { id: policyId, ...POLICY, restorationSublimit: 30_000_001 }, 'restorationSublimit'],
      ['incident.create', { policyId, ...INCIDENT, personsAffected: -1 }, 'personsAffected'],
      ['cost.create', { incidentId, category: 'investigation', stage: 'agreed', incurredOn: '2026-06-10', amount: 1 }, 'stage'],
      ['claim.settle', { incidentId, paidAmount: 10, settledOn: '2026-12-01', expensePaid: 5, restorationPaid: 0, liabilityPaid: 0 }, 'paidAmount'],
    ];
    for (const [name, input, field] of cases) {
      const answer = await client.mutateRaw(name, input);
      expect(answer.error?.code, name).toBe('BAD_REQUEST');
      expect(answer.error!.message).toContain(field);
    }
    expect(await snapshot(server.db)).toBe(before);
  });

  it('answers NOT_FOUND for another company’s policy period', async () => {
    const owner = await signUpCompany(server.url, 'Owner');
    const policyId = await policyWith(owner.client, owner.companyId);
    const stranger = await signUpCompany(server.url, 'Stranger');
    expect((await stranger.client.query('policy.period', { id: policyId })).error?.code).toBe('NOT_FOUND');
    expect((await new ApiClient(server.url).query('policy.period', { id: policyId })).error?.code).toBe('UNAUTHORIZED');
  });
});
