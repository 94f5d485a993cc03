import { spawnSync } from 'node:child_process';
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
