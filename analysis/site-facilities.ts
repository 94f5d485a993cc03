import KDBush from 'kdbush';
import { DISTANCE_TOLERANCE_M, LocalProjection, geodesicMeters } from './geo.ts';
import type { PointColumns } from './point-index.ts';
import type { RoadGraph } from './road-graph.ts';
import { checkCoverage, type SparseCoverage } from './sparse-coverage.ts';
import { solveSitingExact, type SitingExactResult } from './siting-exact.ts';
import type { MipSolver } from './mip-model.ts';

export { checkCoverage, type SparseCoverage };
import { createWorkspace, multiSourceTravelTimes, type DijkstraWorkspace, type SnappedPoints, type TravelSource } from './travel-times.ts';

/** Inputs of {@link solveMclp}. */
export interface MclpInput {
  coverage: SparseCoverage;
  /** Weight of each demand (households, persons, children, km²); ≥ 0, one per demand. */
  weights: Float64Array;
  /** Number of NEW facilities to choose, besides `preselected`. */
  p: number;
  /** Candidates placed before the search (spopt `predefined_facilities_arr`), in this order. */
  preselected?: ArrayLike<number>;
  /** 1 for demand already covered by existing facilities: it adds nothing to any pick. */
  alreadyCovered?: Uint8Array;
}

/** Inputs of {@link solveLscp}. */
export interface LscpInput {
  coverage: SparseCoverage;
  /** Demand with weight 0 need not be covered. Default: every demand counts. */
  weights?: Float64Array;
  preselected?: ArrayLike<number>;
  alreadyCovered?: Uint8Array;
  /**
   * When some demand is within reach of no candidate the set cover is infeasible and the solver
   * throws; with `coverableOnly` it covers what can be covered and reports the rest. Default false.
   */
  coverableOnly?: boolean;
}

/** The outcome of a siting model. */
export interface SitingSolution {
  /** Chosen candidates in the order picked (preselected first). */
  selected: number[];
  preselectedCount: number;
  /** Weight newly covered by each pick, in `selected` order (marginal households / persons / children). */
  addedWeight: number[];
  /** Demand items newly covered by each pick. */
  addedCount: number[];
  /** Total weight (of demand not already covered) and the part covered by the picks. */
  totalWeight: number;
  coveredWeight: number;
  /** coveredWeight ÷ totalWeight (1 when totalWeight is 0). */
  coveredShare: number;
  /** Demand items with positive weight, not already covered, left uncovered. */
  uncoveredCount: number;
  uncoveredWeight: number;
  /** Per demand: index into `selected` of the pick that first covered it; -1 when none (or already covered). */
  coveredBy: Int32Array;
  /** True when the search stopped before `p` picks because no candidate added anything. */
  exhausted: boolean;
  /** LSCP only: demand items with positive weight that no candidate reaches (with `coverableOnly`). */
  uncoverableCount?: number;
}

function checkPreselected(pre: ArrayLike<number> | undefined, m: number, who: string): number[] {
  const out: number[] = [];
  if (!pre) return out;
  const seen = new Set<number>();
  for (let i = 0; i < pre.length; i++) {
    const c = pre[i];
    if (!Number.isInteger(c) || c < 0 || c >= m) throw new Error(`${who}: preselected candidate ${c} is not a candidate index`);
    if (seen.has(c)) throw new Error(`${who}: candidate ${c} is preselected twice`);
    seen.add(c);
    out.push(c);
  }
  return out;
}

/**
 * A max-heap of candidates on typed arrays ordered by (key descending, candidate ascending), so
 * that ties always go to the lowest candidate index.
 */
