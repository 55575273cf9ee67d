// The API's answers as the client sees them, read from the router's type: a field renamed or retyped on the
// server fails the client's typecheck instead of drifting from a copy.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/routers/_app.ts';

export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** One line of the ledger (cost.list). */
export type LedgerItem = RouterOutputs['cost']['list']['items'][number];
/** One file of a line or an incident (attachment.list). */
export type AttachmentItem = RouterOutputs['attachment']['list'][number];
/** The claim's figures (claim.summary). */
export type ClaimSummary = RouterOutputs['claim']['summary'];
