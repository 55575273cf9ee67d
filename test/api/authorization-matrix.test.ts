// The authorization matrix: every tRPC procedure and every file route × seven actors, in one table.
// Each cell holds the answer the access rules give (server/access.ts, docs/rules.md §7), and each cell is run.
//
//   A responder, A finance, A admin  members of the policyholder company A, by role
//   B admin                          the admin of another policyholder company
//   assigned broker                  a user of the broker company A's admin granted (company.grantBroker)
//   unassigned broker                a user of another broker company, never granted
//   anonymous                        no cookie
//
// The table must name every procedure of the app router (the first test fails otherwise). A refusal must
// change nothing: every non-OK cell compares the database (and the stored files) before and after.
// A cell whose call would use its target up (a delete, a removal, a claim move) gets its own target from
// the row's `prepare`, which runs before the snapshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/routers/_app.ts';
import { DEFAULT_JOURNAL_SETTINGS } from '../../shared/journal-settings.ts';
import { attachToLine, pdf, postFiles, storedFiles } from '../support/files.ts';
import { COST, INCIDENT, POLICY } from '../support/fixtures.ts';
import type { MutationPath, QueryPath } from '../support/api-types.ts';
import { ApiClient, snapshot, startTestServer, type TestServer } from '../support/server.ts';
import { at, must } from '../support/at.ts';

type Actor = 'responder' | 'finance' | 'admin' | 'bAdmin' | 'broker' | 'otherBroker' | 'anonymous';
/** The order of the columns of EXPECT below. */
const ACTORS = ['responder', 'finance', 'admin', 'bAdmin', 'broker', 'otherBroker', 'anonymous'] as const satisfies readonly Actor[];
const LABEL: Record<Actor, string> = {
  responder: 'A responder',
  finance: 'A finance',
  admin: 'A admin',
  bAdmin: 'B admin',
  broker: 'assigned broker',
  otherBroker: 'unassigned broker',
  anonymous: 'anonymous',
};

