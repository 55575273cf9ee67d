// docs/rules.md §4 written out a second time, in BigInt and from the rules' text alone, as the oracle the
// engine (shared/payable.ts, shared/period.ts) must agree with. It takes only types from the engine: every
// rule, default and order below is read off docs/rules.md, so a slip in either shows up as a disagreement.
import type { CostLineFigures, LimitUse, PolicyTerms } from '../../../shared/payable.ts';
import { at } from '../../support/at.ts';

type Basis = 'claimed' | 'projected';

/** §3: the six expense categories ①–⑥, under the expense aggregate. */
const SIX_EXPENSES = ['public_notice', 'investigation', 'consulting', 'overtime_travel', 'communications', 'condolence'];

/** §3: a line counts towards the claim when invoiced or paid; damages when agreed or paid. The projection counts all. */
function countsOn(line: CostLineFigures, basis: Basis): boolean {
  if (basis === 'projected') return true;
  if (line.category === 'damages') return line.stage === 'agreed' || line.stage === 'paid';
  return line.stage === 'invoiced' || line.stage === 'paid';
}

/** §4: expense and restoration costs incurred after the response window are left out; nothing else is. */
const leftOutByWindow = (line: CostLineFigures) =>
  line.afterResponseWindow === true && (SIX_EXPENSES.includes(line.category) || line.category === 'restoration');

const big = (n: number) => BigInt(n);
const least = (...values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));
const atLeastZero = (v: bigint) => (v < 0n ? 0n : v);
const total = (lines: readonly CostLineFigures[], value: (l: CostLineFigures) => bigint = (l) => big(l.amount)) => lines.reduce((s, l) => s + value(l), 0n);

/** §1: the terms with their defaults. */
function termsOf(t: PolicyTerms) {
  const expenseAggregate = big(t.expenseLimit);
  return {
    liabilityAggregate: big(t.liabilityLimit),
    perClaim: big(t.liabilityLimitPerClaim ?? t.liabilityLimit),
    expenseAggregate,
    deductible: big(t.deductible),
    rider: t.restorationRider,
    ratioPercent: big(t.restorationRatioPercent ?? 90),
    // min(10% of the expense limit, ¥5,000,000), a fraction of a yen rounded down
    sublimit:
      t.restorationSublimit === null || t.restorationSublimit === undefined ? least((expenseAggregate * 10n) / 100n, 5_000_000n) : big(t.restorationSublimit),
    cap: t.condolencePerPersonCap === null || t.condolencePerPersonCap === undefined ? null : big(t.condolencePerPersonCap),
    proRata: t.defenceCosts === 'pro_rata',
    priorExpense: big(t.priorExpensePaid ?? 0),
    priorLiability: big(t.priorLiabilityPaid ?? 0),
  };
}

interface Use {
  expense: bigint;
  restoration: bigint;
  liability: bigint;
}
const NOTHING: Use = { expense: 0n, restoration: 0n, liability: 0n };
const toBig = (u: LimitUse): Use => ({ expense: big(u.expense), restoration: big(u.restoration), liability: big(u.liability) });
const toNumbers = (u: Use): LimitUse => ({ expense: Number(u.expense), restoration: Number(u.restoration), liability: Number(u.liability) });

/** The figures §4 defines for one incident, as numbers (the engine's field names where it has them). */
export interface OracleClaim {
  expenseIncurred: number;
  expensePaid: number;
  restorationPaid: number;
  restorationBlocked: 'no_rider' | 'no_main_payment' | null;
  costsPayable: number;
  expenseLeft: number;
  damagesIncurred: number;
  defenceIncurred: number;
  liabilityLimitApplied: number;
  liabilityPayable: number;
  liabilityUsed: number;
  liabilityLeft: number;
  totalPayable: number;
  demandedDamages: number;
  excludedAfterWindow: { lines: number; amount: number };
  /** Condolence lines (ledger lines, when summed) entered as one amount: the per-person cap cannot be checked. */
  condolenceLumpSums: number;
  /** A per-person cap, condolence counted, and neither persons nor records known: only the per-line cap applied. */
  condolencePersonsUnknown: boolean;
  /** Under pro_rata §4 names the two parts; under within_limit it only defines their sum. */
  proRata?: { damagesPaid: number; defencePaid: number };
}

