import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run as runHydrants } from '../../cli/commands/hydrants.ts';
import { run as runPlots } from '../../cli/commands/plots.ts';
import { run as runFire } from '../../cli/commands/fire.ts';
import { run as runKindergartens } from '../../cli/commands/kindergartens.ts';
import { run as runUncovered } from '../../cli/commands/uncovered.ts';
import { run as runSite } from '../../cli/commands/site.ts';
import { run as runIndicators } from '../../cli/commands/indicators.ts';
import { run as runValidate } from '../../cli/commands/validate.ts';
import { LocalProjection } from '../../analysis/geo.ts';
import { openXlsx } from '../support/xlsx-check.ts';
import { writeXlsx } from '../../cli/xlsx-out.ts';

// test/fixtures/radii/mini: 恒山路 runs 1,000 m east from (115°E, 38.5°N) in 恒州镇; working
// hydrants 10 m north at x = 100, 220, 500 (reach √(150² − 10²) = 149.67 m); a broken one at 800.
const MINI = resolve(import.meta.dirname, '../fixtures/radii/mini');
const P = new LocalProjection(115, 38.5);
const LONG_ID = '曲储【2022】12号-东关村北侧地块（一期）';

function createPlotsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-cli-'));
  const rect = (x: number, y: number, w: number, h: number) => [[[P.lon(x), P.lat(y)], [P.lon(x + w), P.lat(y)], [P.lon(x + w), P.lat(y + h)], [P.lon(x), P.lat(y + h)], [P.lon(x), P.lat(y)]]];
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '测试县' }));
  writeFileSync(join(dir, 'townships.geojson'), fc([{ type: 'Feature', properties: { name: '甲镇' }, geometry: { type: 'Polygon', coordinates: rect(-1000, -1000, 5000, 5000) } }]));
  // 200 m × 333.33 m = 66,666.7 m² = 100 亩, declared 100.
  writeFileSync(
    join(dir, 'reserve_plots.geojson'),
    fc([
      { type: 'Feature', properties: { id: LONG_ID, name: '甲地块', township: '甲镇', area_mu: 100, use: 'residential' }, geometry: { type: 'Polygon', coordinates: rect(0, 0, 200, 1000 / 3) } },
      { type: 'Feature', properties: { id: '=HYPERLINK("x")', name: '乙地块', township: '甲镇', area_mu: 50, use: 'commercial' }, geometry: { type: 'Polygon', coordinates: rect(1000, 0, 200, 1000 / 3) } },
    ]),
  );
  return dir;
}

