// Map discipline (issue #10): the map shows the open tab's results; the other analyses' results
// are one click away in the layer list (grouped by analysis, "始终显示" pins a group).
import { describe, expect, test } from 'vitest';
import { type AppPage, screenshot, useDemoApp } from './harness';

const SLOW = 300_000;

/** Visibility of a result style layer on the live map ('visible' | 'none' | null when absent). */
async function resultVisibility(p: AppPage, id: string): Promise<string | null> {
  return p.page.evaluate((id) => {
    const m = window.__coverageMap!;
    const l = `result:${id}-0`;
    return m.getLayer(l) ? ((m.getLayoutProperty(l, 'visibility') as string | undefined) ?? 'visible') : null;
  }, id);
}

describe('result layers grouped by analysis (demo county)', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('fire results show on the fire tab, hide on the hydrants tab, all show on the layer list; pinned they stay', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-run').click();
    await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    await expect.poll(() => resultVisibility(demo.main, 'fire-isochrones'), { timeout: 60_000 }).toBe('visible');
    await p.getByTestId('panel-tab-hydrants').click();
    await expect.poll(() => resultVisibility(demo.main, 'fire-isochrones'), { timeout: 60_000 }).toBe('none');
    // the layer list: a 消防 group with its layers, shown there
    await p.getByTestId('panel-tab-layers').click();
    await expect.poll(() => resultVisibility(demo.main, 'fire-isochrones'), { timeout: 60_000 }).toBe('visible');
    const group = p.getByTestId('result-group-fire');
    await group.waitFor();
    expect(await group.getByTestId('result-row-fire-isochrones').count()).toBe(1);
    await p.getByTestId('result-group-pin-fire').check();
    await group.scrollIntoViewIfNeeded();
    await screenshot(p, 'result-groups');
    await p.getByTestId('panel-tab-hydrants').click();
    await expect.poll(() => resultVisibility(demo.main, 'fire-isochrones'), { timeout: 60_000 }).toBe('visible');
    // unpinned again: hidden on another tab
    await p.getByTestId('panel-tab-layers').click();
    await p.getByTestId('result-group-pin-fire').uncheck();
    await p.getByTestId('panel-tab-hydrants').click();
    await expect.poll(() => resultVisibility(demo.main, 'fire-isochrones'), { timeout: 60_000 }).toBe('none');
    expect(demo.main.errors).toEqual([]);
  }, SLOW);
});
