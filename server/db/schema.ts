// The database schema, in one place. Migrations in drizzle/ are generated from it by drizzle-kit.
// Money columns are INTEGER yen; calendar dates are TEXT `YYYY-MM-DD`; timestamps are UTC ISO strings.

import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES, INCIDENT_KINDS, INCIDENT_STATUSES, ROLES } from '../../shared/categories.ts';
import { BANK_ACCOUNT_TYPES, DATA_ROLES } from '../../shared/incident-facts.ts';
import { CLAIM_STATUSES, REVIEW_DECISIONS } from '../../shared/claim-status.ts';
import { DEFENCE_COSTS_RULES } from '../../shared/payable.ts';
import { TAX_CATEGORIES, TAX_STATUSES, TAX_TREATMENTS } from '../../shared/tax.ts';
import { DOCUMENT_KINDS } from '../../shared/documents.ts';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
  /**
   * Set while the account may not sign in (the demo accounts when DEMO_SEED is off): the row stays, so
   * the audit log's references to it and its hash chain stay intact.
   */
  disabledAt: text('disabled_at'),
});

/**
 * Secrets the server makes for itself, created the first time one is needed (the key that signs device
 * cookies, server/auth/device-cookie.ts). In the database so a backup and restore keep them.
 */
export const serverSecrets = sqliteTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export const companies = sqliteTable('companies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['policyholder', 'broker'] })
    .notNull()
    .default('policyholder'),
  /** 原則課税, 簡易課税, 2割特例 or 免税: whether the company recovers input tax (docs/rules.md §3, "Tax"). */
  taxStatus: text('tax_status', { enum: TAX_STATUSES }),
  // The profile the insurer's claim form asks for (docs/rules.md, "One incident report").
  address: text('address'),
  /** 法人番号: 13 digits, check digit verified (shared/company-profile.ts, with shared/tax.ts's check). */
  corporateNumber: text('corporate_number'),
  representative: text('representative'),
  bankName: text('bank_name'),
  bankBranch: text('bank_branch'),
  bankAccountType: text('bank_account_type', { enum: BANK_ACCOUNT_TYPES }),
  bankAccountNumber: text('bank_account_number'),
  /** 口座名義 in katakana, as the bank holds it. */
  bankAccountHolder: text('bank_account_holder'),
  /** The broker's (代理店) code the insurer files the policy under. */
  brokerCode: text('broker_code'),
  createdAt: createdAt(),
});

export const memberships = sqliteTable(
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

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the token; the token itself lives only in the user's cookie. */
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    /** The absolute end: however active the session, it ends here (SESSION_MAX_HOURS after sign-in). */
    expiresAt: text('expires_at').notNull(),
    /**
     * The last request seen, to end a session left idle (SESSION_IDLE_MINUTES); refreshed at most once a
     * minute. Null only on sessions from before this column (SQLite cannot add it with a computed default).
     */
    lastSeenAt: text('last_seen_at'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/**
 * The first answer to a mutation sent with an `Idempotency-Key` header, so a retry gets that answer
 * instead of doing the work again. Keys belong to one user; rows older than a day are purged.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    /** The procedure and a SHA-256 of its input: the same key with another request is refused. */
    procedure: text('procedure').notNull(),
    requestHash: text('request_hash').notNull(),
    /**
     * The JSON of the first successful answer; null while the request that claimed the key is running
     * (server/idempotency.ts): another instance given the same key waits for it instead of running it too.
     */
    response: text('response'),
    /** When the key was claimed: a claim left by a crashed instance is taken over after a while. */
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created').on(t.createdAt)],
);

/**
 * Failed sign-ins per account, address or known device (server/auth/login-throttle.ts), kept in the database
 * so every app instance sees the same counts. The key is a SHA-256 of the email/address/device: strangers'
 * guesses leave no readable trace.
 */
export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    scope: text('scope', { enum: ['account', 'address', 'device'] }).notNull(),
    keyHash: text('key_hash').notNull(),
    failures: integer('failures').notNull(),
    /** Milliseconds since the epoch, like the throttle's clock. */
    lastFailureAt: integer('last_failure_at').notNull(),
    blockedUntil: integer('blocked_until').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.keyHash] }), index('sign_in_failures_last').on(t.lastFailureAt)],
);

