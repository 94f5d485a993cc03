import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SMALL_COUNTY_HOUSEHOLDS, openApp, queryRenderedFeatures, screenshot, settled, startApp, waitForMapIdle, type AppPage, type AppServer, useAppServer } from './harness';

const BAD = resolve(import.meta.dirname, '../fixtures/bad-inputs');
const SLOW = 240_000;

type Payload = { name: string; mimeType: string; buffer: Buffer };
const file = (name: string, content: string | Buffer): Payload => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
const fixture = (fixtureName: string, asName: string) => file(asName, readFileSync(resolve(BAD, fixtureName)));

const XSS_SHOWN = '<img src=x onerror=alert(1)>';
const XSS_ENUM = '<img src=x onerror=alert(2)>';

/** Keeps the current project object on window, to check later that it was not replaced. */
async function rememberProject(p: AppPage): Promise<void> {
  await p.page.evaluate(() => {
    (window as unknown as { __before: unknown }).__before = window.__coverageStore!.getState().project.project;
  });
}
async function projectUnchanged(p: AppPage): Promise<boolean> {
  return p.page.evaluate(() => window.__coverageStore!.getState().project.project === (window as unknown as { __before: unknown }).__before);
}

/** Picks files in the header's file input and waits for the dialog (or, with `applies`, for the project to change). */
async function pick(p: AppPage, files: Payload[]): Promise<void> {
  await p.page.getByTestId('open-files').setInputFiles(files);
}

async function dialogText(p: AppPage): Promise<string> {
  const d = p.page.getByTestId('import-dialog');
  await d.waitFor({ timeout: 30_000 });
  return (await d.textContent()) ?? '';
}

