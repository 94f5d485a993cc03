import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { metresPerDegree } from '../../analysis/geo.ts';
import { SQUARE_METRES_PER_MU, parseParcelMu, polygonAreaM2, reviewPlots } from '../../analysis/plot-review.ts';
import { exactCellAreaM2 } from '../support/exact-area.ts';

type FC = FeatureCollection<Geometry | null>;
const LON0 = 114.7;
const LAT0 = 38.6;


/** A rectangle w × h metres with its south-west corner x, y metres east/north of (LON0, LAT0). */
function createRect(x: number, y: number, w: number, h: number): Position[][] {
  const { mx, my } = metresPerDegree(LAT0);
  const lo = (v: number) => LON0 + v / mx;
  const la = (v: number) => LAT0 + v / my;
  return [
    [
      [lo(x), la(y)],
      [lo(x + w), la(y)],
      [lo(x + w), la(y + h)],
      [lo(x), la(y + h)],
      [lo(x), la(y)],
    ],
  ];
}

function createPlot(props: Record<string, unknown>, coordinates: Position[][] | Position[][][], multi = false): Feature<Geometry> {
  return { type: 'Feature', properties: props, geometry: multi ? { type: 'MultiPolygon', coordinates: coordinates as Position[][][] } : { type: 'Polygon', coordinates: coordinates as Position[][] } };
}

function fc(features: Feature<Geometry | null>[]): FC {
  return { type: 'FeatureCollection', features };
}

/** Two townships side by side: 甲镇 west of x = 1000 m, 乙乡 east of it (each 1000 m × 2000 m). */
function createTownships(): FC {
  return fc([createPlot({ name: '甲镇' }, createRect(0, 0, 1000, 2000)), createPlot({ name: '乙乡' }, createRect(1000, 0, 1000, 2000))]);
}

describe('polygonAreaM2', () => {
  test('a square of side 258.2 m is 100 亩 to 0.1% (against the exact ellipsoidal formula)', () => {
    // 100 亩 = 100 × 666.667 = 66,666.7 m² → side √66,666.7 = 258.199 m.
    const side = Math.sqrt(100 * SQUARE_METRES_PER_MU);
    const ring = createRect(100, 100, side, side);
    const [[sw, se, ne]] = [ring[0]];
    const exact = exactCellAreaM2(sw[0], sw[1], se[0], ne[1]);
    const ours = polygonAreaM2(ring);
    expect(Math.abs(ours - exact) / exact).toBeLessThan(0.001);
    expect(ours / SQUARE_METRES_PER_MU).toBeCloseTo(100, 1);
  });

  test('a hole is subtracted: 200 m × 200 m with a 100 m × 100 m hole = 30,000 m² = 45 亩', () => {
    const outer = createRect(0, 0, 200, 200)[0];
    const hole = createRect(50, 50, 100, 100)[0].slice().reverse();
    // 40,000 − 10,000 = 30,000 m²; 30,000 / 666.667 = 45.0 亩.
    expect(polygonAreaM2([outer, hole]) / SQUARE_METRES_PER_MU).toBeCloseTo(45, 1);
  });
});

describe('parseParcelMu', () => {
  test('reads the 亩 figures of a parcels text in order', () => {
    expect(parseParcelMu('地块1 84.50亩（冀政转征函〔2018〕1979号）；地块2 10.19亩；地块3 34.32 亩')).toEqual([84.5, 10.19, 34.32]);
  });
});

