// The incident report and the company's claim-form profile over HTTP: the report is read by whoever reads the
// incident (the broker too) and written by its members, one field at a time; the profile's 法人番号 is
// checked and a wrong one names its field and changes nothing. Another company's ids answer NOT_FOUND.
import { must } from '../support/at.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT, setUpIncident, CLAIM_PROFILE } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { sqlRows } from '../support/sql.ts';

let server: TestServer;
let a: Awaited<ReturnType<typeof signUpCompany>> & Awaited<ReturnType<typeof setUpIncident>>;
let b: Awaited<ReturnType<typeof signUpCompany>>;
let responder: ApiClient;
let broker: ApiClient;

const PASSWORD = 'correct horse battery';

async function member(role: 'responder' | 'finance') {
  const invite = await a.client.ok('mutate', 'company.invite', { companyId: a.companyId, role });
  const client = new ApiClient(server.url);
  await client.ok('mutate', 'auth.acceptInvite', {
    token: invite.token,
    email: `report-${role}-${Date.now()}@example.jp`,
    password: PASSWORD,
    name: `${role} 担当`,
  });
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  const companyA = await signUpCompany(server.url, 'ReportA');
  a = { ...companyA, ...(await setUpIncident(companyA.client, companyA.companyId)) };
  b = await signUpCompany(server.url, 'ReportB');
  await setUpIncident(b.client, b.companyId);
  responder = await member('responder');
  broker = new ApiClient(server.url);
  const brokerEmail = `report-broker-${Date.now()}@example.jp`;
  await broker.ok('mutate', 'auth.signup', { email: brokerEmail, password: PASSWORD, name: '代理 花子', companyName: '代理店', kind: 'broker' });
  await a.client.ok('mutate', 'company.grantBroker', { companyId: a.companyId, brokerEmail });
});
afterAll(async () => await server?.close());

