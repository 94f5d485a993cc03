import { beforeAll, describe, expect, test } from 'vitest';
import type { SparseCoverage } from '../../analysis/site-facilities.ts';
import { solveCapacitatedSiting, solveSitingExact, type SitingProblem } from '../../analysis/siting-exact.ts';
import { evaluateMip, type MipModel, type MipSolver } from '../../analysis/mip-model.ts';
import { loadHighsNode } from '../../src/solver/load-highs-node.ts';

let highs: MipSolver;
beforeAll(async () => {
  highs = await loadHighsNode();
});

function createCoverage(lists: number[][], demandCount: number): SparseCoverage {
  const offset = new Int32Array(lists.length + 1);
  lists.forEach((l, c) => (offset[c + 1] = offset[c] + l.length));
  return { candidateCount: lists.length, demandCount, offset, demand: Int32Array.from(lists.flat()) };
}

/** Seeded instance: `m` candidates × `n` demand, each pair covered with probability `density`. */
function createRandomProblem(seed: number, m: number, n: number, density: number): { lists: number[][]; weights: Float64Array; existing: Int32Array } {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lists = Array.from({ length: m }, () => [] as number[]);
  for (let c = 0; c < m; c++) for (let d = 0; d < n; d++) if (rnd() < density) lists[c].push(d);
  const weights = Float64Array.from({ length: n }, () => 1 + Math.floor(rnd() * 9));
  const existing = Int32Array.from({ length: n }, () => (rnd() < 0.2 ? 1 : 0));
  return { lists, weights, existing };
}

function subsets(m: number, maxSize: number): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << m; mask++) {
    const s: number[] = [];
    for (let c = 0; c < m; c++) if (mask & (1 << c)) s.push(c);
    if (s.length <= maxSize) out.push(s);
  }
  return out;
}

/** Objective of a set by direct counting: Σ_d w_d (V(e_d + c_d) − V(e_d)). */
function createValue(problem: SitingProblem, lists: number[][]): (set: number[]) => number {
  const n = problem.coverage.demandCount;
  const beta = problem.backupWeight ?? 1;
  const q = problem.busyFraction ?? 0;
  const V = (c: number) => (problem.model === 'mexclp' ? 1 - q ** c : problem.model === 'backup' ? (c >= 1 ? 1 : 0) + (c >= 2 ? beta : 0) : c >= 1 ? 1 : 0);
  return (set) => {
    const cnt = new Int32Array(n);
    for (const c of set) for (const d of lists[c]) cnt[d]++;
    let v = 0;
    for (let d = 0; d < n; d++) {
      const e = problem.existingCount ? problem.existingCount[d] : 0;
      v += problem.weights[d] * (V(e + cnt[d]) - V(e));
    }
    return v;
  };
}

function createQuotaCheck(problem: SitingProblem): (set: number[]) => boolean {
  const q = problem.quotas;
  if (!q) return () => true;
  return (set) => {
    const cnt = new Array(q.min.length).fill(0);
    for (const c of set) if (q.group[c] >= 0) cnt[q.group[c]]++;
    return cnt.every((k, t) => k >= q.min[t] && k <= q.max[t]);
  };
}

/** The optimum by enumeration: best value over sets of at most p sites (max models). */
function enumerateMax(problem: SitingProblem, lists: number[][]): number {
  const value = createValue(problem, lists);
  const ok = createQuotaCheck(problem);
  let best = -Infinity;
  for (const s of subsets(lists.length, problem.p!)) if (ok(s)) best = Math.max(best, value(s));
  return best;
}

/** Fewest sites whose covered weight (already covered included) reaches share × total. */
function enumerateLscp(problem: SitingProblem, lists: number[][]): number {
  const n = problem.coverage.demandCount;
  let total = 0;
  let already = 0;
  for (let d = 0; d < n; d++) {
    total += problem.weights[d];
    if (problem.existingCount?.[d]) already += problem.weights[d];
  }
  const target = (problem.share ?? 1) * total - already - 1e-9;
  const gain = createValue({ ...problem, model: 'mclp' }, lists);
  let best = Infinity;
  for (const s of subsets(lists.length, lists.length)) if (s.length < best && gain(s) >= target) best = s.length;
  return best;
}

