import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { fc, pt, road } from './fire-coverage-fixtures.ts';

// Issue #13: by default the clock stops when the engine reaches the road point nearest the target
// (GB 51080-2015 §4.1.3 times the engine); the walk leg is a named option (`walkLeg`).
//
// Hand network (metres): A(0,0) —primary— B(1000,0) —primary— E(2000,0); B —secondary— C(1000,1000);
// C —primary— D(0,1000); D —residential— A. Speeds: primary 36 km/h (10 m/s), secondary and
// residential 18 km/h (5 m/s). Station S at A, turnout 60 s. Threshold 300 s. Access ≤ 300 m.

const SPEEDS = { primary: 36, secondary: 18, residential: 18, other: 36 };
const NODES: Record<string, [number, number]> = { A: [0, 0], B: [1000, 0], C: [1000, 1000], D: [0, 1000], E: [2000, 0] };
const EDGES: [string, string, string][] = [
  ['A', 'B', 'primary'],
  ['B', 'E', 'primary'],
  ['B', 'C', 'secondary'],
  ['C', 'D', 'primary'],
  ['D', 'A', 'residential'],
];

function createRoads(): FeatureCollection {
  return fc(EDGES.map(([a, b, cls]) => road([NODES[a], NODES[b]], { class: cls })));
}

/** Households and the road point each is nearest to: [id, x, y, edge index, metres from the edge's first node]. */
const HH: [string, number, number, number, number][] = [
  ['h1', 500, 40, 0, 500], // on A–B
  ['h2', 1030, 600, 2, 600], // beside B–C
  ['h3', 1500, -200, 1, 500], // beside B–E, 200 m off
  ['h4', 2500, 0, -1, 0], // 500 m beyond E: off the network
  ['h5', 300, 1250, 3, 700], // 250 m north of C–D (C at 0 m → D at 1000 m; x = 300 is 700 m from C)
];

function createHouseholds(): ColumnLayerData {
  const xy = HH.map(([, x, y]) => pt(x, y));
  return { kind: 'columns', id: 'households', count: HH.length, lon: new Float64Array(xy.map((p) => p[0])), lat: new Float64Array(xy.map((p) => p[1])), ids: HH.map((h) => h[0]), columns: {} };
}

function createStation(): FeatureCollection<Point> {
  const f: Feature<Point> = { type: 'Feature', properties: { id: 'S', name: 'S', level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: pt(0, 0) } };
  return { type: 'FeatureCollection', features: [f] };
}

/** An independent network-only computation: plain O(n²) Dijkstra on the hand graph, then the road point along its edge. */
function independentTimes(turnoutSec: number): Map<string, number> {
  const names = Object.keys(NODES);
  const len = (a: string, b: string) => Math.hypot(NODES[a][0] - NODES[b][0], NODES[a][1] - NODES[b][1]);
  const mps = (cls: string) => (SPEEDS as Record<string, number>)[cls] / 3.6;
  const t: Record<string, number> = Object.fromEntries(names.map((n) => [n, Infinity]));
  const done = new Set<string>();
  t.A = turnoutSec;
  while (done.size < names.length) {
    const u = names.filter((n) => !done.has(n)).sort((a, b) => t[a] - t[b])[0];
    done.add(u);
    for (const [a, b, cls] of EDGES) {
      const v = a === u ? b : b === u ? a : null;
      if (v && t[u] + len(a, b) / mps(cls) < t[v]) t[v] = t[u] + len(a, b) / mps(cls);
    }
  }
  const out = new Map<string, number>();
  for (const [id, , , e, along] of HH) {
    if (e < 0) {
      out.set(id, Infinity);
      continue;
    }
    const [a, b, cls] = EDGES[e];
    out.set(id, Math.min(t[a] + along / mps(cls), t[b] + (len(a, b) - along) / mps(cls)));
  }
  return out;
}