/** One incident inside what its period has left (§4's block, line by line). */
export function oracleClaim(
  policy: PolicyTerms,
  lines: readonly CostLineFigures[],
  basis: Basis,
  personsAffected: number | null,
  earlier: LimitUse,
): OracleClaim {
  const t = termsOf(policy);
  const before = toBig(earlier);
  const counted = lines.filter((l) => countsOn(l, basis));
  const kept = counted.filter((l) => !leftOutByWindow(l));
  const excluded = counted.filter(leftOutByWindow);
  const of = (category: string) => kept.filter((l) => l.category === category);

  // condolence_counted: persons × min(amount per person, cap) or the lump amount; with a cap, ≤ cap × persons
  let condolence = total(of('condolence'), (l) =>
    t.cap !== null && l.quantity !== null && l.unitAmount !== null ? big(l.quantity) * least(big(l.unitAmount), t.cap) : big(l.amount),
  );
  if (t.cap !== null && personsAffected !== null) condolence = least(condolence, t.cap * big(personsAffected));

  const expenseIncurred = SIX_EXPENSES.filter((c) => c !== 'condolence').reduce((s, c) => s + total(of(c)), condolence);
  // "what is left" is never below nothing, even when settlements went beyond an aggregate
  const expenseLeft = atLeastZero(t.expenseAggregate - t.priorExpense - before.expense);
  const expensePaid = least(expenseIncurred, expenseLeft);

  const damages = total(of('damages')) + total(of('litigation').filter((l) => l.source === 'third_party'));
  const defence = total(of('litigation').filter((l) => l.source !== 'third_party'));
  const damagesNet = atLeastZero(damages - t.deductible);
  const limit = least(t.perClaim, atLeastZero(t.liabilityAggregate - t.priorLiability - before.liability));
  let liabilityPaid: bigint;
  let liabilityUsed: bigint;
  let proRata: OracleClaim['proRata'];
  if (t.proRata) {
    const damagesPart = least(damagesNet, limit);
    const defencePart = damages <= limit ? defence : (defence * limit) / damages;
    liabilityPaid = damagesPart + defencePart;
    liabilityUsed = damagesPart; // defence costs on top of the limit do not use the aggregate
    proRata = { damagesPaid: Number(damagesPart), defencePaid: Number(defencePart) };
  } else {
    liabilityPaid = least(damagesNet + defence, limit);
    liabilityUsed = liabilityPaid;
  }

  const restoration = total(of('restoration'));
  const mainPayment = expensePaid + liabilityPaid > 0n;
  const sublimitLeft = atLeastZero(t.sublimit - before.restoration);
  const restorationPaid = t.rider && mainPayment ? least((restoration * t.ratioPercent) / 100n, sublimitLeft, expenseLeft - expensePaid) : 0n;
  const costs = expensePaid + restorationPaid;

  return {
    expenseIncurred: Number(expenseIncurred),
    expensePaid: Number(expensePaid),
    restorationPaid: Number(restorationPaid),
    restorationBlocked: restoration === 0n ? null : !t.rider ? 'no_rider' : !mainPayment ? 'no_main_payment' : null,
    costsPayable: Number(costs),
    expenseLeft: Number(expenseLeft - costs),
    damagesIncurred: Number(damages),
    defenceIncurred: Number(defence),
    liabilityLimitApplied: Number(limit),
    liabilityPayable: Number(liabilityPaid),
    liabilityUsed: Number(liabilityUsed),
    liabilityLeft: Number(atLeastZero(t.liabilityAggregate - t.priorLiability - before.liability) - liabilityUsed),
    totalPayable: Number(liabilityPaid + costs),
    demandedDamages: Number(total(lines.filter((l) => l.category === 'damages' && l.stage === 'demanded'))),
    excludedAfterWindow: { lines: excluded.reduce((n, l) => n + (l.lineCount ?? 1), 0), amount: Number(total(excluded)) },
    condolenceLumpSums:
      t.cap === null
        ? 0
        : of('condolence')
            .filter((l) => l.quantity === null)
            .reduce((n, l) => n + (l.lineCount ?? 1), 0),
    condolencePersonsUnknown: t.cap !== null && personsAffected === null && of('condolence').length > 0,
    ...(proRata ? { proRata } : {}),
  };
}

export interface OracleIncident {
  id: string;
  discoveredOn: string;
  createdAt: string;
  settled: LimitUse | null;
  lines: readonly CostLineFigures[];
  personsAffected: number | null;
}

export interface OracleEntry {
  id: string;
  usedBefore: LimitUse;
  used: LimitUse;
  claimed: OracleClaim;
  /** The projection, inside what the earlier incidents' claims (not projections) left. */
  projected: OracleClaim;
}

/**
 * §4 "Incidents share the period's aggregates": in order of discovery, then of logging (then of id, so that
 * the order is total); each uses its claim's payments (liability less pro-rata defence), or once settled
 * what was settled.
 */
export function oraclePeriod(policy: PolicyTerms, incidents: readonly OracleIncident[]): OracleEntry[] {
  const key = (i: OracleIncident) => [i.discoveredOn, i.createdAt, i.id];
  const ordered = [...incidents].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const differ = ka.findIndex((v, n) => v !== kb[n]);
    return differ === -1 ? 0 : at(ka, differ) < at(kb, differ) ? -1 : 1;
  });
  let before = NOTHING;
  return ordered.map((incident) => {
    const earlier = toNumbers(before);
    const claimed = oracleClaim(policy, incident.lines, 'claimed', incident.personsAffected, earlier);
    const projected = oracleClaim(policy, incident.lines, 'projected', incident.personsAffected, earlier);
    const used = incident.settled
      ? toBig(incident.settled)
      : { expense: big(claimed.costsPayable), restoration: big(claimed.restorationPaid), liability: big(claimed.liabilityUsed) };
    before = { expense: before.expense + used.expense, restoration: before.restoration + used.restoration, liability: before.liability + used.liability };
    return { id: incident.id, usedBefore: earlier, used: toNumbers(used), claimed, projected };
  });
}
