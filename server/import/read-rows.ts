// Turns a spreadsheet's rows into ledger lines: rows above the header, totals rows and the rows the
// user's rules leave out are listed with their reason; each other row goes cell by cell through its parser
// (shared/import-values.ts), its category through the value → category table, then the whole line through
// the same schema as `cost.create`, so an imported line obeys exactly the rules of a typed one. Every row
// of the file with anything in it ends as a line, an error or a left-out row: none disappears unlisted.
import type { z } from 'zod';
import { storedStage } from '../../shared/categories.ts';
import { compileCategoryValues, LEAVE_OUT, type ValueTarget } from '../../shared/import-category-values.ts';
import { compileFilterRules, type LeftOutReason } from '../../shared/import-filters.ts';
import { dataStart, isBlankCells, isTotalsRow, type ImportHeaderChoice } from '../../shared/import-layout.ts';
import type { ImportFiltersInput, ImportFixed, ImportMappingInput, ImportSettings } from '../../shared/import-schemas.ts';
import {
  IMPORT_FIELD_KEYS,
  missingMappings,
  parseCategoryCell,
  parseCountCell,
  parseDateCell,
  parseSignedYenCell,
  parseSourceCell,
  parseStageCell,
  parseTaxCategoryCell,
  parseYenCell,
  parseYesNoCell,
  type CellResult,
  type ImportField,
} from '../../shared/import-values.ts';
import { MAX_LINE_AMOUNT } from '../../shared/money.ts';
import { costCreateInput } from '../../shared/schemas.ts';
import { defaultTaxCategory, taxContained } from '../../shared/tax.ts';
import type { FieldCode, FieldIssue, ParamValue } from '../../shared/error-codes.ts';
import { issueFromZod } from '../../shared/zod-codes.ts';
import { fieldErrors, issue } from '../errors.ts';
import { settleRefunds, type Refund } from './refunds.ts';

export type ImportedFields = Omit<z.output<typeof costCreateInput>, 'incidentId'>;

export interface RowProblem {
  field: ImportField | null;
  /** English, as the API's other field messages; `ja` when the parser has its own Japanese wording. */
  en: string;
  ja?: string;
  /** A problem the line's schema found: its code of the catalogue (shared/error-codes.ts), for the UI to word. */
  code?: FieldCode;
  params?: Record<string, ParamValue>;
}

/** A refund that was netted into a line: its row and how much it took off. */
export interface NettedRefund {
  row: number;
  amount: number;
}

export type RowOutcome =
  | { kind: 'line'; row: number; fields: ImportedFields; inherited?: true; netted?: NettedRefund[] }
  | { kind: 'error'; row: number; problems: RowProblem[]; inherited?: true }
  /**
   * A row that is not a line, and why: no amount, a totals row, above the header, a rule's reason (`rule`
   * is its index), a value the table leaves out (`value`), a refund listed or netted (`into`: the charge's row).
   */
  | { kind: 'skipped'; row: number; reason: LeftOutReason; rule?: number; value?: string; into?: number; amount?: number };

/** How the rows are read; what the user chose (shared/import-schemas.ts), every part with its default. */
export type ReadSettings = ImportSettings;

export const DEFAULT_FILTERS: ImportFiltersInput = { totals: false, zeroAmount: false, rules: [] };

/** Checks that the settings can read lines at all; the answer names what is missing. */
export function checkMapping(mapping: ImportMappingInput, fixed: ImportFixed, columnCount: number, filters: ImportFiltersInput = DEFAULT_FILTERS): void {
  const problems: FieldIssue[] = [];
  const used = new Map<number, ImportField>();
  for (const field of IMPORT_FIELD_KEYS) {
    const column = mapping[field];
    if (column === undefined) continue;
    if (column >= columnCount) problems.push(issue(`mapping.${field}`, 'fileColumns', { columns: columnCount }));
    // The category may be read from the vendor's or the description's column (a bank statement's 摘要),
    // through the value table: that one column may hold two fields.
    const other = used.get(column);
    const shared =
      other !== undefined && (field === 'category' || other === 'category') && ['vendor', 'description'].includes(field === 'category' ? other : field);
    if (other && !shared) problems.push(issue(`mapping.${field}`, 'columnTaken', { column: column + 1, other }));
    if (!other) used.set(column, field);
  }
  filters.rules.forEach((rule, i) => {
    if (rule.column >= columnCount) problems.push(issue(`filters.rules.${i}.column`, 'fileColumns', { columns: columnCount }));
    if ((rule.op === 'equals' || rule.op === 'contains') && rule.values.length === 0) problems.push(issue(`filters.rules.${i}.values`, 'nameAValue'));
  });
  // What every file needs (shared/import-values.ts); a category or stage may instead be fixed for the file.
  const missing = missingMappings(mapping).filter((field) => !(field === 'category' && fixed.category));
  if (missing.includes('incurredOn')) problems.push(issue('mapping.incurredOn', 'mapDate'));
  if (missing.includes('category')) problems.push(issue('mapping.category', 'mapCategory'));
  if (mapping.stage === undefined && !fixed.stage) problems.push(issue('mapping.stage', 'mapStage'));
  if (missing.includes('amount')) problems.push(issue('mapping.amount', 'mapAmount'));
  if ((mapping.quantity === undefined) !== (mapping.unitAmount === undefined) && mapping.amount === undefined) {
    problems.push(issue('mapping.unitAmount', 'mapQuantityWithUnit'));
  }
  if (problems.length > 0) throw fieldErrors(problems);
}

