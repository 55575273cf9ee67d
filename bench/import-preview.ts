// Figure `importPreview100k` (issue 17): the preview of a 100,000-row CSV read with rules and a value →
// category table, against the same preview read as the import read files before issue 17 (a plain column
// mapping, no rules, no table). Target: ≤ 1.2 × the plain preview, both measured in the same run.
//
// The file is bench/support/import-csv.ts's (日付,区分,金額,支払先,摘要). Each run decodes and parses the
// bytes, reads every row (server/import/read-rows.ts) and looks for duplicates in the ledger, as
// costImport.preview does before it pages (import-service.ts), on a fresh openDatabase() DATA_DIR.
//   baseline ("plain"): mapping + the file's stage only: what a preview did before issue 17.
//   figure ("rules and table"): the header given, totals and 0-yen rows left out, two rules (salary words in
//            摘要, balance-sheet accounts in 支払先), and every 区分 word through the value → category table,
//            with keyword entries as a bank statement's table has them.
// The two alternate, BENCH_PREVIEW_RUNS times (default 5); the figures are medians.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CategoryValueEntry } from '../shared/import-category-values.ts';
import { NOT_EXPENSE_ACCOUNTS, TRANSFER_WORDS } from '../shared/import-filters.ts';
import { openDatabase } from '../server/db/client.ts';
import { prepareImport } from '../server/import/import-lines.ts';
import { settingsWith, type ReadSettings } from '../server/import/read-rows.ts';
import { readTable } from '../server/import/read-table.ts';
import { IMPORT_STAGE, generateImportCsv } from './support/import-csv.ts';
import { benchLines, machineInfo, median, printDocument, progress, round, runsFrom, type Figure } from './support/report.ts';
import { seedOwner } from './support/seed-owner.ts';

const SCRIPT = 'preview';
const machine = machineInfo();
const ranAt = new Date();
const LINES = benchLines();
const RUNS = runsFrom('BENCH_PREVIEW_RUNS', 5);
const TARGET_RATIO = 1.2;
const FILE_NAME = '2026年7-9月_対応費用.csv';
const MAPPING = { incurredOn: 0, category: 1, amount: 2, vendor: 3, description: 4 };

/** The 区分 words of the file, each mapped through the table (as a company's remembered table maps them). */
const TABLE: CategoryValueEntry[] = [
  { value: '通信費', match: 'exact', target: 'communications' },
  { value: '残業代', match: 'exact', target: 'overtime_travel' },
  { value: '交通費', match: 'exact', target: 'overtime_travel' },
  { value: '宿泊費', match: 'exact', target: 'overtime_travel' },
  { value: '調査費用', match: 'exact', target: 'investigation' },
  { value: 'コンサル費用', match: 'exact', target: 'consulting' },
  { value: '社告費用', match: 'exact', target: 'public_notice' },
  { value: 'お詫び品', match: 'exact', target: 'condolence' },
  { value: '復旧費用', match: 'exact', target: 'restoration' },
  { value: '弁護士費用', match: 'exact', target: 'litigation' },
  { value: 'タクシー', match: 'contains', target: 'overtime_travel' },
  { value: '給与', match: 'contains', target: 'leave_out' },
];

function plainSettings(rows: string[][]): ReadSettings {
  return settingsWith(rows, { mapping: MAPPING, fixed: { stage: IMPORT_STAGE } });
}

function richSettings(rows: string[][]): ReadSettings {
  return settingsWith(rows, {
    header: { row: 0, depth: 1 },
    mapping: MAPPING,
    fixed: { stage: IMPORT_STAGE },
    filters: {
      totals: true,
      zeroAmount: true,
      rules: [
        { column: 4, op: 'contains', values: [...TRANSFER_WORDS], reason: 'transfer' },
        { column: 3, op: 'equals', values: [...NOT_EXPENSE_ACCOUNTS], reason: 'not_expense' },
      ],
    },
    categoryValues: TABLE,
    refunds: 'list',
  });
}

progress(SCRIPT, `generating a ${LINES.toLocaleString('en-US')}-line CSV`);
const file = generateImportCsv(LINES);
const dataDir = mkdtempSync(path.join(tmpdir(), 'bct-bench-preview-'));
const db = await openDatabase(dataDir);
const owner = seedOwner(db.$client);

/** One preview: bytes → table → every row read → duplicates found; answers the time and what it read. */
async function measure(settingsOf: (rows: string[][]) => ReadSettings) {
  const start = performance.now();
  const table = await readTable(file.bytes, FILE_NAME);
  const prepared = await prepareImport(db, owner.incidentId, table.rows, settingsOf(table.rows));
  let amount = 0;
  for (const line of prepared.lines) amount += line.fields.amount;
  const ms = performance.now() - start;
  if (prepared.lines.length !== LINES || amount !== file.amount || prepared.errorCount !== 0) {
    throw new Error(`preview read ${prepared.lines.length} lines / ¥${amount} with ${prepared.errorCount} errors; expected ${LINES} / ¥${file.amount}`);
  }
  return ms;
}

const plainMs: number[] = [];
const richMs: number[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const plain = await measure(plainSettings);
    const rich = await measure(richSettings);
    plainMs.push(plain);
    richMs.push(rich);
    progress(SCRIPT, `run ${run}: plain ${Math.round(plain)} ms, rules and table ${Math.round(rich)} ms`);
  }
} finally {
  db.$client.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const baseline = round(median(plainMs), 1);
const value = round(median(richMs), 1);
const ratio = round(value / baseline, 2);
const figure: Figure = {
  unit: 'ms',
  value,
  runsMs: richMs.map((ms) => round(ms, 1)),
  ratioToBaseline: ratio,
  lines: LINES,
  fileBytes: file.bytes.length,
  baseline: {
    what: `the same ${LINES.toLocaleString('en-US')}-row preview (decode, parse, every row read, duplicates looked up) with a plain column mapping and no rules or value table: what a preview read before issue 17`,
    value: baseline,
    runsMs: plainMs.map((ms) => round(ms, 1)),
  },
  target: `≤ ${TARGET_RATIO}× baseline (median of ${RUNS} alternating runs)`,
  met: ratio <= TARGET_RATIO,
};

printDocument(
  ranAt,
  machine,
  { importPreview100k: figure },
  {
    preview: {
      file: { name: FILE_NAME, columns: '日付,区分,金額,支払先,摘要', bytes: file.bytes.length, lines: LINES, amount: file.amount },
      tableEntries: TABLE.length,
      rules: 2,
    },
  },
);
