// The database schema for PostgreSQL: the same tables, columns, keys and indexes as schema.ts (SQLite), under the
// same export names, so a query can be written once against either (docs/decisions/036-postgresql-schema.md).
// Migrations in drizzle-pg/ are generated from it by drizzle-kit (drizzle.pg.config.ts); test/pg/schema-parity
// fails when the two schemas drift apart.
//
// Types, chosen once here (see the decision note for why):
// - money and anything summed into money or counting people and records: bigint read as a JS number (SQLite's
//   INTEGER is 64-bit; PostgreSQL's integer stops at 2,147,483,647, about ¥2.1 billion);
// - small bounded counts (versions, percents, days, row numbers): integer;
// - timestamps: the same UTC ISO text as SQLite (`2026-05-20T01:02:03.456Z`), dates `YYYY-MM-DD` text;
// - flags: boolean (SQLite keeps 0/1; drizzle gives the app true/false from both);
// - enums: text, checked by zod as on SQLite (no pg enum type: adding a value must not need an ALTER TYPE).

import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES, INCIDENT_KINDS, INCIDENT_STATUSES, ROLES } from '../../shared/categories.ts';
import { BANK_ACCOUNT_TYPES, DATA_ROLES } from '../../shared/incident-facts.ts';
import { CLAIM_STATUSES, REVIEW_DECISIONS } from '../../shared/claim-status.ts';
import { DEFENCE_COSTS_RULES } from '../../shared/payable.ts';
import { TAX_CATEGORIES, TAX_STATUSES, TAX_TREATMENTS } from '../../shared/tax.ts';
import { DOCUMENT_KINDS } from '../../shared/documents.ts';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, IMPORT_STATUSES } from './schema.ts';

export { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, IMPORT_STATUSES };

/** Integer yen (or a sum of yen): 64-bit, read as a JS number; the int8 parser (pg-types.ts) refuses unsafe ones. */
const yen = (name: string) => bigint(name, { mode: 'number' });
/** Any other 64-bit whole number: bytes, milliseconds since the epoch, counts of people or records, running sums. */
const int64 = (name: string) => bigint(name, { mode: 'number' });

/**
 * The same text SQLite's strftime('%Y-%m-%dT%H:%M:%fZ','now') writes, which is also what Date#toISOString
 * gives. statement_timestamp(): like SQLite's 'now', one value per statement, not per transaction.
 */
const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
  disabledAt: text('disabled_at'),
});

export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export const companies = pgTable('companies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['policyholder', 'broker'] })
    .notNull()
    .default('policyholder'),
  taxStatus: text('tax_status', { enum: TAX_STATUSES }),
  address: text('address'),
  corporateNumber: text('corporate_number'),
  representative: text('representative'),
  bankName: text('bank_name'),
  bankBranch: text('bank_branch'),
  bankAccountType: text('bank_account_type', { enum: BANK_ACCOUNT_TYPES }),
  bankAccountNumber: text('bank_account_number'),
  bankAccountHolder: text('bank_account_holder'),
  brokerCode: text('broker_code'),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.companyId] }), index('memberships_company').on(t.companyId)],
);

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
    // Nullable as on SQLite, where rows from before the column have none.
    lastSeenAt: text('last_seen_at'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    procedure: text('procedure').notNull(),
    requestHash: text('request_hash').notNull(),
    response: text('response'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created').on(t.createdAt)],
);

export const signInFailures = pgTable(
  'sign_in_failures',
  {
    scope: text('scope', { enum: ['account', 'address', 'device'] }).notNull(),
    keyHash: text('key_hash').notNull(),
    failures: integer('failures').notNull(),
    // Milliseconds since the epoch: about 1.8 × 10^12 today, far past integer's 2^31.
    lastFailureAt: int64('last_failure_at').notNull(),
    blockedUntil: int64('blocked_until').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.keyHash] }), index('sign_in_failures_last').on(t.lastFailureAt)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    role: text('role', { enum: ROLES }).notNull(),
    email: text('email'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
    acceptedAt: text('accepted_at'),
    acceptedBy: text('accepted_by').references(() => users.id),
  },
  (t) => [index('invitations_company').on(t.companyId)],
);

