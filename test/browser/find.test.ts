import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useDemoApp, waitForMapIdle } from './harness';
import { measure } from '../../analysis/measure';
import { gzipSync, zlibSync } from 'fflate';

const SLOW = 300_000;

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A 256×256 PNG: light-blue diagonal stripes, so the basemap is plain to see in the screenshot. */
function createStripesPng(): Uint8Array {
  const raw = new Uint8Array(256 * (1 + 256 * 3));
  for (let y = 0; y < 256; y++) {
    raw[y * 769] = 0;
    for (let x = 0; x < 256; x++) {
      const on = ((x + y) >> 4) % 2 === 0;
      raw.set(on ? [179, 229, 252] : [225, 245, 254], y * 769 + 1 + x * 3);
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const body = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    const out = new Uint8Array(12 + data.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, data.length);
    out.set(body, 4);
    v.setUint32(8 + data.length, crc32(body));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, 256);
  new DataView(ihdr.buffer).setUint32(4, 256);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, ...chunk('IHDR', ihdr), ...chunk('IDAT', zlibSync(raw)), ...chunk('IEND', new Uint8Array(0))]);
}

/** A one-tile (0/0/0) raster PMTiles archive, uncompressed tiles, gzip directory. */
function createRasterPmtiles(): Uint8Array {
  const png = createStripesPng();
  const varints = (vs: number[]) => vs.flatMap((v) => { const o: number[] = []; while (v >= 128) { o.push((v % 128) | 128); v = Math.floor(v / 128); } o.push(v); return o; });
  const root = gzipSync(new Uint8Array(varints([1, 0, 1, png.length, 1])));
  const header = new Uint8Array(127);
  const v = new DataView(header.buffer);
  header.set(new TextEncoder().encode('PMTiles'), 0);
  header[7] = 3;
  const sections = [root, new Uint8Array(0), new Uint8Array(0), png];
  let at = 127;
  sections.forEach((sec, i) => {
    v.setUint32(8 + 16 * i, at, true);
    v.setUint32(16 + 16 * i, sec.length, true);
    at += sec.length;
  });
  header.set([2, 1, 2, 0, 0], 97);
  v.setInt32(102, -180e7, true);
  v.setInt32(106, -85e7, true);
  v.setInt32(110, 180e7, true);
  v.setInt32(114, 85e7, true);
  return new Uint8Array([...header, ...root, ...png]);
}

/** The map's centre and zoom once it has stopped moving. */
async function camera(p: Page): Promise<{ center: [number, number]; zoom: number }> {
  await waitForMapIdle(p);
  return p.evaluate(() => {
    const m = window.__coverageMap!;
    return { center: m.getCenter().toArray() as [number, number], zoom: m.getZoom() };
  });
}

/** Features in the selection highlight's source (what the map draws highlighted). */
async function highlighted(p: Page): Promise<number> {
  return p.evaluate(async () => {
    const src = window.__coverageMap!.getSource('selection') as unknown as { getData(): Promise<{ features: unknown[] }> } | undefined;
    return src ? (await src.getData()).features.length : -1;
  });
}

/** Waits until the map has stopped with the centre inside bounds `[w, s, e, n]`. */
async function waitForCentreIn(p: Page, b: [number, number, number, number]): Promise<void> {
  const state = () => p.evaluate(() => ({ c: window.__coverageMap!.getCenter().toArray(), z: window.__coverageMap!.getZoom(), moving: window.__coverageMap!.isMoving() }));
  await p.waitForFunction(
    ([w, s, e, n]) => {
      const m = window.__coverageMap!;
      const c = m.getCenter();
      const eps = 1e-6;
      return !m.isMoving() && c.lng >= w - eps && c.lng <= e + eps && c.lat >= s - eps && c.lat <= n + eps;
    },
    b,
    { timeout: 60_000 },
  ).catch(async (e) => {
    throw new Error(`map centre not in ${JSON.stringify(b)}: ${JSON.stringify(await state())} (${String(e)})`);
  });
}

