// Time from `npm start` to the server's "listening on" line: cold (no dist/: the first start builds the
// client and the server) and warm (an unchanged checkout: fingerprints checked, nothing built). Baseline:
// the sources run through tsx (`node --import tsx server/main.ts`), as `npm start` ran the server before,
// without the client build it also ran every time; and that old `npm start` as a whole (`before`). Each run gets its own empty DATA_DIR, so every figure
// includes opening, migrating and seeding a new database. Target: warm ≤ 3,000 ms.
// `node bench/start-time.mjs` (BENCH_RUNS warm runs, default 5; BENCH_SKIP_COLD=1 keeps dist/ as it is).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../scripts/build-fingerprint.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 3_000;

/** Starts the command in a process group of its own, answers the ms until "listening on", then kills it. */
function timeToListening(command, args) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'start-time-'));
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const done = (error, ms) => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      child.once('exit', () => {
        rmSync(dataDir, { recursive: true, force: true });
        if (error) reject(error);
        else resolve(ms);
      });
      if (child.exitCode !== null) child.emit('exit');
    };
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('listening on')) done(null, Math.round(performance.now() - started));
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      if (!output.includes('listening on')) reject(new Error(`exited with ${code} before listening:\n${output}`));
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const figures = {};
if (!process.env.BENCH_SKIP_COLD) {
  rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  figures.coldStartMs = await timeToListening('npm', ['start', '--silent']);
}
const warm = [];
for (let i = 0; i < RUNS; i += 1) warm.push(await timeToListening('npm', ['start', '--silent']));
const direct = [];
for (let i = 0; i < RUNS; i += 1) direct.push(await timeToListening(process.execPath, ['scripts/start.mjs']));
const source = [];
for (let i = 0; i < RUNS; i += 1) source.push(await timeToListening(process.execPath, ['--import', 'tsx', 'server/main.ts']));
// What `npm start` was before the build (issue 19): the client built at every start, then the sources
// through tsx. It rewrites dist/client with the same files, so the stamp stays true.
const before = [];
const viteThenTsx = 'node node_modules/vite/bin/vite.js build --logLevel warn && node --import tsx server/main.ts';
for (let i = 0; i < Math.min(RUNS, 3); i += 1) before.push(await timeToListening('sh', ['-c', viteThenTsx]));

Object.assign(figures, {
  warmStartMs: median(warm),
  warmStartRunsMs: warm,
  warmWithoutNpmMs: median(direct),
  baseline: { what: 'node --import tsx server/main.ts (sources through tsx, no client build), median', ms: median(source) },
  before: { what: `the old npm start: ${viteThenTsx}, median`, ms: median(before) },
  target: { warmStartMs: TARGET_MS, met: median(warm) <= TARGET_MS },
});
console.log(
  JSON.stringify(
    { machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg: loadavg() }, ranAt: new Date().toISOString(), ...figures },
    null,
    2,
  ),
);
