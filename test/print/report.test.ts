import { describe, expect, test } from 'vitest';
import type { ParamDef } from '../../analysis/params';
import type { XlsxSheet } from '../../analysis/xlsx-export';
import { MAX_PRINTED_ROWS, paramLines, sheetsToReport } from '../../src/print/report';

function createDefs(): ParamDef[] {
  return [
    { key: 'threshold', value: 5, unit: 'min', label: { zh: '到达时限', en: 'Threshold' }, source: { zh: 'GB 51080', en: 'GB 51080' }, min: 1, max: 60 },
    { key: 'access-speed', value: 5, unit: 'km/h', label: { zh: '接入速度', en: 'Access speed' }, source: { zh: '假定', en: 'assumed' }, confirm: true, min: 1, max: 50 },
  ];
}

function createSheets(summaryName: string, rows = 3): XlsxSheet[] {
  return [
    { name: summaryName, header: ['指标', '数值', '单位'], rows: [['覆盖率', 15.1, '%'], ['农户', 200000, '户']] },
    { name: '按乡镇', header: ['乡镇', '农户（户）'], rows: Array.from({ length: rows }, (_, i) => [`乡${i}`, i]) },
  ];
}

describe('paramLines', () => {
  test('values from the project, defaults otherwise, with unit and source', () => {
    const lines = paramLines(createDefs(), { threshold: 8 }, 'zh');
    expect(lines).toEqual([
      { key: 'threshold', label: '到达时限', value: '8 min', source: 'GB 51080', confirm: false, set: true },
      { key: 'access-speed', label: '接入速度', value: '5 km/h', source: '假定', confirm: true, set: false },
    ]);
  });

  test('a refused project value prints the default', () => {
    expect(paramLines(createDefs(), { threshold: -3 }, 'en')[0]).toMatchObject({ value: '5 min', set: false });
  });

  test('onlySet keeps the parameters the project sets', () => {
    expect(paramLines(createDefs(), { 'access-speed': 4 }, 'en', true).map((l) => l.key)).toEqual(['access-speed']);
    expect(paramLines(createDefs(), {}, 'en', true)).toEqual([]);
  });
});

describe('sheetsToReport', () => {
  test('the summary sheet becomes the figures, the others tables', () => {
    const r = sheetsToReport(createSheets('汇总'), 'zh');
    expect(r.figures.header).toEqual(['指标', '数值', '单位']);
    expect(r.figures.rows).toEqual([
      ['覆盖率', '15.1', '%'],
      ['农户', '200,000', '户'],
    ]);
    expect(r.tables.map((t) => t.title)).toEqual(['按乡镇']);
    expect(r.tables[0].omitted).toBe(0);
  });

  test('before and after side by side, matched by item', () => {
    const after = createSheets('Summary');
    const before: XlsxSheet[] = [{ name: 'Summary', header: [], rows: [['农户', 200000, '户'], ['覆盖率', 7.7, '%']] }];
    const r = sheetsToReport(after, 'en', { before: { sheets: before, label: 'Base', afterLabel: 'Compared' } });
    expect(r.figures.header).toEqual(['Item', 'Base', 'Compared', 'Unit']);
    expect(r.figures.rows[0]).toEqual(['覆盖率', '7.7', '15.1', '%']);
  });

  test('a long table is cut and says how many rows are left out; skipped sheets are not printed', () => {
    const r = sheetsToReport(createSheets('汇总', MAX_PRINTED_ROWS + 5), 'zh');
    expect(r.tables[0].rows).toHaveLength(MAX_PRINTED_ROWS);
    expect(r.tables[0].omitted).toBe(5);
    expect(sheetsToReport(createSheets('汇总'), 'zh', { skip: ['按乡镇'] }).tables).toEqual([]);
  });
});
