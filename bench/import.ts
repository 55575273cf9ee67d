// Figure `import100k.<engine>`: importing a 100,000-line CSV (parse, validate, insert) against a raw
// prepared INSERT of the same rows on the same engine. Target: ≤ 2 s, and ≤ 3× the raw insert.
//
// The file is bench/support/import-csv.ts's: a Japanese "CSV UTF-8" (日付,区分,金額,支払先,摘要). Each
// run opens a fresh database with the app's schema and a company, user, policy and incident written
// straight in. The import keeps the rollups itself, one upsert per group (server/ledger/rollups.ts); the
// raw baseline writes the lines only.
//   BENCH_ENGINE=sqlite (default): a fresh DATA_DIR through openDatabase (the app's schema and pragmas);
//     baseline: the rows already parsed, one prepared better-sqlite3 INSERT per row into `costs` (the same
//               columns an import writes, import_id included), all in one transaction.
//   BENCH_ENGINE=postgres: one throwaway PostgreSQL for the script (bench/support/engine.ts: durable,
//     fsync on), a database in byte order migrated once by openPostgres and copied for every run;
//     baseline: the same rows through the bare `pg` driver, multi-row INSERTs of 1,000 rows into `costs`
//               (the batch the import itself writes, server/import/import-lines.ts), in one transaction.
//   No parsing, no validation in either baseline.
//   minimal:  the issue's own baseline, "a bare insert into a minimal table with one index": the same rows'
//             incident, category, date, amount, vendor and description into a table of those columns with
//             one index (incident, date), on a fresh database of the same engine, inserted as the baseline
//             inserts (one prepared INSERT per row on SQLite, multi-row INSERTs of 1,000 rows on PostgreSQL).
//   import:   the CSV's bytes through the import core (measureImport below), lines checked in the ledger.
// Baseline, minimal and import alternate, BENCH_IMPORT_RUNS times (default 3); each figure is the median.
//
// Knobs: BENCH_ENGINE (sqlite), BENCH_LINES (100000), BENCH_IMPORT_RUNS (or BENCH_RUNS; 3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { closeDatabase, openDatabase, type Db } from '../server/db/client.ts';
import { openPostgres } from '../server/db/postgres.ts';
import { newId } from '../server/ids.ts';
import { IMPORT_CACHE_KIB, insertImportedLines, prepareImport, withImportCache } from '../server/import/import-lines.ts';
import { settingsWith } from '../server/import/read-rows.ts';
import { readTable } from '../server/import/read-table.ts';
import { IMPORT_STAGE, generateImportCsv, type ParsedRow } from './support/import-csv.ts';
import { benchEngine, numbered, onEngine, postgresForScript, type BenchPostgres } from './support/engine.ts';
import { benchLines, machineInfo, median, printDocument, progress, round, runsFrom, type Figure } from './support/report.ts';
import { seedOwner, seedOwnerPg, type SeededOwner } from './support/seed-owner.ts';
import { at } from '../test/support/at.ts';
import { transact } from '../server/db/transaction.ts';

const SCRIPT = 'import';
const machine = machineInfo();
const ranAt = new Date();
const ENGINE = benchEngine();
const LINES = benchLines();
const RUNS = runsFrom('BENCH_IMPORT_RUNS', 3);
const TARGET_MS = 2_000;
const TARGET_RATIO = 3;
const FILE_NAME = '2026年7-9月_対応費用.csv';
/** Rows per multi-row INSERT in the PostgreSQL baseline: what insertImportedLines writes per statement. */
const PG_BATCH = 1000;

/** What the import is handed: a fresh, migrated database with the incident the lines go to, and the file. */
export interface ImportBenchContext {
  db: Db;
  owner: SeededOwner;
  fileName: string;
  bytes: Buffer;
  /** The file's stage (it has no stage column) and its column layout, 0-based. */
  stage: typeof IMPORT_STAGE;
  mapping: { incurredOn: 0; category: 1; amount: 2; vendor: 3; description: 4 };
}

