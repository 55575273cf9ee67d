// For every mutation of the app router: a valid input built from the fuzz world's records, and what each
// of its fields may be replaced with (near-valid inputs change one field at a time, or set several to
// valid extremes). The insertion order
// is the order the near-valid fuzzer runs them: the ones whose success removes fixtures (a cost line, the
// broker's grant, a member) come last. A mutation missing here fails mutations.fuzz.test.ts.
import fc from 'fast-check';
import { COST_CATEGORIES, COST_SOURCES, COST_STAGES, INCIDENT_KINDS, INCIDENT_STATUSES, LOCALES, ROLES } from '../../../shared/categories.ts';
import { DOCUMENT_KINDS } from '../../../shared/documents.ts';
import { DATA_ROLES } from '../../../shared/incident-facts.ts';
import { IMPORT_FIELD_KEYS } from '../../../shared/import-values.ts';
import { VALUE_MATCHES, VALUE_TARGETS } from '../../../shared/import-category-values.ts';
import { FILTER_OPS, FILTER_REASONS } from '../../../shared/import-filters.ts';
import { REFUND_MODES } from '../../../shared/import-schemas.ts';
import { EARLIEST_DATE, LATEST_DATE } from '../../../shared/schemas.ts';
import { junkNumber, junkString, RAW_NUMBERS } from './junk.ts';
import { COST, INCIDENT, POLICY, uniqueEmail, PASSWORD, type World } from './world.ts';
import { TAX_STATUSES } from '../../../shared/tax.ts';
import { BANK_ACCOUNT_TYPES } from '../../../shared/incident-facts.ts';
import { accountFields, DEFAULT_JOURNAL_SETTINGS, TAX_ACCOUNTING_METHODS } from '../../../shared/journal-settings.ts';
import { at, atLeast } from '../../support/at.ts';

type Arb = (w: World) => fc.Arbitrary<unknown>;

/**
 * What a field may become: `any` value of its kind, edges and wrong types included (one field is changed
 * at a time), or a `valid` extreme the schema accepts (several are combined in one request, to reach the
 * code behind the schema with the first and last dates it allows, ¥100 billion and 5,000-character texts;
 * that is how a policy starting on 9999-12-31 was found to answer 500).
 */
interface Kind {
  any: Arb;
  /** None for ids and tokens: the extremes keep the base's records, so the request reaches past access checks. */
  valid?: Arb;
}

/** Who sends a request: A's members, A's broker, B's admin (another company), or nobody signed in. */
export type Actor = 'admin' | 'responder' | 'finance' | 'broker' | 'other' | 'anonymous';

export interface Shape {
  base: (w: World) => Record<string, unknown>;
  fields: Record<string, Kind>;
  /** Who normally sends it (default: A's admin); the others are mixed in by the fuzzer. */
  actors?: Actor[];
  /** Fewer runs for a mutation whose success is expensive (claim.export builds a PDF and a ZIP). */
  runs?: number;
}

// ---- what a field may become, by the kind of value it holds ----

