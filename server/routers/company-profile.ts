// The company's own facts beside its members: for now its consumption-tax status (shared/tax.ts), which
// decides whether an insurer paying gross amounts should be asked to confirm. Mounted under `company`.

import { eq } from 'drizzle-orm';
import { companyInput, companyProfileInput } from '../../shared/schemas.ts';
import { requireCompanyAccess, requireCompanyRole } from '../access.ts';
import { changedFields, recordAudit } from '../audit.ts';
import { companies } from '../db/schema.ts';
import { authedProcedure } from '../trpc.ts';

const profileSelection = { id: companies.id, name: companies.name, kind: companies.kind, taxStatus: companies.taxStatus };

export const companyProfileProcedures = {
  profile: authedProcedure.input(companyInput).query(({ ctx, input }) => {
    requireCompanyAccess(ctx, input.companyId, 'read');
    return ctx.db.select(profileSelection).from(companies).where(eq(companies.id, input.companyId)).get()!;
  }),

  /** Finance records the company's tax status (原則課税, 簡易課税, 2割特例, 免税). */
  updateProfile: authedProcedure.input(companyProfileInput).mutation(({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'finance');
    const current = ctx.db.select(profileSelection).from(companies).where(eq(companies.id, input.companyId)).get()!;
    const fields = { taxStatus: input.taxStatus === undefined ? current.taxStatus : input.taxStatus };
    const diff = changedFields(current, fields);
    if (diff) {
      ctx.db.transaction((tx) => {
        tx.update(companies).set(fields).where(eq(companies.id, input.companyId)).run();
        recordAudit(tx, { companyId: input.companyId, entityType: 'company', entityId: input.companyId, action: 'update', actorUserId: ctx.user.id, ...diff });
      });
    }
    return { id: input.companyId };
  }),
};
