import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadProject } from '../../layers/load/index.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliArgs } from '../args.ts';
import { prepareOutDir, type OutputKind } from '../out-dir.ts';
import { writeJsonFile } from '../stream-write.ts';
import { codePrint } from './code-version.ts';
import { batchAnalysis, readFigures } from './figures.ts';
import { FIRE_BORDER_FILE, neighbourPrints, runFireBorder } from './fire-border.ts';
import { inputPrints, withHashes, MANIFEST, MANIFEST_VERSION, staleReason, type AnalysisOutcome, type CountyFingerprint, type CountyManifest } from './manifest.ts';

interface CommandModule {
  run(args: CliArgs): Promise<void>;
  OUTPUT: OutputKind;
}

const COMMANDS = join(dirname(fileURLToPath(import.meta.url)), '..', 'commands');

/** One county of a batch: its project folder, its output folder and what to run. */
export interface CountyJob {
  county: string;
  data: string;
  countyOut: string;
  analyses: string[];
  options: Record<string, Record<string, string>>;
  /** Run even when the outputs are up to date. */
  force: boolean;
  /** For `fire-border`: the province folder and all its county folders. */
  province?: { dir: string; counties: readonly string[] };
}

/** The fingerprint of a job (the code, inputs, analyses, options); the code's is computed once per process (codePrint). */
export function fingerprint(job: Pick<CountyJob, 'county' | 'data' | 'analyses' | 'options' | 'province'>): CountyFingerprint {
  const inputs = inputPrints(job.data);
  // cross-border runs read the other counties' roads and stations: their changes count too
  if (job.analyses.includes('fire-border') && job.province) inputs.push(...neighbourPrints(job.province.dir, job.province.counties, job.county));
  return { code: codePrint(), inputs, analyses: [...job.analyses], options: job.options };
}

/** The path of a fingerprint's input: the county's own file, or `../<county>/<file>` of a neighbour (fire-border). */
export function inputPathOf(job: Pick<CountyJob, 'data' | 'province'>): (name: string) => string {
  return (name) => (name.startsWith('../') && job.province ? join(job.province.dir, name.slice(3)) : join(job.data, name));
}

/** Files of a finished analysis folder with their sizes (hidden `.partial` files left out). */
function listFiles(dir: string): { name: string; size: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((name) => ({ name, size: statSync(join(dir, name)).size }));
}

const firstLine = (s: string) => s.split('\n')[0];

/**
 * Run the chosen analyses for one county in this process, each into `<countyOut>/<analysis>/`
 * (the same files as the single command), then write `<countyOut>/manifest.json` last and
 * atomically. An analysis that throws is recorded with its message and the next one still runs.
 * @returns the manifest written, or null when the county was up to date and skipped
 */
