import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screenshot, useDemoApp } from './harness';

const ROADS = readFileSync(resolve(import.meta.dirname, '../fixtures/app/xss-project/roads.geojson'));

const SLOW = 300_000;

describe('analysis panels: cancel a long run, refuse a value out of range', () => {
  const demo = useDemoApp(SLOW);

  test('siting: cancel while it runs → the panel is idle again, no result, the worker gone, no console error', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-siting').click();
    const started = p.waitForEvent('worker', { predicate: (w) => w.url().includes('analysis.worker') });
    await p.getByTestId('siting-run').click();
    const worker = await started;
    await p.getByTestId('siting-progress').waitFor();
    const ended = worker.waitForEvent('close');
    expect(await p.getByTestId('siting-run').isDisabled()).toBe(true);
    await p.getByTestId('siting-cancel').click();
    await p.getByTestId('siting-progress').waitFor({ state: 'detached' });
    expect(await p.getByTestId('siting-run').isEnabled()).toBe(true);
    // the worker was ended, not left running in the background
    await ended;
    expect(await p.getByTestId('siting-figures').count()).toBe(0);
    expect(await p.getByTestId('siting-table').count()).toBe(0);
    expect(await p.locator('[data-testid="siting-panel"] [role="alert"]').count()).toBe(0);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);

  test('hydrants: a radius of -5 m is shown as refused next to the field and the run button is disabled', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-hydrants').click();
    await p.getByTestId('hydrant-radius').fill('-5');
    const error = p.getByTestId('hydrant-radius-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('输入框「消火栓保护半径」为 -5，超出允许范围：1–1000 m');
    expect(await p.getByTestId('hydrant-run').isDisabled()).toBe(true);
    await p.getByTestId('hydrant-radius').fill('150');
    await error.waitFor({ state: 'detached' });
    expect(await p.getByTestId('hydrant-run').isEnabled()).toBe(true);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);

  test('fire: a turnout of 6 min against the 5-minute threshold is refused next to the field, naming both; the run is disabled and the value is not committed', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-param-turnout').fill('6');
    const error = p.getByTestId('fire-param-turnout-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('输入框「出动时间（专职站）」为 6 min，应小于默认的 threshold（到达时限（自接警出动起））（5 min）：出动时间不短于到达时限，消防车没有行车时间，覆盖率将为 0');
    expect(await p.getByTestId('fire-run').isDisabled()).toBe(true);
    await screenshot(p, 'fire-turnout-over-threshold');
    await p.getByTestId('fire-param-turnout').press('Enter'); // commit: refused drafts stay drafts
    expect(await p.evaluate(() => window.__coverageStore!.getState().project.project?.params.turnout)).toBeUndefined();
    await p.getByTestId('fire-param-turnout').fill('1');
    await error.waitFor({ state: 'detached' });
    expect(await p.getByTestId('fire-run').isEnabled()).toBe(true);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);

  test('a project whose project.json sets turnout -1: reported in the import dialog and the layers panel, the fire panel lists it and will not run', async () => {
    const p = demo.main.page;
    const files = [
      { name: 'project.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: '参数测试县', params: { turnout: -1 } })) },
      { name: 'roads.geojson', mimeType: 'application/json', buffer: ROADS },
    ];
    await p.getByTestId('open-files').setInputFiles(files);
    // the import dialog says so before the project is replaced, as an error naming project.json and the key
    await p.getByTestId('import-dialog').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('import-issue').allTextContents()).toContain('错误 文件 project.json，字段 params.turnout：project.json 的 params.turnout（出动时间（专职站））为 -1，超出允许范围：0–30 min');
    await p.getByTestId('import-keep').click();
    await p.waitForFunction(() => window.__coverageStore!.getState().project.project?.name === '参数测试县', null, { timeout: 30_000 });
    await p.getByTestId('panel-tab-layers').click();
    expect(await p.getByTestId('validation-param').first().textContent()).toBe('project.json 的 params.turnout（出动时间（专职站））为 -1，超出允许范围：0–30 min');
    await p.getByTestId('panel-tab-fire').click();
    expect(await p.getByTestId('fire-project-params').textContent()).toContain('project.json 的 params.turnout（出动时间（专职站））为 -1，超出允许范围：0–30 min');
    expect(await p.getByTestId('fire-run').isDisabled()).toBe(true);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);

  test('a project.json with a params key nothing reads and scenario edits that do nothing: the import dialog and then the layers panel warn of each, naming project.json and the key / scenario edit', async () => {
    const p = demo.main.page;
    const station = { type: 'Feature', properties: { id: 'A', name: '城关站', level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } };
    const edits = [
      { op: 'remove', layer: 'fireStations', id: 'NOPE' },
      { op: 'status', layer: 'fireStations', id: 'A', status: '撤销' },
    ];
    const project = { name: '方案测试县', params: { turnout_time: 2 }, scenarios: { active: 'base', list: [{ id: 'base', name: '现状', edits: [] }, { id: 's1', name: '撤并方案', edits }] } };
    const files = [
      { name: 'project.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(project)) },
      { name: 'fire_stations.geojson', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [station] })) },
      { name: 'roads.geojson', mimeType: 'application/json', buffer: ROADS },
    ];
    await p.getByTestId('open-files').setInputFiles(files);
    // the import dialog lists the three findings before the project is replaced (importFindings)
    await p.getByTestId('import-dialog').waitFor({ timeout: 30_000 });
    const listed = await p.getByTestId('import-issue').allTextContents();
    expect(listed.filter((t) => t.includes('project.json') && /turnout_time|scenarios\.list\[1\]\.edits\[[01]\]/.test(t))).toHaveLength(3);
    await p.getByTestId('import-keep').click();
    await p.waitForFunction(() => window.__coverageStore!.getState().project.project?.name === '方案测试县', null, { timeout: 30_000 });
    await p.getByTestId('panel-tab-layers').click();
    const found = p.getByTestId('validation-project');
    await found.first().waitFor({ state: 'attached' });
    expect(await found.allTextContents()).toEqual([
      '文件 project.json，字段 params.turnout_time：没有哪项分析使用参数“turnout_time”，该值被忽略，分析使用默认值；是否应为“turnout”？',
      '文件 project.json，字段 scenarios.list[1].edits[0]：方案“撤并方案”的第 1 项修改针对消防救援站“NOPE”，但消防救援站图层中没有这个编号（可能是图层重新导入过）；这项修改不起作用。',
      '文件 project.json，字段 scenarios.list[1].edits[1].status：方案“撤并方案”的第 2 项修改把消防救援站“A”的状态设为“撤销”，不是以下之一：existing（现有）、planned（规划）、proposed（建议）；各项分析不会按任何状态计算它。',
    ]);
    expect(await found.evaluateAll((els) => els.map((e) => e.className))).toEqual(['issue-warning', 'issue-warning', 'issue-warning']);
    const summary = p.locator('[data-testid="validation"] > summary');
    expect(await summary.textContent()).toBe('校验：0 个错误，3 个警告');
    await summary.click();
    await screenshot(p, 'layers-project-findings');
    // the same findings in English
    await p.getByTestId('lang-switch').click();
    try {
      await p.waitForFunction(() => document.documentElement.lang === 'en');
      expect(await found.first().textContent()).toBe(
        'File project.json, field params.turnout_time: No analysis reads the parameter "turnout_time"; its value is ignored and the default used. Did you mean "turnout"?',
      );
      expect(await found.nth(1).textContent()).toMatch(/^File project\.json, field scenarios\.list\[1\]\.edits\[0\]: Edit 1 of scenario "撤并方案" is for Fire stations "NOPE"/);
    } finally {
      await p.getByTestId('lang-switch').click();
    }
    expect(demo.main.errors).toEqual([]);
  }, SLOW);
});
