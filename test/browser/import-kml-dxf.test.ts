import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp, waitForMapIdle, type AppPage } from './harness';

const SLOW = 240_000;
const FIX = resolve(import.meta.dirname, '../fixtures/import');
const fixture = (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(resolve(FIX, name)) });

/** Ids of one layer of the open project. */
async function ids(p: AppPage, layer: 'hydrants' | 'reservePlots'): Promise<string[]> {
  return p.page.evaluate((id) => {
    const l = window.__coverageStore!.getState().project.project!.layers[id];
    return l.kind === 'geojson' ? l.data.features.map((f) => String(f.properties?.id)) : [];
  }, layer);
}

/** Picks a file, keeps only the layer `source` (others skipped), sets mode and CRS, confirms. */
async function importOne(x: AppPage, file: string, source: string, target: string, mode: 'add' | 'replace', crs?: string, shot?: string): Promise<void> {
  const p = x.page;
  await p.getByTestId('open-files').setInputFiles([fixture(file)]);
  const dialog = p.getByTestId('foreign-dialog');
  await dialog.waitFor({ timeout: 30_000 });
  const layers = p.getByTestId('foreign-layer');
  for (let i = 0; i < (await layers.count()); i++) {
    const row = layers.nth(i);
    if ((await row.getAttribute('data-source')) !== source) await row.getByTestId('foreign-target').selectOption('');
  }
  const row = p.locator(`[data-testid="foreign-layer"][data-source="${source}"]`);
  expect(await row.getByTestId('foreign-target').inputValue()).toBe(target);
  await row.getByTestId('foreign-mode').selectOption(mode);
  if (crs) {
    await row.getByTestId('foreign-crs-input').fill(crs);
    await row.getByTestId('foreign-crs-input').blur();
  }
  if (shot) await screenshot(p, shot);
  await p.getByTestId('foreign-confirm').click();
  await dialog.waitFor({ state: 'detached' });
}

describe('import 奥维 KMZ and CAD DXF through the dialog', () => {
  const demo = useDemoApp(300_000, { expectClean: true, county: 'small' });

  test('the KMZ folder 消防设施/消防栓 is added to the hydrants with its Chinese attributes in the preview', async () => {
    const before = await ids(demo.main, 'hydrants');
    await demo.main.page.getByTestId('open-files').setInputFiles([fixture('奥维标注.kmz')]);
    await demo.main.page.getByTestId('foreign-dialog').waitFor({ timeout: 30_000 });
    const row = demo.main.page.locator('[data-testid="foreign-layer"][data-source="奥维标注.kmz/消防设施/消防栓"]');
    expect(await row.getByTestId('foreign-preview').textContent()).toContain('地上式消火栓');
    await demo.main.page.getByTestId('foreign-cancel').click();
    await demo.main.page.getByTestId('foreign-dialog').waitFor({ state: 'detached' });
    await importOne(demo.main, '奥维标注.kmz', '奥维标注.kmz/消防设施/消防栓', 'hydrants', 'add', undefined, 'import-kmz-dialog');
    const after = await ids(demo.main, 'hydrants');
    expect(after.length).toBe(before.length + 2);
    expect(after.slice(-2)).toEqual(['XF-001', 'XF-002']);
  }, SLOW);

  test('the DXF plots, in GK zone 38 chosen as EPSG:4526, replace the reserve plots', async () => {
    expect((await ids(demo.main, 'reservePlots')).length).toBeGreaterThan(3);
    await importOne(demo.main, '宗地图.dxf', '宗地图.dxf/宗地', 'reservePlots', 'replace', 'EPSG:4526', 'import-dxf-dialog');
    expect(await ids(demo.main, 'reservePlots')).toEqual(['DK-001', 'DK-002', 'DK-003']);
    await waitForMapIdle(demo.main.page);
    await screenshot(demo.main.page, 'import-dxf-replaced');
  }, SLOW);
});
