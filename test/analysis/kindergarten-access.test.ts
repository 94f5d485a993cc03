import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Column, ColumnLayerData } from '../../layers/types.ts';
import { kindergartenAccess } from '../../analysis/kindergarten-access.ts';
import { LocalProjection } from '../../analysis/geo.ts';

// Metres on a local plane at (115°E, 38.5°N); everything lies on y = 0, where the plane's metres
// are geodesicMeters' metres.
const P = new LocalProjection(115, 38.5);
const pt = (x: number, y: number) => [P.lon(x), P.lat(y)];
type FC = FeatureCollection<Geometry | null, Record<string, unknown>>;

function box(name: string, x0: number, y0: number, x1: number, y1: number) {
  return {
    type: 'Feature' as const,
    properties: { name },
    geometry: { type: 'Polygon' as const, coordinates: [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]] },
  };
}

function category(values: (string | null)[]): Column {
  const dict: string[] = [];
  const codes = Int32Array.from(values.map((v) => (v === null ? -1 : dict.includes(v) ? dict.indexOf(v) : dict.push(v) - 1)));
  return { type: 'category', codes, dict };
}

interface H {
  x: number;
  town: string;
  village: string;
  children?: number;
  persons?: number;
}

function createHouseholds(hs: H[]): ColumnLayerData {
  return {
    kind: 'columns',
    id: 'households',
    count: hs.length,
    lon: Float64Array.from(hs.map((h) => (Number.isFinite(h.x) ? pt(h.x, 0)[0] : NaN))),
    lat: Float64Array.from(hs.map((h) => (Number.isFinite(h.x) ? pt(h.x, 0)[1] : NaN))),
    ids: hs.map((_, i) => `H${i + 1}`),
    columns: {
      township: category(hs.map((h) => h.town)),
      village: category(hs.map((h) => h.village)),
      children_3_5: { type: 'number', values: Float64Array.from(hs.map((h) => h.children ?? NaN)) },
      persons: { type: 'number', values: Float64Array.from(hs.map((h) => h.persons ?? NaN)) },
    },
  };
}

// County seat built-up 2 km × 2 km around 0 ("县城", the largest), a township seat 500 m × 500 m
// ("羊平镇区") at x 5000–5500; township polygon 羊平镇 covers x 3000–12000.
// K1 (0 m) public, 60 places, 50 enrolled, 恒州镇 → urban, 300 m.
// K2 (5200 m) private 普惠, 40 places, 30 enrolled, 羊平镇 → township seat, 1000 m.
// K3 (10000 m) private, 20 places, 20 enrolled, no township → village, 2000 m; township from the polygon: 羊平镇.
// Households: h1 100 m (2 children) → K1 at 100 ✓.  h2 400 m (1 child) → K1 at 400 > 300 ✗, K2 at 4800 ✗.
// h3 5900 m (persons 5, children missing → 5 × 0.03 = 0.15) → K2 at 700 ≤ 1000 ✓.
// h4 8500 m (3) → K3 at 1500 ≤ 2000 ✓.  h5 11000 m (1) → K3 at 1000 ✓.  h6 unlocated, no data → 0 children.
function createInput() {
  const households = createHouseholds([
    { x: 100, town: '恒州镇', village: '城关村', children: 2 },
    { x: 400, town: '恒州镇', village: '城关村', children: 1 },
    { x: 5900, town: '羊平镇', village: '东羊平村', persons: 5 },
    { x: 8500, town: '羊平镇', village: '西村', children: 3 },
    { x: 11000, town: '羊平镇', village: '西村', children: 1 },
    { x: NaN, town: '羊平镇', village: '西村' },
  ]);
  const kg = (id: string, x: number, props: Record<string, unknown>) => ({
    type: 'Feature' as const,
    properties: { id, name: `幼儿园${id}`, ...props },
    geometry: { type: 'Point' as const, coordinates: pt(x, 0) },
  });
  const kindergartens: FC = {
    type: 'FeatureCollection',
    features: [
      kg('K1', 0, { ownership: 'public', inclusive: true, capacity: 60, enrolled: 50, township: '恒州镇' }),
      kg('K2', 5200, { ownership: 'private', inclusive: true, capacity: 40, enrolled: 30, township: '羊平镇' }),
      kg('K3', 10000, { ownership: 'private', inclusive: false, capacity: 20, enrolled: 20 }),
    ],
  };
  const builtUp: FC = { type: 'FeatureCollection', features: [box('羊平镇区', 5000, -250, 5500, 250), box('县城', -1000, -1000, 1000, 1000)] };
  const townships: FC = { type: 'FeatureCollection', features: [box('羊平镇', 3000, -3000, 12000, 3000)] };
  return { households, kindergartens, builtUp, townships };
}

