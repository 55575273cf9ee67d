// `npm run bench`: every benchmark, one after the other, each in its own child process (so memory and
// timing do not carry over), merged into ONE JSON document on stdout:
//   { machine, ranAt, figures: { <name>: { …, baseline: { what, … }, target, met } }, details, scripts }
// Progress (and Vite's warnings) go to stderr. The client is built once here (`vite build --logLevel warn`)
// and the scripts that need dist/ are told not to build it again (BENCH_SKIP_BUILD=1).
// A script that fails is reported under `scripts` (with its exit code) and the others still run; the
// exit code is then 1. Figures that miss their target do not change the exit code: see `summary`.
//
// `npm run` prints its `> bench` banner on stdout: use `npm run -s bench` for the JSON alone, or BENCH_OUT.
//
// Two engines. The scripts where the database engine matters (import, create, reads) run twice, once per
// engine (BENCH_ENGINE=sqlite, then BENCH_ENGINE=postgres: a throwaway, durable PostgreSQL of their own, see
// bench/support/engine.ts), each leg in its own process. Their figures are named `<figure>.<engine>` and
// placed side by side: `import100k.sqlite` then `import100k.postgres`, `claimSummary.sqlite` then
// `claimSummary.postgres`, each with its own baseline measured on the same engine in the same leg, its
// target and `met`; every such figure also says `engine`. `scripts` has one entry per leg (`import.sqlite`,
// `import.postgres`). Without PostgreSQL 15+ binaries the postgres legs are not failures: they are listed in
// `summary.skipped`, and `scripts["<name>.postgres"].skipped` says why. The other scripts run once, on SQLite,
// and keep their plain figure names.
//
// Knobs: BENCH_LINES (100000), BENCH_RUNS (every script's repetitions; each has its own default and knob),
// BENCH_ONLY (comma-separated script names, e.g. `reads,export`), BENCH_ENGINES (`sqlite,postgres`: the
// engines of the two-engine scripts), BENCH_OUT (a file: the document is written there too), and each
// script's own (see its header).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ensureClientBuilt } from './support/client-build.ts';
import { ENGINES, postgresUnavailable, type BenchEngine } from './support/engine.ts';
import { machineInfo, progress, writeDocument, type BenchDocument, type Figure } from './support/report.ts';
import { must } from '../test/support/at.ts';

/** Name (for BENCH_ONLY and the `scripts` section), file, the npm script that runs it alone, and whether it runs per engine. */
const SCRIPTS = [
  { name: 'import', file: 'import.ts', npm: 'bench:import', perEngine: true },
  { name: 'preview', file: 'import-preview.ts', npm: 'bench:preview' },
  { name: 'create', file: 'cost-create.ts', npm: 'bench:create', perEngine: true },
  { name: 'reads', file: 'ledger-reads.ts', npm: 'bench:reads', perEngine: true },
  { name: 'export', file: 'export-package.ts', npm: 'bench:export' },
  { name: 'client', file: 'client-size.ts', npm: 'bench:client' },
  { name: 'browser', file: 'ledger-visible.ts', npm: 'bench:browser' },
  { name: 'load', file: 'load.ts', npm: 'bench:load' },
] as const;
const NEEDS_CLIENT = new Set(['client', 'browser']);