export const invitations = sqliteTable(
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

export const policies = sqliteTable(
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
    liabilityLimit: integer('liability_limit').notNull(),
    expenseLimit: integer('expense_limit').notNull(),
    deductible: integer('deductible').notNull(),
    restorationRider: integer('restoration_rider', { mode: 'boolean' }).notNull(),
    condolencePerPersonCap: integer('condolence_per_person_cap'),
    // The policy year's terms (docs/rules.md); null or the default where the schedule says nothing.
    liabilityLimitPerClaim: integer('liability_limit_per_claim'),
    defenceCosts: text('defence_costs', { enum: DEFENCE_COSTS_RULES }).notNull().default('within_limit'),
    restorationRatioPercent: integer('restoration_ratio_percent').notNull().default(90),
    restorationSublimit: integer('restoration_sublimit'),
    responseWindowDays: integer('response_window_days'),
    /** Paid under this policy period before the app was used (earlier claims), per limit. */
    priorExpensePaid: integer('prior_expense_paid').notNull().default(0),
    priorLiabilityPaid: integer('prior_liability_paid').notNull().default(0),
    /** How the insurer treats consumption tax: gross amounts, or net of the tax a taxable business recovers. */
    taxTreatment: text('tax_treatment', { enum: TAX_TREATMENTS }).notNull().default('inclusive'),
    annualRevenue: integer('annual_revenue'),
    itRevenue: integer('it_revenue'),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [index('policies_company').on(t.companyId)],
);

export const incidents = sqliteTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    /** Denormalised from the policy so that every query can be scoped by company in one step. */
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
    recordsAffected: integer('records_affected'),
    /** 本人の数: the persons the leaked records belong to (the condolence cap counts persons). */
    personsAffected: integer('persons_affected'),
    description: text('description'),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull().default('open'),
    priorKnowledgeJustification: text('prior_knowledge_justification'),
    // The deadlines clock: the facts that make the regulator's reports due, and when each was done.
    sensitiveData: integer('sensitive_data', { mode: 'boolean' }).notNull().default(false),
    financialHarm: integer('financial_harm', { mode: 'boolean' }).notNull().default(false),
    malicious: integer('malicious', { mode: 'boolean' }).notNull().default(false),
    insurerNotifiedOn: text('insurer_notified_on'),
    regulatorFirstReportOn: text('regulator_first_report_on'),
    regulatorFinalReportOn: text('regulator_final_report_on'),
    /** 知った日: the day the company became aware; the regulator's clock starts here (null: the discovery date). */
    awareOn: text('aware_on'),
    /** Strongly encrypted data: no report to the regulator is owed. */
    encrypted: integer('encrypted', { mode: 'boolean' }).notNull().default(false),
    /** Whose data: the company's own, a client's handled as contractor (委託先), or ours leaked by a contractor. */
    dataRole: text('data_role', { enum: DATA_ROLES }).notNull().default('own'),
    /** A contractor's notice to its client (委託元), which discharges its own report. */
    clientNotifiedOn: text('client_notified_on'),
    /** 本人への通知. */
    personsNotifiedOn: text('persons_notified_on'),
    /** 事故受付番号: the insurer's reference, printed on every document. */
    insurerClaimReference: text('insurer_claim_reference'),
    // The claim's journey through the broker to the insurer (shared/claim-status.ts).
    claimStatus: text('claim_status', { enum: CLAIM_STATUSES }).notNull().default('draft'),
    brokerCompanyId: text('broker_company_id').references(() => companies.id),
    settledAmount: integer('settled_amount'),
    settledOn: text('settled_on'),
    /** The settlement split per limit: what later incidents of the policy period find used. */
    settledExpense: integer('settled_expense'),
    settledRestoration: integer('settled_restoration'),
    settledLiability: integer('settled_liability'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [index('incidents_company').on(t.companyId), index('incidents_policy').on(t.policyId)],
);

/**
 * The lines that start each right to claim (保険法95条) and the day each starts it, as server/claims/deadlines.ts
 * states the rule. The partial indexes on `costs` below and that query are both written from these fragments:
 * SQLite uses a partial index only for a query that restates its conditions.
 */
export const RIGHT_AROSE = {
  cost: {
    day: sql`COALESCE(paid_on, incurred_on)`,
    lines: sql`deleted_at IS NULL AND review_decision IS NOT 'disallow' AND category NOT IN ('damages', 'uncovered') AND stage = 'paid'`,
    /** The same lines as PostgreSQL spells a NULL-safe "not" (its partial index, schema-pg.ts, is written so). */
    linesPg: sql`deleted_at IS NULL AND review_decision IS DISTINCT FROM 'disallow' AND category NOT IN ('damages', 'uncovered') AND stage = 'paid'`,
  },
  damages: {
    day: sql`COALESCE(agreed_on, paid_on, incurred_on)`,
    lines: sql`deleted_at IS NULL AND review_decision IS NOT 'disallow' AND category = 'damages' AND stage IN ('agreed', 'paid')`,
    linesPg: sql`deleted_at IS NULL AND review_decision IS DISTINCT FROM 'disallow' AND category = 'damages' AND stage IN ('agreed', 'paid')`,
  },
} as const;

export const costs = sqliteTable(
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
    amount: integer('amount').notNull(),
    quantity: integer('quantity'),
    unitAmount: integer('unit_amount'),
    vendor: text('vendor'),
    description: text('description'),
    source: text('source', { enum: COST_SOURCES }).notNull().default('insured'),
    claimant: text('claimant'),
    incurredAbroad: integer('incurred_abroad', { mode: 'boolean' }).notNull().default(false),
    /**
     * Consumption tax (shared/tax.ts): the category (null only on lines from before it was kept, until the
     * database opens and fills it in), the tax contained in `amount` (which stays the gross), the vendor's
     * qualified-invoice number, and the income tax withheld from a professional's fee (the claim is the gross).
     */
    taxCategory: text('tax_category', { enum: TAX_CATEGORIES }),
    taxAmount: integer('tax_amount').notNull().default(0),
    invoiceNumber: text('invoice_number'),
    withholdingTax: integer('withholding_tax'),
    /** The day the line reached each stage, for the finance team's trail. */
    invoicedOn: text('invoiced_on'),
    /** A damages line: the day the settlement or judgment fixed it (the three-year limit runs from it). */
    agreedOn: text('agreed_on'),
    paidOn: text('paid_on'),
    /** Finance's approval; cleared when the line's figures change afterwards. */
    approvedBy: text('approved_by').references(() => users.id),
    approvedAt: text('approved_at'),
    /** The insurer's prior written consent (condolence, consulting, defence costs, settlements; docs/rules.md). */
    consentOn: text('consent_on'),
    consentReference: text('consent_reference'),
    consentGivenBy: text('consent_given_by'),
    /** The broker's latest decision on the line (the thread is in line_reviews). */
    reviewDecision: text('review_decision', { enum: REVIEW_DECISIONS }),
    /**
     * Facts derived from category and stage by the one TypeScript definition (server/ledger/line-flags.ts)
     * whenever a line is written, so the rollup triggers sum them instead of restating the rules in SQL.
     */
    needsConsent: integer('needs_consent', { mode: 'boolean' }).notNull().default(false),
    claimed: integer('claimed', { mode: 'boolean' }).notNull().default(false),
    /** The spreadsheet import that wrote the line, and its row there (1-based, header included). */
    importId: text('import_id').references(() => costImports.id),
    importRow: integer('import_row'),
    /** Increases with every edit; lets a later issue refuse a save based on stale values. */
    version: integer('version').notNull().default(1),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
    deletedAt: text('deleted_at'),
  },
  (t) => [
    // One index per ledger sort, each ending in the id tie-breaker of the keyset pagination.
    index('costs_incident_incurred').on(t.incidentId, t.incurredOn, t.id),
    index('costs_incident_amount').on(t.incidentId, t.amount, t.id),
    index('costs_incident_category').on(t.incidentId, t.category, t.id),
    index('costs_incident_created').on(t.incidentId, t.createdAt, t.id),
    // Covers the ledger's filtered totals, which read this index and never the table. Each (category, stage) is
    // in date order (then id): the summary lists the first 200 left-out lines of a group by reading 200 entries,
    // and counts the lines outside the policy period without reading a line (server/claims/excluded-lines.ts,
    // ledger-groups.ts; decision 034). Rebuilt in that order by migration 0011 rather than a second index of
    // 100,000 entries, which made every insert ~35 % dearer.
    index('costs_incident_figures')
      .on(t.incidentId, t.category, t.stage, t.incurredOn, t.id, t.unitAmount, t.amount, t.quantity, t.source, t.incurredAbroad)
      .where(sql`deleted_at IS NULL`),
    // Covers the totals per tax rate (as a 請求書 shows them) without reading the table.
    index('costs_incident_tax')
      .on(t.incidentId, t.taxCategory, t.claimed, t.amount, t.taxAmount, t.withholdingTax)
      .where(sql`deleted_at IS NULL`),
    // The day each right to claim first arose (server/claims/deadlines.ts): only the lines that start one, by
    // that day, so the first is one seek.
    index('costs_incident_first_cost_paid').on(t.incidentId, RIGHT_AROSE.cost.day).where(RIGHT_AROSE.cost.lines),
    index('costs_incident_first_damages_fixed').on(t.incidentId, RIGHT_AROSE.damages.day).where(RIGHT_AROSE.damages.lines),
  ],
);

