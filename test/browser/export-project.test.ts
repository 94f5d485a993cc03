import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { downloadBytes, openApp, screenshot, useAppServer, waitForProject, type AppPage } from './harness';

const SLOW = 300_000;

/** What a round trip must give back: the name, region, params, scenarios and each layer's count. */
function summary(p: AppPage) {
  return p.page.evaluate(() => {
    const project = window.__coverageStore!.getState().project.project!;
    const counts = Object.fromEntries(
      Object.entries(project.layers).map(([id, l]) => [id, l.kind === 'columns' ? l.count : l.data.features.length]),
    );
    return { name: project.name, region: project.region ?? null, params: project.params, scenarios: project.scenarios ?? null, counts };
  });
}

describe('导出项目: the open project out of the browser as its project folder (zip), and back in with 打开文件', () => {
  const server = useAppServer({ county: 'small' });

  test('a scenario copy and a changed parameter go out in project.json, every layer as its contract file, and a fresh browser opening the files, or the zip itself, gets the same project', async () => {
    const x = await openApp(server.app);
    try {
      const p = x.page;
      await waitForProject(p);
      // the user's own work: a scenario copied from 现状 and a parameter changed in it
      await p.getByTestId('scenario-name').fill('导出测试');
      await p.getByTestId('scenario-copy').click();
      await p.waitForFunction(() => window.__coverageStore!.getState().project.project?.scenarios?.list.some((s) => s.name === '导出测试'));
      await p.evaluate(() => window.__coverageStore!.getState().setParams({ 'coal-price': 1350 }));
      const before = await summary(x);
      expect(JSON.stringify([before.params, before.scenarios])).toContain('"coal-price":1350');

      const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('export-project').click()]);
      expect(download.suggestedFilename()).toBe(`${before.name}.zip`);
      const files = unzipSync(new Uint8Array(await downloadBytes(download)));
      const names = Object.keys(files).sort();
      // project.json and one contract file per layer that holds anything
      const withData = Object.entries(before.counts).filter(([, n]) => n > 0).map(([id]) => id);
      expect(names).toContain('project.json');
      expect(names.length).toBe(withData.length + 1);
      expect(names).toContain('households.csv');
      expect(names).toContain('roads.geojson');
      const json = JSON.parse(new TextDecoder().decode(files['project.json']));
      expect(json.name).toBe(before.name);
      expect(JSON.stringify([json.params, json.scenarios])).toContain('"coal-price":1350');
      expect(json.scenarios.list.map((s: { name: string }) => s.name)).toContain('导出测试');
      await screenshot(p, 'export-project');

      // another browser profile (nothing saved): the demo opens, then the exported files replace it
      const y = await openApp(server.app);
      try {
        await waitForProject(y.page);
        await y.page
          .getByTestId('open-files')
          .setInputFiles(names.map((name) => ({ name, mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/json', buffer: Buffer.from(files[name]) })));
        await y.page.waitForFunction(() => window.__coverageStore!.getState().project.project?.scenarios?.list.some((s) => s.name === '导出测试'), null, { timeout: 120_000 });
        await waitForProject(y.page);
        expect(await summary(y)).toEqual(before);
      } finally {
        await y.context.close();
      }

      // the zip itself, as downloaded: opened as the project too (not imported layer by layer)
      const z = await openApp(server.app);
      try {
        await waitForProject(z.page);
        await z.page.getByTestId('open-files').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/zip', buffer: Buffer.from(await downloadBytes(download)) });
        await z.page.waitForFunction(() => window.__coverageStore!.getState().project.project?.scenarios?.list.some((s) => s.name === '导出测试'), null, { timeout: 120_000 });
        await waitForProject(z.page);
        expect(await summary(z)).toEqual(before);
        expect(await z.page.getByTestId('foreign-dialog').count()).toBe(0);
      } finally {
        await z.context.close();
      }
    } finally {
      await x.context.close();
    }
  }, SLOW);
});
