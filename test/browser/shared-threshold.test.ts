import { describe, expect, test } from 'vitest';
import { useDemoApp } from './harness';

const SLOW = 600_000;

describe('one fire threshold for every panel', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('the threshold set in the fire panel makes the uncovered (with fire) and plot review (with fire) results stale; reset makes them current again', async () => {
    const p = demo.main.page;
    const uncovered = (status: string) => p.locator(`[data-testid="uncovered-counts"][data-result-status="${status}"]`);
    const plots = (status: string) => p.locator(`[data-testid="plots-results"][data-result-status="${status}"]`);
    await p.getByTestId('panel-tab-uncovered').click();
    expect(await p.getByTestId('uncovered-with-fire').isChecked()).toBe(true);
    await p.getByTestId('uncovered-run').click();
    await uncovered('current').waitFor({ timeout: 300_000 });
    await p.getByTestId('panel-tab-plots').click();
    expect(await p.getByTestId('plots-with-fire').isChecked()).toBe(true);
    await p.getByTestId('plots-run').click();
    await plots('current').waitFor({ timeout: 300_000 });

    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-param-threshold').fill('8');
    await p.getByTestId('fire-param-threshold').blur();
    await p.getByTestId('fire-param-threshold-changed').waitFor();
    expect(await p.evaluate(() => window.__coverageStore!.getState().project.project?.params.threshold)).toBe(8);
    expect(await p.evaluate(() => window.__coverageStore!.getState().results.some((r) => r.id === 'plot-review'))).toBe(false);

    await p.getByTestId('panel-tab-uncovered').click();
    await uncovered('stale').waitFor();
    expect(await p.getByTestId('uncovered-stale').textContent()).toContain('已过期');
    await p.getByTestId('panel-tab-plots').click();
    await plots('stale').waitFor();

    // without the fire check the threshold is not an input: the plot review computed without it stays current
    await p.getByTestId('plots-with-fire').uncheck();
    await p.getByTestId('plots-run').click();
    await plots('current').waitFor({ timeout: 300_000 });
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-param-threshold').fill('7');
    await p.getByTestId('fire-param-threshold').blur();
    await p.waitForFunction(() => window.__coverageStore!.getState().project.project?.params.threshold === 7);
    await p.getByTestId('panel-tab-plots').click();
    await plots('current').waitFor();

    // back to the default: the uncovered result computed with it is current again
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-param-threshold-reset').click();
    await p.getByTestId('fire-param-threshold-changed').waitFor({ state: 'detached' });
    await p.getByTestId('panel-tab-uncovered').click();
    await uncovered('current').waitFor();
    expect(demo.main.errors).toEqual([]);
  }, SLOW);
});
