import { describe, expect, test } from 'vitest';
import type { FeatureCollection, LineString } from 'geojson';
import { metresPerDegree } from '../../analysis/geo.ts';
import { radiusCoverage } from '../../analysis/point-index.ts';
import { buildRoadGraph, edgeTravelTimes } from '../../analysis/road-graph.ts';
import { buildEdgeIndex, snapToNetwork } from '../../analysis/travel-times.ts';
import { defaultSpeedTable } from '../../analysis/fire-params.ts';
import {
  addedBy,
  networkSparseCoverage,
  radiusSparseCoverage,
  siteFacilities,
  solveLscp,
  solveMclp,
  type SparseCoverage,
} from '../../analysis/site-facilities.ts';

const LON0 = 114.7;
const LAT0 = 38.6;

/** Points given in metres east/north of (LON0, LAT0), as lon/lat columns. */
function createPoints(xy: [number, number][]): { lon: Float64Array; lat: Float64Array } {
  const { mx, my } = metresPerDegree(LAT0);
  return { lon: Float64Array.from(xy.map((p) => LON0 + p[0] / mx)), lat: Float64Array.from(xy.map((p) => LAT0 + p[1] / my)) };
}

/** A CSR from plain lists. */
function createCoverage(lists: number[][], demandCount: number): SparseCoverage {
  const offset = new Int32Array(lists.length + 1);
  lists.forEach((l, c) => (offset[c + 1] = offset[c] + l.length));
  return { candidateCount: lists.length, demandCount, offset, demand: Int32Array.from(lists.flat()) };
}

/** Best covered weight over every set of p candidates (exhaustive; small cases only). */
function exhaustiveBest(lists: number[][], weights: number[], p: number, already: number[] = []): number {
  let best = 0;
  const m = lists.length;
  const rec = (start: number, chosen: number[]) => {
    if (chosen.length === p) {
      const cov = new Set<number>(already);
      for (const c of chosen) for (const d of lists[c]) cov.add(d);
      let w = 0;
      for (const d of cov) if (!already.includes(d)) w += weights[d];
      best = Math.max(best, w);
      return;
    }
    for (let c = start; c < m; c++) rec(c + 1, [...chosen, c]);
  };
  rec(0, []);
  return best;
}

/** The 3 × 3 demand grid, 100 m apart; demand index = row·3 + col (x = col·100, y = row·100). */
function createGrid() {
  const xy: [number, number][] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) xy.push([c * 100, r * 100]);
  return createPoints(xy);
}

