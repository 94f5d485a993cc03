import { describe, expect, test } from 'vitest';
import type { Scenario } from '../../analysis/scenarios.ts';
import type { Project } from '../../layers/types.ts';
import { compareSheets } from '../../src/export/compare-sheets.ts';

// Two scenarios of an empty project: 现状 as the defaults, 方案A counting planned stations at an
// 8-minute threshold. The compare workbook is in the UI language throughout — its parameter sheet
// used to print the Chinese labels (and true/false, raw codes) in the English export.
const project = { name: '甲县', params: {}, layers: {} } as unknown as Project;
const a: Scenario = { id: 'current', name: '现状', edits: [], params: {} };
const b: Scenario = { id: 'plan', name: '方案A', edits: [], params: { threshold: 8, statuses: ['existing', 'planned'], 'include-planned': true } };
const cmp = { rows: [{ key: 'fireBuiltUp' as const, a: 22.71, b: 45.68, diff: 22.97 }], townships: [{ township: '恒州镇', a: 10, b: 12, diff: 2, total: 20 }] };

describe('compareSheets', () => {
  test('English: parameter labels in English with key and unit, yes/no in words', () => {
    const [figures, , params] = compareSheets('en', a, b, project, cmp);
    expect(figures.rows[0]).toEqual(['Built-up area reached by fire in 5 min (%)', 22.7, 45.7, 23]);
    // the default 现状 reads Current in English; a name the user gave (方案A) as written
    expect(params.header).toEqual(['Parameter', 'Current', '方案A']);
    const labels = params.rows.map((r) => String(r[0]));
    for (const l of labels) expect(l, l).not.toMatch(/[\u4e00-\u9fff]/u);
    const threshold = params.rows.find((r) => String(r[0]).includes('(threshold)'));
    expect(threshold?.slice(1)).toEqual(['5', '8']);
    const statuses = params.rows.find((r) => String(r[0]).includes('(statuses)'));
    expect(statuses?.[2]).toBe('existing,planned'); // the value as the option takes it
    const planned = params.rows.find((r) => String(r[0]).includes('(include-planned)'));
    expect(planned?.slice(1)).toEqual(['no', 'yes']);
  });

  test('sheet names fit Excel (≤ 31 characters) in both languages, so none is cut', () => {
    for (const lang of ['zh', 'en'] as const) for (const sheet of compareSheets(lang, a, b, project, cmp)) expect(sheet.name.length, sheet.name).toBeLessThanOrEqual(31);
  });

  test('Chinese: the same rows with Chinese labels and 是/否', () => {
    const params = compareSheets('zh', a, b, project, cmp)[2];
    const planned = params.rows.find((r) => String(r[0]).includes('（include-planned）'));
    expect(String(planned?.[0])).toMatch(/[\u4e00-\u9fff]/u);
    expect(planned?.slice(1)).toEqual(['否', '是']);
  });
});
