// Integer-yen money: parsing what people type, formatting, checked arithmetic.
// The one place where fractions of a yen are rounded (always down, as the policy says) is `floorRatio`.

/** The largest amount one ledger line may carry. Larger figures are typos, and keeping lines at or below
 * this keeps the sum of 100,000 lines far below Number.MAX_SAFE_INTEGER. */
export const MAX_LINE_AMOUNT = 100_000_000_000; // ¥100 billion (1,000億円)

export class MoneyOverflowError extends RangeError {
  constructor(what: string) {
    super(`${what} exceeds the largest amount that can be computed exactly`);
  }
}

export function isYen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** a + b, refusing to leave the range where integer arithmetic on numbers is exact. */
export function addYen(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new MoneyOverflowError('sum');
  return sum;
}

export function sumYen(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total = addYen(total, v);
  return total;
}

/** a × b for quantities such as persons × amount per person; throws when the product is not exact. */
export function multiplyYen(a: number, b: number): number {
  const product = a * b;
  if (!Number.isSafeInteger(product)) throw new MoneyOverflowError('product');
  return product;
}

/**
 * floor(amount × numerator / denominator), exactly, for non-negative amounts.
 * The policy rounds every fraction of a yen down; this is the only place that does it.
 */
export function floorRatio(amount: number, numerator: number, denominator: number): number {
  if (amount < 0 || numerator < 0 || denominator <= 0) throw new RangeError('floorRatio takes non-negative figures');
  return Number((BigInt(amount) * BigInt(numerator)) / BigInt(denominator));
}

const yenFormatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** ¥1,234,567 (and -¥1,234 for a negative figure), the same in every locale of the UI. */
export function formatYen(amount: number): string {
  const digits = yenFormatter.format(Math.abs(amount));
  return amount < 0 ? `-¥${digits}` : `¥${digits}`;
}

export type ParsedYen = { ok: true; value: number } | { ok: false; error: YenParseError };
export type YenParseError = 'empty' | 'invalid' | 'fraction' | 'negative' | 'too_large';

const UNIT_MULTIPLIERS: Record<string, bigint> = { '': 1n, 千: 1_000n, 万: 10_000n, 億: 100_000_000n };

/** Full-width digits, comma, period and yen sign to their ASCII forms. */
function toHalfWidth(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[，、]/g, ',')
    .replace(/[．]/g, '.')
    .replace(/[￥]/g, '¥')
    .replace(/[－−]/g, '-');
}

/**
 * Reads an amount as people type it: `1234567`, `1,234,567`, `¥1,234,567`, full-width `１２３４`,
 * `123万`, `1.5万`, `2億`, with an optional trailing `円`. Never goes through floating point.
 */
export function parseYen(input: string): ParsedYen {
  const text = toHalfWidth(input).replace(/\s+/g, '').replace(/円$/, '').replace(/^¥/, '');
  if (text === '') return { ok: false, error: 'empty' };
  if (text.startsWith('-')) return { ok: false, error: 'negative' };
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(千|万|億)?$/.exec(text);
  if (!match) return { ok: false, error: 'invalid' };
  const [, wholeText, fractionText = '', unit = ''] = match;
  const multiplier = UNIT_MULTIPLIERS[unit];
  // The pattern above only matches with a whole part and one of these units: anything else is a bug here.
  if (wholeText === undefined || multiplier === undefined) throw new Error(`yen pattern out of step: ${text}`);
  const scale = 10n ** BigInt(fractionText.length);
  const scaled = BigInt(wholeText.replace(/,/g, '') + fractionText) * multiplier;
  if (scaled % scale !== 0n) return { ok: false, error: 'fraction' };
  const value = scaled / scale;
  if (value > BigInt(MAX_LINE_AMOUNT)) return { ok: false, error: 'too_large' };
  return { ok: true, value: Number(value) };
}
