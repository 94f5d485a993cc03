import { describe, expect, test } from 'vitest';
import { fitScale, framePixels, mercatorCenter, roundScaleUp, scaleBar, scaleForZoom, scaleText, sheetLayout, zoomForScale } from '../../src/print/print-layout';

describe('sheetLayout', () => {
  test('A4 landscape: map left of a 64 mm column, all inside 10 mm margins', () => {
    const l = sheetLayout('A4', 'landscape');
    expect(l.pageMm).toEqual([297, 210]);
    expect(l.map).toEqual({ x: 10, y: 24, w: 209, h: 169 });
    expect(l.side).toMatchObject({ x: 223, w: 64, placement: 'right' });
    expect(l.side.x + l.side.w).toBe(297 - 10);
    expect(l.map.y + l.map.h + l.footerMm).toBe(210 - 10);
  });

  test('A3 portrait: map above a band of the full width', () => {
    const l = sheetLayout('A3', 'portrait');
    expect(l.pageMm).toEqual([297, 420]);
    expect(l.map.w).toBe(277);
    expect(l.side).toMatchObject({ x: 10, w: 277, h: 62, placement: 'bottom' });
    expect(l.side.y + l.side.h + l.footerMm).toBe(420 - 10);
  });

  test('refuses an unknown paper', () => {
    expect(() => sheetLayout('B5' as 'A4', 'portrait')).toThrow(/unknown paper/);
  });
});

describe('framePixels', () => {
  test('10 in × 5 in at 200 dpi is 960 × 480 CSS px and a 2000 × 1000 image', () => {
    const p = framePixels(254, 127, 200);
    expect(p.css).toEqual([960, 480]);
    expect(p.image).toEqual([2000, 1000]);
    expect(p.pixelRatio).toBeCloseTo(200 / 96, 12);
  });

  test('refuses a zero frame', () => {
    expect(() => framePixels(0, 10, 200)).toThrow(/positive/);
  });
});

describe('zoomForScale', () => {
  test('1:10,000 on the equator: 2.6458 m per CSS px', () => {
    const z = zoomForScale(10_000, 0);
    const metersPerPx = (2 * Math.PI * 6_378_137) / (512 * 2 ** z);
    expect(metersPerPx).toBeCloseTo((10_000 * 0.0254) / 96, 9);
  });

  test('halving the scale denominator is one zoom level in', () => {
    expect(zoomForScale(25_000, 38.6) - zoomForScale(50_000, 38.6)).toBeCloseTo(1, 12);
  });

  test('at 60° N the same scale is one zoom level out (cos 60° = 1/2)', () => {
    expect(zoomForScale(10_000, 0) - zoomForScale(10_000, 60)).toBeCloseTo(1, 9);
  });
});

describe('fitScale and roundScaleUp', () => {
  test('rounds up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 × 10ⁿ', () => {
    expect(roundScaleUp(78_700)).toBe(80_000);
    expect(roundScaleUp(20_000)).toBe(20_000);
    expect(roundScaleUp(20_001)).toBe(25_000);
    expect(roundScaleUp(251_000)).toBe(300_000);
    expect(roundScaleUp(810_000)).toBe(1_000_000);
    expect(roundScaleUp(110_000)).toBe(120_000);
  });

  test('0.1° × 0.1° at 40° N in 200 × 150 mm: the 11.1 km height decides, 1:80,000', () => {
    // height 0.1° of latitude ≈ 11,132 m; 11,132 m / 0.15 m × 1.06 ≈ 78,700 → 1:80,000
    expect(fitScale([116, 39.9, 116.1, 40], [200, 150])).toBe(80_000);
  });

  test('a wide box: the width decides', () => {
    // 1° of longitude on the equator = 111,319 m; in 500 mm × 1.06 → 236,000 → 1:250,000
    expect(fitScale([0, 0, 1, 0.01], [500, 150])).toBe(250_000);
  });
});

describe('scaleBar', () => {
  test('1:50,000 and 40 mm: 2 km, 40 mm long', () => {
    expect(scaleBar(50_000, 40)).toEqual({ meters: 2000, mm: 40, label: '2 km' });
  });

  test('1:10,000 and 40 mm: 200 m (400 m would not be round), 20 mm', () => {
    expect(scaleBar(10_000, 40)).toEqual({ meters: 200, mm: 20, label: '200 m' });
  });

  test('1:250,000 and 30 mm: 5 km, 20 mm', () => {
    expect(scaleBar(250_000, 30)).toEqual({ meters: 5000, mm: 20, label: '5 km' });
  });
});

test('scaleText groups thousands', () => {
  expect(scaleText(250_000)).toBe('1:250,000');
});

test('scaleForZoom inverts zoomForScale', () => {
  expect(scaleForZoom(zoomForScale(25_000, 38.6), 38.6)).toBeCloseTo(25_000, 6);
});

test('mercatorCenter: the middle of the projected extent, north of the middle latitude', () => {
  const [lon, lat] = mercatorCenter([114, 0, 115, 60]);
  expect(lon).toBe(114.5);
  // the Mercator midpoint of 0°…60° N: atan(sinh((0 + asinh(tan 60°)) / 2))
  expect(lat).toBeCloseTo((Math.atan(Math.sinh(Math.asinh(Math.tan(Math.PI / 3)) / 2)) * 180) / Math.PI, 9);
  expect(lat).toBeGreaterThan(30);
});
