import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { run as runFire } from '../../cli/commands/fire.ts';
import { run as runPlots } from '../../cli/commands/plots.ts';
import { run as runRules } from '../../cli/commands/rules.ts';
import { run as runSite } from '../../cli/commands/site.ts';
import { FIRE_BORDER_FILE, runFireBorder } from '../../cli/batch/fire-border.ts';
import { run as runUncovered } from '../../cli/commands/uncovered.ts';
import { fc, pt, road } from '../analysis/fire-coverage-fixtures.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

// Issue #13: `analyze fire` and `analyze rules` read fire_lanes.geojson, fire_districts.geojson and
// barriers.geojson from a project folder. Hand county: a 2 km 36 km/h road along y = 0, a station at
// x = 0 (1 min turnout), households at x = 500 (110 s) and x = 1800 (240 s); an open blocked lane at
// x = 1500 cuts the road, so the second is not reached until it is fixed.
function createProjectDir(dir = tempDir('fire-lanes-cli-')): string {
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

describe('fire-lane ledger, official districts and barriers through the CLI', () => {
  test('analyze fire: the open lane cuts h2 off; fire-lanes.csv says fixing L1 adds 1 household', async () => {
    const data = createProjectDir();
    const out = join(data, 'out');
    await runFire({ command: 'fire', data, out, options: {} });
    const s = JSON.parse(readFileSync(join(out, 'fire-summary.json'), 'utf8'));
    expect(s.households).toMatchObject({ total: 2, covered: 1 });
    expect(s.fireLanes.open).toBe(1);
    expect(s.fireLanes.losses).toEqual([expect.objectContaining({ id: 'L1', roads: 1, households: 1 })]);
    const csv = readFileSync(join(out, 'fire-lanes.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(/^L1,东段,占用堵塞,1,1,/);
    const zip = unzipSync(new Uint8Array(readFileSync(join(out, 'fire-coverage.xlsx'))));
    expect(strFromU8(zip['xl/workbook.xml'])).toContain('消防车通道问题');
    expect(strFromU8(zip['xl/sharedStrings.xml'])).toContain('东段');
  });

  test('analyze uncovered: the fire reach honours the ledger too (h2 beyond the open lane is not reached)', async () => {
    const data = createProjectDir();
    const out = join(data, 'out-uncovered');
    await runUncovered({ command: 'uncovered', data, out, options: {} });
    const u = JSON.parse(readFileSync(join(out, 'uncovered.json'), 'utf8'));
    expect(u.services.fire).toMatchObject({ uncovered: 1 });
  });

  test('analyze rules: FIRE-07 names the railway, FIRE-09 lists L1 only, the method names the official district', async () => {
    const data = createProjectDir();
    const out = join(data, 'out-rules');
    await runRules({ command: 'rules', data, out, options: {} });
    const j = JSON.parse(readFileSync(join(out, 'rules.json'), 'utf8'));
    const r = (id: string) => j.rules.find((x: { id: string }) => x.id === id);
    expect(j.method.en).toContain('1 official district(s)');
    expect(r('FIRE-07').status).toBe('fail');
    expect(r('FIRE-07').objects[0].why.zh).toContain('铁路干线“铁路A”');
    expect(r('FIRE-09').objects.map((o: { id: string }) => o.id)).toEqual(['L1']);
    // the official district 0–2 km: the cells beyond the cut at 1505 m are not reached by A
    expect(r('FIRE-03').status).toBe('fail');
    const objects = readFileSync(join(out, 'rules-objects.csv'), 'utf8');
    expect(objects).toContain('FIRE-09');
  });

  // session 18: siting and the reserve-plot review read the ledger too (they drove through L1 before)
  test('analyze site: the figures before the picks are those of analyze fire (h2 beyond the open lane not reached)', async () => {
    const data = createProjectDir();
    const out = join(data, 'out-site');
    await runSite({ command: 'site', data, out, options: { facility: 'fire', count: '1', 'candidate-area': 'built-up' } });
    const s = JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8'));
    expect(s.before).toMatchObject({ householdsTotal: 2, householdsCovered: 1 });
  });

  test('analyze plots: a residential plot around h2 is outside the 5-minute reach while L1 is open', async () => {
    const data = createProjectDir();
    const ring = [[1780, -20], [1820, -20], [1820, 20], [1780, 20], [1780, -20]].map(([x, y]) => pt(x, y));
    writeFileSync(join(data, 'reserve_plots.geojson'), JSON.stringify(fc([{ type: 'Feature', properties: { id: 'R1', name: '东地块', area_mu: 2.4, use: '住宅' }, geometry: { type: 'Polygon', coordinates: [ring] } }])));
    const out = join(data, 'out-plots');
    await runPlots({ command: 'plots', data, out, options: {} });
    const j = JSON.parse(readFileSync(join(out, 'plot-review.json'), 'utf8'));
    expect(j.rows.map((r: { id: string; fireReachShare: number }) => [r.id, r.fireReachShare])).toEqual([['R1', 0]]);
  });

  test('batch --border-km: the cross-border run cuts the joined roads at the open problems, the county’s own and a neighbour’s', async () => {
    const prov = tempDir('fire-lanes-border-');
    const own = createProjectDir(join(prov, 'x'));
    const border = (km: number) => {
      const out = join(prov, `out-${km}`);
      return runFireBorder({ county: 'x', data: own, province: prov, counties: ['nb', 'x'], out, km, options: {} }).then(() => JSON.parse(readFileSync(join(out, FIRE_BORDER_FILE), 'utf8')));
    };
    // 0 km: the fire command's own figure (h2 beyond L1 not reached)
    expect((await border(0)).own.households).toMatchObject({ total: 2, covered: 1 });
    // the county's ledger gone, a neighbour's (a road and an open problem on the county's road, within 1 km) cuts it instead
    unlinkSync(join(own, 'fire_lanes.geojson'));
    expect((await border(0)).own.households.covered).toBe(2);
    const nb = join(prov, 'nb');
    mkdirSync(nb);
    writeFileSync(join(nb, 'roads.geojson'), JSON.stringify(fc([road([[0, 600], [2000, 600]], { class: '主干路' })])));
    writeFileSync(join(nb, 'fire_lanes.geojson'), JSON.stringify(fc([{ type: 'Feature', properties: { id: 'N1', name: '邻县段', problem: '占用', status: '未整改' }, geometry: { type: 'Point', coordinates: pt(1500, 0) } }])));
    const j = await border(1);
    expect(j.neighbours).toEqual([{ county: 'nb', roads: 1, stations: 0, laneProblems: 1 }]);
    expect(j.own.households.covered).toBe(1);
  });
});
