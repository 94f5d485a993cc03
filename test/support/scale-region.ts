import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_FILES } from '../../data/generator/county.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * A generated region of `households` households in `.bench-data/scale-<n>` (gitignored), made once
 * with the demo generator's `--scale` and reused. It is generated under `<dir>.partial` and renamed
 * when the generator has finished, so a folder with every project file is a complete one.
 * @returns the folder and the seconds spent generating (0 when reused)
 */
export function ensureScaleRegion(households: number): { dir: string; generatedSeconds: number } {
  const name = households % 1_000_000 === 0 ? `${households / 1_000_000}m` : String(households);
  const dir = join(ROOT, '.bench-data', `scale-${name}`);
  if (DEMO_FILES.every((f) => existsSync(join(dir, f)))) return { dir, generatedSeconds: 0 };
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'data/generator/generate.ts', '--scale', String(households), '--out', partial], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generating ${households} households failed: ${r.stderr}`);
  renameSync(partial, dir);
  return { dir, generatedSeconds: (performance.now() - t0) / 1000 };
}

/**
 * Run `npm run analyze -- …` in its own Node process and measure it: wall time, exit code, output,
 * and the process's peak resident memory (read by a preload that prints `process.resourceUsage()`
 * on exit).
 */
export function runAnalyze(args: string[]): { status: number | null; stdout: string; stderr: string; seconds: number; maxRssMb: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/support/print-max-rss.mjs', 'cli/analyze.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  const m = /^max-rss-kb (\d+)$/m.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^max-rss-kb \d+\n?/m, ''), seconds, maxRssMb: m ? Number(m[1]) / 1024 : null };
}
