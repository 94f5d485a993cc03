import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { LocalProjection } from '../../analysis/geo.ts';

// Geometry is written in metres on a local plane at (115°E, 38.5°N): x east, y north. Along the
// parallel y = 0 the plane's metres are exactly geodesicMeters' metres, so lengths are exact.
const P = new LocalProjection(115, 38.5);
const pt = (x: number, y: number) => [P.lon(x), P.lat(y)];
type Props = Record<string, unknown>;
type FC = FeatureCollection<Geometry | null, Props>;

function createRoads(...roads: { name: string; xy: [number, number][]; width?: number }[]): FC {
  return {
    type: 'FeatureCollection',
    features: roads.map((r) => ({
      type: 'Feature',
      properties: { name: r.name, class: 'primary', ...(r.width ? { width_m: r.width } : {}) },
      geometry: { type: 'LineString', coordinates: r.xy.map(([x, y]) => pt(x, y)) },
    })),
  };
}

function createHydrants(...hs: { x: number; y: number; status?: string; id?: string }[]): FC {
  return {
    type: 'FeatureCollection',
    features: hs.map((h, i) => ({
      type: 'Feature',
      properties: { id: h.id ?? `H${i + 1}`, kind: 'hydrant', status: h.status ?? 'working' },
      geometry: { type: 'Point', coordinates: pt(h.x, h.y) },
    })),
  };
}

function createBox(x0: number, y0: number, x1: number, y1: number): FC {
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: '城区' },
        geometry: { type: 'Polygon', coordinates: [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]] },
      },
    ],
  };
}

describe('hydrantGaps — straight road', () => {
  // Road 0 → 1000 m east, all inside the built-up box. Working hydrants 10 m north of it at
  // x = 100, 220, 500. Half-chord of the 150 m circle at d = 10: √(150² − 10²) = √22400 = 149.666.
  // Reaches: [−49.67, 249.67] ∩ road = [0, 249.67]; [70.33, 369.67]; [350.33, 649.67].
  // Union [0, 649.67] → covered 649.67 m of 1000 = 64.97 %; one gap [649.67, 1000] = 350.33 m.
  // Spacing: 220 − 100 = 120 (allowed), 500 − 220 = 280 > 120 → one violation.
  // Proposals: anchor 500 borders the gap; p1 = min(649.67 + 150, 500 + 120) = 620, covered to 770;
  // p2 = min(920, 740) = 740 → 890; p3 = min(1040, 860) = 860 → 1010 ≥ 1000. Three, and no fewer
  // can do: the last must be ≥ 850 and at most 500 + 120·n → n ≥ 2.92.
  const run = () =>
    hydrantGaps({
      roads: createRoads({ name: '恒山路', xy: [[0, 0], [1000, 0]] }),
      hydrants: createHydrants({ x: 100, y: 10 }, { x: 220, y: 10 }, { x: 500, y: 10 }),
      builtUp: createBox(-100, -100, 1100, 100),
    });

  test('covered length, share and the gap', () => {
    const r = run();
    expect(r.scope).toBe('built-up');
    expect(r.roadLengthKm).toBeCloseTo(1.0, 6);
    expect(r.coveredRoadLengthKm * 1000).toBeCloseTo(649.666, 2);
    expect(r.coveredRoadPct).toBeCloseTo(64.9666, 2);
    expect(r.gapCount).toBe(1);
    expect(r.gaps[0].road).toBe('恒山路');
    expect(r.gaps[0].fromM).toBeCloseTo(649.666, 2);
    expect(r.gaps[0].toM).toBeCloseTo(1000, 6);
    expect(r.gaps[0].lengthM).toBeCloseTo(350.334, 2);
    expect(r.gapsGeoJson.features).toHaveLength(1);
    expect(r.gapsGeoJson.features[0].geometry.coordinates[1][0]).toBeCloseTo(pt(1000, 0)[0], 9);
  });

  test('spacing violation between 220 m and 500 m', () => {
    const r = run();
    expect(r.spacingViolations).toHaveLength(1);
    expect(r.spacingViolations[0]).toMatchObject({ fromHydrant: 'H2', toHydrant: 'H3' });
    expect(r.spacingViolations[0].spacingM).toBeCloseTo(280, 3);
  });

  test('three proposals at 620, 740, 860 m', () => {
    const r = run();
    expect(r.proposedCount).toBe(3);
    expect(r.proposed.map((p) => p.atM)).toEqual([expect.closeTo(620, 3), expect.closeTo(740, 3), expect.closeTo(860, 3)]);
    expect(r.proposedGeoJson.features[0].properties).toMatchObject({ kind: 'hydrant', status: 'proposed', road: '恒山路' });
    expect(r.proposedGeoJson.features[0].geometry.coordinates[0]).toBeCloseTo(pt(620, 0)[0], 9);
  });

  test('figures by road', () => {
    const r = run();
    expect(r.byRoad).toHaveLength(1);
    expect(r.byRoad[0]).toMatchObject({ road: '恒山路', gapCount: 1, hydrants: 3, spacingViolations: 1, proposed: 3 });
    expect(r.byRoad[0].coveredPct).toBeCloseTo(64.9666, 2);
  });
});

