// ledger.csv: one row per cost line, UTF-8 with a BOM so Excel opens the Japanese text correctly.
// Streams to disk; `write` waits when the file falls behind, so memory stays flat on large ledgers.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Locale } from '../../shared/categories.ts';
import { LEDGER_COLUMNS, type NumberedLine } from './ledger-columns.ts';

export class LedgerCsvWriter {
  private readonly csv;
  private readonly file;

  constructor(
    filePath: string,
    private readonly locale: Locale,
  ) {
    // escape_formulas: a vendor typed as `=HYPERLINK(…)` must stay text when Excel opens the file.
    this.csv = stringify({
      bom: true,
      header: true,
      columns: LEDGER_COLUMNS.map((c) => c.header[locale]),
      record_delimiter: 'windows',
      escape_formulas: true,
    });
    this.file = createWriteStream(filePath, { flush: true });
    this.csv.pipe(this.file);
  }

  async write(line: NumberedLine): Promise<void> {
    const record = LEDGER_COLUMNS.map((c) => c.value(line, this.locale) ?? '');
    if (!this.csv.write(record)) await once(this.csv, 'drain');
  }

  async end(): Promise<void> {
    this.csv.end();
    await finished(this.file);
  }
}
