import { describe, expect, test } from 'vitest';
import type { Feature, Point } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { FireScenarioCache, runFireScenario } from '../../src/workers/tasks/fire-coverage.ts';
import { fc, pt, road, SPEEDS_10MPS } from './fire-coverage-fixtures.ts';

// The fire panel's worker keeps the last results of a prepared county: a run with nothing changed
// is answered from them, a changed input is computed afresh. County of fire-uncovered-rows.test.ts:
// a 4 km road along y = 0, 10 m/s, 1 min turnout, station A at its west end.
const RUN = { accessSpeedKmh: 3.6, speedsKmh: SPEEDS_10MPS, walkLeg: true };

function station(id: string, x: number): Feature<Point> {
  return { type: 'Feature', properties: { id, name: id, level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: pt(x, 0) } };
}

/** h1 (500, 30): A reaches it at 60 + 50 + 3 (walk 30 m at 1 m/s) = 113 s; h2 (2500, 0): A at 310 s (> 5 min), B at 3000 m at 110 s. */
function createHouseholds(): ColumnLayerData {
  const xy = [[500, 30], [2500, 0]].map(([x, y]) => pt(x, y));
  return { kind: 'columns', id: 'households', count: 2, lon: new Float64Array(xy.map((p) => p[0])), lat: new Float64Array(xy.map((p) => p[1])), ids: ['h1', 'h2'], columns: {} };
}

describe('FireScenarioCache (fire worker: the last results of a prepared county)', () => {
  const prep = prepareFireCoverage({ roads: fc([road([[0, 0], [1000, 0], [2000, 0], [3000, 0], [4000, 0]])]), households: createHouseholds() }, { cellSizeMeters: 100, maxAccessMeters: 100, ...RUN });
  const stations = fc([station('A', 0)]);
  const withB = (x: number) => ({ stations: fc([station('A', 0), station('B', x)]), statuses: ['existing'] });
  const request = { options: RUN, stations, after: withB(3000) };

  test('a second run with nothing changed computes nothing and gives the same figures and layers', () => {
    const cache = new FireScenarioCache(prep);
    const first = cache.run(request);
    expect(first.computed).toEqual({ before: true, after: true, layers: true });
    expect(first.output.before.households.covered).toBe(1); // h1
    expect(first.output.after!.households.covered).toBe(2); // h1 and h2 (B)
    // the uncached path gives the same output
    expect(first.output).toEqual(runFireScenario(prep, request));

    // equal inputs in new objects (as a message from the panel brings them)
    const again = cache.run(structuredClone(request));
    expect(again.computed).toEqual({ before: false, after: false, layers: false });
    expect(again.timingMs).toEqual({ before: 0, after: 0, layers: 0 });
    expect(again.revision).toBe(first.revision);
    expect(again.output).toEqual(first.output);
    // the typed arrays are copies each time (the worker transfers them away)
    expect(again.output.geo.uncovered.rows).not.toBe(first.output.geo.uncovered.rows);
  });

  test('a moved station recomputes "after" and its layers only; a new threshold recomputes both', () => {
    const cache = new FireScenarioCache(prep);
    const first = cache.run(request);

    // B moved onto A: h2 is 310 s away again
    const moved = { ...request, after: withB(0) };
    const m = cache.run(moved);
    expect(m.computed).toEqual({ before: false, after: true, layers: true });
    expect(m.revision).not.toBe(first.revision);
    expect(m.output.after!.households.covered).toBe(1);
    expect([...m.output.geo.uncovered.rows]).toEqual([1]); // h2
    expect(m.output).toEqual(runFireScenario(prep, moved));

    // "before" counting other statuses does not touch "after" (it counts its own)
    const fewer = { ...moved, options: { ...RUN, statuses: ['planned'] } };
    const f = cache.run(fewer);
    expect(f.computed).toEqual({ before: true, after: false, layers: false });
    expect(f.revision).toBe(m.revision);
    expect(f.output.before.households.covered).toBe(0);
    expect(f.output).toEqual(runFireScenario(prep, fewer));

    // 6 minutes: A reaches h2 (310 s) in time, before and after
    const longer = { ...moved, options: { ...RUN, thresholdMinutes: 6 } };
    const l = cache.run(longer);
    expect(l.computed).toEqual({ before: true, after: true, layers: true });
    expect(l.output.before.households.covered).toBe(2);
    expect(l.output.geo.uncovered.rows.length).toBe(0);
    expect(l.output).toEqual(runFireScenario(prep, longer));

    // back to the first inputs: computed again (only the last results are kept), the same figures
    const back = cache.run(request);
    expect(back.computed).toEqual({ before: true, after: true, layers: true });
    expect(back.revision).not.toBe(first.revision);
    expect(back.output).toEqual(first.output);
  });

  test('a run without "after" shows "before"; two caches never share a revision', () => {
    const a = new FireScenarioCache(prep).run({ options: RUN, stations });
    const b = new FireScenarioCache(prep).run({ options: RUN, stations });
    expect(a.output.after).toBeNull();
    expect([...a.output.geo.uncovered.rows]).toEqual([1]);
    expect(a.revision).not.toBe(b.revision);
    expect(a.output).toEqual(b.output);
  });
});
