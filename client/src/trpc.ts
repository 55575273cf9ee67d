// The typed API client. Plain JSON (no transformer), cookies sent by the browser. Queries are batched;
// mutations go one per request with an Idempotency-Key and are retried safely (lib/idempotent-link.ts).
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, type TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../server/routers/_app.ts';
import { MAX_BATCH_CALLS } from '../../shared/api-limits.ts';
import i18n from './i18n/index.ts';
import type { FieldIssue, ReasonCode } from '../../shared/error-codes.ts';
import type { TranslationKey } from './i18n/keys.ts';
import { isAppError } from './lib/app-error.ts';
import { fieldText, issuesOf, reasonOf, reasonText } from './lib/error-text.ts';
import { idempotentMutationLink } from './lib/idempotent-link.ts';

/** Tells the sign-in page why it is shown: the session ended, not a first visit. */
export const SESSION_ENDED_KEY = 'bct.sessionEnded';

/**
 * A session that ended (idle, signed out elsewhere, password changed): show the sign-in page. The
 * notification bell asks every 20 s, so an open page notices within that even when nobody touches it.
 */
function onSessionEnded(error: unknown) {
  // Only while signed in: on the sign-in page, a wrong password is UNAUTHORIZED too.
  if (isUnauthorized(error) && queryClient.getQueryData(trpc.auth.me.queryKey())) {
    sessionStorage.setItem(SESSION_ENDED_KEY, '1');
    void queryClient.resetQueries({ queryKey: trpc.auth.me.queryKey() });
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onSessionEnded }),
  mutationCache: new MutationCache({ onError: onSessionEnded }),
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      retry: (count, error) => count < 2 && !(isAppError(error) && (error.data?.httpStatus ?? 500) < 500),
    },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'mutation',
      true: [idempotentMutationLink, httpLink({ url: '/trpc', headers: ({ op }) => ({ 'Idempotency-Key': op.context.idempotencyKey as string }) })],
      // The server refuses a batch of more calls (shared/api-limits.ts); more queries go in further requests.
      false: httpBatchLink({ url: '/trpc', maxItems: MAX_BATCH_CALLS }),
    }),
  ],
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** After any change, everything shown is refetched: the dashboard follows the ledger at once. */
export function refreshAll() {
  return queryClient.invalidateQueries();
}

/** tRPC codes the UI words itself when the server gave no reason (tRPC's own refusals, an older server). */
const LOCALISED_CODES = [
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
  'TOO_MANY_REQUESTS',
  'UNPROCESSABLE_CONTENT',
  'SERVICE_UNAVAILABLE',
] as const;
const isLocalisedCode = (code: string | undefined): code is (typeof LOCALISED_CODES)[number] =>
  (LOCALISED_CODES as readonly (string | undefined)[]).includes(code);

export interface ErrorDetails {
  /** The error's message, in the UI's language where its codes allow; null without an error. */
  message: string | null;
  /** Per-field messages of a BAD_REQUEST, shown under their fields. */
  fields: Record<string, string>;
  /** What the form's banner shows: the message, unless the fields already say it. */
  banner: string | null;
}

/**
 * A reason the server words alike wherever it is given, said here by where: a wrong password at sign-up or on
 * an invitation may mean the email already has an account (the answer must not say so: docs/decisions/017).
 */
const WHERE_GIVEN: Record<string, Partial<Record<ReasonCode, TranslationKey>>> = {
  'auth.signup': { wrongPassword: 'auth.signupRefused' },
  'auth.acceptInvite': { wrongPassword: 'auth.inviteRefused' },
};

/**
 * The words of an error from its codes (shared/error-codes.ts, docs/decisions/032): the reason, else the
 * fields' issues, else the tRPC code. A code this client does not know keeps the server's English.
 */
function messageOf(error: TRPCClientError<AppRouter>, issues: FieldIssue[]): string {
  const data = error.data as { code?: string; path?: string; reason?: unknown } | undefined;
  const reason = reasonOf(data);
  const said = reason && WHERE_GIVEN[data?.path ?? '']?.[reason.code];
  if (said) return i18n.t(said);
  if (reason) return reasonText(reason);
  if (data?.reason !== undefined) return error.message;
  if (issues.length > 0) return issues.map((issue) => `${issue.field}: ${fieldText(issue)}`).join(i18n.language === 'en' ? '; ' : ' ');
  return isLocalisedCode(data?.code) ? i18n.t(`errors.${data.code}`) : error.message;
}

/** Everything a page shows of an error (or of no error: null, {}, null). */
export function errorDetails(error: unknown): ErrorDetails {
  if (!error) return { message: null, fields: {}, banner: null };
  if (isAppError(error)) {
    const issues = issuesOf(error.data);
    // The server's English for what this client has no code for (an older or newer server), its words for the rest.
    const english = (error.data?.fieldErrors ?? {}) as Record<string, string>;
    const fields: Record<string, string> = { ...english };
    for (const issue of issues) fields[issue.field] = fieldText(issue);
    const message = messageOf(error, issues);
    return { message, fields, banner: Object.keys(fields).length === 0 ? message : null };
  }
  const message = i18n.t('errors.network');
  return { message, fields: {}, banner: message };
}

export function isUnauthorized(error: unknown): boolean {
  return isAppError(error) && error.data?.code === 'UNAUTHORIZED';
}
