/** Parsed command line: `analyze <command> --data DIR --out DIR [--key value | --flag]…`. */
export interface CliArgs {
  command: string;
  data: string;
  out: string;
  /** `--force`: write into an existing project folder or over files this command did not write (cli/out-dir.ts). */
  force?: boolean;
  /** Every other `--key value` option (values as strings; bare flags as 'true'). */
  options: Record<string, string>;
  /** Plain arguments (file names); only `import` takes them, every other command refuses them. */
  files?: string[];
}

/** Commands that take plain file arguments after their options. */
const TAKES_FILES = new Set(['import']);
/** Options that are always bare flags (never take the next argument as a value). */
const FLAGS = new Set(['replace']);

/** Parse argv (without node and script). Throws with a usage message on bad input. */
export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command.startsWith('-')) throw new Error(USAGE);
  const options: Record<string, string> = Object.create(null);
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--') && TAKES_FILES.has(command)) {
      files.push(a);
      continue;
    }
    if (!a.startsWith('--')) throw new Error(`Unexpected argument "${a}".\n${USAGE}`);
    if (FLAGS.has(a.slice(2))) {
      options[a.slice(2)] = 'true';
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      options[a.slice(2, eq)] = a.slice(eq + 1);
    } else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) {
      options[a.slice(2)] = rest[++i];
    } else {
      options[a.slice(2)] = 'true';
    }
  }
  const data = options.data ?? 'data/demo';
  const out = options.out ?? `out/${command}`;
  const force = options.force !== undefined && options.force !== 'false';
  delete options.data;
  delete options.out;
  delete options.force;
  return { command, data, out, force, options: { ...options }, files };
}

export const USAGE =
  'Usage: npm run analyze -- <command> --data <project dir> --out <dir> [--force] [--option value …]\n' +
  'Commands: validate, fire, hydrants, kindergartens, uncovered, site, plots, indicators, import-osm, import (see README).';
