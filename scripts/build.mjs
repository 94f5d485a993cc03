// Builds the production bundle (dist/) when it is missing or older than any source it is made from.
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = resolve(import.meta.dirname, '..');
const INPUTS = ['src', 'layers', 'analysis', 'sql', 'data/demo', 'index.html', 'public', 'vite.config.ts', 'package.json', 'scripts/csp.mjs'];
const STAMP = join(ROOT, 'dist', '.build-stamp');

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(p)) m = Math.max(m, newestMtime(join(p, e)));
  return m;
}

/** True when dist/ is missing or older than its sources. */
export function isStale() {
  if (!existsSync(STAMP) || !existsSync(join(ROOT, 'dist', 'index.html'))) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((p) => newestMtime(join(ROOT, p)) > built);
}

/**
 * Build dist/ if stale. A lock directory keeps parallel callers (test files) from building at once.
 * @returns {{ built: boolean, ms: number }}
 */
export function buildIfStale({ quiet = false } = {}) {
  const lock = join(ROOT, '.build-lock');
  const t0 = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // another process is building; wait, but break a lock older than 5 minutes
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmdirSync(lock);
      } catch {}
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!isStale()) return { built: false, ms: Date.now() - t0 };
    const startedAt = Date.now();
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    // NODE_ENV=production: called from Vitest, the build would inherit NODE_ENV=test and bundle
    // React's development build (jsxDEV, extra checks) — the tests and benches must see what ships.
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', quiet ? 'warn' : 'info'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
    writeFileSync(STAMP, new Date(startedAt).toISOString());
    // date the stamp at the build's start, so sources edited during the build count as newer
    utimesSync(STAMP, startedAt / 1000, startedAt / 1000);
    return { built: true, ms: Date.now() - t0 };
  } finally {
    rmdirSync(lock);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { built, ms } = buildIfStale();
  console.log(built ? `built dist/ in ${(ms / 1000).toFixed(1)} s` : 'dist/ is up to date');
}
