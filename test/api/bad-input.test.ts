// Every procedure answers a bad input with BAD_REQUEST naming the field, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_JOURNAL_SETTINGS } from '../../shared/journal-settings.ts';
import type { MutationPath, QueryPath } from '../support/api-types.ts';
import { COST, INCIDENT, POLICY, setUpIncident } from '../support/fixtures.ts';
import { signUpCompany, snapshot, startTestServer, type ApiClient, type TestServer } from '../support/server.ts';

let server: TestServer;
let client: ApiClient;
let ids: { companyId: string; policyId: string; incidentId: string; costId: string; userId: string };

beforeAll(async () => {
  server = await startTestServer();
  const company = await signUpCompany(server.url);
  client = company.client;
  ids = { companyId: company.companyId, userId: company.userId, ...(await setUpIncident(client, company.companyId)) };
});
afterAll(async () => await server.close());

type Case = [label: string, input: () => unknown, field: string];

const UNSAFE = Number.MAX_SAFE_INTEGER + 2;

const mutations: Partial<Record<MutationPath, Case[]>> = {
  'auth.signup': [
    ['a malformed email', () => ({ email: 'not-an-email', password: 'long enough pw', name: 'x', companyName: 'y' }), 'email'],
    ['a short password', () => ({ email: 'x@example.jp', password: 'short', name: 'x', companyName: 'y' }), 'password'],
    ['an empty company name', () => ({ email: 'x@example.jp', password: 'long enough pw', name: 'x', companyName: '  ' }), 'companyName'],
    ['an unknown kind', () => ({ email: 'x@example.jp', password: 'long enough pw', name: 'x', companyName: 'y', kind: 'insurer' }), 'kind'],
  ],
  'auth.login': [['a number as email', () => ({ email: 42, password: 'x' }), 'email']],
  'auth.acceptInvite': [
    ['a short token', () => ({ token: 'abc', email: 'x@example.jp', password: 'long enough pw', name: 'x' }), 'token'],
    ['a short password', () => ({ token: 'a'.repeat(43), email: 'x@example.jp', password: 'short', name: 'x' }), 'password'],
  ],
  'auth.joinWithInvite': [['a missing token', () => ({}), 'token']],
  'policy.create': [
    ['a string limit', () => ({ companyId: ids.companyId, ...POLICY, liabilityLimit: '100000000' }), 'liabilityLimit'],
    ['a negative deductible', () => ({ companyId: ids.companyId, ...POLICY, deductible: -1 }), 'deductible'],
    ['a fractional limit', () => ({ companyId: ids.companyId, ...POLICY, expenseLimit: 30_000_000.5 }), 'expenseLimit'],
    ['an unsafe-integer limit', () => ({ companyId: ids.companyId, ...POLICY, expenseLimit: UNSAFE }), 'expenseLimit'],
    ['a zero expense limit', () => ({ companyId: ids.companyId, ...POLICY, expenseLimit: 0 }), 'expenseLimit'],
    ['an impossible date', () => ({ companyId: ids.companyId, ...POLICY, periodStart: '2026-02-30' }), 'periodStart'],
    ['a period that is not one year', () => ({ companyId: ids.companyId, ...POLICY, periodEnd: '2027-09-30' }), 'periodEnd'],
    ['a missing rider flag', () => ({ companyId: ids.companyId, ...POLICY, restorationRider: undefined }), 'restorationRider'],
    ['a fractional per-person cap', () => ({ companyId: ids.companyId, ...POLICY, condolencePerPersonCap: 499.5 }), 'condolencePerPersonCap'],
  ],
  'policy.update': [
    ['a negative liability limit', () => ({ id: ids.policyId, ...POLICY, liabilityLimit: -5 }), 'liabilityLimit'],
    ['a two-year period', () => ({ id: ids.policyId, ...POLICY, periodEnd: '2028-03-31' }), 'periodEnd'],
  ],
  'incident.create': [
    ['an unknown kind', () => ({ policyId: ids.policyId, ...INCIDENT, kind: 'flood' }), 'kind'],
    ['an impossible date', () => ({ policyId: ids.policyId, ...INCIDENT, occurredOn: '2026-13-01' }), 'occurredOn'],
    ['discovery before occurrence', () => ({ policyId: ids.policyId, ...INCIDENT, occurredOn: '2026-06-05', discoveredOn: '2026-06-01' }), 'discoveredOn'],
    ['negative records', () => ({ policyId: ids.policyId, ...INCIDENT, recordsAffected: -1 }), 'recordsAffected'],
    ['an empty title', () => ({ policyId: ids.policyId, ...INCIDENT, title: '' }), 'title'],
    ['awareness after the discovery', () => ({ policyId: ids.policyId, ...INCIDENT, awareOn: '2099-01-01' }), 'awareOn'],
    ['a string for encrypted', () => ({ policyId: ids.policyId, ...INCIDENT, encrypted: 'yes' }), 'encrypted'],
  ],
  'incident.update': [
    ['an unknown status', () => ({ id: ids.incidentId, ...INCIDENT, status: 'lost' }), 'status'],
    ['a timestamp for a date', () => ({ id: ids.incidentId, ...INCIDENT, status: 'open', discoveredOn: '2026-06-02T10:00:00Z' }), 'discoveredOn'],
  ],
  'cost.create': [
    ['a negative amount', () => ({ incidentId: ids.incidentId, ...COST, amount: -100 }), 'amount'],
    ['a fractional amount', () => ({ incidentId: ids.incidentId, ...COST, amount: 100.5 }), 'amount'],
    ['an unsafe-integer amount', () => ({ incidentId: ids.incidentId, ...COST, amount: UNSAFE }), 'amount'],
    ['an amount as a string', () => ({ incidentId: ids.incidentId, ...COST, amount: '1,500,000' }), 'amount'],
    ['no amount at all', () => ({ incidentId: ids.incidentId, ...COST, amount: undefined }), 'amount'],
    ['an impossible date', () => ({ incidentId: ids.incidentId, ...COST, incurredOn: '2026-02-29' }), 'incurredOn'],
    ['an unknown category', () => ({ incidentId: ids.incidentId, ...COST, category: 'lunch' }), 'category'],
    ['an unknown stage', () => ({ incidentId: ids.incidentId, ...COST, stage: 'approved' }), 'stage'],
    ['an unknown source', () => ({ incidentId: ids.incidentId, ...COST, source: 'insurer' }), 'source'],
    ['a third party without claimant', () => ({ incidentId: ids.incidentId, ...COST, source: 'third_party' }), 'claimant'],
    [
      'quantity × unit overflow',
      () => ({ incidentId: ids.incidentId, ...COST, amount: undefined, quantity: 1_000_000_000, unitAmount: 100_000_000_000 }),
      'unitAmount',
    ],
    ['a quantity without unit', () => ({ incidentId: ids.incidentId, ...COST, amount: undefined, quantity: 5 }), 'unitAmount'],
    ['a fractional quantity', () => ({ incidentId: ids.incidentId, ...COST, amount: undefined, quantity: 2.5, unitAmount: 1000 }), 'quantity'],
    ['an amount that contradicts quantity × unit', () => ({ incidentId: ids.incidentId, ...COST, amount: 999, quantity: 2, unitAmount: 1000 }), 'amount'],
  ],
  'cost.update': [
    ['a negative amount', () => ({ id: ids.costId, ...COST, amount: -1 }), 'amount'],
    ['an unknown stage', () => ({ id: ids.costId, ...COST, stage: 'refunded' }), 'stage'],
  ],
  'cost.delete': [['a number as id', () => ({ id: 12 }), 'id']],
  'company.invite': [['an unknown role', () => ({ companyId: ids.companyId, role: 'owner' }), 'role']],
  'company.updateProfile': [
    ['an unknown tax status', () => ({ companyId: ids.companyId, taxStatus: 'sometimes' }), 'taxStatus'],
    ['a 法人番号 with a wrong check digit', () => ({ companyId: ids.companyId, corporateNumber: '8000012050002' }), 'corporateNumber'],
    ['a 法人番号 of 12 digits', () => ({ companyId: ids.companyId, corporateNumber: '700001205000' }), 'corporateNumber'],
    ['an account number of 9 digits', () => ({ companyId: ids.companyId, bankAccountNumber: '123456789' }), 'bankAccountNumber'],
    ['an account holder in kanji', () => ({ companyId: ids.companyId, bankAccountHolder: '山田太郎' }), 'bankAccountHolder'],
    ['an unknown account type', () => ({ companyId: ids.companyId, bankAccountType: 'checking' }), 'bankAccountType'],
    ['an address of 301 characters', () => ({ companyId: ids.companyId, address: 'あ'.repeat(301) }), 'address'],
  ],
  'incidentReport.update': [
    ['a summary of 4,001 characters', () => ({ incidentId: ids.incidentId, summary: 'あ'.repeat(4001) }), 'summary'],
    ['a number as the cause', () => ({ incidentId: ids.incidentId, cause: 42 }), 'cause'],
    ['a missing incident id', () => ({ summary: '概要' }), 'incidentId'],
  ],
  'journal.updateSettings': [
    ['an empty account', () => ({ companyId: ids.companyId, settings: { ...DEFAULT_JOURNAL_SETTINGS, bank: '  ' } }), 'settings.bank'],
    [
      'a missing category',
      () => ({ companyId: ids.companyId, settings: { ...DEFAULT_JOURNAL_SETTINGS, accounts: { ...DEFAULT_JOURNAL_SETTINGS.accounts, damages: undefined } } }),
      'settings.accounts.damages',
    ],
    [
      'an account Shift_JIS cannot write',
      () => ({ companyId: ids.companyId, settings: { ...DEFAULT_JOURNAL_SETTINGS, payable: '未払金😀' } }),
      'settings.payable',
    ],
    [
      'an unknown bookkeeping method',
      () => ({ companyId: ids.companyId, settings: { ...DEFAULT_JOURNAL_SETTINGS, taxAccounting: 'both' } }),
      'settings.taxAccounting',
    ],
  ],
  'company.changeRole': [['an unknown role', () => ({ companyId: ids.companyId, userId: ids.userId, role: 'root' }), 'role']],
  'company.removeMember': [['a missing user id', () => ({ companyId: ids.companyId }), 'userId']],
  'attachment.remove': [['a missing id', () => ({}), 'id']],
  'document.markNotNeeded': [
    ['an empty reason', () => ({ incidentId: ids.incidentId, kind: 'quotes', reason: '   ' }), 'reason'],
    ['an unknown kind', () => ({ incidentId: ids.incidentId, kind: 'passport', reason: 'x' }), 'kind'],
  ],
  'document.markNeeded': [['an unknown kind', () => ({ incidentId: ids.incidentId, kind: 'passport' }), 'kind']],
  'claim.export': [
    ['an unknown locale', () => ({ incidentId: ids.incidentId, locale: 'de' }), 'locale'],
    ['a missing incident id', () => ({ locale: 'ja' }), 'incidentId'],
    ['an acknowledgement that is not a list', () => ({ incidentId: ids.incidentId, acknowledged: 'unapproved' }), 'acknowledged'],
    ['an unknown document acknowledged', () => ({ incidentId: ids.incidentId, acknowledged: ['document:passport'] }), 'acknowledged.0'],
  ],
  'cost.approve': [
    ['no lines', () => ({ ids: [], approved: true }), 'ids'],
    ['a string as approved', () => ({ ids: [ids.costId], approved: 'yes' }), 'approved'],
  ],
  'cost.setStage': [
    ['an unknown stage', () => ({ id: ids.costId, stage: 'settled', on: '2026-07-01' }), 'stage'],
    ['an impossible date', () => ({ id: ids.costId, stage: 'paid', on: '2026-06-31' }), 'on'],
  ],
  'cost.recordConsent': [
    ['an empty reference', () => ({ id: ids.costId, consentOn: '2026-06-01', reference: ' ', givenBy: '担当' }), 'reference'],
    ['a missing date', () => ({ id: ids.costId, reference: 'X-1', givenBy: '担当' }), 'consentOn'],
  ],
  'incident.updateTracking': [
    [
      'a string flag',
      () => ({
        id: ids.incidentId,
        sensitiveData: 'true',
        financialHarm: false,
        malicious: false,
        insurerNotifiedOn: null,
        regulatorFirstReportOn: null,
        regulatorFinalReportOn: null,
      }),
      'sensitiveData',
    ],
    [
      'an impossible date',
      () => ({
        id: ids.incidentId,
        sensitiveData: false,
        financialHarm: false,
        malicious: false,
        insurerNotifiedOn: '2026-13-01',
        regulatorFirstReportOn: null,
        regulatorFinalReportOn: null,
      }),
      'insurerNotifiedOn',
    ],
    [
      'an unknown data role',
      () => ({
        id: ids.incidentId,
        sensitiveData: false,
        financialHarm: false,
        malicious: false,
        insurerNotifiedOn: null,
        regulatorFirstReportOn: null,
        regulatorFinalReportOn: null,
        dataRole: 'partner',
      }),
      'dataRole',
    ],
  ],
  'thirdPartyClaim.create': [
    ['an empty claimant', () => ({ incidentId: ids.incidentId, claimant: '  ', receivedOn: '2026-06-10' }), 'claimant'],
    ['an impossible date', () => ({ incidentId: ids.incidentId, claimant: 'A', receivedOn: '2026-02-30' }), 'receivedOn'],
    ['a negative amount demanded', () => ({ incidentId: ids.incidentId, claimant: 'A', receivedOn: '2026-06-10', amountDemanded: -1 }), 'amountDemanded'],
    [
      'notified before it was received',
      () => ({ incidentId: ids.incidentId, claimant: 'A', receivedOn: '2026-06-10', insurerNotifiedOn: '2026-06-09' }),
      'insurerNotifiedOn',
    ],
  ],
  'thirdPartyClaim.update': [
    ['a fractional amount', () => ({ id: ids.incidentId, claimant: 'A', receivedOn: '2026-06-10', amountDemanded: 1.5 }), 'amountDemanded'],
  ],
  'thirdPartyClaim.remove': [['a missing id', () => ({}), 'id']],
  'company.grantBroker': [['a malformed email', () => ({ companyId: ids.companyId, brokerEmail: 'broker at example' }), 'brokerEmail']],
  'company.revokeBroker': [['a missing broker id', () => ({ companyId: ids.companyId }), 'brokerCompanyId']],
  'claim.submit': [
    ['a missing package id', () => ({ incidentId: ids.incidentId }), 'packageId'],
    ['an unknown pre-flight item acknowledged', () => ({ incidentId: ids.incidentId, packageId: 'p', acknowledged: ['everything'] }), 'acknowledged.0'],
  ],
  'claim.setStatus': [
    ['a status only the client sets', () => ({ incidentId: ids.incidentId, status: 'submitted' }), 'status'],
    ['changes requested without a note', () => ({ incidentId: ids.incidentId, status: 'changes_requested' }), 'note'],
  ],
  'claim.settle': [
    ['a fractional amount', () => ({ incidentId: ids.incidentId, paidAmount: 1.5, settledOn: '2026-09-01' }), 'paidAmount'],
    ['a negative amount', () => ({ incidentId: ids.incidentId, paidAmount: -1, settledOn: '2026-09-01' }), 'paidAmount'],
    ['an impossible date', () => ({ incidentId: ids.incidentId, paidAmount: 1, settledOn: '2026-02-29' }), 'settledOn'],
  ],
  'review.decide': [
    ['an unknown decision', () => ({ costId: ids.costId, decision: 'reject' }), 'decision'],
    ['a query without a comment', () => ({ costId: ids.costId, decision: 'query' }), 'comment'],
    ['a disallowance with a blank reason', () => ({ costId: ids.costId, decision: 'disallow', comment: '   ' }), 'comment'],
  ],
  'review.answer': [['an empty answer', () => ({ costId: ids.costId, comment: '' }), 'comment']],
  'notification.markRead': [['a number as id', () => ({ ids: [1] }), 'ids.0']],
  'costImport.commit': [
    ['a mapping as an array', () => ({ importId: 'no-such-import', mapping: [0, 1, 2], fixed: {} }), 'mapping'],
    ['a column as a letter', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0, amount: 'D' } }), 'mapping.amount'],
    ['a string as skipDuplicates', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, skipDuplicates: 'yes' }), 'skipDuplicates'],
    ['an unknown fixed stage', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, fixed: { stage: 'approved' } }), 'fixed.stage'],
    ['a missing import id', () => ({ mapping: { incurredOn: 0 } }), 'importId'],
    ['a string as skipErrors', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, skipErrors: 'yes' }), 'skipErrors'],
    [
      'a fractional expected amount',
      () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, expected: { lines: 1, amount: 1.5 } }),
      'expected.amount',
    ],
    ['an unknown refund mode', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, refunds: 'ignore' }), 'refunds'],
    [
      'a value mapped to no category',
      () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, categoryValues: [{ value: '支払手数料', target: 'fees' }] }),
      'categoryValues.0.target',
    ],
  ],
  'costImport.discard': [['a missing import id', () => ({}), 'importId']],
  // No input of their own: anything sent must be empty.
  'calendar.rotate': [['an unknown key', () => ({ userId: ids.userId }), 'input']],
  'calendar.revoke': [['an unknown key', () => ({ all: true }), 'input']],
};