export const isBlankRow = isBlankCells;

/** The first row with anything in it: how the import found the header before issue 17, and the upload's check. */
export function headerIndex(table: string[][]): number {
  const index = table.findIndex((cells) => !isBlankRow(cells));
  return index === -1 ? 0 : index;
}

/** The rows with anything in them after the header: the rows a preview and an import go through. */
export function countDataRows(table: string[][], header: ImportHeaderChoice = { row: headerIndex(table), depth: 1 }): number {
  let count = 0;
  for (let index = dataStart(header); index < table.length; index++) if (!isBlankRow(table[index]!)) count++;
  return count;
}

/** Settings with every part not given at its default; the header is the first row with anything in it. */
export function settingsWith(table: string[][], given: Partial<ReadSettings> & Pick<ReadSettings, 'mapping'>): ReadSettings {
  return {
    header: given.header ?? { row: headerIndex(table), depth: 1 },
    mapping: given.mapping,
    fixed: given.fixed ?? {},
    filters: given.filters ?? DEFAULT_FILTERS,
    categoryValues: given.categoryValues ?? [],
    continuation: given.continuation ?? false,
    refunds: given.refunds ?? 'list',
  };
}

/** For each value of the category column (by its normalised form): how many rows, how much, and what it became. */
export interface ValueSummary {
  value: string;
  rows: number;
  amount: number;
  target: ValueTarget | null;
  /** Where the target came from: the user's table, the cell being a category's own name, or the whole-file category. */
  via: 'table' | 'name' | 'fixed' | null;
}

export interface ReadResult {
  outcomes: RowOutcome[];
  values: Map<string, ValueSummary>;
  /** Rows each rule left out, by the rule's index. */
  ruleCounts: number[];
}

/** How many cells a row has up to its last one with anything in it: `a,b,,` is two wide. */
export function filledWidth(cells: readonly string[]): number {
  let width = cells.length;
  while (width > 0 && (cells[width - 1] ?? '').trim() === '') width--;
  return width;
}

/** What a file is beside what the user chose: a CSV's rows are held to the header's width (issue 15). */
export interface FileShape {
  format: 'csv' | 'xlsx';
  /** A header-less layout's documented columns (弥生's 25, shared/import-presets.ts), when the file is one. */
  positional?: readonly string[] | null;
}

/**
 * How wide a CSV row may be under the chosen header (docs/decisions/019 and 025): the header row's filled
 * width, the wider of its two rows for a two-row header (a merged 金額 over 税込 and 税抜 leaves the upper row
 * shorter). With no header the only width a row can be held to is a layout's documented one (弥生's 25
 * columns); any other header-less file has no width to hold its rows to, and none is guessed from the rows,
 * the widest of which may be the shifted one. An XLSX row's cells sit in their own columns: nothing shifts.
 */
