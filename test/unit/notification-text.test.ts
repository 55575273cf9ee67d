// The bell's notices in words (issue 15): a line with no vendor or description is named by its category,
// never as empty quotes; in both languages, through the app's own string tables.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../client/src/i18n/en.ts';
import { ja } from '../../client/src/i18n/ja.ts';
import { notificationText } from '../../client/src/lib/notification-text.ts';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { ja: { translation: ja }, en: { translation: en } }, lng: 'ja', interpolation: { escapeValue: false } });
});
const say = (locale: 'ja' | 'en', kind: string, params: Record<string, string | number | null>) =>
  notificationText(kind, params, locale, i18n.getFixedT(locale));

describe('notificationText', () => {
  const review = { title: 'A社漏えい', decision: 'disallow', amount: 3_000_000 };

  it('names a line by its vendor or description, in quotes', () => {
    expect(say('ja', 'review', { ...review, vendor: '調査社', line: '調査社', category: 'investigation' })).toBe(
      'A社漏えい: 代理店が明細「調査社」 ¥3,000,000 を「否認」としました。',
    );
    expect(say('en', 'review', { ...review, vendor: null, line: '謝罪広告', category: 'public_notice' })).toBe(
      'A社漏えい: the broker marked the line “謝罪広告” ¥3,000,000 as Disallowed',
    );
    expect(say('ja', 'answer', { title: 'A社漏えい', vendor: null, line: '謝罪広告', category: 'public_notice', amount: 18_000_000 })).toBe(
      'A社漏えい: 明細「謝罪広告」 ¥18,000,000 の照会に回答がありました。',
    );
  });

  it('names a line with neither by its category, and never writes empty quotes', () => {
    const unnamed = { ...review, vendor: null, line: null, category: 'damages' };
    expect(say('ja', 'review', unnamed)).toBe('A社漏えい: 代理店が損害賠償金の明細 ¥3,000,000 を「否認」としました。');
    expect(say('en', 'review', unnamed)).toBe('A社漏えい: the broker marked a line of Damages owed to third parties ¥3,000,000 as Disallowed');
    expect(say('ja', 'answer', { ...unnamed, line: '' })).toBe('A社漏えい: 損害賠償金の明細 ¥3,000,000 の照会に回答がありました。');
    // A notice written before notices carried the category.
    expect(say('ja', 'review', { ...review, vendor: null })).toBe('A社漏えい: 代理店が明細 ¥3,000,000 を「否認」としました。');
    for (const locale of ['ja', 'en'] as const) {
      for (const params of [unnamed, { ...review, vendor: '' }, { ...review, line: '   ' }]) {
        const text = say(locale, 'review', params);
        expect(text).not.toMatch(/「」|“”|""/);
      }
    }
  });
});
