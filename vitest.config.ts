import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Test files that may share one process per worker (vitest `isolate: false`): tests of pure code
 * (analysis/, export/print/layer helpers, the demo data, the app's pure helpers and slices, the
 * importers, panel strings) that neither touch module-level state (the app's zustand stores, the
 * undo history, the work store) nor use vi.* mocks/spies. A new process per file costs ≈ 0.5 s of
 * CPU (node start, vitest worker, re-importing turf & co.), 1–2 s of wall time on a loaded machine;
 * ~130 small files paid it for nothing. Chosen by reading each file, so a new test that uses a store
 * or a mock is isolated without anyone having to remember this list. (analyzeHere runs a whole
 * command in the test's process, so its files are isolated too.) (Checked for test/app,
 * test/import and test/panels by bundling each file: none of those that share reaches a store
 * through its imports either.)
 */
const SHARED_DIRS = ['test/analysis', 'test/export', 'test/print', 'test/layers', 'test/data', 'test/browser', 'test/cli', 'test/db', 'test/app', 'test/import', 'test/panels', 'test/support'];
const NEEDS_ISOLATION = /src\/state\/(store|history-store|work-)|src\/map\/swipe-store|\bvi\.|process\.(chdir|exit|exitCode|on)\b|globalThis\.\w+\s*=(?!=)|process\.env\.\w+\s*=(?!=)|analyzeHere\b|cli\/commands\/(batch|batch-table|import|validate)\b/;
const shared = SHARED_DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .filter((f) => !NEEDS_ISOLATION.test(readFileSync(f, 'utf8'))),
);

export default defineConfig({
  test: {
    environment: 'node',
    reporters: ['default', './test/support/summary-reporter.ts'],
    // one shared headless Chromium per worker for the browser tests (launched on first use)
    globalSetup: ['./test/support/browser-broker.ts'],
    testTimeout: 60_000,
    // expect.poll waits for a state; vitest's 1 s default is a fixed time that a busy machine
    // (load 10 on two cores) can exceed after a click. A poll that ends early costs nothing.
    expect: { poll: { timeout: 30_000 } },
    hookTimeout: 180_000,
    // Browser tests share one Chromium and one server; keep files from fighting over two cores.
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      // runs first (projects are ordered by name): the files that change process or store state, one process each
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: shared } },
      { extends: true, test: { name: 'pure', include: shared, isolate: false } },
    ],
  },
});