/** A tRPC error code (or OK), or the HTTP status of a file route. */
type Expect = 'OK' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | number;
const OK = 'OK';
const UN = 'UNAUTHORIZED';
const FB = 'FORBIDDEN';
const NF = 'NOT_FOUND';
const CF = 'CONFLICT';
const TRPC_STATUS: Record<string, number> = { OK: 200, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

type Ids = Record<string, string>;
interface Outcome {
  got: string | number;
  status: number;
  detail: string;
}
interface Cell {
  actor: Actor;
  /** The actor's session cookie (null for anonymous). */
  cookie: string | null;
  /** What the row's `prepare` made for this cell. */
  t: Ids;
  /** Calls the row's own procedure as the actor (or with another cookie of the actor's). */
  call(input?: unknown, cookie?: string | null): Promise<Outcome>;
}
interface Row {
  /** Columns in ACTORS order: responder, finance, admin, B admin, assigned broker, unassigned broker, anonymous. */
  expect: readonly [Expect, Expect, Expect, Expect, Expect, Expect, Expect];
  run: (cell: Cell) => Promise<Outcome>;
  prepare?: (actor: Actor) => Promise<Ids>;
}
const r = (expect: Row['expect'], run: Row['run'], prepare?: Row['prepare']): Row => ({ expect, run, prepare });

// ---------------------------------------------------------------------------------------------------
// The world: companies, accounts and records, made through the API in beforeAll.

const PASSWORD = 'correct horse battery';
interface Account {
  client: ApiClient;
  email: string;
  userId: string;
}
interface World {
  a: Account & { companyId: string };
  b: Account & { companyId: string };
  accounts: Record<Exclude<Actor, 'anonymous'>, Account>;
  /** The assigned broker's company. */
  brokerCompanyId: string;
  /** A third broker company, granted and revoked by the grantBroker/revokeBroker cells. */
  spareBroker: Account & { companyId: string };
  /** A side company whose invitations the auth.* cells use (joining it changes nothing about A). */
  c: Account & { companyId: string };
  /** A member of A whose role the changeRole cells change. */
  spareMember: Account;
  policyId: string;
  /** Submitted to the assigned broker: every read cell looks at this one. */
  main: { incidentId: string; costId: string; attachmentId: string; submittedPackageId: string; unsubmittedPackageId: string };
  /** Where the writes go: lines by the responder and by the admin, a consulting line. */
  work: { incidentId: string; responderLine: string; adminLine: string; consultingLine: string; thirdPartyClaimId: string };
  /** Submitted and under review: one line the broker queried, one not reviewed yet. */
  review: { incidentId: string; queriedLine: string; openLine: string };
  /** An exported package not yet submitted, for the claim.submit cells. */
  submit: { incidentId: string; packageId: string };
}

let server: TestServer;
let w: World;
let seq = 0;
const uniqueEmail = (label: string) => `${label}-${++seq}-${Date.now()}@example.jp`;
const dateFor = (actor: Actor) => `2026-06-${String(10 + ACTORS.indexOf(actor)).padStart(2, '0')}`;
const numberFor = (actor: Actor) => 1_000 + ACTORS.indexOf(actor);

async function signUp(label: string, kind: 'policyholder' | 'broker' = 'policyholder') {
  const client = new ApiClient(server.url);
  const email = uniqueEmail(label);
  const { userId, companyId } = await client.ok('mutate', 'auth.signup', { email, password: PASSWORD, name: label, companyName: `${label}社`, kind });
  return { client, email, userId: userId, companyId: companyId };
}

async function invitationTo(companyAdmin: ApiClient, companyId: string, role: 'responder' | 'finance' | 'admin' = 'responder') {
  return (await companyAdmin.ok('mutate', 'company.invite', { companyId, role })).token;
}

async function join(companyAdmin: ApiClient, companyId: string, role: 'responder' | 'finance' | 'admin'): Promise<Account> {
  const token = await invitationTo(companyAdmin, companyId, role);
  const client = new ApiClient(server.url);
  const email = uniqueEmail(role);
  const { userId } = await client.ok('mutate', 'auth.acceptInvite', { token, email, password: PASSWORD, name: role });
  return { client, email, userId };
}

const admin = () => w.accounts.admin.client;
const finance = () => w.accounts.finance.client;
const responder = () => w.accounts.responder.client;
const broker = () => w.accounts.broker.client;

async function newIncident(by: ApiClient, title: string) {
  const { id: incidentId } = await by.ok('mutate', 'incident.create', { policyId: w.policyId, ...INCIDENT, title });
  const { id: costId } = await by.ok('mutate', 'cost.create', { incidentId, ...COST });
  return { incidentId: incidentId, costId: costId };
}

async function exportPackage(incidentId: string): Promise<string> {
  return (await finance().ok('mutate', 'claim.export', { incidentId })).packageId;
}

async function submitToBroker(incidentId: string, packageId: string) {
  await finance().ok('mutate', 'claim.submit', { incidentId, packageId, brokerCompanyId: w.brokerCompanyId });
}

/** A claim of A's at this status, kept while it stays there (an OK cell moves it on; the next cell gets a new one). */
const claims: Partial<Record<'submitted' | 'sent_to_insurer', string>> = {};
async function claimAt(status: 'submitted' | 'sent_to_insurer'): Promise<string> {
  const kept = claims[status];
  if (kept && (await admin().ok('query', 'claim.status', { incidentId: kept })).claimStatus === status) return kept;
  const { incidentId } = await newIncident(finance(), `請求 ${status}`);
  await submitToBroker(incidentId, await exportPackage(incidentId));
  if (status === 'sent_to_insurer') {
    await broker().ok('mutate', 'claim.setStatus', { incidentId, status: 'accepted' });
    await broker().ok('mutate', 'claim.setStatus', { incidentId, status: 'sent_to_insurer' });
  }
  claims[status] = incidentId;
  return incidentId;
}

async function expectClaimStatus(incidentId: string, status: string) {
  expect((await admin().ok('query', 'claim.status', { incidentId })).claimStatus, 'fixture claim status').toBe(status);
}

beforeAll(async () => {
  server = await startTestServer();
  const a = await signUp('a-admin');
  const b = await signUp('b-admin');
  const brokerUser = await signUp('broker', 'broker');
  const otherBroker = await signUp('other-broker', 'broker');
  const spareBroker = await signUp('spare-broker', 'broker');
  const c = await signUp('c-admin');
  const accounts = {
    admin: a,
    finance: await join(a.client, a.companyId, 'finance'),
    responder: await join(a.client, a.companyId, 'responder'),
    bAdmin: b,
    broker: brokerUser,
    otherBroker,
  };
  const spareMember = await join(a.client, a.companyId, 'responder');
  const granted = await a.client.ok('mutate', 'company.grantBroker', { companyId: a.companyId, brokerEmail: brokerUser.email });
  expect(granted.brokerCompanyId).toBe(brokerUser.companyId);
  // B has data of its own, so a NOT_FOUND is not just an empty company.
  const bPolicy = await b.client.ok('mutate', 'policy.create', { companyId: b.companyId, ...POLICY });
  await b.client.ok('mutate', 'incident.create', { policyId: bPolicy.id, ...INCIDENT });

  const { id: policyId } = await a.client.ok('mutate', 'policy.create', { companyId: a.companyId, ...POLICY });
  // The incidents below are filled in as they are made.
  w = { a, b, accounts, brokerCompanyId: brokerUser.companyId, spareBroker, c, spareMember, policyId } as Omit<
    World,
    'main' | 'work' | 'review' | 'submit'
  > as World;

  // The main incident: a line with a receipt, a package submitted to the broker, and a later one never submitted.
  const main = await newIncident(responder(), '顧客DB漏えい(本件)');
  const receipt = await attachToLine(server.url, responder().cookie, main.costId, pdf('main receipt'), 'receipt.pdf');
  const submittedPackageId = await exportPackage(main.incidentId);
  await submitToBroker(main.incidentId, submittedPackageId);
  const unsubmittedPackageId = await exportPackage(main.incidentId);
  w.main = { ...main, attachmentId: receipt.id, submittedPackageId, unsubmittedPackageId };

  const work = await newIncident(responder(), '作業用の事故');
  const adminLine = await admin().ok('mutate', 'cost.create', { incidentId: work.incidentId, ...COST, vendor: '管理者の行' });
  const consultingLine = await finance().ok('mutate', 'cost.create', { incidentId: work.incidentId, ...COST, category: 'consulting' });
  const thirdPartyClaim = await responder().ok('mutate', 'thirdPartyClaim.create', { incidentId: work.incidentId, ...THIRD_PARTY_CLAIM });
  w.work = {
    incidentId: work.incidentId,
    responderLine: work.costId,
    adminLine: adminLine.id,
    consultingLine: consultingLine.id,
    thirdPartyClaimId: thirdPartyClaim.id,
  };

  const review = await newIncident(finance(), 'レビュー中の事故');
  const { id: openLine } = await finance().ok('mutate', 'cost.create', { incidentId: review.incidentId, ...COST, vendor: '未確認の行' });
  await submitToBroker(review.incidentId, await exportPackage(review.incidentId));
  await broker().ok('mutate', 'review.decide', { costId: review.costId, decision: 'query', comment: '内訳を教えてください' });
  w.review = { incidentId: review.incidentId, queriedLine: review.costId, openLine };

  const toSubmit = await newIncident(finance(), '提出前の事故');
  w.submit = { incidentId: toSubmit.incidentId, packageId: await exportPackage(toSubmit.incidentId) };

  await expectClaimStatus(w.main.incidentId, 'submitted');
  await expectClaimStatus(w.review.incidentId, 'under_review');
});
afterAll(async () => await server?.close());

// ---------------------------------------------------------------------------------------------------
// Per-cell targets.

const ids = {
  aCompany: () => w.a.companyId,
  main: () => w.main.incidentId,
};
const freshLine = async (by: ApiClient) => ({ id: (await by.ok('mutate', 'cost.create', { incidentId: w.work.incidentId, ...COST, vendor: '削除用' })).id });
const freshAttachment = async (by: ApiClient) => ({
  id: (await attachToLine(server.url, by.cookie, w.work.responderLine, pdf('to remove'), 'remove-me.pdf')).id,
});
const THIRD_PARTY_CLAIM = { claimant: '株式会社請求者', receivedOn: '2026-06-10', amountDemanded: 500_000 };
const freshThirdPartyClaim = async () => ({
  id: (await responder().ok('mutate', 'thirdPartyClaim.create', { incidentId: w.work.incidentId, ...THIRD_PARTY_CLAIM, claimant: '削除用' })).id,
});
const freshInvitation = async () => ({ token: await invitationTo(w.c.client, w.c.companyId) });
/** A second session of the actor's own, so logging it out leaves the actor's session for the other cells. */
async function secondSession(actor: Actor): Promise<Ids> {
  if (actor === 'anonymous') return {};
  const client = new ApiClient(server.url);
  await client.ok('mutate', 'auth.login', { email: w.accounts[actor].email, password: PASSWORD });
  return { cookie: client.cookie! };
}
const NEW_PASSWORD = 'another horse battery';
/** After a cell that ended the actor's sessions: signs the actor in again (and puts the password back). */
async function afterwardsSignedInAgain(cell: Cell, outcome: Outcome, changedTo?: string): Promise<Outcome> {
  if (cell.actor === 'anonymous' || outcome.got !== OK) return outcome;
  const { client, email } = w.accounts[cell.actor];
  client.cookie = null;
  await client.ok('mutate', 'auth.login', { email, password: changedTo ?? PASSWORD });
  if (changedTo) await client.ok('mutate', 'auth.changePassword', { currentPassword: changedTo, newPassword: PASSWORD });
  return outcome;
}
/** A new feed URL of the member's (the path only): making it replaces the one before. */
async function feedPath(by: ApiClient): Promise<string> {
  return new URL((await by.ok('mutate', 'calendar.rotate', {})).url).pathname;
}
async function spareBrokerGranted(granted: boolean): Promise<Ids> {
  if (granted) await admin().ok('mutate', 'company.grantBroker', { companyId: w.a.companyId, brokerEmail: w.spareBroker.email });
  else await admin().mutate('company.revokeBroker', { companyId: w.a.companyId, brokerCompanyId: w.spareBroker.companyId });
  return {};
}

// ---------------------------------------------------------------------------------------------------
// File routes.

async function httpGet(path: string, cookie: string | null): Promise<Outcome> {
  const response = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status === 200) expect(body.length, `${path} body`).toBeGreaterThan(0);
  return { got: response.status, status: response.status, detail: response.status === 200 ? '' : body.toString('utf8').slice(0, 300) };
}

