// tRPC building blocks: the router factory and procedures narrowed by sign-in.
// Company- and record-level authorisation lives in ./access.ts.

import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Context } from './context.ts';

/** "amount: must not be negative; incurredOn: must be a real calendar date" — names every bad field. */
function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`).join('; ');
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    if (internal) console.error(error);
    return {
      ...shape,
      // Never leak SQL, paths or stack traces to the caller.
      message: zodError ? describeZodError(zodError) : internal ? 'Internal error' : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: zodError
          ? Object.fromEntries(zodError.issues.map((i) => [i.path.length ? i.path.join('.') : 'input', i.message]))
          : undefined,
      },
    };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;

export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
