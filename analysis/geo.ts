import type { Geometry, Position } from 'geojson';

/**
 * Two distances closer than this (metres) are the same distance: a limit ("≤ 150 m", "≤ 120 m apart",
 * "≥ 50 m", "within 300 m of a road") is met when the distance is within it of the limit, so a case
 * built exactly on the limit does not fall on either side by the last bits of a float (150 m east
 * at 38.6° N measured 150.00000000000003 m). 1 mm is far above that noise and above the
 * flat-earth {@link geodesicMeters}' departure from the true geodesic under 2 km (< 0.01 mm), and
 * below anything a survey resolves; a point 1 cm beyond a limit is beyond it, as PostGIS
 * `ST_DWithin(geography)` says (the demo's household 10,000.0065 m from its nearest maintenance
 * point stays outside the 10 km). Not a planning parameter.
 */
export const DISTANCE_TOLERANCE_M = 0.001;

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * Great-circle distance in metres (haversine). At county scale it agrees with the ellipsoidal
 * distance to about 0.3%; use {@link geodesicMeters} where 0.1% matters.
 */
export function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

// WGS84 / CGCS2000 ellipsoid (the two differ by < 0.1 mm in the semi-minor axis).
const A = 6_378_137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);

/** Metres per degree of longitude and latitude on the ellipsoid at a latitude. */
export function metresPerDegree(latDeg: number): { mx: number; my: number } {
  const s = Math.sin(latDeg * RAD);
  const w = 1 - E2 * s * s;
  const n = A / Math.sqrt(w); // prime vertical radius
  const m = (A * (1 - E2)) / (w * Math.sqrt(w)); // meridional radius
  return { mx: n * Math.cos(latDeg * RAD) * RAD, my: m * RAD };
}

/**
 * Ellipsoidal distance for short lines (< 100 km): a flat-earth approximation using the
 * ellipsoid's radii of curvature at the mid-latitude. Error well under 0.1% at county scale.
 */
export function geodesicMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const { mx, my } = metresPerDegree((lat1 + lat2) / 2);
  const dx = (lon2 - lon1) * mx;
  const dy = (lat2 - lat1) * my;
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * A local plane around (lon0, lat0) in metres (equirectangular on the ellipsoid). Good for
 * indexing and candidate search; do exact checks with {@link geodesicMeters}.
 */
export class LocalProjection {
  readonly lon0: number;
  readonly lat0: number;
  readonly mx: number;
  readonly my: number;
  constructor(lon0: number, lat0: number) {
    this.lon0 = lon0;
    this.lat0 = lat0;
    const { mx, my } = metresPerDegree(lat0);
    this.mx = mx;
    this.my = my;
  }
  x(lon: number): number {
    return (lon - this.lon0) * this.mx;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.my;
  }
  lon(x: number): number {
    return this.lon0 + x / this.mx;
  }
  lat(y: number): number {
    return this.lat0 + y / this.my;
  }
  /** Project coordinate columns into new x/y columns (metres). */
  projectColumns(lon: Float64Array, lat: Float64Array): { x: Float64Array; y: Float64Array } {
    const n = lon.length;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = (lon[i] - this.lon0) * this.mx;
      y[i] = (lat[i] - this.lat0) * this.my;
    }
    return { x, y };
  }
}

/**
 * Ellipsoidal area of one polygon (outer ring minus holes), m²: the rings in the sinusoidal plane
 * around the polygon's centre — east metres at each vertex's own latitude (the ellipsoid's prime
 * vertical radius), north metres at the centre's (meridional radius) — then the shoelace formula.
 * That plane keeps areas (dx·dy is the ellipsoid's area element to the second order), so a cell
 * between two meridians and two parallels is within 1e-8 of the exact (authalic) area at 2 km and
 * 4e-6 at 40 km. The one area of the product: plots, parcels, built-up areas, station districts,
 * the measure tool — what PostGIS `ST_Area(geography)` gives on the spheroid; a sphere (turf's
 * `area`, `ST_Area(geography, false)`) gives about 0.08 % less at 38–40° N.
 * @example polygonAreaM2(plot.geometry.coordinates) / SQUARE_METRES_PER_MU // 亩
 */
