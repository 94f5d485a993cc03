import { sharePct, type AnalysisWarning } from './analysis-warning.ts';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry, LineString, Point, Position } from 'geojson';
import { DISTANCE_TOLERANCE_M, geodesicMeters, LocalProjection, metresPerDegree } from './geo.ts';
import { PolygonIndex } from './polygon-index.ts';
import { resolveHydrantOptions } from './radii-params.ts';
import { userError } from './user-error.ts';

/** The defaults of HYDRANT_PARAMS (one place, each with its source). */
const DEFAULTS = resolveHydrantOptions();

type Props = Record<string, unknown>;

export interface HydrantGapsInput {
  /** Road centre lines (LineString / MultiLineString); `name` and `width_m` are read. */
  roads: FeatureCollection<Geometry | null, GeoJsonProperties>;
  /** Hydrants and water cranes (Point); `id`, `kind`, `status`, `road` are read. */
  hydrants: FeatureCollection<Geometry | null, GeoJsonProperties>;
  /** Built-up areas; roads count only inside them. Missing or empty: every road counts (`scope: 'all-roads'`). */
  builtUp?: FeatureCollection<Geometry | null, GeoJsonProperties> | null;
}

export interface HydrantGapsOptions {
  /** Protection radius, metres (GB 50974-2014 §7.2: 150). */
  radiusMeters?: number;
  /** Maximum spacing between consecutive hydrants along a road, metres (GB 50974-2014 §7.2: 120). */
  spacingMeters?: number;
  /** Roads wider than this (metres, `width_m`) need hydrants on both sides (GB 50974-2014: 60). */
  wideRoadMeters?: number;
  /** Count hydrants under construction and planned ("after the plan is built"). Default false. */
  includePlanned?: boolean;
  /** Count water cranes (消防水鹤) as hydrants with the hydrant radius and spacing (the former way). Default false: cranes have their own reach (rules HYD-02, HYD-05). */
  cranesAsHydrants?: boolean;
  /** A hydrant belongs to the nearest road when within this many metres of its edge (centre line + half `width_m`, or the centre line when the width is unknown), for spacing and sides. Default 30. */
  snapMeters?: number;
}

/** An uncovered stretch of a road inside the built-up area. */
export interface HydrantGap {
  /** Road name ('' when the road has none). */
  road: string;
  /** Index of the chain's first road feature in the input, and the chain's number. */
  roadIndex: number;
  part: number;
  /** Metres along the chain from its first vertex (the whole line, inside the built-up area or not). */
  fromM: number;
  toM: number;
  lengthM: number;
}

/** Two consecutive hydrants on a road further apart than the spacing rule allows. */
export interface SpacingViolation {
  road: string;
  roadIndex: number;
  part: number;
  fromHydrant: string;
  toHydrant: string;
  fromM: number;
  toM: number;
  spacingM: number;
}

/** A proposed new hydrant position. */
export interface ProposedHydrant {
  id: string;
  road: string;
  roadIndex: number;
  part: number;
  atM: number;
  lon: number;
  lat: number;
}

/** A road wider than the both-sides threshold, with the hydrants found on each side. */
export interface WideRoad {
  road: string;
  roadIndex: number;
  widthM: number;
  /** Length inside the built-up area, metres. */
  lengthM: number;
  left: number;
  right: number;
  bothSides: boolean;
}

/** Figures per road name. */
export interface RoadSummary {
  road: string;
  lengthM: number;
  coveredM: number;
  coveredPct: number;
  gapCount: number;
  gapLengthM: number;
  hydrants: number;
  spacingViolations: number;
  proposed: number;
}

export interface HydrantRef {
  id: string;
  kind: string;
  status: string;
  road: string;
  lon: number | null;
  lat: number | null;
}

export interface HydrantGapsResult {
  radiusMeters: number;
  spacingMeters: number;
  includePlanned: boolean;
  cranesAsHydrants: boolean;
  /** 'built-up': roads clipped to the built-up areas; 'all-roads': no built-up layer was given. */
  scope: 'built-up' | 'all-roads';
  roadLengthKm: number;
  coveredRoadLengthKm: number;
  /** Share of road length covered, % (target 100%, seed 002). null ("no data") when there is no road length. */
  coveredRoadPct: number | null;
  gapCount: number;
  gapLengthKm: number;
  hydrants: {
    total: number;
    /** Hydrants counted as coverage (working; plus under construction and planned with `includePlanned`; water cranes only with `cranesAsHydrants`). */
    counted: number;
    /** Water cranes among `total` (not counted as coverage unless `cranesAsHydrants`). */
    cranes: number;
    working: number;
    broken: number;
    underConstruction: number;
    planned: number;
    unlocated: number;
    /** working / (working + broken), % — the in-working-order rate (target 100%). null ("no data") when none exist. */
    workingPct: number | null;
  };
  /** What the figures were computed from when the input was empty or degenerate (no hydrants, none counted, no road length). */
  warnings: AnalysisWarning[];
  gaps: HydrantGap[];
  spacingViolations: SpacingViolation[];
  wideRoads: WideRoad[];
  proposed: ProposedHydrant[];
  proposedCount: number;
  byRoad: RoadSummary[];
  broken: HydrantRef[];
  /** The gaps as lines for the map. */
  gapsGeoJson: FeatureCollection<LineString, HydrantGap>;
  /** The proposals as points (status 'proposed', kind 'hydrant'), ready to accept into the plan. */
  proposedGeoJson: FeatureCollection<Point, Props>;
}