class GainHeap {
  private key: Float64Array;
  private id: Int32Array;
  size = 0;
  constructor(cap: number) {
    this.key = new Float64Array(Math.max(1, cap));
    this.id = new Int32Array(Math.max(1, cap));
  }
  private before(k1: number, i1: number, k2: number, i2: number): boolean {
    return k1 > k2 || (k1 === k2 && i1 < i2);
  }
  push(k: number, c: number): void {
    let i = this.size++;
    const { key, id } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(k, c, key[p], id[p])) break;
      key[i] = key[p];
      id[i] = id[p];
      i = p;
    }
    key[i] = k;
    id[i] = c;
  }
  topKey(): number {
    return this.key[0];
  }
  topId(): number {
    return this.id[0];
  }
  pop(): void {
    const { key, id } = this;
    const n = --this.size;
    if (n === 0) return;
    const lk = key[n];
    const li = id[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(key[c + 1], id[c + 1], key[c], id[c])) c++;
      if (!this.before(key[c], id[c], lk, li)) break;
      key[i] = key[c];
      id[i] = id[c];
      i = c;
    }
    key[i] = lk;
    id[i] = li;
  }
}

/**
 * Greedy with lazy exact gains (CELF): candidates sit in a max-heap keyed by a stale upper bound
 * of their gain (gains only shrink as demand gets covered); the top one's gain is recomputed and
 * it is chosen when it still beats the next key, else pushed back with the fresh gain. Picks are
 * exactly those of plain greedy (largest gain, lowest index on ties).
 * @private
 */
function greedy(
  coverage: SparseCoverage,
  gainWeight: Float64Array,
  covered: Uint8Array,
  preselected: number[],
  maxPicks: number,
): { selected: number[]; added: number[]; addedCount: number[]; coveredBy: Int32Array; exhausted: boolean } {
  const { offset, demand, candidateCount: m } = coverage;
  const coveredBy = new Int32Array(coverage.demandCount).fill(-1);
  const selected: number[] = [];
  const added: number[] = [];
  const addedCount: number[] = [];
  const isSelected = new Uint8Array(m);
  const take = (c: number) => {
    let w = 0;
    let k = 0;
    for (let q = offset[c]; q < offset[c + 1]; q++) {
      const d = demand[q];
      if (covered[d]) continue;
      covered[d] = 1;
      coveredBy[d] = selected.length;
      w += gainWeight[d];
      k++;
    }
    isSelected[c] = 1;
    selected.push(c);
    added.push(w);
    addedCount.push(k);
  };
  const gain = (c: number) => {
    let w = 0;
    for (let q = offset[c]; q < offset[c + 1]; q++) {
      const d = demand[q];
      if (!covered[d]) w += gainWeight[d];
    }
    return w;
  };
  for (const c of preselected) take(c);
  const heap = new GainHeap(m);
  for (let c = 0; c < m; c++) {
    if (isSelected[c]) continue;
    const g = gain(c);
    if (g > 0) heap.push(g, c);
  }
  let exhausted = false;
  let picks = 0;
  while (picks < maxPicks) {
    let chosen = -1;
    while (heap.size > 0) {
      const c = heap.topId();
      heap.pop();
      const g = gain(c);
      if (g <= 0) continue;
      if (heap.size === 0 || g > heap.topKey() || (g === heap.topKey() && c < heap.topId())) {
        chosen = c;
        break;
      }
      heap.push(g, c);
    }
    if (chosen < 0) {
      exhausted = true;
      break;
    }
    take(chosen);
    picks++;
  }
  return { selected, added, addedCount, coveredBy, exhausted };
}

function summarise(
  res: ReturnType<typeof greedy>,
  weights: Float64Array,
  initiallyCovered: Uint8Array | undefined,
  covered: Uint8Array,
  preselectedCount: number,
): SitingSolution {
  let total = 0;
  let got = 0;
  let uncoveredCount = 0;
  let uncoveredWeight = 0;
  for (let d = 0; d < weights.length; d++) {
    if (initiallyCovered && initiallyCovered[d]) continue;
    const w = weights[d];
    total += w;
    if (covered[d]) got += w;
    else if (w > 0) {
      uncoveredCount++;
      uncoveredWeight += w;
    }
  }
  return {
    selected: res.selected,
    preselectedCount,
    addedWeight: res.added,
    addedCount: res.addedCount,
    totalWeight: total,
    coveredWeight: got,
    coveredShare: total > 0 ? got / total : 1,
    uncoveredCount,
    uncoveredWeight,
    coveredBy: res.coveredBy,
    exhausted: res.exhausted,
  };
}

