// The company's journal mapping (勘定科目 per cost category, counter accounts, 税抜/税込経理), read and saved by
// finance; the journal files themselves are downloads (server/http/journals.ts, docs/decisions/023).

import { companyInput } from '../../shared/schemas.ts';
import { accountFields, DEFAULT_JOURNAL_SETTINGS, journalSettingsInput, type JournalSettings } from '../../shared/journal-settings.ts';
import { requireCompanyRole } from '../access.ts';
import { recordAudit } from '../audit.ts';
import { nowIso } from '../ids.ts';
import { accountNameProblems, loadJournalSettings, saveJournalSettings } from '../journals/journal-settings-store.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure, router } from '../trpc.ts';
import { transact } from '../db/transaction.ts';

/**
 * The mapping as flat `journal.path → value` pairs, so the company's audit entry names only what changed
 * (`journal.accounts.consulting`) and says it is the journal mapping.
 */
function flatten(settings: JournalSettings): Record<string, string> {
  const pairs: [string, string][] = [
    ...accountFields(settings).map(({ path, name }): [string, string] => [path, name]),
    ['taxAccounting', settings.taxAccounting],
  ];
  return Object.fromEntries(pairs.map(([path, value]) => [`journal.${path}`, value]));
}

/**
 * The mapping as finance sends it, with what only the server can check (Shift_JIS, 弥生's 24 bytes): a bad
 * input like any other, every field named in the message and data.fieldErrors.
 */
const updateSettingsInput = journalSettingsInput.superRefine((input, ctx) => {
  for (const [path, problem] of Object.entries(accountNameProblems(input.settings)))
    ctx.addIssue({ code: 'custom', path: ['settings', ...path.split('.')], ...problem });
});

export const journalRouter = router({
  /** The mapping in force (the defaults until the company saves its own) and the defaults beside it. */
  settings: authedProcedure.input(companyInput).query(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'finance');
    const { settings, saved } = await loadJournalSettings(ctx.db, input.companyId);
    return { settings, defaults: DEFAULT_JOURNAL_SETTINGS, savedAt: saved?.at ?? null };
  }),

  updateSettings: answersInTransaction.input(updateSettingsInput).mutation(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'finance');
    const at = nowIso();
    await transact(ctx.db, async (tx) => {
      const before = flatten((await loadJournalSettings(tx, input.companyId)).settings);
      const after = flatten(input.settings);
      const changed = Object.keys(after).filter((key) => before[key] !== after[key]);
      await saveJournalSettings(tx, input.companyId, input.settings, ctx.user.id, at);
      if (changed.length > 0) {
        await recordAudit(tx, {
          companyId: input.companyId,
          entityType: 'company',
          entityId: input.companyId,
          action: 'update',
          actorUserId: ctx.user.id,
          before: Object.fromEntries(changed.map((key) => [key, before[key]])),
          after: Object.fromEntries(changed.map((key) => [key, after[key]])),
        });
      }
      await rememberAnswer(tx, ctx.idempotency, { savedAt: at });
    });
    return { savedAt: at };
  }),
});
