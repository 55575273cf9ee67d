// The typed API client. Plain JSON (no transformer), batched, cookies sent by the browser.
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../server/routers/_app.ts';
import i18n from './i18n/index.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      retry: (count, error) => count < 2 && !(error instanceof TRPCClientError && error.data?.httpStatus < 500),
    },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/trpc' })] });

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** After any change, everything shown is refetched: the dashboard follows the ledger at once. */
export function refreshAll() {
  return queryClient.invalidateQueries();
}

/** Error codes whose message the UI says in its own language rather than the server's English. */
const LOCALISED_CODES = ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'INTERNAL_SERVER_ERROR', 'TOO_MANY_REQUESTS'];

/** The per-field messages of a BAD_REQUEST, and the message of any other error, in the UI's language. */
export function errorDetails(error: unknown): { message: string; fields: Record<string, string> } {
  if (error instanceof TRPCClientError) {
    const fields = (error.data?.fieldErrors ?? {}) as Record<string, string>;
    const code = error.data?.code as string | undefined;
    const message = code && LOCALISED_CODES.includes(code) ? i18n.t(`errors.${code}`, { defaultValue: error.message }) : error.message;
    return { message, fields };
  }
  return { message: i18n.t('errors.network'), fields: {} };
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';
}
