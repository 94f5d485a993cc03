import { create } from 'zustand';
import {
  detectLayerOffset,
  importForeign,
  isForeignName,
  suggestTargets,
  type ForeignFile,
  type ForeignReadResult,
  type ImportTarget,
  type OffsetDetection,
} from '../../layers/load/foreign/index';
import { useAppStore } from '../state/store';
import { runTask } from '../workers/run-task';

/** Foreign files read and waiting for the user's decisions (target layer, add/replace, CRS, offset, encoding). */
export interface ForeignPending {
  files: ForeignFile[];
  /** The encoding the user chose for attribute text ('' = automatic). */
  encoding: string;
  read: ForeignReadResult;
  targets: ImportTarget[];
  /** GCJ-02 / BD-09 suspicion per source. */
  offsets: Record<string, OffsetDetection | null>;
}

/** Files being read in the worker: how far it has got (0…1) and the file it is on. */
export interface ForeignReading {
  names: string[];
  fraction: number;
  stage: string;
}

/** The foreign-import store: kept apart from the project, which changes only on confirm. */
export const useForeignStore = create<{ pending: ForeignPending | null; reading: ForeignReading | null }>()(() => ({ pending: null, reading: null }));

/** The read under way (one at a time: a new one cancels the old). */
let current: AbortController | null = null;

/**
 * Reads the files in the worker (the main thread stays free), showing progress; null when
 * cancelled or replaced by a newer read. A failure of the worker comes back as an issue naming the files.
 */
async function readInWorker(files: ForeignFile[], encoding: string): Promise<ForeignReadResult | null> {
  current?.abort();
  const ac = new AbortController();
  current = ac;
  const names = files.map((f) => f.name);
  useForeignStore.setState({ reading: { names, fraction: 0, stage: names[0] ?? '' } });
  try {
    return await runTask('readForeign', { files, encoding }, {
      signal: ac.signal,
      onProgress: (p) => {
        if (current === ac) useForeignStore.setState({ reading: { names, fraction: p.fraction ?? 0, stage: p.stage ?? '' } });
      },
    });
  } catch (err) {
    if (ac.signal.aborted) return null;
    const msg = err instanceof Error ? err.message : String(err);
    return { layers: [], issues: names.map((file) => ({ severity: 'error' as const, code: 'unreadable', file, message: { zh: `无法读取该文件（${msg}）。`, en: `The file could not be read (${msg}).` } })) };
  } finally {
    if (current === ac) {
      current = null;
      useForeignStore.setState({ reading: null });
    }
  }
}

/** True for names the import step reads (Shapefile parts, zips, point tables …), not the project loader. */
export function isForeignFile(name: string): boolean {
  return isForeignName(name);
}

function offsetsOf(read: ForeignReadResult, targets: ImportTarget[]): Record<string, OffsetDetection | null> {
  const project = useAppStore.getState().project.project;
  const out: Record<string, OffsetDetection | null> = {};
  for (const t of targets) {
    const l = read.layers.find((x) => x.source === t.source);
    out[t.source] = l ? detectLayerOffset(l, t, project) : null;
  }
  return out;
}

/**
 * Reads foreign files in the worker (progress and 取消 in the dialog meanwhile) and opens the
 * dialog with suggested targets (remembered choices first).
 */
export async function openForeign(files: ForeignFile[], encoding = ''): Promise<void> {
  useForeignStore.setState({ pending: null });
  const read = await readInWorker(files, encoding);
  if (!read) return;
  const project = useAppStore.getState().project.project;
  const targets = suggestTargets(read.layers, project).map((t) => (encoding ? { ...t, encoding } : t));
  useForeignStore.setState({ pending: { files, encoding, read, targets, offsets: offsetsOf(read, targets) } });
}

/** Reads the pending files again with another attribute encoding (the preview shows the text). */
export async function setForeignEncoding(encoding: string): Promise<void> {
  const p = useForeignStore.getState().pending;
  if (!p) return;
  const read = await readInWorker(p.files, encoding);
  if (!read || useForeignStore.getState().pending !== p) return;
  const targets = p.targets.map((t) => ({ ...t, encoding: encoding || undefined }));
  useForeignStore.setState({ pending: { ...p, encoding, read, targets } });
}

/** Changes one layer's decisions; the offset question is asked again when the target changes. */
export function setForeignTarget(source: string, change: Partial<ImportTarget>): void {
  const p = useForeignStore.getState().pending;
  if (!p) return;
  const targets = p.targets.map((t) => (t.source === source ? { ...t, ...change } : t));
  const offsets = 'layer' in change || 'crs' in change ? offsetsOf(p.read, targets) : p.offsets;
  useForeignStore.setState({ pending: { ...p, targets, offsets } });
}

/** 确认导入: applies the import to the project (one undoable step) and closes the dialog. */
export function confirmForeign(): void {
  const p = useForeignStore.getState().pending;
  if (!p) return;
  const s = useAppStore.getState();
  const cur = s.project.project && s.project.report ? { project: s.project.project, report: s.project.report } : null;
  const r = importForeign(cur, p.read.layers, p.targets);
  if (r.layers.length > 0) s.setProject({ project: r.project, report: r.report });
  useForeignStore.setState({ pending: null });
}

/** 取消: stops a read under way (the worker is ended) and drops the read files; the project is untouched. */
export function cancelForeign(): void {
  current?.abort();
  current = null;
  useForeignStore.setState({ pending: null, reading: null });
}

