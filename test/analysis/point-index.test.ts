import { describe, expect, test } from 'vitest';
import { radiusCoverage } from '../../analysis/point-index.ts';
import { geodesicMeters } from '../../analysis/geo.ts';

// At latitude 38.5° on the WGS84 ellipsoid one degree of longitude is 87,232.77 m and one degree
// of latitude 111,005.96 m (geo.ts metresPerDegree). So 0.001° east ≈ 87.23 m and 0.001° north
// ≈ 111.01 m. The facility F sits at (115.0, 38.5).
const F_LON = 115.0;
const F_LAT = 38.5;

function cols(pts: [number, number][]) {
  return { lon: Float64Array.from(pts.map((p) => p[0])), lat: Float64Array.from(pts.map((p) => p[1])) };
}

function createRandom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('radiusCoverage', () => {
  test('a household exactly on the radius is covered; a hair further is not', () => {
    const households = cols([[F_LON + 0.0017, F_LAT + 0.0003]]);
    const facility = cols([[F_LON, F_LAT]]);
    // 0.0017° × 87,232 m ≈ 148.3 m east, 0.0003° × 111,006 m ≈ 33.3 m north → ≈ 152.0 m.
    const d = geodesicMeters(F_LON, F_LAT, F_LON + 0.0017, F_LAT + 0.0003);
    expect(d).toBeCloseTo(152.0, 0);
    expect(radiusCoverage(households, facility, { radiusMeters: d }).coveredCount).toBe(1);
    // within 1 mm of the radius counts as on it (DISTANCE_TOLERANCE_M, session 14): 2 mm short of d is a hair
    expect(radiusCoverage(households, facility, { radiusMeters: d - 0.0009 }).coveredCount).toBe(1);
    expect(radiusCoverage(households, facility, { radiusMeters: d - 0.002 }).coveredCount).toBe(0);
  });

  test('150 m: households at 87 m and 131 m are covered, 174 m is not', () => {
    const households = cols([
      [F_LON + 0.001, F_LAT], // 0.001 × 87,232.8 = 87.2 m
      [F_LON + 0.0015, F_LAT], // 0.0015 × 87,232.8 = 130.8 m
      [F_LON + 0.002, F_LAT], // 0.002 × 87,232.8 = 174.5 m
      [F_LON, F_LAT - 0.0013], // 0.0013 × 111,006 = 144.3 m south
    ]);
    const r = radiusCoverage(households, cols([[F_LON, F_LAT]]), { radiusMeters: 150, nearest: true });
    expect(Array.from(r.covered)).toEqual([1, 1, 0, 1]);
    expect(r.coveredCount).toBe(3);
    expect(r.nearestMeters![0]).toBeCloseTo(87.23, 1);
    expect(r.nearestMeters![1]).toBeCloseTo(130.85, 1);
    expect(r.nearestMeters![2]).toBeNaN();
    expect(r.nearestMeters![3]).toBeCloseTo(144.31, 1);
    expect(Array.from(r.nearestFacility!)).toEqual([0, 0, -1, 0]);
  });

  test('per-facility radii: a far facility with a large radius reaches, the near small one does not', () => {
    // Household at F; facility 0 is 174.5 m east with radius 100 m; facility 1 is 0.004° north
    // (444.0 m) with radius 500 m → covered by facility 1 only.
    const households = cols([[F_LON, F_LAT]]);
    const facilities = cols([
      [F_LON + 0.002, F_LAT],
      [F_LON, F_LAT + 0.004],
    ]);
    const r = radiusCoverage(households, facilities, { radiusMeters: Float64Array.of(100, 500), nearest: true });
    expect(r.covered[0]).toBe(1);
    expect(r.nearestFacility![0]).toBe(1);
    expect(r.nearestMeters![0]).toBeCloseTo(444.0, 0);
  });

  test('a masked (broken) facility does not count', () => {
    const households = cols([[F_LON + 0.001, F_LAT]]);
    const facilities = cols([[F_LON, F_LAT]]);
    const r = radiusCoverage(households, facilities, { radiusMeters: 150, facilityMask: Uint8Array.of(0) });
    expect(r.coveredCount).toBe(0);
  });

  test('unlocated households and facilities are skipped', () => {
    const households = cols([
      [NaN, NaN],
      [F_LON, F_LAT],
    ]);
    const facilities = cols([
      [NaN, F_LAT],
      [F_LON, F_LAT],
    ]);
    const r = radiusCoverage(households, facilities, { radiusMeters: 10, nearest: true });
    expect(Array.from(r.covered)).toEqual([0, 1]);
    expect(r.nearestFacility![1]).toBe(1);
  });

  test('weights per facility and values per point (the two 2SFCA sums)', () => {
    // Kindergartens K0 at F and K1 0.004° east (348.9 m); radius 300 m.
    // Household h0 at F + 0.002° east (174.5 m from both) with 2 children: reached by both.
    // Household h1 at F (0 m from K0, 348.9 m from K1) with 1 child: reached by K0 only.
    // Household h2 at F + 0.004° east (0 m from K1) with 4 children: reached by K1 only.
    // Σ children: K0 = 2 + 1 = 3; K1 = 2 + 4 = 6.
    // With supply ratios R = (30/3, 60/6) = (10, 10): h0 = 20, h1 = 10, h2 = 10.
    const households = cols([
      [F_LON + 0.002, F_LAT],
      [F_LON, F_LAT],
      [F_LON + 0.004, F_LAT],
    ]);
    const kg = cols([
      [F_LON, F_LAT],
      [F_LON + 0.004, F_LAT],
    ]);
    const step1 = radiusCoverage(households, kg, { radiusMeters: 300, pointWeights: Float64Array.of(2, 1, 4) });
    expect(Array.from(step1.facilityWeightSum!)).toEqual([3, 6]);
    const step2 = radiusCoverage(households, kg, { radiusMeters: 300, facilityValues: Float64Array.of(10, 10) });
    expect(Array.from(step2.pointValueSum!)).toEqual([20, 10, 10]);
  });

  test('agrees with a brute-force geodesic loop over a province-sized spread', () => {
    // 3,000 households and 60 facilities scattered over 8° of latitude (34°–42°), radii 0–40 km:
    // the grid's scale-error bounds must not lose or add a single household.
    const rand = createRandom(7);
    const n = 3000;
    const m = 60;
    const h = { lon: new Float64Array(n), lat: new Float64Array(n) };
    const f = { lon: new Float64Array(m), lat: new Float64Array(m) };
    const radii = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      h.lon[i] = 113 + rand() * 6;
      h.lat[i] = 34 + rand() * 8;
    }
    for (let j = 0; j < m; j++) {
      f.lon[j] = 113 + rand() * 6;
      f.lat[j] = 34 + rand() * 8;
      radii[j] = rand() * 40_000;
    }
    const r = radiusCoverage(h, f, { radiusMeters: radii, nearest: true });
    const flags = radiusCoverage(h, f, { radiusMeters: radii });
    let expected = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      let bestJ = -1;
      for (let j = 0; j < m; j++) {
        const d = geodesicMeters(h.lon[i], h.lat[i], f.lon[j], f.lat[j]);
        if (d <= radii[j] && d < best) {
          best = d;
          bestJ = j;
        }
      }
      if (bestJ >= 0) expected++;
      expect(r.nearestFacility![i]).toBe(bestJ);
      expect(flags.covered[i]).toBe(bestJ >= 0 ? 1 : 0);
    }
    expect(expected).toBeGreaterThan(100);
    expect(r.coveredCount).toBe(expected);
    expect(flags.coveredCount).toBe(expected);
  });

  test('does not mutate its inputs', () => {
    const households = cols([
      [F_LON + 0.001, F_LAT],
      [F_LON + 0.01, F_LAT],
    ]);
    const facilities = cols([[F_LON, F_LAT]]);
    const radii = Float64Array.of(150);
    const weights = Float64Array.of(1, 2);
    const before = JSON.stringify([households, facilities, radii, weights].map((c) => JSON.stringify(c)));
    radiusCoverage(households, facilities, { radiusMeters: radii, pointWeights: weights, nearest: true });
    expect(JSON.stringify([households, facilities, radii, weights].map((c) => JSON.stringify(c)))).toBe(before);
  });

  test('throws clear errors on bad input', () => {
    const p = cols([[F_LON, F_LAT]]);
    expect(() => radiusCoverage({ lon: [1] as unknown as Float64Array, lat: p.lat }, p, { radiusMeters: 1 })).toThrow(/Float64Array/);
    expect(() => radiusCoverage(p, p, { radiusMeters: -5 })).toThrow(/radiusMeters/);
    expect(() => radiusCoverage(p, p, { radiusMeters: Float64Array.of(1, 2) })).toThrow(/one value per facility/);
    expect(() => radiusCoverage(p, p, { radiusMeters: 1, pointWeights: Float64Array.of(1, 2) })).toThrow(/pointWeights/);
  });
});
