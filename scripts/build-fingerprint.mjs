// What each built part (the client in dist/client, the server in dist/server) was built from: a hash of
// its input files' paths and contents, compared with the stamp the last build wrote. Plain JavaScript, so
// `npm start` can decide what to rebuild without loading TypeScript, Vite or esbuild first.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = path.join(ROOT, 'dist', 'build-stamp.json');

/**
 * The inputs of each part. The lock file is in both: a dependency bumped is a dependency the client bundles
 * (and the server build resolves). The build scripts are inputs too: a changed recipe is a stale build;
 * so is tsconfig.json, which both compilers read (how imports are kept or dropped, JSX).
 */
export const PARTS = {
  client: {
    inputs: ['client', 'shared', 'vite.config.ts', 'tsconfig.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/build-fingerprint.mjs'],
    outputs: ['dist/client/index.html'],
  },
  server: {
    inputs: ['server', 'shared', 'tsconfig.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/build-fingerprint.mjs'],
    outputs: ['dist/server/main.js', 'dist/server/reading-thread.mjs'],
  },
};

function listFiles(relative) {
  const absolute = path.join(ROOT, relative);
  const entries = readdirSync(absolute, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

function filesOf(inputs) {
  const files = [];
  for (const input of inputs) {
    const absolute = path.join(ROOT, input);
    if (!existsSync(absolute)) continue;
    try {
      files.push(...listFiles(input));
    } catch {
      files.push(input); // a file, not a directory
    }
  }
  return [...new Set(files)].sort();
}

/**
 * Content, not modification times: a fresh clone or a `git checkout` touches every file's mtime without
 * changing what gets built, and hashing the ~300 source files costs a few milliseconds.
 */
export function fingerprint(part) {
  const hash = createHash('sha256');
  for (const file of filesOf(PARTS[part].inputs)) {
    hash
      .update(file.split(path.sep).join('/'))
      .update('\0')
      .update(readFileSync(path.join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

export function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

/** Records that `part` was built from inputs with this fingerprint (taken before the build started). */
export function writeStamp(part, print) {
  writeFileSync(STAMP, JSON.stringify({ ...readStamp(), [part]: print }, null, 2) + '\n');
}

/** Whether the part must be built: never built, an output gone, or its inputs changed since. */
export function isStale(part, print = fingerprint(part)) {
  return readStamp()[part] !== print || !PARTS[part].outputs.every((output) => existsSync(path.join(ROOT, output)));
}
