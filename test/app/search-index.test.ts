import { describe, expect, test } from 'vitest';
import type { Feature, Geometry } from 'geojson';
import type { ColumnLayerData, LayerData, Project } from '../../layers/types';
import { LAYERS } from '../../layers/index';
import { lonLatToGaussKruger } from '../../layers/load/gauss-kruger';
import { buildSearchIndex, parseCoordinateQuery, searchIndex, searchKey, type SearchHit } from '../../src/map/search-index';

function createGeo(id: string, features: { props: Record<string, unknown>; geometry: Geometry | null }[]): LayerData {
  const fs: Feature<Geometry | null>[] = features.map((f) => ({ type: 'Feature', properties: f.props, geometry: f.geometry }));
  return { kind: 'geojson', id: id as never, data: { type: 'FeatureCollection', features: fs } } as LayerData;
}

function createHouseholds(): ColumnLayerData {
  return {
    kind: 'columns',
    id: 'households',
    count: 4,
    lon: new Float64Array([114.1, 114.2, 114.3, NaN]),
    lat: new Float64Array([38.1, 38.2, 38.3, 38.4]),
    ids: ['H1', 'H2', 'H3', 'H4'],
    columns: {
      village: { type: 'category', codes: new Int32Array([0, 0, 1, 0]), dict: ['东关村', '西关村'] },
      township: { type: 'category', codes: new Int32Array([0, 0, 0, 0]), dict: ['城关镇'] },
    },
  };
}

/** Two segments of 南环路, one unnamed road, a station, a plot, a township, three households. */
function createProject(): Project {
  const line = (x0: number, x1: number): Geometry => ({ type: 'LineString', coordinates: [[x0, 38], [x1, 38.01]] });
  return {
    name: '测试县',
    params: {},
    layers: {
      roads: createGeo('roads', [
        { props: { name: '南环路', class: 'primary' }, geometry: line(114, 114.01) },
        { props: { name: '', class: 'residential' }, geometry: line(114.02, 114.03) },
        { props: { name: '南环路', class: 'primary' }, geometry: line(114.05, 114.06) },
        { props: { name: '南环东路', class: 'primary' }, geometry: line(114.07, 114.08) },
      ]),
      fireStations: createGeo('fireStations', [
        { props: { id: 'F1', name: '城关消防救援站' }, geometry: { type: 'Point', coordinates: [114.5, 38.5] } },
        { props: { id: 'F2', name: '无坐标站' }, geometry: null },
      ]),
      reservePlots: createGeo('reservePlots', [
        { props: { id: '曲储【2022】01号', name: '东羊平村北地块', township: '羊平镇' }, geometry: { type: 'Polygon', coordinates: [[[114.7, 38.5], [114.71, 38.5], [114.71, 38.51], [114.7, 38.5]]] } },
      ]),
      townships: createGeo('townships', [
        { props: { name: '城关镇', code: '130634100' }, geometry: { type: 'Polygon', coordinates: [[[114, 38], [115, 38], [115, 39], [114, 38]]] } },
      ]),
      households: createHouseholds(),
    } as Project['layers'],
  };
}

function features(hits: SearchHit[]) {
  return hits.flatMap((h) => (h.kind === 'feature' ? [h.entry] : []));
}

