// Builds the app ahead of time into dist/: the client with Vite (dist/client), the server with esbuild
// (dist/server/main.js and its reading thread). `node scripts/build.mjs` builds both; naming parts
// (`client`, `server`) builds those; `--if-stale` skips a part whose inputs match the last build's stamp.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fingerprint, isStale, ROOT, writeStamp } from './build-fingerprint.mjs';

const SERVER_OUT = path.join(ROOT, 'dist', 'server');

function buildClient() {
  // Vite's own command line, as `npm run dev` uses it; a child process keeps Vite out of this one.
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the client build failed (vite exited with ${result.status ?? result.signal})`);
}

async function buildServer() {
  // Imported here, not at the top: `npm start` on a fresh build never loads esbuild.
  const esbuild = await import('esbuild');
  rmSync(SERVER_OUT, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // node_modules stay outside the bundle and load at run time: native modules (better-sqlite3, argon2),
    // files found through createRequire (the fonts, exceljs's theme), and no copy of what npm installed.
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: ROOT,
  };
  // dist/server/main.js sits two folders below the root, as server/<folder>/*.ts do, so the `../../drizzle`
  // and `../../dist/client` URLs the sources build from import.meta.url resolve to the same places.
  await esbuild.build({ ...common, entryPoints: ['server/main.ts'], outfile: path.join(SERVER_OUT, 'main.js') });
  // The reading thread, compiled: the server starts `./reading-thread.mjs` next to itself, which from the
  // sources is the tsx loader (server/import/reading-thread.mjs) and here the thread's own code.
  await esbuild.build({ ...common, entryPoints: ['server/import/reading-thread.ts'], outfile: path.join(SERVER_OUT, 'reading-thread.mjs') });
}

const BUILDERS = { client: buildClient, server: buildServer };

/** Builds the parts asked for (those stale only, with `ifStale`); answers the parts it built. */
export async function build(parts = ['client', 'server'], { ifStale = false } = {}) {
  const built = [];
  for (const part of parts) {
    // The fingerprint is taken before building: an edit made during the build leaves the part stale.
    const print = fingerprint(part);
    if (ifStale && !isStale(part, print)) continue;
    await BUILDERS[part]();
    writeStamp(part, print);
    built.push(part);
  }
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const parts = args.filter((arg) => arg in BUILDERS);
  const started = performance.now();
  const built = await build(parts.length ? parts : undefined, { ifStale: args.includes('--if-stale') });
  console.log(built.length ? `built ${built.join(' and ')} in ${Math.round(performance.now() - started)} ms` : 'dist/ is up to date');
}
