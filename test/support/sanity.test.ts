import { describe, expect, test } from 'vitest';
import { resolveParams, type ParamDef } from '../../analysis/params.ts';
import { geodesicMeters, geometryExtent, haversineMeters, LocalProjection } from '../../analysis/geo.ts';

const defs: ParamDef[] = [
  { key: 'radius', value: 150, label: { zh: '半径', en: 'Radius' }, source: { zh: 'GB 50974-2014', en: 'GB 50974-2014' } },
  { key: 'mode', value: 'network', label: { zh: '模式', en: 'Mode' }, source: { zh: '—', en: '—' } },
];

describe('resolveParams', () => {
  test('explicit options override project params override defaults; numeric strings become numbers', () => {
    const p = resolveParams<{ radius: number; mode: string }>(defs, { radius: 120 }, { radius: '100' });
    expect(p).toEqual({ radius: 100, mode: 'network' });
  });
  test('unknown keys and __proto__ are ignored', () => {
    const p = resolveParams<Record<string, unknown>>(defs, JSON.parse('{"__proto__": {"polluted": 1}, "x": 2}'));
    expect(p).toEqual({ radius: 150, mode: 'network' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('geodesic distances', () => {
  test('one degree of latitude at 38.6°N is ~111.0 km on the ellipsoid', () => {
    // Meridional arc per degree at φ=38.6°: M·π/180 with M = a(1−e²)/(1−e² sin²φ)^{3/2} ≈ 6,361,6xx m → ≈ 111,03x m.
    const d = geodesicMeters(114.7, 38.1, 114.7, 39.1);
    expect(d).toBeGreaterThan(111_000);
    expect(d).toBeLessThan(111_100);
  });
  test('flat-ellipsoid and haversine agree within 0.5% over 10 km', () => {
    const a = geodesicMeters(114.7, 38.6, 114.8, 38.65);
    const b = haversineMeters(114.7, 38.6, 114.8, 38.65);
    expect(Math.abs(a - b) / b).toBeLessThan(0.005);
  });
  test('LocalProjection round-trips', () => {
    const p = new LocalProjection(114.7, 38.6);
    expect(p.lon(p.x(114.81))).toBeCloseTo(114.81, 10);
    expect(p.lat(p.y(38.55))).toBeCloseTo(38.55, 10);
  });
});

describe('geometryExtent', () => {
  test('walks polygons, lines and collections, skipping null geometry and non-finite positions', () => {
    const box = geometryExtent([
      null,
      { type: 'Polygon', coordinates: [[[1, 1], [3, 1], [3, 2], [1, 1]]] },
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [-1, 5] }] },
      { type: 'LineString', coordinates: [[NaN, 100], [2, 0]] },
    ]);
    // west −1 (the point), south 0 (the line's finite end), east 3, north 5; the NaN position is ignored.
    expect(box).toEqual([-1, 0, 3, 5]);
  });
  test('null when there is no position', () => {
    expect(geometryExtent([null, { type: 'Polygon', coordinates: [] }])).toBeNull();
  });
});
