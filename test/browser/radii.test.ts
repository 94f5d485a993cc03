import { describe, expect, test } from 'vitest';
import { queryRenderedFeatures, screenshot, useDemoApp, waitForMapIdle, type AppPage, downloadBytes } from './harness';

const SLOW = 300_000;

/** Number shown in a figure ("11.5%" → 11.5; "1,359 · 228.67 km" → 1359). */
async function figureNumber(p: AppPage, testId: string): Promise<number> {
  const text = (await p.page.getByTestId(testId).locator('.figure-value').textContent()) ?? '';
  return Number(text.replace(/,/g, '').match(/-?\d+(\.\d+)?/)?.[0] ?? NaN);
}

/** Ticks or unticks data layers in the layer panel, then returns to `panel`. */
async function showLayers(p: AppPage, layers: Record<string, boolean>, panel: string): Promise<void> {
  await p.page.getByTestId('panel-tab-layers').click();
  for (const [id, visible] of Object.entries(layers)) {
    const box = p.page.getByTestId(`layer-toggle-${id}`);
    if ((await box.count()) === 0) continue;
    if ((await box.isChecked()) !== visible) await box.click();
  }
  await p.page.getByTestId(`panel-tab-${panel}`).click();
}

/** Moves the map and waits for it to settle. */
async function jumpTo(p: AppPage, center: [number, number], zoom: number): Promise<void> {
  await p.page.evaluate(
    ({ center, zoom }) =>
      new Promise<void>((ok) => {
        const m = window.__coverageMap!;
        m.once('moveend', () => ok());
        m.jumpTo({ center, zoom });
      }),
    { center, zoom },
  );
  await waitForMapIdle(p.page);
}

// The county seat's built-up area in the demo county (data/demo/built_up.geojson, 曲阳县城).
const COUNTY_SEAT: [number, number] = [114.74, 38.62];

