import { create } from 'zustand';
import { LAYER_LIST } from '../../layers/index';
import { projectExtent, type CoordinateOptions } from '../../layers/load/index';
import type { LayerId, ValidationIssue } from '../../layers/types';
import { INDICATOR_PARAMS } from '../db/policy';
import { useAppStore } from '../state/store';
import { isForeignFile, openForeign } from './import-foreign';
import { projectFolderInZip } from '../../layers/load/foreign/index';
import { LEDGER_FILE_PREFIX } from '../export/project-folder';
import { runTask } from '../workers/run-task';
import { unexpectedFailure } from '../../layers/load/issues';
import { importFindings, mergeImport, needsReview, planImport, usableLayers, type ImportPlan, type Loaded } from './import-plan';

/** An import that has been read and checked but not applied: the dialog decides. */
export interface PendingImport {
  plan: ImportPlan;
  /** The picked files, kept so they can be read again with a confirmed coordinate system. */
  files: { name: string; bytes: Uint8Array }[];
  coordinates: Record<string, CoordinateOptions>;
  /** The loader's result, or null when the files could not be read at all (see `error`). */
  loaded: Loaded | null;
  /** Layers that would be applied by 导入有效部分 (merge mode). */
  usable: LayerId[];
  /** What project.json would hold that does nothing after the import (importFindings): shown before it is applied. */
  findings: ValidationIssue[];
  /** A message for the user when nothing could be read (never a stack trace). */
  error: string | null;
}

/** State of the import flow: files being read, and the import waiting for the user. */
export interface ImportState {
  /** Number of files being read now (0 when idle). */
  reading: number;
  pending: PendingImport | null;
  /**
   * Readings started and not yet ended, a cancelled one included until its worker has stopped: 0
   * means nothing can still open the dialog (what a test of 取消 waits for).
   */
  running: number;
}

/** The import flow's store (kept apart from the app store: nothing here is the user's project). */
export const useImportStore = create<ImportState>()(() => ({ reading: 0, pending: null, running: 0 }));

declare global {
  interface Window {
    /** The import flow's store, for browser tests. */
    __coverageImportStore?: typeof useImportStore;
  }
}
if (typeof window !== 'undefined') window.__coverageImportStore = useImportStore;

/** Counts a reading in {@link ImportState.running} while `work` runs. */
async function counted<T>(work: () => Promise<T>): Promise<T> {
  useImportStore.setState((s) => ({ running: s.running + 1 }));
  try {
    return await work();
  } finally {
    useImportStore.setState((s) => ({ running: s.running - 1 }));
  }
}

let seq = 0;
let reading: AbortController | null = null;

/** Whether the pending import has anything to apply. */
export function canApply(p: PendingImport): boolean {
  if (!p.loaded) return false;
  if (p.plan.mode === 'merge') return p.usable.length > 0;
  return p.usable.length > 0 || p.plan.layers.length === 0;
}

/**
 * Why reading the picked files failed (too large for the browser's memory, a file that can no
 * longer be read, a defect), as a Chinese line then an English one: the dialog shows the line of
 * the UI's language (messageInLanguage), never a JavaScript message.
 */
function failureText(err: unknown): string {
  const m = unexpectedFailure(err);
  return `${m.zh}\n${m.en}`;
}

/** Reads the files in the worker; null when the user cancelled the reading. */
async function check(files: PendingImport['files'], plan: ImportPlan, coordinates: Record<string, CoordinateOptions>): Promise<PendingImport | null> {
  const base: PendingImport = { plan, files, coordinates, loaded: null, usable: [], findings: [], error: null };
  if (plan.layers.length === 0 && plan.mode === 'merge') return base;
  reading?.abort();
  const ac = new AbortController();
  reading = ac;
  try {
    const { ui, project } = useAppStore.getState();
    // Households imported on their own are checked against the open project's townships.
    const extent = plan.mode === 'merge' && project.project ? (projectExtent(project.project) ?? undefined) : undefined;
    // The bytes are copied to the worker (not transferred), so they can be read again.
    const loaded = await runTask('loadProject', { source: { kind: 'files', files }, options: { lang: ui.lang, coordinates, extent } }, { signal: ac.signal });
    const usable = usableLayers(plan, loaded.report);
    const findings = importFindings(plan.mode, useAppStore.getState().project.project, loaded, usable, INDICATOR_PARAMS);
    return { ...base, loaded, usable, findings };
  } catch (err) {
    if ((err as Error).name === 'AbortError') return null;
    console.debug('import failed', err);
    return { ...base, error: failureText(err) };
  } finally {
    if (reading === ac) reading = null;
  }
}

