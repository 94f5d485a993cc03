import { describe, expect, test } from 'vitest';
import { useDemoApp, type AppPage } from './harness';

const SLOW = 240_000;

/** Household count and layer object of the open project. */
async function households(p: AppPage): Promise<{ count: number; same: boolean }> {
  return p.page.evaluate(() => {
    const l = window.__coverageStore!.getState().project.project!.layers.households;
    const w = window as unknown as { __households?: unknown };
    const same = w.__households === l;
    w.__households = l;
    return { count: l.kind === 'columns' ? l.count : l.data.features.length, same };
  });
}

describe('import: an empty file never replaces a layer without asking', () => {
  const demo = useDemoApp(300_000, { expectClean: true, county: 'small' });

  test('a header-only households.csv opens the dialog with the no-rows warning; 取消 keeps the demo households', async () => {
    const p = demo.main.page;
    const before = await households(demo.main);
    expect(before.count).toBeGreaterThan(0);
    await p.getByTestId('open-files').setInputFiles([{ name: 'households.csv', mimeType: 'text/csv', buffer: Buffer.from('id,lon,lat,persons,village\n', 'utf8') }]);
    const dialog = p.getByTestId('import-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    const issue = p.locator('[data-testid="import-issue"][data-code="no-rows"]');
    expect(await issue.count()).toBe(1);
    expect(await issue.textContent()).toContain('文件 households.csv：CSV 文件只有表头，没有数据行；导入它会把该图层换成空图层。');
    expect(await p.getByTestId('import-count-households').locator('td').allTextContents()).toEqual(['农户', '0', '0', '0', '0']);
    // The user may still choose to empty the layer on purpose.
    expect(await p.getByTestId('import-keep').count()).toBe(1);
    await p.getByTestId('import-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await households(demo.main)).toEqual({ count: before.count, same: true });
  }, SLOW);
});
