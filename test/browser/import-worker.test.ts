// Foreign files are read in the worker: the dialog shows how far reading has got, the map keeps
// drawing meanwhile, and 取消 during a large read ends it with the project unchanged. The import
// step on 确认导入 runs in the worker too. The large
// input (a zipped GBK Shapefile of 400,000 households) is generated here, not committed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeShapefile } from '../../layers/load/foreign/shapefile-write';
import { screenshot, useDemoApp, type AppPage } from './harness';

const SLOW = 300_000;
const FIX = resolve(import.meta.dirname, '../fixtures/import');

/** Starts recording, in the page, every progress value shown and every animation frame drawn. */
async function record(x: AppPage): Promise<void> {
  await x.page.evaluate(() => {
    const w = window as unknown as { __rec: { values: number[]; frames: number; seenReading: boolean; project: unknown } };
    w.__rec = { values: [], frames: 0, seenReading: false, project: window.__coverageStore!.getState().project.project };
    const tick = () => {
      w.__rec.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="foreign-progress"]') as HTMLProgressElement | null;
      if (!bar) return;
      w.__rec.seenReading = true;
      const v = bar.value;
      if (w.__rec.values[w.__rec.values.length - 1] !== v) w.__rec.values.push(v);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  });
}

type Rec = { values: number[]; frames: number; seenReading: boolean; sameProject: boolean; pending: boolean };
const rec = (x: AppPage): Promise<Rec> =>
  x.page.evaluate(() => {
    const r = (window as unknown as { __rec: { values: number[]; frames: number; seenReading: boolean; project: unknown } }).__rec;
    return { values: r.values, frames: r.frames, seenReading: r.seenReading, sameProject: r.project === window.__coverageStore!.getState().project.project, pending: !!document.querySelector('[data-testid="foreign-dialog"]') };
  });

function bigShapefile(n: number): Buffer {
  const features = Array.from({ length: n }, (_, i) => ({
    geometry: { type: 'Point', coordinates: [114.45 + ((i * 7919) % 10007) / 10007 * 0.4, 38.45 + ((i * 104729) % 10009) / 10009 * 0.3] },
    properties: { id: `BIG${i}`, persons: 1 + (i % 6), village: ['东庄村', '西河村', '南关村'][i % 3], 备注: '农户调查二〇二四年' },
  }));
  return Buffer.from(writeShapefile([{ name: '农户', features }], { crs: { kind: 'gauss-kruger', centralMeridian: 114, zoneInEasting: true }, encoding: 'gbk' }).zip);
}

