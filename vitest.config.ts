// Test runner: unit, API and browser tests under test/, each in its own folder.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser tests each drive a Chromium; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
