import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is cli/batch/code-version.ts). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Which code computed a county's figures: the package version, a SHA-256 over every source file
 * the command line can run and the files it reads at run time, and how many files that is.
 */
export interface CodePrint {
  /** package.json `version`. */
  version: string;
  /** SHA-256 (hex) over the sorted file names and contents, and the dependency versions. */
  sha256: string;
  /** How many source and SQL files went into the hash. */
  files: number;
}

/** Where the command line starts: cli/analyze.ts and every command (county-job.ts imports them by name). */
function entries(root: string): string[] {
  const commands = join(root, 'cli', 'commands');
  return [join(root, 'cli', 'analyze.ts'), ...readdirSync(commands).filter((n) => /\.tsx?$/.test(n)).map((n) => join(commands, n))];
}

/** Relative module specifiers of a TypeScript file: static imports and exports, `import('…')` with a literal. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const re = /\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
  for (let m; (m = re.exec(text)); ) out.push(m[1].replace(/\?.*$/, ''));
  return out;
}

/** The file a relative specifier names: as written, else with .ts / .tsx, else its index.ts; null when none exists. */
function resolveSpecifier(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const p of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

/** Every file below `dir` (sorted), e.g. the SQL the indicators read at run time. */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesBelow(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * The source files the command line can run: cli/analyze.ts and each command, followed through
 * their relative imports (analysis/, layers/, cli/, and the parts of src/ the commands use:
 * export sheets, i18n, db, the HiGHS loader), plus sql/ (read at run time, not imported).
 * @param root - the repository root
 * @returns absolute paths, sorted
 */
export function codeFiles(root: string = ROOT): string[] {
  const seen = new Set<string>();
  const todo = entries(root);
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (!/\.(ts|tsx|js|mjs)$/.test(f)) continue;
    for (const s of specifiers(readFileSync(f, 'utf8'))) {
      const p = resolveSpecifier(f, s);
      if (p && !p.includes(`${sep}node_modules${sep}`)) todo.push(p);
    }
  }
  for (const f of filesBelow(join(root, 'sql'))) seen.add(f);
  return [...seen].sort();
}

let cached: CodePrint | null = null;

/**
 * The fingerprint of the code that computes a county's figures: the package version, the
 * dependency versions (package-lock.json's `packages` entries other than dev-only ones: name,
 * version and integrity) and
 * the contents of {@link codeFiles}. A batch compares it with the one in each county's manifest
 * and reruns a county computed by other code (an upgrade). Computed once per process.
 * @param root - the repository root (tests give another)
 * @example codePrint().sha256 // '3f2a…' (64 hex digits)
 */
export function codePrint(root: string = ROOT): CodePrint {
  if (root === ROOT && cached) return cached;
  const h = createHash('sha256');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string; dependencies?: Record<string, string> };
  h.update(`version\u0000${pkg.version ?? ''}\u0000`);
  const lockPath = join(root, 'package-lock.json');
  if (existsSync(lockPath)) {
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages?: Record<string, { version?: string; integrity?: string; dev?: boolean }> };
    // the libraries that run (versions and integrity; not the test tools, not the lockfile's layout)
    for (const [name, p] of Object.entries(lock.packages ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!p.dev) h.update(`dep\u0000${name}\u0000${p.version ?? ''}\u0000${p.integrity ?? ''}\u0000`);
    }
  }
  const files = codeFiles(root);
  for (const f of files) {
    h.update(`file\u0000${relative(root, f).split(sep).join('/')}\u0000`);
    h.update(readFileSync(f));
    h.update('\u0000');
  }
  const print = { version: pkg.version ?? '', sha256: h.digest('hex'), files: files.length };
  if (root === ROOT) cached = print;
  return print;
}

/**
 * Use a print computed by the batch that started this process (its county processes are given it
 * in the environment), so that a batch hashes its code once, not once per county. Ignored unless
 * it is a well-formed print.
 * @param text - JSON of a {@link CodePrint}
 */
export function adoptCodePrint(text: string | undefined): void {
  try {
    const p = JSON.parse(text ?? '') as CodePrint;
    if (typeof p.version === 'string' && /^[0-9a-f]{64}$/.test(p.sha256) && Number.isInteger(p.files)) cached = { version: p.version, sha256: p.sha256, files: p.files };
  } catch {
    // not given or not JSON: computed here
  }
}
