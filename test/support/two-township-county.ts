import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The hand-worked two-township county of the batch tests (the same place as
 * test/analysis/household-townships.test.ts): 甲乡 lon 116.00–116.01, 乙镇 116.01–116.02, lat
 * 39.00–39.01; five households on lat 39.0052 at lon 116.002, 116.015, 116.004, 116.030 (outside
 * both) and 116.018, with the given `township` column (null: no such column).
 * - `fire`: a road through the households and a station on a road of its own 25 km away (nobody reached);
 * - `children`: one child aged 3–5 per household and one kindergarten in 甲乡 (10 places).
 */
export function writeTwoTownshipCounty(prov: string, name: string, townships: readonly string[] | null, opts: { fire?: boolean; children?: boolean } = {}): void {
  const dir = join(prov, name);
  mkdirSync(dir, { recursive: true });
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const square = (n: string, x0: number, x1: number) => ({ type: 'Feature', properties: { name: n }, geometry: { type: 'Polygon', coordinates: [[[x0, 39], [x1, 39], [x1, 39.01], [x0, 39.01], [x0, 39]]] } });
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name }));
  writeFileSync(join(dir, 'townships.geojson'), fc([square('甲乡', 116, 116.01), square('乙镇', 116.01, 116.02)]));
  if (opts.fire) {
    const road = (coordinates: number[][]) => ({ type: 'Feature', properties: { class: '主干路', width_m: 12 }, geometry: { type: 'LineString', coordinates } });
    writeFileSync(join(dir, 'roads.geojson'), fc([road([[115.999, 39.005], [116.031, 39.005]]), road([[116.2, 39.2], [116.21, 39.2]])]));
    writeFileSync(join(dir, 'fire_stations.geojson'), fc([{ type: 'Feature', properties: { id: 'FS-01', status: 'existing', level: 'level1' }, geometry: { type: 'Point', coordinates: [116.2, 39.2] } }]));
  }
  if (opts.children) {
    writeFileSync(join(dir, 'kindergartens.geojson'), fc([{ type: 'Feature', properties: { id: 'K1', name: '甲乡中心园', ownership: 'public', township: '甲乡', capacity: 10 }, geometry: { type: 'Point', coordinates: [116.002, 39.0052] } }]));
  }
  const head = ['id', 'lon', 'lat', ...(townships ? ['township'] : []), ...(opts.children ? ['children_3_5'] : [])];
  const rows = [116.002, 116.015, 116.004, 116.03, 116.018].map((x, i) => [`H${i + 1}`, x, 39.0052, ...(townships ? [townships[i]] : []), ...(opts.children ? [1] : [])].join(','));
  writeFileSync(join(dir, 'households.csv'), `${head.join(',')}\n${rows.join('\n')}\n`);
}
