// How a company books the tracker's lines in its accounting software: the account (勘定科目) for each cost
// category and the counter accounts, with the defaults and the schema of what a company may save
// (docs/decisions/023-journal-exports.md). The server writes the files (server/journals/).

import { z } from 'zod';
import { COST_CATEGORIES, type CostCategory } from './categories.ts';
import { idSchema } from './schemas.ts';
import { says } from './zod-codes.ts';

/** The accounting packages the journal files are written for. */
export const JOURNAL_FORMATS = ['freee', 'moneyforward', 'yayoi'] as const;
export type JournalFormat = (typeof JOURNAL_FORMATS)[number];

export const JOURNAL_FORMAT_LABELS: Record<JournalFormat, { ja: string; en: string }> = {
  freee: { ja: 'freee会計(取引インポート)', en: 'freee Accounting (deal import)' },
  moneyforward: { ja: 'マネーフォワード クラウド会計(仕訳帳インポート)', en: 'Money Forward Cloud Accounting (journal import)' },
  yayoi: { ja: '弥生会計(弥生インポート形式)', en: 'Yayoi Kaikei (Yayoi import format)' },
};

/** 税抜経理 or 税込経理: decides 弥生's 税区分 (「内」 or 「込」) and freee's 税計算区分. */
export const TAX_ACCOUNTING_METHODS = ['exclusive', 'inclusive'] as const;
export type TaxAccountingMethod = (typeof TAX_ACCOUNTING_METHODS)[number];

/** The counter accounts and the special cases beside the per-category accounts. */
export const JOURNAL_SPECIAL_ACCOUNTS = ['overtimeWages', 'professionalFees', 'thirdPartyClaims', 'payable', 'bank', 'withholding', 'insuranceIncome'] as const;
export type JournalSpecialAccount = (typeof JOURNAL_SPECIAL_ACCOUNTS)[number];

export interface JournalSettings {
  /** The expense account of each cost category. */
  accounts: Record<CostCategory, string>;
  /** 給料手当: overtime entered as hours × rate (wages, not a vendor's bill). */
  overtimeWages: string;
  /** 支払報酬: a professional's fee from which income tax was withheld. */
  professionalFees: string;
  /** 損害賠償金: a third party's claim against the insured, whatever its category. */
  thirdPartyClaims: string;
  /** 未払金: a line invoiced (or damages agreed) and not yet paid. */
  payable: string;
  /** 普通預金: what pays the lines and receives the insurance payment (freee: the 決済口座's name). */
  bank: string;
  /** 預り金: the income tax withheld until it is paid to the tax office. */
  withholding: string;
  /** 受取保険金: the insurer's payment, not subject to consumption tax. */
  insuranceIncome: string;
  taxAccounting: TaxAccountingMethod;
}

export const DEFAULT_JOURNAL_SETTINGS: JournalSettings = {
  accounts: {
    public_notice: '広告宣伝費',
    investigation: '支払手数料',
    consulting: '支払手数料',
    overtime_travel: '旅費交通費',
    communications: '通信費',
    condolence: '雑損失',
    restoration: '修繕費',
    damages: '損害賠償金',
    litigation: '支払報酬',
    uncovered: '雑費',
  },
  overtimeWages: '給料手当',
  professionalFees: '支払報酬',
  thirdPartyClaims: '損害賠償金',
  payable: '未払金',
  bank: '普通預金',
  withholding: '預り金',
  insuranceIncome: '受取保険金',
  taxAccounting: 'exclusive',
};

/**
 * The longest account name, in characters. 弥生 reads 24 bytes of Shift_JIS (12 full-width characters) and
 * cuts the rest; the server also checks the bytes (server/journals/journal-settings-store.ts).
 */
export const MAX_ACCOUNT_NAME = 24;

/** An account name: as the accounting software spells it, on one line. */
export const accountNameSchema = z
  .string()
  .trim()
  .min(1, says('required'))
  .max(MAX_ACCOUNT_NAME, says('tooLong', { max: MAX_ACCOUNT_NAME }))
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), says('oneLine'));

export const journalSettingsSchema = z.strictObject({
  accounts: z.strictObject(Object.fromEntries(COST_CATEGORIES.map((c) => [c, accountNameSchema])) as Record<CostCategory, typeof accountNameSchema>),
  overtimeWages: accountNameSchema,
  professionalFees: accountNameSchema,
  thirdPartyClaims: accountNameSchema,
  payable: accountNameSchema,
  bank: accountNameSchema,
  withholding: accountNameSchema,
  insuranceIncome: accountNameSchema,
  taxAccounting: z.enum(TAX_ACCOUNTING_METHODS),
});

export const journalSettingsInput = z.object({ companyId: idSchema, settings: journalSettingsSchema });

/** Every account name of a mapping with its path (`accounts.investigation`, `bank`), in a fixed order. */
export function accountFields(settings: JournalSettings): { path: string; name: string }[] {
  return [
    ...COST_CATEGORIES.map((c) => ({ path: `accounts.${c}`, name: settings.accounts[c] })),
    ...JOURNAL_SPECIAL_ACCOUNTS.map((key) => ({ path: key, name: settings[key] })),
  ];
}