const iso = (d: Date) => d.toISOString().slice(0, 10);
const EDGE_IDS = ['', ' ', 'x'.repeat(64), 'x'.repeat(65), "' OR '1'='1", '../../etc/passwd', '%00', '\u0000', '*', '%', '_', 'null', '0', '-1'];
const id: Kind = {
  any: (w) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...w.ids) },
      { weight: 2, arbitrary: fc.constantFrom(...EDGE_IDS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 1, null, true, [], {}) },
    ),
};
const idList: Kind = {
  any: (w) =>
    fc.oneof(
      fc.array(id.any(w), { maxLength: 5 }),
      fc.constantFrom<unknown>([], 'x', null, [null]),
      fc.constantFrom(501, 1001).map((n) => Array.from({ length: n }, (_, i) => w.ids[i % w.ids.length])),
    ),
};
const yen: Kind = {
  any: () =>
    fc.oneof(
      fc.constantFrom<unknown>(-1, 0, 1, 0.5, 100_000_000_000, 100_000_000_001, Number.MAX_SAFE_INTEGER, '100', '1,000', 'NaN', null, ...RAW_NUMBERS),
      fc.integer({ min: -1e12, max: 1e12 }),
      junkNumber,
    ),
  valid: () => fc.oneof(fc.constantFrom(0, 1, 100_000_000_000), fc.integer({ min: 0, max: 100_000_000_000 })),
};
/** A policy limit: as yen, but the schema wants more than zero. */
const limit: Kind = { any: yen.any, valid: () => fc.oneof(fc.constantFrom(1, 100_000_000_000), fc.integer({ min: 1, max: 100_000_000_000 })) };
const count: Kind = {
  any: () => fc.oneof(fc.constantFrom<unknown>(-1, 0, 1, 2.5, 1e9, 1e9 + 1, 1e10, 1e10 + 1, '5', null), fc.integer(), junkNumber),
  valid: () => fc.oneof(fc.constantFrom(1, 100, 1_000_000_000), fc.integer({ min: 1, max: 1_000_000_000 })),
};
/** The schema's own bounds and a leap day: what a form may send. */
const VALID_DATES = [EARLIEST_DATE, LATEST_DATE, '2998-12-31', '2024-02-29'];
const date: Kind = {
  any: () =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...VALID_DATES) },
      {
        weight: 3,
        arbitrary: fc.constantFrom<unknown>(
          '9999-12-31',
          '1899-12-31',
          '0100-01-01',
          '2026-02-29',
          '2026-13-01',
          '2026-06-31',
          '2026-6-1',
          '20260601',
          '2026-06-01T00:00:00Z',
          '0000-01-01',
          '+02026-06-01',
          '2026-06-01\n',
          '',
          null,
          20260601,
        ),
      },
      { weight: 2, arbitrary: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map(iso) },
      { weight: 1, arbitrary: fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map(iso) },
    ),
  valid: () =>
    fc.oneof(
      fc.constantFrom(...VALID_DATES),
      fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map(iso),
      fc.date({ min: new Date(EARLIEST_DATE), max: new Date(LATEST_DATE), noInvalidDate: true }).map(iso),
    ),
};
const HOSTILE_VALID_TEXT = [
  'x',
  ' x ',
  '\u0000',
  'a\ud800b',
  '🙂',
  '\u202ertl',
  '<script>alert(1)</script>',
  "'; DROP TABLE costs; --",
  '../../etc/passwd',
  '${7*7}',
];
const text = (max: number): Kind => ({
  any: () =>
    fc.oneof(
      fc.constantFrom<unknown>('', ' ', '\u3000', '\u0000', '\ud800', 'a', null, 1),
      fc.constantFrom(max, max + 1).map((n) => 'あ'.repeat(n)),
      junkString,
    ),
  valid: () => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_VALID_TEXT) }, { weight: 1, arbitrary: fc.constant('あ'.repeat(max)) }),
});
const email: Kind = {
  any: (w) =>
    fc.oneof(
      fc.constantFrom(...w.emails, at(w.emails, 0).toUpperCase(), ` ${w.emails[0]}`),
      fc.constantFrom('', 'not-an-email', 'a@b', 'a'.repeat(250) + '@example.jp', 'x@example.jp\u0000', '"q"@example.jp', 'x@[127.0.0.1]'),
      fc.emailAddress(),
    ),
  valid: (w) => fc.oneof(fc.constantFrom(...w.emails, at(w.emails, 0).toUpperCase()), fc.emailAddress()),
};
const password: Kind = {
  any: () => fc.oneof(fc.constantFrom<unknown>('', 'short', 'x'.repeat(10), 'x'.repeat(200), 'x'.repeat(201), PASSWORD, null), junkString),
  valid: () => fc.constantFrom('x'.repeat(10), 'x'.repeat(200), 'パスワード🙂パスワード', PASSWORD),
};
/** Invitation tokens: the world's open ones at these indexes (each procedure keeps its base's token to itself). */
const token = (...indexes: number[]): Kind => ({
  any: (w) =>
    fc.oneof(
      fc.constantFrom(...indexes.map((i) => w.tokens[i])),
      fc.string({ minLength: 16, maxLength: 100 }),
      fc.constantFrom<unknown>('', 'x'.repeat(15), 'x'.repeat(101), null),
    ),
});
const bool: Kind = { any: () => fc.constantFrom<unknown>(true, false, 'true', 0, 1, null), valid: () => fc.boolean() };
const enumOf = (values: readonly string[]): Kind => ({
  any: () =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...values) },
      { weight: 1, arbitrary: fc.constantFrom('', at(values, 0).toUpperCase(), ` ${values[0]}`, '__proto__', 'constructor', 'toString', 'hasOwnProperty') },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    ),
  valid: () => fc.constantFrom(...values),
});
const column = fc.oneof(fc.integer({ min: -2, max: 210 }), fc.constantFrom<unknown>(0.5, '0', null, 199, 200));
const mapping: Kind = {
  any: (w) =>
    fc.oneof(
      fc.tuple(fc.constantFrom(...IMPORT_FIELD_KEYS), column).map(([field, value]) => ({ ...w.a.importMapping, [field]: value })),
      fc.record(Object.fromEntries(IMPORT_FIELD_KEYS.map((field) => [field, column])), { requiredKeys: [] }),
      fc.constantFrom<unknown>({}, [], null, { amount: 0, incurredOn: 0, category: 0 }),
    ),
  valid: (w) =>
    fc.tuple(fc.constantFrom(...IMPORT_FIELD_KEYS), fc.integer({ min: 0, max: 199 })).map(([field, value]) => ({ ...w.a.importMapping, [field]: value })),
};
/** Issue 17's settings: a header row among the first 30, rules on columns, the value → category table. */
const importHeader: Kind = {
  any: () =>
    fc.oneof(
      fc.record({ row: fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constant(null), fc.constant('0')), depth: fc.constantFrom<unknown>(1, 2, 3, 0, '1') }),
      fc.constantFrom<unknown>(null, {}, [], 0),
    ),
  valid: () => fc.record({ row: fc.oneof(fc.integer({ min: 0, max: 29 }), fc.constant(null)), depth: fc.constantFrom(1, 2) }),
};
const filterRule = (valid: boolean) =>
  fc.record({
    column: valid ? fc.integer({ min: 0, max: 199 }) : column,
    op: valid ? fc.constantFrom(...FILTER_OPS) : enumOf(FILTER_OPS).any({} as World),
    values: valid
      ? fc.array(
          fc.string({ minLength: 1, maxLength: 20 }).filter((v) => v.trim() !== ''),
          { maxLength: 3 },
        )
      : fc.oneof(fc.array(fc.string({ maxLength: 120 }), { maxLength: 3 }), fc.constant<unknown>('x')),
    reason: valid ? fc.constantFrom(...FILTER_REASONS) : enumOf(FILTER_REASONS).any({} as World),
  });