export async function runCounty(job: CountyJob): Promise<{ manifest: CountyManifest | null; staleBecause: string | null }> {
  const t0 = performance.now();
  const stated = fingerprint(job);
  const why = job.force ? 'forced' : staleReason(job.countyOut, stated, inputPathOf(job));
  if (why === null) return { manifest: null, staleBecause: null };
  // the content of every input as it is now, before anything reads it: a file changed while the
  // county runs has another change time next time, is hashed again and reruns the county
  const fp = { ...stated, inputs: withHashes(stated.inputs, inputPathOf(job)) };
  // No manifest while running: a run that dies midway leaves the county incomplete, so it reruns.
  rmSync(join(job.countyOut, MANIFEST), { force: true });
  const outcomes: AnalysisOutcome[] = [];
  let project: string | null = null;
  const badProject = projectJsonProblem(job.data);
  for (const name of job.analyses) {
    if (badProject) {
      // every analysis would run on the defaults instead of this county's params: none is run
      outcomes.push({ analysis: name, status: 'error', error: badProject, files: [], figures: null, seconds: 0 });
      continue;
    }
    const a = batchAnalysis(name);
    const out = join(job.countyOut, name);
    const t = performance.now();
    try {
      if (!a) throw new Error(`unknown analysis "${name}"`);
      if (name === 'fire-border') {
        if (!job.province) throw new Error('fire-border needs the province folder');
        prepareOutDir(name, out, { kind: 'analysis', names: [FIRE_BORDER_FILE] }, false);
        const km = Number(job.options['fire-border']?.['border-km']);
        await runFireBorder({ county: job.county, data: job.data, province: job.province.dir, counties: job.province.counties, out, km, options: { ...(job.options.fire ?? {}) } });
      } else {
        const mod = (await import(pathToFileURL(join(COMMANDS, `${name}.ts`)).href)) as CommandModule;
        prepareOutDir(name, out, mod.OUTPUT, false);
        await mod.run({ command: name, data: job.data, out, force: false, options: { ...(job.options[name] ?? {}) } });
      }
      const figures = readFigures(a, out);
      project ??= figures.project;
      outcomes.push({ analysis: name, status: 'ok', files: listFiles(out), figures, seconds: (performance.now() - t) / 1000 });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`batch: ${job.county}: ${name}: ${message}`);
      outcomes.push({ analysis: name, status: 'error', error: message, files: listFiles(out), figures: null, seconds: (performance.now() - t) / 1000 });
    }
  }
  const ru = process.resourceUsage();
  const manifest: CountyManifest = {
    version: MANIFEST_VERSION,
    county: job.county,
    data: job.data,
    project,
    status: outcomes.every((o) => o.status === 'ok') ? 'ok' : 'error',
    fingerprint: fp,
    analyses: outcomes,
    resources: { wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: (ru.userCPUTime + ru.systemCPUTime) / 1e6, maxRssMb: ru.maxRSS / 1024 },
    finishedAt: new Date().toISOString(),
  };
  await writeJsonFile(join(job.countyOut, MANIFEST), manifest, 2);
  return { manifest, staleBecause: why };
}

/**
 * Why a county's project.json cannot be used, or null: it is there but is not valid JSON, not an
 * object, or its params is not an object. The single commands then warn and use the defaults
 * (load_errors 1 in the table); in a batch that gave a county figures computed with parameters it
 * does not state, under status ok, so the county fails instead, with the loader's message.
 */
export function projectJsonProblem(dir: string): string | null {
  const name = readdirSync(dir).find((n) => n.toLowerCase() === 'project.json');
  if (!name) return null;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(join(dir, name));
  } catch (err) {
    return `${name} 无法读取：${(err as Error).message}\n${name} cannot be read: ${(err as Error).message}`;
  }
  const { report } = loadProject([{ name, bytes }]);
  const bad = report.issues.filter((i) => i.file === name && (i.severity === 'error' || i.code === 'bad-params'));
  if (bad.length === 0) return null;
  // the loader's messages end "defaults used" (the single commands go on); here nothing is run
  const zh = bad.map((i) => i.message.zh.replace(/[；;]?\s*已使用默认设置。?$/, '').replace(/，?已忽略。?$/, '')).join('；');
  const en = bad.map((i) => i.message.en.replace(/[;,]?\s*(defaults used|ignored)\.?$/, '')).join('; ');
  return `${name}：${zh}。本县未计算，请修正后重跑。\n${name}: ${en}. The county was not run; fix the file and run again.`;
}

/** A manifest for a county whose job died without writing one (killed, out of memory …). */
export async function writeCrashManifest(job: CountyJob, error: string, wallSeconds: number): Promise<CountyManifest> {
  const manifest: CountyManifest = {
    version: MANIFEST_VERSION,
    county: job.county,
    data: job.data,
    project: null,
    status: 'error',
    fingerprint: fingerprint(job),
    analyses: job.analyses.map((analysis) => ({ analysis, status: 'error', error: firstLine(error), files: [], figures: null, seconds: 0 })),
    resources: { wallSeconds, cpuSeconds: 0, maxRssMb: 0 },
    finishedAt: new Date().toISOString(),
  };
  await writeJsonFile(join(job.countyOut, MANIFEST), manifest, 2);
  return manifest;
}

/** The error text of a manifest: each failed analysis with its message. */
export function manifestError(m: CountyManifest): string {
  return m.analyses
    .filter((a) => a.status === 'error')
    .map((a) => `${a.analysis}: ${a.error ?? ''}`)
    .join(' | ');
}
