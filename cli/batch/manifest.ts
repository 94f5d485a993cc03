import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isOsmPbfName, matchLayerFile } from '../../layers/load/index.ts';
import type { CodePrint } from './code-version.ts';
import type { Figures } from './figures.ts';

/** The file a county's batch run writes last, into `<out>/<county>/` (atomically: temporary name, then renamed). */
export const MANIFEST = 'manifest.json';
/** Bumped when the manifest's meaning changes, so older manifests are rerun rather than misread. */
export const MANIFEST_VERSION = 2;
// version 2 (session 17): every input has its content hash (sha256) and the change time and inode it
// was hashed at; a version-1 manifest has no hashes, so its county runs once more.

/** One input file of a county project folder as the fingerprint sees it. */
export interface InputPrint {
  name: string;
  size: number;
  mtimeMs: number;
  /**
   * SHA-256 of the content (hex). Set when the manifest is written; compared when name, size and
   * modification time say "same" (a same-size rewrite with its old time put back: `cp -p`, `unzip`
   * of an older archive, `rsync -t`, `touch -r`).
   */
  sha256?: string;
  /**
   * Status-change time (ns, as text) and inode the hash was taken at. Nothing a user runs can set a
   * file's change time back, and any write moves it: when both are still the same the content is
   * the hashed one and the file is not read again; otherwise (the folder was copied, unzipped,
   * rsynced, or the file rewritten) it is hashed again.
   */
  ctimeNs?: string;
  ino?: string;
}

/** The fields of an input print that decide "same file" before any hash. */
const statKey = (p: InputPrint) => `${p.name}\u0000${p.size}\u0000${p.mtimeMs}`;