const importFilters: Kind = {
  any: () =>
    fc.oneof(
      fc.record({ totals: bool.any({} as World), zeroAmount: bool.any({} as World), rules: fc.array(filterRule(false), { maxLength: 3 }) }),
      fc.constantFrom<unknown>(null, [], 'all'),
    ),
  valid: () => fc.record({ totals: fc.boolean(), zeroAmount: fc.boolean(), rules: fc.array(filterRule(true), { maxLength: 3 }) }),
};
const importCategoryValues: Kind = {
  any: () =>
    fc.oneof(
      fc.array(
        fc.record({ value: fc.string({ maxLength: 210 }), match: enumOf(VALUE_MATCHES).any({} as World), target: enumOf(VALUE_TARGETS).any({} as World) }),
        { maxLength: 3 },
      ),
      fc.constantFrom<unknown>(null, {}, 'all'),
    ),
  valid: () =>
    fc.array(
      fc.record({
        value: fc.string({ minLength: 1, maxLength: 30 }).filter((v) => v.trim() !== ''),
        match: fc.constantFrom(...VALUE_MATCHES),
        target: fc.constantFrom(...VALUE_TARGETS),
      }),
      { maxLength: 3 },
    ),
};
const importExpected: Kind = {
  any: () =>
    fc.oneof(
      fc.record({
        lines: fc.oneof(fc.integer({ min: -1, max: 300_000 }), fc.constant<unknown>('1')),
        amount: fc.oneof(fc.integer(), fc.double(), fc.constant<unknown>(null)),
      }),
      fc.constantFrom<unknown>(null, [], 0),
    ),
  valid: () => fc.record({ lines: fc.integer({ min: 0, max: 1000 }), amount: fc.integer({ min: 0, max: 1_000_000_000 }) }),
};

