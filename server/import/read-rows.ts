// Turns a spreadsheet's rows into ledger lines: each mapped cell through its parser
// (shared/import-values.ts), then the whole line through the same schema as `cost.create`, so an
// imported line obeys exactly the rules of a typed one. Every problem stays with its row.
import { TRPCError } from '@trpc/server';
import type { ImportFixed, ImportMappingInput } from '../../shared/import-schemas.ts';
import {
  IMPORT_FIELD_KEYS,
  missingMappings,
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
import { storedStage } from '../../shared/categories.ts';
import { MAX_LINE_AMOUNT } from '../../shared/money.ts';
import { defaultTaxCategory, taxContained } from '../../shared/tax.ts';
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
  // What every file needs (shared/import-values.ts); a category or stage may instead be fixed for the file.
  const missing = missingMappings(mapping).filter((field) => !(field === 'category' && fixed.category));
  if (missing.includes('incurredOn')) problems.push('mapping.incurredOn: map the column that holds the date');
  if (missing.includes('category')) problems.push('mapping.category: map a column or choose one category for the whole file');
  if (mapping.stage === undefined && !fixed.stage) problems.push('mapping.stage: map a column or choose one stage for the whole file');
  if (missing.includes('amount')) problems.push('mapping.amount: map the amount, or both quantity and unit amount');
  if ((mapping.quantity === undefined) !== (mapping.unitAmount === undefined) && mapping.amount === undefined) {
    problems.push('mapping.unitAmount: quantity and unit amount are mapped together');
  }
  if (problems.length > 0) throw new TRPCError({ code: 'BAD_REQUEST', message: problems.join('; ') });
}

export const isBlankRow = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** The header is the first row with anything in it (a sheet may start with an empty line). */
export function headerIndex(table: string[][]): number {
  const index = table.findIndex((cells) => !isBlankRow(cells));
  return index === -1 ? 0 : index;
}

/** The rows after the header with anything in them: the rows a preview and an import go through. */
export function countDataRows(table: string[][]): number {
  let count = 0;
  for (let index = headerIndex(table) + 1; index < table.length; index++) if (!isBlankRow(table[index])) count++;
  return count;
}

/** How many cells a row has up to its last one with anything in it: `a,b,,` is two wide. */
export function filledWidth(cells: string[]): number {
  let width = cells.length;
  while (width > 0 && cells[width - 1].trim() === '') width--;
  return width;
}

/**
 * A CSV row with more fields than its header: an unquoted `¥48,400` splits into `¥48` and `400`, and
 * every cell after it moves one column right. Read as it is, the line would be ¥48 paid to "400"; so the
 * row is an error as a whole and none of its cells is read. Empty cells at the end do not count (Excel
 * writes `a,b,,`), and a shorter row is read as it is: Excel leaves out a row's empty last cells.
 */
function fieldCountProblem(headerWidth: number, rowWidth: number): RowProblem {
  return {
    field: null,
    en: `has ${rowWidth} fields where the header has ${headerWidth}: a value with a comma, such as the amount ¥48,400, must be in quotes ("¥48,400")`,
    ja: `列の数が見出しと違います（見出し ${headerWidth} 列、この行 ${rowWidth} 列）。カンマを含む金額などは "¥48,400" のように引用符で囲んでください`,
  };
}

/**
 * Reads every data row (the rows after the header). `row` numbers are the spreadsheet's own, 1-based,
 * so the user finds the row in the file they have open. In a CSV, where a stray comma shifts cells, a row
 * wider than its header is an error; an XLSX row's cells sit in their own columns, so nothing can shift and
 * a note beyond the last titled column is simply not mapped (docs/decisions/019).
 */
export function readRows(table: string[][], mapping: ImportMappingInput, fixed: ImportFixed, incidentId: string, format: 'csv' | 'xlsx' = 'csv'): RowOutcome[] {
  const outcomes: RowOutcome[] = [];
  const header = headerIndex(table);
  const headerWidth = format === 'csv' ? filledWidth(table[header] ?? []) : Infinity;
  for (let index = header + 1; index < table.length; index++) {
    const cells = table[index];
    if (isBlankRow(cells)) continue;
    // Most rows are no wider than the header: only the others are measured.
    const width = cells.length > headerWidth ? filledWidth(cells) : 0;
    if (width > headerWidth) outcomes.push({ kind: 'error', row: index + 1, problems: [fieldCountProblem(headerWidth, width)] });
    else outcomes.push(readRow(cells, index + 1, mapping, fixed, incidentId));
  }
  return outcomes;
}

/** The cell a field is mapped to ('' when unmapped or past the row's end). */
function cellOf(cells: string[], mapping: ImportMappingInput, field: ImportField): string {
  const column = mapping[field];
  return column === undefined ? '' : (cells[column] ?? '');
}

/** A mapped cell through its parser; a failure becomes the row's problem and the value `null`. */
function readCell<T>(cells: string[], mapping: ImportMappingInput, field: ImportField, parse: (text: string) => CellResult<T | null>, problems: RowProblem[]): T | null {
  if (mapping[field] === undefined) return null;
  const result = parse(cellOf(cells, mapping, field));
  if (result.ok) return result.value;
  problems.push({ field, en: result.error.en, ja: result.error.ja });
  return null;
}