describe('foreign files are read in the worker, with progress and 取消', () => {
  const demo = useDemoApp(SLOW, { expectClean: true, county: 'small' });

  test('a fixture: the reading progress is shown, then the dialog with its layers', async () => {
    const x = demo.main;
    await record(x);
    await x.page.getByTestId('open-files').setInputFiles([{ name: '县资源局数据.zip', mimeType: 'application/zip', buffer: readFileSync(resolve(FIX, '县资源局数据.zip')) }]);
    await x.page.getByTestId('foreign-dialog').waitFor({ timeout: 60_000 });
    expect(await x.page.getByTestId('foreign-layer').count()).toBe(3);
    const r = await rec(x);
    expect(r.seenReading).toBe(true);
    expect(r.values[0]).toBe(0);
    expect(await x.page.getByTestId('foreign-reading').count()).toBe(0);
    await x.page.getByTestId('foreign-cancel').click();
    await x.page.getByTestId('foreign-dialog').waitFor({ state: 'detached' });
    expect((await rec(x)).sameProject).toBe(true);
  }, SLOW);

  test('确认导入 runs the import step in the worker; layers it did not touch keep their objects', async () => {
    const x = demo.main;
    const p = x.page;
    await p.evaluate(() => {
      const w = window as unknown as { __imp: { seen: boolean; layers: unknown } };
      w.__imp = { seen: false, layers: window.__coverageStore!.getState().project.project!.layers };
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="foreign-importing"]')) w.__imp.seen = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    await p.getByTestId('open-files').setInputFiles([{ name: '县资源局数据.zip', mimeType: 'application/zip', buffer: readFileSync(resolve(FIX, '县资源局数据.zip')) }]);
    await p.getByTestId('foreign-dialog').waitFor({ timeout: 60_000 });
    for (const source of ['县资源局数据.zip/plots_cm114.shp', '县资源局数据.zip/roads.shp']) {
      await p.locator(`[data-testid="foreign-layer"][data-source="${source}"] [data-testid="foreign-target"]`).selectOption('');
    }
    await p.locator('[data-testid="foreign-layer"][data-source="县资源局数据.zip/hydrants_zone38.shp"] [data-testid="foreign-mode"]').selectOption('add');
    await p.getByTestId('foreign-confirm').click();
    await p.getByTestId('foreign-dialog').waitFor({ state: 'detached', timeout: 120_000 });
    const r = await p.evaluate(() => {
      const w = window as unknown as { __imp: { seen: boolean; layers: Record<string, unknown> } };
      const now = window.__coverageStore!.getState().project.project!.layers;
      const before = w.__imp.layers as typeof now;
      const h = (l: (typeof now)['hydrants']) => (l.kind === 'geojson' ? l.data.features.map((f) => String(f.properties?.id)) : []);
      return { seen: w.__imp.seen, added: h(now.hydrants).length - h(before.hydrants).length, last: h(now.hydrants).slice(-4), sameHouseholds: now.households === before.households, sameRoads: now.roads === before.roads, sameHydrants: now.hydrants === before.hydrants };
    });
    // the county has XHS-001 … already: re-keyed at import, as reloading the saved project would
    expect(r).toEqual({ seen: true, added: 4, last: ['XHS-001#2', 'XHS-002#2', 'XHS-003#2', 'XHS-004#2'], sameHouseholds: true, sameRoads: true, sameHydrants: false });
  }, SLOW);

  test('取消 during a large read (400,000 households): frames keep coming while it reads, the project is unchanged', async () => {
    const x = demo.main;
    const zip = bigShapefile(400_000);
    await record(x);
    await x.page.getByTestId('open-files').setInputFiles([{ name: '全县农户.zip', mimeType: 'application/zip', buffer: zip }]);
    const reading = x.page.getByTestId('foreign-reading-dialog');
    await reading.waitFor({ timeout: 60_000 });
    expect(await reading.textContent()).toContain('全县农户.zip');
    // the page draws frames while the worker reads (the main thread is free)
    const f0 = (await rec(x)).frames;
    await x.page.waitForFunction((n) => (window as unknown as { __rec: { frames: number } }).__rec.frames >= n + 10, f0, { timeout: 60_000 });
    // wait for a progress step past the start, so the read is truly under way
    await x.page.waitForFunction(() => ((document.querySelector('[data-testid="foreign-progress"]') as HTMLProgressElement | null)?.value ?? 0) > 0, undefined, { timeout: 120_000 });
    expect(await reading.count()).toBe(1);
    await screenshot(x.page, 'import-worker-reading');
    await x.page.getByTestId('foreign-cancel').click();
    await reading.waitFor({ state: 'detached' });
    const r = await rec(x);
    expect(r.values[0]).toBe(0);
    expect(r.values.some((v) => v > 0 && v < 1)).toBe(true);
    expect(r.sameProject).toBe(true);
    // the cancelled read never opens the dialog afterwards
    const frames = r.frames;
    await x.page.waitForFunction((n) => (window as unknown as { __rec: { frames: number } }).__rec.frames >= n + 30, frames, { timeout: 60_000 });
    expect((await rec(x)).pending).toBe(false);
    expect(await x.page.getByTestId('foreign-reading-dialog').count()).toBe(0);
  }, SLOW);
});
