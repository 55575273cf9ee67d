// Test runner: five projects, each a folder or two of test/, run together by `npm test` or alone by name
// (`npm run test:unit`, `test:api`, `test:e2e`, `test:pg`, `test:crash`/`test:fuzz`). Only the browser tests need
// the built client: their project builds it first, and only when its sources changed since the last build.
import { defineConfig } from 'vitest/config';

/** The API files that also run on PostgreSQL (project `api-pg`). */
const API_ON_POSTGRES = [
  'test/api/worked-examples.test.ts',
  'test/api/scoping.test.ts',
  'test/api/bad-input.test.ts',
  'test/api/authorization-matrix.test.ts',
  'test/api/idempotency.test.ts',
  'test/api/conflicts.test.ts',
  'test/api/sign-in-limits.test.ts',
  'test/api/concurrent-writes.test.ts',
  'test/api/approval-consent.test.ts',
  'test/api/claim-forms.test.ts',
  'test/api/deadlines.test.ts',
  'test/api/documents.test.ts',
  'test/api/error-codes.test.ts',
  'test/api/import-finance-files.test.ts',
  'test/api/import-shifted-row.test.ts',
  'test/api/journals.test.ts',
  'test/api/notifications.test.ts',
  'test/api/policy-period.test.ts',
  'test/api/stage-dates-edit.test.ts',
  'test/api/ledger-pagination.test.ts',
  'test/api/sessions.test.ts',
  'test/api/ledger.test.ts',
  'test/api/tax.test.ts',
  'test/api/calendar-feed.test.ts',
  'test/api/sessions.test.ts',
  'test/api/auth.test.ts',
  'test/api/security.test.ts',
  'test/api/incident-report.test.ts',
  'test/api/review-flow.test.ts',
  'test/api/deadline-reminders.test.ts',
  'test/api/audit-words.test.ts',
  'test/api/rollups.test.ts',
  'test/api/import.test.ts',
  'test/api/claim-package.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser tests each drive a Chromium; two cores cannot run many at once.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // The API over real HTTP, the security tests with it; also the built server (production-build.test.ts).
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts', 'test/security/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/support/client-build-setup.ts'] } },
      // The PostgreSQL schema, migrations and guards, on a real PostgreSQL started for the run (test/support/postgres.ts).
      { extends: true, test: { name: 'pg', include: ['test/pg/**/*.test.ts'], globalSetup: ['test/support/pg-global-setup.ts'] } },
      // The API's core files again, on PostgreSQL, each test server being two app instances behind a round-robin
      // balancer (test/support/server.ts, startOnPostgres): they must answer as one instance on SQLite does.
      {
        extends: true,
        test: {
          name: 'api-pg',
          include: API_ON_POSTGRES,
          env: { TEST_DATABASE: 'postgres' },
          globalSetup: ['test/support/pg-global-setup.ts'],
        },
      },
      { extends: true, test: { name: 'crash-fuzz', include: ['test/crash/**/*.test.ts', 'test/fuzz/**/*.test.ts'] } },
    ],
  },
});
