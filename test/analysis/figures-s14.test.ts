import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { radiusCoverage } from '../../analysis/point-index.ts';
import { cellRowAreasKm2, makeCellGrid, maskAreaKm2 } from '../../analysis/cell-grid.ts';
import { geometryAreaM2, LocalProjection, metresPerDegree, pointToPolygonMeters } from '../../analysis/geo.ts';
import { applySitingDistances } from '../../analysis/siting-distances.ts';
import type { SitingCandidates } from '../../analysis/siting-candidates.ts';
import { SQUARE_METRES_PER_MU, reviewPlots } from '../../analysis/plot-review.ts';
import { roundToTotal } from '../../analysis/round-to-total.ts';
import { resolveParams } from '../../analysis/params.ts';
import { ALL_RULE_PARAMS, RULES, runRules } from '../../analysis/rules/run-rules.ts';
import { exactCellAreaM2 } from '../support/exact-area.ts';

// Session 14 red team of the analyses' figures against the standards and against what PostGIS
// would answer. Each case is small enough to work out by hand; the answer is in the comment.

type FC = FeatureCollection<Geometry | null>;


/** A lon/lat rectangle as a polygon feature. */
function createCell(lon1: number, lat1: number, lon2: number, lat2: number, props: Record<string, unknown>): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: props,
    geometry: { type: 'Polygon', coordinates: [[[lon1, lat1], [lon2, lat1], [lon2, lat2], [lon1, lat2], [lon1, lat1]]] },
  };
}

function fc(features: Feature<Geometry | null>[]): FC {
  return { type: 'FeatureCollection', features };
}

describe('one area for every figure (ellipsoidal, as PostGIS geography)', () => {
  // A 0.02° × 0.02° cell at 38.6° N (about 1.74 km × 2.22 km): exact area by the authalic formula
  // 3,867,517.7 m² = 5,801.28 亩. A sphere of radius 6,371,008.8 m (turf's area, PostGIS with
  // use_spheroid = false) gives 0.076 % less: 5,796.99 亩, 4.3 亩 short.
  const cell = createCell(114.7, 38.6, 114.72, 38.62, { id: 'D1', name: '一号地', area_mu: 0 });
  const exact = exactCellAreaM2(114.7, 38.6, 114.72, 38.62);

  test('the shared area agrees with the exact ellipsoidal area to 1e-7 (was 2.7e-5: the closing vertex pulled the plane\'s centre)', () => {
    expect(exact / SQUARE_METRES_PER_MU).toBeCloseTo(5801.28, 2);
    expect(Math.abs(geometryAreaM2(cell.geometry) / exact - 1)).toBeLessThan(1e-7);
    // a 0.4° cell (about 35 km × 44 km, a township or more) still within 1e-5
    const big = createCell(114.5, 38.5, 114.9, 38.9, {});
    expect(Math.abs(geometryAreaM2(big.geometry) / exactCellAreaM2(114.5, 38.5, 114.9, 38.9) - 1)).toBeLessThan(1e-5);
  });

  test('rule RES-01 and the plot review give the same drawn 亩 (was: the rule 0.08 % less, a spherical area)', () => {
    const declared = Math.round((exact / SQUARE_METRES_PER_MU) * 100) / 100; // 5,801.28 亩, as drawn
    const plots = fc([{ ...cell, properties: { ...cell.properties, area_mu: declared, use: 'residential' } }]);
    const review = reviewPlots({ plots }, { areaTolerancePct: 0.05 });
    expect(review.rows[0].areaMu).toBeCloseTo(declared, 1);
    expect(review.rows[0].issues.map((i) => i.code)).not.toContain('area-mismatch');
    // The rule with the same 0.05 % tolerance: was "drawn 5796.99 亩, declared 5801.28, -0.1 %" and fail.
    const rule = RULES.find((r) => r.id === 'RES-01')!;
    const res = runRules({ reservePlots: plots }, { ...resolveParams<Record<string, unknown>>(ALL_RULE_PARAMS), 'area-tolerance': 0.05 }, [rule])[0];
    expect(res.status).toBe('pass');
  });

  test('fire coverage: the built-up area is the exact ellipsoidal km² (was 0.08 % less)', () => {
    // One road through the cell, no station needed for the area: 3.8675 km² (turf: 3.8646).
    const roads = fc([{ type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'LineString', coordinates: [[114.7, 38.61], [114.72, 38.61]] } }]);
    const stations: FeatureCollection<Point> = { type: 'FeatureCollection', features: [] };
    const r = fireCoverage({ roads, builtUp: fc([cell]) }, stations, { cellSizeMeters: 100 });
    expect(r.builtUpAreaKm2).toBeCloseTo(exact / 1e6, 3);
    expect(r.byBuiltUp[0].areaKm2).toBeCloseTo(exact / 1e6, 3);
  });
});