export function allowedWidth(table: string[][], header: ImportHeaderChoice, file: FileShape): number {
  if (file.format !== 'csv') return Infinity;
  if (header.row === null) return file.positional ? file.positional.length : Infinity;
  const upper = filledWidth(table[header.row] ?? []);
  return header.depth === 2 ? Math.max(upper, filledWidth(table[header.row + 1] ?? [])) : upper;
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

/** A journal's 明細 row under an entry refused for its width: it has no date or vendor it could rightly take. */
function continuesAnErrorProblem(entryRow: number): RowProblem {
  return {
    field: null,
    en: `continues row ${entryRow}, which has an error: correct that row first`,
    ja: `${entryRow} 行目の仕訳の続きの行ですが、その行にエラーがあります。先にその行を直してください`,
  };
}

/**
 * Reads every row of the file under the settings. `row` numbers are the spreadsheet's own, 1-based, so the
 * user finds the row in the file they have open. Rows above the data (the header, titles) come first. In a
 * CSV, where a stray comma shifts cells, a row wider than the header is an error (allowedWidth).
 */
export function readRows(table: string[][], settings: ReadSettings, incidentId: string, file: FileShape = { format: 'csv' }): ReadResult {
  const outcomes: RowOutcome[] = [];
  const start = dataStart(settings.header);
  const maxWidth = allowedWidth(table, settings.header, file);
  for (let index = 0; index < Math.min(start, table.length); index++) {
    if (isBlankRow(table[index]!)) continue;
    const reason: LeftOutReason = settings.header.row !== null && index >= settings.header.row ? 'header' : 'above_header';
    outcomes.push({ kind: 'skipped', row: index + 1, reason });
  }
  const context: RowContext = {
    mapping: settings.mapping,
    fixed: settings.fixed,
    zeroAmount: settings.filters.zeroAmount,
    resolve: compileCategoryValues(settings.categoryValues),
    values: new Map(),
    incidentId,
  };
  const ruleOf = compileFilterRules(settings.filters.rules);
  const ruleCounts = settings.filters.rules.map(() => 0);
  const refunds: Refund[] = [];
  const inheritColumns = inheritedColumns(settings);
  const dateColumn = settings.mapping.incurredOn;
  let entryHead: string[] | null = null;
  /** The row of the entry last refused for its width: its 明細 rows must not take the entry before it. */
  let refusedEntry: number | null = null;

  for (let index = start; index < table.length; index++) {
    const original = table[index]!; // index < table.length
    let cells = original;
    if (isBlankRow(cells)) continue;
    const row = index + 1;
    // A totals row is never a line, shifted or not: it is left out before its width is measured.
    if (settings.filters.totals && isTotalsRow(cells)) {
      outcomes.push({ kind: 'skipped', row, reason: 'total' });
      continue;
    }
    // Most rows are no wider than the header: only the others are measured. A wider row is refused before
    // the rules look at it, since a shifted cell could make a rule leave it out for a reason it does not have.
    const tooWide = cells.length > maxWidth && filledWidth(cells) > maxWidth;
    // A journal's 明細 row leaves the date empty: it takes the date, vendor and the rules' columns of its entry.
    let inherited = false;
    if (settings.continuation && dateColumn !== undefined) {
      const continues = (cells[dateColumn] ?? '').trim() === '';
      if (continues && refusedEntry !== null) {
        outcomes.push({ kind: 'error', row, problems: [tooWide ? fieldCountProblem(maxWidth, filledWidth(cells)) : continuesAnErrorProblem(refusedEntry)] });
        continue;
      }
      if (continues && entryHead !== null) {
        cells = inherit(cells, entryHead, inheritColumns);
        inherited = true;
      } else if (tooWide) {
        entryHead = null;
        refusedEntry = row;
      } else {
        entryHead = cells;
        refusedEntry = null;
      }
    }
    if (tooWide) {
      outcomes.push({ kind: 'error', row, problems: [fieldCountProblem(maxWidth, filledWidth(original))], ...(inherited ? { inherited: true as const } : {}) });
      continue;
    }
    const rule = ruleOf(cells);
    if (rule !== -1) {
      const matched = settings.filters.rules[rule];
      // ruleOf answers an index into these rules or -1: anything else is a bug in compileFilterRules.
      if (matched === undefined) throw new Error(`filter rule ${rule} does not exist`);
      ruleCounts[rule] = (ruleCounts[rule] ?? 0) + 1;
      outcomes.push({ kind: 'skipped', row, reason: matched.reason, rule });
      continue;
    }
    const outcome = readRow(cells, row, context);
    if (outcome.kind === 'refund') refunds.push(outcome);
    else {
      if (inherited && outcome.kind !== 'skipped') outcome.inherited = true;
      outcomes.push(outcome);
    }
  }
  const settled = settleRefunds(outcomes, refunds, settings.refunds);
  return { outcomes: settled, values: context.values, ruleCounts };
}

/**
 * The columns a continuation row takes from its entry when its own cell is empty: the date, the vendor and
 * what the rules look at (freee's 収支区分), but never the category column: each 明細 row has its own account,
 * and an empty one is a credit-only row.
 */
function inheritedColumns(settings: ReadSettings): number[] {
  const columns = new Set<number>();
  for (const field of ['incurredOn', 'vendor'] as const) if (settings.mapping[field] !== undefined) columns.add(settings.mapping[field]);
  for (const rule of settings.filters.rules) if (rule.op === 'equals' || rule.op === 'contains') columns.add(rule.column);
  if (settings.mapping.category !== undefined) columns.delete(settings.mapping.category);
  return [...columns];
}

function inherit(cells: string[], head: string[], columns: number[]): string[] {
  const copy = cells.slice();
  for (const column of columns) {
    const inheritedCell = head[column] ?? '';
    if ((copy[column] ?? '').trim() === '' && inheritedCell !== '') copy[column] = inheritedCell;
  }
  return copy;
}

interface RowContext {
  mapping: ImportMappingInput;
  fixed: ImportFixed;
  zeroAmount: boolean;
  resolve: (cell: string) => ValueTarget | undefined;
  values: Map<string, ValueSummary>;
  incidentId: string;
}

/** The cell a field is mapped to ('' when unmapped or past the row's end). */
function cellOf(cells: string[], mapping: ImportMappingInput, field: ImportField): string {
  const column = mapping[field];
  return column === undefined ? '' : (cells[column] ?? '');
}

/** A mapped cell through its parser; a failure becomes the row's problem and the value `null`. */
function readCell<T>(
  cells: string[],
  mapping: ImportMappingInput,
  field: ImportField,
  parse: (text: string) => CellResult<T | null>,
  problems: RowProblem[],
): T | null {
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
    incurredOn: c.incurredOn,
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
  };
}