/**
 * The ledger's figures kept summed per (incident, category, stage, unit amount, source) by triggers on `costs`
 * (migration 0005), in the same transaction as every write: the claim summary reads these few rows
 * instead of 100,000 lines. `unit_key` is the unit amount, or -1 for lump sums (a key cannot be NULL).
 * Every column is a sum over the live lines of the group, so adding and subtracting lines stays exact.
 * See docs/decisions/009-ledger-rollups.md.
 */
export const costRollups = sqliteTable(
  'cost_rollups',
  {
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    category: text('category', { enum: COST_CATEGORIES }).notNull(),
    stage: text('stage', { enum: COST_STAGES }).notNull(),
    unitKey: integer('unit_key').notNull(),
    /** A third party's litigation costs count as damages, so the groups keep the source apart. */
    source: text('source', { enum: COST_SOURCES }).notNull(),
    lineCount: integer('line_count').notNull(),
    amount: integer('amount').notNull(),
    quantity: integer('quantity').notNull(),
    abroad: integer('abroad').notNull(),
    disallowedCount: integer('disallowed_count').notNull(),
    disallowedAmount: integer('disallowed_amount').notNull(),
    disallowedQuantity: integer('disallowed_quantity').notNull(),
    consentMissing: integer('consent_missing').notNull(),
    unapproved: integer('unapproved').notNull(),
    /** Σ tax contained in the amounts: the net is amount − tax_amount (the policy's `exclusive` treatment). */
    taxAmount: integer('tax_amount').notNull().default(0),
    disallowedTaxAmount: integer('disallowed_tax_amount').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.category, t.stage, t.unitKey, t.source] })],
);

