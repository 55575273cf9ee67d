// What each part may import (docs/decisions/031-tsconfig-per-part.md), for the rules tsc cannot hold alone:
// the client sees Node's types through AppRouter's, and the server sees the DOM's through @types/pdfmake.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every import of a part's source files: `file: import line`. */
function importsOf(part: string): { file: string; line: string }[] {
  const files = readdirSync(path.join(ROOT, part), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
  return files.flatMap((file) => {
    const text = readFileSync(path.join(ROOT, part, file), 'utf8');
    return [...text.matchAll(/^(?:import|export)\b[^;]*?from\s+'([^']+)';/gms)].map((m) => ({ file: `${part}/${file}`, line: m[0].replace(/\s+/g, ' ') }));
  });
}

describe('each part imports only what it may', () => {
  it('the client imports no Node module, and the server only as types (AppRouter)', () => {
    const wrong = importsOf('client/src').filter(
      ({ line }) => /from 'node:/.test(line) || (/from '(\.\.\/)+server\//.test(line) && !/^import type\b/.test(line)),
    );
    expect(wrong).toEqual([]);
  });

  it('the server imports nothing from the client', () => {
    expect(importsOf('server').filter(({ line }) => /from '(\.\.\/)+client\//.test(line))).toEqual([]);
  });

  it('shared imports only shared and zod', () => {
    const wrong = importsOf('shared').filter(({ line }) => !/from '(\.\/[^']+|zod)';$/.test(line));
    expect(wrong).toEqual([]);
  });
});
