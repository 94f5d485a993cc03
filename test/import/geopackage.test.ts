import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importForeign, readForeignFiles, suggestLayer, type ForeignLayer } from '../../layers/load/foreign/index.ts';
import { readGeoPackageGeometry, readGeoPackages, readWkb } from '../../layers/load/foreign/geopackage.ts';

const DIR = join(__dirname, '../fixtures/import/gpkg');
const NAME = '县资源局数据.gpkg';
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, { type: string; source: number[][]; lonlat: number[][]; properties: Record<string, unknown> }[]>;

function createGpkg(): { name: string; bytes: Uint8Array } {
  return { name: NAME, bytes: new Uint8Array(readFileSync(join(DIR, NAME))) };
}

function layerOf(layers: ForeignLayer[], name: string): ForeignLayer {
  const l = layers.find((x) => x.name === name);
  if (!l) throw new Error(`no layer ${name}`);
  return l;
}

function positions(c: unknown, out: number[][] = []): number[][] {
  if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as number[]);
  else if (Array.isArray(c)) for (const d of c) positions(d, out);
  return out;
}

/** Metres between two lon/lat positions (local flat approximation: exact enough at centimetres). */
function metres(a: number[], b: number[]): number {
  const dy = (a[1] - b[1]) * 111_320;
  const dx = (a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

/** WKB of a point, written by hand: byte order, type, x, y (and z/m as `extra`). */
function createPointWkb(littleEndian: boolean, type: number, x: number, y: number, extra: number[] = []): Uint8Array {
  const b = new Uint8Array(5 + 16 + extra.length * 8);
  const dv = new DataView(b.buffer);
  b[0] = littleEndian ? 1 : 0;
  dv.setUint32(1, type, littleEndian);
  [x, y, ...extra].forEach((v, i) => dv.setFloat64(5 + i * 8, v, littleEndian));
  return b;
}

describe('GeoPackage reader', () => {
  it('reads every feature table of gpkg_contents with its geometry type, fields and Chinese attributes identical to GDAL', () => {
    const res = readGeoPackages([createGpkg()]);
    expect(res.issues).toEqual([]);
    expect(res.layers.map((l) => [l.name, l.source, l.geometry])).toEqual([
      ['消防栓', `${NAME}/消防栓`, 'Point'],
      ['储备地块', `${NAME}/储备地块`, 'Polygon'],
      ['道路', `${NAME}/道路`, 'LineString'],
    ]);
    const h = layerOf(res.layers, '消防栓');
    expect(h.fields).toEqual(['编号', '类型', '状态', '道路', '口径', '建成', '可用']);
    for (const name of ['消防栓', '储备地块', '道路']) {
      layerOf(res.layers, name).features.forEach((f, i) => expect(f.properties).toEqual(expected[name][i].properties));
    }
    expect(h.features[1].properties).toMatchObject({ 道路: '太行路（北段）', 可用: false, 口径: 150 });
  });

  it('states the CRS from gpkg_spatial_ref_sys: CGCS2000 3° GK zone 38 and CGCS2000 lon/lat', () => {
    const res = readGeoPackages([createGpkg()]);
    expect(layerOf(res.layers, '消防栓').crs).toMatchObject({ kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 38_500_000, zone: 38, zoneWidth: 3 });
    expect(layerOf(res.layers, '道路').crs).toEqual({ kind: 'lonlat', datum: 'CGCS2000' });
  });

  it('reads the positions GDAL reads, dropping Z and M, multipolygons with their holes', () => {
    const res = readGeoPackages([createGpkg()]);
    for (const name of ['消防栓', '储备地块', '道路']) {
      layerOf(res.layers, name).features.forEach((f, i) => {
        expect(f.geometry?.type).toBe(expected[name][i].type);
        expect(positions(f.geometry?.coordinates)).toEqual(expected[name][i].source);
      });
    }
    const dk01 = layerOf(res.layers, '储备地块').features[0].geometry?.coordinates as number[][][][];
    expect(dk01).toHaveLength(1);
    expect(dk01[0]).toHaveLength(2); // outer ring and hole
  });

  it('imports through the import step to within 0.01 m of cs2cs, each layer suggested to its target', () => {
    const read = readForeignFiles([createGpkg()]);
    expect(read.layers.map((l) => suggestLayer(l))).toEqual(['hydrants', 'reservePlots', 'roads']);
    const targets = [
      { source: `${NAME}/消防栓`, layer: 'hydrants' as const, mode: 'replace' as const },
      { source: `${NAME}/储备地块`, layer: 'reservePlots' as const, mode: 'replace' as const, fields: { id: '地块编号', area_mu: '亩数', use: '用途' } },
    ];
    const r = importForeign(null, read.layers, targets);
    for (const [layer, name] of [['hydrants', '消防栓'], ['reservePlots', '储备地块']] as const) {
      const data = r.project.layers[layer];
      if (data.kind !== 'geojson') throw new Error('geojson expected');
      expect(data.data.features).toHaveLength(expected[name].length);
      data.data.features.forEach((f, i) => {
        const got = positions((f.geometry as { coordinates: unknown }).coordinates);
        const want = expected[name][i].lonlat;
        expect(got).toHaveLength(want.length);
        for (const p of got) expect(Math.min(...want.map((w) => metres(p, w)))).toBeLessThan(0.01);
      });
    }
    expect(r.layers.map((l) => [l.layer, l.after])).toEqual([['hydrants', 4], ['reservePlots', 2]]);
  });

  it('reads WKB in either byte order, ISO and EWKB Z/M, and multi-geometries', () => {
    expect(readWkb(createPointWkb(false, 1, 1.5, -2))).toEqual({ type: 'Point', coordinates: [1.5, -2] });
    expect(readWkb(createPointWkb(true, 1001, 3, 4, [99]))).toEqual({ type: 'Point', coordinates: [3, 4] });
    expect(readWkb(createPointWkb(true, 3001, 3, 4, [99, 7]))).toEqual({ type: 'Point', coordinates: [3, 4] });
    expect(readWkb(createPointWkb(true, 0x80000001, 5, 6, [99]))).toEqual({ type: 'Point', coordinates: [5, 6] });
    expect(readWkb(createPointWkb(true, 1, NaN, NaN))).toBeNull();
    const p1 = createPointWkb(true, 1, 1, 2);
    const p2 = createPointWkb(false, 1, 3, 4);
    const multi = new Uint8Array(9 + p1.length + p2.length);
    multi[0] = 1;
    new DataView(multi.buffer).setUint32(1, 4, true);
    new DataView(multi.buffer).setUint32(5, 2, true);
    multi.set(p1, 9);
    multi.set(p2, 9 + p1.length);
    expect(readWkb(multi)).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
  });

  it('refuses damaged WKB and GeoPackage headers without allocating what they claim', () => {
    const line = new Uint8Array(9);
    line[0] = 1;
    new DataView(line.buffer).setUint32(1, 2, true);
    new DataView(line.buffer).setUint32(5, 0xffffffff, true);
    expect(() => readWkb(line)).toThrow('WKB claims 4294967295 points, more than the bytes left');
    expect(() => readWkb(createPointWkb(true, 7, 0, 0))).toThrow('WKB geometry type 7 is not supported');
    expect(() => readWkb(createPointWkb(true, 1, 1, 2).subarray(0, 12))).toThrow('WKB ends early');
    expect(() => readGeoPackageGeometry(new Uint8Array([0x47, 0x51, 0, 1, 0, 0, 0, 0]))).toThrow('no "GP" mark');
    // envelope code 1 (32 bytes), little-endian srs_id 4526
    const gp = new Uint8Array(8 + 32 + 21);
    gp.set([0x47, 0x50, 0, 0b011]);
    new DataView(gp.buffer).setInt32(4, 4526, true);
    gp.set(createPointWkb(true, 1, 7, 8), 40);
    expect(readGeoPackageGeometry(gp)).toEqual({ geometry: { type: 'Point', coordinates: [7, 8] }, srsId: 4526 });
    expect(() => readGeoPackageGeometry(gp.subarray(0, 30))).toThrow('ends inside its envelope');
  });

  it('reports a feature whose geometry blob is damaged, by fid and field, and keeps the others', () => {
    const f = createGpkg();
    // the first feature of 消防栓: its WKB type (after the 8-byte GP header, the byte order) made 99
    const text = new TextDecoder('latin1').decode(f.bytes);
    const at = text.indexOf('GP\u0000\u0001\u00ae\u0011\u0000\u0000\u0001\u0001\u0000\u0000\u0000');
    expect(at).toBeGreaterThan(0);
    f.bytes[at + 9] = 99;
    const res = readGeoPackages([f]);
    const bad = res.issues.filter((i) => i.code === 'gpkg-bad-geometry');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ file: `${NAME}/消防栓`, field: 'geom' });
    // the reason in Chinese in the Chinese message (session 19; was the English reason)
    expect(bad[0].message.zh).toMatch(/^要素 fid=\d 的几何无法读取（不支持 WKB 几何类型 99（曲线和几何集合不读取））/);
    expect(bad[0].message.en).toMatch(/\(WKB geometry type 99 is not supported/);
    expect(layerOf(res.layers, '消防栓').features.filter((x) => x.geometry)).toHaveLength(3);
  });

  it('refuses a non-SQLite file, an SQLite file without gpkg_contents and a truncated file, each with one error naming the file', () => {
    const many = new Uint8Array(readFileSync(join(__dirname, '../fixtures/sqlite/many.sqlite')));
    const notGpkg = readForeignFiles([{ name: '台账.gpkg', bytes: many }]);
    expect(notGpkg.layers).toEqual([]);
    expect(notGpkg.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'gpkg-not-geopackage', file: '台账.gpkg' })]);
    const text = readGeoPackages([{ name: 'a.gpkg', bytes: new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'.padEnd(120)) }]);
    expect(text.issues[0]).toMatchObject({ code: 'gpkg-not-sqlite', file: 'a.gpkg' });
    expect(text.issues[0].message.zh).toContain('不是 SQLite 数据库');
    const cut = createGpkg();
    const res = readGeoPackages([{ name: cut.name, bytes: cut.bytes.slice(0, 4096 * 6) }]);
    expect(res.issues.some((i) => i.severity === 'error' && i.file.startsWith(NAME) && /文件可能被截断/.test(i.message.zh))).toBe(true);
  });

  it('reads a hand-made GeoPackage: CRS from the EPSG code, an empty point, a collection refused by fid, a BLOB left out, an attributes table, tiles skipped', () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, '边界情况.gpkg')));
    const res = readGeoPackages([{ name: '边界情况.gpkg', bytes }]);
    expect(res.layers.map((l) => [l.name, l.geometry, l.fields])).toEqual([
      ['点', 'Point', ['名称', '照片', '有效']],
      ['台账', 'None', ['编号', '数量']],
    ]);
    const [pts, table] = res.layers;
    expect(pts.crs).toMatchObject({ kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 500_000 });
    expect(pts.features.map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [500000, 4273000] }, null, null, null]);
    expect(pts.features.map((f) => f.properties)).toEqual([
      { 名称: '中央经线上', 照片: null, 有效: true },
      { 名称: '空点', 照片: null, 有效: false },
      { 名称: '集合', 照片: null, 有效: null },
      { 名称: '无几何', 照片: null, 有效: true },
    ]);
    expect(table.features.map((f) => f.properties)).toEqual([{ 编号: 'A-1', 数量: 3 }, { 编号: 'A-2', 数量: 5 }]);
    expect(res.issues.map((i) => [i.severity, i.code, i.file, i.featureIndex, i.field])).toEqual([
      ['error', 'gpkg-bad-geometry', '边界情况.gpkg/点', 2, 'geom'],
      ['warning', 'null-shape', '边界情况.gpkg/点', undefined, undefined],
      ['info', 'gpkg-blob', '边界情况.gpkg/点', undefined, undefined],
      ['info', 'gpkg-not-features', '边界情况.gpkg/影像', undefined, undefined],
    ]);
    expect(res.issues[0].message.zh).toMatch(/^要素 fid=3 的几何无法读取（不支持 WKB 几何类型 7（/);
    expect(res.issues[0].message.en).toMatch(/\(WKB geometry type 7 is not supported/);
    // fid 2 (empty) and fid 4 (NULL); fid 3 has its own error
    expect(res.issues[1].message.zh).toBe('2 个要素没有图形（空几何），导入后为“无位置”要素。');
  });

  it('never throws on 200 copies with bytes overwritten at random: every problem is an issue naming the file', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const original = createGpkg().bytes;
    let withErrors = 0;
    for (let k = 0; k < 200; k++) {
      const bytes = original.slice();
      for (let i = 0; i < 1 + Math.floor(rnd() * 6); i++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      const res = readGeoPackages([{ name: NAME, bytes }]);
      for (const i of res.issues) expect(i.file.startsWith(NAME)).toBe(true);
      if (res.issues.some((i) => i.severity === 'error')) withErrors++;
    }
    expect(withErrors).toBeGreaterThan(0);
  });
});