/** A fresh database on the engine, with what both sides need of it. */
interface Fresh {
  db: Db;
  owner: SeededOwner;
  /** One statement with `?` placeholders, on whichever engine. */
  run(sql: string, params: unknown[]): Promise<void>;
  get<T>(sql: string, params: unknown[]): Promise<T>;
  /** The raw floor, timed. */
  rawInsert(rows: ParsedRow[], importId: string): Promise<number>;
  /** The floor: the rows into a minimal table with one index (made untimed), timed. */
  minimalInsert(rows: ParsedRow[]): Promise<number>;
  close(): Promise<void>;
}

const IMPORT_ROW_SQL = `INSERT INTO cost_imports (id, company_id, incident_id, file_name, file_sha256, file_size, format, encoding, layout_key, status, row_count, created_by)
   VALUES (?, ?, ?, ?, ?, ?, 'csv', 'utf-8-bom', ?, ?, ?, ?)`;
/** The columns both baselines write: those an import writes, with what this file gives. */
const RAW_COLUMNS = `id, incident_id, company_id, category, stage, incurred_on, amount, quantity, unit_amount, vendor, description,
                     source, claimant, incurred_abroad, import_id, import_row, created_by`;
const rawValues = (owner: SeededOwner, importId: string, r: ParsedRow, i: number) => [
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
];
/** One row's placeholders: NULL quantity and unit, 'insured', no claimant, not abroad (0 on SQLite, false on PostgreSQL). */
const rawRow = (abroad: string) => `(?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, 'insured', NULL, ${abroad}, ?, ?, ?)`;

/** The "minimal table with one index": the columns a line cannot do without, and one index. */
const MINIMAL_TABLE = [
  `CREATE TABLE bench_minimal (incident_id TEXT NOT NULL, category TEXT NOT NULL, incurred_on TEXT NOT NULL, amount BIGINT NOT NULL,
                               vendor TEXT, description TEXT)`,
  `CREATE INDEX bench_minimal_incident ON bench_minimal (incident_id, incurred_on)`,
];
const MINIMAL_COLUMNS = 'incident_id, category, incurred_on, amount, vendor, description';
const MINIMAL_ROW = '(?, ?, ?, ?, ?, ?)';
const minimalValues = (owner: SeededOwner, r: ParsedRow) => [owner.incidentId, r.category, r.incurredOn, r.amount, r.vendor, r.description];

/** The import core on the file, timed from its bytes to the committed lines. */
async function measureImport(fresh: Fresh, ctx: ImportBenchContext): Promise<number | null> {
  // The import row the lines point at, as the upload step writes it (not timed: it is the upload's).
  const importId = newId();
  await fresh.run(IMPORT_ROW_SQL, [
    importId,
    ctx.owner.companyId,
    ctx.owner.incidentId,
    ctx.fileName,
    'bench',
    ctx.bytes.length,
    'bench',
    'previewed',
    LINES,
    ctx.owner.userId,
  ]);
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
        async (tx) =>
          await insertImportedLines(
            tx,
            { importId, incidentId: ctx.owner.incidentId, companyId: ctx.owner.companyId, userId: ctx.owner.userId },
            prepared.lines,
          ),
      ),
  );
  return performance.now() - start;
}

/** SQLite's raw floor: the same rows, already parsed, through one prepared INSERT in one transaction. */
function rawInsertSqlite(sqlite: Database.Database, owner: SeededOwner, rows: ParsedRow[], importId: string): number {
  // The same page cache the import writes with (server/import/import-lines.ts), so the two differ only in the work.
  sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  const start = performance.now();
  const insert = sqlite.prepare(`INSERT INTO costs (${RAW_COLUMNS}) VALUES ${rawRow('0')}`);
  sqlite.transaction(() => {
    for (let i = 0; i < rows.length; i++) insert.run(...rawValues(owner, importId, at(rows, i), i));
  })();
  return performance.now() - start;
}

