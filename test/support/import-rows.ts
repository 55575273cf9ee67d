// An import preview's rows narrowed by kind, so a test reads an error row's problems or a line's fields without a cast.
import type { OutputOf } from './api-types.ts';

export type PreviewRow = OutputOf<'costImport.preview'>['rows'][number];
export type RowKind = PreviewRow['kind'];
export type RowOf<K extends RowKind> = Extract<PreviewRow, { kind: K }>;

/** The row, which must be of this kind: a row of another kind fails the test, naming both. */
export function asKind<K extends RowKind>(row: PreviewRow | undefined, kind: K): RowOf<K> {
  if (row === undefined) throw new Error(`expected a ${kind} row, got none`);
  if (row.kind !== kind) throw new Error(`expected row ${row.row} to be a ${kind} row, got ${row.kind}`);
  return row as RowOf<K>;
}

/** The rows of one kind, in order. */
export function rowsOfKind<K extends RowKind>(rows: readonly PreviewRow[], kind: K): RowOf<K>[] {
  return rows.filter((row): row is RowOf<K> => row.kind === kind);
}
