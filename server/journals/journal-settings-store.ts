// The company's journal mapping in the database (journal_settings, one JSON row per company): read with the
// defaults under it, and the checks a mapping must pass beyond its schema before it is saved.

import { eq } from 'drizzle-orm';
import { accountFields, DEFAULT_JOURNAL_SETTINGS, journalSettingsSchema, type JournalSettings } from '../../shared/journal-settings.ts';
import { issueWith } from '../../shared/zod-codes.ts';
import type { Db, Tx } from '../db/client.ts';
import { journalSettings } from '../db/schema.ts';
import { cp932Bytes, fitsCp932 } from './csv.ts';
import { firstRow } from '../db/rows.ts';

/** The bytes of Shift_JIS 弥生 reads of an account name (24 half-width, 12 full-width characters). */
export const YAYOI_ACCOUNT_BYTES = 24;

/**
 * The mapping a company saved, or the defaults. A stored mapping that no longer passes the schema whole (a
 * field added or changed later) keeps every field that still does and takes the default for the rest.
 */
export async function loadJournalSettings(db: Db, companyId: string): Promise<{ settings: JournalSettings; saved: { by: string; at: string } | null }> {
  const row = await firstRow(db.select().from(journalSettings).where(eq(journalSettings.companyId, companyId)));
  if (!row) return { settings: DEFAULT_JOURNAL_SETTINGS, saved: null };
  let stored: Partial<JournalSettings> = {};
  try {
    stored = JSON.parse(row.settings) as Partial<JournalSettings>;
  } catch {
    stored = {};
  }
  // Field by field, so one field that no longer passes (or a key since removed) costs only itself.
  const settings = structuredClone<JournalSettings>(DEFAULT_JOURNAL_SETTINGS);
  const fields = journalSettingsSchema.shape;
  for (const key of Object.keys(fields) as (keyof JournalSettings)[]) {
    if (key === 'accounts') continue;
    const value = fields[key].safeParse(stored[key]);
    if (value.success) Object.assign(settings, { [key]: value.data });
  }
  for (const category of Object.keys(settings.accounts) as (keyof JournalSettings['accounts'])[]) {
    const value = fields.accounts.shape[category].safeParse(stored.accounts?.[category]);
    if (value.success) settings.accounts[category] = value.data;
  }
  return { settings, saved: { by: row.updatedBy, at: row.updatedAt } };
}

/**
 * What the schema cannot see: every account name must exist in Shift_JIS (two of the three files are written
 * in it) and fit in what 弥生 reads. Answers `path → issue` (for zod's addIssue), empty when the mapping can be written.
 */
export function accountNameProblems(settings: JournalSettings): Record<string, ReturnType<typeof issueWith>> {
  const problems: Record<string, ReturnType<typeof issueWith>> = {};
  for (const { path, name } of accountFields(settings)) {
    if (!fitsCp932(name)) problems[path] = issueWith('notShiftJis');
    else if (cp932Bytes(name) > YAYOI_ACCOUNT_BYTES)
      problems[path] = issueWith('tooManyShiftJisBytes', { bytes: YAYOI_ACCOUNT_BYTES, fullWidth: YAYOI_ACCOUNT_BYTES / 2 });
  }
  return problems;
}

export async function saveJournalSettings(tx: Tx, companyId: string, settings: JournalSettings, userId: string, at: string): Promise<void> {
  const values = { settings: JSON.stringify(settings), updatedBy: userId, updatedAt: at };
  await tx
    .insert(journalSettings)
    .values({ companyId, ...values })
    .onConflictDoUpdate({ target: journalSettings.companyId, set: values });
}
