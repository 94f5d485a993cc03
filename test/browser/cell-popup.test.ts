// Session 19: below zoom 13 the households (and large result layers of households) are drawn as grid
// cells; the popup of a cell says what the cell holds instead of a single household's fields as "—".
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, screenshot, useAppServer, waitForMapIdle, type AppPage } from './harness';

const SLOW = 300_000;

/** Unticks every data layer in the layer panel but `keep`, so a click can only land on what is left. */
async function showOnly(x: AppPage, keep: string | null): Promise<void> {
  const boxes = x.page.locator('[data-testid^="layer-toggle-"]');
  for (const box of await boxes.all()) {
    const id = ((await box.getAttribute('data-testid')) ?? '').replace('layer-toggle-', '');
    if ((await box.isChecked()) !== (id === keep)) await box.click();
  }
  await waitForMapIdle(x.page);
}

/**
 * Centres the map at zoom 12 (below the point zoom 13) on the cell with the most rows among the
 * drawn features of `styleLayer`, then returns the page pixel of the cell drawn on top at that cell's
 * centre and its row count (read from the map, as a click there finds it).
 */
async function cellUnderClick(page: Page, styleLayer: string): Promise<{ x: number; y: number; count: number }> {
  const centre = await page.evaluate((styleLayer) => {
    const m = window.__coverageMap!;
    const cells = m.queryRenderedFeatures({ layers: [styleLayer] }).filter((f) => typeof f.properties.__count === 'number' && f.geometry.type === 'Point');
    if (cells.length === 0) return null;
    const big = cells.reduce((a, b) => (b.properties.__count > a.properties.__count ? b : a));
    return (big.geometry as GeoJSON.Point).coordinates as [number, number];
  }, styleLayer);
  expect(centre, `cells of ${styleLayer} drawn`).not.toBeNull();
  await page.evaluate((c) => void window.__coverageMap!.jumpTo({ center: c, zoom: 12 }), centre!);
  await waitForMapIdle(page);
  const hit = await page.evaluate(
    ({ styleLayer, c }) => {
      const m = window.__coverageMap!;
      const pt = m.project(c);
      const top = m.queryRenderedFeatures(pt, { layers: [styleLayer] })[0];
      const box = m.getCanvas().getBoundingClientRect();
      return { x: box.left + pt.x, y: box.top + pt.y, count: Number(top?.properties.__count), zoom: m.getZoom() };
    },
    { styleLayer, c: centre! },
  );
  expect(hit.zoom).toBeLessThan(13);
  expect(hit.count).toBeGreaterThan(0);
  return hit;
}

/** Clicks the pixel and returns the popup's text: title, summary, table rows and hint. */
async function popupAt(page: Page, xy: { x: number; y: number }) {
  await page.keyboard.press('Escape');
  await page.getByTestId('feature-popup').waitFor({ state: 'detached' });
  await page.mouse.click(xy.x, xy.y);
  const popup = page.getByTestId('feature-popup');
  await popup.waitFor();
  return {
    title: await popup.locator('h4').textContent(),
    summary: await popup.locator('.feature-popup-summary').textContent(),
    labels: await popup.locator('th').allTextContents(),
    values: await popup.locator('td').allTextContents(),
    hint: await popup.locator('.feature-popup-hint').textContent(),
    all: (await popup.textContent()) ?? '',
  };
}

async function switchLanguage(page: Page, lang: 'zh' | 'en'): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) !== (lang === 'zh' ? 'zh-CN' : 'en')) await page.getByTestId('lang-switch').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang === 'zh' ? 'zh-CN' : 'en');
}

/** The numbers of a breakdown ("气代煤 12，电代煤 3，未填 1" → [12, 3, 1]). */
const numbers = (s: string) => (s.replace(/,(?=\d{3})/g, '').match(/\d+/g) ?? []).map(Number);

describe('the popup of a grid cell says what the cell holds (small county)', () => {
  const server = useAppServer({ county: 'small' });

  test('households layer below zoom 13: count and cell size, heating by value, a hint to zoom in — in Chinese and English', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    await showOnly(x, 'households');
    const cell = await cellUnderClick(p, 'households-agg-0');

    const zh = await popupAt(p, cell);
    expect(zh.title).toBe('农户');
    expect(zh.summary).toBe(`此处 ${cell.count.toLocaleString('zh-CN')} 户（网格约 445 米）`);
    expect(zh.labels).toEqual(['取暖方式（各类数量）']);
    // the breakdown's counts (and 未填) add up to the households of the cell
    expect(numbers(zh.values[0]).reduce((a, b) => a + b, 0)).toBe(cell.count);
    expect(zh.values[0]).toMatch(/^(气代煤|电代煤|洁净煤|其他|未填) \d/);
    expect(zh.hint).toBe('放大到 13 级及以上可逐户查看。');
    expect(zh.all).not.toContain('—');
    await screenshot(p, 'cell-popup-households-zh');

    await switchLanguage(p, 'en');
    const en = await popupAt(p, cell);
    expect(en.title).toBe('Households');
    expect(en.summary).toBe(`${cell.count.toLocaleString('en')} households in this cell (≈445 m grid)`);
    expect(en.labels).toEqual(['Heating (count by value)']);
    expect(numbers(en.values[0]).reduce((a, b) => a + b, 0)).toBe(cell.count);
    expect(en.hint).toBe('Zoom in to level 13 or closer to see individual households.');
    expect(en.all).not.toContain('—');
    expect(en.all).not.toMatch(/[\u4e00-\u9fff]/);
    await screenshot(p, 'cell-popup-households-en');
    expect(x.errors).toEqual([]);
    await x.context.close();
  }, SLOW);

  test('fire "not reached" result below zoom 13: the cell counts its households and lists no ID, village or arrival time', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-run').click();
    await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    await showOnly(x, null);
    const cell = await cellUnderClick(p, 'result:fire-uncovered-0');

    const zh = await popupAt(p, cell);
    expect(zh.title).toMatch(/^消防未覆盖农户/); // followed by the 方案 it was run under
    expect(zh.summary).toBe(`此处 ${cell.count.toLocaleString('zh-CN')} 户（网格约 445 米）`);
    expect(zh.labels).toEqual([]);
    expect(zh.hint).toBe('放大到 13 级及以上可逐户查看。');
    expect(zh.all).not.toContain('—');
    await screenshot(p, 'cell-popup-fire-zh');

    await switchLanguage(p, 'en');
    const en = await popupAt(p, cell);
    expect(en.title).toMatch(/^Households not reached by fire service/);
    expect(en.summary).toBe(`${cell.count.toLocaleString('en')} households in this cell (≈445 m grid)`);
    expect(en.labels).toEqual([]);
    expect(en.hint).toBe('Zoom in to level 13 or closer to see individual households.');
    expect(en.all).not.toContain('—');
    await screenshot(p, 'cell-popup-fire-en');
    expect(x.errors).toEqual([]);
    await x.context.close();
  }, SLOW);
});
