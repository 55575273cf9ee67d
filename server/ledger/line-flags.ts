// Facts about a cost line that follow from its category and stage by the rules in shared/: written on the
// line with every write, so the rollups (server/ledger/rollups.ts) and the ledger's SQL reads sum them instead of
// restating the rules in SQL.

import { isPostgres } from '../db/transaction.ts';
import { COST_CATEGORIES, COST_STAGES, isClaimedStage, type CostCategory, type CostStage } from '../../shared/categories.ts';
import { needsConsent } from '../../shared/claim-status.ts';
import type { Db } from '../db/types.ts';
import { writeLines } from './rollups.ts';
import { transact } from '../db/transaction.ts';

export interface LineFlags {
  /** The insurer's prior consent is needed (shared/claim-status.ts). */
  needsConsent: boolean;
  /** The line counts towards the claim in its stage (shared/categories.ts isClaimedStage). */
  claimed: boolean;
}

export function lineFlags(category: CostCategory, stage: CostStage): LineFlags {
  return { needsConsent: needsConsent(category), claimed: isClaimedStage(category, stage) };
}

/** The flags as SQL, written out from the TypeScript rules for every category and stage (nothing by hand). */
function flagExpressions(): { needsConsent: string; claimed: string } {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const consent = COST_CATEGORIES.filter((c) => lineFlags(c, 'paid').needsConsent).map(quote);
  const claimedPairs = COST_CATEGORIES.flatMap((c) => COST_STAGES.filter((s) => lineFlags(c, s).claimed).map((s) => `(${quote(c)}, ${quote(s)})`));
  return {
    needsConsent: consent.length > 0 ? `(category IN (${consent.join(', ')}))` : '0',
    claimed: claimedPairs.length > 0 ? `((category, stage) IN (VALUES ${claimedPairs.join(', ')}))` : '0',
  };
}

/**
 * Brings every line's flags in line with the rules of this version of the app: after the migration that
 * added them, and whenever a rule changes (a category that now needs consent). One pass over the table;
 * nothing is written when all agree. The rollups follow the updated flags in the same transaction.
 */
export async function reconcileLineFlags(db: Db): Promise<number> {
  const { needsConsent, claimed } = flagExpressions();
  // A PostgreSQL database is made by this version's migrations, or copied from a SQLite one that ran this first.
  if (isPostgres(db)) return 0;
  const stale = `needs_consent IS NOT ${needsConsent} OR claimed IS NOT ${claimed}`;
  const sqlite = db.$client;
  return await transact(db, async (tx) => {
    const ids = sqlite.prepare(`SELECT id FROM costs WHERE ${stale}`).pluck().all() as string[];
    if (ids.length === 0) return 0;
    return await writeLines(tx, ids, () =>
      Promise.resolve(sqlite.prepare(`UPDATE costs SET needs_consent = ${needsConsent}, claimed = ${claimed} WHERE ${stale}`).run().changes),
    );
  });
}
