import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDirs } from '../support/temp-dirs';
import { openApp, queryRenderedFeatures, screenshot, startApp, waitForMapIdle, type AppPage, type AppServer } from './harness';

const SLOW = 300_000;
const DEMO = resolve(import.meta.dirname, '../../data/demo');
const tmp = tempDirs();

// The load worker hands the roads to the line-tile worker straight from JSON.parse, before the
// loader's checks (issue #15, first screen); when the checks reject a feature the map must end up
// drawing the checked roads, not the tiles cut ahead.
describe('roads cut ahead of the checks: a feature the loader rejects is not left on the map', () => {
  let app: AppServer | undefined;
  let main: AppPage;
  const REJECTED = '被拒绝的路';

  beforeAll(async () => {
    // the demo county with one main road (drawn at county zoom) given a class no road has: rejected
    const dir = tmp('coverage-rejected-road-');
    for (const f of readdirSync(DEMO)) if (f !== 'roads.geojson') symlinkSync(resolve(DEMO, f), resolve(dir, f));
    const roads = JSON.parse(readFileSync(resolve(DEMO, 'roads.geojson'), 'utf8')) as { features: { properties: Record<string, unknown> }[] };
    const k = roads.features.findIndex((f) => f.properties.class === '主干路');
    expect(k).toBeGreaterThanOrEqual(0);
    roads.features[k].properties = { ...roads.features[k].properties, class: '不存在的等级', name: REJECTED };
    writeFileSync(resolve(dir, 'roads.geojson'), JSON.stringify(roads));
    app = await startApp({ countyDir: dir });
    main = await openApp(app);
    await waitForMapIdle(main.page);
  }, SLOW);
  afterAll(async () => {
    await app?.close();
  });

  test('the map draws the checked roads (a tile source of their own), without the rejected one', async () => {
    const p = main.page;
    const county = await queryRenderedFeatures(p, 'roads', 100_000);
    expect(county.count).toBeGreaterThan(1_500);
    expect(county.sample.filter((f) => f.properties.name === REJECTED)).toEqual([]);
    const tiles = await p.evaluate(() => (window.__coverageMap!.getSource('data:roads') as unknown as { tiles?: string[] } | undefined)?.tiles?.[0]);
    // the lines as parsed went under the load's key; the checked ones, which differ, under a new one
    expect(tiles).toMatch(/^coveragelines:\/\/[^/]+\/a\d+-roads-checked\//);
    const roads = await p.evaluate(() => {
      const l = window.__coverageStore!.getState().project.project!.layers.roads;
      return l.kind === 'geojson' ? l.data.features.length : -1;
    });
    expect(roads).toBe(41_216);
    await screenshot(p, 'lines-checked-county');
    expect(main.errors).toEqual([]);
    expect(main.externalRequests).toEqual([]);
  }, SLOW);
});