function checkWeights(weights: Float64Array | undefined, n: number, who: string): void {
  if (!(weights instanceof Float64Array)) throw new Error(`${who}: weights must be a Float64Array`);
  if (weights.length !== n) throw new Error(`${who}: weights must have one value per demand (${n})`);
  for (let d = 0; d < n; d++) {
    const w = weights[d];
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`${who}: weight of demand ${d} must be a finite number ≥ 0`);
  }
}

/**
 * Maximal covering location problem (MCLP, Church & ReVelle 1974), greedy: choose `p` new sites
 * among the candidates so that the weight of demand within reach of at least one chosen site is
 * as large as possible.
 *
 * Formulation: maximise Σ_i w_i·y_i subject to Σ_j x_j = p (+ preselected), y_i ≤ Σ_{j ∈ N_i} x_j,
 * x_j, y_i ∈ {0, 1}, where N_i are the candidates reaching demand i (the CSR `coverage`). Demand
 * already covered by existing facilities (`alreadyCovered`) has y_i = 1 from the start and adds
 * nothing.
 *
 * Method: greedy with exact lazy gains (CELF), O(nnz · log m) in practice. Coverage is a monotone
 * submodular function, so greedy covers at least (1 − 1/e) ≈ 63% of the optimum's weight
 * (Nemhauser, Wolsey & Fisher 1978) — often the optimum, but not always: an exact answer needs an
 * integer-programming solver (spopt uses PuLP). Ties go to the lowest candidate index.
 *
 * @param input - coverage (candidate → demand CSR), weights, p, preselected, alreadyCovered
 * @returns picks with the weight each adds, covered share and what is left uncovered
 * @example
 * const s = solveMclp({ coverage, weights: households, p: 3, alreadyCovered });
 * s.selected; s.addedWeight; // [c7, c2, c9], [1840, 920, 310]
 */
export function solveMclp(input: MclpInput): SitingSolution {
  if (!input) throw new Error('solveMclp: input is required');
  const { coverage, weights, p } = input;
  checkCoverage(coverage, 'solveMclp');
  checkWeights(weights, coverage.demandCount, 'solveMclp');
  if (!Number.isInteger(p) || p < 0) throw new Error('solveMclp: p must be an integer ≥ 0');
  const pre = checkPreselected(input.preselected, coverage.candidateCount, 'solveMclp');
  if (p + pre.length > coverage.candidateCount) {
    throw new Error(`solveMclp: p (${p}) + preselected (${pre.length}) exceeds the ${coverage.candidateCount} candidates`);
  }
  const already = input.alreadyCovered;
  if (already && already.length !== coverage.demandCount) throw new Error('solveMclp: alreadyCovered must have one flag per demand');
  const covered = already ? Uint8Array.from(already) : new Uint8Array(coverage.demandCount);
  const res = greedy(coverage, weights, covered, pre, p);
  return summarise(res, weights, already, covered, pre.length);
}

/**
 * Location set covering problem (LSCP, Toregas et al. 1971), greedy: the fewest sites such that
 * every demand (with positive weight, not already covered) is within reach of one.
 *
 * Formulation: minimise Σ_j x_j subject to Σ_{j ∈ N_i} x_j ≥ 1 for every demand i, x_j ∈ {0, 1}.
 * Method: greedy set cover on the count of newly covered demand (lazy exact gains), which uses
 * at most H(k) ≈ ln k + 1 times the optimal number of sites, k being the most demand one site
 * covers (Chvátal 1979). Infeasible when some demand is out of every candidate's reach: throws,
 * unless `coverableOnly`.
 *
 * @param input - coverage, optional weights (0 = need not be covered), preselected, alreadyCovered
 * @returns the picks in order with what each adds (`addedCount`; `addedWeight` in the weights)
 * @example
 * const s = solveLscp({ coverage, alreadyCovered });
 * s.selected.length; // sites needed for full coverage
 */
