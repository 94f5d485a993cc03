import type { LayerData } from '../../types.ts';
import { bd09ToWgs84, gcj02ToWgs84 } from './gcj02.ts';

/** What {@link detectOffset} found: median distance to the nearest road as given and after each correction. */
export interface OffsetDetection {
  /** 'gcj02' or 'bd09' when that correction brings the points onto the roads; null otherwise. */
  suggest: 'gcj02' | 'bd09' | null;
  /** Median nearest-road distance in metres: as given, after GCJ-02→WGS 84, after BD-09→WGS 84. */
  medianAsIs: number;
  medianGcj02: number;
  medianBd09: number;
  /** Share of the points the best correction brings closer to a road. */
  closerShare: number;
  /** Points compared. */
  sampled: number;
}

/** Points farther than this from every road count as this far (the offset is at most ~1.3 km). */
const CAP_M = 3000;
const CELL_DEG = 0.01;
/**
 * The median must come at least this much closer (metres), to at most this share of itself, and
 * this share of the points must come closer. Tuned on the demo county, whose dense town roads
 * leave any point only ~25 m from some road: BD-09 hydrants there go from 25 m to 14 m with 73 % of
 * them closer; random points pass all three only by rare chance (a suggestion: the user decides).
 */
const MIN_GAIN_M = 8;
const MAX_RATIO = 0.6;
const MIN_CLOSER = 0.7;
/** Fewer points than this are never judged (a handful can line up with roads by chance). */
const MIN_POINTS = 8;
const M_PER_DEG = 111_320;

type Seg = [number, number, number, number];

function segmentsOf(roads: LayerData): Seg[] {
  const out: Seg[] = [];
  if (roads.kind !== 'geojson') return out;
  const line = (c: number[][]) => {
    for (let i = 1; i < c.length; i++) out.push([c[i - 1][0], c[i - 1][1], c[i][0], c[i][1]]);
  };
  for (const f of roads.data.features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === 'LineString') line(g.coordinates as number[][]);
    else if (g.type === 'MultiLineString') for (const l of g.coordinates as number[][][]) line(l);
  }
  return out;
}

/** Distance in metres from p to segment s, in a local plane scaled at latitude `lat`. */
function distSeg(px: number, py: number, s: Seg, kx: number): number {
  const ax = s[0] * kx;
  const ay = s[1] * M_PER_DEG;
  const bx = s[2] * kx;
  const by = s[3] * M_PER_DEG;
  const x = px * kx;
  const y = py * M_PER_DEG;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Whether imported points sit on the GCJ-02 (高德/腾讯) or BD-09 (百度) offset relative to the
 * project's roads: the median distance to the nearest road is measured as given and after each
 * correction; a correction is suggested when it brings the median to 60 % or less and 8 m or more
 * closer, and brings 70 % of the points closer (at least 8 points).
 * Points on roads (hydrants, stations) show it best; the user decides, nothing is converted here.
 * @param points - lon/lat of the imported points (a sample of at most `maxSample` is used)
 * @param roads - the project's road layer
 */
export function detectOffset(points: readonly [number, number][], roads: LayerData, maxSample = 400): OffsetDetection | null {
  const segs = segmentsOf(roads);
  if (segs.length === 0 || points.length < 3) return null;
  const grid = new Map<string, number[]>();
  segs.forEach((s, i) => {
    const x0 = Math.floor(Math.min(s[0], s[2]) / CELL_DEG);
    const x1 = Math.floor(Math.max(s[0], s[2]) / CELL_DEG);
    const y0 = Math.floor(Math.min(s[1], s[3]) / CELL_DEG);
    const y1 = Math.floor(Math.max(s[1], s[3]) / CELL_DEG);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > 400) return; // a very long straight segment: skipped (rare, and the rest decide)
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) {
      const k = `${x},${y}`;
      const l = grid.get(k);
      if (l) l.push(i);
      else grid.set(k, [i]);
    }
  });
  const reach = Math.ceil(CAP_M / M_PER_DEG / CELL_DEG);
  const nearest = (lon: number, lat: number): number => {
    const kx = M_PER_DEG * Math.cos((lat * Math.PI) / 180);
    const cx = Math.floor(lon / CELL_DEG);
    const cy = Math.floor(lat / CELL_DEG);
    let best = CAP_M;
    for (let r = 0; r <= reach; r++) {
      // cells at Chebyshev ring r; stop once the ring is surely farther than the best so far
      if ((r - 1) * CELL_DEG * Math.min(kx, M_PER_DEG) > best) break;
      for (let x = cx - r; x <= cx + r; x++) {
        for (let y = cy - r; y <= cy + r; y++) {
          if (Math.max(Math.abs(x - cx), Math.abs(y - cy)) !== r) continue;
          for (const i of grid.get(`${x},${y}`) ?? []) {
            const d = distSeg(lon, lat, segs[i], kx);
            if (d < best) best = d;
          }
        }
      }
    }
    return best;
  };
  const step = Math.max(1, Math.floor(points.length / maxSample));
  const asIs: number[] = [];
  const gcj: number[] = [];
  const bd: number[] = [];
  for (let i = 0; i < points.length; i += step) {
    const [lon, lat] = points[i];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    asIs.push(nearest(lon, lat));
    const g = gcj02ToWgs84(lon, lat);
    gcj.push(nearest(g[0], g[1]));
    const b = bd09ToWgs84(lon, lat);
    bd.push(nearest(b[0], b[1]));
  }
  if (asIs.length < 3) return null;
  const m0 = median(asIs);
  const m1 = median(gcj);
  const m2 = median(bd);
  const best = m1 <= m2 ? { k: 'gcj02' as const, m: m1, d: gcj } : { k: 'bd09' as const, m: m2, d: bd };
  // Most points must come closer, not just the median: a few points dropped at random in a dense
  // town can meet some road after any shift.
  let closer = 0;
  for (let i = 0; i < asIs.length; i++) if (best.d[i] < asIs[i]) closer++;
  const suggest = asIs.length >= MIN_POINTS && best.m <= m0 * MAX_RATIO && m0 - best.m >= MIN_GAIN_M && closer >= asIs.length * MIN_CLOSER ? best.k : null;
  return { suggest, closerShare: closer / asIs.length, medianAsIs: m0, medianGcj02: m1, medianBd09: m2, sampled: asIs.length };
}
