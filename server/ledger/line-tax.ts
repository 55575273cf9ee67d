// Lines logged before consumption tax was kept get the tax their category and amount imply (shared/tax.ts):
// once, when the database opens after migration 0009, and for any line a raw insert left without it.

import { isPostgres } from '../db/transaction.ts';
import type { Db } from '../db/types.ts';
import { writeLines } from './rollups.ts';
import type { CostCategory, CostSource } from '../../shared/categories.ts';
import { defaultTaxCategory, taxContained } from '../../shared/tax.ts';
import { transact } from '../db/transaction.ts';

interface UntaxedLine {
  id: string;
  category: CostCategory;
  source: CostSource;
  quantity: number | null;
  amount: number;
}

/** Fills in the tax category and the tax contained in the amount; answers how many lines it filled. */
export async function fillMissingLineTax(db: Db): Promise<number> {
  // A PostgreSQL database is made by this version's migrations, or copied from a SQLite one that ran this first.
  if (isPostgres(db)) return 0;
  const sqlite = db.$client;
  const untaxed = sqlite.prepare('SELECT id, category, source, quantity, amount FROM costs WHERE tax_category IS NULL').all() as UntaxedLine[];
  if (untaxed.length === 0) return 0;
  const update = sqlite.prepare('UPDATE costs SET tax_category = ?, tax_amount = ? WHERE id = ? AND tax_category IS NULL');
  // The tax is summed in the rollups: they follow in the same transaction.
  await transact(
    db,
    async (tx) =>
      await writeLines(
        tx,
        untaxed.map((l) => l.id),
        () => {
          for (const line of untaxed) {
            const category = defaultTaxCategory(line);
            update.run(category, taxContained(line.amount, category), line.id);
          }
          return Promise.resolve();
        },
      ),
  );
  return untaxed.length;
}