export function polygonAreaM2(poly: Position[][]): number {
  if (poly.length === 0 || poly[0].length === 0) return 0;
  const outer = poly[0];
  // the centre: the mean of the distinct vertices (a closed ring repeats its first one)
  const closed = outer.length > 1 && outer[0][0] === outer[outer.length - 1][0] && outer[0][1] === outer[outer.length - 1][1];
  const nv = closed ? outer.length - 1 : outer.length;
  let lo = 0, la = 0;
  for (let i = 0; i < nv; i++) {
    lo += outer[i][0];
    la += outer[i][1];
  }
  lo /= nv;
  la /= nv;
  const my = metresPerDegree(la).my;
  let total = 0;
  poly.forEach((ring, k) => {
    let twice = 0;
    let x0 = 0, y0 = 0;
    for (let i = 0; i < ring.length; i++) {
      const x1 = (ring[i][0] - lo) * metresPerDegree(ring[i][1]).mx;
      const y1 = (ring[i][1] - la) * my;
      if (i > 0) twice += x0 * y1 - x1 * y0;
      x0 = x1;
      y0 = y1;
    }
    total += (k === 0 ? 1 : -1) * Math.abs(twice / 2);
  });
  return total;
}

/**
 * Ellipsoidal area of a Polygon or MultiPolygon (the sum of its parts, {@link polygonAreaM2}), m²;
 * 0 for any other geometry or none. GeometryCollections are walked.
 * @example geometryAreaM2(builtUp.features[0].geometry) / 1e6 // km²
 */
export function geometryAreaM2(g: Geometry | null | undefined): number {
  if (!g) return 0;
  if (g.type === 'Polygon') return polygonAreaM2(g.coordinates);
  if (g.type === 'MultiPolygon') return g.coordinates.reduce((a, p) => a + polygonAreaM2(p), 0);
  if (g.type === 'GeometryCollection') return g.geometries.reduce((a, x) => a + geometryAreaM2(x), 0);
  return 0;
}

/**
 * Distance from a point to a Polygon or MultiPolygon, metres; 0 inside (holes are outside). The
 * rings in a plane at the point with the ellipsoid's radii of curvature there, so the distance to
 * the nearest edge is the ellipsoidal one to well under 0.1 % within a few km — the distance of
 * the plot review, the rules and the siting's distance rules alike (turf's pointToPolygonDistance
 * on a sphere gave 49.88 m for 50 m due east at 38.6° N). Infinity for any other geometry.
 * @example pointToPolygonMeters(station.lon, station.lat, schoolPlot.geometry) // 50.0
 */
export function pointToPolygonMeters(lon: number, lat: number, g: Geometry | null | undefined): number {
  const polys = !g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  const proj = new LocalProjection(lon, lat);
  let inside = false;
  let best = Infinity;
  for (const poly of polys) {
    let inPoly = false;
    for (const ring of poly) {
      let crossings = false;
      for (let i = 0; i + 1 < ring.length; i++) {
        const ax = proj.x(ring[i][0]), ay = proj.y(ring[i][1]);
        const bx = proj.x(ring[i + 1][0]), by = proj.y(ring[i + 1][1]);
        if (ay > 0 !== by > 0 && ax + ((0 - ay) * (bx - ax)) / (by - ay) > 0) crossings = !crossings;
        const vx = bx - ax, vy = by - ay;
        const l2 = vx * vx + vy * vy;
        let t = l2 > 0 ? -(ax * vx + ay * vy) / l2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const d = Math.hypot(ax + t * vx, ay + t * vy);
        if (d < best) best = d;
      }
      if (crossings) inPoly = !inPoly;
    }
    if (inPoly) inside = true;
  }
  return inside ? 0 : best;
}

/**
 * Bounding box `[west, south, east, north]` of every finite position in the geometries, or null
 * when there is none. Null geometries are skipped; GeometryCollections are walked.
 * @example
 * geometryExtent(fc.features.map((f) => f.geometry)); // [114.41, 38.45, 114.96, 38.87]
 */
export function geometryExtent(
  geometries: Iterable<{ type: string; coordinates?: unknown; geometries?: unknown[] } | null | undefined>,
): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const x = c[0] as number;
      const y = c[1] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
      return;
    }
    for (const d of c) visit(d);
  };
  const walk = (g: { type: string; coordinates?: unknown; geometries?: unknown[] } | null | undefined): void => {
    if (!g) return;
    if (g.type === 'GeometryCollection') (g.geometries ?? []).forEach((x) => walk(x as typeof g));
    else visit(g.coordinates);
  };
  for (const g of geometries) walk(g);
  return e >= w ? [w, s, e, n] : null;
}
