import type { MipModel, MipSolver } from './mip-model.ts';
import type { SitingSolution } from './site-facilities.ts';
import { checkCoverage, type SparseCoverage } from './sparse-coverage.ts';
import { resolveSitingOptions } from './siting-params.ts';

/** The solver time limit when none is given: the `time-limit` default of SITING_PARAMS (with its source). */
const SITING_DEFAULTS = resolveSitingOptions();
const DEFAULT_TIME_LIMIT_SEC = SITING_DEFAULTS.timeLimitSec;
/** MEXCLP without a busy fraction: stations never busy, i.e. plain MCLP (a model identity, not a planning parameter). */
const NEVER_BUSY = 0;
/** LSCP without a share: cover all the coverable weight (the model's definition). */
const FULL_COVER = 1;
/**
 * Computation budgets, not planning parameters (no ParamDef: they bound work, not the answer's
 * meaning): above this many matrix nonzeros the solver is not called, and the Lagrangian bound
 * runs at most this many subgradient iterations.
 */
const MAX_NONZEROS = 3_000_000;
const LAGRANGIAN_ITERATIONS = 1000;

/** The siting models {@link solveSitingExact} knows. */
export type SitingModelKind = 'mclp' | 'backup' | 'mexclp' | 'lscp';

/** At least `min[t]` and at most `max[t]` new sites in each group t (e.g. township) of the candidates. */
export interface SitingQuotas {
  /** Per candidate: its group, or -1 (no quota applies). */
  group: Int32Array;
  min: ArrayLike<number>;
  max: ArrayLike<number>;
}

/** A siting problem over a sparse coverage (candidate → demand CSR). */
export interface SitingProblem {
  model: SitingModelKind;
  coverage: SparseCoverage;
  /** Weight per demand, ≥ 0. */
  weights: Float64Array;
  /** Per demand: how many existing facilities reach it (0 = none). For MCLP/LSCP only > 0 matters. */
  existingCount?: Uint8Array | Int32Array;
  /** Candidates placed before the search; they count like existing facilities. */
  preselected?: ArrayLike<number>;
  /** New sites (mclp, backup, mexclp). */
  p?: number;
  /** LSCP: share of the total weight (already covered included) to reach, (0, 1]. Default 1. */
  share?: number;
  /** LSCP: when the share cannot be reached, cover what can be instead of throwing. */
  coverableOnly?: boolean;
  /** Backup: value of a second facility within reach relative to the first. Default 1. */
  backupWeight?: number;
  /** MEXCLP: probability that a facility is busy, [0, 1). */
  busyFraction?: number;
  quotas?: SitingQuotas;
}

/** Options of {@link solveSitingExact}. */
export interface SitingExactOptions {
  /** Exact solver; without one the answer is greedy + interchange with a Lagrangian bound. */
  solver?: MipSolver;
  /** Solver time limit, seconds. Default 10. */
  timeLimitSec?: number;
  /** Above this many matrix nonzeros (after reduction) the solver is not called. Default 3,000,000. */
  maxNonzeros?: number;
  /** Drop dominated candidates (MCLP and LSCP) and implied rows (full set cover); default true. Identical demand is always merged. */
  dropDominated?: boolean;
  /** Most Lagrangian subgradient iterations (it stops earlier once the step has shrunk). Default 1000. */
  lagrangianIterations?: number;
}

/** A pick's closest alternative: the best site not chosen, swapped in for it, and how much worse that is. */
export interface SitingRunnerUp {
  candidate: number;
  /** Objective of the plan minus the objective with the runner-up instead of this pick (≥ 0 at an optimum). */
  loss: number;
}

/** What a siting solve proves: the plan's objective, the bound, the gap and who found it (every siting result carries it). */
export interface SolverOutcome {
  /** Objective of the model (weight covered; with backup or MEXCLP terms; LSCP: number of new sites). */
  objective: number;
  /** Proven bound on the optimum: upper when maximising, lower for LSCP. */
  bound: number;
  /** |bound − objective| ÷ |objective| (0 = proven optimal). */
  gap: number;
  /** 'optimal' (proved by the solver or by the bound), 'time-limit' (solver stopped), 'heuristic' (no solver run). */
  status: 'optimal' | 'time-limit' | 'heuristic';
  /** Who produced the answer, e.g. "HiGHS 1.15.3" or "greedy + interchange". */
  solver: string;
  /** Why the solver was not used or failed, when so. */
  solverNote?: string;
  /** Objective of plain greedy (same model). */
  greedyObjective: number;
}

/** Result of {@link solveSitingExact}. */
export interface SitingExactResult extends SitingSolution, SolverOutcome {
  model: SitingModelKind;
  /** Objective of greedy + interchange (same model). */
  heuristicObjective: number;
  /** Objective increase of each new pick in rank order (picks ordered greedily among the chosen). */
  addedObjective: number[];
  /** For each new pick (rank order): the runner-up site it beat, or null when there is none. */
  runnerUp: (SitingRunnerUp | null)[];
  /** Weight reached by ≥ 2 facilities (existing included), and expected weight covered (MEXCLP, with busyFraction). */
  backupWeightCovered: number;
  expectedCoverage: number;
  /** Size before and after reduction. */
  size: { demand: number; groups: number; candidates: number; keptCandidates: number; nonzeros: number; mipNonzeros: number };
  timingMs: { reduce: number; heuristic: number; bound: number; solve: number };
}

