import { describe, expect, test } from 'vitest';
import { LAYER_LIST } from '../../layers/index';
import { queryRenderedFeatures, screenshot, useDemoApp, waitForMapIdle } from './harness';

const SLOW = 240_000;

describe('big line layers are drawn from vector tiles cut in the line-tile worker (src/map/line-tiles/)', () => {
  const demo = useDemoApp(300_000, { expectClean: true });

  /** Type and tile URLs of a layer's map source. */
  const sourceOf = (id: string) =>
    demo.main.page.evaluate((id) => {
      const s = window.__coverageMap!.getSource(`data:${id}`) as unknown as { type: string; tiles?: string[] } | undefined;
      return s ? { type: s.type, tiles: s.tiles } : null;
    }, id);

  test('the demo roads (41,217 segments): a vector source read through the local protocol, drawn with their class and name; small line layers stay GeoJSON', async () => {
    const roads = await sourceOf('roads');
    expect(roads?.type).toBe('vector');
    expect(roads?.tiles?.[0]).toMatch(/^coveragelines:\/\/coverage-lines-[0-9a-z]+\/[^/]+\/\{z\}\/\{x\}\/\{y\}$/);
    // cut from the lines the load worker handed the tile worker itself (key: its load's prefix and
    // the layer), and kept when the whole project came: the page did not cut them again
    expect(roads?.tiles?.[0]).toMatch(/^coveragelines:\/\/[^/]+\/a\d+-roads\//);
    expect((await sourceOf('fireLanes'))?.type).toBe('geojson');
    const county = await queryRenderedFeatures(demo.main.page, 'roads', 50);
    // the county-wide view draws the main roads (tertiary and above: 2,204 of the 41,217 segments);
    // village roads are generalised away below their zoom (the roads' minZoomBy)
    expect(county.count).toBeGreaterThan(1_500);
    expect(county.count).toBeLessThan(5_000);
    const classes = LAYER_LIST.find((d) => d.id === 'roads')!.fields.find((f) => f.name === 'class')!.values!.map((v) => v.code);
    for (const f of county.sample) {
      expect(classes).toContain(f.properties.class);
      expect(Number.isInteger(f.id)).toBe(true);
      // only what the style reads reaches the map
      expect(Object.keys(f.properties).every((k) => k === 'class' || k === 'name')).toBe(true);
    }
    const p = demo.main.page;
    // per class, what is drawn: none below its zoom (the tiles left them out), all classes once zoomed in
    const drawnClasses = () =>
      p.evaluate(() => {
        const m = window.__coverageMap!;
        const n: Record<string, number> = {};
        for (const f of m.queryRenderedFeatures({ layers: ['roads-0'] })) n[String(f.properties.class)] = (n[String(f.properties.class)] ?? 0) + 1;
        return { zoom: m.getZoom(), n };
      });
    const rule = LAYER_LIST.find((d) => d.id === 'roads')!.minZoomBy!;
    const atCounty = await drawnClasses();
    expect(atCounty.zoom).toBeLessThan(11);
    for (const c of Object.keys(atCounty.n)) expect(rule.zooms[c] ?? 0, c).toBeLessThanOrEqual(atCounty.zoom);
    expect(Object.keys(atCounty.n)).toEqual(expect.arrayContaining(['primary', 'secondary', 'tertiary']));
    // the legend says so
    // the legend says so: the roads' legend lists village roads after a line 放大后显示
    const legend = p.locator('.legend').filter({ hasText: '村道' });
    expect(await legend.locator('li').allTextContents()).toEqual(expect.arrayContaining(['支路 / 乡道', '放大后显示：', '村道']));
    const items = await legend.locator('li').allTextContents();
    expect(items.indexOf('村道')).toBeGreaterThan(items.indexOf('放大后显示：'));
    expect(items.indexOf('支路 / 乡道')).toBeLessThan(items.indexOf('放大后显示：'));
    await p.evaluate(() => void window.__coverageMap!.jumpTo({ center: [114.716, 38.6038], zoom: 11.3 }));
    await waitForMapIdle(p);
    const at11 = await drawnClasses();
    expect(at11.n.unclassified).toBeGreaterThan(5_000);
    await screenshot(p, 'line-tiles-z11_3');
    // zoom 15.5 in the county town: road names are drawn along the lines (the label style layer)
    const onPage = () => p.evaluate(() => window.__coverageLineTilesOnPage ?? 0);
    const before = await onPage();
    await p.evaluate(() => void window.__coverageMap!.jumpTo({ center: [114.716, 38.6038], zoom: 15.5 }));
    await waitForMapIdle(p);
    // MapLibre's worker asked the tile worker for these tiles over the channel, not through the page
    expect(await onPage()).toBe(before);
    const near = await queryRenderedFeatures(p, 'roads', 100);
    expect(near.sample.some((f) => f.layer === 'roads-1' && f.properties.name === '南环路')).toBe(true);
    await screenshot(p, 'line-tiles-z15_5');
  }, SLOW);

  test('a click on a road opens its popup from the full properties (the tile carries the feature index as id)', async () => {
    const p = demo.main.page;
    const others = LAYER_LIST.filter((d) => d.id !== 'roads').map((d) => d.id);
    await p.evaluate((ids) => {
      for (const id of ids) window.__coverageStore!.getState().setLayerVisible(id, false);
    }, others);
    await waitForMapIdle(p);
    const hit = await p.evaluate(() => {
      const m = window.__coverageMap!;
      const box = m.getCanvas().getBoundingClientRect();
      for (const f of m.queryRenderedFeatures({ layers: ['roads-0'] })) {
        if (f.geometry.type !== 'LineString' || f.properties.name !== '南环路') continue;
        const [a, b] = f.geometry.coordinates;
        const pt = m.project([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
        if (pt.x < 40 || pt.y < 40 || pt.x > box.width - 40 || pt.y > box.height - 40) continue;
        return { x: box.left + pt.x, y: box.top + pt.y, id: f.id as number };
      }
      return null;
    });
    expect(hit, 'a segment of 南环路 on screen').not.toBeNull();
    const name = await p.evaluate((i) => {
      const l = window.__coverageStore!.getState().project.project!.layers.roads!;
      return l.kind === 'geojson' ? l.data.features[i].properties?.name : null;
    }, hit!.id);
    expect(name).toBe('南环路');
    await p.mouse.click(hit!.x, hit!.y);
    const popup = p.getByTestId('feature-popup');
    await popup.waitFor({ timeout: 60_000 });
    expect(await popup.locator('h4').textContent()).toBe('道路');
    expect(await popup.textContent()).toContain('南环路');
    // width_m is not in the tiles (the style does not read it) but is in the popup
    expect(await popup.locator('th').allTextContents()).toContain('路宽');
    await p.keyboard.press('Escape');
    await p.evaluate((ids) => {
      for (const id of ids) window.__coverageStore!.getState().setLayerVisible(id, true);
    }, others);
  }, SLOW);

  test('a roads layer below the threshold becomes a GeoJSON source, and the big one comes back as tiles', async () => {
    const p = demo.main.page;
    const original = await p.evaluate(() => {
      const s = window.__coverageStore!.getState();
      const { project, report } = s.project;
      const roads = project!.layers.roads!;
      if (roads.kind !== 'geojson') throw new Error('roads are GeoJSON');
      // the first 40 segments only (in the county town)
      const small = { ...roads, data: { ...roads.data, features: roads.data.features.slice(0, 40) } };
      (window as unknown as { __bigRoads: unknown }).__bigRoads = roads;
      s.setProject({ project: { ...project!, layers: { ...project!.layers, roads: small } }, report: report! });
      return null;
    });
    expect(original).toBeNull();
    await waitForMapIdle(p);
    expect((await sourceOf('roads'))?.type).toBe('geojson');
    const small = await queryRenderedFeatures(p, 'roads', 100);
    expect(small.count).toBeGreaterThan(0);
    expect(small.sample.every((f) => (f.id as number) < 40)).toBe(true);
    await p.evaluate(() => {
      const s = window.__coverageStore!.getState();
      const { project, report } = s.project;
      const roads = (window as unknown as { __bigRoads: NonNullable<typeof project>['layers']['roads'] }).__bigRoads;
      s.setProject({ project: { ...project!, layers: { ...project!.layers, roads } }, report: report! });
    });
    await waitForMapIdle(p);
    expect((await sourceOf('roads'))?.type).toBe('vector');
    const back = await queryRenderedFeatures(p, 'roads', 100);
    expect(back.count).toBeGreaterThan(small.count);
    expect(back.sample.some((f) => (f.id as number) >= 40)).toBe(true);
  }, SLOW);
});
