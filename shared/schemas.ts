// The zod schemas of every input the API takes: the one edge where bad input is stopped.
// Shared with the client so a form shows the same message the server would give.

import { z } from 'zod';
import {
  COST_CATEGORIES,
  COST_SOURCES,
  COST_STAGES,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
  LOCALES,
  ROLES,
  storedStage,
  type CostCategory,
  type CostSource,
  type CostStage,
} from './categories.ts';
import { DEFENCE_COSTS_RULES } from './payable.ts';
import {
  defaultTaxCategory,
  INVOICE_NUMBER_PATTERN,
  isTaxable,
  isValidInvoiceNumber,
  TAX_CATEGORIES,
  TAX_STATUSES,
  TAX_TREATMENTS,
  taxContained,
  type TaxCategory,
} from './tax.ts';
import { companyProfileFields } from './company-profile.ts';
import { isCalendarDate } from './dates.ts';
import { DOCUMENT_KINDS } from './documents.ts';
import { DATA_ROLES } from './incident-facts.ts';
import { MAX_LINE_AMOUNT } from './money.ts';
import { issueWith, says } from './zod-codes.ts';
import { STAGE_DATE_FIELDS, stageDateFields } from './stage-date-fields.ts';
import { LINE_ATTENTION_FILTERS, PREFLIGHT_KEYS } from './preflight.ts';

export const idSchema = z.string().min(1).max(64);

/** Integer yen, never negative, never beyond what a line may carry. */
export const yenSchema = z
  .number(says('yenNumber'))
  .int(says('wholeYen'))
  .min(0, says('notNegative'))
  .max(MAX_LINE_AMOUNT, says('atMost', { max: MAX_LINE_AMOUNT }));

/** A limit of the policy: positive integer yen. */
export const limitSchema = yenSchema.refine((v) => v > 0, says('moreThanZero'));

/**
 * The dates the ledger accepts. Beyond them a date is a typo, and the server's date arithmetic (a policy
 * ends a year after it starts, the claim limit is three years after discovery) must stay within four-digit
 * years: a policy starting in 9999 once answered 500 (test/fuzz/regressions.fuzz.test.ts).
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2999-12-31';

export const dateSchema = z
  .string(says('date'))
  .refine(isCalendarDate, { ...says('calendarDate'), abort: true })
  .refine(
    (d) => d >= EARLIEST_DATE && d <= LATEST_DATE,
    says('dateRange', { fromYear: Number(EARLIEST_DATE.slice(0, 4)), toYear: Number(LATEST_DATE.slice(0, 4)) }),
  );

const text = (max: number) => z.string().trim().max(max);
const requiredText = (max: number) => z.string().trim().min(1, says('required')).max(max);
const optionalText = (max: number) => text(max).optional();

export const localeSchema = z.enum(LOCALES);

// ---- accounts ----
export const passwordSchema = z
  .string()
  .min(10, says('tooShort', { min: 10 }))
  .max(200, says('tooLong', { max: 200 }));
export const emailSchema = z
  .email(says('email'))
  .max(254)
  .transform((e) => e.toLowerCase());

export const signupInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: requiredText(100),
  companyName: requiredText(200),
  kind: z.enum(['policyholder', 'broker']).default('policyholder'),
});
export const loginInput = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

export const changePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], ...says('sameAsCurrentPassword') });

export const inviteInput = z.object({ companyId: idSchema, role: z.enum(ROLES), email: emailSchema.optional() });
export const invitationTokenInput = z.object({ token: z.string().min(16).max(100) });
export const acceptInviteInput = z.object({
  token: z.string().min(16).max(100),
  email: emailSchema,
  password: passwordSchema,
  name: requiredText(100),
});
export const memberRoleInput = z.object({ companyId: idSchema, userId: idSchema, role: z.enum(ROLES) });
export const memberRemoveInput = z.object({ companyId: idSchema, userId: idSchema });
export const companyInput = z.object({ companyId: idSchema });
/**
 * The company's facts it edits itself: its tax status and the claim form's profile (shared/company-profile.ts).
 * Absent fields stay as they are; `null` clears one.
 */
export const companyProfileInput = z.object({ companyId: idSchema, taxStatus: z.enum(TAX_STATUSES).nullable().optional(), ...companyProfileFields });

