// What every benchmark script shares: the machine it ran on, percentiles, progress on stderr and the one
// JSON document on stdout. Each script prints a whole document (`{ machine, ranAt, figures, details }`),
// so it can run alone; `npm run bench` (bench/run-all.ts) runs them all and merges their figures.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import Database from 'better-sqlite3';

/** One measured figure, always beside its raw baseline measured in the same run. */
export interface Figure {
  /** The figure itself (ms, req/s, bytes…): the fields named by `unit`, `p50Ms`, `p95Ms` and so on. */
  [field: string]: unknown;
  baseline: { what: string; [field: string]: unknown };
  target: string;
  met: boolean;
}

export interface BenchDocument {
  machine: MachineInfo;
  ranAt: string;
  figures: Record<string, Figure>;
  /** Everything else the script measured or checked, for whoever reads the figures closely. */
  details?: Record<string, unknown>;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  node: string;
  sqlite: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine shows here. */
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  const memory = new Database(':memory:');
  const { version } = memory.prepare('SELECT sqlite_version() AS version').get() as { version: string };
  memory.close();
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memGiB: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    sqlite: version,
    platform: `${process.platform} ${release()} ${process.arch}`,
    loadAverage: loadavg().map((n) => round(n, 2)),
  };
}

/** Progress for the person watching, on stderr: stdout carries only the final JSON. */
export function progress(script: string, message: string): void {
  process.stderr.write(`[bench:${script}] ${message}\n`);
}

export const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return value ?? Number.NaN; // only an empty array has no such rank
}

export interface Distribution {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  runs: number;
}

export function distribution(times: number[]): Distribution {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
    meanMs: round(sorted.reduce((s, t) => s + t, 0) / Math.max(1, sorted.length)),
    runs: sorted.length,
  };
}

export const median = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/**
 * How many repetitions a script makes: its own knob (e.g. BENCH_IMPORT_RUNS) first, then BENCH_RUNS,
 * then its default. BENCH_RUNS therefore sets every script's count when `npm run bench` runs them all.
 */
export function runsFrom(ownKnob: string, fallback: number): number {
  const raw = process.env[ownKnob] ?? process.env.BENCH_RUNS;
  const runs = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`${process.env[ownKnob] !== undefined ? ownKnob : 'BENCH_RUNS'}="${raw}": must be a whole number ≥ 1`);
  return runs;
}

/** BENCH_LINES: the ledger length of every figure measured "on 100,000 lines". */
export function benchLines(): number {
  const lines = Number(process.env.BENCH_LINES ?? 100_000);
  if (!Number.isInteger(lines) || lines < 1) throw new Error(`BENCH_LINES="${process.env.BENCH_LINES}": must be a whole number ≥ 1`);
  return lines;
}

/**
 * The JSON document on stdout and, when BENCH_OUT names a file, in that file too (`npm run` prints its own
 * `> script` banner on stdout: `npm run -s …` or BENCH_OUT give the JSON alone).
 */
export function writeDocument(document: object): void {
  const text = `${JSON.stringify(document, null, 2)}\n`;
  process.stdout.write(text);
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, text);
}

export function printDocument(ranAt: Date, machine: MachineInfo, figures: Record<string, Figure>, details?: Record<string, unknown>): void {
  const document: BenchDocument = { machine, ranAt: ranAt.toISOString(), figures, ...(details ? { details } : {}) };
  writeDocument(document);
}
