import type { Feature, FeatureCollection, LineString } from 'geojson';
import { metresPerDegree } from '../../analysis/geo.ts';

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