/** Demand merged into groups with identical candidate sets; candidates kept after dominance. @private */
interface Reduced {
  G: number;
  weight: Float64Array;
  existing: Int32Array;
  /** group → kept candidates (CSR over kept indices). */
  gOff: Int32Array;
  gCand: Int32Array;
  /** kept candidate → groups. */
  cOff: Int32Array;
  cGroup: Int32Array;
  /** kept index → original candidate. */
  kept: Int32Array;
  /** original demand → group (−1 when in none). */
  demandGroup: Int32Array;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function transpose(off: Int32Array, idx: Int32Array, rows: number, cols: number): { off: Int32Array; idx: Int32Array } {
  const o = new Int32Array(cols + 1);
  for (let k = 0; k < idx.length; k++) o[idx[k] + 1]++;
  for (let c = 0; c < cols; c++) o[c + 1] += o[c];
  const fill = o.slice(0, cols);
  const out = new Int32Array(idx.length);
  for (let r = 0; r < rows; r++) for (let k = off[r]; k < off[r + 1]; k++) out[fill[idx[k]]++] = r;
  return { off: o, idx: out };
}

/**
 * Merge demand with identical candidate sets (and existing count) into weighted groups, drop
 * demand no candidate reaches or with zero weight, and (when `dominance`) drop candidates whose
 * groups are a subset of another candidate's in the same quota class.
 * @private
 */
function reduce(
  coverage: SparseCoverage,
  weights: Float64Array,
  existing: Int32Array,
  useful: (d: number) => boolean,
  dominance: boolean,
  quotaGroup: Int32Array | null,
  excluded: Uint8Array,
): Reduced {
  const m = coverage.candidateCount;
  const n = coverage.demandCount;
  // Candidate lists without excluded (preselected) candidates; demand → candidates (ascending).
  const t = transpose(coverage.offset, coverage.demand, m, n);
  const demandGroup = new Int32Array(n).fill(-1);
  const buckets = new Map<number, number[]>();
  const groupFirst: number[] = [];
  const gWeight: number[] = [];
  const gExisting: number[] = [];
  const same = (a: number, b: number) => {
    if (existing[a] !== existing[b]) return false;
    let ia = t.off[a], ib = t.off[b];
    const ea = t.off[a + 1], eb = t.off[b + 1];
    for (;;) {
      while (ia < ea && excluded[t.idx[ia]]) ia++;
      while (ib < eb && excluded[t.idx[ib]]) ib++;
      if (ia === ea || ib === eb) return ia === ea && ib === eb;
      if (t.idx[ia] !== t.idx[ib]) return false;
      ia++;
      ib++;
    }
  };
  for (let d = 0; d < n; d++) {
    if (!(weights[d] > 0) || !useful(d)) continue;
    let h = 2166136261 ^ existing[d];
    let deg = 0;
    for (let k = t.off[d]; k < t.off[d + 1]; k++) {
      const c = t.idx[k];
      if (excluded[c]) continue;
      h = Math.imul(h ^ c, 16777619);
      deg++;
    }
    if (deg === 0) continue;
    let list = buckets.get(h);
    if (!list) buckets.set(h, (list = []));
    let g = -1;
    for (const cand of list) if (same(groupFirst[cand], d)) g = cand;
    if (g < 0) {
      g = groupFirst.length;
      groupFirst.push(d);
      gWeight.push(0);
      gExisting.push(existing[d]);
      list.push(g);
    }
    demandGroup[d] = g;
    gWeight[g] += weights[d];
  }
  const G = groupFirst.length;
  // candidate → groups (unique, ascending).
  const stamp = new Int32Array(G).fill(-1);
  const cOffAll = new Int32Array(m + 1);
  const cGroupAll: number[] = [];
  for (let c = 0; c < m; c++) {
    if (!excluded[c]) {
      const start = cGroupAll.length;
      for (let k = coverage.offset[c]; k < coverage.offset[c + 1]; k++) {
        const g = demandGroup[coverage.demand[k]];
        if (g < 0 || stamp[g] === c) continue;
        stamp[g] = c;
        cGroupAll.push(g);
      }
      const seg = cGroupAll.slice(start).sort((a, b) => a - b);
      for (let i = 0; i < seg.length; i++) cGroupAll[start + i] = seg[i];
    }
    cOffAll[c + 1] = cGroupAll.length;
  }
  const keep = new Uint8Array(m);
  for (let c = 0; c < m; c++) keep[c] = !excluded[c] && (cOffAll[c + 1] > cOffAll[c] || !dominance) ? 1 : 0;
  if (dominance) {
    const gt = transpose(cOffAll, Int32Array.from(cGroupAll), m, G);
    const mark = new Int32Array(G).fill(-1);
    for (let j = 0; j < m; j++) {
      if (!keep[j]) continue;
      const a = cOffAll[j], b = cOffAll[j + 1];
      let gStar = cGroupAll[a];
      for (let k = a; k < b; k++) {
        const g = cGroupAll[k];
        mark[g] = j;
        if (gt.off[g + 1] - gt.off[g] < gt.off[gStar + 1] - gt.off[gStar]) gStar = g;
      }
      const size = b - a;
      for (let q = gt.off[gStar]; q < gt.off[gStar + 1]; q++) {
        const k = gt.idx[q];
        if (k === j || !keep[k]) continue;
        if (quotaGroup && quotaGroup[k] !== quotaGroup[j]) continue;
        const sizeK = cOffAll[k + 1] - cOffAll[k];
        if (sizeK < size || (sizeK === size && k > j)) continue;
        let hit = 0;
        for (let r = cOffAll[k]; r < cOffAll[k + 1]; r++) if (mark[cGroupAll[r]] === j) hit++;
        if (hit === size) {
          keep[j] = 0;
          break;
        }
      }
    }
  }
  const kept: number[] = [];
  for (let c = 0; c < m; c++) if (keep[c]) kept.push(c);
  const cOff = new Int32Array(kept.length + 1);
  const cGroup: number[] = [];
  kept.forEach((c, i) => {
    for (let k = cOffAll[c]; k < cOffAll[c + 1]; k++) cGroup.push(cGroupAll[k]);
    cOff[i + 1] = cGroup.length;
  });
  const cg = Int32Array.from(cGroup);
  const gt = transpose(cOff, cg, kept.length, G);
  return {
    G,
    weight: Float64Array.from(gWeight),
    existing: Int32Array.from(gExisting),
    gOff: gt.off,
    gCand: gt.idx,
    cOff,
    cGroup: cg,
    kept: Int32Array.from(kept),
    demandGroup,
  };
}

/**
 * Value of the k-th facility reaching a group (k counted from 0, existing ones first): the
 * increments of a concave function of the count, so the models are linear with one column per
 * increment. MCLP: w, 0, …; backup: w, β·w, 0, …; MEXCLP: w·(1 − q)·q^k.
 * @private
 */
function increment(kind: SitingModelKind, w: number, k: number, beta: number, q: number): number {
  if (kind === 'mexclp') return w * (1 - q) * q ** k;
  if (kind === 'backup') return k === 0 ? w : k === 1 ? beta * w : 0;
  return k === 0 ? w : 0;
}

/** Objective of a set of kept candidates for a max model, from the group counts. @private */
function valueOfCounts(R: Reduced, cnt: Int32Array, inc: (g: number, k: number) => number): number {
  let v = 0;
  for (let g = 0; g < R.G; g++) for (let k = R.existing[g]; k < cnt[g]; k++) v += inc(g, k);
  return v;
}

interface QuotaState {
  group: Int32Array; // per kept candidate
  min: ArrayLike<number>;
  max: ArrayLike<number>;
  count: Int32Array;
}

/**
 * Greedy (largest gain, lowest index on ties) under the quotas, then interchange (Teitz–Bart
 * 1-opt: best improving swap of a chosen for an unchosen site, repeated until none improves).
 * Returns kept-candidate indices and the greedy objective.
 * @private
 */
function heuristicMax(R: Reduced, p: number, inc: (g: number, k: number) => number, quotas: QuotaState | null) {
  const M = R.kept.length;
  const cnt = Int32Array.from(R.existing);
  const chosen = new Uint8Array(M);
  const sel: number[] = [];
  const gainOf = (c: number) => {
    let s = 0;
    for (let q = R.cOff[c]; q < R.cOff[c + 1]; q++) {
      const g = R.cGroup[q];
      s += inc(g, cnt[g]);
    }
    return s;
  };
  const deficit = () => {
    if (!quotas) return 0;
    let d = 0;
    for (let t = 0; t < quotas.min.length; t++) d += Math.max(0, quotas.min[t] - quotas.count[t]);
    return d;
  };
  const eligible = (c: number, left: number) => {
    if (chosen[c]) return false;
    if (!quotas) return true;
    const t = quotas.group[c];
    if (t >= 0 && quotas.count[t] >= quotas.max[t]) return false;
    if (deficit() >= left) return t >= 0 && quotas.count[t] < quotas.min[t];
    return true;
  };
  const stale = new Float64Array(M);
  for (let c = 0; c < M; c++) stale[c] = gainOf(c);
  for (let k = 0; k < p; k++) {
    const left = p - k;
    let best = -1;
    let bestGain = -Infinity;
    // Lazy: recompute the highest stale gain until it stays on top (gains only shrink).
    for (;;) {
      let top = -1;
      for (let c = 0; c < M; c++) if (eligible(c, left) && (top < 0 || stale[c] > stale[top])) top = c;
      if (top < 0) break;
      const g = gainOf(top);
      stale[top] = g;
      let still = true;
      for (let c = 0; c < M; c++) if (c !== top && eligible(c, left) && (stale[c] > g || (stale[c] === g && c < top))) { still = false; break; }
      if (still) {
        best = top;
        bestGain = g;
        break;
      }
    }
    if (best < 0 || (bestGain <= 0 && deficit() === 0)) break;
    chosen[best] = 1;
    sel.push(best);
    if (quotas && quotas.group[best] >= 0) quotas.count[quotas.group[best]]++;
    for (let q = R.cOff[best]; q < R.cOff[best + 1]; q++) cnt[R.cGroup[q]]++;
  }
  if (deficit() > 0) throw new Error('solveSitingExact: the quotas cannot be met with p sites (too few candidates in a group, or p smaller than the minima)');
  const greedyValue = valueOfCounts(R, cnt, inc);
  return { ...interchange(R, sel, inc, quotas), greedyValue };
}

/**
 * Interchange (Teitz–Bart 1-opt) from `start`: the best improving swap of a chosen for an unchosen
 * site, repeated until none improves. `quotas.count` is set from the start.
 * @private
 */
function interchange(R: Reduced, start: number[], inc: (g: number, k: number) => number, quotas: QuotaState | null): { sel: number[]; value: number } {
  const sel = [...start];
  const cnt = Int32Array.from(R.existing);
  const chosen = new Uint8Array(R.kept.length);
  if (quotas) quotas.count.fill(0);
  for (const c of sel) {
    chosen[c] = 1;
    if (quotas && quotas.group[c] >= 0) quotas.count[quotas.group[c]]++;
    for (let q = R.cOff[c]; q < R.cOff[c + 1]; q++) cnt[R.cGroup[q]]++;
  }
  const tol = 1e-9 * Math.max(1, valueOfCounts(R, cnt, inc));
  for (let round = 0; round < 200; round++) {
    const best = bestSwaps(R, sel, chosen, cnt, inc, quotas);
    let bi = -1;
    for (let i = 0; i < sel.length; i++) if (best[i] && best[i]!.delta > tol && (bi < 0 || best[i]!.delta > best[bi]!.delta)) bi = i;
    if (bi < 0) break;
    const out = sel[bi];
    const inn = best[bi]!.candidate;
    for (let q = R.cOff[out]; q < R.cOff[out + 1]; q++) cnt[R.cGroup[q]]--;
    for (let q = R.cOff[inn]; q < R.cOff[inn + 1]; q++) cnt[R.cGroup[q]]++;
    chosen[out] = 0;
    chosen[inn] = 1;
    sel[bi] = inn;
    if (quotas) {
      if (quotas.group[out] >= 0) quotas.count[quotas.group[out]]--;
      if (quotas.group[inn] >= 0) quotas.count[quotas.group[inn]]++;
    }
  }
  return { sel, value: valueOfCounts(R, cnt, inc) };
}

/**
 * For each chosen site, the best unchosen site to swap in (respecting quotas) and the change in
 * objective (positive = improvement). `cnt` holds the counts of the chosen set; restored on return.
 * @private
 */
function bestSwaps(
  R: Reduced,
  sel: number[],
  chosen: Uint8Array,
  cnt: Int32Array,
  inc: (g: number, k: number) => number,
  quotas: QuotaState | null,
): ({ candidate: number; delta: number } | null)[] {
  const M = R.kept.length;
  return sel.map((j) => {
    let loss = 0;
    for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) {
      const g = R.cGroup[q];
      cnt[g]--;
      loss += inc(g, cnt[g]);
    }
    let best: { candidate: number; delta: number } | null = null;
    const tj = quotas ? quotas.group[j] : -1;
    for (let k = 0; k < M; k++) {
      if (chosen[k]) continue;
      if (quotas) {
        const tk = quotas.group[k];
        if (tk !== tj) {
          if (tk >= 0 && quotas.count[tk] >= quotas.max[tk]) continue;
          if (tj >= 0 && quotas.count[tj] <= quotas.min[tj]) continue;
        }
      }
      let gain = 0;
      for (let q = R.cOff[k]; q < R.cOff[k + 1]; q++) {
        const g = R.cGroup[q];
        gain += inc(g, cnt[g]);
      }
      if (!best || gain - loss > best.delta) best = { candidate: k, delta: gain - loss };
    }
    for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) cnt[R.cGroup[q]]++;
    return best;
  });
}