/** A file that cannot be read at all: message shown, only 关闭, and the project stays the same object. */
async function expectRefused(p: AppPage, payload: Payload, expected: RegExp, shot?: string): Promise<void> {
  await rememberProject(p);
  await pick(p, [payload]);
  const text = await dialogText(p);
  expect(text).toMatch(expected);
  expect(text).toContain(payload.name);
  expect(text).not.toMatch(/\bat \w+ \(|Error:|\.ts:\d+/); // no stack trace
  expect(await p.page.getByTestId('import-keep').count()).toBe(0);
  if (shot) await screenshot(p.page, shot);
  await p.page.getByTestId('import-cancel').click();
  await p.page.getByTestId('import-dialog').waitFor({ state: 'detached' });
  expect(await projectUnchanged(p)).toBe(true);
}

describe('import flow: bad files are explained and change nothing unless the user keeps the valid part', () => {
  let app: AppServer;
  let x: AppPage;

  beforeAll(async () => {
    app = await startApp({ county: 'small' });
    x = await openApp(app);
    await waitForMapIdle(x.page);
    // count every <img> that appears anywhere in the page from now on (an XSS payload would add one)
    await x.page.evaluate(() => {
      const w = window as unknown as { __imgs: number };
      w.__imgs = 0;
      new MutationObserver((ms) => {
        for (const m of ms)
          for (const n of m.addedNodes) if (n instanceof Element && (n.tagName === 'IMG' || n.querySelector('img'))) w.__imgs++;
      }).observe(document.documentElement, { subtree: true, childList: true });
    });
  }, 300_000);

  afterAll(async () => {
    expect(x.errors).toEqual([]);
    expect(x.externalRequests).toEqual([]);
    await app?.close();
  }, SLOW);

  test('BAD-INPUTS #1: an empty file says so and changes nothing', async () => {
    await expectRefused(x, fixture('01-empty.geojson', 'hydrants.geojson'), /文件是空的（0 字节）/);
  }, SLOW);

  test('BAD-INPUTS #2: truncated JSON names the line and column', async () => {
    // 02-truncated.geojson stops after line 12 ("},"): the parser fails at line 12, column 6
    await expectRefused(x, fixture('02-truncated.geojson', 'hydrants.geojson'), /JSON 格式错误：第 12 行第 6 列/, 'import-truncated');
  }, SLOW);

  test('BAD-INPUTS #4: valid JSON that is not GeoJSON is refused', async () => {
    await expectRefused(x, fixture('04-not-geojson.geojson', 'hydrants.geojson'), /不是 GeoJSON/);
  }, SLOW);

  test('BAD-INPUTS #48: a zip/xlsx renamed .csv is refused by its bytes', async () => {
    await expectRefused(x, fixture('48-xlsx-renamed.csv', 'households.csv'), /ZIP 压缩包/);
  }, SLOW);

  test('a GeoJSON named after no layer goes to the import step (issue #11); with nothing in it there is nothing to confirm', async () => {
    await rememberProject(x);
    await pick(x, [file('mydata.json', '{"type":"FeatureCollection","features":[]}')]);
    const d = x.page.getByTestId('foreign-dialog');
    await d.waitFor({ timeout: 30_000 });
    expect(await d.textContent()).toContain('mydata.json');
    expect(await x.page.getByTestId('foreign-confirm').count()).toBe(0);
    await x.page.getByTestId('foreign-cancel').click();
    await d.waitFor({ state: 'detached' });
    expect(await projectUnchanged(x)).toBe(true);
  }, SLOW);

  test('BAD-INPUTS #2 in English: the dialog follows the UI language', async () => {
    await x.page.getByTestId('lang-switch').click();
    try {
      await expectRefused(x, fixture('02-truncated.geojson', 'hydrants.geojson'), /File hydrants\.geojson: Invalid JSON at line 12, column 6/);
    } finally {
      await x.page.getByTestId('lang-switch').click();
    }
  }, SLOW);

  test('中文/English switched while the dialog shows a problem: the message follows, naming file, row and field (the header switch lies under the dialog)', async () => {
    const d = x.page.getByTestId('import-dialog');
    const lang = () => x.page.locator('html').getAttribute('lang');
    // a file that cannot be read
    await rememberProject(x);
    await pick(x, [fixture('02-truncated.geojson', 'hydrants.geojson')]);
    expect(await dialogText(x)).toMatch(/文件 hydrants\.geojson.*JSON 格式错误：第 12 行第 6 列/);
    // the header's switch cannot be reached: the dialog's backdrop lies over it
    const headerCovered = await x.page.evaluate(() => {
      const r = document.querySelector('[data-testid="lang-switch"]')!.getBoundingClientRect();
      return !document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('[data-testid="lang-switch"]');
    });
    expect(headerCovered).toBe(true);
    await x.page.getByTestId('import-lang-switch').click();
    await expect.poll(lang).toBe('en');
    expect(await dialogText(x)).toMatch(/File hydrants\.geojson.*Invalid JSON at line 12, column 6/);
    // nothing Chinese but the switch back (中文)
    expect((await dialogText(x)).replace(/^中文/, '')).not.toMatch(/[\u3400-\u9fff]/);
    await x.page.getByTestId('import-lang-switch').click();
    await expect.poll(lang).toBe('zh-CN');
    await x.page.getByTestId('import-cancel').click();
    await d.waitFor({ state: 'detached' });
    // a row with a value that is not a number: the issue names file, row and field in either language
    await pick(x, [file('households.csv', 'id,lon,lat,persons\nH1,114.71824,38.606665,abc\nH2,114.715485,38.627556,2\n')]);
    const issue = x.page.locator('[data-testid="import-issue"][data-code="bad-number"]');
    await issue.waitFor({ timeout: 30_000 });
    expect(await issue.textContent()).toContain('文件 households.csv，第 2 行，字段 persons：“人口（persons）”的值“abc”不是数字');
    await x.page.getByTestId('import-lang-switch').click();
    await expect.poll(lang).toBe('en');
    expect(await issue.textContent()).toContain('File households.csv, row 2, field persons: Value "abc" of "Persons (persons)" is not a number');
    await screenshot(x.page, 'import-dialog-english');
    await x.page.getByTestId('import-lang-switch').click();
    await expect.poll(lang).toBe('zh-CN');
    expect(await issue.textContent()).toContain('第 2 行，字段 persons');
    await x.page.getByTestId('import-cancel').click();
    await d.waitFor({ state: 'detached' });
    expect(await projectUnchanged(x)).toBe(true);
  }, SLOW);

  test('BAD-INPUTS #3: a UTF-16 file is decoded and, with nothing wrong, applied at once (no dialog)', async () => {
    const p = x.page;
    await pick(x, [fixture('03-utf16le.geojson', 'hydrants.geojson')]);
    await p.waitForFunction(() => {
      const l = window.__coverageStore!.getState().project.project!.layers.hydrants;
      return l.kind === 'geojson' && l.data.features.length === 2;
    }, null, { timeout: 30_000 });
    expect(await p.getByTestId('import-dialog').count()).toBe(0);
    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'hydrants')).count).toBe(2);
  }, SLOW);

  test('a project.json with layer files replaces the whole project, and the dialog says so', async () => {
    const p = x.page;
    await rememberProject(x);
    const fc = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'F1', status: '现有' }, geometry: { type: 'Point', coordinates: [114.75, 38.61] } }, { type: 'Feature', properties: { id: 'F2' }, geometry: { type: 'Point', coordinates: [114.76, 38.62] } }] });
    await pick(x, [file('project.json', JSON.stringify({ name: '测试县' })), file('fire_stations.geojson', fc)]);
    const text = await dialogText(x);
    // F2 has no status (required) → 2 read, 1 loaded, 1 rejected
    expect(text).toContain('将替换整个项目：测试县');
    expect(await p.getByTestId('import-count-fireStations').locator('td').allTextContents()).toEqual(['消防救援站', '2', '1', '1', '0']);
    await p.getByTestId('import-cancel').click();
    await p.getByTestId('import-dialog').waitFor({ state: 'detached' });
    expect(await projectUnchanged(x)).toBe(true);
  }, SLOW);

  test('BAD-INPUTS #7: NaN/null/Infinity coordinates name the feature; 取消 leaves the project and the map unchanged', async () => {
    const p = x.page;
    await waitForMapIdle(p);
    const before = (await queryRenderedFeatures(p, 'hydrants')).count;
    expect(before).toBeGreaterThan(0);
    await rememberProject(x);
    await pick(x, [fixture('07-nonfinite.geojson', 'hydrants.geojson')]);
    const text = await dialogText(x);
    // 4 features read: H1 valid, H2 null, H3 NaN, H4 Infinity → 1 loaded, 3 rejected
    expect(await p.getByTestId('import-count-hydrants').locator('td').allTextContents()).toEqual(['消火栓与消防水鹤', '4', '1', '3', '0']);
    expect(text).toContain('将替换图层：消火栓与消防水鹤（hydrants.geojson）');
    const issues = await p.getByTestId('import-issue').allTextContents();
    expect(issues.some((t) => t.includes('文件 hydrants.geojson，第 2 个要素') && t.includes('坐标中有空值、NaN'))).toBe(true);
    expect(issues.some((t) => t.includes('第 3 个要素'))).toBe(true);
    expect(issues.some((t) => t.includes('第 4 个要素'))).toBe(true);
    await screenshot(p, 'import-dialog-nan');
    await p.getByTestId('import-cancel').click();
    await p.getByTestId('import-dialog').waitFor({ state: 'detached' });
    expect(await projectUnchanged(x)).toBe(true);
    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'hydrants')).count).toBe(before);
  }, SLOW);

  test('BAD-INPUTS #7: 导入有效部分 replaces only that layer with its one valid feature', async () => {
    const p = x.page;
    const kgBefore = (await queryRenderedFeatures(p, 'kindergartens')).count;
    await pick(x, [fixture('07-nonfinite.geojson', 'hydrants.geojson')]);
    await dialogText(x);
    await p.getByTestId('import-keep').click();
    await p.getByTestId('import-dialog').waitFor({ state: 'detached' });
    await waitForMapIdle(p);
    const h = await queryRenderedFeatures(p, 'hydrants');
    expect(h.count).toBe(1);
    expect(h.sample[0].properties.id).toBe('H1');
    // the other layers are the same: same kindergartens drawn
    expect((await queryRenderedFeatures(p, 'kindergartens')).count).toBe(kgBefore);
  }, SLOW);

  test('BAD-INPUTS #15: Gauss-Krüger metres are flagged, the CRS is asked, nothing is drawn; confirmed EPSG:4547 places them in the county', async () => {
    const p = x.page;
    await rememberProject(x);
    await pick(x, [fixture('15-gauss-kruger.geojson', 'kindergartens.geojson')]);
    const text = await dialogText(x);
    expect(text).toContain('高斯-克吕格');
    expect(text).toContain('没有可导入的有效数据');
    expect(await p.getByTestId('import-keep').count()).toBe(0);
    // the loader's message names EPSG:4547 (3-degree zone, 114°E) for eastings near 500 000 without a zone
    expect(await p.getByTestId('import-crs-input').inputValue()).toBe('EPSG:4547');
    await screenshot(p, 'import-dialog-crs');
    expect(await projectUnchanged(x)).toBe(true);
    // confirm: read again as EPSG:4547 → x 561 234 m is ~61 km east of 114°E at 38.6°N → ≈114.70°E
    await p.getByTestId('import-crs-apply').click();
    await p.waitForFunction(() => !document.querySelector('[data-testid="import-dialog"]') || document.querySelector('[data-testid="import-keep"]'), null, { timeout: 30_000 });
    if (await p.getByTestId('import-keep').count()) await p.getByTestId('import-keep').click();
    await p.getByTestId('import-dialog').waitFor({ state: 'detached' });
    await waitForMapIdle(p);
    const coords = await p.evaluate(() => {
      const l = window.__coverageStore!.getState().project.project!.layers.kindergartens;
      return l.kind === 'geojson' ? l.data.features.map((f) => (f.geometry as { coordinates: number[] }).coordinates) : [];
    });
    expect(coords.length).toBe(3);
    for (const [lon, lat] of coords) {
      expect(lon).toBeGreaterThan(114.6);
      expect(lon).toBeLessThan(114.8);
      expect(lat).toBeGreaterThan(38.5);
      expect(lat).toBeLessThan(38.7);
    }
    expect((await queryRenderedFeatures(p, 'kindergartens')).count).toBe(3);
  }, SLOW);

  test('reading a large file can be cancelled: no dialog, the project unchanged', async () => {
    const p = x.page;
    await rememberProject(x);
    // 400 000 households rows (~13 MB): takes seconds to parse in the worker, long enough to cancel
    const rows = ['id,lon,lat,persons'];
    for (let i = 0; i < 400_000; i++) rows.push(`B${i},${(114.7 + (i % 1000) * 0.0001).toFixed(4)},${(38.6 + Math.floor(i / 1000) * 0.0001).toFixed(4)},3`);
    await pick(x, [file('households.csv', rows.join('\n'))]);
    await p.getByTestId('import-reading-cancel').click();
    await p.getByTestId('import-reading').waitFor({ state: 'detached', timeout: 60_000 });
    // the cancelled reading has ended (its worker stopped): nothing can open the dialog any more
    await p.waitForFunction(() => window.__coverageImportStore?.getState().running === 0, null, { timeout: 30_000 });
    expect(await p.getByTestId('import-dialog').count()).toBe(0);
    expect(await projectUnchanged(x)).toBe(true);
  }, SLOW);

  test('BAD-INPUTS #35: HTML in attribute values is text in the dialog and the popup, and runs nothing', async () => {
    const p = x.page;
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'K1', name: XSS_SHOWN, ownership: 'public' }, geometry: { type: 'Point', coordinates: [114.75, 38.618] } },
        { type: 'Feature', properties: { id: 'K2', name: 'ok', ownership: XSS_ENUM }, geometry: { type: 'Point', coordinates: [114.76, 38.62] } },
      ],
    };
    await pick(x, [file('kindergartens.geojson', JSON.stringify(fc))]);
    await dialogText(x);
    const issues = await p.getByTestId('import-issue').allTextContents();
    expect(issues.some((t) => t.includes('第 2 个要素') && t.includes(XSS_ENUM))).toBe(true);
    expect(await p.getByTestId('import-dialog').locator('img').count()).toBe(0);
    await screenshot(p, 'import-dialog-xss');
    await p.getByTestId('import-keep').click();
    await p.getByTestId('import-dialog').waitFor({ state: 'detached' });
    // only kindergartens on the map, so the click finds K1
    await p.evaluate(() => {
      const s = window.__coverageStore!.getState();
      for (const id of s.layerUi.order) s.setLayerVisible(id, id === 'kindergartens');
    });
    await waitForMapIdle(p);
    const pt = await p.evaluate(() => {
      const m = window.__coverageMap!;
      const q = m.project([114.75, 38.618]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + q.x, y: r.top + q.y };
    });
    await p.mouse.click(pt.x, pt.y);
    const popup = p.getByTestId('feature-popup');
    await popup.waitFor({ timeout: 60_000 });
    expect(await popup.locator('td').allTextContents()).toContain(XSS_SHOWN);
    await settled(p);
    expect(await p.evaluate(() => (window as unknown as { __imgs: number }).__imgs)).toBe(0);
    expect(await p.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(x.dialogs).toEqual([]);
    await p.keyboard.press('Escape');
    await p.evaluate(() => {
      const s = window.__coverageStore!.getState();
      for (const id of s.layerUi.order) s.setLayerVisible(id, true);
    });
  }, SLOW);

  test('an OpenStreetMap extract (.osm.pbf) brings its roads, fire stations, hydrants and kindergartens; the rest of the project stays', async () => {
    const p = x.page;
    const pbf = readFileSync(resolve(import.meta.dirname, '../fixtures/osm/monaco.osm.pbf'));
    await pick(x, [file('monaco.osm.pbf', pbf)]);
    // OSM has no ownership for Monaco's kindergarten: the dialog names it and offers the valid part
    const text = await dialogText(x);
    expect(text).toContain('monaco.osm.pbf');
    await p.getByTestId('import-keep').click();
    await p.getByTestId('import-dialog').waitFor({ state: 'detached' });
    const counts = await p.evaluate(() => {
      const l = window.__coverageStore!.getState().project.project!.layers;
      const n = (d: unknown) => ((d as { data?: { features: unknown[] }; count?: number }).data?.features.length ?? (d as { count: number }).count);
      return { roads: n(l.roads), fireStations: n(l.fireStations), hydrants: n(l.hydrants), households: n(l.households) };
    });
    // docs/osm-import.md: 2,924 roads (3 one-node ways dropped), 3 fire stations, 1 hydrant; households untouched
    expect(counts).toEqual({ roads: 2924, fireStations: 3, hydrants: 1, households: SMALL_COUNTY_HOUSEHOLDS });
    await p.evaluate(() => new Promise<void>((ok) => {
      const m = window.__coverageMap!;
      m.once('idle', () => ok());
      m.jumpTo({ center: [7.4219, 43.7378], zoom: 14 });
    }));
    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'roads')).count).toBeGreaterThan(100);
    await screenshot(p, 'import-osm-monaco');
  }, SLOW);
});

