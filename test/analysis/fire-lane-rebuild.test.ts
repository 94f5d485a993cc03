import { describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson';
import type { ColumnLayerData, GeoJsonLayerData } from '../../layers/types.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { openLaneProblems, type LaneProblem } from '../../analysis/fire-lanes.ts';
import { fireLaneLosses, laneFixedPreparation } from '../../analysis/fire-lane-losses.ts';
import { computeFireCoverage, fireEngineRoads, prepareFireCoverage, type FireCoverageInput, type FirePrepareOptions, type PreparedFireCoverage } from '../../analysis/fire-coverage.ts';
import { buildRoadGraph, rebuildRoadGraph } from '../../analysis/road-graph.ts';
import { fc, pt, road, SPEEDS_10MPS } from './fire-coverage-fixtures.ts';

// Issue #15: the fire-lane losses derive each problem's preparation (that problem fixed, the others
// open) from the one with every problem open — the graph rebuilt from its split points, only the
// points near the changed roads snapped again — instead of preparing the county once per problem.
// The figures must be those of a full preparation, value for value. Hand networks in metres, 10 m/s,
// station S at A (0, 0), turnout 60 s, threshold 300 s: 2,400 m of road within the threshold.

function ledger(rows: [string, number, number][]): FeatureCollection {
  return fc(rows.map(([id, x, y]): Feature<Point> => ({ type: 'Feature', properties: { id, name: id, problem: 'blocked', status: 'open' }, geometry: { type: 'Point', coordinates: pt(x, y) } })));
}

function households(xy: [number, number][]): ColumnLayerData {
  const p = xy.map(([x, y]) => pt(x, y));
  return { kind: 'columns', id: 'households', count: p.length, lon: Float64Array.from(p, (q) => q[0]), lat: Float64Array.from(p, (q) => q[1]), ids: p.map((_, i) => `h${i + 1}`), columns: {} };
}

/** A ledger of just these open problems. */
function ledgerOf(problems: LaneProblem[]): FeatureCollection {
  return fc(problems.map((p): Feature<Geometry> => ({ type: 'Feature', properties: { id: p.id, name: p.name, problem: p.problem, status: 'open' }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })));
}

const station = () => fc([{ type: 'Feature', properties: { id: 'S', name: 'S', level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: pt(0, 0) } }]);
const main = () => road([[0, 0], [2000, 0]]);

/**
 * Roads far from everything (3 km north, reached by no station, 80 segments): with them the changed
 * roads are a small part of the network, as in a county, and the graph is rebuilt from the kept
 * split points (a network of mostly changed roads is built from scratch).
 */
function town(): Feature<LineString>[] {
  const out: Feature<LineString>[] = [];
  for (let k = 0; k < 4; k++) out.push(road(Array.from({ length: 21 }, (_, i): [number, number] => [i * 100, 3000 + k * 100])));
  // and one crossing them all
  out.push(road([[1050, 2950], [1050, 3350]]));
  return out;
}

interface Case {
  name: string;
  input: FireCoverageInput;
  options: FirePrepareOptions;
  /** [id, roads cut, households fixing it adds], by hand */
  losses: [string, number, number][];
}

const cases: Case[] = [
  {
    // h1 (1203, 1) is 2.2 m from the cut end 1205 (the far piece, cut off from A) and 8.1 m from the
    // end 1195: with the cut it snaps beyond the gap and is not reached; fixed, it snaps 1 m off the
    // road at 1203 and is reached in 60 + 120.3 s. A shortcut keeping h1's snap would miss it.
    name: 'a household beside the gap snaps across it',
    input: { roads: fc([...town(), main()]), households: households([[1203, 1]]), fireLanes: ledger([['P1', 1200, 0]]) },
    options: {},
    losses: [['P1', 1, 1]],
  },
  {
    // The spur B (1000, 0) – (1000, 500) cut at 100 leaves (1000, 105)–(1000, 500) a piece of its own
    // (another component); h1 (1010, 300) on it is reached only when fixed: 60 + 100 + 30 s.
    name: 'a cut spur becomes a piece of its own',
    input: { roads: fc([...town(), main(), road([[1000, 0], [1000, 500]])]), households: households([[1010, 300]]), fireLanes: ledger([['P1', 1000, 100]]) },
    options: {},
    losses: [['P1', 1, 1]],
  },
  {
    // A problem on a crossing cuts both roads (2); the crossing lies in both gaps. Fixed: h1 (1210, 300)
    // by the crossing, 60 + 120 + 30 s; h2 (1500, 10) along the main road, 60 + 150 s.
    name: 'a crossing inside the gap',
    input: { roads: fc([...town(), main(), road([[1200, -500], [1200, 500]])]), households: households([[1210, 300], [1500, 10]]), fireLanes: ledger([['P1', 1200, 0]]) },
    options: {},
    losses: [['P1', 2, 2]],
  },
  {
    // Cut distance 3 m: the side road starting at (1206, 1.5) is 6.2 m from P1 (not cut) but within
    // the 2 m snapping of the cut end (1205, 0): with the cut it joins the far piece; fixed, it meets
    // the main road at 1206 (a T-junction) and h1 (1216, 300) is reached in 60 + 120.6 + 28.5 s.
    name: 'a road end near the cut end (T-junction)',
    input: { roads: fc([...town(), main(), road([[1206, 1.5], [1206, 400]])]), households: households([[1216, 300]]), fireLanes: ledger([['P1', 1200, 0]]) },
    options: { laneCutMeters: 3 },
    losses: [['P1', 1, 1]],
  },
  {
    // Cut distance 10 m: the short road (1100, 12)–(1300, 12), on its own (reached by no station), is
    // 12 m from P1 and not cut. h1 (1200, 5) is 7 m from it and 7.07 m from the cut ends: with the
    // cut it snaps to that road and is not reached. Fixed, the main road is 5 m away: h1 must be
    // snapped again although its road did not change (60 + 120 s). Keeping its snap would miss it.
    name: 'a household on an unchanged road nearer to the fixed one',
    input: { roads: fc([...town(), main(), road([[1100, 12], [1300, 12]])]), households: households([[1200, 5]]), fireLanes: ledger([['P1', 1200, 0]]) },
    options: { laneCutMeters: 10 },
    losses: [['P1', 1, 1]],
  },
  {
    // Two problems on one road: fixing P1 alone reaches h1 (1400, 10) in 60 + 140 s (h2 at 1800 stays
    // behind P2); fixing P2 alone reaches nothing (P1 still cuts both off).
    name: 'two problems on one road',
    input: { roads: fc([...town(), main()]), households: households([[1400, 10], [1800, 10]]), fireLanes: ledger([['P1', 1200, 0], ['P2', 1600, 0]]) },
    options: {},
    losses: [['P1', 1, 1], ['P2', 1, 0]],
  },
  {
    // A problem 1 m from the road's far end cuts its last stretch (1994–2000): the roads' extent,
    // hence the projection, changes; the full preparation is used (h1 at 1997 is reached either way).
    name: 'a cut at the end of the extent',
    input: { roads: fc([main()]), households: households([[1997, 2]]), fireLanes: ledger([['P1', 1999, 0]]) },
    options: {},
    losses: [['P1', 1, 0]],
  },
];

/** The parts of a preparation that depend on the roads, and the grid they are read against. */
function networkOf(p: PreparedFireCoverage) {
  return { graph: p.graph, cellSnap: p.cellSnap, householdSnap: p.householdSnap, grid: p.grid, projection: p.projection, cellLon: p.cellLon, inCounty: p.inCounty };
}

/**
 * The paths (a.b.c) where two values differ, typed arrays compared byte for byte (toEqual walks
 * 200,000-entry arrays an element at a time: tens of seconds on the demo county).
 */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = Buffer.from(a.buffer, a.byteOffset, a.byteLength), y = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    return a.constructor === b.constructor && x.equals(y) ? [] : [path];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) return [path];
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return Object.is(a, b) ? [] : [path];
}

