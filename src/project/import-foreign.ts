import { create } from 'zustand';
import {
  detectLayerOffset,
  importForeign,
  isForeignName,
  suggestFields,
  suggestTargets,
  type ForeignFile,
  type ForeignReadResult,
  type ImportTarget,
  type OffsetDetection,
} from '../../layers/load/foreign/index';
import { LAYERS } from '../../layers/index';
import { useAppStore } from '../state/store';
import { runTask } from '../workers/run-task';
import { unexpectedFailure } from '../../layers/load/issues';

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
  /** True while the import step (after 确认导入) runs, rather than the reading. */
  importing?: boolean;
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
    // out of memory, the worker failed: said without JavaScript text (layers/load/issues.ts)
    const message = unexpectedFailure(err);
    return { layers: [], issues: names.map((file) => ({ severity: 'error' as const, code: 'unreadable', file, message })) };
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
  const targets = p.targets.map((t) => {
    if (t.source !== source) return t;
    const next = { ...t, ...change };
    // another target layer: its fields are matched afresh (the old layer's mapping means nothing there)
    if ('layer' in change && !('fields' in change) && change.layer !== t.layer) {
      const l = p.read.layers.find((x) => x.source === source);
      const fields = l && next.layer ? suggestFields(l, LAYERS[next.layer]) : {};
      if (Object.keys(fields).length) next.fields = fields;
      else delete next.fields;
    }
    return next;
  });
  const offsets = 'layer' in change || 'crs' in change ? offsetsOf(p.read, targets) : p.offsets;
  useForeignStore.setState({ pending: { ...p, targets, offsets } });
}

/**
 * 确认导入: runs the import step in the worker (the dialog shows it under way; 取消 still leaves the
 * project as it was), then applies it to the project (one undoable step) and closes the dialog.
 * Layers the import did not touch keep their objects, so the map redraws only what changed.
 */
export async function confirmForeign(): Promise<void> {
  const p = useForeignStore.getState().pending;
  if (!p || current) return;
  const s = useAppStore.getState();
  const cur = s.project.project && s.project.report ? { project: s.project.project, report: s.project.report } : null;
  const ac = new AbortController();
  current = ac;
  const names = p.files.map((f) => f.name);
  useForeignStore.setState({ reading: { names, fraction: 0, stage: '', importing: true } });
  let r: Awaited<ReturnType<typeof runTask<'importForeign'>>> | null = null;
  try {
    r = await runTask('importForeign', { current: cur, foreign: p.read.layers, targets: p.targets }, { signal: ac.signal });
  } catch (err) {
    if (ac.signal.aborted) return;
    // the worker failed (e.g. out of memory): the same step here, so the user's decisions are not lost
    console.debug('import step in the worker failed; running it here', err);
    r = importForeign(cur, p.read.layers, p.targets);
  } finally {
    if (current === ac) {
      current = null;
      useForeignStore.setState({ reading: null });
    }
  }
  if (!r || useForeignStore.getState().pending !== p) return;
  const now = useAppStore.getState();
  if (r.layers.length > 0 && now.project.project === cur?.project) {
    const touched = new Set(r.layers.map((l) => l.layer));
    const layers = cur ? Object.fromEntries(Object.entries(r.project.layers).map(([id, d]) => [id, touched.has(id as never) ? d : cur.project.layers[id as keyof typeof cur.project.layers]])) : r.project.layers;
    now.setProject({ project: cur ? { ...cur.project, layers: layers as typeof r.project.layers, imports: r.project.imports } : r.project, report: r.report });
  } else if (r.layers.length > 0 && !cur) {
    now.setProject({ project: r.project, report: r.report });
  }
  useForeignStore.setState({ pending: null });
}

/** 取消: stops a read under way (the worker is ended) and drops the read files; the project is untouched. */
export function cancelForeign(): void {
  current?.abort();
  current = null;
  useForeignStore.setState({ pending: null, reading: null });
}