describe('a reserve plot across two townships (by area, as ST_Area(ST_Intersection(plot, township)))', () => {
  // 甲镇 x < 0, 乙乡 x > 0 (each 5 km × 10 km around the origin, metres east/north of 114.7°, 38.6°).
  const LON0 = 114.7;
  const LAT0 = 38.6;
  const p = (x: number, y: number): [number, number] => {
    const lat = LAT0 + y / metresPerDegree(LAT0).my;
    return [LON0 + x / metresPerDegree(lat).mx, lat];
  };
  const rect = (x0: number, y0: number, x1: number, y1: number) => [[p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1), p(x0, y0)]];
  const townships = fc([
    { type: 'Feature', properties: { name: '甲镇' }, geometry: { type: 'Polygon', coordinates: rect(-5000, -5000, 0, 5000) } },
    { type: 'Feature', properties: { name: '乙乡' }, geometry: { type: 'Polygon', coordinates: rect(0, -5000, 5000, 5000) } },
  ]);
  /** A 200 m × 100 m plot (20,000 m² = 30 亩) from x0 to x0 + 200. */
  const plot = (id: string, x0: number, township: string): Feature<Polygon> => ({
    type: 'Feature',
    properties: { id, township, area_mu: 30, use: 'residential' },
    geometry: { type: 'Polygon', coordinates: rect(x0, 1000 * id.length, x0 + 200, 1000 * id.length + 100) },
  });
  const review = (f: Feature<Polygon>) => reviewPlots({ plots: fc([f]), townships }).rows[0];
  const codes = (r: ReturnType<typeof review>) => r.issues.map((i) => i.code);

  test('60 % in the declared 甲镇, 40 % in 乙乡: a warning naming both shares (was: no finding, the interior point lay in 甲镇)', () => {
    // x −120…80: 120 × 100 = 12,000 m² in 甲镇 (60 %), 80 × 100 = 8,000 m² in 乙乡 (40 %)
    const r = review(plot('A', -120, '甲镇'));
    expect(r.townshipsFound).toEqual(['甲镇', '乙乡']);
    expect(r.townshipShares.map((x) => [x.name, Math.round(x.share * 1000) / 10])).toEqual([['甲镇', 60], ['乙乡', 40]]);
    expect(r.issues.find((i) => i.code === 'township-straddle')?.message.zh).toBe('地块跨乡镇边界：甲镇 60.0%、乙乡 40.0%');
    expect(r.issues.find((i) => i.code === 'township-straddle')?.severity).toBe('warning');
  });

  test('40 % in the declared 甲镇: the plot is partly where it says, not "drawn in 乙乡" (was: township-mismatch)', () => {
    // x −80…120: 8,000 m² in 甲镇 (40 %), 12,000 m² in 乙乡 (60 %)
    const r = review(plot('B', -80, '甲镇'));
    expect(codes(r)).not.toContain('township-mismatch');
    expect(r.issues.find((i) => i.code === 'township-straddle')?.message.en).toBe('The plot crosses a township boundary: 乙乡 60.0%, 甲镇 40.0%');
  });

  test('half outside every township: a warning with the share (was: no finding)', () => {
    // x −5100…−4900: 100 × 100 = 10,000 m² west of 甲镇's edge at −5000 (50 %)
    const r = review(plot('C', -5100, '甲镇'));
    expect(r.townshipsFound).toEqual(['甲镇']);
    expect(r.outsideTownshipsShare).toBeCloseTo(0.5, 3);
    expect(r.issues.find((i) => i.code === 'outside-townships')?.message.zh).toBe('地块 50.0% 不在任何乡镇范围内');
  });

  test('a sliver under 1 % across the boundary is digitising noise: no finding; wholly inside: no finding', () => {
    // x −199…1: 100 m² of 20,000 in 乙乡 = 0.5 %
    expect(codes(review(plot('DD', -199, '甲镇'))).filter((c) => c.startsWith('township') || c === 'outside-townships')).toEqual([]);
    const inside = review(plot('E', -1000, '甲镇'));
    expect(inside.townshipShares).toEqual([{ name: '甲镇', share: 1 }]);
    expect(codes(inside)).toEqual([]);
  });

  test('wholly in the other township: township-mismatch as before', () => {
    const r = review(plot('F', 1000, '甲镇'));
    expect(r.issues.find((i) => i.code === 'township-mismatch')?.message.zh).toBe('申报属于甲镇，图上位于乙乡');
  });
});

