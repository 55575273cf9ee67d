import { describe, expect, it } from 'vitest';
import { addYen, floorRatio, formatYen, multiplyYen, parseYen, MAX_LINE_AMOUNT } from '../../shared/money.ts';

describe('parseYen reads amounts as people type them', () => {
  it.each([
    ['1234567', 1_234_567],
    ['1,234,567', 1_234_567],
    ['¥1,234,567', 1_234_567],
    ['￥1,234,567', 1_234_567],
    ['１２３４５６７', 1_234_567],
    ['１，２３４，５６７円', 1_234_567],
    ['123万', 1_230_000],
    ['1.5万', 15_000],
    ['１．５万', 15_000],
    ['2億', 200_000_000],
    ['3千', 3_000],
    [' 500 ', 500],
    ['0', 0],
  ])('%s → %d', (input, expected) => {
    expect(parseYen(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty'],
    ['abc', 'invalid'],
    ['12,34', 'invalid'],
    ['1.5', 'fraction'],
    ['1.23456万', 'fraction'],
    ['-100', 'negative'],
    ['1e6', 'invalid'],
    ['100000000001', 'too_large'],
    ['9999999999999999999999', 'too_large'],
  ])('refuses %j (%s)', (input, error) => {
    expect(parseYen(input)).toEqual({ ok: false, error });
  });

  it('accepts exactly the largest line amount', () => {
    expect(parseYen(String(MAX_LINE_AMOUNT))).toEqual({ ok: true, value: MAX_LINE_AMOUNT });
  });
});

describe('formatYen', () => {
  it('groups thousands with the yen sign', () => {
    expect(formatYen(53_000_000)).toBe('¥53,000,000');
    expect(formatYen(0)).toBe('¥0');
    expect(formatYen(999)).toBe('¥999');
    expect(formatYen(-1234)).toBe('-¥1,234');
  });
});

describe('checked arithmetic', () => {
  it('rounds a fraction of a yen down, exactly, even beyond 2^53 intermediates', () => {
    expect(floorRatio(1_999_999, 90, 100)).toBe(1_799_999); // 1,799,999.1
    expect(floorRatio(11, 90, 100)).toBe(9); // 9.9
    expect(floorRatio(Number.MAX_SAFE_INTEGER, 90, 100)).toBe(Number((BigInt(Number.MAX_SAFE_INTEGER) * 90n) / 100n));
  });
  it('refuses sums and products that leave the exact range', () => {
    expect(() => addYen(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
    expect(() => multiplyYen(100_000_000_000, 100_000_000)).toThrow(RangeError);
    expect(multiplyYen(50_000, 500)).toBe(25_000_000);
  });
});
