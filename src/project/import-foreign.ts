import { create } from 'zustand';
import {
  detectLayerOffset,
  importForeign,
  isForeignName,
  readForeignFiles,
  suggestTargets,
  type ForeignFile,
  type ForeignReadResult,
  type ImportTarget,
  type OffsetDetection,
} from '../../layers/load/foreign/index';
import { useAppStore } from '../state/store';

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

/** The foreign-import store: kept apart from the project, which changes only on confirm. */
export const useForeignStore = create<{ pending: ForeignPending | null }>()(() => ({ pending: null }));

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

/** Reads foreign files and opens the dialog with suggested targets (remembered choices first). */
export function openForeign(files: ForeignFile[], encoding = ''): void {
  const read = readForeignFiles(files, encoding ? { encoding: { '*': encoding } } : {});
  const project = useAppStore.getState().project.project;
  const targets = suggestTargets(read.layers, project).map((t) => (encoding ? { ...t, encoding } : t));
  useForeignStore.setState({ pending: { files, encoding, read, targets, offsets: offsetsOf(read, targets) } });
}

/** Reads the pending files again with another attribute encoding (the preview shows the text). */
export function setForeignEncoding(encoding: string): void {
  const p = useForeignStore.getState().pending;
  if (!p) return;
  const read = readForeignFiles(p.files, encoding ? { encoding: { '*': encoding } } : {});
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

/** 取消: drops the read files; the project is untouched. */
export function cancelForeign(): void {
  useForeignStore.setState({ pending: null });
}