describe('import dialog: what project.json would hold that does nothing is shown before the import is applied', () => {
  const server = useAppServer({ county: 'small' });

  const station = (id: string, lon: number) => ({ type: 'Feature', properties: { id, name: `${id}站`, status: '现有' }, geometry: { type: 'Point', coordinates: [lon, 38.61] } });
  const stations = (...ids: string[]) => JSON.stringify({ type: 'FeatureCollection', features: ids.map((id, i) => station(id, 114.75 + i * 0.01)) });

  test('a project.json with a params key nothing reads (replace), then a station file without the station a scenario removes (merge)', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    const pj = { name: '测试县', params: { hydrant_radius: 150 }, scenarios: { active: 's1', list: [{ id: 's1', name: '撤并方案', edits: [{ op: 'remove', layer: 'fireStations', id: 'S2' }] }] } };
    await pick(x, [file('project.json', JSON.stringify(pj)), file('fire_stations.geojson', stations('S1', 'S2'))]);
    await dialogText(x);
    let issues = await p.getByTestId('import-issue').allTextContents();
    expect(issues.some((t) => t.includes('project.json') && t.includes('hydrant_radius'))).toBe(true);
    expect(issues.some((t) => t.includes('撤并方案'))).toBe(false); // S2 is in the file: the edit does something
    await p.getByTestId('import-keep').click();
    await p.getByTestId('import-dialog').waitFor({ state: 'detached' });
    expect(await p.evaluate(() => window.__coverageStore!.getState().project.project!.name)).toBe('测试县');

    // the station file again, now without S2: the scenario's edit would do nothing — said before it is applied
    await rememberProject(x);
    await pick(x, [file('fire_stations.geojson', stations('S1', 'S3'))]);
    await dialogText(x);
    issues = await p.getByTestId('import-issue').allTextContents();
    expect(issues.filter((t) => t.includes('撤并方案') && t.includes('S2') && t.includes('scenarios.list[0].edits[0]'))).toHaveLength(1);
    expect(issues.some((t) => t.includes('hydrant_radius'))).toBe(false); // already in the project: listed in the layers panel, not again here
    await screenshot(p, 'import-dialog-stale-edit');
    await p.getByTestId('import-cancel').click();
    await p.getByTestId('import-dialog').waitFor({ state: 'detached' });
    expect(await projectUnchanged(x)).toBe(true);
    expect(x.errors).toEqual([]);
    expect(x.externalRequests).toEqual([]);
    await x.context.close();
  }, SLOW);
});
