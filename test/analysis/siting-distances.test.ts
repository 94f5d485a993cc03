import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry, LineString } from 'geojson';
import { metresPerDegree } from '../../analysis/geo.ts';
import { applySitingDistances } from '../../analysis/siting-distances.ts';
import type { SitingCandidates } from '../../analysis/siting-candidates.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import type { ColumnLayerData } from '../../layers/types.ts';

type FC = FeatureCollection<Geometry | null>;

const LON0 = 114.7;
const LAT0 = 38.6;

/** A point x metres east and y metres north of (LON0, LAT0), on the local plane of geodesicMeters. */
function createXY(x: number, y: number): [number, number] {
  const { mx, my } = metresPerDegree(LAT0);
  return [LON0 + x / mx, LAT0 + y / my];
}

function createCandidates(points: [string, number, number][]): SitingCandidates {
  const ll = points.map(([, x, y]) => createXY(x, y));
  return {
    count: points.length,
    lon: Float64Array.from(ll.map((p) => p[0])),
    lat: Float64Array.from(ll.map((p) => p[1])),
    origin: points.map(() => 'grid' as const),
    ids: points.map(([id]) => id),
    edge: Int32Array.from(points.map((_, i) => i)),
    fraction: new Float64Array(points.length).fill(0.5),
    accessMeters: new Float64Array(points.length),
  };
}

const pointsFc = (pts: [string, number, number][]): FC => ({
  type: 'FeatureCollection',
  features: pts.map(([name, x, y]) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Point', coordinates: createXY(x, y) } })),
});

describe('applySitingDistances (建标152-2017 第十五条: ≥ 50 m from kindergartens, ≥ 300 m from hazardous sites)', () => {
  // Kindergarten 甲园 at (0, 0); a hazardous plant, the square x ∈ [1000, 1200], y ∈ [−100, 100].
  // Candidates: A 30 m north of 甲园 (dropped: 30 < 50), B 60 m north (kept), C 820 m east,
  // 180 m from the plant's west edge (dropped: 180 < 300), D inside the plant (dropped, 0 m),
  // E 1,550 m east, 350 m from the plant's east edge (kept), F 40 m west of 甲园 (dropped by the
  // kindergarten rule).
  const kgs = pointsFc([['甲园', 0, 0]]);
  const plant: FC = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { name: '化工厂' }, geometry: { type: 'Polygon', coordinates: [[createXY(1000, -100), createXY(1200, -100), createXY(1200, 100), createXY(1000, 100), createXY(1000, -100)]] } }],
  };
  const cands = createCandidates([
    ['A', 0, 30],
    ['B', 0, 60],
    ['C', 820, 0],
    ['D', 1100, 0],
    ['E', 1550, 0],
    ['F', -40, 0],
  ]);

  test('drops A, C, D and F with the reason; keeps B and E with their columns', () => {
    const r = applySitingDistances(cands, [
      { layer: 'hazardous', minMeters: 300, features: plant },
      { layer: 'kindergartens', minMeters: 50, features: kgs },
      { layer: 'schools', minMeters: 50, features: null },
    ]);
    expect(r.candidates.ids).toEqual(['B', 'E']);
    expect(Array.from(r.candidates.edge!)).toEqual([1, 4]);
    expect(r.candidates.count).toBe(2);
    const why = Object.fromEntries(r.dropped.map((d) => [d.id, [d.layer, d.near, Math.round(d.distanceMeters)]]));
    expect(why).toEqual({ A: ['kindergartens', '甲园', 30], C: ['hazardous', '化工厂', 180], D: ['hazardous', '化工厂', 0], F: ['kindergartens', '甲园', 40] });
    expect(r.dropped.find((d) => d.id === 'A')!.message.zh).toBe('A：距幼儿园 甲园 30 m（< 50 m）');
    expect(r.dropped.find((d) => d.id === 'C')!.message.en).toBe('C: 180 m from hazardous-chemical site 化工厂 (< 300 m)');
    expect(r.checks).toEqual([
      { layer: 'hazardous', minMeters: 300, checked: true, features: 1, dropped: 2 },
      { layer: 'kindergartens', minMeters: 50, checked: true, features: 1, dropped: 2 },
      { layer: 'schools', minMeters: 50, checked: false, features: 0, dropped: 0 },
    ]);
  });

  test('a candidate breaking two rules is listed once, for the first rule given', () => {
    // G: 20 m from a kindergarten standing next to the plant (kindergarten at (900, 0), G at (920, 0), 80 m from the plant).
    const c = createCandidates([['G', 920, 0]]);
    const r = applySitingDistances(c, [
      { layer: 'hazardous', minMeters: 300, features: plant },
      { layer: 'kindergartens', minMeters: 50, features: pointsFc([['乙园', 900, 0]]) },
    ]);
    expect(r.dropped).toHaveLength(1);
    expect(r.dropped[0].layer).toBe('hazardous');
    expect(r.checks.map((k) => k.dropped)).toEqual([1, 0]);
  });

  test('distance 0 or no layer: nothing dropped; a negative distance is refused', () => {
    expect(applySitingDistances(cands, [{ layer: 'kindergartens', minMeters: 0, features: kgs }]).candidates.count).toBe(6);
    expect(applySitingDistances(cands, [{ layer: 'hospitals', minMeters: 50 }]).dropped).toEqual([]);
    expect(() => applySitingDistances(cands, [{ layer: 'kindergartens', minMeters: -1, features: kgs }])).toThrow(/kindergartens distance must be a number ≥ 0/);
  });
});

