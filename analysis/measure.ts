import type { Position } from 'geojson';
import { geodesicMeters } from './geo.ts';
import { SQUARE_METRES_PER_MU, polygonAreaM2 } from './plot-review.ts';

/** What the measure tool shows for the points clicked so far. */
export interface Measurement {
  /** Along the polyline through the points, metres (for an area: the closed outline). */
  lengthM: number;
  /** Each leg, metres. */
  legsM: number[];
  /** Area enclosed by the points (closed back to the first), m²; null for a distance or fewer than 3 points. */
  areaM2: number | null;
  /** The same area in 亩 (1 亩 = 10 000 / 15 m²). */
  areaMu: number | null;
}

/**
 * Measures the points clicked on the map: the distance along them, or for an area the closed
 * outline and the enclosed area (ellipsoidal, by the same method as the plot review, so a plot
 * traced by hand reads the same 亩). The points are not modified.
 * @param points - [lon, lat] in degrees, in click order
 * @param mode - 'line' for a distance, 'area' for an area
 * @example
 * measure([[114.5, 38], [114.51, 38]], 'line').lengthM; // ≈ 877.8
 */
export function measure(points: readonly Position[], mode: 'line' | 'area'): Measurement {
  for (const p of points) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new Error(`measure: a point is not a position: ${JSON.stringify(p)}`);
  }
  const path = mode === 'area' && points.length >= 3 ? [...points, points[0]] : [...points];
  const legsM: number[] = [];
  for (let i = 1; i < path.length; i++) legsM.push(geodesicMeters(path[i - 1][0], path[i - 1][1], path[i][0], path[i][1]));
  const lengthM = legsM.reduce((a, b) => a + b, 0);
  if (mode === 'line' || points.length < 3) return { lengthM, legsM, areaM2: null, areaMu: null };
  const areaM2 = polygonAreaM2([path.map((p) => [p[0], p[1]])]);
  return { lengthM, legsM, areaM2, areaMu: areaM2 / SQUARE_METRES_PER_MU };
}
