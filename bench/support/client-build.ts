// Builds the web client into dist/client for the benchmarks that need it, as `npm run build` and the e2e tests
// do (`vite build --logLevel warn`), with Vite's output on stderr: stdout carries only the bench's JSON.
// `npm run bench` builds once and sets BENCH_SKIP_BUILD=1 for the scripts it runs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLIENT_DIST = fileURLToPath(new URL('../../dist/client', import.meta.url));

export function ensureClientBuilt(log: (message: string) => void): void {
  if (process.env.BENCH_SKIP_BUILD === '1') return;
  log('building the client (vite build --logLevel warn)');
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`);
}
