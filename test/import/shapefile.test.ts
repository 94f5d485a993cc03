import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importForeign, readForeignFiles, suggestLayer, type ForeignFile, type ForeignLayer } from '../../layers/load/foreign/index.ts';
import { readShapefiles, ringsToPolygons } from '../../layers/load/foreign/shapefile.ts';
import { encodingFromCpg } from '../../layers/load/foreign/dbf.ts';

const DIR = join(__dirname, '../fixtures/import');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, { type: string; lonlat: number[][]; properties: Record<string, unknown> }[]>;

function createFiles(stem: string, exts = ['.shp', '.shx', '.dbf', '.prj', '.cpg']): ForeignFile[] {
  return exts.map((e) => ({ name: `${stem}${e}`, bytes: new Uint8Array(readFileSync(join(DIR, 'shp', `${stem}${e}`))) }));
}

/** Metres between two lon/lat positions (local flat approximation: exact enough at centimetres). */
function metres(a: number[], b: number[]): number {
  const dy = (a[1] - b[1]) * 111_320;
  const dx = (a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

function positions(c: unknown, out: number[][] = []): number[][] {
  if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as number[]);
  else if (Array.isArray(c)) for (const d of c) positions(d, out);
  return out;
}

function only(layers: ForeignLayer[]): ForeignLayer {
  expect(layers).toHaveLength(1);
  return layers[0];
}

describe('Shapefile reader', () => {
  it('reads a GBK point Shapefile in CGCS2000 3° GK zone 38 with the zone number, attributes identical to GDAL', () => {
    const res = readShapefiles(createFiles('hydrants_zone38'));
    const l = only(res.layers);
    expect(l.geometry).toBe('Point');
    expect(l.encoding).toBe('gb18030');
    expect(l.crs).toMatchObject({ kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 38_500_000, zone: 38, zoneWidth: 3 });
    expect(l.fields).toEqual(['编号', '类型', '状态', '道路', '口径', '建成', '可用']);
    expected.hydrants_zone38.forEach((e, i) => expect(l.features[i].properties).toEqual(e.properties));
    expect(l.features[1].properties['道路']).toBe('太行路（北段）');
  });

  it('converts zone-38 and CM-114E coordinates to within 0.01 m of cs2cs', () => {
    for (const stem of ['hydrants_zone38', 'hydrants_cm114', 'plots_cm114']) {
      const l = only(readShapefiles(createFiles(stem)).layers);
      const target = stem.startsWith('plots') ? 'reservePlots' : 'hydrants';
      const fields = target === 'reservePlots' ? { id: '地块编号', area_mu: '亩数', use: '用途' } : undefined;
      const r = importForeign(null, [l], [{ source: l.source, layer: target, mode: 'replace', fields }]);
      const data = r.project.layers[target];
      if (data.kind !== 'geojson') throw new Error('geojson expected');
      expect(data.data.features).toHaveLength(expected[stem].length);
      data.data.features.forEach((f, i) => {
        const got = positions((f.geometry as { coordinates: unknown }).coordinates);
        const want = expected[stem][i].lonlat;
        expect(got).toHaveLength(want.length);
        // Rings are rewound to RFC 7946 order: compare as sets of positions.
        for (const p of got) expect(Math.min(...want.map((w) => metres(p, w)))).toBeLessThan(0.01);
      });
    }
  });

  it('reads rings as polygons with holes, and multi-part polygons', () => {
    const l = only(readShapefiles(createFiles('plots_cm114')).layers);
    expect(l.features[0].geometry?.type).toBe('Polygon');
    expect((l.features[0].geometry?.coordinates as unknown[]).length).toBe(2);
    expect(l.features[1].geometry?.type).toBe('MultiPolygon');
    // outer clockwise + inner counter-clockwise (Shapefile order) → one polygon with a hole
    const outer: [number, number][] = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]];
    const hole: [number, number][] = [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]];
    const polys = ringsToPolygons([outer, hole]);
    expect(polys).toHaveLength(1);
    expect(polys[0]).toHaveLength(2);
  });

  it('takes the .cpg as written in the wild, then the language byte, then detection, then the user override', () => {
    const base = createFiles('hydrants_zone38', ['.shp', '.dbf', '.prj']);
    for (const cpg of ['CP936', '936', 'GBK', 'GB2312', 'ANSI 936', 'cp936\r\n']) {
      const files = [...base, { name: 'hydrants_zone38.cpg', bytes: new TextEncoder().encode(cpg) }];
      const l = only(readShapefiles(files).layers);
      expect(l.features[0].properties['类型'], cpg).toBe('消火栓');
    }
    expect(encodingFromCpg('UTF-8')).toBe('utf-8');
    expect(encodingFromCpg('65001')).toBe('utf-8');
    // no .cpg: the DBF language-driver byte 0x4D says GBK
    const dbf = base[1].bytes.slice();
    dbf[29] = 0x4d;
    const withLdid = readShapefiles([base[0], { name: 'hydrants_zone38.dbf', bytes: dbf }]);
    expect(only(withLdid.layers).features[0].properties['状态']).toBe('完好');
    expect(withLdid.issues.some((i) => i.code === 'dbf-encoding' && i.message.en.includes('language byte'))).toBe(true);
    // neither: detected (GBK bytes are not valid UTF-8)
    const detected = readShapefiles(base.slice(0, 2));
    expect(only(detected.layers).features[3].properties['道路']).toBe('燕赵路·东');
    // the user's override wins (and a wrong one shows as garbled text, which the preview shows)
    const forced = readShapefiles(createFiles('hydrants_zone38'), { encoding: { '*': 'utf-8' } });
    expect(only(forced.layers).features[0].properties['类型']).not.toBe('消火栓');
    // UTF-8 .cpg
    const roads = only(readShapefiles(createFiles('roads')).layers);
    expect(roads.features.map((f) => f.properties['名称'])).toEqual(['南环路', '太行路']);
    expect(roads.crs).toEqual({ kind: 'lonlat', datum: 'CGCS2000' });
  });

  it('opens a zipped multi-layer set, ignores __MACOSX, dot files and .shp.xml, and suggests each target', () => {
    const zip = { name: '县资源局数据.zip', bytes: new Uint8Array(readFileSync(join(DIR, '县资源局数据.zip'))) };
    const res = readForeignFiles([zip]);
    expect(res.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    const names = res.layers.map((l) => l.name).sort();
    expect(names).toEqual(['hydrants_zone38', 'plots_cm114', 'roads']);
    const bySource = Object.fromEntries(res.layers.map((l) => [l.name, suggestLayer(l)]));
    expect(bySource).toEqual({ hydrants_zone38: 'hydrants', plots_cm114: 'reservePlots', roads: 'roads' });
    expect(res.layers.find((l) => l.name === 'roads')?.source).toBe('县资源局数据.zip/roads.shp');
  });

  it('refuses lying sizes, naming the file and the record', () => {
    const [shp, dbf] = createFiles('hydrants_zone38', ['.shp', '.dbf']);
    const cut = shp.bytes.slice(0, shp.bytes.length - 10);
    const badDbf = dbf.bytes.slice();
    new DataView(badDbf.buffer).setUint32(4, 4_000_000_000, true);
    const res = readShapefiles([{ name: 'h.shp', bytes: cut }, { name: 'h.dbf', bytes: badDbf }]);
    const shpErr = res.issues.find((i) => i.code === 'shp-bad-record');
    expect(shpErr).toMatchObject({ file: 'h.shp', featureIndex: 3 });
    const dbfErr = res.issues.find((i) => i.code === 'dbf-truncated');
    expect(dbfErr).toMatchObject({ file: 'h.dbf', row: 5 });
    expect(only(res.layers).features.filter((f) => f.geometry)).toHaveLength(3);
  });

  it('skips deleted DBF records and reports null shapes per file', () => {
    const [shp, dbf] = createFiles('hydrants_zone38', ['.shp', '.dbf']);
    const d = dbf.bytes.slice();
    const headerLen = new DataView(d.buffer).getUint16(8, true);
    const recordLen = new DataView(d.buffer).getUint16(10, true);
    d[headerLen + recordLen] = 0x2a; // record 2 deleted
    const s = shp.bytes.slice();
    // record 1 (offset 100): shape type → 0 (null shape)
    new DataView(s.buffer).setInt32(108, 0, true);
    const res = readShapefiles([{ name: 'h.shp', bytes: s }, { name: 'h.dbf', bytes: d }]);
    const l = only(res.layers);
    expect(l.features.map((f) => f.properties['编号'])).toEqual(['XHS-001', 'XHS-003', 'XHS-004']);
    expect(l.features[0].geometry).toBeNull();
    expect(res.issues.find((i) => i.code === 'null-shape')?.message.zh).toContain('1 条');
    expect(res.issues.find((i) => i.code === 'dbf-deleted')?.message.en).toContain('1 deleted');
  });
});
