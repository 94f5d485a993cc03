import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screenshot, useDemoApp, waitForMapIdle, downloadBytes } from './harness';
import { openXlsx } from '../support/xlsx-check';

const SLOW = 300_000;

describe('Excel export and finding a hydrant gap on the map (demo county)', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('the hydrant panel exports an .xlsx that re-reads with every gap, its township and coordinates; a gap row flies the map to it', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-hydrants').click();
    await p.getByTestId('hydrant-run').click();
    await p.getByTestId('hydrant-figures').waitFor({ timeout: 120_000 });
    const gapText = (await p.getByTestId('hydrant-gap-count').locator('.figure-value').textContent()) ?? '';
    const gapCount = Number(gapText.replace(/,/g, '').match(/\d+/)?.[0]);
    expect(gapCount).toBeGreaterThan(100);

    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('hydrant-export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('消火栓分析.xlsx');
    const { sheets } = openXlsx(new Uint8Array(await downloadBytes(download)));
    expect(sheets.map((s) => s.name)).toEqual(['汇总', '保护空白路段', '间距超限', '建议新增消火栓', '按道路', '损坏消火栓', '说明']);
    // the last sheet says what the figures were computed under: project, scenario, time, parameters
    const about = sheets.at(-1)!.rows;
    expect(about[1]).toEqual(['文件', '消火栓分析']);
    expect(about[2]).toEqual(['项目名称', await p.evaluate(() => window.__coverageStore!.getState().project.project!.name)]);
    expect(about[3]).toEqual(['方案', '现状']);
    expect(about[4][0]).toBe('导出时间');
    const gaps = sheets[1];
    expect(gaps.rows[0].slice(0, 5)).toEqual(['道路', '位置说明', '乡镇', '起点经度', '起点纬度']);
    expect(gaps.rows).toHaveLength(gapCount + 1);
    const body = gaps.rows.slice(1);
    // Every gap lies in a township of the demo county and has coordinates stored as numbers.
    expect(body.every((r) => /[镇乡]$/.test(r[2]))).toBe(true);
    expect(body.every((r) => Number(r[3]) > 114 && Number(r[3]) < 115.2 && Number(r[4]) > 38.3 && Number(r[4]) < 39)).toBe(true);
    expect(gaps.cells.get('D2')?.t).toBeNull();
    // Unnamed roads are described by where they are.
    const unnamed = body.filter((r) => r[0] === '（未命名道路）');
    expect(unnamed.length).toBeGreaterThan(0);
    expect(unnamed.every((r) => r[1].startsWith(`未命名道路：${r[2]}，`))).toBe(true);
    expect(unnamed.some((r) => r[1].includes('近 '))).toBe(true);

    // The gap table starts with the longest gap; a click selects it and moves the map to it.
    const longest = body.reduce((a, r) => (Number(r[11]) > Number(a[11]) ? r : a));
    const lons = [3, 5, 7].map((k) => Number(longest[k]));
    const lats = [4, 6, 8].map((k) => Number(longest[k]));
    const want = [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
    const before = await p.evaluate(() => window.__coverageMap!.getCenter().toArray());
    expect(Math.hypot(before[0] - want[0], before[1] - want[1])).toBeGreaterThan(0.001);
    await p.getByTestId('hydrant-gap-table-row').first().click();
    await p.waitForFunction(
      ([lon, lat]) => {
        const m = window.__coverageMap!;
        const c = m.getCenter();
        return !m.isMoving() && Math.abs(c.lng - lon) < 1e-4 && Math.abs(c.lat - lat) < 1e-4;
      },
      want,
      { timeout: 60_000 },
    );
    const sel = await p.evaluate(() => window.__coverageStore!.getState().selection);
    expect(sel?.layerId).toBe('hydrant-gaps');
    expect(await p.evaluate(() => window.__coverageMap!.getZoom())).toBeGreaterThan(12);
    await expect.poll(() => p.getByTestId('hydrant-gap-table-row').first().getAttribute('class')).toContain('active');
    await waitForMapIdle(p);
    await screenshot(p, 'export-hydrant-gap-found');
  }, SLOW);

  test('the plot review exports an .xlsx with every id in full and the planned use in words; the table shows the whole id', async () => {
    const p = demo.main.page;
    const plots = JSON.parse(readFileSync(resolve(demo.app.dataDir, 'reserve_plots.geojson'), 'utf8')) as { features: { properties: { id: string; use: string } }[] };
    const ids = plots.features.map((f) => f.properties.id);
    await p.getByTestId('panel-tab-plots').click();
    if (await p.getByTestId('plots-with-fire').isChecked()) await p.getByTestId('plots-with-fire').click();
    await p.getByTestId('plots-run').click();
    await p.getByTestId('plots-figures').waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('plots-export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('储备地块审查.xlsx');
    const { sheets } = openXlsx(new Uint8Array(await downloadBytes(download)));
    expect(sheets.map((s) => s.name)).toEqual(['汇总', '逐块审查', '审查意见', '说明']);
    const review = sheets[1].rows;
    expect(review.slice(1).map((r) => r[0])).toEqual(ids);
    const label: Record<string, string> = { residential: '住宅', commercial: '商业', education: '教育' };
    expect(review.slice(1).map((r) => r[3])).toEqual(plots.features.map((f) => label[f.properties.use]));
    expect(sheets[1].xml).not.toMatch(/residential|commercial|education/);
    expect(sheets[0].rows).toContainEqual(['地块数', String(ids.length), '块']);
    // The id column is not cut: each cell shows its whole text.
    const cells = p.getByTestId('plots-table').locator('tbody tr td:first-child');
    expect(await cells.allTextContents()).toEqual(ids);
    expect(await cells.evaluateAll((tds) => tds.every((td) => td.scrollWidth <= td.clientWidth))).toBe(true);
    await screenshot(p, 'export-plots');
  }, SLOW);

  test('the table view exports the whole table with field labels and enum labels (zh, then en); the SQL result exports its rows with numbers as numbers', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-tables').click();
    await p.getByTestId('table-select').selectOption('fire_stations');
    await p.waitForFunction(() => document.querySelector('[data-testid="table-total"]')?.textContent?.replace(/[^\d]/g, '') === '2');
    const [zhFile] = await Promise.all([p.waitForEvent('download'), p.getByTestId('table-export-xlsx').click()]);
    expect(zhFile.suggestedFilename()).toBe('表格-消防救援站.xlsx');
    const zh = openXlsx(new Uint8Array(await downloadBytes(zhFile))).sheets[0];
    const col = (name: string) => zh.rows[0].indexOf(name);
    expect(col('名称')).toBeGreaterThanOrEqual(0);
    expect(zh.rows.slice(1).map((r) => r[col('编号')]).sort()).toEqual(['FS-01', 'FS-02']);
    expect(zh.rows.slice(1).map((r) => r[col('状态')]).sort()).toEqual(['现有', '规划']);
    await p.getByTestId('lang-switch').click();
    await p.waitForFunction(() => document.documentElement.lang === 'en');
    const [enFile] = await Promise.all([p.waitForEvent('download'), p.getByTestId('table-export-xlsx').click()]);
    expect(enFile.suggestedFilename()).toBe('table-Fire stations.xlsx');
    const en = openXlsx(new Uint8Array(await downloadBytes(enFile))).sheets[0];
    expect(en.rows[0]).toContain('Name');
    expect(en.rows.slice(1).map((r) => r[en.rows[0].indexOf('Status')]).sort()).toEqual(['Existing', 'Planned']);
    await p.getByTestId('lang-switch').click();
    await p.waitForFunction(() => document.documentElement.lang === 'zh-CN' || document.documentElement.lang === 'zh');

    await p.getByTestId('panel-tab-sql').click();
    await p.getByTestId('sql-input').fill('SELECT township, count(*)::INTEGER AS n FROM households GROUP BY 1 ORDER BY 1');
    await p.getByTestId('sql-run').click();
    await p.getByTestId('sql-export-xlsx').waitFor();
    const count = Number(((await p.getByTestId('sql-count').textContent()) ?? '').replace(/[^\d]/g, ''));
    const [sqlFile] = await Promise.all([p.waitForEvent('download'), p.getByTestId('sql-export-xlsx').click()]);
    const sql = openXlsx(new Uint8Array(await downloadBytes(sqlFile))).sheets[0];
    expect(sql.rows[0]).toEqual(['township', 'n']);
    expect(sql.rows).toHaveLength(count + 1);
    expect(sql.rows.slice(1).every((r) => /[镇乡]$/.test(r[0]) && Number(r[1]) > 0)).toBe(true);
    expect(sql.cells.get('B2')?.t).toBeNull();
  }, SLOW);

  test('fire, kindergarten and indicator panels export their results as .xlsx with Chinese sheets and numbers', async () => {
    const p = demo.main.page;
    const save = async (testId: string) => {
      const [d] = await Promise.all([p.waitForEvent('download'), p.getByTestId(testId).click()]);
      return { name: d.suggestedFilename(), ...openXlsx(new Uint8Array(await downloadBytes(d))) };
    };
    await p.getByTestId('panel-tab-kindergartens').click();
    await p.getByTestId('kg-run').click();
    await p.getByTestId('kg-figures').waitFor({ timeout: 120_000 });
    const kg = await save('kg-export-xlsx');
    expect(kg.name).toBe('幼儿园覆盖.xlsx');
    expect(kg.sheets.map((s) => s.name)).toEqual(['汇总', '幼儿园', '按乡镇', '服务半径外农户', '说明']);
    const outside = Number(((await p.getByTestId('kg-uncovered-households').locator('.figure-value').textContent()) ?? '').replace(/[^\d]/g, ''));
    expect(kg.sheets[3].rows).toHaveLength(outside + 1);
    expect(kg.sheets[1].rows.slice(1).every((r) => ['公办', '民办', '其他'].includes(r[2]) || /[\u4e00-\u9fff]/.test(r[2]))).toBe(true);

    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-run').click();
    await p.getByTestId('fire-export-xlsx').waitFor({ timeout: 180_000 });
    const fire = await save('fire-export-xlsx');
    expect(fire.name).toBe('消防5分钟覆盖.xlsx');
    // the demo has a fire-lane ledger (fire_lanes.geojson), so its open problems get a sheet too
    expect(fire.sheets.map((s) => s.name)).toEqual(['汇总', '按建成区', '消防站', '按乡镇', '按到达时间', '不可达农户', '消防车通道问题', '说明']);
    const pct = fire.sheets[0].rows.find((r) => r[0] === '建成区覆盖率');
    expect(Number(pct?.[1])).toBeGreaterThan(0);
    expect(fire.sheets[0].cells.get('B6')?.t).toBeNull();
    expect(fire.sheets[2].rows.slice(1).map((r) => r[2])).toContain('现有');

    await p.getByTestId('panel-tab-indicators').click();
    await p.getByTestId('card-gross_enrolment').waitFor({ timeout: 180_000 });
    const ind = await save('indicators-export-xlsx');
    expect(ind.sheets.map((s) => s.name)).toEqual(['指标卡', '按乡镇', '说明']);
    const gross = ind.sheets[0].rows.find((r) => r[0] === '学前三年毛入园率')!;
    const shown = Number(await p.getByTestId('card-gross_enrolment').getAttribute('data-value'));
    expect(Number(gross[1])).toBeCloseTo(shown * 100, 1);
    expect(gross[2]).toBe('%');
    expect(ind.sheets[1].rows.length).toBeGreaterThan(5);
    await screenshot(p, 'export-indicators');
  }, SLOW);

  test('uncovered households and siting export their rows as .xlsx with labels in words and coordinates as numbers', async () => {
    const p = demo.main.page;
    const save = async (testId: string) => {
      const [d] = await Promise.all([p.waitForEvent('download'), p.getByTestId(testId).click()]);
      return openXlsx(new Uint8Array(await downloadBytes(d)));
    };
    await p.getByTestId('panel-tab-uncovered').click();
    await p.getByTestId('uncovered-with-fire').uncheck();
    await p.getByTestId('uncovered-run').click();
    await p.getByTestId('uncovered-counts').waitFor({ timeout: 240_000 });
    const selected = Number(((await p.getByTestId('uncovered-selected').textContent()) ?? '').replace(/,/g, '').match(/\d+/)?.[0]);
    const un = await save('uncovered-export-xlsx');
    expect(un.sheets.map((s) => s.name)).toEqual(['各项服务', '未覆盖农户', '筛选条件', '说明']);
    expect(un.sheets[1].rows).toHaveLength(selected + 1);
    expect(un.sheets[2].rows.at(-1)).toEqual(['所列农户（户）', String(selected)]);
    const heating = new Set(un.sheets[1].rows.slice(1).map((r) => r[5]));
    expect([...heating].every((h) => ['气代煤', '电代煤', '洁净煤', '其他', ''].includes(h))).toBe(true);
    expect(un.sheets[1].cells.get('B2')?.t).toBeNull();
    // The map layer's GeoJSON export is the list as filtered now: the highlighted layer follows the filter.
    await p.getByTestId('uncovered-highlight').click();
    const township = await p.getByTestId('uncovered-township').locator('option').nth(1).getAttribute('value');
    await p.getByTestId('uncovered-township').selectOption(township!);
    await expect.poll(async () => Number(((await p.getByTestId('uncovered-selected').textContent()) ?? '').replace(/,/g, '').match(/\d+/)?.[0])).toBeLessThan(selected);
    const inTownship = Number(((await p.getByTestId('uncovered-selected').textContent()) ?? '').replace(/,/g, '').match(/\d+/)?.[0]);
    const geo = await (async () => {
      const [d] = await Promise.all([p.waitForEvent('download'), p.getByTestId('uncovered-export-geojson').click()]);
      return JSON.parse(new TextDecoder().decode(await downloadBytes(d))) as { features: { properties: Record<string, unknown> }[] };
    })();
    expect(geo.features).toHaveLength(inTownship);
    expect(geo.features.every((f) => f.properties.township === township)).toBe(true);
    await p.getByTestId('uncovered-township').selectOption('');

    await p.getByTestId('panel-tab-siting').click();
    // the export holds the picks only: no coverage-vs-P curve (by default the panel also solves
    // P = 1 … 10, about 3× the CPU of the run itself); the field is put back afterwards
    const curveTo = await p.getByTestId('siting-curve-to').inputValue();
    await p.getByTestId('siting-curve-to').fill('0');
    await p.getByTestId('siting-run').click();
    await p.getByTestId('siting-figures').waitFor({ timeout: 240_000 });
    // the run's end, not its first (greedy) plan shown while HiGHS solves
    await p.getByTestId('siting-progress').waitFor({ state: 'detached', timeout: 240_000 });
    const picks = await p.getByTestId('siting-table').locator('tbody tr').count();
    const si = await save('siting-export-xlsx');
    expect(si.sheets[0].name).toBe('选址结果');
    expect(si.sheets[0].rows).toHaveLength(picks + 1);
    expect(si.sheets[0].rows.slice(1).every((r) => r[2] === '候选网格' || r[2] === '用户指定')).toBe(true);
    expect(si.sheets[0].cells.get('E2')?.t).toBeNull();
    await p.getByTestId('siting-curve-to').fill(curveTo);
  }, SLOW);
});