/** Applies a checked import to the app store: merge by layer, or replace the project. */
export function applyImport(p: PendingImport): void {
  if (!p.loaded || !canApply(p)) return;
  const s = useAppStore.getState();
  const cur = s.project;
  if (p.plan.mode === 'merge' && cur.project && cur.report) {
    s.setProject(mergeImport({ project: cur.project, report: cur.report }, p.loaded, p.usable));
  } else {
    s.initLayers(LAYER_LIST.map((d) => ({ id: d.id, order: d.order, defaultVisible: d.defaultVisible })));
    s.setProject(p.loaded);
  }
}

function settle(p: PendingImport): void {
  const clean = p.loaded && !p.error && p.plan.unknown.length === 0 && !needsReview(p.loaded.report) && p.findings.length === 0 && canApply(p);
  if (clean) {
    applyImport(p);
    useImportStore.setState({ pending: null });
  } else {
    useImportStore.setState({ pending: p });
  }
}

/**
 * Imports files the user picked. They are read and validated in the worker; with no errors or
 * warnings the result is applied at once, otherwise it waits in {@link useImportStore} for the
 * dialog (导入有效部分 / 取消). Files named after contract layers replace only those layers; a
 * project.json or a folder replaces the project. Never throws.
 * @param files - the picked files
 */
export function importFiles(files: readonly File[]): Promise<void> {
  return counted(() => readAndCheck(files));
}

async function readAndCheck(files: readonly File[]): Promise<void> {
  const my = ++seq;
  useImportStore.setState({ reading: files.length, pending: null });
  try {
    const all = await Promise.all(
      files.map(async (f) => ({ name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    // Shapefiles, zips and point tables go through the import step's own dialog (layer, add/replace, CRS …).
    // cancelled (or another pick) while the bytes were read: do not start the worker for nothing
    if (my !== seq) return;
    // a zipped project folder (导出项目 writes one) is opened as the project, not imported layer by layer
    const picked = all.flatMap((i) => projectFolderInZip(i) ?? [i]);
    const withProject = picked.some((i) => /(^|[\\/])project\.json$/i.test(i.name));
    // beside a project.json, an exported ledger (台账_….csv) is not a point table to import: the loader imports it again
    // as the ledger it was (project.json `tables`), or lists it as left out (a folder exported before session 17)
    const isForeign = (name: string) => isForeignFile(name) && !(withProject && (name.split(/[\\/]/).pop() ?? '').startsWith(LEDGER_FILE_PREFIX));
    const foreign = picked.filter((i) => isForeign(i.name));
    if (foreign.length) void openForeign(foreign);
    const items = picked.filter((i) => !isForeign(i.name));
    if (items.length === 0) return;
    const plan = planImport(items.map((i) => i.name), !!useAppStore.getState().project.project);
    const p = await check(items, plan, {});
    if (p && my === seq) settle(p);
  } catch (err) {
    console.debug('import failed', err);
    if (my === seq) {
      const plan: ImportPlan = { mode: 'merge', layers: [], unknown: [] };
      useImportStore.setState({ pending: { plan, files: [], coordinates: {}, loaded: null, usable: [], findings: [], error: failureText(err) } });
    }
  } finally {
    if (my === seq) useImportStore.setState({ reading: 0 });
  }
}

/**
 * Reads the pending import again with what the user confirmed about one file's coordinates
 * (its CRS, or that lat/lon are swapped).
 */
export async function rereadPending(file: string, opts: CoordinateOptions): Promise<void> {
  const p = useImportStore.getState().pending;
  if (!p) return;
  const my = ++seq;
  useImportStore.setState({ reading: p.files.length });
  await counted(async () => {
    try {
      const next = await check(p.files, p.plan, { ...p.coordinates, [file]: opts });
      if (next && my === seq) settle(next);
    } finally {
      if (my === seq) useImportStore.setState({ reading: 0 });
    }
  });
}

/** 导入有效部分: applies the pending import and closes the dialog. */
export function keepValidPart(): void {
  const p = useImportStore.getState().pending;
  if (p) applyImport(p);
  useImportStore.setState({ pending: null });
}

/** 取消: stops a reading in progress (the worker is ended) and drops the pending import; the project is untouched. */
export function cancelImport(): void {
  seq++;
  reading?.abort();
  useImportStore.setState({ pending: null, reading: 0 });
}
