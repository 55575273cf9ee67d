// Demo mode: on an empty database, a demo company whose incident is the source's worked example 2,
// written through the same procedures a user calls (same validation, same audit log), its claim package
// exported and submitted to the demo broker, who finds it waiting for review. With demo mode off,
// the demo accounts are disabled rather than deleted: their password is published, and the audit log
// refers to them (docs/decisions/017-invitations-lockout-signup-and-demo.md).

import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { WORKED_EXAMPLE_2 } from '../shared/worked-examples.ts';
import { createContextInner, loadSessionUser } from './context.ts';
import type { Db } from './db/client.ts';
import { claimPackages, companies, sessions, users } from './db/schema.ts';
import { nowIso } from './ids.ts';
import { removeUnlistedPackages } from './packages/package-files.ts';
import { appRouter } from './routers/_app.ts';
import type { Storage } from './storage.ts';
import { transact } from './db/transaction.ts';
import { firstRow } from './db/rows.ts';

export const DEMO_CREDENTIALS = { email: 'demo@example.jp', password: 'demo-password-2026' } as const;
/** The demo company's broker, already granted access, so the review can be walked through at once. */
export const DEMO_BROKER_CREDENTIALS = { email: 'broker@example.jp', password: 'demo-password-2026' } as const;

/** The accounts whose password is printed and shown on the sign-in page while demo mode is on. */
const DEMO_EMAILS = [DEMO_CREDENTIALS.email, DEMO_BROKER_CREDENTIALS.email];

export interface DemoCredentials {
  email: string;
  password: string;
  broker: { email: string; password: string } | null;
}

async function isEmpty(db: Db): Promise<boolean> {
  return (await firstRow(db.select({ id: companies.id }).from(companies).limit(1))) === undefined;
}

/**
 * Seeds the demo when the database is empty, and enables the demo accounts again if demo mode was off.
 * Answers the demo credentials while the demo account exists (so the sign-in page can show them), or null.
 */
export async function seedDemo(db: Db, storage: Storage): Promise<DemoCredentials | null> {
  if (await isEmpty(db)) await inOneTransaction(db, storage, (tx) => writeDemo(tx, storage));
  await db
    .update(users)
    .set({ disabledAt: null })
    .where(and(inArray(users.email, DEMO_EMAILS), isNotNull(users.disabledAt)));
  const exists = async (email: string) => (await firstRow(db.select({ id: users.id }).from(users).where(eq(users.email, email)))) !== undefined;
  if (!(await exists(DEMO_CREDENTIALS.email))) return null;
  return { ...DEMO_CREDENTIALS, broker: (await exists(DEMO_BROKER_CREDENTIALS.email)) ? DEMO_BROKER_CREDENTIALS : null };
}

/**
 * Demo mode off (DEMO_SEED=off) on a database seeded earlier: the demo accounts can no longer sign in
 * (they answer as a wrong password does) and their sessions end. Their rows, companies and records stay:
 * the audit log's entries name them, and its hash chain covers those entries. Answers how many were disabled.
 */
export async function disableDemoAccounts(db: Db): Promise<number> {
  return await transact(db, async (tx) => {
    const ids = (
      await tx
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.email, DEMO_EMAILS), isNull(users.disabledAt)))
    ).map((u) => u.id);
    if (ids.length === 0) return 0;
    await tx.update(users).set({ disabledAt: nowIso() }).where(inArray(users.id, ids));
    await tx.delete(sessions).where(inArray(sessions.userId, ids));
    return ids.length;
  });
}

/**
 * All of the demo or none of it: a start killed half-way would otherwise leave a company without its
 * incident, and the database no longer empty, so it would never be completed. The procedures' own
 * transactions nest as savepoints. Holding a transaction across the awaits (password hashing, the
 * package's files) is safe only because nothing else uses the database yet: the server is not listening.
 * The one thing outside the database is the claim package's ZIP: rolled back, the seed removes it (and a
 * kill's is removed at the next start, server/recovery.ts), as no row lists it.
 */
async function inOneTransaction(db: Db, storage: Storage, work: (tx: Db) => Promise<void>): Promise<void> {
  try {
    await transact(db, work, { beforeServing: true });
  } catch (error) {
    const listed = new Set((await db.select({ id: claimPackages.id }).from(claimPackages)).map((p) => p.id));
    await removeUnlistedPackages(storage, (id) => listed.has(id));
    throw error;
  }
}

async function writeDemo(db: Db, storage: Storage): Promise<void> {
  const anonymous = appRouter.createCaller(createContextInner({ db, storage, user: null }));
  const { userId, companyId } = await anonymous.auth.signup({
    ...DEMO_CREDENTIALS,
    name: 'デモ 太郎',
    companyName: 'B社 データ入力サービス株式会社',
  });
  const caller = appRouter.createCaller(createContextInner({ db, storage, user: await loadSessionUser(db, userId) }));
  const example = WORKED_EXAMPLE_2;
  const policy = await caller.policy.create({ companyId, ...example.policy, annualRevenue: 800_000_000, itRevenue: 720_000_000 });
  const incident = await caller.incident.create({ policyId: policy.id, ...example.incident });
  for (const line of example.lines) await caller.cost.create({ incidentId: incident.id, ...line });
  // B, A's contractor, told A and its insurer at once; A then claimed its losses from B in writing, and that
  // claim's own notice to the insurer is still to be sent (the demo's open duty).
  await caller.incident.updateTracking({
    id: incident.id,
    sensitiveData: false,
    financialHarm: false,
    malicious: true,
    insurerNotifiedOn: '2026-06-02',
    regulatorFirstReportOn: null,
    regulatorFinalReportOn: null,
    clientNotifiedOn: '2026-06-02',
    insurerClaimReference: 'TM-26-004512',
  });
  await caller.thirdPartyClaim.create({
    incidentId: incident.id,
    claimant: 'A社',
    receivedOn: '2026-06-12',
    amountDemanded: 66_000_000,
  });
  await writeClaimFormDetails(caller, { companyId, incidentId: incident.id });
  await writeSecondIncident(caller, policy.id);
  await anonymous.auth.signup({ ...DEMO_BROKER_CREDENTIALS, name: '代理 花子', companyName: 'さくら保険サービス株式会社', kind: 'broker' });
  await caller.company.grantBroker({ companyId, brokerEmail: DEMO_BROKER_CREDENTIALS.email });
  await submitFirstClaim(caller, incident.id);
}

