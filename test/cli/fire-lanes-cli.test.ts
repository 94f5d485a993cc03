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
import { writeFireLanesCounty } from '../support/fire-lanes-county.ts';

const tempDir = tempDirs();

// Issue #13: `analyze fire` and `analyze rules` read fire_lanes.geojson, fire_districts.geojson and
// barriers.geojson from a project folder: the hand county of test/support/fire-lanes-county.ts (an
// open blocked lane L1 at x = 1500 cuts the road, so the household at x = 1800 is not reached).
function createProjectDir(dir = tempDir('fire-lanes-cli-')): string {
  return writeFireLanesCounty(dir);
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