describe('solveMclp', () => {
  test('3×3 demand grid, 2 candidates: hand-worked picks', () => {
    // Candidate A at the corner (0,0) with radius 150 m reaches (0,0), (100,0), (0,100) and the
    // diagonal (100,100) at 141.4 m: demand {0, 1, 3, 4}. Candidate B at the centre (100,100) with
    // radius 110 m reaches the centre and its 4 neighbours at 100 m (diagonals 141 m are out):
    // {1, 3, 4, 5, 7}.
    const grid = createGrid();
    const cands = createPoints([
      [0, 0],
      [100, 100],
    ]);
    const cov = radiusSparseCoverage(grid, cands, Float64Array.from([150, 110]));
    expect(Array.from(cov.demand.subarray(cov.offset[0], cov.offset[1]))).toEqual([0, 1, 3, 4]);
    expect(Array.from(cov.demand.subarray(cov.offset[1], cov.offset[2]))).toEqual([1, 3, 4, 5, 7]);
    // Unit weights, p = 1: B (5) beats A (4).
    const ones = new Float64Array(9).fill(1);
    expect(solveMclp({ coverage: cov, weights: ones, p: 1 }).selected).toEqual([1]);
    // p = 2: B adds 5, then A adds only demand 0 → 1; 6 of 9 covered, 3 left (2, 6, 8).
    const s2 = solveMclp({ coverage: cov, weights: ones, p: 2 });
    expect(s2.selected).toEqual([1, 0]);
    expect(s2.addedWeight).toEqual([5, 1]);
    expect(s2.coveredWeight).toBe(6);
    expect(s2.coveredShare).toBeCloseTo(6 / 9, 12);
    expect(s2.uncoveredCount).toBe(3);
    expect(s2.coveredBy[0]).toBe(1);
    expect(s2.coveredBy[8]).toBe(-1);
    // Weight 10 on the corner: A = 10 + 1 + 1 + 1 = 13 > B = 5, so A first; then B adds 5 and 7 → 2.
    const w = new Float64Array(9).fill(1);
    w[0] = 10;
    const s3 = solveMclp({ coverage: cov, weights: w, p: 2 });
    expect(s3.selected).toEqual([0, 1]);
    expect(s3.addedWeight).toEqual([13, 2]);
  });

  test('demand already covered adds nothing: the pick changes', () => {
    // With 1, 3, 4 already covered, A adds {0} = 1 and B adds {5, 7} = 2, so B is picked.
    const cov = createCoverage([[0, 1, 3, 4], [1, 3, 4, 5, 7]], 9);
    const already = new Uint8Array(9);
    already[1] = already[3] = already[4] = 1;
    const s = solveMclp({ coverage: cov, weights: new Float64Array(9).fill(1), p: 1, alreadyCovered: already });
    expect(s.selected).toEqual([1]);
    expect(s.addedWeight).toEqual([2]);
    // Total = the 6 demand not already covered; covered 2 → share 1/3; uncovered 0, 2, 6, 8.
    expect(s.totalWeight).toBe(6);
    expect(s.coveredShare).toBeCloseTo(1 / 3, 12);
    expect(s.uncoveredCount).toBe(4);
  });

  test('greedy finds the optimum on the hand case (exhaustive check)', () => {
    // Candidates over 8 demand: A {0,1,2}, B {2,3,4}, C {5,6}, D {6,7}, E {0,7}. Weights 1.
    // p = 3: greedy takes A (3), then B adds {3,4} = 2, then C or D adds 2 (C: {5,6}; D: {6,7}) →
    // tie, C has the lower index → 7. The exhaustive optimum over all 10 triples is also 7.
    const lists = [[0, 1, 2], [2, 3, 4], [5, 6], [6, 7], [0, 7]];
    const weights = new Array(8).fill(1);
    const s = solveMclp({ coverage: createCoverage(lists, 8), weights: Float64Array.from(weights), p: 3 });
    expect(s.selected).toEqual([0, 1, 2]);
    expect(s.coveredWeight).toBe(7);
    expect(exhaustiveBest(lists, weights, 3)).toBe(7);
  });

  test('a case where greedy is not optimal (its documented limit)', () => {
    // A {0,1,2,3}, B {0,1,4}, C {2,3,5}. p = 2: greedy takes A (4), then B or C adds 1 → 5.
    // The optimum is B + C = 6. Greedy still meets its (1 − 1/e) guarantee: 5 ≥ 0.632 × 6 = 3.79.
    const lists = [[0, 1, 2, 3], [0, 1, 4], [2, 3, 5]];
    const weights = new Array(6).fill(1);
    const s = solveMclp({ coverage: createCoverage(lists, 6), weights: Float64Array.from(weights), p: 2 });
    expect(s.selected).toEqual([0, 1]);
    expect(s.coveredWeight).toBe(5);
    const opt = exhaustiveBest(lists, weights, 2);
    expect(opt).toBe(6);
    expect(s.coveredWeight).toBeGreaterThanOrEqual((1 - 1 / Math.E) * opt);
  });

  test('lazy gains pick exactly what plain greedy picks, and stay within (1 − 1/e) of the optimum', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 40; trial++) {
      const m = 7;
      const n = 14;
      const lists = Array.from({ length: m }, () => Array.from({ length: n }, (_, d) => d).filter(() => rand() < 0.3));
      const weights = Array.from({ length: n }, () => Math.floor(rand() * 5));
      const p = 1 + (trial % 3);
      const s = solveMclp({ coverage: createCoverage(lists, n), weights: Float64Array.from(weights), p });
      // Plain greedy: recompute every gain each round; ties to the lowest index; stop at gain 0.
      const cov = new Set<number>();
      const plain: number[] = [];
      for (let k = 0; k < p; k++) {
        let best = -1;
        let bestGain = 0;
        for (let c = 0; c < m; c++) {
          if (plain.includes(c)) continue;
          const g = lists[c].filter((d) => !cov.has(d)).reduce((a, d) => a + weights[d], 0);
          if (g > bestGain) {
            bestGain = g;
            best = c;
          }
        }
        if (best < 0) break;
        plain.push(best);
        for (const d of lists[best]) cov.add(d);
      }
      expect(s.selected).toEqual(plain);
      expect(s.coveredWeight).toBeGreaterThanOrEqual((1 - 1 / Math.E) * exhaustiveBest(lists, weights, p) - 1e-9);
    }
  });

  test('preselected sites are placed first and p new ones after them', () => {
    const cov = createCoverage([[0, 1, 2, 3], [0, 1, 4], [2, 3, 5]], 6);
    // B preselected covers {0,1,4}; then A adds {2,3} = 2 and C adds {2,3,5} = 3 → C.
    const s = solveMclp({ coverage: cov, weights: new Float64Array(6).fill(1), p: 1, preselected: [1] });
    expect(s.selected).toEqual([1, 2]);
    expect(s.preselectedCount).toBe(1);
    expect(s.addedWeight).toEqual([3, 3]);
    expect(s.coveredWeight).toBe(6);
  });

  test('stops and says so when no candidate adds anything', () => {
    const cov = createCoverage([[0], [0]], 2);
    const s = solveMclp({ coverage: cov, weights: new Float64Array([1, 1]), p: 2 });
    expect(s.selected).toEqual([0]);
    expect(s.exhausted).toBe(true);
    expect(s.uncoveredCount).toBe(1);
  });

  test('rejects bad input loudly', () => {
    const cov = createCoverage([[0, 1]], 2);
    const w = new Float64Array([1, 1]);
    expect(() => solveMclp({ coverage: cov, weights: w, p: 2 })).toThrow(/exceeds/);
    expect(() => solveMclp({ coverage: cov, weights: new Float64Array([1]), p: 1 })).toThrow(/one value per demand/);
    expect(() => solveMclp({ coverage: cov, weights: new Float64Array([1, -1]), p: 1 })).toThrow(/≥ 0/);
    expect(() => solveMclp({ coverage: cov, weights: w, p: 1.5 })).toThrow(/integer/);
    expect(() => solveMclp({ coverage: createCoverage([[0, 5]], 2), weights: w, p: 1 })).toThrow(/out of range/);
    expect(() => solveMclp({ coverage: cov, weights: w, p: 0, preselected: [3] })).toThrow(/not a candidate/);
  });

  test('does not mutate its inputs', () => {
    const cov = createCoverage([[0, 1, 3, 4], [1, 3, 4, 5, 7]], 9);
    const copy = { ...cov, offset: cov.offset.slice(), demand: cov.demand.slice() };
    const w = new Float64Array(9).fill(1);
    const already = new Uint8Array(9);
    already[4] = 1;
    solveMclp({ coverage: cov, weights: w, p: 2, alreadyCovered: already });
    expect(cov).toEqual(copy);
    expect(Array.from(w)).toEqual(new Array(9).fill(1));
    expect(Array.from(already)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });
});

