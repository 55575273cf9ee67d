// The catalogue of error codes the API sends beside its English messages (docs/decisions/032): a problem
// with one field (`data.issues: [{ code, field, params }]`) or a domain reason (`data.reason: { code, params }`).
// Each code's English is written here once, so the message a script reads and the code the UI translates
// cannot drift; the UI words every code in its languages (client/src/i18n, `errors.field.*`, `errors.reason.*`).

/** What a parameter holds: a number (the UI may format it) or a text given as it is (a date, a name). */
type ParamKind = 'number' | 'text';
type ParamSpec = Readonly<Record<string, ParamKind>>;

/** The parameters of a spec, typed: `{ max: 'number' }` → `{ max: number }`. */
export type ParamsOf<S extends ParamSpec> = { readonly [K in keyof S]: S[K] extends 'number' ? number : string };

export interface CatalogueEntry<S extends ParamSpec = ParamSpec> {
  /** The names the texts may interpolate, and their kinds. */
  readonly params: S;
  /** The English the server sends as `message` (after `field: ` for a field). */
  readonly en: (params: ParamsOf<S>) => string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an entry with no params: `{}` is exactly "no keys" here
function words(en: string): CatalogueEntry<{}>;
function words<const S extends ParamSpec>(params: S, en: (params: ParamsOf<S>) => string): CatalogueEntry<S>;
function words(first: string | ParamSpec, en?: (params: never) => string): CatalogueEntry {
  return typeof first === 'string' ? { params: {}, en: () => first } : { params: first, en: en as CatalogueEntry['en'] };
}

/**
 * A field's problem: from a schema (shared/schemas.ts and the other shared schemas), from zod's own checks
 * (mapped by shared/zod-codes.ts), or from a check only the server can make (server/errors.ts fieldError).
 */
export const FIELD_ERRORS = {
  // ---- presence ----
  required: words('is required'),
  amountOrProduct: words('is required (or quantity and unitAmount)'),
  requiredWith: words({ other: 'text' }, (p) => `is required with ${p.other}`),
  claimantRequired: words("is required when source is 'third_party'"),
  changesNoteRequired: words('is required: say what the client should change'),
  reviewCommentRequired: words('is required: a query asks something, a disallowance gives its reason'),
  splitPartRequired: words('is required when the payment is split (give all three parts or none)'),
  // ---- numbers and amounts ----
  yenNumber: words('must be a number of yen'),
  wholeYen: words('must be a whole number of yen'),
  wholeNumber: words('must be a whole number'),
  wholePercentage: words('must be a whole percentage'),
  wholeDays: words('must be a whole number of days'),
  notNegative: words('must not be negative'),
  moreThanZero: words('must be more than zero'),
  atLeast: words({ min: 'number' }, (p) => `must be at least ${p.min}`),
  atMost: words({ max: 'number' }, (p) => `must be at most ${p.max}`),
  amountNotProduct: words('must equal quantity × unitAmount when both are given'),
  productTooLarge: words({ max: 'number' }, (p) => `quantity × unitAmount must be at most ${p.max}`),
  notMoreThanAmount: words('must not be more than the amount'),
  noTaxWithoutTax: words('must be 0 for a line without consumption tax'),
  overLiabilityLimit: words('must not exceed the liability limit'),
  overExpenseLimit: words('must not exceed the expense limit'),
  splitSum: words('must equal expensePaid + restorationPaid + liabilityPaid'),
  // ---- texts and lists ----
  tooShort: words({ min: 'number' }, (p) => `must be at least ${p.min} characters`),
  tooLong: words({ max: 'number' }, (p) => `must be at most ${p.max} characters`),
  tooFew: words({ min: 'number' }, (p) => `must have at least ${p.min} items`),
  tooMany: words({ max: 'number' }, (p) => `must have at most ${p.max} items`),
  chooseLines: words('choose at least one line'),
  tooManyLines: words({ max: 'number' }, (p) => `at most ${p.max} lines at once`),
  email: words('must be an email address'),
  invalidOption: words('must be one of the options'),
  oneOf: words({ values: 'text' }, (p) => `one of ${p.values}`),
  invalidInput: words('is not valid input'),
  // ---- dates ----
  date: words('must be a date YYYY-MM-DD'),
  calendarDate: words('must be a real calendar date YYYY-MM-DD'),
  dateRange: words({ fromYear: 'number', toYear: 'number' }, (p) => `must be between ${p.fromYear}-01-01 and ${p.toYear}-12-31`),
  notBeforeOccurred: words('must not be before the date it occurred'),
  betweenOccurredAndDiscovered: words('must be between the date it occurred and the date it was discovered'),
  notBeforeReceived: words('must not be before the claim was received'),
  oneYearPolicy: words({ end: 'text' }, (p) => `a policy runs exactly one year, so it must end on ${p.end} (longer or shorter periods cannot be insured)`),
  // ---- cost lines ----
  stageForCategory: words('must be estimate, invoiced or paid; a damages line takes demanded, agreed or paid'),
  stageDateNotCarried: words(
    { stage: 'text', field: 'text', carried: 'text' },
    (p) => `must be left out: a line in stage ${p.stage} has no ${p.field} (it has ${p.carried || 'no stage dates'})`,
  ),
  consentNotNeeded: words('only condolence, consulting, defence-cost and damages (settlement) lines need the insurer’s prior consent'),
  invoiceNumberFormat: words('must be T followed by 13 digits (適格請求書発行事業者登録番号)'),
  invoiceNumberCheckDigit: words('has a wrong check digit: check the registration number on the invoice'),
  unknownCursor: words('not a cursor this API gave out'),
  // ---- the company's profile (shared/company-profile.ts) and journal accounts (shared/journal-settings.ts) ----
  corporateNumberFormat: words('must be 13 digits (法人番号)'),
  corporateNumberCheckDigit: words('has a wrong check digit: check the 法人番号 on the 国税庁 法人番号公表サイト'),
  accountNumber: words('must be digits only, at most 8 (口座番号)'),
  accountHolder: words('must be in katakana as the bank holds it (口座名義)'),
  oneLine: words('must be on one line, without control characters'),
  notShiftJis: words('must be written in Shift_JIS characters (as the accounting software reads it)'),
  tooManyShiftJisBytes: words(
    { bytes: 'number', fullWidth: 'number' },
    (p) => `must be at most ${p.bytes} bytes in Shift_JIS (${p.fullWidth} full-width characters)`,
  ),
  // ---- accounts, members, brokers ----
  notCurrentPassword: words('is not your current password'),
  sameAsCurrentPassword: words('must differ from the current password'),
  invitationForOtherEmail: words('this invitation is for another email address'),
  lastAdmin: words('a company needs at least one admin'),
  noBrokerAccount: words('no broker account uses this email; ask your broker to sign up as a broker first'),
  grantBrokerFirst: words('grant your broker access first (members page)'),
  chooseBroker: words('choose the broker to submit to'),
  brokerNoAccess: words('this broker has no access to the company'),
  // ---- importing a spreadsheet (server/import) ----
  fileRows: words({ rows: 'number' }, (p) => `the file has only ${p.rows} rows`),
  fileColumns: words({ columns: 'number' }, (p) => `the file has only ${p.columns} columns`),
  columnTaken: words({ column: 'number', other: 'text' }, (p) => `column ${p.column} is already mapped to ${p.other}`),
  nameAValue: words('name at least one value'),
  mapDate: words('map the column that holds the date'),
  mapCategory: words('map a column or choose one category for the whole file'),
  mapStage: words('map a column or choose one stage for the whole file'),
  mapAmount: words('map the amount, or both quantity and unit amount'),
  mapQuantityWithUnit: words('quantity and unit amount are mapped together'),
  fileTotalTooLarge: words('its lines add up to more than one claim can hold; split the file or check its amounts'),
  /** A file the import readers cannot read; they word it in both languages themselves (server/import/import-file-error.ts). */
  importFile: words({ problem: 'text', en: 'text', ja: 'text' }, (p) => p.en),
  // ---- uploading a file (server/http/uploads.ts) ----
  fileNotMultipart: words("send the file as multipart/form-data in the field 'file'"),
  fileUnexpectedField: words({ name: 'text' }, (p) => `unexpected field '${p.name}'; send the file in the field 'file'`),
  fileOnePerRequest: words('send one file per request'),
  fileUnreadableBody: words('the multipart body could not be read'),
  fileBrokeOff: words('the upload broke off before the end'),
  fileMissing: words("no file in the field 'file'"),
  fileNoName: words('the file has no name'),
  fileNameHasPath: words('the file name must not contain a path (/ or \\)'),
  fileNameTooLong: words({ max: 'number' }, (p) => `the file name is longer than ${p.max} characters`),
  fileTooLarge: words({ megabytes: 'number' }, (p) => `larger than the ${p.megabytes} MB limit`),
  fileEmpty: words('the file is empty'),
  fileUnsupported: words({ accepted: 'text' }, (p) => `not a PDF, JPEG, PNG, WebP or HEIC file (accepted: ${p.accepted})`),
} as const;

/** Why a request was refused, when the refusal is not about one field's value. */
export const REASONS = {
  // ---- signing in ----
  signInFirst: words('Sign in first'),
  /**
   * Every password that does not open the account, at sign-in, sign-up and an invitation alike: the answer
   * must not tell them apart (docs/decisions/017), so the UI words it by where it was given.
   */
  wrongPassword: words('Wrong email or password'),
  tryAgainIn: words({ seconds: 'number' }, (p) => `Too many failed attempts: try again in ${p.seconds} s`),
  invitationUsed: words('This invitation was already used'),
  invitationGone: words('This invitation is unknown or expired'),
  invitationForOther: words('This invitation is for another email address'),
  // ---- reach and roles (server/access.ts) ----
  notFound: words({ what: 'text' }, (p) => `${p.what} not found`),
  needsRole: words({ role: 'text' }, (p) => `This needs the ${p.role} role or higher`),
  brokerReadsOnly: words("A broker reads a client's claim but cannot change it"),
  companyBrokerOnly: words('Only the company’s broker can do this'),
  ownLinesOnly: words('A responder may change only the lines they logged'),
  ownFilesOnly: words('A responder may remove only the files they uploaded'),
  noGrantToRevoke: words('This broker has no access to revoke'),
  // ---- the claim's journey ----
  insuredOnly: words('Only the insured company does this'),
  brokerOnly: words('Only the broker does this'),
  claimCannotMove: words({ from: 'text', to: 'text' }, (p) => `status: the claim is ${p.from}; it cannot move to ${p.to} from there`),
  notSubmittedToYou: words('status: this claim has not been submitted to your company'),
  notSubmittedForReview: words('decision: this claim is not submitted to you for review'),
  notReviewedYet: words('costId: the broker has not reviewed this line yet'),
  preflightChanged: words({ missing: 'text' }, (p) => `acknowledged: the pre-flight check has changed; not acknowledged: ${p.missing}`),
  // ---- saving over someone else's change (server/stale-write.ts) ----
  staleWrite: words('Someone else changed this line since you opened it: their values are in the answer'),
  staleWriteSameMoment: words('Someone else changed this line at the same moment: their values are in the answer'),
  // ---- busy ----
  exportBusy: words('export: a claim package of your company is being built; try again when it is done'),
  importBusy: words('file: the server is reading other files just now; try again in a minute'),
  // ---- importing a spreadsheet ----
  importDiscarded: words('Import not found (it was discarded)'),
  alreadyImported: words('This file was already imported; upload it again to import it once more'),
  importedBefore: words(
    { at: 'text', by: 'text', lines: 'number' },
    (p) => `This file was already imported on ${p.at} by ${p.by} (${p.lines} lines); confirm to import it again`,
  ),
  importedMeanwhile: words('This file was already imported'),
  importStays: words('An imported file stays in the record; remove its lines from the ledger instead'),
  rowsHaveErrors: words({ count: 'number', rows: 'text' }, (p) => `${p.count} rows have errors (rows ${p.rows}); nothing was imported`),
  noLinesToImport: words('No lines to import; nothing was imported'),
  importChanged: words(
    { lines: 'number', amount: 'number', expectedLines: 'number', expectedAmount: 'number' },
    (p) =>
      `The file now reads as ${p.lines} lines (¥${p.amount}), not the ${p.expectedLines} lines (¥${p.expectedAmount}) previewed; nothing was imported — preview it again`,
  ),
  // ---- the protocol (server/idempotency.ts, server/trpc.ts) ----
  idempotencyKeyInvalid: words('Idempotency-Key: must be 8–200 printable ASCII characters without spaces'),
  idempotencyKeyBatched: words('Idempotency-Key: send one mutation per request (not batched) with a key'),
  idempotencyKeyReused: words(
    { procedure: 'text' },
    (p) => `Idempotency-Key: this key was already used for another request (${p.procedure}); use a new key for a new request`,
  ),
  idempotencyKeyRunning: words('Idempotency-Key: the first request with this key is still running; retry in a few seconds for its answer'),
  idempotencyKeyTakenOver: words('Idempotency-Key: this request ran too long and a retry took it over; its answer is the retry’s'),
  batchTooLarge: words({ max: 'number' }, (p) => `batch: at most ${p.max} calls in one request; send the others in further requests`),
} as const;

export type FieldCode = keyof typeof FIELD_ERRORS;
export type ReasonCode = keyof typeof REASONS;
export type FieldParams<C extends FieldCode> = ParamsOf<(typeof FIELD_ERRORS)[C]['params']>;
export type ReasonParams<C extends ReasonCode> = ParamsOf<(typeof REASONS)[C]['params']>;

/** The params argument: left out for a code without params, required for one with. */
export type ParamsArg<P> = keyof P extends never ? [params?: P] : [params: P];

export type ParamValue = string | number;

/** A field's problem as the API sends it in `data.issues` (and an import row in its problems). */
export interface FieldIssue {
  code: FieldCode;
  /** The field's path, dotted (`amount`, `settings.accounts.consulting`); `input` for the input as a whole. */
  field: string;
  params: Record<string, ParamValue>;
}

/** A domain refusal as the API sends it in `data.reason`. */
export interface ErrorReason {
  code: ReasonCode;
  params: Record<string, ParamValue>;
}

export const isFieldCode = (code: unknown): code is FieldCode => typeof code === 'string' && Object.hasOwn(FIELD_ERRORS, code);
export const isReasonCode = (code: unknown): code is ReasonCode => typeof code === 'string' && Object.hasOwn(REASONS, code);

/** The English of a field code, as it follows `field: ` in a message. */
export function fieldEnglish<C extends FieldCode>(code: C, ...[params]: ParamsArg<FieldParams<C>>): string {
  return (FIELD_ERRORS[code].en as (p: object) => string)(params ?? {});
}

/** The English of a reason, the whole message. */
export function reasonEnglish<C extends ReasonCode>(code: C, ...[params]: ParamsArg<ReasonParams<C>>): string {
  return (REASONS[code].en as (p: object) => string)(params ?? {});
}