describe('a distance exactly at its limit meets it (to 1 mm), whichever way the float falls', () => {
  const LON0 = 114.7;
  const LAT0 = 38.6;
  const cols = (pts: [number, number][]) => ({ lon: Float64Array.from(pts.map((q) => q[0])), lat: Float64Array.from(pts.map((q) => q[1])) });

  test('a household exactly 150 m east or west of a hydrant is covered (GB 50974: ≤ 150 m); 1 cm beyond is not (was: both uncovered at 38.6° N)', () => {
    const { mx } = metresPerDegree(LAT0);
    // 150 m along the parallel: Δλ = 150 / mx; geodesicMeters gives 150.00000000000003 m
    const r = radiusCoverage(cols([[LON0 + 150 / mx, LAT0], [LON0 + 150.01 / mx, LAT0], [LON0 - 150 / mx, LAT0]]), cols([[LON0, LAT0]]), { radiusMeters: 150 });
    expect(Array.from(r.covered)).toEqual([1, 0, 1]);
    // the 10 km maintenance radius: 10,000 m covered, 10,000.01 m not
    const far = radiusCoverage(cols([[LON0 + 10_000 / mx, LAT0], [LON0 + 10_000.01 / mx, LAT0]]), cols([[LON0, LAT0]]), { radiusMeters: 10_000 });
    expect(Array.from(far.covered)).toEqual([1, 0]);
  });

  test('hydrants every 120 m along a north–south road at 40° N break no spacing rule (GB 50974: ≤ 120 m); 120.5 m does (was: 4 violations)', () => {
    // Placed with the metres per degree of latitude at 40°, as a surveyor's sheet would: on the
    // ellipsoid they are 120.00005 m apart (the meridian radius grows northward), under 1 mm over.
    const lat0 = 40;
    const { my } = metresPerDegree(lat0);
    const at = (m: number): [number, number] => [116.4, lat0 + m / my];
    const roads = fc([{ type: 'Feature', properties: { name: '南北路' }, geometry: { type: 'LineString', coordinates: [at(0), at(480)] } }]);
    const hydrants = (step: number) =>
      fc([0, 1, 2, 3].map((k) => ({ type: 'Feature', properties: { id: `H${k}`, kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: at(k * step) } }) as Feature<Point>));
    expect(hydrantGaps({ roads, hydrants: hydrants(120) }).spacingViolations).toEqual([]);
    // 0, 120.5, 241, 361.5: three gaps of 120.5 m
    expect(hydrantGaps({ roads, hydrants: hydrants(120.5) }).spacingViolations.map((v) => Math.round(v.spacingM * 10) / 10)).toEqual([120.5, 120.5, 120.5]);
  });

  test('a household exactly 300 m off the road (the maximum access distance) is reached at its road point (was: not reached)', () => {
    // Road (0,0)–(3000,0), 36 km/h; station at 0 with 1 min turnout. The household at (1000, 300):
    // engine at (1000, 0) after 60 + 1000/10 = 160 s ≤ 300 s.
    const { mx, my } = metresPerDegree(LAT0);
    const at = (x: number, y: number): [number, number] => [LON0 + x / mx, LAT0 + y / my];
    const roads = fc([{ type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'LineString', coordinates: [at(0, 0), at(3000, 0)] } }]);
    const hh = cols([at(1000, 300), at(1000, 300.05)]);
    const households: ColumnLayerData = { kind: 'columns', id: 'households', count: 2, lon: hh.lon, lat: hh.lat, ids: ['h300', 'h300.05'], columns: {} };
    const stations: FeatureCollection<Point> = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'S', status: 'existing', level: 'level1' }, geometry: { type: 'Point', coordinates: at(0, 0) } }] };
    const r = fireCoverage({ roads, households }, stations, { speedsKmh: { primary: 36, other: 36 }, cellSizeMeters: 100, maxAccessMeters: 300 });
    expect(r.householdTimeSec[0]).toBeCloseTo(160, 1);
    expect(r.householdTimeSec[1]).toBe(Infinity);
    expect(r.households.covered).toBe(1);
  });
});

