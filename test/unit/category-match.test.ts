// Choosing a category by typing (client/src/lib/category-match.ts): Japanese, kana, romaji in any common
// spelling, English, and the digit shown beside each category; the best match first.
import { describe, expect, it } from 'vitest';
import { CATEGORY_SHORTCUTS, foldRomaji, matchCategories } from '../../client/src/lib/category-match.ts';
import { COST_CATEGORIES } from '../../shared/categories.ts';

const first = (typed: string) => matchCategories(typed)[0];

describe('category by typing', () => {
  it('finds a category from part of its Japanese name, at its start or inside it', () => {
    expect(first('見舞')).toBe('condolence');
    expect(matchCategories('見舞')).toEqual(['condolence']);
    expect(first('調査')).toBe('investigation');
    expect(first('通信')).toBe('communications');
    expect(first('争訟')).toBe('litigation');
    expect(first('対象外')).toBe('uncovered');
    expect(first('宿泊')).toBe('overtime_travel');
  });

  it('knows the words of the trade', () => {
    expect(first('残業')).toBe('overtime_travel');
    expect(first('弁護士')).toBe('litigation');
    expect(first('訴訟')).toBe('litigation');
    expect(first('謝罪')).toBe('public_notice');
  });

  it('follows the reading while the IME is still composing, in hiragana or katakana', () => {
    expect(first('みまい')).toBe('condolence');
    expect(first('ちょうさ')).toBe('investigation');
    expect(first('コンサル')).toBe('consulting');
    expect(first('べんご')).toBe('litigation');
  });

  it('reads romaji as typed, half-typed, in Hepburn or kunrei, with or without long vowels', () => {
    const cases: [string, string][] = [
      ['mimai', 'condolence'],
      ['mi', 'condolence'],
      ['chousa', 'investigation'],
      ['chosa', 'investigation'],
      ['tyousa', 'investigation'],
      ['tsuushin', 'communications'],
      ['tsushin', 'communications'],
      ['tuusin', 'communications'],
      ['ts', 'communications'],
      ['bengoshi', 'litigation'],
      ['soushou', 'litigation'],
      ['sosho', 'litigation'],
      ['fukkyuu', 'restoration'],
      ['hukkyu', 'restoration'],
      ['songai', 'damages'],
      ['zangyou', 'overtime_travel'],
      ['shakoku', 'public_notice'],
      ['MIMAI', 'condolence'],
      ['ｍｉｍａｉ', 'condolence'],
    ];
    for (const [typed, category] of cases) expect(first(typed), typed).toBe(category);
  });

  it('reads English words too', () => {
    expect(first('cond')).toBe('condolence');
    expect(first('litig')).toBe('litigation');
    expect(first('damag')).toBe('damages');
  });

  it('chooses by the digit beside each category: 1 to 9, then 0', () => {
    expect(COST_CATEGORIES.map((c) => CATEGORY_SHORTCUTS[c])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
    expect(matchCategories('6')).toEqual(['condolence']);
    expect(matchCategories('0')).toEqual(['uncovered']);
    expect(matchCategories('１')).toEqual(['public_notice']);
  });

  it('offers every category for an empty text, and none for text that matches nothing', () => {
    expect(matchCategories('')).toEqual([...COST_CATEGORIES]);
    expect(matchCategories('  ')).toEqual([...COST_CATEGORIES]);
    expect(matchCategories('xyzzy')).toEqual([]);
    expect(matchCategories('12')).toEqual([]);
  });

  it('puts names that start with the text before names that only contain it', () => {
    // 費用 is inside most names; none starts with it, so the policy's order stands.
    expect(matchCategories('費用')).toEqual(['public_notice', 'investigation', 'consulting', 'condolence', 'restoration', 'litigation']);
    // "so": songai (damages) and soushou (litigation) both start with it.
    expect(matchCategories('so').slice(0, 2)).toEqual(['damages', 'litigation']);
  });

  it('folds romaji spellings to one', () => {
    expect(foldRomaji('chousa')).toBe(foldRomaji('tyousa'));
    expect(foldRomaji('tsuushin')).toBe(foldRomaji('tusin'));
    expect(foldRomaji('fukkyuu')).toBe(foldRomaji('hukkyu'));
  });
});