// ---- policy ----
const policyFields = {
  insurer: requiredText(200),
  policyNumber: requiredText(100),
  periodStart: dateSchema,
  /** Optional: when given it must be the one-year end the source requires (start + 1 year − 1 day). */
  periodEnd: dateSchema.optional(),
  liabilityLimit: limitSchema,
  expenseLimit: limitSchema,
  deductible: yenSchema,
  restorationRider: z.boolean(),
  condolencePerPersonCap: limitSchema.nullable().optional(),
  /** For the eligibility check: annual revenue and the part of it from the listed IT businesses. */
  annualRevenue: yenSchema.nullable().optional(),
  itRevenue: yenSchema.nullable().optional(),
  // The policy year's terms (docs/rules.md). Absent on create: the default; absent on update: unchanged.
  liabilityLimitPerClaim: limitSchema.nullable().optional(),
  defenceCosts: z.enum(DEFENCE_COSTS_RULES).optional(),
  restorationRatioPercent: z
    .number()
    .int(says('wholePercentage'))
    .min(1, says('atLeast', { min: 1 }))
    .max(100, says('atMost', { max: 100 }))
    .optional(),
  restorationSublimit: limitSchema.nullable().optional(),
  responseWindowDays: z
    .number()
    .int(says('wholeDays'))
    .min(1, says('atLeast', { min: 1 }))
    .max(3650, says('atMost', { max: 3650 }))
    .nullable()
    .optional(),
  priorExpensePaid: yenSchema.optional(),
  priorLiabilityPaid: yenSchema.optional(),
  /** How the insurer treats consumption tax: `inclusive` (default) or `exclusive` (net of recoverable tax). */
  taxTreatment: z.enum(TAX_TREATMENTS).optional(),
};

type PolicyTermsInput = {
  liabilityLimit: number;
  expenseLimit: number;
  liabilityLimitPerClaim?: number | null;
  restorationSublimit?: number | null;
  priorExpensePaid?: number;
  priorLiabilityPaid?: number;
};

/** A sub-limit or an amount already paid can be no larger than the limit it belongs to. */
function checkPolicyTerms(value: PolicyTermsInput, ctx: z.RefinementCtx) {
  const within = (field: keyof PolicyTermsInput, amount: number | null | undefined, limit: number, code: 'overLiabilityLimit' | 'overExpenseLimit') => {
    if (amount !== null && amount !== undefined && amount > limit) ctx.addIssue({ code: 'custom', path: [field], ...issueWith(code) });
  };
  within('liabilityLimitPerClaim', value.liabilityLimitPerClaim, value.liabilityLimit, 'overLiabilityLimit');
  within('priorLiabilityPaid', value.priorLiabilityPaid, value.liabilityLimit, 'overLiabilityLimit');
  within('restorationSublimit', value.restorationSublimit, value.expenseLimit, 'overExpenseLimit');
  within('priorExpensePaid', value.priorExpensePaid, value.expenseLimit, 'overExpenseLimit');
}

export const policyCreateInput = z.object({ companyId: idSchema, ...policyFields }).superRefine(checkPolicyTerms);
export const policyUpdateInput = z.object({ id: idSchema, ...policyFields }).superRefine(checkPolicyTerms);
export const policyIdInput = z.object({ id: idSchema });
export type PolicyFields = z.infer<typeof policyCreateInput>;

// ---- incident ----
const incidentFields = {
  title: requiredText(200),
  kind: z.enum(INCIDENT_KINDS),
  occurredOn: dateSchema,
  discoveredOn: dateSchema,
  recordsAffected: z.number().int().min(0).max(10_000_000_000).nullable().optional(),
  /** 本人の数: persons, not records (one person may have several records). */
  personsAffected: z.number().int(says('wholeNumber')).min(0, says('notNegative')).max(10_000_000_000).nullable().optional(),
  description: optionalText(5000),
  /** Why the insured reasonably did not know of a leak that occurred before the policy started. */
  priorKnowledgeJustification: optionalText(5000),
  /** 知った日: the regulator's clock starts here; absent, the discovery date. Left out of an update, it stays. */
  awareOn: dateSchema.nullable().optional(),
  /** Strongly encrypted data: no report to the regulator is owed. */
  encrypted: z.boolean().optional(),
  /** Whose data: `own`, `contractor` (a client's, handled as 委託先), `client` (ours, leaked by a contractor). */
  dataRole: z.enum(DATA_ROLES).optional(),
};
const discoveredAfterOccurred = (v: { occurredOn: string; discoveredOn: string }) => v.discoveredOn >= v.occurredOn;
const discoveredMessage = { ...says('notBeforeOccurred'), path: ['discoveredOn'] };
/** Awareness falls between the occurrence and the formal discovery (it may precede the discovery, never follow it). */
const awareBetween = (v: { occurredOn: string; discoveredOn: string; awareOn?: string | null }) =>
  v.awareOn == null || (v.awareOn >= v.occurredOn && v.awareOn <= v.discoveredOn);
