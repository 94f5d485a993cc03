import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../cli/commands/fire.ts';
import { fc, pt, road } from './fire-coverage-fixtures.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { openXlsx } from '../support/xlsx-check.ts';

const tempDir = tempDirs();

/** A project folder: one 4 km primary road, a built-up strip along it, an existing and a planned station, 3 households. */
function createProjectDir(): string {
  const dir = tempDir('fire-cli-');
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '测试县', params: { 'speed-primary': 36 } }));
  writeFileSync(join(dir, 'roads.geojson'), JSON.stringify(fc([road([[0, 0], [1000, 0], [2000, 0], [3000, 0], [4000, 0]], { class: '主干路' })])));
  const ring = [pt(0, -100), pt(4000, -100), pt(4000, 100), pt(0, 100), pt(0, -100)];
  writeFileSync(join(dir, 'built_up.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '城区' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
  const st = (id: string, x: number, status: string) => ({ type: 'Feature', properties: { id, name: id, level: 'level1', status }, geometry: { type: 'Point', coordinates: pt(x, 0) } });
  writeFileSync(join(dir, 'fire_stations.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [st('A', 0, 'existing'), st('B', 4000, '规划')] }));
  const h = (id: string, x: number, village: string) => `${id},${pt(x, 0)[0]},${pt(x, 0)[1]},${village},恒州镇,gas`;
  writeFileSync(join(dir, 'households.csv'), ['id,lon,lat,village,township,heating', h('h1', 500, '东村'), h('h2', 2500, '=HYPERLINK("x")'), h('h3', 3900, '西村')].join('\n'));
  return dir;
}

describe('analyze fire (CLI)', () => {
  test('writes fire-summary.json with the required figures, GeoJSON and a safe BOM CSV', async () => {
    const data = createProjectDir();
    const out = join(data, 'out');
    await run({ command: 'fire', data, out, options: { 'access-speed': '3.6', 'access-max': '100', 'walk-leg': 'true', 'compare-statuses': 'existing,planned' } });
    const s = JSON.parse(readFileSync(join(out, 'fire-summary.json'), 'utf8'));
    // Speed 36 km/h from project.json params; turnout 60 s; the walk leg on (--walk-leg true): built-up cells reached while 60 + x/10 + 50 ≤ 300 → 19 of 40 per row = 47.5 %.
    expect(s).toMatchObject({ thresholdMinutes: 5, turnoutMinutes: 1, coveredBuiltUpPct: 47.5, households: { total: 3, covered: 1, uncovered: 2 } });
    expect(s.builtUpAreaKm2).toBeCloseTo(0.8, 2);
    expect(s.coveredBuiltUpAreaKm2).toBeCloseTo(0.38, 2);
    expect(s.stations).toEqual([expect.objectContaining({ id: 'A', status: 'existing', districtLimitKm2: 7, households: 1 })]);
    expect(typeof s.stations[0].districtAreaKm2).toBe('number');
    // With the planned station B at x = 4000 (规划 → planned): h2 (2500) 60 + 150 = 210 s and h3 (3900) 70 s are reached.
    expect(s.compare.after.households.covered).toBe(3);
    expect(s.compare.after.coveredBuiltUpPct).toBeCloseTo(95, 5);
    expect(s.params.find((p: { key: string }) => p.key === 'threshold').source.zh).toMatch(/GB 51080/);
    const iso = JSON.parse(readFileSync(join(out, 'isochrones.geojson'), 'utf8'));
    expect(iso.features.map((f: { properties: { minutes: number } }) => f.properties.minutes)).toEqual([10, 8, 5, 3]);
    const districts = JSON.parse(readFileSync(join(out, 'districts.geojson'), 'utf8'));
    expect(districts.features).toHaveLength(1);
    const unc = JSON.parse(readFileSync(join(out, 'uncovered-households.geojson'), 'utf8'));
    expect(unc.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(['h2', 'h3']);
    const csv = readFileSync(join(out, 'uncovered-households.csv'), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });

  test('--compare-statuses writes the compared households not reached as a workbook too, the ids as text (was: only compare-uncovered-households.csv, which Excel opens as numbers)', async () => {
    const data = createProjectDir();
    // household h1 numbered as a ledger does: 000123 (a CSV opened in Excel shows 123)
    const hh = join(data, 'households.csv');
    writeFileSync(hh, readFileSync(hh, 'utf8').replace(/^h1,/m, '000123,'));
    const out = join(data, 'out');
    await run({ command: 'fire', data, out, options: { 'compare-statuses': 'planned' } });
    const csvIds = readFileSync(join(out, 'compare-uncovered-households.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);
    expect(csvIds).toEqual(['000123']);
    const sheet = openXlsx(new Uint8Array(readFileSync(join(out, 'compare-fire-coverage.xlsx')))).sheets.find((x) => x.name === '不可达农户')!;
    expect(sheet.rows.slice(1).map((r) => r[0])).toEqual(csvIds);
    // the main workbook keeps the figures of the stations counted first (existing: A)
    const main = openXlsx(new Uint8Array(readFileSync(join(out, 'fire-coverage.xlsx')))).sheets.find((x) => x.name === '不可达农户')!;
    expect(main.rows.slice(1).map((r) => r[0]).sort()).toEqual(['h2', 'h3']);
  });

  test('rejects an unknown option', async () => {
    const data = createProjectDir();
    await expect(run({ command: 'fire', data, out: join(data, 'out'), options: { thershold: '4' } })).rejects.toThrow(/unknown option --thershold/);
  });
});
