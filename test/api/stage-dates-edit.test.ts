// Correcting the days a line reached its stages through cost.update (issue 15): the 請求日, 示談・判決日 and
// 支払日 an editor gives replace the automatic ones and are audited; a day the stage does not carry, or not a
// date, is refused by name with nothing changed; another company's line is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../support/at.ts';
import { COST, setUpIncident } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let admin: ApiClient;
let other: ApiClient;
let ids: Awaited<ReturnType<typeof setUpIncident>>;

beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url, 'Dates');
  admin = company.client;
  ids = await setUpIncident(admin, company.companyId);
  other = (await signUpCompany(server.url, 'Stranger')).client;
});
afterAll(async () => await server?.close());

async function line(id: string) {
  const { items } = await admin.ok('query', 'cost.list', { incidentId: ids.incidentId, limit: 1000 });
  return must(
    items.find((l) => l.id === id),
    `line ${id}`,
  );
}

/** The line's fields as cost.update takes them, from what the ledger shows. */
async function editable(id: string) {
  const l = await line(id);
  return { id, expectedVersion: l.version, category: l.category, stage: l.stage, incurredOn: l.incurredOn, amount: l.amount, vendor: l.vendor ?? undefined };
}

describe('cost.update with stage dates', () => {
  it('sets the 請求日 of an invoiced line that had none, and the audit log records it', async () => {
    // A line logged through cost.create has no invoice date: nobody said which day it was invoiced.
    expect((await line(ids.costId)).invoicedOn).toBeNull();
    const answer = await admin.ok('mutate', 'cost.update', { ...(await editable(ids.costId)), invoicedOn: '2026-06-12' });
    const after = await line(ids.costId);
    expect(after.invoicedOn).toBe('2026-06-12');
    expect(after.version).toBe(answer.version);
    const audit = await admin.ok('query', 'audit.list', { incidentId: ids.incidentId });
    const entry = must(
      audit.find((e) => e.entityId === ids.costId && e.action === 'update'),
      'the update audit entry',
    );
    expect(entry.before).toMatchObject({ invoicedOn: null });
    expect(entry.after).toMatchObject({ invoicedOn: '2026-06-12' });
  });

  it('corrects an invoice date set by a stage move, and moving to paid takes both days as given', async () => {
    await admin.ok('mutate', 'cost.setStage', { id: ids.costId, stage: 'paid', on: '2020-01-01' });
    // The move recorded 2020-01-01 as the payment day and kept the invoice day.
    expect(await line(ids.costId)).toMatchObject({ stage: 'paid', invoicedOn: '2026-06-12', paidOn: '2020-01-01' });
    await admin.ok('mutate', 'cost.update', { ...(await editable(ids.costId)), invoicedOn: '2026-06-15', paidOn: '2026-07-31' });
    expect(await line(ids.costId)).toMatchObject({ stage: 'paid', invoicedOn: '2026-06-15', paidOn: '2026-07-31' });
  });

  it('gives a damages line its settlement day', async () => {
    const { id } = await admin.ok('mutate', 'cost.create', {
      incidentId: ids.incidentId,
      category: 'damages',
      stage: 'demanded',
      incurredOn: '2026-06-20',
      amount: 3_000_000,
    });
    await admin.ok('mutate', 'cost.update', { ...(await editable(id)), stage: 'agreed', agreedOn: '2026-08-15' });
    expect(await line(id)).toMatchObject({ stage: 'agreed', invoicedOn: null, agreedOn: '2026-08-15', paidOn: null });
  });

  it('an edit without stage dates keeps those known', async () => {
    await admin.ok('mutate', 'cost.update', { ...(await editable(ids.costId)), vendor: '別のフォレンジック社' });
    expect(await line(ids.costId)).toMatchObject({ vendor: '別のフォレンジック社', invoicedOn: '2026-06-15', paidOn: '2026-07-31' });
  });

  it('refuses a day the stage does not carry, naming it, and changes nothing', async () => {
    const { id } = await admin.ok('mutate', 'cost.create', { incidentId: ids.incidentId, ...COST });
    const before = await snapshot(server.db);
    const paidOnInvoiced = await admin.mutate('cost.update', { ...(await editable(id)), paidOn: '2026-07-01' });
    expect(paidOnInvoiced.status).toBe(400);
    expect(paidOnInvoiced.error?.code).toBe('BAD_REQUEST');
    expect(paidOnInvoiced.error?.fieldErrors?.paidOn).toMatch(/a line in stage invoiced has no paidOn/);
    const invoiceOnEstimate = await admin.mutate('cost.update', { ...(await editable(id)), stage: 'estimate', invoicedOn: '2026-06-12' });
    expect(invoiceOnEstimate.error?.fieldErrors?.invoicedOn).toMatch(/a line in stage estimate has no invoicedOn/);
    const invoiceOnDamages = await admin.mutate('cost.update', { ...(await editable(id)), category: 'damages', stage: 'paid', invoicedOn: '2026-06-12' });
    expect(invoiceOnDamages.error?.fieldErrors?.invoicedOn).toMatch(/a line in stage paid has no invoicedOn/);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('refuses what is not a date, naming the field, and changes nothing', async () => {
    const before = await snapshot(server.db);
    for (const invoicedOn of ['2026-02-30', '2026/06/12', '', 20260612]) {
      // Raw: a number is not even a string, and the test is that the server refuses it by name.
      const answer = await admin.mutateRaw('cost.update', { ...(await editable(ids.costId)), invoicedOn });
      expect(answer.error?.code, String(invoicedOn)).toBe('BAD_REQUEST');
      expect(answer.error?.fieldErrors?.invoicedOn, String(invoicedOn)).toBeDefined();
    }
    expect(await snapshot(server.db)).toBe(before);
  });

  it("answers NOT_FOUND for another company's line and changes nothing", async () => {
    const before = await snapshot(server.db);
    const answer = await other.mutate('cost.update', { ...(await editable(ids.costId)), invoicedOn: '2026-06-01' });
    expect(answer.error?.code).toBe('NOT_FOUND');
    expect(answer.status).toBe(404);
    expect(await snapshot(server.db)).toBe(before);
  });
});
