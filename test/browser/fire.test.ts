import { describe, expect, test } from 'vitest';
import { type AppPage, queryRenderedFeatures, screenshot, useDemoApp, waitForMapIdle, builtUpPixel } from './harness';

const SLOW = 300_000;

/** Numbers in a figure's value ("15.1% → 27%" → [15.1, 27]; "8,686 → 15,486 / 200,000 户" → [8686, 15486, 200000]). */
async function figureNumbers(p: AppPage, testId: string): Promise<number[]> {
  const text = (await p.page.getByTestId(testId).locator('.figure-value').textContent()) ?? '';
  return (text.replace(/,/g, '').match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
}

describe('fire-coverage panel on the demo county', () => {
  const demo = useDemoApp(SLOW);

  test('existing only vs existing + planned: figures, isochrones, districts and uncovered households on the map', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-fire').click();
    await expect(p.getByTestId('fire-param-threshold').inputValue()).resolves.toBe('5');
    await p.getByTestId('fire-run').click();
    await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    const [before, after] = await figureNumbers(demo.main, 'fire-covered-pct');
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(before); // the planned station adds coverage
    const [hBefore, hAfter, total] = await figureNumbers(demo.main, 'fire-households-covered');
    expect(hAfter).toBeGreaterThan(hBefore);
    expect(total).toBe(200000);
    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'result:fire-isochrones')).count).toBeGreaterThan(0);
    expect((await queryRenderedFeatures(p, 'result:fire-districts')).count).toBeGreaterThan(0);
    expect((await queryRenderedFeatures(p, 'result:fire-uncovered')).count).toBeGreaterThan(0);
    await screenshot(p, 'fire-before-after');
    // households by heating are named as the households layer names them (was: gas, electric, clean_coal, other in the Chinese panel; session 15 walk)
    const heating = (await p.getByTestId('fire-heating-table').textContent()) ?? '';
    expect(heating).toContain('电代煤');
    expect(heating).not.toMatch(/electric|clean_coal/);
    // household counts in the tables as on the cards, with thousands separators (session 20 walk: 97846 under 12,218)
    const firstTownship = await p.getByTestId('fire-township-table').locator('tbody tr').first().locator('td').allTextContents();
    expect(firstTownship.slice(1).every((c) => /^\d{1,3}(,\d{3})*$/.test(c))).toBe(true);
    expect(firstTownship.slice(1).some((c) => c.includes(','))).toBe(true);
    // the district limit column says whether a station meets it (✓/✗ as in 规范检查), not 超限 over a ✗
    expect(await p.getByTestId('fire-station-table').locator('thead th').allTextContents()).toContain('达标');
    // the reach-by-minute chart: before and after lines, and at 5 min the marks carry the figures above
    const chart = p.getByTestId('fire-reach-chart');
    await chart.scrollIntoViewIfNeeded();
    expect(await chart.locator('polyline[data-series="before"]').count()).toBe(1);
    expect(await chart.locator('polyline[data-series="after"]').count()).toBe(1);
    const marks = chart.locator('circle[data-p="5"]');
    expect(await marks.count()).toBe(2);
    const pcts = (await marks.evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-value'))))).sort((x, y) => x - y);
    expect(pcts[0]).toBeCloseTo((100 * hBefore) / total, 1);
    expect(pcts[1]).toBeCloseTo((100 * hAfter) / total, 1);
    expect(await marks.first().locator('title').textContent()).toMatch(/5 分钟内 [\d,]+ 户/);
    await p.getByTestId('fire-reach-measure').selectOption('builtUp');
    const builtUp = (await chart.locator('circle[data-p="5"]').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-value'))))).sort((x, y) => x - y);
    expect(builtUp[0]).toBeCloseTo(before, 0);
    expect(builtUp[1]).toBeCloseTo(after, 0);
    await p.getByTestId('fire-reach-chart').screenshot({ path: (await screenshot(p, 'fire-reach-chart-page')).replace('-page.png', '.png') });
  }, SLOW);

  test('adding a station by clicking the map at 羊平镇 raises the households reached', async () => {
    const p = demo.main.page;
    const [, hAfter] = await figureNumbers(demo.main, 'fire-households-covered');
    // The pixel of the centre of 羊平镇's built-up area.
    const xy = await builtUpPixel(p, '羊平镇');
    await p.getByTestId('fire-add-station').click();
    await p.mouse.click(xy.x, xy.y);
    await p.getByTestId('fire-remove-NEW-1').waitFor();
    await p.waitForFunction(
      (prev) => {
        const t = document.querySelector('[data-testid="fire-households-covered"] .figure-value')?.textContent ?? '';
        const n = (t.replace(/,/g, '').match(/\d+/g) ?? []).map(Number);
        return n.length >= 2 && n[1] > prev;
      },
      hAfter,
      { timeout: 180_000 },
    );
    const [, hAdded] = await figureNumbers(demo.main, 'fire-households-covered');
    expect(hAdded).toBeGreaterThan(hAfter);
    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'result:fire-scenario-stations')).count).toBeGreaterThan(0);
    await p.getByTestId('fire-figures').scrollIntoViewIfNeeded();
    await screenshot(p, 'fire-added-station');
    expect(demo.main.errors).toEqual([]);
    expect(demo.main.externalRequests).toEqual([]);
  }, SLOW);
});
