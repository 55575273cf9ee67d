// The ledger's totals per tax category, as a 請求書 shows them per rate: gross (税込), tax (税額), net (税抜),
// and the income tax withheld. From the tax index alone, however long the ledger.

import { indexedBy } from '../db/dialect-sql.ts';
import { sql } from 'drizzle-orm';
import { TAX_CATEGORIES, type TaxCategory } from '../../shared/tax.ts';
import type { Db } from '../db/client.ts';
import { allRows } from '../db/rows.ts';

export interface TaxTotal {
  taxCategory: TaxCategory;
  lines: number;
  gross: number;
  tax: number;
  net: number;
  withheld: number;
}

export interface TaxTotals {
  /** Lines that count towards the claim. */
  claimed: TaxTotal[];
  /** Every line, estimates and demands included. */
  all: TaxTotal[];
}

interface Row {
  taxCategory: TaxCategory;
  claimed: number;
  lines: number;
  gross: number;
  tax: number;
  withheld: number;
}

function fold(rows: Row[], include: (r: Row) => boolean): TaxTotal[] {
  return TAX_CATEGORIES.map((taxCategory) => {
    const mine = rows.filter((r) => r.taxCategory === taxCategory && include(r));
    const total = (pick: (r: Row) => number) => mine.reduce((s, r) => s + pick(r), 0);
    const gross = total((r) => r.gross);
    const tax = total((r) => r.tax);
    return { taxCategory, lines: total((r) => r.lines), gross, tax, net: gross - tax, withheld: total((r) => r.withheld) };
  }).filter((t) => t.lines > 0);
}

export async function taxTotals(db: Db, incidentId: string): Promise<TaxTotals> {
  const rows = await allRows<Row>(
    db,
    sql`
    SELECT tax_category AS "taxCategory", claimed, COUNT(*) AS lines, SUM(amount) AS gross, SUM(tax_amount) AS tax,
           COALESCE(SUM(withholding_tax), 0) AS withheld
      FROM costs ${indexedBy(db, 'costs_incident_tax')}
     WHERE incident_id = ${incidentId} AND deleted_at IS NULL
     GROUP BY tax_category, claimed`,
  );
  return { claimed: fold(rows, (r) => Number(r.claimed) === 1), all: fold(rows, () => true) };
}