const hasProblem = (problems: RowProblem[], fields: ImportField[]) => problems.some((p) => p.field !== null && fields.includes(p.field));

type Candidate = z.input<typeof costCreateInput>;

/**
 * The common row — one amount, borne by the insured, short texts — checked without zod, which costs
 * ~9–18 µs a row (one to two seconds at 100,000 rows, measured). The cells' parsers have already checked the enums, the date
 * and the amount's range, so what is left is exactly `costCreateInput`'s remaining rules for this shape;
 * any other shape (quantity × unit, third-party claims, long texts) goes through the schema itself.
 * test/unit/import-rows.test.ts checks that both give the same line.
 */
export function plainLumpSum(c: Candidate): ImportedFields | null {
  if (c.quantity !== undefined || c.unitAmount !== undefined || c.source !== 'insured' || c.claimant !== undefined) return null;
  // Tax given in the file (a category, an amount, an invoice number) is the schema's to check.
  if (c.taxCategory !== undefined || c.taxAmount !== undefined || c.invoiceNumber !== undefined || c.withholdingTax !== undefined) return null;
  // A stage the category stores differently (a damages line "invoiced") or refuses is the schema's to decide.
  if (storedStage(c.category, c.stage) !== c.stage) return null;
  if (c.amount === undefined || !Number.isSafeInteger(c.amount) || c.amount < 0 || c.amount > MAX_LINE_AMOUNT) return null;
  if ((c.vendor?.length ?? 0) > 200 || (c.description?.length ?? 0) > 2000) return null;
  const taxCategory = defaultTaxCategory({ category: c.category, source: 'insured', quantity: null });
  return {
    category: c.category,
    stage: c.stage,
    incurredOn: c.incurredOn as string,
    amount: c.amount,
    quantity: null,
    unitAmount: null,
    ...(c.vendor === undefined ? {} : { vendor: c.vendor }),
    ...(c.description === undefined ? {} : { description: c.description }),
    source: 'insured',
    claimant: null,
    incurredAbroad: c.incurredAbroad ?? false,
    taxCategory,
    taxAmount: taxContained(c.amount, taxCategory),
    invoiceNumber: null,
    withholdingTax: null,
  } as ImportedFields;
}

// Plain functions rather than closures per row: at 100,000 rows the closures' allocation shows.
function readRow(cells: string[], row: number, mapping: ImportMappingInput, fixed: ImportFixed, incidentId: string): RowOutcome {
  const problems: RowProblem[] = [];
  const incurredOn = readCell(cells, mapping, 'incurredOn', parseDateCell, problems);
  const category = readCell(cells, mapping, 'category', parseCategoryCell, problems) ?? fixed.category ?? null;
  const stage = readCell(cells, mapping, 'stage', parseStageCell, problems) ?? fixed.stage ?? null;
  const amount = readCell(cells, mapping, 'amount', parseYenCell, problems);
  const quantity = readCell(cells, mapping, 'quantity', parseCountCell, problems);
  const unitAmount = readCell(cells, mapping, 'unitAmount', parseYenCell, problems);
  const source = readCell(cells, mapping, 'source', parseSourceCell, problems) ?? fixed.source ?? 'insured';
  const incurredAbroad = readCell(cells, mapping, 'incurredAbroad', parseYesNoCell, problems) ?? false;

  // No amount at all (subtotal and heading rows, `-` for none): not a cost line, whatever else it says.
  if (!hasProblem(problems, ['amount', 'quantity', 'unitAmount']) && amount === null && quantity === null && unitAmount === null) return { kind: 'skipped', row };
  if (incurredOn === null && !hasProblem(problems, ['incurredOn'])) problems.push({ field: 'incurredOn', en: 'is required', ja: '日付がありません' });
  if (category === null && !hasProblem(problems, ['category'])) problems.push({ field: 'category', en: 'is required', ja: '費目がありません' });
  if (stage === null && !hasProblem(problems, ['stage'])) problems.push({ field: 'stage', en: 'is required', ja: '段階がありません' });
  if (problems.length > 0) return { kind: 'error', row, problems };

  // Date, category and stage are set here: each missing one was a problem above.
  const candidate: Candidate = {
    incidentId,
    category: category!,
    stage: stage!,
    incurredOn: incurredOn!,
    amount: amount ?? undefined,
    quantity: quantity ?? undefined,
    unitAmount: unitAmount ?? undefined,
    vendor: cellOf(cells, mapping, 'vendor').trim() || undefined,
    description: cellOf(cells, mapping, 'description').trim() || undefined,
    claimant: cellOf(cells, mapping, 'claimant').trim() || undefined,
    source,
    incurredAbroad,
  };
  const plain = plainLumpSum(candidate);
  if (plain) return { kind: 'line', row, fields: plain };
  const parsed = costCreateInput.safeParse(candidate);
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
