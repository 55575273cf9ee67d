// One punctuation in the Japanese a user reads (docs/decisions/020): brackets and question marks full width
// (（）？), and every sentence of a message ends with 。 — in the UI texts and in the dashboard's warnings.
import { describe, expect, it } from 'vitest';
import { ja } from '../../client/src/i18n/ja.ts';
import { warningMessage, type WarningCode } from '../../shared/warnings.ts';

/** Every text of the Japanese UI table with its key path. */
function texts(node: unknown, path = ''): [string, string][] {
  if (typeof node === 'string') return [[path, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => texts(value, path ? `${path}.${key}` : key));
}

/** A text ending in a predicate (…ます, …ません, …です, …ください, …ました) is a sentence. */
const ENDS_A_SENTENCE = /(ます|ません|です|ください|ました|でした)$/;

describe('the Japanese UI texts', () => {
  const all = texts(ja);

  it('has texts to check', () => {
    expect(all.length).toBeGreaterThan(300);
  });

  it('write brackets and question marks full width', () => {
    const halfWidth = all.filter(([, text]) => /[()?]/.test(text.replace(/\{\{[^}]*\}\}/g, '')));
    expect(halfWidth.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('end every sentence with 。', () => {
    const unfinished = all.filter(([, text]) => ENDS_A_SENTENCE.test(text));
    expect(unfinished.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});

const CODES: WarningCode[] = [
  'expense_limit_reached',
  'expense_limit_80',
  'projected_expense_limit_reached',
  'projected_expense_limit_80',
  'liability_limit_reached',
  'justification_missing',
  'incident_after_period',
  'costs_outside_period',
  'costs_abroad',
  'condolence_lump_sum',
  'eligibility_revenue',
  'eligibility_it_share',
  'consent_missing',
  'lines_unapproved',
  'limits_used_elsewhere',
  'discovered_outside_period',
  'costs_after_window',
  'damages_not_fixed',
  'restoration_needs_main_payment',
  'persons_unknown',
];

describe('the dashboard’s warnings in Japanese', () => {
  const params = {
    limit: '¥1',
    used: '¥2',
    elsewhere: '',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    count: 3,
    revenue: '¥4',
    expense: '¥5',
    liability: '¥6',
    end: '2026-07-01',
    amount: '¥7',
  };
  for (const code of CODES) {
    it(`${code}: full-width brackets, ending with 。`, () => {
      const message = warningMessage(code, params, 'ja');
      expect(message).not.toMatch(/[()?]/);
      expect(message.endsWith('。')).toBe(true);
    });
  }
});
