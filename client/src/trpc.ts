// The typed API client. Plain JSON (no transformer), cookies sent by the browser. Queries are batched;
// mutations go one per request with an Idempotency-Key and are retried safely (lib/idempotent-link.ts).
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../server/routers/_app.ts';
import { MAX_BATCH_CALLS } from '../../shared/api-limits.ts';
import i18n from './i18n/index.ts';
import { isAppError } from './lib/app-error.ts';
import { localiseFieldMessage } from './lib/field-messages.ts';
import { idempotentMutationLink } from './lib/idempotent-link.ts';
import type { TranslationKey } from './i18n/keys.ts';

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

/** A code that means something particular from one procedure: `path code` → the UI's words for it. */
const PROCEDURE_MESSAGES: Record<string, TranslationKey> = {
  // Not "too many failed attempts" (sign-in): another export of the company is building (server/packages/export-slots.ts).
  'claim.export TOO_MANY_REQUESTS': 'packages.busy',
  // Not sign-in either: the server is reading other spreadsheets (server/import/read-table-apart.ts).
  'costImport.preview TOO_MANY_REQUESTS': 'import.busy',
  'costImport.commit TOO_MANY_REQUESTS': 'import.busy',
  // A failed sign-in is a wrong password, never an ended session (the general UNAUTHORIZED text says both).
  'auth.login UNAUTHORIZED': 'auth.wrongPassword',
  // Sign-up and invitations with an email that has an account answer as a failed sign-in (docs/decisions/017).
  'auth.signup UNAUTHORIZED': 'auth.signupRefused',
  'auth.acceptInvite UNAUTHORIZED': 'auth.inviteRefused',
  'auth.invitation NOT_FOUND': 'auth.invitationGone',
  'auth.acceptInvite NOT_FOUND': 'auth.invitationGone',
  'auth.joinWithInvite NOT_FOUND': 'auth.invitationGone',
};

/** Error codes whose message the UI says in its own language rather than the server's English. */
const LOCALISED_CODES = ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'INTERNAL_SERVER_ERROR', 'TOO_MANY_REQUESTS', 'UNPROCESSABLE_CONTENT', 'SERVICE_UNAVAILABLE'] as const;
const isLocalisedCode = (code: string | undefined): code is (typeof LOCALISED_CODES)[number] => (LOCALISED_CODES as readonly (string | undefined)[]).includes(code);

export interface ErrorDetails {
  /** The error's message, in the UI's language where the code allows; null without an error. */
  message: string | null;
  /** Per-field messages of a BAD_REQUEST, shown under their fields. */
  fields: Record<string, string>;
  /** What the form's banner shows: the message, unless the fields already say it. */
  banner: string | null;
}

/** Everything a page shows of an error (or of no error: null, {}, null). */
export function errorDetails(error: unknown): ErrorDetails {
  if (!error) return { message: null, fields: {}, banner: null };
  if (isAppError(error)) {
    const locale = i18n.language === 'en' ? 'en' : 'ja';
    // A check the server makes beyond the schema names its field the same way: "currentPassword: …".
    const named = error.data?.code === 'BAD_REQUEST' && !error.data?.fieldErrors ? /^(\w+): (.+)$/.exec(error.message) : null;
    const fieldErrors: Record<string, string> = error.data?.fieldErrors ?? (named ? { [named[1] ?? '']: named[2] ?? '' } : {});
    const fields = Object.fromEntries(Object.entries(fieldErrors).map(([field, text]) => [field, localiseFieldMessage(text, locale)]));
    const code: string | undefined = error.data?.code;
    // "try again in 8 s": the wait goes into the localised message.
    const seconds = /(\d+) s$/.exec(error.message)?.[1];
    const specific = PROCEDURE_MESSAGES[`${error.data?.path} ${code}`];
    const message = specific
      ? i18n.t(specific)
      : isLocalisedCode(code)
        ? i18n.t(`errors.${code}`, { defaultValue: error.message, seconds })
        : error.message;
    return { message, fields, banner: Object.keys(fields).length === 0 ? message : null };
  }
  const message = i18n.t('errors.network');
  return { message, fields: {}, banner: message };
}

export function isUnauthorized(error: unknown): boolean {
  return isAppError(error) && error.data?.code === 'UNAUTHORIZED';
}
