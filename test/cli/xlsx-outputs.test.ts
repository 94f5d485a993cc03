import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run as runHydrants } from '../../cli/commands/hydrants.ts';
import { run as runPlots } from '../../cli/commands/plots.ts';
import { LocalProjection } from '../../analysis/geo.ts';
import { openXlsx } from '../support/xlsx-check.ts';

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
    await runHydrants({ command: 'hydrants', data: MINI, out, options: {} });
    const { sheets } = openXlsx(readFileSync(join(out, 'hydrants.xlsx')));
    expect(sheets.map((s) => s.name)).toEqual(['汇总', '保护空白路段', '间距超限', '建议新增消火栓', '按道路', '损坏消火栓']);
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
      expect(sheets.map((s) => s.name)).toEqual(['汇总', '逐块审查', '审查意见']);
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
});