/**
 * Lagrangian upper bound for the max models (quotas relaxed, which keeps it valid): relax
 * Σ_k z_gk ≤ Σ_{j∈N_g} x_j with multipliers λ_g ≥ 0; then each group takes the increments above
 * λ_g and the p candidates with the largest positive Σ_{g∈N_j} λ_g open. Subgradient descent
 * (Polyak steps towards the best known objective).
 * @private
 */
function lagrangianMax(
  R: Reduced,
  p: number,
  inc: (g: number, k: number) => number,
  lowerBound: number,
  iterations: number,
  caps: { group: Int32Array; max: ArrayLike<number> } | null = null,
): { bound: number; forcedIn: Float64Array; forcedOut: Float64Array; bestSet: number[]; bestSetValue: number } {
  // The x-subproblem: the best ≤ p candidates with positive score, at most max[t] per group t
  // (a laminar matroid, so greedy by score is exact; minimum quotas are relaxed).
  const T = caps ? caps.max.length : 0;
  const taken = new Int32Array(T);
  const pick = (top: number[], open: Uint8Array): number => {
    taken.fill(0);
    let sum = 0;
    let k = 0;
    for (const j of top) {
      if (k >= p || score[j] <= 0) break;
      const t = caps ? caps.group[j] : -1;
      if (t >= 0 && taken[t] >= caps!.max[t]) continue;
      if (t >= 0) taken[t]++;
      open[j] = 1;
      sum += score[j];
      k++;
    }
    return k;
  };
  // Lagrangian heuristic: the open sites of the subproblem are a plan; keep the best one seen.
  let bestSet: number[] = [];
  let bestSetValue = -Infinity;
  const tmp = new Int32Array(R.G);
  const touched: number[] = [];
  const planValue = (set: number[]) => {
    touched.length = 0;
    for (const j of set) for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) {
      const g = R.cGroup[q];
      if (tmp[g] === 0) touched.push(g);
      tmp[g]++;
    }
    let v = 0;
    for (const g of touched) {
      for (let k = 0; k < tmp[g]; k++) v += inc(g, R.existing[g] + k);
      tmp[g] = 0;
    }
    return v;
  };
  const M = R.kept.length;
  const lambda = new Float64Array(R.G);
  for (let g = 0; g < R.G; g++) lambda[g] = inc(g, R.existing[g]);
  const cnt = new Int32Array(R.G);
  const score = new Float64Array(M);
  const order = new Int32Array(M);
  const open = new Uint8Array(M);
  let best = Infinity;
  let mu = 2;
  let sinceBetter = 0;
  const s = new Float64Array(R.G);
  const bestLambda = Float64Array.from(lambda);
  for (let it = 0; it < iterations; it++) {
    let L = 0;
    for (let g = 0; g < R.G; g++) {
      const deg = R.gOff[g + 1] - R.gOff[g];
      let c = 0;
      for (let k = 0; k < Math.min(deg, p); k++) {
        const v = inc(g, R.existing[g] + k) - lambda[g];
        if (v <= 0) break;
        L += v;
        c++;
      }
      cnt[g] = c;
    }
    for (let j = 0; j < M; j++) {
      let sc = 0;
      for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) sc += lambda[R.cGroup[q]];
      score[j] = sc;
      order[j] = j;
      open[j] = 0;
    }
    // Candidates by score, highest first (ties by index, as a stable sort). Without caps only the
    // first p are ever read, so they are selected in one pass instead of sorting all M every iteration.
    let top: number[];
    if (caps) top = Array.from(order).sort((a, b) => score[b] - score[a]);
    else {
      top = [];
      const P = Math.min(p, M);
      for (let j = 0; j < M; j++) {
        const sc = score[j];
        if (top.length === P && !(sc > score[top[P - 1]])) continue;
        if (top.length < P) top.push(j);
        let i = top.length - 1;
        while (i > 0 && score[top[i - 1]] < sc) {
          top[i] = top[i - 1];
          i--;
        }
        top[i] = j;
      }
    }
    pick(top, open);
    for (let j = 0; j < M; j++) if (open[j]) L += score[j];
    if (it % 5 === 0 && !caps) {
      const set = top.slice(0, Math.min(p, M));
      const v = planValue(set);
      if (v > bestSetValue) {
        bestSetValue = v;
        bestSet = set;
      }
    }
    if (!(best < Infinity) || L < best - 1e-12 * Math.max(1, Math.abs(best))) {
      best = L;
      bestLambda.set(lambda);
      sinceBetter = 0;
    } else if (++sinceBetter >= 15) {
      mu /= 2;
      sinceBetter = 0;
    }
    if (best - lowerBound <= 1e-9 * Math.max(1, lowerBound) || mu < 1e-4) break;
    // ∂L/∂λ_g = Σ_{j∈N_g} x_j − c_g, the sum taken over the ≤ p open candidates' groups (the same
    // whole numbers as summing every group's candidate list, at a fraction of the work)
    for (let g = 0; g < R.G; g++) s[g] = -cnt[g];
    for (let j = 0; j < M; j++) if (open[j]) for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) s[R.cGroup[q]]++;
    let norm = 0;
    for (let g = 0; g < R.G; g++) norm += s[g] * s[g];
    if (norm === 0) break;
    const step = (mu * Math.max(L - lowerBound, 1e-9 * Math.max(1, lowerBound))) / norm;
    for (let g = 0; g < R.G; g++) lambda[g] = Math.max(0, lambda[g] - step * s[g]);
  }
  // At the best multipliers: the bound with x_j forced to 1 (forcedIn) and to 0 (forcedOut).
  let groupPart = 0;
  for (let g = 0; g < R.G; g++) {
    const deg = R.gOff[g + 1] - R.gOff[g];
    for (let k = 0; k < Math.min(deg, p); k++) {
      const v = inc(g, R.existing[g] + k) - bestLambda[g];
      if (v <= 0) break;
      groupPart += v;
    }
  }
  for (let j = 0; j < M; j++) {
    let sc = 0;
    for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) sc += bestLambda[R.cGroup[q]];
    score[j] = sc;
  }
  const top = Array.from({ length: M }, (_, j) => j).sort((a, b) => score[b] - score[a]);
  const P = Math.min(p, M);
  const inTop = new Uint8Array(M);
  const count = pick(top, inTop);
  let topSum = 0;
  for (let j = 0; j < M; j++) if (inTop[j]) topSum += score[j];
  const groupTaken = Int32Array.from(taken);
  // Matroid exchange: the best plan with j forced in is the chosen set + j − the weakest element
  // of j's circuit (its group's chosen sites when the group is full, else all chosen when p are
  // chosen, else nothing); with j forced out, − j + the best site that may replace it.
  const minAll = count >= P ? Math.min(...top.filter((j) => inTop[j]).map((j) => score[j])) : 0;
  const minOfGroup = new Float64Array(T).fill(Infinity);
  const bestOutOfGroup = new Float64Array(T).fill(0);
  let bestOutFree = 0;
  for (let j = 0; j < M; j++) {
    const t = caps ? caps.group[j] : -1;
    if (inTop[j]) {
      if (t >= 0) minOfGroup[t] = Math.min(minOfGroup[t], score[j]);
    } else {
      const v = Math.max(0, score[j]);
      if (t >= 0) bestOutOfGroup[t] = Math.max(bestOutOfGroup[t], v);
      if (t < 0 || groupTaken[t] < caps!.max[t]) bestOutFree = Math.max(bestOutFree, v);
    }
  }
  const forcedIn = new Float64Array(M);
  const forcedOut = new Float64Array(M);
  const base = groupPart + topSum;
  for (let j = 0; j < M; j++) {
    const t = caps ? caps.group[j] : -1;
    if (inTop[j]) {
      forcedIn[j] = base;
      forcedOut[j] = base - score[j] + Math.max(bestOutFree, t >= 0 ? bestOutOfGroup[t] : 0);
    } else {
      const groupFull = t >= 0 && groupTaken[t] >= caps!.max[t];
      const drop = groupFull ? (caps!.max[t] > 0 ? Math.max(0, minOfGroup[t]) : Infinity) : count >= P ? (P > 0 ? minAll : Infinity) : 0;
      forcedIn[j] = base + score[j] - drop;
      forcedOut[j] = base;
    }
  }
  return { bound: Math.min(best, base), forcedIn, forcedOut, bestSet, bestSetValue };
}

/**
 * Lagrangian lower bound for the set cover with a target weight T: relax z_g ≤ Σ_{j∈N_g} x_j with
 * μ_g ≥ 0; x_j opens when 1 − Σ_{g∈N_j} μ_g < 0 and z solves min Σ μ_g z_g with Σ w_g z_g ≥ T
 * (a fractional knapsack; all z_g = 1 for full cover). Rounded up, since the count is whole.
 * @private
 */