// Greedy takes A (6 households) first, then any of B … E adds 2: 8. The optimum is B + C = 10.
const HAND = [
  [0, 1, 2, 3, 4, 5], // A
  [0, 1, 2, 6, 7], // B
  [3, 4, 5, 8, 9], // C
  [6, 8], // D
  [7, 9], // E
  [0, 9], // F
];

describe('solveSitingExact: the optimum, proven', () => {
  test('hand case 6 × 10: greedy 8, HiGHS finds the optimum 10 (B + C) with gap 0', () => {
    const problem: SitingProblem = { model: 'mclp', coverage: createCoverage(HAND, 10), weights: new Float64Array(10).fill(1), p: 2 };
    expect(enumerateMax(problem, HAND)).toBe(10);
    const r = solveSitingExact(problem, { solver: highs, lagrangianIterations: 0, dropDominated: false });
    expect(r.greedyObjective).toBe(8);
    expect(r.objective).toBe(10);
    expect([...r.selected].sort()).toEqual([1, 2]);
    expect(r.gap).toBe(0);
    expect(r.status).toBe('optimal');
    expect(r.solver).toMatch(/^HiGHS 1\.15/);
    expect(r.addedWeight).toEqual([5, 5]);
  });

  test('hand case without a solver: greedy + interchange reaches 10 and the Lagrangian bound proves it', () => {
    const problem: SitingProblem = { model: 'mclp', coverage: createCoverage(HAND, 10), weights: new Float64Array(10).fill(1), p: 2 };
    const r = solveSitingExact(problem);
    expect(r.heuristicObjective).toBe(10);
    expect(r.bound).toBeGreaterThanOrEqual(10);
    expect(r.gap).toBeLessThan(0.25);
    expect(r.solver).toBe('greedy + interchange');
    expect(r.runnerUp).toHaveLength(2);
    for (const ru of r.runnerUp) expect(ru!.loss).toBeGreaterThanOrEqual(0);
  });

  const models: { name: string; make: (lists: number[][], w: Float64Array, e: Int32Array, p: number) => SitingProblem }[] = [
    { name: 'MCLP', make: (l, w, e, p) => ({ model: 'mclp', coverage: createCoverage(l, w.length), weights: w, existingCount: e, p }) },
    { name: 'backup', make: (l, w, e, p) => ({ model: 'backup', coverage: createCoverage(l, w.length), weights: w, existingCount: e, p, backupWeight: 0.5 }) },
    { name: 'MEXCLP q = 0.3', make: (l, w, e, p) => ({ model: 'mexclp', coverage: createCoverage(l, w.length), weights: w, existingCount: e, p, busyFraction: 0.3 }) },
    {
      name: 'MCLP with quotas (group 0 ≥ 1, group 2 ≤ 1)',
      make: (l, w, e, p) => ({ model: 'mclp', coverage: createCoverage(l, w.length), weights: w, existingCount: e, p, quotas: { group: Int32Array.from([0, 0, 1, 1, 2, 2]), min: [1, 0, 0], max: [2, 2, 1] } }),
    },
  ];
  for (const { name, make } of models) {
    test(`${name}: on 30 random 6 × 10 instances HiGHS matches enumeration with gap 0, and the bound without a solver is valid`, () => {
      for (let seed = 1; seed <= 30; seed++) {
        const { lists, weights, existing } = createRandomProblem(seed, 6, 10, 0.3);
        const p = 1 + (seed % 3);
        const problem = make(lists, weights, existing, p);
        const opt = enumerateMax(problem, lists);
        const exact = solveSitingExact(problem, { solver: highs, lagrangianIterations: 0 });
        expect(exact.objective).toBeCloseTo(opt, 9);
        expect(createValue(problem, lists)(exact.selected)).toBeCloseTo(opt, 9);
        expect(createQuotaCheck(problem)(exact.selected)).toBe(true);
        expect(exact.status).toBe('optimal');
        expect(exact.gap).toBeLessThanOrEqual(1e-9);
        const heur = solveSitingExact(problem);
        expect(heur.objective).toBeLessThanOrEqual(opt + 1e-9);
        expect(heur.bound).toBeGreaterThanOrEqual(opt - 1e-9);
        expect(heur.gap).toBeGreaterThanOrEqual((opt - heur.objective) / heur.objective - 1e-12);
      }
    });
  }

  for (const share of [0.8, 1]) {
    test(`LSCP to ${share * 100}%: on 30 random instances HiGHS finds the fewest sites (enumeration) with gap 0`, () => {
      for (let seed = 1; seed <= 30; seed++) {
        const { lists, weights, existing } = createRandomProblem(100 + seed, 6, 10, 0.35);
        const problem: SitingProblem = { model: 'lscp', coverage: createCoverage(lists, 10), weights, existingCount: existing, share, coverableOnly: false };
        const opt = enumerateLscp(problem, lists);
        if (!Number.isFinite(opt)) {
          expect(() => solveSitingExact(problem, { solver: highs })).toThrow(/infeasible/);
          continue;
        }
        const exact = solveSitingExact(problem, { solver: highs, lagrangianIterations: 0 });
        expect(exact.objective).toBe(opt);
        expect(exact.selected).toHaveLength(opt);
        expect(exact.gap).toBe(0);
        expect(exact.status).toBe('optimal');
        const heur = solveSitingExact(problem);
        expect(heur.objective).toBeGreaterThanOrEqual(opt);
        expect(heur.bound).toBeLessThanOrEqual(opt);
      }
    });
  }

  test('a forced tiny time limit reports a gap at least the true gap (the bound is valid)', () => {
    const { lists, weights } = createRandomProblem(7, 60, 400, 0.06);
    const problem: SitingProblem = { model: 'mclp', coverage: createCoverage(lists, 400), weights, p: 6 };
    const full = solveSitingExact(problem, { solver: highs, timeLimitSec: 60, lagrangianIterations: 0 });
    expect(full.status).toBe('optimal');
    const opt = full.objective;
    const rushed = solveSitingExact(problem, { solver: highs, timeLimitSec: 1e-4, lagrangianIterations: 30 });
    expect(Number.isFinite(rushed.gap)).toBe(true);
    expect(rushed.bound).toBeGreaterThanOrEqual(opt * (1 - 1e-4));
    expect(rushed.objective).toBeLessThanOrEqual(opt + 1e-9);
    const trueGap = (opt - rushed.objective) / rushed.objective;
    expect(rushed.gap).toBeGreaterThanOrEqual(trueGap - 1e-4);
    const noSolver = solveSitingExact(problem, { lagrangianIterations: 50 });
    expect(noSolver.bound).toBeGreaterThanOrEqual(opt - 1e-9);
    expect(noSolver.gap).toBeGreaterThanOrEqual((opt - noSolver.objective) / noSolver.objective - 1e-12);
  });

  test('dropping dominated candidates and merging identical demand keep the optimum', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { lists, weights } = createRandomProblem(50 + seed, 40, 200, 0.06);
      const problem: SitingProblem = { model: 'mclp', coverage: createCoverage(lists, 200), weights, p: 4 };
      const a = solveSitingExact(problem, { solver: highs, lagrangianIterations: 0 });
      const b = solveSitingExact(problem, { solver: highs, lagrangianIterations: 0, dropDominated: false });
      expect(a.objective).toBeCloseTo(b.objective, 9);
      expect(a.size.keptCandidates).toBeLessThanOrEqual(b.size.keptCandidates);
      expect(a.size.groups).toBeLessThanOrEqual(200);
    }
  });

  test('full set cover: dropping implied rows and dominated candidates keeps the fewest sites', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { lists, weights } = createRandomProblem(300 + seed, 40, 200, 0.08);
      const problem: SitingProblem = { model: 'lscp', coverage: createCoverage(lists, 200), weights, coverableOnly: true };
      const a = solveSitingExact(problem, { solver: highs, lagrangianIterations: 0 });
      const b = solveSitingExact(problem, { solver: highs, lagrangianIterations: 0, dropDominated: false });
      expect(a.status).toBe('optimal');
      expect(b.status).toBe('optimal');
      expect(a.objective).toBe(b.objective);
      expect(a.uncoveredCount).toBe(b.uncoveredCount);
    }
  });

  test('quotas (at most 1 per group): Lagrangian fixing with good multipliers keeps the optimum', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const { lists, weights } = createRandomProblem(700 + seed, 40, 200, 0.07);
      const group = Int32Array.from({ length: 40 }, (_, c) => c % 5);
      const problem: SitingProblem = { model: 'mclp', coverage: createCoverage(lists, 200), weights, p: 4, quotas: { group, min: [0, 0, 0, 0, 0], max: [1, 1, 1, 1, 1] } };
      const tuned = solveSitingExact(problem, { solver: highs });
      const plain = solveSitingExact(problem, { solver: highs, lagrangianIterations: 0, dropDominated: false });
      expect(tuned.status).toBe('optimal');
      expect(plain.status).toBe('optimal');
      expect(tuned.objective).toBeCloseTo(plain.objective, 9);
      expect(createQuotaCheck(problem)(tuned.selected)).toBe(true);
    }
  });

  test('preselected sites count as existing; coveredBy and addedWeight describe the picks in rank order', () => {
    const problem: SitingProblem = { model: 'mclp', coverage: createCoverage(HAND, 10), weights: new Float64Array(10).fill(1), p: 1, preselected: [0] };
    const r = solveSitingExact(problem, { solver: highs, lagrangianIterations: 0 });
    expect(r.selected[0]).toBe(0);
    expect(r.preselectedCount).toBe(1);
    expect(r.addedWeight[0]).toBe(6);
    expect(r.objective).toBe(2);
    expect(r.coveredWeight).toBe(8);
  });

  test('bad input throws', () => {
    const coverage = createCoverage(HAND, 10);
    const w = new Float64Array(10).fill(1);
    expect(() => solveSitingExact({ model: 'mclp', coverage, weights: w, p: -1 })).toThrow(/p must be/);
    expect(() => solveSitingExact({ model: 'mexclp', coverage, weights: w, p: 1, busyFraction: 1 })).toThrow(/busyFraction/);
    expect(() => solveSitingExact({ model: 'mclp', coverage, weights: w, p: 1, quotas: { group: Int32Array.from([0, 0, 0, 0, 0, 0]), min: [2], max: [3] } })).toThrow(/quota minima/);
    expect(() => solveSitingExact({ model: 'lscp', coverage: createCoverage([[0], [1]], 3), weights: new Float64Array(3).fill(1) })).toThrow(/infeasible/);
  });
});

