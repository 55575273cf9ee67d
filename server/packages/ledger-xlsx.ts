// ledger.xlsx: the ledger sheet (one row per line, yen-formatted, totals and the totals per tax rate as
// formulas) and a summary sheet per category. Each line's row goes to the ZIP as it comes
// (xlsx-stream.ts), so memory stays flat on large ledgers.

import { categoryLabel, CLAIMED_STAGES, PROJECTED_ONLY_STAGES, STAGE_LABELS, type CostStage, type Locale } from '../../shared/categories.ts';
import { addYen, sumYen } from '../../shared/money.ts';
import { TAX_CATEGORIES, TAX_CATEGORY_LABELS, type TaxCategory } from '../../shared/tax.ts';
import {
  AMOUNT_COLUMN,
  GROSS_COLUMN,
  LEDGER_COLUMNS,
  NET_COLUMN,
  STAGE_COLUMN,
  TAX_CATEGORY_COLUMN,
  TAX_COLUMN,
  WITHHOLDING_COLUMN,
  ledgerValues,
  type CellKind,
  type NumberedLine,
} from './ledger-columns.ts';
import { cellXml, columnLetter, rowXml, SHEET_END, sheetStart, styleOf, XlsxStreamWriter, type CellValue, type NumberFormat } from './xlsx-stream.ts';

export { YEN_FORMAT } from './xlsx-stream.ts';

export interface XlsxSummary {
  byCategory: { category: Parameters<typeof categoryLabel>[0]; incurred: number; counted: number; estimated: number }[];
  figures: { label: string; amount: number }[];
}

const LABELS = {
  ledgerSheet: { ja: '明細', en: 'Ledger' },
  summarySheet: { ja: '集計', en: 'Summary' },
  totalAll: { ja: '合計（全明細）', en: 'Total (all lines)' },
  totalClaimed: { ja: '請求額（請求・支払済）', en: 'Claimed (invoiced and paid)' },
  totalEstimate: { ja: '見積・未確定の請求', en: 'Estimates and demands' },
  category: { ja: '費用区分', en: 'Category' },
  incurred: { ja: '請求額', en: 'Claimed' },
  counted: { ja: '支払対象額', en: 'Counted by the policy' },
  estimated: { ja: '見積額', en: 'Estimates' },
  total: { ja: '合計', en: 'Total' },
  byTaxCategory: { ja: '税率別の内訳（全明細）', en: 'Per tax rate (all lines)' },
};

/** The rows of the totals per tax rate, as an invoice heads them (適格請求書: 税率ごとに区分した合計). */
const TAX_ROW_LABELS: Record<TaxCategory, { ja: string; en: string }> = {
  taxable_10: { ja: '10%対象', en: 'Taxable at 10%' },
  taxable_8: { ja: '8%対象（軽減税率）', en: 'Taxable at 8% (reduced rate)' },
  exempt: { ja: '非課税', en: 'Exempt' },
  non_taxable: { ja: '不課税', en: 'Not subject' },
  out_of_scope: { ja: '対象外', en: 'Out of scope' },
};

interface TaxSums {
  gross: number;
  tax: number;
  withheld: number;
}

const FORMATS: Record<CellKind, NumberFormat> = { yen: 'yen', int: 'int', text: 'general' };
/** Per column: its letter, its cells' style, and in red and bold for the cells it marks (missing consent, disallowed). */
const COLUMN_CELLS = LEDGER_COLUMNS.map((c, i) => ({
  letter: columnLetter(i + 1),
  style: styleOf(FORMATS[c.kind]),
  alertStyle: styleOf(FORMATS[c.kind], 'alert'),
  alert: c.alert,
}));

const BOLD = styleOf('general', 'bold');
const BOLD_YEN = styleOf('yen', 'bold');
const YEN = styleOf('yen');

export class LedgerXlsxWriter {
  private readonly xlsx;
  private rows = 0;
  private amounts = { all: 0, claimed: 0, estimate: 0 };
  private readonly taxSums = new Map<TaxCategory, TaxSums>(TAX_CATEGORIES.map((c) => [c, { gross: 0, tax: 0, withheld: 0 }]));

