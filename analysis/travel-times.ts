import type { RoadGraph } from './road-graph.ts';
import { DISTANCE_TOLERANCE_M } from './geo.ts';

/**
 * Points placed on the network: each point's nearest edge, the position along it (0 at
 * `edgeFrom`, 1 at `edgeTo`) and the straight access distance from the point to that position.
 * `edge` is -1 for points farther than the maximum access distance from every road.
 */
export interface SnappedPoints {
  count: number;
  edge: Int32Array;
  fraction: Float64Array;
  accessMeters: Float64Array;
  /** The snapped points grouped by edge (CSR): points of edge e are byEdge[byEdgeOffset[e] … byEdgeOffset[e+1]-1]. */
  byEdgeOffset: Int32Array;
  byEdge: Int32Array;
  /** fraction and accessMeters in `byEdge` order, for sequential reads. */
  byEdgeFraction: Float64Array;
  byEdgeAccessMeters: Float64Array;
}

/** Group snapped points by edge (counting sort), so that recomputes read them edge by edge. */
function groupByEdge(edgeCount: number, edge: Int32Array, fraction: Float64Array, accessMeters: Float64Array) {
  const byEdgeOffset = new Int32Array(edgeCount + 1);
  for (let i = 0; i < edge.length; i++) if (edge[i] >= 0) byEdgeOffset[edge[i] + 1]++;
  for (let e = 0; e < edgeCount; e++) byEdgeOffset[e + 1] += byEdgeOffset[e];
  const m = byEdgeOffset[edgeCount];
  const byEdge = new Int32Array(m), byEdgeFraction = new Float64Array(m), byEdgeAccessMeters = new Float64Array(m);
  const fill = byEdgeOffset.slice(0, edgeCount);
  for (let i = 0; i < edge.length; i++) {
    const e = edge[i];
    if (e < 0) continue;
    const k = fill[e]++;
    byEdge[k] = i;
    byEdgeFraction[k] = fraction[i];
    byEdgeAccessMeters[k] = accessMeters[i];
  }
  return { byEdgeOffset, byEdge, byEdgeFraction, byEdgeAccessMeters };
}

/**
 * A bucket grid over the graph's edges, built once and reused for every snap: square buckets of
 * `bucketMeters` (about one edge per bucket on average), each listing the edges whose bounding
 * box overlaps it (CSR arrays).
 */
export interface EdgeIndex {
  graph: RoadGraph;
  originX: number;
  originY: number;
  bucketMeters: number;
  cols: number;
  rows: number;
  offset: Int32Array;
  edges: Int32Array;
}

/** Build the edge index used by {@link snapToNetwork}. */
export function buildEdgeIndex(graph: RoadGraph): EdgeIndex {
  const { nodeX, nodeY, edgeFrom, edgeTo, edgeCount } = graph;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let n = 0; n < graph.nodeCount; n++) {
    if (nodeX[n] < x0) x0 = nodeX[n];
    if (nodeX[n] > x1) x1 = nodeX[n];
    if (nodeY[n] < y0) y0 = nodeY[n];
    if (nodeY[n] > y1) y1 = nodeY[n];
  }
  const w = Math.max(1, x1 - x0), h = Math.max(1, y1 - y0);
  let bucket = Math.max(20, Math.sqrt((w * h) / Math.max(1, edgeCount)));
  while ((w / bucket + 1) * (h / bucket + 1) > 8_000_000) bucket *= 1.5;
  const cols = Math.floor(w / bucket) + 1, rows = Math.floor(h / bucket) + 1;
  const offset = new Int32Array(cols * rows + 1);
  const range = (e: number, out: Int32Array) => {
    const a = edgeFrom[e], b = edgeTo[e];
    out[0] = Math.floor((Math.min(nodeX[a], nodeX[b]) - x0) / bucket);
    out[1] = Math.floor((Math.max(nodeX[a], nodeX[b]) - x0) / bucket);
    out[2] = Math.floor((Math.min(nodeY[a], nodeY[b]) - y0) / bucket);
    out[3] = Math.floor((Math.max(nodeY[a], nodeY[b]) - y0) / bucket);
  };
  const r = new Int32Array(4);
  for (let e = 0; e < edgeCount; e++) {
    range(e, r);
    for (let cy = r[2]; cy <= r[3]; cy++) for (let cx = r[0]; cx <= r[1]; cx++) offset[cy * cols + cx + 1]++;
  }
  for (let i = 0; i < cols * rows; i++) offset[i + 1] += offset[i];
  const edges = new Int32Array(offset[cols * rows]);
  const fill = offset.slice(0, cols * rows);
  for (let e = 0; e < edgeCount; e++) {
    range(e, r);
    for (let cy = r[2]; cy <= r[3]; cy++) for (let cx = r[0]; cx <= r[1]; cx++) edges[fill[cy * cols + cx]++] = e;
  }
  return { graph, originX: x0, originY: y0, bucketMeters: bucket, cols, rows, offset, edges };
}

