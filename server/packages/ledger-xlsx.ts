// ledger.xlsx: the ledger sheet (one row per line, yen-formatted, totals as formulas) and a summary
// sheet per category. Written with exceljs's streaming writer, so rows go to disk as they come.

import ExcelJS from 'exceljs';
import { categoryLabel, CLAIMED_STAGES, PROJECTED_ONLY_STAGES, STAGE_LABELS, type CostStage, type Locale } from '../../shared/categories.ts';
import { addYen, sumYen } from '../../shared/money.ts';
import { AMOUNT_COLUMN, LEDGER_COLUMNS, STAGE_COLUMN, type NumberedLine } from './ledger-columns.ts';

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
};

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
/** Columns whose cells carry no number format: an empty one need not exist at all. */
const PLAIN = LEDGER_COLUMNS.map((c) => c.kind === 'text');

/** Bytes the sheet may queue for compression before the writer waits (see `drained`). */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

const columnLetter = (n: number) => String.fromCharCode(64 + n); // the ledger has fewer than 27 columns

export class LedgerXlsxWriter {
  private readonly workbook;
  private readonly sheet;
  private rows = 0;
  private amounts = { all: 0, claimed: 0, estimate: 0 };

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
    // An empty text cell is left out: exceljs writes nothing for a null cell without a number format
    // anyway, and making one per empty column of 100,000 lines costs time.
    for (let i = 0; i < values.length; i++) if (values[i] === null && PLAIN[i]) values[i] = undefined as never;
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