/** SHA-256 of a file, read 4 MB at a time (a 1M-household households.csv is ~55 MB). */
export function sha256File(path: string): string {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(4 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** Change time (ns) and inode of a file, as text (bigint stat). */
function changeStamp(path: string): { ctimeNs: string; ino: string } {
  const st = statSync(path, { bigint: true });
  return { ctimeNs: String(st.ctimeNs), ino: String(st.ino) };
}

/**
 * The prints with their content hashes, for a manifest: each file is read once (the batch reads
 * it again to compute, from the page cache). `pathOf` turns a print's name into its path.
 * A file that cannot be read is left without a hash (it never compares equal).
 */
export function withHashes(prints: readonly InputPrint[], pathOf: (name: string) => string): InputPrint[] {
  return prints.map((p) => {
    const path = pathOf(p.name);
    try {
      const before = changeStamp(path);
      const sha256 = sha256File(path);
      return { ...p, sha256, ...before };
    } catch {
      return { ...p };
    }
  });
}

/** What decides whether a county's outputs are up to date: its inputs, the code, the analyses and their options. */
export interface CountyFingerprint {
  /**
   * The code that computed the figures (cli/batch/code-version.ts: package version, dependency
   * versions, the command line's sources and SQL). Absent in manifests written before session 18:
   * such a county runs once more.
   */
  code?: CodePrint;
  /** Every file at the top of the county folder that the loader reads (project.json, layer files), sorted by name. */
  inputs: InputPrint[];
  analyses: string[];
  /** Per-analysis options given to the batch (`--fire:threshold 4` → { fire: { threshold: '4' } }). */
  options: Record<string, Record<string, string>>;
}

/** One analysis of one county: done (its headline figures) or failed (the error text). */
export interface AnalysisOutcome {
  analysis: string;
  status: 'ok' | 'error';
  error?: string;
  /** Files written into `<county>/<analysis>/` with their sizes (checked when resuming). */
  files: { name: string; size: number }[];
  /** Headline figures read from the analysis's summary JSON (cli/batch/figures.ts). */
  figures: Figures | null;
  seconds: number;
}

/** `<out>/<county>/manifest.json`. */
export interface CountyManifest {
  version: number;
  county: string;
  /** The county project folder, as given to the batch. */
  data: string;
  /** The project's name (project.json `name`, else the folder name), from the first analysis that ran. */
  project: string | null;
  status: 'ok' | 'error';
  fingerprint: CountyFingerprint;
  analyses: AnalysisOutcome[];
  /** The county job's own process: wall time, CPU time (user + system) and peak resident memory. */
  resources: { wallSeconds: number; cpuSeconds: number; maxRssMb: number };
  finishedAt: string;
}

/** True for a file the project loader reads (the same test as cli/load-project-dir.ts). */
export function isInputName(name: string): boolean {
  return name.toLowerCase() === 'project.json' || matchLayerFile(name) !== null || isOsmPbfName(name);
}

/**
 * The inputs of a county folder: name, size and modification time of each file the loader reads.
 * Sizes and times only: the content hashes are added when a manifest is written ({@link withHashes})
 * and compared by {@link staleReason} when these say "same".
 */
export function inputPrints(dir: string): InputPrint[] {
  const out: InputPrint[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || !isInputName(name)) continue;
    try {
      const st = statSync(join(dir, name));
      if (st.isFile()) out.push({ name, size: st.size, mtimeMs: Math.round(st.mtimeMs) });
    } catch {
      // a dangling link: the loader reports it; it has no fingerprint
    }
  }
  return out;
}

/** Read a manifest; null when it is missing, unreadable or of another version. */
export function readManifest(countyOut: string): CountyManifest | null {
  try {
    const m = JSON.parse(readFileSync(join(countyOut, MANIFEST), 'utf8')) as CountyManifest;
    return m && m.version === MANIFEST_VERSION ? m : null;
  } catch {
    return null;
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Why a county must run again, or null when its outputs are complete and up to date: a manifest
 * with status ok, computed by the same code, the same inputs, analyses and options, and every output
 * file present with the size it had when written. A county that failed is always run again.
 * The reason is English; {@link reasonText} gives it in Chinese and English for the log.
 */
export function staleReason(countyOut: string, fp: CountyFingerprint, pathOf: (name: string) => string): string | null {
  const m = readManifest(countyOut);
  if (!m) return 'no manifest';
  if (m.status !== 'ok') return 'failed before';
  const code = m.fingerprint.code;
  if (!code?.sha256) return 'code not recorded (computed before session 18)';
  if (fp.code && code.sha256 !== fp.code.sha256) return `code changed (version ${code.version} → ${fp.code.version}, sha256 ${code.sha256.slice(0, 12)} → ${fp.code.sha256.slice(0, 12)})`;
  if (!same(m.fingerprint.analyses, fp.analyses)) return 'analyses changed';
  if (!same(m.fingerprint.options, fp.options)) return 'options changed';
  const was = m.fingerprint.inputs;
  if (was.length !== fp.inputs.length || was.some((p, i) => statKey(p) !== statKey(fp.inputs[i]))) return 'input files changed';
  // same names, sizes and times: the content decides (unless the file provably was not written since it was hashed)
  for (const p of was) {
    if (!p.sha256) return `${p.name} has no content hash`;
    const path = pathOf(p.name);
    try {
      const now = changeStamp(path);
      if (now.ctimeNs === p.ctimeNs && now.ino === p.ino) continue;
      if (sha256File(path) !== p.sha256) return `${p.name} content changed (same size and time)`;
    } catch {
      return `${p.name} cannot be read`;
    }
  }
  for (const a of m.analyses) {
    for (const f of a.files) {
      const p = join(countyOut, a.analysis, f.name);
      if (!existsSync(p)) return `${a.analysis}/${f.name} missing`;
      if (statSync(p).size !== f.size) return `${a.analysis}/${f.name} changed`;
    }
  }
  return null;
}

/** The reasons of {@link staleReason} (and 'forced') in Chinese and English, for the batch's log. */
const REASONS: [RegExp, (...m: string[]) => [string, string]][] = [
  [/^forced$/, () => ['强制重算（--force）', 'forced (--force)']],
  [/^no manifest$/, () => ['尚无本县的结果记录（manifest.json）', 'no manifest yet']],
  [/^failed before$/, () => ['上次计算失败', 'failed before']],
  [/^code not recorded/, () => ['结果由旧版程序算出（未记录程序指纹）', 'computed by an older version (no code fingerprint recorded)']],
  [/^code changed \(version (\S*) → (\S*), sha256 (\w+) → (\w+)\)$/, (a, b, x, y) => [`程序已更新（版本 ${a} → ${b}，源码指纹 ${x} → ${y}）`, `the code changed (version ${a} → ${b}, sha256 ${x} → ${y})`]],
  [/^analyses changed$/, () => ['所选分析变了', 'analyses changed']],
  [/^options changed$/, () => ['分析参数选项变了', 'options changed']],
  [/^input files changed$/, () => ['输入文件变了（增删、大小或修改时间）', 'input files changed (added, removed, size or time)']],
  [/^(.+) has no content hash$/, (f) => [`${f} 无内容哈希`, `${f} has no content hash`]],
  [/^(.+) content changed \(same size and time\)$/, (f) => [`${f} 内容变了（大小与时间未变）`, `${f} content changed (same size and time)`]],
  [/^(.+) cannot be read$/, (f) => [`${f} 无法读取`, `${f} cannot be read`]],
  [/^(.+) missing$/, (f) => [`结果文件 ${f} 缺失`, `output ${f} missing`]],
  [/^(.+) changed$/, (f) => [`结果文件 ${f} 被改动`, `output ${f} changed`]],
];

/**
 * Why a county ran, in Chinese then English (`程序已更新（…） / the code changed (…)`), for the
 * batch's progress lines.
 * @param why - a {@link staleReason} or 'forced'
 */
export function reasonText(why: string): string {
  for (const [re, text] of REASONS) {
    const m = re.exec(why);
    if (m) {
      const [zh, en] = text(...m.slice(1));
      return `${zh} / ${en}`;
    }
  }
  return why;
}
