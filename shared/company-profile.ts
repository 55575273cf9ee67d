// The company's profile the insurer's claim form (保険金請求書) asks for: address, 法人番号, representative,
// the bank account the claim is paid into and the broker's code. Each field is optional until the form is
// printed: a field not given prints as a blank line to fill in by hand (docs/rules.md, "One incident report").

import { z } from 'zod';
import { BANK_ACCOUNT_TYPES } from './incident-facts.ts';
import { isValidCorporateNumber } from './tax.ts';
import { says } from './zod-codes.ts';

/** Full-width digits and letters typed on a Japanese keyboard read as their half-width selves. */
const normalized = (max: number) =>
  z
    .string()
    .trim()
    .max(max, says('tooLong', { max }))
    .transform((v) => v.normalize('NFKC'));

/** A text the user may clear: `null` or '' clears it, absent leaves it as it is. */
const clearable = <T extends z.ZodType<string, string>>(schema: T) =>
  schema
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

/** 法人番号: 13 digits, the first the check digit (shared/tax.ts; the same check as an invoice registration number). */
const corporateNumber = normalized(40)
  .transform((v) => v.replace(/[\s-]/g, ''))
  .refine((v) => v === '' || /^\d{13}$/.test(v), { ...says('corporateNumberFormat'), abort: true })
  .refine((v) => v === '' || isValidCorporateNumber(v), says('corporateNumberCheckDigit'));

const accountNumber = normalized(20)
  .transform((v) => v.replace(/[\s-]/g, ''))
  .refine((v) => v === '' || /^\d{1,8}$/.test(v), says('accountNumber'));

/**
 * 口座名義 as banks write it: katakana (half-width ones become full-width), the long-vowel mark, Latin
 * letters, digits, spaces and the few signs of a company's abbreviation (カ)ヤマダ, ｶﾌﾞｼｷｶﾞｲｼﾔ.
 */
const ACCOUNT_HOLDER_PATTERN = /^[\u30A1-\u30FA\u30FC\u30FBA-Za-z0-9 ().,\-/]+$/;
const accountHolder = normalized(100).refine((v) => v === '' || ACCOUNT_HOLDER_PATTERN.test(v), says('accountHolder'));

export const companyProfileFields = {
  address: clearable(normalized(300)),
  corporateNumber: clearable(corporateNumber),
  representative: clearable(normalized(100)),
  bankName: clearable(normalized(100)),
  bankBranch: clearable(normalized(100)),
  bankAccountType: z.enum(BANK_ACCOUNT_TYPES).nullable().optional(),
  bankAccountNumber: clearable(accountNumber),
  bankAccountHolder: clearable(accountHolder),
  brokerCode: clearable(normalized(50)),
};

/** The profile's fields in the order the account page and the claim form show them. */
export const COMPANY_PROFILE_KEYS = [
  'address',
  'corporateNumber',
  'representative',
  'bankName',
  'bankBranch',
  'bankAccountType',
  'bankAccountNumber',
  'bankAccountHolder',
  'brokerCode',
] as const satisfies readonly (keyof typeof companyProfileFields)[];
export type CompanyProfileKey = (typeof COMPANY_PROFILE_KEYS)[number];

export const COMPANY_PROFILE_LABELS: Record<CompanyProfileKey, { ja: string; en: string }> = {
  address: { ja: '所在地', en: 'Address' },
  corporateNumber: { ja: '法人番号', en: 'Corporate number' },
  representative: { ja: '代表者', en: 'Representative' },
  bankName: { ja: '振込先 金融機関名', en: 'Bank' },
  bankBranch: { ja: '振込先 支店名', en: 'Branch' },
  bankAccountType: { ja: '振込先 預金種目', en: 'Account type' },
  bankAccountNumber: { ja: '振込先 口座番号', en: 'Account number' },
  bankAccountHolder: { ja: '振込先 口座名義（カナ）', en: 'Account holder (katakana)' },
  brokerCode: { ja: '代理店コード', en: 'Broker code' },
};
