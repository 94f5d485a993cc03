import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isOsmPbfName, matchLayerFile } from '../../layers/load/index.ts';
import type { Figures } from './figures.ts';

/** The file a county's batch run writes last, into `<out>/<county>/` (atomically: temporary name, then renamed). */
export const MANIFEST = 'manifest.json';
/** Bumped when the manifest's meaning changes, so older manifests are rerun rather than misread. */
export const MANIFEST_VERSION = 1;

/** One input file of a county project folder as the fingerprint sees it. */
export interface InputPrint {
  name: string;
  size: number;
  mtimeMs: number;
}

/** What decides whether a county's outputs are up to date: its inputs, the analyses and their options. */
export interface CountyFingerprint {
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
 * Sizes + mtimes rather than a hash: a province of 25M households is gigabytes, and a file edited in
 * place changes its mtime. Copying a folder with `cp -p`/`rsync -t` keeps them, so the outputs stay valid.
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
 * with status ok, the same inputs, analyses and options, and every output file present with the size
 * it had when written. A county that failed is always run again.
 */
export function staleReason(countyOut: string, fp: CountyFingerprint): string | null {
  const m = readManifest(countyOut);
  if (!m) return 'no manifest';
  if (m.status !== 'ok') return 'failed before';
  if (!same(m.fingerprint.analyses, fp.analyses)) return 'analyses changed';
  if (!same(m.fingerprint.options, fp.options)) return 'options changed';
  if (!same(m.fingerprint.inputs, fp.inputs)) return 'input files changed';
  for (const a of m.analyses) {
    for (const f of a.files) {
      const p = join(countyOut, a.analysis, f.name);
      if (!existsSync(p)) return `${a.analysis}/${f.name} missing`;
      if (statSync(p).size !== f.size) return `${a.analysis}/${f.name} changed`;
    }
  }
  return null;
}
