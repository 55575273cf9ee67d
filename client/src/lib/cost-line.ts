// A cost line as the ledger answers it (cost.list), taken from the router's own type so a renamed or
// retyped field fails the client's typecheck instead of reaching a user. The form needs the fields it edits;
// the stage dates and tax fields may be absent on a line the form builds itself.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/routers/_app.ts';

type LedgerItem = inferRouterOutputs<AppRouter>['cost']['list']['items'][number];

type Edited = 'id' | 'category' | 'stage' | 'incurredOn' | 'amount' | 'quantity' | 'unitAmount' | 'vendor' | 'description' | 'source' | 'claimant' | 'incurredAbroad' | 'version';
type Optional = 'invoicedOn' | 'agreedOn' | 'paidOn' | 'taxCategory' | 'taxAmount' | 'invoiceNumber' | 'withholdingTax';

export type CostLine = Pick<LedgerItem, Edited> & Partial<Pick<LedgerItem, Optional>>;
