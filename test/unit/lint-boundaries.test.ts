// The import boundaries in eslint.config.js (docs/decisions/033-lint-and-format.md) report a violation, and
// leave allowed imports alone. Linted without types (disableTypeChecked) and without the cycle check: the
// boundaries need neither, and building the parts' programs or walking the server's imports takes seconds.
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked, { rules: { 'import-x/no-cycle': 'off' } }] });

/** The rule ids reported for `code` as if it were the file at `filePath`, one per import line reported. */
async function reported(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return (result?.messages ?? []).map((m) => `${m.line} ${m.ruleId ?? m.message}`);
}

describe('import boundaries', () => {
  it('shared/ imports nothing from Node, the server, the client or any package but zod', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import { newId } from '../server/ids.ts';",
      "import type { AppRouter } from '../server/routers/_app.ts';",
      "import { useLocale } from '../client/src/lib/format.ts';",
      "import { useState } from 'react';",
      "import { z } from 'zod';",
      "import { formatYen } from './money.ts';",
      'export const all = [readFileSync, path, newId, useLocale, useState, z, formatYen];',
      'export type Router = AppRouter;',
      '',
    ].join('\n');
    expect(await reported('shared/boundary-fixture.ts', code)).toEqual([1, 2, 3, 4, 5, 6].map((line) => `${line} no-restricted-imports`));
  });

  it('client/ imports the server only as types, and no Node module', async () => {
    const code = [
      "import type { AppRouter } from '../../../server/routers/_app.ts';",
      "import { appRouter } from '../../../server/routers/_app.ts';",
      "import { readFileSync } from 'node:fs';",
      "import { formatYen } from '../../../shared/money.ts';",
      'export const all: [AppRouter | null, unknown, unknown, unknown] = [null, appRouter, readFileSync, formatYen];',
      '',
    ].join('\n');
    expect(await reported('client/src/lib/boundary-fixture.ts', code)).toEqual([
      '2 @typescript-eslint/no-restricted-imports',
      '3 @typescript-eslint/no-restricted-imports',
    ]);
  });

  it('server/ imports nothing from the client', async () => {
    const code = [
      "import { formatYen } from '../../shared/money.ts';",
      "import { useLocale } from '../../client/src/lib/format.ts';",
      'export const all = [formatYen, useLocale];',
      '',
    ].join('\n');
    expect(await reported('server/routers/boundary-fixture.ts', code)).toEqual(['2 no-restricted-imports']);
  });
});
