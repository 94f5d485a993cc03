import type { LayerDefinition } from '../../layers/types';

/**
 * The property names a set of MapLibre style layers reads with `["get", name]` (in paint, layout
 * and filter), so a large layer can be sent to the map with only those properties.
 * @example
 * styleFields([{ type: 'circle', paint: { 'circle-color': ['match', ['get', 'heating'], 'gas', '#f00', '#999'] } }]) // ['heating']
 */
export function styleFields(style: readonly object[]): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (v[0] === 'get' && typeof v[1] === 'string' && v.length === 2) out.add(v[1]);
      for (const x of v) walk(x);
    } else if (v && typeof v === 'object') {
      for (const x of Object.values(v)) walk(x);
    }
  };
  for (const layer of style) {
    const l = layer as { paint?: unknown; layout?: unknown; filter?: unknown };
    walk(l.paint);
    walk(l.layout);
    walk(l.filter);
  }
  return [...out].sort();
}

/**
 * The properties the map is given of a GeoJSON layer's features: what its style reads, its id
 * field (what scenario edits and selections name), and the field its generalisation reads (`minZoomBy`). The map's sources and the line tiles cut ahead
 * in the load worker both take these.
 */
export function mapFields(def: Pick<LayerDefinition, 'style' | 'idField' | 'minZoomBy'>): string[] {
  const extra = [def.idField, def.minZoomBy?.field].filter((f): f is string => !!f);
  return extra.length ? [...new Set([...styleFields(def.style), ...extra])] : styleFields(def.style);
}
