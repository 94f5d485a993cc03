import { describe, expect, test } from 'vitest';
import type { Feature, Point } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { computeFireCoverage, fireCoverageGeoJson, fireUncoveredRowFeatures, fireUncoveredRows, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { compactTransferables, expandFireOutput, runFireScenario } from '../../src/workers/tasks/fire-coverage.ts';
import { fc, pt, road, SPEEDS_10MPS, fourHouseholds } from './fire-coverage-fixtures.ts';

// The fire panel's worker sends the households it does not reach as row indexes; the main thread
// turns them back into the Features the analysis gives. Same county as fire-coverage.test.ts: a
// 4 km road along y = 0, one station at its west end, 10 m/s, 1 min turnout.
const RUN = { accessSpeedKmh: 3.6, speedsKmh: SPEEDS_10MPS, walkLeg: true };
const OPTS = { cellSizeMeters: 100, maxAccessMeters: 100, ...RUN };

function station(id: string, x: number): Feature<Point> {
  return { type: 'Feature', properties: { id, name: id, level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: pt(x, 0) } };
}

/** h1 (500, 30) reached; h2 (2500, 0) at 310 s; h3 (1000, 5000) off every road; h4 unlocated. */
function createHouseholds(): ColumnLayerData {
  return fourHouseholds([0, 0, 1, 1], ['东村', '东村', '西村', null], [0, 1, 1, -1]);
}

describe('uncovered households as row indexes (fire worker → panel)', () => {
  const households = createHouseholds();
  const prep = prepareFireCoverage({ roads: fc([road([[0, 0], [1000, 0], [2000, 0], [3000, 0], [4000, 0]])]), households }, OPTS);
  const stations = fc([station('A', 0)]);

  test('rows, times and stations of the households not reached in 5 minutes', () => {
    const u = fireUncoveredRows(prep, computeFireCoverage(prep, stations, RUN));
    expect([...u.rows]).toEqual([1, 2]); // h2, h3 (h4 has no location)
    expect(u.timeSec[0]).toBeCloseTo(310, 6); // 60 s turnout + 2,500 m at 10 m/s
    expect(u.timeSec[1]).toBe(Infinity);
    expect([...u.station]).toEqual([0, -1]);
    expect(u.stationIds).toEqual(['A']);
  });

  test('expanded on the main thread they are the Features of fireCoverageGeoJson, labels included', () => {
    const r = computeFireCoverage(prep, stations, RUN);
    const direct = fireCoverageGeoJson(prep, r).uncovered.features;
    // labels rebuilt from the households' own columns (not the prepared ones)
    const rebuilt = [...fireUncoveredRowFeatures(households, fireUncoveredRows(prep, r))];
    expect(rebuilt).toEqual(direct);
    expect(rebuilt.map((f) => [f.properties.id, f.properties.township, f.properties.village, f.properties.heating, f.properties.station])).toEqual([
      ['h2', '恒州镇', '东村', 'electric', 'A'],
      ['h3', '羊平镇', '西村', 'electric', null],
    ]);
  });

  test('runFireScenario sends only typed arrays for them; expandFireOutput restores the full output', () => {
    const compact = runFireScenario(prep, { options: RUN, stations });
    expect(compactTransferables(compact)).toHaveLength(3);
    const full = expandFireOutput(compact, households);
    expect(full.geo.uncovered.features).toEqual(fireCoverageGeoJson(prep, computeFireCoverage(prep, stations, RUN)).uncovered.features);
    expect(full.geo.isochrones).toEqual(compact.geo.isochrones);
  });
});
