import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { fireCoverage, fireUncoveredRows, prepareFireCoverage, computeFireCoverage } from '../../analysis/fire-coverage.ts';
import { metresPerDegree } from '../../analysis/geo.ts';
import { TIME_TOLERANCE_S, timeLimitSec } from '../../analysis/travel-times.ts';

// Session 15, the leftovers of session 14. Each case is small enough to work out by hand; the
// answer is in the comment.

describe('a fire time exactly at the limit meets it (to 1 ms), as a distance does to 1 mm', () => {
  const LON0 = 114.7;
  const LAT0 = 38.6;
  const { mx } = metresPerDegree(LAT0);
  const at = (x: number): [number, number] => [LON0 + x / mx, LAT0];

  function createCase(xs: number[]) {
    // One east–west road 0–4000 m whose own speed_kmh is 32.17 (8.93611 m/s); the station at 0
    // turns out in 0.5 min. A household on the road at x m is reached at 30 + x / 8.93611 s:
    // x = 270 × 32.17 / 3.6 = 2412.75 m → exactly 300 s; x = 2412.75 + 0.0894 m → 300.01 s.
    const roads: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'primary', speed_kmh: 32.17 }, geometry: { type: 'LineString', coordinates: [at(0), at(4000)] } }] };
    const households: ColumnLayerData = { kind: 'columns', id: 'households', count: xs.length, lon: Float64Array.from(xs, (x) => at(x)[0]), lat: Float64Array.from(xs, () => LAT0), ids: xs.map((x) => `h${x}`), columns: {} };
    const stations: FeatureCollection<Point> = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'S', status: 'existing', level: 'level1' }, geometry: { type: 'Point', coordinates: at(0) } }] };
    return { roads, households, stations };
  }
  const options = { speedsKmh: { primary: 40, other: 40 }, cellSizeMeters: 100, turnoutMinutes: 0.5, breaksMinutes: [5] };

  test('the tolerance is 1 ms: 5 min → 300.001 s', () => {
    expect(TIME_TOLERANCE_S).toBe(0.001);
    expect(timeLimitSec(5)).toBe(300.001);
  });

  test('a household the engine reaches at exactly 300 s is reached within 5 min; 10 ms later is not (was: counted out, stored as 300.00003 s)', () => {
    const { roads, households, stations } = createCase([2412.75, 2412.75 + 0.0894]);
    const r = fireCoverage({ roads, households }, stations, options);
    // the road's 32.17 km/h is kept as a 32-bit float (32.169998…), so the exact 300 s comes out a little over
    expect(r.householdTimeSec[0]).toBeCloseTo(300, 3);
    expect(r.householdTimeSec[1]).toBeCloseTo(300.01, 3);
    expect(r.households.covered).toBe(1);
    // the reach curve's 5-minute entry is the headline figure
    const five = r.reachCurve.minutes.indexOf(5);
    expect(r.reachCurve.households[five]).toBe(1);
    // the list of unreached households holds the later one only
    const prep = prepareFireCoverage({ roads, households }, options);
    const res = computeFireCoverage(prep, stations, options);
    expect(Array.from(fireUncoveredRows(prep, res).rows)).toEqual([1]);
  });
});
