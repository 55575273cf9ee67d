// Figure `clientJsBeforeFirstPage`: the JavaScript a browser must fetch before the app can show its first
// page, gzipped. Target: ≤ 250 kB (kB = 1,000 bytes, as Vite's build report counts).
//
// After `vite build` (run here unless BENCH_SKIP_BUILD=1), dist/client/index.html names the entry
// (`<script type="module" src>`) and Vite's `<link rel="modulepreload" href>` for every chunk the entry
// imports statically: those are counted. Stylesheets are reported beside them but not counted, and so are
// the chunks loaded later (dynamic imports: the chart, the PDF preview, pdf.js's worker).
// Each file is gzipped with zlib at level 6 (its default, and what Vite's report uses).
//
// Baseline: the smallest React 19 page (bench/support/client-floor: createRoot + one <p>), built by the
// same Vite and React plugin into a temporary directory and counted the same way: what any React page
// ships before its own code, so the difference is the app's own code and its other libraries.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CLIENT_DIST, ensureClientBuilt } from './support/client-build.ts';
import { machineInfo, printDocument, progress, type Figure } from './support/report.ts';
import { at } from '../test/support/at.ts';

const SCRIPT = 'client';
const machine = machineInfo();
const ranAt = new Date();
const TARGET_KB = 250;
const GZIP_LEVEL = 6;
const FLOOR_ROOT = fileURLToPath(new URL('./support/client-floor', import.meta.url));

interface SizedFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

const kB = (bytes: number) => Math.round(bytes / 10) / 100;

function sized(dist: string, href: string): SizedFile {
  const bytes = readFileSync(path.join(dist, at(href.replace(/^\//, '').split(/[?#]/), 0)));
  return { file: href, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: GZIP_LEVEL }).length };
}

/** The attribute values of every tag that matches, in document order. */
function attributes(html: string, tag: RegExp, attribute: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(tag)) {
    const value = new RegExp(`\\s${attribute}=["']([^"']+)["']`).exec(match[0]);
    if (value) found.push(at(value, 1));
  }
  return found;
}

/** What index.html makes the browser fetch before the app runs: entry scripts, preloads, stylesheets. */
function firstPageFiles(dist: string) {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const scripts = attributes(html, /<script\b[^>]*\btype=["']module["'][^>]*>/g, 'src');
  const preloads = attributes(html, /<link\b[^>]*\brel=["']modulepreload["'][^>]*>/g, 'href');
  const styles = attributes(html, /<link\b[^>]*\brel=["']stylesheet["'][^>]*>/g, 'href');
  if (scripts.length === 0) throw new Error(`${dist}/index.html has no <script type="module" src>`);
  const js = [...new Set([...scripts, ...preloads])].map((href) => sized(dist, href));
  const css = styles.map((href) => sized(dist, href));
  return { js, css, jsGzipBytes: js.reduce((s, f) => s + f.gzipBytes, 0), cssGzipBytes: css.reduce((s, f) => s + f.gzipBytes, 0) };
}

ensureClientBuilt((message) => progress(SCRIPT, message));
const app = firstPageFiles(CLIENT_DIST);
const counted = new Set([...app.js, ...app.css].map((f) => f.file.replace(/^\//, '')));
const later = readdirSync(path.join(CLIENT_DIST, 'assets'))
  .map((name) => `assets/${name}`)
  .filter((name) => /\.(m?js)$/.test(name) && !counted.has(name))
  .map((name) => sized(CLIENT_DIST, name));

progress(SCRIPT, 'building the React floor (bench/support/client-floor) into a temporary directory');
const floorOut = mkdtempSync(path.join(tmpdir(), 'bct-bench-floor-'));
let floor: ReturnType<typeof firstPageFiles>;
try {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  await build({ root: FLOOR_ROOT, configFile: false, logLevel: 'warn', plugins: [react()], build: { outDir: floorOut, emptyOutDir: true } });
  floor = firstPageFiles(floorOut);
} finally {
  rmSync(floorOut, { recursive: true, force: true });
}
progress(SCRIPT, `first page: ${kB(app.jsGzipBytes)} kB gzip of JS (React floor ${kB(floor.jsGzipBytes)} kB)`);

const figure: Figure = {
  unit: 'kB gzip (1 kB = 1000 bytes)',
  value: kB(app.jsGzipBytes),
  gzipBytes: app.jsGzipBytes,
  rawBytes: app.js.reduce((s, f) => s + f.bytes, 0),
  files: app.js,
  cssNotCounted: { gzipBytes: app.cssGzipBytes, files: app.css },
  ratioToBaseline: Math.round((app.jsGzipBytes / floor.jsGzipBytes) * 100) / 100,
  baseline: {
    what: 'the smallest React 19 page (react + react-dom/client, createRoot rendering one <p>) built by the same Vite 8 + @vitejs/plugin-react, counted the same way (entry + modulepreloads, gzip level 6): the framework floor any React page ships',
    value: kB(floor.jsGzipBytes),
    gzipBytes: floor.jsGzipBytes,
    files: floor.js,
  },
  target: `≤ ${TARGET_KB} kB gzip of JavaScript (entry + modulepreload; CSS not counted)`,
  met: app.jsGzipBytes <= TARGET_KB * 1000,
};

printDocument(
  ranAt,
  machine,
  { clientJsBeforeFirstPage: figure },
  {
    clientSize: {
      gzipLevel: GZIP_LEVEL,
      loadedLaterNotCounted: later,
      loadedLaterGzipBytes: later.reduce((s, f) => s + f.gzipBytes, 0),
    },
  },
);
