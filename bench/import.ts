// Figure `import100k`: importing a 100,000-line CSV (parse, validate, insert) against a raw
// better-sqlite3 prepared INSERT of the same rows. Target: ≤ 2 s, and ≤ 3× the raw insert.
//
// The file is bench/support/import-csv.ts's: a Japanese "CSV UTF-8" (日付,区分,金額,支払先,摘要). Each
// run opens a fresh DATA_DIR through openDatabase (the app's schema and pragmas) with a company, user,
// policy and incident written straight in. The import keeps the rollups itself, one upsert per group
// (server/ledger/rollups.ts); the raw baseline writes the lines only.
//   baseline: the rows already parsed, one prepared INSERT per row into `costs` (the same columns an
//             import writes, import_id included), all in one transaction. No parsing, no validation.
//   import:   the CSV's bytes through the import core (measureImport below), lines checked in the ledger.
// Baseline and import alternate, BENCH_IMPORT_RUNS times (default 3); the figure is the median.
//
// Knobs: BENCH_LINES (100000), BENCH_IMPORT_RUNS (or BENCH_RUNS; 3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { openDatabase, type Db } from '../server/db/client.ts';
import { newId } from '../server/ids.ts';
import { IMPORT_CACHE_KIB, insertImportedLines, prepareImport, withImportCache } from '../server/import/import-lines.ts';
import { settingsWith } from '../server/import/read-rows.ts';
import { readTable } from '../server/import/read-table.ts';
import { IMPORT_STAGE, generateImportCsv, type ParsedRow } from './support/import-csv.ts';
import { benchLines, machineInfo, median, printDocument, progress, round, runsFrom, type Figure } from './support/report.ts';
import { seedOwner, type SeededOwner } from './support/seed-owner.ts';
import { at } from '../test/support/at.ts';
import { transact } from '../server/db/transaction.ts';

const SCRIPT = 'import';
const machine = machineInfo();
const ranAt = new Date();
const LINES = benchLines();
const RUNS = runsFrom('BENCH_IMPORT_RUNS', 3);
const TARGET_MS = 2_000;
const TARGET_RATIO = 3;
const FILE_NAME = '2026年7-9月_対応費用.csv';

/** What the import is handed: a fresh, migrated database with the incident the lines go to, and the file. */
export interface ImportBenchContext {
  db: Db;
  dataDir: string;
  owner: SeededOwner;
  fileName: string;
  bytes: Buffer;
  /** The file's stage (it has no stage column) and its column layout, 0-based. */
  stage: typeof IMPORT_STAGE;
  mapping: { incurredOn: 0; category: 1; amount: 2; vendor: 3; description: 4 };
}

/** The import core on the file, timed from its bytes to the committed lines. */
async function measureImport(ctx: ImportBenchContext): Promise<number | null> {
  // The import row the lines point at, as the upload step writes it (not timed: it is the upload's).
  const importId = newId();
  ctx.db.$client
    .prepare(
      `INSERT INTO cost_imports (id, company_id, incident_id, file_name, file_sha256, file_size, format, layout_key, row_count, created_by)
       VALUES (?, ?, ?, ?, 'bench', ?, 'csv', 'bench', ?, ?)`,
    )
    .run(importId, ctx.owner.companyId, ctx.owner.incidentId, ctx.fileName, ctx.bytes.length, LINES, ctx.owner.userId);
  const start = performance.now();
  // What costImport.commit does between reading the stored file and answering (server/import/):
  // decode and parse, read every row through its parsers and the cost schema, look for duplicates in
  // the ledger, then insert every line in one transaction.
  const table = await readTable(ctx.bytes, ctx.fileName);
  const prepared = await prepareImport(
    ctx.db,
    ctx.owner.incidentId,
    table.rows,
    settingsWith(table.rows, { mapping: ctx.mapping, fixed: { stage: ctx.stage } }),
  );
  if (prepared.errorCount > 0) throw new Error(`import: ${prepared.errorCount} rows in error`);
  await withImportCache(
    ctx.db,
    async () =>
      await transact(
        ctx.db,
        async () =>
          await insertImportedLines(
            ctx.db,
            { importId, incidentId: ctx.owner.incidentId, companyId: ctx.owner.companyId, userId: ctx.owner.userId },
            prepared.lines,
          ),
      ),
  );
  return performance.now() - start;
}