/** SQLite's minimal floor: the rows into the minimal table (made first, untimed), one prepared INSERT per row. */
function minimalInsertSqlite(sqlite: Database.Database, owner: SeededOwner, rows: ParsedRow[]): number {
  for (const statement of MINIMAL_TABLE) sqlite.exec(statement);
  sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  const start = performance.now();
  const insert = sqlite.prepare(`INSERT INTO bench_minimal (${MINIMAL_COLUMNS}) VALUES ${MINIMAL_ROW}`);
  sqlite.transaction(() => {
    for (const row of rows) insert.run(...minimalValues(owner, row));
  })();
  return performance.now() - start;
}

/**
 * PostgreSQL's floors: `rows` in multi-row INSERTs of PG_BATCH rows into `table (columns)`, `row` the placeholders
 * of one row and `values` its values, in one transaction; timed from BEGIN to COMMIT.
 */
async function batchInsertPostgres(
  pool: pg.Pool,
  insert: { name: string; table: string; columns: string; row: string; values: (r: ParsedRow, index: number) => unknown[] },
  rows: ParsedRow[],
): Promise<number> {
  const client = await pool.connect();
  try {
    const start = performance.now();
    await client.query('BEGIN');
    for (let from = 0; from < rows.length; from += PG_BATCH) {
      const batch = rows.slice(from, from + PG_BATCH);
      const text = numbered(`INSERT INTO ${insert.table} (${insert.columns}) VALUES ${batch.map(() => insert.row).join(', ')}`);
      // Named, so a full batch is parsed and planned once per connection, as a prepared statement is.
      await client.query({ name: `${insert.name}-${batch.length}`, text, values: batch.flatMap((r, k) => insert.values(r, from + k)) });
    }
    await client.query('COMMIT');
    return performance.now() - start;
  } finally {
    client.release();
  }
}

/** PostgreSQL's raw floor: the same rows, already parsed, into `costs`. */
const rawInsertPostgres = (pool: pg.Pool, owner: SeededOwner, rows: ParsedRow[], importId: string) =>
  batchInsertPostgres(
    pool,
    { name: 'bench-raw', table: 'costs', columns: RAW_COLUMNS, row: rawRow('false'), values: (r, i) => rawValues(owner, importId, r, i) },
    rows,
  );

/** PostgreSQL's minimal floor: the rows into the minimal table (made first, untimed). */
async function minimalInsertPostgres(pool: pg.Pool, owner: SeededOwner, rows: ParsedRow[]): Promise<number> {
  for (const statement of MINIMAL_TABLE) await pool.query(statement);
  return await batchInsertPostgres(
    pool,
    { name: 'bench-minimal', table: 'bench_minimal', columns: MINIMAL_COLUMNS, row: MINIMAL_ROW, values: (r) => minimalValues(owner, r) },
    rows,
  );
}

/** The ledger and its rollups after a run: every line there, every yen counted. */
async function checkLedger(fresh: Fresh, incidentId: string, expected: { lines: number; amount: number }, what: string) {
  // COUNT and SUM are bigint on PostgreSQL: read as numbers here, on both.
  const ledger = await fresh.get<{ lines: number | string; amount: number | string }>(
    `SELECT COUNT(*) AS lines, COALESCE(SUM(amount), 0) AS amount FROM costs WHERE incident_id = ? AND deleted_at IS NULL`,
    [incidentId],
  );
  const rollups = await fresh.get<{ lines: number | string; amount: number | string }>(
    `SELECT COALESCE(SUM(line_count), 0) AS lines, COALESCE(SUM(amount), 0) AS amount FROM cost_rollups WHERE incident_id = ?`,
    [incidentId],
  );
  // The raw baseline writes the lines only: the rollups are the import's (server/ledger/rollups.ts).
  const checked =
    what === 'baseline'
      ? ([['ledger', ledger]] as const)
      : ([
          ['ledger', ledger],
          ['rollups', rollups],
        ] as const);
  for (const [name, got] of checked) {
    if (Number(got.lines) !== expected.lines || Number(got.amount) !== expected.amount) {
      throw new Error(`${what}: the ${name} holds ${got.lines} lines / ¥${got.amount}, expected ${expected.lines} / ¥${expected.amount}`);
    }
  }
}

