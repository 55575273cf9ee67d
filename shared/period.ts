// The policy period's limit ledger (docs/rules.md, "Incidents share the period's aggregates"): the incidents
// of one policy, in order of discovery, each using what the ones before it left of each aggregate.

import { addLimitUse, computePayable, limitUseOf, NO_USE, type LimitUse, type PayableInput, type PayableResult, type PolicyTerms } from './payable.ts';

export interface PeriodIncident {
  id: string;
  discoveredOn: string;
  /** When it was logged: the tie-break between incidents discovered on the same day. */
  createdAt: string;
  /** What the insurer paid, per limit, once the claim is settled; null before. */
  settled: LimitUse | null;
  lines: PayableInput['lines'];
  personsAffected: number | null;
}

export interface PeriodEntry {
  id: string;
  /** Used of each aggregate by the incidents before this one (prior claims are in the result's terms). */
  usedBefore: LimitUse;
  /** This incident's claim, computed inside what the earlier ones left. */
  result: PayableResult;
  /** What this incident uses: its settled amounts once settled, its computed payable before. */
  used: LimitUse;
}

/** Order of discovery, then of logging, then of id: the order in which incidents draw on the aggregates. */
export function byDiscovery(
  a: Pick<PeriodIncident, 'id' | 'discoveredOn' | 'createdAt'>,
  b: Pick<PeriodIncident, 'id' | 'discoveredOn' | 'createdAt'>,
): number {
  if (a.discoveredOn !== b.discoveredOn) return a.discoveredOn < b.discoveredOn ? -1 : 1;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every incident of the period with what it uses, in order of discovery (whatever order they come in). */
export function periodLedger(terms: PolicyTerms, incidents: readonly PeriodIncident[]): PeriodEntry[] {
  let usedBefore = NO_USE;
  return [...incidents].sort(byDiscovery).map((incident) => {
    const result = computePayable({ terms, lines: incident.lines, personsAffected: incident.personsAffected, usedByEarlierIncidents: usedBefore });
    const used = incident.settled ?? limitUseOf(result);
    const entry = { id: incident.id, usedBefore, result, used };
    usedBefore = addLimitUse(usedBefore, used);
    return entry;
  });
}

/** What the incidents discovered before `target` used, in the period's order. */
export function usedBeforeIncident(
  terms: PolicyTerms,
  incidents: readonly PeriodIncident[],
  target: Pick<PeriodIncident, 'id' | 'discoveredOn' | 'createdAt'>,
): LimitUse {
  const earlier = incidents.filter((incident) => incident.id !== target.id && byDiscovery(incident, target) < 0);
  return periodLedger(terms, earlier).reduce((total, entry) => addLimitUse(total, entry.used), NO_USE);
}
