import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Column, ColumnLayerData } from '../../layers/types';

/** The value of row `i` of a column as a plain JSON value; missing → null. */
export function columnValue(col: Column, i: number): string | number | boolean | null {
  switch (col.type) {
    case 'number': {
      const v = col.values[i];
      return Number.isNaN(v) ? null : v;
    }
    case 'boolean': {
      const v = col.values[i];
      return v === 255 ? null : v === 1;
    }
    case 'category': {
      const c = col.codes[i];
      return c < 0 ? null : (col.dict[c] ?? null);
    }
    case 'string':
      return col.values[i] ?? null;
  }
}

/**
 * Point features for the map from a columnar layer, carrying only the named properties (those the
 * style reads). Each feature's `id` is its row index, so a click can look the full row up in the
 * columns. Rows without finite coordinates are left out.
 * @param layer - the columnar layer (not modified)
 * @param properties - column names to copy; unknown names are ignored
 * @param bbox - optional [west, south, east, north]: only rows inside it (edges included)
 */
export function columnsToGeojson(
  layer: ColumnLayerData,
  properties: readonly string[],
  bbox?: readonly [number, number, number, number],
): FeatureCollection<Point> {
  if (!layer || layer.kind !== 'columns') throw new Error('columnsToGeojson: a columnar layer is required');
  const [w, s, e, n] = bbox ?? [-Infinity, -Infinity, Infinity, Infinity];
  const cols = properties.filter((p) => layer.columns[p]).map((p) => [p, layer.columns[p]] as const);
  const features: Feature<Point>[] = [];
  for (let i = 0; i < layer.count; i++) {
    const lon = layer.lon[i];
    const lat = layer.lat[i];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (lon < w || lon > e || lat < s || lat > n) continue;
    const props: Record<string, string | number | boolean | null> = {};
    for (const [name, col] of cols) props[name] = columnValue(col, i);
    features.push({ type: 'Feature', id: i, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props });
  }
  return { type: 'FeatureCollection', features };
}
