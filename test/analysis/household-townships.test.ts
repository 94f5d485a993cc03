import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { computeFireCoverage, fireUncoveredFeatures, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { kindergartenAccess } from '../../analysis/kindergarten-access.ts';
import { uncoveredHouseholds } from '../../analysis/uncovered-households.ts';
import { countUncovered, selectUncovered, uncoveredCsvHeader, uncoveredCsvRows, uncoveredFeatures, unmatchedPlaces } from '../../analysis/uncovered-export.ts';
import { resolveParams } from '../../analysis/params.ts';
import { ALL_RULE_PARAMS, runRules, RULES } from '../../analysis/rules/run-rules.ts';
import type { RulesInput } from '../../analysis/rules/rule.ts';
import type { ColumnLayerData } from '../../layers/types.ts';

/**
 * Session 17: a household's township, where the township column is absent or blank, is the
 * township polygon it lies in. Worked by hand: two square townships side by side on one east–west
 * road, one station at the west end.
 *
 *   甲乡 lon 116.00–116.01, 乙镇 lon 116.01–116.02, both lat 39.00–39.01; the road along lat 39.005.
 *   H1 (116.002) township "甲乡"   → 甲乡, field
 *   H2 (116.015) blank             → 乙镇, polygon
 *   H3 (116.004) blank             → 甲乡, polygon
 *   H4 (116.030) blank, outside    → none ('')
 *   H5 (116.018) township "甲乡"   → 甲乡, field (the stated township wins over the place)
 *   甲乡: 3 households (2 field, 1 polygon); 乙镇: 1 (polygon); none: 1.
 */
const square = (name: string, x0: number, x1: number) => ({
  type: 'Feature' as const,
  properties: { name },
  geometry: { type: 'Polygon' as const, coordinates: [[[x0, 39.0], [x1, 39.0], [x1, 39.01], [x0, 39.01], [x0, 39.0]]] },
});
const townships: FeatureCollection<Geometry | null> = { type: 'FeatureCollection', features: [square('甲乡', 116.0, 116.01), square('乙镇', 116.01, 116.02)] };
const roads: FeatureCollection<Geometry | null> = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { class: '主干路', width_m: 12 }, geometry: { type: 'LineString', coordinates: [[115.999, 39.005], [116.031, 39.005]] } }],
};
const stations: FeatureCollection<Geometry | null> = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id: 'FS-01', status: 'existing', level: 'level1' }, geometry: { type: 'Point', coordinates: [116.0, 39.005] } }],
};
const lons = [116.002, 116.015, 116.004, 116.03, 116.018];

function households(township: (string | null)[] | null): ColumnLayerData {
  const n = lons.length;
  return {
    kind: 'columns',
    id: 'households',
    count: n,
    lon: Float64Array.from(lons),
    lat: new Float64Array(n).fill(39.0052),
    ids: lons.map((_, i) => `H${i + 1}`),
    columns: township ? { township: { type: 'string', values: township } } : {},
  } as ColumnLayerData;
}

const groups = (r: ReturnType<typeof computeFireCoverage>) => Object.fromEntries(r.byTownship.map((g) => [g.key, [g.total, g.fromPolygon ?? 0]]));

describe('households by township: the column where it is filled, else the township polygon', () => {
  test('blank townships are found by place; the stated one is kept; outside every polygon stays blank', () => {
    const prep = prepareFireCoverage({ roads, townships, households: households(['甲乡', '', null, '', '甲乡']) }, { cellSizeMeters: 100 });
    const r = computeFireCoverage(prep, stations, { thresholdMinutes: 30 });
    expect(groups(r)).toEqual({ 甲乡: [3, 1], 乙镇: [1, 1], '': [1, 0] });
    expect(r.townshipSource).toEqual({ field: 2, polygon: 2, none: 1 });
    expect(r.households.total).toBe(5);
  });

  test('no township column at all: every household by place', () => {
    const prep = prepareFireCoverage({ roads, townships, households: households(null) }, { cellSizeMeters: 100 });
    const r = computeFireCoverage(prep, stations, { thresholdMinutes: 30 });
    expect(groups(r)).toEqual({ 甲乡: [2, 2], 乙镇: [2, 2], '': [1, 0] });
    expect(r.townshipSource).toEqual({ field: 0, polygon: 4, none: 1 });
  });

  test('the households not reached carry their township and how it was found', () => {
    const prep = prepareFireCoverage({ roads, townships, households: households(['甲乡', '', null, '', '甲乡']) }, { cellSizeMeters: 100 });
    // 1 minute with the default turnout: nobody is reached
    const r = computeFireCoverage(prep, stations, { thresholdMinutes: 1 });
    const rows = [...fireUncoveredFeatures(prep, r)].map((f) => [f.properties.id, f.properties.township, f.properties.townshipSource]);
    expect(rows.sort()).toEqual([
      ['H1', '甲乡', 'field'],
      ['H2', '乙镇', 'polygon'],
      ['H3', '甲乡', 'polygon'],
      ['H4', '', ''],
      ['H5', '甲乡', 'field'],
    ]);
  });

  test('without township polygons the column alone decides, as before', () => {
    const prep = prepareFireCoverage({ roads, households: households(['甲乡', '', null, '', '甲乡']) }, { cellSizeMeters: 100 });
    const r = computeFireCoverage(prep, stations, { thresholdMinutes: 30 });
    expect(groups(r)).toEqual({ 甲乡: [2, 0], '': [3, 0] });
    expect(r.townshipSource).toEqual({ field: 2, polygon: 0, none: 3 });
  });
});

