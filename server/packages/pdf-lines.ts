// The lines the claim PDF's appendix lists: gathered while the ledger files are written (one pass over the
// snapshot), the first PDF_LINES_LISTED by No. kept as rows, every line counted into its category's subtotal.

import { COST_CATEGORIES, isClaimedStage, type CostCategory } from '../../shared/categories.ts';
import { addYen } from '../../shared/money.ts';
import type { PdfLine, PdfLineList } from './claim-pdf-data.ts';
import type { NumberedLine } from './ledger-columns.ts';

/**
 * How many lines the PDF lists; beyond it the PDF says where the rest are (ledger.xlsx and ledger.csv, same
 * No.). pdfmake lays out ~1 ms a line and holds the whole document in memory: 1,000 lines (25–40 pages) add
 * ~1 s and ~30 MB to an export, which keeps the 100,000-line export within its 300 MB target; 2,000 took it
 * to 313 MB, and 100,000 would take minutes and ~2,500 pages nobody reads on paper. See docs/decisions/021.
 */
export const PDF_LINES_LISTED = 1_000;

/** A receipt's path in the ZIP without its folder: the No. and index at its front already say which it is. */
function receiptReference(zipPath: string): string {
  return zipPath.slice(zipPath.indexOf('/') + 1);
}

export class PdfLineCollector {
  private readonly groups = new Map<CostCategory, PdfLineList['groups'][number]>();
  private total = 0;
  private listed = 0;

  constructor(private readonly limit = PDF_LINES_LISTED) {}

  add(line: NumberedLine): void {
    let group = this.groups.get(line.category);
    if (!group) {
      group = { category: line.category, lines: 0, amount: 0, taxAmount: 0, claimedAmount: 0, rows: [] };
      this.groups.set(line.category, group);
    }
    this.total += 1;
    group.lines += 1;
    group.amount = addYen(group.amount, line.amount);
    group.taxAmount = addYen(group.taxAmount, line.taxAmount);
    if (isClaimedStage(line.category, line.stage)) group.claimedAmount = addYen(group.claimedAmount, line.amount);
    if (this.listed >= this.limit) return;
    this.listed += 1;
    const row: PdfLine = {
      number: line.number,
      incurredOn: line.incurredOn,
      stage: line.stage,
      vendor: line.vendor,
      description: line.description,
      amount: line.amount,
      taxCategory: line.taxCategory,
      taxAmount: line.taxAmount,
      invoiceNumber: line.invoiceNumber,
      receipts: line.files.map(receiptReference),
    };
    group.rows.push(row);
  }

  result(): PdfLineList {
    const groups = COST_CATEGORIES.map((category) => this.groups.get(category)).filter((group) => group !== undefined);
    return { total: this.total, listed: this.listed, groups };
  }
}
