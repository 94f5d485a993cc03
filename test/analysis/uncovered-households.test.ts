import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Column, ColumnLayerData } from '../../layers/types.ts';
import { uncoveredHouseholds } from '../../analysis/uncovered-households.ts';
import { countUncovered, selectUncovered, uncoveredCsv, uncoveredGeoJson } from '../../analysis/uncovered-export.ts';
import { LocalProjection } from '../../analysis/geo.ts';

// Metres on a local plane at (115°E, 38.5°N), everything on y = 0 (plane metres = geodesic metres).
const P = new LocalProjection(115, 38.5);
const pt = (x: number, y: number) => [P.lon(x), P.lat(y)];
type FC = FeatureCollection<Geometry | null, Record<string, unknown>>;

function category(values: (string | null)[]): Column {
  const dict: string[] = [];
  const codes = Int32Array.from(values.map((v) => (v === null ? -1 : dict.includes(v) ? dict.indexOf(v) : dict.push(v) - 1)));
  return { type: 'category', codes, dict };
}

function points(...ps: { x: number; props: Record<string, unknown> }[]): FC {
  return {
    type: 'FeatureCollection',
    features: ps.map((p) => ({ type: 'Feature', properties: p.props, geometry: { type: 'Point', coordinates: pt(p.x, 0) } })),
  };
}

// Built-up box x ∈ [−500, 500]. Working hydrant at 0, broken one at 300. Kindergarten at 0
// (inside the county seat → 300 m). Clean-coal village point at 3000 (2 km), maintenance at 0 (10 km).
// h1 100 m, gas, 低保 (minimum_living)        → hydrant ✓ (100), kindergarten ✓ (100), maintenance ✓ (100).
// h2 400 m, clean coal       → hydrant ✗ (400; the broken one does not count), kindergarten ✗ (400 > 300),
//                              coal ✗ (2600 > 2000).
// h3 4000 m, clean coal      → outside the built-up area: hydrant does not apply; kindergarten ✗; coal ✓ (1000).
// h4 20000 m, electric, 低保 → kindergarten ✗; maintenance ✗ (20 km > 10 km).
// Fire: 60 s, 200 s, 400 s, never; 5 min = 300 s → h1, h2 reached; h3, h4 not.
function createInput() {
  const xs = [100, 400, 4000, 20000];
  const households: ColumnLayerData = {
    kind: 'columns',
    id: 'households',
    count: 4,
    lon: Float64Array.from(xs.map((x) => pt(x, 0)[0])),
    lat: Float64Array.from(xs.map((x) => pt(x, 0)[1])),
    ids: ['H1', 'H2', 'H3', '=H4'],
    columns: {
      township: category(['恒州镇', '恒州镇', '羊平镇', '羊平镇']),
      village: category(['城关村', '城关村', '东村', '东村']),
      heating: category(['gas', 'clean_coal', 'clean_coal', 'electric']),
      low_income: category(['minimum_living', null, null, 'minimum_living']),
      persons: { type: 'number', values: Float64Array.of(3, 2, 4, 1) },
      children_3_5: { type: 'number', values: Float64Array.of(1, 0, 1, 0) },
    },
  };
  const builtUp: FC = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: '县城' },
        geometry: { type: 'Polygon', coordinates: [[pt(-500, -500), pt(500, -500), pt(500, 500), pt(-500, 500), pt(-500, -500)]] },
      },
    ],
  };
  return {
    households,
    builtUp,
    hydrants: points({ x: 0, props: { id: 'X1', kind: 'hydrant', status: 'working' } }, { x: 300, props: { id: 'X2', kind: 'hydrant', status: 'broken' } }),
    kindergartens: points({ x: 0, props: { id: 'K1', ownership: 'public', capacity: 10 } }),
    servicePoints: points({ x: 3000, props: { id: 'S1', kind: 'coal_point' } }, { x: 0, props: { id: 'S2', kind: 'maintenance' } }),
    fire: { householdTimeSec: Float32Array.of(60, 200, 400, Infinity), thresholdMinutes: 5 },
  };
}