/**
 * Snap points (lon/lat columns) to the nearest point of the road network, within a maximum access
 * distance. Search: the buckets around the point ring by ring outwards, with the exact
 * point-to-segment distance in the graph's local metric projection, until the next ring is
 * farther than the best distance found (or than `maxAccessMeters`). Done once per point set;
 * recomputes only read the result.
 *
 * @param index - from {@link buildEdgeIndex}.
 * @param lon - longitudes (degrees).
 * @param lat - latitudes (degrees), same length.
 * @param maxAccessMeters - points farther from every road get edge -1.
 * @param groupByEdges - also group the points by edge, as {@link pointTravelTimes} needs (default true; false for a few points such as stations).
 * @returns typed arrays, one entry per point.
 */
export function snapToNetwork(index: EdgeIndex, lon: ArrayLike<number>, lat: ArrayLike<number>, maxAccessMeters: number, groupByEdges = true): SnappedPoints {
  if (lon.length !== lat.length) throw new Error('lon and lat must have the same length');
  if (!(maxAccessMeters >= 0)) throw new Error('maxAccessMeters must be ≥ 0');
  const { graph, originX, originY, bucketMeters: B, cols, rows, offset, edges } = index;
  const { nodeX, nodeY, edgeFrom, edgeTo, projection: proj } = graph;
  const n = lon.length;
  const edge = new Int32Array(n).fill(-1);
  const fraction = new Float64Array(n);
  const accessMeters = new Float64Array(n).fill(Infinity);
  // exactly the maximum access distance is within it (to DISTANCE_TOLERANCE_M)
  const maxReach = maxAccessMeters + DISTANCE_TOLERANCE_M;
  const max2 = maxReach * maxReach;
  // Visit the points bucket by bucket (counting sort), so that neighbouring points reuse the
  // same edges in cache.
  const buckets = cols * rows;
  const order = new Int32Array(n);
  if (n > 4096) {
    const key = new Int32Array(n);
    const count = new Int32Array(buckets + 1);
    for (let i = 0; i < n; i++) {
      const cx = Math.min(cols - 1, Math.max(0, Math.floor((proj.x(lon[i]) - originX) / B)));
      const cy = Math.min(rows - 1, Math.max(0, Math.floor((proj.y(lat[i]) - originY) / B)));
      const k = Number.isFinite(cx) && Number.isFinite(cy) ? cy * cols + cx : 0;
      key[i] = k;
      count[k + 1]++;
    }
    for (let k = 0; k < buckets; k++) count[k + 1] += count[k];
    for (let i = 0; i < n; i++) order[count[key[i]]++] = i;
  } else {
    for (let i = 0; i < n; i++) order[i] = i;
  }
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi];
    const lo = lon[i], la = lat[i];
    if (!Number.isFinite(lo) || !Number.isFinite(la)) continue;
    const px = proj.x(lo), py = proj.y(la);
    const fx = (px - originX) / B, fy = (py - originY) / B;
    const bx = Math.floor(fx), by = Math.floor(fy);
    let best = Infinity, bestE = -1, bestT = 0;
    for (let ring = 0; ; ring++) {
      // Every point outside rings 0…ring-1 is at least this far away.
      if (ring > 0) {
        const inner = Math.min(fx - (bx - ring + 1), bx + ring - fx, fy - (by - ring + 1), by + ring - fy) * B;
        const d = Math.max(0, inner);
        if (d * d > best || d * d > max2) break;
      }
      // The rings so far already cover the whole grid.
      if (ring > 0 && bx - ring + 1 <= 0 && by - ring + 1 <= 0 && bx + ring - 1 >= cols - 1 && by + ring - 1 >= rows - 1) break;
      const cx0 = bx - ring, cx1 = bx + ring, cy0 = by - ring, cy1 = by + ring;
      for (let cy = cy0; cy <= cy1; cy++) {
        if (cy < 0 || cy >= rows) continue;
        const edgeRow = cy === cy0 || cy === cy1;
        for (let cx = cx0; cx <= cx1; cx += edgeRow || ring === 0 ? 1 : cx1 - cx0) {
          if (cx >= 0 && cx < cols) {
            const cell = cy * cols + cx;
            for (let k = offset[cell], end = offset[cell + 1]; k < end; k++) {
              const e = edges[k];
              const a = edgeFrom[e], b = edgeTo[e];
              const ax = nodeX[a], ay = nodeY[a];
              const vx = nodeX[b] - ax, vy = nodeY[b] - ay;
              const len2 = vx * vx + vy * vy;
              let t = len2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / len2 : 0;
              t = t < 0 ? 0 : t > 1 ? 1 : t;
              const dx = ax + t * vx - px, dy = ay + t * vy - py;
              const d2 = dx * dx + dy * dy;
              if (d2 < best || (d2 === best && e < bestE)) {
                best = d2;
                bestE = e;
                bestT = t;
              }
            }
          }
          if (cx1 === cx0) break;
        }
      }
    }
    if (bestE >= 0 && best <= max2) {
      edge[i] = bestE;
      fraction[i] = bestT;
      accessMeters[i] = Math.sqrt(best);
    }
  }
  const grouped = groupByEdges
    ? groupByEdge(graph.edgeCount, edge, fraction, accessMeters)
    : { byEdgeOffset: new Int32Array(0), byEdge: new Int32Array(0), byEdgeFraction: new Float64Array(0), byEdgeAccessMeters: new Float64Array(0) };
  return { count: n, edge, fraction, accessMeters, ...grouped };
}

