import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * `npm run analyze -- <args>` in its own Node process (as a county would run it), from the repo
 * root: exit code, stderr and stdout.
 * @example analyze(['validate', '--data', dir, '--out', out]).code // 0, 2 or 1
 */
export function analyze(args: string[]): { code: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/analyze.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Rows of a CSV the batch or a command wrote, as objects by header (UTF-8 with BOM; no quoted commas in these files). */
export function csvRows(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}
