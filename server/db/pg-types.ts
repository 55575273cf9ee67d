// How node-postgres turns PostgreSQL's 64-bit and arbitrary-precision numbers into JS numbers: in one place, exactly.
//
// By default `pg` returns int8 (bigint columns, COUNT(*), SUM of an integer column) and numeric (SUM of a
// bigint column) as strings, because a JS number is exact only up to 2^53 − 1. The app's figures are integer
// yen written once for SQLite, where SUM() gives a number: so both types are parsed to numbers here, and a value
// that a number cannot hold exactly (above Number.MAX_SAFE_INTEGER, or with a fraction) throws instead of being
// rounded. The parsers are set on pg's global registry because drizzle's node-postgres driver falls back to it
// for every type but dates and intervals (it overrides only those per query).

import pg from 'pg';

/** PostgreSQL type OIDs (pg_type.oid), fixed since PostgreSQL 7. */
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;

/** A whole number a JS number holds exactly, or a thrown RangeError naming the value. */
export function parseSafeInteger(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new RangeError(`database returned ${text}, not a whole number: round or cast it in SQL`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`database returned ${text}, beyond ±Number.MAX_SAFE_INTEGER: a JS number cannot hold it exactly`);
  return value;
}

/** Sets the int8 and numeric parsers on pg's global registry. Idempotent; call before the first query. */
export function installPgTypeParsers(): void {
  pg.types.setTypeParser(INT8_OID, parseSafeInteger);
  pg.types.setTypeParser(NUMERIC_OID, parseSafeInteger);
}