describe('siteFireStations applies the siting distances and says what each pick adds by township', () => {
  /** The tiny county of site-facilities-demo.test.ts: 4 km × 4 km, one road along y = 0, one along x = 3000. */
  function createTinyCounty() {
    const west = [createXY(-500, -2000), createXY(1500, -2000), createXY(1500, 2000), createXY(-500, 2000), createXY(-500, -2000)];
    const east = [createXY(1500, -2000), createXY(3500, -2000), createXY(3500, 2000), createXY(1500, 2000), createXY(1500, -2000)];
    const townships: FC = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '甲乡' }, geometry: { type: 'Polygon', coordinates: [west] } },
        { type: 'Feature', properties: { name: '乙镇' }, geometry: { type: 'Polygon', coordinates: [east] } },
      ],
    };
    const line = (a: [number, number], b: [number, number]): FeatureCollection<LineString>['features'][number] => ({
      type: 'Feature',
      properties: { class: 'primary', speed_kmh: 36 },
      geometry: { type: 'LineString', coordinates: [createXY(...a), createXY(...b)] },
    });
    const roads: FC = { type: 'FeatureCollection', features: [line([-400, 0], [3400, 0]), line([3000, -1900], [3000, 1900])] };
    return { townships, roads };
  }

  test('a hazardous site at (2250, 0) rules out every site reaching all 4 households: the best reaches 3', () => {
    const { townships, roads } = createTinyCounty();
    // Households at x = 0, 400, 800 on the road (甲乡) with 1, 0, 2 children, and (3000, 1500) (乙镇, 1 child).
    // 4 min of travel at 10 m/s = 2,400 m. Only sites at x ∈ [2100, 2400] on the east–west road
    // reach all four (site-facilities-demo.test.ts); all of them lie within 300 m of the plant at
    // (2250, 0), so they go, and the best site left reaches the three in 甲乡 (any x ≤ 1950 within
    // 2,400 m of x = 0 … 800), or the single one in 乙镇 and fewer of the others.
    const hh = [createXY(0, 0), createXY(400, 0), createXY(800, 0), createXY(3000, 1500)];
    const households: ColumnLayerData = {
      kind: 'columns',
      id: 'households',
      count: 4,
      lon: Float64Array.from(hh.map((p) => p[0])),
      lat: Float64Array.from(hh.map((p) => p[1])),
      ids: ['H1', 'H2', 'H3', 'H4'],
      columns: { children_3_5: { type: 'number', values: Float64Array.from([1, 0, 2, 1]) } },
    };
    const stations: FC = { type: 'FeatureCollection', features: [] };
    const opts = { count: 1, candidateSpacingMeters: 100, maxSnapMeters: 50 };
    const free = siteFireStations({ roads, townships, households, stations }, opts);
    expect(free.picks[0].addedHouseholds).toBe(4);
    expect(free.droppedCandidates).toEqual([]);
    expect(free.picks[0].addedChildren).toBe(4);
    expect(free.picks[0].byTownship.map((r) => [r.township, r.households, r.children])).toEqual([
      ['甲乡', 3, 3],
      ['乙镇', 1, 1],
    ]);

    const r = siteFireStations({ roads, townships, households, stations, distanceLayers: { hazardous: pointsFc([['化工厂', 2250, 0]]) } }, opts);
    expect(r.picks[0].addedHouseholds).toBe(3);
    expect(r.picks[0].byTownship).toEqual([{ township: '甲乡', households: 3, children: 3, builtUpKm2: 0 }]);
    const { mx } = metresPerDegree(LAT0);
    // Every site on the road within 300 m of x = 2250 is listed (grid sites every 100 m: x = 2000 … 2500 → 5 or 6 sites), none is a candidate.
    const xs = r.droppedCandidates.map((d) => Math.round((d.lon - LON0) * mx));
    expect(xs.length).toBeGreaterThanOrEqual(5);
    for (const x of xs) expect(Math.abs(x - 2250)).toBeLessThan(300);
    expect(r.droppedCandidates.every((d) => d.layer === 'hazardous' && d.near === '化工厂')).toBe(true);
    expect(r.candidateCount).toBe(free.candidateCount - r.droppedCandidates.length);
    expect(r.distanceChecks.find((c) => c.layer === 'kindergartens')!.checked).toBe(false);
    const x = (r.picks[0].lon - LON0) * mx;
    expect(Math.abs(x - 2250)).toBeGreaterThanOrEqual(300);
  });
});