describe('roundToTotal: rows rounded so they add up to the rounded total', () => {
  test('three thirds of 1.0 to one decimal: 0.3 + 0.3 + 0.4 (plain rounding: 0.9)', () => {
    expect(roundToTotal([1 / 3, 1 / 3, 1 / 3], 1, 1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // the remainders tie: the first ones in order keep their plain rounding, the last gets the unit
    expect(roundToTotal([0.333, 0.333, 0.334], 1, 1)).toEqual([0.3, 0.3, 0.4]);
  });

  test('where plain rounding adds up it is kept; otherwise only the largest remainder moves (69.7949 → 69.80)', () => {
    // 1.004 + 2.006 = 3.01: plain rounding 1.00 + 2.01 adds up and is what comes out
    expect(roundToTotal([1.004, 2.006], 3.01, 2)).toEqual([1, 2.01]);
    // 10.004 + 69.7949 + 0.2 = 79.9989 → 80.00; plain rounding 10.00 + 69.79 + 0.20 = 79.99, so the
    // largest remainder (69.7949: 0.49 of a hundredth) takes the missing 0.01, as 庄窠乡 in docs/indicators.md
    expect(roundToTotal([10.004, 69.7949, 0.2], 79.9989, 2)).toEqual([10, 69.8, 0.2]);
    // NaN rows are left out and stay NaN
    expect(roundToTotal([NaN, 0.6, 0.6], 1.2, 0)).toEqual([NaN, 1, 0]);
  });
});

describe('the same road drawn twice counts once in the hydrant figures (as ST_Length(ST_Union(roads)))', () => {
  // A 480 m road along the parallel at 38.6° N, one working hydrant at its west end, no built-up
  // layer (every road counts). By hand: covered 0–150 m = 31.25 %; gap 150–480 m; proposals at
  // 120, 240, 360 m (each ≤ 120 m from the one before, the last reaching 510 m ≥ 480 m) = 3.
  const { mx } = metresPerDegree(38.6);
  const at = (x: number): [number, number] => [114.7 + x / mx, 38.6];
  const road = (name: string, reversed = false) => ({
    type: 'Feature' as const,
    properties: { name },
    geometry: { type: 'LineString' as const, coordinates: reversed ? [at(480), at(0)] : [at(0), at(480)] },
  });
  const hydrants = fc([{ type: 'Feature', properties: { id: 'H1', kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: at(0) } }]);

  test.each([
    ['once', [road('甲路')], 0],
    ['twice, same name (was 0.96 km and 6 proposals)', [road('甲路'), road('甲路')], 1],
    ['twice, drawn the other way round', [road('甲路'), road('甲路', true)], 1],
    ['twice under another name (was 0.96 km)', [road('甲路'), road('乙路')], 1],
  ] as const)('%s: 0.48 km, 31.25 %, 3 proposals', (_label, roads, dup) => {
    const r = hydrantGaps({ roads: fc([...roads]), hydrants });
    expect(r.roadLengthKm).toBeCloseTo(0.48, 6);
    expect(r.coveredRoadPct).toBeCloseTo(31.25, 4);
    expect(r.proposed.map((p) => Math.round(p.atM))).toEqual([120, 240, 360]);
    expect(r.warnings.filter((w) => w.code === 'duplicate-roads').map((w) => w.counts.lines)).toEqual(dup ? [dup] : []);
  });
});

describe('shares shown add up', () => {
  test('a plot a third in each of three townships reads 33.4 % + 33.3 % + 33.3 % (not 33.3 × 3 = 99.9 %)', () => {
    // townships 甲 x < 1000, 乙 1000–1100, 丙 x > 1100; a 300 m × 100 m plot from x = 900 to 1200 has
    // 100 m of its width in each: 1/3 each, 33.333… % — rounded alone 33.3 % three times
    const { mx, my } = metresPerDegree(38.6);
    const p = (x: number, y: number): [number, number] => [114.7 + x / mx, 38.6 + y / my];
    const rect = (x0: number, y0: number, x1: number, y1: number) => [[p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1), p(x0, y0)]];
    const town = (name: string, x0: number, x1: number) => ({ type: 'Feature' as const, properties: { name }, geometry: { type: 'Polygon' as const, coordinates: rect(x0, -1000, x1, 1000) } });
    const townships = fc([town('甲镇', 0, 1000), town('乙乡', 1000, 1100), town('丙乡', 1100, 2000)]);
    const plots = fc([{ type: 'Feature', properties: { id: 'T', township: '甲镇', area_mu: 45, use: 'other' }, geometry: { type: 'Polygon', coordinates: rect(900, 0, 1200, 100) } }]);
    const row = reviewPlots({ plots, townships }).rows[0];
    const text = row.issues.find((i) => i.code === 'township-straddle')!.message.zh;
    const pcts = [...text.matchAll(/(\d+\.\d)%/g)].map((m) => Number(m[1]));
    expect(pcts).toHaveLength(3);
    expect(pcts.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
  });
});

describe('grid cells are counted with their true area (districts, isochrones, county area reached)', () => {
  test('a 100 m cell 0.5° north of the plane\'s latitude is 0.69 % smaller than the plane says; its row area is exact to 1e-6', () => {
    // Grid over 38.0–39.0° N, plane at 38.5° N. A cell spans 100 / mx₀ degrees of longitude and
    // 100 / my₀ of latitude in every row; on the ground at 39.0° N it is 100 × mx(39)/mx(38.5) m wide,
    // cos 39° / cos 38.5° − 1 ≈ −tan 38.5° × 0.5° = −0.795 × 0.00873 = −0.69 % (at 38.0° N, +0.69 %),
    // against the 0.01 km² of the plane. (The demo county, 38.47–38.84° N, is ±0.25 % at its edges.)
    const proj = new LocalProjection(114.7, 38.5);
    const grid = makeCellGrid(proj, [114.6, 38.0, 114.8, 39.0], 100);
    const rows = cellRowAreasKm2(grid);
    const lat = (y: number) => proj.lat(y);
    for (const r of [0, Math.floor(grid.rows / 2), grid.rows - 1]) {
      const y0 = grid.originY + r * 100;
      const lon0 = proj.lon(grid.originX);
      const exact = exactCellAreaM2(lon0, lat(y0), proj.lon(grid.originX + 100), lat(y0 + 100)) / 1e6;
      expect(Math.abs(rows[r] / exact - 1)).toBeLessThan(1e-6);
    }
    expect(rows[grid.rows - 1] / 0.01 - 1).toBeCloseTo(-0.0069, 3);
    expect(rows[0] / 0.01 - 1).toBeCloseTo(0.0069, 3);
    // a mask of the whole top row and one cell of the bottom row
    const mask = new Uint8Array(grid.cols * grid.rows);
    mask.fill(1, (grid.rows - 1) * grid.cols);
    mask[0] = 1;
    expect(maskAreaKm2(grid, rows, mask)).toBeCloseTo(grid.cols * rows[grid.rows - 1] + rows[0], 12);
  });
});

describe('one point–polygon distance: the siting distance rules agree with the plot review', () => {
  // A school plot, the square x, y ∈ [0, 100] m at 38.6° N. Candidate sites 50 m due east and 50 m
  // due north of it meet 建标152-2017's ≥ 50 m; 49 m east does not. turf's pointToPolygonDistance
  // (a sphere) said 49.88 m east and 50.08 m north, so the east site was dropped while the plot
  // review measured 50.0 m.
  const { mx, my } = metresPerDegree(38.6);
  const at = (x: number, y: number): [number, number] => [114.7 + x / mx, 38.6 + y / my];
  const square = [[at(0, 0), at(100, 0), at(100, 100), at(0, 100), at(0, 0)]];
  const schools = fc([{ type: 'Feature', properties: { name: '一中' }, geometry: { type: 'Polygon', coordinates: square } }]);

  test('50 m east and north are kept, 49 m east is dropped at 49 m (was: the east one dropped at 49.9 m)', () => {
    const pts: [string, number, number][] = [['E50', 150, 50], ['N50', 50, 150], ['E49', 149, 50]];
    const ll = pts.map(([, x, y]) => at(x, y));
    const cands: SitingCandidates = {
      count: pts.length,
      lon: Float64Array.from(ll.map((q) => q[0])),
      lat: Float64Array.from(ll.map((q) => q[1])),
      origin: pts.map(() => 'grid' as const),
      ids: pts.map(([id]) => id),
    };
    const r = applySitingDistances(cands, [{ layer: 'schools', minMeters: 50, features: schools }]);
    expect(r.candidates.ids).toEqual(['E50', 'N50']);
    expect(r.dropped.map((d) => [d.id, d.distanceMeters])).toEqual([['E49', 49]]);
    // the plot review's distance from a station at E50 to the same square: 49.9997 m (the east edge
    // is a meridian, and 50 m of longitude at 38.6° N is a little less 50 m further north), within
    // the 1 mm of DISTANCE_TOLERANCE_M of the 50 m
    expect(pointToPolygonMeters(ll[0][0], ll[0][1], schools.features[0].geometry)).toBeCloseTo(50, 3);
  });
});
