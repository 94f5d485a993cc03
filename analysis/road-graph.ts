import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { LocalProjection, geodesicMeters } from './geo.ts';
import { NON_MOTOR_ROAD_CLASSES, normaliseRoadClass, type SpeedTableKmh } from './fire-params.ts';
import { FIRE_PARAMS } from './fire-params.ts';

/** The default of FIRE_PARAMS `snap-tolerance` (one place, with its source). */
const SNAP_TOLERANCE_DEFAULT = FIRE_PARAMS.find((d) => d.key === 'snap-tolerance')!.value as number;

/** Options of {@link buildRoadGraph}. */
export interface RoadGraphOptions {
  /** Vertices closer than this are joined into one node; road ends this close to another road join it (T-junction). Default 2 m. */
  snapToleranceMeters?: number;
  /** Split roads where they cross without a shared vertex (skipped for motorways and features with `bridge`/`tunnel` set). Default true. */
  splitCrossings?: boolean;
  /**
   * Road classes (normalised, see `normaliseRoadClass`) left out of the network: no speed, no edge.
   * Default {@link NON_MOTOR_ROAD_CLASSES} (footway, path, steps, cycleway, pedestrian …); pass [] to keep every road.
   */
  excludedClasses?: readonly string[];
  /**
   * Keep what {@link rebuildRoadGraph} needs to build this graph again for a few changed roads
   * (the split points with the segment pairs that gave them; about 20 bytes a split point, 4 a
   * segment). Default false.
   */
  keepBuild?: boolean;
}

/** What a graph built with `keepBuild` keeps for {@link rebuildRoadGraph}. */
interface RoadGraphBuild {
  roads: readonly Feature<Geometry | null>[];
  options: RoadGraphOptions;
  featureSeg: Int32Array;
  splits: { seg: Int32Array; t: Float64Array; partner: Int32Array };
  segFirstEdge: Int32Array;
}

const builds = new WeakMap<RoadGraph, RoadGraphBuild>();

/** A connected piece of the network other than the largest one. */
export interface NetworkPiece {
  component: number;
  edgeCount: number;
  lengthMeters: number;
  /** Up to five road names in the piece. */
  roadNames: string[];
  /** [minLon, minLat, maxLon, maxLat]. */
  bbox: [number, number, number, number];
}

/**
 * A routable road network in compressed sparse row form. Every edge is a straight piece between
 * two nodes; `edgeDir` says which ways it may be driven. Coordinates x/y are metres in
 * `projection`.
 */
export interface RoadGraph {
  projection: LocalProjection;
  nodeCount: number;
  nodeX: Float64Array;
  nodeY: Float64Array;
  edgeCount: number;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeLengthMeters: Float64Array;
  /** 0 = both ways, 1 = from → to only, 2 = to → from only. */
  edgeDir: Uint8Array;
  /** Index into `classNames`. */
  edgeClass: Uint16Array;
  classNames: string[];
  /** Per-road `speed_kmh` override, NaN when none. */
  edgeSpeedKmh: Float64Array;
  /** Index of the road feature the edge came from. */
  edgeRoad: Int32Array;
  /** Outgoing arcs of node n are arcOffset[n] … arcOffset[n+1]-1. */
  arcOffset: Int32Array;
  arcTarget: Int32Array;
  arcEdge: Int32Array;
  /** Weakly connected component of each node; component 0 is the largest (by length). */
  nodeComponent: Int32Array;
  componentCount: number;
  /** The pieces other than the largest, longest first. */
  pieces: NetworkPiece[];
  /** Road features that gave no edge (no geometry, wrong type, zero length, or an excluded class). */
  skippedRoads: number[];
  /** Of those, the road features left out for their class (footway, steps … see `excludedClasses`). */
  excludedRoads: number[];
}

function parseOneway(v: unknown): 0 | 1 | 2 {
  if (v === true || v === 1) return 1;
  if (v === -1) return 2;
  if (typeof v !== 'string') return 0;
  const s = v.trim().toLowerCase();
  if (s === 'yes' || s === 'true' || s === '1' || s === '是' || s === '单行') return 1;
  if (s === '-1' || s === 'reverse') return 2;
  return 0;
}

function isGradeSeparated(p: Record<string, unknown> | null, cls: string): boolean {
  if (cls === 'motorway') return true;
  if (!p) return false;
  const yes = (v: unknown) => v === true || v === 'yes' || v === 'true' || v === 1 || v === '是';
  return yes(p.bridge) || yes(p.tunnel);
}

/** Most buckets of the crossing grid (a bound on its memory). */
const MAX_BUCKETS = 8_000_000;

/**
 * Bucket width of the crossing grid over the segment boxes `[bx0, bx1] × [by0, by1]` (extent from
 * `gx0, gy0`, size `w × h`), chosen for the least work: buckets, plus bucket entries (a box is
 * entered in each bucket it touches), plus box pairs tested (every pair sharing a bucket). Widths
 * tried: base × 2^k (base = one box per bucket of the extent's area), from one bucket over the
 * whole extent down to base / 8 or the bucket cap; a width whose buckets and entries alone, or
 * whose running count, pass the best so far is dropped early, so the search costs a few passes
 * over the boxes. The fixed base width used before suited only boxes small against it: one line
 * digitised 2000 times, or spokes through one junction, touched thousands of buckets each and the
 * pairs tested grew as N³ (2000 copies of one segment: 21 s).
 */
