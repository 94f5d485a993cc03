import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { LayerData, StyleLayer } from '../../../layers/types';
import type { Row } from '../../db/tabular-db';

/** Columns that carry coordinates in a result, if any (lon/lat, lng/lat, longitude/latitude, x/y). */
export function coordinateColumns(columns: readonly string[]): { lon: string; lat: string } | null {
  const lower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  for (const [a, b] of [['lon', 'lat'], ['lng', 'lat'], ['longitude', 'latitude'], ['经度', '纬度']]) {
    if (lower.has(a) && lower.has(b)) return { lon: lower.get(a)!, lat: lower.get(b)! };
  }
  return null;
}

/** The column holding feature ids of a layer, if a result has one (id, household_id, <x>_id). */
export function idColumn(columns: readonly string[]): string | null {
  if (columns.includes('id')) return 'id';
  return columns.find((c) => /_id$/.test(c)) ?? null;
}

/**
 * Result rows with coordinates → a point FeatureCollection (every other column a property; rows
 * without finite coordinates are left out).
 */
export function rowsToPoints(rows: readonly Row[], cols: { lon: string; lat: string }): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const r of rows) {
    const x = Number(r[cols.lon]);
    const y = Number(r[cols.lat]);
    if (!Number.isFinite(x) || !Number.isFinite(y) || r[cols.lon] === null || r[cols.lat] === null) continue;
    const properties: Record<string, unknown> = {};
    for (const k of Object.keys(r)) if (k !== cols.lon && k !== cols.lat) properties[k] = r[k];
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The features of a project layer whose id is in `ids` (the layer's id field, or the feature index
 * as text when it has none — the same ids the map's selection uses), as a FeatureCollection for a
 * result layer. Columnar layers (households) give points. Features without geometry are left out.
 */
export function featuresForIds(layer: LayerData | undefined, ids: ReadonlySet<string>, idField?: string): FeatureCollection<Geometry> {
  const features: Feature<Geometry>[] = [];
  if (!layer) return { type: 'FeatureCollection', features };
  if (layer.kind === 'columns') {
    for (let i = 0; i < layer.count; i++) {
      if (!ids.has(layer.ids[i]) || !Number.isFinite(layer.lon[i]) || !Number.isFinite(layer.lat[i])) continue;
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [layer.lon[i], layer.lat[i]] }, properties: { id: layer.ids[i] } });
    }
    return { type: 'FeatureCollection', features };
  }
  layer.data.features.forEach((f, i) => {
    const raw = idField ? f.properties?.[idField] : undefined;
    const key = raw === undefined || raw === null ? String(i) : String(raw);
    if (!ids.has(key) || !f.geometry) return;
    const { __orig: _orig, ...props } = (f.properties ?? {}) as Record<string, unknown>;
    features.push({ type: 'Feature', geometry: f.geometry, properties: props });
  });
  return { type: 'FeatureCollection', features };
}

/** Result-layer style drawing points, lines and polygons of any mix in one colour. */
export function anyGeometryStyle(color: string): StyleLayer[] {
  return [
    { type: 'fill', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': color, 'fill-opacity': 0.35, 'fill-outline-color': color } },
    { type: 'line', filter: ['in', ['geometry-type'], ['literal', ['LineString', 'Polygon']]], paint: { 'line-color': color, 'line-width': 2.5 } },
    { type: 'circle', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': color, 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } },
  ];
}

/**
 * The layer a query reads from, guessed from its first `FROM <table>` naming a layer table
 * (households, kindergartens …); null when none does.
 */
export function guessLayerOfQuery(sql: string, tableToLayer: Readonly<Record<string, string>>): string | null {
  for (const m of sql.matchAll(/\b(?:from|join)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi)) {
    const layer = tableToLayer[m[1].toLowerCase()];
    if (layer) return layer;
  }
  return null;
}
