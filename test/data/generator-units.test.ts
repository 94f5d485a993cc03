import { describe, expect, test } from 'vitest';
import { nodeLines, ringArea, clipHalfPlane, pointInRing, type Line, type XY } from '../../data/generator/geometry.ts';
import { apportion, buildLayout, type Layout } from '../../data/generator/layout.ts';
import { LocalProjection } from '../../analysis/geo.ts';
import { Rng } from '../../data/generator/prng.ts';

function createLine(coords: XY[], tag: string): Line<{ tag: string }> {
  return { coords, props: { tag } };
}

describe('nodeLines', () => {
  test('two crossing lines become four pieces meeting at the crossing', () => {
    // (0,0)–(2,2) and (0,2)–(2,0) cross at (1,1): each splits into two halves.
    const out = nodeLines([createLine([[0, 0], [2, 2]], 'a'), createLine([[0, 2], [2, 0]], 'b')]);
    expect(out.map((l) => l.coords)).toEqual([
      [[0, 0], [1, 1]],
      [[1, 1], [2, 2]],
      [[0, 2], [1, 1]],
      [[1, 1], [2, 0]],
    ]);
    expect(out.map((l) => l.props.tag)).toEqual(['a', 'a', 'b', 'b']);
  });

  test('a line ending on the interior of another splits the other (T-junction)', () => {
    // Stem (1,0)–(1,-3) ends on the bar (0,0)–(4,0) at x = 1: bar → (0,0)–(1,0) and (1,0)–(4,0).
    const out = nodeLines([createLine([[0, 0], [4, 0]], 'bar'), createLine([[1, 0], [1, -3]], 'stem')]);
    expect(out.map((l) => l.coords)).toEqual([
      [[0, 0], [1, 0]],
      [[1, 0], [4, 0]],
      [[1, 0], [1, -3]],
    ]);
  });

  test('a line ending on an interior vertex of another splits it there', () => {
    // Polyline (0,0)–(2,0)–(4,0) has an interior vertex at (2,0) where the stem ends.
    const out = nodeLines([createLine([[0, 0], [2, 0], [4, 0]], 'bar'), createLine([[2, 0], [2, 5]], 'stem')]);
    expect(out.map((l) => l.coords)).toEqual([
      [[0, 0], [2, 0]],
      [[2, 0], [4, 0]],
      [[2, 0], [2, 5]],
    ]);
  });

  test('lines meeting only at shared ends and disjoint lines are left alone; inputs are not mutated', () => {
    const input = [createLine([[0, 0], [1, 0]], 'a'), createLine([[1, 0], [1, 1]], 'b'), createLine([[5, 5], [6, 6]], 'c')];
    const copy = structuredClone(input);
    const out = nodeLines(input);
    expect(out.map((l) => l.coords)).toEqual(copy.map((l) => l.coords));
    expect(input).toEqual(copy);
  });
});

describe('polygon helpers', () => {
  test('ringArea of a 3 × 2 rectangle is 6 (counter-clockwise positive)', () => {
    expect(ringArea([[0, 0], [3, 0], [3, 2], [0, 2]])).toBe(6);
    expect(ringArea([[0, 0], [0, 2], [3, 2], [3, 0]])).toBe(-6);
  });

  test('clipHalfPlane x ≤ 1 cuts the 3 × 2 rectangle to 1 × 2', () => {
    const clipped = clipHalfPlane([[0, 0], [3, 0], [3, 2], [0, 2]], 1, 0, 1);
    expect(ringArea(clipped)).toBe(2);
    expect(pointInRing(0.5, 1, clipped)).toBe(true);
    expect(pointInRing(1.5, 1, clipped)).toBe(false);
  });
});

describe('apportion', () => {
  test('splits by largest remainder and keeps the total', () => {
    // 10 × (1,1,1)/3 = 3.33 each → floors 3,3,3, one left goes to the first (ties by index).
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 7 × (1,2,4)/7 = 1,2,4 exactly.
    expect(apportion(7, [1, 2, 4])).toEqual([1, 2, 4]);
  });

  test('rejects weights without a positive sum', () => {
    expect(() => apportion(3, [0, 0])).toThrow(/positive sum/);
  });
});

describe('Rng', () => {
  test('same seed, same sequence; different seed, different sequence', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });

  test('rejects a non-integer seed', () => {
    expect(() => new Rng(1.5)).toThrow(/integer/);
  });
});

describe('buildLayout scale', () => {
  test('twice the households: county area × 2 (linear × √2), villages × 2, households exact', () => {
    const proj = new LocalProjection(114.74, 38.62);
    const base = buildLayout(new Rng(3), proj, 200_000);
    const big = buildLayout(new Rng(3), proj, 400_000);
    // Area of the outline in local metres: 1,084 km² at the default scale, 2,168 km² at twice it.
    expect(ringArea(base.outline) / 1e6).toBeCloseTo(1084, 6);
    expect(ringArea(big.outline) / 1e6).toBeCloseTo(2168, 6);
    const villages = (l: Layout) => l.settlements.filter((s) => s.kind === 'village').length;
    expect(villages(base)).toBe(350);
    expect(villages(big)).toBe(700);
    expect(big.settlements.reduce((a, s) => a + s.households, 0)).toBe(400_000);
  });
});
