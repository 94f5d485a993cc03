import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import type { ColumnLayerData, LayerData } from '../../layers/types.ts';
import { fireCoverage, firePrepareKey, type FirePrepareOptions } from '../../analysis/fire-coverage.ts';
import { scenarioFigures } from '../../analysis/scenario-figures.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { scenarioFiguresTask } from '../../src/workers/tasks/scenario-figures.ts';
import { plotReviewTask } from '../../src/workers/tasks/plot-review.ts';
import { resultKey } from '../../src/state/result-key.ts';
import { SCENARIO_FIGURES_RESULT, fireResultSpec, plotsResultSpec, sitingResultSpec, uncoveredResultSpec } from '../../src/panels/radii/result-keys.ts';
import type { Project } from '../../layers/types.ts';
import { fc, pt, road } from './fire-coverage-fixtures.ts';

// Session 18: the fire panel, the uncovered view and the rulebook cut the engine network at the
// open problems of the fire-lane ledger; siting, the reserve-plot review and the compare view did
// not, so with a problem that costs something they answered with another network than the fire
// panel. And the compare view shared one prepared grid between scenarios whose engine-road limits
// differ.
//
// Hand network (metres east of the origin): A(0,0) — B(1000,0) — E(2000,0), primary roads
// (40 km/h by default). Station S at A, turnout 1 min, 5 min: 4 min of driving reach 2,667 m.
// Household h1 at (1500, 30), beside B–E: reached (1,500 m). An open problem at (1200, 0) cuts
// B–E there: h1 is then on a piece of road no station reaches.

type FC = FeatureCollection<Geometry | null>;

const roads = (heightBE?: number) => fc([road([[0, 0], [1000, 0]]), road([[1000, 0], [2000, 0]], heightBE === undefined ? {} : { clear_height_m: heightBE })]) as FC;
const stations = () => fc([{ type: 'Feature', properties: { id: 'S', name: 'S', level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: pt(0, 0) } }]) as FC;
const ledger = (status = 'open') =>
  fc([{ type: 'Feature', properties: { id: 'P1', name: 'P1', problem: 'blocked', status }, geometry: { type: 'Point', coordinates: pt(1200, 0) } } as Feature<Point>]) as FC;
function households(): ColumnLayerData {
  const [lon, lat] = pt(1500, 30);
  return { kind: 'columns', id: 'households', count: 1, lon: new Float64Array([lon]), lat: new Float64Array([lat]), ids: ['h1'], columns: {} };
}
/** One township square around the roads: the county the grid covers (siting lays its candidates over it). */
function townships(): FC {
  const square = [[-200, -600], [2200, -600], [2200, 600], [-200, 600], [-200, -600]].map(([x, y]) => pt(x, y));
  return fc([{ type: 'Feature', properties: { name: 'T' }, geometry: { type: 'Polygon', coordinates: [square] } } as Feature<Polygon>]) as FC;
}
const geo = (data: FC): LayerData => ({ kind: 'geojson', id: 'roads', data }) as LayerData;