function lagrangianLscp(R: Reduced, target: number, full: boolean, upper: number, iterations: number): { bound: number; value: number; reduced: Float64Array; cover: number[] | null } {
  let cover: number[] | null = null;
  const reducedNow = new Float64Array(R.kept.length);
  const M = R.kept.length;
  const mu = new Float64Array(R.G);
  const z = new Float64Array(R.G);
  const open = new Uint8Array(M);
  const s = new Float64Array(R.G);
  const openCount = new Int32Array(R.G);
  for (let g = 0; g < R.G; g++) mu[g] = 1 / Math.max(1, R.gOff[g + 1] - R.gOff[g]);
  let best = -Infinity;
  let step0 = 2;
  let sinceBetter = 0;
  const idx = Array.from({ length: R.G }, (_, g) => g);
  const bestMu = Float64Array.from(mu);
  for (let it = 0; it < iterations; it++) {
    let L = 0;
    for (let j = 0; j < M; j++) {
      let r = 1;
      for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) r -= mu[R.cGroup[q]];
      open[j] = r < 0 ? 1 : 0;
      reducedNow[j] = r;
      if (r < 0) L += r;
    }
    // Lagrangian heuristic: the open sites, completed greedily and pruned (worst reduced cost first).
    if (it % 5 === 4) {
      const seed: number[] = [];
      for (let j = 0; j < M; j++) if (open[j]) seed.push(j);
      const h = heuristicLscp(R, target, seed, reducedNow);
      if (h.sel.length < upper) {
        upper = h.sel.length;
        cover = h.sel;
      }
    }
    if (full) {
      for (let g = 0; g < R.G; g++) {
        z[g] = 1;
        L += mu[g];
      }
    } else {
      idx.sort((a, b) => mu[a] / R.weight[a] - mu[b] / R.weight[b]);
      let need = target;
      z.fill(0);
      for (const g of idx) {
        if (need <= 0) break;
        const f = Math.min(1, need / R.weight[g]);
        z[g] = f;
        L += f * mu[g];
        need -= f * R.weight[g];
      }
    }
    if (L > best + 1e-12) {
      best = L;
      bestMu.set(mu);
      sinceBetter = 0;
    } else if (++sinceBetter >= 15) {
      step0 /= 2;
      sinceBetter = 0;
    }
    if (Math.ceil(best - 1e-6) >= upper || step0 < 1e-4) break;
    // s_g = z_g − Σ_{j∈N_g} x_j, the count taken over the open candidates' groups (the same whole
    // numbers as summing every group's candidate list, at a fraction of the work)
    openCount.fill(0);
    for (let j = 0; j < M; j++) if (open[j]) for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) openCount[R.cGroup[q]]++;
    let norm = 0;
    for (let g = 0; g < R.G; g++) {
      s[g] = z[g] - openCount[g];
      norm += s[g] * s[g];
    }
    if (norm === 0) break;
    const step = (step0 * Math.max(upper - L, 1e-3)) / norm;
    for (let g = 0; g < R.G; g++) mu[g] = Math.max(0, mu[g] + step * s[g]);
  }
  const reduced = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    let r = 1;
    for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) r -= bestMu[R.cGroup[q]];
    reduced[j] = r;
  }
  const value = iterations > 0 ? best : -Infinity;
  return { bound: Math.max(0, Math.ceil(value - 1e-6)), value, reduced, cover };
}

/**
 * Greedy set cover to a target weight from an optional seed, then drop sites no longer needed
 * (the last picked, or the highest `pruneKey`, first). Returns kept indices.
 * @private
 */
function heuristicLscp(R: Reduced, target: number, seed: number[] = [], pruneKey?: Float64Array) {
  const M = R.kept.length;
  const cnt = new Int32Array(R.G);
  const chosen = new Uint8Array(M);
  const sel: number[] = [];
  let got = 0;
  const eps = 1e-9 * Math.max(1, target);
  for (const c of seed) {
    chosen[c] = 1;
    sel.push(c);
    for (let q = R.cOff[c]; q < R.cOff[c + 1]; q++) if (cnt[R.cGroup[q]]++ === 0) got += R.weight[R.cGroup[q]];
  }
  while (got < target - eps) {
    let best = -1;
    let bestGain = 0;
    for (let c = 0; c < M; c++) {
      if (chosen[c]) continue;
      let gsum = 0;
      for (let q = R.cOff[c]; q < R.cOff[c + 1]; q++) if (cnt[R.cGroup[q]] === 0) gsum += R.weight[R.cGroup[q]];
      if (gsum > bestGain) {
        bestGain = gsum;
        best = c;
      }
    }
    if (best < 0) break;
    chosen[best] = 1;
    sel.push(best);
    got += bestGain;
    for (let q = R.cOff[best]; q < R.cOff[best + 1]; q++) cnt[R.cGroup[q]]++;
  }
  const greedyCount = sel.length;
  if (pruneKey) {
    const order = [...sel].sort((a, b) => pruneKey[a] - pruneKey[b]);
    sel.length = 0;
    sel.push(...order);
  }
  // Drop redundant sites, last (or worst) first.
  for (let i = sel.length - 1; i >= 0; i--) {
    const c = sel[i];
    let lost = 0;
    for (let q = R.cOff[c]; q < R.cOff[c + 1]; q++) if (cnt[R.cGroup[q]] === 1) lost += R.weight[R.cGroup[q]];
    if (got - lost >= target - eps) {
      got -= lost;
      for (let q = R.cOff[c]; q < R.cOff[c + 1]; q++) cnt[R.cGroup[q]]--;
      sel.splice(i, 1);
    }
  }
  return { sel, greedyCount };
}

/**
 * The core of a full set cover: a group whose candidates include all of another group's is
 * covered whenever that one is, so its row goes; then a candidate whose remaining groups are a
 * subset of another's goes (ties: the higher index). `kept` maps to indices of `R`.
 * @private
 */
function coverCore(R: Reduced): Reduced {
  const M = R.kept.length;
  const mark = new Int32Array(M).fill(-1);
  const keepG = new Uint8Array(R.G).fill(1);
  for (let g = 0; g < R.G; g++) {
    const a = R.gOff[g], b = R.gOff[g + 1];
    let cMin = R.gCand[a];
    for (let q = a; q < b; q++) {
      mark[R.gCand[q]] = g;
      if (R.cOff[R.gCand[q] + 1] - R.cOff[R.gCand[q]] < R.cOff[cMin + 1] - R.cOff[cMin]) cMin = R.gCand[q];
    }
    const size = b - a;
    for (let q = R.cOff[cMin]; q < R.cOff[cMin + 1]; q++) {
      const h = R.cGroup[q];
      if (h === g || !keepG[h]) continue;
      const sizeH = R.gOff[h + 1] - R.gOff[h];
      if (sizeH < size || (sizeH === size && h < g)) continue;
      let hit = 0;
      for (let r = R.gOff[h]; r < R.gOff[h + 1]; r++) if (mark[R.gCand[r]] === g) hit++;
      if (hit === size) keepG[h] = 0;
    }
  }
  // Columns over the kept rows.
  const lists: number[][] = [];
  for (let j = 0; j < M; j++) {
    const l: number[] = [];
    for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) if (keepG[R.cGroup[q]]) l.push(R.cGroup[q]);
    lists.push(l);
  }
  const keepC = new Uint8Array(M);
  for (let j = 0; j < M; j++) keepC[j] = lists[j].length > 0 ? 1 : 0;
  const gmark = new Int32Array(R.G).fill(-1);
  for (let j = 0; j < M; j++) {
    if (!keepC[j]) continue;
    let gMin = lists[j][0];
    for (const g of lists[j]) {
      gmark[g] = j;
      if (R.gOff[g + 1] - R.gOff[g] < R.gOff[gMin + 1] - R.gOff[gMin]) gMin = g;
    }
    for (let q = R.gOff[gMin]; q < R.gOff[gMin + 1]; q++) {
      const k = R.gCand[q];
      if (k === j || !keepC[k]) continue;
      if (lists[k].length < lists[j].length || (lists[k].length === lists[j].length && k > j)) continue;
      let hit = 0;
      for (const g of lists[k]) if (gmark[g] === j) hit++;
      if (hit === lists[j].length) {
        keepC[j] = 0;
        break;
      }
    }
  }
  const cand: number[] = [];
  for (let j = 0; j < M; j++) if (keepC[j]) cand.push(j);
  const gNew = new Int32Array(R.G).fill(-1);
  const gOld: number[] = [];
  for (let g = 0; g < R.G; g++) if (keepG[g]) {
    gNew[g] = gOld.length;
    gOld.push(g);
  }
  const cOff = new Int32Array(cand.length + 1);
  const cGroup: number[] = [];
  cand.forEach((j, i) => {
    for (const g of lists[j]) cGroup.push(gNew[g]);
    cOff[i + 1] = cGroup.length;
  });
  const cg = Int32Array.from(cGroup);
  const gt = transpose(cOff, cg, cand.length, gOld.length);
  return {
    G: gOld.length,
    weight: Float64Array.from(gOld, (g) => R.weight[g]),
    existing: Int32Array.from(gOld, (g) => R.existing[g]),
    gOff: gt.off,
    gCand: gt.idx,
    cOff,
    cGroup: cg,
    kept: Int32Array.from(cand),
    demandGroup: new Int32Array(0),
  };
}

