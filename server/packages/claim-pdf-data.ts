// What the claim summary PDF shows. The package builder gathers it; claim-pdf.ts lays it out.
// Money is integer yen; dates are `YYYY-MM-DD`; text that depends on the locale arrives already in it
// (steps, warnings) or is looked up by the renderer from the shared label tables.

import type { CostCategory, CostStage, IncidentKind, Locale } from '../../shared/categories.ts';
import type { ClaimStatus } from '../../shared/claim-status.ts';
import type { ChecklistItem } from '../../shared/documents.ts';
import type { LineExclusion } from '../../shared/line-treatment.ts';
import type { DefenceCostsRule } from '../../shared/payable.ts';
import type { TaxCategory, TaxTreatment } from '../../shared/tax.ts';
import type { TaxTotal } from '../ledger/tax-totals.ts';

export interface ClaimPdfData {
  locale: Locale;
  package: {
    id: string;
    /** What people call it: the incident and the version (`A社顧客データ漏えい 第3版`), shared/package-name.ts. */
    name: string;
    version: number;
    /** UTC ISO timestamp. */
    createdAt: string;
    createdByName: string;
  };
  policyholder: { name: string };
  policy: {
    insurer: string;
    policyNumber: string;
    periodStart: string;
    periodEnd: string;
    liabilityLimit: number;
    expenseLimit: number;
    deductible: number;
    restorationRider: boolean;
  };
  incident: {
    title: string;
    kind: IncidentKind;
    occurredOn: string;
    discoveredOn: string;
    recordsAffected: number | null;
    description: string | null;
  };
  /** 事故受付番号: the insurer's reference for the claim, on every page; null until the insurer gives one. */
  claimReference: string | null;
  /** Where the claim stands in its journey through the broker (shared/claim-status.ts). */
  claimStatus: ClaimStatus;
  /** In date order: what happened when (occurred, discovered, first and last cost, …). */
  timeline: { date: string; label: string }[];
  /** One row per category: what was claimed (invoiced + paid), what the policy counts, and estimates. */
  byCategory: { category: CostCategory; incurred: number; counted: number; estimated: number }[];
  totals: {
    claimedLines: number;
    claimedAmount: number;
    expenseIncurred: number;
    costsPayable: number;
    liabilityPayable: number;
    totalPayable: number;
    projectedTotalPayable: number;
  };
  /**
   * The claimed lines per tax category (cost.taxTotals' `claimed`): 税込, 税額, 税抜 and the income tax withheld;
   * `unclaimedLines` are the estimates and demands left out of it.
   */
  byTaxCategory: { rows: TaxTotal[]; unclaimedLines: number };
  /** How the policy counts consumption tax (docs/rules.md §3). */
  taxTreatment: TaxTreatment;
  /** The calculation exactly as the dashboard shows it (claim.summary's `steps`). */
  steps: string[];
  /** Warnings already worded in the locale (consent missing, limit reached, …). */
  warnings: string[];
  /** Finance's approval: how many of all the live lines (estimates too) are approved. */
  approval: { approvedLines: number; lines: number };
  /** Lines needing the insurer's prior consent (condolence, consulting, defence costs, settlements) without it: how many, and the package numbers of the first few. */
  consentMissing: { lines: number; numbers: number[] };
  /** The payable once the broker's disallowed lines are left out (claim.summary's `brokerAdjusted`). */
  brokerAdjusted: {
    totalPayable: number;
    costsPayable: number;
    liabilityPayable: number;
    disallowedLines: number;
    disallowedAmount: number;
  };
  checklist: ChecklistItem[];
  /** The policy's terms beyond its limits (docs/rules.md §1), resolved to their defaults. */
  terms: {
    liabilityLimitPerClaim: number;
    defenceCosts: DefenceCostsRule;
    restorationRatioPercent: number;
    restorationSublimit: number;
    condolencePerPersonCap: number | null;
    responseWindowDays: number | null;
    responseWindowEnd: string | null;
  };
  /** Per limit: the period's aggregate, used by earlier incidents and claims, used by this incident, left. */
  periodLimits: { expense: PeriodLimitRow; liability: PeriodLimitRow };
  /** Lines the claim leaves out, counted per rule (shared/line-treatment.ts). */
  excluded: { reason: LineExclusion; lines: number }[];
  /** The ledger's lines, per category, as the appendix lists them (docs/decisions/021). */
  lines: PdfLineList;
}

/** One line as the PDF lists it; `number` is its No. in ledger.xlsx, ledger.csv and the receipts' names. */
export interface PdfLine {
  number: number;
  incurredOn: string;
  stage: CostStage;
  vendor: string | null;
  description: string | null;
  amount: number;
  /** The tax category and the tax contained in `amount`; the vendor's registration number (`T` + 13 digits). */
  taxCategory: TaxCategory;
  taxAmount: number;
  invoiceNumber: string | null;
  /** The line's files in the ZIP, without the folder (`0007-1_請求書.pdf` for `receipts/0007-1_請求書.pdf`). */
  receipts: string[];
}

export interface PdfLineList {
  /** Every live line of the incident, and how many of them (the first by No.) the PDF lists. */
  total: number;
  listed: number;
  /** Per category with lines, in the categories' order: the subtotals over all its lines, and the rows listed. */
  groups: {
    category: CostCategory;
    lines: number;
    amount: number;
    /** The tax contained in `amount`, over all its lines. */
    taxAmount: number;
    /** The part in a claimed stage (invoiced, agreed, paid): what the summary's 請求額 counts. */
    claimedAmount: number;
    rows: PdfLine[];
  }[];
}

export interface PeriodLimitRow {
  aggregate: number;
  usedElsewhere: number;
  usedHere: number;
  left: number;
}
