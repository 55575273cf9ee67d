// `npm start`: rebuilds whichever part of dist/ is older than its sources (nothing, on an unchanged
// checkout), then runs the built server, dist/server/main.js, with plain Node: no tsx, no Vite at run time.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { isStale, ROOT } from './build-fingerprint.mjs';

const stale = ['client', 'server'].filter((part) => isStale(part));
if (stale.length > 0) {
  // Only then is the build script (and with it esbuild or Vite) loaded.
  const { build } = await import('./build.mjs');
  const started = performance.now();
  await build(stale);
  console.log(`built ${stale.join(' and ')} in ${Math.round(performance.now() - started)} ms`);
}

// Stack traces in the log point into server/*.ts, not into the bundle (dist/server/*.js.map).
process.setSourceMapsEnabled(true);
// The server runs in this process, as `node dist/server/main.js` would: its signal handlers, its exit code.
await import(pathToFileURL(path.join(ROOT, 'dist', 'server', 'main.js')).href);
