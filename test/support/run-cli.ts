import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { runCli } from '../../cli/run-cli.ts';
import { generateDemo } from '../../data/generator/generate-cli.ts';

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

/**
 * The same command line in this process (cli/run-cli.ts, which cli/analyze.ts runs): exit code,
 * stderr and stdout as `analyze` gives them, without the 1–2 s of starting Node and tsx. For tests
 * of what a command says and writes; a test about the process itself (signals, its exit) spawns it.
 * Console output is captured while it runs (console.error/warn → stderr, console.log/info → stdout);
 * `process.exitCode` set by the command is the code, then reset. Not for commands that start child
 * processes (batch), whose output would not be captured.
 * @example (await analyzeHere(['fire', '--speeds'])).code // 1
 */
export async function analyzeHere(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const err: string[] = [];
  const out: string[] = [];
  const saved = { error: console.error, warn: console.warn, log: console.log, info: console.info };
  const before = process.exitCode;
  process.exitCode = undefined;
  console.error = console.warn = (...a: unknown[]) => void err.push(format(...a) + '\n');
  console.log = console.info = (...a: unknown[]) => void out.push(format(...a) + '\n');
  try {
    const code = (await runCli(args)) ?? Number(process.exitCode ?? 0);
    return { code, stderr: err.join(''), stdout: out.join('') };
  } finally {
    Object.assign(console, saved);
    process.exitCode = before;
  }
}

/**
 * `npm run generate-demo -- <args>` in this process (data/generator/generate-cli.ts, which
 * generate.ts runs): exit code and stderr, console captured as {@link analyzeHere} does.
 * @example generateHere(['--scale', '1000', '--out', dir]).code // 0
 */
export function generateHere(args: string[]): { code: number; stderr: string } {
  const err: string[] = [];
  const saved = { error: console.error, warn: console.warn, log: console.log, info: console.info };
  console.error = console.warn = (...a: unknown[]) => void err.push(format(...a) + '\n');
  console.log = console.info = () => undefined;
  try {
    return { code: generateDemo(args), stderr: err.join('') };
  } finally {
    Object.assign(console, saved);
  }
}

/** Rows of a CSV the batch or a command wrote, as objects by header (UTF-8 with BOM; no quoted commas in these files). */
export function csvRows(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}
