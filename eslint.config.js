// ESLint: type-checked TypeScript rules, React hooks in client/, no import cycles, and the parts' import boundaries
// (docs/decisions/033-lint-and-format.md). Formatting is Prettier's job: eslint-config-prettier comes last.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { noSyncDrizzle } from './eslint-rules/no-sync-drizzle.js';

// Node's own modules by their bare names (`fs`); the `node:` spelling is caught by a pattern below.
const nodeModules = builtinModules.filter((name) => !name.startsWith('node:'));

// A relative import that climbs into another part: `../server/x.ts`, `../../../client/src/y.ts`.
const intoPart = (part) => `^(\\.\\./)+${part}/`;

export default defineConfig([
  globalIgnores(['dist/', '.tsbuild/', 'drizzle/', 'test-results/', 'data/', 'tmp/', '.ci/', 'docs/']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked by the tsconfig of its part (shared/, server/, client/, tsconfig.tools.json), found through
        // the solution tsconfig.json's references — the same programs `tsc -b` builds.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (a destructured field left out, a callback's first parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Japanese text puts an ideographic space (U+3000) between a label and its value in templates; elsewhere it stays an error.
      'no-irregular-whitespace': ['error', { skipTemplates: true }],
      // Off: every such regex here finds control characters on purpose (CSV and XML cells, file names), written as \x escapes.
      'no-control-regex': 'off',
      // A promise may pass on an error it caught as `unknown` (a stream's, a library's); strings and plain objects stay refused.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },

  // The app's queries run on SQLite and PostgreSQL: none may end in drizzle's SQLite-only synchronous calls.
  {
    files: ['server/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    plugins: { local: { rules: { 'no-sync-drizzle': noSyncDrizzle } } },
    rules: { 'local/no-sync-drizzle': 'error' },
  },

  // Plain JavaScript (build and start scripts, the reading thread's loader, this file) is in no tsconfig: lint it without types.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },

  // No import cycles anywhere: a cycle makes the load order decide what is undefined at startup.
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX },
    settings: {
      // Imports name their files with the extension (`./money.ts`), so Node's resolution finds them; the rule follows only these.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },

  // The parts' boundaries (the tsconfigs say the same about types; these say it about imports).
  {
    // shared/ runs on the server and in the browser: it imports only itself and zod — nothing from Node, the server or the client.
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: intoPart('server'), message: 'shared/ must not import from server/.' },
            { regex: intoPart('client'), message: 'shared/ must not import from client/.' },
            // Everything else but shared/ itself and zod: Node's modules (`node:fs`, `fs`), packages, other folders.
            { regex: '^(?!\\./|zod$|(\\.\\./)+(server|client)/)', message: 'shared/ imports only shared/ and zod: it runs in the browser too.' },
          ],
        },
      ],
    },
  },
  {
    // The server never imports the browser app.
    files: ['server/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: intoPart('client'), message: 'server/ must not import from client/.' }] }],
    },
  },
  {
    // The browser app may know the server's types (AppRouter) but must not bundle its code, nor any Node module.
    files: ['client/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeModules.map((name) => ({ name, message: 'client/ runs in the browser: no Node modules.' })),
          patterns: [
            { regex: '^node:', message: 'client/ runs in the browser: no Node modules.' },
            { regex: intoPart('server'), allowTypeImports: true, message: 'client/ may import server/ only as types (`import type`).' },
          ],
        },
      ],
    },
  },

  // React: the rules of hooks and the compiler-backed checks, in the browser app and the client-size bench's floor app.
  {
    files: ['client/**/*.tsx', 'client/**/*.ts', 'bench/support/client-floor/**'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },

  {
    // vitest's asymmetric matchers (expect.any, expect.objectContaining, expect.stringMatching…) are typed `any`
    // by vitest itself, so an expected object that holds one trips this rule; every other no-unsafe-* rule stays on.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },

  prettier,
]);
