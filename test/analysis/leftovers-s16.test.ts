import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { buildRoadGraph } from '../../analysis/road-graph.ts';
import { metresPerDegree } from '../../analysis/geo.ts';

// Session 16, the leftovers of session 15. Each case is small enough to work out by hand; the
// answer is in the comment.

describe('a road\'s own speed is kept as a float64: an exact arrival is exact, with no tolerance', () => {
  const LON0 = 114.7;
  const LAT0 = 38.6;
  const { mx } = metresPerDegree(LAT0);
  const at = (x: number): [number, number] => [LON0 + x / mx, LAT0];
  // One east–west road 0–4000 m with speed_kmh 32.17 (8.936111 m/s); the station at 0 turns out in
  // 0.5 min (30 s). A household on the road at x = 270 s × 32.17 / 3.6 = 2412.75 m is reached at
  // 30 + 2412.75 / 8.936111 = 30 + 270 = 300 s exactly. As a float32 the speed was 32.16999816…
  // km/h, and the time 300.0000305 s: over 5 minutes but for the 1 ms tolerance.
  const roads: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'primary', speed_kmh: 32.17 }, geometry: { type: 'LineString', coordinates: [at(0), at(4000)] } }] };
  const households: ColumnLayerData = { kind: 'columns', id: 'households', count: 1, lon: Float64Array.of(at(2412.75)[0]), lat: Float64Array.of(LAT0), ids: ['h'], columns: {} };
  const stations: FeatureCollection<Point> = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'S', status: 'existing', level: 'level1' }, geometry: { type: 'Point', coordinates: at(0) } }] };

  test('the graph holds 32.17 itself (not 32.169998…)', () => {
    const g = buildRoadGraph(roads);
    expect(g.edgeCount).toBe(1);
    expect(g.edgeSpeedKmh[0]).toBe(32.17);
  });

  test('the household is reached at 300 s exactly: within 5 minutes compared strictly (t <= 300)', () => {
    const r = fireCoverage({ roads, households }, stations, { speedsKmh: { primary: 40, other: 40 }, cellSizeMeters: 100, turnoutMinutes: 0.5, breaksMinutes: [5] });
    expect(r.householdTimeSec[0]).toBe(300);
    expect(r.householdTimeSec[0] <= 5 * 60).toBe(true);
    expect(r.households.covered).toBe(1);
  });
});
