import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { downloadBytes, openApp, screenshot, useAppServer, waitForProject, type AppPage } from './harness';
import { importTaskSheet } from './work-helpers';

const SLOW = 300_000;
/** 150 + 720 + 2100 completed of 150 + 900 + 2540 + 200 (test/fixtures/db/task-progress-gbk.csv; test/db/ledger.test.ts). */
const TASK_SHARE = 2970 / 3790;

/** What a round trip must give back: the name, region, params, scenarios, import decisions, imported ledgers and each layer's count. */
function summary(p: AppPage) {
  return p.page.evaluate(() => {
    const project = window.__coverageStore!.getState().project.project!;
    const counts = Object.fromEntries(
      Object.entries(project.layers).map(([id, l]) => [id, l.kind === 'columns' ? l.count : l.data.features.length]),
    );
    return { name: project.name, region: project.region ?? null, params: project.params, scenarios: project.scenarios ?? null, imports: project.imports ?? null, tables: project.tables ?? null, counts };
  });
}

/** Every indicator card's value (data-value) once the figures are current, by card id. */
async function cardValues(p: AppPage): Promise<Record<string, string>> {
  const page = p.page;
  await page.getByTestId('panel-tab-indicators').click();
  await page.getByTestId('card-task_completion').waitFor({ timeout: 180_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="indicators-results"]')?.getAttribute('data-result-status') === 'current', null, { timeout: 180_000 });
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="card-"][data-value]')].map((e) => [e.getAttribute('data-testid')!, e.getAttribute('data-value')!])));
}

describe('导出项目: the open project out of the browser as its project folder (zip), and back in with 打开文件', () => {
  const server = useAppServer({ county: 'small' });

  test('a ledger import, a scenario with an added station, a changed parameter and an import decision go out in the zip; a fresh browser opening the zip gets the same project and the same indicator cards', async () => {
    const x = await openApp(server.app);
    try {
      const p = x.page;
      await waitForProject(p);
      // the user's own work: a task sheet imported in 指标 …
      await importTaskSheet(x);
      // … 方案A with an added fire station (what the fire panel's 采纳到方案 does), a parameter changed in it,
      // and an import decision remembered for a file (what the import dialog records)
      await p.evaluate(() => {
        const s = window.__coverageStore!.getState();
        s.scenarioAction('adopt', {
          newName: '方案A',
          edits: [{ op: 'add', layer: 'fireStations', id: 'NEW-1', lon: 114.75, lat: 38.6, properties: { name: '新增站点 1', status: 'proposed', level: 'level1' } }],
        });
        s.setParams({ 'coal-price': 1350 });
        const project = window.__coverageStore!.getState().project.project!;
        s.editProject({ ...project, imports: { ...project.imports, '消火栓.shp': { layer: 'hydrants', crs: 'EPSG:4526', encoding: 'gbk' } } });
      });
      // the figures with the changed price: 计算 (the panel marks them stale until then)
      await p.getByTestId('indicators-compute').click();
      const cards = await cardValues(x);
      expect(Number(cards['card-task_completion'])).toBeCloseTo(TASK_SHARE, 9);
      const before = await summary(x);
      expect(JSON.stringify([before.params, before.scenarios])).toContain('"coal-price":1350');
      expect(Object.keys(before.tables ?? {})).toEqual(['task_progress']);

      const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('export-project').click()]);
      expect(download.suggestedFilename()).toBe(`${before.name}.zip`);
      const bytes = await downloadBytes(download);
      const files = unzipSync(new Uint8Array(bytes));
      const names = Object.keys(files).sort();
      // project.json, one contract file per layer that holds anything, and the ledger
      const withData = Object.entries(before.counts).filter(([, n]) => n > 0).map(([id]) => id);
      expect(names.length).toBe(withData.length + 2);
      expect(names).toEqual(expect.arrayContaining(['project.json', 'households.csv', 'roads.geojson', '台账_task_progress.csv']));
      const json = JSON.parse(new TextDecoder().decode(files['project.json']));
      expect(json.tables).toEqual({ task_progress: { target: 'task_progress', file: '台账_task_progress.csv', source: 'task-progress-gbk.csv' } });
      await p.getByTestId('export-project').and(p.locator(':enabled')).waitFor();
      await screenshot(p, 'export-project');

      // another browser profile (nothing saved): the demo opens, then the downloaded zip replaces it as the project
      const z = await openApp(server.app);
      try {
        await waitForProject(z.page);
        await z.page.getByTestId('open-files').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/zip', buffer: bytes });
        await z.page.waitForFunction(() => window.__coverageStore!.getState().project.project?.scenarios?.list.some((s) => s.name === '方案A'), null, { timeout: 120_000 });
        await waitForProject(z.page);
        expect(await z.page.getByTestId('foreign-dialog').count()).toBe(0);
        expect(await summary(z)).toEqual(before);
        expect(await cardValues(z)).toEqual(cards);
        expect(z.errors).toEqual([]);
        expect(z.externalRequests).toEqual([]);
      } finally {
        await z.context.close();
      }
      expect(x.errors).toEqual([]);
      expect(x.externalRequests).toEqual([]);
    } finally {
      await x.context.close();
    }
  }, SLOW);
});
