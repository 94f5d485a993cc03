import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Column, ColumnLayerData } from '../../layers/types.ts';
import { LocalProjection } from '../../analysis/geo.ts';
import { uncoveredHouseholds } from '../../analysis/uncovered-households.ts';
import { selectUncovered, type UncoveredFilter } from '../../analysis/uncovered-export.ts';
import { uncoveredSheets } from '../../src/export/analysis-sheets.ts';

// Three households on y = 0 at 100, 5,000 and 6,000 m, one public kindergarten at 0 (village
// radius 2,000 m when outside a built-up area): H2 (恒州镇, gas) and H3 (羊平镇, clean coal, 低保)
// are outside its radius. Filtered to 羊平镇, the household list holds H3 alone — and the
// workbook must say it is a filtered list, since its services sheet counts every household.
const P = new LocalProjection(115, 38.5);
const pt = (x: number) => [P.lon(x), P.lat(0)];

function category(values: (string | null)[]): Column {
  const dict: string[] = [];
  const codes = Int32Array.from(values.map((v) => (v === null ? -1 : dict.includes(v) ? dict.indexOf(v) : dict.push(v) - 1)));
  return { type: 'category', codes, dict };
}

function createCase() {
  const xs = [100, 5000, 6000];
  const households: ColumnLayerData = {
    kind: 'columns',
    id: 'households',
    count: 3,
    lon: Float64Array.from(xs.map((x) => pt(x)[0])),
    lat: Float64Array.from(xs.map((x) => pt(x)[1])),
    ids: ['H1', 'H2', 'H3'],
    columns: {
      township: category(['恒州镇', '恒州镇', '羊平镇']),
      village: category(['城关村', '城关村', '东村']),
      heating: category(['gas', 'gas', 'clean_coal']),
      low_income: category([null, null, 'minimum_living']),
    },
  };
  const kindergartens: FeatureCollection<Geometry | null, Record<string, unknown>> = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { id: 'K1', ownership: 'public', capacity: 10 }, geometry: { type: 'Point', coordinates: pt(0) } }],
  };
  return { households, u: uncoveredHouseholds({ households, kindergartens }) };
}

const sheet = (filter: UncoveredFilter, lang: 'zh' | 'en') => {
  const { households, u } = createCase();
  const rows = selectUncovered(households, u, filter);
  return { rows, sheets: uncoveredSheets(households, u, rows, lang, filter) };
};

describe('uncoveredSheets states the filter of its household list', () => {
  test('a township, heating and low-income filter: the list and a 筛选条件 sheet in words', () => {
    const { rows, sheets } = sheet({ township: '羊平镇', heating: 'clean_coal', lowIncome: 'minimum_living', services: ['kindergarten'] }, 'zh');
    expect(Array.from(rows)).toEqual([2]);
    expect(sheets.map((s) => s.name)).toEqual(['各项服务', '未覆盖农户', '筛选条件']);
    expect(sheets[1].rows.map((r) => r[0])).toEqual(['H3']);
    expect(sheets[2].rows).toEqual([
      ['乡镇', '羊平镇'],
      ['村', '全部'],
      ['取暖方式', '洁净煤'],
      ['低收入类别', '低保'],
      ['未覆盖的服务（任一）', '幼儿园'],
      ['所列农户（户）', 1],
    ]);
    // the services sheet still counts all three households
    expect(sheets[0].rows.find((r) => r[0] === '幼儿园')?.slice(1, 4)).toEqual([3, 1, 2]);
  });

  test('no filter: every condition "all", every service computed (fire only with a fire result), in English too', () => {
    const { sheets } = sheet({}, 'en');
    expect(sheets[2].name).toBe('Filter');
    // every household is missed by some service here (no hydrant, no maintenance point in this county)
    expect(sheets[1].rows.map((r) => r[0])).toEqual(['H1', 'H2', 'H3']);
    // no fire result was given (as `analyze uncovered --no-fire`): fire is no condition of the list
    expect(sheets[2].rows.map((r) => r[1])).toEqual(['all', 'all', 'all', 'all', 'Hydrant, Kindergarten, Clean coal, Maintenance', 3]);
  });
});