describe('kindergartenAccess', () => {
  test('radii follow where each kindergarten stands', () => {
    const r = kindergartenAccess(createInput());
    expect(r.urbanBuiltUp).toBe('县城');
    expect(r.kindergartens.map((k) => [k.id, k.area, k.radiusM, k.township])).toEqual([
      ['K1', 'urban', 300, '恒州镇'],
      ['K2', 'township', 1000, '羊平镇'],
      ['K3', 'village', 2000, '羊平镇'],
    ]);
    expect(r.radiusMeters).toBe(300);
  });

  test('households and children outside every radius', () => {
    const r = kindergartenAccess(createInput());
    expect(Array.from(r.covered)).toEqual([1, 0, 1, 1, 1, 0]);
    expect(r.households).toEqual({ total: 6, covered: 4, uncovered: 2, unlocated: 1 });
    // Children 2 + 1 + 0.15 + 3 + 1 = 7.15; covered 2 + 0.15 + 3 + 1 = 6.15; outside: h2's 1.
    expect(r.children.total).toBeCloseTo(7.15, 9);
    expect(r.children.covered).toBeCloseTo(6.15, 9);
    expect(r.children.uncovered).toBeCloseTo(1, 9);
    expect(r.children.estimatedHouseholds).toBe(1);
    expect(r.children.missingHouseholds).toBe(1);
  });

  test('places against children by township', () => {
    const r = kindergartenAccess(createInput());
    const [heng, yang] = r.byTownship;
    // 恒州镇: 3 children, K1's 60 places → 20 per child; 1 child (h2) uncovered.
    expect(heng).toMatchObject({ township: '恒州镇', households: 2, children: 3, seats: 60, enrolled: 50, kindergartens: 1, seatsPerChild: 20, uncoveredChildren: 1 });
    // 羊平镇: 0.15 + 3 + 1 = 4.15 children; K2 40 + K3 20 = 60 places → 14.46 per child.
    expect(yang).toMatchObject({ township: '羊平镇', households: 4, seats: 60, enrolled: 50, kindergartens: 2, uncoveredChildren: 0 });
    expect(yang.children).toBeCloseTo(4.15, 9);
    expect(yang.seatsPerChild!).toBeCloseTo(60 / 4.15, 9);
    expect(r.seats).toBe(120);
    expect(r.enrolled).toBe(100);
  });

  test('2SFCA per village', () => {
    const r = kindergartenAccess(createInput());
    // Step 1: K1 reaches h1 (2) → R1 = 60/2 = 30; K2 reaches h3 (0.15) → R2 = 40/0.15 = 266.67;
    // K3 reaches h4, h5 (3 + 1) → R3 = 20/4 = 5.
    expect(r.kindergartens.map((k) => k.supplyRatio)).toEqual([30, expect.closeTo(266.667, 2), 5]);
    // Step 2 and the village means (children-weighted):
    // 城关村: (2 × 30 + 1 × 0) / 3 = 20; 东羊平村: 266.67; 西村: (3 × 5 + 1 × 5 + 0) / 4 = 5.
    const byName = Object.fromEntries(r.byVillage.map((v) => [v.village, v.access]));
    expect(byName['城关村']).toBeCloseTo(20, 9);
    expect(byName['东羊平村']).toBeCloseTo(266.667, 2);
    expect(byName['西村']).toBeCloseTo(5, 9);
  });

  test('public and inclusive shares come from the map', () => {
    const r = kindergartenAccess(createInput());
    // Enrolled 50 + 30 + 20 = 100: public K1 50 → 50 %; inclusive K1 + K2 = 80 → 80 %.
    expect(r.shareBasis).toBe('enrolled');
    expect(r.publicSharePct).toBeCloseTo(50, 9);
    expect(r.inclusiveSharePct).toBeCloseTo(80, 9);
    // Gross enrolment 100 / 7.15 children.
    expect(r.grossEnrolmentPct!).toBeCloseTo((100 * 100) / 7.15, 6);
  });

  test('editable radii: a village radius of 1 km leaves h4 (1.5 km from K3) outside', () => {
    const r = kindergartenAccess(createInput(), { radiusVillageMeters: 1000 });
    expect(Array.from(r.covered)).toEqual([1, 0, 1, 0, 1, 0]);
  });

  test('without a built-up layer every kindergarten takes the urban radius', () => {
    const input = createInput();
    const r = kindergartenAccess({ households: input.households, kindergartens: input.kindergartens });
    expect(r.areaBasis).toBe('no-built-up');
    expect(r.kindergartens.every((k) => k.radiusM === 300)).toBe(true);
    expect(Array.from(r.covered)).toEqual([1, 0, 0, 0, 0, 0]);
  });

  test('does not mutate its inputs', () => {
    const input = createInput();
    const snapshot = () =>
      JSON.stringify(input, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>).map(String) : v));
    const before = snapshot();
    kindergartenAccess(input);
    expect(snapshot()).toBe(before);
  });

  test('throws clear errors', () => {
    const input = createInput();
    expect(() => kindergartenAccess({ ...input, kindergartens: undefined as unknown as FC })).toThrow(/kindergartens/);
    expect(() => kindergartenAccess(input, { radiusUrbanMeters: 0 })).toThrow(/radiusUrbanMeters/);
    expect(() => kindergartenAccess(input, { urbanBuiltUpName: '不存在' })).toThrow(/不存在/);
  });
});