describe('hydrantGaps — corner', () => {
  // L-shaped road (0,0) → (200,0) → (200,200), 400 m. Hydrant outside the corner at (260, −60).
  // First leg (line y = 0): d = 60, half-chord √(22500 − 3600) = 137.48 around x = 260 →
  // [122.52, 397.48] ∩ [0, 200] → along the road [122.52, 200].
  // Second leg (line x = 200): d = 60, around y = −60 → [−197.48, 77.48] ∩ [0, 200] → [200, 277.48].
  // Covered 154.96 m; gaps [0, 122.52] and [277.48, 400].
  test('the circle cuts both legs; two gaps', () => {
    const r = hydrantGaps({
      roads: createRoads({ name: '太行路', xy: [[0, 0], [200, 0], [200, 200]] }),
      hydrants: createHydrants({ x: 260, y: -60 }),
      builtUp: createBox(-100, -100, 400, 400),
    });
    expect(r.roadLengthKm * 1000).toBeCloseTo(400, 1);
    expect(r.coveredRoadLengthKm * 1000).toBeCloseTo(154.96, 1);
    expect(r.gaps.map((g) => [g.fromM, g.toM])).toEqual([
      [expect.closeTo(0, 6), expect.closeTo(122.52, 1)],
      [expect.closeTo(277.48, 1), expect.closeTo(400, 1)],
    ]);
    // The hydrant is 84.9 m from the road (> 30 m snap): no anchor. Gap 1 (122.5 m ≤ 2r) takes
    // one hydrant at 0 + 150 = 150, reaching 300 along the road; gap 2 then starts at 300, and
    // the next one goes at min(300 + 150, 150 + 120) = 270, reaching 420 ≥ 400. Two in all.
    expect(r.proposed.map((p) => p.atM)).toEqual([expect.closeTo(150, 3), expect.closeTo(270, 3)]);
    // 150 m along the road is on the first leg at x = 150; 270 m is on the second leg at y = 70.
    expect(r.proposed[1].lat).toBeCloseTo(pt(200, 70)[1], 7);
  });
});

describe('hydrantGaps — road crossing the built-up boundary', () => {
  // Road from x = −200 to x = 400 (so x = 0 is 200 m along it); built-up box x ∈ [0, 1000].
  // Only [200, 600] m along the road count: 400 m. Hydrant on the road at x = 100 (300 m along)
  // reaches [−50, 250] → inside [0, 250] → [200, 450] along the road. Gap [450, 600] = 150 m.
  const roads = () => createRoads({ name: '南环路', xy: [[-200, 0], [400, 0]] });
  test('only the inside part counts', () => {
    const r = hydrantGaps({ roads: roads(), hydrants: createHydrants({ x: 100, y: 0 }), builtUp: createBox(0, -100, 1000, 100) });
    expect(r.roadLengthKm * 1000).toBeCloseTo(400, 6);
    expect(r.coveredRoadLengthKm * 1000).toBeCloseTo(250, 6);
    expect(r.coveredRoadPct).toBeCloseTo(62.5, 6);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0].fromM).toBeCloseTo(450, 6);
    expect(r.gaps[0].toM).toBeCloseTo(600, 6);
    // Anchor at 300: p1 = min(450 + 150, 300 + 120, 600) = 420 → 570 < 600; p2 = min(720, 540) = 540.
    expect(r.proposed.map((p) => p.atM)).toEqual([expect.closeTo(420, 6), expect.closeTo(540, 6)]);
  });

  test('without a built-up layer every road counts', () => {
    const r = hydrantGaps({ roads: roads(), hydrants: createHydrants({ x: 100, y: 0 }) });
    expect(r.scope).toBe('all-roads');
    // Whole 600 m; reach [150, 450] along the road → covered 300 m, gaps [0,150] and [450,600].
    expect(r.roadLengthKm * 1000).toBeCloseTo(600, 6);
    expect(r.coveredRoadLengthKm * 1000).toBeCloseTo(300, 6);
    expect(r.gapCount).toBe(2);
  });
});

