// Arbitrary JSON for the fuzz tests: wrong types, nulls, huge and hostile strings, numbers JSON.stringify
// cannot write (1e400 parses as Infinity, 9007199254740993 loses precision), nested junk and own
// `__proto__` / `constructor` keys. Bodies are serialised by `toJson` so those literals and keys reach
// the server exactly as an attacker would send them.
import fc from 'fast-check';

/** A JSON literal written as is (`1e400`, `-0`, a 30-digit integer). */
export class Raw {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}

/** Marks a field to leave out of the body. */
export const MISSING = Symbol('missing');

/** An object with own keys, `__proto__` included (a plain assignment would set the prototype instead). */
export function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** JSON text of a value that may hold Raw literals, own `__proto__` keys and MISSING fields. */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === MISSING || v === undefined ? 'null' : toJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== MISSING && (value as Record<string, unknown>)[k] !== undefined);
    return `{${entries.map((k) => `${JSON.stringify(k)}:${toJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u3000',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '🙂',
  '\u202ertl',
  '\ufeff',
  'ｱｲｳ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1',
  '0',
  '1.5',
  '1,000',
  '１２３',
  '0x1F',
  ' 42 ',
  '12万',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  '2026-02-30',
  '2026-06-01T00:00:00Z',
  '2026-6-1',
  '令和8年6月1日',
  '9999-12-31',
  '0000-01-01',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f',
  '%00',
  'file:///etc/passwd',
  "' OR '1'='1",
  '"; DROP TABLE costs; --',
  '1; SELECT * FROM users',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

/** Past every field's maximum; the last is over tRPC's 1 MB body limit once UTF-8 encoded (413). */
const hugeString = fc.constantFrom(201, 2_001, 5_001, 100_000, 400_000).map((n) => 'ｘ'.repeat(n));

export const junkString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'grapheme' }) },
  { weight: 1, arbitrary: hugeString },
);

export const RAW_NUMBERS = ['1e400', '-1e400', '1e-400', '-0', '1.0', '1E3', '9007199254740993', '123456789012345678901234567890', '100000000001'].map(
  (t) => new Raw(t),
);

export const junkNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    -1,
    0,
    0.5,
    -0.5,
    1e11,
    1e11 + 1,
    1e21,
    -1e21,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
  ),
  fc.constantFrom(...RAW_NUMBERS),
);

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

const junkKey = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 12 }));

const leaf = fc.oneof(fc.constantFrom(null, true, false), junkNumber, junkString);

/** Any JSON value, nested a few levels at most. */
export const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(junkKey, tie('value')), { maxLength: 5 }).map(objectOf),
})).value;

/** An object with the procedure's own field names (and prototype keys), every value junk: zod gets past the top. */
export const keyedJunk = (keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc.array(fc.tuple(fc.constantFrom(...keys, ...PROTO_KEYS), junk), { maxLength: keys.length + 2 }).map(objectOf);

/** Bodies that are not JSON at all (tRPC must answer PARSE_ERROR-style 400s). */
const notJson = fc.oneof(
  fc.constantFrom('', '{', '{"a":', 'undefined', 'NaN', "{'a':1}", '{"a":1,}', '\u0000', '[1,2', '{"__proto__":', '"\\ud800', '{"a":1}{"b":2}', '\ufeff{}'),
  fc.string({ maxLength: 30, unit: 'binary' }),
);

/** The body of one junk request to a procedure whose input has these keys. */
export const junkBody = (keys: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: junk.map(toJson) },
    { weight: keys.length ? 5 : 0, arbitrary: keys.length ? keyedJunk(keys).map(toJson) : fc.constant('{}') },
    { weight: 1, arbitrary: notJson },
  );