export const policies = pgTable(
  'policies',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    insurer: text('insurer').notNull(),
    policyNumber: text('policy_number').notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    liabilityLimit: yen('liability_limit').notNull(),
    expenseLimit: yen('expense_limit').notNull(),
    deductible: yen('deductible').notNull(),
    restorationRider: boolean('restoration_rider').notNull(),
    condolencePerPersonCap: yen('condolence_per_person_cap'),
    liabilityLimitPerClaim: yen('liability_limit_per_claim'),
    defenceCosts: text('defence_costs', { enum: DEFENCE_COSTS_RULES }).notNull().default('within_limit'),
    restorationRatioPercent: integer('restoration_ratio_percent').notNull().default(90),
    restorationSublimit: yen('restoration_sublimit'),
    responseWindowDays: integer('response_window_days'),
    priorExpensePaid: yen('prior_expense_paid').notNull().default(0),
    priorLiabilityPaid: yen('prior_liability_paid').notNull().default(0),
    taxTreatment: text('tax_treatment', { enum: TAX_TREATMENTS }).notNull().default('inclusive'),
    annualRevenue: yen('annual_revenue'),
    itRevenue: yen('it_revenue'),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [index('policies_company').on(t.companyId)],
);

export const incidents = pgTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    policyId: text('policy_id')
      .notNull()
      .references(() => policies.id),
    title: text('title').notNull(),
    kind: text('kind', { enum: INCIDENT_KINDS }).notNull(),
    occurredOn: text('occurred_on').notNull(),
    discoveredOn: text('discovered_on').notNull(),
    // Leaks of billions of records have happened: 64-bit.
    recordsAffected: int64('records_affected'),
    personsAffected: int64('persons_affected'),
    description: text('description'),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull().default('open'),
    priorKnowledgeJustification: text('prior_knowledge_justification'),
    sensitiveData: boolean('sensitive_data').notNull().default(false),
    financialHarm: boolean('financial_harm').notNull().default(false),
    malicious: boolean('malicious').notNull().default(false),
    insurerNotifiedOn: text('insurer_notified_on'),
    regulatorFirstReportOn: text('regulator_first_report_on'),
    regulatorFinalReportOn: text('regulator_final_report_on'),
    awareOn: text('aware_on'),
    encrypted: boolean('encrypted').notNull().default(false),
    dataRole: text('data_role', { enum: DATA_ROLES }).notNull().default('own'),
    clientNotifiedOn: text('client_notified_on'),
    personsNotifiedOn: text('persons_notified_on'),
    insurerClaimReference: text('insurer_claim_reference'),
    claimStatus: text('claim_status', { enum: CLAIM_STATUSES }).notNull().default('draft'),
    brokerCompanyId: text('broker_company_id').references(() => companies.id),
    settledAmount: yen('settled_amount'),
    settledOn: text('settled_on'),
    settledExpense: yen('settled_expense'),
    settledRestoration: yen('settled_restoration'),
    settledLiability: yen('settled_liability'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [index('incidents_company').on(t.companyId), index('incidents_policy').on(t.policyId)],
);