function bucketWidth(bx0: Float64Array, by0: Float64Array, bx1: Float64Array, by1: Float64Array, gx0: number, gy0: number, w: number, h: number): number {
  const n = bx0.length;
  let base = Math.max(1, Math.sqrt((w * h) / n));
  while ((w / base + 1) * (h / base + 1) > MAX_BUCKETS) base *= 1.5;
  // Widths base × 2^k, from one bucket over the whole extent (every pair tested) down to an
  // eighth of the base width (dense parts of a sparse county) or the bucket cap.
  let bw = base;
  while (bw <= Math.max(w, h)) bw *= 2;
  const finest = base / 8;
  let best = bw, bestWork = n + (n * (n - 1)) / 2;
  let counts: Int32Array | null = null;
  for (bw /= 2; bw >= finest * 0.999; bw /= 2) {
    const cols = Math.floor(w / bw) + 1, rows = Math.floor(h / bw) + 1;
    const col = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - gx0) / bw)));
    const row = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - gy0) / bw)));
    if (cols * rows > MAX_BUCKETS) break;
    let entries = cols * rows;
    for (let i = 0; i < n; i++) entries += (col(bx1[i]) - col(bx0[i]) + 1) * (row(by1[i]) - row(by0[i]) + 1);
    if (entries >= bestWork) continue;
    if (!counts || counts.length < cols * rows) counts = new Int32Array(cols * rows);
    else counts.fill(0, 0, cols * rows);
    let work = entries;
    for (let i = 0; i < n && work < bestWork; i++) {
      // Entering a box into a bucket already holding m boxes adds m pairs to test.
      for (let r = row(by0[i]), r1 = row(by1[i]); r <= r1; r++) for (let c = col(bx0[i]), c1 = col(bx1[i]); c <= c1; c++) work += counts[r * cols + c]++;
    }
    if (work < bestWork) {
      bestWork = work;
      best = bw;
    }
  }
  return best;
}

/**
 * Build a routable graph from a roads layer: segments are joined at shared and near-coincident
 * vertices (within `snapToleranceMeters`, grid hash), split where they cross and where a road
 * ends on another one, one-way streets (`oneway` true/"yes"/"-1") kept as directed edges, and the
 * disconnected pieces reported. Lengths are ellipsoidal metres. Roads of non-motor classes
 * (footway, path, steps, cycleway, pedestrian … `NON_MOTOR_ROAD_CLASSES`) are left out: fire
 * trucks do not drive them, and nothing is snapped to them; they are listed in `excludedRoads`.
 *
 * @param roads - roads FeatureCollection (LineString / MultiLineString; `class`, `oneway`, `speed_kmh`, `name`).
 * @param options - see {@link RoadGraphOptions}.
 * @returns the graph; throws when the layer holds no usable line.
 * @example
 * const g = buildRoadGraph(roads, { snapToleranceMeters: 2 });
 * const t = edgeTravelTimes(g, defaultSpeedTable());
 */
export function buildRoadGraph(roads: FeatureCollection<Geometry | null>, options: RoadGraphOptions = {}): RoadGraph {
  const s = roadSegments(roads, options);
  const splits = allSplits(s);
  const { graph, segFirstEdge } = assembleRoadGraph(s, splits);
  if (options.keepBuild) {
    const kept = { seg: Int32Array.from(splits.seg), t: Float64Array.from(splits.t), partner: Int32Array.from(splits.partner) };
    builds.set(graph, { roads: roads.features, options: { ...options, keepBuild: false }, featureSeg: s.featureSeg, splits: kept, segFirstEdge });
  }
  return graph;
}

