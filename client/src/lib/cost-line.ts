// A cost line as the ledger answers it (cost.list), taken from the router's own type so a renamed or
// retyped field fails the client's typecheck instead of reaching a user. The form needs the fields it edits;
// the stage dates and tax fields may be absent on a line the form builds itself.
import type { LedgerItem } from './api-types.ts';

type Edited =
  | 'id'
  | 'category'
  | 'stage'
  | 'incurredOn'
  | 'amount'
  | 'quantity'
  | 'unitAmount'
  | 'vendor'
  | 'description'
  | 'source'
  | 'claimant'
  | 'incurredAbroad'
  | 'version';
type Optional = 'invoicedOn' | 'agreedOn' | 'paidOn' | 'taxCategory' | 'taxAmount' | 'invoiceNumber' | 'withholdingTax';

export type CostLine = Pick<LedgerItem, Edited> & Partial<Pick<LedgerItem, Optional>>;
