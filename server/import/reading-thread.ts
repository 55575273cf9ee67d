// The reading thread: reads uploaded spreadsheets into tables, one job at a time, away from the thread that
// answers requests. It runs with its own heap limit and is stopped from outside when a read takes too long
// (server/import/read-apart.ts), so a hostile file costs this thread, never the server's.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { ImportFileError } from './import-file-error.ts';
import { MAX_ROW_CELLS, MAX_TABLE_CELLS } from './read-limits.ts';
import { readTable } from './read-table.ts';

export interface ReadJob {
  path: string;
  fileName: string;
  maxRows: number;
}

/** What the thread says about one job: rows in batches, then how the job ended. */
export type ReadMessage =
  | { kind: 'rows'; json: string }
  | { kind: 'done'; format: 'csv' | 'xlsx'; encoding: string | null }
  | { kind: 'refused'; code: ImportFileError['code']; row: number | null }
  | { kind: 'failed'; unexpected: string };

/** Rows per message, by cells: the server's thread parses each batch in a few milliseconds between requests. */
const BATCH_CELLS = 50_000;

/** The table goes to the server's memory: refuse one too wide or too large to hold there. */
function checkCells(rows: string[][]): void {
  let cells = 0;
  for (const row of rows) {
    if (row.length > MAX_ROW_CELLS) throw new ImportFileError('too_many_cells');
    cells += row.length;
  }
  if (cells > MAX_TABLE_CELLS) throw new ImportFileError('too_many_cells');
}

function send(message: ReadMessage): void {
  parentPort!.postMessage(message);
}

/** Reads one file and sends its rows back; every failure is sent back too, so the promise never rejects. */
async function read(job: ReadJob): Promise<void> {
  try {
    const table = await readTable(readFileSync(job.path), job.fileName, job.maxRows);
    // The reader stopped one row past the limit: the file is refused, and its rows need not travel.
    if (table.rows.length > job.maxRows) throw new ImportFileError('too_many_rows');
    checkCells(table.rows);
    // As JSON in batches: the server's thread parses a string about twice as fast as it rebuilds a
    // structured clone of many small strings (130 ms against 300 ms for 200,000 rows of 5 cells, measured),
    // and batches never hold it for long at a time.
    let from = 0;
    while (from < table.rows.length) {
      let to = from;
      for (let cells = 0; to < table.rows.length && cells < BATCH_CELLS; to++) cells += table.rows[to]!.length + 1; // to < table.rows.length
      send({ kind: 'rows', json: JSON.stringify(table.rows.slice(from, to)) });
      from = to;
    }
    send({ kind: 'done', format: table.format, encoding: table.encoding });
  } catch (error) {
    send(
      error instanceof ImportFileError
        ? { kind: 'refused', code: error.code, row: error.row }
        : { kind: 'failed', unexpected: String((error as Error)?.stack ?? error) },
    );
  }
}

parentPort!.on('message', (job: ReadJob) => void read(job));
