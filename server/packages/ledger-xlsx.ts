// ledger.xlsx: the ledger sheet (one row per line, yen-formatted, totals and the totals per tax rate as
// formulas) and a summary sheet per category. Written with exceljs's streaming writer, so rows go to disk
// as they come.

import ExcelJS from 'exceljs';
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
  type NumberedLine,
} from './ledger-columns.ts';

export const YEN_FORMAT = '"¥"#,##0';

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

/**
 * One frozen style object per column, shared by all its cells. exceljs caches styles by object: a style
 * per cell (what column styles give) makes it serialise 1.6 million styles for 100,000 lines, ~6 s.
 */
const CELL_STYLES = LEDGER_COLUMNS.map((c) =>
  Object.freeze(c.kind === 'yen' ? { numFmt: YEN_FORMAT } : c.kind === 'int' ? { numFmt: '#,##0' } : {}),
) as Partial<ExcelJS.Style>[];

/** The same, in red and bold, for the cells a column marks as alerts (missing consent, disallowed). */
const ALERT_STYLES = CELL_STYLES.map((style) => Object.freeze({ ...style, font: { bold: true, color: { argb: 'FFB00020' } } })) as Partial<ExcelJS.Style>[];
const ALERTS = LEDGER_COLUMNS.map((c) => c.alert);

