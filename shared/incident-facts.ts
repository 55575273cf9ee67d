// The incident's facts beyond the ledger that the deadlines and the documents depend on (docs/rules.md §3).

/** Whose personal data leaked, from the insured's point of view (source example 2: B is the contractor). */
export const DATA_ROLES = ['own', 'contractor', 'client'] as const;
export type DataRole = (typeof DATA_ROLES)[number];

export const DATA_ROLE_LABELS: Record<DataRole, { ja: string; en: string }> = {
  own: { ja: '自社の保有データ', en: 'Our own data' },
  contractor: { ja: '委託先として預かったデータ（委託元へ通知）', en: 'A client’s data we handle as contractor (notify the client)' },
  client: { ja: '委託先が漏えいした自社のデータ', en: 'Our data leaked by our contractor' },
};

/** 預金種目 of the account the insurer pays into. */
export const BANK_ACCOUNT_TYPES = ['ordinary', 'current', 'savings'] as const;
export type BankAccountType = (typeof BANK_ACCOUNT_TYPES)[number];

export const BANK_ACCOUNT_TYPE_LABELS: Record<BankAccountType, { ja: string; en: string }> = {
  ordinary: { ja: '普通', en: 'Ordinary' },
  current: { ja: '当座', en: 'Current' },
  savings: { ja: '貯蓄', en: 'Savings' },
};
