import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData, Project } from '../../layers/types.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { resolveParams } from '../../analysis/params.ts';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../analysis/fire-params.ts';
import { resolveHydrantOptions, resolveKindergartenOptions, resolveUncoveredOptions } from '../../analysis/radii-params.ts';
import { resolvePlotOptions } from '../../analysis/plot-params.ts';
import { resolveSitingOptions } from '../../analysis/siting-params.ts';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { kindergartenAccess } from '../../analysis/kindergarten-access.ts';
import { uncoveredHouseholds } from '../../analysis/uncovered-households.ts';
import { reviewPlots } from '../../analysis/plot-review.ts';
import { buildRoadGraph } from '../../analysis/road-graph.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { LocalProjection } from '../../analysis/geo.ts';

type FC = FeatureCollection<Geometry | null>;
const ANALYSIS = resolve(import.meta.dirname, '../../analysis');
// 恒山路 runs 1,000 m east from (115°E, 38.5°N) inside the built-up box (test/cli/radii-commands.test.ts).
const MINI = resolve(import.meta.dirname, '../fixtures/radii/mini');
const P = new LocalProjection(115, 38.5);

let project: Project;
const layer = (id: string): FC => {
  const l = project.layers[id as keyof Project['layers']];
  return l && l.kind === 'geojson' ? l.data : { type: 'FeatureCollection', features: [] };
};
const households = () => project.layers.households as ColumnLayerData;

function createStations(): FC {
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'F1', name: '站', status: 'existing' }, geometry: { type: 'Point', coordinates: [P.lon(0), P.lat(0)] } }] };
}

function createPlots(): FC {
  const sq = (x: number, y: number, w: number) => [[[P.lon(x), P.lat(y)], [P.lon(x + w), P.lat(y)], [P.lon(x + w), P.lat(y + w)], [P.lon(x), P.lat(y + w)], [P.lon(x), P.lat(y)]]];
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { id: 'D1', name: '一号地', area_mu: 15, use: 'residential' }, geometry: { type: 'Polygon', coordinates: sq(100, 50, 100) } },
      { type: 'Feature', properties: { id: 'D2', name: '二号地', area_mu: 99, use: 'fire' }, geometry: { type: 'Polygon', coordinates: sq(400, 50, 80) } },
    ],
  };
}

/** Results without their run times (which differ from run to run). */
function withoutTimings<T>(r: T): T {
  return JSON.parse(JSON.stringify(r, (k, v) => (k === 'timingMs' ? undefined : v instanceof Float64Array || v instanceof Float32Array || v instanceof Uint32Array || v instanceof Uint8Array || v instanceof Int32Array ? Array.from(v) : v)));
}

const fireDefaults = () => fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS));

beforeAll(async () => {
  project = (await loadProjectDir(MINI)).project;
});

