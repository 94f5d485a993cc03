import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { loadLayerFile } from '../../layers/load/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('points outside China are named, not only counted', () => {
  test('households.csv: rows 2 and 4 at 0,0 and in Paris → outside-china names rows 2, 4', () => {
    const csv = 'id,lon,lat\nh1,0,0\nh2,114.7,38.6\nh3,2.35,48.85\n';
    const i = loadLayerFile(LAYERS.households, 'households.csv', enc(csv)).issues.filter((x) => x.code === 'outside-china');
    expect(i.map((x) => x.message.en)).toEqual(["2 rows lie outside China's bounding box (lon 73°–136°, lat 3°–54°) (row 2, 4); please check their coordinates."]);
    expect(i[0].message.zh).toBe('2 行位于中国范围（经度 73°–136°、纬度 3°–54°）之外（第 2、4 行），请检查坐标。');
  });

  test('hydrants.geojson: 7 features outside → the first 5 named, then "…"', () => {
    const pt = (lon: number) => ({ type: 'Feature', properties: { id: `H${lon}`, kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: [lon, 10] } });
    const text = JSON.stringify({ type: 'FeatureCollection', features: [1, 2, 3, 4, 5, 6, 7].map(pt) });
    const i = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', enc(text)).issues.filter((x) => x.code === 'outside-china');
    expect(i.map((x) => x.message.en)).toEqual(["7 features lie outside China's bounding box (lon 73°–136°, lat 3°–54°) (feature 1, 2, 3, 4, 5 …); please check their coordinates."]);
  });
});
