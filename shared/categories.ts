// The cost categories of the policy (docs/rules.md §3) and the enums every layer shares.

export const COST_CATEGORIES = [
  'public_notice',
  'investigation',
  'consulting',
  'overtime_travel',
  'communications',
  'condolence',
  'restoration',
  'damages',
  'litigation',
  'uncovered',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** The six expense categories (費用) that fall under the total expense limit. */
export const EXPENSE_CATEGORIES = [
  'public_notice',
  'investigation',
  'consulting',
  'overtime_travel',
  'communications',
  'condolence',
] as const satisfies readonly CostCategory[];

/** The liability side (賠償責任), under the liability limit after the deductible. */
export const LIABILITY_CATEGORIES = ['damages', 'litigation'] as const satisfies readonly CostCategory[];

export function isExpenseCategory(category: CostCategory): boolean {
  return (EXPENSE_CATEGORIES as readonly CostCategory[]).includes(category);
}

export function isLiabilityCategory(category: CostCategory): boolean {
  return (LIABILITY_CATEGORIES as readonly CostCategory[]).includes(category);
}

export const CATEGORY_LABELS: Record<CostCategory, { ja: string; en: string }> = {
  public_notice: { ja: '社告・会見等費用', en: 'Public notices and press conferences' },
  investigation: { ja: '事故原因調査費用', en: 'Cause investigation' },
  consulting: { ja: 'コンサルティング費用', en: 'Consulting' },
  overtime_travel: { ja: '使用人の超過勤務手当、交通費または宿泊費', en: 'Employee overtime, travel and lodging' },
  communications: { ja: '通信費', en: 'Communications' },
  condolence: { ja: '見舞金・見舞品購入費用', en: 'Condolence payments and gifts' },
  restoration: { ja: '情報システム等復旧費用', en: 'System and data restoration (rider)' },
  damages: { ja: '損害賠償金', en: 'Damages owed to third parties' },
  litigation: { ja: '争訟費用', en: 'Litigation and defence costs' },
  uncovered: { ja: '対象外', en: 'Not covered' },
};

/**
 * A line's stage. Costs go estimate (見積) → invoiced (請求) → paid (支払済); a damages line instead goes
 * demanded (請求を受けた) → agreed (示談成立・判決確定) → paid, because damages are owed only once fixed.
 */
export const COST_STAGES = ['estimate', 'invoiced', 'paid', 'demanded', 'agreed'] as const;
export type CostStage = (typeof COST_STAGES)[number];

export const EXPENSE_LINE_STAGES = ['estimate', 'invoiced', 'paid'] as const satisfies readonly CostStage[];
export const DAMAGES_LINE_STAGES = ['demanded', 'agreed', 'paid'] as const satisfies readonly CostStage[];

/** The stages a line of this category can be in (docs/rules.md, "Stages"). */
export function stagesOf(category: CostCategory): readonly CostStage[] {
  return category === 'damages' ? DAMAGES_LINE_STAGES : EXPENSE_LINE_STAGES;
}

/**
 * Stages that count towards the claim: invoiced or paid; for damages, agreed or paid (a third party's
 * demand is projected, not claimed, until a settlement or judgment fixes it). Estimates and demands only
 * count towards the projection. The one statement of this rule: SQL, tests and screens derive from it.
 */
export function isClaimedStage(category: CostCategory, stage: CostStage): boolean {
  return category === 'damages' ? stage === 'agreed' || stage === 'paid' : stage === 'invoiced' || stage === 'paid';
}

/**
 * The stages whose lines count towards the claim whatever their category (invoiced is never a damages stage,
 * agreed only one), derived from isClaimedStage: what a spreadsheet or a sum by stage may rely on.
 */
export const CLAIMED_STAGES: readonly CostStage[] = COST_STAGES.filter((stage) =>
  COST_CATEGORIES.every((category) => !stagesOf(category).includes(stage) || isClaimedStage(category, stage)),
);
/** Estimates and demands: counted in the projection only. */
export const PROJECTED_ONLY_STAGES: readonly CostStage[] = COST_STAGES.filter((stage) => !CLAIMED_STAGES.includes(stage));

/** What a computation counts: the claim (claimed stages) or the projection (every stage). */
export type PayableBasis = 'claimed' | 'projected';

export function countsOnBasis(category: CostCategory, stage: CostStage, basis: PayableBasis): boolean {
  return basis === 'projected' || isClaimedStage(category, stage);
}

/**
 * The stage a line is stored in. Before damages had stages of their own, a damages line was logged as an
 * estimate or as invoiced; both mean a demand not yet fixed, so scripts that still send them keep working
 * (docs/decisions/018). Answers null for a stage the category cannot take (agreed on a notice cost).
 */
export function storedStage(category: CostCategory, stage: CostStage): CostStage | null {
  if (category === 'damages' && (stage === 'estimate' || stage === 'invoiced')) return 'demanded';
  return stagesOf(category).includes(stage) ? stage : null;
}

export const COST_SOURCES = ['insured', 'third_party'] as const;
export type CostSource = (typeof COST_SOURCES)[number];

export const INCIDENT_KINDS = ['leak', 'stoppage', 'unauthorized_access', 'defect', 'infringement'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_STATUSES = ['open', 'claim_submitted', 'settled', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const ROLES = ['responder', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Locale = 'ja' | 'en';
export const LOCALES = ['ja', 'en'] as const;

export function categoryLabel(category: CostCategory, locale: Locale): string {
  return CATEGORY_LABELS[category][locale];
}

// Labels the server needs for documents it writes (the claim PDF, the ledger files); the web client
// keeps its own copies in its string tables, next to the rest of its wording.
export const STAGE_LABELS: Record<CostStage, { ja: string; en: string }> = {
  estimate: { ja: '見積', en: 'Estimate' },
  invoiced: { ja: '請求', en: 'Invoiced' },
  paid: { ja: '支払済', en: 'Paid' },
  demanded: { ja: '請求を受けた', en: 'Demanded' },
  agreed: { ja: '示談成立・判決確定', en: 'Agreed (settled or judged)' },
};

export const SOURCE_LABELS: Record<CostSource, { ja: string; en: string }> = {
  insured: { ja: '自社負担', en: 'Insured' },
  third_party: { ja: '第三者からの求償', en: 'Third-party claim' },
};

export const INCIDENT_KIND_LABELS: Record<IncidentKind, { ja: string; en: string }> = {
  leak: { ja: '情報漏えい', en: 'Data leakage' },
  stoppage: { ja: 'システム・ネットワークの停止', en: 'System or network stoppage' },
  unauthorized_access: { ja: '不正アクセス・ウイルス・ワーム', en: 'Unauthorised access, virus or worm' },
  defect: { ja: '提供した電子情報の瑕疵', en: 'Defect in provided electronic information' },
  infringement: { ja: '人格権・著作権侵害', en: 'Rights infringement' },
};
