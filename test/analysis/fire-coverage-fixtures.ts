import type { Feature, FeatureCollection, LineString } from 'geojson';
import { metresPerDegree } from '../../analysis/geo.ts';
import type { ColumnLayerData } from '../../layers/types.ts';

/** Origin of the hand-worked test networks (near Quyang). */
export const LON0 = 114.7;
export const LAT0 = 38.6;
const { my } = metresPerDegree(LAT0);

/** lon/lat of a point given in metres east/north of the origin (east scale taken at the point's own latitude, so east–west lines have exact lengths). */
export function pt(xm: number, ym: number): [number, number] {
  const lat = LAT0 + ym / my;
  return [LON0 + xm / metresPerDegree(lat).mx, lat];
}

/** A road from points in metres. */
export function road(xy: [number, number][], props: Record<string, unknown> = {}): Feature<LineString> {
  return { type: 'Feature', properties: { class: 'primary', ...props }, geometry: { type: 'LineString', coordinates: xy.map(([x, y]) => pt(x, y)) } };
}

export function fc<T extends Feature>(features: T[]): FeatureCollection {
  return { type: 'FeatureCollection', features };
}

/** 36 km/h = 10 m/s on every class: 1,000 m takes 100 s. */
export const SPEEDS_10MPS = { primary: 36, other: 36 };

/**
 * The four households of the hand-worked fire tests: h1 (500, 30), h2 (2500, 0), h3 (1000, 5000) off
 * every road, h4 unlocated; township codes (恒州镇 0, 羊平镇 1), villages and, when given, heating
 * codes (gas 0, electric 1, −1 none) per household.
 */
export function fourHouseholds(township: number[], village: (string | null)[], heating?: number[]): ColumnLayerData {
  const xy = [[500, 30], [2500, 0], [1000, 5000]].map(([x, y]) => pt(x, y));
  return {
    kind: 'columns',
    id: 'households',
    count: 4,
    lon: new Float64Array([...xy.map((p) => p[0]), NaN]),
    lat: new Float64Array([...xy.map((p) => p[1]), NaN]),
    ids: ['h1', 'h2', 'h3', 'h4'],
    columns: {
      township: { type: 'category', codes: new Int32Array(township), dict: ['恒州镇', '羊平镇'] },
      village: { type: 'string', values: village },
      ...(heating ? { heating: { type: 'category' as const, codes: new Int32Array(heating), dict: ['gas', 'electric'] } } : {}),
    },
  };
}
