// Both of the source's worked examples, entered through the API, answer the figures of docs/rules.md §4.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKED_EXAMPLE_1, WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { enterWorkedExample } from '../support/fixtures.ts';
import { callerAs } from '../support/caller.ts';
import { signUpCompany, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => await server.close());

describe('worked examples over HTTP', () => {
  it('example 1: ¥25,000,000 liability + ¥1,800,000 restoration = ¥26,800,000', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Ex1');
    const { incidentId } = await enterWorkedExample(client, companyId, WORKED_EXAMPLE_1);
    const summary = await client.ok('query', 'claim.summary', { incidentId });
    expect(summary).toMatchObject({
      liabilityPayable: 25_000_000,
      restorationIncurred: 2_000_000,
      restorationPaid: 1_800_000,
      costsPayable: 1_800_000,
      totalPayable: 26_800_000,
      projectedTotalPayable: 26_800_000,
      expenseHeadroom: 28_200_000,
    });
    expect(summary.steps.join('\n')).toContain('¥2,000,000 × 90%（縮小支払割合）= ¥1,800,000');
    expect(summary.steps.at(-1)).toBe('⑤ 支払保険金の合計: ¥25,000,000 + ¥1,800,000 = ¥26,800,000');
  });

  it('example 2: ¥43,000,000 of expenses capped at ¥30,000,000, plus ¥23,000,000 = ¥53,000,000', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Ex2');
    const { incidentId } = await enterWorkedExample(client, companyId, WORKED_EXAMPLE_2);
    const summary = await client.ok('query', 'claim.summary', { incidentId });
    expect(summary).toMatchObject({
      expenseIncurred: 43_000_000,
      costsPayable: 30_000_000,
      expenseHeadroom: 0,
      liabilityPayable: 23_000_000,
      totalPayable: 53_000_000,
      projectedTotalPayable: 53_000_000,
    });
    const byCategory = Object.fromEntries(summary.byCategory.map((c) => [c.category, c.incurred]));
    expect(byCategory).toMatchObject({ public_notice: 18_000_000, condolence: 25_000_000, damages: 13_000_000, litigation: 10_000_000 });
    expect(summary.steps).toContain('② 費用保険金: ¥43,000,000 > 費用総支払限度額 ¥30,000,000 → ¥30,000,000');
    expect(summary.warnings.map((w) => w.code)).toContain('expense_limit_reached');

    const english = await client.ok('query', 'claim.summary', { incidentId, locale: 'en' });
    expect(english.steps.at(-1)).toBe('4. Total payable: ¥23,000,000 + ¥30,000,000 = ¥53,000,000');
  });

  it('counts estimates in the projection only (through the server-side caller: the rule, not HTTP, is the subject)', async () => {
    const { client, companyId, userId } = await signUpCompany(server.url, 'Est');
    const { incidentId } = await enterWorkedExample(client, companyId, WORKED_EXAMPLE_1);
    const caller = await callerAs(server, userId);
    await caller.cost.create({ incidentId, category: 'investigation', stage: 'estimate', incurredOn: '2026-07-01', amount: 4_000_000 });
    const summary = await caller.claim.summary({ incidentId });
    expect(summary.totalPayable).toBe(26_800_000);
    expect(summary.projectedTotalPayable).toBe(30_800_000);
    expect(summary.byStage).toEqual({ estimate: 4_000_000, invoiced: 0, paid: 2_000_000, demanded: 0, agreed: 25_000_000 });
  });
});

describe('the server-side caller keeps the access rules', () => {
  it("answers NOT_FOUND for another company's incident, as over HTTP", async () => {
    const a = await signUpCompany(server.url, 'CallerA');
    const b = await signUpCompany(server.url, 'CallerB');
    const { incidentId } = await enterWorkedExample(a.client, a.companyId, WORKED_EXAMPLE_1);
    await expect((await callerAs(server, b.userId)).claim.summary({ incidentId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await (await callerAs(server, a.userId)).claim.summary({ incidentId })).totalPayable).toBe(26_800_000);
  });
});