/**
 * The reduced problem over the candidates with `keep` set: their groups only (a group no kept
 * candidate reaches drops out). `kept` maps to indices of `R`'s candidates.
 * @private
 */
function restrict(R: Reduced, keep: Uint8Array): Reduced {
  const cand: number[] = [];
  for (let j = 0; j < keep.length; j++) if (keep[j]) cand.push(j);
  const gNew = new Int32Array(R.G).fill(-1);
  const gOld: number[] = [];
  for (const j of cand) {
    for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) {
      const g = R.cGroup[q];
      if (gNew[g] < 0) {
        gNew[g] = gOld.length;
        gOld.push(g);
      }
    }
  }
  const cOff = new Int32Array(cand.length + 1);
  const cGroup: number[] = [];
  cand.forEach((j, i) => {
    for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) cGroup.push(gNew[R.cGroup[q]]);
    cOff[i + 1] = cGroup.length;
  });
  const cg = Int32Array.from(cGroup);
  const G = gOld.length;
  const gt = transpose(cOff, cg, cand.length, G);
  return {
    G,
    weight: Float64Array.from(gOld, (g) => R.weight[g]),
    existing: Int32Array.from(gOld, (g) => R.existing[g]),
    gOff: gt.off,
    gCand: gt.idx,
    cOff,
    cGroup: cg,
    kept: Int32Array.from(cand),
    demandGroup: new Int32Array(0),
  };
}

/** The MIP of a reduced siting problem.
 * Max models: columns x_j (binary, kept candidates) then z_gk ∈ [0, 1], one per positive increment
 * of group g beyond its existing facilities; maximise Σ inc_gk·z_gk subject to
 * Σ_k z_gk − Σ_{j∈N_g} x_j ≤ 0, Σ_j x_j ≤ p, and the quota rows.
 * LSCP: minimise Σ x_j subject to Σ_{j∈N_g} x_j ≥ 1 for every group (full cover) or
 * z_g − Σ_{j∈N_g} x_j ≤ 0 and Σ w_g z_g ≥ T (a share).
 * @private
 */
function buildMip(
  R: Reduced,
  p: number,
  inc: (g: number, k: number) => number,
  lscp: { target: number; full: boolean } | null,
  quotas: QuotaState | null,
): { model: MipModel; zOf: Int32Array; zCount: Int32Array } {
  const M = R.kept.length;
  const zOf = new Int32Array(R.G).fill(-1);
  const zCount = new Int32Array(R.G);
  const costs: number[] = [];
  for (let j = 0; j < M; j++) costs.push(lscp ? 1 : 0);
  if (!lscp || !lscp.full) {
    for (let g = 0; g < R.G; g++) {
      const deg = R.gOff[g + 1] - R.gOff[g];
      let k = 0;
      if (lscp) k = 1;
      else while (k < Math.min(deg, p) && inc(g, R.existing[g] + k) > 0) k++;
      if (k === 0) continue;
      zOf[g] = costs.length;
      zCount[g] = k;
      for (let i = 0; i < k; i++) costs.push(lscp ? 0 : inc(g, R.existing[g] + i));
    }
  }
  const numCols = costs.length;
  const rowStart: number[] = [0];
  const rowIndex: number[] = [];
  const rowValue: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let g = 0; g < R.G; g++) {
    if (lscp && lscp.full) {
      for (let q = R.gOff[g]; q < R.gOff[g + 1]; q++) {
        rowIndex.push(R.gCand[q]);
        rowValue.push(1);
      }
      lo.push(1);
      hi.push(Infinity);
    } else {
      if (zOf[g] < 0) continue;
      for (let i = 0; i < zCount[g]; i++) {
        rowIndex.push(zOf[g] + i);
        rowValue.push(1);
      }
      for (let q = R.gOff[g]; q < R.gOff[g + 1]; q++) {
        rowIndex.push(R.gCand[q]);
        rowValue.push(-1);
      }
      lo.push(-Infinity);
      hi.push(0);
    }
    rowStart.push(rowIndex.length);
  }
  if (lscp && !lscp.full) {
    for (let g = 0; g < R.G; g++) {
      if (zOf[g] < 0) continue;
      rowIndex.push(zOf[g]);
      rowValue.push(R.weight[g]);
    }
    lo.push(lscp.target);
    hi.push(Infinity);
    rowStart.push(rowIndex.length);
  }
  if (!lscp) {
    for (let j = 0; j < M; j++) {
      rowIndex.push(j);
      rowValue.push(1);
    }
    lo.push(-Infinity);
    hi.push(p);
    rowStart.push(rowIndex.length);
  }
  if (quotas) {
    for (let t = 0; t < quotas.min.length; t++) {
      for (let j = 0; j < M; j++) {
        if (quotas.group[j] !== t) continue;
        rowIndex.push(j);
        rowValue.push(1);
      }
      lo.push(quotas.min[t] > 0 ? quotas.min[t] : -Infinity);
      hi.push(Number.isFinite(quotas.max[t]) ? quotas.max[t] : Infinity);
      rowStart.push(rowIndex.length);
    }
  }
  const integer = new Uint8Array(numCols);
  integer.fill(1, 0, M);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  return {
    model: {
      sense: lscp ? 'min' : 'max',
      numCols,
      numRows: lo.length,
      colCost: Float64Array.from(costs),
      colLower,
      colUpper,
      integer,
      rowLower: Float64Array.from(lo),
      rowUpper: Float64Array.from(hi),
      rowStart: Int32Array.from(rowStart),
      rowIndex: Int32Array.from(rowIndex),
      rowValue: Float64Array.from(rowValue),
    },
    zOf,
    zCount,
  };
}

/** A full start vector for the MIP from a set of kept candidates. @private */
function startVector(R: Reduced, mip: { model: MipModel; zOf: Int32Array; zCount: Int32Array }, sel: number[], lscp: boolean): Float64Array {
  const x = new Float64Array(mip.model.numCols);
  const cnt = new Int32Array(R.G);
  for (const c of sel) {
    x[c] = 1;
    for (let q = R.cOff[c]; q < R.cOff[c + 1]; q++) cnt[R.cGroup[q]]++;
  }
  for (let g = 0; g < R.G; g++) {
    const z = mip.zOf[g];
    if (z < 0) continue;
    const k = lscp ? Math.min(1, cnt[g]) : Math.min(mip.zCount[g], cnt[g]);
    for (let i = 0; i < k; i++) x[z + i] = 1;
  }
  return x;
}

function validate(problem: SitingProblem): void {
  if (!problem) throw new Error('solveSitingExact: problem is required');
  const { model, coverage, weights } = problem;
  if (!['mclp', 'backup', 'mexclp', 'lscp'].includes(model)) throw new Error('solveSitingExact: model must be mclp, backup, mexclp or lscp');
  checkCoverage(coverage, 'solveSitingExact');
  const n = coverage.demandCount;
  if (!(weights instanceof Float64Array) || weights.length !== n) throw new Error('solveSitingExact: weights must be a Float64Array with one value per demand');
  for (let d = 0; d < n; d++) if (!(weights[d] >= 0) || !Number.isFinite(weights[d])) throw new Error(`solveSitingExact: weight of demand ${d} must be a finite number ≥ 0`);
  if (problem.existingCount && problem.existingCount.length !== n) throw new Error('solveSitingExact: existingCount must have one value per demand');
  if (model !== 'lscp' && (!Number.isInteger(problem.p) || problem.p! < 0)) throw new Error('solveSitingExact: p must be an integer ≥ 0');
  if (model === 'lscp' && problem.share !== undefined && !(problem.share > 0 && problem.share <= 1)) throw new Error('solveSitingExact: share must be in (0, 1]');
  if (model === 'mexclp' && !(problem.busyFraction! >= 0 && problem.busyFraction! < 1)) throw new Error('solveSitingExact: busyFraction must be in [0, 1)');
  if (problem.backupWeight !== undefined && !(problem.backupWeight >= 0)) throw new Error('solveSitingExact: backupWeight must be ≥ 0');
  if (problem.quotas) {
    const q = problem.quotas;
    if (model === 'lscp') throw new Error('solveSitingExact: quotas apply to the p-site models (mclp, backup, mexclp)');
    if (!(q.group instanceof Int32Array) || q.group.length !== coverage.candidateCount) throw new Error('solveSitingExact: quotas.group must be an Int32Array with one entry per candidate');
    if (q.min.length !== q.max.length) throw new Error('solveSitingExact: quotas.min and quotas.max must have equal lengths');
    for (let c = 0; c < q.group.length; c++) if (q.group[c] < -1 || q.group[c] >= q.min.length) throw new Error(`solveSitingExact: quota group of candidate ${c} out of range`);
    for (let t = 0; t < q.min.length; t++) if (!(q.min[t] >= 0) || !(q.max[t] >= q.min[t])) throw new Error(`solveSitingExact: quota ${t} needs 0 ≤ min ≤ max`);
  }
}

