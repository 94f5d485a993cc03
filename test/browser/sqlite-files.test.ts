import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp, waitForMapIdle, type AppPage } from './harness';

const SLOW = 240_000;
const FIX = resolve(import.meta.dirname, '../fixtures');
const gpkg = () => ({ name: '县资源局数据.gpkg', mimeType: 'application/geopackage+sqlite3', buffer: readFileSync(resolve(FIX, 'import/gpkg/县资源局数据.gpkg')) });
const mbtiles = () => ({ name: 'county.mbtiles', mimeType: 'application/octet-stream', buffer: readFileSync(resolve(FIX, 'sqlite/county.mbtiles')) });

/** Hydrant ids of the open project. */
async function hydrantIds(p: AppPage): Promise<string[]> {
  return p.page.evaluate(() => {
    const l = window.__coverageStore!.getState().project.project!.layers.hydrants;
    return l.kind === 'geojson' ? l.data.features.map((f) => String(f.properties?.id)) : [];
  });
}

describe('SQLite files: a GeoPackage through the import dialog, an .mbtiles basemap', () => {
  const demo = useDemoApp(300_000, { expectClean: true, county: 'small' });

  test('the GeoPackage lists its three layers; 消防栓 (GK zone 38) is added to the hydrants with its Chinese attributes', async () => {
    const p = demo.main.page;
    const before = await hydrantIds(demo.main);
    await p.getByTestId('open-files').setInputFiles([gpkg()]);
    const dialog = p.getByTestId('foreign-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    const layers = p.getByTestId('foreign-layer');
    expect(await layers.count()).toBe(3);
    for (const source of ['县资源局数据.gpkg/储备地块', '县资源局数据.gpkg/道路']) {
      await p.locator(`[data-testid="foreign-layer"][data-source="${source}"] [data-testid="foreign-target"]`).selectOption('');
    }
    const h = p.locator('[data-testid="foreign-layer"][data-source="县资源局数据.gpkg/消防栓"]');
    expect(await h.getByTestId('foreign-target').inputValue()).toBe('hydrants');
    await h.getByTestId('foreign-mode').selectOption('add');
    expect(await h.getByTestId('foreign-crs').textContent()).toContain('第 38 带');
    expect(await h.getByTestId('foreign-preview').textContent()).toContain('太行路（北段）');
    await screenshot(p, 'import-gpkg-dialog');
    await p.getByTestId('foreign-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    const after = await hydrantIds(demo.main);
    expect(after.length).toBe(before.length + 4);
    // the county has XHS-001 … already: re-keyed at import, as reloading the saved project would
    expect(after.slice(-4)).toEqual(['XHS-001#2', 'XHS-002#2', 'XHS-003#2', 'XHS-004#2']);
  }, SLOW);

  test('a local .mbtiles file is read in place and drawn below the layers, with no request out', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-layers').click();
    await p.getByTestId('basemap-file').setInputFiles(mbtiles());
    await expect.poll(() => p.getByTestId('basemap-file-note').innerText()).toBe('已打开 county.mbtiles');
    expect(await p.evaluate(() => window.__coverageStore!.getState().ui.basemap)).toEqual({ kind: 'file', name: 'county.mbtiles' });
    await waitForMapIdle(p);
    const state = await p.evaluate(() => {
      const m = window.__coverageMap!;
      const ids = m.getStyle().layers.map((l) => l.id);
      const src = m.getSource('basemap-file') as unknown as { maxzoom: number; tiles: string[] };
      return { loaded: m.isSourceLoaded('basemap-file'), index: ids.indexOf('basemap-file'), firstData: ids.findIndex((id) => id !== 'background' && id !== 'basemap-file'), maxzoom: src.maxzoom, tiles: src.tiles };
    });
    expect(state).toMatchObject({ loaded: true, maxzoom: 2, tiles: ['localtiles://county.mbtiles/{z}/{x}/{y}'] });
    expect(state.index).toBeGreaterThan(0);
    expect(state.index).toBeLessThan(state.firstData);
    await screenshot(p, 'find-basemap-mbtiles');
    await p.getByTestId('basemap').getByRole('radio').first().check();
    await expect.poll(() => p.evaluate(() => window.__coverageStore!.getState().ui.basemap.kind)).toBe('none');
    expect(demo.main.externalRequests).toEqual([]);
  }, SLOW);
});
