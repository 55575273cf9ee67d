// A save based on values someone else has since changed: refused with CONFLICT, and the answer carries
// the record as it now is (`error.data.current`), so the client can show what changed instead of
// overwriting it. See docs/decisions/013-idempotency-and-conflicts.md.

import type { TRPCError } from '@trpc/server';
import { reasonEnglish } from '../shared/error-codes.ts';
import { CodedError } from './errors.ts';

export class StaleWrite extends Error {
  constructor(readonly current: unknown) {
    super('stale write');
  }
}

/** `staleWrite`: changed since the editor opened it; `staleWriteSameMoment`: changed between our check and our write. */
export function staleWriteError(reason: 'staleWrite' | 'staleWriteSameMoment', current: unknown): TRPCError {
  return new CodedError({ code: 'CONFLICT', message: reasonEnglish(reason), reason: { code: reason, params: {} }, cause: new StaleWrite(current) });
}
