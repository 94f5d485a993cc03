import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { geometryAreaM2 } from '../../analysis/geo.ts';
import { SQUARE_METRES_PER_MU, reviewPlots } from '../../analysis/plot-review.ts';
import { resolveParams } from '../../analysis/params.ts';
import { ALL_RULE_PARAMS, RULES, runRules } from '../../analysis/rules/run-rules.ts';

// Session 14 red team of the analyses' figures against the standards and against what PostGIS
// would answer. Each case is small enough to work out by hand; the answer is in the comment.

type FC = FeatureCollection<Geometry | null>;

// WGS 84 / CGCS2000 ellipsoid, for the independent exact area below.
const A = 6_378_137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);

/**
 * Exact ellipsoidal area between two meridians and two parallels (authalic latitude):
 * S = (a²(1 − e²)/2)·Δλ·[q(φ₂) − q(φ₁)], q(φ) = sinφ/(1 − e²sin²φ) + (1/2e)·ln((1 + e sinφ)/(1 − e sinφ)).
 * What PostGIS `ST_Area(geography)` (spheroid) gives for such a cell.
 */
function exactCellAreaM2(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const q = (deg: number) => {
    const s = Math.sin((deg * Math.PI) / 180);
    return s / (1 - E2 * s * s) + (1 / (2 * E)) * Math.log((1 + E * s) / (1 - E * s));
  };
  return ((A * A * (1 - E2)) / 2) * (((lon2 - lon1) * Math.PI) / 180) * (q(lat2) - q(lat1));
}

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
