// The company's own facts beside its members: its consumption-tax status (shared/tax.ts), which decides
// whether an insurer paying gross amounts should be asked to confirm, and the profile the insurer's claim
// form prints (shared/company-profile.ts: address, 法人番号, representative, bank account, broker code).
// Mounted under `company`.

import { eq } from 'drizzle-orm';
import { COMPANY_PROFILE_KEYS } from '../../shared/company-profile.ts';
import { companyInput, companyProfileInput } from '../../shared/schemas.ts';
import { requireCompanyAccess, requireCompanyRole } from '../access.ts';
import { changedFields, recordAudit } from '../audit.ts';
import { claimProfileSelection } from '../claims/company-profile-store.ts';
import { companies } from '../db/schema.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure } from '../trpc.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

const profileSelection = { id: companies.id, kind: companies.kind, taxStatus: companies.taxStatus, ...claimProfileSelection };

const EDITABLE_KEYS = ['taxStatus', ...COMPANY_PROFILE_KEYS] as const;

export const companyProfileProcedures = {
  profile: authedProcedure.input(companyInput).query(async ({ ctx, input }) => {
    requireCompanyAccess(ctx, input.companyId, 'read');
    return (await firstRow(ctx.db.select(profileSelection).from(companies).where(eq(companies.id, input.companyId))))!;
  }),

  /** Finance records the tax status and the claim form's profile; a field left out stays, `null` clears it. */
  updateProfile: answersInTransaction.input(companyProfileInput).mutation(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'finance');
    await transact(ctx.db, async (tx) => {
      const current = (await firstRow(tx.select(profileSelection).from(companies).where(eq(companies.id, input.companyId))))!;
      const fields = Object.fromEntries(EDITABLE_KEYS.map((key) => [key, input[key] === undefined ? current[key] : input[key]])) as Partial<typeof current>;
      const diff = changedFields(current, fields);
      if (!diff) return;
      await tx.update(companies).set(fields).where(eq(companies.id, input.companyId));
      await recordAudit(tx, {
        companyId: input.companyId,
        entityType: 'company',
        entityId: input.companyId,
        action: 'update',
        actorUserId: ctx.user.id,
        ...diff,
      });
      await rememberAnswer(tx, ctx.idempotency, { id: input.companyId });
    });
    return { id: input.companyId };
  }),
};
