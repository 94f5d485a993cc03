import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliArgs } from '../args.ts';
import type { OutputKind } from '../out-dir.ts';
import { fingerprint, inputPathOf, manifestError, runCounty, writeCrashManifest, type CountyJob } from '../batch/county-job.ts';
import { BATCH_ANALYSES, DEFAULT_ANALYSES } from '../batch/figures.ts';
import { inputPrints, isInputName, MANIFEST, readManifest, reasonText, staleReason, type CountyManifest } from '../batch/manifest.ts';
import { adoptCodePrint, codePrint } from '../batch/code-version.ts';
import { PROVINCE_FILES, writeProvinceTable } from '../batch/province-table.ts';
import { BATCH_LOCK, COUNTY_LOCK, lockHolder, LockedError, takeLock, type HeldLock } from '../batch/lock.ts';
import { helpIfAsked } from '../help.ts';

/** What `batch` writes into --out: a folder per county and the province table (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'batch', names: [...PROVINCE_FILES, BATCH_LOCK] };

/** Exit code when the batch ran but at least one county failed (1 = the batch itself was refused). */
export const EXIT_COUNTY_FAILED = 2;

const ANALYZE = join(dirname(fileURLToPath(import.meta.url)), '..', 'analyze.ts');
const OWN = ['jobs', 'analyses', 'only', 'index', 'border-km', 'force-unlock'];
/** Set by the batch for its county processes: the county's lock is held by the batch (their parent). */
const PARENT_ENV = 'COVERAGE_BATCH_PARENT';
/** Set by the batch for its county processes: the code fingerprint it computed once (cli/batch/code-version.ts). */
const CODE_ENV = 'COVERAGE_BATCH_CODE';
/** The progress text of a county found up to date. */
const UP_TO_DATE = 'up to date, skipped (最新，跳过：输入、程序、分析与参数均未变 / inputs, code, analyses and options unchanged)';
/** What the progress line of a county that ran adds: why it ran (zh / en). */
const ranBecause = (why: string | null) => (why ? `; 重算原因 ran because: ${reasonText(why)}` : '');

/** An error for the user, Chinese then English (the CLI prints it and exits with 1). */
const refuse = (zh: string, en: string) => new Error(`batch：${zh}\nbatch: ${en}`);

/** How deep `countyFolders` looks for county folders below the province folder (province/city/county/…). */
const MAX_DEPTH = 4;

/** The county folders of a province folder, and the folders that were looked at and are not counties. */
export interface CountyFolders {
  /** Paths relative to the province folder with '/' (`长安区`, `石家庄市/长安区`), sorted: the order `--index` counts in. */
  counties: string[];
  /** Non-hidden folders holding neither project files nor counties (`notes`, an empty folder), for the progress output. */
  ignored: string[];
}

/**
 * The county project folders of a province folder: every folder holding project.json or a layer
 * file, at the top or below folders that hold none (a province organised by city:
 * `石家庄市/长安区`, `唐山市/长安区`), up to {@link MAX_DEPTH} levels, named by their path from
 * the province folder and sorted (the order `--index` counts in). A county folder is not looked
 * into. Hidden folders, files, the batch's own `--out` folder and any batch output found inside
 * (a folder without project files holding `manifest.json` or the province table) are skipped. Links are followed, but
 * two names for one folder (a link to a county beside the county) are refused: that county would
 * be counted twice in the province totals.
 * @param skip - absolute folders not to look into (the batch's --out)
 */