export const IMPORT_STATUSES = ['previewed', 'committed', 'discarded'] as const;

/** One uploaded spreadsheet: previewed first, written to the ledger only when the user confirms. */
export const costImports = sqliteTable(
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
    /** SHA-256 of the bytes; the file itself is in the content store under this hash. */
    fileSha256: text('file_sha256').notNull(),
    fileSize: integer('file_size').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    encoding: text('encoding'),
    /** Identifies the file's column layout (its header row), under which the mapping is remembered. */
    layoutKey: text('layout_key').notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('previewed'),
    rowCount: integer('row_count').notNull(),
    lineCount: integer('line_count'),
    amount: integer('amount'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    committedBy: text('committed_by').references(() => users.id),
    committedAt: text('committed_at'),
  },
  (t) => [index('cost_imports_incident_file').on(t.incidentId, t.fileSha256), index('cost_imports_incident').on(t.incidentId, t.createdAt)],
);

/**
 * How a company books the tracker's lines in its accounting software (server/journals/): the account for
 * each cost category and the counter accounts, as JSON (shared/journal-settings.ts validates it).
 * No row: the defaults.
 */
export const journalSettings = sqliteTable('journal_settings', {
  companyId: text('company_id')
    .primaryKey()
    .references(() => companies.id),
  settings: text('settings').notNull(),
  updatedBy: text('updated_by')
    .notNull()
    .references(() => users.id),
  updatedAt: text('updated_at').notNull(),
});

