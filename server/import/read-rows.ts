// Turns a spreadsheet's rows into ledger lines: each mapped cell through its parser
// (shared/import-values.ts), then the whole line through the same schema as `cost.create`, so an
// imported line obeys exactly the rules of a typed one. Every problem stays with its row.
import { TRPCError } from '@trpc/server';
import type { ImportFixed, ImportMappingInput } from '../../shared/import-schemas.ts';
import {
  IMPORT_FIELD_KEYS,
  parseCategoryCell,
  parseCountCell,
  parseDateCell,
  parseSourceCell,
  parseStageCell,
  parseYenCell,
  parseYesNoCell,
  type CellResult,
  type ImportField,
} from '../../shared/import-values.ts';
import { costCreateInput } from '../../shared/schemas.ts';
import type { z } from 'zod';

export type ImportedFields = Omit<z.output<typeof costCreateInput>, 'incidentId'>;

export interface RowProblem {
  field: ImportField | null;
  /** English, as the API's other field messages; `ja` when the parser has its own Japanese wording. */
  en: string;
  ja?: string;
}

export type RowOutcome =
  | { kind: 'line'; row: number; fields: ImportedFields }
  | { kind: 'error'; row: number; problems: RowProblem[] }
  /** A row with no amount at all (`-` or empty): not a cost, shown in the preview and left out. */
  | { kind: 'skipped'; row: number };

/** Checks that the mapping can read lines at all; the answer names what is missing. */
export function checkMapping(mapping: ImportMappingInput, fixed: ImportFixed, columnCount: number): void {
  const problems: string[] = [];
  const used = new Map<number, ImportField>();
  for (const field of IMPORT_FIELD_KEYS) {
    const column = mapping[field];
    if (column === undefined) continue;
    if (column >= columnCount) problems.push(`mapping.${field}: the file has only ${columnCount} columns`);
    const other = used.get(column);
    if (other) problems.push(`mapping.${field}: column ${column + 1} is already mapped to ${other}`);
    used.set(column, field);
  }
  if (mapping.incurredOn === undefined) problems.push('mapping.incurredOn: map the column that holds the date');
  if (mapping.category === undefined && !fixed.category) problems.push('mapping.category: map a column or choose one category for the whole file');
  if (mapping.stage === undefined && !fixed.stage) problems.push('mapping.stage: map a column or choose one stage for the whole file');
  const hasProduct = mapping.quantity !== undefined && mapping.unitAmount !== undefined;
  if (mapping.amount === undefined && !hasProduct) problems.push('mapping.amount: map the amount, or both quantity and unit amount');
  if ((mapping.quantity === undefined) !== (mapping.unitAmount === undefined) && mapping.amount === undefined) {
    problems.push('mapping.unitAmount: quantity and unit amount are mapped together');
  }
  if (problems.length > 0) throw new TRPCError({ code: 'BAD_REQUEST', message: problems.join('; ') });
}

const isBlankRow = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/**
 * Reads every data row (the first row is the header). `row` numbers are the spreadsheet's own, 1-based
 * with the header as row 1, so the user finds the row in the file they have open.
 */
export function readRows(table: string[][], mapping: ImportMappingInput, fixed: ImportFixed, incidentId: string): RowOutcome[] {
  const outcomes: RowOutcome[] = [];
  for (let index = 1; index < table.length; index++) {
    const cells = table[index];
    if (isBlankRow(cells)) continue;
    outcomes.push(readRow(cells, index + 1, mapping, fixed, incidentId));
  }
  return outcomes;
}

function readRow(cells: string[], row: number, mapping: ImportMappingInput, fixed: ImportFixed, incidentId: string): RowOutcome {
  const problems: RowProblem[] = [];
  const cell = (field: ImportField) => {
    const column = mapping[field];
    return column === undefined ? '' : (cells[column] ?? '');
  };
  /** A cell through its parser; a failure becomes the row's problem and the value `null`. */
  function read<T>(field: ImportField, parse: (text: string) => CellResult<T | null>): T | null {
    if (mapping[field] === undefined) return null;
    const result = parse(cell(field));
    if (result.ok) return result.value;
    problems.push({ field, en: result.error.en, ja: result.error.ja });
    return null;
  }

  const incurredOn = read('incurredOn', parseDateCell);
  const category = read('category', parseCategoryCell) ?? fixed.category ?? null;
  const stage = read('stage', parseStageCell) ?? fixed.stage ?? null;
  const amount = read('amount', parseYenCell);
  const quantity = read('quantity', parseCountCell);
  const unitAmount = read('unitAmount', parseYenCell);
  const source = read('source', parseSourceCell) ?? fixed.source ?? 'insured';
  const incurredAbroad = read('incurredAbroad', parseYesNoCell) ?? false;
  const text = (field: ImportField) => cell(field).trim() || undefined;

  // No amount at all (subtotal and heading rows, `-` for none): not a cost line, whatever else it says.
  const amountProblem = problems.some((p) => p.field === 'amount' || p.field === 'quantity' || p.field === 'unitAmount');
  if (!amountProblem && amount === null && quantity === null && unitAmount === null) return { kind: 'skipped', row };
  if (incurredOn === null && !problems.some((p) => p.field === 'incurredOn')) problems.push({ field: 'incurredOn', en: 'is required', ja: '日付がありません' });
  if (category === null && !problems.some((p) => p.field === 'category')) problems.push({ field: 'category', en: 'is required', ja: '費目がありません' });
  if (stage === null && !problems.some((p) => p.field === 'stage')) problems.push({ field: 'stage', en: 'is required', ja: '段階がありません' });
  if (problems.length > 0) return { kind: 'error', row, problems };

  const parsed = costCreateInput.safeParse({
    incidentId,
    category,
    stage,
    incurredOn,
    amount: amount ?? undefined,
    quantity: quantity ?? undefined,
    unitAmount: unitAmount ?? undefined,
    vendor: text('vendor'),
    description: text('description'),
    claimant: text('claimant'),
    source,
    incurredAbroad,
  });
  if (!parsed.success) {
    return {
      kind: 'error',
      row,
      problems: parsed.error.issues.map((issue) => ({ field: (issue.path[0] as ImportField | undefined) ?? null, en: issue.message })),
    };
  }
  const { incidentId: _incident, ...fields } = parsed.data;
  return { kind: 'line', row, fields };
}