const CATEGORY_UNMAPPED = (value: string) => ({
  field: 'category' as const,
  en: `no category for "${value}": choose one in the value table`,
  ja: `「${value}」の費目が決まっていません（値と費目の対応表で選んでください）`,
});

/** The row's category: the table's entry for its cell, else the cell as a category's name, else the whole file's. */
function categoryOf(cells: string[], context: RowContext, problems: RowProblem[]): { target: ValueTarget | null; cell: string; via: ValueSummary['via'] } {
  const { mapping, fixed } = context;
  if (mapping.category === undefined) return { target: fixed.category ?? null, cell: '', via: fixed.category ? 'fixed' : null };
  const cell = cells[mapping.category] ?? '';
  const fromTable = cell.trim() === '' ? undefined : context.resolve(cell);
  if (fromTable !== undefined) return { target: fromTable, cell, via: 'table' };
  const named = parseCategoryCell(cell);
  if (named.ok && named.value !== null) return { target: named.value, cell, via: 'name' };
  if (fixed.category) return { target: fixed.category, cell, via: 'fixed' };
  if (named.ok) problems.push({ field: 'category', en: 'is required', ja: '費目がありません' });
  else problems.push(CATEGORY_UNMAPPED(cell.trim()));
  return { target: null, cell, via: null };
}

function countValue(context: RowContext, cell: string, target: ValueTarget | null, via: ValueSummary['via'], amount: number) {
  if (context.mapping.category === undefined) return;
  const value = cell.trim();
  let summary = context.values.get(value);
  if (!summary) {
    summary = { value, rows: 0, amount: 0, target, via };
    context.values.set(value, summary);
  }
  summary.rows++;
  if (amount > 0 && Number.isSafeInteger(summary.amount + amount)) summary.amount += amount;
}

type ReadOutcome = RowOutcome | Refund;