export function solveLscp(input: LscpInput): SitingSolution {
  if (!input) throw new Error('solveLscp: input is required');
  const { coverage } = input;
  checkCoverage(coverage, 'solveLscp');
  const n = coverage.demandCount;
  const weights = input.weights ?? new Float64Array(n).fill(1);
  checkWeights(weights, n, 'solveLscp');
  const pre = checkPreselected(input.preselected, coverage.candidateCount, 'solveLscp');
  const already = input.alreadyCovered;
  if (already && already.length !== n) throw new Error('solveLscp: alreadyCovered must have one flag per demand');
  const reachable = new Uint8Array(n);
  for (let k = 0; k < coverage.demand.length; k++) reachable[coverage.demand[k]] = 1;
  // Demand that needs covering counts 1 in the greedy gain; the rest counts 0 (marked covered).
  const covered = already ? Uint8Array.from(already) : new Uint8Array(n);
  const unit = new Float64Array(n);
  let uncoverable = 0;
  for (let d = 0; d < n; d++) {
    if (covered[d] || !(weights[d] > 0)) continue;
    if (!reachable[d]) uncoverable++;
    unit[d] = 1;
  }
  if (uncoverable > 0 && !input.coverableOnly) {
    throw new Error(`solveLscp: infeasible — ${uncoverable} demand item(s) are within reach of no candidate (use coverableOnly to cover the rest)`);
  }
  const res = greedy(coverage, unit, covered, pre, coverage.candidateCount);
  // addedWeight in the caller's weights.
  const addedWeight = res.selected.map(() => 0);
  for (let d = 0; d < n; d++) if (res.coveredBy[d] >= 0) addedWeight[res.coveredBy[d]] += weights[d];
  const out = summarise({ ...res, added: addedWeight }, weights, already, covered, pre.length);
  out.exhausted = false;
  out.uncoverableCount = uncoverable;
  return out;
}

/**
 * Sum a second measure over what each pick of a solution newly covered (e.g. built-up km² when
 * the objective was households).
 *
 * @param solution - from {@link solveMclp} / {@link solveLscp}
 * @param values - one value per demand
 * @returns one sum per pick, in `selected` order
 */
export function addedBy(solution: SitingSolution, values: Float64Array): number[] {
  if (values.length !== solution.coveredBy.length) throw new Error('addedBy: values must have one entry per demand');
  const out = solution.selected.map(() => 0);
  for (let d = 0; d < values.length; d++) {
    const k = solution.coveredBy[d];
    if (k >= 0) out[k] += values[d];
  }
  return out;
}

/** Build a CSR from per-candidate lists (used by the coverage builders). @private */
class CsrBuilder {
  private offset: number[] = [0];
  private data: Int32Array = new Int32Array(1024);
  private size = 0;
  add(d: number): void {
    if (this.size === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size++] = d;
  }
  endCandidate(): void {
    this.offset.push(this.size);
  }
  finish(demandCount: number): SparseCoverage {
    return {
      candidateCount: this.offset.length - 1,
      demandCount,
      offset: Int32Array.from(this.offset),
      demand: this.data.slice(0, this.size),
    };
  }
}

/**
 * Straight-line coverage: candidate c covers demand point i when the ellipsoidal distance
 * ({@link geodesicMeters}) is ≤ its radius — the same rule as `radiusCoverage` in
 * point-index.ts, but listing the pairs. Demand points are indexed once (KD-tree in a local
 * metric plane); each candidate's query radius is widened by the plane's scale error and every
 * hit confirmed exactly. Work O(M log N + pairs).
 *
 * @param demand - demand point columns (NaN = unlocated, never covered)
 * @param candidates - candidate point columns
 * @param radiusMeters - one radius, or one per candidate
 * @param demandMask - only demand with a non-zero flag enters the lists (e.g. not yet covered)
 * @returns the sparse coverage
 */
