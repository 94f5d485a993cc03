import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './test/support/summary-reporter.ts'],
    // one shared headless Chromium per worker for the browser tests (launched on first use)
    globalSetup: ['./test/support/browser-broker.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Browser tests share one Chromium and one server; keep files from fighting over two cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
