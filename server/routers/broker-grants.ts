// A client company's brokers: grant a broker company read access to the claims, list, revoke.
// Mounted under `company` (README, "The API": company.grantBroker / company.revokeBroker).

import { rowsChanged } from '../db/rows.ts';
import { domainError, fieldError } from '../errors.ts';
import { and, asc, eq } from 'drizzle-orm';
import { companyInput, grantBrokerInput, revokeBrokerInput } from '../../shared/schemas.ts';
import { requireCompanyRole } from '../access.ts';
import { recordAudit } from '../audit.ts';
import { brokerGrants, companies, memberships, users } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { rememberAnswer } from '../idempotency.ts';
import { answersInTransaction, authedProcedure } from '../trpc.ts';
import { transact } from '../db/transaction.ts';
import { firstRow } from '../db/rows.ts';

export const brokerGrantProcedures = {
  /** The broker company of the user with that email may read this company's claims from its next request. */
  grantBroker: answersInTransaction.input(grantBrokerInput).mutation(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'admin');
    const broker = await firstRow(
      ctx.db
        .select({ companyId: companies.id, companyName: companies.name })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .innerJoin(companies, and(eq(companies.id, memberships.companyId), eq(companies.kind, 'broker')))
        .where(eq(users.email, input.brokerEmail))
        .orderBy(asc(memberships.createdAt)),
    );
    if (!broker) {
      throw fieldError('brokerEmail', 'noBrokerAccount');
    }
    await transact(ctx.db, async (tx) => {
      const written = await tx
        .insert(brokerGrants)
        .values({ clientCompanyId: input.companyId, brokerCompanyId: broker.companyId, grantedBy: ctx.user.id, grantedAt: nowIso() })
        .onConflictDoNothing();
      if (rowsChanged(written) > 0) {
        await recordAudit(tx, {
          companyId: input.companyId,
          entityType: 'broker',
          entityId: broker.companyId,
          action: 'grant',
          actorUserId: ctx.user.id,
          after: { broker: broker.companyName, email: input.brokerEmail },
        });
      }
      await rememberAnswer(tx, ctx.idempotency, { brokerCompanyId: broker.companyId });
    });
    return { brokerCompanyId: broker.companyId };
  }),

  revokeBroker: answersInTransaction.input(revokeBrokerInput).mutation(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'admin');
    const where = and(eq(brokerGrants.clientCompanyId, input.companyId), eq(brokerGrants.brokerCompanyId, input.brokerCompanyId));
    const grant = await firstRow(ctx.db.select().from(brokerGrants).where(where));
    if (!grant) throw domainError('NOT_FOUND', 'noGrantToRevoke');
    await transact(ctx.db, async (tx) => {
      await tx.delete(brokerGrants).where(where);
      await recordAudit(tx, {
        companyId: input.companyId,
        entityType: 'broker',
        entityId: input.brokerCompanyId,
        action: 'revoke',
        actorUserId: ctx.user.id,
        before: { grantedAt: grant.grantedAt },
      });
      await rememberAnswer(tx, ctx.idempotency, { ok: true });
    });
    return { ok: true as const };
  }),

  /** The brokers this company has granted access, for its members. */
  brokers: authedProcedure.input(companyInput).query(async ({ ctx, input }) => {
    requireCompanyRole(ctx, input.companyId, 'responder');
    return await ctx.db
      .select({ brokerCompanyId: brokerGrants.brokerCompanyId, name: companies.name, grantedAt: brokerGrants.grantedAt, grantedByName: users.name })
      .from(brokerGrants)
      .innerJoin(companies, eq(companies.id, brokerGrants.brokerCompanyId))
      .innerJoin(users, eq(users.id, brokerGrants.grantedBy))
      .where(eq(brokerGrants.clientCompanyId, input.companyId))
      .orderBy(asc(companies.name));
  }),
};
