import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { screenshot, useDemoApp, waitForProject } from './harness';

// Session 19: siting where every household is already reached. The panel showed "0 → …" figures
// and an optimal plan of no site without a word (the kindergarten siting showed no warning at all).
// The project also holds a share (lscp's) and a backup weight (the backup model's, fire only) that
// the default mclp siting does not read: they were unused without a word, now each is said.

const SLOW = 300_000;

/** Two townships, one road, one station and one kindergarten beside the two households (both reached, both within 300 m). */
function writeCoveredCounty(): string {
  const dir = mkdtempSync(join(tmpdir(), 'siting-s19-'));
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const sq = (n: string, x0: number, x1: number) => ({ type: 'Feature', properties: { name: n }, geometry: { type: 'Polygon', coordinates: [[[x0, 39], [x1, 39], [x1, 39.01], [x0, 39.01], [x0, 39]]] } });
  const pt = (props: object, x: number, y: number) => ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [x, y] } });
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '全覆盖县', region: '000000', params: { share: 80, 'backup-weight': 2 } }));
  writeFileSync(join(dir, 'townships.geojson'), fc([sq('甲乡', 116, 116.01), sq('乙镇', 116.01, 116.02)]));
  writeFileSync(join(dir, 'roads.geojson'), fc([{ type: 'Feature', properties: { class: '主干路', width_m: 12, name: '甲路' }, geometry: { type: 'LineString', coordinates: [[116, 39.005], [116.02, 39.005]] } }]));
  writeFileSync(join(dir, 'fire_stations.geojson'), fc([pt({ id: 'FS-01', name: '一站', status: 'existing', level: 'level1' }, 116.005, 39.005)]));
  writeFileSync(join(dir, 'kindergartens.geojson'), fc([pt({ id: 'K1', name: '甲园', ownership: 'public', township: '甲乡', capacity: 10 }, 116.005, 39.005)]));
  writeFileSync(join(dir, 'households.csv'), 'id,lon,lat,persons,township,children_3_5\nH1,116.005,39.0051,3,甲乡,1\nH2,116.0052,39.0051,2,甲乡,1\n');
  return dir;
}

describe('siting panel: fewer sites than asked for are said', () => {
  const dir = writeCoveredCounty();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const app = useDemoApp(SLOW, { dataDir: () => dir });

  test('kindergartens, then fire stations: 0 of 3 placed, warning fewer-sites above the figures; the params the run did not read named', async () => {
    const p = app.main.page;
    await waitForProject(p);
    await p.getByTestId('panel-tab-siting').click();
    for (const [facility, text, backupWhy] of [
      ['kindergarten', '要求新选址 3 处幼儿园，只选出 0 处', '只用于消防站选址，本次为幼儿园选址'],
      ['fire', '要求新选址 3 处消防站，只选出 0 处', '只用于 backup 模型，本次模型为 mclp'],
    ] as const) {
      await p.getByTestId('siting-facility').selectOption(facility);
      await p.getByTestId('siting-run').click();
      // the run's own warning (the previous facility's stays until the new result replaces it)
      const w = p.getByTestId('siting-warnings').locator('li[data-code="fewer-sites"]', { hasText: text });
      await w.waitFor({ timeout: 240_000 });
      expect(await p.getByTestId('siting-warnings').locator('li[data-code="fewer-sites"]').count()).toBe(1);
      const notUsed = await p.getByTestId('siting-warnings').locator('li[data-code="param-not-used"]').allTextContents();
      expect(notUsed).toEqual([
        expect.stringContaining('project.json 的 params.share（集合覆盖目标覆盖率（lscp：达到该比例所需最少站点））为 80 %：只用于 lscp 模型，本次模型为 mclp，未使用该值。'),
        expect.stringContaining(`project.json 的 params.backup-weight（双重覆盖权重（backup：第二个站可达时再计的份额））为 2：${backupWhy}，未使用该值。`),
      ]);
    }
    await p.getByTestId('siting-warnings').scrollIntoViewIfNeeded();
    await screenshot(p, 'siting-fewer-sites-s19');
  }, SLOW);
});