export function radiusSparseCoverage(
  demand: PointColumns,
  candidates: PointColumns,
  radiusMeters: number | Float64Array,
  demandMask?: Uint8Array,
): SparseCoverage {
  const n = demand.lon.length;
  const m = candidates.lon.length;
  if (demand.lat.length !== n || candidates.lat.length !== m) throw new Error('radiusSparseCoverage: lon and lat must have equal lengths');
  if (radiusMeters instanceof Float64Array ? radiusMeters.length !== m : !(radiusMeters >= 0 && Number.isFinite(radiusMeters))) {
    throw new Error('radiusSparseCoverage: radiusMeters must be a finite number ≥ 0 or one value per candidate');
  }
  if (demandMask && demandMask.length !== n) throw new Error('radiusSparseCoverage: demandMask must have one flag per demand');
  const ids: number[] = [];
  let lonSum = 0;
  let latSum = 0;
  for (let i = 0; i < n; i++) {
    if (demandMask && !demandMask[i]) continue;
    if (!Number.isFinite(demand.lon[i]) || !Number.isFinite(demand.lat[i])) continue;
    ids.push(i);
    lonSum += demand.lon[i];
    latSum += demand.lat[i];
  }
  const b = new CsrBuilder();
  if (ids.length === 0) {
    for (let c = 0; c < m; c++) b.endCandidate();
    return b.finish(n);
  }
  const proj = new LocalProjection(lonSum / ids.length, latSum / ids.length);
  const index = new KDBush(ids.length, 64, Float64Array);
  for (const i of ids) index.add(proj.x(demand.lon[i]), proj.y(demand.lat[i]));
  index.finish();
  const hits: number[] = [];
  for (let c = 0; c < m; c++) {
    const lo = candidates.lon[c];
    const la = candidates.lat[c];
    const r = radiusMeters instanceof Float64Array ? radiusMeters[c] : radiusMeters;
    if (!(r >= 0) || !Number.isFinite(r)) throw new Error(`radiusSparseCoverage: radius of candidate ${c} must be a finite number ≥ 0`);
    if (Number.isFinite(lo) && Number.isFinite(la)) {
      // The plane is equirectangular at the demand's mean latitude: widen by the worst scale
      // ratio across the candidate's band (generous 2%) and confirm each hit exactly.
      const found = index.within(proj.x(lo), proj.y(la), r * 1.02 + 1);
      hits.length = 0;
      for (const k of found) {
        const i = ids[k];
        if (geodesicMeters(lo, la, demand.lon[i], demand.lat[i]) <= r + DISTANCE_TOLERANCE_M) hits.push(i);
      }
      hits.sort((a, z) => a - z);
      for (const i of hits) b.add(i);
    }
    b.endCandidate();
  }
  return b.finish(n);
}

/** Options of {@link networkSparseCoverage}. */
export interface NetworkCoverageOptions {
  /** Seconds per edge (`edgeTravelTimes`). */
  edgeTimeSec: Float64Array;
  /** Response limit from the dispatch order, seconds (turnout + travel + access); a time ≤ it is in. Pass `timeLimitSec(minutes)` (travel-times.ts), which meets the limit to 1 ms as the coverage does. */
  thresholdSec: number;
  /** Turnout time added at every candidate, seconds. */
  turnoutSec: number;
  /** Speed of the access leg off the road (candidate to road, road to demand), km/h. */
  accessSpeedKmh: number;
  /** Reusable search arrays for the graph. */
  workspace?: DijkstraWorkspace;
}

