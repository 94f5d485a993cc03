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
