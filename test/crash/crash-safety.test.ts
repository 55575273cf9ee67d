// Crash safety: the real server is killed with SIGKILL while 8–16 clients log and edit costs, sometimes in
// the middle of a 20,000-line import's commit or of a claim package's build, then started again on the
// same DATA_DIR (start-up runs server/recovery.ts). After every restart, read through a connection of the
// test's own and through the API:
//  - `PRAGMA integrity_check` is ok and no foreign key dangles;
//  - every acknowledged write is there with the acknowledged values and version (an update in flight at
//    the kill may or may not have landed, but only whole); no line appears that nobody sent;
//  - no import is half-applied: a committed import has exactly its line count of lines and its one audit
//    entry, any other has none; an acknowledged commit is committed;
//  - no partial package is listed: no `building` row is left, every listed package downloads, matches its
//    SHA-256 and opens with every manifest hash right; no stray ZIP or temporary file is left on disk;
//  - every company's audit chain verifies; the rollups equal a recomputation from the lines;
//  - the server still accepts a new cost.
// 20 rounds (12 with cost writes only, 4 killed during an import's commit, 4 during an export: once as
// soon as its version is reserved, once while the ledger files are written, once after the PDF, once while
// the ZIP is written), in an order and with kill moments drawn from a seeded generator: CRASH_SEED=<n>
// replays a failing run's choices (the exact instant still depends on the machine's speed). A failure
// names the seed and the round; the summary of every round is printed at the end.
//
// One DATA_DIR for all rounds, on purpose: each restart must keep what every earlier round acknowledged
// (a crash must not damage what an earlier crash left), the audit chain grows across 20 crashes, and the
// restart after one round is the start of the next, which keeps the file near two minutes. The price is a
// ledger that grows to some tens of thousands of lines, which the checks read in well under a second.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyChain } from '../../server/audit-chain.ts';
import type { Db } from '../../server/db/client.ts';
import * as schema from '../../server/db/schema.ts';
import { startChildServer, stopChildServers, type ChildServer } from '../support/child-server.ts';
import { postFiles } from '../support/files.ts';
import { INCIDENT } from '../support/fixtures.ts';
import { csvText, type CsvCell } from '../support/import-files.ts';
import { recomputedRollups, storedRollups } from '../support/rollups.ts';
import { ApiClient } from '../support/server.ts';
import { entriesByPath, readZip } from '../support/zip.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO = { email: 'demo@example.jp', password: 'demo-password-2026' };
const SEED = Number(process.env.CRASH_SEED ?? 20_260_601);
const ROUND_KINDS = { writes: 12, import: 4, export: 4 } as const;
const MIN_CLIENTS = 8;
const MAX_CLIENTS = 16;
const IMPORT_LINES = 20_000;
const ROUND_TIMEOUT_MS = 120_000;
/** The writers' mean pause between requests beside an import or an export. */
const PACED_WRITES_MS = 250;

// ---------------------------------------------------------------------------------------------------
// The plan: which round does what and when it is killed, all drawn from the seed before anything runs.