async function freshSqlite(): Promise<Fresh> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-bench-import-'));
  const db = await openDatabase(dataDir);
  const sqlite = db.$client;
  const owner = seedOwner(sqlite);
  // Start from a checkpointed WAL, as a long-running server would be.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return {
    db,
    owner,
    run: async (sql, params) => void (await Promise.resolve(sqlite.prepare(sql).run(...params))),
    get: async <T>(sql: string, params: unknown[]) => await Promise.resolve(sqlite.prepare(sql).get(...params) as T),
    rawInsert: async (rows, importId) => await Promise.resolve(rawInsertSqlite(sqlite, owner, rows, importId)),
    minimalInsert: async (rows) => await Promise.resolve(minimalInsertSqlite(sqlite, owner, rows)),
    close: async () => {
      sqlite.close();
      await Promise.resolve(rmSync(dataDir, { recursive: true, force: true }));
    },
  };
}

/** PostgreSQL: a copy of the migrated template, opened as the app opens it. */
async function freshPostgres(server: BenchPostgres, template: string): Promise<Fresh> {
  const database = await server.createDatabase('bench_import', template);
  const db = await openPostgres({ url: database.url });
  const pool = db.$client as unknown as pg.Pool;
  const owner = await seedOwnerPg(pool);
  // Start from a checkpoint, as the SQLite side starts from a checkpointed WAL.
  await pool.query('CHECKPOINT');
  return {
    db,
    owner,
    run: async (sql, params) => void (await pool.query(numbered(sql), params)),
    get: async <T>(sql: string, params: unknown[]) => (await pool.query(numbered(sql), params)).rows[0] as T,
    rawInsert: async (rows, importId) => await rawInsertPostgres(pool, owner, rows, importId),
    minimalInsert: async (rows) => await minimalInsertPostgres(pool, owner, rows),
    close: async () => {
      await closeDatabase(db);
      await database.drop();
    },
  };
}

const started = performance.now();
const pgServer = await postgresForScript(SCRIPT, ENGINE, ranAt, machine);
let template = '';
if (pgServer) {
  // Migrated once (openPostgres migrates an empty database), then copied for every run.
  const database = await pgServer.createDatabase('bench_import_template');
  await closeDatabase(await openPostgres({ url: database.url }));
  template = database.name;
  progress(SCRIPT, `PostgreSQL ${pgServer.version} up and migrated in ${Math.round(performance.now() - started)} ms`);
}
const freshDatabase = async () => (pgServer ? await freshPostgres(pgServer, template) : await freshSqlite());

progress(SCRIPT, `generating a ${LINES.toLocaleString('en-US')}-line CSV`);
const file = generateImportCsv(LINES);
const expected = { lines: LINES, amount: file.amount };
progress(SCRIPT, `${(file.bytes.length / 1024 / 1024).toFixed(1)} MB; ${RUNS} run(s) of baseline then import on ${ENGINE}`);