/** The roads as flat segment arrays in the local projection (steps 1–2 of {@link buildRoadGraph}). */
function roadSegments(roads: FeatureCollection<Geometry | null>, options: RoadGraphOptions) {
  if (!roads || !Array.isArray(roads.features)) throw new Error('roads must be a GeoJSON FeatureCollection');
  const tol = options.snapToleranceMeters ?? SNAP_TOLERANCE_DEFAULT;
  if (!(tol >= 0) || !Number.isFinite(tol)) throw new Error('snapToleranceMeters must be a finite number ≥ 0');
  const splitCrossings = options.splitCrossings ?? true;
  const excludedClasses = new Set(options.excludedClasses ?? NON_MOTOR_ROAD_CLASSES);
  const excluded: number[] = [];
  // normaliseRoadClass of each distinct `class` value once (a county has a few dozen)
  const classOf = new Map<unknown, string>();
  const roadClassName = (v: unknown): string => {
    let c = classOf.get(v);
    if (c === undefined) {
      c = normaliseRoadClass(v);
      classOf.set(v, c);
    }
    return c;
  };
  const finite = (c: number[]) => Number.isFinite(c[0]) && Number.isFinite(c[1]);

  // 1. Collect the lines (lon/lat) and the extent for the projection.
  const parts: { coords: number[][]; road: number }[] = [];
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  roads.features.forEach((f: Feature<Geometry | null>, i) => {
    const g = f.geometry;
    if (excludedClasses.size > 0 && excludedClasses.has(roadClassName((f.properties as Record<string, unknown> | null)?.class))) {
      excluded.push(i);
      return;
    }
    const lines = g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : [];
    for (const line of lines) {
      const coords = line.every(finite) ? line : line.filter(finite);
      if (coords.length < 2) continue;
      for (const c of coords) {
        if (c[0] < minLon) minLon = c[0];
        if (c[0] > maxLon) maxLon = c[0];
        if (c[1] < minLat) minLat = c[1];
        if (c[1] > maxLat) maxLat = c[1];
      }
      parts.push({ coords, road: i });
    }
  });
  if (parts.length === 0) {
    throw new Error(excluded.length > 0
      ? `roads has no drivable LineString: all ${excluded.length} usable roads are of excluded classes (footway, path, steps …)`
      : 'roads has no LineString with two or more valid coordinates');
  }
  const proj = new LocalProjection((minLon + maxLon) / 2, (minLat + maxLat) / 2);

  // Per-road attributes.
  const classIndex = new Map<string, number>();
  const classNames: string[] = [];
  const roadClass = new Uint16Array(roads.features.length);
  const roadDir = new Uint8Array(roads.features.length);
  const roadSpeed = new Float64Array(roads.features.length).fill(NaN);
  const roadSep = new Uint8Array(roads.features.length);
  roads.features.forEach((f, i) => {
    const p = (f.properties ?? null) as Record<string, unknown> | null;
    const cls = roadClassName(p?.class);
    let ci = classIndex.get(cls);
    if (ci === undefined) {
      ci = classNames.length;
      classNames.push(cls);
      classIndex.set(cls, ci);
    }
    roadClass[i] = ci;
    roadDir[i] = parseOneway(p?.oneway);
    const s = typeof p?.speed_kmh === 'string' ? Number(p.speed_kmh) : p?.speed_kmh;
    if (typeof s === 'number' && s > 0 && Number.isFinite(s)) roadSpeed[i] = s;
    roadSep[i] = isGradeSeparated(p, cls) ? 1 : 0;
  });

  // 2. Segments as flat arrays.
  let segCount = 0;
  for (const p of parts) segCount += p.coords.length - 1;
  const sLon0 = new Float64Array(segCount), sLat0 = new Float64Array(segCount);
  const sLon1 = new Float64Array(segCount), sLat1 = new Float64Array(segCount);
  const sx0 = new Float64Array(segCount), sy0 = new Float64Array(segCount);
  const sx1 = new Float64Array(segCount), sy1 = new Float64Array(segCount);
  const sRoad = new Int32Array(segCount);
  const sPart = new Int32Array(segCount);
  // bit 1: segment starts a part; bit 2: segment ends a part
  const sEnds = new Uint8Array(segCount);
  let k = 0;
  parts.forEach((p, pi) => {
    const c = p.coords;
    for (let j = 0; j < c.length - 1; j++, k++) {
      sLon0[k] = c[j][0]; sLat0[k] = c[j][1]; sLon1[k] = c[j + 1][0]; sLat1[k] = c[j + 1][1];
      sx0[k] = proj.x(c[j][0]); sy0[k] = proj.y(c[j][1]); sx1[k] = proj.x(c[j + 1][0]); sy1[k] = proj.y(c[j + 1][1]);
      sRoad[k] = p.road;
      sPart[k] = pi;
      sEnds[k] = (j === 0 ? 1 : 0) | (j === c.length - 2 ? 2 : 0);
    }
  });

  // Segments of road feature f: featureSeg[f] … featureSeg[f+1]-1 (parts are in feature order).
  const featureSeg = new Int32Array(roads.features.length + 1);
  for (const p of parts) featureSeg[p.road + 1] += p.coords.length - 1;
  for (let f = 0; f < roads.features.length; f++) featureSeg[f + 1] += featureSeg[f];
  return {
    roads, tol, splitCrossings, excluded, proj, classNames, roadClass, roadDir, roadSpeed, roadSep,
    segCount, sLon0, sLat0, sLon1, sLat1, sx0, sy0, sx1, sy1, sRoad, sPart, sEnds, featureSeg,
  };
}

type RoadSegments = ReturnType<typeof roadSegments>;

/** Split points of the segments: `seg` is split at `t`, found by testing it against segment `partner`. */
interface RoadSplits {
  seg: number[];
  t: number[];
  partner: number[];
}

/** Grown box of segment i (its extent plus the tolerance on every side). */
function segBox(s: RoadSegments, i: number): [number, number, number, number] {
  return [
    Math.min(s.sx0[i], s.sx1[i]) - s.tol,
    Math.min(s.sy0[i], s.sy1[i]) - s.tol,
    Math.max(s.sx0[i], s.sx1[i]) + s.tol,
    Math.max(s.sy0[i], s.sy1[i]) + s.tol,
  ];
}