/** Largest weight the sites `set` can serve (each ≤ capacity, demand d only from a site reaching it): max flow. */
function maxAssigned(lists: number[][], weights: Float64Array, already: Uint8Array, set: number[], capacity: number): number {
  const n = weights.length;
  const N = 2 + n + set.length;
  const cap = Array.from({ length: N }, () => new Array(N).fill(0));
  const S = 0;
  const T = N - 1;
  for (let d = 0; d < n; d++) if (!already[d]) cap[S][1 + d] = weights[d];
  set.forEach((c, i) => {
    for (const d of lists[c]) cap[1 + d][1 + n + i] = Infinity;
    cap[1 + n + i][T] = capacity;
  });
  let flow = 0;
  for (;;) {
    const prev = new Array(N).fill(-1);
    prev[S] = S;
    const queue = [S];
    while (queue.length && prev[T] < 0) {
      const u = queue.shift()!;
      for (let v = 0; v < N; v++) if (prev[v] < 0 && cap[u][v] > 1e-12) {
        prev[v] = u;
        queue.push(v);
      }
    }
    if (prev[T] < 0) return flow;
    let f = Infinity;
    for (let v = T; v !== S; v = prev[v]) f = Math.min(f, cap[prev[v]][v]);
    for (let v = T; v !== S; v = prev[v]) {
      cap[prev[v]][v] -= f;
      cap[v][prev[v]] += f;
    }
    flow += f;
  }
}