const awareMessage = { ...says('betweenOccurredAndDiscovered'), path: ['awareOn'] };
export const incidentCreateInput = z
  .object({ policyId: idSchema, ...incidentFields })
  .refine(discoveredAfterOccurred, discoveredMessage)
  .refine(awareBetween, awareMessage);
export const incidentUpdateInput = z
  .object({ id: idSchema, status: z.enum(INCIDENT_STATUSES), ...incidentFields })
  .refine(discoveredAfterOccurred, discoveredMessage)
  .refine(awareBetween, awareMessage);
export const incidentIdInput = z.object({ id: idSchema });
export const incidentListInput = z.object({ companyId: idSchema });

// ---- cost lines ----
const costFields = {
  category: z.enum(COST_CATEGORIES),
  stage: z.enum(COST_STAGES),
  incurredOn: dateSchema,
  amount: yenSchema.optional(),
  quantity: z
    .number()
    .int(says('wholeNumber'))
    .min(1, says('atLeast', { min: 1 }))
    .max(1_000_000_000)
    .optional(),
  unitAmount: yenSchema.optional(),
  vendor: optionalText(200),
  description: optionalText(2000),
  source: z.enum(COST_SOURCES).default('insured'),
  claimant: optionalText(200),
  incurredAbroad: z.boolean().default(false),
  // Consumption tax (shared/tax.ts). Absent: the category's default and the tax contained in the amount.
  taxCategory: z.enum(TAX_CATEGORIES).optional(),
  taxAmount: yenSchema.optional(),
  invoiceNumber: z
    .string()
    .trim()
    .transform((v) => v.normalize('NFKC').toUpperCase().replace(/[\s-]/g, ''))
    .refine((v) => v === '' || INVOICE_NUMBER_PATTERN.test(v), says('invoiceNumberFormat'))
    .refine((v) => v === '' || isValidInvoiceNumber(v), says('invoiceNumberCheckDigit'))
    .optional(),
  withholdingTax: yenSchema.nullable().optional(),
};

type CostAmountFields = {
  category: CostCategory;
  stage: CostStage;
  amount?: number;
  quantity?: number;
  unitAmount?: number;
  source: CostSource;
  claimant?: string;
  taxCategory?: TaxCategory;
  taxAmount?: number;
  invoiceNumber?: string;
  withholdingTax?: number | null;
};

/** Either an amount, or quantity × unit amount (then the amount is their product, checked for overflow). */
function checkCostAmount(value: CostAmountFields, ctx: z.RefinementCtx) {
  const hasProduct = value.quantity !== undefined || value.unitAmount !== undefined;
  if (hasProduct) {
    if (value.quantity === undefined) ctx.addIssue({ code: 'custom', path: ['quantity'], ...issueWith('requiredWith', { other: 'unitAmount' }) });
    if (value.unitAmount === undefined) ctx.addIssue({ code: 'custom', path: ['unitAmount'], ...issueWith('requiredWith', { other: 'quantity' }) });
    if (value.quantity !== undefined && value.unitAmount !== undefined) {
      const product = value.quantity * value.unitAmount;
      if (!Number.isSafeInteger(product) || product > MAX_LINE_AMOUNT) {
        ctx.addIssue({ code: 'custom', path: ['unitAmount'], ...issueWith('productTooLarge', { max: MAX_LINE_AMOUNT }) });
      } else if (value.amount !== undefined && value.amount !== product) {
        ctx.addIssue({ code: 'custom', path: ['amount'], ...issueWith('amountNotProduct') });
      }
    }
  } else if (value.amount === undefined) {
    ctx.addIssue({ code: 'custom', path: ['amount'], ...issueWith('amountOrProduct') });
  }
  if (storedStage(value.category, value.stage) === null) {
    ctx.addIssue({ code: 'custom', path: ['stage'], ...issueWith('stageForCategory') });
  }
  const amount = value.quantity !== undefined && value.unitAmount !== undefined ? value.quantity * value.unitAmount : value.amount;
  if (amount !== undefined && Number.isSafeInteger(amount)) {
    if (value.taxAmount !== undefined && value.taxAmount > amount) ctx.addIssue({ code: 'custom', path: ['taxAmount'], ...issueWith('notMoreThanAmount') });
    if (value.taxAmount !== undefined && value.taxAmount > 0 && value.taxCategory !== undefined && !isTaxable(value.taxCategory)) {
      ctx.addIssue({ code: 'custom', path: ['taxAmount'], ...issueWith('noTaxWithoutTax') });
    }
    if (value.withholdingTax !== undefined && value.withholdingTax !== null && value.withholdingTax > amount) {
      ctx.addIssue({ code: 'custom', path: ['withholdingTax'], ...issueWith('notMoreThanAmount') });
    }
  }
  if (value.source === 'third_party' && !value.claimant) {
    ctx.addIssue({ code: 'custom', path: ['claimant'], ...issueWith('claimantRequired') });
  }
}