describe('fire-lane losses from one preparation (issue #15)', () => {
  for (const c of cases) {
    test(`${c.name}: the losses by hand, and every field as with a preparation per problem`, () => {
      const options = { ...c.options, speedsKmh: SPEEDS_10MPS, cellSizeMeters: 100 };
      const prep = prepareFireCoverage(c.input, options);
      const result = computeFireCoverage(prep, station(), options);
      const fast = fireLaneLosses(c.input, station(), options, { prep, result });
      const slow = fireLaneLosses(c.input, station(), options, { prep, result }, true);
      expect(fast.losses.map((l) => [l.id, l.roads, l.households])).toEqual(c.losses);
      expect(fast).toEqual(slow);
      // each problem's preparation: graph, snapped cells and households as prepared from scratch
      const problems = openLaneProblems(c.input.fireLanes);
      for (let k = 0; k < problems.length; k++) {
        const others = problems.filter((_, j) => j !== k);
        const quick = laneFixedPreparation(c.input, options, prep, others);
        const full = prepareFireCoverage({ ...c.input, fireLanes: ledgerOf(others) }, options);
        expect(differences(networkOf(quick), networkOf(full))).toEqual([]);
        expect(computeFireCoverage(quick, station(), options)).toEqual(computeFireCoverage(full, station(), options));
      }
    });
  }

  test('the graph rebuilt for a changed road equals the graph built from scratch, and keeps the unchanged edges', () => {
    const ledgerP1 = ledger([['P1', 1200, 0]]);
    const problems = openLaneProblems(ledgerP1);
    const crossing = () => [main(), road([[1200, -500], [1200, 500]])];
    const rebuilt = (roads: FeatureCollection<Geometry | null>) => {
      const base = buildRoadGraph(fireEngineRoads(roads, problems, {}).roads, { keepBuild: true });
      const fixed = fireEngineRoads(roads, [], {}).roads;
      return { base, fixed, r: rebuildRoadGraph(base, fixed)! };
    };
    // by hand: cut, the two roads are four pieces (four edges, four components); fixed, two roads
    // split at their crossing (four edges, one component), all new
    const a = rebuilt(fc(crossing()));
    expect(a.r.graph).toEqual(buildRoadGraph(a.fixed));
    expect([a.base.edgeCount, a.base.componentCount, a.r.graph.edgeCount, a.r.graph.componentCount]).toEqual([4, 4, 4, 1]);
    expect([...a.r.baseEdge]).toEqual([-1, -1, -1, -1]);
    // without the kept build there is nothing to rebuild from
    expect(rebuildRoadGraph(buildRoadGraph(a.fixed), a.fixed)).toBeNull();
    // with the town first: its 4 × 21 + 5 = 89 edges (each street split where the fifth crosses it)
    // are kept under the same numbers, the four of the crossing are new
    const b = rebuilt(fc([...town(), ...crossing()]));
    expect(b.r.graph).toEqual(buildRoadGraph(b.fixed));
    expect([b.base.edgeCount, b.r.graph.edgeCount, b.r.graph.componentCount]).toEqual([93, 93, 2]);
    expect([...b.r.baseEdge]).toEqual([...Array.from({ length: 89 }, (_, i) => i), -1, -1, -1, -1]);
    // the same roads in another order: built as from scratch too
    const reversed = fc([...b.fixed.features].reverse() as Feature<Geometry>[]);
    expect(rebuildRoadGraph(b.base, reversed)!.graph).toEqual(buildRoadGraph(reversed));
  });

  test('demo county: every problem fixed alone, as with a preparation per problem', async () => {
    const { project } = await loadProjectDir(resolve(import.meta.dirname, '../../data/demo'));
    const L = project.layers;
    const g = (id: keyof typeof L) => (L[id] as GeoJsonLayerData).data;
    const input: FireCoverageInput = { roads: g('roads'), builtUp: g('builtUp'), townships: g('townships'), households: L.households as ColumnLayerData, fireLanes: g('fireLanes') };
    const stations = g('fireStations');
    const prep = prepareFireCoverage(input, {});
    expect(prep.laneCuts.filter((c) => c.roads > 0).length).toBeGreaterThan(0);
    const result = computeFireCoverage(prep, stations, {});
    const problems = openLaneProblems(input.fireLanes);
    for (let k = 0; k < problems.length; k++) {
      if (prep.laneCuts[k].roads === 0) continue;
      const others = problems.filter((_, j) => j !== k);
      const quick = laneFixedPreparation(input, {}, prep, others);
      const full = prepareFireCoverage({ ...input, fireLanes: ledgerOf(others) }, {});
      expect(quick.graph).not.toBe(prep.graph);
      expect(differences(networkOf(quick), networkOf(full))).toEqual([]);
    }
    expect(fireLaneLosses(input, stations, {}, { prep, result }).losses).toEqual(fireLaneLosses(input, stations, {}, { prep, result }, true).losses);
  }, 120_000);
});