const queries: Partial<Record<QueryPath, Case[]>> = {
  'cost.list': [
    ['a limit of 0', () => ({ incidentId: ids.incidentId, limit: 0 }), 'limit'],
    ['an unknown sort', () => ({ incidentId: ids.incidentId, sort: 'vendor; DROP TABLE costs' }), 'sort'],
    ['a forged cursor', () => ({ incidentId: ids.incidentId, cursor: 'bm90LWEtY3Vyc29y' }), 'cursor'],
    ['an unknown work list', () => ({ incidentId: ids.incidentId, attention: 'everything' }), 'attention'],
  ],
  'cost.totals': [['an unknown category', () => ({ incidentId: ids.incidentId, category: 'x' }), 'category']],
  'claim.summary': [
    ['a missing incident id', () => ({}), 'incidentId'],
    ['an unknown locale', () => ({ incidentId: ids.incidentId, locale: 'fr' }), 'locale'],
  ],
  'policy.get': [['an empty id', () => ({ id: '' }), 'id']],
  'attachment.list': [['a number as cost id', () => ({ incidentId: ids.incidentId, costId: 7 }), 'costId']],
  'document.checklist': [['a missing incident id', () => ({}), 'incidentId']],
  'claim.packages': [['an empty incident id', () => ({ incidentId: '' }), 'incidentId']],
  'claim.preflight': [['a missing incident id', () => ({}), 'incidentId']],
  'auth.invitation': [['a number as token', () => ({ token: 1234567890123456 }), 'token']],
  'policy.list': [['a missing company id', () => ({}), 'companyId']],
  'policy.period': [['an empty id', () => ({ id: '' }), 'id']],
  'incident.get': [['a number as id', () => ({ id: 5 }), 'id']],
  'incident.list': [['a missing company id', () => ({}), 'companyId']],
  'audit.list': [['a missing incident id', () => ({}), 'incidentId']],
  'company.members': [['a missing company id', () => ({}), 'companyId']],
  'company.profile': [['a missing company id', () => ({}), 'companyId']],
  'incidentReport.get': [['a missing incident id', () => ({}), 'incidentId']],
  'journal.settings': [['a missing company id', () => ({}), 'companyId']],
  'cost.taxTotals': [['a missing incident id', () => ({}), 'incidentId']],
  'company.brokers': [['a missing company id', () => ({}), 'companyId']],
  'incident.deadlines': [['a missing id', () => ({}), 'id']],
  'incident.timeline': [['a number as id', () => ({ id: 3 }), 'id']],
  'claim.status': [['an empty incident id', () => ({ incidentId: '' }), 'incidentId']],
  'review.thread': [['a missing cost id', () => ({}), 'costId']],
  'audit.verify': [['a missing company id', () => ({}), 'companyId']],
  'costImport.preview': [
    ['a column as a letter', () => ({ importId: 'no-such-import', mapping: { incurredOn: 'A' } }), 'mapping.incurredOn'],
    ['a negative column', () => ({ importId: 'no-such-import', mapping: { amount: -1 } }), 'mapping.amount'],
    ['a fractional column', () => ({ importId: 'no-such-import', mapping: { amount: 1.5 } }), 'mapping.amount'],
    ['a column past the 200th', () => ({ importId: 'no-such-import', mapping: { amount: 200 } }), 'mapping.amount'],
    ['a missing mapping', () => ({ importId: 'no-such-import' }), 'mapping'],
    ['a negative offset', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, offset: -1 }), 'offset'],
    ['a limit of 0', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, limit: 0 }), 'limit'],
    ['a limit of 501', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, limit: 501 }), 'limit'],
    ['an unknown view', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, view: 'everything' }), 'view'],
    ['an unknown fixed category', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, fixed: { category: 'lunch' } }), 'fixed.category'],
    ['a header row past the rows offered', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, header: { row: 30, depth: 1 } }), 'header.row'],
    ['a header three rows deep', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, header: { row: 0, depth: 3 } }), 'header.depth'],
    [
      'a rule on a negative column',
      () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, filters: { rules: [{ column: -1, op: 'blank', reason: 'credit_side' }] } }),
      'filters.rules.0.column',
    ],
    [
      'a rule of an unknown kind',
      () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, filters: { rules: [{ column: 1, op: 'regex', values: ['.*'], reason: 'other' }] } }),
      'filters.rules.0.op',
    ],
    [
      'a rule for an unknown reason',
      () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, filters: { rules: [{ column: 1, op: 'blank', reason: 'because' }] } }),
      'filters.rules.0.reason',
    ],
    [
      'a rule value of 101 characters',
      () => ({
        importId: 'no-such-import',
        mapping: { incurredOn: 0 },
        filters: { rules: [{ column: 1, op: 'equals', values: ['x'.repeat(101)], reason: 'other' }] },
      }),
      'filters.rules.0.values.0',
    ],
    [
      'an empty value in the table',
      () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, categoryValues: [{ value: '  ', target: 'communications' }] }),
      'categoryValues.0.value',
    ],
    [
      'a value matched an unknown way',
      () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, categoryValues: [{ value: 'タクシー', match: 'regex', target: 'overtime_travel' }] }),
      'categoryValues.0.match',
    ],
    ['a string as continuation', () => ({ importId: 'no-such-import', mapping: { incurredOn: 0 }, continuation: 'yes' }), 'continuation'],
  ],
  'costImport.list': [['a missing incident id', () => ({}), 'incidentId']],
  'calendar.status': [
    ['an unknown key', () => ({ userId: ids.userId }), 'input'],
    ['no input at all', () => undefined, 'input'],
  ],
};