async function httpUpload(path: string, cookie: string | null): Promise<Outcome> {
  const answer = await postFiles(`${server.url}${path}`, cookie, [{ bytes: pdf('matrix upload'), name: 'matrix.pdf' }]);
  return { got: answer.status, status: answer.status, detail: JSON.stringify(answer.body).slice(0, 300) };
}

/** A small cost-line CSV, different every time (the same bytes again would be a reimport). */
let importSeq = 0;
const importCsv = (label: string) => Buffer.from(`日付,費目,摘要,金額\r\n2026/06/15,通信費,${label} ${++importSeq},"12,000"\r\n`, 'utf8');
const IMPORT_READING = {
  mapping: { incurredOn: 0, category: 1, description: 2, amount: 3 },
  fixed: { stage: 'invoiced' },
  // Issue 17's settings: the header row, rules, the value → category table, refunds.
  header: { row: 0, depth: 1 },
  filters: { totals: true, zeroAmount: true, rules: [{ column: 2, op: 'contains', values: ['給与'], reason: 'transfer' }] },
  categoryValues: [{ value: '通信費', match: 'exact', target: 'communications' }],
  refunds: 'net',
};

async function httpImport(path: string, cookie: string | null): Promise<Outcome> {
  const answer = await postFiles(`${server.url}${path}`, cookie, [{ bytes: importCsv('matrix upload'), name: 'matrix.csv' }]);
  return { got: answer.status, status: answer.status, detail: JSON.stringify(answer.body).slice(0, 300) };
}

