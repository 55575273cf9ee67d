// Lines logged before consumption tax was kept get the tax their category and amount imply (shared/tax.ts):
// once, when the database opens after migration 0009, and for any line a raw insert left without it.

import type Database from 'better-sqlite3';
import type { CostCategory, CostSource } from '../../shared/categories.ts';
import { defaultTaxCategory, taxContained } from '../../shared/tax.ts';

interface UntaxedLine {
  id: string;
  category: CostCategory;
  source: CostSource;
  quantity: number | null;
  amount: number;
}

/** Fills in the tax category and the tax contained in the amount; answers how many lines it filled. */
export function fillMissingLineTax(sqlite: Database.Database): number {
  const untaxed = sqlite.prepare('SELECT id, category, source, quantity, amount FROM costs WHERE tax_category IS NULL').all() as UntaxedLine[];
  if (untaxed.length === 0) return 0;
  const update = sqlite.prepare('UPDATE costs SET tax_category = ?, tax_amount = ? WHERE id = ? AND tax_category IS NULL');
  sqlite.transaction(() => {
    for (const line of untaxed) {
      const category = defaultTaxCategory(line);
      update.run(category, taxContained(line.amount, category), line.id);
    }
  })();
  return untaxed.length;
}
