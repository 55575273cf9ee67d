// The journal entries (仕訳) of an incident's claimed lines and of the insurer's settled payment, before any
// accounting package's layout: what is debited and credited, on which day, with which tax. Pure: the
// writers (freee.ts, moneyforward.ts, yayoi.ts) lay these out; docs/decisions/023-journal-exports.md says why.

import { categoryLabel, isClaimedStage, type CostCategory, type CostSource, type CostStage } from '../../shared/categories.ts';
import type { JournalSettings } from '../../shared/journal-settings.ts';
import { isValidInvoiceNumber, type TaxCategory } from '../../shared/tax.ts';

/** A cost line as the journal reads it. */
export interface JournalLine {
  id: string;
  category: CostCategory;
  stage: CostStage;
  source: CostSource;
  quantity: number | null;
  incurredOn: string;
  invoicedOn: string | null;
  agreedOn: string | null;
  paidOn: string | null;
  amount: number;
  taxCategory: TaxCategory;
  taxAmount: number;
  invoiceNumber: string | null;
  withholdingTax: number | null;
  vendor: string | null;
  claimant: string | null;
  description: string | null;
}

/** The insurer's payment once the claim is settled (incidents.settled_amount, settled_on). */
export interface InsurancePayment {
  amount: number;
  on: string;
  /** Who paid: the insurer and the policy number, for the entry's text. */
  insurer: string;
  policyNumber: string;
}

/** The consumption tax of a posting: only expense postings carry one; counter accounts are 対象外. */
export interface PostingTax {
  category: TaxCategory;
  /** The tax contained in the posting's (gross) amount. */
  taxAmount: number;
  /** The vendor's qualified-invoice number is on the line (適格請求書); without it the transitional rules apply. */
  qualified: boolean;
}

export interface Posting {
  account: string;
  amount: number;
  tax: PostingTax | null;
}

export type EntryKind = 'accrual' | 'payment' | 'paid' | 'insurance';

export interface JournalEntry {
  /** The line's reference (the first 8 characters of its id), or `settlement`: the same entry keeps it across exports. */
  ref: string;
  kind: EntryKind;
  /** `YYYY-MM-DD`. */
  date: string;
  /** 摘要: the vendor (or claimant) and the description. */
  text: string;
  /** The vendor or claimant alone, where a package has a field for it. */
  partner: string | null;
  debits: Posting[];
  credits: Posting[];
}

/** One line as booked: its expense, the day it is owed, the day it is paid, the tax withheld. */
export interface LineBooking {
  line: JournalLine;
  ref: string;
  expense: Posting & { tax: PostingTax };
  /** The day the expense is booked: invoiced (damages: agreed), or the day incurred when no such day is known. */
  owedOn: string;
  /** The payment day, or null while unpaid. */
  paidOn: string | null;
  /** The first day the line is in the books: the day owed, or the payment day when it came first. */
  bookedOn: string;
  withheld: number;
  text: string;
  partner: string | null;
}

export const lineRef = (id: string) => id.replace(/-/g, '').slice(0, 8);

/** One line of text without control characters: a CSV field and 弥生's fixed-width reading both need it. */
export function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The account a line's expense goes to: a third party's claim is damages; wages and withheld fees have their own. */
export function expenseAccount(line: JournalLine, settings: JournalSettings): string {
  if (line.source === 'third_party') return settings.thirdPartyClaims;
  if ((line.withholdingTax ?? 0) > 0) return settings.professionalFees;
  if (line.category === 'overtime_travel' && line.quantity !== null) return settings.overtimeWages;
  return settings.accounts[line.category];
}

/** Only lines that count towards the claim are booked (estimates and demands are not owed yet); ¥0 books nothing. */
export function isBooked(line: Pick<JournalLine, 'category' | 'stage' | 'amount'>): boolean {
  return isClaimedStage(line.category, line.stage) && line.amount > 0;
}

export function bookLine(line: JournalLine, settings: JournalSettings): LineBooking {
  const partner = oneLine((line.source === 'third_party' ? line.claimant || line.vendor : line.vendor || line.claimant) ?? '') || null;
  const what = oneLine(line.description ?? '') || categoryLabel(line.category, 'ja');
  const owedOn = (line.category === 'damages' ? line.agreedOn : line.invoicedOn) ?? line.incurredOn;
  const paidOn = line.stage === 'paid' ? (line.paidOn ?? owedOn) : null;
  return {
    line,
    ref: lineRef(line.id),
    expense: {
      account: expenseAccount(line, settings),
      amount: line.amount,
      tax: { category: line.taxCategory, taxAmount: line.taxAmount, qualified: line.invoiceNumber !== null && isValidInvoiceNumber(line.invoiceNumber) },
    },
    owedOn,
    paidOn,
    bookedOn: paidOn !== null && paidOn < owedOn ? paidOn : owedOn,
    withheld: Math.min(line.withholdingTax ?? 0, line.amount),
    text: partner ? `${partner} ${what}` : what,
    partner,
  };
}