export function countyFoldersOf(data: string, skip: readonly string[] = []): CountyFolders {
  const counties: string[] = [];
  const ignored: string[] = [];
  // every folder looked at, by its real path: its name and whether it is or holds a county (null while being walked)
  const seen = new Map<string, { path: string; county: boolean | null }>([[realOr(data), { path: '.', county: null }]]);
  const skipReal = new Set(skip.map((p) => realOr(p)));
  // folder names that are not UTF-8 (a zip made on Chinese Windows, unpacked here: GBK bytes) and hold project files
  const undecodable: string[] = [];
  let top: string[];
  try {
    top = utf8Names(data, '', undecodable);
  } catch (err) {
    throw refuse(`无法读取省级数据文件夹“${data}”（${(err as Error).message}）。`, `cannot read the province folder "${data}" (${(err as Error).message}).`);
  }
  const walk = (rel: string, names: string[], depth: number): boolean => {
    let found = false;
    for (const n of names.filter((x) => !x.startsWith('.')).sort()) {
      const path = rel ? `${rel}/${n}` : n;
      const abs = join(data, path);
      let inner: string[];
      const innerBad: string[] = [];
      try {
        if (!statSync(abs).isDirectory()) continue;
        inner = utf8Names(abs, path, innerBad);
      } catch {
        continue; // a dangling or looping link, a folder that cannot be read
      }
      const real = realOr(abs);
      if (skipReal.has(real)) continue;
      const isCounty = inner.some(isInputName);
      // inside a county folder nothing is looked at (a GBK-named backup folder there does not matter)
      if (!isCounty) undecodable.push(...innerBad);
      // a batch's output (a county's manifest.json, the province table) is never a county nor looked into
      if (!isCounty && (inner.includes(MANIFEST) || inner.includes(PROVINCE_FILES[0]))) continue;
      const before = seen.get(real);
      if (before) {
        if (before.county) {
          throw refuse(
            `“${before.path}”与“${path}”是同一个文件夹（链接），其中的县会被计算两次、在全省合计中重复。请删除其中一个链接。`,
            `"${before.path}" and "${path}" are the same folder (a link): its counties would be run twice and counted twice in the province totals. Remove one of them.`,
          );
        }
        continue; // a link back to a folder being walked (a loop), or to one without counties
      }
      const entry: { path: string; county: boolean | null } = { path, county: null };
      seen.set(real, entry);
      if (isCounty) {
        counties.push(path);
        entry.county = true;
      } else if (depth < MAX_DEPTH) entry.county = walk(path, inner, depth + 1);
      else entry.county = false;
      if (entry.county) found = true;
      else ignored.push(path);
    }
    return found;
  };
  walk('', top, 1);
  if (undecodable.length > 0) {
    // Node reads such a name as U+FFFD and cannot open it: the county would be missing from the table without a word
    throw refuse(
      `以下文件夹的名称不是 UTF-8 编码（多为在中文 Windows 上打包的 zip 解压而来，按 GBK 显示）：${undecodable.join('，')}。其中有项目文件，但无法按名称打开。请改为 UTF-8 名称（如 convmv -f gbk -t utf8 -r --notest <省级文件夹>，或用 unzip -O gbk 重新解压）后再运行。`,
      `these folder names are not UTF-8 (usually a zip made on Chinese Windows unpacked here; shown as GBK): ${undecodable.join(', ')}. They hold project files but cannot be opened by name. Rename them to UTF-8 (e.g. convmv -f gbk -t utf8 -r --notest <province folder>, or unzip again with unzip -O gbk) and run again.`,
    );
  }
  return { counties: counties.sort(), ignored: ignored.sort() };
}

/**
 * The names in a folder that are valid UTF-8. A name that is not (GBK bytes) is read by Node as
 * U+FFFD and cannot be opened through a string path; when it is a folder holding project files
 * (at any depth up to {@link MAX_DEPTH}), it is added to `bad` as the GBK reading of its bytes.
 */
function utf8Names(dir: string, rel: string, bad: string[]): string[] {
  const ok: string[] = [];
  for (const b of readdirSync(dir, { encoding: 'buffer' })) {
    const n = b.toString('utf8');
    if (Buffer.from(n, 'utf8').equals(b)) ok.push(n);
    else if (b[0] !== 0x2e && holdsProjectFiles(Buffer.concat([Buffer.from(`${dir}/`), b]), MAX_DEPTH)) bad.push(`${rel ? `${rel}/` : ''}${gbk(b)}`);
  }
  return ok;
}

function holdsProjectFiles(dir: Buffer, depth: number): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    const inner = readdirSync(dir, { encoding: 'buffer' });
    if (inner.some((b) => isInputName(b.toString('latin1')))) return true;
    return depth > 1 && inner.some((b) => b[0] !== 0x2e && holdsProjectFiles(Buffer.concat([dir, Buffer.from('/'), b]), depth - 1));
  } catch {
    return false;
  }
}

function gbk(b: Buffer): string {
  try {
    return new TextDecoder('gbk', { fatal: true }).decode(b);
  } catch {
    return b.toString('utf8');
  }
}

/**
 * The order counties are started in: by the total size of their input files, biggest first (the
 * longest jobs first keeps every job slot busy to the end), then by name. The table keeps name order.
 */