/**
 * What the insurer's forms print for the first incident (docs/decisions/027): B社's profile for the claim form
 * and the report written once (the incident's role and claim reference come with the example and the tracking).
 */
async function writeClaimFormDetails(caller: ReturnType<typeof appRouter.createCaller>, ids: { companyId: string; incidentId: string }): Promise<void> {
  await caller.company.updateProfile({ companyId: ids.companyId, ...DEMO_CLAIM_PROFILE });
  await caller.incidentReport.update({ incidentId: ids.incidentId, ...DEMO_REPORT });
}

export const DEMO_CLAIM_PROFILE = {
  address: '東京都千代田区神田錦町3-1',
  corporateNumber: '7000012050002',
  representative: '代表取締役 デモ 太郎',
  bankName: 'さくら銀行',
  bankBranch: '神田支店',
  bankAccountType: 'ordinary',
  bankAccountNumber: '1234567',
  bankAccountHolder: 'カ)ビーデータニユウリヨクサービス',
  brokerCode: 'SK-00123',
} as const;

export const DEMO_REPORT = {
  summary: 'A社から受託した顧客データの入力業務で、当社の社員が入力用データを許可なく複製し、名簿業者へ販売した。A社からの連絡で発覚した。',
  dataItems: 'A社顧客の氏名、住所、電話番号、生年月日',
  cause: '入力用端末から外部記録媒体への書き出しを制限しておらず、持ち出しを検知する仕組みもなかった。',
  secondaryHarm: '名簿業者経由と思われる勧誘電話の申出がA社に寄せられている。金銭的な被害の申出はない。',
  measuresForPersons: 'A社が本人にお詫び状と見舞金（1名500円）を送付し、問合せ窓口を設けた。',
  publication: 'A社が自社サイトで公表した。',
  recurrencePrevention: '外部記録媒体の使用を禁止し、端末の操作ログを監視する。委託データの取扱いについて全社員を再教育する。',
  other: '警察に被害を相談している。',
  clientName: 'A社',
  contactName: '情報セキュリティ室 デモ 太郎',
  contactPhone: '03-1234-5678',
};

/**
 * The first incident's claim, exported and submitted to the broker as finance would in the app: the
 * pre-flight check's list read and confirmed (its lines are not approved yet, the condolence payment has
 * no recorded consent, receipts and documents are missing — what the broker's review is for).
 */
async function submitFirstClaim(caller: ReturnType<typeof appRouter.createCaller>, incidentId: string): Promise<void> {
  const acknowledged = (await caller.claim.preflight({ incidentId })).items.map((item) => item.key);
  const { packageId } = await caller.claim.export({ incidentId, locale: 'ja', acknowledged });
  await caller.claim.submit({ incidentId, packageId, note: '計算例2の請求です。ご確認をお願いします。', acknowledged });
}

/**
 * A second, smaller incident in the same policy year, discovered after the first: the first has used the
 * whole expense limit, so this one's expenses find nothing left, while its agreed damages are still paid
 * from what the liability limit has left — the shared limits a newcomer should see (docs/rules.md §4).
 */
export const DEMO_SECOND_INCIDENT = {
  title: '委託元C社 会員メール誤送信(120名)',
  kind: 'leak',
  occurredOn: '2026-09-10',
  discoveredOn: '2026-09-12',
  recordsAffected: 120,
  personsAffected: 120,
  description: 'C社から受託したメール配信で、会員120名に他の会員のメールアドレスが見える形で送信した。',
} as const;

async function writeSecondIncident(caller: ReturnType<typeof appRouter.createCaller>, policyId: string): Promise<void> {
  const incident = await caller.incident.create({ policyId, ...DEMO_SECOND_INCIDENT });
  const lines = [
    {
      category: 'investigation',
      stage: 'invoiced',
      incurredOn: '2026-09-20',
      amount: 1_650_000,
      vendor: 'セキュリティ調査株式会社',
      description: '配信ログの調査',
    },
    {
      category: 'communications',
      stage: 'paid',
      incurredOn: '2026-09-25',
      quantity: 120,
      unitAmount: 1_500,
      vendor: '日本郵便',
      description: 'お詫び状の郵送',
    },
    {
      category: 'damages',
      stage: 'agreed',
      incurredOn: '2026-11-05',
      quantity: 12,
      unitAmount: 50_000,
      description: '苦情を申し出た会員への賠償(示談)',
      source: 'third_party',
      claimant: '委託元C社',
    },
  ] as const;
  for (const line of lines) await caller.cost.create({ incidentId: incident.id, ...line });
}