/** Shared empty list (parts outside the built-up areas allocate nothing). */
const EMPTY: number[] = [];

/** Gaps shorter than this (metres) are rounding noise where two reaches meet. */
const MIN_GAP_M = 0.01;

interface Part {
  feature: number;
  part: number;
  name: string;
  width: number;
  coords: Position[];
  /** Cumulative geodesic metres at each vertex. */
  measure: Float64Array;
  /** Inside-built-up ranges along the part, [from, to] pairs in metres, in order. */
  inside: number[]; // EMPTY until the first inside piece
}

function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function checkPositive(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`hydrantGaps: ${name} must be a positive number of metres`);
}

/** Point at `m` metres along a part (linear between vertices). */
function pointAt(p: Part, m: number): Position {
  const ms = p.measure;
  let lo = 0;
  let hi = ms.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ms[mid] <= m) lo = mid;
    else hi = mid;
  }
  const len = ms[hi] - ms[lo];
  const t = len > 0 ? Math.min(1, Math.max(0, (m - ms[lo]) / len)) : 0;
  const a = p.coords[lo];
  const b = p.coords[hi];
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** The line of a part between two measures. */
function subLine(p: Part, from: number, to: number): Position[] {
  const out: Position[] = [pointAt(p, from)];
  for (let i = 0; i < p.measure.length; i++) if (p.measure[i] > from && p.measure[i] < to) out.push(p.coords[i]);
  out.push(pointAt(p, to));
  return out;
}

/** Merge [lo, hi] pairs (flat array) into sorted, disjoint pairs; touching within MIN_GAP_M join. */
function mergeIntervals(intervals: number[]): number[] {
  const order: number[] = [];
  for (let k = 0; k < intervals.length / 2; k++) order.push(k);
  order.sort((u, v) => intervals[2 * u] - intervals[2 * v]);
  const merged: number[] = [];
  for (const k of order) {
    const lo = intervals[2 * k];
    const hi = intervals[2 * k + 1];
    if (merged.length > 0 && lo <= merged[merged.length - 1] + MIN_GAP_M) {
      if (hi > merged[merged.length - 1]) merged[merged.length - 1] = hi;
    } else merged.push(lo, hi);
  }
  return merged;
}

/** The parts of [g0, g1] outside sorted disjoint intervals, longer than MIN_GAP_M. */
function subtractIntervals(g0: number, g1: number, merged: number[]): [number, number][] {
  const out: [number, number][] = [];
  let cursor = g0;
  for (let j = 0; j < merged.length && merged[j] < g1; j += 2) {
    if (merged[j + 1] <= cursor) continue;
    if (merged[j] - cursor > MIN_GAP_M) out.push([cursor, merged[j]]);
    cursor = Math.max(cursor, merged[j + 1]);
  }
  if (g1 - cursor > MIN_GAP_M) out.push([cursor, g1]);
  return out;
}

/** A road line for {@link chainLines}: its feature index, name, width and coordinates. */
export interface RawLine {
  feature: number;
  name: string;
  width: number;
  coords: Position[];
}

/**
 * Join road lines of the same name that meet end to end into chains (the road a user names),
 * so that a road split into many short features (noded networks) is measured as one line.
 * Two line ends are joined where they are the only two ends of that name at a point (an
 * intersection of two named roads joins each road through; three or more unnamed ends meeting
 * break the chain). Returns each chain as lines with their direction.
 */
export function chainLines(lines: RawLine[]): { line: number; reversed: boolean }[][] {
  // Group line ends by (name, position to 1e-7°) in an open-addressing hash over typed arrays.
  const nameIds = new Map<string, number>();
  const ne = 2 * lines.length;
  const qx = new Int32Array(ne);
  const qy = new Int32Array(ne);
  const qn = new Int32Array(ne);
  lines.forEach((l, i) => {
    let id = nameIds.get(l.name);
    if (id === undefined) nameIds.set(l.name, (id = nameIds.size));
    const first = l.coords[0];
    const last = l.coords[l.coords.length - 1];
    qx[2 * i] = Math.round(first[0] * 1e7);
    qy[2 * i] = Math.round(first[1] * 1e7);
    qx[2 * i + 1] = Math.round(last[0] * 1e7);
    qy[2 * i + 1] = Math.round(last[1] * 1e7);
    qn[2 * i] = qn[2 * i + 1] = id;
  });
  let size = 16;
  while (size < 2 * ne) size *= 2;
  const slot = new Int32Array(size).fill(-1); // first end in the slot's group
  const count = new Int32Array(ne); // group size, kept at the group's first end
  const second = new Int32Array(ne).fill(-1); // the group's second end
  const head = new Int32Array(ne); // each end's group first end
  for (let e = 0; e < ne; e++) {
    let h = (Math.imul(qx[e], 73856093) ^ Math.imul(qy[e], 19349663) ^ Math.imul(qn[e], 83492791)) & (size - 1);
    for (;;) {
      const f = slot[h];
      if (f < 0) {
        slot[h] = e;
        head[e] = e;
        count[e] = 1;
        break;
      }
      if (qx[f] === qx[e] && qy[f] === qy[e] && qn[f] === qn[e]) {
        head[e] = f;
        if (count[f] === 1) second[f] = e;
        count[f]++;
        break;
      }
      h = (h + 1) & (size - 1);
    }
  }
  // link[2i + e] = the other end (2j + f) joined to end e of line i, or -1.
  const link = new Int32Array(ne).fill(-1);
  for (let e = 0; e < ne; e++) {
    if (head[e] !== e || count[e] !== 2) continue;
    const o = second[e];
    if (e >> 1 === o >> 1) continue;
    link[e] = o;
    link[o] = e;
  }
  const used = new Uint8Array(lines.length);
  const chains: { line: number; reversed: boolean }[][] = [];
  const walk = (start: number, startEnd: number) => {
    // Enter line `start` at end `startEnd` and follow links out of the opposite end.
    const chain: { line: number; reversed: boolean }[] = [];
    let i = start;
    let inEnd = startEnd;
    while (i >= 0 && !used[i]) {
      used[i] = 1;
      chain.push({ line: i, reversed: inEnd === 1 });
      const out = link[2 * i + (1 - inEnd)];
      if (out < 0) break;
      i = out >> 1;
      inEnd = out & 1;
    }
    chains.push(chain);
  };
  // Open chains start at a free end; what is left are rings.
  for (let i = 0; i < lines.length; i++) {
    if (used[i]) continue;
    if (link[2 * i] < 0) walk(i, 0);
    else if (link[2 * i + 1] < 0) walk(i, 1);
  }
  for (let i = 0; i < lines.length; i++) if (!used[i]) walk(i, 0);
  return chains;
}