/**
 * The points of `prev` (snapped to `prevGraph` by {@link snapToNetwork}) snapped to a graph rebuilt
 * from it ({@link rebuildRoadGraph}): the same as snapping them all again, value for value, but
 * only the points near a new edge, or on an edge that is gone, are searched again; the others keep
 * their place on the same edge under its new number. Exact because the kept edges have the same
 * geometry and keep their order (ties go to the lower number in both), and every new edge is
 * farther from a kept point than its old road point; else (order not kept, another projection)
 * every point is snapped again.
 *
 * @param prev - the points snapped to `prevGraph` (with the same lon/lat and `maxAccessMeters`)
 * @param prevGraph - the graph `prev` was snapped to
 * @param index - the edge index of the rebuilt graph ({@link buildEdgeIndex})
 * @param baseEdge - per edge of `index.graph`, the same edge of `prevGraph`, -1 for a new edge
 * @param lon - longitudes of the points (as snapped in `prev`)
 * @param lat - latitudes, same length
 * @param maxAccessMeters - as for `prev`
 * @returns the points snapped to `index.graph`, as {@link snapToNetwork} gives them
 * @example snapAfterRebuild(prep.cellSnap, prep.graph, buildEdgeIndex(r.graph), r.baseEdge, lon, lat, 300)
 */