/** The column mapping a company last confirmed for a file layout, offered again for the next file. */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    layoutKey: text('layout_key').notNull(),
    /** JSON: ledger field → 0-based column index. */
    mapping: text('mapping').notNull(),
    updatedBy: text('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.layoutKey] })],
);

export const AUDIT_ENTITY_TYPES = [
  'company',
  'membership',
  'policy',
  'incident',
  'cost',
  'attachment',
  'document',
  'package',
  'broker',
  'review',
  'claim',
  'import',
  'third_party_claim',
  'incident_report',
] as const;
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'invite',
  'join',
  'role',
  'remove',
  'not_needed',
  'needed',
  'export',
  'approve',
  'unapprove',
  'consent',
  'grant',
  'revoke',
  'accept',
  'query',
  'disallow',
  'answer',
  'submit',
  'status',
  'settle',
  'import',
] as const;

/** Append-only (triggers in the migration refuse UPDATE and DELETE). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    /** The hash chain (per company): this entry's hash covers its fields and the previous entry's hash. */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_incident').on(t.incidentId, t.id),
    index('audit_company').on(t.companyId, t.id),
    // Empty once sealed: lets the start-up check for entries without a hash answer without a scan.
    index('audit_unsealed')
      .on(t.id)
      .where(sql`hash IS NULL`),
  ],
);

/**
 * A file attached to a cost line (costId set) or to the incident as one of its documents (documentKind set).
 * The bytes live once under DATA_DIR/files, named by their SHA-256; several rows may share them.
 */
