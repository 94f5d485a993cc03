// Issue #11: the import dialog maps fields (editable) and previews where the data would land.
import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp, type AppPage } from './harness';

const SLOW = 240_000;
const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

async function hydrants(x: AppPage): Promise<{ id: string; road: unknown }[]> {
  return x.page.evaluate(() => {
    const l = window.__coverageStore!.getState().project.project!.layers.hydrants;
    return l.kind === 'geojson' ? l.data.features.map((f) => ({ id: String(f.properties?.id), road: f.properties?.road })) : [];
  });
}

describe('import dialog: field mapping and position preview (demo county)', () => {
  const demo = useDemoApp(300_000, { expectClean: true, county: 'small' });

  test('a column picked for 所在道路 is imported as the road; the preview sits on the county', async () => {
    const p = demo.main.page;
    const before = await hydrants(demo.main);
    await p.getByTestId('open-files').setInputFiles([csv('外单位消防栓.csv', '编号,类型,状态,设置地点,经度,纬度\nW-1,消火栓,完好,南环路东段,114.7251,38.6011\nW-2,消防水鹤,损坏,人民路,114.7032,38.6187\n')]);
    const dialog = p.getByTestId('foreign-dialog');
    await dialog.waitFor({ timeout: 60_000 });
    const row = p.getByTestId('foreign-layer');
    expect(await row.getByTestId('foreign-target').inputValue()).toBe('hydrants');
    const preview = row.getByTestId('foreign-map-preview');
    await preview.waitFor();
    expect(Number(await preview.getAttribute('data-gap-km'))).toBe(0);
    const fields = row.getByTestId('foreign-fields');
    if (!(await fields.evaluate((d) => (d as HTMLDetailsElement).open))) await fields.locator('summary').click();
    // 编号 matches the id by its label on its own
    expect(await row.getByTestId('foreign-field-id').locator('option:checked').textContent()).toContain('编号');
    await row.getByTestId('foreign-field-road').selectOption('设置地点');
    await screenshot(p, 'import-field-mapping');
    await p.getByTestId('foreign-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    const after = await hydrants(demo.main);
    expect(after.length).toBe(before.length + 2);
    expect(after.slice(-2)).toEqual([
      { id: 'W-1', road: '南环路东段' },
      { id: 'W-2', road: '人民路' },
    ]);
  }, SLOW);

  test('points about 150 km away (Beijing) show apart from the county with the distance; 取消 leaves the project as it was', async () => {
    const p = demo.main.page;
    const before = await hydrants(demo.main);
    await p.getByTestId('open-files').setInputFiles([csv('北京消防栓.csv', '编号,经度,纬度\nBJ-1,116.40,39.90\nBJ-2,116.41,39.91\n')]);
    const dialog = p.getByTestId('foreign-dialog');
    await dialog.waitFor({ timeout: 60_000 });
    const preview = p.getByTestId('foreign-map-preview');
    await preview.waitFor();
    expect(Number(await preview.getAttribute('data-gap-km'))).toBeGreaterThan(100);
    expect(await preview.textContent()).toContain('请核对坐标系');
    await preview.scrollIntoViewIfNeeded();
    await screenshot(p, 'import-preview-far');
    await p.getByTestId('foreign-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await hydrants(demo.main)).toEqual(before);
  }, SLOW);
});
