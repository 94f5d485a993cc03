import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { cutRoadsAtProblems, openLaneProblems } from '../../analysis/fire-lanes.ts';
import { fireLaneLosses } from '../../analysis/fire-lane-losses.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { LocalProjection } from '../../analysis/geo.ts';
import { fc, LAT0, LON0, pt, road, SPEEDS_10MPS } from './fire-coverage-fixtures.ts';

// Issue #13: open problems of the fire-lane ledger cut the engine network; what fixing each adds.
// Hand network (metres): A(0,0) —primary— B(1000,0) —primary— E(2000,0), 10 m/s; station S at A,
// turnout 60 s, threshold 300 s. Household h1 at (1500, 30) beside B–E: 60 + 150 = 210 s.

function ledger(rows: [string, number, number, string][]): FeatureCollection {
  return fc(rows.map(([id, x, y, status]): Feature<Point> => ({ type: 'Feature', properties: { id, name: id, problem: 'blocked', status }, geometry: { type: 'Point', coordinates: pt(x, y) } })));
}

const roads = () => fc([road([[0, 0], [1000, 0]]), road([[1000, 0], [2000, 0]])]);
const station = () => fc([{ type: 'Feature', properties: { id: 'S', name: 'S', level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: pt(0, 0) } }]);
function households(): ColumnLayerData {
  const [lon, lat] = pt(1500, 30);
  return { kind: 'columns', id: 'households', count: 1, lon: new Float64Array([lon]), lat: new Float64Array([lat]), ids: ['h1'], columns: {} };
}

describe('fire-lane ledger', () => {
  test('only open problems with a point count (未整改 read like open)', () => {
    const l = ledger([['P1', 1200, 0, 'open'], ['P2', 500, 0, 'fixed'], ['P3', 300, 0, '未整改']]);
    expect(openLaneProblems(l).map((p) => p.id)).toEqual(['P1', 'P3']);
  });

  test('a road within the cut distance loses ±5 m around its nearest point; a road farther away is kept whole', () => {
    const r = fc([road([[0, 0], [2000, 0]], { name: 'x' }), road([[0, 100], [2000, 100]], { name: 'far' })]);
    const { roads: out, cuts } = cutRoadsAtProblems(r, openLaneProblems(ledger([['P1', 1200, 10, 'open']])), 15);
    expect(cuts).toEqual([{ id: 'P1', roads: 1 }]);
    const proj = new LocalProjection(LON0, LAT0);
    const ends = out.features.map((f) => (f.geometry as LineString).coordinates).map((c) => [c[0], c[c.length - 1]].map(([lon]) => Math.round(proj.x(lon))));
    // by hand: the cut at x = 1200 leaves 0–1195 and 1205–2000; the far road (100 m off) whole
    expect(ends).toEqual([[0, 1195], [1205, 2000], [0, 2000]]);
    expect(out.features.map((f) => f.properties?.name)).toEqual(['x', 'x', 'far']);
  });

  test('an open problem on B–E cuts h1 off; fixing it would add 1 household; a problem off the roads costs nothing', () => {
    const open = ledger([['P1', 1200, 0, 'open'], ['P2', 500, 500, 'open'], ['P3', 300, 0, 'fixed']]);
    const opts = { speedsKmh: SPEEDS_10MPS, cellSizeMeters: 100 };
    const without = fireCoverage({ roads: roads(), households: households() }, station(), opts);
    expect(without.households.covered).toBe(1);
    const { losses, now } = fireLaneLosses({ roads: roads(), households: households(), fireLanes: open }, station(), opts);
    expect(now.households.covered).toBe(0);
    expect(losses.map((l) => [l.id, l.roads, l.households])).toEqual([
      ['P1', 1, 1],
      ['P2', 0, 0],
    ]);
    expect(losses[0].areaKm2).toBeGreaterThan(0);
  });

  test('lane-cut-distance 0 ignores the ledger', () => {
    const r = fireCoverage({ roads: roads(), households: households(), fireLanes: ledger([['P1', 1200, 0, 'open']]) }, station(), { speedsKmh: SPEEDS_10MPS, cellSizeMeters: 100, laneCutMeters: 0 });
    expect(r.households.covered).toBe(1);
  });
});
