import { describe, expect, test } from 'vitest';
import type { IndicatorCardValue } from '../../src/db/indicators.ts';
import { indicatorSheets } from '../../src/export/indicator-sheets.ts';

// A share card with a 55 % target and a value of 0.5713 (57.13 %), one township row.
function createCard(target: number): IndicatorCardValue {
  return {
    id: 'gross_enrolment',
    query: 'kindergarten_enrolment',
    column: 'gross_enrolment',
    unit: 'share',
    target: { op: '>=', value: target },
    title: { zh: '学前三年毛入园率', en: 'Gross pre-school enrolment' },
    source: { zh: '规划', en: 'plan' },
    value: 0.5713,
    met: true,
    status: 'ok',
    issues: [],
    byTownship: [{ township: '甲镇', value: 0.5, status: 'ok' }],
  } as unknown as IndicatorCardValue;
}

describe('indicatorSheets', () => {
  test('a share and its target in % as printed on the card: 57.13, "≥ 55" (not 55.00000000000001)', () => {
    for (const [target, text] of [[0.55, '≥ 55'], [0.29, '≥ 29'], [0.07, '≥ 7'], [0.855, '≥ 85.5']] as const) {
      const [cards] = indicatorSheets([createCard(target)], 'zh');
      expect(cards.rows[0].slice(0, 4)).toEqual(['学前三年毛入园率', 57.13, '%', text]);
    }
  });

  test('the by-township sheet heads a card with its unit in the sheet language: （%） in Chinese, " (%)" in English', () => {
    const heads = (lang: 'zh' | 'en') => indicatorSheets([createCard(0.55)], lang).flatMap((sh) => sh.rows.flat()).concat(indicatorSheets([createCard(0.55)], lang).flatMap((sh) => sh.header ?? []));
    expect(heads('zh')).toContain('学前三年毛入园率（%）');
    expect(heads('en')).toContain('Gross pre-school enrolment (%)');
    expect(heads('en').filter((v) => typeof v === 'string' && /[（）]/.test(v))).toEqual([]);
  });

  test('households without a township (the SQL\'s 未填乡镇) are “No township” in the English workbook (session 15 walk: 未填乡镇 in the English panel)', () => {
    const card = { ...createCard(0.55), byTownship: [{ township: '甲镇', value: 0.5, status: 'ok' }, { township: '未填乡镇', value: 0.2, status: 'ok' }] } as unknown as IndicatorCardValue;
    const names = (lang: 'zh' | 'en') => indicatorSheets([card], lang)[1].rows.map((r) => r[0]);
    expect(names('en')).toEqual(['甲镇', 'No township']);
    expect(names('zh')).toEqual(['甲镇', '未填乡镇']);
  });
});

describe('indicatorSheets: a card whose children were estimated says so (session 15)', () => {
  test('是否达标 "否（估算）" and the notes column names the households estimated, the share and its source', () => {
    const card = {
      ...createCard(0.85),
      value: 90 / 112,
      met: false,
      status: 'fail',
      issues: [{ kind: 'estimated', table: 'households', column: 'children_3_5', from: 'persons', estimated: 1, rows: 2, param: 'child-share', rate: 0.03, source: { zh: '人口普查', en: 'census' } }],
    } as unknown as IndicatorCardValue;
    const [zh] = indicatorSheets([card], 'zh');
    expect(zh.header).toEqual(['指标', '数值', '单位', '目标', '是否达标', '依据', '说明']);
    expect(zh.rows[0].slice(4)).toEqual(['否（估算）', '规划', '估算：表 households 有 1 / 2 行缺少 children_3_5，按 persons × 0.03 估算（人口普查）']);
    const [en] = indicatorSheets([card], 'en');
    expect(en.rows[0].slice(4)).toEqual(['no (estimate)', 'plan', 'Estimate: 1 of 2 rows of households lack children_3_5, estimated as persons × 0.03 (census)']);
    // a card without notes leaves the column empty
    expect(indicatorSheets([createCard(0.55)], 'zh')[0].rows[0][6]).toBeNull();
  });
});