describe('hydrantGaps — hydrant status', () => {
  // Same crossing road; a broken hydrant at x = 300 (500 m along) would have closed the gap.
  const input = () => ({
    roads: createRoads({ name: '南环路', xy: [[-200, 0], [400, 0]] }),
    hydrants: createHydrants({ x: 100, y: 0 }, { x: 300, y: 0, status: 'broken', id: 'B1' }, { x: 300, y: 5, status: 'planned', id: 'P9' }),
    builtUp: createBox(0, -100, 1000, 100),
  });

  test('a broken hydrant does not cover and is listed; in-working-order rate 1 of 2 = 50 %', () => {
    const r = hydrantGaps(input());
    expect(r.coveredRoadLengthKm * 1000).toBeCloseTo(250, 6);
    expect(r.broken.map((b) => b.id)).toEqual(['B1']);
    expect(r.hydrants).toMatchObject({ total: 3, counted: 1, working: 1, broken: 1, planned: 1, underConstruction: 0 });
    expect(r.hydrants.workingPct).toBeCloseTo(50, 9);
  });

  test('"after the plan is built" counts the planned one: no gap', () => {
    // Planned at x = 300, 5 m off: reach ±√(22500 − 25) = ±149.92 → [150.08, 449.92] ⊇ [250, 400].
    const r = hydrantGaps(input(), { includePlanned: true });
    expect(r.hydrants.counted).toBe(2);
    expect(r.gapCount).toBe(0);
    expect(r.coveredRoadPct).toBeCloseTo(100, 6);
    expect(r.proposedCount).toBe(0);
  });
});

describe('hydrantGaps — proposals are fewest and close every gap', () => {
  test('a bare 1000 m road takes ⌈(1000 − 300)/120⌉ + 1 = 7 hydrants', () => {
    const r = hydrantGaps({ roads: createRoads({ name: 'a', xy: [[0, 0], [1000, 0]] }), hydrants: createHydrants() });
    // 150, 270, 390, 510, 630, 750, 870: the last reaches 1020 ≥ 1000.
    expect(r.proposed.map((p) => Math.round(p.atM))).toEqual([150, 270, 390, 510, 630, 750, 870]);
  });

  test('between hydrants at 0 and 600 m: ⌈600/120⌉ − 1 = 4, and the result has no gap and no violation', () => {
    const roads = createRoads({ name: 'b', xy: [[0, 0], [600, 0]] });
    const r = hydrantGaps({ roads, hydrants: createHydrants({ x: 0, y: 0 }, { x: 600, y: 0 }) });
    expect(r.gaps.map((g) => [Math.round(g.fromM), Math.round(g.toM)])).toEqual([[150, 450]]);
    expect(r.proposed.map((p) => Math.round(p.atM))).toEqual([120, 240, 360, 480]);
    const after = createHydrants({ x: 0, y: 0 }, { x: 600, y: 0 }, ...r.proposed.map((p) => ({ x: p.atM, y: 0 })));
    const r2 = hydrantGaps({ roads, hydrants: after });
    expect(r2.gapCount).toBe(0);
    expect(r2.spacingViolations).toHaveLength(0);
    expect(r2.proposedCount).toBe(0);
  });
});