export function snapAfterRebuild(
  prev: SnappedPoints,
  prevGraph: RoadGraph,
  index: EdgeIndex,
  baseEdge: Int32Array,
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  maxAccessMeters: number,
): SnappedPoints {
  const g = index.graph;
  const n = lon.length;
  if (prev.count !== n || g.projection.lon0 !== prevGraph.projection.lon0 || g.projection.lat0 !== prevGraph.projection.lat0) return snapToNetwork(index, lon, lat, maxAccessMeters);
  const toNew = new Int32Array(prevGraph.edgeCount).fill(-1);
  const fresh: number[] = [];
  let last = -1;
  for (let e = 0; e < g.edgeCount; e++) {
    const o = baseEdge[e];
    if (o < 0) {
      fresh.push(e);
      continue;
    }
    if (o <= last) return snapToNetwork(index, lon, lat, maxAccessMeters);
    last = o;
    toNew[o] = e;
  }
  const { nodeX, nodeY, edgeFrom, edgeTo, projection: proj } = g;
  // The new edges in buckets of the maximum access distance (+ a margin over rounding), each in the
  // buckets its box grown by that distance touches: a point looks in its own bucket only.
  const maxReach = maxAccessMeters + DISTANCE_TOLERANCE_M; // as snapToNetwork
  const m = maxReach * (1 + 1e-9) + 1e-6;
  const B = Math.max(m, 1);
  const buckets = new Map<number, number[]>();
  const key = (cx: number, cy: number) => cx * 67_108_864 + cy;
  // and the box of all the buckets, to pass over most points without a look-up
  let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
  for (const e of fresh) {
    const a = edgeFrom[e], b = edgeTo[e];
    const cx0 = Math.floor((Math.min(nodeX[a], nodeX[b]) - m) / B), cx1 = Math.floor((Math.max(nodeX[a], nodeX[b]) + m) / B);
    const cy0 = Math.floor((Math.min(nodeY[a], nodeY[b]) - m) / B), cy1 = Math.floor((Math.max(nodeY[a], nodeY[b]) + m) / B);
    bx0 = Math.min(bx0, cx0); bx1 = Math.max(bx1, cx1); by0 = Math.min(by0, cy0); by1 = Math.max(by1, cy1);
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const k = key(cx, cy);
        const list = buckets.get(k);
        if (list) list.push(e);
        else buckets.set(k, [e]);
      }
    }
  }
  const edge = new Int32Array(n).fill(-1);
  const fraction = new Float64Array(n);
  const accessMeters = new Float64Array(n).fill(Infinity);
  const again: number[] = [];
  for (let i = 0; i < n; i++) {
    const eo = prev.edge[i];
    if (eo >= 0 && toNew[eo] < 0) {
      again.push(i);
      continue;
    }
    let redo = false;
    const px = proj.x(lon[i]), py = proj.y(lat[i]);
    const cx = Math.floor(px / B), cy = Math.floor(py / B);
    const near = cx >= bx0 && cx <= bx1 && cy >= by0 && cy <= by1 ? buckets.get(key(cx, cy)) : undefined;
    if (near) {
      const lim = eo >= 0 ? prev.accessMeters[i] : maxReach;
      // a margin over rounding: searching a point again is always right
      const lim2 = lim * lim * (1 + 1e-9) + 1e-9;
      for (const e of near) {
        const ax = nodeX[edgeFrom[e]], ay = nodeY[edgeFrom[e]];
        const vx = nodeX[edgeTo[e]] - ax, vy = nodeY[edgeTo[e]] - ay;
        const len2 = vx * vx + vy * vy;
        let t = len2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / len2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const dx = ax + t * vx - px, dy = ay + t * vy - py;
        if (dx * dx + dy * dy <= lim2) {
          redo = true;
          break;
        }
      }
    }
    if (redo) {
      again.push(i);
      continue;
    }
    if (eo >= 0) edge[i] = toNew[eo];
    fraction[i] = prev.fraction[i];
    accessMeters[i] = prev.accessMeters[i];
  }
  if (again.length > 0) {
    const r = snapToNetwork(index, again.map((i) => lon[i]), again.map((i) => lat[i]), maxAccessMeters, false);
    again.forEach((i, k) => {
      edge[i] = r.edge[k];
      fraction[i] = r.fraction[k];
      accessMeters[i] = r.accessMeters[k];
    });
  }
  return { count: n, edge, fraction, accessMeters, ...groupByEdge(g.edgeCount, edge, fraction, accessMeters) };
}

