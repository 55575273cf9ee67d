// The incidents of one policy period as its limit ledger reads them (shared/period.ts): each incident's
// groups, persons affected and settlement, loaded for the policy's incidents in order of discovery.

import { eq } from 'drizzle-orm';
import { byDiscovery, periodLedger, usedBeforeIncident, type PeriodEntry, type PeriodIncident } from '../../shared/period.ts';
import type { LimitUse, PolicyTerms } from '../../shared/payable.ts';
import type { Db } from '../db/client.ts';
import { mapReads } from '../db/transaction.ts';
import { incidents, policies } from '../db/schema.ts';
import { ledgerGroups, responseWindowEnd } from './ledger-groups.ts';

export type PolicyRow = typeof policies.$inferSelect;
type IncidentRow = Pick<
  typeof incidents.$inferSelect,
  'id' | 'discoveredOn' | 'createdAt' | 'personsAffected' | 'recordsAffected' | 'claimStatus' | 'settledExpense' | 'settledRestoration' | 'settledLiability'
>;

/** The terms the computation reads, from the stored policy. */
export function policyTerms(policy: PolicyRow): PolicyTerms {
  return {
    liabilityLimit: policy.liabilityLimit,
    expenseLimit: policy.expenseLimit,
    deductible: policy.deductible,
    restorationRider: policy.restorationRider,
    condolencePerPersonCap: policy.condolencePerPersonCap,
    liabilityLimitPerClaim: policy.liabilityLimitPerClaim,
    defenceCosts: policy.defenceCosts,
    restorationRatioPercent: policy.restorationRatioPercent,
    restorationSublimit: policy.restorationSublimit,
    responseWindowDays: policy.responseWindowDays,
    priorExpensePaid: policy.priorExpensePaid,
    priorLiabilityPaid: policy.priorLiabilityPaid,
    taxTreatment: policy.taxTreatment,
  };
}

/** 本人の数, else the records affected (docs/rules.md: the per-person cap counts persons). */
export const personsOf = (incident: Pick<IncidentRow, 'personsAffected' | 'recordsAffected'>) => incident.personsAffected ?? incident.recordsAffected ?? null;

/** What a settled claim used of each limit, as recorded at settlement; null before (or when never split). */
export function settledUse(incident: Pick<IncidentRow, 'claimStatus' | 'settledExpense' | 'settledRestoration' | 'settledLiability'>): LimitUse | null {
  if (incident.claimStatus !== 'settled' || incident.settledExpense === null || incident.settledRestoration === null || incident.settledLiability === null)
    return null;
  return { expense: incident.settledExpense + incident.settledRestoration, restoration: incident.settledRestoration, liability: incident.settledLiability };
}

async function asPeriodIncident(db: Db, policy: PolicyRow, incident: IncidentRow): Promise<PeriodIncident> {
  return {
    id: incident.id,
    discoveredOn: incident.discoveredOn,
    createdAt: incident.createdAt,
    settled: settledUse(incident),
    lines: (await ledgerGroups(db, incident.id, responseWindowEnd(incident.discoveredOn, policy.responseWindowDays))).lines,
    personsAffected: personsOf(incident),
  };
}

async function incidentsOfPolicy(db: Db, policyId: string): Promise<IncidentRow[]> {
  return await db
    .select({
      id: incidents.id,
      discoveredOn: incidents.discoveredOn,
      createdAt: incidents.createdAt,
      personsAffected: incidents.personsAffected,
      recordsAffected: incidents.recordsAffected,
      claimStatus: incidents.claimStatus,
      settledExpense: incidents.settledExpense,
      settledRestoration: incidents.settledRestoration,
      settledLiability: incidents.settledLiability,
    })
    .from(incidents)
    .where(eq(incidents.policyId, policyId));
}

/** What the incidents discovered before this one used of each aggregate (prior claims are in the terms). */
export async function usedByEarlierIncidents(db: Db, policy: PolicyRow, target: Pick<IncidentRow, 'id' | 'discoveredOn' | 'createdAt'>): Promise<LimitUse> {
  const earlier = (await incidentsOfPolicy(db, policy.id)).filter((incident) => incident.id !== target.id && byDiscovery(incident, target) < 0);
  return usedBeforeIncident(policyTerms(policy), await mapReads(db, earlier, async (incident) => await asPeriodIncident(db, policy, incident)), target);
}

/** Every incident of the policy with what it uses, in order of discovery: the policy page's table. */
export async function policyPeriodLedger(db: Db, policy: PolicyRow): Promise<PeriodEntry[]> {
  return periodLedger(
    policyTerms(policy),
    await mapReads(db, await incidentsOfPolicy(db, policy.id), async (incident) => await asPeriodIncident(db, policy, incident)),
  );
}
