// The deadlines of issue 18 through the API: a contractor's incident owes its client a notice and no
// report; awareness before discovery moves the regulator's clock; encryption lifts the report; each
// third-party claim owes the insurer its own notice; a settlement starts the damages' three-year limit and
// a payment the expenses'; defence costs and settlements need the insurer's consent like condolence.
import type { InputOf } from '../support/api-types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKED_EXAMPLE_2 } from '../../shared/worked-examples.ts';
import { COST, INCIDENT, POLICY } from '../support/fixtures.ts';
import { ApiClient, signUpCompany, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { must } from '../support/at.ts';

let server: TestServer;
let admin: ApiClient;
let policyId: string;

beforeAll(async () => {
  server = await startTestServer();
  const a = await signUpCompany(server.url, 'Deadlines');
  admin = a.client;
  policyId = (await admin.ok('mutate', 'policy.create', { companyId: a.companyId, ...POLICY })).id;
});
afterAll(async () => await server.close());

async function deadlines(id: string) {
  const answer = await admin.ok('query', 'incident.deadlines', { id });
  const own = Object.fromEntries(answer.deadlines.filter((d) => d.subjectId === null).map((d) => [d.key, d]));
  return { ...answer, own };
}

async function newIncident(over: Partial<InputOf<'incident.create'>>) {
  return (await admin.ok('mutate', 'incident.create', { policyId, ...INCIDENT, ...over })).id;
}

describe('a contractor’s leak (example 2: B handled A’s customer data)', () => {
  it('asks for the notice to the client by day 5 and no report to the commission', async () => {
    const { title, kind, occurredOn, discoveredOn, recordsAffected, personsAffected, dataRole } = WORKED_EXAMPLE_2.incident;
    const id = await newIncident({ title, kind, occurredOn, discoveredOn, recordsAffected, personsAffected, dataRole });
    const d = await deadlines(id);
    expect(d.triggers).toEqual(['over_1000_persons']);
    // Discovered (and known) on 1 June 2026, day 1: the client's notice is due on day 5, 5 June.
    expect(d.own.client_notice).toMatchObject({ startsOn: '2026-06-01', dueOn: '2026-06-05', doneOn: null });
    expect(must(d.own.client_notice, 'client_notice').state).not.toBe('not_required');
    for (const key of ['regulator_first', 'regulator_final', 'persons_notice']) {
      expect(d.own[key], key).toMatchObject({ state: 'not_required', notRequiredReason: 'contractor_notifies_client' });
    }

    // B learned of it two days before the formal discovery: the clock starts then.
    await admin.ok('mutate', 'incident.update', { id, title, kind, occurredOn, discoveredOn, recordsAffected, status: 'open', awareOn: '2026-05-30' });
    const moved = await deadlines(id);
    expect(moved.awareOn).toBe('2026-05-30');
    expect(moved.own.client_notice).toMatchObject({ startsOn: '2026-05-30', dueOn: '2026-06-03' });
    expect(moved.own.insurer_notice).toMatchObject({ startsOn: '2026-05-30', dueOn: '2026-06-05' });
    // The update left out the role and the persons: they stay.
    expect(await admin.ok('query', 'incident.get', { id })).toMatchObject({
      dataRole: 'contractor',
      personsAffected: 50_000,
      encrypted: false,
      awareOn: '2026-05-30',
    });

    // The notice to the client and the insurer's reference, recorded by the breach team.
    await admin.ok('mutate', 'incident.updateTracking', {
      id,
      sensitiveData: false,
      financialHarm: false,
      malicious: false,
      insurerNotifiedOn: '2026-06-02',
      regulatorFirstReportOn: null,
      regulatorFinalReportOn: null,
      clientNotifiedOn: '2026-06-02',
      insurerClaimReference: 'ACC-2026-0601',
    });
    const done = await deadlines(id);
    expect(done.own.client_notice).toMatchObject({ state: 'done', doneOn: '2026-06-02' });
    expect(done.own.insurer_notice).toMatchObject({ state: 'done', reference: 'ACC-2026-0601' });
    const timeline = await admin.ok('query', 'incident.timeline', { id });
    expect(timeline.filter((e) => e.kind === 'fact').map((e) => [e.fact, e.on])).toEqual([
      ['occurred', '2026-05-20'],
      ['aware', '2026-05-30'],
      ['discovered', '2026-06-01'],
      ['insurer_notified', '2026-06-02'],
      ['client_notified', '2026-06-02'],
    ]);
  });
});

describe('the report to the commission', () => {
  it('counts persons, and is not owed for strongly encrypted data', async () => {
    const id = await newIncident({ recordsAffected: 5000, personsAffected: 900 });
    expect((await deadlines(id)).own.regulator_first).toMatchObject({ state: 'not_required', notRequiredReason: 'no_trigger' });
    const many = await newIncident({ recordsAffected: 5000, personsAffected: 1001, encrypted: true });
    const d = await deadlines(many);
    expect(d.triggers).toEqual(['over_1000_persons']);
    expect(d.own.regulator_first).toMatchObject({ state: 'not_required', notRequiredReason: 'encrypted' });
    expect(d.own.persons_notice).toMatchObject({ state: 'not_required', notRequiredReason: 'encrypted' });
  });
});

describe('third-party claims', () => {
  it('each adds a notice to the insurer, done with its date and the insurer’s reference', async () => {
    const id = await newIncident({ recordsAffected: 10 });
    const { id: claimId } = await admin.ok('mutate', 'thirdPartyClaim.create', {
      incidentId: id,
      claimant: '株式会社A社',
      receivedOn: '2026-07-01',
      amountDemanded: 30_000_000,
    });
    let d = await deadlines(id);
    const notice = () => d.deadlines.find((x) => x.subjectId === claimId)!;
    expect(notice()).toMatchObject({ key: 'third_party_claim_notice', claimant: '株式会社A社', startsOn: '2026-07-01', dueOn: '2026-07-07', doneOn: null });
    expect(['late', 'due_soon', 'upcoming']).toContain(notice().state);

    await admin.ok('mutate', 'thirdPartyClaim.update', {
      id: claimId,
      claimant: '株式会社A社',
      receivedOn: '2026-07-01',
      amountDemanded: 30_000_000,
      insurerNotifiedOn: '2026-07-03',
      insurerReference: 'TP-42',
    });
    d = await deadlines(id);
    expect(notice()).toMatchObject({ state: 'done', doneOn: '2026-07-03', reference: 'TP-42' });
    expect(await admin.ok('query', 'thirdPartyClaim.list', { incidentId: id })).toEqual([
      {
        id: claimId,
        claimant: '株式会社A社',
        receivedOn: '2026-07-01',
        amountDemanded: 30_000_000,
        insurerNotifiedOn: '2026-07-03',
        insurerReference: 'TP-42',
        note: null,
      },
    ]);
    const timeline = await admin.ok('query', 'incident.timeline', { id });
    expect(timeline.filter((e) => e.kind === 'third_party_claim').map((e) => [e.event, e.on, e.claimant])).toEqual([
      ['received', '2026-07-01', '株式会社A社'],
      ['insurer_notified', '2026-07-03', '株式会社A社'],
    ]);
    const audit = await admin.ok('query', 'audit.list', { incidentId: id });
    expect(audit.filter((e) => e.entityType === 'third_party_claim').map((e) => e.action)).toEqual(['update', 'create']);

    // Removing it takes its notice away; the audit log keeps what it said.
    await admin.ok('mutate', 'thirdPartyClaim.remove', { id: claimId });
    expect((await deadlines(id)).deadlines.some((x) => x.key === 'third_party_claim_notice')).toBe(false);
  });

  it('refuses a notice dated before the claim arrived, naming the field, and changes nothing', async () => {
    const id = await newIncident({ recordsAffected: 10 });
    const before = await snapshot(server.db);
    const answer = await admin.mutate('thirdPartyClaim.create', { incidentId: id, claimant: 'X', receivedOn: '2026-07-10', insurerNotifiedOn: '2026-07-09' });
    expect(answer.error?.code).toBe('BAD_REQUEST');
    expect(answer.error?.message).toContain('insurerNotifiedOn: must not be before the claim was received');
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe('the three-year limit per component', () => {
  it('has not started until something is paid or settled, then runs from that day', async () => {
    const id = await newIncident({ recordsAffected: 10 });
    const damages = await admin.ok('mutate', 'cost.create', {
      incidentId: id,
      category: 'damages',
      stage: 'demanded',
      incurredOn: '2026-07-01',
      amount: 3_000_000,
      source: 'third_party',
      claimant: '株式会社A社',
    });
    const fee = await admin.ok('mutate', 'cost.create', { incidentId: id, ...COST, stage: 'invoiced' });
    let d = await deadlines(id);
    expect(d.own.claim_limit_damages).toMatchObject({ state: 'not_yet', dueOn: null });
    expect(d.own.claim_limit_expenses).toMatchObject({ state: 'not_yet', dueOn: null });

    // The settlement is reached on 15 July 2026: the damages' right to claim arises then.
    await admin.ok('mutate', 'cost.setStage', { id: damages.id, stage: 'agreed', on: '2026-07-15' });
    await admin.ok('mutate', 'cost.setStage', { id: fee.id, stage: 'paid', on: '2026-06-30' });
    d = await deadlines(id);
    expect(d.own.claim_limit_damages).toMatchObject({ start: 'settled', startsOn: '2026-07-15', dueOn: '2029-07-15' });
    expect(d.own.claim_limit_expenses).toMatchObject({ start: 'paid', startsOn: '2026-06-30', dueOn: '2029-06-30' });
    expect(must(d.own.claim_limit_damages, 'claim_limit_damages').state).not.toBe('not_yet');
  });

  it('takes the incurred day of a line entered as paid (no payment day known): never later than the payment', async () => {
    const id = await newIncident({ recordsAffected: 10 });
    await admin.ok('mutate', 'cost.create', { incidentId: id, category: 'communications', stage: 'paid', incurredOn: '2026-06-20', amount: 88_000 });
    expect((await deadlines(id)).own.claim_limit_expenses).toMatchObject({ startsOn: '2026-06-20', dueOn: '2029-06-20' });
  });
});

describe('the insurer’s consent for defence costs and settlements', () => {
  it('warns about a defence-cost line without consent until it is recorded', async () => {
    const id = await newIncident({ recordsAffected: 10 });
    const line = await admin.ok('mutate', 'cost.create', {
      incidentId: id,
      category: 'litigation',
      stage: 'invoiced',
      incurredOn: '2026-07-01',
      amount: 800_000,
      vendor: '弁護士法人',
    });
    const codes = async () => (await admin.ok('query', 'claim.summary', { incidentId: id })).warnings;
    const warning = (await codes()).find((w) => w.code === 'consent_missing');
    expect(warning?.message).toContain('争訟費用');
    expect(
      await admin.ok('mutate', 'cost.recordConsent', { id: line.id, consentOn: '2026-06-28', reference: '損保第88号', givenBy: '損害サービス課' }),
    ).toEqual({ id: line.id });
    expect((await codes()).some((w) => w.code === 'consent_missing')).toBe(false);
  });
});
