// The pre-flight check before a claim is exported or submitted (issue 15): what is still outstanding —
// claimed lines finance has not approved, lines without the insurer's prior consent, claimed lines without a
// receipt, documents the checklist still misses — each with where to fix it. Pure: the server counts,
// the packages page, the claim card and the manifest show the same items in the same words.

import type { Locale } from './categories.ts';
import { DOCUMENT_KINDS, DOCUMENT_LABELS, type DocumentKind } from './documents.ts';
import { formatYen } from './money.ts';

/** The work lists of the ledger a pre-flight item points to (cost.list's `attention` filter). */
export const LINE_ATTENTION_FILTERS = ['unapproved', 'consent_missing', 'no_receipt'] as const;
export type LineAttention = (typeof LINE_ATTENTION_FILTERS)[number];

/** Every key an item can have: one per work list, one per document of the checklist. */
export const PREFLIGHT_KEYS = [...LINE_ATTENTION_FILTERS, ...DOCUMENT_KINDS.map((kind) => `document:${kind}` as const)] as const;
export type PreflightKey = (typeof PREFLIGHT_KEYS)[number];

export type PreflightItem =
  | {
      key: LineAttention;
      kind: LineAttention;
      /** How many lines, and what they amount to (integer yen). */
      lines: number;
      amount: number;
      /** The ledger filtered to exactly these lines. */
      link: { page: 'ledger'; attention: LineAttention };
    }
  | {
      key: `document:${DocumentKind}`;
      kind: 'document';
      document: DocumentKind;
      link: { page: 'documents'; document: DocumentKind };
    };

/** Each item in a few words: the audit log's list of what was outstanding. */
export const PREFLIGHT_KEY_LABELS: Record<PreflightKey, Record<Locale, string>> = {
  unapproved: { ja: '未承認の請求明細', en: 'Unapproved claimed lines' },
  consent_missing: { ja: '事前同意のない明細', en: 'Lines without prior consent' },
  no_receipt: { ja: '領収書のない請求明細', en: 'Claimed lines without a receipt' },
  ...(Object.fromEntries(
    DOCUMENT_KINDS.map((kind) => [
      `document:${kind}`,
      { ja: `未提出の書類（${DOCUMENT_LABELS[kind].ja}）`, en: `Missing document (${DOCUMENT_LABELS[kind].en})` },
    ]),
  ) as Record<`document:${DocumentKind}`, Record<Locale, string>>),
};

/**
 * How an export or a submission met the check: nothing was outstanding; the person confirmed the list
 * (in the app, by ticking the box); or the call did not say (a script's call that predates the check).
 */
export type PreflightConfirmation = 'nothing_outstanding' | 'acknowledged' | 'not_acknowledged';

/** The keys of `items` the caller has not acknowledged; `acknowledged` absent means none. */
export function unacknowledged(items: readonly PreflightItem[], acknowledged: readonly string[] | undefined): PreflightKey[] {
  const given = new Set(acknowledged ?? []);
  return items.filter((item) => !given.has(item.key)).map((item) => item.key);
}

export function confirmationOf(items: readonly PreflightItem[], acknowledged: readonly string[] | undefined): PreflightConfirmation {
  if (items.length === 0) return 'nothing_outstanding';
  return acknowledged !== undefined && unacknowledged(items, acknowledged).length === 0 ? 'acknowledged' : 'not_acknowledged';
}

const count = (n: number, locale: Locale) =>
  locale === 'ja' ? `${n.toLocaleString('en-US')}件` : `${n.toLocaleString('en-US')} ${n === 1 ? 'line' : 'lines'}`;

const LINE_TEXT: Record<LineAttention, Record<Locale, (lines: string, amount: string) => string>> = {
  unapproved: {
    ja: (lines, amount) => `経理が承認していない請求明細が ${lines}（${amount}）あります。`,
    en: (lines, amount) => `${lines} claimed (${amount}) not yet approved by finance.`,
  },
  consent_missing: {
    ja: (lines, amount) => `保険会社の事前同意が記録されていない明細が ${lines}（${amount}）あります。同意がなければ支払われないことがあります。`,
    en: (lines, amount) => `${lines} (${amount}) without the insurer’s prior consent recorded, which the insurer may then not pay.`,
  },
  no_receipt: {
    ja: (lines, amount) => `領収書・請求書が添付されていない請求明細が ${lines}（${amount}）あります。`,
    en: (lines, amount) => `${lines} claimed (${amount}) without a receipt or invoice attached.`,
  },
};

/** The item as one sentence, in the reader's language. */
export function preflightItemText(item: PreflightItem, locale: Locale): string {
  if (item.kind === 'document') {
    const name = DOCUMENT_LABELS[item.document][locale];
    return locale === 'ja' ? `提出書類「${name}」が未提出です。` : `The document “${name}” is missing.`;
  }
  return LINE_TEXT[item.kind][locale](count(item.lines, locale), formatYen(item.amount));
}

/** Where the item is fixed: the ledger's work list, or the documents page at that document. */
export function preflightItemHref(incidentId: string, item: PreflightItem): string {
  return item.link.page === 'ledger'
    ? `/incidents/${incidentId}/ledger?attention=${item.link.attention}`
    : `/incidents/${incidentId}/documents#document-${item.link.document}`;
}

/** What a package's manifest records of the check (and the audit entries of the export and the submission). */
export interface PreflightRecord {
  /** When the check was made, with the ledger the package froze (UTC ISO). */
  checkedAt: string;
  outstanding: { key: PreflightKey; lines: number | null; amount: number | null }[];
  confirmation: PreflightConfirmation;
  /** The keys the person confirmed; null when the call gave none. */
  acknowledged: PreflightKey[] | null;
  /** Who asked for the export or submission (the one who confirmed, when they did). */
  by: { userId: string; name: string; email: string };
}

/** The items again from what a package recorded (the keys, counts and amounts), for the submission's check. */
export function itemsOfRecord(outstanding: PreflightRecord['outstanding']): PreflightItem[] {
  return outstanding.map(({ key, lines, amount }): PreflightItem => {
    if (key.startsWith('document:')) {
      const document = key.slice('document:'.length) as DocumentKind;
      return { key: `document:${document}`, kind: 'document', document, link: { page: 'documents', document } };
    }
    const kind = key as LineAttention;
    return { key: kind, kind, lines: lines ?? 0, amount: amount ?? 0, link: { page: 'ledger', attention: kind } };
  });
}

export function preflightRecord(
  items: readonly PreflightItem[],
  acknowledged: readonly PreflightKey[] | undefined,
  by: PreflightRecord['by'],
  checkedAt: string,
): PreflightRecord {
  return {
    checkedAt,
    outstanding: items.map((item) => ({
      key: item.key,
      lines: item.kind === 'document' ? null : item.lines,
      amount: item.kind === 'document' ? null : item.amount,
    })),
    confirmation: confirmationOf(items, acknowledged),
    acknowledged: acknowledged === undefined ? null : [...acknowledged],
    by,
  };
}
