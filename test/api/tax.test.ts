// Consumption tax, invoices and withholding over real HTTP (docs/rules.md §3 "Tax"): every tax category, the
// policy's treatment (exclusive counts net amounts), the totals per rate, bad input refused naming the field.
import type { InputOf } from '../support/api-types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillMissingLineTax } from '../../server/ledger/line-tax.ts';
import { writeLines } from '../../server/ledger/rollups.ts';
import { WORKED_EXAMPLE_1, WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { COST, POLICY, setUpIncident, enterWorkedExample, type CostFields } from '../support/fixtures.ts';
import { ApiClient, onPostgres, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { transact } from '../../server/db/transaction.ts';
import { sqlNumber, sqlRows, sqlRun } from '../support/sql.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => await server.close());

const INCIDENT = { title: '顧客DB漏えい', kind: 'leak', occurredOn: '2026-06-01', discoveredOn: '2026-06-02' } satisfies Omit<
  InputOf<'incident.create'>,
  'policyId'
>;

async function taxedIncident(label: string, policy: Partial<InputOf<'policy.create'>> = {}) {
  const { client, companyId } = await signUpCompany(server.url, label);
  const { id: policyId } = await client.ok('mutate', 'policy.create', { companyId, ...POLICY, expenseLimit: 100_000_000, ...policy });
  const { id: incidentId } = await client.ok('mutate', 'incident.create', { policyId, ...INCIDENT });
  const line = async (fields: CostFields<'stage' | 'incurredOn'>) =>
    (await client.ok('mutate', 'cost.create', { incidentId, stage: 'invoiced', incurredOn: '2026-06-10', ...fields })).id;
  return { client, companyId, policyId, incidentId, line };
}

const stored = async (id: string) =>
  (
    await sqlRows(
      server.db,
      'SELECT amount, tax_category AS "taxCategory", tax_amount AS "taxAmount", invoice_number AS "invoiceNumber", withholding_tax AS "withholdingTax" FROM costs WHERE id = ?',
      id,
    )
  )[0];

describe('tax on every line', () => {
  it('defaults the category from the cost category, computes the tax contained, and keeps what is given', async () => {
    const { line } = await taxedIncident('Defaults');
    const forensic = await line({ category: 'investigation', amount: 1_100_000, vendor: 'フォレンジック社', invoiceNumber: 't-7000012050002' });
    const quo = await line({ category: 'condolence', quantity: 1_000, unitAmount: 500, taxCategory: 'exempt', description: 'QUOカード' });
    const cash = await line({ category: 'condolence', quantity: 100, unitAmount: 1_000 });
    const snacks = await line({ category: 'overtime_travel', amount: 10_800, taxCategory: 'taxable_8', description: '弁当' });
    const overtime = await line({ category: 'overtime_travel', quantity: 40, unitAmount: 3_000 });
    const abroad = await line({ category: 'investigation', amount: 300_000, taxCategory: 'out_of_scope', incurredAbroad: true });
    const lawyer = await line({ category: 'consulting', amount: 1_650_000, taxAmount: 150_000, withholdingTax: 153_150, vendor: '山田 太郎 弁護士' });
    expect(await stored(forensic)).toEqual({
      amount: 1_100_000,
      taxCategory: 'taxable_10',
      taxAmount: 100_000,
      invoiceNumber: 'T7000012050002',
      withholdingTax: null,
    });
    expect(await stored(quo)).toMatchObject({ taxCategory: 'exempt', taxAmount: 0 });
    expect(await stored(cash)).toMatchObject({ taxCategory: 'non_taxable', taxAmount: 0 });
    expect(await stored(snacks)).toMatchObject({ taxCategory: 'taxable_8', taxAmount: 800 });
    expect(await stored(overtime)).toMatchObject({ taxCategory: 'non_taxable', taxAmount: 0 });
    expect(await stored(abroad)).toMatchObject({ taxCategory: 'out_of_scope', taxAmount: 0 });
    expect(await stored(lawyer)).toMatchObject({ taxCategory: 'taxable_10', taxAmount: 150_000, withholdingTax: 153_150 });
  });

  it('totals per tax category as a 請求書 does: 税込, 税額, 税抜 and the withheld tax', async () => {
    const { client, incidentId, line } = await taxedIncident('Totals');
    await line({ category: 'investigation', amount: 1_100_000 });
    await line({ category: 'consulting', amount: 2_200_000, withholdingTax: 204_200 });
    await line({ category: 'overtime_travel', amount: 10_800, taxCategory: 'taxable_8' });
    await line({ category: 'condolence', quantity: 1_000, unitAmount: 500, taxCategory: 'exempt' });
    await line({ category: 'public_notice', stage: 'estimate', amount: 550_000 });
    const totals = await client.ok('query', 'cost.taxTotals', { incidentId });
    expect(totals.claimed).toEqual([
      { taxCategory: 'taxable_10', lines: 2, gross: 3_300_000, tax: 300_000, net: 3_000_000, withheld: 204_200 },
      { taxCategory: 'taxable_8', lines: 1, gross: 10_800, tax: 800, net: 10_000, withheld: 0 },
      { taxCategory: 'exempt', lines: 1, gross: 500_000, tax: 0, net: 500_000, withheld: 0 },
    ]);
    expect(totals.all[0]).toEqual({ taxCategory: 'taxable_10', lines: 3, gross: 3_850_000, tax: 350_000, net: 3_500_000, withheld: 204_200 });
  });
});

describe('the payable in the policy’s tax treatment', () => {
  it('counts gross amounts under inclusive and net amounts under exclusive, and says which', async () => {
    const { client, companyId, policyId, incidentId, line } = await taxedIncident('Treatment');
    await line({ category: 'investigation', amount: 1_100_000 });
    await line({ category: 'communications', amount: 550_000, stage: 'paid' });
    await line({ category: 'condolence', quantity: 1_000, unitAmount: 500 });
    await line({ category: 'damages', stage: 'agreed', amount: 2_000_000, source: 'third_party', claimant: '顧客' });
    const inclusive = await client.ok('query', 'claim.summary', { incidentId });
    expect(inclusive).toMatchObject({ expenseIncurred: 2_150_000, totalPayable: 4_150_000, taxContained: 150_000, limits: { taxTreatment: 'inclusive' } });
    expect(inclusive.steps[0]).toBe('消費税: 保険契約の扱いが税込のため、明細の消費税 ¥150,000 を含む金額で計算しています。');

    // A taxable business computing gross is asked to confirm with its insurer.
    await client.ok('mutate', 'company.updateProfile', { companyId, taxStatus: 'standard' });
    expect((await client.ok('query', 'claim.summary', { incidentId })).warnings.map((w) => w.code)).toContain('tax_treatment_check');

    await client.ok('mutate', 'policy.update', { id: policyId, ...POLICY, expenseLimit: 100_000_000, taxTreatment: 'exclusive' });
    const exclusive = await client.ok('query', 'claim.summary', { incidentId });
    // The net sums: ¥1,000,000 + ¥500,000 + ¥500,000 of non-taxable condolence; damages carry no tax.
    expect(exclusive).toMatchObject({ expenseIncurred: 2_000_000, liabilityPayable: 2_000_000, totalPayable: 4_000_000 });
    expect(exclusive.steps[0]).toContain('税抜のため');
    expect(exclusive.warnings.map((w) => w.code)).not.toContain('tax_treatment_check');
    const english = await client.ok('query', 'claim.summary', { incidentId, locale: 'en' });
    expect(english.steps[0]).toBe(
      "Consumption tax: the policy counts amounts net of tax (a taxable business recovers its input tax, so the tax is no loss), so the lines' ¥150,000 of tax is left out",
    );
  });

  it('leaves both worked examples at ¥26,800,000 and ¥53,000,000 under inclusive', async () => {
    for (const [example, total] of [
      [WORKED_EXAMPLE_1, 26_800_000],
      [WORKED_EXAMPLE_2, 53_000_000],
    ] as const) {
      const { client, companyId } = await signUpCompany(server.url, 'Examples');
      const { incidentId } = await enterWorkedExample(client, companyId, example);
      expect((await client.ok('query', 'claim.summary', { incidentId })).totalPayable).toBe(total);
    }
  });
});

describe('bad input is refused naming the field, and changes nothing', () => {
  it('refuses a wrong registration number, a tax above the gross, tax on an untaxed line, a negative withholding', async () => {
    const { client, incidentId } = await taxedIncident('Bad');
    const before = await snapshot(server.db);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ invoiceNumber: 'T8000012050002' }, 'invoiceNumber', 'check digit'],
      [{ invoiceNumber: 'T12345' }, 'invoiceNumber', 'T followed by 13 digits'],
      [{ taxAmount: 1_500_001 }, 'taxAmount', 'more than the amount'],
      [{ taxCategory: 'non_taxable', taxAmount: 100 }, 'taxAmount', 'without consumption tax'],
      [{ withholdingTax: -1 }, 'withholdingTax', 'negative'],
      [{ withholdingTax: 1_500_001 }, 'withholdingTax', 'more than the amount'],
      [{ taxCategory: 'taxable_5' }, 'taxCategory', ''],
    ];
    for (const [fields, field, words] of cases) {
      const answer = await client.mutate('cost.create', { incidentId, ...COST, ...fields });
      expect(answer.error?.code, JSON.stringify(fields)).toBe('BAD_REQUEST');
      expect(answer.error!.message).toContain(`${field}:`);
      expect(answer.error!.message).toContain(words);
    }
    expect((await client.mutateRaw('company.updateProfile', { companyId: 'x', taxStatus: 'sometimes' })).error?.code).toBe('BAD_REQUEST');
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe('who sees what', () => {
  it('answers NOT_FOUND for another company’s totals and profile, and only finance records the tax status', async () => {
    const owner = await taxedIncident('Owner');
    const stranger = await signUpCompany(server.url, 'Stranger');
    expect((await stranger.client.query('cost.taxTotals', { incidentId: owner.incidentId })).error?.code).toBe('NOT_FOUND');
    expect((await stranger.client.query('company.profile', { companyId: owner.companyId })).error?.code).toBe('NOT_FOUND');
    expect((await stranger.client.mutate('company.updateProfile', { companyId: owner.companyId, taxStatus: 'exempt' })).error?.code).toBe('NOT_FOUND');
    expect((await new ApiClient(server.url).query('cost.taxTotals', { incidentId: owner.incidentId })).error?.code).toBe('UNAUTHORIZED');
    expect(await owner.client.ok('query', 'company.profile', { companyId: owner.companyId })).toMatchObject({ taxStatus: null });
  });
});

describe('lines logged before tax was kept', () => {
  // A SQLite start-up backfill: a PostgreSQL database is made by this version's migrations, or copied from a
  // SQLite one that ran it first, so there it has nothing to do (server/ledger/line-tax.ts).
  it.skipIf(onPostgres())('get the tax their category implies when the database opens, and the rollups follow', async () => {
    const { client, companyId } = await signUpCompany(server.url, 'Legacy');
    const { incidentId, costId } = await setUpIncident(client, companyId);
    // As a line from before migration 0009: no tax on the line, none in its group.
    await transact(
      server.db,
      async (tx) => await writeLines(tx, [costId], () => sqlRun(tx, 'UPDATE costs SET tax_category = NULL, tax_amount = 0 WHERE id = ?', costId)),
    );
    expect(await fillMissingLineTax(server.db)).toBe(1);
    expect(await stored(costId)).toMatchObject({ taxCategory: 'taxable_10', taxAmount: 136_363 }); // ¥1,500,000 × 10/110
    expect(await sqlNumber(server.db, 'SELECT SUM(tax_amount) AS tax FROM cost_rollups WHERE incident_id = ?', incidentId)).toBe(136_363);
    expect(await fillMissingLineTax(server.db)).toBe(0);
  });
});