/**
 * Session 18: the kindergarten figures by township use the same households' townships (column where
 * filled, else the polygon). The same five households with children 1…5 (H1 1, H2 2, H3 3, H4 4,
 * H5 5), no built-up layer (every kindergarten urban, 300 m):
 *   K1 (116.002) township blank → 甲乡 by its polygon, 10 places; reaches H1 (0 m) and H3 (≈ 173 m)
 *   K2 (116.015) township blank → 乙镇, 20 places; reaches H2 (0 m) and H5 (≈ 259 m)
 * With the column ['甲乡', '', null, '', '甲乡']:
 *   甲乡: H1, H3 (polygon), H5 → 3 households, 9 children, all within a radius, 10 places, 1 by polygon
 *   乙镇: H2 (polygon) → 1 household, 2 children, 20 places, 1 by polygon
 *   '':   H4 → 1 household, 4 children outside every radius
 * Without the column: 甲乡 H1, H3 (4 children); 乙镇 H2, H5 (7 children); '' H4.
 */
describe('kindergartens by township: the households placed as for fire', () => {
  const kg = (id: string, lon: number, capacity: number) => ({ type: 'Feature' as const, properties: { id, capacity, township: '' }, geometry: { type: 'Point' as const, coordinates: [lon, 39.0052] } });
  const kindergartens: FeatureCollection<Geometry | null> = { type: 'FeatureCollection', features: [kg('K1', 116.002, 10), kg('K2', 116.015, 20)] };
  const withChildren = (hh: ColumnLayerData): ColumnLayerData => ({ ...hh, columns: { ...hh.columns, children_3_5: { type: 'number', values: Float64Array.from([1, 2, 3, 4, 5]) } } });
  const rows = (r: ReturnType<typeof kindergartenAccess>) =>
    Object.fromEntries(r.byTownship.map((t) => [t.township, [t.households, t.children, t.coveredChildren, t.uncoveredChildren, t.seats, t.fromPolygon ?? 0]]));

  test('blank townships are found by place, the stated one kept; the rows say how many by polygon', () => {
    const r = kindergartenAccess({ households: withChildren(households(['甲乡', '', null, '', '甲乡'])), kindergartens, townships });
    expect(rows(r)).toEqual({ 甲乡: [3, 9, 9, 0, 10, 1], 乙镇: [1, 2, 2, 0, 20, 1], '': [1, 4, 0, 4, 0, 0] });
    expect(r.townshipSource).toEqual({ field: 2, polygon: 2, none: 1 });
    expect(r.byVillage.map((v) => [v.township, v.households])).toEqual([
      ['', 1],
      ['乙镇', 1],
      ['甲乡', 3],
    ]);
  });

  test('no township column: every household by place', () => {
    const r = kindergartenAccess({ households: withChildren(households(null)), kindergartens, townships });
    expect(rows(r)).toEqual({ 甲乡: [2, 4, 4, 0, 10, 2], 乙镇: [2, 7, 7, 0, 20, 2], '': [1, 4, 0, 4, 0, 0] });
    expect(r.townshipSource).toEqual({ field: 0, polygon: 4, none: 1 });
  });

  test('without township polygons the column alone decides and no row carries fromPolygon', () => {
    const r = kindergartenAccess({ households: withChildren(households(['甲乡', '', null, '', '甲乡'])), kindergartens });
    expect(r.byTownship.map((t) => [t.township, t.households, t.fromPolygon])).toEqual([
      ['', 3, undefined],
      ['甲乡', 2, undefined],
    ]);
    expect(r.townshipSource).toEqual({ field: 2, polygon: 0, none: 3 });
  });
});

