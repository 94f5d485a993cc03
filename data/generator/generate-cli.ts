import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HOUSEHOLDS, DEFAULT_SEED, DEMO_FILES, writeCounty } from './county.ts';

const USAGE = 'Usage: npm run generate-demo -- [--out DIR (data/demo)] [--scale HOUSEHOLDS (200000)] [--seed N (130634)] [--force]';

function parse(argv: string[]): { out: string; households: number; seed: number; force: boolean } {
  const opts: Record<string, string> = {};
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') {
      force = true;
      continue;
    }
    const m = /^--(out|scale|seed)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`Unexpected argument "${a}".\n${USAGE}`);
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw new Error(`--${m[1]} needs a value.\n${USAGE}`);
    opts[m[1]] = v;
  }
  const households = opts.scale === undefined ? DEFAULT_HOUSEHOLDS : Number(opts.scale);
  const seed = opts.seed === undefined ? DEFAULT_SEED : Number(opts.seed);
  if (!Number.isInteger(households) || households < 1000) throw new Error(`--scale must be an integer ≥ 1000.\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer.\n${USAGE}`);
  return { out: opts.out ?? 'data/demo', households, seed, force };
}

/**
 * The generator rewrites a folder it generated before (data/demo, a scale region) but never a
 * project folder of real data or a folder with other files, unless `--force`: a generated folder
 * holds only the demo files and its project.json is the demo county's (region 130634, named
 * 曲阳县（演示…）; a real 曲阳县 project has the same region code but not that name).
 */
function checkOut(out: string, force: boolean): void {
  let entries: string[];
  try {
    entries = readdirSync(out).filter((n) => !n.startsWith('.'));
  } catch {
    return;
  }
  if (force || entries.length === 0) return;
  const foreign = entries.filter((n) => !(DEMO_FILES as readonly string[]).includes(n));
  let generated = false;
  try {
    const p = JSON.parse(readFileSync(join(out, 'project.json'), 'utf8')) as { name?: unknown; region?: unknown };
    generated = p.region === '130634' && typeof p.name === 'string' && p.name.startsWith('曲阳县（演示');
  } catch {
    generated = false;
  }
  if (foreign.length === 0 && generated) return;
  const what = foreign.length > 0 ? `files the generator does not write (${foreign.slice(0, 5).join(', ')})` : 'a project that is not the generated demo county';
  const whatZh = foreign.length > 0 ? `不是生成器写出的文件（${foreign.slice(0, 5).join(', ')}）` : '一个不是演示县的项目';
  throw new Error(`--out “${out}”中有${whatZh}，生成会覆盖其中的文件。请换一个 --out 文件夹；确要覆盖请加 --force。\n--out "${out}" holds ${what}; generating would overwrite its files. Choose another --out folder, or add --force to overwrite.`);
}

function main(argv: string[]): void {
  const { out, households, seed, force } = parse(argv);
  checkOut(out, force);
  mkdirSync(out, { recursive: true });
  const t0 = performance.now();
  let current = '';
  let fd = -1;
  writeCounty({ households, seed }, (file, chunk) => {
    if (file !== current) {
      if (fd >= 0) closeSync(fd);
      fd = openSync(join(out, file), 'w');
      current = file;
    }
    writeSync(fd, chunk);
  });
  if (fd >= 0) closeSync(fd);
  let total = 0;
  for (const f of DEMO_FILES) {
    const size = statSync(join(out, f)).size;
    total += size;
    console.log(`${f.padEnd(32)} ${(size / 1048576).toFixed(2).padStart(8)} MB`);
  }
  console.log(`${'total'.padEnd(32)} ${(total / 1048576).toFixed(2).padStart(8)} MB  (${households} households, seed ${seed}, ${((performance.now() - t0) / 1000).toFixed(1)} s) → ${out}`);
}

/**
 * `npm run generate-demo -- <argv>` without its process: writes the county, or prints the refusal
 * (its message only) on stderr. data/generator/generate.ts is this plus process.exit.
 * @returns 0 when the county was written, 1 after a refusal or failure
 * @example generateDemo(['--scale', '1000', '--out', '/tmp/c']) // 0
 */
export function generateDemo(argv: string[]): 0 | 1 {
  try {
    main(argv);
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
