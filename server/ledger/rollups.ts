// The ledger's running sums (cost_rollups) kept by the write's own code inside its transaction, one rule for
// every write path and every database: lines in, lines out, or a line before → after (decision 009).
//
// The rules are those the SQLite triggers of drizzle/0009 applied: a live line (deleted_at IS NULL) counts in
// its group (incident, category, stage, per-person amount or -1 for a lump sum, source); a removed line counts
// nowhere. Many lines are grouped in memory first and each group is ONE upsert (`col = col + excluded.col`),
// so an import of 100,000 lines costs tens of statements, not 100,000. Rows whose count falls to zero stay
// (the readers filter `line_count > 0`), as they did with the triggers.

import { eq, inArray, sql } from 'drizzle-orm';
import { placeholdersFor, preparedRead, preparedWrite } from '../db/prepared.ts';
import { costRollups, costs } from '../db/schema.ts';
import type { Db } from '../db/types.ts';

/** The columns of a line the rollups read: the group key, the summed figures and the flags. */
export interface RollupLine {
  incidentId: string;
  category: string;
  stage: string;
  unitAmount: number | null;
  source: string;
  amount: number;
  quantity: number | null;
  incurredAbroad: boolean | number;
  reviewDecision: string | null;
  consentOn: string | null;
  approvedAt: string | null;
  needsConsent: boolean | number;
  claimed: boolean | number;
  taxAmount: number;
  deletedAt: string | null;
}

/**
 * A line as counted: a line just inserted leaves out the four columns it has not got yet (undefined counts
 * as null), so an import hands its rows over without copying them.
 */
type CountedLine = NewLine & Partial<Pick<RollupLine, 'reviewDecision' | 'consentOn' | 'approvedAt' | 'deletedAt'>>;

/** One line's change: added (no before), removed (no after), or edited (both). */
export interface LineChange {
  before?: RollupLine | null;
  after?: RollupLine | null;
}

type Handle = Db;

const SUMS = [
  'lineCount',
  'amount',
  'quantity',
  'abroad',
  'disallowedCount',
  'disallowedAmount',
  'disallowedQuantity',
  'consentMissing',
  'unapproved',
  'taxAmount',
  'disallowedTaxAmount',
] as const;
type Sums = Record<(typeof SUMS)[number], number>;
type Group = typeof costRollups.$inferInsert;

/**
 * Adds (sign 1) or takes away (sign -1) what one live line counts in its group: the triggers' VALUES row,
 * added field by field, so grouping 100,000 lines allocates nothing per line (an object per line and a loop
 * over the column names cost an import ~1.3 s, most of it in the garbage collector).
 */
function count(group: Sums, line: CountedLine, sign: 1 | -1): void {
  const disallowed = line.reviewDecision === 'disallow';
  const quantity = line.quantity ?? 0;
  group.lineCount += sign;
  group.amount += sign * line.amount;
  group.quantity += sign * quantity;
  if (line.incurredAbroad) group.abroad += sign;
  if (disallowed) {
    group.disallowedCount += sign;
    group.disallowedAmount += sign * line.amount;
    group.disallowedQuantity += sign * quantity;
    group.disallowedTaxAmount += sign * line.taxAmount;
  }
  if (line.needsConsent && line.consentOn == null) group.consentMissing += sign;
  if (line.claimed && line.approvedAt == null) group.unapproved += sign;
  group.taxAmount += sign * line.taxAmount;
}

/** Upsert statements and groups written to cost_rollups since start-up: tests check an import costs one per group, not per line. */
export const rollupWrites = { statements: 0, groups: 0 };

/** Upserts of this many groups at most go in one statement (16 values a group, well under SQLite's limit). */
const GROUPS_PER_STATEMENT = 500;

/** A group's row is added to the stored one: `col = col + excluded.col` for every sum. */
const ADD_TO_GROUP = {
  target: [costRollups.incidentId, costRollups.category, costRollups.stage, costRollups.unitKey, costRollups.source],
  set: Object.fromEntries(SUMS.map((column) => [column, sql.raw(`cost_rollups.${costRollups[column].name} + excluded.${costRollups[column].name}`)])),
};

/** One group's upsert, prepared once per database: a single line's write runs it (drizzle would build it each time). */
const upsertOneGroup = preparedWrite((db) =>
  db
    .insert(costRollups)
    .values(placeholdersFor(['incidentId', 'category', 'stage', 'unitKey', 'source', ...SUMS]) as unknown as Group)
    .onConflictDoUpdate(ADD_TO_GROUP)
    .prepare(),
);

/**
 * Applies the changes to cost_rollups inside the caller's transaction: grouped in memory, then one upsert
 * per group (batched into multi-row statements), groups whose figures net to nothing left untouched.
 */
export async function applyRollupChanges(tx: Handle, changes: Iterable<LineChange>): Promise<void> {
  const groups = new Groups();
  for (const { before, after } of changes) {
    if (before) groups.add(before, -1);
    if (after) groups.add(after, 1);
  }
  await writeGroups(tx, groups);
}

/** The groups that lines move, keyed by incident, category, stage, unit and source, each with its sums. */
class Groups {
  readonly byKey = new Map<string, Group & Sums>();

  add(line: CountedLine, sign: 1 | -1): void {
    if (line.deletedAt != null) return;
    const unitKey = line.unitAmount ?? -1;
    const key = `${line.incidentId}\u0000${line.category}\u0000${line.stage}\u0000${unitKey}\u0000${line.source}`;
    let group = this.byKey.get(key);
    if (!group) {
      group = { incidentId: line.incidentId, category: line.category, stage: line.stage, unitKey, source: line.source, ...noSums() } as Group & Sums;
      this.byKey.set(key, group);
    }
    count(group, line, sign);
  }
}