const baselineMs: number[] = [];
const minimalMs: number[] = [];
const importMs: number[] = [];
let pending = false;
try {
  for (let run = 1; run <= RUNS; run++) {
    {
      const fresh = await freshDatabase();
      try {
        // An import row to point at, as an import's lines do (the foreign key is checked on every insert).
        const importId = newId();
        await fresh.run(IMPORT_ROW_SQL, [
          importId,
          fresh.owner.companyId,
          fresh.owner.incidentId,
          FILE_NAME,
          'baseline',
          0,
          'baseline',
          'committed',
          LINES,
          fresh.owner.userId,
        ]);
        const ms = await fresh.rawInsert(file.rows, importId);
        await checkLedger(fresh, fresh.owner.incidentId, expected, 'baseline');
        baselineMs.push(ms);
        progress(SCRIPT, `run ${run}: raw insert ${Math.round(ms)} ms`);
      } finally {
        await fresh.close();
      }
    }
    {
      const fresh = await freshDatabase();
      try {
        const ms = await fresh.minimalInsert(file.rows);
        const held = await fresh.get<{ lines: number | string; amount: number | string }>(
          'SELECT COUNT(*) AS lines, COALESCE(SUM(amount), 0) AS amount FROM bench_minimal',
          [],
        );
        if (Number(held.lines) !== expected.lines || Number(held.amount) !== expected.amount) {
          throw new Error(`minimal: the table holds ${held.lines} rows / ¥${held.amount}, expected ${expected.lines} / ¥${expected.amount}`);
        }
        minimalMs.push(ms);
        progress(SCRIPT, `run ${run}: minimal table ${Math.round(ms)} ms`);
      } finally {
        await fresh.close();
      }
    }
    {
      const fresh = await freshDatabase();
      try {
        const ms = await measureImport(fresh, {
          db: fresh.db,
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
          await checkLedger(fresh, fresh.owner.incidentId, expected, 'import');
          importMs.push(ms);
          progress(SCRIPT, `run ${run}: import ${Math.round(ms)} ms`);
        }
      } finally {
        await fresh.close();
      }
    }
  }
} finally {
  pgServer?.stop();
}

const baselineWhat =
  ENGINE === 'postgres'
    ? `raw pg driver on PostgreSQL ${pgServer?.version}: multi-row INSERTs of ${PG_BATCH} rows (named, so planned once) into costs (same columns as an import, foreign keys checked, no rollups), the ${LINES.toLocaleString('en-US')} rows already parsed, in one transaction, on a fresh copy of a database migrated by openPostgres(); durable cluster (fsync, synchronous_commit on)`
    : `raw better-sqlite3: one prepared INSERT per row into costs (same columns as an import, foreign keys on, no rollups, the import's ${IMPORT_CACHE_KIB / 1024} MiB page cache), the ${LINES.toLocaleString('en-US')} rows already parsed, in one transaction, on a fresh openDatabase() DATA_DIR`;
const baseline = round(median(baselineMs), 1);
const minimal = round(median(minimalMs), 1);
const value = pending ? null : round(median(importMs), 1);
const ratio = value === null ? null : round(value / baseline, 2);
const ratioToMinimal = value === null ? null : round(value / minimal, 2);
const minimalWhat =
  ENGINE === 'postgres'
    ? `the issue's "bare insert into a minimal table with one index": the rows' incident, category, date, amount, vendor and description into a table of those columns with one index (incident, date), multi-row INSERTs of ${PG_BATCH} rows, one transaction, fresh database`
    : `the issue's "bare insert into a minimal table with one index": the rows' incident, category, date, amount, vendor and description into a table of those columns with one index (incident, date), one prepared INSERT per row, one transaction, fresh DATA_DIR`;
const figure: Figure = {
  engine: ENGINE,
  unit: 'ms',
  value,
  runsMs: importMs.map((ms) => round(ms, 1)),
  ratioToBaseline: ratio,
  ratioToMinimal,
  lines: LINES,
  fileBytes: file.bytes.length,
  baseline: {
    what: baselineWhat,
    value: baseline,
    runsMs: baselineMs.map((ms) => round(ms, 1)),
  },
  minimalBaseline: {
    what: minimalWhat,
    value: minimal,
    runsMs: minimalMs.map((ms) => round(ms, 1)),
  },
  target: `≤ ${TARGET_MS} ms, and ≤ ${TARGET_RATIO}× both baseline and minimalBaseline (median of ${RUNS} runs)`,
  met: value !== null && ratio !== null && ratioToMinimal !== null && value <= TARGET_MS && ratio <= TARGET_RATIO && ratioToMinimal <= TARGET_RATIO,
  ...(pending ? { pending: 'the import core is not wired into bench/import.ts (measureImport) yet' } : {}),
};

printDocument(
  ranAt,
  machine,
  { [onEngine('import100k', ENGINE)]: figure },
  {
    [onEngine('import', ENGINE)]: {
      engine: ENGINE,
      ...(pgServer ? { postgres: pgServer.version, durability: 'fsync, synchronous_commit, full_page_writes on' } : {}),
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