/** Road ends of segment a lying on the interior of segment b (within the tolerance, a T-junction): split b there. */
function endOnSplits(s: RoadSegments, a: number, b: number, out: RoadSplits): void {
  const { sx0, sy0, sx1, sy1, sEnds, tol } = s;
  const eps = 1e-9;
  const tol2 = tol * tol;
  for (let e = 0; e < 2; e++) {
    if (!(sEnds[a] & (e === 0 ? 1 : 2))) continue;
    const px = e === 0 ? sx0[a] : sx1[a], py = e === 0 ? sy0[a] : sy1[a];
    const cx = sx0[b], cy = sy0[b], vx = sx1[b] - cx, vy = sy1[b] - cy;
    const len2 = vx * vx + vy * vy;
    if (len2 === 0) continue;
    const t = ((px - cx) * vx + (py - cy) * vy) / len2;
    if (t <= eps || t >= 1 - eps) continue;
    const qx = cx + t * vx - px, qy = cy + t * vy - py;
    if (qx * qx + qy * qy <= tol2) {
      out.seg.push(b);
      out.t.push(t);
      out.partner.push(a);
    }
  }
}

/**
 * The split points one pair of segments i < j gives (their grown boxes overlap): a road end of
 * either lying on the other (T-junction) and a proper crossing. Depends on the two segments alone,
 * so a rebuild can keep the splits of pairs it did not change.
 */
function pairSplits(s: RoadSegments, i: number, j: number, out: RoadSplits): void {
  const { sx0, sy0, sx1, sy1, sEnds, sPart, sRoad, roadSep } = s;
  const eps = 1e-9;
  if (sPart[i] === sPart[j] && Math.abs(i - j) === 1) return;
  if (sEnds[i] !== 0) endOnSplits(s, i, j, out);
  if (sEnds[j] !== 0) endOnSplits(s, j, i, out);
  if (!s.splitCrossings || roadSep[sRoad[i]] || roadSep[sRoad[j]]) return;
  const ax = sx0[i], ay = sy0[i], rx = sx1[i] - ax, ry = sy1[i] - ay;
  const cx = sx0[j], cy = sy0[j], qx = sx1[j] - cx, qy = sy1[j] - cy;
  const den = rx * qy - ry * qx;
  if (den === 0) return;
  const t = ((cx - ax) * qy - (cy - ay) * qx) / den;
  const u = ((cx - ax) * ry - (cy - ay) * rx) / den;
  if (t > eps && t < 1 - eps && u > eps && u < 1 - eps) {
    out.seg.push(i, j);
    out.t.push(t, u);
    out.partner.push(j, i);
  }
}

/**
 * 3. Split points: proper crossings and road ends lying on another segment. Candidate pairs
 * come from a bucket grid over the segments' boxes (grown by the tolerance); each pair is
 * tested once, in the bucket holding the lower-left corner of the two boxes' overlap.
 */
function allSplits(s: RoadSegments): RoadSplits {
  const { segCount, sx0, sy0, sx1, sy1, tol } = s;
  const splits: RoadSplits = { seg: [], t: [], partner: [] };
  if (segCount > 1) {
    const bx0 = new Float64Array(segCount), by0 = new Float64Array(segCount), bx1 = new Float64Array(segCount), by1 = new Float64Array(segCount);
    let gx0 = Infinity, gy0 = Infinity, gx1 = -Infinity, gy1 = -Infinity;
    for (let i = 0; i < segCount; i++) {
      bx0[i] = Math.min(sx0[i], sx1[i]) - tol;
      by0[i] = Math.min(sy0[i], sy1[i]) - tol;
      bx1[i] = Math.max(sx0[i], sx1[i]) + tol;
      by1[i] = Math.max(sy0[i], sy1[i]) + tol;
      if (bx0[i] < gx0) gx0 = bx0[i];
      if (by0[i] < gy0) gy0 = by0[i];
      if (bx1[i] > gx1) gx1 = bx1[i];
      if (by1[i] > gy1) gy1 = by1[i];
    }
    const w = Math.max(1, gx1 - gx0), h = Math.max(1, gy1 - gy0);
    const bw = bucketWidth(bx0, by0, bx1, by1, gx0, gy0, w, h);
    const cols = Math.floor(w / bw) + 1, rows = Math.floor(h / bw) + 1;
    const col = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - gx0) / bw)));
    const row = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - gy0) / bw)));
    const off = new Int32Array(cols * rows + 1);
    for (let i = 0; i < segCount; i++) {
      for (let r = row(by0[i]), r1 = row(by1[i]); r <= r1; r++) for (let c = col(bx0[i]), c1 = col(bx1[i]); c <= c1; c++) off[r * cols + c + 1]++;
    }
    for (let k = 0; k < cols * rows; k++) off[k + 1] += off[k];
    const items = new Int32Array(off[cols * rows]);
    const fillAt = off.slice(0, cols * rows);
    for (let i = 0; i < segCount; i++) {
      for (let r = row(by0[i]), r1 = row(by1[i]); r <= r1; r++) for (let c = col(bx0[i]), c1 = col(bx1[i]); c <= c1; c++) items[fillAt[r * cols + c]++] = i;
    }
    for (let cell = 0; cell < cols * rows; cell++) {
      const start = off[cell], end = off[cell + 1];
      for (let p = start; p < end; p++) {
        const i = items[p];
        for (let q = p + 1; q < end; q++) {
          const j = items[q];
          const ox0 = Math.max(bx0[i], bx0[j]), oy0 = Math.max(by0[i], by0[j]);
          if (ox0 > Math.min(bx1[i], bx1[j]) || oy0 > Math.min(by1[i], by1[j])) continue;
          if (row(oy0) * cols + col(ox0) !== cell) continue;
          pairSplits(s, i, j, splits);
        }
      }
    }
  }
  return splits;
}

