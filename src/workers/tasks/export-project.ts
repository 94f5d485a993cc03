import type { Column, ColumnLayerData, LayerData, LayerId, Project } from '../../../layers/types';
import { projectFolderZip } from '../../export/project-folder';
import type { TaskFn } from '../protocol';

/** A piece of a project's layers sent to the export worker: a slice of a GeoJSON layer's features, or of a column layer's rows. */
export interface LayerPart {
  id: LayerId;
  data: LayerData;
}

/** Features per piece of a GeoJSON layer (the demo's roads: ~15 pieces, each cloned in a few ms). */
const FEATURES_PER_PART = 2000;
/** Rows per piece of a column layer (the demo's 200,000 households: 8 pieces). */
const ROWS_PER_PART = 25_000;

function sliceColumn(c: Column, a: number, b: number): Column {
  if (c.type === 'category') return { type: 'category', codes: c.codes.slice(a, b), dict: c.dict };
  if (c.type === 'number') return { type: 'number', values: c.values.slice(a, b) };
  if (c.type === 'boolean') return { type: 'boolean', values: c.values.slice(a, b) };
  return { type: 'string', values: c.values.slice(a, b) };
}

function sliceRows(layer: ColumnLayerData, a: number, b: number): ColumnLayerData {
  const columns: Record<string, Column> = {};
  for (const [k, c] of Object.entries(layer.columns)) columns[k] = sliceColumn(c, a, b);
  return { ...layer, count: b - a, lon: layer.lon.slice(a, b), lat: layer.lat.slice(a, b), ids: layer.ids.slice(a, b), columns };
}

function concatRows(pieces: readonly ColumnLayerData[]): ColumnLayerData {
  if (pieces.length === 1) return pieces[0];
  const count = pieces.reduce((n, p) => n + p.count, 0);
  const typed = <T extends Float64Array | Uint8Array | Int32Array>(make: new (n: number) => T, get: (p: ColumnLayerData) => T): T => {
    const out = new make(count);
    let at = 0;
    for (const p of pieces) {
      out.set(get(p), at);
      at += p.count;
    }
    return out;
  };
  const columns: Record<string, Column> = {};
  for (const [k, c] of Object.entries(pieces[0].columns)) {
    const of = (p: ColumnLayerData) => p.columns[k] as typeof c;
    if (c.type === 'category') columns[k] = { type: 'category', dict: c.dict, codes: typed(Int32Array, (p) => (of(p) as typeof c).codes) };
    else if (c.type === 'number') columns[k] = { type: 'number', values: typed(Float64Array, (p) => (of(p) as typeof c).values) };
    else if (c.type === 'boolean') columns[k] = { type: 'boolean', values: typed(Uint8Array, (p) => (of(p) as typeof c).values) };
    else columns[k] = { type: 'string', values: pieces.flatMap((p) => (of(p) as typeof c).values) };
  }
  return { ...pieces[0], count, lon: typed(Float64Array, (p) => p.lon), lat: typed(Float64Array, (p) => p.lat), ids: pieces.flatMap((p) => p.ids), columns };
}

/**
 * The project cut for `RunTaskOptions.parts` (run-task.ts): the project without its layers, and the layers
 * in pieces (a GeoJSON layer's features in slices of {@link FEATURES_PER_PART}, a column layer's rows
 * in slices of {@link ROWS_PER_PART}). The feature slices hold the same feature objects; the column
 * slices are copies (memcpy), the project is not changed.
 */
export function projectParts(project: Project): { head: Project; parts: LayerPart[] } {
  const parts: LayerPart[] = [];
  for (const [id, layer] of Object.entries(project.layers) as [LayerId, LayerData][]) {
    if (!layer) continue;
    if (layer.kind === 'columns') {
      for (let i = 0; i === 0 || i < layer.count; i += ROWS_PER_PART) parts.push({ id, data: sliceRows(layer, i, Math.min(layer.count, i + ROWS_PER_PART)) });
      continue;
    }
    const features = layer.data.features;
    for (let i = 0; i === 0 || i < features.length; i += FEATURES_PER_PART) {
      parts.push({ id, data: { ...layer, data: { ...layer.data, features: features.slice(i, i + FEATURES_PER_PART) } } });
    }
  }
  return { head: { ...project, layers: {} as Project['layers'] }, parts };
}

/** The project again from {@link projectParts}' pieces, in order. */
export function projectFromParts(head: Project, parts: readonly LayerPart[]): Project {
  const layers: Partial<Record<LayerId, LayerData>> = {};
  const rows = new Map<LayerId, ColumnLayerData[]>();
  for (const { id, data } of parts) {
    const have = layers[id];
    if (data.kind === 'columns') rows.set(id, [...(rows.get(id) ?? []), data]);
    else if (have && have.kind === 'geojson') {
      for (const f of data.data.features) have.data.features.push(f);
    } else layers[id] = data;
  }
  for (const [id, pieces] of rows) layers[id] = concatRows(pieces);
  return { ...head, layers: layers as Project['layers'] };
}

/**
 * Worker task (导出项目): the open project as its zipped project folder, written off the main
 * thread; progress per file written. The layers come as `parts` ({@link projectParts}).
 */
export const exportProjectTask: TaskFn<{ project: Project; parts?: LayerPart[] }, { zip: Uint8Array; files: string[] }> = ({ project, parts }, progress) =>
  projectFolderZip(parts ? projectFromParts(project, parts) : project, ({ file, fraction }) => progress({ stage: file, fraction }));
