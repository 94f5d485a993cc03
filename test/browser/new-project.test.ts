// 新建项目 (session 15 walk): a county that is not the demo starts from an empty project, not by
// importing its files into the demo's layers (there was no way to leave the demo but a project.json).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openApp, savedWorkRecord, screenshot, useAppServer, waitForMapIdle } from './harness';

const FIX = resolve(import.meta.dirname, '../fixtures/walk-county/out');

/** The open project's name and the feature count of each GeoJSON layer. */
async function project(page: import('playwright-core').Page): Promise<{ name?: string; counts: Record<string, number> }> {
  return page.evaluate(() => {
    const p = window.__coverageStore!.getState().project.project;
    const counts: Record<string, number> = {};
    for (const [id, l] of Object.entries(p?.layers ?? {})) counts[id] = l.kind === 'geojson' ? l.data.features.length : l.count;
    return { name: p?.name, counts };
  });
}

describe('新建项目: an empty project with the county\'s name, its files imported one by one, kept over a reload', () => {
  const server = useAppServer({ county: 'small' });

  test('Esc closes the dialog and nothing changes; 新建 opens an empty project; a GDAL XLSX of stations goes into it; reload keeps it', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    const demo = await project(p);
    expect(demo.counts.roads).toBeGreaterThan(0);

    await p.getByTestId('new-project').click();
    await p.getByTestId('new-project-dialog').waitFor();
    await p.keyboard.press('Escape');
    await p.getByTestId('new-project-dialog').waitFor({ state: 'detached' });
    expect(await project(p)).toEqual(demo);

    await p.getByTestId('new-project').click();
    await p.getByTestId('new-project-name').fill('石岭县');
    await screenshot(p, 'new-project-dialog');
    await p.getByTestId('new-project-ok').click();
    await expect.poll(async () => (await project(p)).name, { timeout: 60_000 }).toBe('石岭县');
    const empty = await project(p);
    expect(Object.values(empty.counts).every((n) => n === 0)).toBe(true);
    expect(await p.locator('.app-header h1 small').textContent()).toContain('石岭县');

    // the county's stations, as GDAL wrote them (XLSX, Chinese headers): 车辆数 is suggested for vehicles
    await p.getByTestId('open-files').setInputFiles([resolve(FIX, '消防站.xlsx')]);
    await p.getByTestId('foreign-dialog').waitFor();
    expect(await p.getByTestId('foreign-target').inputValue()).toBe('fireStations');
    expect(await p.getByTestId('foreign-field-vehicles').inputValue()).toBe('车辆数');
    await p.getByTestId('foreign-confirm').click();
    await p.getByTestId('foreign-dialog').waitFor({ state: 'detached' });
    await expect.poll(async () => (await project(p)).counts.fireStations, { timeout: 60_000 }).toBe(5);
    await expect.poll(() => savedWorkRecord<number>(p, 'coverage-planner/v1/layer/fireStations', 'data.features.length'), { timeout: 60_000 }).toBe(5);

    await p.reload();
    await expect.poll(async () => (await project(p)).name, { timeout: 120_000 }).toBe('石岭县');
    const after = await project(p);
    expect(after.counts.fireStations).toBe(5);
    expect(after.counts.roads).toBe(0); // not the demo's roads
    const first = await p.evaluate(() => {
      const l = window.__coverageStore!.getState().project.project!.layers.fireStations;
      return l.kind === 'geojson' ? l.data.features[0].properties : null;
    });
    expect(first).toMatchObject({ id: 'XFZ-01', name: '城关消防救援站', level: 'level1', status: 'existing', vehicles: 6 });
    expect(x.externalRequests).toEqual([]);
  }, 300_000);

  test('行政区划代码: 5 digits are refused with a message (zh, en); 130634 is saved as region and shown in the title; 项目信息 changes it as one undoable edit', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    const region = () => p.evaluate(() => window.__coverageStore!.getState().project.project?.region ?? null);
    // the small test county is made as Quyang's (130634): the title shows it
    expect(await p.getByTestId('project-region').textContent()).toBe('（130634）');
    await p.getByTestId('new-project').click();
    await p.getByTestId('new-project-name').fill('石岭县');
    await p.getByTestId('new-project-region').fill('13063');
    await p.getByTestId('new-project-ok').click();
    // refused: the dialog stays, the message names the rule
    expect(await p.getByTestId('new-project-region-help').textContent()).toBe('行政区划代码应为 6 位数字（GB/T 2260，如曲阳县 130634），或留空；“13063”不是');
    expect(await p.getByTestId('new-project-region').getAttribute('aria-invalid')).toBe('true');
    // the language button is behind the modal dialog: switch through the store
    await p.evaluate(() => window.__coverageStore!.getState().setLang('en'));
    expect(await p.getByTestId('new-project-region-help').textContent()).toBe('A region code is 6 digits (GB/T 2260, e.g. 130634 for Quyang County), or empty; "13063" is not one');
    await screenshot(p, 'new-project-region-refused-en');
    await p.evaluate(() => window.__coverageStore!.getState().setLang('zh'));
    await p.getByTestId('new-project-region').fill('１３０６３４'); // full-width digits, as a Chinese IME types them
    await p.getByTestId('new-project-ok').click();
    await expect.poll(async () => (await project(p)).name, { timeout: 60_000 }).toBe('石岭县');
    expect(await region()).toBe('130634');
    expect(await p.getByTestId('project-region').textContent()).toBe('（130634）');

    await p.getByTestId('project-info').click();
    expect(await p.getByTestId('new-project-name').inputValue()).toBe('石岭县');
    expect(await p.getByTestId('new-project-region').inputValue()).toBe('130634');
    await p.getByTestId('new-project-region').fill('130102');
    await screenshot(p, 'project-info-dialog');
    await p.getByTestId('new-project-ok').click();
    await p.getByTestId('new-project-dialog').waitFor({ state: 'detached' });
    expect(await region()).toBe('130102');
    expect(await p.getByTestId('project-region').textContent()).toBe('（130102）');
    await expect.poll(() => savedWorkRecord<string>(p, 'coverage-planner/v1/meta', 'region'), { timeout: 60_000 }).toBe('130102');
    // one undo step back to 130634; emptied, the field removes the region
    await p.getByTestId('history-undo').click();
    expect(await region()).toBe('130634');
    await p.getByTestId('project-info').click();
    await p.getByTestId('new-project-region').fill('');
    await p.getByTestId('new-project-ok').click();
    await p.getByTestId('new-project-dialog').waitFor({ state: 'detached' });
    expect(await region()).toBe(null);
    expect(await p.getByTestId('project-region').textContent()).toBe(' · 未填区划代码');
    expect(x.externalRequests).toEqual([]);
  }, 300_000);
});