// Plain functions rather than closures per row: at 100,000 rows the closures' allocation shows.
function readRow(cells: string[], row: number, context: RowContext): ReadOutcome {
  const { mapping, fixed } = context;
  const problems: RowProblem[] = [];
  const category = categoryOf(cells, context, problems);
  if (category.target === LEAVE_OUT) {
    const amount = parseSignedYenCell(cellOf(cells, mapping, 'amount'));
    countValue(context, category.cell, LEAVE_OUT, category.via, amount.ok && amount.value !== null ? amount.value : 0);
    return { kind: 'skipped', row, reason: 'value_left_out', value: category.cell.trim() };
  }
  const incurredOn = readCell(cells, mapping, 'incurredOn', parseDateCell, problems);
  const stage = readCell(cells, mapping, 'stage', parseStageCell, problems) ?? fixed.stage ?? null;
  const signed = readCell(cells, mapping, 'amount', parseSignedYenCell, problems);
  const quantity = readCell(cells, mapping, 'quantity', parseCountCell, problems);
  const unitAmount = readCell(cells, mapping, 'unitAmount', parseYenCell, problems);
  const source = readCell(cells, mapping, 'source', parseSourceCell, problems) ?? fixed.source ?? 'insured';
  const incurredAbroad = readCell(cells, mapping, 'incurredAbroad', parseYesNoCell, problems) ?? false;
  const taxCategory = readCell(cells, mapping, 'taxCategory', parseTaxCategoryCell, problems);
  const signedTax = readCell(cells, mapping, 'taxAmount', parseSignedYenCell, problems);
  const signedNet = readCell(cells, mapping, 'netAmount', parseSignedYenCell, problems);

  // The gross amount: the 税込 column, or 税抜 + 税額 when the file is kept net of tax.
  let gross = signed;
  let tax = signedTax;
  if (gross === null && signedNet !== null) gross = signedTax === null ? null : signedNet + signedTax;
  else if (gross !== null && signedNet !== null && signedTax === null) tax = gross - signedNet;
  const amountFields: ImportField[] = ['amount', 'quantity', 'unitAmount', 'netAmount', 'taxAmount'];

  // No amount at all (subtotal and heading rows, `-` for none): not a cost line, whatever else it says.
  if (!hasProblem(problems, amountFields) && gross === null && quantity === null && unitAmount === null) return { kind: 'skipped', row, reason: 'no_amount' };
  if (context.zeroAmount && gross === 0 && quantity === null && !hasProblem(problems, amountFields)) return { kind: 'skipped', row, reason: 'zero_amount' };
  const refund = gross !== null && gross < 0;
  if (incurredOn === null && !hasProblem(problems, ['incurredOn'])) problems.push({ field: 'incurredOn', en: 'is required', ja: '日付がありません' });
  if (stage === null && !hasProblem(problems, ['stage'])) problems.push({ field: 'stage', en: 'is required', ja: '段階がありません' });
  const amount = gross === null ? null : Math.abs(gross);
  // Tax given without a tax category: the rate it was charged at says which (税抜 1,000 + 税額 100 is 10%).
  const taxCategoryRead = taxCategory ?? (tax !== null && tax !== 0 && gross !== null ? rateCategory(Math.abs(tax), Math.abs(gross)) : null);
  countValue(context, category.cell, category.target, category.via, amount ?? 0);
  if (problems.length > 0) return { kind: 'error', row, problems };

  // Date, category and stage are set here: each missing one was a problem above.
  const candidate: Candidate = {
    incidentId: context.incidentId,
    category: category.target!,
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
    ...(taxCategoryRead === null ? {} : { taxCategory: taxCategoryRead }),
    ...(tax === null ? {} : { taxAmount: Math.abs(tax) }),
    ...(mapping.invoiceNumber === undefined || cellOf(cells, mapping, 'invoiceNumber').trim() === ''
      ? {}
      : { invoiceNumber: cellOf(cells, mapping, 'invoiceNumber') }),
  };
  // A tax amount of the wrong sign for its line (a refund's tax written positive, or the reverse) is a typo.
  if (tax !== null && gross !== null && tax !== 0 && Math.sign(tax) !== Math.sign(gross)) {
    return { kind: 'error', row, problems: [{ field: 'taxAmount', en: 'has the opposite sign to the amount', ja: '税額の符号が金額と逆です' }] };
  }
  const plain = plainLumpSum(candidate);
  const fields = plain ?? validated(candidate, row);
  if ('kind' in fields) return fields;
  return refund ? { kind: 'refund', row, fields } : { kind: 'line', row, fields };
}

/**
 * 10% or 8% when the tax is that share of the net amount (to the yen, either rounding); else null. In integers:
 * |net × 10% − tax| < 1 is |net − 10 × tax| < 10, and |net × 8% − tax| < 1 is |2 × net − 25 × tax| < 25.
 */
function rateCategory(tax: number, gross: number): 'taxable_10' | 'taxable_8' | null {
  const net = gross - tax;
  if (net <= 0) return null;
  if (Math.abs(net - 10 * tax) < 10) return 'taxable_10';
  if (Math.abs(2 * net - 25 * tax) < 25) return 'taxable_8';
  return null;
}

function validated(candidate: Candidate, row: number): ImportedFields | RowOutcome {
  const parsed = costCreateInput.safeParse(candidate);
  if (!parsed.success) {
    return {
      kind: 'error',
      row,
      problems: parsed.error.issues.map((found) => {
        const { code, params } = issueFromZod(found);
        return { field: (found.path[0] as ImportField | undefined) ?? null, en: found.message, code, params };
      }),
    };
  }
  const { incidentId: _incident, ...fields } = parsed.data;
  return fields;
}