/** The line as stored: the amount always set, quantity and unit amount both set or both null. */
type NormalisedCost<T> = Omit<T, 'amount' | 'quantity' | 'unitAmount' | 'claimant' | 'taxCategory' | 'taxAmount' | 'invoiceNumber' | 'withholdingTax'> & {
  amount: number;
  quantity: number | null;
  unitAmount: number | null;
  claimant: string | null;
  taxCategory: TaxCategory;
  taxAmount: number;
  invoiceNumber: string | null;
  withholdingTax: number | null;
};

function normaliseCost<T extends CostAmountFields>(value: T): NormalisedCost<T> {
  const hasProduct = value.quantity !== undefined && value.unitAmount !== undefined;
  const amount = hasProduct ? value.quantity! * value.unitAmount! : value.amount!;
  const taxCategory = value.taxCategory ?? defaultTaxCategory({ category: value.category, source: value.source, quantity: hasProduct ? value.quantity : null });
  return {
    ...value,
    stage: storedStage(value.category, value.stage)!,
    amount,
    quantity: hasProduct ? value.quantity! : null,
    unitAmount: hasProduct ? value.unitAmount! : null,
    claimant: value.source === 'third_party' ? value.claimant! : null,
    taxCategory,
    taxAmount: value.taxAmount ?? taxContained(amount, taxCategory),
    invoiceNumber: value.invoiceNumber || null,
    withholdingTax: value.withholdingTax ?? null,
  };
}

export const costCreateInput = z
  .object({ incidentId: idSchema, ...costFields })
  .superRefine(checkCostAmount)
  .transform(normaliseCost);
/**
 * An edit may also correct the days the line reached its stages; a day the (stored) stage does not carry
 * is refused by name rather than dropped: an invoiced line has no payment date (shared/stage-date-fields.ts).
 */
function checkStageDates(value: CostAmountFields & Partial<Record<(typeof STAGE_DATE_FIELDS)[number], string>>, ctx: z.RefinementCtx) {
  const stage = storedStage(value.category, value.stage);
  if (stage === null) return; // the stage itself is refused above
  const carried = stageDateFields(value.category, stage);
  for (const field of STAGE_DATE_FIELDS) {
    if (value[field] !== undefined && !carried.includes(field)) {
      ctx.addIssue({ code: 'custom', path: [field], ...issueWith('stageDateNotCarried', { stage, field, carried: carried.join(', ') }) });
    }
  }
}

export const costUpdateInput = z
  .object({
    id: idSchema,
    /** The version the editor saw; a save over a newer version is refused instead of overwriting it. */
    expectedVersion: z.number().int().min(1).optional(),
    ...costFields,
    /** The invoice's, settlement's and payment's days, when the editor gives them: they replace the automatic ones. */
    invoicedOn: dateSchema.optional(),
    agreedOn: dateSchema.optional(),
    paidOn: dateSchema.optional(),
  })
  .superRefine(checkCostAmount)
  .superRefine(checkStageDates)
  .transform(normaliseCost);
