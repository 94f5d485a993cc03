import { describe, expect, test } from 'vitest';
import { ABOUT_PARAMS, aboutSheet, localTimeText } from '../../src/export/about-sheet.ts';
import { toXlsx } from '../../analysis/xlsx-export.ts';
import { openXlsx } from '../support/xlsx-check.ts';

const defaults = Object.fromEntries(ABOUT_PARAMS.map((d) => [d.key, d.value]));

describe('aboutSheet: the last sheet of every workbook says what its figures were computed under', () => {
  test('project, scenario, time, and only the parameters not at their default, with unit', () => {
    const s = aboutSheet({ title: '消防5分钟覆盖', project: '甲县', scenario: '方案A', params: { ...defaults, threshold: 8, 'include-planned': true }, defs: ABOUT_PARAMS, generated: '2026-12-07 09:15' }, 'zh');
    expect(s.name).toBe('说明');
    expect(s.rows.slice(0, 4)).toEqual([
      ['文件', '消防5分钟覆盖'],
      ['项目名称', '甲县'],
      ['方案', '方案A'],
      ['导出时间', '2026-12-07 09:15'],
    ]);
    expect(s.rows.slice(4)).toEqual([
      ['参数：到达时限（自接警出动起）（threshold）', '8 min'],
      [expect.stringMatching(/^参数：.+（include-planned）$/), '是'],
    ]);
    // it opens as a sheet named 说明 with text cells
    const { sheets } = openXlsx(toXlsx([s]));
    expect(sheets[0].name).toBe('说明');
  });

  test('all defaults and no scenario, in English; no time when none is given (the CLI)', () => {
    const s = aboutSheet({ title: 'hydrants', project: 'X', scenario: null, params: defaults, defs: ABOUT_PARAMS }, 'en');
    expect(s.name).toBe('About');
    expect(s.rows).toEqual([
      ['File', 'hydrants'],
      ['Project', 'X'],
      ['Scenario', 'data as imported (no scenarios)'],
      ['Parameters', 'all at their defaults'],
    ]);
  });

  test('localTimeText pads to YYYY-MM-DD HH:MM', () => {
    expect(localTimeText(new Date(2026, 0, 5, 7, 3))).toBe('2026-01-05 07:03');
  });
});