describe.each(Object.entries(mutations) as [MutationPath, Case[]][])('mutation %s', (name, cases) => {
  it.each(cases)('refuses %s, naming the field, and changes nothing', async (_label, input, field) => {
    const before = await snapshot(server.db);
    const answer = await client.mutateRaw(name, input());
    expect(answer.status).toBe(400);
    expect(answer.error?.code).toBe('BAD_REQUEST');
    expect(answer.error?.message).toContain(`${field}:`);
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe.each(Object.entries(queries) as [QueryPath, Case[]][])('query %s', (name, cases) => {
  it.each(cases)('refuses %s, naming the field', async (_label, input, field) => {
    const before = await snapshot(server.db);
    const answer = await client.queryRaw(name, input());
    expect(answer.status).toBe(400);
    expect(answer.error?.code).toBe('BAD_REQUEST');
    expect(answer.error?.message).toContain(`${field}:`);
    expect(await snapshot(server.db)).toBe(before);
  });
});

describe('the calendar feed procedures (no input of their own)', () => {
  it('answers a query input that is not JSON with 400, not a 500', async () => {
    const response = await fetch(`${server.url}/trpc/calendar.status?input=%7B%22x%22%3A`, { headers: { cookie: client.cookie! } });
    expect(response.status).toBe(400);
  });

  it.each(['calendar.rotate', 'calendar.revoke'])('answers %s with a body that is not JSON with 400, and changes nothing', async (name) => {
    await client.ok('mutate', 'calendar.rotate', {});
    const before = await snapshot(server.db);
    const response = await fetch(`${server.url}/trpc/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: client.cookie! },
      body: '{"feed": ',
    });
    expect(response.status).toBe(400);
    expect(await snapshot(server.db)).toBe(before);
  });

  it('answers a calendar URL that is not a feed secret with 404', async () => {
    for (const path of ['/calendar/..%2F..%2Fetc%2Fpasswd.ics', `/calendar/${'A'.repeat(101)}.ics`, '/calendar/%00.ics', "/calendar/' OR '1'='1.ics"]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe('malformed requests', () => {
  it('answers a body that is not JSON with a client error, not a 500', async () => {
    const response = await fetch(`${server.url}/trpc/cost.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: client.cookie! },
      body: '{"incidentId": ',
    });
    expect(response.status).toBe(400);
  });

  it('refuses a mutation sent as GET', async () => {
    const input = encodeURIComponent(JSON.stringify({ incidentId: ids.incidentId, ...COST }));
    const response = await fetch(`${server.url}/trpc/cost.create?input=${input}`, { headers: { cookie: client.cookie ?? '' } });
    expect(response.status).toBe(405);
  });

  it('answers an unknown procedure with 404', async () => {
    const response = await fetch(`${server.url}/trpc/cost.everything`, { headers: { cookie: client.cookie ?? '' } });
    expect(response.status).toBe(404);
  });
});