describe('hydrantGaps — roads split into several features', () => {
  test('features of one name meeting end to end are measured as one road', () => {
    // 恒山路 as (0,0)→(300,0) and, drawn backwards, (600,0)→(300,0). Hydrant at (300, 0) reaches
    // [150, 450] along the joined road: gaps [0, 150] and [450, 600] (not "0–150 of each piece").
    const roads = createRoads({ name: '恒山路', xy: [[0, 0], [300, 0]] }, { name: '恒山路', xy: [[600, 0], [300, 0]] });
    const r = hydrantGaps({ roads, hydrants: createHydrants({ x: 300, y: 0 }) });
    expect(r.gaps.map((g) => [Math.round(g.fromM), Math.round(g.toM)])).toEqual([
      [0, 150],
      [450, 600],
    ]);
    expect(r.byRoad).toHaveLength(1);
    expect(r.byRoad[0].lengthM).toBeCloseTo(600, 6);
  });

  test('proposals on one road close gaps on a crossing road', () => {
    // 东西路 (−300,0)→(300,0) first: 600 m bare → ⌈300/120⌉ + 1 = 4 at x = −150, −30, 90, 210.
    // On 南北路 (0,−300)→(0,300) they reach: x = −30 (d 30) ±√(22500 − 900) = ±146.97; x = 90 (d 90)
    // ±120; x = −150 touches one point; x = 210 nothing → covered [153.03, 446.97] along 南北路.
    // Left: [0, 153.03] → one at 150; [446.97, 600] → one at 596.97. Six in all, not eight.
    const roads = createRoads({ name: '东西路', xy: [[-300, 0], [300, 0]] }, { name: '南北路', xy: [[0, -300], [0, 300]] });
    const r = hydrantGaps({ roads, hydrants: createHydrants() });
    expect(r.proposed.map((p) => [p.road, Math.round(p.atM * 100) / 100])).toEqual([
      ['东西路', 150],
      ['东西路', 270],
      ['东西路', 390],
      ['东西路', 510],
      ['南北路', 150],
      ['南北路', expect.closeTo(596.97, 1)],
    ]);
    const after = createHydrants(...r.proposed.map((p) => ({ x: p.road === '东西路' ? p.atM - 300 : 0, y: p.road === '南北路' ? p.atM - 300 : 0 })));
    expect(hydrantGaps({ roads, hydrants: after }).gapCount).toBe(0);
  });
});

describe('hydrantGaps — wide roads', () => {
  // 80 m wide road; hydrants 20 m north (left of an eastward road) only → not both sides.
  test('a road wider than 60 m with hydrants on one side is flagged', () => {
    const r = hydrantGaps({
      roads: createRoads({ name: '大道', xy: [[0, 0], [300, 0]], width: 80 }, { name: '小街', xy: [[0, 50], [300, 50]], width: 20 }),
      hydrants: createHydrants({ x: 50, y: -20 }, { x: 150, y: -20 }, { x: 250, y: 20 }),
    });
    expect(r.wideRoads).toHaveLength(1);
    expect(r.wideRoads[0]).toMatchObject({ road: '大道', widthM: 80, left: 1, right: 2, bothSides: true });
    const one = hydrantGaps({
      roads: createRoads({ name: '大道', xy: [[0, 0], [300, 0]], width: 80 }),
      hydrants: createHydrants({ x: 50, y: 20 }, { x: 150, y: 20 }),
    });
    expect(one.wideRoads[0]).toMatchObject({ left: 2, right: 0, bothSides: false });
  });
});

describe('hydrantGaps — contract', () => {
  test('does not mutate its inputs', () => {
    const input = {
      roads: createRoads({ name: '南环路', xy: [[-200, 0], [400, 0]] }),
      hydrants: createHydrants({ x: 100, y: 0 }),
      builtUp: createBox(0, -100, 1000, 100),
    };
    const before = JSON.stringify(input);
    hydrantGaps(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  test('unlocated hydrants are counted but do not cover', () => {
    const hydrants = createHydrants({ x: 100, y: 0 });
    hydrants.features.push({ type: 'Feature', properties: { id: 'X', kind: 'hydrant', status: 'working' }, geometry: null });
    const r = hydrantGaps({ roads: createRoads({ name: 'a', xy: [[0, 0], [200, 0]] }), hydrants });
    expect(r.hydrants).toMatchObject({ total: 2, working: 2, counted: 1, unlocated: 1 });
  });

  test('throws clear errors', () => {
    expect(() => hydrantGaps({ roads: null as unknown as FC, hydrants: createHydrants() })).toThrow(/roads/);
    expect(() => hydrantGaps({ roads: createRoads({ name: 'a', xy: [[0, 0], [10, 0]] }), hydrants: createHydrants() }, { radiusMeters: -1 })).toThrow(/radiusMeters/);
    expect(() => hydrantGaps({ roads: createRoads(), hydrants: createHydrants() })).toThrow(/There are no road lines: the hydrant analysis needs the roads layer \(roads\.geojson\)/);
  });
});