/** A source of the multi-source search: a place on an edge and the time it starts from there. */
export interface TravelSource {
  edge: number;
  /** 0 at the edge's `from` node, 1 at its `to` node. */
  fraction: number;
  /** Seconds already spent when the vehicle is on the road here (turnout + access). */
  startSec: number;
}

/** Node times from {@link multiSourceTravelTimes}. */
export interface NodeTimes {
  /** Seconds; Infinity when not reached within the cutoff. */
  timeSec: Float64Array;
  /** Index into the sources of the first-reaching source; -1 when not reached. */
  source: Int32Array;
  /** Sources grouped by edge, for points on a source's own edge. */
  sources: readonly TravelSource[];
  cutoffSec: number;
  /** The workspace the arrays live in (reused by the next search on it). */
  workspace: DijkstraWorkspace;
  /** The nodes reached, in the order they were settled (the first `settledCount` entries). */
  settled: Int32Array;
  settledCount: number;
}

/** Reusable work arrays for {@link multiSourceTravelTimes}, sized to a graph. */
export interface DijkstraWorkspace {
  timeSec: Float64Array;
  source: Int32Array;
  heapKey: Float64Array;
  heapNode: Int32Array;
  settled: Int32Array;
  /** Per-edge stamp used by {@link pointTravelTimes} to visit each edge once. */
  edgeStamp: Int32Array;
  stamp: number;
}

/** Allocate a workspace for repeated searches on the same graph. */
export function createWorkspace(graph: RoadGraph): DijkstraWorkspace {
  const cap = Math.max(16, graph.arcTarget.length + 16);
  return {
    timeSec: new Float64Array(graph.nodeCount),
    source: new Int32Array(graph.nodeCount),
    heapKey: new Float64Array(cap),
    heapNode: new Int32Array(cap),
    settled: new Int32Array(graph.nodeCount),
    edgeStamp: new Int32Array(graph.edgeCount),
    stamp: 0,
  };
}

/**
 * Multi-source shortest travel times with a cutoff: Dijkstra over the CSR graph with a binary heap
 * in typed arrays (lazy deletion), started from every source at once, each with its own start
 * time. One-way edges are followed only in their direction. Nodes later than `cutoffSec` are left
 * at Infinity.
 *
 * @param graph - from `buildRoadGraph`.
 * @param edgeTimeSec - seconds per edge (`edgeTravelTimes`).
 * @param sources - places on edges with start times.
 * @param cutoffSec - stop the search beyond this time (Infinity for the whole network).
 * @param workspace - optional reusable arrays (results are written into them and returned).
 * @returns node times and the first-reaching source of every node.
 */
