import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';

/**
 * One label point per polygon feature, so a name is drawn once rather than once per map tile the
 * polygon spans. The point is the area centroid of the feature's largest polygon when that lies
 * inside it, otherwise the middle of the widest span across the polygon at the centroid's
 * latitude. Features keep their id and properties; non-polygon features are skipped.
 * @param fc - polygon features (not modified)
 */
export function labelPoints(fc: FeatureCollection<Geometry | null>): FeatureCollection<Point> {
  const out: Feature<Point>[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (!g) continue;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    let best: Position[][] | null = null;
    let bestArea = -1;
    for (const p of polys) {
      if (!p[0] || p[0].length < 4) continue;
      const a = Math.abs(ringArea(p[0]));
      if (a > bestArea) {
        bestArea = a;
        best = p;
      }
    }
    if (!best) continue;
    const pt = labelPointOfPolygon(best);
    out.push({ type: 'Feature', id: f.id, properties: f.properties, geometry: { type: 'Point', coordinates: pt } });
  }
  return { type: 'FeatureCollection', features: out };
}

function ringArea(r: Position[]): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return a / 2;
}

function inPolygon(x: number, y: number, poly: Position[][]): boolean {
  let inside = false;
  for (const r of poly) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i];
      const [xj, yj] = r[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** A point inside the polygon (outer ring + holes) for its label. */
export function labelPointOfPolygon(poly: Position[][]): [number, number] {
  const r = poly[0];
  let cx = 0;
  let cy = 0;
  let a2 = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const cross = r[j][0] * r[i][1] - r[i][0] * r[j][1];
    a2 += cross;
    cx += (r[j][0] + r[i][0]) * cross;
    cy += (r[j][1] + r[i][1]) * cross;
  }
  if (a2 !== 0) {
    cx /= 3 * a2;
    cy /= 3 * a2;
    if (inPolygon(cx, cy, poly)) return [cx, cy];
  } else {
    cy = r[0][1];
  }
  // widest span of the horizontal line y = cy inside the polygon
  const xs: number[] = [];
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > cy !== yj > cy) xs.push(((xj - xi) * (cy - yi)) / (yj - yi) + xi);
    }
  }
  xs.sort((p, q) => p - q);
  let bestW = -1;
  let bx = r[0][0];
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > bestW) {
      bestW = xs[i + 1] - xs[i];
      bx = (xs[i] + xs[i + 1]) / 2;
    }
  }
  return bestW >= 0 ? [bx, cy] : [r[0][0], r[0][1]];
}
