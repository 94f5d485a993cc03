import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp, waitForMapIdle, type AppPage } from './harness';

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

/** Undoes the page's last edits until the hydrant layer is the demo's own object again. */
async function undoTo(x: AppPage, count: number, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await x.page.getByTestId('history-undo').click();
  await expect.poll(async () => (await hydrants(x)).count, { timeout: 30_000 }).toBe(count);
}

// One page of the demo county for the four dialog tests (a demo load is ≈ 6 s of CPU): each test
// undoes its imports, so the next one starts from the demo's hydrants.
describe('import a zipped GBK Shapefile through the dialog: add to a layer, then replace it; GCJ-02 and the encoding', () => {
  const demo = useDemoApp(300_000, { expectClean: true, county: 'small' });

  test('取消 leaves the project as it was', async () => {
    const before = await hydrants(demo.main);
    await demo.main.page.getByTestId('open-files').setInputFiles([zip()]);
    await demo.main.page.getByTestId('foreign-dialog').waitFor({ timeout: 30_000 });
    await demo.main.page.getByTestId('foreign-cancel').click();
    await demo.main.page.getByTestId('foreign-dialog').waitFor({ state: 'detached' });
    const after = await hydrants(demo.main);
    expect(after.same).toBe(true);
    expect(after.count).toBe(before.count);
  }, SLOW);

  test('添加到图层 adds the four hydrants; 替换图层 then leaves only them', async () => {
    const before = await hydrants(demo.main);
    expect(before.count).toBeGreaterThan(4);
    await importHydrants(demo.main, 'add', 'import-shapefile-dialog');
    const added = await hydrants(demo.main);
    expect(added.count).toBe(before.count + 4);
    // the county has XHS-001 … already: re-keyed at import, as reloading the saved project would
    expect(added.ids.slice(-4)).toEqual(['XHS-001#2', 'XHS-002#2', 'XHS-003#2', 'XHS-004#2']);
    await waitForMapIdle(demo.main.page);
    await screenshot(demo.main.page, 'import-shapefile-added');
    await importHydrants(demo.main, 'replace');
    const replaced = await hydrants(demo.main);
    expect(replaced.ids).toEqual(['XHS-001', 'XHS-002', 'XHS-003', 'XHS-004']);
    await waitForMapIdle(demo.main.page);
    await screenshot(demo.main.page, 'import-shapefile-replaced');
    // undo both imports: the demo's hydrants again
    await undoTo(demo.main, before.count, 2);
  }, SLOW);

  test('高德 points: the offset is named with its road distances, converted only when ticked', async () => {
    const p = demo.main.page;
    const before = await hydrants(demo.main);
    await p.getByTestId('open-files').setInputFiles([{ name: '高德消火栓.csv', mimeType: 'text/csv', buffer: readFileSync(resolve(FIX, '高德消火栓.csv')) }]);
    await p.getByTestId('foreign-dialog').waitFor({ timeout: 30_000 });
    const offset = p.getByTestId('foreign-offset');
    expect(await offset.textContent()).toContain('GCJ-02（高德/腾讯）');
    expect(await p.getByTestId('foreign-offset-convert').isChecked()).toBe(false);
    await p.getByTestId('foreign-offset-convert').check();
    await screenshot(p, 'import-gcj02-question');
    await p.getByTestId('foreign-confirm').click();
    await p.getByTestId('foreign-dialog').waitFor({ state: 'detached' });
    const after = await p.evaluate(() => {
      const s = window.__coverageStore!.getState().project.project!;
      const l = s.layers.hydrants;
      const f = l.kind === 'geojson' ? l.data.features : [];
      return { n: f.length, first: (f[0].geometry as { coordinates: number[] }).coordinates, added: (f[f.length - 12].geometry as { coordinates: number[] }).coordinates, memory: s.imports?.['高德消火栓.csv'] };
    });
    expect(after.n).toBe(before.count + 12);
    // GD-XHS-001 is the demo's XHS-001 collected on 高德: converted back, it lands on it (< 1 m)
    const m = Math.hypot((after.added[0] - after.first[0]) * 111_320 * Math.cos((after.first[1] * Math.PI) / 180), (after.added[1] - after.first[1]) * 111_320);
    expect(m).toBeLessThan(1);
    expect(after.memory).toMatchObject({ layer: 'hydrants', offset: 'gcj02' });
    await undoTo(demo.main, before.count, 1);
  }, SLOW);

  test('the encoding override shows the attribute text as it would be imported', async () => {
    const p = demo.main.page;
    await p.getByTestId('open-files').setInputFiles([zip()]);
    await p.getByTestId('foreign-dialog').waitFor({ timeout: 30_000 });
    const h = p.locator('[data-testid="foreign-layer"][data-source="县资源局数据.zip/hydrants_zone38.shp"]');
    expect(await h.getByTestId('foreign-preview').textContent()).toContain('消防水鹤');
    await p.getByTestId('foreign-encoding').selectOption('big5');
    // read again in the worker: the preview changes when that read is done
    await expect.poll(() => h.getByTestId('foreign-preview').textContent(), { timeout: 30_000 }).not.toContain('消防水鹤');
    await p.getByTestId('foreign-encoding').selectOption('gbk');
    await expect.poll(() => h.getByTestId('foreign-preview').textContent(), { timeout: 30_000 }).toContain('消防水鹤');
    await p.getByTestId('foreign-cancel').click();
    await p.getByTestId('foreign-dialog').waitFor({ state: 'detached' });
  }, SLOW);
});