export function startOrder(data: string, counties: readonly string[]): string[] {
  const size = new Map(counties.map((c) => [c, inputPrints(join(data, c)).reduce((t, f) => t + f.size, 0)]));
  return [...counties].sort((a, b) => size.get(b)! - size.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
}

/** The county folders of a province folder (see {@link countyFoldersOf}). */
export function countyFolders(data: string, skip: readonly string[] = []): string[] {
  return countyFoldersOf(data, skip).counties;
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** The batch's settings from its options; every other option must be `--<analysis>:<key> value`. */
export function batchSettings(options: Record<string, string>): { jobs: number; analyses: string[]; only?: string; index?: number; perAnalysis: Record<string, Record<string, string>> } {
  const known = BATCH_ANALYSES.map((a) => a.name).filter((a) => a !== 'fire-border');
  const analyses = (options.analyses ?? DEFAULT_ANALYSES.join(',')).split(/[,，]/).map((s) => s.trim()).filter(Boolean);
  for (const a of analyses) if (!known.includes(a)) throw refuse(`--analyses 中的“${a}”不是可批量运行的分析；可用：${known.join(', ')}。`, `--analyses: "${a}" is not an analysis the batch runs; use: ${known.join(', ')}.`);
  if (analyses.length === 0) throw refuse('--analyses 为空。', '--analyses is empty.');
  const jobs = options.jobs === undefined ? availableParallelism() : /^\s*\d+\s*$/.test(options.jobs) ? Number(options.jobs) : NaN;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw refuse(`--jobs ${options.jobs} 应为 1–256 的整数。`, `--jobs ${options.jobs} must be an integer from 1 to 256.`);
  let index: number | undefined;
  if (options.index !== undefined) {
    // digits only: "" (Number("") = 0) ran the first county and "0x1" the second, without a word
    index = /^\s*\d+\s*$/.test(options.index) ? Number(options.index) : NaN;
    if (!Number.isInteger(index) || index < 0) throw refuse(`--index ${options.index} 应为从 0 起的整数。`, `--index ${options.index} must be an integer counting from 0.`);
  }
  if (index !== undefined && options.only !== undefined) throw refuse('--only 与 --index 只能给一个。', 'give --only or --index, not both.');
  const perAnalysis: Record<string, Record<string, string>> = {};
  for (const [k, v] of Object.entries(options)) {
    if (OWN.includes(k)) continue;
    const m = /^([a-z-]+):([a-z0-9-]+)$/.exec(k);
    if (!m || !known.includes(m[1])) {
      throw refuse(
        `未知的选项 --${k}。batch 的选项：${OWN.map((o) => `--${o}`).join(', ')}；分析参数写作 --<分析>:<参数>（如 --fire:threshold 4），或写在各县 project.json 的 params 中。`,
        `unknown option --${k}. Batch options: ${OWN.map((o) => `--${o}`).join(', ')}; analysis parameters are written --<analysis>:<key> (e.g. --fire:threshold 4), or go into each county's project.json params.`,
      );
    }
    if (!analyses.includes(m[1]) && !(m[1] === 'fire' && options['border-km'] !== undefined)) throw refuse(`--${k}：分析 ${m[1]} 不在 --analyses 中。`, `--${k}: the analysis ${m[1]} is not in --analyses.`);
    (perAnalysis[m[1]] ??= {})[m[2]] = v;
  }
  if (options['border-km'] !== undefined) {
    const km = Number(options['border-km']);
    if (options['border-km'].trim() === '' || !Number.isFinite(km) || km < 0 || km > 100) throw refuse(`--border-km ${options['border-km']} 应为 0–100 km 之间的数（0：不借邻县道路与站点，结果同 fire）。`, `--border-km ${options['border-km']} must be a number of km from 0 to 100 (0: nothing lent by the neighbours, the same figures as fire).`);
    analyses.push('fire-border');
    perAnalysis['fire-border'] = { 'border-km': String(km) };
  }
  // sorted keys, so the same options always give the same fingerprint
  const sorted = Object.fromEntries(Object.keys(perAnalysis).sort().map((a) => [a, Object.fromEntries(Object.entries(perAnalysis[a]).sort(([x], [y]) => (x < y ? -1 : 1)))]));
  return { jobs, analyses, only: options.only, index, perAnalysis: sorted };
}

/** The commands whose options the batch checks before any county starts (their `checkArgs`, what each runs before reading a file). */
const OPTION_CHECKS: Record<string, () => Promise<{ checkArgs: (options: Record<string, string>) => unknown }>> = {
  fire: () => import('./fire.ts'),
  hydrants: () => import('./hydrants.ts'),
  kindergartens: () => import('./kindergartens.ts'),
  uncovered: () => import('./uncovered.ts'),
  plots: () => import('./plots.ts'),
  indicators: () => import('./indicators.ts'),
};

/**
 * Each analysis's `--<analysis>:<key>` options checked as that command checks its own, before any
 * county starts: `--fire:threshold abc` used to fail every county of the province, one after the other.
 * @throws Error naming the analysis, then the command's own message (zh + en)
 */
export async function checkAnalysisOptions(analyses: readonly string[], perAnalysis: Readonly<Record<string, Record<string, string>>>): Promise<void> {
  for (const a of analyses) {
    const load = OPTION_CHECKS[a];
    if (!load) continue;
    try {
      (await load()).checkArgs({ ...(perAnalysis[a] ?? {}) });
    } catch (e) {
      throw new Error(`batch：分析 ${a} 的选项（--${a}:…）不能用，没有开始任何县：\nbatch: the options of ${a} (--${a}:…) are refused; no county was started:\n${(e as Error).message}`);
    }
  }
}

const countyWhat = (county: string, dir: string) => ({ zh: `县“${county}”（${dir}）`, en: `the county "${county}" (${dir})` });

const secs = (s: number) => `${s.toFixed(1)} s`;
const done = (m: CountyManifest) =>
  m.status === 'ok'
    ? `ok in ${secs(m.resources.wallSeconds)} (CPU ${secs(m.resources.cpuSeconds)}, peak ${Math.round(m.resources.maxRssMb)} MB)`
    : `FAILED: ${manifestError(m).split('\n')[0]}`;

/**
 * `npm run analyze -- batch --data <province folder> --out <dir> [--jobs N] [--analyses fire,hydrants,…]
 * [--only <county> | --index <i>] [--force] [--border-km K] [--<analysis>:<key> value …]` — every county folder of
 * the province through the chosen analyses, N at a time in child processes; per county
 * `<out>/<county>/<analysis>/` (the single commands' files), `manifest.json` (written last) and
 * `batch.log`; then the province table (cli/batch/province-table.ts). Counties whose outputs are
 * complete and up to date are skipped. `--only`/`--index` run one county in this process and write
 * no table (one scheduler task; `batch-table` gathers). Exit code 2 when a county failed.
 */
export async function run(args: CliArgs): Promise<void> {
  helpIfAsked(args.options, 'batch', [], [
    { key: 'jobs', text: { zh: '同时计算的县数（默认：本机核数）', en: 'counties run at once (default: this machine\'s cores)' } },
    { key: 'analyses', text: { zh: `要算的分析，逗号分隔（默认 ${DEFAULT_ANALYSES.join(',')}）`, en: `analyses to run, comma-separated (default ${DEFAULT_ANALYSES.join(',')})` } },
    { key: 'only', text: { zh: '只算这一个县（调度器的一个任务）', en: 'run this one county only (one scheduler task)' } },
    { key: 'index', text: { zh: '只算第 i 个县（从 0 起，按名称排序）', en: 'run the i-th county only (from 0, by name)' } },
    { key: 'force-unlock', text: { zh: '移除另一进程留下的锁（确认其已不在运行时）', en: 'remove a lock left by another process (when you are sure it no longer runs)' } },
    { key: 'border-km', text: { zh: '带邻县道路与站点缓冲（0–100 km）计算跨县覆盖；0 同 fire', en: 'add a buffer (0–100 km) of the neighbours\' roads and stations and report cross-border coverage; 0 = as fire' } },
    { key: '<分析 analysis>:<参数 key>', text: { zh: '某一分析的参数，如 --fire:threshold 4（见 analyze <分析> --help）', en: 'a parameter of one analysis, e.g. --fire:threshold 4 (see analyze <analysis> --help)' } },
  ], false);
  const s = batchSettings(args.options);
  await checkAnalysisOptions(s.analyses, s.perAnalysis);
  const forceUnlock = args.options['force-unlock'] !== undefined && args.options['force-unlock'] !== 'false';
  const command = `analyze batch ${process.argv.slice(3).join(' ')}`.trim();
  const data = resolve(args.data);
  const out = resolve(args.out);
  if (realOr(out) === realOr(data)) {
    throw refuse(`--out 与 --data 是同一个文件夹“${args.out}”：各县结果会写进各县的项目文件夹。请另给一个 --out（可以是 --data 中的子文件夹，如 ${join(args.data, 'out')}）。`, `--out and --data are the same folder "${args.out}": each county's results would be written into its project folder. Give another --out (a sub-folder of --data such as ${join(args.data, 'out')} will do).`);
  }
  const { counties, ignored } = countyFoldersOf(data, [out]);
  if (counties.length === 0) throw refuse(`“${args.data}”中没有县项目文件夹（含 project.json 或图层文件的子文件夹）。`, `"${args.data}" holds no county project folders (sub-folders with project.json or layer files).`);
  const job = (county: string): CountyJob => ({
    county,
    data: join(data, county),
    countyOut: join(out, county),
    analyses: s.analyses,
    options: s.perAnalysis,
    force: args.force === true,
    province: { dir: data, counties },
  });

  if (s.only !== undefined || s.index !== undefined) {
    let county = s.only;
    if (s.index !== undefined) {
      if (s.index >= counties.length) throw refuse(`--index ${s.index} 超出范围：共 ${counties.length} 个县（0–${counties.length - 1}）。`, `--index ${s.index} is out of range: ${counties.length} counties (0–${counties.length - 1}).`);
      county = counties[s.index];
    }
    if (!counties.includes(county!)) throw refuse(`“${args.data}”中没有县文件夹“${county}”。`, `"${args.data}" has no county folder "${county}".`);
    const j = job(county!);
    // a county process of this batch: its parent holds the county's lock; a scheduler task takes it
    const byParent = process.env[PARENT_ENV] === String(process.ppid) && lockHolder(join(j.countyOut, COUNTY_LOCK))?.pid === process.ppid;
    // the batch hashed its code once and hands the print down; a scheduler task hashes its own
    if (byParent) adoptCodePrint(process.env[CODE_ENV]);
    let lock: HeldLock | null = null;
    if (!byParent) {
      mkdirSync(j.countyOut, { recursive: true });
      lock = takeLock(join(j.countyOut, COUNTY_LOCK), countyWhat(county!, j.countyOut), command, forceUnlock);
    }
    try {
      const { manifest, staleBecause } = await runCounty(j);
      console.error(`batch: ${county}: ${manifest ? `${done(manifest)}${ranBecause(staleBecause)}` : UP_TO_DATE}`);
      if (manifest && manifest.status !== 'ok') process.exitCode = EXIT_COUNTY_FAILED;
    } finally {
      lock?.release();
    }
    return;
  }

  // one batch per output folder: a second one (a colleague, a rerun, a scheduler retry) is refused
  mkdirSync(out, { recursive: true });
  const batchLock = takeLock(join(out, BATCH_LOCK), { zh: `输出文件夹“${args.out}”`, en: `the output folder "${args.out}"` }, command, forceUnlock);
  try {
    await runAll();
  } finally {
    batchLock.release();
  }

  async function runAll(): Promise<void> {
    if (s.jobs > availableParallelism() && s.jobs > 1 && counties.length > availableParallelism()) {
      console.error(`batch: --jobs ${s.jobs} on ${availableParallelism()} cores: more county processes than cores gain little speed, and each needs its own memory (about 1.3 GB for a county of 1M households, docs/batch.md)`);
    }
    if (ignored.length > 0) console.error(`batch: not counties (no project.json or layer file): ${ignored.slice(0, 10).join(', ')}${ignored.length > 10 ? ` … (+${ignored.length - 10})` : ''}`);
    // the table of an earlier run goes first: a run stopped midway leaves no table that looks complete
    for (const f of PROVINCE_FILES) rmSync(join(out, f), { force: true });
    // SIGINT (Ctrl-C) or SIGTERM (a scheduler, systemd, docker stop): stop the running counties, start no more, write no table
    const running = new Set<ChildProcess>();
    let stopped: NodeJS.Signals | null = null;
    const stop = (signal: NodeJS.Signals) => {
      if (stopped) return;
      stopped = signal;
      console.error(`batch: ${signal}: stopping the ${running.size} running counties; rerun the same command to go on (finished counties are kept)`);
      for (const c of running) c.kill(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    const tsx = import.meta.resolve('tsx');
    const t0 = performance.now();
    let next = 0;
    let finished = 0;
    const tally = { ran: 0, skipped: 0, failed: 0, stopped: 0 };
    const progress = (county: string, text: string) => console.error(`batch: [${finished}/${counties.length}] ${county}: ${text}`);
    console.error(`batch: ${counties.length} counties, ${s.analyses.join(',')}, ${s.jobs} at a time → ${args.out}`);
    // the code that computes the figures, hashed once for the whole batch: a county computed by other code runs again
    const tCode = performance.now();
    const ownCode = codePrint();
    console.error(`batch: 程序 code ${ownCode.version} sha256 ${ownCode.sha256.slice(0, 12)} (${ownCode.files} files, hashed in ${Math.round(performance.now() - tCode)} ms)`);

    async function runChild(j: CountyJob): Promise<void> {
      const why = j.force ? 'forced' : staleReason(j.countyOut, fingerprint(j), inputPathOf(j));
      if (why === null) {
        finished++;
        tally.skipped++;
        progress(j.county, UP_TO_DATE);
        return;
      }
      mkdirSync(j.countyOut, { recursive: true });
      let lock: HeldLock;
      try {
        lock = takeLock(join(j.countyOut, COUNTY_LOCK), countyWhat(j.county, j.countyOut), command, forceUnlock);
      } catch (err) {
        if (!(err instanceof LockedError)) throw err;
        // another process (a scheduler task, a batch on another --data) runs this county: leave it alone
        finished++;
        tally.failed++;
        const h = err.holder;
        progress(j.county, `LOCKED, not run: another process computes it (${h ? `pid ${h.pid} on ${h.host}, started ${h.startedAt}` : 'unreadable lock'})`);
        return;
      }
      try {
        await spawnCounty(j, why);
      } finally {
        lock.release();
      }
    }

    async function spawnCounty(j: CountyJob, why: string): Promise<void> {
      const log = createWriteStream(join(j.countyOut, 'batch.log'));
      const argv = ['--import', tsx, ANALYZE, 'batch', '--data', data, '--out', out, `--only=${j.county}`, `--analyses=${s.analyses.filter((a) => a !== 'fire-border').join(',')}`];
      for (const [a, opts] of Object.entries(s.perAnalysis)) {
        if (a === 'fire-border') argv.push(`--border-km=${opts['border-km']}`);
        else for (const [k, v] of Object.entries(opts)) argv.push(`--${a}:${k}=${v}`);
      }
      if (j.force) argv.push('--force');
      const t = performance.now();
      const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, [PARENT_ENV]: String(process.pid), [CODE_ENV]: JSON.stringify(ownCode) } });
      running.add(child);
      let tail = '';
      child.stdout.pipe(log, { end: false });
      child.stderr.on('data', (b: Buffer) => {
        log.write(b);
        tail = (tail + b.toString('utf8')).slice(-4000);
      });
      const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
      log.end();
      running.delete(child);
      finished++;
      if (stopped && !readManifest(j.countyOut)) {
        tally.stopped++;
        progress(j.county, `stopped (${stopped}), not finished`);
        return;
      }
      let m = readManifest(j.countyOut);
      if (!m || code === 1 || signal) {
        const why = signal ? `killed by ${signal}` : `exit code ${code}`;
        const lines = tail.trim().split('\n').filter((l) => !l.startsWith('batch: '));
        m = await writeCrashManifest(j, `${why}: ${lines.slice(-2).join(' / ') || '(no message)'} (see ${j.county}/batch.log)`, (performance.now() - t) / 1000);
      }
      if (m.status === 'ok') tally.ran++;
      else tally.failed++;
      progress(j.county, `${done(m)}${ranBecause(why)}`);
    }

    // the biggest counties first (by the size of their input files): a county much bigger than the
    // others started last would run alone at the end while the other job slots sit idle
    const order = startOrder(data, counties);
    const workers = Array.from({ length: Math.min(s.jobs, counties.length) }, async () => {
      while (next < order.length && !stopped) await runChild(job(order[next++]));
    });
    await Promise.all(workers);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (stopped) {
      console.error(`batch: stopped by ${stopped}: ${tally.ran} ran, ${tally.skipped} up to date, ${tally.failed} failed, ${tally.stopped} stopped midway, ${counties.length - finished} not started; no province table written`);
      process.exitCode = 128 + (stopped === 'SIGINT' ? 2 : 15);
      return;
    }

    const counts = await writeProvinceTable(out, out, counties);
    const wall = (performance.now() - t0) / 1000;
    console.log(`batch: ${counties.length} counties in ${secs(wall)}: ${tally.ran} ran, ${tally.skipped} up to date, ${tally.failed} failed; table: ${counts.ok} ok, ${counts.error} with errors, ${counts.townships} township rows`);
    console.log(`batch: wrote ${PROVINCE_FILES.map((f) => `${args.out}/${f}`).join(', ')}`);
    if (counts.error + counts.missing > 0) process.exitCode = EXIT_COUNTY_FAILED;
  }
}