  constructor(
    filePath: string,
    private readonly locale: Locale,
    createdAt?: Date,
  ) {
    const start = sheetStart(
      LEDGER_COLUMNS.map((c) => ({ width: c.width, format: FORMATS[c.kind] })),
      true,
    );
    this.xlsx = new XlsxStreamWriter(filePath, [LABELS.ledgerSheet[locale], LABELS.summarySheet[locale]], start, createdAt);
    this.xlsx.write(
      rowXml(
        1,
        LEDGER_COLUMNS.map((c) => ({ value: c.header[locale], style: styleOf(FORMATS[c.kind], 'bold') })),
      ),
    );
  }

  /** `values` as ledgerValues gives them (computed once for both ledger files); an empty cell is left out. */
  write(line: NumberedLine, values: (string | number | null)[] = ledgerValues(line, this.locale)): void {
    this.rows += 1;
    const r = this.rows + 1;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === '') continue;
      const column = COLUMN_CELLS[i];
      if (!column) throw new Error(`ledger value ${i} has no column`); // ledgerValues gives one per column
      xml += cellXml(`${column.letter}${r}`, value, column.alert?.(line) ? column.alertStyle : column.style);
    }
    this.xlsx.write(`${xml}</row>`);
    // Integer yen: these sums are exact, and are only the cached results of the formulas below.
    this.amounts.all = addYen(this.amounts.all, line.amount);
    if (CLAIMED_STAGES.includes(line.stage)) this.amounts.claimed = addYen(this.amounts.claimed, line.amount);
    else this.amounts.estimate = addYen(this.amounts.estimate, line.amount);
    const sums = this.taxSums.get(line.taxCategory)!;
    sums.gross = addYen(sums.gross, line.amount);
    sums.tax = addYen(sums.tax, line.taxAmount);
    sums.withheld = addYen(sums.withheld, line.withholdingTax ?? 0);
  }

  /** Waits while the sheet's compressed output falls behind (called between pages of lines). */
  async drained(): Promise<void> {
    return await this.xlsx.drained();
  }

  /** A row of cells from column `first` on (1-based). */
  private row(number: number, first: number, cells: { value: CellValue; style: number }[]): void {
    this.xlsx.write(rowXml(number, cells, first));
  }

  /** Below the lines: the totals, then the totals per tax rate. */
  private addTotals(): void {
    const first = 2;
    const last = Math.max(first, this.rows + 1);
    const amounts = `${columnLetter(AMOUNT_COLUMN)}${first}:${columnLetter(AMOUNT_COLUMN)}${last}`;
    const stages = `${columnLetter(STAGE_COLUMN)}${first}:${columnLetter(STAGE_COLUMN)}${last}`;
    const label = (stage: keyof typeof STAGE_LABELS) => `"${STAGE_LABELS[stage][this.locale]}"`;
    const sumIfs = (stages_: readonly CostStage[]) => stages_.map((stage) => `SUMIF(${stages},${label(stage)},${amounts})`).join('+');
    const totals = [
      { label: LABELS.totalAll[this.locale], formula: `SUM(${amounts})`, result: this.amounts.all },
      // The stages come from shared/categories.ts: invoiced, agreed and paid are claimed; estimates and demands projected.
      { label: LABELS.totalClaimed[this.locale], formula: sumIfs(CLAIMED_STAGES), result: this.amounts.claimed },
      { label: LABELS.totalEstimate[this.locale], formula: sumIfs(PROJECTED_ONLY_STAGES), result: this.amounts.estimate },
    ];
    let next = this.rows + 3; // a blank row after the lines
    for (const total of totals) {
      this.row(next++, AMOUNT_COLUMN - 1, [
        { value: total.label, style: BOLD },
        { value: { formula: total.formula, result: total.result }, style: BOLD_YEN },
      ]);
    }
    this.addTaxTotals(first, last, next + 1);
  }

  /**
   * Below the totals, under the 税抜, 税額, 税込 and 源泉徴収税額 columns: their sums per tax category, each a
   * SUMIF over the 税区分 column with its result cached, then their total (which is the 合計 above).
   */
  private addTaxTotals(first: number, last: number, headRow: number): void {
    const range = (column: number) => `${columnLetter(column)}${first}:${columnLetter(column)}${last}`;
    const categories = range(TAX_CATEGORY_COLUMN);
    const columns: { column: number; pick: (s: TaxSums) => number }[] = [
      { column: NET_COLUMN, pick: (s) => s.gross - s.tax },
      { column: TAX_COLUMN, pick: (s) => s.tax },
      { column: GROSS_COLUMN, pick: (s) => s.gross },
      { column: WITHHOLDING_COLUMN, pick: (s) => s.withheld },
    ];
    // One cell per column from the 税区分 column to the last of these; the ones between are left empty.
    const width = Math.max(...columns.map((c) => c.column)) - TAX_CATEGORY_COLUMN + 1;
    const cells = (labelText: string, labelStyle: number, valueOf: (column: (typeof columns)[number]) => CellValue, style: number) => {
      const row: { value: CellValue; style: number }[] = Array.from({ length: width }, () => ({ value: null, style: 0 }));
      row[0] = { value: labelText, style: labelStyle };
      for (const column of columns) row[column.column - TAX_CATEGORY_COLUMN] = { value: valueOf(column), style };
      return row;
    };
    this.row(
      headRow,
      TAX_CATEGORY_COLUMN,
      cells(LABELS.byTaxCategory[this.locale], BOLD, (c) => ledgerColumnAt(c.column).header[this.locale], BOLD),
    );
    const firstRow = headRow + 1;
    TAX_CATEGORIES.forEach((category, i) => {
      const criterion = `"${TAX_CATEGORY_LABELS[category][this.locale]}"`;
      const sums = this.taxSums.get(category)!;
      const formula = (c: (typeof columns)[number]) => ({ formula: `SUMIF(${categories},${criterion},${range(c.column)})`, result: c.pick(sums) });
      this.row(firstRow + i, TAX_CATEGORY_COLUMN, cells(TAX_ROW_LABELS[category][this.locale], 0, formula, YEN));
    });
    const lastRow = firstRow + TAX_CATEGORIES.length - 1;
    const all = [...this.taxSums.values()];
    const sum = (c: (typeof columns)[number]) => {
      const letter = columnLetter(c.column);
      return { formula: `SUM(${letter}${firstRow}:${letter}${lastRow})`, result: sumYen(all.map(c.pick)) };
    };
    this.row(lastRow + 1, TAX_CATEGORY_COLUMN, cells(LABELS.total[this.locale], BOLD, sum, BOLD_YEN));
  }

  private summarySheet(summary: XlsxSummary): string {
    const { locale } = this;
    const columns = [
      { width: 40, format: 'general' as const },
      { width: 18, format: 'yen' as const },
      { width: 18, format: 'yen' as const },
      { width: 18, format: 'yen' as const },
    ];
    const rows: string[] = [
      rowXml(
        1,
        [LABELS.category[locale], LABELS.incurred[locale], LABELS.counted[locale], LABELS.estimated[locale]].map((value, i) => ({
          value,
          style: i === 0 ? BOLD : BOLD_YEN,
        })),
      ),
    ];
    summary.byCategory.forEach((c, i) => {
      rows.push(
        rowXml(i + 2, [
          { value: categoryLabel(c.category, locale), style: 0 },
          ...[c.incurred, c.counted, c.estimated].map((value) => ({ value, style: YEN })),
        ]),
      );
    });
    const last = summary.byCategory.length + 1;
    const sum = (column: string, key: 'incurred' | 'counted' | 'estimated') => ({
      value: { formula: `SUM(${column}2:${column}${last})`, result: sumYen(summary.byCategory.map((c) => c[key])) },
      style: BOLD_YEN,
    });
    rows.push(rowXml(last + 1, [{ value: LABELS.total[locale], style: BOLD }, sum('B', 'incurred'), sum('C', 'counted'), sum('D', 'estimated')]));
    summary.figures.forEach((figure, i) =>
      rows.push(
        rowXml(last + 3 + i, [
          { value: figure.label, style: 0 },
          { value: figure.amount, style: YEN },
        ]),
      ),
    );
    return `${sheetStart(columns, false)}${rows.join('')}${SHEET_END}`;
  }

  /** Closes the file unfinished, when the export fails before `end`. */
  abort(): void {
    this.xlsx.abort();
  }

  async end(summary: XlsxSummary): Promise<void> {
    this.addTotals();
    await this.xlsx.end([this.summarySheet(summary)]);
  }
}

/** The ledger column at a 1-based position; the totals name theirs by constants that must stay in range. */
function ledgerColumnAt(position: number): (typeof LEDGER_COLUMNS)[number] {
  const column = LEDGER_COLUMNS[position - 1];
  if (!column) throw new Error(`the ledger has no column ${position}`);
  return column;
}
