// Mutations go one per request with an `Idempotency-Key`, and are retried with that same key when the
// network or a restarting server drops them: a retry is answered with the first answer, never a second
// cost line (server/idempotency.ts). A form that may be submitted twice (a double click, Enter pressed
// again while saving) passes its own key in the call's context, so both submissions are one request.
import type { TRPCLink } from '@trpc/client';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import type { AppRouter } from '../../../server/routers/_app.ts';
import { isAppError } from './app-error.ts';

/** 128 random bits as hex. crypto.randomUUID exists only on HTTPS or localhost; getRandomValues everywhere. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Waits before each retry: the server answered nothing, or said it is restarting. */
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000];

function isTransient(error: unknown): boolean {
  if (!isAppError(error)) return false;
  const status = error.data?.httpStatus;
  return status === undefined ? !error.shape : [502, 503, 504].includes(status);
}

export const idempotentMutationLink: TRPCLink<AppRouter> =
  () =>
  ({ op, next }) =>
    observable((observer) => {
      const key = (op.context.idempotencyKey as string | undefined) ?? newIdempotencyKey();
      let attempt = 0;
      let subscription: Unsubscribable | null = null;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const run = () => {
        subscription = next({ ...op, context: { ...op.context, idempotencyKey: key } }).subscribe({
          next: (value) => observer.next(value),
          error: (error) => {
            if (attempt < RETRY_DELAYS_MS.length && isTransient(error)) timer = setTimeout(run, RETRY_DELAYS_MS[attempt++]);
            else observer.error(error);
          },
          complete: () => observer.complete(),
        });
      };
      run();
      return () => {
        if (timer) clearTimeout(timer);
        subscription?.unsubscribe();
      };
    });