/** The raw floor: the same rows, already parsed, through one prepared INSERT in one transaction. */
function measureRawInsert(sqlite: Database.Database, owner: SeededOwner, rows: ParsedRow[]): number {
  // An import row to point at, as an import's lines do (the foreign key is checked on every insert).
  const importId = newId();
  sqlite
    .prepare(
      `INSERT INTO cost_imports (id, company_id, incident_id, file_name, file_sha256, file_size, format, encoding, layout_key, status, row_count, created_by)
       VALUES (?, ?, ?, ?, 'baseline', 0, 'csv', 'utf-8-bom', 'baseline', 'committed', ?, ?)`,
    )
    .run(importId, owner.companyId, owner.incidentId, FILE_NAME, rows.length, owner.userId);
  // The same page cache the import writes with (server/import/import-lines.ts), so the two differ only in the work.
  sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  const start = performance.now();
  const insert = sqlite.prepare(
    `INSERT INTO costs (id, incident_id, company_id, category, stage, incurred_on, amount, quantity, unit_amount, vendor, description,
                        source, claimant, incurred_abroad, import_id, import_row, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, 'insured', NULL, 0, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < rows.length; i++) {
      const r = at(rows, i);
      insert.run(
        newId(),
        owner.incidentId,
        owner.companyId,
        r.category,
        IMPORT_STAGE,
        r.incurredOn,
        r.amount,
        r.vendor,
        r.description,
        importId,
        i + 2,
        owner.userId,
      );
    }
  })();
  return performance.now() - start;
}

/** The ledger and its rollups after a run: every line there, every yen counted. */
function checkLedger(sqlite: Database.Database, incidentId: string, expected: { lines: number; amount: number }, what: string) {
  const ledger = sqlite
    .prepare(`SELECT COUNT(*) AS lines, COALESCE(SUM(amount), 0) AS amount FROM costs WHERE incident_id = ? AND deleted_at IS NULL`)
    .get(incidentId) as { lines: number; amount: number };
  const rollups = sqlite
    .prepare(`SELECT COALESCE(SUM(line_count), 0) AS lines, COALESCE(SUM(amount), 0) AS amount FROM cost_rollups WHERE incident_id = ?`)
    .get(incidentId) as { lines: number; amount: number };
  // The raw baseline writes the lines only: the rollups are the import's (server/ledger/rollups.ts).
  const checked =
    what === 'baseline'
      ? ([['ledger', ledger]] as const)
      : ([
          ['ledger', ledger],
          ['rollups', rollups],
        ] as const);
  for (const [name, got] of checked) {
    if (got.lines !== expected.lines || got.amount !== expected.amount) {
      throw new Error(`${what}: the ${name} holds ${got.lines} lines / ¥${got.amount}, expected ${expected.lines} / ¥${expected.amount}`);
    }
  }
}

async function freshDatabase() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-bench-import-'));
  const db = await openDatabase(dataDir);
  const owner = seedOwner(db.$client);
  // Start from a checkpointed WAL, as a long-running server would be.
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  return { dataDir, db, owner, close: () => (db.$client.close(), rmSync(dataDir, { recursive: true, force: true })) };
}

progress(SCRIPT, `generating a ${LINES.toLocaleString('en-US')}-line CSV`);
const file = generateImportCsv(LINES);
const expected = { lines: LINES, amount: file.amount };
progress(SCRIPT, `${(file.bytes.length / 1024 / 1024).toFixed(1)} MB; ${RUNS} run(s) of baseline then import`);

const baselineMs: number[] = [];
const importMs: number[] = [];
let pending = false;
for (let run = 1; run <= RUNS; run++) {
  {
    const fresh = await freshDatabase();
    try {
      const ms = measureRawInsert(fresh.db.$client, fresh.owner, file.rows);
      checkLedger(fresh.db.$client, fresh.owner.incidentId, expected, 'baseline');
      baselineMs.push(ms);
      progress(SCRIPT, `run ${run}: raw insert ${Math.round(ms)} ms`);
    } finally {
      fresh.close();
    }
  }
  {
    const fresh = await freshDatabase();
    try {
      const ms = await measureImport({
        db: fresh.db,
        dataDir: fresh.dataDir,
        owner: fresh.owner,
        fileName: FILE_NAME,
        bytes: file.bytes,
        stage: IMPORT_STAGE,
        mapping: { incurredOn: 0, category: 1, amount: 2, vendor: 3, description: 4 },
      });
      if (ms === null) {
        pending = true;
        progress(SCRIPT, `run ${run}: import core not wired yet (measureImport in bench/import.ts)`);
      } else {
        checkLedger(fresh.db.$client, fresh.owner.incidentId, expected, 'import');
        importMs.push(ms);
        progress(SCRIPT, `run ${run}: import ${Math.round(ms)} ms`);
      }
    } finally {
      fresh.close();
    }
  }
}

const baseline = round(median(baselineMs), 1);
const value = pending ? null : round(median(importMs), 1);
const ratio = value === null ? null : round(value / baseline, 2);
const figure: Figure = {
  unit: 'ms',
  value,
  runsMs: importMs.map((ms) => round(ms, 1)),
  ratioToBaseline: ratio,
  lines: LINES,
  fileBytes: file.bytes.length,
  baseline: {
    what: `raw better-sqlite3: one prepared INSERT per row into costs (same columns as an import, foreign keys on, no rollups, the import's ${IMPORT_CACHE_KIB / 1024} MiB page cache), the ${LINES.toLocaleString('en-US')} rows already parsed, in one transaction, on a fresh openDatabase() DATA_DIR`,
    value: baseline,
    runsMs: baselineMs.map((ms) => round(ms, 1)),
  },
  target: `≤ ${TARGET_MS} ms and ≤ ${TARGET_RATIO}× baseline (median of ${RUNS} runs)`,
  met: value !== null && ratio !== null && value <= TARGET_MS && ratio <= TARGET_RATIO,
  ...(pending ? { pending: 'the import core is not wired into bench/import.ts (measureImport) yet' } : {}),
};

printDocument(
  ranAt,
  machine,
  { import100k: figure },
  {
    import: {
      file: {
        name: FILE_NAME,
        encoding: 'utf-8 with BOM, CRLF',
        columns: '日付,区分,金額,支払先,摘要',
        bytes: file.bytes.length,
        lines: LINES,
        amount: file.amount,
        stage: IMPORT_STAGE,
      },
    },
  },
);