export const attachments = sqliteTable(
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
    /** The uploader's file name, cleaned; shown and used for downloads, never as a path. */
    name: text('name').notNull(),
    size: integer('size').notNull(),
    /** Decided from the file's first bytes, never from its name or the browser's claim. */
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

/** Checklist items a user marked as not needed for an incident, with the reason the insurer will read. */
export const documentWaivers = sqliteTable(
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

/**
 * A claim a third party made against the insured (a demand letter, a lawsuit): the insurer must be told of
 * each one, with the claimant (docs/rules.md, "Deadlines").
 */
export const thirdPartyClaims = sqliteTable(
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
    /** What the claimant demands, when the letter names a sum. */
    amountDemanded: integer('amount_demanded'),
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

/**
 * The incident report (事故状況報告書), edited once: it feeds the regulator's report, the contractor's notice
 * to its client, the insurer's incident report and the claim form (shared/incident-report.ts).
 */
export const incidentReports = sqliteTable('incident_reports', {
  incidentId: text('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  companyId: text('company_id')
    .notNull()
    .references(() => companies.id),
  /** 概要 */
  summary: text('summary'),
  /** 漏えい等が発生し、又は発生したおそれがある個人データの項目 */
  dataItems: text('data_items'),
  /** 発生原因 */
  cause: text('cause'),
  /** 二次被害又はそのおそれの有無及びその内容 */
  secondaryHarm: text('secondary_harm'),
  /** 本人への対応の実施状況 */
  measuresForPersons: text('measures_for_persons'),
  /** 公表の実施状況 */
  publication: text('publication'),
  /** 再発防止のための措置 */
  recurrencePrevention: text('recurrence_prevention'),
  /** その他参考となる事項 */
  other: text('other'),
  /** The client (委託元) a contractor notifies, and its contact. */
  clientName: text('client_name'),
  /** Who at the company answers the insurer's and the regulator's questions. */
  contactName: text('contact_name'),
  contactPhone: text('contact_phone'),
  updatedBy: text('updated_by').references(() => users.id),
  updatedAt: text('updated_at'),
});

/** A member's calendar feed: the secret in its URL is kept only as a hash; revoking deletes the row. */
export const calendarFeeds = sqliteTable('calendar_feeds', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
});

/** E-mail reminders already sent: one per member, incident, deadline and reminder kind. */
export const deadlineReminders = sqliteTable(
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

/**
 * An exported claim package. The ZIP under DATA_DIR/packages is written once and never changed;
 * a row stays `building` until its file is complete, and only `ready` packages are listed or served.
 */
export const claimPackages = sqliteTable(
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
    size: integer('size'),
    /** The manifest's totals, so the versions list shows them without opening the ZIP. */
    totals: text('totals'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('claim_packages_incident_version').on(t.incidentId, t.version)],
);

/** A broker company allowed to read a client company's claims; removing the row revokes it. */
export const brokerGrants = sqliteTable(
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

/** The broker's decisions on a line and the conversation about it, oldest first. */
export const lineReviews = sqliteTable(
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
    /** accept / query / disallow come from the broker; answer from the client. */
    kind: text('kind', { enum: [...REVIEW_DECISIONS, 'answer'] }).notNull(),
    comment: text('comment'),
    authorUserId: text('author_user_id')
      .notNull()
      .references(() => users.id),
    authorSide: text('author_side', { enum: ['broker', 'client'] }).notNull(),
    /** The line's version when this was written, so a later correction shows as "changed since". */
    costVersion: integer('cost_version').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('line_reviews_cost').on(t.costId, t.at), index('line_reviews_incident').on(t.incidentId, t.at)],
);

/** The claim's status changes, submissions and settlement: the timeline's backbone. */
export const claimEvents = sqliteTable(
  'claim_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    fromStatus: text('from_status', { enum: CLAIM_STATUSES }).notNull(),
    toStatus: text('to_status', { enum: CLAIM_STATUSES }).notNull(),
    /** Set on a submission: the package version the broker receives. */
    packageId: text('package_id').references(() => claimPackages.id),
    brokerCompanyId: text('broker_company_id').references(() => companies.id),
    amount: integer('amount'),
    note: text('note'),
    actorUserId: text('actor_user_id')
      .notNull()
      .references(() => users.id),
    at: text('at').notNull(),
  },
  (t) => [index('claim_events_incident').on(t.incidentId, t.id)],
);

/** In-app notifications, one row per recipient. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    incidentId: text('incident_id').references(() => incidents.id),
    costId: text('cost_id'),
    kind: text('kind', { enum: ['review', 'answer', 'status', 'deadline'] }).notNull(),
    /** What the message says, as data: the client words it in the reader's language. */
    params: text('params').notNull(),
    /** Deadline notices are made once per state: the key keeps a second one out. */
    dedupeKey: text('dedupe_key'),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [index('notifications_user').on(t.userId, t.createdAt), uniqueIndex('notifications_dedupe').on(t.userId, t.dedupeKey)],
);
