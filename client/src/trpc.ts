// The typed API client. Plain JSON (no transformer), batched, cookies sent by the browser.
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../server/routers/_app.ts';

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

/** The per-field messages of a BAD_REQUEST, and the message of any other error. */
export function errorDetails(error: unknown): { message: string; fields: Record<string, string> } {
  if (error instanceof TRPCClientError) {
    const fields = (error.data?.fieldErrors ?? {}) as Record<string, string>;
    return { message: error.message, fields };
  }
  return { message: error instanceof Error ? error.message : String(error), fields: {} };
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';
}
