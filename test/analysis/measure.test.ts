import { describe, expect, test } from 'vitest';
import { measure } from '../../analysis/measure';
import { LocalProjection } from '../../analysis/geo';

/** Positions `x`, `y` metres east and north of (114.5°E, 38°N) on the local plane. */
function createPlane() {
  const p = new LocalProjection(114.5, 38);
  return (x: number, y: number): [number, number] => [p.lon(x), p.lat(y)];
}

describe('measure', () => {
  test('a distance is the sum of its legs: 300 m east then 400 m north is 700 m', () => {
    const at = createPlane();
    const m = measure([at(0, 0), at(300, 0), at(300, 400)], 'line');
    expect(m.legsM[0]).toBeCloseTo(300, 3);
    expect(m.legsM[1]).toBeCloseTo(400, 3);
    expect(m.lengthM).toBeCloseTo(700, 3);
    expect(m.areaM2).toBeNull();
  });

  test('an area of 100 m × 200 m is 20 000 m² = 30 亩, its outline 600 m', () => {
    const at = createPlane();
    const m = measure([at(0, 0), at(100, 0), at(100, 200), at(0, 200)], 'area');
    expect(m.areaM2!).toBeCloseTo(20_000, 0);
    expect(m.areaMu!).toBeCloseTo(30, 3);
    expect(m.lengthM).toBeCloseTo(600, 2);
    expect(m.legsM).toHaveLength(4);
  });

  test('clicking the corners the other way round gives the same area', () => {
    const at = createPlane();
    const m = measure([at(0, 200), at(100, 200), at(100, 0), at(0, 0)], 'area');
    expect(m.areaMu!).toBeCloseTo(30, 3);
  });

  test('one degree of latitude near 38°N is about 111 km', () => {
    expect(measure([[114.5, 37.5], [114.5, 38.5]], 'line').lengthM / 1000).toBeCloseTo(111.0, 0);
  });

  test('fewer than three points have no area; no points measure nothing', () => {
    const at = createPlane();
    expect(measure([at(0, 0), at(50, 0)], 'area')).toEqual({ lengthM: expect.closeTo(50, 3), legsM: [expect.closeTo(50, 3)], areaM2: null, areaMu: null });
    expect(measure([], 'line')).toEqual({ lengthM: 0, legsM: [], areaM2: null, areaMu: null });
  });

  test('a point that is not a position is refused', () => {
    expect(() => measure([[114, 38], [NaN, 38]], 'line')).toThrow(/not a position/);
  });

  test('does not modify the points', () => {
    const pts = [[114.5, 38], [114.51, 38], [114.51, 38.01]];
    const copy = JSON.parse(JSON.stringify(pts));
    measure(pts, 'area');
    expect(pts).toEqual(copy);
  });
});
