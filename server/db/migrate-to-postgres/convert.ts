// One SQLite value made into the parameter its PostgreSQL column takes. Strict on purpose: a value the app would
// never have written (a fraction in a money column, a 2 in a flag) stops the copy with its place named, rather
// than being rounded or guessed into something the ledger never said.

import type { ColumnKind } from './tables.ts';

/** What node-postgres is given: text for numbers (exact, whatever their size), true/false, or NULL. */
export type PgParameter = string | boolean | null;

const INT4_MIN = -(2n ** 31n);
const INT4_MAX = 2n ** 31n - 1n;

/**
 * `value` as better-sqlite3 reads it with safeIntegers on: INTEGER as a bigint (exact beyond 2^53), REAL as a
 * number, TEXT as a string, BLOB as a Buffer. Throws a sentence saying what is wrong with it.
 */
export function toPostgres(value: unknown, kind: ColumnKind): PgParameter {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'text':
      if (typeof value !== 'string') throw new Error(`holds ${describe(value)} where text belongs`);
      // PostgreSQL's text cannot hold U+0000; SQLite's can. Nothing the app writes has one.
      if (value.includes('\0')) throw new Error('holds text with a NUL character, which PostgreSQL cannot store');
      return value;
    case 'boolean':
      // SQLite keeps a flag as 0/1 (drizzle's boolean mode); anything else is not a flag.
      if (value === 0n) return false;
      if (value === 1n) return true;
      throw new Error(`holds ${describe(value)} where a flag (0 or 1) belongs`);
    case 'integer':
      if (typeof value !== 'bigint') throw new Error(`holds ${describe(value)} where a whole number belongs`);
      if (value < INT4_MIN || value > INT4_MAX) throw new Error(`holds ${value}, beyond PostgreSQL's integer (±2,147,483,647)`);
      return value.toString();
    case 'bigint':
      // SQLite's INTEGER is 64-bit like bigint: every whole number fits, passed as text so no digit is lost.
      if (typeof value !== 'bigint') throw new Error(`holds ${describe(value)} where a whole number (integer yen, a count) belongs`);
      return value.toString();
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return `the floating-point number ${value}`;
  if (typeof value === 'bigint') return `the number ${value}`;
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Buffer.isBuffer(value)) return `${value.length} bytes of binary data`;
  return `a ${typeof value}`;
}
