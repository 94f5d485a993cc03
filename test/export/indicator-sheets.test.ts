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
});