/** The journal mapping (shared/journal-settings.ts) with one account, or the bookkeeping method, replaced. */
const ACCOUNT_PATHS = accountFields(DEFAULT_JOURNAL_SETTINGS).map((f) => f.path);
function withAccount(path: string, value: unknown) {
  const [head, tail] = atLeast(path.split('.'), 1);
  return tail
    ? { ...DEFAULT_JOURNAL_SETTINGS, accounts: { ...DEFAULT_JOURNAL_SETTINGS.accounts, [tail]: value } }
    : { ...DEFAULT_JOURNAL_SETTINGS, [head]: value };
}
const journalSettings: Kind = {
  any: (w) =>
    fc.oneof(
      fc.tuple(fc.constantFrom(...ACCOUNT_PATHS), text(24).any(w)).map(([path, value]) => withAccount(path, value)),
      enumOf(TAX_ACCOUNTING_METHODS)
        .any(w)
        .map((method) => ({ ...DEFAULT_JOURNAL_SETTINGS, taxAccounting: method })),
      fc.constantFrom<unknown>(null, {}, [], 'x', { ...DEFAULT_JOURNAL_SETTINGS, extra: 1 }, { ...DEFAULT_JOURNAL_SETTINGS, accounts: {} }),
    ),
  valid: () =>
    fc
      .tuple(fc.constantFrom(...ACCOUNT_PATHS), fc.constantFrom('調査費', 'ｻﾝﾌﾟﾙ', 'A'.repeat(24), 'あ'.repeat(12), '髙橋①', '〜−', '🙂', 'a\ud800b'))
      .map(([path, value]) => withAccount(path, value)),
};
const fixedValues = (pick: (k: Kind) => Arb | undefined) => (w: World) =>
  fc.record(
    { category: pick(enumOf(COST_CATEGORIES))!(w), stage: pick(enumOf(COST_STAGES))!(w), source: pick(enumOf(COST_SOURCES))!(w) },
    { requiredKeys: [] },
  );
const fixed: Kind = {
  any: (w) => fc.oneof(fixedValues((k) => k.any)(w), fc.constantFrom<unknown>(null, [], 'invoiced')),
  valid: fixedValues((k) => k.valid),
};

/** 法人番号: 13 digits whose first is the check digit (shared/company-profile.ts). */
const corporateNumber: Kind = {
  any: () =>
    fc.oneof(
      fc.constantFrom<unknown>('7000012050002', '8000012050002', '700001205000', '７０００１２０５０００２', 'T7000012050002', '', null, 7000012050002),
      fc.stringMatching(/^\d{13}$/),
      junkString,
    ),
  valid: () => fc.constantFrom('7000012050002', '７０００-０１２０-５０００２', null),
};
const accountNumber: Kind = {
  any: () => fc.oneof(fc.constantFrom<unknown>('1234567', '12345678', '123456789', '１２３４５６７', '12-34', '', null, 1234567), junkString),
  valid: () => fc.constantFrom('0000001', '12345678', '１２３ ４５６７', null),
};

