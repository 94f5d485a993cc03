import type { LayerDefinition, Project } from '../../layers/types';
import { geometryExtent } from '../../analysis/geo';

/**
 * Bounds `[west, south, east, north]` of a layer's features by selection id (the id field's value,
 * or the feature index for layers without one), for bringing table rows into view; null when none
 * of them has a position.
 * @example featureBounds(project, LAYERS.roads, ['0', '2']) // [114, 38, 114.06, 38.01]
 */
export function featureBounds(project: Project, def: LayerDefinition, ids: readonly string[]): [number, number, number, number] | null {
  const layer = project.layers[def.id];
  if (!layer || ids.length === 0) return null;
  const want = new Set(ids);
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const grow = (b: [number, number, number, number]) => {
    w = Math.min(w, b[0]);
    s = Math.min(s, b[1]);
    e = Math.max(e, b[2]);
    n = Math.max(n, b[3]);
  };
  if (layer.kind === 'columns') {
    for (let i = 0; i < layer.count; i++) {
      if (want.has(layer.ids[i]) && Number.isFinite(layer.lon[i]) && Number.isFinite(layer.lat[i])) grow([layer.lon[i], layer.lat[i], layer.lon[i], layer.lat[i]]);
    }
  } else {
    layer.data.features.forEach((f, i) => {
      const idv = def.idField ? f.properties?.[def.idField] : undefined;
      if (!want.has(idv !== undefined && idv !== null ? String(idv) : String(i))) return;
      const b = geometryExtent([f.geometry]);
      if (b) grow(b);
    });
  }
  return e >= w ? [w, s, e, n] : null;
}