/**
 * Rule KG-02 (places per 1,000 by township) counts the residents of each township the same way.
 * The five households with persons 100 … 500 (H1 100, H2 200, H3 300, H4 400, H5 500), 30 places
 * per 1,000 by default: with the column ['甲乡', '', null, '', '甲乡'] 甲乡 has H1 + H3 + H5 = 900
 * residents (27 places needed), 乙镇 H2 = 200 (6 needed), none H4 = 400 (12 needed). K1 in 甲乡
 * offers 27 places, K2 in 乙镇 6: both townships pass; only （未填乡镇） (H4) is short.
 * Before session 18 H2 and H3 counted as （未填乡镇） and 甲乡 had 600 residents.
 */
describe('rule KG-02 by township: the households placed as for fire', () => {
  test('residents by township: the column where filled, else the township polygon', () => {
    const hh: ColumnLayerData = { ...households(['甲乡', '', null, '', '甲乡']), columns: { township: { type: 'string', values: ['甲乡', '', null, '', '甲乡'] }, persons: { type: 'number', values: Float64Array.from([100, 200, 300, 400, 500]) } } } as ColumnLayerData;
    const kg = (id: string, township: string, capacity: number) => ({ type: 'Feature' as const, properties: { id, township, capacity }, geometry: { type: 'Point' as const, coordinates: [116.005, 39.005] } });
    const kindergartens: FeatureCollection<Geometry | null> = { type: 'FeatureCollection', features: [kg('K1', '甲乡', 27), kg('K2', '乙镇', 6)] };
    const rule = RULES.find((r) => r.id === 'KG-02')!;
    const r = runRules({ households: hh, kindergartens, townships } as RulesInput, resolveParams(ALL_RULE_PARAMS, {}), [rule])[0];
    expect(r.table?.rows).toEqual([
      ['（未填乡镇）', 400, 12, 0, -12],
      ['乙镇', 200, 6, 6, 0],
      ['甲乡', 900, 27, 27, 0],
    ]);
    expect(r.objects.map((o) => o.id)).toEqual(['（未填乡镇）']);
    expect(r.summary.en).toContain('2 households placed in their township by its polygon');
  });
});

/**
 * The uncovered-households filter, list and exports place the households the same way. No
 * hydrant layer: the hydrant service misses every household, so each is in the list. The
 * township filter 乙镇 selects H2 (blank column, in 乙镇's square) and no longer nobody; 甲乡
 * selects H1, H3, H5 (H5 stated, though it lies in 乙镇).
 */
describe('uncovered households by township: the households placed as for fire', () => {
  const hh = households(['甲乡', '', null, '', '甲乡']);
  const u = uncoveredHouseholds({ households: hh, townships });
  const ids = (rows: ArrayLike<number>) => Array.from(rows, (i) => hh.ids[i]);

  test('the township filter and its check use the placed township', () => {
    expect(ids(selectUncovered(hh, u, { township: '乙镇' }))).toEqual(['H2']);
    expect(ids(selectUncovered(hh, u, { township: '甲乡' }))).toEqual(['H1', 'H3', 'H5']);
    expect(countUncovered(hh, u, { township: '乙镇' }).households).toBe(1);
    expect(unmatchedPlaces(hh, { township: '乙镇' }, 30, townships)).toEqual([]);
    expect(unmatchedPlaces(hh, { township: '丙镇' }, 30, townships)).toEqual([{ field: 'township', value: '丙镇', present: ['甲乡', '乙镇'] }]);
  });

  test('the CSV and GeoJSON say the township and how it was found', () => {
    const all = selectUncovered(hh, u);
    const head = uncoveredCsvHeader();
    expect(head.slice(0, 5)).toEqual(['id', 'lon', 'lat', 'township', 'township_source']);
    expect([...uncoveredCsvRows(hh, u, all)].map((r) => [r[0], r[3], r[4]])).toEqual([
      ['H1', '甲乡', 'field'],
      ['H2', '乙镇', 'polygon'],
      ['H3', '甲乡', 'polygon'],
      ['H4', null, ''],
      ['H5', '甲乡', 'field'],
    ]);
    expect([...uncoveredFeatures(hh, u, all)].map((f) => [f.properties.township, f.properties.township_source])[1]).toEqual(['乙镇', 'polygon']);
  });
});
