import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { sharePct } from '../../analysis/analysis-warning.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { kindergartenAccess } from '../../analysis/kindergarten-access.ts';
import { uncoveredHouseholds } from '../../analysis/uncovered-households.ts';
import { fc, pt, road, SPEEDS_10MPS } from './fire-coverage-fixtures.ts';

type FC = FeatureCollection<Geometry | null>;
const EMPTY: FC = { type: 'FeatureCollection', features: [] };

function createStation(id: string, x: number, status: string) {
  return { type: 'Feature' as const, properties: { id, name: id, level: 'level1', status }, geometry: { type: 'Point' as const, coordinates: pt(x, 0) } };
}

/** A built-up strip 4 km × 200 m along the x axis. */
function createBuiltUp(): FC {
  const ring = [pt(0, -100), pt(4000, -100), pt(4000, 100), pt(0, 100), pt(0, -100)];
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '城区' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
}

/** Households at x metres on the road, with a heating column. */
function createHouseholds(xs: number[], heating = 'gas'): ColumnLayerData {
  const ll = xs.map((x) => pt(x, 0));
  return {
    kind: 'columns',
    id: 'households',
    count: xs.length,
    lon: Float64Array.from(ll.map((p) => p[0])),
    lat: Float64Array.from(ll.map((p) => p[1])),
    ids: xs.map((_, i) => `h${i + 1}`),
    columns: { heating: { type: 'string', values: xs.map(() => heating) }, children_3_5: { type: 'number', values: Float64Array.from(xs.map(() => 1)) } },
  } as unknown as ColumnLayerData;
}

const ROADS = fc([road([[0, 0], [1000, 0], [2000, 0], [3000, 0], [4000, 0]])]) as FC;
const FIRE_OPTS = { speedsKmh: SPEEDS_10MPS, cellSizeMeters: 100 };

describe('sharePct: a share with no denominator is "no data"', () => {
  test('3 of 4 is 75 %; 0 of 0 and x of NaN are null, never 0 or NaN', () => {
    expect(sharePct(3, 4)).toBe(75);
    expect(sharePct(0, 0)).toBeNull();
    expect(sharePct(1, Number.NaN)).toBeNull();
  });
});

describe('fire coverage on empty input', () => {
  test('no station of the chosen status: warning with the layer count, every figure 0', () => {
    // Station A is planned; the run counts existing ones only.
    const r = fireCoverage({ roads: ROADS, builtUp: createBuiltUp(), households: createHouseholds([500, 2500]) }, fc([createStation('A', 0, 'planned')]) as FC, FIRE_OPTS);
    expect(r.coveredBuiltUpPct).toBe(0);
    expect(r.households.covered).toBe(0);
    expect(r.warnings.map((w) => w.code)).toEqual(['no-stations']);
    expect(r.warnings[0].counts).toEqual({ stations: 0, stationsInLayer: 1 });
    expect(r.warnings[0].message.en).toBe(
      'No located fire station has status existing (1 in the fire-station layer): every coverage figure is 0, which says nothing about real coverage',
    );
    expect(r.warnings[0].message.zh).toBe('没有状态为 existing 且有位置的消防站（消防站图层共 1 个）：各项覆盖均为 0，这不是实际覆盖情况');
  });

  test('no built-up area: the built-up share is null (no data), the target neither met nor missed', () => {
    const r = fireCoverage({ roads: ROADS, households: createHouseholds([500]) }, fc([createStation('A', 0, 'existing')]) as FC, FIRE_OPTS);
    expect(r.builtUpAreaKm2).toBe(0);
    expect(r.coveredBuiltUpPct).toBeNull();
    expect(r.meetsTarget).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['no-built-up']);
    // the household figures are still there: h1 at 500 m, 60 s turnout + 50 s → reached
    expect(r.households).toMatchObject({ total: 1, covered: 1 });
  });

  test('no households and no roads: both said', () => {
    const r = fireCoverage({ builtUp: createBuiltUp() }, fc([createStation('A', 0, 'existing')]) as FC, FIRE_OPTS);
    expect(r.warnings.map((w) => w.code)).toEqual(['no-households', 'straight-line']);
    expect(r.warnings[0].counts).toEqual({ households: 0, householdsInLayer: 0 });
    expect(r.coveredBuiltUpPct).toBeGreaterThan(0);
  });

  test('a normal run has no warning', () => {
    const r = fireCoverage({ roads: ROADS, builtUp: createBuiltUp(), households: createHouseholds([500]) }, fc([createStation('A', 0, 'existing')]) as FC, FIRE_OPTS);
    expect(r.warnings).toEqual([]);
  });
});