describe('solveLscp', () => {
  test('greedy set cover: hand-worked', () => {
    // A {0,1,2}, B {3,4}, C {5}, D {2,3}: A (3 new), then B (2 new: 3, 4), then C (5) → 3 sites.
    const cov = createCoverage([[0, 1, 2], [3, 4], [5], [2, 3]], 6);
    const s = solveLscp({ coverage: cov });
    expect(s.selected).toEqual([0, 1, 2]);
    expect(s.addedCount).toEqual([3, 2, 1]);
    expect(s.coveredShare).toBe(1);
    expect(s.uncoveredCount).toBe(0);
  });

  test('infeasible: throws, or covers what it can with coverableOnly', () => {
    const cov = createCoverage([[0, 1], [1]], 3);
    expect(() => solveLscp({ coverage: cov })).toThrow(/infeasible — 1 demand/);
    const s = solveLscp({ coverage: cov, coverableOnly: true });
    expect(s.selected).toEqual([0]);
    expect(s.uncoverableCount).toBe(1);
    expect(s.uncoveredCount).toBe(1);
  });

  test('demand with weight 0 or already covered need not be covered', () => {
    // Demand 2 is out of reach but has weight 0; demand 0 is already covered. Only 1 needs B.
    const cov = createCoverage([[0], [1]], 3);
    const s = solveLscp({ coverage: cov, weights: new Float64Array([1, 1, 0]), alreadyCovered: new Uint8Array([1, 0, 0]) });
    expect(s.selected).toEqual([1]);
  });
});