export type CostCreateInput = z.input<typeof costCreateInput>;
export const costIdInput = z.object({ id: idSchema });

export const COST_SORTS = ['incurredOn', 'amount', 'category', 'createdAt'] as const;
export const LINE_APPROVAL_FILTERS = ['approved', 'unapproved'] as const;
export const LINE_REVIEW_FILTERS = ['unreviewed', 'accept', 'query', 'disallow'] as const;
export type LineApprovalFilter = (typeof LINE_APPROVAL_FILTERS)[number];
export type LineReviewFilter = (typeof LINE_REVIEW_FILTERS)[number];
export const costListInput = z.object({
  incidentId: idSchema,
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(1000).default(100),
  category: z.enum(COST_CATEGORIES).optional(),
  stage: z.enum(COST_STAGES).optional(),
  source: z.enum(COST_SOURCES).optional(),
  /** Finance's view: the lines still to approve, or those approved. */
  approval: z.enum(LINE_APPROVAL_FILTERS).optional(),
  /** The broker's view: lines not reviewed yet, or with a given decision. */
  review: z.enum(LINE_REVIEW_FILTERS).optional(),
  /** A pre-flight work list (shared/preflight.ts): claimed and unapproved, consent missing, claimed without a receipt. */
  attention: z.enum(LINE_ATTENTION_FILTERS).optional(),
  /** Text search: lines whose vendor, description or claimant contain it (ASCII letters in any case). */
  q: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(COST_SORTS).default('incurredOn'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type CostListInput = z.infer<typeof costListInput>;

export const costIncidentInput = z.object({ incidentId: idSchema });
export const claimSummaryInput = z.object({ incidentId: idSchema, locale: localeSchema.default('ja') });
export const auditListInput = z.object({ incidentId: idSchema });

// ---- attachments, documents, claim packages ----
export const attachmentListInput = z.object({ incidentId: idSchema, costId: idSchema.optional() });
export const attachmentIdInput = z.object({ id: idSchema });
export const documentChecklistInput = z.object({ incidentId: idSchema });
export const documentNotNeededInput = z.object({
  incidentId: idSchema,
  kind: z.enum(DOCUMENT_KINDS),
  /** The insurer reads this, so it must say something. */
  reason: requiredText(500),
});
export const documentNeededInput = z.object({ incidentId: idSchema, kind: z.enum(DOCUMENT_KINDS) });
/**
 * What the person confirmed of the pre-flight check (shared/preflight.ts): the keys of the items they saw.
 * Absent, the call is a script's that does not ask; the package and the audit log record that either way.
 */
const acknowledgedSchema = z.array(z.enum(PREFLIGHT_KEYS)).max(PREFLIGHT_KEYS.length).optional();
export const claimPreflightInput = z.object({ incidentId: idSchema });
export const claimExportInput = z.object({ incidentId: idSchema, locale: localeSchema.default('ja'), acknowledged: acknowledgedSchema });
export const claimPackagesInput = z.object({ incidentId: idSchema });

// ---- approval, consent, stages ----
export const costApprovalInput = z.object({
  ids: z
    .array(idSchema)
    .min(1, says('chooseLines'))
    .max(1000, says('tooManyLines', { max: 1000 })),
  approved: z.boolean(),
});
export const costStageInput = z.object({ id: idSchema, stage: z.enum(COST_STAGES), on: dateSchema });
export const costConsentInput = z.object({
  id: idSchema,
  consentOn: dateSchema,
  /** The insurer's letter or e-mail reference, so the insurer can find its own consent. */
  reference: requiredText(200),
  /** Who at the insurer gave it. */
  givenBy: requiredText(200),
});

// ---- deadlines ----
export const incidentTrackingInput = z.object({
  id: idSchema,
  sensitiveData: z.boolean(),
  financialHarm: z.boolean(),
  malicious: z.boolean(),
  insurerNotifiedOn: dateSchema.nullable(),
  regulatorFirstReportOn: dateSchema.nullable(),
  regulatorFinalReportOn: dateSchema.nullable(),
  // Added later: left out, each stays as it was.
  encrypted: z.boolean().optional(),
  dataRole: z.enum(DATA_ROLES).optional(),
  clientNotifiedOn: dateSchema.nullable().optional(),
  personsNotifiedOn: dateSchema.nullable().optional(),
  /** 事故受付番号: the insurer's reference for the incident, printed on every document. */
  insurerClaimReference: optionalText(100).nullable(),
});

// ---- third-party claims (損害賠償請求) ----
const thirdPartyClaimFields = {
  claimant: requiredText(200),
  receivedOn: dateSchema,
  amountDemanded: yenSchema.nullable().optional(),
  insurerNotifiedOn: dateSchema.nullable().optional(),
  insurerReference: optionalText(100).nullable(),
  note: optionalText(2000).nullable(),
};
const notifiedAfterReceived = (v: { receivedOn?: string; insurerNotifiedOn?: string | null }) =>
  !v.receivedOn || !v.insurerNotifiedOn || v.insurerNotifiedOn >= v.receivedOn;
const notifiedMessage = { ...says('notBeforeReceived'), path: ['insurerNotifiedOn'] };
export const thirdPartyClaimCreateInput = z.object({ incidentId: idSchema, ...thirdPartyClaimFields }).refine(notifiedAfterReceived, notifiedMessage);
export const thirdPartyClaimUpdateInput = z.object({ id: idSchema, ...thirdPartyClaimFields }).refine(notifiedAfterReceived, notifiedMessage);
export const thirdPartyClaimListInput = z.object({ incidentId: idSchema });
export const thirdPartyClaimIdInput = z.object({ id: idSchema });

// ---- brokers ----
export const grantBrokerInput = z.object({ companyId: idSchema, brokerEmail: emailSchema });
export const revokeBrokerInput = z.object({ companyId: idSchema, brokerCompanyId: idSchema });

// ---- the claim's journey ----
export const claimSubmitInput = z.object({
  incidentId: idSchema,
  packageId: idSchema,
  /** Needed only when the company has granted more than one broker. */
  brokerCompanyId: idSchema.optional(),
  note: optionalText(2000),
  acknowledged: acknowledgedSchema,
});
export const claimSetStatusInput = z
  .object({
    incidentId: idSchema,
    status: z.enum(['under_review', 'changes_requested', 'accepted', 'sent_to_insurer']),
    note: optionalText(2000),
  })
  .refine((v) => v.status !== 'changes_requested' || (v.note ?? '').length > 0, { ...says('changesNoteRequired'), path: ['note'] });
export const claimSettleInput = z
  .object({
    incidentId: idSchema,
    /** What the insurer paid, beside what was claimed. */
    paidAmount: z.number(says('yenNumber')).int(says('wholeYen')).min(0, says('notNegative')).max(Number.MAX_SAFE_INTEGER),
    settledOn: dateSchema,
    note: optionalText(2000),
    /**
     * What the payment covers, per limit (expense, restoration rider, liability): later incidents of the
     * policy period find these used. All three or none; none: split as the computed payable splits.
     */
    expensePaid: yenSchema.optional(),
    restorationPaid: yenSchema.optional(),
    liabilityPaid: yenSchema.optional(),
  })
  .superRefine((value, ctx) => {
    const parts = [value.expensePaid, value.restorationPaid, value.liabilityPaid];
    const given = parts.filter((p) => p !== undefined).length;
    if (given === 0) return;
    if (given < 3) {
      for (const field of ['expensePaid', 'restorationPaid', 'liabilityPaid'] as const) {
        if (value[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], ...issueWith('splitPartRequired') });
      }
    } else if (parts.reduce((a, b) => a! + b!, 0) !== value.paidAmount) {
      ctx.addIssue({ code: 'custom', path: ['paidAmount'], ...issueWith('splitSum') });
    }
  });
export const claimStatusInput = z.object({ incidentId: idSchema });

// ---- line review ----
export const reviewDecideInput = z
  .object({
    costId: idSchema,
    decision: z.enum(['accept', 'query', 'disallow']),
    comment: optionalText(2000),
  })
  .refine((v) => v.decision === 'accept' || (v.comment ?? '').length > 0, { ...says('reviewCommentRequired'), path: ['comment'] });
export const reviewAnswerInput = z.object({ costId: idSchema, comment: requiredText(2000) });
export const reviewThreadInput = z.object({ costId: idSchema });

// ---- notifications and the audit chain ----
export const notificationReadInput = z.object({ ids: z.array(idSchema).max(500).optional() });
export const auditVerifyInput = z.object({ companyId: idSchema });