describe('solveCapacitatedSiting: places vs children', () => {
  test('on 30 random 6 × 10 instances (capacity 12) HiGHS matches enumeration with max-flow assignment, gap 0; without a solver the bound is valid', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { lists, weights, existing } = createRandomProblem(500 + seed, 6, 10, 0.35);
      const already = Uint8Array.from(existing);
      const p = 1 + (seed % 3);
      const problem = { coverage: createCoverage(lists, 10), weights, alreadyCovered: already, p, capacity: 12 };
      let opt = 0;
      for (const s of subsets(6, p)) opt = Math.max(opt, maxAssigned(lists, weights, already, s, 12));
      const exact = solveCapacitatedSiting(problem, { solver: highs });
      expect(exact.objective).toBeCloseTo(opt, 6);
      expect(exact.status).toBe('optimal');
      expect(exact.gap).toBeLessThanOrEqual(1e-6);
      expect(maxAssigned(lists, weights, already, exact.selected, 12)).toBeCloseTo(opt, 6);
      for (const a of exact.assigned) expect(a).toBeLessThanOrEqual(12 + 1e-6);
      const heur = solveCapacitatedSiting(problem);
      expect(heur.objective).toBeLessThanOrEqual(opt + 1e-9);
      expect(heur.bound).toBeGreaterThanOrEqual(opt - 1e-9);
      expect(maxAssigned(lists, weights, already, heur.selected, 12)).toBeGreaterThanOrEqual(heur.objective - 1e-9);
    }
  });

  test('bad input throws', () => {
    const coverage = createCoverage(HAND, 10);
    expect(() => solveCapacitatedSiting({ coverage, weights: new Float64Array(10), p: 1, capacity: -1 })).toThrow(/capacity/);
    expect(() => solveCapacitatedSiting({ coverage, weights: new Float64Array(9), p: 1, capacity: 5 })).toThrow(/weights/);
  });
});