export function multiSourceTravelTimes(
  graph: RoadGraph,
  edgeTimeSec: Float64Array,
  sources: readonly TravelSource[],
  cutoffSec: number,
  workspace?: DijkstraWorkspace,
): NodeTimes {
  if (edgeTimeSec.length !== graph.edgeCount) throw new Error('edgeTimeSec must have one entry per edge');
  if (!(cutoffSec >= 0)) throw new Error('cutoffSec must be ≥ 0');
  const ws = workspace ?? createWorkspace(graph);
  const { timeSec, source } = ws;
  let heapKey = ws.heapKey, heapNode = ws.heapNode;
  timeSec.fill(Infinity);
  source.fill(-1);
  const settled = ws.settled;
  let settledCount = 0;
  const { arcOffset, arcTarget, arcEdge, edgeFrom, edgeTo, edgeDir } = graph;
  let size = 0;
  const push = (node: number, key: number) => {
    if (size === heapKey.length) {
      const k2 = new Float64Array(size * 2), n2 = new Int32Array(size * 2);
      k2.set(heapKey);
      n2.set(heapNode);
      heapKey = ws.heapKey = k2;
      heapNode = ws.heapNode = n2;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapKey[p] <= key) break;
      heapKey[i] = heapKey[p];
      heapNode[i] = heapNode[p];
      i = p;
    }
    heapKey[i] = key;
    heapNode[i] = node;
  };
  const relax = (node: number, t: number, s: number) => {
    if (t <= cutoffSec && t < timeSec[node]) {
      timeSec[node] = t;
      source[node] = s;
      push(node, t);
    }
  };
  sources.forEach((src, s) => {
    const e = src.edge;
    if (!(e >= 0 && e < graph.edgeCount)) throw new Error(`source ${s}: edge ${e} is not in the graph`);
    if (!(src.fraction >= 0 && src.fraction <= 1)) throw new Error(`source ${s}: fraction must be in [0, 1]`);
    if (!Number.isFinite(src.startSec)) throw new Error(`source ${s}: startSec must be finite`);
    const te = edgeTimeSec[e];
    if (edgeDir[e] !== 2) relax(edgeTo[e], src.startSec + (1 - src.fraction) * te, s);
    if (edgeDir[e] !== 1) relax(edgeFrom[e], src.startSec + src.fraction * te, s);
  });
  while (size > 0) {
    const node = heapNode[0], key = heapKey[0];
    // pop
    size--;
    if (size > 0) {
      const lk = heapKey[size], ln = heapNode[size];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && heapKey[c + 1] < heapKey[c]) c++;
        if (heapKey[c] >= lk) break;
        heapKey[i] = heapKey[c];
        heapNode[i] = heapNode[c];
        i = c;
      }
      heapKey[i] = lk;
      heapNode[i] = ln;
    }
    if (key > timeSec[node]) continue;
    settled[settledCount++] = node;
    const s = source[node];
    for (let a = arcOffset[node], end = arcOffset[node + 1]; a < end; a++) {
      const t = key + edgeTimeSec[arcEdge[a]];
      const m = arcTarget[a];
      if (t <= cutoffSec && t < timeSec[m]) {
        timeSec[m] = t;
        source[m] = s;
        push(m, t);
      }
    }
  }
  return { timeSec, source, sources, cutoffSec, settled, settledCount, workspace: ws };
}

/**
 * Two travel times closer than this (seconds) are the same time: a time limit ("reached within
 * 5 minutes") is met when the time is within it of the limit, as a distance limit is met to
 * {@link DISTANCE_TOLERANCE_M}. Times are kept as 32-bit floats (half a unit in the last place is
 * 0.015 ms at 5 min, 0.12 ms at 60 min), and sums of edge times carry float64 rounding. A road's own
 * `speed_kmh` was a 32-bit float too until session 16 (a household the model puts exactly at 300 s
 * on a 32.17 km/h road came out 300.00003 s); it is float64 now and that case is exactly 300 s. 1 ms is
 * above that noise and, like the 1 mm of distances, far below anything the speeds resolve: 1.4 mm
 * at the 5 km/h access speed, 1.7 cm at 60 km/h. A time 10 ms over a limit is over it. Not a
 * planning parameter.
 */
export const TIME_TOLERANCE_S = 0.001;

/**
 * The latest time, in seconds, that meets a limit of `minutes` (minutes × 60 + the tolerance):
 * compare with `t <= timeLimitSec(m)`. The tolerance is {@link TIME_TOLERANCE_S} for network
 * times; a fire run in straight-line mode passes its own (`FireCoverageResult.limitToleranceSec`,
 * 1 mm of straight distance at its speed), since there the limit is a distance.
 * @example timeLimitSec(5) // 300.001
 */
export function timeLimitSec(minutes: number, toleranceSec: number = TIME_TOLERANCE_S): number {
  return minutes * 60 + toleranceSec;
}

/** Times of snapped points from {@link pointTravelTimes}. */
export interface PointTimes {
  /** Seconds including access; Infinity when off the network or later than the cutoff. */
  timeSec: Float32Array;
  /** First-reaching source; -1 when not reached. */
  source: Int32Array;
}

