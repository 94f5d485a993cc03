import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, screenshot, startApp, waitForMapIdle, type AppPage, type AppServer } from './harness';

const SLOW = 240_000;
const FIX = resolve(import.meta.dirname, '../fixtures/import');
const zip = () => ({ name: '县资源局数据.zip', mimeType: 'application/zip', buffer: readFileSync(resolve(FIX, '县资源局数据.zip')) });

/** Hydrant count of the open project, and whether the project object is the one seen last time. */
async function hydrants(p: AppPage): Promise<{ count: number; ids: string[]; same: boolean }> {
  return p.page.evaluate(() => {
    const project = window.__coverageStore!.getState().project.project!;
    const l = project.layers.hydrants;
    const w = window as unknown as { __project?: unknown };
    const same = w.__project === project;
    w.__project = project;
    const ids = l.kind === 'geojson' ? l.data.features.map((f) => String(f.properties?.id)) : [];
    return { count: ids.length, ids, same };
  });
}

/** Picks the zip, waits for the dialog, imports only its hydrant layer with the given mode. */
async function importHydrants(x: AppPage, mode: 'add' | 'replace', shot?: string): Promise<void> {
  const p = x.page;
  await p.getByTestId('open-files').setInputFiles([zip()]);
  const dialog = p.getByTestId('foreign-dialog');
  await dialog.waitFor({ timeout: 30_000 });
  const layers = p.getByTestId('foreign-layer');
  expect(await layers.count()).toBe(3);
  for (const source of ['县资源局数据.zip/plots_cm114.shp', '县资源局数据.zip/roads.shp']) {
    await p.locator(`[data-testid="foreign-layer"][data-source="${source}"] [data-testid="foreign-target"]`).selectOption('');
  }
  const h = p.locator('[data-testid="foreign-layer"][data-source="县资源局数据.zip/hydrants_zone38.shp"]');
  expect(await h.getByTestId('foreign-target').inputValue()).toBe('hydrants');
  await h.getByTestId('foreign-mode').selectOption(mode);
  expect(await h.getByTestId('foreign-crs').textContent()).toContain('第 38 带');
  // the GBK attributes are shown as Chinese text in the preview
  expect(await h.getByTestId('foreign-preview').textContent()).toContain('太行路（北段）');
  if (shot) await screenshot(p, shot);
  await p.getByTestId('foreign-confirm').click();
  await dialog.waitFor({ state: 'detached' });
}

describe('import a zipped GBK Shapefile through the dialog: add to a layer, then replace it', () => {
  let app: AppServer;
  let x: AppPage;

  beforeAll(async () => {
    app = await startApp();
    x = await openApp(app);
    await waitForMapIdle(x.page);
  }, 300_000);

  afterAll(async () => {
    expect(x.errors).toEqual([]);
    expect(x.externalRequests).toEqual([]);
    await app?.close();
  }, SLOW);

  test('取消 leaves the project as it was', async () => {
    const before = await hydrants(x);
    await x.page.getByTestId('open-files').setInputFiles([zip()]);
    await x.page.getByTestId('foreign-dialog').waitFor({ timeout: 30_000 });
    await x.page.getByTestId('foreign-cancel').click();
    await x.page.getByTestId('foreign-dialog').waitFor({ state: 'detached' });
    const after = await hydrants(x);
    expect(after.same).toBe(true);
    expect(after.count).toBe(before.count);
  }, SLOW);

  test('添加到图层 adds the four hydrants; 替换图层 then leaves only them', async () => {
    const before = await hydrants(x);
    expect(before.count).toBeGreaterThan(4);
    await importHydrants(x, 'add', 'import-shapefile-dialog');
    const added = await hydrants(x);
    expect(added.count).toBe(before.count + 4);
    expect(added.ids.slice(-4)).toEqual(['XHS-001', 'XHS-002', 'XHS-003', 'XHS-004']);
    await waitForMapIdle(x.page);
    await screenshot(x.page, 'import-shapefile-added');
    await importHydrants(x, 'replace');
    const replaced = await hydrants(x);
    expect(replaced.ids).toEqual(['XHS-001', 'XHS-002', 'XHS-003', 'XHS-004']);
    await waitForMapIdle(x.page);
    await screenshot(x.page, 'import-shapefile-replaced');
  }, SLOW);
});
