import { describe, expect, test } from 'vitest';
import type { Geometry } from 'geojson';
import type { LayerData, Project } from '../../layers/types';
import { LAYERS } from '../../layers/index';
import { LocalProjection } from '../../analysis/geo';
import { describeUnnamed } from '../../src/map/unnamed-place';

const P = new LocalProjection(114.5, 38.5);
const at = (x: number, y: number): [number, number] => [P.lon(x), P.lat(y)];

function createGeo(id: string, features: { props: Record<string, unknown>; geometry: Geometry }[]): LayerData {
  return { kind: 'geojson', id: id as never, data: { type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: f.props, geometry: f.geometry })) } } as LayerData;
}

/** 建设路 along y = 0; an unnamed road 200 m north of it; one township around both. */
function createProject(): Project {
  return {
    name: '测试县',
    params: {},
    layers: {
      townships: createGeo('townships', [{ props: { name: '东镇' }, geometry: { type: 'Polygon', coordinates: [[at(-2000, -2000), at(2000, -2000), at(2000, 2000), at(-2000, 2000), at(-2000, -2000)]] } }]),
      roads: createGeo('roads', [
        { props: { name: '建设路', class: 'primary' }, geometry: { type: 'LineString', coordinates: [at(-1000, 0), at(1000, 0)] } },
        { props: { name: '', class: 'residential' }, geometry: { type: 'LineString', coordinates: [at(0, 200), at(400, 200)] } },
      ]),
    } as Project['layers'],
  };
}

describe('a road without a name is described by where it is', () => {
  test('township, nearest named road with its distance, from–to coordinates', () => {
    const where = describeUnnamed(createProject(), LAYERS.roads, 1)!;
    const f = (v: number) => v.toFixed(5);
    expect(where.zh).toBe(`未命名道路：东镇，近 建设路（约 200 米），${f(P.lon(0))},${f(P.lat(200))}—${f(P.lon(400))},${f(P.lat(200))}`);
    expect(where.en).toMatch(/^Unnamed road near 建设路 \(about 200 m\), in 东镇, /);
  });

  test('a named road, or a layer that does not ask for it, gets no description', () => {
    expect(describeUnnamed(createProject(), LAYERS.roads, 0)).toBeNull();
    expect(describeUnnamed(createProject(), LAYERS.townships, 0)).toBeNull();
  });
});
