import { describe, expect, it } from 'vitest';
import { formatJapaneseEra, isCalendarDate, oneYearPeriodEnd, todayInJapan } from '../../shared/dates.ts';

describe('calendar dates', () => {
  it('knows real dates from impossible ones', () => {
    expect(isCalendarDate('2026-06-01')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-6-1')).toBe(false);
    expect(isCalendarDate('2026-06-01T00:00:00Z')).toBe(false);
  });
  it('ends a policy one year less a day after it starts', () => {
    expect(oneYearPeriodEnd('2026-04-01')).toBe('2027-03-31');
    expect(oneYearPeriodEnd('2026-01-01')).toBe('2026-12-31');
    expect(oneYearPeriodEnd('2028-02-29')).toBe('2029-02-28');
  });
  it("takes today's date in Japan", () => {
    expect(todayInJapan(new Date('2026-06-01T15:30:00Z'))).toBe('2026-06-02');
    expect(todayInJapan(new Date('2026-06-01T14:59:59Z'))).toBe('2026-06-01');
  });
});

describe('the Japanese era (和暦) on the documents for the insurer', () => {
  it('writes 令和 from 1 May 2019, its first year as 元年', () => {
    expect(formatJapaneseEra('2026-06-01')).toBe('令和8年6月1日');
    expect(formatJapaneseEra('2019-05-01')).toBe('令和元年5月1日');
    expect(formatJapaneseEra('2020-01-01')).toBe('令和2年1月1日');
  });
  it('writes 平成 before it, back to 8 January 1989', () => {
    expect(formatJapaneseEra('2019-04-30')).toBe('平成31年4月30日');
    expect(formatJapaneseEra('2018-12-31')).toBe('平成30年12月31日');
    expect(formatJapaneseEra('1989-01-08')).toBe('平成元年1月8日');
    expect(formatJapaneseEra('1989-01-07')).toBe('昭和64年1月7日');
  });
});
