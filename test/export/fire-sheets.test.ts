import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { fireSheets } from '../../src/export/analysis-sheets.ts';
import { MESSAGES } from '../../src/i18n/messages.ts';
import { fc, pt, road, SPEEDS_10MPS } from '../analysis/fire-coverage-fixtures.ts';

// One 4 km road (10 m/s), a built-up strip along it, an existing station at x = 0 and a planned one
// at x = 4000: the workbook of a run that counts the planned station must say so, and no label may
// claim "5 minutes" when the run used another threshold.

function createBuiltUp(): FeatureCollection<Polygon> {
  const ring = [pt(0, -100), pt(4000, -100), pt(4000, 100), pt(0, 100), pt(0, -100)];
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '城区' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
}

function station(id: string, x: number, status: string): Feature<Point> {
  return { type: 'Feature', properties: { id, name: id, level: 'level1', status }, geometry: { type: 'Point', coordinates: pt(x, 0) } };
}

function run(statuses: string[], thresholdMinutes: number) {
  const roads = fc([road([[0, 0], [1000, 0], [2000, 0], [3000, 0], [4000, 0]])]);
  return fireCoverage({ roads, builtUp: createBuiltUp() }, fc([station('A', 0, 'existing'), station('B', 4000, 'planned')]), {
    cellSizeMeters: 100,
    maxAccessMeters: 100,
    speedsKmh: SPEEDS_10MPS,
    statuses,
    thresholdMinutes,
  });
}

const summaryOf = (r: ReturnType<typeof run>, lang: 'zh' | 'en') => fireSheets(r, lang)[0];

describe('fireSheets summary says what the figures count', () => {
  test('the station statuses counted, as their labels, in both languages', () => {
    const zhNow = summaryOf(run(['existing'], 5), 'zh');
    const zhPlan = summaryOf(run(['existing', 'planned'], 5), 'zh');
    const enPlan = summaryOf(run(['existing', 'planned'], 5), 'en');
    expect(zhNow.rows.find((r) => r[0] === '计入的消防站')?.[1]).toBe('现有');
    expect(zhPlan.rows.find((r) => r[0] === '计入的消防站')?.[1]).toBe('现有、规划');
    expect(enPlan.rows.find((r) => r[0] === 'Stations counted')?.[1]).toBe('Existing, Planned');
  });

  test('a run at 3 minutes: no row label says 5 minutes; the threshold row says 3; the report title too', () => {
    const r = run(['existing'], 3);
    const s = summaryOf(r, 'zh');
    expect(s.rows.find((x) => x[0] === '响应时间标准')?.[1]).toBe(3);
    for (const row of s.rows) expect(String(row[0])).not.toMatch(/5\s*分钟/);
    expect(MESSAGES.zh.print.fireTitle('甲县', r.thresholdMinutes)).toBe('甲县消防3分钟覆盖分析报告');
    expect(MESSAGES.en.print.fireTitle('X', r.thresholdMinutes)).toBe('X: 3-minute fire coverage report');
    // the file name too (the panel names its Excel and GeoJSON/Shapefile downloads with it)
    expect(MESSAGES.zh.exports.fire.fileAt(r.thresholdMinutes)).toBe('消防3分钟覆盖');
    expect(MESSAGES.zh.exports.fire.fileAt(5)).toBe(MESSAGES.zh.exports.fire.file);
  });
});