const noSums = (): Sums => Object.fromEntries(SUMS.map((column) => [column, 0])) as Sums;

/** One upsert per group (batched into multi-row statements); groups whose figures net to nothing are left untouched. */
async function writeGroups(tx: Handle, groups: Groups): Promise<void> {
  const rows = [...groups.byKey.values()].filter((g) => SUMS.some((column) => g[column] !== 0));
  if (rows.length <= 2) {
    // One line's write (one group, or two when it moves): the prepared upsert, run per group.
    for (const row of rows) await upsertOneGroup(tx).execute(row);
    rollupWrites.statements += rows.length;
    rollupWrites.groups += rows.length;
    return;
  }
  for (let i = 0; i < rows.length; i += GROUPS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + GROUPS_PER_STATEMENT);
    await tx.insert(costRollups).values(chunk).onConflictDoUpdate(ADD_TO_GROUP);
    rollupWrites.statements += 1;
    rollupWrites.groups += chunk.length;
  }
}

/** The rollup columns of the given lines, as they are now (removed lines included: they count nowhere). */
export async function readRollupLines(tx: Handle, ids: readonly string[]): Promise<Map<string, RollupLine>> {
  const found = new Map<string, RollupLine>();
  if (ids.length === 1) {
    // One line's write (the usual case): the prepared read.
    for (const { id, ...line } of await oneRollupLine(tx).execute({ id: ids[0] })) found.set(id, line);
    return found;
  }
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx
      .select(ROLLUP_LINE_COLUMNS)
      .from(costs)
      .where(inArray(costs.id, ids.slice(i, i + 500)));
    for (const { id, ...line } of rows) found.set(id, line);
  }
  return found;
}

const ROLLUP_LINE_COLUMNS = {
  id: costs.id,
  incidentId: costs.incidentId,
  category: costs.category,
  stage: costs.stage,
  unitAmount: costs.unitAmount,
  source: costs.source,
  amount: costs.amount,
  quantity: costs.quantity,
  incurredAbroad: costs.incurredAbroad,
  reviewDecision: costs.reviewDecision,
  consentOn: costs.consentOn,
  approvedAt: costs.approvedAt,
  needsConsent: costs.needsConsent,
  claimed: costs.claimed,
  taxAmount: costs.taxAmount,
  deletedAt: costs.deletedAt,
};

/** One line's rollup columns, prepared once per database (called inside the write's transaction, so on the primary). */
const oneRollupLine = preparedRead((db) =>
  db
    .select(ROLLUP_LINE_COLUMNS)
    .from(costs)
    .where(eq(costs.id, sql.placeholder('id')))
    .prepare(),
);

/**
 * Runs a write to the given lines (update or soft delete) and moves their sums: the lines are read before and
 * after it, inside the same transaction, so a line moved between groups leaves one and joins the other.
 */
export async function writeLines<T>(tx: Handle, ids: readonly string[], write: () => Promise<T>): Promise<T> {
  const before = await readRollupLines(tx, ids);
  const answer = await write();
  const after = await readRollupLines(tx, ids);
  await applyRollupChanges(
    tx,
    ids.map((id) => ({ before: before.get(id), after: after.get(id) })),
  );
  return answer;
}

/** A line as just inserted, as the rollups count it: not yet reviewed, consented to, approved or removed. */
export type NewLine = Omit<RollupLine, 'reviewDecision' | 'consentOn' | 'approvedAt' | 'deletedAt'>;

/**
 * Adds lines just inserted to their sums, from the values written (a new line has nothing to read before, and
 * its after is what was written: no query inside the company's turn, decision 041). Logging a cost and an
 * import both add lines this way.
 */
export async function addNewLines(tx: Handle, lines: readonly NewLine[]): Promise<void> {
  const groups = new Groups();
  for (const line of lines) groups.add(line, 1);
  await writeGroups(tx, groups);
}

/** The SQL that recomputes every group from the live lines (migration 0014 runs the same; benches that fill the ledger raw too). */
export const REBUILD_ROLLUPS_SQL = [
  'DELETE FROM cost_rollups',
  `INSERT INTO cost_rollups (incident_id, category, stage, unit_key, source, line_count, amount, quantity, abroad, disallowed_count, disallowed_amount,
                            disallowed_quantity, consent_missing, unapproved, tax_amount, disallowed_tax_amount)
   SELECT incident_id, category, stage, COALESCE(unit_amount, -1), source, COUNT(*), SUM(amount), SUM(COALESCE(quantity, 0)), SUM(incurred_abroad),
          SUM(CASE WHEN review_decision = 'disallow' THEN 1 ELSE 0 END),
          SUM(CASE WHEN review_decision = 'disallow' THEN amount ELSE 0 END),
          SUM(CASE WHEN review_decision = 'disallow' THEN COALESCE(quantity, 0) ELSE 0 END),
          SUM(CASE WHEN needs_consent AND consent_on IS NULL THEN 1 ELSE 0 END),
          SUM(CASE WHEN claimed AND approved_at IS NULL THEN 1 ELSE 0 END),
          SUM(tax_amount),
          SUM(CASE WHEN review_decision = 'disallow' THEN tax_amount ELSE 0 END)
     FROM costs WHERE deleted_at IS NULL
     GROUP BY incident_id, category, stage, COALESCE(unit_amount, -1), source`,
];
