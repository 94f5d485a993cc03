import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, pt, road } from '../analysis/fire-coverage-fixtures.ts';

/**
 * The fire-lane county of issue #13 (test/cli/fire-lanes-cli, test/workers/site-facilities-ledger):
 * a 2 km 36 km/h road along y = 0, a station at x = 0 (1 min turnout), households at x = 500 (110 s)
 * and x = 1800 (240 s); an open blocked lane L1 at x = 1500 cuts the road, so the second is not
 * reached until it is fixed (L2 at x = 300 is fixed: 已整改).
 * Written into `dir` as a project folder; returns `dir`.
 */
export function writeFireLanesCounty(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const fcw = (name: string, features: unknown[]) => writeFileSync(join(dir, name), JSON.stringify({ type: 'FeatureCollection', features }));
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '测试县', params: { 'speed-primary': 36 } }));
  writeFileSync(join(dir, 'roads.geojson'), JSON.stringify(fc([road([[0, 0], [2000, 0]], { class: '主干路' })])));
  const box = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]] });
  fcw('built_up.geojson', [{ type: 'Feature', properties: { name: '城区' }, geometry: box(0, -100, 2000, 100) }]);
  fcw('fire_stations.geojson', [{ type: 'Feature', properties: { id: 'A', name: '一站', level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: pt(0, 0) } }]);
  fcw('fire_lanes.geojson', [
    { type: 'Feature', properties: { id: 'L1', name: '东段', problem: '占用', status: '未整改', date: '2024-03-12' }, geometry: { type: 'Point', coordinates: pt(1500, 0) } },
    { type: 'Feature', properties: { id: 'L2', name: '西段', problem: '断头路', status: '已整改' }, geometry: { type: 'Point', coordinates: pt(300, 0) } },
  ]);
  fcw('fire_districts.geojson', [{ type: 'Feature', properties: { station: 'A', level: '一级站', location: '城区' }, geometry: box(0, -100, 2000, 100) }]);
  fcw('barriers.geojson', [{ type: 'Feature', properties: { name: '铁路A', kind: '铁路' }, geometry: { type: 'LineString', coordinates: [pt(1010, -500), pt(1010, 500)] } }]);
  const h = (id: string, x: number) => `${id},${pt(x, 0)[0]},${pt(x, 0)[1]}`;
  writeFileSync(join(dir, 'households.csv'), ['id,lon,lat', h('h1', 500), h('h2', 1800)].join('\n'));
  return dir;
}
