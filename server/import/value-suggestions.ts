// The value → category entries the import suggests for a file: each distinct value of its category column
// that names a category, an account that is not a cost, or a telling word (shared/import-category-values.ts).
// Values the table already covers (remembered ones) are left as they are.
import { compileCategoryValues, suggestTarget, type CategoryValueEntry } from '../../shared/import-category-values.ts';
import { compileFilterRules } from '../../shared/import-filters.ts';
import { dataStart, isBlankCells, isTotalsRow } from '../../shared/import-layout.ts';
import type { ImportSettings } from '../../shared/import-schemas.ts';
import { parseCategoryCell } from '../../shared/import-values.ts';

/** More distinct values than this is not a list of categories (a statement's every payee): no suggestions past it. */
const MAX_DISTINCT = 2000;

export function suggestedValueEntries(rows: readonly string[][], settings: ImportSettings): CategoryValueEntry[] {
  const column = settings.mapping.category;
  if (column === undefined) return [];
  const covered = compileCategoryValues(settings.categoryValues);
  const ruleOf = compileFilterRules(settings.filters.rules);
  const seen = new Set<string>();
  const entries: CategoryValueEntry[] = [];
  for (let index = dataStart(settings.header); index < rows.length && seen.size < MAX_DISTINCT; index++) {
    const cells = rows[index]!; // index < rows.length
    if (isBlankCells(cells) || (settings.filters.totals && isTotalsRow(cells)) || ruleOf(cells) !== -1) continue;
    const value = (cells[column] ?? '').trim();
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    if (covered(value) !== undefined) continue;
    // A cell that is a policy category's own name needs no entry: it is read as that category.
    const named = parseCategoryCell(value);
    if (named.ok && named.value !== null) continue;
    const target = suggestTarget(value);
    if (target !== null) entries.push({ value, match: 'exact', target });
  }
  return entries;
}