describe('engine arrival at the nearest road point (default)', () => {
  test('household times agree with an independent Dijkstra on the hand graph; the walk leg is off', () => {
    const r = fireCoverage({ roads: createRoads(), households: createHouseholds() }, createStation(), { speedsKmh: SPEEDS, cellSizeMeters: 100 });
    expect(r.walkLeg).toBe(false);
    const ref = independentTimes(60);
    // by hand: h1 60 + 50 = 110 s; h2 60 + 100 + 600/5 = 280 s; h3 60 + 100 + 50 = 210 s; h5 via D 60 + 200 + 30 = 290 s
    expect(ref.get('h1')).toBeCloseTo(110, 6);
    expect(ref.get('h2')).toBeCloseTo(280, 6);
    expect(ref.get('h3')).toBeCloseTo(210, 6);
    expect(ref.get('h5')).toBeCloseTo(290, 6);
    HH.forEach(([id], i) => {
      const want = ref.get(id)!;
      if (want === Infinity) expect(r.householdTimeSec[i]).toBe(Infinity);
      else expect(Math.abs(r.householdTimeSec[i] - want)).toBeLessThan(1);
    });
    // h4 is 500 m from every road (beyond the 300 m maximum access): not reached, either way
    expect(r.households).toEqual({ total: 5, covered: 4, uncovered: 1, unlocated: 0 });
  });

  test('the named walk-leg option adds the on-foot leg at the access speed (old definition)', () => {
    const r = fireCoverage({ roads: createRoads(), households: createHouseholds() }, createStation(), { speedsKmh: SPEEDS, cellSizeMeters: 100, walkLeg: true, accessSpeedKmh: 3.6 });
    expect(r.walkLeg).toBe(true);
    // 1 m/s on foot: h1 110 + 40 = 150 ✓; h2 280 + 30 = 310 ✗; h3 210 + 200 = 410 ✗; h5 290 + 250 = 540 ✗
    expect(r.householdTimeSec[0]).toBeCloseTo(150, 0);
    expect(r.householdTimeSec[1]).toBeCloseTo(310, 0);
    expect(r.households.covered).toBe(1);
  });

  test('built-up share on one road: 60 + x/10 ≤ 300 s reaches cells up to x = 2400 m (60 %), 47.5 % with the walk leg', () => {
    const roads = fc([road([[0, 0], [4000, 0]])]);
    const ring = [pt(0, -100), pt(4000, -100), pt(4000, 100), pt(0, 100), pt(0, -100)];
    const builtUp: FeatureCollection<Polygon> = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '城区' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
    const opts = { speedsKmh: { primary: 36, other: 36 }, cellSizeMeters: 100, maxAccessMeters: 100, accessSpeedKmh: 3.6 };
    // cell centres x = 50 … 2350 per row: 24 of 40 = 60 %
    expect(fireCoverage({ roads, builtUp }, createStation(), opts).coveredBuiltUpPct).toBeCloseTo(60, 5);
    // with the 50 m walk from the road to the cell centre at 1 m/s: x ≤ 1900 → 19 of 40 = 47.5 %
    expect(fireCoverage({ roads, builtUp }, createStation(), { ...opts, walkLeg: true }).coveredBuiltUpPct).toBeCloseTo(47.5, 5);
  });

  test('roads under 4 m are not driven: a household on a 3.5 m lane is not reached, unless lane-min-width is 0', () => {
    // A(0,0) —primary 7 m— B(1000,0) —村道 3.5 m— C(1000,800); the household at C, 800 m from A–B.
    const roads = fc([road([[0, 0], [1000, 0]], { width_m: 7 }), road([[1000, 0], [1000, 800]], { class: '村道', width_m: 3.5 })]);
    const households: ColumnLayerData = { kind: 'columns', id: 'households', count: 1, lon: new Float64Array([pt(1000, 800)[0]]), lat: new Float64Array([pt(1000, 800)[1]]), ids: ['hC'], columns: {} };
    const speeds = { primary: 36, unclassified: 36, other: 36 };
    const r = fireCoverage({ roads, households }, createStation(), { speedsKmh: speeds, cellSizeMeters: 100 });
    expect(r.narrowRoads).toEqual({ excluded: 1, minWidthMeters: 4, minClearHeightMeters: 4 });
    expect(r.households.covered).toBe(0);
    // with every road: 60 + 100 + 80 = 240 s
    const all = fireCoverage({ roads, households }, createStation(), { speedsKmh: speeds, cellSizeMeters: 100, minEngineWidthMeters: 0 });
    expect(all.narrowRoads.excluded).toBe(0);
    expect(all.householdTimeSec[0]).toBeCloseTo(240, 0);
    // a lane without width_m takes its class default (村道 4 m): driven
    const noWidth = fc([road([[0, 0], [1000, 0]]), road([[1000, 0], [1000, 800]], { class: '村道' })]);
    expect(fireCoverage({ roads: noWidth, households }, createStation(), { speedsKmh: speeds, cellSizeMeters: 100 }).households.covered).toBe(1);
  });

  test('roads lower than 4 m clear height are not driven: a 7 m road under a 3.5 m archway, unless lane-min-height is 0; no clear_height_m = not limited', () => {
    const households: ColumnLayerData = { kind: 'columns', id: 'households', count: 1, lon: new Float64Array([pt(1000, 800)[0]]), lat: new Float64Array([pt(1000, 800)[1]]), ids: ['hC'], columns: {} };
    const speeds = { primary: 36, other: 36 };
    const roads = fc([road([[0, 0], [1000, 0]], { width_m: 7 }), road([[1000, 0], [1000, 800]], { width_m: 7, clear_height_m: 3.5 })]);
    const r = fireCoverage({ roads, households }, createStation(), { speedsKmh: speeds, cellSizeMeters: 100 });
    expect(r.narrowRoads).toEqual({ excluded: 1, minWidthMeters: 4, minClearHeightMeters: 4 });
    expect(r.households.covered).toBe(0);
    const off = fireCoverage({ roads, households }, createStation(), { speedsKmh: speeds, cellSizeMeters: 100, minEngineClearHeightMeters: 0 });
    expect(off.narrowRoads.excluded).toBe(0);
    expect(off.householdTimeSec[0]).toBeCloseTo(240, 0); // 60 s turnout + 1,800 m at 36 km/h
    const high = fc([road([[0, 0], [1000, 0]], { width_m: 7 }), road([[1000, 0], [1000, 800]], { width_m: 7, clear_height_m: '4.5' })]);
    expect(fireCoverage({ roads: high, households }, createStation(), { speedsKmh: speeds, cellSizeMeters: 100 }).households.covered).toBe(1);
  });
});

describe('road width table', () => {
  test('a width table without the class and without "other" is refused, not read as 0 m', async () => {
    const { roadWidthMeters, roadWidthTable } = await import('../../analysis/fire-params.ts');
    expect(() => roadWidthMeters({ class: 'track' }, { residential: 4 })).toThrow(/no "track" and no "other"/);
    expect(roadWidthMeters({ class: 'track' }, roadWidthTable())).toEqual({ width: 3, own: false });
    expect(roadWidthMeters({ class: 'motorway' }, roadWidthTable())).toEqual({ width: 7, own: false });
  });
});