/**
 * Fewest new hydrant positions covering one gap [g0, g1] on a road piece ending at `end`.
 *
 * Constraints: every point of the gap within `r` (along the road) of a new hydrant, and
 * consecutive hydrants at most `s` apart — between the new ones, and to the existing on-road
 * hydrants `a` (before) and `b` (after) whose reach borders the gap, when there are such.
 *
 * Greedy: put each hydrant as far along as the constraints allow, p_k = min(c_k + r, p_{k−1} + s,
 * end) where c_k is the first point not yet covered; stop once the gap is covered and the next
 * anchor `b` is within `s`. Why it is fewest: for any feasible placement q_1 < … < q_n, by
 * induction p_k ≥ q_k (the bound for p_k only grows with p_{k−1} and with the covered prefix,
 * and q_k obeys the same bounds, since q must cover c_k… before its k+1-th hydrant); so when q
 * stops after n hydrants (q_n + r ≥ g1 and b − q_n ≤ s), p_n ≥ q_n meets both too and the
 * greedy stops no later. Closed forms, as checks: no anchors, gap length L > 2r:
 * n = ⌈(L − 2r)/s⌉ + 1; both anchors exactly at g0 − r and g1 + r: n = ⌈(L + 2r)/s⌉ − 1.
 */
function coverGap(g0: number, g1: number, end: number, r: number, s: number, a: number, b: number): number[] {
  const out: number[] = [];
  let prev = a;
  let coveredTo = g0;
  for (let guard = 0; guard < 1e6; guard++) {
    let p = coveredTo + r;
    if (Number.isFinite(prev)) p = Math.min(p, prev + s);
    p = Math.min(p, end);
    out.push(p);
    prev = p;
    coveredTo = Math.max(coveredTo, p + r);
    if (coveredTo >= g1 - 1e-9 && (!Number.isFinite(b) || b - p <= s + DISTANCE_TOLERANCE_M)) break;
  }
  return out;
}

/**
 * Hydrant coverage along the roads of the built-up areas (GB 50974-2014 §7.2): covered length,
 * the uncovered stretches by road with from/to metres, spacing violations, roads wider than 60 m
 * needing both sides, and the fewest new hydrants that close every gap.
 *
 * Method. Roads are clipped to the built-up polygons by intersecting every segment with the
 * polygon edges (flatbush over edges), so a road crossing the boundary counts only inside.
 * The inside pieces go into a flatbush; for every counted hydrant the pieces within the radius
 * are found and the covered interval is where the circle of radius r cuts each segment:
 * the foot point ± √(r² − d²), d the distance from the hydrant to the segment's line. The
 * radius is a straight-line reach (not a hose length along the street). Each segment is measured
 * in its own plane at its mid-latitude (ellipsoidal radii of curvature), so lengths are within
 * 0.1% of the geodesic. Intervals are merged per road line; what is left are the gaps.
 *
 * Roads are reported per chain: lines of the same name meeting end to end are joined (see
 * chainLines), so a road split into many features counts as one; `fromM` and `toM` are metres
 * from the chain's first vertex, `roadIndex` is the chain's first feature. Figures by road name
 * add the chains up. A chain's width is the largest `width_m` of its lines.
 * Spacing: each counted hydrant belongs to the nearest road piece within `snapMeters` of its edge
 * (half the `width_m` from the centre line, when given); hydrants
 * sorted along a piece that are more than `spacingMeters` apart are a violation. Proposals close
 * the coverage gaps (see the greedy in coverGap); spacing violations where the road is already
 * covered are reported, not filled.
 *
 * @param input - roads, hydrants and (optionally) built-up areas as GeoJSON
 * @param options - radius, spacing, switches; see {@link HydrantGapsOptions}
 * @returns figures, gaps, violations, proposals and GeoJSON for the map
 * @example
 * const r = hydrantGaps({ roads, hydrants, builtUp });
 * r.coveredRoadPct; // e.g. 63.2
 */
