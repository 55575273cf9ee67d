// Indexing in tests and benchmarks under noUncheckedIndexedAccess: the item that must be there, or a failure saying which was missing.

/** The item at `index` of a list (a row, a match group, an entry); a missing one fails the test by name, not as "undefined". */
export function at<T>(list: ArrayLike<T>, index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`expected an item at index ${index} of a list of ${list.length}`);
  return item;
}

/** A value a test expects to exist (a record's entry, a map's value, a field that may be null), named in the failure when it does not. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what} to exist, got ${String(value)}`);
  return value;
}

type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N ? R : Tuple<T, N, [...R, T]>;

/** The list, checked to hold at least `count` items, typed so `const [a, b] = atLeast(list, 2)` needs no `!`. */
export function atLeast<T, N extends number>(list: readonly T[], count: N): Tuple<T, N> & T[] {
  if (list.length < count) throw new Error(`expected at least ${count} items, got ${list.length}`);
  if (list.slice(0, count).some((item) => item === undefined)) throw new Error(`expected the first ${count} items to exist`);
  return list as Tuple<T, N> & T[];
}