/**
 * Exact facility siting: maximal covering (MCLP, Church & ReVelle 1974), backup coverage (Hogan &
 * ReVelle 1986: a second facility within reach counts `backupWeight` more), expected coverage with
 * busy facilities (MEXCLP, Daskin 1983: the k-th facility reaching a demand adds w·(1 − q)·q^(k−1))
 * — each with optional township quotas — or the location set cover (LSCP, Toregas et al. 1971) of
 * a share of the demand.
 *
 * Method: (1) reduce — demand with identical candidate sets becomes one weighted group; for MCLP
 * and LSCP a candidate whose groups are a subset of another's (same quota group) is dropped;
 * (2) greedy + interchange (1-opt swaps) gives a start; (3) a Lagrangian bound (subgradient); (4)
 * when a `solver` is given and the model is not too big, the MIP is solved with the start as a
 * warm start and `timeLimitSec`. The answer is the better of (2) and (4), and the bound the
 * tighter of (3) and the solver's. The gap is always reported: status 'optimal' when proven,
 * 'time-limit' when the solver stopped early, 'heuristic' when no solver ran.
 *
 * @param problem - model, coverage (candidate → demand CSR), weights, existing counts, p or share, quotas
 * @param options - solver adapter, time limit
 * @returns picks in rank order with what each adds, objective, bound, gap, status, solver, runner-ups
 * @example
 * const r = solveSitingExact({ model: 'mclp', coverage, weights, p: 3 }, { solver: highs, timeLimitSec: 5 });
 * r.selected; r.gap; r.status; // [12, 7, 40], 0, 'optimal'
 */
