// The dashboard chart's axes: ticks at round 万/億 values and category names wrapped, never clipped.
import { describe, expect, it } from 'vitest';
import { formatYenTick, wrapLabel, yenTicks } from '../../client/src/lib/chart-axis.ts';
import { CATEGORY_LABELS } from '../../shared/categories.ts';
import { at } from '../support/at.ts';

const ja = (values: number[]) => values.map((v) => formatYenTick(v, 'ja'));

describe('yen ticks', () => {
  it('steps by ¥500万 up to the demo’s largest category (¥25,000,000)', () => {
    expect(ja(yenTicks(25_000_000))).toEqual(['¥0', '¥500万', '¥1,000万', '¥1,500万', '¥2,000万', '¥2,500万']);
  });

  it('crosses ¥1億 as 1億 and 1.5億, never as ¥10,000万 or ¥12,000万', () => {
    expect(ja(yenTicks(130_000_000))).toEqual(['¥0', '¥5,000万', '¥1億', '¥1.5億']);
    expect(ja(yenTicks(120_000_000, 6))).toEqual(['¥0', '¥2,000万', '¥4,000万', '¥6,000万', '¥8,000万', '¥1億', '¥1.2億']);
  });

  it('answers round steps only (1, 2, 2.5 or 5 times a power of ten) covering the maximum', () => {
    for (const max of [1, 7, 999, 10_001, 2_415_000, 43_000_000, 99_999_999, 3_300_000_000, 100_000_000_000]) {
      const ticks = yenTicks(max);
      const step = at(ticks, 1) - at(ticks, 0);
      const power = 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 2.5, 5]).toContain(step / power);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.at(-2)).toBeLessThan(max);
      expect(ticks.length - 1).toBeLessThanOrEqual(5);
      expect(ticks.every(Number.isInteger)).toBe(true);
    }
  });

  it('has a tick to draw for an empty chart', () => {
    expect(yenTicks(0)).toEqual([0, 1]);
  });

  it('reads in English as K, M and B', () => {
    expect(yenTicks(25_000_000).map((v) => formatYenTick(v, 'en'))).toEqual(['¥0', '¥5M', '¥10M', '¥15M', '¥20M', '¥25M']);
    expect(formatYenTick(150_000_000, 'en')).toBe('¥150M');
    expect(formatYenTick(1_500_000_000, 'en')).toBe('¥1.5B');
    expect(formatYenTick(500, 'en')).toBe('¥500');
    expect(formatYenTick(2_500, 'ja')).toBe('¥2,500');
  });
});

describe('category names on the axis', () => {
  it('wraps the longest Japanese name after its 、 into lines that fit, keeping every character', () => {
    const name = CATEGORY_LABELS.overtime_travel.ja;
    expect(name).toBe('使用人の超過勤務手当、交通費または宿泊費');
    const lines = wrapLabel(name, 11);
    expect(lines).toEqual(['使用人の超過勤務手当、', '交通費または宿泊費']);
    expect(lines.join('')).toBe(name);
  });

  it('never starts a line with 、 and never draws a line wider than asked', () => {
    const lines = wrapLabel('使用人の超過勤務手当、交通費または宿泊費', 10);
    expect(lines).toEqual(['使用人の超過勤務手', '当、', '交通費または宿泊費']);
    expect(lines.every((line) => [...line].length <= 10)).toBe(true);
  });

  it('breaks English between words', () => {
    expect(wrapLabel('Employee overtime, travel and lodging', 11)).toEqual(['Employee overtime,', 'travel and lodging']);
    expect(wrapLabel('Employee overtime, travel and lodging', 6)).toEqual(['Employee', 'overtime,', 'travel', 'and', 'lodging'].slice(0, 2).concat('travel…'));
  });

  it('ends a name longer than the lines allowed with …', () => {
    const lines = wrapLabel('使用人の超過勤務手当、交通費または宿泊費', 5, 2);
    expect(lines).toHaveLength(2);
    expect(at(lines, 1).endsWith('…')).toBe(true);
  });

  it('keeps a short name on one line', () => {
    expect(wrapLabel('争訟費用', 10)).toEqual(['争訟費用']);
  });
});