describe('hydrant, kindergarten and uncovered-household panels on the demo county', () => {
  const demo = useDemoApp(SLOW);

  /** The hydrant tab run on the built hydrants only (proposals adopted by another test, if any, left out). */
  async function runBuiltHydrants(p: AppPage['page']): Promise<void> {
    await p.getByTestId('panel-tab-hydrants').click();
    const planned = p.getByTestId('hydrant-include-planned');
    if ((await planned.count()) > 0 && (await planned.isChecked())) await planned.click();
    await p.getByTestId('hydrant-run').click();
    await p.locator('[data-testid="hydrant-results"][data-result-status="current"]').waitFor({ timeout: 120_000 });
    await p.getByTestId('hydrant-figures').waitFor({ timeout: 120_000 });
  }

  test('hydrant gaps are drawn on the roads with proposed hydrants, and the gap table sorts', async () => {
    const p = demo.main.page;
    await runBuiltHydrants(p);
    const pct = await figureNumber(demo.main, 'hydrant-covered-pct');
    expect(pct).toBeGreaterThan(0);
    expect(pct).toBeLessThan(100);
    // water cranes are not counted as 150 m hydrants unless asked (issue #13): the demo's 11.3 %
    expect(await p.getByTestId('hydrant-cranes-as-hydrants').isChecked()).toBe(false);
    expect(pct).toBe(11.3);
    expect(await figureNumber(demo.main, 'hydrant-gap-count')).toBeGreaterThan(0);
    const proposed = await figureNumber(demo.main, 'hydrant-proposed-count');
    expect(proposed).toBeGreaterThan(0);
    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'result:hydrant-gaps')).count).toBeGreaterThan(0);
    expect((await queryRenderedFeatures(p, 'result:hydrant-proposed')).count).toBeGreaterThan(0);
    // The road table starts sorted by gap length, longest first; a click on the header reverses it.
    const table = p.getByTestId('hydrant-road-table');
    const firstLen = async () => Number(((await table.locator('tbody tr').first().locator('td').nth(4).textContent()) ?? '').replace(/,/g, ''));
    const longest = await firstLen();
    await p.getByTestId('hydrant-road-table-sort-gapLengthM').click();
    const shortest = await firstLen();
    expect(shortest).toBeLessThanOrEqual(longest);
    await p.getByTestId('hydrant-road-table-sort-gapLengthM').click();
    await showLayers(demo.main, { households: false, dualConversionAreas: false, servicePoints: false, kindergartens: false, fireStations: false }, 'hydrants');
    await jumpTo(demo.main, COUNTY_SEAT, 14);
    await screenshot(p, 'radii-hydrants');
  }, SLOW);

  test('accepting the proposals into the plan closes every gap "after the plan is built"', async () => {
    const p = demo.main.page;
    // its own run, in whatever order the tests go
    await runBuiltHydrants(p);
    await p.getByTestId('hydrant-accept').click();
    await p.getByTestId('hydrant-accepted').waitFor();
    expect(await p.getByTestId('hydrant-include-planned').isChecked()).toBe(true);
    // The figures were computed before the adoption: shown as stale until recomputed.
    await p.locator('[data-testid="hydrant-results"][data-result-status="stale"]').waitFor();
    await waitForMapIdle(p);
    await p.getByTestId('hydrant-recompute').click();
    await p.locator('[data-testid="hydrant-results"][data-result-status="current"]').waitFor({ timeout: 120_000 });
    expect(await figureNumber(demo.main, 'hydrant-covered-pct')).toBeCloseTo(100, 1);
    expect(await figureNumber(demo.main, 'hydrant-proposed-count')).toBe(0);
  }, SLOW);

  test('kindergarten figures, township table and households outside every radius on the map', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-kindergartens').click();
    await p.getByTestId('kg-run').click();
    await p.locator('[data-testid="kg-figures"], .radii-panel [role="alert"]').first().waitFor({ timeout: 120_000 });
    expect(await p.locator('.radii-panel [role="alert"]').count(), (await p.locator('.radii-panel [role="alert"]').allTextContents()).join()).toBe(0);
    expect(await figureNumber(demo.main, 'kg-uncovered-households')).toBeGreaterThan(0);
    const share = await figureNumber(demo.main, 'kg-public-share');
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(100);
    expect(await p.getByTestId('kg-township-table').locator('tbody tr').count()).toBeGreaterThan(1);
    // children 3–5 and, in brackets, those outside every radius: Chinese brackets only in Chinese
    const children = p.getByTestId('kg-children').locator('.figure-value');
    expect(await children.textContent()).toMatch(/^[\d,]+（[\d,]+）$/);
    await p.getByTestId('lang-switch').click();
    await p.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(await children.textContent()).toMatch(/^[\d,]+ \([\d,]+\)$/);
    await p.getByTestId('lang-switch').click();
    await p.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    await waitForMapIdle(p);
    await showLayers(demo.main, { kindergartens: true, hydrants: false }, 'kindergartens');
    await p.evaluate(() => {
      const s = window.__coverageStore!.getState();
      for (const id of ['hydrant-gaps', 'hydrant-proposed']) s.setResultVisible(id, false);
    });
    await jumpTo(demo.main, [114.7, 38.63], 11);
    expect((await queryRenderedFeatures(p, 'result:kindergarten-uncovered')).count).toBeGreaterThan(0);
    await screenshot(p, 'radii-kindergartens');
  }, SLOW);

  test('uncovered households: counts per service, a filter, the highlight and a CSV download', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-uncovered').click();
    await p.getByTestId('uncovered-with-fire').uncheck();
    await p.getByTestId('uncovered-run').click();
    await p.locator('[data-testid="uncovered-counts"], .radii-panel [role="alert"]').first().waitFor({ timeout: 240_000 });
    expect(await p.locator('.radii-panel [role="alert"]').count(), (await p.locator('.radii-panel [role="alert"]').allTextContents()).join()).toBe(0);
    expect(await p.getByTestId('uncovered-count-fire').textContent()).toContain('未计算');
    const hydrantRow = await p.getByTestId('uncovered-count-hydrant').locator('td').allTextContents();
    expect(Number(hydrantRow[1].replace(/,/g, ''))).toBeGreaterThan(0);
    const count = async () => Number(((await p.getByTestId('uncovered-selected').textContent()) ?? '').replace(/,/g, '').match(/\d+/)?.[0]);
    const all = await count();
    const options = await p.getByTestId('uncovered-township').locator('option').allTextContents();
    await p.getByTestId('uncovered-township').selectOption(options[1]);
    const one = await count();
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(all);
    await p.getByTestId('uncovered-highlight').click();
    await p.evaluate(() => window.__coverageStore!.getState().setResultVisible('kindergarten-uncovered', false));
    await jumpTo(demo.main, [114.58, 38.75], 11.5);
    expect((await queryRenderedFeatures(p, 'result:uncovered-households')).count).toBeGreaterThan(0);
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('uncovered-csv').click()]);
    const text = (await downloadBytes(download)).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n').length - 2).toBe(one);
    await screenshot(p, 'radii-uncovered');
  }, SLOW);

  test('nothing went to the network and nothing failed', () => {
    expect(demo.main.externalRequests).toEqual([]);
    expect(demo.main.errors).toEqual([]);
    expect(demo.main.dialogs).toEqual([]);
  });
});