/** An import of A's uploaded by finance and not yet committed: a commit or discard uses it up. */
async function freshImport(): Promise<Ids> {
  const answer = await postFiles(`${server.url}/api/incidents/${w.work.incidentId}/imports`, finance().cookie, [
    { bytes: importCsv('matrix import'), name: 'matrix.csv' },
  ]);
  if (answer.status !== 201) throw new Error(`fixture import refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { importId: must(answer.body.importId, 'importId') };
}

// ---------------------------------------------------------------------------------------------------
// THE MATRIX. Columns: A responder, A finance, A admin, B admin, assigned broker, unassigned broker, anonymous.

const MATRIX: Record<string, Row> = {
  // Public procedures answer whoever calls (never UNAUTHORIZED); each cell makes its own account, token or session.
  'auth.signup': r(
    [OK, OK, OK, OK, OK, OK, OK],
    async (c) => await c.call({ email: uniqueEmail('signup'), password: PASSWORD, name: '新規', companyName: '新規社' }),
  ),
  'auth.login': r([OK, OK, OK, OK, OK, OK, OK], async (c) => await c.call({ email: w.c.email, password: PASSWORD })),
  'auth.logout': r([OK, OK, OK, OK, OK, OK, OK], async (c) => await c.call(undefined, c.t.cookie ?? null), secondSession),
  'auth.demo': r([OK, OK, OK, OK, OK, OK, OK], async (c) => await c.call()),
  'auth.invitation': r([OK, OK, OK, OK, OK, OK, OK], async (c) => await c.call({ token: c.t.token }), freshInvitation),
  'auth.acceptInvite': r(
    [OK, OK, OK, OK, OK, OK, OK],
    async (c) => await c.call({ token: c.t.token, email: uniqueEmail('invited'), password: PASSWORD, name: '招待' }),
    freshInvitation,
  ),
  // No id of A's: any signed-in user (the invitation is the side company C's, so joining it gives no access to A).
  'auth.me': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await c.call()),
  // Both end every session of the caller's own (no id of anyone else's): the cell signs the actor in again after.
  'auth.logoutEverywhere': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await afterwardsSignedInAgain(c, await c.call())),
  'auth.changePassword': r(
    [OK, OK, OK, OK, OK, OK, UN],
    async (c) => await afterwardsSignedInAgain(c, await c.call({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }), NEW_PASSWORD),
  ),
  'auth.joinWithInvite': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await c.call({ token: c.t.token }), freshInvitation),
  'broker.clients': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await c.call()),
  'notification.list': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await c.call()),
  'notification.unreadCount': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await c.call()),
  'notification.markRead': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await c.call({})),
  // The member's own calendar feed (docs/decisions/028): no id of anyone else's, so any signed-in user.
  'calendar.status': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await c.call({})),
  'calendar.rotate': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await c.call({})),
  'calendar.revoke': r([OK, OK, OK, OK, OK, OK, UN], async (c) => await c.call({})),

  // Members and brokers of A.
  'company.members': r([OK, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ companyId: ids.aCompany() })),
  'company.profile': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ companyId: ids.aCompany() })),
  'company.updateProfile': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ companyId: ids.aCompany(), taxStatus: 'standard', address: `東京都千代田区 ${c.actor}`, corporateNumber: '7000012050002' }),
  ),
  // The journal mapping and files (docs/decisions/023): finance's, like the imports; brokers never see them.
  'journal.settings': r([FB, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ companyId: ids.aCompany() })),
  'journal.updateSettings': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ companyId: ids.aCompany(), settings: { ...DEFAULT_JOURNAL_SETTINGS, bank: `銀行${numberFor(c.actor)}` } }),
  ),
  'company.brokers': r([OK, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ companyId: ids.aCompany() })),
  'company.invite': r([FB, FB, OK, NF, FB, NF, UN], async (c) => await c.call({ companyId: ids.aCompany(), role: 'responder' })),
  'company.changeRole': r(
    [FB, FB, OK, NF, FB, NF, UN],
    async (c) => await c.call({ companyId: ids.aCompany(), userId: w.spareMember.userId, role: 'finance' }),
    async () => (await admin().ok('mutate', 'company.changeRole', { companyId: w.a.companyId, userId: w.spareMember.userId, role: 'responder' }), {}),
  ),
  'company.removeMember': r(
    [FB, FB, OK, NF, FB, NF, UN],
    async (c) => await c.call({ companyId: ids.aCompany(), userId: c.t.userId }),
    async () => ({ userId: (await join(admin(), w.a.companyId, 'responder')).userId }),
  ),
  'company.grantBroker': r(
    [FB, FB, OK, NF, FB, NF, UN],
    async (c) => await c.call({ companyId: ids.aCompany(), brokerEmail: w.spareBroker.email }),
    async () => await spareBrokerGranted(false),
  ),
  'company.revokeBroker': r(
    [FB, FB, OK, NF, FB, NF, UN],
    async (c) => await c.call({ companyId: ids.aCompany(), brokerCompanyId: w.spareBroker.companyId }),
    async () => await spareBrokerGranted(true),
  ),

  // Policies.
  'policy.get': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ id: w.policyId })),
  'policy.list': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ companyId: ids.aCompany() })),
  'policy.period': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ id: w.policyId })),
  'policy.create': r([FB, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ companyId: ids.aCompany(), ...POLICY, policyNumber: `IT-${c.actor}` })),
  'policy.update': r([FB, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ id: w.policyId, ...POLICY, insurer: `保険会社 ${c.actor}` })),

  // Incidents.
  'incident.get': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ id: ids.main() })),
  'incident.list': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ companyId: ids.aCompany() })),
  'incident.deadlines': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ id: ids.main() })),
  'incident.timeline': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ id: ids.main() })),
  'incident.create': r([OK, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ policyId: w.policyId, ...INCIDENT, title: `事故 ${c.actor}` })),
  'incident.update': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ id: w.work.incidentId, ...INCIDENT, title: `更新 ${c.actor}`, status: 'open' }),
  ),
  // The incident report (事故状況報告書): read with the incident, written by any member (docs/decisions/027).
  'incidentReport.get': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'incidentReport.update': r(
    [OK, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ incidentId: w.work.incidentId, summary: `概要 ${c.actor}`, contactName: c.actor }),
  ),
  'incident.updateTracking': r(
    [OK, OK, OK, NF, FB, NF, UN],
    async (c) =>
      await c.call({
        id: w.work.incidentId,
        sensitiveData: true,
        financialHarm: false,
        malicious: false,
        insurerNotifiedOn: dateFor(c.actor),
        regulatorFirstReportOn: null,
        regulatorFinalReportOn: null,
      }),
  ),

  // Third-party claims: the breach team records them; brokers read them; finance removes a mistaken one.
  'thirdPartyClaim.list': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: w.work.incidentId })),
  'thirdPartyClaim.create': r(
    [OK, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ incidentId: w.work.incidentId, ...THIRD_PARTY_CLAIM, claimant: `請求者 ${c.actor}` }),
  ),
  'thirdPartyClaim.update': r(
    [OK, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ id: w.work.thirdPartyClaimId, ...THIRD_PARTY_CLAIM, insurerNotifiedOn: dateFor(c.actor) }),
  ),
  'thirdPartyClaim.remove': r([FB, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ id: c.t.id }), freshThirdPartyClaim),

  // Cost lines.
  'cost.list': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'cost.totals': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'cost.taxTotals': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'cost.create': r([OK, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ incidentId: w.work.incidentId, ...COST, amount: numberFor(c.actor) })),
  'cost.update': r([OK, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ id: w.work.responderLine, ...COST, amount: numberFor(c.actor) })),
  'cost.update (a line another member logged)': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ id: w.work.adminLine, ...COST, amount: numberFor(c.actor) }),
  ),
  'cost.delete': r(
    [OK, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ id: c.t.id }),
    async () => await freshLine(responder()),
  ),
  'cost.delete (a line another member logged)': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ id: c.t.id }),
    async () => await freshLine(admin()),
  ),
  'cost.approve': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ ids: [w.work.adminLine], approved: true }),
    async () => (await finance().ok('mutate', 'cost.approve', { ids: [w.work.adminLine], approved: false }), {}),
  ),
  'cost.setStage': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ id: w.work.adminLine, stage: 'paid', on: dateFor(c.actor) }),
    async () => (await finance().ok('mutate', 'cost.setStage', { id: w.work.adminLine, stage: 'invoiced', on: '2026-06-01' }), {}),
  ),
  'cost.recordConsent': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ id: w.work.consultingLine, consentOn: dateFor(c.actor), reference: `REF-${c.actor}`, givenBy: '損害サービス課' }),
  ),

  // The claim.
  'claim.summary': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'claim.packages': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'claim.preflight': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'claim.status': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'claim.export': r([FB, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ incidentId: w.work.incidentId })),
  'claim.submit': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ incidentId: w.submit.incidentId, packageId: w.submit.packageId, brokerCompanyId: w.brokerCompanyId }),
  ),
  // The broker's moves: members are refused whatever the claim's status; the broker moves a submitted claim on.
  'claim.setStatus': r(
    [FB, FB, FB, NF, OK, NF, UN],
    async (c) => await c.call({ incidentId: c.t.incidentId, status: 'under_review' }),
    async () => ({ incidentId: await claimAt('submitted') }),
  ),
  // Settling a claim the insurer has (sent_to_insurer): finance and admin, or the broker that sent it
  // (either side may be the one the insurer tells; shared/claim-status.ts, docs/decisions/008).
  'claim.settle': r(
    [FB, OK, OK, NF, OK, NF, UN],
    async (c) => await c.call({ incidentId: c.t.incidentId, paidAmount: 1_000_000, settledOn: '2026-09-01' }),
    async () => ({ incidentId: await claimAt('sent_to_insurer') }),
  ),
  'claim.settle (claim not yet sent to the insurer)': r(
    [FB, CF, CF, NF, CF, NF, UN],
    async (c) => await c.call({ incidentId: ids.main(), paidAmount: 1_000_000, settledOn: '2026-09-01' }),
    async () => (await expectClaimStatus(w.main.incidentId, 'submitted'), {}),
  ),

  // The audit log: members only.
  'audit.list': r([OK, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'audit.verify': r([OK, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ companyId: ids.aCompany() })),

  // Attachments and documents.
  'attachment.list': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'attachment.remove': r(
    [OK, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ id: c.t.id }),
    async () => await freshAttachment(responder()),
  ),
  'attachment.remove (a file another member uploaded)': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ id: c.t.id }),
    async () => await freshAttachment(admin()),
  ),
  'document.checklist': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ incidentId: ids.main() })),
  'document.markNotNeeded': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ incidentId: w.work.incidentId, kind: 'quotes', reason: `不要 ${c.actor}` }),
    async () => (await finance().ok('mutate', 'document.markNeeded', { incidentId: w.work.incidentId, kind: 'quotes' }), {}),
  ),
  'document.markNeeded': r(
    [FB, OK, OK, NF, FB, NF, UN],
    async (c) => await c.call({ incidentId: w.work.incidentId, kind: 'seal_certificate' }),
    async () => (await finance().ok('mutate', 'document.markNotNeeded', { incidentId: w.work.incidentId, kind: 'seal_certificate', reason: '対象外' }), {}),
  ),

  // The broker's line review.
  'review.thread': r([OK, OK, OK, NF, OK, NF, UN], async (c) => await c.call({ costId: w.review.queriedLine })),
  'review.decide': r([FB, FB, FB, NF, OK, NF, UN], async (c) => await c.call({ costId: w.review.openLine, decision: 'accept' })),
  'review.answer': r([OK, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ costId: w.review.queriedLine, comment: `回答 ${c.actor}` })),

  // Spreadsheet imports (issue 5): finance and admin write many lines at once; brokers never write.
  'costImport.preview': r([FB, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ importId: c.t.importId, ...IMPORT_READING }), freshImport),
  'costImport.commit': r([FB, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ importId: c.t.importId, ...IMPORT_READING }), freshImport),
  'costImport.discard': r([FB, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ importId: c.t.importId }), freshImport),
  'costImport.list': r([OK, OK, OK, NF, FB, NF, UN], async (c) => await c.call({ incidentId: w.work.incidentId })),

  // File routes (HTTP statuses).
  'POST /api/costs/:id/attachments': r(
    [201, 201, 201, 404, 403, 404, 401],
    async (c) => await httpUpload(`/api/costs/${w.work.responderLine}/attachments`, c.cookie),
  ),
  'POST /api/incidents/:id/documents/:kind': r(
    [201, 201, 201, 404, 403, 404, 401],
    async (c) => await httpUpload(`/api/incidents/${w.work.incidentId}/documents/receipts`, c.cookie),
  ),
  'POST /api/incidents/:id/imports': r(
    [403, 201, 201, 404, 403, 404, 401],
    async (c) => await httpImport(`/api/incidents/${w.work.incidentId}/imports`, c.cookie),
  ),
  'GET /api/attachments/:id': r([200, 200, 200, 404, 200, 404, 401], async (c) => await httpGet(`/api/attachments/${w.main.attachmentId}`, c.cookie)),
  'GET /api/packages/:id.zip (a version submitted to the broker)': r(
    [200, 200, 200, 404, 200, 404, 401],
    async (c) => await httpGet(`/api/packages/${w.main.submittedPackageId}.zip`, c.cookie),
  ),
  'GET /api/packages/:id.zip (a version never submitted)': r(
    [200, 200, 200, 404, 404, 404, 401],
    async (c) => await httpGet(`/api/packages/${w.main.unsubmittedPackageId}.zip`, c.cookie),
  ),
  'GET /api/incidents/:id/journals/:format.csv': r(
    [403, 200, 200, 404, 403, 404, 401],
    async (c) => await httpGet(`/api/incidents/${w.main.incidentId}/journals/yayoi.csv`, c.cookie),
  ),
  // The calendar feed: the secret in the URL is the credential (calendar apps send no cookie), so whoever
  // holds a live URL reads it, cookie or not, and a replaced or stopped URL is 404 for everyone.
  'GET /calendar/:secret.ics (A admin’s live URL)': r(
    [200, 200, 200, 200, 200, 200, 200],
    async (c) => await httpGet(must(c.t.path, 'the feed path'), c.cookie),
    async () => ({ path: await feedPath(admin()) }),
  ),
  'GET /calendar/:secret.ics (a URL since replaced)': r(
    [404, 404, 404, 404, 404, 404, 404],
    async (c) => await httpGet(must(c.t.path, 'the feed path'), c.cookie),
    async () => {
      const path = await feedPath(admin());
      await feedPath(admin());
      return { path };
    },
  ),
};

/**
 * Cells where the server answers otherwise than the rules above: the cell asserts what the server does
 * today, so the suite stays green, and its name says both. Fixing the server makes the cell fail: then
 * delete its entry here.
 */
const SERVER_DIFFERS: Record<string, { actual: Expect; why: string }> = {
  // Cells where the server knowingly answers otherwise than the table (none at present).
};

// ---------------------------------------------------------------------------------------------------

const PUBLIC = new Set(['auth.signup', 'auth.login', 'auth.logout', 'auth.demo', 'auth.invitation', 'auth.acceptInvite']);
const FILE_ROUTES = [
  'POST /api/costs/:id/attachments',
  'POST /api/incidents/:id/documents/:kind',
  'POST /api/incidents/:id/imports',
  'GET /api/attachments/:id',
  'GET /api/packages/:id.zip',
  'GET /api/incidents/:id/journals/:format.csv',
  'GET /calendar/:secret.ics',
];
/** File routes whose credential is a secret in the URL, not the session: no cookie is no refusal. */
const SECRET_URL_ROUTES = new Set(['GET /calendar/:secret.ics']);
const isFileRoute = (key: string) => /^(GET|POST) \//.test(key);
/** The procedure a row calls: its key up to the first space ("cost.update (…)" is a second row of cost.update). */
const procedureOf = (key: string) => at(key.split(' '), 0);
// Typed as the nested router, but at run time (tRPC v11) a flat record keyed by dotted path.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;

function cookieOf(actor: Actor): string | null {
  return actor === 'anonymous' ? null : w.accounts[actor].client.cookie;
}

async function callProcedure(name: string, cookie: string | null, input: unknown): Promise<Outcome> {
  // A fresh client per call: a procedure that sets a cookie (login, signup) never changes the actor's session.
  const client = new ApiClient(server.url);
  client.cookie = cookie;
  const answer =
    must(procedures[name], 'procedures[name]')._def.type === 'query'
      ? await client.queryRaw(name as QueryPath, input)
      : await client.mutateRaw(name as MutationPath, input);
  return { got: answer.error ? answer.error.code : OK, status: answer.status, detail: answer.error?.message ?? '' };
}

const cells = Object.entries(MATRIX).flatMap(([key, row]) =>
  ACTORS.map((actor, column) => {
    const want = row.expect[column];
    const differs = SERVER_DIFFERS[`${key} × ${actor}`];
    const name = `${key} × ${LABEL[actor]} → ${want}${differs ? ` (server answers ${differs.actual}: ${differs.why})` : ''}`;
    return { name, key, actor, want, assert: differs ? differs.actual : want };
  }),
);

describe('the authorization matrix', () => {
  it('names every procedure of the app router, and only those', () => {
    const inRouter = Object.keys(procedures).sort();
    const inTable = [
      ...new Set(
        Object.keys(MATRIX)
          .filter((k) => !isFileRoute(k))
          .map(procedureOf),
      ),
    ].sort();
    expect(inTable).toEqual(inRouter);
    for (const key of Object.keys(MATRIX)) {
      if (!isFileRoute(key)) expect(key === procedureOf(key) || / \(.+\)$/.test(key), key).toBe(true);
    }
  });

  it('has a row for every file route, and a full row of answers everywhere', () => {
    const routes = [
      ...new Set(
        Object.keys(MATRIX)
          .filter(isFileRoute)
          .map((k) => k.replace(/ \(.+\)$/, '')),
      ),
    ].sort();
    expect(routes).toEqual([...FILE_ROUTES].sort());
    for (const [key, row] of Object.entries(MATRIX)) {
      expect(row.expect, key).toHaveLength(ACTORS.length);
      // Public procedures never answer UNAUTHORIZED; every other row refuses the anonymous caller.
      const anonymous = row.expect[ACTORS.indexOf('anonymous')];
      if (PUBLIC.has(key))
        expect(
          row.expect.every((e) => e === OK),
          key,
        ).toBe(true);
      else if (!SECRET_URL_ROUTES.has(key.replace(/ \(.+\)$/, ''))) expect(anonymous, key).toBe(isFileRoute(key) ? 401 : UN);
    }
    for (const cell of Object.keys(SERVER_DIFFERS))
      expect(
        cells.some((c) => `${c.key} × ${c.actor}` === cell),
        cell,
      ).toBe(true);
    expect(cells).toHaveLength(Object.keys(MATRIX).length * ACTORS.length);
  });

  // '%s' and not '$name': the latter cuts long names short.
  it.each(cells.map((cell) => [cell.name, cell] as const))('%s', async (_name, { key, actor, assert }) => {
    const row = must(MATRIX[key], 'MATRIX[key]');
    const t = row.prepare ? await row.prepare(actor) : {};
    const cookie = cookieOf(actor);
    const cell: Cell = { actor, cookie, t, call: async (input, other) => await callProcedure(procedureOf(key), other === undefined ? cookie : other, input) };
    const refusal = assert !== OK && !(typeof assert === 'number' && assert < 300);
    const before = refusal ? { db: await snapshot(server.db), files: storedFiles(server.dataDir) } : null;

    const outcome = await row.run(cell);

    expect(outcome.got, `${outcome.status} ${outcome.detail}`).toBe(assert);
    if (!isFileRoute(key)) expect(outcome.status, 'HTTP status of the tRPC answer').toBe(TRPC_STATUS[outcome.got]);
    if (before) {
      expect(await snapshot(server.db), 'a refusal changed the database').toBe(before.db);
      expect(storedFiles(server.dataDir), 'a refusal kept a file').toEqual(before.files);
    }
  });
});
