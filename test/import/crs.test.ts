import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bd09ToWgs84, gcj02ToWgs84, wgs84ToBd09, wgs84ToGcj02 } from '../../layers/load/foreign/gcj02.ts';
import { crsFromName, crsTransform, epsgOf, parsePrj } from '../../layers/load/foreign/stated-crs.ts';
import { lonLatToGaussKruger } from '../../layers/load/gauss-kruger.ts';

const PRJ = join(__dirname, '../fixtures/import/prj');
const prj = (n: string) => parsePrj(readFileSync(join(PRJ, n), 'utf8'));

function metres(a: number[], b: number[]): number {
  const dy = (a[1] - b[1]) * 111_320;
  const dx = (a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

describe('.prj WKT → stated CRS', () => {
  it('reads CGCS2000 GK zones with and without the zone number in ESRI, OGC WKT 1 and WKT 2', () => {
    for (const style of ['esri', 'ogc']) {
      expect(prj(`${style}-4526.prj`), style).toMatchObject({ kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 38_500_000, zone: 38, zoneWidth: 3 });
      expect(prj(`${style}-4547.prj`), style).toMatchObject({ kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 500_000 });
      expect(prj(`${style}-4491.prj`), style).toMatchObject({ kind: 'gauss-kruger', centralMeridian: 75, falseEasting: 13_500_000, zone: 13, zoneWidth: 6 });
      expect(prj(`${style}-4502.prj`), style).toMatchObject({ kind: 'gauss-kruger', centralMeridian: 75, falseEasting: 500_000 });
      expect(prj(`${style}-4513.prj`), style).toMatchObject({ kind: 'gauss-kruger', centralMeridian: 75, falseEasting: 25_500_000, zone: 25 });
      expect(prj(`${style}-4490.prj`), style).toEqual({ kind: 'lonlat', datum: 'CGCS2000' });
      expect(prj(`${style}-4326.prj`), style).toEqual({ kind: 'lonlat', datum: 'WGS84' });
      expect(prj(`${style}-3857.prj`), style).toEqual({ kind: 'web-mercator' });
      expect(prj(`${style}-2435.prj`), style).toMatchObject({ kind: 'gauss-kruger', datum: 'Beijing1954', centralMeridian: 114 });
      expect(prj(`${style}-2383.prj`), style).toMatchObject({ kind: 'gauss-kruger', datum: 'Xian1980', centralMeridian: 114 });
      expect(prj(`${style}-32650.prj`), style).toMatchObject({ kind: 'gauss-kruger', datum: 'WGS84', centralMeridian: 117, scaleFactor: 0.9996 });
    }
    expect(prj('wkt2-4547.prj')).toMatchObject({ kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 500_000 });
    expect(epsgOf(prj('esri-4526.prj'))).toBe(4526);
    expect(epsgOf(prj('esri-4547.prj'))).toBe(4547);
    expect(parsePrj('LOCAL_CS["anything"]').kind).toBe('unknown');
  });

  it('reads a GeoJSON crs member name', () => {
    expect(crsFromName('urn:ogc:def:crs:EPSG::4545')).toMatchObject({ kind: 'gauss-kruger', centralMeridian: 108, falseEasting: 500_000 });
    expect(crsFromName('EPSG:4526')).toMatchObject({ zone: 38, falseEasting: 38_500_000 });
    expect(crsFromName('urn:ogc:def:crs:OGC:1.3:CRS84')).toEqual({ kind: 'lonlat', datum: 'WGS84' });
    expect(crsFromName('EPSG:9999')).toBeNull();
  });

  it('converts UTM and Web Mercator, and warns on a datum it does not shift', () => {
    const utm = crsTransform(prj('esri-32650.prj'))!;
    const [e, n] = lonLatToGaussKruger(116.5, 39.9, 117);
    const [lon, lat] = utm.transform!(500_000 + (e - 500_000) * 0.9996, n * 0.9996);
    expect(metres([lon, lat], [116.5, 39.9])).toBeLessThan(0.001);
    const merc = crsTransform({ kind: 'web-mercator' })!;
    const [mlon, mlat] = merc.transform!(12_758_000, 4_663_000);
    // cs2cs -f %.9f EPSG:3857 EPSG:4326 <<< '12758000 4663000' → 38.589216420 114.607063948
    expect(metres([mlon, mlat], [114.607063948, 38.58921642])).toBeLessThan(0.01);
    expect(crsTransform(prj('esri-2435.prj'))!.datumWarning?.zh).toContain('北京 1954');
    expect(crsTransform(prj('esri-4547.prj'))!.datumWarning).toBeUndefined();
  });
});

describe('GCJ-02 / BD-09', () => {
  const ref = JSON.parse(readFileSync(join(__dirname, '../fixtures/import/expected-gcj.json'), 'utf8')) as { wgs84: number[]; gcj02: number[]; bd09: number[] }[];

  it('matches an independent implementation (gcoord) forward and comes back within 1 m', () => {
    for (const r of ref) {
      expect(metres(wgs84ToGcj02(r.wgs84[0], r.wgs84[1]), r.gcj02)).toBeLessThan(0.01);
      expect(metres(wgs84ToBd09(r.wgs84[0], r.wgs84[1]), r.bd09)).toBeLessThan(0.01);
      expect(metres(gcj02ToWgs84(r.gcj02[0], r.gcj02[1]), r.wgs84)).toBeLessThan(1);
      expect(metres(bd09ToWgs84(r.bd09[0], r.bd09[1]), r.wgs84)).toBeLessThan(1);
      // the offset itself is hundreds of metres: more than every service radius is sure of
      expect(metres(r.gcj02, r.wgs84)).toBeGreaterThan(300);
    }
  });

  it('round-trips across China within a centimetre', () => {
    for (let lon = 75; lon <= 134; lon += 7.3) {
      for (let lat = 18; lat <= 53; lat += 5.1) {
        const [gx, gy] = wgs84ToGcj02(lon, lat);
        expect(metres(gcj02ToWgs84(gx, gy), [lon, lat])).toBeLessThan(0.01);
        const [bx, by] = wgs84ToBd09(lon, lat);
        expect(metres(bd09ToWgs84(bx, by), [lon, lat])).toBeLessThan(0.01);
      }
    }
  });
});

describe('a GeoJSON that states its Gauss-Krüger zone (issue #11: EPSG:4547 was pre-filled whatever the file said)', () => {
  function createGeoJson(crsName: string): Uint8Array {
    const fc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: crsName } },
      features: [{ type: 'Feature', properties: { id: 'A', kind: '消火栓', status: '完好' }, geometry: { type: 'Point', coordinates: [563369.8716, 4274787.4857] } }],
    };
    return new TextEncoder().encode(JSON.stringify(fc));
  }

  it('converts with the stated zone and asks nothing', async () => {
    const { loadProject } = await import('../../layers/load/index.ts');
    const { crsQuestions } = await import('../../src/project/import-plan.ts');
    for (const [name, lon] of [['urn:ogc:def:crs:EPSG::4547', 114.727488], ['EPSG:4546', 111.727488]] as const) {
      const { project, report } = loadProject([{ name: 'hydrants.geojson', bytes: createGeoJson(name) }]);
      const h = project.layers.hydrants;
      if (h.kind !== 'geojson') throw new Error('geojson expected');
      const [x, y] = (h.data.features[0].geometry as { coordinates: number[] }).coordinates;
      expect(metres([x, y], [lon, 38.603938]), name).toBeLessThan(0.01);
      expect(crsQuestions(report)).toEqual([]);
      expect(report.issues.some((i) => i.code === 'converted-coordinates')).toBe(true);
    }
  });
});
