// Audit of issue #11's "a browser test imports each fixture through the dialog, adding to and
// replacing layers": the fixtures the other browser files do not pick (the loose Shapefile parts
// picked together, the Excel hydrant list, both boundary-point tables, the 高德 kindergartens, the
// GBK KML, an old .xls) go through the dialog here, each adding to or replacing its layer.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp, type AppPage } from './harness';

const SLOW = 240_000;
const FIX = resolve(import.meta.dirname, '../fixtures/import');
const fixture = (path: string) => ({ name: path.split('/').pop()!, mimeType: 'application/octet-stream', buffer: readFileSync(resolve(FIX, path)) });

type Layer = 'hydrants' | 'reservePlots' | 'kindergartens';
async function ids(x: AppPage, layer: Layer): Promise<string[]> {
  return x.page.evaluate((id) => {
    const l = window.__coverageStore!.getState().project.project!.layers[id];
    return l.kind === 'geojson' ? l.data.features.map((f) => String(f.properties?.id)) : [];
  }, layer);
}

/** Picks the files, keeps only `source` (others skipped), sets mode (and CRS), confirms. */
async function importVia(x: AppPage, files: ReturnType<typeof fixture>[], source: string, target: Layer, mode: 'add' | 'replace', opts: { crs?: string; crsText?: string; shot?: string } = {}): Promise<void> {
  const p = x.page;
  await p.getByTestId('open-files').setInputFiles(files);
  const dialog = p.getByTestId('foreign-dialog');
  await dialog.waitFor({ timeout: 60_000 });
  const layers = p.getByTestId('foreign-layer');
  for (let i = 0; i < (await layers.count()); i++) {
    const row = layers.nth(i);
    if ((await row.getAttribute('data-source')) !== source) await row.getByTestId('foreign-target').selectOption('');
  }
  const row = p.locator(`[data-testid="foreign-layer"][data-source="${source}"]`);
  expect(await row.getByTestId('foreign-target').inputValue()).toBe(target);
  await row.getByTestId('foreign-mode').selectOption(mode);
  if (opts.crsText) expect(await row.getByTestId('foreign-crs').textContent()).toContain(opts.crsText);
  if (opts.crs) {
    await row.getByTestId('foreign-crs-input').fill(opts.crs);
    await row.getByTestId('foreign-crs-input').blur();
  }
  if (opts.shot) await screenshot(p, opts.shot);
  await p.getByTestId('foreign-confirm').click();
  await dialog.waitFor({ state: 'detached' });
}

describe('each remaining fixture through the dialog, added or replacing', () => {
  const demo = useDemoApp(300_000, { expectClean: true, county: 'small' });

  test('the loose .shp/.shx/.dbf/.prj/.cpg of GK CM 114°E (no zone number), picked together, are added to the hydrants', async () => {
    const before = await ids(demo.main, 'hydrants');
    const parts = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => fixture(`shp/hydrants_cm114.${e}`));
    await importVia(demo.main, parts, 'hydrants_cm114.shp', 'hydrants', 'add', { crsText: '114' });
    const after = await ids(demo.main, 'hydrants');
    expect(after.length).toBe(before.length + 4);
    // the small county has XHS-001 … already (unless the Excel test replaced them first): an id the
    // layer holds is re-keyed at import, as reloading the saved project would
    const want = ['XHS-001', 'XHS-002', 'XHS-003', 'XHS-004'].map((id) => (before.includes(id) ? `${id}#2` : id));
    expect(after.slice(-4)).toEqual(want);
  }, SLOW);

  test('the Excel hydrant list (经度/纬度) replaces the hydrants', async () => {
    await importVia(demo.main, [fixture('消防栓台账.xlsx')], '消防栓台账.xlsx', 'hydrants', 'replace', { shot: 'import-xlsx-dialog' });
    expect(await ids(demo.main, 'hydrants')).toEqual(['SJ-101', 'SJ-102', 'SJ-103', 'SJ-104']);
  }, SLOW);

  test('the boundary-point table in Excel is added to the reserve plots (GK zone 38 chosen), the 坐标交换格式 file then replaces them', async () => {
    const before = await ids(demo.main, 'reservePlots');
    await importVia(demo.main, [fixture('界址点坐标表.xlsx')], '界址点坐标表.xlsx/界址点', 'reservePlots', 'add', { crs: 'EPSG:4526' });
    const added = await ids(demo.main, 'reservePlots');
    expect(added.length).toBe(before.length + 3);
    expect(added.slice(-3)).toEqual(['DK-001', 'DK-002', 'DK-003']);
    // the exchange format states its CRS and names the use 地块用途 (mapped to 规划用途 without a hand)
    await importVia(demo.main, [fixture('界址点-交换格式.txt')], '界址点-交换格式.txt', 'reservePlots', 'replace', { crsText: '38' });
    expect(await ids(demo.main, 'reservePlots')).toEqual(['DK-001', 'DK-002']);
  }, SLOW);

  test('the 高德 kindergartens are added, then the GBK KML replaces the kindergartens', async () => {
    const before = await ids(demo.main, 'kindergartens');
    await importVia(demo.main, [fixture('高德采集幼儿园.csv')], '高德采集幼儿园.csv', 'kindergartens', 'add');
    const added = await ids(demo.main, 'kindergartens');
    expect(added.length).toBe(before.length + 3);
    expect(added.slice(-3)).toEqual(['YEY-101', 'YEY-102', 'YEY-103']);
    await importVia(demo.main, [fixture('幼儿园-gbk.kml')], '幼儿园-gbk.kml/幼儿园', 'kindergartens', 'replace');
    expect((await ids(demo.main, 'kindergartens')).length).toBe(1);
  }, SLOW);

  test('an old .xls (Excel 97–2003) is refused with what to do; nothing to confirm, the project unchanged', async () => {
    const p = demo.main.page;
    await p.evaluate(() => {
      (window as unknown as { __before: unknown }).__before = window.__coverageStore!.getState().project.project;
    });
    const bytes = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
    await p.getByTestId('open-files').setInputFiles([{ name: '消防栓台账（旧）.xls', mimeType: 'application/vnd.ms-excel', buffer: bytes }]);
    const dialog = p.getByTestId('foreign-dialog');
    await dialog.waitFor({ timeout: 60_000 });
    const issue = p.locator('[data-testid="foreign-issue"][data-code="xls-old-format"]');
    expect(await issue.textContent()).toContain('消防栓台账（旧）.xls');
    expect(await issue.textContent()).toContain('另存为” .xlsx');
    expect(await p.getByTestId('foreign-confirm').count()).toBe(0);
    await screenshot(p, 'import-xls-refused');
    await p.getByTestId('foreign-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await p.evaluate(() => (window as unknown as { __before: unknown }).__before === window.__coverageStore!.getState().project.project)).toBe(true);
  }, SLOW);
});