describe('siteKindergartens says what each pick brings within a radius, by township', () => {
  test('one site at the 甲乡 / 乙镇 border reaches 2 households (2 children) in 甲乡 and 1 (3 children) in 乙镇', () => {
    // No built-up layer: every site takes the urban radius, 300 m. Households: (1400, 0) 1 child and
    // (1450, 100) 1 child in 甲乡 (x < 1500), (1600, 0) 3 children in 乙镇; one more far east at
    // (3300, 0) with 1 child. U at (1500, 0) reaches the first three (100, 112 and 100 m), 5 children;
    // no site reaches those and the far one.
    const west = [createXY(-500, -2000), createXY(1500, -2000), createXY(1500, 2000), createXY(-500, 2000), createXY(-500, -2000)];
    const east = [createXY(1500, -2000), createXY(3500, -2000), createXY(3500, 2000), createXY(1500, 2000), createXY(1500, -2000)];
    const townships: FC = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '甲乡' }, geometry: { type: 'Polygon', coordinates: [west] } },
        { type: 'Feature', properties: { name: '乙镇' }, geometry: { type: 'Polygon', coordinates: [east] } },
      ],
    };
    const pts = [createXY(1400, 0), createXY(1450, 100), createXY(1600, 0), createXY(3300, 0)];
    const households: ColumnLayerData = {
      kind: 'columns',
      id: 'households',
      count: 4,
      lon: Float64Array.from(pts.map((p) => p[0])),
      lat: Float64Array.from(pts.map((p) => p[1])),
      ids: ['A', 'C', 'B', 'D'],
      columns: { children_3_5: { type: 'number', values: Float64Array.from([1, 1, 3, 1]) } },
    };
    const kindergartens: FC = { type: 'FeatureCollection', features: [] };
    const u = { id: 'U', lon: createXY(1500, 0)[0], lat: createXY(1500, 0)[1] };
    const r = siteKindergartens({ households, kindergartens, townships }, { count: 1, candidateSpacingMeters: 10_000, userSites: [u] });
    expect(r.picks[0].addedChildren).toBe(5);
    expect(r.picks[0].byTownship).toEqual([
      { township: '乙镇', households: 1, children: 3 },
      { township: '甲乡', households: 2, children: 2 },
    ]);
    // With places per site, children are assigned to places, not to the first site reaching them.
    const c = siteKindergartens({ households, kindergartens, townships }, { count: 1, candidateSpacingMeters: 10_000, userSites: [u], capacityPlaces: 4 });
    expect(c.picks[0].byTownship).toBeNull();
    expect(c.capacity).toEqual({ placesPerSite: 4, places: 4, assigned: 4, withinReach: 5 });
  });
});