describe('incidentReport.get and update', () => {
  it('answers nulls and the incident’s facts before the first save', async () => {
    const report = await a.client.ok('query', 'incidentReport.get', { incidentId: a.incidentId });
    expect(report).toMatchObject({
      incidentId: a.incidentId,
      summary: null,
      dataItems: null,
      cause: null,
      secondaryHarm: null,
      measuresForPersons: null,
      publication: null,
      recurrencePrevention: null,
      other: null,
      clientName: null,
      contactName: null,
      contactPhone: null,
      updatedAt: null,
      updatedByName: null,
      companyName: 'ReportA社',
      facts: {
        occurredOn: INCIDENT.occurredOn,
        discoveredOn: INCIDENT.discoveredOn,
        awareOn: null,
        recordsAffected: INCIDENT.recordsAffected,
        dataRole: 'own',
        insurerClaimReference: null,
      },
    });
  });

  it('saves what a responder writes, keeps what is left out, clears what is null, and records each save', async () => {
    const first = await responder.ok('mutate', 'incidentReport.update', {
      incidentId: a.incidentId,
      summary: '  設定ミスで顧客DBが公開された。 ',
      cause: 'アクセス制御の設定漏れ',
      contactPhone: '03-1111-2222',
    });
    expect(first.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await a.client.ok('mutate', 'incidentReport.update', { incidentId: a.incidentId, cause: null, dataItems: '氏名、メールアドレス' });
    const report = await broker.ok('query', 'incidentReport.get', { incidentId: a.incidentId });
    expect(report).toMatchObject({
      summary: '設定ミスで顧客DBが公開された。',
      cause: null,
      dataItems: '氏名、メールアドレス',
      contactPhone: '03-1111-2222',
      updatedByName: '管理者 ReportA',
    });

    const audit = await a.client.ok('query', 'audit.list', { incidentId: a.incidentId });
    const entries = audit.filter((e) => e.entityType === 'incident_report');
    expect(entries.map((e) => e.action).sort()).toEqual(['create', 'update']);
    const update = entries.find((e) => e.action === 'update');
    expect(update).toMatchObject({
      actorName: '管理者 ReportA',
      before: { cause: 'アクセス制御の設定漏れ', dataItems: null },
      after: { cause: null, dataItems: '氏名、メールアドレス' },
    });
    expect(
      must(
        entries.find((e) => e.action === 'create'),
        'the create entry',
      ).after,
    ).toEqual({ summary: '設定ミスで顧客DBが公開された。', cause: 'アクセス制御の設定漏れ', contactPhone: '03-1111-2222' });
  });

  it('writes nothing, and records nothing, when a save changes nothing', async () => {
    const before = await snapshot(server.db);
    await a.client.ok('mutate', 'incidentReport.update', { incidentId: a.incidentId, dataItems: '氏名、メールアドレス' });
    expect(await snapshot(server.db)).toBe(before);
  });

  it('refuses a text over 4,000 characters, naming it, and changes nothing', async () => {
    const before = await snapshot(server.db);
    const answer = await a.client.mutate('incidentReport.update', { incidentId: a.incidentId, summary: 'ok', recurrencePrevention: 'あ'.repeat(4001) });
    expect(answer.error?.code).toBe('BAD_REQUEST');
    expect(answer.error?.fieldErrors).toHaveProperty('recurrencePrevention');
    expect(await snapshot(server.db)).toBe(before);
  });

  it('lets the broker read but not write', async () => {
    const before = await snapshot(server.db);
    const answer = await broker.mutate('incidentReport.update', { incidentId: a.incidentId, summary: '代理店の書き換え' });
    expect(answer.error?.code).toBe('FORBIDDEN');
    expect(await snapshot(server.db)).toBe(before);
  });

  it('answers NOT_FOUND for another company’s incident, read or written, and changes nothing', async () => {
    const before = await snapshot(server.db);
    expect((await b.client.query('incidentReport.get', { incidentId: a.incidentId })).error?.code).toBe('NOT_FOUND');
    expect((await b.client.mutate('incidentReport.update', { incidentId: a.incidentId, summary: '他社' })).error?.code).toBe('NOT_FOUND');
    expect((await a.client.query('incidentReport.get', { incidentId: 'no-such-incident' })).error?.code).toBe('NOT_FOUND');
    expect(await snapshot(server.db)).toBe(before);
  });
});

const PROFILE = { ...CLAIM_PROFILE, bankAccountHolder: 'カ)レポートエー' };

describe('company.profile and updateProfile: the claim form’s profile', () => {
  it('saves every field, answers them, and leaves the tax status as it was', async () => {
    await a.client.ok('mutate', 'company.updateProfile', { companyId: a.companyId, taxStatus: 'standard' });
    await a.client.ok('mutate', 'company.updateProfile', { companyId: a.companyId, ...PROFILE, corporateNumber: '７０００-０１２０-５０００２' });
    expect(await broker.ok('query', 'company.profile', { companyId: a.companyId })).toEqual({
      id: a.companyId,
      name: 'ReportA社',
      kind: 'policyholder',
      taxStatus: 'standard',
      ...PROFILE,
    });
    const [audit] = await sqlRows<{ after: string }>(
      server.db,
      "SELECT before, after FROM audit_log WHERE entity_type = 'company' AND company_id = ? ORDER BY id DESC LIMIT 1",
      a.companyId,
    );
    expect(JSON.parse(must(audit, 'the audit entry').after)).toEqual(PROFILE);
  });

  it('keeps a field left out and clears a null one', async () => {
    await a.client.ok('mutate', 'company.updateProfile', { companyId: a.companyId, brokerCode: null, bankBranch: '本店営業部' });
    expect(await a.client.ok('query', 'company.profile', { companyId: a.companyId })).toMatchObject({ ...PROFILE, brokerCode: null, bankBranch: '本店営業部' });
  });

  it('refuses a 法人番号 with a wrong check digit with BAD_REQUEST naming corporateNumber, and changes nothing', async () => {
    const before = await snapshot(server.db);
    const answer = await a.client.mutate('company.updateProfile', { companyId: a.companyId, address: '大阪市北区', corporateNumber: '8000012050002' });
    expect(answer.status).toBe(400);
    expect(answer.error?.code).toBe('BAD_REQUEST');
    expect(answer.error?.message).toContain('corporateNumber: has a wrong check digit');
    expect(Object.keys(answer.error?.fieldErrors ?? {})).toEqual(['corporateNumber']);
    expect(await snapshot(server.db)).toBe(before);
    expect((await a.client.ok('query', 'company.profile', { companyId: a.companyId })).address).toBe(PROFILE.address);
  });

  it('refuses 12 digits, an account number of 9 digits and a holder not in katakana, each by name', async () => {
    const before = await snapshot(server.db);
    for (const [field, value] of [
      ['corporateNumber', '700001205000'],
      ['bankAccountNumber', '123456789'],
      ['bankAccountHolder', '山田太郎'],
      ['bankAccountType', 'checking'],
    ] as const) {
      const answer = await a.client.mutate('company.updateProfile', { companyId: a.companyId, [field]: value });
      expect(answer.error?.code, field).toBe('BAD_REQUEST');
      expect(Object.keys(answer.error?.fieldErrors ?? {}), field).toEqual([field]);
    }
    expect(await snapshot(server.db)).toBe(before);
  });

  it('lets finance and admin change it, not a responder or the broker, nor another company', async () => {
    const before = await snapshot(server.db);
    expect((await responder.mutate('company.updateProfile', { companyId: a.companyId, address: 'x' })).error?.code).toBe('FORBIDDEN');
    expect((await broker.mutate('company.updateProfile', { companyId: a.companyId, address: 'x' })).error?.code).toBe('FORBIDDEN');
    expect((await b.client.mutate('company.updateProfile', { companyId: a.companyId, address: 'x' })).error?.code).toBe('NOT_FOUND');
    expect((await b.client.query('company.profile', { companyId: a.companyId })).error?.code).toBe('NOT_FOUND');
    expect(await snapshot(server.db)).toBe(before);
  });
});