describe('reviewPlots', () => {
  test('a plot matching its declared 亩 and township gets no warning', () => {
    // 200 m × 333.333 m = 66,666.7 m² = 100.0 亩, inside 甲镇 (x 100–300).
    const plots = fc([createPlot({ id: 'P1', township: '甲镇', area_mu: 100, use: 'residential' }, createRect(100, 100, 200, 1000 / 3))]);
    const r = reviewPlots({ plots, townships: createTownships() });
    const row = r.rows[0];
    expect(row.areaMu).toBeCloseTo(100, 1);
    expect(Math.abs(row.diffPct!)).toBeLessThan(0.1);
    expect(row.townshipsFound).toEqual(['甲镇']);
    expect(row.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  test('area off by more than 2% is flagged: 100 亩 drawn, 95 declared → +5.26%', () => {
    // (100 − 95) / 95 = 5.263 %.
    const plots = fc([createPlot({ id: 'P1', township: '甲镇', area_mu: 95, use: 'other' }, createRect(100, 100, 200, 1000 / 3))]);
    const row = reviewPlots({ plots, townships: createTownships() }).rows[0];
    expect(row.diffPct).toBeCloseTo(5.26, 1);
    expect(row.issues.map((i) => i.code)).toContain('area-mismatch');
  });

  test('a plot outside the township it claims is flagged', () => {
    // Drawn at x 1200–1400: in 乙乡, declared 甲镇.
    const plots = fc([createPlot({ id: 'P1', township: '甲镇', area_mu: 100, use: 'other' }, createRect(1200, 100, 200, 1000 / 3))]);
    const row = reviewPlots({ plots, townships: createTownships() }).rows[0];
    expect(row.townshipsFound).toEqual(['乙乡']);
    expect(row.issues.find((i) => i.code === 'township-mismatch')?.message.zh).toBe('申报属于甲镇，图上位于乙乡');
  });

  test('two overlapping plots: 100 m × 100 m squares shifted by 50 m share 5,000 m² = 7.5 亩', () => {
    // Overlap: x 50–100 × y 0–100 = 50 × 100 = 5,000 m²; 5,000 / 666.667 = 7.5 亩.
    const plots = fc([
      createPlot({ id: 'A', area_mu: 15, use: 'other' }, createRect(0, 0, 100, 100)),
      createPlot({ id: 'B', area_mu: 15, use: 'other' }, createRect(50, 0, 100, 100)),
    ]);
    const r = reviewPlots({ plots });
    expect(r.rows[0].overlaps).toHaveLength(1);
    expect(r.rows[0].overlaps[0].id).toBe('B');
    expect(r.rows[0].overlaps[0].areaM2).toBeGreaterThan(4995);
    expect(r.rows[0].overlaps[0].areaM2).toBeLessThan(5005);
    expect(r.rows[1].issues.map((i) => i.code)).toContain('overlap');
  });

  test('parcels are summed and compared with the parcels text', () => {
    // Two parcels of 60 and 40 亩 (60 × 666.667 = 40,000 m² = 200 × 200; 40 亩 = 26,666.7 m² = 200 × 133.33).
    // The text says 60.00 + 30.00 = 90 ≠ 100 declared, and parcel 2 is 40 drawn vs 30 declared.
    const parts = [createRect(0, 0, 200, 200), createRect(300, 0, 200, 400 / 3)];
    const plots = fc([createPlot({ id: 'M', area_mu: 100, use: 'other', parcels: '地块1 60.00亩；地块2 30.00亩' }, parts, true)]);
    const row = reviewPlots({ plots }).rows[0];
    expect(row.parts.map((p) => p.areaMu)).toEqual([60, 40]);
    expect(row.parts.map((p) => p.declaredMu)).toEqual([60, 30]);
    const codes = row.issues.map((i) => i.code);
    expect(codes).toContain('parcels-sum-mismatch');
    expect(codes).toContain('parcel-area-mismatch');
    expect(codes).not.toContain('area-mismatch');
  });

  test('document total: the declared plots must add up to the stated total', () => {
    const plots = fc([
      createPlot({ id: 'A', area_mu: 10.2, use: 'other' }, createRect(0, 0, 100, 68)),
      createPlot({ id: 'B', area_mu: 16.7, use: 'other' }, createRect(500, 0, 100, 111.3)),
    ]);
    // 10.20 + 16.70 = 26.90; stated 27.00 → −0.10 亩.
    const bad = reviewPlots({ plots }, { statedTotalMu: 27 });
    expect(bad.totals.declaredMu).toBe(26.9);
    expect(bad.totals.statedDiffMu).toBe(-0.1);
    expect(bad.documentIssues.map((i) => i.code)).toEqual(['total-mismatch']);
    expect(reviewPlots({ plots }, { statedTotalMu: 26.9 }).documentIssues.map((i) => i.code)).toEqual(['total-ok']);
  });

  test('invalid geometry is an error and skips the spatial checks', () => {
    // A bow-tie ring crosses itself at its centre.
    const { mx, my } = metresPerDegree(LAT0);
    const p = (x: number, y: number) => [LON0 + x / mx, LAT0 + y / my];
    const bowtie = [[p(0, 0), p(100, 100), p(100, 0), p(0, 100), p(0, 0)]];
    const open = [[p(0, 0), p(100, 0), p(100, 100), p(0, 100)]];
    const plots = fc([
      createPlot({ id: 'X', area_mu: 10, use: 'other' }, bowtie),
      createPlot({ id: 'Y', area_mu: 10, use: 'other' }, open),
      { type: 'Feature', properties: { id: 'Z', area_mu: 10, use: 'other' }, geometry: null },
    ]);
    const r = reviewPlots({ plots, townships: createTownships() });
    for (const row of r.rows) expect(row.issues[0].code).toBe('invalid-geometry');
    expect(r.rows[0].issues[0].message.en).toMatch(/self-intersection/);
    expect(r.rows[1].issues[0].message.en).toMatch(/not closed/);
    expect(r.rows[2].issues[0].message.en).toMatch(/no geometry/);
    expect(r.rows[0].townshipsFound).toEqual([]);
    expect(r.counts.error).toBe(3);
  });

  test('a fire station 30 m from an education plot breaks the 50 m rule; 80 m does not', () => {
    const { mx, my } = metresPerDegree(LAT0);
    const station = (x: number, y: number, id: string) => ({ type: 'Feature' as const, properties: { id, name: id, status: 'planned' }, geometry: { type: 'Point' as const, coordinates: [LON0 + x / mx, LAT0 + y / my] } });
    const plots = fc([createPlot({ id: 'E', area_mu: 15, use: 'education' }, createRect(0, 0, 100, 100))]);
    // Plot edge x = 100; station at x = 130 → 30 m.
    const near = reviewPlots({ plots, fireStations: fc([station(130, 50, 'S1')]) }).rows[0];
    expect(near.nearestFireStation?.distanceM).toBeCloseTo(30, 0);
    expect(near.issues.map((i) => i.code)).toContain('station-near-school');
    const far = reviewPlots({ plots, fireStations: fc([station(180, 50, 'S2')]) }).rows[0];
    expect(far.issues.map((i) => i.code)).not.toContain('station-near-school');
  });

  test('does not mutate its input', () => {
    const plots = fc([createPlot({ id: 'P1', township: '甲镇', area_mu: 95, use: 'residential' }, createRect(100, 100, 200, 1000 / 3))]);
    const townships = createTownships();
    const before = JSON.stringify({ plots, townships });
    reviewPlots({ plots, townships }, { statedTotalMu: 1 });
    expect(JSON.stringify({ plots, townships })).toBe(before);
  });
});

describe('reviewPlots on the demo county (2022 land-reserve plan)', () => {
  const read = (n: string) => JSON.parse(readFileSync(`data/demo/${n}.geojson`, 'utf8')) as FC;
  test('areas within 2%, totals 319.56 亩, plot 01 in 3 parcels, and no false flags', () => {
    const r = reviewPlots(
      { plots: read('reserve_plots'), townships: read('townships'), builtUp: read('built_up'), dualConversionAreas: read('dual_conversion_areas'), fireStations: read('fire_stations'), kindergartens: read('kindergartens') },
      { statedTotalMu: 319.56 },
    );
    expect(r.rows).toHaveLength(5);
    for (const row of r.rows) {
      expect(Math.abs(row.diffPct!)).toBeLessThan(2);
      expect(row.townshipsFound).toEqual([row.township]);
    }
    // 129.01 + 10.20 + 30.30 + 133.35 + 16.70 = 319.56.
    expect(r.totals.declaredMu).toBe(319.56);
    // The drawn total is what the listed rows (2 decimals) add up to, as a workbook's SUM gives it.
    expect(r.totals.areaMu).toBe(Math.round(r.rows.reduce((t, x) => t + x.areaMu, 0) * 100) / 100);
    expect(r.documentIssues.map((i) => i.code)).toEqual(['total-ok']);
    expect(r.rows[0].parts.map((p) => p.declaredMu)).toEqual([84.5, 10.19, 34.32]);
    expect(r.counts.error).toBe(0);
    expect(r.counts.warning).toBe(0);
  });
});

describe('reviewPlots fire reach', () => {
  test('a plot half inside the reach polygon: 50%, flagged for a residential plot', () => {
    // Plot x 0–200; reach covers x ≥ 100 (a big rectangle) → 100 × 100 of 200 × 100 = 50 %.
    const plots = fc([createPlot({ id: 'R', area_mu: 30, use: 'residential' }, createRect(0, 0, 200, 100))]);
    const fireReach = fc([createPlot({ minutes: 5 }, createRect(100, -500, 2000, 1000))]);
    const row = reviewPlots({ plots, fireReach }).rows[0];
    expect(row.fireReachShare).toBeCloseTo(0.5, 3);
    expect(row.issues.find((i) => i.code === 'outside-fire-reach')?.message.zh).toBe('仅 50% 在消防救援站5分钟可达范围内');
    // Fully inside: no warning.
    const inside = reviewPlots({ plots, fireReach: fc([createPlot({}, createRect(-100, -100, 500, 500))]) }).rows[0];
    expect(inside.fireReachShare).toBe(1);
    expect(inside.issues.map((i) => i.code)).not.toContain('outside-fire-reach');
  });
});
