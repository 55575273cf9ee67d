import { describe, expect, it } from 'vitest';
import { newId } from '../../server/ids.ts';

/** RFC 9562's layout: 8-4-4-4-12 hex digits, version 7, variant 10xx. */
const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondsOf = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

describe('newId makes time-ordered, unguessable ids (UUID version 7)', () => {
  it('has the version 7 layout and carries the time it was made', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(VERSION_7);
    expect(millisecondsOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisecondsOf(id)).toBeLessThanOrEqual(after);
  });

  it('sorts ids made later after those made earlier, as text (the order the indexes keep)', async () => {
    const first = Array.from({ length: 50 }, () => newId());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = Array.from({ length: 50 }, () => newId());
    const newestOfFirst = [...first].sort().at(-1) ?? '';
    const oldestOfLater = [...later].sort()[0] ?? '';
    expect(oldestOfLater > newestOfFirst).toBe(true);
  });

  it('keeps 74 random bits: ids made in one millisecond differ, and their random part is not a counter', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    // Every hex digit of the 62-bit tail takes every value across the sample.
    const tails = ids.map((id) => id.slice(24));
    for (let position = 0; position < 12; position++) {
      expect(new Set(tails.map((tail) => tail[position])).size).toBe(16);
    }
    // The 12 bits after the version too, and the variant's two random bits.
    expect(new Set(ids.map((id) => id.slice(15, 18))).size).toBeGreaterThan(4000);
    expect(new Set(ids.map((id) => id[19]))).toEqual(new Set(['8', '9', 'a', 'b']));
  });
});