export function hydrantGaps(input: HydrantGapsInput, options: HydrantGapsOptions = {}): HydrantGapsResult {
  if (!input || !input.roads || !Array.isArray(input.roads.features)) throw new Error('hydrantGaps: roads must be a FeatureCollection');
  if (!input.hydrants || !Array.isArray(input.hydrants.features)) throw new Error('hydrantGaps: hydrants must be a FeatureCollection');
  if (input.builtUp != null && !Array.isArray(input.builtUp.features)) throw new Error('hydrantGaps: builtUp must be a FeatureCollection');
  const r = options.radiusMeters ?? DEFAULTS.radiusMeters;
  const s = options.spacingMeters ?? DEFAULTS.spacingMeters;
  const wide = options.wideRoadMeters ?? DEFAULTS.wideRoadMeters;
  const snap = options.snapMeters ?? DEFAULTS.snapMeters;
  const includePlanned = options.includePlanned ?? DEFAULTS.includePlanned;
  const cranesAsHydrants = options.cranesAsHydrants ?? DEFAULTS.cranesAsHydrants;
  checkPositive('radiusMeters', r);
  checkPositive('spacingMeters', s);
  checkPositive('wideRoadMeters', wide);
  checkPositive('snapMeters', snap);

  // ---- Hydrants: which count.
  const hx: number[] = [];
  const hy: number[] = [];
  const hid: string[] = [];
  const counts: HydrantGapsResult['hydrants'] = { total: 0, counted: 0, cranes: 0, working: 0, broken: 0, underConstruction: 0, planned: 0, unlocated: 0, workingPct: null };
  const broken: HydrantRef[] = [];
  input.hydrants.features.forEach((f, i) => {
    const p = f?.properties ?? {};
    const status = str(p.status);
    const g = f?.geometry;
    const located = g?.type === 'Point' && Number.isFinite(g.coordinates[0]) && Number.isFinite(g.coordinates[1]);
    counts.total++;
    const crane = str(p.kind) === 'water_crane' || str(p.kind) === '消防水鹤';
    if (crane) counts.cranes++;
    if (status === 'working') counts.working++;
    else if (status === 'broken') counts.broken++;
    else if (status === 'under_construction') counts.underConstruction++;
    else if (status === 'planned') counts.planned++;
    if (!located) counts.unlocated++;
    const lon = located ? (g as Point).coordinates[0] : null;
    const lat = located ? (g as Point).coordinates[1] : null;
    const id = str(p.id) || `#${i}`;
    if (status === 'broken') broken.push({ id, kind: str(p.kind), status, road: str(p.road), lon, lat });
    const counts_ = status === 'working' || (includePlanned && (status === 'under_construction' || status === 'planned'));
    if (counts_ && located && (!crane || cranesAsHydrants)) {
      hx.push(lon!);
      hy.push(lat!);
      hid.push(id);
      counts.counted++;
    }
  });
  counts.workingPct = sharePct(counts.working, counts.working + counts.broken);

  // ---- Road lines, chained by name, and their projection. A line with the very vertices of an
  // earlier one (either way round, to 1e-7°, whatever its name) is the same road drawn twice: it is
  // counted once, as ST_Length(ST_Union(…)) would, and named in a warning.
  const raw: RawLine[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  const lineKey = (coords: Position[]) => {
    const fw = coords.map((c) => `${Math.round(c[0] * 1e7)},${Math.round(c[1] * 1e7)}`);
    const a = fw.join(';');
    const b = fw.reverse().join(';');
    return a < b ? a : b;
  };
  input.roads.features.forEach((f, fi) => {
    const g = f?.geometry;
    if (!g) return;
    const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    const w = Number(f.properties?.width_m);
    for (const line of lines) {
      const coords = line.every((c) => Number.isFinite(c[0]) && Number.isFinite(c[1])) ? line : line.filter((c) => Number.isFinite(c[0]) && Number.isFinite(c[1]));
      if (coords.length < 2) continue;
      const key = lineKey(coords);
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      raw.push({ feature: fi, name: str(f.properties?.name), width: Number.isFinite(w) ? w : NaN, coords });
    }
  });
  if (raw.length === 0) throw userError({ zh: '没有道路线：消火栓缺口分析需要道路图层（roads.geojson）。', en: 'There are no road lines: the hydrant analysis needs the roads layer (roads.geojson).' });
  const parts: Part[] = [];
  let lonMin = Infinity;
  let lonMax = -Infinity;
  let latMin = Infinity;
  let latMax = -Infinity;
  for (const chain of chainLines(raw)) {
    let coords: Position[];
    let width = NaN;
    if (chain.length === 1 && !chain[0].reversed) {
      coords = raw[chain[0].line].coords;
      width = raw[chain[0].line].width;
    } else {
      coords = [];
      for (const { line, reversed } of chain) {
        const c = raw[line].coords;
        const k = c.length;
        for (let i = coords.length === 0 ? 0 : 1; i < k; i++) coords.push(reversed ? c[k - 1 - i] : c[i]);
        if (Number.isFinite(raw[line].width) && !(raw[line].width <= width)) width = raw[line].width;
      }
    }
    const measure = new Float64Array(coords.length);
    for (let i = 0; i < coords.length; i++) {
      const lo = coords[i][0];
      const la = coords[i][1];
      if (i > 0) measure[i] = measure[i - 1] + geodesicMeters(coords[i - 1][0], coords[i - 1][1], lo, la);
      if (lo < lonMin) lonMin = lo;
      if (lo > lonMax) lonMax = lo;
      if (la < latMin) latMin = la;
      if (la > latMax) latMax = la;
    }
    const first = raw[chain[0].line];
    parts.push({ feature: first.feature, part: parts.length, name: first.name, width, coords, measure, inside: EMPTY });
  }
  const emptyFc = <T extends Geometry, P>(): FeatureCollection<T, P> => ({ type: 'FeatureCollection', features: [] });
  const hasBuiltUp = !!input.builtUp && input.builtUp.features.some((f) => f?.geometry);
  const result: HydrantGapsResult = {
    radiusMeters: r,
    spacingMeters: s,
    includePlanned,
    cranesAsHydrants,
    scope: hasBuiltUp ? 'built-up' : 'all-roads',
    roadLengthKm: 0,
    coveredRoadLengthKm: 0,
    coveredRoadPct: null,
    warnings: [],
    gapCount: 0,
    gapLengthKm: 0,
    hydrants: counts,
    gaps: [],
    spacingViolations: [],
    wideRoads: [],
    proposed: [],
    proposedCount: 0,
    byRoad: [],
    broken,
    gapsGeoJson: emptyFc(),
    proposedGeoJson: emptyFc(),
  };
  if (parts.length === 0) {
    result.warnings = hydrantWarnings(counts, includePlanned, 0, result.scope, duplicates);
    return result;
  }
  const proj = new LocalProjection((lonMin + lonMax) / 2, (latMin + latMax) / 2);
  const poly = hasBuiltUp ? new PolygonIndex(input.builtUp!, proj) : null;

  // ---- Overlaps: a stretch of a segment lying on an earlier segment (another road's, or the same
  // road's further back) is counted by the earlier one only, as ST_Length(ST_Union(…)) would.
  const overlap = overlappedStretches(parts, proj);
  let overlapM = 0;
  const overlapLines = new Set<number>();

  // ---- Clip: inside sub-segments. Per sub-segment: part, segment start vertex, t range.
  const ssPart: number[] = [];
  const ssSeg: number[] = [];
  const ssT0: number[] = [];
  const ssT1: number[] = [];
  const ts: number[] = [];
  parts.forEach((p, pi) => {
    const c = p.coords;
    for (let i = 0; i + 1 < c.length; i++) {
      const segLen = p.measure[i + 1] - p.measure[i];
      if (!(segLen > 0)) continue;
      const ax = proj.x(c[i][0]);
      const ay = proj.y(c[i][1]);
      const bx = proj.x(c[i + 1][0]);
      const by = proj.y(c[i + 1][1]);
      ts.length = 0;
      ts.push(0, 1);
      if (poly) poly.crossings(ax, ay, bx, by, ts);
      const over = overlap.get(overlap.offset[pi] + i);
      if (over) ts.push(...over);
      ts.sort((u, v) => u - v);
      for (let k = 0; k + 1 < ts.length; k++) {
        const t0 = ts[k];
        const t1 = ts[k + 1];
        if (!(t1 - t0 > 1e-12)) continue;
        const tm = (t0 + t1) / 2;
        if (poly && poly.contains(ax + (bx - ax) * tm, ay + (by - ay) * tm) < 0) continue;
        if (over && inIntervals(over, tm)) {
          overlapM += (t1 - t0) * segLen;
          overlapLines.add(p.feature);
          continue;
        }
        ssPart.push(pi);
        ssSeg.push(i);
        ssT0.push(t0);
        ssT1.push(t1);
        const m0 = p.measure[i] + t0 * segLen;
        const m1 = p.measure[i] + t1 * segLen;
        if (p.inside === EMPTY) p.inside = [];
        const ins = p.inside;
        if (ins.length > 0 && Math.abs(ins[ins.length - 1] - m0) < 1e-6) ins[ins.length - 1] = m1;
        else ins.push(m0, m1);
      }
    }
  });

  // ---- Per-part figures to fill: intervals reached by existing hydrants, by earlier proposals
  // (on other chains, e.g. across an intersection), and the hydrants standing on the chain.
  interface PartOut {
    intervals: number[];
    extra: number[];
    hydrants: { m: number; id: string; left: boolean }[];
  }
  const outs: (PartOut | null)[] = new Array(parts.length).fill(null);
  const outOf = (pi: number): PartOut => (outs[pi] ??= { intervals: [], extra: [], hydrants: [] });
  const nSub = ssPart.length;
  const index = nSub > 0 ? new Flatbush(nSub) : null;
  if (index) {
    for (let k = 0; k < nSub; k++) {
      const p = parts[ssPart[k]];
      const a = p.coords[ssSeg[k]];
      const b = p.coords[ssSeg[k] + 1];
      const x0 = proj.x(a[0] + (b[0] - a[0]) * ssT0[k]);
      const y0 = proj.y(a[1] + (b[1] - a[1]) * ssT0[k]);
      const x1 = proj.x(a[0] + (b[0] - a[0]) * ssT1[k]);
      const y1 = proj.y(a[1] + (b[1] - a[1]) * ssT1[k]);
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    index.finish();
  }
  // A hydrant stands within `snap` of the road's edge: half its width (`width_m`, when known) + snap from the centre line.
  const halfWidth = (pi: number) => (Number.isFinite(parts[pi].width) && parts[pi].width > 0 ? parts[pi].width / 2 : 0);
  let maxHalf = 0;
  for (let pi = 0; pi < parts.length; pi++) maxHalf = Math.max(maxHalf, halfWidth(pi));
  // Search pad: the reach widened by the plane's worst scale error over the roads' latitudes.
  const reach = Math.max(r, snap + maxHalf);
  const padLat = (reach * 1.02) / proj.my;
  let scaleLo = Infinity;
  for (const lat of [latMin - padLat, latMax + padLat]) {
    const { mx, my } = metresPerDegree(lat);
    scaleLo = Math.min(scaleLo, mx / proj.mx, my / proj.my);
  }
  const pad = reach / scaleLo + 1e-6;
  /**
   * Every inside sub-segment near a point: the interval (metres along its chain) the circle of
   * radius r cuts from it (lo > hi when none), the distance to it and the foot point's measure.
   */
  const visit = (lon: number, lat: number, cb: (pi: number, lo: number, hi: number, dist: number, m: number, left: boolean) => void) => {
    if (!index) return;
    const x = proj.x(lon);
    const y = proj.y(lat);
    for (const k of index.search(x - pad, y - pad, x + pad, y + pad)) {
      const pi = ssPart[k];
      const p = parts[pi];
      const i = ssSeg[k];
      const a = p.coords[i];
      const b = p.coords[i + 1];
      // The segment's own plane at its mid-latitude: lengths agree with geodesicMeters.
      const { mx, my } = metresPerDegree((a[1] + b[1]) / 2);
      const ex = (b[0] - a[0]) * mx;
      const ey = (b[1] - a[1]) * my;
      const qx = (lon - a[0]) * mx;
      const qy = (lat - a[1]) * my;
      const len = Math.sqrt(ex * ex + ey * ey);
      const segLen = p.measure[i + 1] - p.measure[i];
      const tf = (qx * ex + qy * ey) / (len * len);
      const cross = (ex * qy - ey * qx) / len;
      const d2 = cross * cross;
      let lo = 1;
      let hi = 0;
      if (d2 <= r * r) {
        const half = Math.sqrt(r * r - d2) / len;
        lo = Math.max(ssT0[k], tf - half);
        hi = Math.min(ssT1[k], tf + half);
      }
      const tc = Math.min(ssT1[k], Math.max(ssT0[k], tf));
      const along = (tf - tc) * len;
      const base = p.measure[i];
      cb(pi, lo <= hi ? base + lo * segLen : 1, lo <= hi ? base + hi * segLen : 0, Math.sqrt(d2 + along * along), base + tc * segLen, cross > 0);
    }
  };
  for (let h = 0; h < hx.length; h++) {
    let bestD = Infinity;
    let bestPart = -1;
    let bestM = 0;
    let bestLeft = false;
    visit(hx[h], hy[h], (pi, lo, hi, dist, m, left) => {
      if (lo <= hi) outOf(pi).intervals.push(lo, hi);
      if (dist < bestD) {
        bestD = dist;
        bestPart = pi;
        bestM = m;
        bestLeft = left;
      }
    });
    if (bestPart >= 0 && bestD <= snap + halfWidth(bestPart)) outOf(bestPart).hydrants.push({ m: bestM, id: hid[h], left: bestLeft });
  }

  // ---- Per part: merge intervals, gaps, spacing, proposals.
  const gapsFeatures: Feature<LineString, HydrantGap>[] = [];
  const proposedFeatures: Feature<Point, Props>[] = [];
  const byRoad = new Map<string, RoadSummary>();
  let totalLen = 0;
  let totalCovered = 0;
  let totalGap = 0;
  parts.forEach((p, pi) => {
    const ins = p.inside;
    if (ins.length === 0) return;
    const { intervals, hydrants, extra } = outOf(pi);
    const merged = mergeIntervals(intervals);
    const byProposals = mergeIntervals(extra);
    hydrants.sort((u, v) => u.m - v.m);
    const road = p.name;
    let sum = byRoad.get(road);
    if (!sum) {
      sum = { road, lengthM: 0, coveredM: 0, coveredPct: 0, gapCount: 0, gapLengthM: 0, hydrants: 0, spacingViolations: 0, proposed: 0 };
      byRoad.set(road, sum);
    }
    sum.hydrants += hydrants.length;
    let insideLen = 0;
    let mi = 0;
    for (let q = 0; q < ins.length; q += 2) {
      const R0 = ins[q];
      const R1 = ins[q + 1];
      insideLen += R1 - R0;
      // Gaps of this range: walk the merged intervals.
      const gaps: [number, number][] = [];
      let cursor = R0;
      while (mi < merged.length && merged[mi + 1] <= R0) mi += 2;
      let j = mi;
      while (j < merged.length && merged[j] < R1) {
        if (merged[j] - cursor > MIN_GAP_M) gaps.push([cursor, merged[j]]);
        cursor = Math.max(cursor, merged[j + 1]);
        j += 2;
      }
      if (R1 - cursor > MIN_GAP_M) gaps.push([cursor, R1]);
      const onRange = hydrants.filter((h) => h.m >= R0 - 1e-6 && h.m <= R1 + 1e-6);
      // Spacing violations.
      for (let k = 0; k + 1 < onRange.length; k++) {
        const d = onRange[k + 1].m - onRange[k].m;
        if (d > s + DISTANCE_TOLERANCE_M) {
          result.spacingViolations.push({
            road,
            roadIndex: p.feature,
            part: p.part,
            fromHydrant: onRange[k].id,
            toHydrant: onRange[k + 1].id,
            fromM: onRange[k].m,
            toM: onRange[k + 1].m,
            spacingM: d,
          });
          sum.spacingViolations++;
        }
      }
      // Gaps and proposals, in order along the range (earlier proposals act as anchors).
      let lastProposal = -Infinity;
      const toClose: [number, number][] = [];
      for (const [g0, g1] of gaps) {
        const gap: HydrantGap = { road, roadIndex: p.feature, part: p.part, fromM: g0, toM: g1, lengthM: g1 - g0 };
        result.gaps.push(gap);
        gapsFeatures.push({ type: 'Feature', properties: { ...gap }, geometry: { type: 'LineString', coordinates: subLine(p, g0, g1) } });
        sum.gapCount++;
        sum.gapLengthM += gap.lengthM;
        totalGap += gap.lengthM;
        toClose.push(...subtractIntervals(g0, g1, byProposals));
      }
      for (const [g0raw, g1] of toClose) {
        const g0 = Math.max(g0raw, lastProposal + r);
        if (g1 - g0 <= MIN_GAP_M) continue;
        let a = -Infinity;
        for (const h of onRange) if (h.m <= g0 && h.m >= g0 - r - 1e-6) a = h.m;
        if (lastProposal <= g0 && lastProposal >= g0 - r - 1e-6 && lastProposal > a) a = lastProposal;
        let b = Infinity;
        for (const h of onRange) {
          if (h.m >= g1 && h.m <= g1 + r + 1e-6) {
            b = h.m;
            break;
          }
        }
        for (const at of coverGap(g0, g1, R1, r, s, a, b)) {
          const [lon, lat] = pointAt(p, at);
          const id = `P${result.proposed.length + 1}`;
          const prop: ProposedHydrant = { id, road, roadIndex: p.feature, part: p.part, atM: at, lon, lat };
          result.proposed.push(prop);
          proposedFeatures.push({
            type: 'Feature',
            properties: { id, kind: 'hydrant', status: 'proposed', road, atM: Math.round(at * 10) / 10 },
            geometry: { type: 'Point', coordinates: [lon, lat] },
          });
          sum.proposed++;
          lastProposal = at;
          // Its reach on chains not yet processed (across intersections) closes gaps there too.
          visit(lon, lat, (pj, lo, hi) => {
            if (pj > pi && lo <= hi) outOf(pj).extra.push(lo, hi);
          });
        }
      }
    }
    let coveredLen = 0;
    for (let k = 0; k < merged.length; k += 2) coveredLen += merged[k + 1] - merged[k];
    coveredLen = Math.min(coveredLen, insideLen);
    sum.lengthM += insideLen;
    sum.coveredM += coveredLen;
    totalLen += insideLen;
    totalCovered += coveredLen;
    if (Number.isFinite(p.width) && p.width > wide) {
      const left = hydrants.filter((h) => h.left).length;
      const right = hydrants.length - left;
      result.wideRoads.push({ road, roadIndex: p.feature, widthM: p.width, lengthM: insideLen, left, right, bothSides: left > 0 && right > 0 });
    }
  });

  for (const sum of byRoad.values()) sum.coveredPct = sum.lengthM > 0 ? (100 * sum.coveredM) / sum.lengthM : 0;
  result.byRoad = [...byRoad.values()].filter((x) => x.lengthM > 0).sort((u, v) => v.gapLengthM - u.gapLengthM || u.road.localeCompare(v.road));
  result.roadLengthKm = totalLen / 1000;
  result.coveredRoadLengthKm = totalCovered / 1000;
  result.coveredRoadPct = sharePct(totalCovered, totalLen);
  result.warnings = hydrantWarnings(counts, includePlanned, totalLen, result.scope, duplicates, { metres: overlapM, lines: overlapLines.size });
  result.gapCount = result.gaps.length;
  result.gapLengthKm = totalGap / 1000;
  result.proposedCount = result.proposed.length;
  result.gapsGeoJson = { type: 'FeatureCollection', features: gapsFeatures };
  result.proposedGeoJson = { type: 'FeatureCollection', features: proposedFeatures };
  return result;
}

/** Two road segments closer than this (metres) across their line lie on each other (the 1e-7° of a repeated vertex is about 1 cm). */
const OVERLAP_TOLERANCE_M = 0.01;

/**
 * For every segment of every part (numbered part by part: `offset[part] + segment`), the t ranges
 * (pairs, merged, within 0–1) that lie on an EARLIER segment, in that numbering, to
 * {@link OVERLAP_TOLERANCE_M}: collinear, overlapping by more than 1 mm. The first segment over a
 * stretch keeps it. A Flatbush index over the segments' boxes: O(S log S) for S segments, plus the
 * pairs whose boxes meet (those touching at a shared node are rejected at once).
 */
function overlappedStretches(parts: Part[], proj: LocalProjection): Map<number, number[]> & { offset: Int32Array } {
  const offset = new Int32Array(parts.length + 1);
  for (let pi = 0; pi < parts.length; pi++) offset[pi + 1] = offset[pi] + Math.max(0, parts[pi].coords.length - 1);
  const n = offset[parts.length];
  const out = Object.assign(new Map<number, number[]>(), { offset });
  if (n < 2) return out;
  const x0 = new Float64Array(n), y0 = new Float64Array(n), x1 = new Float64Array(n), y1 = new Float64Array(n);
  const index = new Flatbush(n);
  for (let pi = 0; pi < parts.length; pi++) {
    const c = parts[pi].coords;
    for (let i = 0; i + 1 < c.length; i++) {
      const k = offset[pi] + i;
      x0[k] = proj.x(c[i][0]);
      y0[k] = proj.y(c[i][1]);
      x1[k] = proj.x(c[i + 1][0]);
      y1[k] = proj.y(c[i + 1][1]);
      index.add(Math.min(x0[k], x1[k]) - OVERLAP_TOLERANCE_M, Math.min(y0[k], y1[k]) - OVERLAP_TOLERANCE_M, Math.max(x0[k], x1[k]) + OVERLAP_TOLERANCE_M, Math.max(y0[k], y1[k]) + OVERLAP_TOLERANCE_M);
    }
  }
  index.finish();
  const found: number[] = [];
  for (let k = 1; k < n; k++) {
    const ex = x1[k] - x0[k], ey = y1[k] - y0[k];
    const len2 = ex * ex + ey * ey;
    if (!(len2 > 0)) continue;
    const len = Math.sqrt(len2);
    found.length = 0;
    for (const j of index.search(Math.min(x0[k], x1[k]), Math.min(y0[k], y1[k]), Math.max(x0[k], x1[k]), Math.max(y0[k], y1[k]))) {
      if (j >= k) continue;
      // both ends of the earlier segment on this one's line
      const d0 = (ex * (y0[j] - y0[k]) - ey * (x0[j] - x0[k])) / len;
      const d1 = (ex * (y1[j] - y0[k]) - ey * (x1[j] - x0[k])) / len;
      if (Math.abs(d0) > OVERLAP_TOLERANCE_M || Math.abs(d1) > OVERLAP_TOLERANCE_M) continue;
      const ta = ((x0[j] - x0[k]) * ex + (y0[j] - y0[k]) * ey) / len2;
      const tb = ((x1[j] - x0[k]) * ex + (y1[j] - y0[k]) * ey) / len2;
      const lo = Math.max(0, Math.min(ta, tb));
      const hi = Math.min(1, Math.max(ta, tb));
      if ((hi - lo) * len > DISTANCE_TOLERANCE_M) found.push(lo, hi);
    }
    if (found.length === 0) continue;
    // merged (ranges of t, no metre tolerance)
    const pairs: [number, number][] = [];
    for (let q = 0; q < found.length; q += 2) pairs.push([found[q], found[q + 1]]);
    pairs.sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [lo, hi] of pairs) {
      if (merged.length > 0 && lo <= merged[merged.length - 1]) merged[merged.length - 1] = Math.max(merged[merged.length - 1], hi);
      else merged.push(lo, hi);
    }
    out.set(k, merged);
  }
  return out;
}

/** Whether `t` lies inside one of the merged pairs `iv`. */
function inIntervals(iv: readonly number[], t: number): boolean {
  for (let q = 0; q < iv.length; q += 2) if (t >= iv[q] && t <= iv[q + 1]) return true;
  return false;
}

/** The warnings of a hydrant analysis: what its figures lack (hand-worked in test/analysis/analysis-warnings.test.ts). */
function hydrantWarnings(
  c: HydrantGapsResult['hydrants'],
  includePlanned: boolean,
  roadLengthM: number,
  scope: HydrantGapsResult['scope'],
  duplicateLines = 0,
  overlaps: { metres: number; lines: number } = { metres: 0, lines: 0 },
): AnalysisWarning[] {
  const w: AnalysisWarning[] = [];
  if (overlaps.metres > MIN_GAP_M) {
    const m = Math.round(overlaps.metres * 10) / 10;
    w.push({
      code: 'overlapping-roads',
      message: {
        zh: `道路图层中有 ${overlaps.lines} 条线的一段与另一条线重合（共 ${m.toLocaleString('en')} m，如支路画在主路上）：重合部分只计一次`,
        en: `${overlaps.lines} road line(s) run along part of another line (${m.toLocaleString('en')} m in all, e.g. a branch drawn on top of the main road): the shared stretch is counted once`,
      },
      counts: { lines: overlaps.lines, metres: m },
    });
  }
  if (duplicateLines > 0) {
    w.push({
      code: 'duplicate-roads',
      message: {
        zh: `道路图层中有 ${duplicateLines} 条线与另一条线的折点完全相同（同一道路画了两次）：只计一次`,
        en: `${duplicateLines} road line(s) repeat the vertices of another (the same road drawn twice): counted once`,
      },
      counts: { lines: duplicateLines },
    });
  }
  const counts = { hydrants: c.total, counted: c.counted, working: c.working, broken: c.broken, unlocated: c.unlocated };
  if (c.total === 0) {
    w.push({ code: 'no-hydrants', message: { zh: '消火栓图层没有消火栓：所有道路都按未覆盖计，完好率无数据', en: 'The hydrant layer holds no hydrant: every road counts as uncovered and the working-order rate has no data' }, counts });
  } else if (c.counted === 0) {
    const what = includePlanned ? { zh: '完好、在建或规划', en: 'working, under construction or planned' } : { zh: '完好', en: 'working' };
    w.push({
      code: 'no-working-hydrants',
      message: {
        zh: `共 ${c.total} 个消火栓，但没有有位置的${what.zh}消火栓（损坏 ${c.broken}，无位置 ${c.unlocated}）：所有道路都按未覆盖计`,
        en: `${c.total} hydrants, but none located and ${what.en} (${c.broken} broken, ${c.unlocated} without location): every road counts as uncovered`,
      },
      counts,
    });
  }
  if (roadLengthM === 0) {
    w.push({
      code: 'no-road-length',
      message:
        scope === 'built-up'
          ? { zh: '建成区内没有道路：道路覆盖率无数据', en: 'No road inside the built-up areas: the road coverage share has no data' }
          : { zh: '没有可计算的道路长度：道路覆盖率无数据', en: 'No road length to measure: the road coverage share has no data' },
      counts: { roadLengthM: 0 },
    });
  }
  return w;
}