/** Bytes the sheet may queue for compression before the writer waits (see `drained`). */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** A 1-based column number as Excel names it: 1 → A, 26 → Z, 27 → AA. */
export function columnLetter(n: number): string {
  let name = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

export class LedgerXlsxWriter {
  private readonly workbook;
  private readonly sheet;
  private rows = 0;
  private amounts = { all: 0, claimed: 0, estimate: 0 };
  private readonly taxSums = new Map<TaxCategory, TaxSums>(TAX_CATEGORIES.map((c) => [c, { gross: 0, tax: 0, withheld: 0 }]));

  constructor(
    filePath: string,
    private readonly locale: Locale,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: filePath, useStyles: true, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet(LABELS.ledgerSheet[locale], { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.columns = LEDGER_COLUMNS.map((c, i) => ({ header: c.header[locale], width: c.width, style: CELL_STYLES[i] }));
    this.sheet.getRow(1).font = { bold: true };
  }

  write(line: NumberedLine): void {
    const values = LEDGER_COLUMNS.map((c) => c.value(line, this.locale));
    // An empty cell is left out: a number format on a blank shows nothing, and making a cell per empty column
    // of 100,000 lines costs time (most lines have no withholding, many no registration number).
    for (let i = 0; i < values.length; i++) if (values[i] === null) values[i] = undefined as never;
    const row = this.sheet.addRow(values);
    for (let i = 0; i < CELL_STYLES.length; i++) {
      if (values[i] !== undefined) row.getCell(i + 1).style = ALERTS[i]?.(line) ? ALERT_STYLES[i] : CELL_STYLES[i];
    }
    row.commit();
    this.rows += 1;
    // Integer yen: these sums are exact, and are only the cached results of the formulas below.
    this.amounts.all = addYen(this.amounts.all, line.amount);
    if (CLAIMED_STAGES.includes(line.stage)) this.amounts.claimed = addYen(this.amounts.claimed, line.amount);
    else this.amounts.estimate = addYen(this.amounts.estimate, line.amount);
    const sums = this.taxSums.get(line.taxCategory)!;
    sums.gross = addYen(sums.gross, line.amount);
    sums.tax = addYen(sums.tax, line.taxAmount);
    sums.withheld = addYen(sums.withheld, line.withholdingTax ?? 0);
  }

  /**
   * Waits while the sheet's compressed output falls behind. exceljs ignores back-pressure between the
   * sheet and its ZIP, so without this a large ledger queues tens of MB; the lookup reads exceljs
   * internals (4.x), and without them it simply does not wait.
   */
  async drained(): Promise<void> {
    const queue = (this.sheet as unknown as { _stream?: { pipes?: { _writableState?: { length: number }; once(e: string, f: () => void): void }[] } })._stream?.pipes?.[0];
    while (queue?._writableState && queue._writableState.length > MAX_QUEUED_BYTES) {
      await new Promise<void>((resolve) => queue.once('drain', resolve));
    }
  }

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
    this.sheet.addRow([]).commit();
    for (const total of totals) {
      const row = this.sheet.addRow([]);
      row.getCell(AMOUNT_COLUMN - 1).value = total.label;
      row.getCell(AMOUNT_COLUMN).value = { formula: total.formula, result: total.result };
      row.font = { bold: true };
      row.commit();
    }
    this.addTaxTotals(first, last);
  }

  /**
   * Below the totals, under the 税抜, 税額, 税込 and 源泉徴収税額 columns: their sums per tax category, each a
   * SUMIF over the 税区分 column with its result cached, then their total (which is the 合計 above).
   */
  private addTaxTotals(first: number, last: number): void {
    const range = (column: number) => `${columnLetter(column)}${first}:${columnLetter(column)}${last}`;
    const categories = range(TAX_CATEGORY_COLUMN);
    const columns: { column: number; pick: (s: TaxSums) => number }[] = [
      { column: NET_COLUMN, pick: (s) => s.gross - s.tax },
      { column: TAX_COLUMN, pick: (s) => s.tax },
      { column: GROSS_COLUMN, pick: (s) => s.gross },
      { column: WITHHOLDING_COLUMN, pick: (s) => s.withheld },
    ];
    this.sheet.addRow([]).commit();
    const head = this.sheet.addRow([]);
    head.getCell(TAX_CATEGORY_COLUMN).value = LABELS.byTaxCategory[this.locale];
    for (const { column } of columns) head.getCell(column).value = LEDGER_COLUMNS[column - 1].header[this.locale];
    head.font = { bold: true };
    head.commit();
    const rowNumbers: number[] = [];
    for (const category of TAX_CATEGORIES) {
      const row = this.sheet.addRow([]);
      rowNumbers.push(row.number);
      row.getCell(TAX_CATEGORY_COLUMN).value = TAX_ROW_LABELS[category][this.locale];
      const criterion = `"${TAX_CATEGORY_LABELS[category][this.locale]}"`;
      for (const { column, pick } of columns) {
        const cell = row.getCell(column);
        cell.value = { formula: `SUMIF(${categories},${criterion},${range(column)})`, result: pick(this.taxSums.get(category)!) };
        cell.numFmt = YEN_FORMAT;
      }
      row.commit();
    }
    const total = this.sheet.addRow([]);
    total.getCell(TAX_CATEGORY_COLUMN).value = LABELS.total[this.locale];
    const sums = [...this.taxSums.values()];
    for (const { column, pick } of columns) {
      const cell = total.getCell(column);
      const letter = columnLetter(column);
      cell.value = { formula: `SUM(${letter}${rowNumbers[0]}:${letter}${rowNumbers.at(-1)})`, result: sumYen(sums.map(pick)) };
      cell.numFmt = YEN_FORMAT;
    }
    total.font = { bold: true };
    total.commit();
  }

  private addSummarySheet(summary: XlsxSummary): void {
    const sheet = this.workbook.addWorksheet(LABELS.summarySheet[this.locale]);
    sheet.columns = [
      { header: LABELS.category[this.locale], width: 40 },
      { header: LABELS.incurred[this.locale], width: 18, style: { numFmt: YEN_FORMAT } },
      { header: LABELS.counted[this.locale], width: 18, style: { numFmt: YEN_FORMAT } },
      { header: LABELS.estimated[this.locale], width: 18, style: { numFmt: YEN_FORMAT } },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const c of summary.byCategory) {
      sheet.addRow([categoryLabel(c.category, this.locale), c.incurred, c.counted, c.estimated]).commit();
    }
    const last = summary.byCategory.length + 1;
    const sum = (column: string, key: 'incurred' | 'counted' | 'estimated') => ({
      formula: `SUM(${column}2:${column}${last})`,
      result: sumYen(summary.byCategory.map((c) => c[key])),
    });
    const totalRow = sheet.addRow([LABELS.total[this.locale], sum('B', 'incurred'), sum('C', 'counted'), sum('D', 'estimated')]);
    totalRow.font = { bold: true };
    totalRow.commit();
    sheet.addRow([]).commit();
    for (const figure of summary.figures) sheet.addRow([figure.label, figure.amount]).commit();
    sheet.commit();
  }

  async end(summary: XlsxSummary): Promise<void> {
    this.addTotals();
    this.sheet.commit();
    this.addSummarySheet(summary);
    await this.workbook.commit();
  }
}