const plain = (account: string, amount: number): Posting => ({ account, amount, tax: null });

/** What leaves the bank for a payment of `gross`: the withheld tax goes to 預り金, the rest to the bank. */
function paymentCredits(gross: number, withheld: number, settings: JournalSettings): Posting[] {
  const credits: Posting[] = [];
  if (withheld > 0) credits.push(plain(settings.withholding, withheld));
  if (gross - withheld > 0) credits.push(plain(settings.bank, gross - withheld));
  return credits;
}

/**
 * The entries of one booked line (accrual and payment, docs/decisions/023): owed and not paid → Dr expense /
 * Cr 未払金 on the day owed; paid the day it was owed (or before) → one entry Dr expense / Cr bank (and 預り金)
 * on the payment day; paid later → the accrual, then Dr 未払金 / Cr bank (and 預り金) on the payment day.
 * Each entry's debits equal its credits.
 */
export function lineEntries(booking: LineBooking, settings: JournalSettings): JournalEntry[] {
  const { ref, text, partner, expense, owedOn, paidOn, withheld } = booking;
  const base = { ref, text, partner };
  if (paidOn !== null && paidOn <= owedOn) {
    return [{ ...base, kind: 'paid', date: paidOn, debits: [expense], credits: paymentCredits(expense.amount, withheld, settings) }];
  }
  const entries: JournalEntry[] = [{ ...base, kind: 'accrual', date: owedOn, debits: [expense], credits: [plain(settings.payable, expense.amount)] }];
  if (paidOn !== null) {
    entries.push({
      ...base,
      kind: 'payment',
      date: paidOn,
      debits: [plain(settings.payable, expense.amount)],
      credits: paymentCredits(expense.amount, withheld, settings),
    });
  }
  return entries;
}

export function insuranceEntry(payment: InsurancePayment, settings: JournalSettings): JournalEntry {
  return {
    ref: 'settlement',
    kind: 'insurance',
    date: payment.on,
    text: oneLine(`保険金受取 ${payment.insurer} ${payment.policyNumber}`),
    partner: oneLine(payment.insurer) || null,
    debits: [plain(settings.bank, payment.amount)],
    credits: [plain(settings.insuranceIncome, payment.amount)],
  };
}

/** Days to keep, both ends included; either end may be open. */
export interface Period {
  from: string | null;
  to: string | null;
}

export const inPeriod = (date: string, period: Period) => (period.from === null || date >= period.from) && (period.to === null || date <= period.to);

export interface Journal {
  bookings: LineBooking[];
  entries: JournalEntry[];
  insurance: JournalEntry | null;
}

/**
 * The whole journal of an incident in date order (then the ledger's order), cut to the period: entries by
 * their day, a freee deal (a booking) by the day it enters the books, the insurance payment by its day.
 */
export function buildJournal(
  lines: JournalLine[],
  payment: InsurancePayment | null,
  settings: JournalSettings,
  period: Period = { from: null, to: null },
): Journal {
  const all = lines.filter(isBooked).map((line) => bookLine(line, settings));
  const entries = all
    .flatMap((booking, order) => lineEntries(booking, settings).map((entry) => ({ entry, order })))
    .filter(({ entry }) => inPeriod(entry.date, period))
    .sort((a, b) => (a.entry.date < b.entry.date ? -1 : a.entry.date > b.entry.date ? 1 : a.order - b.order))
    .map(({ entry }) => entry);
  const insurance = payment !== null && payment.amount > 0 && inPeriod(payment.on, period) ? insuranceEntry(payment, settings) : null;
  const bookings = all.filter((b) => inPeriod(b.bookedOn, period)).sort((a, b) => (a.bookedOn < b.bookedOn ? -1 : a.bookedOn > b.bookedOn ? 1 : 0));
  return { bookings, entries: insurance ? [...entries, insurance].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) : entries, insurance };
}

/** The words 仕訳メモ uses for each kind of entry. */
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = { accrual: '計上', payment: '支払', paid: '計上・支払', insurance: '保険金' };

export const sumOf = (postings: Posting[]) => postings.reduce((sum, p) => sum + p.amount, 0);