describe('search index', () => {
  test('a road name finds all its segments as one place, with their joint bounds', () => {
    const hits = features(searchIndex(buildSearchIndex(createProject(), LAYERS), '南环路'));
    expect(hits[0]).toMatchObject({ layerId: 'roads', text: '南环路', ids: ['0', '2'], bounds: [114, 38, 114.06, 38.01] });
    // 南环东路 has 南,环,路 in order: found too, after the exact match
    expect(hits.map((h) => h.text)).toEqual(['南环路', '南环东路']);
  });

  test('unnamed roads and features without a position are not in the index', () => {
    const index = buildSearchIndex(createProject(), LAYERS);
    expect(index.entries.filter((e) => e.layerId === 'roads').map((e) => e.text)).toEqual(['南环路', '南环东路']);
    expect(features(searchIndex(index, '无坐标'))).toEqual([]);
  });

  test('a plot id is found by a part of it, written with full-width digits and spaces', () => {
    const hits = features(searchIndex(buildSearchIndex(createProject(), LAYERS), ' ２０２２】０1 '));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ layerId: 'reservePlots', ids: ['曲储【2022】01号'], township: '羊平镇' });
  });

  test('villages group households by village and township; a household without a position is left out', () => {
    const hits = features(searchIndex(buildSearchIndex(createProject(), LAYERS), '东关'));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ layerId: 'households', text: '东关村', township: '城关镇', ids: ['H1', 'H2'], bounds: [114.1, 38.1, 114.2, 38.2] });
  });

  test('exact before start before part; the name field before the id field', () => {
    const index = buildSearchIndex(createProject(), LAYERS);
    const hits = features(searchIndex(index, '城关'));
    // both start with 城关: the shorter name first; 东关村 lacks 城
    expect(hits.map((h) => h.text)).toEqual(['城关镇', '城关消防救援站']);
    expect(features(searchIndex(index, 'f1'))[0]).toMatchObject({ layerId: 'fireStations', field: 'id', ids: ['F1'] });
  });

  test('searchKey folds width, case, spaces and zero-width characters', () => {
    expect(searchKey(' Ｆ１ 号\u200b')).toBe('f1号');
  });
});

describe('coordinates typed in the search box', () => {
  test('longitude/latitude in either order', () => {
    expect(parseCoordinateQuery('114.5,38.0')).toEqual({ kind: 'position', lon: 114.5, lat: 38, system: 'lonlat' });
    expect(parseCoordinateQuery('38.0，114.5')).toEqual({ kind: 'position', lon: 114.5, lat: 38, system: 'lonlat' });
    expect(parseCoordinateQuery('114.5 38')).toMatchObject({ lon: 114.5, lat: 38 });
    expect(parseCoordinateQuery('114.5')).toBeNull();
    expect(parseCoordinateQuery('南环路 1')).toBeNull();
    expect(parseCoordinateQuery('200,100')).toBeNull();
  });

  test('a Gauss-Krüger easting with its 3° zone number (38 → 114°E) in either order', () => {
    const [e, n] = lonLatToGaussKruger(114.5, 38, 114);
    const p = parseCoordinateQuery(`${(38_000_000 + e).toFixed(3)},${n.toFixed(3)}`)!;
    expect(p).toMatchObject({ system: 'gk', centralMeridian: 114 });
    expect(p.lon).toBeCloseTo(114.5, 7);
    expect(p.lat).toBeCloseTo(38, 7);
    const q = parseCoordinateQuery(`${n.toFixed(3)} ${(38_000_000 + e).toFixed(3)}`)!;
    expect(q.lon).toBeCloseTo(114.5, 7);
  });

  test('a 6° zone number (20 → 117°E), and an easting without a zone takes the 3° zone nearest the project', () => {
    const [e6, n6] = lonLatToGaussKruger(116.2, 39.9, 117);
    expect(parseCoordinateQuery(`${20_000_000 + e6},${n6}`)).toMatchObject({ centralMeridian: 117 });
    const [e, n] = lonLatToGaussKruger(114.6, 38.7, 114);
    expect(parseCoordinateQuery(`${e},${n}`)).toBeNull();
    const p = parseCoordinateQuery(`${e},${n}`, [114.7, 38.6])!;
    expect(p.centralMeridian).toBe(114);
    expect(p.lon).toBeCloseTo(114.6, 7);
    expect(p.lat).toBeCloseTo(38.7, 7);
  });

  test('the search lists typed coordinates first', () => {
    const hits = searchIndex(buildSearchIndex(createProject(), LAYERS), '114.5, 38.5');
    expect(hits[0]).toEqual({ kind: 'position', lon: 114.5, lat: 38.5, system: 'lonlat' });
  });
});
