import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { downloadBytes, screenshot, useDemoApp, waitForProject } from './harness';
import { openXlsx } from '../support/xlsx-check';

// Session 20: project.json params name the fire model backup. Kindergartens are sited with mclp
// (the model select shows mclp), but the panel also said "changed from the default (mclp)" under
// it, and the kindergarten workbook's 说明 sheet listed model backup (and share 80, which mclp does
// not read) as what it was computed under.

const SLOW = 300_000;

/** Two townships, one road, a station and a kindergarten, two households; params: model backup, share 80 (lscp's). */
function writeCounty(): string {
  const dir = mkdtempSync(join(tmpdir(), 'siting-s20-'));
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const sq = (n: string, x0: number, x1: number) => ({ type: 'Feature', properties: { name: n }, geometry: { type: 'Polygon', coordinates: [[[x0, 39], [x1, 39], [x1, 39.01], [x0, 39.01], [x0, 39]]] } });
  const pt = (props: object, x: number, y: number) => ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [x, y] } });
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '模型县', region: '000000', params: { model: 'backup', share: 80 } }));
  writeFileSync(join(dir, 'townships.geojson'), fc([sq('甲乡', 116, 116.01), sq('乙镇', 116.01, 116.02)]));
  writeFileSync(join(dir, 'roads.geojson'), fc([{ type: 'Feature', properties: { class: '主干路', width_m: 12, name: '甲路' }, geometry: { type: 'LineString', coordinates: [[116, 39.005], [116.02, 39.005]] } }]));
  writeFileSync(join(dir, 'fire_stations.geojson'), fc([pt({ id: 'FS-01', name: '一站', status: 'existing', level: 'level1' }, 116.005, 39.005)]));
  writeFileSync(join(dir, 'kindergartens.geojson'), fc([pt({ id: 'K1', name: '甲园', ownership: 'public', township: '甲乡', capacity: 10 }, 116.005, 39.005)]));
  writeFileSync(join(dir, 'households.csv'), 'id,lon,lat,persons,township,children_3_5\nH1,116.005,39.0051,3,甲乡,1\nH2,116.0152,39.0051,2,乙镇,1\n');
  return dir;
}

describe('siting panel: the model that runs is the one shown', () => {
  const dir = writeCounty();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const app = useDemoApp(SLOW, { dataDir: () => dir });

  test('kindergarten with params model backup: select mclp, no "changed from default" under it, workbook 说明 without backup; fire: backup shown as changed', async () => {
    const p = app.main.page;
    await waitForProject(p);
    await p.getByTestId('panel-tab-siting').click();
    await p.getByTestId('siting-facility').selectOption('fire');
    expect(await p.getByTestId('siting-model').inputValue()).toBe('backup');
    await p.getByTestId('siting-model-changed').waitFor();
    await p.getByTestId('siting-facility').selectOption('kindergarten');
    expect(await p.getByTestId('siting-model').inputValue()).toBe('mclp');
    await p.getByTestId('siting-model-changed').waitFor({ state: 'detached' });
    await p.getByTestId('siting-run').click();
    // the run says the file's backup was not used
    await p.getByTestId('siting-warnings').locator('li[data-code="param-not-used"]', { hasText: '本次按 mclp 计算' }).waitFor({ timeout: 240_000 });
    await p.getByTestId('siting-export-xlsx').waitFor();
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('siting-export-xlsx').click()]);
    const about = openXlsx(new Uint8Array(await downloadBytes(download))).sheets.at(-1)!;
    expect(about.name).toBe('说明');
    expect(about.rows.flat().join(' ')).not.toContain('backup');
    expect(about.rows.flat().join(' ')).not.toContain('（share）');
    expect(about.rows).toContainEqual(['参数', '全部为默认值']);
    await p.getByTestId('siting-model').scrollIntoViewIfNeeded();
    await screenshot(p, 'siting-model-shown-s20');
  }, SLOW);
});
