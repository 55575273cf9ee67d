// tRPC building blocks: the router factory and procedures narrowed by sign-in.
// Company- and record-level authorisation lives in ./access.ts.

import { initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import { MAX_BATCH_CALLS } from '../shared/api-limits.ts';
import { reasonEnglish } from '../shared/error-codes.ts';
import { issueFromZod } from '../shared/zod-codes.ts';
import type { Context } from './context.ts';
import { codesOf, domainError, type ErrorCodes } from './errors.ts';
import { StaleWrite } from './stale-write.ts';
import {
  AnsweredElsewhere,
  checkKey,
  claimWhenFree,
  oneAtATime,
  readKey,
  releaseClaim,
  rememberAnswer,
  requestHash,
  type IdempotentRequest,
} from './idempotency.ts';

/** "amount: must not be negative; incurredOn: must be a real calendar date" — names every bad field. */
function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`).join('; ');
}

/** tRPC's words for a batch over `maxBatchSize` (server/http/server.ts); ours also say the limit. */
const BATCH_TOO_LARGE = 'Batch call exceeds maximum size';

/**
 * The codes beside the message (docs/decisions/032): a bad input's every zod issue, a refusal's own codes,
 * and tRPC's batch refusal (its only error that is ours to word) as a reason.
 */
function errorCodes(error: unknown, zodError: ZodError | null, batchTooLarge: boolean): ErrorCodes {
  if (zodError) return { issues: zodError.issues.map(issueFromZod) };
  if (batchTooLarge) return { reason: { code: 'batchTooLarge', params: { max: MAX_BATCH_CALLS } } };
  return codesOf(error);
}

/** What a procedure tells the middleware about itself. */
export interface ProcedureMeta {
  /**
   * The procedure stores its Idempotency-Key answer inside its own transaction (rememberAnswer), so the key
   * is claimed there, by inserting it with the answer, instead of in a transaction of its own beforehand.
   */
  claimsKeyWithWrites?: boolean;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const zodError = error.cause instanceof ZodError ? error.cause : null;
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      if (internal) console.error(error);
      const batchTooLarge = !zodError && shape.message === BATCH_TOO_LARGE;
      return {
        ...shape,
        // Never leak SQL, paths or stack traces to the caller.
        message: zodError
          ? describeZodError(zodError)
          : internal
            ? 'Internal error'
            : batchTooLarge
              ? reasonEnglish('batchTooLarge', { max: MAX_BATCH_CALLS })
              : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors: zodError ? Object.fromEntries(zodError.issues.map((i) => [i.path.length ? i.path.join('.') : 'input', i.message])) : undefined,
          // The same problems by code, for a UI in any language (shared/error-codes.ts).
          ...(internal ? {} : errorCodes(error, zodError, batchTooLarge)),
          // A refused stale save: the record as it now is (server/stale-write.ts).
          current: error.cause instanceof StaleWrite ? error.cause.current : undefined,
        },
      };
    },
  });

export const router = t.router;
export const publicProcedure = t.procedure;

const signedIn = t.middleware(async ({ ctx, next }) => {
  if (!ctx.user) throw domainError('UNAUTHORIZED', 'signInFirst');
  return await next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * A mutation with an `Idempotency-Key` is done once: a retry gets the stored first answer (and the header
 * `Idempotent-Replayed: true`), the key on another request is refused. Queries ignore the header.
 */
const idempotent = signedIn.unstable_pipe(async ({ ctx, type, path, meta, getRawInput, next }) => {
  const key = ctx.idempotencyKey;
  if (type !== 'mutation' || key === null) return await next();
  checkKey(key);
  if (ctx.callCount > 1) {
    throw domainError('BAD_REQUEST', 'idempotencyKeyBatched');
  }
  const request: IdempotentRequest = { userId: ctx.user.id, key, procedure: path, requestHash: requestHash(path, await getRawInput()), answered: false };
  const replay = (data: unknown) => {
    ctx.setHeader('Idempotent-Replayed', 'true');
    // The result shape tRPC's middleware chain expects; `marker` is a type-level brand only.
    return { ok: true as const, data, marker: undefined as never };
  };
  // In this process a double click waits in line (oneAtATime); another instance's run is settled in the
  // database (server/idempotency.ts).
  return await oneAtATime(ctx.db, request, async () => {
    // A procedure that claims the key with its own writes runs when the key is free; should another
    // instance's run commit first, this run rolls back and answers as that one did (the loop's next turn).
    for (let attempt = 0; meta?.claimsKeyWithWrites && attempt < 3; attempt += 1) {
      const seen = await readKey(ctx.db, request);
      if (seen.kind === 'replay') return replay(seen.data);
      if (seen.kind !== 'free') break;
      const withWrites: IdempotentRequest = { ...request, claimWithWrites: true };
      const result = await next({ ctx: { idempotency: withWrites } });
      if (!result.ok) {
        if (result.error.cause instanceof AnsweredElsewhere) continue;
        // Another instance's run of this key may have committed meanwhile, and this run failed on what that
        // one wrote (the import it was confirming is confirmed already): that run's answer is the answer.
        const after = await readKey(ctx.db, request);
        if (after.kind === 'replay') return replay(after.data);
        return result;
      }
      // A run that wrote nothing (an edit that changed nothing) stores its answer now.
      if (!withWrites.answered && !withWrites.keepNoAnswer) {
        const stored = await rememberAnswer(ctx.db, withWrites, result.data).then(
          () => true,
          (error: unknown) => {
            if (error instanceof AnsweredElsewhere) return false;
            throw error;
          },
        );
        if (!stored) continue;
      }
      return result;
    }
    // Otherwise the key is claimed first, in a transaction of its own, and answered after the work.
    const claim = await claimWhenFree(ctx.db, request);
    if (claim.kind === 'replay') return replay(claim.data);
    const result = await next({ ctx: { idempotency: request } });
    if (!result.ok) {
      await releaseClaim(ctx.db, request);
      return result;
    }
    if (request.keepNoAnswer) await releaseClaim(ctx.db, request);
    else if (!request.answered) await rememberAnswer(ctx.db, request, result.data);
    return result;
  });
});

export const authedProcedure = t.procedure.use(idempotent);

/**
 * A mutation that stores its Idempotency-Key answer inside its own transaction (`rememberAnswer(tx,
 * ctx.idempotency, answer)` in every transaction it writes in): the key is then claimed by that insert, and
 * a killed instance leaves no claim behind (server/idempotency.ts).
 */
export const answersInTransaction = authedProcedure.meta({ claimsKeyWithWrites: true });
