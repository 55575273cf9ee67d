// The company's claim-form profile as stored: one selection for the profile procedures, the claim form and
// the documents checklist, so all three read the same columns.

import { companies } from '../db/schema.ts';

/** The company's name and what the insurer's claim form prints of it. */
export const claimProfileSelection = {
  name: companies.name,
  address: companies.address,
  corporateNumber: companies.corporateNumber,
  representative: companies.representative,
  bankName: companies.bankName,
  bankBranch: companies.bankBranch,
  bankAccountType: companies.bankAccountType,
  bankAccountNumber: companies.bankAccountNumber,
  bankAccountHolder: companies.bankAccountHolder,
  brokerCode: companies.brokerCode,
};

type ClaimProfile = { [K in keyof typeof claimProfileSelection]: (typeof claimProfileSelection)[K]['_']['data'] | null };

/** Whether the claim form can be printed complete: address, 法人番号, representative and the whole account (the broker code is optional). */
export function claimProfileComplete(p: ClaimProfile): boolean {
  return [p.address, p.corporateNumber, p.representative, p.bankName, p.bankBranch, p.bankAccountType, p.bankAccountNumber, p.bankAccountHolder].every(
    (v) => v !== null && v !== '',
  );
}
