import type { Feature, FeatureCollection, Geometry, LineString, Position } from 'geojson';
import { LocalProjection } from './geo.ts';

/** An open fire-lane problem of the ledger (fire_lanes.geojson) as a place on the map. */
export interface LaneProblem {
  id: string;
  name: string;
  problem: string;
  lon: number;
  lat: number;
}

/** Half the gap left in a road at a problem point, m: wider than the graph's vertex snapping, so the two ends never join. */
const GAP_HALF_METERS = 5;

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

/**
 * The open problems of a fire-lane ledger: features with `status` open (未整改) and a point.
 * Fixed problems (and features without a point) do not cut anything.
 */
export function openLaneProblems(ledger: FeatureCollection<Geometry | null> | undefined | null): LaneProblem[] {
  const out: LaneProblem[] = [];
  for (const [i, f] of (ledger?.features ?? []).entries()) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const status = str(p.status).toLowerCase();
    if (!(status === 'open' || status === '未整改' || status === '待整改' || status === '整改中')) continue;
    const g = f.geometry;
    if (!g || g.type !== 'Point') continue;
    const [lon, lat] = g.coordinates;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    out.push({ id: str(p.id) || `#${i + 1}`, name: str(p.name), problem: str(p.problem), lon, lat });
  }
  return out;
}

function lineParts(g: Geometry | null): Position[][] {
  if (!g) return [];
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'MultiLineString') return g.coordinates;
  return [];
}

/**
 * Cut the roads at open fire-lane problems: every road passing within `cutMeters` of a problem
 * point loses the stretch around its point nearest the problem (± 5 m), so no engine route runs
 * through it; the two pieces stay on the map's network for the other roads they meet. Pure.
 *
 * @param roads - the road lines (LineString / MultiLineString)
 * @param problems - open problems from {@link openLaneProblems}
 * @param cutMeters - distance from a problem within which a road is cut, m (0: nothing is cut)
 * @returns the roads with cut lines split into pieces (properties kept), and per problem the number of road lines it cut
 * @example cutRoadsAtProblems(roads, openLaneProblems(ledger), 15).cuts // [{ id: 'FL-01', roads: 1 }]
 */
export function cutRoadsAtProblems(
  roads: FeatureCollection<Geometry | null>,
  problems: readonly LaneProblem[],
  cutMeters: number,
): { roads: FeatureCollection<Geometry | null>; cuts: { id: string; roads: number }[] } {
  const cuts = problems.map((p) => ({ id: p.id, roads: 0 }));
  if (problems.length === 0 || !(cutMeters > 0)) return { roads, cuts };
  const proj = new LocalProjection(problems[0].lon, problems[0].lat);
  const px = problems.map((p) => proj.x(p.lon)), py = problems.map((p) => proj.y(p.lat));
  const features: Feature<Geometry | null>[] = [];
  // Problems' box, grown by the cut distance (+1 m over rounding): a road whose box misses it is kept whole without measuring.
  const reach = cutMeters + 1;
  let qx0 = Infinity, qy0 = Infinity, qx1 = -Infinity, qy1 = -Infinity;
  for (let k = 0; k < problems.length; k++) {
    qx0 = Math.min(qx0, px[k] - reach); qx1 = Math.max(qx1, px[k] + reach);
    qy0 = Math.min(qy0, py[k] - reach); qy1 = Math.max(qy1, py[k] + reach);
  }
  const near = (parts: Position[][]) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const coords of parts) {
      for (const c of coords) {
        if (c[0] < x0) x0 = c[0];
        if (c[0] > x1) x1 = c[0];
        if (c[1] < y0) y0 = c[1];
        if (c[1] > y1) y1 = c[1];
      }
    }
    // (the projection is increasing in lon and lat, so the projected box is that of the corners)
    if (!(proj.x(x1) >= qx0 && proj.x(x0) <= qx1 && proj.y(y1) >= qy0 && proj.y(y0) <= qy1)) return false;
    for (let k = 0; k < problems.length; k++) {
      const dx = Math.max(proj.x(x0) - px[k], 0, px[k] - proj.x(x1)), dy = Math.max(proj.y(y0) - py[k], 0, py[k] - proj.y(y1));
      if (dx * dx + dy * dy <= reach * reach) return true;
    }
    return false;
  };
  for (const f of roads.features) {
    const parts = lineParts(f.geometry);
    if (!near(parts)) {
      features.push(f);
      continue;
    }
    let touched = false;
    const pieces: Position[][] = [];
    for (const coords of parts) {
      // arc-length intervals to remove on this part
      const xs = coords.map((c) => proj.x(c[0])), ys = coords.map((c) => proj.y(c[1]));
      const cum = [0];
      for (let i = 1; i < coords.length; i++) cum.push(cum[i - 1] + Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]));
      const gaps: [number, number][] = [];
      for (let k = 0; k < problems.length; k++) {
        let best = Infinity, at = 0;
        for (let i = 1; i < coords.length; i++) {
          const dx = xs[i] - xs[i - 1], dy = ys[i] - ys[i - 1];
          const len2 = dx * dx + dy * dy;
          const t = len2 > 0 ? Math.max(0, Math.min(1, ((px[k] - xs[i - 1]) * dx + (py[k] - ys[i - 1]) * dy) / len2)) : 0;
          const d = Math.hypot(xs[i - 1] + t * dx - px[k], ys[i - 1] + t * dy - py[k]);
          if (d < best) {
            best = d;
            at = cum[i - 1] + t * Math.sqrt(len2);
          }
        }
        if (best <= cutMeters) {
          gaps.push([at - GAP_HALF_METERS, at + GAP_HALF_METERS]);
          cuts[k].roads++;
        }
      }
      if (gaps.length === 0) {
        pieces.push(coords);
        continue;
      }
      touched = true;
      gaps.sort((a, b) => a[0] - b[0]);
      // keep [from, to] stretches between the gaps
      let from = 0;
      const total = cum[cum.length - 1];
      const keep: [number, number][] = [];
      for (const [a, b] of gaps) {
        if (a > from) keep.push([from, a]);
        from = Math.max(from, b);
      }
      if (from < total) keep.push([from, total]);
      for (const [a, b] of keep) {
        const piece = sliceLine(coords, xs, ys, cum, a, b, proj);
        if (piece.length >= 2) pieces.push(piece);
      }
    }
    if (!touched) {
      features.push(f);
      continue;
    }
    for (const c of pieces) features.push({ type: 'Feature', properties: f.properties, geometry: { type: 'LineString', coordinates: c } as LineString });
  }
  return { roads: { type: 'FeatureCollection', features }, cuts };
}

/** The stretch of a line between arc lengths a and b (m), interpolated at both ends. */
function sliceLine(coords: Position[], xs: number[], ys: number[], cum: number[], a: number, b: number, proj: LocalProjection): Position[] {
  const at = (s: number): Position => {
    let i = 1;
    while (i < cum.length - 1 && cum[i] < s) i++;
    const seg = cum[i] - cum[i - 1];
    const t = seg > 0 ? Math.max(0, Math.min(1, (s - cum[i - 1]) / seg)) : 0;
    return [proj.lon(xs[i - 1] + t * (xs[i] - xs[i - 1])), proj.lat(ys[i - 1] + t * (ys[i] - ys[i - 1]))];
  };
  const end = cum[cum.length - 1];
  const out: Position[] = [a <= 0 ? coords[0] : at(a)];
  for (let i = 0; i < coords.length; i++) if (cum[i] > a && cum[i] < b) out.push(coords[i]);
  out.push(b >= end ? coords[coords.length - 1] : at(b));
  return out;
}
