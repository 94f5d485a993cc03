import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { computeFireCoverage, FireMovedStationRecompute, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { fc, pt, road, SPEEDS_10MPS, fourHouseholds } from './fire-coverage-fixtures.ts';

// The live recompute of a dragged station (issue #15) against the full recompute, on one 4 km road
// along y = 0 at 10 m/s (1,000 m = 100 s), turnout 1 min, threshold 5 min = 300 s, the engine's
// arrival at the nearest road point counts (default): a household x m along the road from a station
// on it is reached after 60 + |x − xs| / 10 s, i.e. within 2,400 m.
// Households: h1 (500, 30), h2 (2500, 0), h3 (1000, 5000) off every road, h4 unlocated.

function households(): ColumnLayerData {
  return fourHouseholds([0, 1, 1, 1], ['东村', '西村', '西村', null]);
}

function builtUp(): FeatureCollection<Polygon> {
  const ring = [pt(0, -100), pt(4000, -100), pt(4000, 100), pt(0, 100), pt(0, -100)];
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '城区' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
}

function station(id: string, status: string, x: number, y = 0): Feature<Point> {
  return { type: 'Feature', properties: { id, name: id, level: 'level1', status }, geometry: { type: 'Point', coordinates: pt(x, y) } };
}

const PREP = { cellSizeMeters: 100, maxAccessMeters: 100, speedsKmh: SPEEDS_10MPS };
// what the panel's live step asks: both statuses, districts searched as far as the largest break
const LIVE = { speedsKmh: SPEEDS_10MPS, statuses: ['existing', 'planned'], districtMaxMinutes: 10 };

function prep(mode?: 'straight-line') {
  return prepareFireCoverage({ roads: fc([road([[0, 0], [1000, 0], [2000, 0], [3000, 0], [4000, 0]])]), builtUp: builtUp(), households: households() }, { ...PREP, ...(mode ? { mode } : {}) });
}

/** A at x = 0 (existing), B (planned) at the given place. */
const scenario = (bx: number, by = 0) => fc([station('A', 'existing', 0), station('B', 'planned', bx, by)]) as FeatureCollection<Point>;

describe('FireMovedStationRecompute: the live step of a dragged station', () => {
  test('each step equals the full recompute, figures hand-checked; the other stations are searched once', () => {
    const p = prep();
    const live = new FireMovedStationRecompute(p);
    const steps: { bx: number; by?: number; covered: number; h2: number | null; bHouseholds: number }[] = [
      // B at 4000: h1 ← A 60 + 50 = 110 s; h2 ← B 60 + 150 = 210 s
      { bx: 4000, covered: 2, h2: 210, bHouseholds: 1 },
      // B at 3000: h2 ← B 60 + 50 = 110 s
      { bx: 3000, covered: 2, h2: 110, bHouseholds: 1 },
      // B at 1200: h1 still ← A (110 s < B's 60 + 70 = 130 s); h2 ← B 60 + 130 = 190 s
      { bx: 1200, covered: 2, h2: 190, bHouseholds: 1 },
      // B 5 km off the road: it reaches nothing; h2 ← A 60 + 250 = 310 s > 300 s: not reached
      { bx: 1000, by: 5000, covered: 1, h2: 310, bHouseholds: 0 },
    ];
    for (const [i, s] of steps.entries()) {
      const stations = scenario(s.bx, s.by);
      const { result, reused } = live.compute(stations, LIVE, 'B');
      expect(reused).toBe(i > 0); // A's times are kept from the first step
      const full = computeFireCoverage(p, stations, LIVE);
      expect(result).toEqual(full);
      expect(result.households).toEqual({ total: 3, covered: s.covered, uncovered: 3 - s.covered, unlocated: 1 });
      expect(result.householdTimeSec[1]).toBeCloseTo(s.h2!, 3);
      expect(result.householdTimeSec[0]).toBeCloseTo(110, 3);
      expect(result.stations.map((x) => [x.id, x.households, x.offNetwork])).toEqual([
        ['A', 1, false],
        ['B', s.bHouseholds, s.by === 5000],
      ]);
      expect(result.byTownship).toEqual([
        { key: '羊平镇', total: 2, covered: s.covered - 1, uncovered: 3 - s.covered }, // h2, h3 (h4 unlocated)
        { key: '恒州镇', total: 1, covered: 1, uncovered: 0 },
      ].sort((a, b) => b.uncovered - a.uncovered || (a.key < b.key ? -1 : 1)));
    }
  });

  test('another station, the options or the moved station changed: the kept times are searched again', () => {
    const p = prep();
    const live = new FireMovedStationRecompute(p);
    expect(live.compute(scenario(3000), LIVE, 'B').reused).toBe(false);
    expect(live.compute(scenario(2900), LIVE, 'B').reused).toBe(true);
    // A moved to x = 1000: h2 ← B at 2900 (60 + 40 = 100 s); h1 ← A 60 + 50 = 110 s
    const aMoved = fc([station('A', 'existing', 1000), station('B', 'planned', 2900)]);
    const r = live.compute(aMoved, LIVE, 'B');
    expect(r.reused).toBe(false);
    expect(r.result).toEqual(computeFireCoverage(p, aMoved, LIVE));
    expect(r.result.householdTimeSec[1]).toBeCloseTo(100, 3);
    // a slower threshold of 2 min = 120 s: h1 (110 s) reached, h2 (100 s) reached
    const two = { ...LIVE, thresholdMinutes: 2 };
    const r2 = live.compute(aMoved, two, 'B');
    expect(r2.reused).toBe(false);
    expect(r2.result).toEqual(computeFireCoverage(p, aMoved, two));
    expect(r2.result.households.covered).toBe(2);
    // now A is the one dragged
    expect(live.compute(aMoved, LIVE, 'A').reused).toBe(false);
    expect(live.compute(aMoved, LIVE, 'A').reused).toBe(true);
  });

  test('a moved station the run does not count, and the straight-line mode, take the full recompute', () => {
    const p = prep();
    const live = new FireMovedStationRecompute(p);
    const existingOnly = { ...LIVE, statuses: ['existing'] };
    const r = live.compute(scenario(3000), existingOnly, 'B');
    expect(r.reused).toBe(false);
    expect(r.result).toEqual(computeFireCoverage(p, scenario(3000), existingOnly));
    expect(r.result.households.covered).toBe(1); // h1 only: B is not counted
    const s = prep('straight-line');
    const ls = new FireMovedStationRecompute(s);
    for (const bx of [3000, 2000]) {
      const x = ls.compute(scenario(bx), LIVE, 'B');
      expect(x.reused).toBe(false);
      expect(x.result).toEqual(computeFireCoverage(s, scenario(bx), LIVE));
    }
  });
});