/**
 * Travel time to snapped points: the better of arriving along the point's edge from its two end
 * nodes (respecting one-way), or straight from a source on the same edge, plus the access walk
 * (`accessMeters` ÷ access speed). A linear pass; no search.
 *
 * @param graph - the graph the points were snapped to.
 * @param edgeTimeSec - seconds per edge.
 * @param nodes - result of {@link multiSourceTravelTimes}.
 * @param points - result of {@link snapToNetwork}.
 * @param accessSpeedKmh - speed of the access leg off the road.
 * @param out - optional arrays to write into.
 */
export function pointTravelTimes(
  graph: RoadGraph,
  edgeTimeSec: Float64Array,
  nodes: NodeTimes,
  points: SnappedPoints,
  accessSpeedKmh: number,
  out?: PointTimes,
): PointTimes {
  if (!(accessSpeedKmh > 0)) throw new Error('accessSpeedKmh must be positive');
  const n = points.count;
  const timeSec = out?.timeSec ?? new Float32Array(n);
  const source = out?.source ?? new Int32Array(n);
  timeSec.fill(Infinity);
  source.fill(-1);
  const { edgeFrom, edgeTo, edgeDir, edgeCount } = graph;
  const { timeSec: nt, source: ns, sources, cutoffSec } = nodes;
  const accessMps = accessSpeedKmh / 3.6;
  // Sources by edge (few).
  const onEdge = new Map<number, number[]>();
  sources.forEach((s, i) => {
    const l = onEdge.get(s.edge);
    if (l) l.push(i);
    else onEdge.set(s.edge, [i]);
  });
  const { byEdgeOffset, byEdge, byEdgeFraction, byEdgeAccessMeters } = points;
  if (byEdgeOffset.length !== edgeCount + 1) throw new Error('points must be snapped to this graph with groupByEdges');
  // Only edges leaving a reached node (or holding a source) can hold a reached point; each is
  // visited once (stamped).
  const ws = nodes.workspace;
  const stamp = ++ws.stamp;
  const { edgeStamp } = ws;
  const { arcOffset, arcEdge } = graph;
  const candidates: number[] = [];
  for (const e of onEdge.keys()) {
    edgeStamp[e] = stamp;
    candidates.push(e);
  }
  for (let q = 0; q < nodes.settledCount; q++) {
    const v = nodes.settled[q];
    for (let a = arcOffset[v], end = arcOffset[v + 1]; a < end; a++) {
      const e = arcEdge[a];
      if (edgeStamp[e] !== stamp) {
        edgeStamp[e] = stamp;
        candidates.push(e);
      }
    }
  }
  for (let c = 0; c < candidates.length; c++) {
    const e = candidates[c];
    const k0 = byEdgeOffset[e], k1 = byEdgeOffset[e + 1];
    if (k0 === k1) continue;
    const dir = edgeDir[e];
    const a = edgeFrom[e], b = edgeTo[e];
    const ta = dir !== 2 ? nt[a] : Infinity, tb = dir !== 1 ? nt[b] : Infinity;
    const here = onEdge.size > 0 ? onEdge.get(e) : undefined;
    if (ta === Infinity && tb === Infinity && !here) continue;
    const te = edgeTimeSec[e];
    const sa = ns[a], sb = ns[b];
    for (let k = k0; k < k1; k++) {
      const f = byEdgeFraction[k];
      let best = Infinity, bs = -1;
      const t1 = ta + f * te;
      if (t1 < best) {
        best = t1;
        bs = sa;
      }
      const t2 = tb + (1 - f) * te;
      if (t2 < best) {
        best = t2;
        bs = sb;
      }
      if (here) {
        for (const si of here) {
          const s = sources[si];
          const d = f - s.fraction;
          if ((d >= 0 && dir !== 2) || (d <= 0 && dir !== 1)) {
            const t = s.startSec + Math.abs(d) * te;
            if (t < best) {
              best = t;
              bs = si;
            }
          }
        }
      }
      best += byEdgeAccessMeters[k] / accessMps;
      if (best <= cutoffSec) {
        const i = byEdge[k];
        timeSec[i] = best;
        source[i] = bs;
      }
    }
  }
  return { timeSec, source };
}
