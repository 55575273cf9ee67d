// What a company last confirmed for a file layout (header row, columns, rules, value → category table),
// found again for next month's file. A layout is its header's column names, found wherever the header now
// sits (one more title row does not lose it); a file with no header is known by its column count and preset.
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { columnsFor, HEAD_ROWS, isBlankCells, type ImportHeaderChoice } from '../../shared/import-layout.ts';
import type { ImportSettings } from '../../shared/import-schemas.ts';
import { normaliseHeader } from '../../shared/import-values.ts';
import type { Db } from '../db/client.ts';
import { importMappings, users } from '../db/schema.ts';

/**
 * The key a layout is remembered under. A one-row header's key is the SHA-256 of its normalised names, as
 * before issue 17, so the mappings companies already saved are found again.
 */
export function layoutKeyOf(rows: readonly (readonly string[])[], header: ImportHeaderChoice, positional: readonly string[] | null): string {
  const columns = columnsFor(rows, header, positional ?? undefined);
  const names = columns.map(normaliseHeader);
  const text = header.row === null ? `no-header\u001f${columns.length}\u001f${positional ? names.join('\u001f') : ''}` : names.join('\u001f');
  return createHash('sha256').update(text).digest('hex');
}

/** What is stored per layout: the settings, every part optional (mappings saved before issue 17 hold two). */
type Stored = Partial<Omit<ImportSettings, 'header'>> & Pick<ImportSettings, 'mapping' | 'fixed'> & { header?: { depth: 1 | 2; none?: boolean } };

export interface Remembered {
  settings: Omit<ImportSettings, 'header'> & { header: ImportHeaderChoice };
  /** The parts the stored row held (a row saved before issue 17 has only the mapping and the fixed values). */
  has: { header: boolean; filters: boolean; categoryValues: boolean };
  at: string;
  byName: string;
}

/**
 * The company's remembered settings for this file: every row of the file's head is tried as a one- and a
 * two-row header, and the file as header-less; the suggested header is preferred when it matches.
 */
export async function findRemembered(
  db: Db,
  companyId: string,
  rows: readonly (readonly string[])[],
  suggested: ImportHeaderChoice,
  positional: readonly string[] | null,
): Promise<Remembered | null> {
  const candidates: ImportHeaderChoice[] = [suggested];
  for (let row = 0; row < Math.min(rows.length, HEAD_ROWS); row++) {
    if (isBlankCells(rows[row]!)) continue; // row < rows.length
    candidates.push({ row, depth: 1 });
    if (row + 1 < rows.length) candidates.push({ row, depth: 2 });
  }
  candidates.push({ row: null, depth: 1 });
  const keys = new Map<string, ImportHeaderChoice>();
  for (const header of candidates) {
    const key = layoutKeyOf(rows, header, header.row === null ? positional : null);
    if (!keys.has(key)) keys.set(key, header);
  }
  const found = await db
    .select({ layoutKey: importMappings.layoutKey, mapping: importMappings.mapping, updatedAt: importMappings.updatedAt, byName: users.name })
    .from(importMappings)
    .innerJoin(users, eq(users.id, importMappings.updatedBy))
    .where(and(eq(importMappings.companyId, companyId), inArray(importMappings.layoutKey, [...keys.keys()])));

  // The first candidate that matches, in the order above (the suggested header, then from the top).
  const order = [...keys.keys()];
  found.sort((a, b) => order.indexOf(a.layoutKey) - order.indexOf(b.layoutKey));
  const chosen = found[0];
  if (!chosen) return null;
  const header = keys.get(chosen.layoutKey)!;
  const stored = JSON.parse(chosen.mapping) as Stored;
  return {
    settings: {
      header,
      mapping: stored.mapping,
      fixed: stored.fixed ?? {},
      filters: stored.filters ?? { totals: false, zeroAmount: false, rules: [] },
      categoryValues: stored.categoryValues ?? [],
      continuation: stored.continuation ?? false,
      refunds: stored.refunds ?? 'list',
    },
    has: { header: stored.header !== undefined, filters: stored.filters !== undefined, categoryValues: (stored.categoryValues?.length ?? 0) > 0 },
    at: chosen.updatedAt,
    byName: chosen.byName,
  };
}

/** Saves the settings a commit used for its layout (inside the commit's transaction). */
export async function rememberSettings(
  db: Pick<Db, 'insert'>,
  companyId: string,
  layoutKey: string,
  settings: ImportSettings,
  userId: string,
  at: string,
): Promise<void> {
  const stored: Stored = {
    mapping: settings.mapping,
    fixed: settings.fixed,
    header: { depth: settings.header.depth, ...(settings.header.row === null ? { none: true } : {}) },
    filters: settings.filters,
    categoryValues: settings.categoryValues,
    continuation: settings.continuation,
    refunds: settings.refunds,
  };
  const text = JSON.stringify(stored);
  await db
    .insert(importMappings)
    .values({ companyId, layoutKey, mapping: text, updatedBy: userId, updatedAt: at })
    .onConflictDoUpdate({ target: [importMappings.companyId, importMappings.layoutKey], set: { mapping: text, updatedBy: userId, updatedAt: at } });
}