/** Steps 4–7 of {@link buildRoadGraph}: nodes, edges, arcs and components from the segments and their split points; also the first edge of each segment. */
function assembleRoadGraph(s: RoadSegments, splits: RoadSplits): { graph: RoadGraph; segFirstEdge: Int32Array } {
  const { roads, tol, excluded, proj, classNames, roadClass, roadDir, roadSpeed, segCount, sLon0, sLat0, sLon1, sLat1, sx0, sy0, sx1, sy1, sRoad, sPart } = s;
  const { seg: splitSeg, t: splitT } = splits;
  // Sort split points by segment then position.
  const splitOrder = Array.from(splitSeg.keys()).sort((a, b) => splitSeg[a] - splitSeg[b] || splitT[a] - splitT[b]);

  // 4. Nodes: grid hash at the tolerance (exact match when the tolerance is 0), as an
  // open-addressing table over typed arrays: cell (cx, cy) → first node in the cell.
  const maxNodes = segCount * 2 + splitSeg.length + 2;
  const nodeXs = new Float64Array(maxNodes);
  const nodeYs = new Float64Array(maxNodes);
  const nodeNext = new Int32Array(maxNodes);
  let nodeCount = 0;
  let tableSize = 16;
  while (tableSize < maxNodes * 2) tableSize *= 2;
  const tMask = tableSize - 1;
  const tabCx = new Int32Array(tableSize), tabCy = new Int32Array(tableSize);
  const tabHead = new Int32Array(tableSize).fill(-1);
  const cellSize = tol > 0 ? 2 * tol : 1e-3;
  const tol2 = tol * tol;
  const slotOf = (cx: number, cy: number): number => {
    let h = (Math.imul(cx, 0x9e3779b1) ^ Math.imul(cy, 0x85ebca77)) & tMask;
    while (tabHead[h] !== -1 && (tabCx[h] !== cx || tabCy[h] !== cy)) h = (h + 1) & tMask;
    return h;
  };
  const nodeAt = (x: number, y: number): number => {
    const cx = Math.floor(x / cellSize), cy = Math.floor(y / cellSize);
    // Cells are twice the tolerance: a node within the tolerance lies in one of ≤ 2 × 2 cells.
    const x0 = Math.floor((x - tol) / cellSize), x1 = Math.floor((x + tol) / cellSize);
    const y0 = Math.floor((y - tol) / cellSize), y1 = Math.floor((y + tol) / cellSize);
    let best = -1, bestD = Infinity;
    for (let ox = x0; ox <= x1; ox++) {
      for (let oy = y0; oy <= y1; oy++) {
        let n = tabHead[slotOf(ox, oy)];
        while (n >= 0) {
          const ddx = nodeXs[n] - x, ddy = nodeYs[n] - y;
          const d = ddx * ddx + ddy * ddy;
          if (d <= tol2 && d < bestD) {
            bestD = d;
            best = n;
          }
          n = nodeNext[n];
        }
      }
    }
    if (best >= 0) return best;
    const id = nodeCount++;
    nodeXs[id] = x;
    nodeYs[id] = y;
    const h = slotOf(cx, cy);
    nodeNext[id] = tabHead[h];
    tabCx[h] = cx;
    tabCy[h] = cy;
    tabHead[h] = id;
    return id;
  };

  // 5. Edges: each segment cut at its split points.
  const maxEdges = segCount + splitSeg.length;
  const eFrom = new Int32Array(maxEdges), eTo = new Int32Array(maxEdges);
  const eLen = new Float64Array(maxEdges), eRoad = new Int32Array(maxEdges);
  let edgeCount = 0;
  let sp = 0;
  let lastEnd = -1;
  const segFirstEdge = new Int32Array(segCount + 1);
  for (let s = 0; s < segCount; s++) {
    segFirstEdge[s] = edgeCount;
    let prevT = 0;
    // A segment starts where the previous one of the same line ended.
    let prevNode = s > 0 && sPart[s] === sPart[s - 1] ? lastEnd : nodeAt(sx0[s], sy0[s]);
    const lon0 = sLon0[s], lat0 = sLat0[s], dLon = sLon1[s] - lon0, dLat = sLat1[s] - lat0;
    for (;;) {
      const split = sp < splitOrder.length && splitSeg[splitOrder[sp]] === s;
      const t = split ? splitT[splitOrder[sp++]] : 1;
      const node = split ? nodeAt(sx0[s] + (sx1[s] - sx0[s]) * t, sy0[s] + (sy1[s] - sy0[s]) * t) : nodeAt(sx1[s], sy1[s]);
      if (node !== prevNode) {
        const len = geodesicMeters(lon0 + dLon * prevT, lat0 + dLat * prevT, lon0 + dLon * t, lat0 + dLat * t);
        if (len > 0) {
          eFrom[edgeCount] = prevNode;
          eTo[edgeCount] = node;
          eLen[edgeCount] = len;
          eRoad[edgeCount] = sRoad[s];
          edgeCount++;
        }
      }
      prevT = t;
      prevNode = node;
      if (!split) break;
    }
    lastEnd = prevNode;
  }
  segFirstEdge[segCount] = edgeCount;
  if (edgeCount === 0) throw new Error('roads gave no edge of non-zero length');
  const nodeX = nodeXs, nodeY = nodeYs;

  const edgeFrom = eFrom.slice(0, edgeCount), edgeTo = eTo.slice(0, edgeCount);
  const edgeLengthMeters = eLen.slice(0, edgeCount), edgeRoad = eRoad.slice(0, edgeCount);
  const edgeDir = new Uint8Array(edgeCount), edgeClass = new Uint16Array(edgeCount);
  const edgeSpeedKmh = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const r = edgeRoad[e];
    edgeDir[e] = roadDir[r];
    edgeClass[e] = roadClass[r];
    edgeSpeedKmh[e] = roadSpeed[r];
  }
  const roadHasEdge = new Uint8Array(roads.features.length);
  for (let e = 0; e < edgeCount; e++) roadHasEdge[edgeRoad[e]] = 1;
  const skipped: number[] = [];
  for (let r = 0; r < roads.features.length; r++) if (!roadHasEdge[r]) skipped.push(r);

  // 6. CSR of outgoing arcs.
  const arcOffset = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    if (edgeDir[e] !== 2) arcOffset[edgeFrom[e] + 1]++;
    if (edgeDir[e] !== 1) arcOffset[edgeTo[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) arcOffset[n + 1] += arcOffset[n];
  const arcCount = arcOffset[nodeCount];
  const arcTarget = new Int32Array(arcCount), arcEdge = new Int32Array(arcCount);
  const fill = arcOffset.slice(0, nodeCount);
  for (let e = 0; e < edgeCount; e++) {
    if (edgeDir[e] !== 2) {
      const a = fill[edgeFrom[e]]++;
      arcTarget[a] = edgeTo[e];
      arcEdge[a] = e;
    }
    if (edgeDir[e] !== 1) {
      const a = fill[edgeTo[e]]++;
      arcTarget[a] = edgeFrom[e];
      arcEdge[a] = e;
    }
  }

  // 7. Weakly connected components (union-find), renumbered longest first.
  const parent = new Int32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) parent[n] = n;
  const find = (n: number): number => {
    while (parent[n] !== n) {
      parent[n] = parent[parent[n]];
      n = parent[n];
    }
    return n;
  };
  for (let e = 0; e < edgeCount; e++) {
    const a = find(edgeFrom[e]), b = find(edgeTo[e]);
    if (a !== b) parent[a] = b;
  }
  const rootComp = new Int32Array(nodeCount).fill(-1);
  const compLen: number[] = [];
  const compEdges: number[] = [];
  const nodeComponentRaw = new Int32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    const r = find(n);
    if (rootComp[r] < 0) {
      rootComp[r] = compLen.length;
      compLen.push(0);
      compEdges.push(0);
    }
    nodeComponentRaw[n] = rootComp[r];
  }
  for (let e = 0; e < edgeCount; e++) {
    const c = nodeComponentRaw[edgeFrom[e]];
    compLen[c] += edgeLengthMeters[e];
    compEdges[c]++;
  }
  const order = compLen.map((_, i) => i).sort((a, b) => compLen[b] - compLen[a] || a - b);
  const renum = new Int32Array(order.length);
  order.forEach((c, i) => (renum[c] = i));
  const nodeComponent = new Int32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) nodeComponent[n] = renum[nodeComponentRaw[n]];

  const pieces: NetworkPiece[] = [];
  if (order.length > 1) {
    const names: Set<string>[] = [];
    const bbox: [number, number, number, number][] = [];
    for (let i = 0; i < order.length; i++) {
      names.push(new Set());
      bbox.push([Infinity, Infinity, -Infinity, -Infinity]);
    }
    for (let e = 0; e < edgeCount; e++) {
      const c = nodeComponent[edgeFrom[e]];
      if (c === 0) continue;
      const nm = roads.features[edgeRoad[e]].properties?.name;
      if (typeof nm === 'string' && nm && names[c].size < 5) names[c].add(nm);
      for (const n of [edgeFrom[e], edgeTo[e]]) {
        const lon = proj.lon(nodeX[n]), lat = proj.lat(nodeY[n]);
        const b = bbox[c];
        if (lon < b[0]) b[0] = lon;
        if (lat < b[1]) b[1] = lat;
        if (lon > b[2]) b[2] = lon;
        if (lat > b[3]) b[3] = lat;
      }
    }
    for (let i = 1; i < order.length; i++) {
      const raw = order[i];
      pieces.push({ component: i, edgeCount: compEdges[raw], lengthMeters: compLen[raw], roadNames: [...names[i]], bbox: bbox[i] });
    }
  }

  const graph: RoadGraph = {
    projection: proj,
    nodeCount,
    nodeX: nodeX.slice(0, nodeCount),
    nodeY: nodeY.slice(0, nodeCount),
    edgeCount,
    edgeFrom,
    edgeTo,
    edgeLengthMeters,
    edgeDir,
    edgeClass,
    classNames,
    edgeSpeedKmh,
    edgeRoad,
    arcOffset,
    arcTarget,
    arcEdge,
    nodeComponent,
    componentCount: order.length,
    pieces,
    skippedRoads: skipped,
    excludedRoads: excluded,
  };
  return { graph, segFirstEdge };
}

