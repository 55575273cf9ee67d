// The error catalogue (shared/error-codes.ts): every code has Japanese and English in the UI that use only
// the code's params, the schemas' issues arrive coded with the English they always had, and the client
// words an error from its codes (falling back to the server's English for a code it does not know).
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/src/i18n/en.ts';
import i18n from '../../client/src/i18n/index.ts';
import { ja } from '../../client/src/i18n/ja.ts';
import { fieldText, reasonText } from '../../client/src/lib/error-text.ts';
import { errorDetails } from '../../client/src/trpc.ts';
import { FIELD_ERRORS, REASONS, type CatalogueEntry } from '../../shared/error-codes.ts';
import { MAX_LINE_AMOUNT } from '../../shared/money.ts';
import { changePasswordInput, costCreateInput, costUpdateInput, policyCreateInput, signupInput } from '../../shared/schemas.ts';
import { issueFromZod } from '../../shared/zod-codes.ts';

/** The formats the texts may apply to a param: i18next's `number` and client/src/i18n/formats.ts. */
const FORMATS = new Set(['number', 'yen', 'date', 'timestamp', 'stage', 'role']);

/** `{{max, number}}` → [['max', 'number']]. */
const interpolations = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g)].map((m) => [m[1], m[2]] as const);

const catalogues = [
  ['field', FIELD_ERRORS, ja.errors.field, en.errors.field],
  ['reason', REASONS, ja.errors.reason, en.errors.reason],
] as const;