// ---- the fields of the domain's inputs ----

const policyFields = {
  insurer: text(200),
  policyNumber: text(100),
  periodStart: date,
  periodEnd: date,
  liabilityLimit: limit,
  expenseLimit: limit,
  deductible: yen,
  restorationRider: bool,
  condolencePerPersonCap: limit,
  annualRevenue: yen,
  itRevenue: yen,
};
const incidentFields = {
  title: text(200),
  kind: enumOf(INCIDENT_KINDS),
  occurredOn: date,
  discoveredOn: date,
  recordsAffected: count,
  description: text(5000),
  priorKnowledgeJustification: text(5000),
  awareOn: date,
  encrypted: bool,
  dataRole: enumOf(DATA_ROLES),
};
const thirdPartyClaimFields = {
  claimant: text(200),
  receivedOn: date,
  amountDemanded: yen,
  insurerNotifiedOn: date,
  insurerReference: text(100),
  note: text(2000),
};
const costFields = {
  category: enumOf(COST_CATEGORIES),
  stage: enumOf(COST_STAGES),
  incurredOn: date,
  amount: yen,
  quantity: count,
  unitAmount: yen,
  vendor: text(200),
  description: text(2000),
  source: enumOf(COST_SOURCES),
  claimant: text(200),
  incurredAbroad: bool,
};