/**
 * Travel time of every edge in seconds: length ÷ (speed × traffic factor), where the speed is the
 * road's own `speed_kmh` when given, else the class speed, else `speeds.other`. Cheap: call it
 * again when the speed table or the traffic factor changes; the graph stays.
 *
 * @param graph - from {@link buildRoadGraph}.
 * @param speedsKmh - class → km/h (see `defaultSpeedTable()`); must hold `other`.
 * @param trafficFactor - 1 = free flow; < 1 slows every road (peak traffic).
 * @returns Float64Array of seconds, one per edge.
 */
export function edgeTravelTimes(graph: RoadGraph, speedsKmh: SpeedTableKmh, trafficFactor = 1): Float64Array {
  if (!(trafficFactor > 0) || !Number.isFinite(trafficFactor)) throw new Error('trafficFactor must be a positive number');
  const other = speedsKmh.other;
  if (!(other > 0)) throw new Error('speedsKmh.other must be a positive speed');
  const classSpeed = graph.classNames.map((c) => {
    const v = speedsKmh[c];
    if (v !== undefined && !(v > 0)) throw new Error(`speed for road class "${c}" must be positive`);
    return v ?? other;
  });
  const out = new Float64Array(graph.edgeCount);
  for (let e = 0; e < graph.edgeCount; e++) {
    const own = graph.edgeSpeedKmh[e];
    const kmh = own > 0 ? own : classSpeed[graph.edgeClass[e]];
    out[e] = graph.edgeLengthMeters[e] / ((kmh * trafficFactor) / 3.6);
  }
  return out;
}

