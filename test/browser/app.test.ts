import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LAYER_LIST } from '../../layers/index';
import type { LayerDefinition } from '../../layers/types';
import { openApp, queryRenderedFeatures, screenshot, settled, startApp, waitForMapIdle, waitForProject, type AppPage, type AppServer } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO = resolve(ROOT, 'data/demo');
const XSS_DIR = resolve(ROOT, 'test/fixtures/app/xss-project');
const XSS = '<img src=x onerror=alert(1)>';

/** Layers whose file is in the demo folder (a missing file is an empty layer, per the data contract). */
function demoLayers(): LayerDefinition[] {
  const files = existsSync(DEMO) ? readdirSync(DEMO) : [];
  return LAYER_LIST.filter((d) => files.some((f) => f === `${d.file}.geojson` || (d.csv && f === `${d.file}.csv`)));
}

/** Screen position of the first rendered feature of a layer (a point's own position; a line's middle vertex). */
async function featureScreenPoint(p: AppPage, layerId: string): Promise<{ x: number; y: number } | null> {
  return p.page.evaluate((layerId) => {
    const m = window.__coverageMap!;
    const ids = m.getStyle().layers.filter((l) => l.id.startsWith(`${layerId}-`) && l.type !== 'symbol').map((l) => l.id);
    const fs = m.queryRenderedFeatures({ layers: ids });
    for (const f of fs) {
      const g = f.geometry;
      let c: number[] | null = null;
      if (g.type === 'Point') c = g.coordinates;
      else if (g.type === 'LineString') c = g.coordinates[Math.floor(g.coordinates.length / 2)];
      if (!c) continue;
      const pt = m.project([c[0], c[1]]);
      const box = m.getCanvas().getBoundingClientRect();
      if (pt.x < 20 || pt.y < 20 || pt.x > box.width - 20 || pt.y > box.height - 20) continue;
      return { x: box.left + pt.x, y: box.top + pt.y };
    }
    return null;
  }, layerId);
}

/** Ticks or unticks layers in the layer panel, then waits once for the map to redraw. */
async function setVisible(p: AppPage, layerIds: string | string[], visible: boolean): Promise<void> {
  for (const id of Array.isArray(layerIds) ? layerIds : [layerIds]) {
    const box = p.page.getByTestId(`layer-toggle-${id}`);
    if ((await box.isChecked()) !== visible) await box.click();
  }
  await waitForMapIdle(p.page);
}

const SLOW = 240_000;

