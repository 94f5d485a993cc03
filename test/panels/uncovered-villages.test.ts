import { describe, expect, test } from 'vitest';
import type { ColumnLayerData } from '../../layers/types';
import { uncoveredByVillage } from '../../src/panels/uncovered/uncovered-villages';

function createHouseholds(): ColumnLayerData {
  return {
    kind: 'columns',
    id: 'households',
    count: 5,
    lon: new Float64Array([114.1, 114.2, 114.3, NaN, 114.5]),
    lat: new Float64Array([38.1, 38.2, 38.3, 38.4, 38.5]),
    ids: ['H1', 'H2', 'H3', 'H4', 'H5'],
    columns: {
      village: { type: 'category', codes: new Int32Array([0, 0, 1, 1, 0]), dict: ['东关村', '西关村'] },
      township: { type: 'category', codes: new Int32Array([0, 0, 0, 0, 1]), dict: ['城关镇', '羊平镇'] },
    },
  };
}

describe('uncovered households by village', () => {
  test('groups the chosen rows by township and village, most first, with ids and bounds', () => {
    const v = uncoveredByVillage(createHouseholds(), [0, 1, 2, 3, 4]);
    expect(v).toEqual([
      { village: '东关村', township: '城关镇', count: 2, ids: ['H1', 'H2'], bounds: [114.1, 38.1, 114.2, 38.2] },
      // H4 has no position: counted, not in the bounds
      { village: '西关村', township: '城关镇', count: 2, ids: ['H3', 'H4'], bounds: [114.3, 38.3, 114.3, 38.3] },
      // the same village name in another township is another village
      { village: '东关村', township: '羊平镇', count: 1, ids: ['H5'], bounds: [114.5, 38.5, 114.5, 38.5] },
    ]);
  });

  test('only the chosen rows count; a village of households without positions has no bounds', () => {
    expect(uncoveredByVillage(createHouseholds(), new Uint32Array([3]))).toEqual([{ village: '西关村', township: '城关镇', count: 1, ids: ['H4'], bounds: null }]);
    expect(uncoveredByVillage(createHouseholds(), [])).toEqual([]);
  });
});
