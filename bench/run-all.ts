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
// Knobs: BENCH_LINES (100000), BENCH_RUNS (every script's repetitions; each has its own default and knob),
// BENCH_ONLY (comma-separated script names, e.g. `reads,export`), BENCH_OUT (a file: the document is written
// there too), and each script's own (see its header).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ensureClientBuilt } from './support/client-build.ts';
import { machineInfo, progress, writeDocument, type BenchDocument, type Figure } from './support/report.ts';
import { must } from '../test/support/at.ts';

/** Name (for BENCH_ONLY and the `scripts` section), file, and the npm script that runs it alone. */
const SCRIPTS = [
  { name: 'import', file: 'import.ts', npm: 'bench:import' },
  { name: 'preview', file: 'import-preview.ts', npm: 'bench:preview' },
  { name: 'create', file: 'cost-create.ts', npm: 'bench:create' },
  { name: 'reads', file: 'ledger-reads.ts', npm: 'bench:reads' },
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
const scripts: Record<string, { npm: string; wallMs: number; exitCode: number | null; error?: string }> = {};
for (const script of selected) {
  progress('all', `── ${script.name} (bench/${script.file}) ──`);
  const { code, stdout, wallMs } = await runScript(script.file, env);
  scripts[script.name] = { npm: `npm run ${script.npm}`, wallMs: Math.round(wallMs), exitCode: code };
  let document: BenchDocument | null = null;
  try {
    document = JSON.parse(stdout) as BenchDocument;
  } catch {
    must(scripts[script.name], 'scripts[script.name]').error = `no JSON document on stdout${stdout.trim() ? `: ${stdout.trim().slice(0, 300)}` : ''}`;
  }
  if (document) {
    Object.assign(figures, document.figures);
    Object.assign(details, document.details ?? {});
  }
  if (code !== 0) must(scripts[script.name], 'scripts[script.name]').error ??= `exited with code ${code}`;
  if (must(scripts[script.name], 'scripts[script.name]').error)
    progress('all', `${script.name} failed: ${must(scripts[script.name], 'scripts[script.name]').error}`);
}

const names = Object.keys(figures);
const summary = {
  met: names.filter((n) => must(figures[n], 'figures[n]').met),
  notMet: names.filter((n) => !must(figures[n], 'figures[n]').met && !must(figures[n], 'figures[n]').pending),
  pending: names.filter((n) => must(figures[n], 'figures[n]').pending),
  failedScripts: Object.keys(scripts).filter((n) => must(scripts[n], 'scripts[n]').error),
};
writeDocument({ machine, ranAt: ranAt.toISOString(), figures, summary, details, scripts });
if (summary.failedScripts.length > 0) process.exitCode = 1;
