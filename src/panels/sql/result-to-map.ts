import type { Feature, FeatureCollection, Point } from 'geojson';
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
