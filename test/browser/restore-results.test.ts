import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp, waitForMapIdle } from './harness';

const SLOW = 600_000;

/** The text of a panel's figures once its result is current (the panel is opened first). */
async function currentText(p: import('playwright-core').Page, tab: string, results: string, figures: string): Promise<string> {
  await p.getByTestId(`panel-tab-${tab}`).click();
  await p.locator(`[data-testid="${results}"][data-result-status="current"]`).waitFor({ timeout: 300_000 });
  return (await p.getByTestId(figures).textContent()) ?? '';
}

const resultIds = (p: import('playwright-core').Page) => p.evaluate(() => window.__coverageStore!.getState().results.map((r) => r.id));

describe('results come back after a reload: uncovered, siting and plot review', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('compute 未覆盖, 选址 (kindergartens) and 储备地块审查, reload: each panel shows the same figures again, current, with its layers', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-uncovered').click();
    await p.getByTestId('uncovered-with-fire').uncheck();
    await p.getByTestId('uncovered-run').click();
    const uncovered = await currentText(p, 'uncovered', 'uncovered-counts', 'uncovered-counts');
    expect(uncovered).toMatch(/\d/);

    await p.getByTestId('panel-tab-plots').click();
    await p.getByTestId('plots-run').click();
    const plots = await currentText(p, 'plots', 'plots-results', 'plots-figures');
    const plotTable = (await p.getByTestId('plots-table').textContent()) ?? '';

    await p.getByTestId('panel-tab-siting').click();
    await p.getByTestId('siting-facility').selectOption('kindergarten');
    await p.getByTestId('siting-run').click();
    const siting = await currentText(p, 'siting', 'siting-results', 'siting-figures');
    const picks = (await p.getByTestId('siting-table').textContent()) ?? '';
    expect(picks).toMatch(/\d/);
    expect(await resultIds(p)).toEqual(expect.arrayContaining(['plot-review', 'siting-picks', 'siting-reach']));

    await p.reload();
    await waitForMapIdle(p);

    expect(await currentText(p, 'uncovered', 'uncovered-counts', 'uncovered-counts')).toBe(uncovered);
    expect(await p.getByTestId('uncovered-with-fire').isChecked()).toBe(false);
    expect(await p.getByTestId('uncovered-stale').count()).toBe(0);

    expect(await currentText(p, 'plots', 'plots-results', 'plots-figures')).toBe(plots);
    expect(await p.getByTestId('plots-table').textContent()).toBe(plotTable);

    expect(await currentText(p, 'siting', 'siting-results', 'siting-figures')).toBe(siting);
    expect(await p.getByTestId('siting-facility').inputValue()).toBe('kindergarten');
    expect(await p.getByTestId('siting-table').textContent()).toBe(picks);
    expect(await resultIds(p)).toEqual(expect.arrayContaining(['plot-review', 'siting-picks', 'siting-reach']));
    await screenshot(p, 'siting-reloaded');
    expect(demo.main.errors).toEqual([]);
  }, SLOW);

  test('a result whose inputs changed is not brought back as current: a changed kindergarten radius leaves the siting panel empty after a reload', async () => {
    const p = demo.main.page;
    // the previous test left a remembered kindergarten siting run; change one of its inputs
    await p.getByTestId('panel-tab-kindergartens').click();
    await p.evaluate(() => window.__coverageStore!.getState().setParams({ 'kg-radius-village': 777 }));
    await p.reload();
    await waitForMapIdle(p);
    await p.getByTestId('panel-tab-siting').click();
    await p.getByTestId('siting-run').waitFor();
    expect(await p.getByTestId('siting-results').count()).toBe(0);
    expect(await p.getByTestId('siting-run').isEnabled()).toBe(true);
    expect(await resultIds(p)).not.toContain('siting-picks');
  }, SLOW);
});
