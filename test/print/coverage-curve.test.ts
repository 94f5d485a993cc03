import { describe, expect, test } from 'vitest';
import { layoutCurve, niceStep } from '../../src/print/coverage-curve';
import { sitingCurve } from '../../src/print/reports';

describe('niceStep', () => {
  test('round steps of 1, 2 or 5 × 10ⁿ, at most n parts', () => {
    expect(niceStep(83.9)).toBe(20); // 83.9 / 5 = 16.8 → 20
    expect(niceStep(100)).toBe(20);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0.4)).toBe(0.1);
    expect(niceStep(0)).toBe(1);
  });
});

describe('layoutCurve', () => {
  test('P = 1 … 3 across the plot, values against a round top', () => {
    // plot box: x 48 … 548 (w 500), y 10 … 210 (h 200) in a 560 × 240 box
    const d = layoutCurve({ points: [{ p: 1, value: 40 }, { p: 2, value: 60 }, { p: 3, value: 70 }] }, 560, 240);
    expect(d.plot).toEqual({ x: 48, y: 10, w: 500, h: 200 });
    expect(d.yMax).toBe(80); // step 20 (70 / 5 = 14 → 20), top 80
    expect(d.points.map((q) => [q.x, q.y])).toEqual([
      [48, 110], // 40 of 80: half way up
      [298, 60],
      [548, 35],
    ]);
    expect(d.xTicks.map((t) => t.label)).toEqual(['1', '2', '3']);
    expect(d.yTicks.map((t) => t.label)).toEqual(['0', '20', '40', '60', '80']);
    expect(d.yTicks[0].y).toBe(210);
  });

  test('at most about 10 P labels; a single point sits in the middle', () => {
    const many = layoutCurve({ points: Array.from({ length: 25 }, (_, i) => ({ p: i + 1, value: i })) }, 560, 250);
    expect(many.xTicks.map((t) => t.label)).toEqual(['1', '4', '7', '10', '13', '16', '19', '22', '25']);
    const one = layoutCurve({ points: [{ p: 1, value: 5 }] }, 560, 250);
    expect(one.points[0].x).toBe(48 + 250);
  });
});

describe('sitingCurve', () => {
  test('fire: the cumulative built-up share by rank; kindergartens: the cumulative children', () => {
    const fire = sitingCurve({ facility: 'fire', picks: [{ rank: 1, cumulativeBuiltUpPct: 40.4 }, { rank: 2, cumulativeBuiltUpPct: 59.1 }] }, 'zh');
    expect(fire.points).toEqual([{ p: 1, value: 40.4 }, { p: 2, value: 59.1 }]);
    expect(fire.yLabel).toBe('建成区覆盖率（%）');
    const kg = sitingCurve({ facility: 'kindergarten', picks: [{ rank: 1, cumulativeChildrenCovered: 120.5 }] }, 'en');
    expect(kg.points).toEqual([{ p: 1, value: 120.5 }]);
    expect(kg.yLabel).toBe('Children within radius');
  });
});