describe.each(catalogues)('every %s code', (kind, catalogue, japanese, english) => {
  const entries = Object.entries(catalogue) as [string, CatalogueEntry][];

  it('has a Japanese and an English text, and the UI has no text for a code the catalogue lacks', () => {
    expect(Object.keys(japanese).sort()).toEqual(Object.keys(catalogue).sort());
    expect(Object.keys(english).sort()).toEqual(Object.keys(catalogue).sort());
  });

  it.each(entries)(`${kind} %s: its texts interpolate only its params, in known formats`, (code, entry) => {
    for (const text of [(japanese as Record<string, string>)[code]!, (english as Record<string, string>)[code]!]) {
      expect(text.length).toBeGreaterThan(0);
      for (const [name, format] of interpolations(text)) {
        expect(Object.keys(entry.params), `${code}: {{${name}}}`).toContain(name);
        if (format) expect(FORMATS, `${code}: format ${format}`).toContain(format);
      }
    }
    // Japanese, unless it passes on the import readers' own Japanese.
    if (code !== 'importFile') expect((japanese as Record<string, string>)[code]).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe('the schemas name their problems by code', () => {
  /** Every issue of a bad input, coded, beside zod's message. */
  const issuesOf = (result: { success: boolean; error?: { issues: Parameters<typeof issueFromZod>[0][] } }) =>
    result.error!.issues.map((issue) => ({ ...issueFromZod(issue), message: issue.message }));

  it('a built-in check with the catalogue’s words arrives coded (zod lets the error map stamp the issue)', () => {
    const line = { incidentId: 'x', category: 'consulting', stage: 'paid', incurredOn: '2026-06-01' };
    expect(issuesOf(costCreateInput.safeParse({ ...line, amount: 1.5 }))).toEqual([
      { field: 'amount', code: 'wholeYen', params: {}, message: 'must be a whole number of yen' },
    ]);
    expect(issuesOf(costCreateInput.safeParse({ ...line, amount: -1 }))).toEqual([
      { field: 'amount', code: 'notNegative', params: {}, message: 'must not be negative' },
    ]);
    expect(issuesOf(costCreateInput.safeParse({ ...line, amount: MAX_LINE_AMOUNT + 1 }))).toEqual([
      { field: 'amount', code: 'atMost', params: { max: MAX_LINE_AMOUNT }, message: `must be at most ${MAX_LINE_AMOUNT}` },
    ]);
    expect(issuesOf(signupInput.safeParse({ email: 'a@example.jp', password: 'short', name: 'x', companyName: 'y' }))).toEqual([
      { field: 'password', code: 'tooShort', params: { min: 10 }, message: 'must be at least 10 characters' },
    ]);
  });

  it('refinements and superRefine issues carry their code and params', () => {
    expect(issuesOf(changePasswordInput.safeParse({ currentPassword: 'abcdefghijk', newPassword: 'abcdefghijk' }))).toEqual([
      { field: 'newPassword', code: 'sameAsCurrentPassword', params: {}, message: 'must differ from the current password' },
    ]);
    const edited = costUpdateInput.safeParse({ id: 'x', category: 'consulting', stage: 'invoiced', incurredOn: '2026-06-01', amount: 5, paidOn: '2026-06-02' });
    expect(issuesOf(edited)).toEqual([
      {
        field: 'paidOn',
        code: 'stageDateNotCarried',
        params: { stage: 'invoiced', field: 'paidOn', carried: 'invoicedOn' },
        message: 'must be left out: a line in stage invoiced has no paidOn (it has invoicedOn)',
      },
    ]);
  });

  it('zod’s own checks map to codes with their params', () => {
    const policy = {
      companyId: 'c',
      insurer: 'i',
      policyNumber: 'p',
      periodStart: '2026-04-01',
      liabilityLimit: 100,
      expenseLimit: 100,
      deductible: 0,
      restorationRider: true,
    };
    const found = issuesOf(policyCreateInput.safeParse({ ...policy, insurer: 'x'.repeat(201), defenceCosts: 'sometimes' }));
    expect(found.map(({ field, code, params }) => ({ field, code, params }))).toEqual([
      { field: 'insurer', code: 'tooLong', params: { max: 200 } },
      { field: 'defenceCosts', code: 'invalidOption', params: {} },
    ]);
  });

  it('a coded issue’s message is its code’s English: the two cannot drift', () => {
    const bad = [
      costCreateInput.safeParse({
        incidentId: 'x',
        category: 'consulting',
        stage: 'agreed',
        incurredOn: '2026-02-30',
        quantity: 2,
        taxAmount: -1,
        source: 'third_party',
      }),
      costCreateInput.safeParse({
        incidentId: 'x',
        category: 'consulting',
        stage: 'paid',
        incurredOn: '3000-01-01',
        amount: 7,
        quantity: 2,
        unitAmount: 3,
        invoiceNumber: 'T123',
      }),
      signupInput.safeParse({ email: 'nope', password: 'x'.repeat(201), name: '', companyName: 'y' }),
    ];
    for (const result of bad) {
      for (const issue of issuesOf(result)) {
        if (issue.code === 'invalidOption' || issue.code === 'invalidInput') continue; // zod's own words
        expect(issue.message).toBe((FIELD_ERRORS[issue.code].en as (p: object) => string)(issue.params));
      }
    }
  });
});

describe('the codes in words', () => {
  it('formats numbers, stages and roles as the screens do', async () => {
    await i18n.changeLanguage('ja');
    expect(fieldText({ code: 'atMost', params: { max: MAX_LINE_AMOUNT } })).toBe('100,000,000,000 以下で入力してください。');
    expect(fieldText({ code: 'tooShort', params: { min: 10 } })).toBe('10 文字以上で入力してください。');
    expect(fieldText({ code: 'stageDateNotCarried', params: { stage: 'invoiced', field: 'paidOn', carried: 'invoicedOn' } })).toBe(
      '段階が「請求」の明細にはこの日付はありません。',
    );
    expect(reasonText({ code: 'tryAgainIn', params: { seconds: 8 } })).toBe('失敗が続いたため、8 秒待ってから再度お試しください。');
    expect(reasonText({ code: 'needsRole', params: { role: 'finance' } })).toBe('この操作には経理以上の権限が必要です。');
    expect(reasonText({ code: 'importChanged', params: { lines: 3, amount: 1234567, expectedLines: 4, expectedAmount: 2000 } })).toContain('¥1,234,567');
    await i18n.changeLanguage('en');
    expect(fieldText({ code: 'atMost', params: { max: 1000 } })).toBe('must be at most 1,000');
    expect(reasonText({ code: 'needsRole', params: { role: 'admin' } })).toBe('This needs the Admin role or higher');
    await i18n.changeLanguage('ja');
  });
});

/** An error as the tRPC client hands it to a page. */
const clientError = (message: string, data: Record<string, unknown>) => TRPCClientError.from({ error: { message, code: -32600, data } });

describe('errorDetails', () => {
  it('words the fields from their issues, and the message from the reason', async () => {
    await i18n.changeLanguage('ja');
    const bad = errorDetails(
      clientError('amount: must not be negative', {
        code: 'BAD_REQUEST',
        fieldErrors: { amount: 'must not be negative' },
        issues: [{ code: 'notNegative', field: 'amount', params: {} }],
      }),
    );
    expect(bad.fields).toEqual({ amount: '負の値は入力できません。' });
    expect(bad.banner).toBeNull();
    const checked = errorDetails(
      clientError('currentPassword: is not your current password', {
        code: 'BAD_REQUEST',
        issues: [{ code: 'notCurrentPassword', field: 'currentPassword', params: {} }],
      }),
    );
    expect(checked.fields).toEqual({ currentPassword: '現在のパスワードが違います。' });
    const wait = errorDetails(
      clientError('Too many failed attempts: try again in 8 s', { code: 'TOO_MANY_REQUESTS', reason: { code: 'tryAgainIn', params: { seconds: 8 } } }),
    );
    expect(wait).toEqual({
      message: '失敗が続いたため、8 秒待ってから再度お試しください。',
      fields: {},
      banner: '失敗が続いたため、8 秒待ってから再度お試しください。',
    });
  });

  it('keeps the server’s English for a code it does not know, and the tRPC code’s words without any', () => {
    const newer = errorDetails(clientError('Something new happened', { code: 'CONFLICT', reason: { code: 'somethingNew', params: {} } }));
    expect(newer.message).toBe('Something new happened');
    const newerField = errorDetails(
      clientError('amount: is strange', {
        code: 'BAD_REQUEST',
        fieldErrors: { amount: 'is strange' },
        issues: [{ code: 'strange', field: 'amount', params: {} }],
      }),
    );
    expect(newerField.fields).toEqual({ amount: 'is strange' });
    const older = errorDetails(clientError('Incident not found', { code: 'NOT_FOUND' }));
    expect(older.message).toBe(ja.errors.NOT_FOUND);
  });
});
