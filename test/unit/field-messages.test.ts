// Every field message the server can give (shared/schemas.ts) has Japanese wording in the UI.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localiseFieldMessage } from '../../client/src/lib/field-messages.ts';
import { MAX_LINE_AMOUNT } from '../../shared/money.ts';
import { costCreateInput, signupInput } from '../../shared/schemas.ts';
import { ACCOUNT_HOLDER_MESSAGE, ACCOUNT_NUMBER_MESSAGE, CORPORATE_NUMBER_CHECK_MESSAGE, CORPORATE_NUMBER_FORMAT_MESSAGE } from '../../shared/company-profile.ts';
import { at } from '../support/at.ts';

/** The messages written in the schemas, with `${MAX_LINE_AMOUNT}` filled in as the server sends it. */
function schemaMessages(): string[] {
  const source = readFileSync(new URL('../../shared/schemas.ts', import.meta.url), 'utf8');
  const found = [...source.matchAll(/(?:error|message): ([`'"])(.+?)\1/g)].map((m) => at(m, 2));
  return found.map((text) => text.replace('${MAX_LINE_AMOUNT}', String(MAX_LINE_AMOUNT)));
}

describe('field messages in Japanese', () => {
  it('finds the schema messages to check', () => {
    expect(schemaMessages().length).toBeGreaterThan(15);
  });

  it.each(schemaMessages())('has Japanese for %j', (message) => {
    const japanese = localiseFieldMessage(message, 'ja');
    expect(japanese).not.toBe(message);
    expect(japanese).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  // The claim form's profile (shared/company-profile.ts) and the incident report's lengths (shared/incident-report.ts).
  it.each([CORPORATE_NUMBER_FORMAT_MESSAGE, CORPORATE_NUMBER_CHECK_MESSAGE, ACCOUNT_NUMBER_MESSAGE, ACCOUNT_HOLDER_MESSAGE, 'must be at most 4000 characters'])('has Japanese for %j', (message) => {
    expect(localiseFieldMessage(message, 'ja')).not.toBe(message);
    expect(localiseFieldMessage(message, 'ja')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('words what zod itself says, and keeps English for English', () => {
    const bad = costCreateInput.safeParse({ incidentId: 'x', category: 'lunch', stage: 'paid', incurredOn: '2026-06-01', amount: 1 });
    const categoryMessage = bad.error!.issues.find((i) => i.path[0] === 'category')!.message;
    expect(localiseFieldMessage(categoryMessage, 'ja')).toBe('選択肢にない値です');
    const short = signupInput.safeParse({ email: 'a@example.jp', password: 'short', name: 'x', companyName: 'y' });
    const passwordMessage = short.error!.issues.find((i) => i.path[0] === 'password')!.message;
    expect(localiseFieldMessage(passwordMessage, 'ja')).toBe('10 文字以上で入力してください');
    expect(localiseFieldMessage(passwordMessage, 'en')).toBe(passwordMessage);
    expect(localiseFieldMessage(`must be at most ${MAX_LINE_AMOUNT}`, 'ja')).toBe('100,000,000,000 以下で入力してください');
  });
});
