import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { hydrantGapPlaces } from '../../analysis/hydrant-gap-places.ts';
import { LocalProjection } from '../../analysis/geo.ts';
import { reviewPlots } from '../../analysis/plot-review.ts';
import { toXlsx } from '../../analysis/xlsx-export.ts';
import { hydrantSheets } from '../../src/export/hydrant-sheets.ts';
import { plotSheets } from '../../src/export/plot-sheets.ts';
import { rowsSheet, sitingCurveSheet } from '../../src/export/analysis-sheets.ts';
import { openXlsx } from '../support/xlsx-check.ts';

const P = new LocalProjection(115, 38.5);
const pt = (x: number, y: number) => [P.lon(x), P.lat(y)];
type FC = FeatureCollection<Geometry | null, Record<string, unknown>>;

/** An unnamed road 0–1000 m along y = 0 with one hydrant at x = 0: one gap 150 → 1000 m. */
function createHydrantCase() {
  const roads: FC = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '' }, geometry: { type: 'LineString', coordinates: [pt(0, 0), pt(1000, 0)] } }] };
  const hydrants: FC = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'H1', kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: pt(0, 0) } }] };
  const r = hydrantGaps({ roads, hydrants }, { radiusMeters: 150 });
  return { r, places: hydrantGapPlaces(r.gapsGeoJson, { roads }) };
}

function createPlots(): FC {
  const rect = (x: number, w: number, h: number) => [[pt(x, 0), pt(x + w, 0), pt(x + w, h), pt(x, h), pt(x, 0)]];
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { id: '曲储【2022】07号（东区）', name: '东地块', township: '甲镇', area_mu: 100, use: 'education' }, geometry: { type: 'Polygon', coordinates: rect(0, 200, 1000 / 3) } }],
  };
}

describe('export sheets follow the UI language', () => {
  test('hydrant sheets: an unnamed road is labelled and described in the chosen language, metres as numbers', () => {
    const { r, places } = createHydrantCase();
    const zh = hydrantSheets(r, places, 'zh')[1];
    const en = hydrantSheets(r, places, 'en')[1];
    expect(zh.header[0]).toBe('道路');
    expect(en.header[0]).toBe('Road');
    expect(zh.rows[0][0]).toBe('（未命名道路）');
    expect(en.rows[0][0]).toBe('(unnamed road)');
    expect(String(zh.rows[0][1])).toMatch(/^未命名道路：乡镇不明，/);
    expect(String(en.rows[0][1])).toMatch(/^Unnamed road township unknown, /);
    expect(zh.rows[0].slice(9, 12)).toEqual([150, 1000, 850]);
  });

  test('hydrant sheets refuse gap rows of another result', () => {
    const { r } = createHydrantCase();
    expect(() => hydrantSheets(r, [], 'zh')).toThrow(/do not belong/);
  });

  test('plot sheets: the id in full, the use as its label (教育 / Education), areas as numbers', () => {
    const r = reviewPlots({ plots: createPlots() });
    const [zhSummary, zhReview] = plotSheets(r, 'zh');
    const enReview = plotSheets(r, 'en')[1];
    expect(zhSummary.rows[0]).toEqual(['地块数', 1, '块']);
    expect(zhReview.rows[0].slice(0, 5)).toEqual(['曲储【2022】07号（东区）', '东地块', '甲镇', '教育', 100]);
    expect(enReview.rows[0][3]).toBe('Education');
    expect(zhReview.rows[0][5]).toBeCloseTo(100, 1);
    const { sheets } = openXlsx(toXlsx(plotSheets(r, 'zh')));
    expect(sheets[1].rows[1][0]).toBe('曲储【2022】07号（东区）');
  });

  test('rowsSheet: numbers, bigints as numbers, objects as JSON, and a placeholder header without columns', () => {
    const s = rowsSheet('数据', [{ name: 'a', label: '甲' }, { name: 'b', label: 'b' }], [{ a: 1n, b: { x: 1 } }, { a: 2.5, b: '=x' }], '（无结果）');
    expect(s.rows).toEqual([
      [1, '{"x":1}'],
      [2.5, '=x'],
    ]);
    const { sheets } = openXlsx(toXlsx([s]));
    expect(sheets[0].rows[2]).toEqual(['2.5', "'=x"]);
    expect(rowsSheet('x', [], [], '（无结果）').header).toEqual(['（无结果）']);
  });
});

describe('sitingCurveSheet', () => {
  test('the site --curve rows with Chinese headers, the gap in %, the status in words', () => {
    const s = sitingCurveSheet(
      [
        { p: 1, objective: 100, bound: 100, gap: 0, status: 'optimal', greedyObjective: 100, coveredPct: 40.4, boundPct: 40.4, greedyPct: 40.4 },
        { p: 2, objective: 150, bound: 153, gap: 0.02, status: 'time-limit', greedyObjective: 140, coveredPct: 59.1, boundPct: 60.27, greedyPct: 55.2 },
      ],
      'zh',
    );
    expect(s.name).toBe('覆盖曲线');
    expect(s.header[0]).toBe('选址数 P');
    expect(s.rows).toEqual([
      [1, 100, 100, 0, '已证最优', 100, 40.4, 40.4, 40.4],
      [2, 150, 153, 2, '时限内最好解', 140, 59.1, 60.3, 55.2],
    ]);
  });
});