describe('an analysis called with no options equals the same analysis called with the ParamDef defaults', () => {
  test('hydrantGaps', () => {
    const input = { roads: layer('roads'), hydrants: layer('hydrants'), builtUp: layer('builtUp') };
    expect(withoutTimings(hydrantGaps(input))).toEqual(withoutTimings(hydrantGaps(input, resolveHydrantOptions())));
  });

  test('kindergartenAccess', () => {
    const input = { households: households(), kindergartens: layer('kindergartens'), builtUp: layer('builtUp'), townships: layer('townships') };
    expect(withoutTimings(kindergartenAccess(input))).toEqual(withoutTimings(kindergartenAccess(input, resolveKindergartenOptions())));
  });

  test('uncoveredHouseholds', () => {
    const input = { households: households(), hydrants: layer('hydrants'), kindergartens: layer('kindergartens'), servicePoints: layer('servicePoints'), builtUp: layer('builtUp'), townships: layer('townships') };
    const h = resolveHydrantOptions();
    const u = resolveUncoveredOptions();
    const options = { hydrantRadiusMeters: h.radiusMeters, includePlannedHydrants: h.includePlanned, coalRadiusMeters: u.coalRadiusMeters, maintenanceRadiusMeters: u.maintenanceRadiusMeters, kindergarten: resolveKindergartenOptions() };
    expect(withoutTimings(uncoveredHouseholds(input))).toEqual(withoutTimings(uncoveredHouseholds(input, options)));
  });

  test('reviewPlots', () => {
    const input = { plots: createPlots(), townships: layer('townships'), builtUp: layer('builtUp'), fireStations: createStations(), kindergartens: layer('kindergartens') };
    const kg = resolveKindergartenOptions();
    const options = { ...resolvePlotOptions(), kindergartenRadiusMeters: { urban: kg.radiusUrbanMeters, township: kg.radiusTownshipMeters, village: kg.radiusVillageMeters }, fireReachMinutes: fireDefaults().thresholdMinutes };
    const none = reviewPlots(input);
    expect(none.rows.length).toBe(2);
    expect(withoutTimings(none)).toEqual(withoutTimings(reviewPlots(input, options)));
  });

  test('buildRoadGraph', () => {
    expect(withoutTimings(buildRoadGraph(layer('roads')))).toEqual(withoutTimings(buildRoadGraph(layer('roads'), { snapToleranceMeters: fireDefaults().snapToleranceMeters })));
  });

  test('fireCoverage', () => {
    const input = { roads: layer('roads'), builtUp: layer('builtUp'), townships: layer('townships'), households: households() };
    expect(withoutTimings(fireCoverage(input, createStations()))).toEqual(withoutTimings(fireCoverage(input, createStations(), fireDefaults())));
  });

  test('siteFireStations', () => {
    const input = { roads: layer('roads'), builtUp: layer('builtUp'), townships: layer('townships'), households: households(), stations: createStations() };
    const none = siteFireStations(input);
    expect(withoutTimings(none)).toEqual(withoutTimings(siteFireStations(input, { ...fireDefaults(), ...resolveSitingOptions() })));
  });

  test('siteKindergartens', () => {
    const input = { households: households(), kindergartens: layer('kindergartens'), builtUp: layer('builtUp'), townships: layer('townships'), roads: layer('roads') };
    const none = siteKindergartens(input);
    const siting = resolveSitingOptions();
    // kindergartens take mclp or lscp only (the CLI and the panel map the siting model the same way)
    expect(siting.model).toBe('mclp');
    expect(withoutTimings(none)).toEqual(withoutTimings(siteKindergartens(input, { ...resolveKindergartenOptions(), ...siting, model: siting.model === 'lscp' ? 'lscp' : 'mclp' })));
  });
});

describe('no literal default in analysis/ option handling', () => {
  // `options.x ?? 150`, `opts.x || 0.03`, `{ radiusMeters = 150 } = options`: a default written as a
  // number next to an option instead of read from the analysis's ParamDef table.
  const FALLBACK = /\b(options|opts|o)\.[A-Za-z]+\s*(\?\?|\|\|)\s*[-+]?\d/;
  const DESTRUCTURED = /\{[^}]*\b[A-Za-z]+\s*=\s*[-+]?\d[^}]*\}\s*=\s*(options|opts)\b/;
  // the rulebook reads resolved values by key: `numberOf(params['lane-min-width']) ?? 0` is a literal default too
  const PARAM_FALLBACK = /\bparams\[[^\]]+\]\)?\s*(\?\?|\|\|)\s*[-+]?\d/;
  const files = readdirSync(ANALYSIS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  test.each(files)('%s', (file) => {
    const lines = readFileSync(resolve(ANALYSIS, file), 'utf8').split('\n');
    const bad = lines.map((l, i) => `${i + 1}: ${l.trim()}`).filter((l) => FALLBACK.test(l) || DESTRUCTURED.test(l) || PARAM_FALLBACK.test(l));
    expect(bad).toEqual([]);
  });

  test('the check finds the patterns it is meant to refuse', () => {
    expect(FALLBACK.test('const r = options.radiusMeters ?? 150;')).toBe(true);
    expect(FALLBACK.test('const s = opts.childShare || 0.03;')).toBe(true);
    expect(DESTRUCTURED.test('const { radiusMeters = 150 } = options;')).toBe(true);
    expect(FALLBACK.test('const r = options.radiusMeters ?? DEFAULTS.radiusMeters;')).toBe(false);
    expect(PARAM_FALLBACK.test("const w = numberOf(params['lane-min-width']) ?? 0;")).toBe(true);
    expect(PARAM_FALLBACK.test("const w = numParam(params, 'lane-min-width');")).toBe(false);
  });
});
