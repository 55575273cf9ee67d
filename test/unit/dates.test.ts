import { describe, expect, it } from 'vitest';
import { isCalendarDate, oneYearPeriodEnd, todayInJapan } from '../../shared/dates.ts';

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
