// Refunds in a file (a negative row: a card's returned purchase, a cancelled booking). By default each is
// listed and left out; when the user says so it is netted against the charge it refunds, which then
// imports as the amount actually spent. A refund with no charge to take it is listed, never dropped.
import type { RefundMode } from '../../shared/import-schemas.ts';
import type { ImportedFields, RowOutcome } from './read-rows.ts';

/** A negative row read as a line of its absolute amount. */
export interface Refund {
  kind: 'refund';
  row: number;
  fields: ImportedFields;
}

type Line = Extract<RowOutcome, { kind: 'line' }>;

/** Same vendor (width, case and spaces aside), or the same description when neither has a vendor. */
const counterpartKey = (fields: ImportedFields) => {
  const vendor = (fields.vendor ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  if (vendor !== '') return `v\u0000${fields.category}\u0000${vendor}`;
  const description = (fields.description ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  return description === '' ? null : `d\u0000${fields.category}\u0000${description}`;
};

/**
 * The charge a refund takes from: same category and counterpart, with at least the refund left; the one of
 * the same amount first (a cancelled purchase), then the latest on or before the refund's date, then any.
 */
function chargeFor(refund: Refund, candidates: Line[]): Line | null {
  let best: Line | null = null;
  let bestRank = Infinity;
  for (const line of candidates) {
    if (line.fields.amount < refund.fields.amount) continue;
    const sameAmount = line.fields.amount === refund.fields.amount;
    const before = line.fields.incurredOn <= refund.fields.incurredOn;
    const rank = (sameAmount ? 0 : 2) + (before ? 0 : 1);
    if (rank < bestRank || (rank === bestRank && best !== null && before && line.fields.incurredOn > best.fields.incurredOn)) {
      best = line;
      bestRank = rank;
    }
  }
  return best;
}

/** Takes a refund off its charge: the amount, the tax it held, and quantity × unit (no longer the amount). */
function net(line: Line, refund: Refund): void {
  const fields = line.fields;
  fields.amount -= refund.fields.amount;
  fields.taxAmount = Math.max(0, Math.min(fields.amount, fields.taxAmount - refund.fields.taxAmount));
  fields.quantity = null;
  fields.unitAmount = null;
  if (fields.withholdingTax !== null && fields.withholdingTax > fields.amount) fields.withholdingTax = fields.amount;
  (line.netted ??= []).push({ row: refund.row, amount: refund.fields.amount });
}

/** The outcomes with the refunds in their rows' places: listed, netted into a charge, or listed as unmatched. */
export function settleRefunds(outcomes: RowOutcome[], refunds: Refund[], mode: RefundMode): RowOutcome[] {
  if (refunds.length === 0) return outcomes;
  const settled: RowOutcome[] = refunds.map((refund) => ({ kind: 'skipped', row: refund.row, reason: 'refund', amount: refund.fields.amount }));
  if (mode === 'net') {
    const byCounterpart = new Map<string, Line[]>();
    for (const outcome of outcomes) {
      if (outcome.kind !== 'line') continue;
      const key = counterpartKey(outcome.fields);
      if (key === null) continue;
      const list = byCounterpart.get(key);
      if (list) list.push(outcome);
      else byCounterpart.set(key, [outcome]);
    }
    refunds.forEach((refund, i) => {
      const key = counterpartKey(refund.fields);
      const charge = key === null ? null : chargeFor(refund, byCounterpart.get(key) ?? []);
      if (!charge) {
        settled[i] = { kind: 'skipped', row: refund.row, reason: 'refund_unmatched', amount: refund.fields.amount };
        return;
      }
      net(charge, refund);
      settled[i] = { kind: 'skipped', row: refund.row, reason: 'refund_netted', into: charge.row, amount: refund.fields.amount };
    });
  }
  // A charge refunded in full is no line: listed with the refunds that took it.
  const merged: RowOutcome[] = [];
  let r = 0;
  for (const outcome of outcomes) {
    for (let next = settled[r]; next !== undefined && next.row < outcome.row; next = settled[++r]) merged.push(next);
    if (outcome.kind === 'line' && outcome.netted && outcome.fields.amount === 0)
      merged.push({ kind: 'skipped', row: outcome.row, reason: 'netted_to_zero', amount: 0 });
    else merged.push(outcome);
  }
  for (const rest of settled.slice(r)) merged.push(rest); // a loop, not a spread: an import may have many
  return merged;
}