export const SHAPES: Record<string, Shape> = {
  'policy.create': { base: (w) => ({ companyId: w.a.companyId, ...POLICY }), fields: { companyId: id, ...policyFields } },
  'policy.update': { base: (w) => ({ id: w.a.policyId, ...POLICY }), fields: { id, ...policyFields } },
  'incident.create': { base: (w) => ({ policyId: w.a.policyId, ...INCIDENT }), fields: { policyId: id, ...incidentFields } },
  'incident.update': {
    base: (w) => ({ id: w.a.incidentId, status: 'open', ...INCIDENT }),
    fields: { id, status: enumOf(INCIDENT_STATUSES), ...incidentFields },
  },
  'incident.updateTracking': {
    base: (w) => ({
      id: w.a.incidentId,
      sensitiveData: false,
      financialHarm: false,
      malicious: true,
      insurerNotifiedOn: '2026-06-03',
      regulatorFirstReportOn: null,
      regulatorFinalReportOn: null,
    }),
    fields: {
      id,
      sensitiveData: bool,
      financialHarm: bool,
      malicious: bool,
      insurerNotifiedOn: date,
      regulatorFirstReportOn: date,
      regulatorFinalReportOn: date,
      encrypted: bool,
      dataRole: enumOf(DATA_ROLES),
      clientNotifiedOn: date,
      personsNotifiedOn: date,
      insurerClaimReference: text(100),
    },
  },
  'thirdPartyClaim.create': {
    base: (w) => ({ incidentId: w.a.incidentId, claimant: '株式会社請求者', receivedOn: '2026-06-10' }),
    fields: { incidentId: id, ...thirdPartyClaimFields },
  },
  'thirdPartyClaim.update': {
    base: (w) => ({ id: w.a.thirdPartyClaimId, claimant: '株式会社請求者', receivedOn: '2026-06-10' }),
    fields: { id, ...thirdPartyClaimFields },
  },
  'thirdPartyClaim.remove': { base: (w) => ({ id: w.a.thirdPartyClaimId }), fields: { id } },
  'cost.create': { base: (w) => ({ incidentId: w.a.incidentId, ...COST }), fields: { incidentId: id, ...costFields } },
  'cost.update': { base: (w) => ({ id: w.a.costId, ...COST }), fields: { id, expectedVersion: count, ...costFields } },
  'cost.approve': { base: (w) => ({ ids: [w.a.costId], approved: true }), fields: { ids: idList, approved: bool } },
  'cost.setStage': { base: (w) => ({ id: w.a.costId, stage: 'paid', on: '2026-06-20' }), fields: { id, stage: enumOf(COST_STAGES), on: date } },
  'cost.recordConsent': {
    base: (w) => ({ id: w.a.consultingCostId, consentOn: '2026-06-05', reference: 'TM-2026-001', givenBy: '損害サービス課' }),
    fields: { id, consentOn: date, reference: text(200), givenBy: text(200) },
  },
  'costImport.commit': {
    base: (w) => ({ importId: w.a.importId, mapping: w.a.importMapping, fixed: { stage: 'invoiced' } }),
    fields: {
      importId: id,
      mapping,
      fixed,
      skipDuplicates: bool,
      confirmReimport: bool,
      skipErrors: bool,
      continuation: bool,
      header: importHeader,
      filters: importFilters,
      categoryValues: importCategoryValues,
      refunds: enumOf(REFUND_MODES),
      expected: importExpected,
    },
  },
  'document.markNotNeeded': {
    base: (w) => ({ incidentId: w.a.incidentId, kind: 'seal_certificate', reason: '実印を使わない契約のため' }),
    fields: { incidentId: id, kind: enumOf(DOCUMENT_KINDS), reason: text(500) },
  },
  'document.markNeeded': { base: (w) => ({ incidentId: w.a.incidentId, kind: 'seal_certificate' }), fields: { incidentId: id, kind: enumOf(DOCUMENT_KINDS) } },
  'company.grantBroker': { base: (w) => ({ companyId: w.a.companyId, brokerEmail: w.broker.email }), fields: { companyId: id, brokerEmail: email } },
  'company.invite': { base: (w) => ({ companyId: w.a.companyId, role: 'responder' }), fields: { companyId: id, role: enumOf(ROLES), email } },
  'company.updateProfile': {
    base: (w) => ({
      companyId: w.a.companyId,
      taxStatus: 'standard',
      corporateNumber: '7000012050002',
      bankAccountType: 'ordinary',
      bankAccountNumber: '1234567',
      bankAccountHolder: 'カ)ファズ',
    }),
    fields: {
      companyId: id,
      taxStatus: enumOf(TAX_STATUSES),
      address: text(300),
      corporateNumber,
      representative: text(100),
      bankName: text(100),
      bankBranch: text(100),
      bankAccountType: enumOf(BANK_ACCOUNT_TYPES),
      bankAccountNumber: accountNumber,
      bankAccountHolder: text(100),
      brokerCode: text(50),
    },
  },
  'incidentReport.update': {
    base: (w) => ({ incidentId: w.a.incidentId, summary: '設定の誤りで顧客データが公開された', contactPhone: '03-1234-5678' }),
    fields: {
      incidentId: id,
      summary: text(4000),
      dataItems: text(4000),
      cause: text(4000),
      secondaryHarm: text(4000),
      measuresForPersons: text(4000),
      publication: text(4000),
      recurrencePrevention: text(4000),
      other: text(4000),
      clientName: text(200),
      contactName: text(100),
      contactPhone: text(50),
    },
  },
  'journal.updateSettings': {
    base: (w) => ({ companyId: w.a.companyId, settings: DEFAULT_JOURNAL_SETTINGS }),
    fields: { companyId: id, settings: journalSettings },
  },
  'claim.export': { base: (w) => ({ incidentId: w.a.incidentId, locale: 'ja' }), fields: { incidentId: id, locale: enumOf(LOCALES) }, runs: 25 },
  'claim.submit': {
    base: (w) => ({ incidentId: w.a.incidentId, packageId: w.a.packageId, brokerCompanyId: w.broker.companyId, note: '再提出します' }),
    fields: { incidentId: id, packageId: id, brokerCompanyId: id, note: text(2000) },
  },
  'review.decide': {
    base: (w) => ({ costId: w.a.costId, decision: 'query', comment: '見積書を添付してください' }),
    fields: { costId: id, decision: enumOf(['accept', 'query', 'disallow']), comment: text(2000) },
    actors: ['broker'],
  },
  'review.answer': { base: (w) => ({ costId: w.a.costId, comment: '添付しました' }), fields: { costId: id, comment: text(2000) } },
  'claim.setStatus': {
    base: (w) => ({ incidentId: w.a.incidentId, status: 'changes_requested', note: '領収書を追加してください' }),
    fields: { incidentId: id, status: enumOf(['under_review', 'changes_requested', 'accepted', 'sent_to_insurer']), note: text(2000) },
    actors: ['broker', 'admin'],
  },
  'claim.settle': {
    base: (w) => ({ incidentId: w.a.incidentId, paidAmount: 30_000_000, settledOn: '2026-09-30' }),
    fields: { incidentId: id, paidAmount: yen, settledOn: date, note: text(2000) },
    actors: ['broker', 'admin'],
  },
  'notification.markRead': { base: (w) => ({ ids: w.broker.notificationIds.slice(0, 1) }), fields: { ids: idList }, actors: ['broker', 'admin'] },
  // The sender's own calendar feed: an empty input (an unknown key added is refused), any member or broker.
  'calendar.rotate': { base: () => ({}), fields: {}, actors: ['admin', 'responder', 'broker', 'other'], runs: 30 },
  'calendar.revoke': { base: () => ({}), fields: {}, actors: ['admin', 'responder', 'broker', 'other'], runs: 30 },
  'attachment.remove': { base: (w) => ({ id: w.a.attachmentId }), fields: { id } },
  'cost.delete': { base: (w) => ({ id: w.a.deletableCostId }), fields: { id } },
  'costImport.discard': { base: (w) => ({ importId: w.a.discardImportId }), fields: { importId: id } },
  'company.revokeBroker': { base: (w) => ({ companyId: w.a.companyId, brokerCompanyId: w.broker.companyId }), fields: { companyId: id, brokerCompanyId: id } },
  'company.removeMember': { base: (w) => ({ companyId: w.a.companyId, userId: w.a.responderId }), fields: { companyId: id, userId: id } },
  'company.changeRole': {
    base: (w) => ({ companyId: w.a.companyId, userId: w.a.financeId, role: 'responder' }),
    fields: { companyId: id, userId: id, role: enumOf(ROLES) },
  },

  // auth.* run in auth.fuzz.test.ts on a server of their own (login is rate-limited per account and address).
  'auth.signup': {
    base: () => ({ email: uniqueEmail('signup'), password: PASSWORD, name: 'ファズ 太郎', companyName: '株式会社ファズ', kind: 'policyholder' }),
    fields: { email, password, name: text(100), companyName: text(200), kind: enumOf(['policyholder', 'broker']) },
    actors: ['anonymous'],
  },
  'auth.login': { base: (w) => ({ email: w.a.email, password: PASSWORD }), fields: { email, password }, actors: ['anonymous'], runs: 40 },
  'auth.joinWithInvite': { base: (w) => ({ token: w.tokens[1] }), fields: { token: token(1, 2) }, actors: ['other'] },
  'auth.acceptInvite': {
    base: (w) => ({ token: w.tokens[0], email: uniqueEmail('accept'), password: PASSWORD, name: '招待 花子' }),
    fields: { token: token(0, 2), email, password, name: text(100) },
    actors: ['anonymous'],
  },
  // A success ends the sender's other sessions and signs it in again (call() keeps the new cookie).
  'auth.changePassword': {
    base: () => ({ currentPassword: PASSWORD, newPassword: `${PASSWORD} 2` }),
    fields: { currentPassword: password, newPassword: password },
    actors: ['responder'],
    runs: 40,
  },
  // Last: a success signs the sender out.
  'auth.logoutEverywhere': { base: () => ({}), fields: {}, actors: ['finance'] },
  'auth.logout': { base: () => ({}), fields: {}, actors: ['anonymous'] },
};