describe('radiusSparseCoverage', () => {
  test('lists the same households as radiusCoverage, per candidate', () => {
    const xy: [number, number][] = [];
    for (let i = 0; i < 60; i++) xy.push([((i * 37) % 23) * 40, ((i * 11) % 17) * 45]);
    const dem = createPoints(xy);
    const cands = createPoints([
      [100, 100],
      [500, 300],
      [900, 700],
    ]);
    const radii = Float64Array.from([150, 320, 90]);
    const cov = radiusSparseCoverage(dem, cands, radii);
    for (let c = 0; c < 3; c++) {
      const one = radiusCoverage(dem, { lon: cands.lon.subarray(c, c + 1), lat: cands.lat.subarray(c, c + 1) }, { radiusMeters: radii[c] });
      const expected = Array.from(one.covered.keys()).filter((i) => one.covered[i]);
      expect(Array.from(cov.demand.subarray(cov.offset[c], cov.offset[c + 1]))).toEqual(expected);
    }
  });

  test('a mask keeps demand out of the lists', () => {
    const grid = createGrid();
    const mask = new Uint8Array(9).fill(1);
    mask[4] = 0;
    const cov = radiusSparseCoverage(grid, createPoints([[100, 100]]), 110, mask);
    expect(Array.from(cov.demand)).toEqual([1, 3, 5, 7]);
  });
});

/** A straight east–west road 2 km long at 36 km/h (10 m/s), x from 0 to 2000 m. */
function createRoad(): FeatureCollection<LineString> {
  const p = createPoints([
    [0, 0],
    [1000, 0],
    [2000, 0],
  ]);
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { class: 'primary', speed_kmh: 36 },
        geometry: { type: 'LineString', coordinates: Array.from(p.lon, (lo, i) => [lo, p.lat[i]]) },
      },
    ],
  };
}