describe('hydrant gaps on empty input', () => {
  test('0 working hydrants (one broken): every road uncovered, said so; working rate 0 of 1', () => {
    const hydrants = fc([{ type: 'Feature', properties: { id: 'H1', kind: 'hydrant', status: 'broken' }, geometry: { type: 'Point', coordinates: pt(100, 10) } }]) as FC;
    const r = hydrantGaps({ roads: ROADS, hydrants, builtUp: createBuiltUp() });
    expect(r.coveredRoadPct).toBe(0);
    expect(r.hydrants.workingPct).toBe(0);
    expect(r.warnings.map((w) => w.code)).toEqual(['no-working-hydrants']);
    expect(r.warnings[0].counts).toEqual({ hydrants: 1, counted: 0, working: 0, broken: 1, unlocated: 0 });
    expect(r.warnings[0].message.en).toBe('1 hydrants, but none located and working (1 broken, 0 without location): every road counts as uncovered');
  });

  test('no hydrant at all: the working-order rate is null (no data)', () => {
    const r = hydrantGaps({ roads: ROADS, hydrants: EMPTY, builtUp: createBuiltUp() });
    expect(r.hydrants.workingPct).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['no-hydrants']);
  });

  test('built-up area away from every road: road share null, not 0', () => {
    const far: FC = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '远郊' }, geometry: { type: 'Polygon', coordinates: [[pt(0, 5000), pt(100, 5000), pt(100, 5100), pt(0, 5100), pt(0, 5000)]] } }] };
    const hydrants = fc([{ type: 'Feature', properties: { id: 'H1', kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: pt(100, 10) } }]) as FC;
    const r = hydrantGaps({ roads: ROADS, hydrants, builtUp: far });
    expect(r.roadLengthKm).toBe(0);
    expect(r.coveredRoadPct).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['no-road-length']);
  });
});

describe('kindergartens and uncovered households on empty input', () => {
  test('0 kindergartens: warning; seats per child 0 of 2 children; shares null', () => {
    const r = kindergartenAccess({ households: createHouseholds([500, 900]), kindergartens: EMPTY, builtUp: null, townships: null });
    expect(r.children.total).toBe(2);
    expect(r.publicSharePct).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['no-kindergartens']);
    expect(r.warnings[0].counts).toEqual({ kindergartens: 0, kindergartensInLayer: 0 });
  });

  test('no households: kindergartens say so', () => {
    const kg = fc([{ type: 'Feature', properties: { id: 'K1', name: 'K1', capacity: 90 }, geometry: { type: 'Point', coordinates: pt(0, 0) } }]) as FC;
    const r = kindergartenAccess({ households: createHouseholds([]), kindergartens: kg, builtUp: null, townships: null });
    expect(r.warnings.map((w) => w.code)).toEqual(['no-households']);
    expect(r.seatsPerChild).toBeNull();
  });

  test('uncovered households: no maintenance point for 2 gas households, no working hydrant', () => {
    const r = uncoveredHouseholds({ households: createHouseholds([500, 900], 'gas'), hydrants: EMPTY, kindergartens: null, servicePoints: EMPTY, builtUp: null });
    expect(r.services.maintenance).toMatchObject({ applicable: 2, covered: 0 });
    expect(r.warnings.map((w) => w.code)).toEqual(['no-working-hydrants', 'no-maintenance-points']);
    expect(r.warnings[1].message.en).toBe(
      'No maintenance organisation (service_points kind maintenance): all 2 households it applies to count as uncovered, which says nothing about the real service',
    );
    expect(r.warnings[1].counts).toEqual({ facilities: 0, households: 2 });
  });
});
