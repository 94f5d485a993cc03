/** Parsed command line: `analyze <command> --data DIR --out DIR [--key value | --flag]…`. */
export interface CliArgs {
  command: string;
  data: string;
  out: string;
  /** `--force`: write into an existing project folder or over files this command did not write (cli/out-dir.ts). */
  force?: boolean;
  /** `--scenario NAME`: run on a scenario stored in project.json `scenarios` (by name or id). */
  scenario?: string;
  /** Every other `--key value` option (values as strings; bare flags as 'true'). */
  options: Record<string, string>;
  /** Plain arguments (file names); only `import` takes them, every other command refuses them. */
  files?: string[];
}

/** Commands that take plain file arguments after their options. */
const TAKES_FILES = new Set(['import']);
/** Options that are always bare flags (never take the next argument as a value). */
const FLAGS = new Set(['replace', 'help', 'force-unlock']);

/** Parse argv (without node and script). Throws with a usage message on bad input. */
export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command.startsWith('-')) throw new Error(USAGE);
  const options: Record<string, string> = Object.create(null);
  const files: string[] = [];
  // an option given twice is refused: the last one used to win without a word
  const set = (key: string, value: string) => {
    if (key in options && !FLAGS.has(key)) {
      throw new Error(`选项 --${key} 给出了两次（“${options[key]}”和“${value}”），请只保留一个。\nOption --${key} is given twice ("${options[key]}" and "${value}"); keep one.\n${USAGE}`);
    }
    options[key] = value;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-h') {
      set('help', 'true');
      continue;
    }
    if (!a.startsWith('--') && TAKES_FILES.has(command)) {
      files.push(a);
      continue;
    }
    if (!a.startsWith('--')) throw new Error(`多余的参数“${a}”（选项以 -- 开头）。\nUnexpected argument "${a}".\n${USAGE}`);
    if (FLAGS.has(a.slice(2))) {
      set(a.slice(2), 'true');
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      set(a.slice(2, eq), a.slice(eq + 1));
    } else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) {
      set(a.slice(2), rest[++i]);
    } else {
      set(a.slice(2), 'true');
    }
  }
  const data = options.data ?? 'data/demo';
  const out = options.out ?? `out/${command}`;
  const force = options.force !== undefined && options.force !== 'false';
  const scenario = options.scenario;
  if (scenario === 'true' || scenario === '') throw new Error(`--scenario 需要方案名称。\n--scenario needs a scenario name.\n${USAGE}`);
  delete options.data;
  delete options.out;
  delete options.force;
  delete options.scenario;
  return { command, data, out, force, ...(scenario !== undefined ? { scenario } : {}), options: { ...options }, files };
}

export const USAGE =
  '用法：npm run analyze -- <命令> --data <项目文件夹> --out <输出文件夹> [--force] [--scenario 方案名] [--选项 值 …]\n' +
  '命令：validate（检查）、fire（消防覆盖）、hydrants（消火栓）、kindergartens（幼儿园）、uncovered（未覆盖农户）、site（选址）、plots（储备地块）、indicators（规划指标）、rules（规范检查）、import-osm、import（导入）、export-shp（导出 Shapefile）、batch、batch-table（批量，见 docs/batch.md）。\n' +
  'Usage: npm run analyze -- <command> --data <project dir> --out <dir> [--force] [--scenario NAME] [--option value …]\n' +
  'Commands: validate, fire, hydrants, kindergartens, uncovered, site, plots, indicators, rules, import-osm, import, export-shp, batch, batch-table (see README; batch: docs/batch.md).';