export const costs = pgTable(
  'costs',
  {
    id: text('id').primaryKey(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    category: text('category', { enum: COST_CATEGORIES }).notNull(),
    stage: text('stage', { enum: COST_STAGES }).notNull(),
    incurredOn: text('incurred_on').notNull(),
    amount: yen('amount').notNull(),
    // Multiplied by the unit amount and summed: 64-bit like the money.
    quantity: int64('quantity'),
    unitAmount: yen('unit_amount'),
    vendor: text('vendor'),
    description: text('description'),
    source: text('source', { enum: COST_SOURCES }).notNull().default('insured'),
    claimant: text('claimant'),
    incurredAbroad: boolean('incurred_abroad').notNull().default(false),
    taxCategory: text('tax_category', { enum: TAX_CATEGORIES }),
    taxAmount: yen('tax_amount').notNull().default(0),
    invoiceNumber: text('invoice_number'),
    withholdingTax: yen('withholding_tax'),
    invoicedOn: text('invoiced_on'),
    agreedOn: text('agreed_on'),
    paidOn: text('paid_on'),
    approvedBy: text('approved_by').references(() => users.id),
    approvedAt: text('approved_at'),
    consentOn: text('consent_on'),
    consentReference: text('consent_reference'),
    consentGivenBy: text('consent_given_by'),
    reviewDecision: text('review_decision', { enum: REVIEW_DECISIONS }),
    needsConsent: boolean('needs_consent').notNull().default(false),
    claimed: boolean('claimed').notNull().default(false),
    importId: text('import_id').references(() => costImports.id),
    importRow: integer('import_row'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
    deletedAt: text('deleted_at'),
  },
  (t) => [
    index('costs_incident_incurred').on(t.incidentId, t.incurredOn, t.id),
    index('costs_incident_amount').on(t.incidentId, t.amount, t.id),
    index('costs_incident_category').on(t.incidentId, t.category, t.id),
    index('costs_incident_created').on(t.incidentId, t.createdAt, t.id),
    // The same columns in the same order as on SQLite (decision 034): each (category, stage) in date order.
    index('costs_incident_figures')
      .on(t.incidentId, t.category, t.stage, t.incurredOn, t.id, t.unitAmount, t.amount, t.quantity, t.source, t.incurredAbroad)
      .where(sql`deleted_at IS NULL`),
    // The first day each right to claim arose (RIGHT_AROSE in schema.ts). PostgreSQL writes SQLite's
    // `IS NOT 'x'` (NULL-safe) as `IS DISTINCT FROM 'x'`; test/pg/schema-parity.test.ts compares them as one.
    index('costs_incident_first_cost_paid')
      .on(t.incidentId, sql`COALESCE(paid_on, incurred_on)`)
      .where(sql`deleted_at IS NULL AND review_decision IS DISTINCT FROM 'disallow' AND category NOT IN ('damages', 'uncovered') AND stage = 'paid'`),
    index('costs_incident_first_damages_fixed')
      .on(t.incidentId, sql`COALESCE(agreed_on, paid_on, incurred_on)`)
      .where(sql`deleted_at IS NULL AND review_decision IS DISTINCT FROM 'disallow' AND category = 'damages' AND stage IN ('agreed', 'paid')`),
    index('costs_incident_tax')
      .on(t.incidentId, t.taxCategory, t.claimed, t.amount, t.taxAmount, t.withholdingTax)
      .where(sql`deleted_at IS NULL`),
  ],
);

/**
 * The ledger's running sums per group, as on SQLite; there triggers keep them, here the application will
 * (issue 20): the table is the same, the triggers of drizzle/0005–0009 are not ported (see the decision note).
 * Every figure is a sum, so every one is 64-bit.
 */
export const costRollups = pgTable(
  'cost_rollups',
  {
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    category: text('category', { enum: COST_CATEGORIES }).notNull(),
    stage: text('stage', { enum: COST_STAGES }).notNull(),
    unitKey: yen('unit_key').notNull(),
    source: text('source', { enum: COST_SOURCES }).notNull(),
    lineCount: int64('line_count').notNull(),
    amount: yen('amount').notNull(),
    quantity: int64('quantity').notNull(),
    abroad: int64('abroad').notNull(),
    disallowedCount: int64('disallowed_count').notNull(),
    disallowedAmount: yen('disallowed_amount').notNull(),
    disallowedQuantity: int64('disallowed_quantity').notNull(),
    consentMissing: int64('consent_missing').notNull(),
    unapproved: int64('unapproved').notNull(),
    taxAmount: yen('tax_amount').notNull().default(0),
    disallowedTaxAmount: yen('disallowed_tax_amount').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.category, t.stage, t.unitKey, t.source] })],
);

export const costImports = pgTable(
  'cost_imports',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    fileSize: int64('file_size').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    encoding: text('encoding'),
    layoutKey: text('layout_key').notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('previewed'),
    rowCount: integer('row_count').notNull(),
    lineCount: integer('line_count'),
    amount: yen('amount'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    committedBy: text('committed_by').references(() => users.id),
    committedAt: text('committed_at'),
  },
  (t) => [index('cost_imports_incident_file').on(t.incidentId, t.fileSha256), index('cost_imports_incident').on(t.incidentId, t.createdAt)],
);

export const journalSettings = pgTable('journal_settings', {
  companyId: text('company_id')
    .primaryKey()
    .references(() => companies.id),
  settings: text('settings').notNull(),
  updatedBy: text('updated_by')
    .notNull()
    .references(() => users.id),
  updatedAt: text('updated_at').notNull(),
});