/**
 * {@link buildRoadGraph} again, for roads that differ from those `base` was built from in a few
 * features (a road cut at one more or one fewer fire-lane problem): the same graph as building
 * from scratch with base's options, value for value, in a fraction of the time. A feature object
 * found in both lists is unchanged; any other is changed. The split points of two unchanged
 * segments (a crossing, a road end on another road) depend on those two alone and are taken from
 * base; only pairs with a changed segment are tested (all pairs when the unchanged features are
 * not in base's order). The nodes, edges, arcs and components are then built as usual (they depend
 * on the order of everything).
 *
 * @param base - a graph built with `keepBuild`
 * @param roads - the new roads
 * @returns the graph and, per edge, the edge of `base` with the same ends, length and attributes (-1: none);
 *   null when `base` was built without `keepBuild`
 * @example rebuildRoadGraph(buildRoadGraph(cutRoads, { keepBuild: true }), otherCut)?.graph.edgeCount
 */
export function rebuildRoadGraph(base: RoadGraph, roads: FeatureCollection<Geometry | null>): { graph: RoadGraph; baseEdge: Int32Array } | null {
  const b = builds.get(base);
  if (!b) return null;
  if (!roads || !Array.isArray(roads.features)) throw new Error('roads must be a GeoJSON FeatureCollection');
  const s = roadSegments(roads, b.options);
  const oldFeature = new Map<Feature<Geometry | null>, number>();
  b.roads.forEach((f, i) => oldFeature.set(f, i));
  const sameProjection = s.proj.lon0 === base.projection.lon0 && s.proj.lat0 === base.projection.lat0 && oldFeature.size === b.roads.length;
  const oldSegCount = b.featureSeg[b.roads.length];
  // Segments of unchanged features, both ways (-1: changed).
  const newToOld = new Int32Array(s.segCount).fill(-1);
  const oldToNew = new Int32Array(oldSegCount).fill(-1);
  if (sameProjection) {
    const used = new Uint8Array(b.roads.length);
    roads.features.forEach((f, fi) => {
      const fo = oldFeature.get(f);
      if (fo === undefined || used[fo]) return;
      used[fo] = 1;
      const n0 = s.featureSeg[fi], n = s.featureSeg[fi + 1] - n0, o0 = b.featureSeg[fo];
      if (n !== b.featureSeg[fo + 1] - o0) return;
      for (let k = 0; k < n; k++) {
        newToOld[n0 + k] = o0 + k;
        oldToNew[o0 + k] = n0 + k;
      }
    });
  }
  // A pair's split points are computed with the lower segment first: unchanged segments must keep their order.
  let ordered = true;
  for (let i = 0, last = -1; i < s.segCount && ordered; i++) {
    if (newToOld[i] < 0) continue;
    ordered = newToOld[i] > last;
    last = newToOld[i];
  }
  let splits: RoadSplits;
  if (!sameProjection || !ordered) splits = allSplits(s);
  else {
    splits = { seg: [], t: [], partner: [] };
    const { seg, t, partner } = b.splits;
    for (let k = 0; k < seg.length; k++) {
      const sn = oldToNew[seg[k]], pn = oldToNew[partner[k]];
      if (sn < 0 || pn < 0) continue;
      splits.seg.push(sn);
      splits.t.push(t[k]);
      splits.partner.push(pn);
    }
    // Pairs with a changed segment: a bucket grid over the changed segments' grown boxes, and
    // every segment looked up in the buckets its own box touches.
    const changed: number[] = [];
    for (let i = 0; i < s.segCount; i++) if (newToOld[i] < 0) changed.push(i);
    if (changed.length > s.segCount / 4) splits = allSplits(s);
    else if (changed.length > 0) {
      const cb = changed.map((c) => segBox(s, c));
      let gx0 = Infinity, gy0 = Infinity, gx1 = -Infinity, gy1 = -Infinity;
      for (const [x0, y0, x1, y1] of cb) {
        gx0 = Math.min(gx0, x0); gy0 = Math.min(gy0, y0); gx1 = Math.max(gx1, x1); gy1 = Math.max(gy1, y1);
      }
      const w = Math.max(1, gx1 - gx0), h = Math.max(1, gy1 - gy0);
      let bw = Math.max(1, Math.sqrt((w * h) / changed.length));
      while ((w / bw + 1) * (h / bw + 1) > 4 * changed.length + 64) bw *= 1.5;
      const cols = Math.floor(w / bw) + 1, rows = Math.floor(h / bw) + 1;
      const col = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - gx0) / bw)));
      const row = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - gy0) / bw)));
      const bucket: number[][] = Array.from({ length: cols * rows }, () => []);
      cb.forEach(([x0, y0, x1, y1], k) => {
        for (let r = row(y0); r <= row(y1); r++) for (let c = col(x0); c <= col(x1); c++) bucket[r * cols + c].push(k);
      });
      const seen = new Int32Array(changed.length).fill(-1);
      const { sx0, sy0, sx1, sy1, tol } = s;
      for (let x = 0; x < s.segCount; x++) {
        // segBox(s, x), without an array per segment
        const x0 = Math.min(sx0[x], sx1[x]) - tol, y0 = Math.min(sy0[x], sy1[x]) - tol;
        const x1 = Math.max(sx0[x], sx1[x]) + tol, y1 = Math.max(sy0[x], sy1[x]) + tol;
        if (x0 > gx1 || x1 < gx0 || y0 > gy1 || y1 < gy0) continue;
        for (let r = row(y0); r <= row(y1); r++) {
          for (let c = col(x0); c <= col(x1); c++) {
            for (const k of bucket[r * cols + c]) {
              if (seen[k] === x) continue;
              seen[k] = x;
              const ci = changed[k];
              // a pair of two changed segments once (from its lower one)
              if (x === ci || (newToOld[x] < 0 && x < ci)) continue;
              const bc = cb[k];
              if (Math.max(bc[0], x0) > Math.min(bc[2], x1) || Math.max(bc[1], y0) > Math.min(bc[3], y1)) continue;
              pairSplits(s, Math.min(ci, x), Math.max(ci, x), splits);
            }
          }
        }
      }
    }
  }
  const { graph, segFirstEdge } = assembleRoadGraph(s, splits);
  // Edges of unchanged segments that came out as in base.
  const baseEdge = new Int32Array(graph.edgeCount).fill(-1);
  for (let sn = 0; sn < s.segCount; sn++) {
    const so = newToOld[sn];
    if (so < 0) continue;
    const n0 = segFirstEdge[sn], n = segFirstEdge[sn + 1] - n0, o0 = b.segFirstEdge[so];
    if (n !== b.segFirstEdge[so + 1] - o0) continue;
    let same = true;
    for (let k = 0; k < n && same; k++) same = sameEdge(graph, n0 + k, base, o0 + k);
    if (same) for (let k = 0; k < n; k++) baseEdge[n0 + k] = o0 + k;
  }
  return { graph, baseEdge };
}

/** Edge e of graph g and edge f of graph h: same end points, length, direction, class and speed. */
function sameEdge(g: RoadGraph, e: number, h: RoadGraph, f: number): boolean {
  const a = g.edgeFrom[e], b = g.edgeTo[e], c = h.edgeFrom[f], d = h.edgeTo[f];
  return (
    g.nodeX[a] === h.nodeX[c] && g.nodeY[a] === h.nodeY[c] && g.nodeX[b] === h.nodeX[d] && g.nodeY[b] === h.nodeY[d] &&
    g.edgeLengthMeters[e] === h.edgeLengthMeters[f] && g.edgeDir[e] === h.edgeDir[f] &&
    g.classNames[g.edgeClass[e]] === h.classNames[h.edgeClass[f]] && Object.is(g.edgeSpeedKmh[e], h.edgeSpeedKmh[f])
  );
}
