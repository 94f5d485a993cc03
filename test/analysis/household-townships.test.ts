import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { computeFireCoverage, fireUncoveredFeatures, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
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