describe('the fire-lane ledger cuts the network in every analysis that drives engines (session 18)', () => {
  test('the fire analysis itself: h1 reached without the ledger, not with an open problem, again when it is fixed', () => {
    expect(fireCoverage({ roads: roads(), households: households() }, stations(), {}).households.covered).toBe(1);
    expect(fireCoverage({ roads: roads(), households: households(), fireLanes: ledger() }, stations(), {}).households.covered).toBe(0);
    expect(fireCoverage({ roads: roads(), households: households(), fireLanes: ledger('fixed') }, stations(), {}).households.covered).toBe(1);
  });

  test('a scenario’s headline figures (the compare view) read the ledger', () => {
    const project = (lanes?: FC) => ({
      params: {},
      layers: { roads: geo(roads()), households: households(), fireStations: geo(stations()), ...(lanes ? { fireLanes: geo(lanes) } : {}) },
    });
    expect(scenarioFigures(project()).fire.householdsReached).toBe(1);
    expect(scenarioFigures(project(ledger())).fire.householdsReached).toBe(0);
    // the worker task of the compare view, with the ledger among the shared layers
    const out = scenarioFiguresTask(
      { shared: { roads: geo(roads()), households: households(), fireLanes: geo(ledger()) }, scenarios: [{ params: {}, fireStations: geo(stations()) }, { params: { 'lane-cut-distance': 0 }, fireStations: geo(stations()) }] },
      () => {},
    ) as { figures: { fire: { householdsReached: number } }[] };
    // lane-cut-distance 0 ignores the ledger: the second scenario reaches h1
    expect(out.figures.map((f) => f.fire.householdsReached)).toEqual([0, 1]);
  });

  test('two scenarios whose engine-road limits differ do not share one prepared grid', () => {
    // B–E is 3 m high: under the default 4 m clear height it is not an engine road (h1 unreached); 0 keeps every road
    const out = scenarioFiguresTask(
      { shared: { roads: geo(roads(3)), households: households() }, scenarios: [{ params: {}, fireStations: geo(stations()) }, { params: { 'lane-min-height': 0 }, fireStations: geo(stations()) }] },
      () => {},
    ) as { figures: { fire: { householdsReached: number } }[] };
    expect(out.figures.map((f) => f.fire.householdsReached)).toEqual([0, 1]);
  });

  test('a new fire-lane ledger makes every result that reads it stale (fire, uncovered with fire, fire siting, plots with fire, compare)', () => {
    const p = { name: 't', params: {}, layers: { roads: geo(roads()), households: households(), fireStations: geo(stations()), fireLanes: geo(ledger()) } } as unknown as Project;
    const fixed = { ...p, layers: { ...p.layers, fireLanes: geo(ledger('fixed')) } } as Project;
    for (const spec of [fireResultSpec(['existing'], ['existing', 'planned'], 'k'), uncoveredResultSpec(true), sitingResultSpec('fire'), plotsResultSpec(true), SCENARIO_FIGURES_RESULT]) {
      expect(resultKey(fixed, spec)).not.toBe(resultKey(p, spec));
    }
    // analyses that do not drive engines keep their results
    expect(resultKey(fixed, sitingResultSpec('kindergarten'))).toBe(resultKey(p, sitingResultSpec('kindergarten')));
  });

  test('siting (the analysis) starts from the figures the fire panel shows: with the open problem no household is reached before the picks', () => {
    const common = { roads: roads(), households: households(), stations: stations(), townships: townships() };
    const opts = { count: 1, candidateSpacingMeters: 500 };
    expect(siteFireStations(common, opts).before.householdsCovered).toBe(1);
    const cut = siteFireStations({ ...common, fireLanes: ledger() }, opts);
    expect(cut.before.householdsCovered).toBe(0);
    // the pick then reaches h1 from its own piece of road
    expect(cut.after.householdsCovered).toBe(1);
  });

  test('the reserve-plot review checks a plot against the reach over the cut network', async () => {
    // a 40 m square residential plot around h1
    const ring = [[1480, 10], [1520, 10], [1520, 50], [1480, 50], [1480, 10]].map(([x, y]) => pt(x, y));
    const plot: Feature<Polygon> = { type: 'Feature', properties: { id: 'R1', name: 'R1', township: 'T', area_mu: 2.4, use: '住宅' }, geometry: { type: 'Polygon', coordinates: [ring] } };
    const run = async (fireLanes?: FC) =>
      (await plotReviewTask({ input: { plots: fc([plot]) as FC, townships: townships(), fireStations: stations() }, options: {}, fire: { roads: roads(), households: households(), fireLanes, options: {} } }, () => {})).rows[0].fireReachShare;
    expect(await run()).toBe(1);
    expect(await run(ledger())).toBe(0);
  });

  test('the key of a prepared grid changes with every preparation option and with no other', () => {
    const base: FirePrepareOptions = { cellSizeMeters: 100, maxAccessMeters: 300, snapToleranceMeters: 2, mode: 'network', minEngineWidthMeters: 4, minEngineClearHeightMeters: 4, roadWidthsM: { primary: 12 }, laneCutMeters: 15 };
    const other: Required<FirePrepareOptions> = { cellSizeMeters: 50, maxAccessMeters: 200, snapToleranceMeters: 1, mode: 'straight-line', minEngineWidthMeters: 0, minEngineClearHeightMeters: 0, roadWidthsM: { primary: 6 }, laneCutMeters: 0 };
    for (const k of Object.keys(other) as (keyof FirePrepareOptions)[]) {
      expect(firePrepareKey({ ...base, [k]: other[k] }), k).not.toBe(firePrepareKey(base));
    }
    const runOnly = { ...base, thresholdMinutes: 8, turnoutMinutes: 2, trafficFactor: 0.7 } as FirePrepareOptions;
    expect(firePrepareKey(runOnly)).toBe(firePrepareKey(base));
  });
});