describe('the app on the demo county (production build, CSP, headless Chromium)', () => {
  let app: AppServer;
  let main: AppPage;

  beforeAll(async () => {
    app = await startApp();
    main = await openApp(app);
    await waitForMapIdle(main.page);
  }, 300_000);

  afterAll(async () => {
    await (await small?.catch(() => undefined))?.close();
    await app?.close();
  }, SLOW);

  // A second page for the two tests that would spoil the main page's own checks (another project
  // opened, requests to the online basemap): opened once, by whichever of them runs first, on the
  // small county (a server of its own, the same browser): neither test reads the demo county (one
  // opens a project of its own over it, the other switches the basemap), and a demo load is ≈ 6 s
  // of CPU. Each reads only what the page logged during its own run.
  let small: Promise<AppServer> | undefined;
  let scratch: Promise<AppPage> | undefined;
  const scratchPage = () =>
    (scratch ??= (small = startApp({ county: 'small' })).then(async (a) => {
      const x = await openApp(a);
      await waitForProject(x.page);
      return x;
    }));
  const logSince = (x: AppPage) => {
    const n = { requests: x.externalRequests.length, errors: x.errors.length, dialogs: x.dialogs.length };
    return () => ({ externalRequests: x.externalRequests.slice(n.requests), errors: x.errors.slice(n.errors), dialogs: x.dialogs.slice(n.dialogs) });
  };

  test('the demo county loads and is framed: the map shows the townships', async () => {
    expect(demoLayers().map((d) => d.id)).toContain('townships');
    const r = await queryRenderedFeatures(main.page, 'townships');
    expect(r.count).toBeGreaterThan(0);
    expect(await main.page.getByTestId('panel-tab-layers').textContent()).toBe('图层');
    // each layer's count in its own noun where it has one: 农户 counted in 户 (session 20 walk: 200,000 个), stations in 个
    expect(await main.page.getByTestId('layer-count-households').textContent()).toBe('200,000 户');
    expect(await main.page.getByTestId('layer-count-fireStations').textContent()).toMatch(/^\d+ 个$/);
  }, SLOW);

  test('every layer of the demo county renders features on the map', async () => {
    const missing: string[] = [];
    await setVisible(main, demoLayers().map((d) => d.id), true);
    for (const def of demoLayers()) {
      const r = await queryRenderedFeatures(main.page, def.id);
      expect(r.styleLayers.filter((l) => !l.includes('-agg-')).length, `${def.id} style layers`).toBe(def.style.length);
      if (r.count === 0) missing.push(def.id);
    }
    expect(missing).toEqual([]);
  }, SLOW);

  test('households: a grid aggregate at county zoom, individual points when zoomed in', async () => {
    const p = main.page;
    const layerIds = () => p.evaluate(() => window.__coverageMap!.queryRenderedFeatures().map((f) => f.layer.id));
    const county = await layerIds();
    expect(county.filter((id) => id.startsWith('households-agg-')).length).toBeGreaterThan(0);
    expect(county.filter((id) => /^households-\d+$/.test(id))).toHaveLength(0);
    const view = await p.evaluate(() => {
      const m = window.__coverageMap!;
      const v = { center: m.getCenter().toArray(), zoom: m.getZoom() };
      const h = window.__coverageStore!.getState().project.project!.layers.households;
      if (h.kind !== 'columns') throw new Error('households not columnar');
      m.jumpTo({ center: [h.lon[0], h.lat[0]], zoom: 14 });
      return v;
    });
    await waitForMapIdle(p);
    const close = await layerIds();
    expect(close.filter((id) => /^households-\d+$/.test(id)).length).toBeGreaterThan(0);
    expect(close.filter((id) => id.startsWith('households-agg-'))).toHaveLength(0);
    await p.evaluate((v) => void window.__coverageMap!.jumpTo({ center: v.center as [number, number], zoom: v.zoom }), view);
    await waitForMapIdle(p);
  }, SLOW);

  test('a screenshot of the demo county is saved', async () => {
    const path = await screenshot(main.page, 'demo-county');
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path).length).toBeGreaterThan(20_000);
  }, SLOW);

  test('clicking a feature opens a popup with the labelled fields of its layer', async () => {
    const target = demoLayers().find((d) => d.geometry === 'Point' && d.storage === 'geojson')!;
    // only the target layer is shown, so the click cannot land on a house or hydrant drawn above it
    const others = demoLayers().filter((d) => d.id !== target.id);
    await setVisible(main, others.map((d) => d.id), false);
    const pt = await featureScreenPoint(main, target.id);
    expect(pt, `a rendered ${target.id} feature on screen`).not.toBeNull();
    await main.page.mouse.click(pt!.x, pt!.y);
    const popup = main.page.getByTestId('feature-popup');
    await popup.waitFor({ timeout: 60_000 });
    expect(await popup.locator('h4').textContent()).toBe(target.title.zh);
    const labels = await popup.locator('th').allTextContents();
    const expected = target.fields.filter((f) => f.popup).map((f) => f.label.zh);
    expect(labels).toEqual(expected);
    await main.page.keyboard.press('Escape');
    await setVisible(main, others.map((d) => d.id), true);
  }, SLOW);

  test('a narrow office screen: no header button breaks its label, whole controls move to a second row', async () => {
    const p = main.page;
    const size = p.viewportSize()!;
    const header = () =>
      p.evaluate(() => {
        const buttons = [...document.querySelectorAll<HTMLElement>('.app-header button')];
        const heights = buttons.map((b) => b.getBoundingClientRect().height);
        return {
          // a label that breaks makes its button taller than the others, or overflows it
          tallest: Math.max(...heights),
          lowest: Math.min(...heights),
          overflowing: buttons.filter((b) => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1).map((b) => b.textContent),
          // the scenario controls stay on one row: the select and the 删除 button share a line
          scenarioRow: Math.abs(document.querySelector('[data-testid="scenario-select"]')!.getBoundingClientRect().top - document.querySelector('[data-testid="scenario-delete"]')!.getBoundingClientRect().top) < 12,
          headerHeight: document.querySelector('.app-header')!.getBoundingClientRect().height,
          pageWidth: document.documentElement.scrollWidth,
        };
      });
    try {
      for (const [width, height] of [[1000, 640], [800, 600], [1366, 768]]) {
        for (const lang of ['zh', 'en']) {
          await p.setViewportSize({ width, height });
          if ((await p.locator('html').getAttribute('lang')) !== (lang === 'zh' ? 'zh-CN' : 'en')) await p.getByTestId('lang-switch').click();
          const h = await header();
          expect(h.overflowing, `${width} ${lang}`).toEqual([]);
          expect(h.tallest - h.lowest, `${width} ${lang}: button heights ${h.lowest}–${h.tallest}`).toBeLessThan(2);
          expect(h.scenarioRow, `${width} ${lang}`).toBe(true);
          expect(h.pageWidth, `${width} ${lang}: nothing wider than the window`).toBeLessThanOrEqual(width);
          // two rows at the most from 1000 pixels (at 800 the English controls take a third)
          if (width >= 1000) expect(h.headerHeight, `${width} ${lang}`).toBeLessThan(h.tallest * 2 + 30);
        }
      }
    } finally {
      if ((await p.locator('html').getAttribute('lang')) !== 'zh-CN') await p.getByTestId('lang-switch').click();
      await p.setViewportSize(size);
      await waitForMapIdle(p);
    }
  }, SLOW);

  test('switching language changes the UI, and the choice survives a reload with layers and view', async () => {
    const p = main.page;
    await p.getByTestId('lang-switch').click();
    expect(await p.getByTestId('panel-tab-layers').textContent()).toBe('Layers');
    expect(await p.locator('html').getAttribute('lang')).toBe('en');
    const roads = LAYER_LIST.find((d) => d.id === 'roads')!;
    expect(await p.getByTestId('layer-row-roads').locator('.layer-title').textContent()).toBe(roads.title.en);
    await setVisible(main, 'roads', false);
    await p.evaluate(() => new Promise<void>((ok) => {
      const m = window.__coverageMap!;
      m.once('moveend', () => ok());
      m.jumpTo({ zoom: m.getZoom() + 1 });
    }));
    const before = await p.evaluate(() => window.__coverageMap!.getZoom());
    // the choice is written to localStorage (a short throttle after the change): wait for that state
    await p.waitForFunction((z) => {
      const saved = JSON.parse(localStorage.getItem('coverage-planner/ui/v1') ?? 'null') as { lang?: string; view?: { zoom: number }; layerUi?: { visible?: Record<string, boolean> } } | null;
      return saved?.lang === 'en' && saved.layerUi?.visible?.roads === false && Math.abs((saved.view?.zoom ?? 0) - z) < 1e-9;
    }, before);
    await p.reload();
    await waitForMapIdle(p);
    expect(await p.getByTestId('panel-tab-layers').textContent()).toBe('Layers');
    expect(await p.getByTestId('layer-toggle-roads').isChecked()).toBe(false);
    expect((await queryRenderedFeatures(p, 'roads')).count).toBe(0);
    const after = await p.evaluate(() => window.__coverageMap!.getZoom());
    expect(after).toBeCloseTo(before, 5);
    // back to Chinese, roads on
    await p.getByTestId('lang-switch').click();
    expect(await p.getByTestId('panel-tab-layers').textContent()).toBe('图层');
    await setVisible(main, 'roads', true);
  }, SLOW);

  test('an attribute value with HTML is shown as text and runs nothing', async () => {
    const x = await scratchPage();
    const log = logSince(x);
    const files = readdirSync(XSS_DIR).map((f) => resolve(XSS_DIR, f));
    await x.page.getByTestId('open-files').setInputFiles(files);
    await x.page.waitForFunction(() => window.__coverageStore!.getState().project.project?.name === 'XSS 测试县', null, { timeout: 30_000 });
    await waitForMapIdle(x.page);
    const pt = await featureScreenPoint(x, 'kindergartens');
    expect(pt).not.toBeNull();
    await x.page.mouse.click(pt!.x, pt!.y);
    const popup = x.page.getByTestId('feature-popup');
    await popup.waitFor({ timeout: 60_000 });
    const cells = await popup.locator('td').allTextContents();
    expect(cells).toContain(XSS);
    expect(await popup.locator('img').count()).toBe(0);
    expect(await popup.locator('details').count()).toBe(0);
    await screenshot(x.page, 'xss-popup');
    await settled(x.page);
    expect(log()).toEqual({ dialogs: [], errors: [], externalRequests: [] });
    await x.page.keyboard.press('Escape');
  }, SLOW);

  test('labels with Latin letters and digits render offline (result layer with a symbol style)', async () => {
    const p = main.page;
    const center = await p.evaluate(() => window.__coverageMap!.getCenter().toArray());
    await p.evaluate((c) => {
      window.__coverageStore!.getState().setResultLayer({
        id: 'label-check',
        title: { zh: '标注检查', en: 'Label check' },
        data: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { label: 'G109 国道 X012 5分钟' }, geometry: { type: 'Point', coordinates: c } }] },
        style: [{ type: 'symbol', layout: { 'text-field': ['get', 'label'], 'text-size': 22, 'text-allow-overlap': true, 'text-ignore-placement': true }, paint: { 'text-color': '#b71c1c', 'text-halo-color': '#fff', 'text-halo-width': 2 } }],
        legend: [],
        visible: true,
      });
    }, center);
    // the store → map update runs in an effect: wait for the style layer before waiting for idle
    await p.waitForFunction(() => !!window.__coverageMap!.getLayer('result:label-check-0'));
    await waitForMapIdle(p);
    const n = await p.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['result:label-check-0'] }).length);
    expect(n).toBe(1);
    const box = await p.evaluate((c) => {
      const m = window.__coverageMap!;
      const pt = m.project(c as [number, number]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + pt.x - 170, y: r.top + pt.y - 25, width: 340, height: 50 };
    }, center);
    await p.screenshot({ path: resolve(ROOT, 'test/screenshots/label-digits.png'), clip: box });
    expect(await p.getByTestId('result-row-label-check').count()).toBe(1);
    await p.evaluate(() => window.__coverageStore!.getState().removeResultLayer('label-check'));
    await waitForMapIdle(p);
    expect(await p.evaluate(() => window.__coverageMap!.getLayer('result:label-check-0') === undefined)).toBe(true);
  }, SLOW);

  test('a panel can take map clicks (click mode), and a selection set from a table is highlighted', async () => {
    const p = main.page;
    await p.evaluate(() => {
      const w = window as unknown as { __clicks: number[][] };
      w.__clicks = [];
      window.__coverageStore!.getState().setMapClickMode({ id: 'test', cursor: 'crosshair', hint: { zh: '点击地图放置', en: 'Click to place' }, onClick: (ll) => w.__clicks.push([ll.lng, ll.lat]) });
    });
    expect(await p.getByRole('status').textContent()).toContain('点击地图放置');
    const box = (await p.getByTestId('map').boundingBox())!;
    await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const clicks = await p.evaluate(() => (window as unknown as { __clicks: number[][] }).__clicks);
    const center = await p.evaluate(() => window.__coverageMap!.getCenter().toArray());
    expect(clicks).toHaveLength(1);
    expect(clicks[0][0]).toBeCloseTo(center[0], 2);
    expect(clicks[0][1]).toBeCloseTo(center[1], 2);
    expect(await p.getByTestId('feature-popup').count()).toBe(0);
    await p.keyboard.press('Escape');
    expect(await p.evaluate(() => window.__coverageStore!.getState().ui.mapClickMode)).toBeNull();

    const id = await p.evaluate(() => {
      const k = window.__coverageStore!.getState().project.project!.layers.kindergartens;
      if (k.kind !== 'geojson') throw new Error('kindergartens not GeoJSON');
      const id = String(k.data.features.find((f) => f.geometry)!.properties.id);
      window.__coverageStore!.getState().setSelection({ layerId: 'kindergartens', ids: [id] });
      return id;
    });
    expect(id).not.toBe('');
    await waitForMapIdle(p);
    const n = await p.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['selection-point'] }).length);
    expect(n).toBe(1);
    await p.evaluate(() => window.__coverageStore!.getState().setSelection(null));
    await waitForMapIdle(p);
    expect(await p.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['selection-point'] }).length)).toBe(0);
  }, SLOW);

  test('the online basemap (天地图) is off by default and, when switched on, asks only tianditu.gov.cn', async () => {
    const x = await scratchPage();
    await waitForMapIdle(x.page);
    const log = logSince(x);
    expect(await x.page.getByTestId('basemap').locator('input[type=radio]').first().isChecked()).toBe(true);
    // (no request left localhost while the page loaded: the main page's last test)
    expect(log().externalRequests).toEqual([]);
    // the test browser blocks them (none is answered: each fails); they must all be 天地图 tiles
    const origin = new URL(x.page.url()).origin;
    const offSite = (u: string) => /^(https?|wss?):/.test(u) && !u.startsWith(`${origin}/`);
    const answered: string[] = [];
    const failed: string[] = [];
    x.page.on('response', (r) => offSite(r.url()) && answered.push(r.url()));
    x.page.on('requestfailed', (r) => offSite(r.url()) && failed.push(r.url()));
    await x.page.getByTestId('basemap').locator('input[type=text]').fill('0123456789abcdef0123456789abcdef');
    await x.page.getByTestId('basemap').locator('input[type=radio]').nth(1).check();
    await x.page.waitForFunction(() => !!window.__coverageMap!.getLayer('basemap-vec'));
    // (wait for the first: a loaded machine is slow to ask)
    await expect.poll(() => log().externalRequests.length, { timeout: 60_000, interval: 250 }).toBeGreaterThan(0);
    for (const u of log().externalRequests) expect(new URL(u).hostname).toMatch(/^t[0-7]\.tianditu\.gov\.cn$/);
    await expect.poll(() => failed.length, { timeout: 60_000, interval: 250 }).toBeGreaterThan(0);
    for (const u of failed) expect(new URL(u).hostname).toMatch(/^t[0-7]\.tianditu\.gov\.cn$/);
    expect(answered).toEqual([]);
    await x.page.getByTestId('basemap').locator('input[type=radio]').first().check();
    await x.page.waitForFunction(() => !window.__coverageMap!.getLayer('basemap-vec'));
  }, SLOW);

  test('not one request left localhost and there were no console errors', async () => {
    expect(main.requests.length).toBeGreaterThan(5);
    expect(main.externalRequests).toEqual([]);
    expect(main.errors).toEqual([]);
    expect(main.dialogs).toEqual([]);
  });
});
