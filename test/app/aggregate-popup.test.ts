import { describe, expect, test } from 'vitest';
import type { ColumnLayerData } from '../../layers/types';
import { households } from '../../layers/households';
import { aggregatePoints, COUNT_PROPERTY } from '../../src/map/aggregate-points';
import { aggregatePopup, cellMeters, isAggregateCell } from '../../src/map/aggregate-popup';
import { withAggregate } from '../../src/panels/radii/aggregate-result';
import zh from '../../src/i18n/zh/common';
import en from '../../src/i18n/en/common';

const ZH = { yes: zh.yes, no: zh.no, ...zh.aggregatePopup };
const EN = { yes: en.yes, no: en.no, ...en.aggregatePopup };

/** Six households in one 0.1° cell (heating: gas ×2, electric ×1, clean coal ×1, other ×1, missing ×1) and one in another. */
function createLayer(): ColumnLayerData {
  return {
    kind: 'columns',
    id: 'households',
    count: 7,
    lon: new Float64Array([116.01, 116.02, 116.03, 116.04, 116.05, 116.06, 116.25]),
    lat: new Float64Array([40.01, 40.01, 40.02, 40.02, 40.03, 40.03, 40.01]),
    ids: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    columns: {
      // dict order = first seen: electric, gas, other, clean_coal
      heating: { type: 'category', codes: new Int32Array([0, 1, 2, 1, 3, -1, 1]), dict: ['electric', 'gas', 'other', 'clean_coal'] },
      persons: { type: 'number', values: new Float64Array([2, 3, 4, 5, NaN, 6, 1]) },
    },
  };
}

describe('the popup of a grid cell', () => {
  test('aggregatePoints hands out the count of each value per cell when asked', () => {
    const tallies = new Map<string, Map<string | boolean, number>[]>();
    const fc = aggregatePoints(createLayer(), ['heating', 'persons'], 0.1, tallies);
    expect(fc.features.map((f) => f.properties?.[COUNT_PROPERTY])).toEqual([6, 1]);
    // numbers are summarised by their mean, not tallied
    expect([...tallies.keys()]).toEqual(['heating']);
    const [a, b] = tallies.get('heating')!;
    expect([...a.entries()]).toEqual([['electric', 1], ['gas', 2], ['other', 1], ['clean_coal', 1]]);
    expect([...b.entries()]).toEqual([['gas', 1]]);
  });

  test('says how many households the cell holds, breaks the styled field down and hints to zoom in (zh and en)', () => {
    const tallies = new Map<string, Map<string | boolean, number>[]>();
    const fc = aggregatePoints(createLayer(), ['heating', 'persons'], 0.1, tallies);
    const props = fc.features[0].properties as Record<string, unknown>;
    const cell = new Map([['heating', tallies.get('heating')![0]]]);
    const opts = { tallies: cell, unit: households.rowUnit!, cellDeg: 0.004, pointZoom: 13 };
    const z = aggregatePopup(props, households.fields, { ...opts, lang: 'zh', words: ZH });
    expect(z.summary).toBe('此处 6 户（网格约 445 米）');
    // largest first (ties in the order first seen), the missing one counted
    expect(z.rows).toEqual([
      { label: '人口（平均）', value: '4 人' },
      { label: '取暖方式（各类数量）', value: '气代煤 2，电代煤 1，其他 1，洁净煤 1，未填 1' },
    ]);
    expect(z.hint).toBe('放大到 13 级及以上可逐户查看。');
    const e = aggregatePopup(props, households.fields, { ...opts, lang: 'en', words: EN });
    expect(e.summary).toBe('6 households in this cell (≈445 m grid)');
    expect(e.rows[1]).toEqual({ label: 'Heating (count by value)', value: 'Gas for coal 2, Electric for coal 1, Other 1, Clean coal 1, not filled 1' });
    expect(e.hint).toBe('Zoom in to level 13 or closer to see individual households.');
    // no row of a single household's own fields (id, village, …): nothing reads as missing data
    expect([...z.rows, ...e.rows].some((r) => r.value === zh.fieldEmpty)).toBe(false);
  });

  test("a result layer's cell (fire: households not reached) lists none of a single household's fields", () => {
    const pts = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: { id: 'h1', village: '东村', minutes: 7.5 }, geometry: { type: 'Point' as const, coordinates: [116.0101, 40.0101] } },
        { type: 'Feature' as const, properties: { id: 'h2', village: '东村', minutes: 8 }, geometry: { type: 'Point' as const, coordinates: [116.0102, 40.0102] } },
        { type: 'Feature' as const, properties: { id: 'h3', village: '西村', minutes: 9 }, geometry: { type: 'Point' as const, coordinates: [116.2, 40.2] } },
      ],
    };
    const data = withAggregate(pts);
    const cells = data.features.filter((f) => isAggregateCell(f.properties));
    expect(cells).toHaveLength(2);
    expect(isAggregateCell(pts.features[0].properties)).toBe(false);
    const two = cells.find((f) => f.properties![COUNT_PROPERTY] === 2)!;
    const unit = { zh: '户', en: 'households' };
    const fields = [
      { name: 'id', label: { zh: '户编号', en: 'Household ID' }, type: 'string' as const },
      { name: 'village', label: { zh: '村', en: 'Village' }, type: 'string' as const },
      { name: 'minutes', label: { zh: '到达时间', en: 'Arrival' }, type: 'number' as const },
      { name: COUNT_PROPERTY, label: { zh: '本格户数', en: 'Households in cell' }, type: 'number' as const, unit },
    ];
    const p = aggregatePopup(two.properties as Record<string, unknown>, fields, { lang: 'zh', words: ZH, unit, cellDeg: 0.004, pointZoom: 13 });
    expect(p).toEqual({ summary: '此处 2 户（网格约 445 米）', rows: [], hint: '放大到 13 级及以上可逐户查看。' });
  });

  test('a field of many values shows the three largest and sums the rest; yes/no in words', () => {
    const tally = new Map<string | boolean, number>([['东村', 1], ['西村', 5], ['南村', 2], ['北村', 3], ['中村', 1]]);
    const village = { name: 'village', label: { zh: '村', en: 'Village' }, type: 'string' as const };
    const alarm = { name: 'co_alarm', label: { zh: '报警器', en: 'CO alarm' }, type: 'boolean' as const };
    const props = { [COUNT_PROPERTY]: 14, village: '西村', co_alarm: true };
    const tallies = new Map([['village', tally], ['co_alarm', new Map<string | boolean, number>([[true, 9], [false, 5]])]]);
    const p = aggregatePopup(props, [village, alarm], { lang: 'zh', words: ZH, tallies, unit: null, cellDeg: 0.004, pointZoom: 13 });
    expect(p.rows).toEqual([
      { label: '村（各类数量）', value: '西村 5，北村 3，南村 2，其余 2，未填 2' },
      { label: '报警器（各类数量）', value: '是 9，否 5' },
    ]);
  });

  test('without a noun for the rows the popup counts points; the cell size follows the grid', () => {
    const p = aggregatePopup({ [COUNT_PROPERTY]: 1234 }, undefined, { lang: 'en', words: EN, unit: null, cellDeg: 0.01, pointZoom: 12 });
    expect(p.summary).toBe('1,234 points in this cell (≈1113 m grid)');
    expect(p.hint).toBe('Zoom in to level 12 or closer to see individual points.');
    expect(cellMeters(0.004)).toBe(445);
  });
});