/**
 * Network coverage: candidate c covers demand i when a vehicle leaving c (turnout + access to its
 * road point) reaches i's road point and walks its access leg within the threshold. One
 * single-source search per candidate (`multiSourceTravelTimes`, cut off at the threshold), then
 * only the demand on edges leaving reached nodes is read, with the arrival rule of
 * `pointTravelTimes` (along the edge from either end, respecting one-way, or straight along the
 * candidate's own edge). Work per candidate is proportional to the network within reach.
 *
 * @param graph - road graph
 * @param candidates - candidate places on edges (`edge` -1 = off the network: covers nothing); `accessMeters` from the snapping
 * @param demand - demand snapped to the same graph (edge, fraction, accessMeters per item)
 * @param options - edge times, threshold, turnout, access speed
 * @param demandMask - only demand with a non-zero flag enters the lists
 * @returns the sparse coverage over the demand items
 */
export function networkSparseCoverage(
  graph: RoadGraph,
  candidates: { edge: Int32Array; fraction: Float64Array; accessMeters: Float64Array },
  demand: Pick<SnappedPoints, 'count' | 'edge' | 'fraction' | 'accessMeters'>,
  options: NetworkCoverageOptions,
  demandMask?: Uint8Array,
): SparseCoverage {
  const { edgeTimeSec, thresholdSec, turnoutSec, accessSpeedKmh } = options;
  if (edgeTimeSec.length !== graph.edgeCount) throw new Error('networkSparseCoverage: edgeTimeSec must have one entry per edge');
  if (!(thresholdSec > 0)) throw new Error('networkSparseCoverage: thresholdSec must be positive');
  if (!(turnoutSec >= 0)) throw new Error('networkSparseCoverage: turnoutSec must be ≥ 0');
  if (!(accessSpeedKmh > 0)) throw new Error('networkSparseCoverage: accessSpeedKmh must be positive');
  const n = demand.count;
  if (demandMask && demandMask.length !== n) throw new Error('networkSparseCoverage: demandMask must have one flag per demand');
  const m = candidates.edge.length;
  const mps = accessSpeedKmh / 3.6;
  // Demand grouped by edge (counting sort), masked.
  const E = graph.edgeCount;
  const off = new Int32Array(E + 1);
  for (let i = 0; i < n; i++) {
    const e = demand.edge[i];
    if (e >= 0 && (!demandMask || demandMask[i])) off[e + 1]++;
  }
  for (let e = 0; e < E; e++) off[e + 1] += off[e];
  const items = new Int32Array(off[E]);
  const fill = off.slice(0, E);
  for (let i = 0; i < n; i++) {
    const e = demand.edge[i];
    if (e >= 0 && (!demandMask || demandMask[i])) items[fill[e]++] = i;
  }
  const ws = options.workspace ?? createWorkspace(graph);
  const stamp = new Int32Array(E);
  const { arcOffset, arcEdge, edgeFrom, edgeTo, edgeDir } = graph;
  const b = new CsrBuilder();
  const hits: number[] = [];
  for (let c = 0; c < m; c++) {
    const ce = candidates.edge[c];
    hits.length = 0;
    const startSec = turnoutSec + candidates.accessMeters[c] / mps;
    if (ce >= 0 && startSec <= thresholdSec) {
      const src: TravelSource = { edge: ce, fraction: candidates.fraction[c], startSec };
      const nodes = multiSourceTravelTimes(graph, edgeTimeSec, [src], thresholdSec, ws);
      const nt = nodes.timeSec;
      const visit = (e: number) => {
        if (stamp[e] === c + 1) return;
        stamp[e] = c + 1;
        const k0 = off[e];
        const k1 = off[e + 1];
        if (k0 === k1) return;
        const dir = edgeDir[e];
        const ta = dir !== 2 ? nt[edgeFrom[e]] : Infinity;
        const tb = dir !== 1 ? nt[edgeTo[e]] : Infinity;
        const te = edgeTimeSec[e];
        for (let k = k0; k < k1; k++) {
          const i = items[k];
          const f = demand.fraction[i];
          let t = Math.min(ta + f * te, tb + (1 - f) * te);
          if (e === ce) {
            const dd = f - src.fraction;
            if ((dd >= 0 && dir !== 2) || (dd <= 0 && dir !== 1)) t = Math.min(t, startSec + Math.abs(dd) * te);
          }
          if (t + demand.accessMeters[i] / mps <= thresholdSec) hits.push(i);
        }
      };
      visit(ce);
      const { settled, settledCount } = nodes;
      for (let q = 0; q < settledCount; q++) {
        const v = settled[q];
        for (let a = arcOffset[v], end = arcOffset[v + 1]; a < end; a++) visit(arcEdge[a]);
      }
      // Lists are left in traversal order (deterministic); the solvers need no order.
      for (const i of hits) b.add(i);
    }
    b.endCandidate();
  }
  return b.finish(n);
}

