// Calendar dates as `YYYY-MM-DD` strings: what happened on which day, with no time zone attached.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in `YYYY-MM-DD` form (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Year, month and day of a `YYYY-MM-DD`; a text without three parts is a caller's bug, not a date. */
function dateParts(text: string): [number, number, number] {
  const [y, m, d, ...rest] = text.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined || rest.length > 0) {
    throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(text)}`);
  }
  return [y, m, d];
}

function toUtc(text: string): Date {
  const [y, m, d] = dateParts(text);
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(text: string, days: number): string {
  const date = toUtc(text);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

/** Same day one year later; 29 February becomes 1 March in a common year. */
export function addOneYear(text: string): string {
  const [y, m, d] = dateParts(text);
  return fromUtc(new Date(Date.UTC(y + 1, m - 1, d)));
}

/** The last day of a one-year policy that starts on `periodStart` (start + 1 year − 1 day). */
export function oneYearPeriodEnd(periodStart: string): string {
  return addDays(addOneYear(periodStart), -1);
}

/** Today's calendar date in Japan, where the insured and its policy live. */
export function todayInJapan(now: Date = new Date()): string {
  return fromUtc(new Date(now.getTime() + 9 * 60 * 60 * 1000));
}

export function isWithin(date: string, start: string, end: string): boolean {
  return date >= start && date <= end;
}

/**
 * The eras from their first day (元号法; 明治 from its adoption of the solar calendar). A date before the
 * first stays in the Western form: the ledger accepts nothing before 1900 (shared/schemas.ts).
 */
const ERAS = [
  { name: '令和', from: '2019-05-01', firstYear: 2019 },
  { name: '平成', from: '1989-01-08', firstYear: 1989 },
  { name: '昭和', from: '1926-12-25', firstYear: 1926 },
  { name: '大正', from: '1912-07-30', firstYear: 1912 },
  { name: '明治', from: '1873-01-01', firstYear: 1868 },
] as const;

/** The Japanese era date of a `YYYY-MM-DD`: `令和8年6月1日`, `令和元年5月1日`, `平成31年4月30日`. */
export function formatJapaneseEra(text: string): string {
  const [y, m, d] = dateParts(text);
  const era = ERAS.find((e) => text >= e.from);
  if (!era) return `${y}年${m}月${d}日`;
  const year = y - era.firstYear + 1;
  return `${era.name}${year === 1 ? '元' : year}年${m}月${d}日`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `2026-06-01` as every screen writes a date: `2026/06/01` (ja) or `1 Jun 2026` (en). Documents for the
 * insurer use `formatDate` and the era (docs/decisions/020-layouts-formats-and-accessibility.md).
 */
export function formatScreenDate(text: string, locale: 'ja' | 'en'): string {
  const [y, m, d] = text.split('-').map(Number);
  if (!y || !m || !d) return text;
  if (locale === 'ja') return `${y}/${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}`;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** `2026-06-01` as `2026年6月1日` (ja) or `1 Jun 2026` (en). */
export function formatDate(text: string, locale: 'ja' | 'en'): string {
  const [y, m, d] = dateParts(text);
  if (locale === 'ja') return `${y}年${m}月${d}日`;
  const month = MONTHS[m - 1];
  return `${d} ${month} ${y}`;
}

/**
 * The same calendar day `years` later; where that month has no such day (29 February), its last day.
 * This is how Japanese law ends a period counted in years (Civil Code art. 143).
 */
export function addYears(text: string, years: number): string {
  const [y, m, d] = dateParts(text);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(y + years, m - 1, Math.min(d, lastDay))));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}
