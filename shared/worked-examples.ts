// The source document's two worked examples (docs/rules.md §4), as policy terms and cost lines.
// Used by the demo seed and by the tests that must reproduce them to the yen.

import type { DataRole } from './incident-facts.ts';
import type { CostCategory, CostStage, IncidentKind } from './categories.ts';

export interface ExampleLine {
  category: CostCategory;
  stage: CostStage;
  incurredOn: string;
  amount?: number;
  quantity?: number;
  unitAmount?: number;
  vendor?: string;
  description: string;
  source: 'insured' | 'third_party';
  claimant?: string;
}

export interface WorkedExample {
  policy: {
    insurer: string;
    policyNumber: string;
    periodStart: string;
    liabilityLimit: number;
    expenseLimit: number;
    deductible: number;
    restorationRider: boolean;
    condolencePerPersonCap: number | null;
  };
  incident: {
    title: string;
    kind: IncidentKind;
    occurredOn: string;
    discoveredOn: string;
    recordsAffected: number;
    personsAffected?: number;
    description: string;
    /** Example 2's insured, B, handled A's data as its contractor (委託先). */
    dataRole?: DataRole;
  };
  lines: ExampleLine[];
  totalPayable: number;
}

/** Example 1: unauthorised access stops a client's business; the insured hardens its firewall. */
export const WORKED_EXAMPLE_1: WorkedExample = {
  policy: {
    insurer: '東京海上日動火災保険株式会社',
    policyNumber: 'IT-2026-000101',
    periodStart: '2026-04-01',
    liabilityLimit: 100_000_000,
    expenseLimit: 30_000_000,
    deductible: 0,
    restorationRider: true,
    condolencePerPersonCap: null,
  },
  incident: {
    title: '受託サーバーへの不正アクセスによる業務停止',
    kind: 'unauthorized_access',
    occurredOn: '2026-06-01',
    discoveredOn: '2026-06-01',
    recordsAffected: 0,
    description: '甲社が受託・管理するサーバーに不正アクセスがあり、委託先の業務が数週間にわたり停止した。',
  },
  lines: [
    {
      category: 'damages',
      stage: 'agreed',
      incurredOn: '2026-07-15',
      amount: 15_000_000,
      description: '委託先への損害賠償金',
      source: 'third_party',
      claimant: '委託先',
    },
    {
      category: 'damages',
      stage: 'agreed',
      incurredOn: '2026-07-15',
      amount: 10_000_000,
      description: '委託先の逸失利益',
      source: 'third_party',
      claimant: '委託先',
    },
    {
      category: 'restoration',
      stage: 'paid',
      incurredOn: '2026-06-20',
      amount: 2_000_000,
      vendor: 'セキュリティベンダー',
      description: 'ファイアウォール強化など再発防止対策',
      source: 'insured',
    },
  ],
  totalPayable: 26_800_000,
};

/** Example 2: a data-entry contractor's employee sells 50,000 of client A's records; A claims ¥66,000,000. */
export const WORKED_EXAMPLE_2: WorkedExample = {
  policy: {
    insurer: '東京海上日動火災保険株式会社',
    policyNumber: 'IT-2026-000202',
    periodStart: '2026-04-01',
    liabilityLimit: 100_000_000,
    expenseLimit: 30_000_000,
    deductible: 0,
    restorationRider: false,
    condolencePerPersonCap: null,
  },
  incident: {
    title: 'A社顧客データ 5万件の流出(入力受託業務)',
    kind: 'leak',
    occurredOn: '2026-05-20',
    discoveredOn: '2026-06-01',
    recordsAffected: 50_000,
    personsAffected: 50_000,
    description: 'A社顧客データの入力業務を受託していたB社の社員が入力用データを許可無くコピーし、名簿業者へ販売した。',
    dataRole: 'contractor',
  },
  lines: [
    {
      category: 'public_notice',
      stage: 'invoiced',
      incurredOn: '2026-06-10',
      amount: 18_000_000,
      description: '謝罪広告、原因調査等(A社からの求償)',
      source: 'third_party',
      claimant: 'A社',
    },
    {
      category: 'condolence',
      stage: 'paid',
      incurredOn: '2026-06-20',
      quantity: 50_000,
      unitAmount: 500,
      description: '見舞金 500円 × 5万人(A社からの求償)',
      source: 'third_party',
      claimant: 'A社',
    },
    {
      category: 'damages',
      stage: 'paid',
      incurredOn: '2026-08-01',
      quantity: 300,
      unitAmount: 10_000,
      description: 'A社顧客300人への損害賠償金(1名1万円)',
      source: 'third_party',
      claimant: 'A社',
    },
    {
      category: 'litigation',
      stage: 'invoiced',
      incurredOn: '2026-08-01',
      amount: 10_000_000,
      description: '争訟費用等(A社からの求償)',
      source: 'third_party',
      claimant: 'A社',
    },
    {
      category: 'damages',
      stage: 'agreed',
      incurredOn: '2026-08-15',
      amount: 10_000_000,
      description: 'A社の営業自粛による損失',
      source: 'third_party',
      claimant: 'A社',
    },
  ],
  totalPayable: 53_000_000,
};