/** Demand for {@link siteFacilities}: points with weights, some perhaps already covered. */
export interface SitingDemand {
  lon: Float64Array;
  lat: Float64Array;
  /** Weight per point (households = 1, persons, children aged 3–5 …), ≥ 0. */
  weights: Float64Array;
  /** 1 where existing facilities already cover the point. */
  alreadyCovered?: Uint8Array;
}

/** Network reach settings of {@link siteFacilities}. */
export interface SitingNetwork extends NetworkCoverageOptions {
  graph: RoadGraph;
  /** Demand snapped to `graph` (same order as the demand points). */
  demandSnap: Pick<SnappedPoints, 'count' | 'edge' | 'fraction' | 'accessMeters'>;
}

/** Options of {@link siteFacilities}. */
export interface SiteFacilitiesOptions {
  /**
   * 'mclp' (default): best `p` sites; 'lscp': fewest sites covering `share` of the demand;
   * 'backup': `p` sites, a second facility within reach counted `backupWeight` again; 'mexclp':
   * `p` sites maximising expected coverage with facilities busy a share `busyFraction` of the time.
   */
  model?: 'mclp' | 'lscp' | 'backup' | 'mexclp';
  /** Exact solver (HiGHS adapter from src/solver/); without it, greedy + interchange with a Lagrangian bound. */
  solver?: MipSolver;
  /** Solver time limit, seconds. Default 10. */
  timeLimitSec?: number;
  /** LSCP: share of the total weight (already covered included) to reach. Default 1. */
  share?: number;
  backupWeight?: number;
  busyFraction?: number;
  /** Existing facilities reaching each demand (backup, MEXCLP); default: 1 where alreadyCovered. */
  existingCount?: Uint8Array | Int32Array;
  /** Per candidate quota group (e.g. township) and the min / max new sites per group. */
  quotas?: { group: Int32Array; min: ArrayLike<number>; max: ArrayLike<number> };
  /** New sites to choose (MCLP). */
  p?: number;
  preselected?: number[];
  /** LSCP: cover what can be covered instead of throwing when some demand is out of reach. */
  coverableOnly?: boolean;
  /** Straight-line reach: one radius or one per candidate, m. */
  radiusMeters?: number | Float64Array;
  /** Network reach (instead of `radiusMeters`). */
  network?: SitingNetwork;
  /** Demand that enters the coverage lists; default: not already covered and weight > 0. */
  demandMask?: Uint8Array;
}

/** One chosen site. */
export interface SitingPick {
  rank: number;
  candidate: number;
  lon: number;
  lat: number;
  preselected: boolean;
  addedWeight: number;
  addedCount: number;
}

/** Result of {@link siteFacilities}. */
export interface SiteFacilitiesResult extends SitingExactResult {
  method: 'radius' | 'network';
  coverage: SparseCoverage;
  picks: SitingPick[];
}