describe('every analysis command writes an .xlsx beside its JSON and CSV', () => {
  let out: string;
  const log = console.log;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'xlsx-out-'));
    console.log = () => {};
  });
  afterAll(() => {
    console.log = log;
    rmSync(out, { recursive: true, force: true });
  });

  test('hydrants.xlsx: summary, the gap with township and from/to lon/lat, spacing, proposals, by road, broken', async () => {
    await runHydrants({ command: 'hydrants', data: MINI, out, options: { 'include-planned': 'false' } });
    const { sheets } = openXlsx(readFileSync(join(out, 'hydrants.xlsx')));
    // the 说明 sheet: what the figures were computed under (an option given at its default is no change)
    expect(sheets.at(-1)!.rows).toEqual([
      ['项目', '内容'],
      ['文件', 'hydrants'],
      ['项目名称', '半径测试县'],
      ['方案', '导入的数据（无方案）'],
      ['参数', '全部为默认值'],
    ]);
    expect(sheets.map((s) => s.name)).toEqual(['汇总', '保护空白路段', '间距超限', '建议新增消火栓', '按道路', '损坏消火栓', '说明']);
    const [summary, gaps, spacing, proposed, byRoad, broken] = sheets;
    expect(summary.rows).toContainEqual(['空白路段数', '1', '段']);
    expect(summary.rows).toContainEqual(['完好率', '75', '%']);
    expect(gaps.rows[0].slice(0, 12)).toEqual(['道路', '位置说明', '乡镇', '起点经度', '起点纬度', '终点经度', '终点纬度', '中点经度', '中点纬度', '起点里程（米）', '终点里程（米）', '长度（米）']);
    expect(gaps.rows).toHaveLength(2);
    const g = gaps.rows[1];
    expect(g.slice(0, 3)).toEqual(['恒山路', '恒山路（恒州镇）', '恒州镇']);
    expect(Number(g[3])).toBeCloseTo(P.lon(649.67), 5);
    expect(Number(g[4])).toBeCloseTo(38.5, 5);
    expect(Number(g[5])).toBeCloseTo(P.lon(1000), 5);
    expect(g.slice(9, 12)).toEqual(['649.7', '1000', '350.3']);
    expect(gaps.cells.get('D2')?.t).toBeNull(); // a number, not text
    expect(gaps.cells.get('L2')).toEqual({ t: null, v: '350.3' });
    expect(spacing.rows[0]).toEqual(['道路', '起始消火栓', '终止消火栓', '起点里程（米）', '终点里程（米）', '间距（米）']);
    expect(proposed.rows).toHaveLength(4);
    expect(byRoad.rows[1][0]).toBe('恒山路');
    expect(broken.rows[1][0]).toBe('H4');
    expect(broken.rows[1][1]).toBe('消火栓');
  });

  test('plot-review.xlsx: every id in full, planned use in Chinese, areas as numbers, findings in words', async () => {
    const data = createPlotsDir();
    try {
      await runPlots({ command: 'plots', data, out: join(data, 'out'), options: { fire: 'false' } });
      const { sheets } = openXlsx(readFileSync(join(data, 'out', 'plot-review.xlsx')));
      expect(sheets.map((s) => s.name)).toEqual(['汇总', '逐块审查', '审查意见', '说明']);
      const review = sheets[1];
      expect(review.rows.map((r) => r[0])).toEqual(['地块编号', LONG_ID, `'=HYPERLINK("x")`]);
      expect(review.rows.map((r) => r[3])).toEqual(['规划用途', '住宅', '商业']);
      expect(review.rows[1][4]).toBe('100');
      expect(Number(review.rows[1][5])).toBeCloseTo(100, 1);
      expect(review.cells.get('F2')?.t).toBeNull();
      expect(review.xml).not.toContain('residential');
      // the second plot is drawn 100 亩 but declared 50: a finding in Chinese names it
      const findings = sheets[2].rows.filter((r) => r[0] === `'=HYPERLINK("x")`);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.some((r) => r[1] === '错误' || r[1] === '警告')).toBe(true);
      expect(findings.every((r) => /[\u4e00-\u9fff]/.test(r[2]))).toBe(true);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  test('kindergartens.xlsx: summary, kindergartens with 公办, by township, the 2 households outside with lon/lat', async () => {
    await runKindergartens({ command: 'kindergartens', data: MINI, out, options: {} });
    const { sheets } = openXlsx(readFileSync(join(out, 'kindergartens.xlsx')));
    expect(sheets.map((s) => s.name)).toEqual(['汇总', '幼儿园', '按乡镇', '服务半径外农户', '说明']);
    expect(sheets[0].rows).toContainEqual(['服务半径外农户', '2', '户']);
    expect(sheets[1].rows[1].slice(0, 6)).toEqual(['K1', '恒州镇中心幼儿园', '公办', '是', '30', '20']);
    const outside = sheets[3].rows;
    expect(outside.map((r) => r[0])).toEqual(['户编号', 'H002', 'H003']);
    expect(outside[2].slice(1, 5)).toEqual(['115.010317', '38.5', '恒州镇', '城关村']);
    expect(sheets[3].cells.get('B3')?.t).toBeNull();
  });

  test('uncovered.xlsx: per-service counts and the selected households with heating and low income in Chinese', async () => {
    await runUncovered({ command: 'uncovered', data: MINI, out, options: { 'no-fire': 'true' } });
    const { sheets } = openXlsx(readFileSync(join(out, 'uncovered.xlsx')));
    expect(sheets.map((s) => s.name)).toEqual(['各项服务', '未覆盖农户', '筛选条件', '说明']);
    expect(sheets[0].rows.find((r) => r[0] === '消火栓')?.slice(1, 4)).toEqual(['3', '2', '1']);
    expect(sheets[2].rows.slice(1).map((r) => r[1])).toEqual(['全部', '全部', '全部', '全部', '消火栓、幼儿园、洁净煤、维修', '2']); // --no-fire: fire is no condition of the list
    expect(sheets[0].rows.find((r) => r[0] === '消防')?.[4]).toMatch(/^未计算/);
    const hh = sheets[1].rows;
    expect(hh.map((r) => r[0])).toEqual(['户编号', 'H002', 'H003']);
    expect(hh[1].slice(5, 7)).toEqual(['洁净煤', '低保']);
    expect(hh[2][5]).toBe('电代煤');
    expect(hh[2][9]).toContain('消火栓');
  });

  test('fire-coverage.xlsx: summary, by built-up area, stations, by township, reach by minute, households not reached', async () => {
    await runFire({ command: 'fire', data: MINI, out, options: {} });
    const j = JSON.parse(readFileSync(join(out, 'fire-summary.json'), 'utf8'));
    const { sheets } = openXlsx(readFileSync(join(out, 'fire-coverage.xlsx')));
    expect(sheets.map((s) => s.name)).toEqual(['汇总', '按建成区', '消防站', '按乡镇', '按到达时间', '不可达农户', '说明']);
    expect(sheets[0].rows).toContainEqual(['农户', String(j.households.total), '户']);
    expect(sheets[0].rows).toContainEqual(['不可达农户', String(j.households.uncovered), '户']);
    expect(sheets[1].rows).toHaveLength(1 + j.byBuiltUp.length);
    expect(sheets[2].rows).toHaveLength(1 + j.stations.length);
    // reach by minute: 1 … 10 (the last isochrone break); the 5-minute row is the summary's figures
    const reach = sheets[4].rows;
    expect(reach[0]).toEqual(['自接警起（分钟）', '可达农户（户）', '可达农户（%）', '可达建成区（平方公里）', '可达建成区（%）']);
    expect(reach.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(reach[5][1]).toBe(String(j.households.covered));
    expect(Number(reach[5][3])).toBeCloseTo(j.coveredBuiltUpAreaKm2, 3);
    const counts = reach.slice(1).map((r) => Number(r[1]));
    expect(counts).toEqual([...counts].sort((x, y) => x - y));
    expect(sheets[5].rows).toHaveLength(1 + j.households.uncovered);
  });

  test('site-picks.xlsx: the picks with origin and area in Chinese and lon/lat as numbers', async () => {
    await runSite({ command: 'site', data: MINI, out, options: { facility: 'kindergarten', count: '1' } });
    const j = JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8'));
    const { sheets } = openXlsx(readFileSync(join(out, 'site-picks.xlsx')));
    expect(sheets[0].name).toBe('选址结果');
    expect(sheets[0].rows).toHaveLength(1 + j.picks.length);
    expect(j.picks.length).toBeGreaterThan(0);
    expect(sheets[0].rows[1][2]).toBe('候选网格');
    expect(['城区', '镇区', '乡村']).toContain(sheets[0].rows[1][4]);
    expect(Number(sheets[0].rows[1][6])).toBeCloseTo(j.picks[0].lon, 5);
    expect(sheets[0].cells.get('G2')?.t).toBeNull();
  });

  test('site --curve: site-picks.xlsx has the curve sheet with the rows of site-curve.csv', async () => {
    await runSite({ command: 'site', data: MINI, out, options: { facility: 'fire', count: '1', curve: '2', solver: 'greedy' } });
    const j = JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8'));
    expect(j.curve).toHaveLength(2);
    const { sheets } = openXlsx(readFileSync(join(out, 'site-picks.xlsx')));
    const curve = sheets.find((s) => s.name === '覆盖曲线')!;
    expect(curve.rows[0][0]).toBe('选址数 P');
    expect(curve.rows.slice(1).map((r) => Number(r[0]))).toEqual([1, 2]);
    expect(curve.rows.slice(1).map((r) => Number(r[6]))).toEqual(j.curve.map((c: { coveredPct: number }) => Math.round(c.coveredPct * 10) / 10));
    const csv = readFileSync(join(out, 'site-curve.csv'), 'utf8').trim().split(/\r?\n/);
    expect(csv).toHaveLength(3);
  });

  test('indicators.xlsx: the cards with units and one row per township', async () => {
    await runIndicators({ command: 'indicators', data: MINI, out, options: {} });
    const j = JSON.parse(readFileSync(join(out, 'indicators.json'), 'utf8'));
    const { sheets } = openXlsx(readFileSync(join(out, 'indicators.xlsx')));
    expect(sheets.map((s) => s.name)).toEqual(['指标卡', '按乡镇', '说明']);
    expect(sheets[0].rows[0]).toEqual(['指标', '数值', '单位', '目标', '是否达标', '依据', '说明']);
    expect(sheets[0].rows.slice(1).map((r) => r[0])).toEqual(j.cards.map((c: { title: { zh: string } }) => c.title.zh));
    expect(sheets[0].rows.find((r) => r[0] === '学前三年毛入园率')?.[2]).toBe('%');
    expect(sheets[1].rows[0][0]).toBe('乡镇');
  }, 60_000);

  test('validation.xlsx: per-layer counts and every issue with file, feature and message in Chinese', async () => {
    try {
      await runValidate({ command: 'validate', data: resolve(import.meta.dirname, '../fixtures/layers/mini-project'), out, options: {} });
    } finally {
      process.exitCode = 0;
    }
    const { sheets } = openXlsx(readFileSync(join(out, 'validation.xlsx')));
    expect(sheets.map((s) => s.name)).toEqual(['图层', '问题']);
    expect(sheets[0].rows).toContainEqual(['消火栓与消防水鹤', '2', '1', '1', '0']);
    const bad = sheets[1].rows.find((r) => r[1] === 'hydrants.geojson')!;
    expect(bad.slice(0, 3)).toEqual(['错误', 'hydrants.geojson', '1']);
    expect(bad[4]).toBe('status');
    expect(bad[5]).toContain('被埋');
  });
});

describe('writeXlsx (the CLI workbook writer)', () => {
  test('a workbook is written under a partial name and renamed when complete; a run that fails mid-way leaves no file and keeps the previous one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-out-'));
    try {
      const header = ['编号', '分钟'];
      writeXlsx(dir, 'fire-coverage.xlsx', [{ name: '不可达农户', header, rows: [['H1', 7.5]] }]);
      const before = readFileSync(join(dir, 'fire-coverage.xlsx'));
      expect(openXlsx(before).sheets[0].rows).toEqual([header, ['H1', '7.5']]);
      // rows that fail after many were written: the stream stops, nothing replaces the workbook
      function* failing() {
        for (let i = 0; i < 50_000; i++) yield [`H${i}`, i];
        throw new Error('disk gone');
      }
      expect(() => writeXlsx(dir, 'fire-coverage.xlsx', [{ name: '不可达农户', header, rows: { count: 60_000, [Symbol.iterator]: failing } }])).toThrow('disk gone');
      expect(readdirSync(dir)).toEqual(['fire-coverage.xlsx']);
      expect(readFileSync(join(dir, 'fire-coverage.xlsx')).equals(before)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
