// What the claim summary PDF shows. The package builder gathers it; claim-pdf.ts lays it out.
// Money is integer yen; dates are `YYYY-MM-DD`; text that depends on the locale arrives already in it
// (steps, warnings) or is looked up by the renderer from the shared label tables.

import type { CostCategory, IncidentKind, Locale } from '../../shared/categories.ts';
import type { ChecklistItem } from '../../shared/documents.ts';

export interface ClaimPdfData {
  locale: Locale;
  package: {
    id: string;
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
  /** The calculation exactly as the dashboard shows it (claim.summary's `steps`). */
  steps: string[];
  /** Warnings already worded in the locale (consent missing, limit reached, …). */
  warnings: string[];
  checklist: ChecklistItem[];
}