/**
 * Facility siting from points (the spopt `from_geodataframe` role): builds the sparse coverage
 * between candidate sites and demand points — straight-line within `radiusMeters`
 * ({@link radiusSparseCoverage}) or network response time within a threshold
 * ({@link networkSparseCoverage}) — and delegates to `solveSitingExact` (siting-exact.ts):
 * exact with `options.solver`, else greedy + interchange, always with a proven bound and gap.
 * For MCLP and LSCP only demand not already covered enters the coverage; for backup and MEXCLP
 * all of it does (a second facility counts there).
 *
 * @param demand - demand points with weights and the already-covered flags
 * @param candidates - candidate sites; for network reach with `edge`, `fraction`, `accessMeters` (from `candidateGrid`)
 * @param options - model, p, reach
 * @returns the solution, the coverage it used, and the picks with coordinates
 * @example
 * const r = siteFacilities({ lon, lat, weights: children, alreadyCovered }, cands, { p: 3, radiusMeters: radii });
 * r.picks[0].addedWeight; // children the best site adds
 */
export function siteFacilities(
  demand: SitingDemand,
  candidates: PointColumns & { edge?: Int32Array; fraction?: Float64Array; accessMeters?: Float64Array },
  options: SiteFacilitiesOptions,
): SiteFacilitiesResult {
  if (!demand || !(demand.lon instanceof Float64Array) || !(demand.lat instanceof Float64Array)) throw new Error('siteFacilities: demand lon/lat must be Float64Arrays');
  if (!candidates || !(candidates.lon instanceof Float64Array) || !(candidates.lat instanceof Float64Array)) throw new Error('siteFacilities: candidates lon/lat must be Float64Arrays');
  const n = demand.lon.length;
  checkWeights(demand.weights, n, 'siteFacilities');
  if (demand.alreadyCovered && demand.alreadyCovered.length !== n) throw new Error('siteFacilities: alreadyCovered must have one flag per demand');
  const model = options?.model ?? 'mclp';
  if (!['mclp', 'lscp', 'backup', 'mexclp'].includes(model)) throw new Error('siteFacilities: model must be "mclp", "lscp", "backup" or "mexclp"');
  if ((options.radiusMeters === undefined) === (options.network === undefined)) throw new Error('siteFacilities: give exactly one of radiusMeters or network');
  let mask = options.demandMask;
  if (mask && mask.length !== n) throw new Error('siteFacilities: demandMask must have one flag per demand');
  if (!mask) {
    mask = new Uint8Array(n);
    const all = model === 'backup' || model === 'mexclp';
    for (let i = 0; i < n; i++) mask[i] = demand.weights[i] > 0 && (all || !(demand.alreadyCovered && demand.alreadyCovered[i])) ? 1 : 0;
  }
  let coverage: SparseCoverage;
  let method: 'radius' | 'network';
  if (options.network) {
    const net = options.network;
    if (net.demandSnap.count !== n) throw new Error('siteFacilities: network.demandSnap must have one entry per demand');
    const { edge, fraction, accessMeters } = candidates;
    if (!edge || !fraction || !accessMeters || edge.length !== candidates.lon.length) {
      throw new Error('siteFacilities: network reach needs candidates snapped to the graph (edge, fraction, accessMeters; see candidateGrid)');
    }
    coverage = networkSparseCoverage(net.graph, { edge, fraction, accessMeters }, net.demandSnap, net, mask);
    method = 'network';
  } else {
    coverage = radiusSparseCoverage(demand, candidates, options.radiusMeters!, mask);
    method = 'radius';
  }
  const sol = solveSitingExact(
    {
      model,
      coverage,
      weights: demand.weights,
      existingCount: options.existingCount ?? demand.alreadyCovered,
      preselected: options.preselected,
      p: model === 'lscp' ? undefined : (options.p ?? NaN),
      share: options.share,
      coverableOnly: options.coverableOnly,
      backupWeight: options.backupWeight,
      busyFraction: options.busyFraction,
      quotas: options.quotas,
    },
    { solver: options.solver, timeLimitSec: options.timeLimitSec },
  );
  const picks: SitingPick[] = sol.selected.map((c, k) => ({
    rank: k + 1,
    candidate: c,
    lon: candidates.lon[c],
    lat: candidates.lat[c],
    preselected: k < sol.preselectedCount,
    addedWeight: sol.addedWeight[k],
    addedCount: sol.addedCount[k],
  }));
  return { ...sol, method, coverage, picks };
}
