import { describe, expect, test } from 'vitest';
import { queryRenderedFeatures, screenshot, useDemoApp, waitForMapIdle, savedWorkRecord } from './harness';

const SLOW = 300_000;

describe('results carry the key they were computed for: a changed parameter or an undo marks them stale', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('run hydrants → change the radius → stale, layers gone → undo → current → change → recompute → current', async () => {
    const p = demo.main.page;
    const results = p.getByTestId('hydrant-results');
    const current = p.locator('[data-testid="hydrant-results"][data-result-status="current"]');
    const stale = p.locator('[data-testid="hydrant-results"][data-result-status="stale"]');
    await p.getByTestId('panel-tab-hydrants').click();
    await p.getByTestId('hydrant-run').click();
    await current.waitFor({ timeout: 120_000 });
    const gaps150 = await p.getByTestId('hydrant-gap-count').locator('.figure-value').textContent();
    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'result:hydrant-gaps')).count).toBeGreaterThan(0);

    // A committed change of the radius (Enter) goes to the project's params: the figures are stale.
    await p.getByTestId('hydrant-radius').fill('60');
    await p.getByTestId('hydrant-radius').press('Enter');
    await stale.waitFor();
    expect(await p.getByTestId('hydrant-stale').textContent()).toContain('已过期');
    expect(await p.getByTestId('hydrant-accept').isDisabled()).toBe(true);
    // stale figures are never exported or printed as if current: Excel, CSV and the report wait for a recompute
    for (const id of ['hydrant-export-xlsx', 'hydrant-download', 'hydrant-print-report']) expect(await p.getByTestId(id).isDisabled(), id).toBe(true);
    expect(await p.getByTestId('hydrant-radius-changed').textContent()).toContain('默认值 150 m');
    expect(await p.evaluate(() => window.__coverageStore!.getState().project.project?.params['hydrant-radius'])).toBe(60);
    expect(await p.evaluate(() => window.__coverageStore!.getState().results.map((r) => r.id).filter((id) => id.startsWith('hydrant')))).toEqual([]);
    await screenshot(p, 'hydrant-stale');

    // Undo (outside the field) brings the radius the figures were computed with back: current again.
    await p.getByTestId('hydrant-figures').click();
    await p.keyboard.press('Control+z');
    await current.waitFor();
    expect(await p.getByTestId('hydrant-radius').inputValue()).toBe('150');
    expect(await p.getByTestId('hydrant-radius-changed').count()).toBe(0);

    // Change again and recompute with one click: current, with the new radius's figures.
    await p.getByTestId('hydrant-radius').fill('60');
    await p.getByTestId('hydrant-radius').press('Enter');
    await stale.waitFor();
    await p.getByTestId('hydrant-recompute').click();
    await current.waitFor({ timeout: 120_000 });
    expect(await p.getByTestId('hydrant-stale').count()).toBe(0);
    expect(await p.getByTestId('hydrant-gap-count').locator('.figure-value').textContent()).not.toBe(gaps150);
    expect(await results.getAttribute('data-result-status')).toBe('current');
    for (const id of ['hydrant-export-xlsx', 'hydrant-download', 'hydrant-print-report']) expect(await p.getByTestId(id).isDisabled(), id).toBe(false);
    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'result:hydrant-gaps')).count).toBeGreaterThan(0);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);

  test('the fire threshold typed in the fire panel is the one siting uses: a fire siting result goes stale, its layers leave; reset makes it current', async () => {
    const p = demo.main.page;
    const current = p.locator('[data-testid="siting-results"][data-result-status="current"]');
    await p.getByTestId('panel-tab-siting').click();
    // staleness is what this test checks, not the coverage-vs-P curve (by default the panel also
    // solves P = 1 … 10, about 3× the CPU of the run itself); the field is put back at the end
    const curveTo = await p.getByTestId('siting-curve-to').inputValue();
    await p.getByTestId('siting-curve-to').fill('0');
    await p.getByTestId('siting-run').click();
    await current.waitFor({ timeout: 240_000 });
    expect(await p.evaluate(() => window.__coverageStore!.getState().results.some((r) => r.id === 'siting-picks'))).toBe(true);

    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-param-threshold').fill('8');
    await p.getByTestId('fire-param-threshold').blur();
    await p.getByTestId('fire-param-threshold-changed').waitFor();
    expect(await p.evaluate(() => window.__coverageStore!.getState().project.project?.params.threshold)).toBe(8);
    expect(await p.evaluate(() => window.__coverageStore!.getState().results.some((r) => r.id.startsWith('siting-')))).toBe(false);

    await p.getByTestId('panel-tab-siting').click();
    await p.locator('[data-testid="siting-results"][data-result-status="stale"]').waitFor();
    expect(await p.getByTestId('siting-stale').textContent()).toContain('重新计算');

    // Back to the default (the key is removed): the result was computed for it, so it is current again.
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-param-threshold-reset').click();
    await p.getByTestId('fire-param-threshold-changed').waitFor({ state: 'detached' });
    expect(await p.evaluate(() => 'threshold' in (window.__coverageStore!.getState().project.project?.params ?? {}))).toBe(false);
    await p.getByTestId('panel-tab-siting').click();
    await current.waitFor();
    await p.getByTestId('siting-curve-to').fill(curveTo);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);

  test('fire: figures computed for other stations counted are marked stale and neither exported nor printed until recomputed', async () => {
    const p = demo.main.page;
    const figures = (status: string) => p.locator(`[data-testid="fire-panel"] .button-row[data-result-status="${status}"]`);
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-run').click();
    await figures('current').waitFor({ timeout: 180_000 });
    await p.waitForFunction(() => !(document.querySelector('[data-testid="fire-export-xlsx"]') as HTMLButtonElement | null)?.disabled, null, { timeout: 60_000 });
    expect(await p.getByTestId('fire-stale').count()).toBe(0);

    // counting planned stations too ("before"): the figures shown were computed without them
    await p.getByTestId('fire-before-planned').check();
    await figures('stale').waitFor();
    expect(await p.getByTestId('fire-stale').textContent()).toContain('已过期');
    for (const id of ['fire-export-xlsx', 'fire-print-report', 'fire-export-geojson', 'fire-export-shp']) expect(await p.getByTestId(id).isDisabled(), id).toBe(true);
    await p.getByTestId('fire-stale').scrollIntoViewIfNeeded();
    await screenshot(p, 'fire-stale');

    await p.getByTestId('fire-recompute').click();
    await figures('current').waitFor({ timeout: 180_000 });
    expect(await p.getByTestId('fire-print-report').isDisabled()).toBe(false);
    await p.getByTestId('fire-before-planned').uncheck();
    await figures('stale').waitFor();
    expect(demo.main.errors).toEqual([]);
  }, SLOW);

  test('a parameter set in a panel is saved with the work: after a reload the field shows it, marked as changed', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-hydrants').click();
    await p.getByTestId('hydrant-radius').fill('75');
    await p.getByTestId('hydrant-radius').press('Enter');
    const saved = async () => (await savedWorkRecord<number>(p, 'coverage-planner/v1/meta', 'params.hydrant-radius')) ?? null;
    await expect.poll(saved, { timeout: 60_000 }).toBe(75);
    await p.reload();
    await waitForMapIdle(p);
    await p.getByTestId('panel-tab-hydrants').click();
    await p.waitForFunction(() => (document.querySelector('[data-testid="hydrant-radius"]') as HTMLInputElement | null)?.value === '75', null, { timeout: 60_000 });
    expect(await p.getByTestId('hydrant-radius-changed').textContent()).toContain('150 m');
  }, SLOW);
});
