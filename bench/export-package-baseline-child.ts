// The raw floor beside the claim package export (bench/export-package.ts), in a fresh process like the
// export itself so its peak RSS is its own: only better-sqlite3 and yazl are loaded. It reads every live
// line of the incident with one SELECT, streamed as a naive CSV (values joined by commas, quoted when
// needed) into a ZIP (deflated, as the package's ledger.csv is) followed by the incident's receipts
// (stored, as the package stores them), hashing the ZIP as it is written. No PDF, no XLSX, no manifest,
// no summary, no database writes. Prints one JSON line on stdout.
// Usage: node --import tsx bench/export-package-baseline-child.ts <dataDir> <incidentId>
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import yazl from 'yazl';

const [dataDir, incidentId] = process.argv.slice(2);
if (!dataDir || !incidentId) {
  console.error('usage: export-package-baseline-child.ts <dataDir> <incidentId>');
  process.exit(2);
}

const MB = 1024 * 1024;
const round = (n: number) => Math.round(n * 10) / 10;
const rssBeforeMb = round(process.memoryUsage().rss / MB);

const sqlite = new Database(path.join(dataDir, 'ledger.sqlite'), { readonly: true });
const start = performance.now();
/** A SQLite value as a CSV cell: text and numbers as they are, NULL as nothing. */
const quote = (value: string | number | bigint | null) => {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
// The receipts first: while the lines are streamed, their statement holds the connection.
const receipts = sqlite
  .prepare(`SELECT sha256, name FROM attachments WHERE incident_id = ? AND cost_id IS NOT NULL AND deleted_at IS NULL ORDER BY created_at, id`)
  .all(incidentId) as { sha256: string; name: string }[];
const selectLines = sqlite.prepare(`SELECT * FROM costs WHERE incident_id = ? AND deleted_at IS NULL ORDER BY incurred_on, id`);
const columns = selectLines.columns().map((c) => c.name);
let lines = 0;
let csvBytes = 0;
/** The CSV in batches of 1,000 rows, pulled by the ZIP as it writes (one SELECT, streamed). */
function* csvText() {
  yield `\ufeff${columns.join(',')}\r\n`;
  let batch: string[] = [];
  for (const row of selectLines.raw().iterate(incidentId) as IterableIterator<(string | number | bigint | null)[]>) {
    batch.push(row.map(quote).join(','));
    lines++;
    if (batch.length === 1000) {
      const text = `${batch.join('\r\n')}\r\n`;
      csvBytes += Buffer.byteLength(text);
      yield text;
      batch = [];
    }
  }
  if (batch.length > 0) {
    const text = `${batch.join('\r\n')}\r\n`;
    csvBytes += Buffer.byteLength(text);
    yield text;
  }
  sqlite.close();
}

const zip = new yazl.ZipFile();
zip.addReadStream(Readable.from(csvText()), 'ledger.csv', { compress: true });
receipts.forEach((r, i) =>
  zip.addFile(path.join(dataDir, 'files', r.sha256.slice(0, 2), r.sha256), `receipts/${String(i + 1).padStart(4, '0')}_${r.name}`, { compress: false }),
);
zip.end();
const target = path.join(tmpdir(), `bct-bench-baseline-${process.pid}.zip`);
const hash = createHash('sha256');
await pipeline(
  zip.outputStream as Readable,
  new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  }),
  createWriteStream(target, { flush: true }),
);
const sha256 = hash.digest('hex');
const wallMs = performance.now() - start;
const zipBytes = statSync(target).size;
rmSync(target, { force: true });

console.log(
  JSON.stringify({
    wallMs: Math.round(wallMs),
    lines,
    receipts: receipts.length,
    csvBytes,
    zipBytes,
    sha256,
    rssBeforeMb,
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
  }),
);
