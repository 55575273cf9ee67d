// Policies, incidents and lines that the API tests create through the API.
import type { WorkedExample } from '../../shared/worked-examples.ts';
import type { InputOf } from './api-types.ts';
import type { ApiClient } from './server.ts';

export const POLICY = {
  insurer: '東京海上日動火災保険株式会社',
  policyNumber: 'IT-TEST-1',
  periodStart: '2026-04-01',
  liabilityLimit: 100_000_000,
  expenseLimit: 30_000_000,
  deductible: 0,
  restorationRider: true,
} satisfies Omit<InputOf<'policy.create'>, 'companyId'>;

export const INCIDENT = { title: '顧客DB漏えい', kind: 'leak', occurredOn: '2026-06-01', discoveredOn: '2026-06-02', recordsAffected: 1200 } satisfies Omit<
  InputOf<'incident.create'>,
  'policyId'
>;

/** A complete claim-form profile (company.updateProfile): the claim form prints every field of it. */
export const CLAIM_PROFILE = {
  address: '東京都千代田区丸の内1-1-1',
  corporateNumber: '7000012050002',
  representative: '代表取締役 山田 太郎',
  bankName: 'みずほ銀行',
  bankBranch: '丸の内支店',
  bankAccountType: 'ordinary',
  bankAccountNumber: '1234567',
  bankAccountHolder: 'カ)ビーデータ',
  brokerCode: 'SK-00123',
} satisfies Omit<InputOf<'company.updateProfile'>, 'companyId'>;

type CostInput = InputOf<'cost.create'>;
/** A cost line's fields for a helper that fills in the incident and the `Defaulted` fields itself. */
export type CostFields<Defaulted extends keyof CostInput = never> = Omit<CostInput, 'incidentId' | Defaulted> & Partial<Pick<CostInput, Defaulted>>;

export const COST = { category: 'investigation', stage: 'invoiced', incurredOn: '2026-06-10', amount: 1_500_000, vendor: 'フォレンジック社' } satisfies Omit<
  InputOf<'cost.create'>,
  'incidentId'
>;

/** A company with a policy, an incident and one cost line. */
export async function setUpIncident(client: ApiClient, companyId: string) {
  const policy = await client.ok('mutate', 'policy.create', { companyId, ...POLICY });
  const incident = await client.ok('mutate', 'incident.create', { policyId: policy.id, ...INCIDENT });
  const cost = await client.ok('mutate', 'cost.create', { incidentId: incident.id, ...COST });
  return { policyId: policy.id, incidentId: incident.id, costId: cost.id };
}

export async function enterWorkedExample(client: ApiClient, companyId: string, example: WorkedExample) {
  const policy = await client.ok('mutate', 'policy.create', { companyId, ...example.policy });
  const incident = await client.ok('mutate', 'incident.create', { policyId: policy.id, ...example.incident });
  for (const line of example.lines) await client.ok('mutate', 'cost.create', { incidentId: incident.id, ...line });
  return { policyId: policy.id, incidentId: incident.id };
}