describe('uncoveredHouseholds', () => {
  test('counts per service', () => {
    const u = uncoveredHouseholds(createInput());
    const pick = (s: keyof typeof u.services) => [u.services[s].applicable, u.services[s].covered, u.services[s].uncovered];
    expect(pick('fire')).toEqual([4, 2, 2]);
    expect(pick('hydrant')).toEqual([2, 1, 1]);
    expect(pick('kindergarten')).toEqual([4, 1, 3]);
    expect(pick('cleanCoal')).toEqual([2, 1, 1]);
    expect(pick('maintenance')).toEqual([2, 1, 1]);
    expect(u.uncoveredAny).toBe(3);
  });

  test('one bit per service: fire 1, hydrant 2, kindergarten 4, clean coal 8, maintenance 16', () => {
    const u = uncoveredHouseholds(createInput());
    // h1 none; h2 hydrant + kindergarten + coal = 14; h3 fire + kindergarten = 5; h4 fire + kindergarten + maintenance = 21.
    expect(Array.from(u.uncovered)).toEqual([0, 14, 5, 21]);
    // Applicable: h1 fire, hydrant, kindergarten, maintenance = 23; h2 fire, hydrant, kg, coal = 15;
    // h3 fire, kg, coal = 13; h4 fire, kg, maintenance = 21.
    expect(Array.from(u.applicable)).toEqual([23, 15, 13, 21]);
  });

  test('without a fire result the fire service is marked not computed', () => {
    const { fire: _fire, ...rest } = createInput();
    const u = uncoveredHouseholds(rest);
    expect(u.services.fire.computed).toBe(false);
    expect(Array.from(u.uncovered)).toEqual([0, 14, 4, 20]);
  });

  test('filters by township, village, heating, low income and service', () => {
    const input = createInput();
    const u = uncoveredHouseholds(input);
    const sel = (f: Parameters<typeof selectUncovered>[2]) => Array.from(selectUncovered(input.households, u, f));
    expect(sel({})).toEqual([1, 2, 3]);
    expect(sel({ township: '羊平镇' })).toEqual([2, 3]);
    expect(sel({ services: ['hydrant'] })).toEqual([1]);
    expect(sel({ lowIncome: 'minimum_living' })).toEqual([3]);
    expect(sel({ lowIncome: 'any' })).toEqual([3]);
    expect(sel({ heating: 'clean_coal' })).toEqual([1, 2]);
    expect(sel({ village: '东村', services: ['cleanCoal'] })).toEqual([]);
  });

  test('counts per service inside a filter', () => {
    const input = createInput();
    const u = uncoveredHouseholds(input);
    // 羊平镇 = h3, h4: fire applies to both, misses both; hydrant applies to neither (outside the
    // built-up area); kindergarten misses both; coal applies to h3 (covered); maintenance to h4 (missed).
    const c = countUncovered(input.households, u, { township: '羊平镇' });
    expect(c.households).toBe(2);
    expect(c.services).toEqual({
      fire: { applicable: 2, uncovered: 2 },
      hydrant: { applicable: 0, uncovered: 0 },
      kindergarten: { applicable: 2, uncovered: 2 },
      cleanCoal: { applicable: 1, uncovered: 0 },
      maintenance: { applicable: 1, uncovered: 1 },
    });
  });

  test('CSV export: BOM, one column per service, formula-safe ids', () => {
    const input = createInput();
    const u = uncoveredHouseholds(input);
    const csv = uncoveredCsv(input.households, u, selectUncovered(input.households, u));
    const lines = csv.split('\r\n');
    expect(csv.startsWith('\uFEFFid,lon,lat,township,township_source,village,heating,low_income,persons,children_3_5,uncovered_fire,uncovered_hydrant')).toBe(true);
    expect(lines).toHaveLength(5); // header + 3 rows + trailing empty
    expect(lines[1]).toMatch(/^H2,.*,恒州镇,field,城关村,clean_coal,,2,0,0,1,1,1,0,消火栓、幼儿园、洁净煤$/);
    expect(lines[3].startsWith("'=H4,")).toBe(true);
    // the English UI's file: the missed-services column in English, header included (it was Chinese in both)
    const en = uncoveredCsv(input.households, u, selectUncovered(input.households, u), 'en').split('\r\n');
    expect(en[0].endsWith(',uncovered_maintenance,services missed')).toBe(true);
    expect(en[1]).toMatch(/,0,1,1,1,0,"Hydrant, Kindergarten, Clean coal"$/);
    expect(en.join('\n')).not.toMatch(/[消幼洁维]/u);
  });

  test('GeoJSON export for the map', () => {
    const input = createInput();
    const u = uncoveredHouseholds(input);
    const fc = uncoveredGeoJson(input.households, u, selectUncovered(input.households, u, { services: ['kindergarten'] }));
    expect(fc.features.map((f) => f.properties.id)).toEqual(['H2', 'H3', '=H4']);
    expect(fc.features[1].properties).toMatchObject({ township: '羊平镇', mask: 5, uncovered: 'fire,kindergarten' });
    expect(fc.features[0].geometry.coordinates[0]).toBeCloseTo(pt(400, 0)[0], 12);
  });

  test('does not mutate its inputs', () => {
    const input = createInput();
    const snapshot = () => JSON.stringify(input, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>).map(String) : v));
    const before = snapshot();
    uncoveredHouseholds(input);
    expect(snapshot()).toBe(before);
  });

  test('throws clear errors', () => {
    const input = createInput();
    expect(() => uncoveredHouseholds({ ...input, fire: { householdTimeSec: new Float32Array(2), thresholdMinutes: 5 } })).toThrow(/fire result/);
    expect(() => uncoveredHouseholds(input, { coalRadiusMeters: 0 })).toThrow(/coalRadiusMeters/);
    expect(() => uncoveredHouseholds({ ...input, hydrants: {} as FC })).toThrow(/hydrants/);
  });
});