describe('HiGHS adapter', () => {
  test('solves a small knapsack MIP to the enumerated optimum and reports its bound', () => {
    // max 5a + 4b + 3c + 6d, 2a + 3b + c + 4d ≤ 6, binary.
    const model: MipModel = {
      sense: 'max',
      numCols: 4,
      numRows: 1,
      colCost: Float64Array.from([5, 4, 3, 6]),
      colLower: new Float64Array(4),
      colUpper: new Float64Array(4).fill(1),
      integer: new Uint8Array(4).fill(1),
      rowLower: Float64Array.from([-Infinity]),
      rowUpper: Float64Array.from([6]),
      rowStart: Int32Array.from([0, 4]),
      rowIndex: Int32Array.from([0, 1, 2, 3]),
      rowValue: Float64Array.from([2, 3, 1, 4]),
    };
    let best = 0;
    for (let mask = 0; mask < 16; mask++) {
      const x = [0, 1, 2, 3].map((j) => (mask >> j) & 1);
      const e = evaluateMip(model, x);
      if (e.feasible) best = Math.max(best, e.objective);
    }
    const r = highs.solveMip(model, { timeLimitSec: 10, start: Float64Array.from([1, 0, 0, 0]) });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBe(best);
    expect(r.bound).toBeCloseTo(best, 9);
    expect(evaluateMip(model, r.x!).feasible).toBe(true);
  });
});
