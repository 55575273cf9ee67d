// What the crash test's server is busy with when it is killed: writers logging and editing costs, and
// finance importing a large file or exporting a claim package.
import type { OutputOf } from '../support/api-types.ts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { expect } from 'vitest';
import { postFiles } from '../support/files.ts';
import { csvText, type CsvCell } from '../support/import-files.ts';
import type { ApiClient } from '../support/server.ts';
import type { InFlight, Line } from './acknowledged.ts';
import { api, type CrashRun } from './crash-run.ts';
import { below, generator, SEED, type ExportPhase } from './round-plan.ts';
import { at } from '../support/at.ts';

export const IMPORT_LINES = 20_000;
/** The writers' mean pause between requests beside an import or an export. */
export const PACED_WRITES_MS = 250;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------
// The writers: log costs and edit their own, until the server goes away.

const CATEGORIES = ['investigation', 'communications', 'public_notice', 'restoration', 'overtime_travel'] as const;
const STAGES = ['estimate', 'invoiced', 'paid'] as const;

export function newLine(random: () => number, description: string): Line {
  return {
    category: at(CATEGORIES, below(random, CATEGORIES.length)),
    stage: at(STAGES, below(random, STAGES.length)),
    incurredOn: `2026-06-${String(1 + below(random, 28)).padStart(2, '0')}`,
    amount: 1_000 + below(random, 5_000_000),
    vendor: `取引先 ${below(random, 40)}`,
    description,
  };
}

export interface WriteState {
  stop: boolean;
  inFlight: InFlight[];
  problems: string[];
  creates: number;
  updates: number;
}

async function writeUntilKilled(run: CrashRun, writer: number, round: number, random: () => number, state: WriteState, pauseMs: number): Promise<void> {
  const { expected, owned } = run.acked;
  const client = api(run, at(run.writerCookies, writer));
  for (let n = 0; !state.stop; n++) {
    if (pauseMs > 0 && n > 0) await sleep(pauseMs / 2 + below(random, pauseMs));
    const mine = at(owned, writer);
    const editing = mine.length > 0 && random() < 0.3 ? expected.get(at(mine, below(random, mine.length)))! : null;
    const op: InFlight = editing
      ? { kind: 'update', writer, id: editing.id, fromVersion: editing.version, line: newLine(random, editing.description) }
      : { kind: 'create', writer, line: newLine(random, `crash:r${round}:w${writer}:${n}`) };
    let answer;
    try {
      answer =
        op.kind === 'create'
          ? await client.mutate('cost.create', { incidentId: at(run.writeIncidents, writer % run.writeIncidents.length), ...op.line })
          : await client.mutate('cost.update', { id: op.id, expectedVersion: op.fromVersion, ...op.line });
    } catch (error) {
      if (run.killIssued) state.inFlight.push(op);
      else
        state.problems.push(
          `writer ${writer}: ${op.kind} failed before the kill: ${(error as Error).message} ${(error as { cause?: { message?: string } }).cause?.message ?? ''}`,
        );
      return;
    }
    if (answer.error) {
      state.problems.push(`writer ${writer}: ${op.kind} answered ${answer.status} ${answer.error.code}: ${answer.error.message}`);
      return;
    }
    if (op.kind === 'create') {
      const { id } = answer.data;
      expected.set(id, { ...op.line, id, version: 1 });
      mine.push(id);
      state.creates++;
    } else {
      const { version } = answer.data as OutputOf<'cost.update'>;
      expected.set(op.id, { ...op.line, id: op.id, version });
      state.updates++;
    }
  }
}

/**
 * Write-only rounds send each next request as soon as the last is answered: the most writes in flight at
 * the kill. Beside an import or an export the writers pause ~`pauseMs` between requests, as people do:
 * closed-loop writers starve an export (its file I/O waits behind every queued request; 3 s became 50 s).
 */
export function startWriters(run: CrashRun, round: number, clients: number, pauseMs = 0): { state: WriteState; done: Promise<void[]> } {
  const state: WriteState = { stop: false, inFlight: [], problems: [], creates: 0, updates: 0 };
  const done = Promise.all(
    Array.from({ length: clients }, async (_, w) => await writeUntilKilled(run, w, round, generator(SEED * 31 + round * 1009 + w), state, pauseMs)),
  );
  return { state, done };
}

// ---------------------------------------------------------------------------------------------------
// Imports and exports, as finance does them.

const IMPORT_MAPPING = { incurredOn: 0, category: 1, amount: 2, vendor: 3, description: 4 };
const IMPORT_FIXED = { stage: 'invoiced' } as const;

/** A CSV of `lines` valid rows, unique to its label (so no file is ever a re-import of another). */
function importFile(label: string, lines: number): Buffer {
  const rows: CsvCell[][] = [['日付', '費目', '金額', '取引先', '摘要']];
  for (let i = 0; i < lines; i++) {
    rows.push([
      `2026/07/${String(1 + (i % 28)).padStart(2, '0')}`,
      at(CATEGORIES, i % CATEGORIES.length),
      `${(1_000 + i).toLocaleString('en-US')}`,
      `業者 ${i % 50}`,
      `${label} ${i + 1}行目`,
    ]);
  }
  return Buffer.from(csvText(rows), 'utf8');
}

/** Uploads and previews a file; answers the import id, ready to commit. */
export async function uploadAndPreview(
  run: CrashRun,
  client: ApiClient,
  incidentId: string,
  label: string,
  timed?: (previewMs: number) => void,
): Promise<string> {
  const answer = await postFiles(`${run.server!.url}/api/incidents/${incidentId}/imports`, client.cookie, [
    { bytes: importFile(label, IMPORT_LINES), name: `${label}.csv` },
  ]);
  if (answer.status !== 201) throw new Error(`upload refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  const importId = answer.body.importId as string;
  run.acked.uploadedImports.add(importId);
  const began = performance.now();
  const preview = await client.ok('query', 'costImport.preview', { importId, mapping: IMPORT_MAPPING, fixed: IMPORT_FIXED, limit: 1 });
  timed?.(performance.now() - began);
  expect(preview.counts).toEqual({ lines: IMPORT_LINES, errors: 0, skipped: 0, duplicates: 0 });
  return importId;
}

export const commitImport = async (client: ApiClient, importId: string) =>
  await client.mutate('costImport.commit', { importId, mapping: IMPORT_MAPPING, fixed: IMPORT_FIXED });

/**
 * Waits until the export being built reaches `phase` (its working directory, a file in it, that file's
 * `fraction` of the calibration export's size); answers what was seen. Gives up once the export answered
 * or after a minute, and says so.
 */
export async function exportReaches(run: CrashRun, phase: ExportPhase, fraction: number, settled: () => boolean): Promise<string> {
  const { calibration } = run;
  const workRoot = path.join(run.dataDir, 'packages', 'tmp');
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
