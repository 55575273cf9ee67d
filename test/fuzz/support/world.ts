// The small world the mutation fuzzers run against: the client company A (an admin, a responder and a
// finance member, a policy, an incident with a few lines, a receipt, an exported package submitted to
// its broker, two uploaded imports, open invitations), another company B with the same kinds of records,
// and the broker. Small on purpose: a refused request that wrote anything is checked against a snapshot
// of every table.
import { verifyChain } from '../../../server/audit-chain.ts';
import { COST, INCIDENT, POLICY, setUpIncident } from '../../support/fixtures.ts';
import { attachToLine, pdf, postFiles } from '../../support/files.ts';
import { csvText, utf8 } from '../../support/import-files.ts';
import { ApiClient, signUpCompany, type TestServer } from '../../support/server.ts';

export const PASSWORD = 'correct horse battery';

export interface Company {
  client: ApiClient;
  companyId: string;
  userId: string;
  email: string;
  policyId: string;
  incidentId: string;
  costId: string;
  attachmentId: string;
  packageId: string;
}

export interface World {
  server: TestServer;
  a: Company & {
    consultingCostId: string;
    thirdPartyClaimId: string;
    deletableCostId: string;
    importId: string;
    discardImportId: string;
    importMapping: Record<string, number>;
    responderId: string;
    financeId: string;
    responder: ApiClient;
    finance: ApiClient;
  };
  b: Company;
  broker: { client: ApiClient; companyId: string; userId: string; email: string; notificationIds: string[] };
  /** Every id the world knows (A's, B's, the broker's), for fields that take an id. */
  ids: string[];
  emails: string[];
  /** Open invitations into A (the last one only for a given email). */
  tokens: string[];
}

let unique = 0;
export const uniqueEmail = (label: string) => `fuzz-${label}-${process.pid}-${++unique}-${Date.now()}@example.jp`;

export async function signUpBroker(url: string) {
  const client = new ApiClient(url);
  const email = uniqueEmail('broker');
  const { userId, companyId } = await client.ok('mutate', 'auth.signup', {
    email,
    password: PASSWORD,
    name: '代理店担当',
    companyName: 'ファズ保険代理店',
    kind: 'broker',
  });
  return { client, email, userId: userId, companyId: companyId };
}

export async function joinAs(url: string, admin: ApiClient, companyId: string, role: 'responder' | 'finance') {
  const { token } = await admin.ok('mutate', 'company.invite', { companyId, role });
  const client = new ApiClient(url);
  const email = uniqueEmail(role);
  const { userId } = await client.ok('mutate', 'auth.acceptInvite', { token, email, password: PASSWORD, name: `${role} 担当` });
  return { client, email, userId: userId };
}

async function company(url: string, label: string): Promise<Company> {
  const { client, companyId, userId, email } = await signUpCompany(url, label);
  const ids = await setUpIncident(client, companyId);
  const attachment = await attachToLine(url, client.cookie, ids.costId, pdf(label), `領収書-${label}.pdf`);
  const { packageId } = await client.ok('mutate', 'claim.export', { incidentId: ids.incidentId });
  return { client, companyId, userId, email, ...ids, attachmentId: attachment.id, packageId };
}

async function uploadImport(url: string, client: ApiClient, incidentId: string, vendor: string) {
  const csv = csvText([
    ['日付', '費目', '金額', '支払先'],
    ['2026-06-11', '事故原因調査費用', '120000', vendor],
    ['2026-06-12', '通信費', '¥8,800', vendor],
  ]);
  const answer = await postFiles(`${url}/api/incidents/${incidentId}/imports`, client.cookie, [{ bytes: utf8(csv), name: `${vendor}.csv` }]);
  if (answer.status !== 201) throw new Error(`import upload refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { importId: string; mapping: Record<string, number> };
}

export async function buildWorld(server: TestServer): Promise<World> {
  const url = server.url;
  const a = await company(url, 'A');
  const b = await company(url, 'B');
  const consulting = await a.client.ok('mutate', 'cost.create', { incidentId: a.incidentId, ...COST, category: 'consulting', vendor: '法律事務所' });
  const deletable = await a.client.ok('mutate', 'cost.create', { incidentId: a.incidentId, ...COST, amount: 10_000, vendor: '消してよい行' });
  const responder = await joinAs(url, a.client, a.companyId, 'responder');
  const finance = await joinAs(url, a.client, a.companyId, 'finance');
  const kept = await uploadImport(url, a.client, a.incidentId, '取込A');
  const dropped = await uploadImport(url, a.client, a.incidentId, '取込B');

  // The claim goes to the broker, so the broker's moves (review, status, settlement) reach their rules.
  const broker = await signUpBroker(url);
  await a.client.ok('mutate', 'company.grantBroker', { companyId: a.companyId, brokerEmail: broker.email });
  await a.client.ok('mutate', 'claim.submit', { incidentId: a.incidentId, packageId: a.packageId, brokerCompanyId: broker.companyId });
  const notifications = (await broker.client.ok('query', 'notification.list')) as { id: string }[];
  const tokens: string[] = [];
  for (const email of [undefined, undefined, 'invited@example.jp']) {
    tokens.push((await a.client.ok('mutate', 'company.invite', { companyId: a.companyId, role: 'responder', email })).token);
  }

  const thirdPartyClaim = await a.client.ok('mutate', 'thirdPartyClaim.create', {
    incidentId: a.incidentId,
    claimant: '株式会社請求者',
    receivedOn: '2026-06-10',
  });
  const world: World = {
    server,
    a: {
      ...a,
      consultingCostId: consulting.id,
      thirdPartyClaimId: thirdPartyClaim.id,
      deletableCostId: deletable.id,
      importId: kept.importId,
      importMapping: kept.mapping,
      discardImportId: dropped.importId,
      responderId: responder.userId,
      financeId: finance.userId,
      responder: responder.client,
      finance: finance.client,
    },
    b,
    broker: { ...broker, notificationIds: notifications.map((n) => n.id) },
    ids: [],
    emails: [a.email, b.email, broker.email, responder.email, finance.email, 'invited@example.jp'],
    tokens,
  };
  const { client: _a, responder: _r, finance: _f, ...aIds } = world.a;
  const { client: _b, ...bIds } = world.b;
  world.ids = [
    ...new Set(
      [...Object.values(aIds), ...Object.values(bIds), broker.companyId, broker.userId, ...world.broker.notificationIds].filter(
        (v): v is string => typeof v === 'string' && !v.includes('@'),
      ),
    ),
  ];
  return world;
}

export { COST, INCIDENT, POLICY };

/** Every company's audit chain, as audit.verify walks it: what thousands of odd writes must not break. */
export async function brokenAuditChains(server: TestServer): Promise<{ companyId: string; firstBrokenId: number | null }[]> {
  const companies = server.db.$client.prepare('SELECT id FROM companies').all() as { id: string }[];
  const chains = await Promise.all(companies.map(async ({ id }) => ({ companyId: id, ...(await verifyChain(server.db, id)) })));
  return chains.filter((c) => !c.ok).map(({ companyId, firstBrokenId }) => ({ companyId, firstBrokenId }));
}

/**
 * The server runs in the test's process, so a `__proto__` key that polluted a prototype would show here:
 * compare before and after the fuzzing.
 */
export function prototypeKeys(): string {
  return [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join(' | ');
}