/** mulberry32: small, fast and good enough to spread kill moments; the same seed gives the same draws. */
function generator(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const below = (random: () => number, n: number) => Math.floor(random() * n);

type Kind = keyof typeof ROUND_KINDS;
/**
 * Where an export is killed: as soon as its working directory exists (version reserved, row `building`),
 * while the ledger files are written, once the PDF is written, or while the ZIP is written. Found by
 * watching DATA_DIR/packages/tmp, so the moment does not depend on how busy the machine is.
 */
const EXPORT_PHASES = ['reserved', 'ledger', 'pdf', 'zip'] as const;
type ExportPhase = (typeof EXPORT_PHASES)[number];

interface RoundPlan {
  round: number;
  kind: Kind;
  clients: number;
  /** writes: ms after the writers start. import: the fraction of the commit's calibrated duration after
   * which the kill comes (past 1, some finish first and are acknowledged). export: how far the file of its
   * phase is written (ledger.csv, package.zip) compared with the calibration export's. */
  killAt: number;
  phase?: ExportPhase;
}

/** Kill moments are stratified: the k rounds of a kind each draw from their own k-th of the range, so every
 * seed covers the whole range, and the export rounds take the phases in turn. */
const KILL_RANGE: Record<Kind, [number, number]> = { writes: [150, 2000], import: [0.05, 1.1], export: [0.1, 0.9] };

function roundPlans(seed: number): RoundPlan[] {
  const random = generator(seed);
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = below(random, i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
  const kinds = shuffle((Object.keys(ROUND_KINDS) as Kind[]).flatMap((kind) => Array<Kind>(ROUND_KINDS[kind]).fill(kind)));
  const strata = Object.fromEntries((Object.keys(ROUND_KINDS) as Kind[]).map((kind) => [kind, shuffle([...Array(ROUND_KINDS[kind]).keys()])])) as Record<Kind, number[]>;
  const phases = shuffle(Array.from({ length: ROUND_KINDS.export }, (_, i) => EXPORT_PHASES[i % EXPORT_PHASES.length]));
  return kinds.map((kind, i) => {
    const [lo, hi] = KILL_RANGE[kind];
    const at = kind === 'export' ? lo + (hi - lo) * random() : lo + ((hi - lo) * (strata[kind].pop()! + random())) / ROUND_KINDS[kind];
    return {
      round: i + 1,
      kind,
      clients: MIN_CLIENTS + below(random, MAX_CLIENTS - MIN_CLIENTS + 1),
      killAt: kind === 'writes' ? Math.round(at) : Math.round(at * 100) / 100,
      ...(kind === 'export' ? { phase: phases.pop()! } : {}),
    };
  });
}
const PLANS = roundPlans(SEED);

// ---------------------------------------------------------------------------------------------------
// What was acknowledged, across all rounds.

interface Line {
  category: string;
  stage: string;
  incurredOn: string;
  amount: number;
  vendor: string;
  /** `crash:r<round>:w<writer>:<n>`: names the line for good (edits keep it), so a line is found without its id. */
  description: string;
}
interface ExpectedLine extends Line {
  id: string;
  version: number;
}
type InFlight = { kind: 'create'; writer: number; line: Line } | { kind: 'update'; writer: number; id: string; fromVersion: number; line: Line };

const expected = new Map<string, ExpectedLine>();
/** Each writer edits only the lines it created, one request at a time: its edits never conflict. */
const owned: string[][] = Array.from({ length: MAX_CLIENTS }, () => []);
const ackedIncidents = new Set<string>();
/** Uploads answered 201: their import row must exist. */
const uploadedImports = new Set<string>();
/** Commits answered: import id → line count. */
const ackedImports = new Map<string, number>();
const ackedPackages = new Set<string>();

// ---------------------------------------------------------------------------------------------------
// The server and the people using it.

let dataDir: string;
let server: ChildServer | null = null;
let killIssued = false;
/** A finance-side user (the demo admin) for imports and exports, and one session per writing client. */
let adminCookie: string;
const writerCookies: string[] = [];
let companyId: string;
let policyId: string;
/** Writers alternate between the demo incident and one of their own; imports and exports have theirs. */
let writeIncidents: string[];
let exportIncidentId: string;
let commitMs = 0;
/** The preview reads and checks every row as the commit does before its transaction: roughly where it begins. */
let previewMs = 0;
let exportMs = 0;
/** What the calibration export wrote: the ledger CSV's and the ZIP's sizes, for the export rounds' kill points. */
const calibration = { csvBytes: 0, zipBytes: 0 };
let anyFailure = false;
const summary: string[] = [];

const api = (cookie: string): ApiClient => {
  const client = new ApiClient(server!.url);
  client.cookie = cookie;
  return client;
};

async function start(): Promise<{ startMs: number; recovered: string }> {
  const began = performance.now();
  killIssued = false;
  server = await startChildServer(dataDir, { timeoutMs: 60_000 });
  const startMs = performance.now() - began;
  const cleared = /Cleared what an interrupted run left: (\d+) unfinished package\(s\), (\d+) temporary file\(s\)/.exec(server.stdout());
  return { startMs, recovered: cleared ? `recovery cleared ${cleared[1]} package(s), ${cleared[2]} temp file(s)` : 'nothing to recover' };
}

async function kill(): Promise<void> {
  killIssued = true;
  server!.kill('SIGKILL');
  const exit = await server!.exited;
  if (exit.signal !== 'SIGKILL') throw new Error(`the server ended on its own before the kill (code ${exit.code})\n${server!.stderr()}`);
}

async function signIn(): Promise<string> {
  const client = new ApiClient(server!.url);
  await client.ok('mutate', 'auth.login', DEMO);
  return client.cookie!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------
// The writers: log costs and edit their own, until the server goes away.

const CATEGORIES = ['investigation', 'communications', 'public_notice', 'restoration', 'overtime_travel'];
const STAGES = ['estimate', 'invoiced', 'paid'];

function newLine(random: () => number, description: string): Line {
  return {
    category: CATEGORIES[below(random, CATEGORIES.length)],
    stage: STAGES[below(random, STAGES.length)],
    incurredOn: `2026-06-${String(1 + below(random, 28)).padStart(2, '0')}`,
    amount: 1_000 + below(random, 5_000_000),
    vendor: `取引先 ${below(random, 40)}`,
    description,
  };
}

interface WriteState {
  stop: boolean;
  inFlight: InFlight[];
  problems: string[];
  creates: number;
  updates: number;
}

async function writeUntilKilled(writer: number, round: number, random: () => number, state: WriteState, pauseMs: number): Promise<void> {
  const client = api(writerCookies[writer]);
  for (let n = 0; !state.stop; n++) {
    if (pauseMs > 0 && n > 0) await sleep(pauseMs / 2 + below(random, pauseMs));
    const mine = owned[writer];
    const editing = mine.length > 0 && random() < 0.3 ? expected.get(mine[below(random, mine.length)])! : null;
    const op: InFlight = editing
      ? { kind: 'update', writer, id: editing.id, fromVersion: editing.version, line: newLine(random, editing.description) }
      : { kind: 'create', writer, line: newLine(random, `crash:r${round}:w${writer}:${n}`) };
    let answer;
    try {
      answer =
        op.kind === 'create'
          ? await client.mutate('cost.create', { incidentId: writeIncidents[writer % writeIncidents.length], ...op.line })
          : await client.mutate('cost.update', { id: op.id, expectedVersion: op.fromVersion, ...op.line });
    } catch (error) {
      if (killIssued) state.inFlight.push(op);
      else state.problems.push(`writer ${writer}: ${op.kind} failed before the kill: ${(error as Error).message} ${String((error as Error).cause ?? '')}`);
      return;
    }
    if (answer.error) {
      state.problems.push(`writer ${writer}: ${op.kind} answered ${answer.status} ${answer.error.code}: ${answer.error.message}`);
      return;
    }
    if (op.kind === 'create') {
      expected.set(answer.data.id, { ...op.line, id: answer.data.id, version: 1 });
      mine.push(answer.data.id);
      state.creates++;
    } else {
      expected.set(op.id, { ...op.line, id: op.id, version: answer.data.version });
      state.updates++;
    }
  }
}

/**
 * Write-only rounds send each next request as soon as the last is answered: the most writes in flight at
 * the kill. Beside an import or an export the writers pause ~`pauseMs` between requests, as people do:
 * closed-loop writers starve an export (its file I/O waits behind every queued request; 3 s became 50 s).
 */
function startWriters(round: number, clients: number, pauseMs = 0): { state: WriteState; done: Promise<void[]> } {
  const state: WriteState = { stop: false, inFlight: [], problems: [], creates: 0, updates: 0 };
  const done = Promise.all(Array.from({ length: clients }, (_, w) => writeUntilKilled(w, round, generator(SEED * 31 + round * 1009 + w), state, pauseMs)));
  return { state, done };
}

// ---------------------------------------------------------------------------------------------------
// Imports and exports, as finance does them.

const IMPORT_MAPPING = { incurredOn: 0, category: 1, amount: 2, vendor: 3, description: 4 };
const IMPORT_FIXED = { stage: 'invoiced' };

/** A CSV of `lines` valid rows, unique to its label (so no file is ever a re-import of another). */
function importFile(label: string, lines: number): Buffer {
  const rows: CsvCell[][] = [['日付', '費目', '金額', '取引先', '摘要']];
  for (let i = 0; i < lines; i++) {
    rows.push([`2026/07/${String(1 + (i % 28)).padStart(2, '0')}`, CATEGORIES[i % CATEGORIES.length], `${(1_000 + i).toLocaleString('en-US')}`, `業者 ${i % 50}`, `${label} ${i + 1}行目`]);
  }
  return Buffer.from(csvText(rows), 'utf8');
}

/** Uploads and previews a file; answers the import id, ready to commit. */
async function uploadAndPreview(client: ApiClient, incidentId: string, label: string, timed?: (previewMs: number) => void): Promise<string> {
  const answer = await postFiles(`${server!.url}/api/incidents/${incidentId}/imports`, client.cookie, [{ bytes: importFile(label, IMPORT_LINES), name: `${label}.csv` }]);
  if (answer.status !== 201) throw new Error(`upload refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  const importId = answer.body.importId as string;
  uploadedImports.add(importId);
  const began = performance.now();
  const preview = await client.ok('query', 'costImport.preview', { importId, mapping: IMPORT_MAPPING, fixed: IMPORT_FIXED, limit: 1 });
  timed?.(performance.now() - began);
  expect(preview.counts).toEqual({ lines: IMPORT_LINES, errors: 0, skipped: 0, duplicates: 0 });
  return importId;
}

const commitImport = (client: ApiClient, importId: string) => client.mutate('costImport.commit', { importId, mapping: IMPORT_MAPPING, fixed: IMPORT_FIXED });

/**
 * Waits until the export being built reaches `phase` (its working directory, a file in it, that file's
 * `fraction` of the calibration export's size); answers what was seen. Gives up once the export answered
 * or after a minute, and says so.
 */
async function exportReaches(phase: ExportPhase, fraction: number, settled: () => boolean): Promise<string> {
  const workRoot = path.join(dataDir, 'packages', 'tmp');
  const sizeOf = (file: string) => {
    try {
      return statSync(file).size;
    } catch {
      return -1;
    }
  };
  const deadline = performance.now() + 60_000;
  while (!settled() && performance.now() < deadline) {
    const [work] = existsSync(workRoot) ? readdirSync(workRoot) : [];
    if (work) {
      const csv = sizeOf(path.join(workRoot, work, 'ledger.csv'));
      const pdf = sizeOf(path.join(workRoot, work, 'claim-summary.pdf'));
      const zip = sizeOf(path.join(workRoot, work, 'package.zip'));
      if (phase === 'reserved') return 'its working directory appeared';
      if (phase === 'ledger' && csv >= fraction * calibration.csvBytes) return `ledger.csv had ${csv} of ~${calibration.csvBytes} bytes`;
      if (phase === 'pdf' && pdf > 0) return `claim-summary.pdf was written (${pdf} bytes)`;
      if (phase === 'zip' && zip >= fraction * calibration.zipBytes) return `package.zip had ${zip} of ~${calibration.zipBytes} bytes`;
    }
    await sleep(2);
  }
  return settled() ? `the export answered before its ${phase} phase was seen` : `its ${phase} phase was not seen within a minute`;
}

// ---------------------------------------------------------------------------------------------------
// The checks after a restart.

interface CostRow extends Line {
  id: string;
  version: number;
  deletedAt: string | null;
}

const fields = (line: Line) => ({ category: line.category, stage: line.stage, incurredOn: line.incurredOn, amount: line.amount, vendor: line.vendor, description: line.description });

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Folds the writes in flight at the kill into what is expected (a create that landed is adopted; an update
 * may have landed, whole), then compares every line the writers ever wrote. Answers what is wrong.
 */
function checkLedger(sqlite: Database.Database, inFlight: InFlight[]): string[] {
  const problems: string[] = [];
  const rows = sqlite
    .prepare(
      `SELECT id, category, stage, incurred_on AS incurredOn, amount, vendor, description, version, deleted_at AS deletedAt
         FROM costs WHERE description LIKE 'crash:%'`,
    )
    .all() as CostRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const byTag = new Map(rows.map((row) => [row.description, row]));
  for (const op of inFlight) {
    if (op.kind === 'create') {
      const row = byTag.get(op.line.description);
      if (!row) continue; // never written: fine, it was never acknowledged
      if (expected.has(row.id)) problems.push(`in-flight create ${op.line.description} collides with acknowledged line ${row.id}`);
      else if (row.version !== 1 || JSON.stringify(fields(row)) !== JSON.stringify(fields(op.line))) problems.push(`in-flight create ${op.line.description} landed with other values: ${JSON.stringify(row)}`);
      expected.set(row.id, { ...fields(row), id: row.id, version: row.version });
      owned[op.writer].push(row.id);
    } else {
      const row = byId.get(op.id);
      const before = expected.get(op.id)!;
      if (row && row.version === op.fromVersion + 1) {
        if (JSON.stringify(fields(row)) !== JSON.stringify(fields(op.line))) problems.push(`in-flight update of ${op.id} landed half: ${JSON.stringify(row)} vs ${JSON.stringify(op.line)}`);
        expected.set(op.id, { ...fields(row), id: row.id, version: row.version });
      } else if (row && row.version !== before.version) {
        problems.push(`line ${op.id} (${before.description}): version ${row.version}, acknowledged ${before.version}, in flight ${op.fromVersion + 1}`);
      }
    }
  }
  for (const line of expected.values()) {
    const row = byId.get(line.id);
    if (!row) problems.push(`LOST acknowledged line ${line.id} (${line.description}, version ${line.version}, ¥${line.amount})`);
    else if (row.deletedAt !== null) problems.push(`acknowledged line ${line.id} (${line.description}) is deleted`);
    else if (row.version !== line.version) problems.push(`LOST acknowledged update of ${line.id} (${line.description}): version ${row.version}, acknowledged ${line.version}`);
    else if (JSON.stringify(fields(row)) !== JSON.stringify(fields(line))) problems.push(`line ${line.id} (${line.description}) has ${JSON.stringify(fields(row))}, acknowledged ${JSON.stringify(fields(line))}`);
  }
  const phantoms = rows.filter((row) => !expected.has(row.id));
  if (phantoms.length > 0) problems.push(`${phantoms.length} line(s) nobody had in flight, e.g. ${JSON.stringify(phantoms[0])}`);
  return problems;
}

function checkImports(sqlite: Database.Database): string[] {
  const problems: string[] = [];
  const imports = sqlite
    .prepare(
      `SELECT i.id, i.status, i.line_count AS lineCount,
              (SELECT COUNT(*) FROM costs c WHERE c.import_id = i.id) AS lines,
              (SELECT COUNT(*) FROM audit_log a WHERE a.entity_type = 'import' AND a.entity_id = i.id) AS audited
         FROM cost_imports i`,
    )
    .all() as { id: string; status: string; lineCount: number | null; lines: number; audited: number }[];
  const byId = new Map(imports.map((i) => [i.id, i]));
  for (const i of imports) {
    const whole = i.status === 'committed' ? i.lines === i.lineCount && i.audited === 1 : i.lines === 0 && i.audited === 0;
    if (!whole) problems.push(`HALF-APPLIED import ${i.id}: status ${i.status}, line_count ${i.lineCount}, ${i.lines} lines, ${i.audited} audit entries`);
  }
  for (const id of uploadedImports) if (!byId.has(id)) problems.push(`acknowledged upload ${id} has no import row`);
  for (const [id, lineCount] of ackedImports) {
    const found = byId.get(id);
    if (found?.status !== 'committed' || found.lines !== lineCount) problems.push(`acknowledged import ${id} (${lineCount} lines) is ${found?.status ?? 'missing'} with ${found?.lines ?? 0} lines`);
  }
  return problems;
}

async function checkPackages(sqlite: Database.Database, client: ApiClient): Promise<string[]> {
  const problems: string[] = [];
  const building = sqlite.prepare(`SELECT id FROM claim_packages WHERE status <> 'ready'`).all() as { id: string }[];
  if (building.length > 0) problems.push(`${building.length} package row(s) left unfinished: ${building.map((b) => b.id).join(', ')}`);
  const ready = sqlite.prepare(`SELECT id, incident_id AS incidentId, sha256, size FROM claim_packages WHERE status = 'ready'`).all() as { id: string; incidentId: string; sha256: string; size: number }[];
  for (const id of ackedPackages) if (!ready.some((p) => p.id === id)) problems.push(`acknowledged package ${id} is not ready after the restart`);

  for (const incidentId of new Set([exportIncidentId, ...writeIncidents, ...ready.map((p) => p.incidentId)])) {
    const listed = await client.ok<any[]>('query', 'claim.packages', { incidentId });
    const inDb = ready.filter((p) => p.incidentId === incidentId);
    if (JSON.stringify(listed.map((p) => p.id).sort()) !== JSON.stringify(inDb.map((p) => p.id).sort())) {
      problems.push(`claim.packages of ${incidentId} lists ${listed.map((p) => p.id).join(', ')}; ready rows are ${inDb.map((p) => p.id).join(', ')}`);
    }
    for (const listedPackage of listed) {
      const response = await fetch(`${server!.url}${listedPackage.downloadUrl}`, { headers: { cookie: client.cookie! } });
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) {
        problems.push(`listed package ${listedPackage.id} does not download: ${response.status}`);
        continue;
      }
      if (sha256(bytes) !== listedPackage.sha256 || bytes.length !== listedPackage.size) {
        problems.push(`listed package ${listedPackage.id}: ${bytes.length} bytes with SHA-256 ${sha256(bytes)}, listed ${listedPackage.size} bytes, ${listedPackage.sha256}`);
        continue;
      }
      try {
        const entries = entriesByPath(await readZip(bytes));
        const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { files: { path: string; sha256: string }[] };
        for (const file of manifest.files) {
          const entry = entries.get(file.path);
          if (!entry || sha256(entry) !== file.sha256) problems.push(`listed package ${listedPackage.id}: ${file.path} does not match its manifest hash`);
        }
      } catch (error) {
        problems.push(`listed package ${listedPackage.id} does not open: ${(error as Error).message}`);
      }
    }
  }

  const packagesDir = path.join(dataDir, 'packages');
  const stray = readdirSync(packagesDir).filter((name) => name !== 'tmp' && !ready.some((p) => name === `${p.id}.zip`));
  if (stray.length > 0) problems.push(`files in packages/ that no ready package owns: ${stray.join(', ')}`);
  for (const tmp of [path.join(packagesDir, 'tmp'), path.join(dataDir, 'files', 'tmp')]) {
    if (existsSync(tmp) && readdirSync(tmp).length > 0) problems.push(`${path.relative(dataDir, tmp)} still holds ${readdirSync(tmp).join(', ')}`);
  }
  return problems;
}

/** The rollups against the same sums recomputed from the live lines (as test/api/rollups.test.ts does). */
function checkRollups(sqlite: Database.Database): string[] {
  const recomputed = recomputedRollups(sqlite);
  const rollups = storedRollups(sqlite);
  const a = JSON.stringify(rollups);
  const b = JSON.stringify(recomputed);
  return a === b ? [] : [`cost_rollups differ from the lines: ${rollups.length} groups vs ${recomputed.length} recomputed; first difference ${JSON.stringify(rollups.find((r, i) => JSON.stringify(r) !== JSON.stringify(recomputed[i])))}`];
}

async function checkAfterRestart(inFlight: InFlight[]): Promise<string[]> {
  const sqlite = new Database(path.join(dataDir, 'ledger.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const dangling = sqlite.pragma('foreign_key_check') as unknown[];
    if (dangling.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(dangling.slice(0, 3))}`);
    problems.push(...checkLedger(sqlite, inFlight));
    for (const id of ackedIncidents) if (!sqlite.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id)) problems.push(`acknowledged incident ${id} is missing`);
    problems.push(...checkImports(sqlite));
    problems.push(...checkRollups(sqlite));
    const db = drizzle({ client: sqlite, schema }) as Db;
    for (const { id } of sqlite.prepare('SELECT id FROM companies').all() as { id: string }[]) {
      const chain = verifyChain(db, id);
      if (!chain.ok) problems.push(`audit chain of company ${id} broken at entry ${chain.firstBrokenId}`);
    }
    const admin = api(adminCookie);
    const chain = await admin.ok('query', 'audit.verify', { companyId });
    if (!chain.ok) problems.push(`audit.verify: ${JSON.stringify(chain)}`);
    problems.push(...(await checkPackages(sqlite, admin)));
    return problems;
  } finally {
    sqlite.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// One round: writers, maybe an import or an export, the kill, the restart, the checks.

async function runRound(plan: RoundPlan): Promise<void> {
  const began = performance.now();
  if (!server || killIssued) await start(); // a failed earlier round may have left none running
  const admin = api(adminCookie);
  const random = generator(SEED ^ (plan.round * 0x9e3779b1));
  const writers = startWriters(plan.round, plan.clients, plan.kind === 'writes' ? 0 : PACED_WRITES_MS);
  const problems: string[] = [];
  let killedAfterMs = 0;
  let outcome = '';
  let importId: string | null = null;
  let importIncidentId: string | null = null;
  let exportedId: string | null = null;
  let reached = '';
  const before = new Set((await admin.ok<any[]>('query', 'claim.packages', { incidentId: exportIncidentId })).map((p) => p.id));
  try {
    if (plan.kind === 'writes') {
      killedAfterMs = plan.killAt;
      await sleep(plan.killAt);
    } else if (plan.kind === 'import') {
      const incident = await admin.ok('mutate', 'incident.create', { policyId, ...INCIDENT, title: `取込 r${plan.round}` });
      ackedIncidents.add(incident.id);
      importIncidentId = incident.id;
      importId = await uploadAndPreview(admin, incident.id, `crash-r${plan.round}`);
      const id = importId;
      killedAfterMs = Math.round(plan.killAt * commitMs);
      const committing = commitImport(admin, id).then(
        (answer) => (answer.error ? problems.push(`commit answered ${answer.error.code}: ${answer.error.message}`) : ackedImports.set(id, answer.data.lineCount)),
        (error) => (killIssued ? null : problems.push(`commit failed before the kill: ${error}`)),
      );
      await sleep(killedAfterMs);
      await kill();
      await committing;
    } else {
      await sleep(50 + below(random, 250));
      const sent = performance.now();
      let settled = false;
      const exporting = admin.mutate('claim.export', { incidentId: exportIncidentId }).then(
        (answer) => (answer.error ? problems.push(`export answered ${answer.error.code}: ${answer.error.message}`) : ackedPackages.add((exportedId = answer.data.packageId))),
        (error) => (killIssued ? null : problems.push(`export failed before the kill: ${error}`)),
      );
      void exporting.finally(() => (settled = true));
      reached = await exportReaches(plan.phase!, plan.killAt, () => settled);
      killedAfterMs = Math.round(performance.now() - sent);
      await kill();
      await exporting;
    }
  } finally {
    if (!killIssued) await kill();
    await writers.done;
  }
  const restart = await start();
  const checkBegan = performance.now();
  problems.push(...writers.state.problems, ...(await checkAfterRestart(writers.state.inFlight)));

  // Still open for business: a new line is accepted and kept.
  const writer = api(writerCookies[0]);
  const newCost = newLine(random, `crash:r${plan.round}:w0:after`);
  const after = await writer.mutate('cost.create', { incidentId: writeIncidents[0], ...newCost });
  if (after.error) problems.push(`a new cost after the restart was refused: ${after.error.code} ${after.error.message}`);
  else {
    expected.set(after.data.id, { ...newCost, id: after.data.id, version: 1 });
    owned[0].push(after.data.id);
    const found = await writer.ok('query', 'cost.list', { incidentId: writeIncidents[0], q: newCost.description, limit: 2 });
    if (found.items.length !== 1 || found.items[0].id !== after.data.id || found.items[0].amount !== newCost.amount) problems.push(`the new cost ${after.data.id} is not in the ledger as sent`);
  }

  const adminNow = api(adminCookie); // the restarted server listens on another port
  if (plan.kind === 'import') {
    const committed = (await adminNow.ok<any[]>('query', 'costImport.list', { incidentId: importIncidentId })).length > 0;
    outcome = `; import ${ackedImports.has(importId!) ? 'acknowledged' : committed ? 'committed, answer lost' : 'rolled back'}`;
  } else if (plan.kind === 'export') {
    const now = (await adminNow.ok<any[]>('query', 'claim.packages', { incidentId: exportIncidentId })).map((p) => p.id);
    outcome = `; killed when ${reached}; export ${now.some((id) => !before.has(id)) ? (exportedId ? 'acknowledged' : 'completed, answer lost') : 'cleared'}`;
  }
  const line =
    `round ${String(plan.round).padStart(2)} ${plan.kind.padEnd(7)} ${String(plan.clients).padStart(2)} clients, killed after ${killedAfterMs} ms:` +
    ` ${writers.state.creates} creates + ${writers.state.updates} updates acknowledged, ${writers.state.inFlight.length} in flight${outcome};` +
    ` restart ${Math.round(restart.startMs)} ms (${restart.recovered}), checks ${Math.round(performance.now() - checkBegan)} ms, round ${Math.round(performance.now() - began)} ms`;
  summary.push(line);
  if (problems.length > 0) {
    anyFailure = true;
    throw new Error(`CRASH_SEED=${SEED} round ${plan.round} (${plan.kind}, killed after ${killedAfterMs} ms):\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  … ${problems.length - 20} more` : ''}\n${line}`);
  }
}

// ---------------------------------------------------------------------------------------------------

describe(`crash safety: SIGKILL during writes, imports and exports (CRASH_SEED=${SEED})`, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'bct-crash-'));
    await start();
    adminCookie = await signIn();
    const admin = api(adminCookie);
    const me = await admin.ok('query', 'auth.me');
    companyId = me.memberships[0].companyId;
    const [demoIncident] = await admin.ok<any[]>('query', 'incident.list', { companyId });
    policyId = demoIncident.policyId;
    for (let w = 0; w < MAX_CLIENTS; w++) writerCookies.push(await signIn());
    const own = await admin.ok('mutate', 'incident.create', { policyId, ...INCIDENT, title: '記録用' });
    writeIncidents = [demoIncident.id, own.id];
    const exportIncident = await admin.ok('mutate', 'incident.create', { policyId, ...INCIDENT, title: '出力用' });
    exportIncidentId = exportIncident.id;
    ackedIncidents.add(own.id).add(exportIncidentId);

    // Calibration on a fresh process and beside paced writers, as in a round: how long a 20,000-line commit
    // takes here (the import rounds' kill moments are fractions of it) and what the export of the resulting
    // ledger writes (the export rounds are killed when a fraction of it is written).
    const writers = startWriters(0, MAX_CLIENTS, PACED_WRITES_MS);
    const importId = await uploadAndPreview(admin, exportIncidentId, 'crash-calibration', (ms) => (previewMs = ms));
    let began = performance.now();
    const committed = await commitImport(admin, importId);
    commitMs = performance.now() - began;
    expect(committed.error).toBeUndefined();
    ackedImports.set(importId, committed.data.lineCount);
    began = performance.now();
    const exported = await admin.ok('mutate', 'claim.export', { incidentId: exportIncidentId });
    exportMs = performance.now() - began;
    ackedPackages.add(exported.packageId);
    const zip = Buffer.from(await (await fetch(`${server!.url}/api/packages/${exported.packageId}.zip`, { headers: { cookie: adminCookie } })).arrayBuffer());
    calibration.zipBytes = zip.length;
    calibration.csvBytes = entriesByPath(await readZip(zip)).get('ledger.csv')!.length;
    writers.state.stop = true;
    await writers.done;
    expect(writers.state.problems).toEqual([]);
    summary.push(`seed ${SEED}; calibration: preview of ${IMPORT_LINES} lines ${Math.round(previewMs)} ms, their commit ${Math.round(commitMs)} ms, export of them ${Math.round(exportMs)} ms (ledger.csv ${calibration.csvBytes} bytes, ZIP ${calibration.zipBytes} bytes)`);
  }, 240_000);

  afterAll(async () => {
    await stopChildServers();
    console.log(`crash safety (CRASH_SEED=${SEED}):\n  ${summary.join('\n  ')}`);
    if (anyFailure) console.log(`DATA_DIR kept for inspection: ${dataDir}`);
    else if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (const plan of PLANS) {
    const when =
      plan.kind === 'writes'
        ? `${plan.killAt} ms into the writes`
        : plan.kind === 'import'
          ? `at ${plan.killAt}× the commit's calibrated time`
          : { reserved: 'as soon as its version is reserved', ledger: `with ${plan.killAt} of ledger.csv written`, pdf: 'once the PDF is written', zip: `with ${plan.killAt} of the ZIP written` }[plan.phase!];
    test(`round ${plan.round}: ${plan.kind}, ${plan.clients} clients, killed ${when}`, () => runRound(plan), ROUND_TIMEOUT_MS);
  }

  test('after the last crash, a clean stop and `npm run audit:verify` find every chain intact', async () => {
    if (server) {
      server.kill('SIGTERM');
      await server.exited;
      server = null;
    }
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/verify-audit.ts'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    expect(verify.stdout).not.toMatch(/BROKEN/);
    expect(verify.stdout).toMatch(/^OK/m);
  }, 60_000);
});
