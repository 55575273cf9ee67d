// Narrows an unknown error to a tRPC error from this app's router, so `error.data` has the server's error shape
// (server/trpc.ts errorFormatter: code, httpStatus, path, fieldErrors, current) instead of `any`.
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../../server/routers/_app.ts';

export function isAppError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}
