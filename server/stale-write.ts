// A save based on values someone else has since changed: refused with CONFLICT, and the answer carries
// the record as it now is (`error.data.current`), so the client can show what changed instead of
// overwriting it. See docs/decisions/013-idempotency-and-conflicts.md.

import { TRPCError } from '@trpc/server';

export class StaleWrite extends Error {
  constructor(readonly current: unknown) {
    super('stale write');
  }
}

export function staleWriteError(message: string, current: unknown): TRPCError {
  return new TRPCError({ code: 'CONFLICT', message, cause: new StaleWrite(current) });
}