const machine = machineInfo();
const ranAt = new Date();
const only = process.env.BENCH_ONLY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = only?.filter((name) => !SCRIPTS.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`BENCH_ONLY: no script named ${unknown.join(', ')} (scripts: ${SCRIPTS.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const selected = SCRIPTS.filter((s) => !only || only.includes(s.name));
const engines = (process.env.BENCH_ENGINES ?? ENGINES.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknownEngines = engines.filter((e) => !(ENGINES as readonly string[]).includes(e));
if (unknownEngines.length > 0 || engines.length === 0) {
  console.error(`BENCH_ENGINES: ${unknownEngines.join(', ') || '(empty)'}: engines are ${ENGINES.join(', ')}`);
  process.exit(2);
}
/** One process each: a script, or one engine's leg of a two-engine script. */
interface Leg {
  leg: string;
  file: string;
  engine: BenchEngine | null;
  npm: string;
}
const legs: Leg[] = selected.flatMap((script): Leg[] =>
  'perEngine' in script
    ? (engines as BenchEngine[]).map((engine) => ({
        leg: `${script.name}.${engine}`,
        file: script.file,
        engine,
        npm: `${engine === 'sqlite' ? '' : `BENCH_ENGINE=${engine} `}npm run ${script.npm}`,
      }))
    : [{ leg: script.name, file: script.file, engine: null, npm: `npm run ${script.npm}` }],
);
const noPostgres = legs.some((l) => l.engine === 'postgres') ? postgresUnavailable() : null;

function runScript(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; wallMs: number }> {
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`./${file}`, import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, wallMs: performance.now() - start }));
  });
}

const env = { ...process.env };
delete env.BENCH_OUT; // the merged document goes there, not each script's
if (selected.some((s) => NEEDS_CLIENT.has(s.name))) {
  ensureClientBuilt((message) => progress('all', message));
  env.BENCH_SKIP_BUILD = '1';
}

const figures: Record<string, Figure> = {};
const details: Record<string, unknown> = {};
const scripts: Record<string, { npm: string; wallMs?: number; exitCode?: number | null; error?: string; skipped?: string }> = {};
const skipped: string[] = [];
for (const script of legs) {
  if (script.engine === 'postgres' && noPostgres) {
    progress('all', `── ${script.leg}: skipped (${noPostgres}) ──`);
    scripts[script.leg] = { npm: script.npm, skipped: noPostgres };
    skipped.push(script.leg);
    continue;
  }
  progress('all', `── ${script.leg} (bench/${script.file}) ──`);
  const legEnv = { ...env };
  delete legEnv.BENCH_ENGINE;
  if (script.engine) legEnv.BENCH_ENGINE = script.engine;
  const { code, stdout, wallMs } = await runScript(script.file, legEnv);
  const entry: (typeof scripts)[string] = { npm: script.npm, wallMs: Math.round(wallMs), exitCode: code };
  scripts[script.leg] = entry;
  let document: (BenchDocument & { skipped?: { reason: string } }) | null = null;
  try {
    document = JSON.parse(stdout) as BenchDocument & { skipped?: { reason: string } };
  } catch {
    entry.error = `no JSON document on stdout${stdout.trim() ? `: ${stdout.trim().slice(0, 300)}` : ''}`;
  }
  if (document) {
    Object.assign(figures, document.figures);
    Object.assign(details, document.details ?? {});
    if (document.skipped) {
      entry.skipped = document.skipped.reason;
      skipped.push(script.leg);
    }
  }
  if (code !== 0) entry.error ??= `exited with code ${code}`;
  if (entry.error) progress('all', `${script.leg} failed: ${entry.error}`);
}

/** `<figure>.<engine>` side by side: each figure's engines together, in ENGINES' order, where its first one stood. */
function sideBySide<T>(record: Record<string, T>): Record<string, T> {
  const engineOf = (name: string) => ENGINES.find((e) => name.endsWith(`.${e}`));
  const out: Record<string, T> = {};
  for (const name of Object.keys(record)) {
    if (name in out) continue;
    const engine = engineOf(name);
    if (!engine) {
      out[name] = must(record[name], 'record[name]');
      continue;
    }
    const base = name.slice(0, -engine.length - 1);
    for (const e of ENGINES) if (`${base}.${e}` in record) out[`${base}.${e}`] = must(record[`${base}.${e}`], 'record[base.e]');
  }
  return out;
}

const ordered = sideBySide(figures);
const names = Object.keys(ordered);
const summary = {
  met: names.filter((n) => must(ordered[n], 'ordered[n]').met),
  notMet: names.filter((n) => !must(ordered[n], 'ordered[n]').met && !must(ordered[n], 'ordered[n]').pending),
  pending: names.filter((n) => must(ordered[n], 'ordered[n]').pending),
  failedScripts: Object.keys(scripts).filter((n) => must(scripts[n], 'scripts[n]').error),
  skipped,
};
writeDocument({ machine, ranAt: ranAt.toISOString(), figures: ordered, summary, details: sideBySide(details), scripts });
if (summary.failedScripts.length > 0) process.exitCode = 1;
