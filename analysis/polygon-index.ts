import Flatbush from 'flatbush';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import type { LocalProjection } from './geo.ts';

/**
 * An index over the edges of a polygon layer (built-up areas, townships) in a local metric
 * plane: which polygon contains a point, and where a segment crosses a polygon boundary. Holes
 * and multipolygons follow the even–odd rule per feature. Features without polygon geometry
 * are skipped.
 *
 * @example
 * const idx = new PolygonIndex(builtUp, proj);
 * idx.contains(proj.x(lon), proj.y(lat)); // feature index or -1
 */
export class PolygonIndex {
  /** Number of features (including skipped ones, so indices match the input). */
  readonly featureCount: number;
  /** Planar area of each feature in m² (holes subtracted); 0 for skipped features. */
  readonly areaM2: Float64Array;
  private readonly edges: Float64Array;
  private readonly edgeFeature: Int32Array;
  private readonly index: Flatbush | null;
  private readonly parity: Uint8Array;
  private readonly maxX: number;
  private minX = Infinity;
  private minY = Infinity;
  private maxY = -Infinity;

  /**
   * @param polygons - a FeatureCollection of Polygon / MultiPolygon features (lon/lat)
   * @param proj - the plane to work in
   */
  constructor(polygons: FeatureCollection<Geometry | null>, proj: LocalProjection) {
    if (!polygons || !Array.isArray(polygons.features)) throw new Error('PolygonIndex: polygons must be a FeatureCollection');
    const rings: { f: number; ring: Position[]; hole: boolean }[] = [];
    const addPolygon = (f: number, poly: Position[][]) => poly.forEach((ring, k) => rings.push({ f, ring, hole: k > 0 }));
    polygons.features.forEach((feat, f) => {
      const g = feat?.geometry;
      if (!g) return;
      if (g.type === 'Polygon') addPolygon(f, g.coordinates);
      else if (g.type === 'MultiPolygon') for (const poly of g.coordinates) addPolygon(f, poly);
    });
    this.featureCount = polygons.features.length;
    this.areaM2 = new Float64Array(this.featureCount);
    this.parity = new Uint8Array(this.featureCount);
    let count = 0;
    for (const { ring } of rings) count += Math.max(0, ring.length - 1);
    this.edges = new Float64Array(count * 4);
    this.edgeFeature = new Int32Array(count);
    let e = 0;
    let maxX = -Infinity;
    for (const { f, ring, hole } of rings) {
      let twiceArea = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const x0 = proj.x(ring[i][0]);
        const y0 = proj.y(ring[i][1]);
        const x1 = proj.x(ring[i + 1][0]);
        const y1 = proj.y(ring[i + 1][1]);
        if (!(Number.isFinite(x0) && Number.isFinite(y0) && Number.isFinite(x1) && Number.isFinite(y1))) continue;
        this.edges[e * 4] = x0;
        this.edges[e * 4 + 1] = y0;
        this.edges[e * 4 + 2] = x1;
        this.edges[e * 4 + 3] = y1;
        this.edgeFeature[e++] = f;
        twiceArea += x0 * y1 - x1 * y0;
        maxX = Math.max(maxX, x0, x1);
        this.minX = Math.min(this.minX, x0, x1);
        this.minY = Math.min(this.minY, y0, y1);
        this.maxY = Math.max(this.maxY, y0, y1);
      }
      // GeoJSON: the first ring of a polygon is its shell, the others are holes.
      this.areaM2[f] += (hole ? -1 : 1) * (Math.abs(twiceArea) / 2);
    }
    this.maxX = maxX;
    this.edges = this.edges.subarray(0, e * 4);
    this.edgeFeature = this.edgeFeature.subarray(0, e);
    if (e === 0) {
      this.index = null;
      return;
    }
    const idx = new Flatbush(e);
    for (let i = 0; i < e; i++) {
      const x0 = this.edges[i * 4];
      const y0 = this.edges[i * 4 + 1];
      const x1 = this.edges[i * 4 + 2];
      const y1 = this.edges[i * 4 + 3];
      idx.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    idx.finish();
    this.index = idx;
  }

  /** True when the layer has at least one polygon edge. */
  get isEmpty(): boolean {
    return this.index === null;
  }

  /**
   * The feature containing a point (plane coordinates), or -1. Where features overlap, the
   * lowest index wins. Points exactly on an edge may fall either side.
   */
  contains(x: number, y: number): number {
    if (!this.index || !(x <= this.maxX && x >= this.minX && y >= this.minY && y <= this.maxY)) return -1;
    const hits = this.index.search(x, y, this.maxX, y);
    const touched: number[] = [];
    for (const i of hits) {
      const y0 = this.edges[i * 4 + 1];
      const y1 = this.edges[i * 4 + 3];
      if (y0 > y === y1 > y) continue;
      const x0 = this.edges[i * 4];
      const x1 = this.edges[i * 4 + 2];
      const xc = x0 + ((y - y0) / (y1 - y0)) * (x1 - x0);
      if (xc <= x) continue;
      const f = this.edgeFeature[i];
      if (this.parity[f] === 0) touched.push(f);
      this.parity[f] ^= 1;
    }
    let best = -1;
    for (const f of touched) {
      if (this.parity[f] === 1 && (best < 0 || f < best)) best = f;
      this.parity[f] = 0;
    }
    return best;
  }

  /**
   * The distance (plane metres) from a point to the boundary of each feature with an edge within
   * `maxD`, as feature → distance (the point may be inside or outside; see {@link contains}).
   */
  edgeDistances(x: number, y: number, maxD: number): Map<number, number> {
    const out = new Map<number, number>();
    if (!this.index) return out;
    for (const i of this.index.search(x - maxD, y - maxD, x + maxD, y + maxD)) {
      const x0 = this.edges[i * 4], y0 = this.edges[i * 4 + 1];
      const ex = this.edges[i * 4 + 2] - x0, ey = this.edges[i * 4 + 3] - y0;
      const L = ex * ex + ey * ey;
      const t = L > 0 ? Math.min(1, Math.max(0, ((x - x0) * ex + (y - y0) * ey) / L)) : 0;
      const d = Math.hypot(x0 + t * ex - x, y0 + t * ey - y);
      if (d > maxD) continue;
      const f = this.edgeFeature[i];
      const had = out.get(f);
      if (had === undefined || d < had) out.set(f, d);
    }
    return out;
  }

  /**
   * Parameters t ∈ (0, 1) where the segment a→b crosses a polygon edge, appended to `out`
   * (unsorted; duplicates possible where it passes through a vertex).
   */
  crossings(ax: number, ay: number, bx: number, by: number, out: number[]): void {
    if (!this.index) return;
    const hits = this.index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    const rx = bx - ax;
    const ry = by - ay;
    for (const i of hits) {
      const x0 = this.edges[i * 4];
      const y0 = this.edges[i * 4 + 1];
      const sx = this.edges[i * 4 + 2] - x0;
      const sy = this.edges[i * 4 + 3] - y0;
      const den = rx * sy - ry * sx;
      if (den === 0) continue;
      const qx = x0 - ax;
      const qy = y0 - ay;
      const t = (qx * sy - qy * sx) / den;
      const u = (qx * ry - qy * rx) / den;
      if (t > 0 && t < 1 && u >= 0 && u <= 1) out.push(t);
    }
  }
}
