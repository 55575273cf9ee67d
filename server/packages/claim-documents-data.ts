// What the insurer's forms in a claim package print (事故状況報告書, 保険金請求書, 委託元への通知), read from the
// package's snapshot with the ledger: the company's profile, the policy, the incident and its report.

import { claimProfileSelection } from '../claims/company-profile-store.ts';
import { eq } from 'drizzle-orm';
import type { IncidentKind, Locale } from '../../shared/categories.ts';
import type { BankAccountType, DataRole } from '../../shared/incident-facts.ts';
import type { IncidentReportTexts } from '../../shared/incident-report.ts';
import type { Db } from '../db/client.ts';
import { companies, incidents, policies } from '../db/schema.ts';
import { reportTexts } from '../claims/incident-report-store.ts';
import { firstRow } from '../db/rows.ts';

export interface ClaimDocumentsData {
  locale: Locale;
  /** The package's UTC timestamp: its day in Japan is the date the forms bear. */
  createdAt: string;
  packageId: string;
  company: {
    name: string;
    address: string | null;
    corporateNumber: string | null;
    representative: string | null;
    bankName: string | null;
    bankBranch: string | null;
    bankAccountType: BankAccountType | null;
    bankAccountNumber: string | null;
    bankAccountHolder: string | null;
    brokerCode: string | null;
  };
  policy: { insurer: string; policyNumber: string; periodStart: string; periodEnd: string };
  incident: {
    title: string;
    kind: IncidentKind;
    occurredOn: string;
    discoveredOn: string;
    awareOn: string | null;
    recordsAffected: number | null;
    personsAffected: number | null;
    dataRole: DataRole;
    /** 事故受付番号; null until the insurer gives one. */
    insurerClaimReference: string | null;
  };
  report: IncidentReportTexts;
  /** What the claim asks for before the limits (claim.summary's amountClaimed), in yen. */
  amountClaimed: number;
}

/** Reads the forms' facts through the package's snapshot connection, so they match the ledger files. */
export async function readClaimDocumentsData(
  db: Db,
  incidentId: string,
  meta: { locale: Locale; createdAt: string; packageId: string; amountClaimed: number },
): Promise<ClaimDocumentsData> {
  const incident = (await firstRow(db.select().from(incidents).where(eq(incidents.id, incidentId))))!;
  const policy = (await firstRow(db.select().from(policies).where(eq(policies.id, incident.policyId))))!;
  const company = (await firstRow(db.select(claimProfileSelection).from(companies).where(eq(companies.id, incident.companyId))))!;
  return {
    ...meta,
    company,
    policy: { insurer: policy.insurer, policyNumber: policy.policyNumber, periodStart: policy.periodStart, periodEnd: policy.periodEnd },
    incident: {
      title: incident.title,
      kind: incident.kind,
      occurredOn: incident.occurredOn,
      discoveredOn: incident.discoveredOn,
      awareOn: incident.awareOn,
      recordsAffected: incident.recordsAffected,
      personsAffected: incident.personsAffected,
      dataRole: incident.dataRole,
      insurerClaimReference: incident.insurerClaimReference,
    },
    report: await reportTexts(db, incidentId),
  };
}