/** The whole county in view (缩放至全县), as at the start: a test that compares the camera before and after does not depend on where the test before left it. */
async function countyView(p: Page): Promise<void> {
  await p.locator('.fit-button').click();
  await waitForMapIdle(p);
}

async function search(p: Page, text: string): Promise<string[]> {
  const box = p.getByTestId('map-search');
  await box.fill(text);
  await p.getByTestId('map-search-hit').first().waitFor();
  return p.getByTestId('map-search-hit').allInnerTexts();
}

describe('finding things on the map (demo county)', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('searching 南环路 selects all its segments, highlights them and flies the map there', async () => {
    const p = demo.main.page;
    await countyView(p);
    const before = await camera(p);
    const hits = await search(p, '南环路');
    expect(hits[0]).toMatch(/^南环路\n道路/);
    await p.getByTestId('map-search-hit').first().click();
    const sel = await p.evaluate(() => window.__coverageStore!.getState().selection);
    expect(sel?.layerId).toBe('roads');
    expect(sel!.ids.length).toBeGreaterThan(1);
    await waitForCentreIn(p, sel!.focus!);
    const after = await camera(p);
    expect(after.zoom).toBeGreaterThan(before.zoom);
    expect(Math.hypot(after.center[0] - before.center[0], after.center[1] - before.center[1])).toBeGreaterThan(0.001);
    expect(await highlighted(p)).toBe(sel!.ids.length);
    // the highlight is drawn, and the road names are labelled at this zoom
    const drawn = await p.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['selection-line'] }).length);
    expect(drawn).toBeGreaterThan(0);
    await screenshot(p, 'find-search-road');
  });

  test('searching a plot id selects that plot, switches its layer on and brings it into view', async () => {
    const p = demo.main.page;
    const hits = await search(p, '2022】01');
    expect(hits[0]).toMatch(/^曲储【2022】01号\n储备地块 · 羊平镇/);
    await p.getByTestId('map-search-hit').first().click();
    const sel = await p.evaluate(() => window.__coverageStore!.getState().selection);
    expect(sel).toMatchObject({ layerId: 'reservePlots', ids: ['曲储【2022】01号'] });
    await waitForCentreIn(p, sel!.focus!);
    expect(await highlighted(p)).toBe(1);
    expect(await p.evaluate(() => window.__coverageStore!.getState().layerUi.visible.reservePlots)).toBe(true);
    await waitForMapIdle(p);
    const labels = await p.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['reservePlots-2'] }).map((f) => f.properties.id));
    expect(labels).toContain('曲储【2022】01号');
    await screenshot(p, 'find-search-plot');
  });

  test('typed coordinates (lon/lat and Gauss-Krüger) mark the position and centre the map on it', async () => {
    const p = demo.main.page;
    const hits = await search(p, '114.6, 38.7');
    expect(hits[0]).toMatch(/^坐标 114\.60000, 38\.70000/);
    await p.getByTestId('map-search-hit').first().click();
    await waitForCentreIn(p, [114.5999, 38.6999, 114.6001, 38.7001]);
    // 38 512 345 / 4 284 000: zone 38 (central meridian 114°E)
    const gk = await search(p, '38512345 4284000');
    expect(gk[0]).toContain('中央经线 114°');
    await p.getByTestId('map-search-hit').first().click();
    await waitForCentreIn(p, [114.1, 38.6, 114.2, 38.75]);
    await waitForMapIdle(p);
    const pin = await p.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['overlay:search-point'] }).length);
    expect(pin).toBe(1);
  });

  test('fire station names are labelled when zoomed in, in Chinese, with no request out', async () => {
    const p = demo.main.page;
    await search(p, '消防救援站');
    await p.getByTestId('map-search-hit').first().click();
    await waitForMapIdle(p);
    const names = await p.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['fireStations-1'] }).map((f) => String(f.properties.name)));
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /[\u4e00-\u9fff]/.test(n))).toBe(true);
    await screenshot(p, 'find-labels-station');
    expect(demo.main.externalRequests).toEqual([]);
  });

  test('a plot-review row flies the map to its plot; a plot clicked on the map marks its row', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-plots').click();
    await p.getByTestId('plots-run').click();
    await p.getByTestId('plots-table-row').first().waitFor({ timeout: 120_000 });
    const row = p.getByTestId('plots-table-row').nth(2);
    const id = (await row.locator('td').first().innerText()).trim();
    const before = await camera(p);
    await row.click();
    const sel = await p.evaluate(() => window.__coverageStore!.getState().selection);
    expect(sel?.layerId).toBe('plot-review');
    await waitForCentreIn(p, sel!.focus!);
    const after = await camera(p);
    expect(Math.hypot(after.center[0] - before.center[0], after.center[1] - before.center[1])).toBeGreaterThan(0.0005);
    await expect.poll(() => row.getAttribute('class')).toContain('active');
    expect(await highlighted(p)).toBe(1);
    // clear, then click the plot in the middle of the map: its row is marked again
    await p.evaluate(() => window.__coverageStore!.getState().setSelection(null));
    await expect.poll(() => row.getAttribute('class')).not.toContain('active');
    const box = (await p.getByTestId('map').boundingBox())!;
    const point = await p.evaluate(([lon, lat]) => window.__coverageMap!.project([lon, lat]), [after.center[0], after.center[1]]);
    await p.mouse.click(box.x + point.x, box.y + point.y);
    await expect.poll(() => row.getAttribute('class')).toContain('active');
    expect((await p.locator('.maplibregl-popup').innerText())).toContain(id);
    // Esc closes the popup
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('.maplibregl-popup').count()).toBe(0);
    await screenshot(p, 'find-plot-row');
  });

  test('clicking a road without a name opens a popup that says where it is', async () => {
    const p = demo.main.page;
    // the middle of the first vertex pair of an unnamed road, brought to the centre at zoom 18
    const mid = await p.evaluate(() => {
      const roads = window.__coverageStore!.getState().project.project!.layers.roads;
      if (roads.kind !== 'geojson') return null;
      const f = roads.data.features.find((x) => !x.properties?.name && x.geometry?.type === 'LineString');
      const c = (f!.geometry as { coordinates: number[][] }).coordinates;
      return [(c[0][0] + c[1][0]) / 2, (c[0][1] + c[1][1]) / 2] as [number, number];
    });
    expect(mid).not.toBeNull();
    // only roads shown, so the click cannot land on a house or hydrant drawn above the road
    const hidden = await p.evaluate(() => {
      const s = window.__coverageStore!.getState();
      const m = window.__coverageMap!;
      const ids = s.layerUi.order.filter((id) => id !== 'roads' && m.getLayer(`${id}-0`) && m.getLayoutProperty(`${id}-0`, 'visibility') !== 'none');
      for (const id of ids) s.setLayerVisible(id, false);
      return ids;
    });
    await p.evaluate((c) => void window.__coverageMap!.jumpTo({ center: c, zoom: 18 }), mid!);
    await waitForMapIdle(p);
    const box = (await p.getByTestId('map').boundingBox())!;
    const pt = await p.evaluate((c) => window.__coverageMap!.project(c), mid!);
    await p.mouse.click(box.x + pt.x, box.y + pt.y);
    const popup = p.locator('.maplibregl-popup');
    await popup.waitFor();
    const text = await popup.innerText();
    expect(text).toMatch(/位置\s*未命名道路：\S+[镇乡]/);
    expect(text).toMatch(/\d+\.\d{5},\d+\.\d{5}—\d+\.\d{5},\d+\.\d{5}/);
    await screenshot(p, 'find-unnamed-road');
    await p.keyboard.press('Escape');
    await expect.poll(() => popup.count()).toBe(0);
    await p.evaluate((ids) => ids.forEach((id) => window.__coverageStore!.getState().setLayerVisible(id, true)), hidden);
  });

  test('measuring a line shows its length; Esc ends the tool and keeps the figure', async () => {
    const p = demo.main.page;
    await p.getByTestId('measure-line').click();
    const box = (await p.getByTestId('map').boundingBox())!;
    const clicks: [number, number][] = [
      [box.width / 2 - 150, box.height / 2 + 40],
      [box.width / 2 + 50, box.height / 2 + 40],
      [box.width / 2 + 50, box.height / 2 + 200],
    ];
    for (const [x, y] of clicks) await p.mouse.click(box.x + x, box.y + y);
    const lonLats = await p.evaluate((pts) => pts.map(([x, y]) => window.__coverageMap!.unproject([x, y]).toArray()), clicks);
    const want = measure(lonLats, 'line').lengthM;
    const text = await p.getByTestId('measure-result').innerText();
    const shown = text.includes('公里') ? Number(text.match(/([\d.]+) 公里/)![1]) * 1000 : Number(text.match(/([\d.]+) 米/)![1]);
    expect(Math.abs(shown - want)).toBeLessThan(want < 1000 ? 0.1 : 1);
    await waitForMapIdle(p);
    expect(await p.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['overlay:measure-line'] }).length)).toBeGreaterThan(0);
    await screenshot(p, 'find-measure-line');
    await p.keyboard.press('Escape');
    await expect.poll(() => p.evaluate(() => window.__coverageStore!.getState().ui.mapClickMode)).toBeNull();
    expect(await p.getByTestId('measure-result').innerText()).toBe(text);
    await p.getByTestId('measure-clear').click();
    await expect.poll(() => p.getByTestId('measure-result').count()).toBe(0);
  });

  test('a local .pmtiles basemap is drawn below the layers with no request out; a broken .mbtiles file is refused with the reason', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-layers').click();
    await p.getByTestId('basemap-file').setInputFiles({ name: 'county.mbtiles', mimeType: 'application/octet-stream', buffer: Buffer.from('SQLite format 3\0') });
    await expect.poll(() => p.getByTestId('basemap-file-note').innerText()).toBe('无法读取底图文件 county.mbtiles：不是 MBTiles 文件（不是 SQLite 数据库）');
    await p.getByTestId('basemap-file').setInputFiles({ name: 'county.pmtiles', mimeType: 'application/octet-stream', buffer: Buffer.from(createRasterPmtiles()) });
    await expect.poll(() => p.getByTestId('basemap-file-note').innerText()).toContain('已打开 county.pmtiles');
    expect(await p.evaluate(() => window.__coverageStore!.getState().ui.basemap)).toEqual({ kind: 'file', name: 'county.pmtiles' });
    await waitForMapIdle(p);
    const state = await p.evaluate(() => {
      const m = window.__coverageMap!;
      const ids = m.getStyle().layers.map((l) => l.id);
      return { loaded: m.isSourceLoaded('basemap-file'), index: ids.indexOf('basemap-file'), firstData: ids.findIndex((id) => id !== 'background' && id !== 'basemap-file') };
    });
    expect(state.loaded).toBe(true);
    expect(state.index).toBeGreaterThan(0);
    expect(state.index).toBeLessThan(state.firstData);
    await screenshot(p, 'find-basemap-pmtiles');
    // an intranet template whose origin the built CSP does not list is flagged, and nothing is requested
    await p.getByTestId('basemap-template').fill('http://10.9.9.9:8080/tiles/{z}/{x}/{y}.png');
    await expect.poll(() => p.getByTestId('basemap-csp-blocked').innerText()).toContain('http://10.9.9.9:8080');
    expect(demo.main.externalRequests).toEqual([]);
    expect(demo.main.errors).toEqual([]);
  });
});
