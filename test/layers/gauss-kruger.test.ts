import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { gaussKrugerCrs, gaussKrugerToLonLat, loadLayerFile, loadProject, lonLatToGaussKruger } from '../../layers/load/index.ts';
import { meridianArc } from '../../layers/load/gauss-kruger.ts';
import type { ColumnLayerData, GeoJsonLayerData } from '../../layers/types.ts';

const DIR = join(import.meta.dirname, '../fixtures/bad-inputs');
const RAD = Math.PI / 180;

function createBytes(fixture: string): Uint8Array {
  return new Uint8Array(readFileSync(join(DIR, fixture)));
}

describe('CGCS2000 Gauss-Krüger', () => {
  test('EPSG codes → zone and central meridian', () => {
    // 3° zone n has CM 3n; 6° zone n has CM 6n − 3; the "CM" series step by 3° (or 6°) from 75°E.
    expect(gaussKrugerCrs('EPSG:4526')).toEqual({ epsg: 4526, zone: 38, centralMeridian: 114 });
    expect(gaussKrugerCrs('4547')).toEqual({ epsg: 4547, zone: null, centralMeridian: 114 });
    expect(gaussKrugerCrs('epsg:4491')).toEqual({ epsg: 4491, zone: 13, centralMeridian: 75 });
    expect(gaussKrugerCrs('EPSG:4501')).toEqual({ epsg: 4501, zone: 23, centralMeridian: 135 });
    expect(gaussKrugerCrs('EPSG:4502')).toEqual({ epsg: 4502, zone: null, centralMeridian: 75 });
    expect(gaussKrugerCrs('EPSG:4554')).toEqual({ epsg: 4554, zone: null, centralMeridian: 135 });
    expect(gaussKrugerCrs('EPSG:4490')).toBeNull();
    expect(gaussKrugerCrs('EPSG:3857')).toBeNull();
  });

  test('meridian arc to 45° is the published 4 984 944.378 m', () => {
    // The WGS84 value; CGCS2000's flattening differs in the 9th digit, well under a millimetre here.
    expect(meridianArc(45 * RAD)).toBeCloseTo(4_984_944.378, 3);
  });

  test('on the central meridian the inverse gives the CM and the latitude of the meridian arc', () => {
    const [lon, lat] = gaussKrugerToLonLat(500_000, meridianArc(38.6 * RAD), 114);
    expect(lon).toBe(114);
    expect(lat).toBeCloseTo(38.6, 8);
  });

  test('forward then inverse returns the point within 1e-8° (about 1 mm) across a 3° zone', () => {
    for (const [lon, lat] of [
      [112.6, 36.0],
      [114.7, 38.6],
      [115.4, 41.9],
    ]) {
      const [x, y] = lonLatToGaussKruger(lon, lat, 114);
      const [lon2, lat2] = gaussKrugerToLonLat(x, y, 114);
      expect(lon2).toBeCloseTo(lon, 8);
      expect(lat2).toBeCloseTo(lat, 8);
    }
  });
});

describe('confirmed coordinate systems on import', () => {
  test('BAD-INPUTS #16: zoned eastings with the confirmed EPSG:4526 are converted and drawn', () => {
    const r = loadLayerFile(LAYERS.kindergartens, '16-gk-zoned.geojson', createBytes('16-gk-zoned.geojson'), { crs: 'EPSG:4526' });
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(r.issues.find((i) => i.code === 'converted-coordinates')?.message.en).toMatch(/^2 positions were converted from EPSG:4526/);
    const [lon, lat] = ((r.data as GeoJsonLayerData).data.features[0].geometry as { coordinates: number[] }).coordinates;
    // 61 234.5 m east of 114°E at about 38.6°N, where a degree of longitude is about 87.1 km → +0.703°.
    expect(lon).toBeCloseTo(114.703, 3);
    const [x, y] = lonLatToGaussKruger(lon, lat, 114);
    expect(x + 38_000_000).toBeCloseTo(38_561_234.5, 3);
    expect(y).toBeCloseTo(4_273_456.7, 3);
  });

  test('BAD-INPUTS #15: northing-first X/Y columns are recognised, and converted once the CM is confirmed', () => {
    const asked = loadLayerFile(LAYERS.households, 'households.csv', createBytes('15-gauss-kruger-northing-first.csv'));
    expect(asked.issues.find((i) => i.code === 'projected-coordinates')?.message.zh).toContain('北坐标 X 在前');
    const r = loadLayerFile(LAYERS.households, 'households.csv', createBytes('15-gauss-kruger-northing-first.csv'), { crs: 'EPSG:4547' });
    const d = r.data as ColumnLayerData;
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(d.count).toBe(2);
    expect(d.lon[0]).toBeCloseTo(114.703, 3);
    const [x, y] = lonLatToGaussKruger(d.lon[0], d.lat[0], 114);
    expect([x, y].map((v) => Math.round(v * 1000) / 1000)).toEqual([561_234.5, 4_273_456.7]);
  });

  test('BAD-INPUTS #17: swapped lat/lon, once confirmed through loadProject, are swapped back', () => {
    const { project, report } = loadProject([{ name: 'hydrants.geojson', bytes: createBytes('17-swapped.geojson') }], {
      coordinates: { 'hydrants.geojson': { swapAxes: true } },
    });
    expect(report.issues.map((i) => i.code)).toEqual(['converted-coordinates']);
    const features = (project.layers.hydrants as GeoJsonLayerData).data.features;
    expect(features.map((f) => (f.geometry as { coordinates: number[] }).coordinates)).toEqual([
      [114.7, 38.6],
      [114.71, 38.61],
      [114.72, 38.62],
    ]);
  });

  test('an unsupported CRS is reported and the file is still flagged, not drawn', () => {
    const r = loadLayerFile(LAYERS.kindergartens, '15-gauss-kruger.geojson', createBytes('15-gauss-kruger.geojson'), { crs: 'EPSG:3857' });
    expect(r.issues.map((i) => i.code)).toEqual(['unsupported-crs', 'projected-coordinates']);
    expect((r.data as GeoJsonLayerData).data.features).toEqual([]);
  });
});