export function solveSitingExact(problem: SitingProblem, options: SitingExactOptions = {}): SitingExactResult {
  validate(problem);
  const { model: kind, coverage, weights } = problem;
  const n = coverage.demandCount;
  const m = coverage.candidateCount;
  const beta = problem.backupWeight ?? SITING_DEFAULTS.backupWeight;
  const q = problem.busyFraction ?? NEVER_BUSY;
  const timeLimitSec = options.timeLimitSec ?? DEFAULT_TIME_LIMIT_SEC;
  const maxNonzeros = options.maxNonzeros ?? MAX_NONZEROS;
  const iterations = options.lagrangianIterations ?? LAGRANGIAN_ITERATIONS;
  const t0 = now();

  // Preselected candidates count as existing facilities.
  const pre: number[] = [];
  const excluded = new Uint8Array(m);
  if (problem.preselected) {
    for (let i = 0; i < problem.preselected.length; i++) {
      const c = problem.preselected[i];
      if (!Number.isInteger(c) || c < 0 || c >= m) throw new Error(`solveSitingExact: preselected candidate ${c} is not a candidate index`);
      if (excluded[c]) throw new Error(`solveSitingExact: candidate ${c} is preselected twice`);
      excluded[c] = 1;
      pre.push(c);
    }
  }
  const existing = new Int32Array(n);
  if (problem.existingCount) for (let d = 0; d < n; d++) existing[d] = problem.existingCount[d];
  for (const c of pre) for (let k = coverage.offset[c]; k < coverage.offset[c + 1]; k++) existing[coverage.demand[k]]++;

  const p = kind === 'lscp' ? 0 : problem.p!;
  let totalWeight = 0;
  let alreadyWeight = 0;
  for (let d = 0; d < n; d++) {
    totalWeight += weights[d];
    if (existing[d] > 0) alreadyWeight += weights[d];
  }
  const useful = (d: number) => (kind === 'mclp' || kind === 'lscp' ? existing[d] === 0 : kind === 'backup' ? existing[d] < 2 : true);
  const dominance = (options.dropDominated ?? true) && (kind === 'mclp' || kind === 'lscp');
  const R = reduce(coverage, weights, existing, useful, dominance, problem.quotas ? problem.quotas.group : null, excluded);
  const inc = (g: number, k: number) => increment(kind, R.weight[g], k, beta, q);
  const quotas: QuotaState | null = problem.quotas
    ? { group: Int32Array.from(R.kept, (c) => problem.quotas!.group[c]), min: problem.quotas.min, max: problem.quotas.max, count: new Int32Array(problem.quotas.min.length) }
    : null;
  const t1 = now();

  let sel: number[];
  let greedyObjective: number;
  let heuristicObjective: number;
  let lscpTarget = 0;
  let lscpFull = false;
  if (kind === 'lscp') {
    const share = problem.share ?? FULL_COVER;
    let coverable = 0;
    for (let g = 0; g < R.G; g++) coverable += R.weight[g];
    let target = share * totalWeight - alreadyWeight;
    const eps = 1e-9 * Math.max(1, totalWeight);
    if (target > coverable + eps) {
      if (!problem.coverableOnly) {
        throw new Error(`solveSitingExact: infeasible — ${(100 * share).toFixed(1)}% of the weight cannot be reached; at most ${(100 * (alreadyWeight + coverable) / totalWeight).toFixed(1)}% (use coverableOnly)`);
      }
      target = coverable;
    }
    lscpTarget = Math.max(0, target);
    lscpFull = lscpTarget >= coverable - eps;
    if (lscpFull) lscpTarget = coverable;
    const h = heuristicLscp(R, lscpTarget);
    sel = h.sel;
    greedyObjective = h.greedyCount;
    heuristicObjective = sel.length;
  } else {
    if (quotas) {
      let minSum = 0;
      for (let t = 0; t < quotas.min.length; t++) minSum += quotas.min[t];
      if (minSum > p) throw new Error(`solveSitingExact: the quota minima add up to ${minSum}, more than p = ${p}`);
    }
    const h = heuristicMax(R, Math.min(p, R.kept.length), inc, quotas);
    sel = h.sel;
    greedyObjective = h.greedyValue;
    heuristicObjective = h.value;
  }
  const t2 = now();

  const P = Math.min(p, R.kept.length);
  // The model the bound and the solver work on: R itself, or for a full set cover its core
  // (rows implied by a smaller row dropped, then dominated columns). `Rb.kept` → indices of R.
  const Rb = kind === 'lscp' && lscpFull && (options.dropDominated ?? true) ? coverCore(R) : { ...R, kept: Int32Array.from({ length: R.kept.length }, (_, j) => j) };
  const Mb = Rb.kept.length;
  const toRb = new Int32Array(R.kept.length).fill(-1);
  Rb.kept.forEach((j, i) => (toRb[j] = i));
  // Lagrangian bound, then variable fixing: a candidate whose bound with it forced in (out) is
  // below the incumbent cannot be in (out of) any better plan, so it is dropped (fixed).
  const keepMask = new Uint8Array(Mb).fill(1);
  const fixedMask = new Uint8Array(Mb);
  let bound: number;
  let elimBound: number;
  if (kind === 'lscp') {
    let target = lscpTarget;
    if (lscpFull) {
      target = 0;
      for (let g = 0; g < Rb.G; g++) target += Rb.weight[g];
    }
    const lg = lagrangianLscp(Rb, target, lscpFull, heuristicObjective, iterations);
    if (lg.cover && lg.cover.length < heuristicObjective) {
      sel = lg.cover.map((i) => Rb.kept[i]);
      heuristicObjective = sel.length;
    }
    bound = Math.min(lg.bound, heuristicObjective);
    elimBound = Infinity;
    if (Number.isFinite(lg.value)) {
      for (let j = 0; j < Mb; j++) {
        const r = lg.reduced[j];
        const forced = r >= 0 ? lg.value + r : lg.value - r;
        if (forced <= heuristicObjective + 1e-6) continue;
        elimBound = Math.min(elimBound, Math.ceil(forced - 1e-6));
        if (r >= 0) keepMask[j] = 0;
        else fixedMask[j] = 1;
      }
    }
  } else {
    const lg = lagrangianMax(Rb, P, inc, heuristicObjective, iterations, quotas ? { group: quotas.group, max: quotas.max } : null);
    if (!quotas && lg.bestSet.length > 0) {
      const h = interchange(R, lg.bestSet.map((i) => Rb.kept[i]), inc, null);
      if (h.value > heuristicObjective + 1e-9 * Math.max(1, heuristicObjective)) {
        sel = h.sel;
        heuristicObjective = h.value;
      }
    }
    bound = Math.max(lg.bound, heuristicObjective);
    elimBound = -Infinity;
    const tol = 1e-9 * Math.max(1, heuristicObjective);
    for (let j = 0; j < Mb; j++) {
      if (lg.forcedIn[j] < heuristicObjective - tol) {
        keepMask[j] = 0;
        elimBound = Math.max(elimBound, lg.forcedIn[j]);
      } else if (lg.forcedOut[j] < heuristicObjective - tol) {
        fixedMask[j] = 1;
        elimBound = Math.max(elimBound, lg.forcedOut[j]);
      }
    }
  }
  const t3 = now();

  let objective = heuristicObjective;
  let status: SitingExactResult['status'] = 'heuristic';
  let solverName = 'greedy + interchange';
  let solverNote: string | undefined;
  let mipNonzeros = 0;
  const provenByBound = () => (kind === 'lscp' ? bound >= objective : bound - objective <= 1e-9 * Math.max(1, Math.abs(objective)));
  if (provenByBound()) {
    status = 'optimal';
  }
  if (options.solver && status !== 'optimal') {
    const Rr = restrict(Rb, keepMask);
    const fixed = new Uint8Array(Rr.kept.length);
    for (let i = 0; i < Rr.kept.length; i++) fixed[i] = fixedMask[Rr.kept[i]];
    const toR = Int32Array.from(Rr.kept, (i) => Rb.kept[i]);
    const quotasR: QuotaState | null = quotas ? { ...quotas, group: Int32Array.from(toR, (j) => quotas.group[j]) } : null;
    const mip = buildMip(Rr, Math.min(p, Rr.kept.length), (g, k) => increment(kind, Rr.weight[g], k, beta, q), kind === 'lscp' ? { target: lscpFull ? Infinity : lscpTarget, full: lscpFull } : null, quotasR);
    for (let i = 0; i < fixed.length; i++) if (fixed[i]) mip.model.colLower[i] = 1;
    mipNonzeros = mip.model.rowIndex.length;
    if (mipNonzeros > maxNonzeros) {
      solverNote = `model too big for the solver (${mipNonzeros} nonzeros > ${maxNonzeros})`;
    } else {
      try {
        const pos = new Int32Array(R.kept.length).fill(-1);
        toR.forEach((j, i) => (pos[j] = i));
        const startSel = sel.map((j) => pos[j]);
        const start = startSel.every((i) => i >= 0) ? startVector(Rr, mip, startSel, kind === 'lscp') : undefined;
        // A whole-number objective (site counts; MCLP with whole weights) is optimal once bound − objective < 1.
        let integral = true;
        for (let j = 0; j < mip.model.numCols && integral; j++) integral = Number.isInteger(mip.model.colCost[j]);
        const res = options.solver.solveMip(mip.model, { timeLimitSec, start, absoluteGap: integral ? 0.999 : undefined });
        if (res.status === 'failed') throw new Error('the solver failed');
        if (res.status !== 'infeasible' && !res.x && !Number.isFinite(res.bound)) throw new Error('the solver stopped before it found a solution or a bound');
        solverName = options.solver.name;
        // Infeasible restricted model: no plan beats the incumbent.
        const rBound = res.status === 'infeasible' ? objective : res.bound;
        if (kind === 'lscp') {
          if (Number.isFinite(rBound)) bound = Math.max(bound, Math.min(Math.ceil(rBound - 1e-6), elimBound));
        } else if (Number.isFinite(rBound)) bound = Math.min(bound, Math.max(rBound, elimBound));
        if (res.x) {
          const better = kind === 'lscp' ? res.objective < objective - 1e-9 : res.objective > objective + 1e-9 * Math.max(1, objective);
          if (better) {
            const s: number[] = [];
            for (let i = 0; i < Rr.kept.length; i++) if (res.x[i] > 0.5) s.push(toR[i]);
            sel = s;
            objective = res.objective;
          }
        }
        status = res.status === 'optimal' || res.status === 'infeasible' || provenByBound() ? 'optimal' : 'time-limit';
      } catch (err) {
        solverNote = `solver not used: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
  }
  const t4 = now();

  // Recompute the objective from the picks (the solver's value can carry round-off).
  const cnt = Int32Array.from(R.existing);
  for (const c of sel) for (let k = R.cOff[c]; k < R.cOff[c + 1]; k++) cnt[R.cGroup[k]]++;
  if (kind === 'lscp') objective = sel.length;
  else objective = valueOfCounts(R, cnt, inc);
  if (kind !== 'lscp') bound = Math.max(bound, objective);
  const gap = objective === 0 ? (Math.abs(bound - objective) > 1e-12 ? Infinity : 0) : Math.abs(bound - objective) / Math.abs(objective);

  // Rank the picks greedily among themselves; runner-ups by the best swap.
  const rankInc = kind === 'lscp' ? (g: number, k: number) => (k === 0 ? R.weight[g] : 0) : inc;
  const ranked: number[] = [];
  const addedObjective: number[] = [];
  {
    const c2 = Int32Array.from(R.existing);
    const left = new Set(sel);
    while (left.size > 0) {
      let best = -1;
      let bestGain = -Infinity;
      for (const c of left) {
        let gsum = 0;
        for (let k = R.cOff[c]; k < R.cOff[c + 1]; k++) gsum += rankInc(R.cGroup[k], c2[R.cGroup[k]]);
        if (gsum > bestGain || (gsum === bestGain && c < best)) {
          bestGain = gsum;
          best = c;
        }
      }
      left.delete(best);
      ranked.push(best);
      addedObjective.push(kind === 'lscp' ? 1 : bestGain);
      for (let k = R.cOff[best]; k < R.cOff[best + 1]; k++) c2[R.cGroup[k]]++;
    }
  }
  const chosen = new Uint8Array(R.kept.length);
  for (const c of ranked) chosen[c] = 1;
  if (quotas) {
    quotas.count.fill(0);
    for (const c of ranked) if (quotas.group[c] >= 0) quotas.count[quotas.group[c]]++;
  }
  const swaps = bestSwaps(R, ranked, chosen, cnt, rankInc, quotas);
  const runnerUp = swaps.map((s) => (s ? { candidate: R.kept[s.candidate], loss: -s.delta } : null));

  // Plain coverage figures over the original demand, picks in rank order.
  const selected = [...pre, ...ranked.map((c) => R.kept[c])];
  const coveredBy = new Int32Array(n).fill(-1);
  const hit = new Int32Array(n);
  const addedWeight = selected.map(() => 0);
  const addedCount = selected.map(() => 0);
  const origExisting = new Int32Array(n);
  if (problem.existingCount) for (let d = 0; d < n; d++) origExisting[d] = problem.existingCount[d];
  selected.forEach((c, i) => {
    for (let k = coverage.offset[c]; k < coverage.offset[c + 1]; k++) {
      const d = coverage.demand[k];
      if (hit[d] === i + 1) continue;
      hit[d] = i + 1;
      if (origExisting[d] > 0 || coveredBy[d] >= 0) continue;
      coveredBy[d] = i;
      addedWeight[i] += weights[d];
      addedCount[i]++;
    }
  });
  const count = Int32Array.from(origExisting);
  for (const c of selected) {
    const seen = new Set<number>();
    for (let k = coverage.offset[c]; k < coverage.offset[c + 1]; k++) {
      const d = coverage.demand[k];
      if (seen.has(d)) continue;
      seen.add(d);
      count[d]++;
    }
  }
  let baseTotal = 0;
  let covered = 0;
  let uncoveredCount = 0;
  let uncoveredWeight = 0;
  let backupWeightCovered = 0;
  let expectedCoverage = 0;
  for (let d = 0; d < n; d++) {
    const w = weights[d];
    if (count[d] >= 2) backupWeightCovered += w;
    expectedCoverage += w * (1 - q ** count[d]);
    if (origExisting[d] > 0) continue;
    baseTotal += w;
    if (coveredBy[d] >= 0) covered += w;
    else if (w > 0) {
      uncoveredCount++;
      uncoveredWeight += w;
    }
  }
  let uncoverableCount = 0;
  if (kind === 'lscp') {
    const reach = new Uint8Array(n);
    for (let k = 0; k < coverage.demand.length; k++) reach[coverage.demand[k]] = 1;
    for (let d = 0; d < n; d++) if (weights[d] > 0 && existing[d] === 0 && !reach[d]) uncoverableCount++;
  }
  return {
    model: kind,
    selected,
    preselectedCount: pre.length,
    addedWeight,
    addedCount,
    totalWeight: baseTotal,
    coveredWeight: covered,
    coveredShare: baseTotal > 0 ? covered / baseTotal : 1,
    uncoveredCount,
    uncoveredWeight,
    coveredBy,
    exhausted: kind !== 'lscp' && ranked.length < p,
    uncoverableCount: kind === 'lscp' ? uncoverableCount : undefined,
    objective,
    bound,
    gap,
    status,
    solver: solverName,
    solverNote,
    greedyObjective,
    heuristicObjective,
    addedObjective,
    runnerUp,
    backupWeightCovered,
    expectedCoverage,
    size: { demand: n, groups: R.G, candidates: m, keptCandidates: R.kept.length, nonzeros: coverage.demand.length, mipNonzeros },
    timingMs: { reduce: Math.round(t1 - t0), heuristic: Math.round(t2 - t1), bound: Math.round(t3 - t2), solve: Math.round(t4 - t3) },
  };
}

/** A capacitated maximal covering problem: each new site serves at most its capacity. */
export interface CapacitatedSitingProblem {
  coverage: SparseCoverage;
  /** Demand weight (children), ≥ 0. */
  weights: Float64Array;
  /** 1 where existing facilities already serve the demand: it is not counted. */
  alreadyCovered?: Uint8Array;
  /** New sites. */
  p: number;
  /** Places per new site: one value, or one per candidate. */
  capacity: number | Float64Array;
}

/**
 * Result of {@link solveCapacitatedSiting}: `objective` is the total assigned (children given a place
 * within reach); `greedyObjective` the largest-capped-gain greedy, assigning first the demand with
 * the fewest alternatives.
 */
export interface CapacitatedSitingResult extends SolverOutcome {
  /** Chosen candidates, in rank order (most assigned first). */
  selected: number[];
  /** Demand weight assigned to each pick (≤ its capacity), in `selected` order. */
  assigned: number[];
  size: { groups: number; candidates: number; mipNonzeros: number };
}

/**
 * Capacitated maximal covering (places vs children): choose `p` new sites and assign demand to a
 * chosen site within reach so that the assigned weight is largest, no site taking more than its
 * capacity and no demand more than its weight (Current & Storbeck 1988).
 *
 * Formulation: maximise Σ y_jg subject to Σ_j y_jg ≤ w_g (each demand group), Σ_g y_jg ≤ C_j·x_j
 * (each site), y_jg ≤ w_g·x_j, Σ_j x_j ≤ p, x binary, y ≥ 0 (demand may be split). Demand with
 * identical candidate sets is merged first. Without a solver: greedy with a feasible assignment,
 * and the bound min(coverable weight, Σ of the p largest min(C_j, weight within reach of j)).
 *
 * @param problem - coverage, weights, already-served flags, p, capacity
 * @param options - solver adapter, time limit
 * @returns picks with what each is assigned, objective, bound, gap, status, solver
 * @example
 * const r = solveCapacitatedSiting({ coverage, weights: children, p: 3, capacity: 180 }, { solver });
 * r.assigned; r.gap;
 */
export function solveCapacitatedSiting(problem: CapacitatedSitingProblem, options: SitingExactOptions = {}): CapacitatedSitingResult {
  if (!problem) throw new Error('solveCapacitatedSiting: problem is required');
  const { coverage, weights, p } = problem;
  checkCoverage(coverage, 'solveCapacitatedSiting');
  const n = coverage.demandCount;
  const m = coverage.candidateCount;
  if (!(weights instanceof Float64Array) || weights.length !== n) throw new Error('solveCapacitatedSiting: weights must be a Float64Array with one value per demand');
  for (let d = 0; d < n; d++) if (!(weights[d] >= 0) || !Number.isFinite(weights[d])) throw new Error(`solveCapacitatedSiting: weight of demand ${d} must be a finite number ≥ 0`);
  if (!Number.isInteger(p) || p < 0) throw new Error('solveCapacitatedSiting: p must be an integer ≥ 0');
  const capOf = (c: number) => (problem.capacity instanceof Float64Array ? problem.capacity[c] : problem.capacity);
  if (problem.capacity instanceof Float64Array ? problem.capacity.length !== m : false) throw new Error('solveCapacitatedSiting: capacity must be one number or one per candidate');
  for (let c = 0; c < m; c++) if (!(capOf(c) >= 0) || !Number.isFinite(capOf(c))) throw new Error(`solveCapacitatedSiting: capacity of candidate ${c} must be a finite number ≥ 0`);
  const existing = new Int32Array(n);
  if (problem.alreadyCovered) {
    if (problem.alreadyCovered.length !== n) throw new Error('solveCapacitatedSiting: alreadyCovered must have one flag per demand');
    for (let d = 0; d < n; d++) existing[d] = problem.alreadyCovered[d] ? 1 : 0;
  }
  const R = reduce(coverage, weights, existing, (d) => existing[d] === 0, false, null, new Uint8Array(m));
  const M = R.kept.length;
  const cap = Float64Array.from(R.kept, (c) => capOf(c));
  const P = Math.min(p, M);

  // Greedy with a feasible assignment: groups with fewer candidates are served first.
  const residual = Float64Array.from(R.weight);
  const chosen = new Uint8Array(M);
  const sel: number[] = [];
  const take: number[] = [];
  const assign = new Map<number, Float64Array>();
  const degree = (g: number) => R.gOff[g + 1] - R.gOff[g];
  for (let k = 0; k < P; k++) {
    let best = -1;
    let bestGain = 0;
    for (let j = 0; j < M; j++) {
      if (chosen[j]) continue;
      let w = 0;
      for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) w += residual[R.cGroup[q]];
      const gain = Math.min(cap[j], w);
      if (gain > bestGain) {
        bestGain = gain;
        best = j;
      }
    }
    if (best < 0) break;
    chosen[best] = 1;
    sel.push(best);
    const groups = Array.from(R.cGroup.subarray(R.cOff[best], R.cOff[best + 1])).sort((a, b) => degree(a) - degree(b));
    let left = cap[best];
    const y = new Float64Array(R.cOff[best + 1] - R.cOff[best]);
    for (const g of groups) {
      if (left <= 0) break;
      const t = Math.min(left, residual[g]);
      residual[g] -= t;
      left -= t;
      for (let q = R.cOff[best]; q < R.cOff[best + 1]; q++) if (R.cGroup[q] === g) y[q - R.cOff[best]] = t;
    }
    assign.set(best, y);
    take.push(cap[best] - left);
  }
  const greedyObjective = take.reduce((a, b) => a + b, 0);
  let coverable = 0;
  for (let g = 0; g < R.G; g++) coverable += R.weight[g];
  const caps: number[] = [];
  for (let j = 0; j < M; j++) {
    let w = 0;
    for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) w += R.weight[R.cGroup[q]];
    caps.push(Math.min(cap[j], w));
  }
  caps.sort((a, b) => b - a);
  let bound = Math.min(coverable, caps.slice(0, P).reduce((a, b) => a + b, 0));
  let objective = greedyObjective;
  let picks = sel.map((j, i) => ({ j, y: take[i] }));
  let status: CapacitatedSitingResult['status'] = bound - objective <= 1e-9 * Math.max(1, objective) ? 'optimal' : 'heuristic';
  let solverName = 'greedy';
  let solverNote: string | undefined;
  let mipNonzeros = 0;
  if (options.solver && status !== 'optimal') {
    // Columns: x_j (M), then y for each (j, g) pair in R's CSR order.
    const nnz = R.cGroup.length;
    const numCols = M + nnz;
    const rowStart: number[] = [0];
    const rowIndex: number[] = [];
    const rowValue: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    const pairsOfGroup: number[][] = Array.from({ length: R.G }, () => []);
    for (let j = 0; j < M; j++) for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) pairsOfGroup[R.cGroup[q]].push(q);
    for (let g = 0; g < R.G; g++) {
      for (const q of pairsOfGroup[g]) {
        rowIndex.push(M + q);
        rowValue.push(1);
      }
      lo.push(-Infinity);
      hi.push(R.weight[g]);
      rowStart.push(rowIndex.length);
    }
    for (let j = 0; j < M; j++) {
      for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) {
        rowIndex.push(M + q);
        rowValue.push(1);
      }
      rowIndex.push(j);
      rowValue.push(-cap[j]);
      lo.push(-Infinity);
      hi.push(0);
      rowStart.push(rowIndex.length);
      for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) {
        rowIndex.push(M + q, j);
        rowValue.push(1, -R.weight[R.cGroup[q]]);
        lo.push(-Infinity);
        hi.push(0);
        rowStart.push(rowIndex.length);
      }
    }
    for (let j = 0; j < M; j++) {
      rowIndex.push(j);
      rowValue.push(1);
    }
    lo.push(-Infinity);
    hi.push(P);
    rowStart.push(rowIndex.length);
    const colCost = new Float64Array(numCols);
    colCost.fill(1, M);
    const colUpper = new Float64Array(numCols).fill(Infinity);
    colUpper.fill(1, 0, M);
    const integer = new Uint8Array(numCols);
    integer.fill(1, 0, M);
    const model: MipModel = {
      sense: 'max',
      numCols,
      numRows: lo.length,
      colCost,
      colLower: new Float64Array(numCols),
      colUpper,
      integer,
      rowLower: Float64Array.from(lo),
      rowUpper: Float64Array.from(hi),
      rowStart: Int32Array.from(rowStart),
      rowIndex: Int32Array.from(rowIndex),
      rowValue: Float64Array.from(rowValue),
    };
    mipNonzeros = model.rowIndex.length;
    const maxNonzeros = options.maxNonzeros ?? MAX_NONZEROS;
    if (mipNonzeros > maxNonzeros) {
      solverNote = `model too big for the solver (${mipNonzeros} nonzeros > ${maxNonzeros})`;
    } else {
      const start = new Float64Array(numCols);
      for (const j of sel) {
        start[j] = 1;
        const y = assign.get(j)!;
        for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) start[M + q] = y[q - R.cOff[j]];
      }
      try {
        const res = options.solver.solveMip(model, { timeLimitSec: options.timeLimitSec ?? DEFAULT_TIME_LIMIT_SEC, start });
        if (res.status === 'failed' || res.status === 'infeasible') throw new Error(`the solver ${res.status === 'failed' ? 'failed' : 'found the model infeasible'}`);
        solverName = options.solver.name;
        if (Number.isFinite(res.bound)) bound = Math.min(bound, res.bound);
        if (res.x && res.objective > objective + 1e-9 * Math.max(1, objective)) {
          objective = res.objective;
          picks = [];
          for (let j = 0; j < M; j++) {
            if (res.x[j] <= 0.5) continue;
            let y = 0;
            for (let q = R.cOff[j]; q < R.cOff[j + 1]; q++) y += res.x[M + q];
            picks.push({ j, y });
          }
        }
        status = res.status === 'optimal' || bound - objective <= 1e-9 * Math.max(1, objective) ? 'optimal' : 'time-limit';
      } catch (err) {
        solverNote = `solver not used: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
  }
  bound = Math.max(bound, objective);
  picks.sort((a, b) => b.y - a.y || a.j - b.j);
  const gap = objective > 0 ? (bound - objective) / objective : bound > 1e-12 ? Infinity : 0;
  return {
    selected: picks.map((x) => R.kept[x.j]),
    assigned: picks.map((x) => x.y),
    objective,
    bound,
    gap,
    status,
    solver: solverName,
    solverNote,
    greedyObjective,
    size: { groups: R.G, candidates: M, mipNonzeros },
  };
}