describe('networkSparseCoverage', () => {
  test('a straight road at 10 m/s: 60 s of travel reaches 600 m (hand-worked)', () => {
    const g = buildRoadGraph(createRoad());
    const idx = buildEdgeIndex(g);
    const et = edgeTravelTimes(g, defaultSpeedTable());
    // Demand on the road at x = 300, 590, 610, 1000, 1550 m; candidates at x = 0 and x = 1000.
    // Threshold 120 s, turnout 60 s → 60 s × 10 m/s = 600 m of road.
    // From x = 0: 300 (30 s) and 590 (59 s) in; 610 (61 s) out.
    // From x = 1000: 590 (41 s), 610 (39 s), 1000 (0 s), 1550 (55 s) in; 300 (70 s) out.
    const dem = createPoints([
      [300, 0],
      [590, 0],
      [610, 0],
      [1000, 0],
      [1550, 0],
    ]);
    const snap = snapToNetwork(idx, dem.lon, dem.lat, 50);
    const c = createPoints([
      [0, 0],
      [1000, 0],
    ]);
    const cs = snapToNetwork(idx, c.lon, c.lat, 50);
    const cov = networkSparseCoverage(g, { edge: cs.edge, fraction: cs.fraction, accessMeters: new Float64Array(2) }, snap, {
      edgeTimeSec: et,
      thresholdSec: 120,
      turnoutSec: 60,
      accessSpeedKmh: 5,
    });
    const list = (c: number) => Array.from(cov.demand.subarray(cov.offset[c], cov.offset[c + 1])).sort((a, z) => a - z);
    expect(list(0)).toEqual([0, 1]);
    expect(list(1)).toEqual([1, 2, 3, 4]);
  });

  test('the access walk counts: 25 m off the road at 5 km/h takes 18 s', () => {
    const g = buildRoadGraph(createRoad());
    const idx = buildEdgeIndex(g);
    const et = edgeTravelTimes(g, defaultSpeedTable());
    // A house at x = 400, 25 m north: 40 s drive + 25 m ÷ (5/3.6 m/s) = 18 s → 58 s ≤ 60 s in.
    // A house at x = 450, 25 m north: 45 s + 18 s = 63 s > 60 s out.
    const dem = createPoints([
      [400, 25],
      [450, 25],
    ]);
    const snap = snapToNetwork(idx, dem.lon, dem.lat, 50);
    const cs = snapToNetwork(idx, createPoints([[0, 0]]).lon, createPoints([[0, 0]]).lat, 50);
    const cov = networkSparseCoverage(g, { edge: cs.edge, fraction: cs.fraction, accessMeters: new Float64Array(1) }, snap, {
      edgeTimeSec: et,
      thresholdSec: 120,
      turnoutSec: 60,
      accessSpeedKmh: 5,
    });
    expect(Array.from(cov.demand)).toEqual([0]);
  });
});

describe('siteFacilities', () => {
  test('straight-line adapter: the 3×3 grid with 2 candidates gives the hand-worked picks', () => {
    const grid = createGrid();
    const cands = createPoints([
      [0, 0],
      [100, 100],
    ]);
    const r = siteFacilities({ ...grid, weights: new Float64Array(9).fill(1) }, cands, { p: 2, radiusMeters: Float64Array.from([150, 110]) });
    expect(r.method).toBe('radius');
    expect(r.picks.map((p) => [p.rank, p.candidate, p.addedWeight])).toEqual([
      [1, 1, 5],
      [2, 0, 1],
    ]);
    expect(r.picks[0].lon).toBe(cands.lon[1]);
    // Second measure over the same picks: persons 1…9 by index → B adds 2+4+5+6+8 = 25, A adds 1.
    const persons = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(addedBy(r, persons)).toEqual([25, 1]);
  });

  test('LSCP through the adapter: the fewest sites for the grid', () => {
    // Radius 110 m everywhere; candidates at the 9 demand points. Greedy: centre (index 4) covers
    // 5; then each corner is reached only from itself or its 2 edge neighbours: the edge point
    // (1: 100,0) covers corners 0 and 2 → 2 new; point 7 (100,200) covers 6 and 8 → 2 new. 3 sites.
    const grid = createGrid();
    const r = siteFacilities({ ...grid, weights: new Float64Array(9).fill(1) }, grid, { model: 'lscp', radiusMeters: 110 });
    expect(r.selected).toEqual([4, 1, 7]);
    expect(r.coveredShare).toBe(1);
  });

  test('asks for exactly one kind of reach', () => {
    const grid = createGrid();
    expect(() => siteFacilities({ ...grid, weights: new Float64Array(9) }, grid, { p: 1 })).toThrow(/exactly one/);
  });
});