export const importMappings = pgTable(
  'import_mappings',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    layoutKey: text('layout_key').notNull(),
    mapping: text('mapping').notNull(),
    updatedBy: text('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.layoutKey] })],
);

/**
 * Append-only: the guards in drizzle-pg/0001_guards.sql refuse UPDATE (except sealing an unchained entry),
 * DELETE and TRUNCATE. The id is an identity column "by default", so a copy from SQLite can keep its ids.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: int64('id').primaryKey().generatedByDefaultAsIdentity(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    incidentId: text('incident_id'),
    entityType: text('entity_type', { enum: AUDIT_ENTITY_TYPES }).notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    actorUserId: text('actor_user_id').references(() => users.id),
    at: text('at').notNull(),
    before: text('before'),
    after: text('after'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_incident').on(t.incidentId, t.id),
    index('audit_company').on(t.companyId, t.id),
    index('audit_unsealed')
      .on(t.id)
      .where(sql`hash IS NULL`),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    costId: text('cost_id').references(() => costs.id),
    documentKind: text('document_kind', { enum: DOCUMENT_KINDS }),
    sha256: text('sha256').notNull(),
    name: text('name').notNull(),
    size: int64('size').notNull(),
    mediaType: text('media_type').notNull(),
    uploadedBy: text('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    deletedAt: text('deleted_at'),
  },
  (t) => [
    index('attachments_cost')
      .on(t.costId)
      .where(sql`deleted_at IS NULL`),
    index('attachments_incident')
      .on(t.incidentId, t.documentKind)
      .where(sql`deleted_at IS NULL`),
  ],
);

export const documentWaivers = pgTable(
  'document_waivers',
  {
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
    reason: text('reason').notNull(),
    decidedBy: text('decided_by')
      .notNull()
      .references(() => users.id),
    decidedAt: text('decided_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.kind] })],
);

export const thirdPartyClaims = pgTable(
  'third_party_claims',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    claimant: text('claimant').notNull(),
    receivedOn: text('received_on').notNull(),
    amountDemanded: yen('amount_demanded'),
    insurerNotifiedOn: text('insurer_notified_on'),
    insurerReference: text('insurer_reference'),
    note: text('note'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [index('third_party_claims_incident').on(t.incidentId, t.receivedOn)],
);

export const incidentReports = pgTable('incident_reports', {
  incidentId: text('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  companyId: text('company_id')
    .notNull()
    .references(() => companies.id),
  summary: text('summary'),
  dataItems: text('data_items'),
  cause: text('cause'),
  secondaryHarm: text('secondary_harm'),
  measuresForPersons: text('measures_for_persons'),
  publication: text('publication'),
  recurrencePrevention: text('recurrence_prevention'),
  other: text('other'),
  clientName: text('client_name'),
  contactName: text('contact_name'),
  contactPhone: text('contact_phone'),
  updatedBy: text('updated_by').references(() => users.id),
  updatedAt: text('updated_at'),
});

export const calendarFeeds = pgTable('calendar_feeds', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
});

export const deadlineReminders = pgTable(
  'deadline_reminders',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    dedupeKey: text('dedupe_key').notNull(),
    sentAt: text('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.dedupeKey] })],
);

/** Frozen once `ready`: the guards in drizzle-pg/0001_guards.sql refuse to change or remove it. */
export const claimPackages = pgTable(
  'claim_packages',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    version: integer('version').notNull(),
    locale: text('locale', { enum: ['ja', 'en'] }).notNull(),
    status: text('status', { enum: ['building', 'ready'] }).notNull(),
    sha256: text('sha256'),
    size: int64('size'),
    totals: text('totals'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('claim_packages_incident_version').on(t.incidentId, t.version)],
);

export const brokerGrants = pgTable(
  'broker_grants',
  {
    clientCompanyId: text('client_company_id')
      .notNull()
      .references(() => companies.id),
    brokerCompanyId: text('broker_company_id')
      .notNull()
      .references(() => companies.id),
    grantedBy: text('granted_by')
      .notNull()
      .references(() => users.id),
    grantedAt: text('granted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientCompanyId, t.brokerCompanyId] }), index('broker_grants_broker').on(t.brokerCompanyId)],
);

/** Append-only, like the audit log (drizzle-pg/0001_guards.sql). */
export const lineReviews = pgTable(
  'line_reviews',
  {
    id: text('id').primaryKey(),
    costId: text('cost_id')
      .notNull()
      .references(() => costs.id),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    kind: text('kind', { enum: [...REVIEW_DECISIONS, 'answer'] }).notNull(),
    comment: text('comment'),
    authorUserId: text('author_user_id')
      .notNull()
      .references(() => users.id),
    authorSide: text('author_side', { enum: ['broker', 'client'] }).notNull(),
    costVersion: integer('cost_version').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('line_reviews_cost').on(t.costId, t.at), index('line_reviews_incident').on(t.incidentId, t.at)],
);

export const claimEvents = pgTable(
  'claim_events',
  {
    id: int64('id').primaryKey().generatedByDefaultAsIdentity(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    fromStatus: text('from_status', { enum: CLAIM_STATUSES }).notNull(),
    toStatus: text('to_status', { enum: CLAIM_STATUSES }).notNull(),
    packageId: text('package_id').references(() => claimPackages.id),
    brokerCompanyId: text('broker_company_id').references(() => companies.id),
    amount: yen('amount'),
    note: text('note'),
    actorUserId: text('actor_user_id')
      .notNull()
      .references(() => users.id),
    at: text('at').notNull(),
  },
  (t) => [index('claim_events_incident').on(t.incidentId, t.id)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    incidentId: text('incident_id').references(() => incidents.id),
    costId: text('cost_id'),
    kind: text('kind', { enum: ['review', 'answer', 'status', 'deadline'] }).notNull(),
    params: text('params').notNull(),
    dedupeKey: text('dedupe_key'),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [index('notifications_user').on(t.userId, t.createdAt), uniqueIndex('notifications_dedupe').on(t.userId, t.dedupeKey)],
);
