import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { hydrantGapPlaces, villageCentres } from '../../analysis/hydrant-gap-places.ts';
import { LocalProjection } from '../../analysis/geo.ts';
import type { ColumnLayerData } from '../../layers/types.ts';

// Metres on a local plane at (115°E, 38.5°N): x east, y north.
const P = new LocalProjection(115, 38.5);
const pt = (x: number, y: number) => [P.lon(x), P.lat(y)];
type FC = FeatureCollection<Geometry | null, Record<string, unknown>>;

function createRoads(...roads: { name: string; xy: [number, number][] }[]): FC {
  return {
    type: 'FeatureCollection',
    features: roads.map((r) => ({ type: 'Feature', properties: { name: r.name }, geometry: { type: 'LineString', coordinates: r.xy.map(([x, y]) => pt(x, y)) } })),
  };
}

function createBox(name: string, x0: number, y0: number, x1: number, y1: number): FC['features'][number] {
  return { type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]] } };
}

/** 建设路 along y = 0 with one hydrant at x = 0 (covers 0–150 m); an unnamed road along y = 200, no hydrant near. */
function createCase() {
  const roads = createRoads({ name: '建设路', xy: [[0, 0], [1000, 0]] }, { name: '', xy: [[0, 200], [1000, 200]] });
  const hydrants: FC = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'H1', kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: pt(0, 0) } }] };
  const townships: FC = { type: 'FeatureCollection', features: [createBox('西镇', -100, -1000, 400, 1000), createBox('东镇', 400, -1000, 2000, 1000)] };
  const r = hydrantGaps({ roads, hydrants }, { radiusMeters: 150 });
  return { roads, townships, r };
}

describe('hydrantGapPlaces', () => {
  test('gives each gap its township, from/to and middle coordinates', () => {
    const { roads, townships, r } = createCase();
    expect(r.gaps.map((g) => [g.road, Math.round(g.fromM), Math.round(g.toM)])).toEqual([
      ['建设路', 150, 1000],
      ['', 0, 1000],
    ]);
    const rows = hydrantGapPlaces(r.gapsGeoJson, { townships, roads });
    // 建设路: 150 → 1000 m, middle at x = 575 (东镇).
    expect(rows[0].township).toBe('东镇');
    expect(rows[0].fromLon).toBeCloseTo(P.lon(150), 6);
    expect(rows[0].fromLat).toBeCloseTo(38.5, 6);
    expect(rows[0].toLon).toBeCloseTo(P.lon(1000), 6);
    expect(rows[0].midLon).toBeCloseTo(P.lon(575), 5);
    expect(rows[0].where).toEqual({ zh: '建设路（东镇）', en: '建设路 (东镇)' });
    expect(rows[0].nearestRoad).toBeNull();
    // the unnamed road: 0 → 1000 m at y = 200, middle at x = 500 (东镇)
    expect(rows[1].township).toBe('东镇');
    expect(rows[1].midLat).toBeCloseTo(P.lat(200), 6);
    expect(rows[1].lengthM).toBeCloseTo(1000, 0);
  });

  test('describes a gap on an unnamed road by township, nearest named road, nearest village and coordinates', () => {
    const { roads, townships, r } = createCase();
    const villages = [
      { name: '东关村', lon: P.lon(500), lat: P.lat(500) },
      { name: '远村', lon: P.lon(9000), lat: P.lat(0) },
    ];
    const row = hydrantGapPlaces(r.gapsGeoJson, { townships, roads, villages })[1];
    expect(row.nearestRoad).toBe('建设路');
    expect(row.nearestRoadM).toBeCloseTo(200, 0); // straight down from (500, 200) to y = 0
    expect(row.nearestVillage).toBe('东关村');
    expect(row.nearestVillageM).toBeCloseTo(300, 0);
    const span = `${P.lon(0).toFixed(5)},${P.lat(200).toFixed(5)}`;
    expect(row.where.zh).toBe(`未命名道路：东镇，近 建设路（约 200 米），近 东关村（约 300 米），${span}—${P.lon(1000).toFixed(5)},${P.lat(200).toFixed(5)}`);
    expect(row.where.en).toBe(`Unnamed road near 建设路 (about 200 m), near 东关村 (about 300 m), in 东镇, ${span}–${P.lon(1000).toFixed(5)},${P.lat(200).toFixed(5)}`);
  });

  test('leaves out a named road or village beyond the search distance and says when no township contains the gap', () => {
    const { roads, r } = createCase();
    const row = hydrantGapPlaces(r.gapsGeoJson, { roads }, { nearestRoadMaxMeters: 150 })[1];
    expect(row.township).toBe('');
    expect(row.nearestRoad).toBeNull();
    expect(row.where.zh).toMatch(/^未命名道路：乡镇不明，\d/);
    expect(row.where.en).toMatch(/^Unnamed road township unknown, \d/);
  });

  test('does not mutate the gaps and refuses bad options', () => {
    const { r } = createCase();
    const before = JSON.stringify(r.gapsGeoJson);
    hydrantGapPlaces(r.gapsGeoJson, {});
    expect(JSON.stringify(r.gapsGeoJson)).toBe(before);
    expect(() => hydrantGapPlaces(r.gapsGeoJson, {}, { nearestRoadMaxMeters: -1 })).toThrow(/nearestRoadMaxMeters/);
  });
});

describe('villageCentres', () => {
  test('averages the households of each village of each township', () => {
    const hh: ColumnLayerData = {
      kind: 'columns',
      id: 'households',
      count: 4,
      lon: Float64Array.from([1, 3, 10, NaN]),
      lat: Float64Array.from([2, 4, 20, 0]),
      ids: ['a', 'b', 'c', 'd'],
      columns: {
        township: { type: 'category', codes: Int32Array.from([0, 0, 1, 0]), dict: ['恒州镇', '灵山镇'] },
        village: { type: 'category', codes: Int32Array.from([0, 0, 0, 0]), dict: ['东关村'] },
      },
    };
    expect(villageCentres(hh)).toEqual([
      { name: '东关村', lon: 2, lat: 3 },
      { name: '东关村', lon: 10, lat: 20 },
    ]);
  });
});
