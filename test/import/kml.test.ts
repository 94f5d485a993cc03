import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { KML_LIMITS, readKml } from '../../layers/load/foreign/kml.ts';
import { writeKml } from '../../analysis/kml-export.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/import');
function createFile(name: string) {
  return { name, bytes: new Uint8Array(readFileSync(resolve(DIR, name))) };
}
function createKml(body: string, name = 't.kml') {
  return { name, bytes: strToU8(`<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${body}</Document></kml>`) };
}

describe('readKml: the 奥维 KMZ fixture', () => {
  test('one layer per folder path, named by the folder path, WGS 84 stated', () => {
    const r = readKml(createFile('奥维标注.kmz'));
    expect(r.issues).toEqual([]);
    expect(r.layers.map((l) => [l.name, l.geometry, l.features.length])).toEqual([
      ['奥维标注', 'LineString', 1],
      ['消防设施/消防栓', 'Point', 2],
      ['消防设施', 'Point', 1],
      ['地块', 'Mixed', 2],
    ]);
    expect(r.layers[0].source).toBe('奥维标注.kmz/doc.kml');
    expect(r.layers[1].source).toBe('奥维标注.kmz/消防设施/消防栓');
    for (const l of r.layers) expect(l.crs).toEqual({ kind: 'lonlat', datum: 'WGS84' });
  });

  test('names, description as plain text, Data fields and the folder attribute', () => {
    const hydrants = readKml(createFile('奥维标注.kmz')).layers[1];
    expect(hydrants.fields).toEqual(['name', 'description', '编号', '状态', '类型', 'folder']);
    expect(hydrants.features[0].properties).toEqual({ name: '1号消防栓', description: '<b>新装</b> 2024 & 验收', 编号: 'XF-001', 状态: '完好', 类型: '地上式消火栓', folder: '消防设施/消防栓' });
    expect(hydrants.features[1].properties.description).toBeNull();
    expect(hydrants.features[1].geometry).toEqual({ type: 'Point', coordinates: [114.012, 30.004] });
  });

  test('polygon with a hole, SchemaData typed by its Schema, gx:Track as a line, altitude dropped', () => {
    const plots = readKml(createFile('奥维标注.kmz')).layers[3];
    const [plot, track] = plots.features;
    expect(plot.properties).toMatchObject({ name: 'DK-01', 面积: 12345.6, 用途: '幼儿园用地', 已核查: true });
    const rings = (plot.geometry!.coordinates as number[][][]);
    expect(rings.map((r) => r.length)).toEqual([5, 5]);
    expect(rings[1][2]).toEqual([114.006, 30.006]);
    expect(track.geometry).toEqual({ type: 'LineString', coordinates: [[114, 30], [114.001, 30.0005], [114.002, 30.001]] });
  });

  test('MultiGeometry of points becomes a MultiPoint', () => {
    const station = readKml(createFile('奥维标注.kmz')).layers[2].features[0];
    expect(station.geometry).toEqual({ type: 'MultiPoint', coordinates: [[114.001, 30.001], [114.002, 30.001]] });
  });

  test('the KML inside and the KMZ read the same', () => {
    const a = readKml(createFile('奥维标注.kml')).layers.map((l) => l.features);
    const b = readKml(createFile('奥维标注.kmz')).layers.map((l) => l.features);
    expect(a).toEqual(b);
  });

  test('a KML declared GBK is decoded as GBK', () => {
    const r = readKml(createFile('幼儿园-gbk.kml'));
    expect(r.layers[0].name).toBe('幼儿园');
    expect(r.layers[0].encoding).toBe('gb18030');
    expect(r.layers[0].features[0].properties).toEqual({ name: '城关镇中心幼儿园', 性质: '公办', folder: '幼儿园' });
  });
});

describe('readKml: bad inputs', () => {
  test('GBK bytes in a file that declares UTF-8 are read as GBK with a warning', () => {
    const bytes = readFileSync(resolve(DIR, '幼儿园-gbk.kml'));
    const lied = new Uint8Array(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>'), bytes.subarray(bytes.indexOf(0x3e) + 1)]));
    const r = readKml({ name: 'lied.kml', bytes: lied });
    expect(r.issues.map((i) => i.code)).toEqual(['kml-encoding']);
    expect(r.layers[0].features[0].properties.name).toBe('城关镇中心幼儿园');
  });

  test('a truncated KMZ is one error naming the file, no layers', () => {
    const r = readKml(createFile('truncated.kmz'));
    expect(r.layers).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'kmz-zip', file: 'truncated.kmz' });
    expect(r.issues[0].message.zh).toContain('truncated.kmz');
  });

  test('a KMZ that inflates beyond the byte limit (zip bomb) is refused; the count is of bytes actually inflated', () => {
    const kml = `<?xml version="1.0"?><kml><Document>${' '.repeat(3_000_000)}</Document></kml>`;
    const kmz = zipSync({ 'doc.kml': strToU8(kml) }, { level: 9 });
    expect(kmz.length).toBeLessThan(20_000);
    const r = readKml({ name: 'bomb.kmz', bytes: kmz }, { ...KML_LIMITS, maxBytes: 1_000_000 });
    expect(r.layers).toEqual([]);
    expect(r.issues[0].message.zh).toContain('压缩炸弹');
    expect(readKml({ name: 'ok.kmz', bytes: kmz }).issues).toEqual([]);
  });

  test('an entity-expansion bomb is refused before anything expands', () => {
    const r = readKml(createFile('bomb.kml'));
    expect(r.layers).toEqual([]);
    expect(r.issues[0].code).toBe('kml-xml');
    expect(r.issues[0].message.en).toContain('DOCTYPE');
  });

  test('a cut-off KML names the open element', () => {
    const text = readFileSync(resolve(DIR, '奥维标注.kml'), 'utf8');
    const r = readKml({ name: 'cut.kml', bytes: strToU8(text.slice(0, 1200)) });
    expect(r.layers).toEqual([]);
    expect(r.issues[0].message.en).toMatch(/cut off/);
  });

  test('nesting deeper than the limit is refused', () => {
    const r = readKml(createKml('<Folder>'.repeat(200) + '</Folder>'.repeat(200)));
    expect(r.issues[0].message.en).toContain('deeper than 100');
  });

  test('a zip without a .kml inside, and a text that is not KML', () => {
    expect(readKml({ name: 'a.kmz', bytes: zipSync({ 'a.txt': strToU8('x') }) }).issues[0].code).toBe('kmz-no-kml');
    expect(readKml({ name: 'a.kml', bytes: strToU8('<gpx></gpx>') }).issues[0].message.zh).toContain('不是 KML');
  });

  test('BAD-INPUTS #8: an open ring is rejected (not closed by guess), as a 2-point ring and bad coordinates: errors naming the placemark', () => {
    const r = readKml(
      createKml(
        '<Placemark><name>开口</name><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>' +
          '<Placemark><name>两点</name><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>' +
          '<Placemark><name>坏点</name><Point><coordinates>114,abc</coordinates></Point></Placemark>',
      ),
    );
    expect(r.layers[0].features.map((f) => f.geometry?.type ?? null)).toEqual([null, null, null]);
    expect(r.issues.map((i) => [i.severity, i.code, i.featureIndex])).toEqual([
      ['error', 'kml-ring-open', 0],
      ['error', 'kml-polygon', 0],
      ['error', 'kml-ring-points', 1],
      ['error', 'kml-polygon', 1],
      ['error', 'kml-coordinates', 2],
    ]);
    expect(r.issues[0].message.zh).toContain('开口');
    expect(r.issues[0].message.zh).toContain('没有闭合');
    expect(r.issues[4].message.zh).toContain('坏点');
  });
});

describe('writeKml → readKml round trip', () => {
  test('the same geometries, names and typed attributes come back', () => {
    const features = [
      { geometry: { type: 'Point', coordinates: [114.123456789, 30.5] }, properties: { name: '消防栓 <1> & "甲"', 编号: 'XF-1', 流量: 15.5, 台数: 2, 可用: true, 备注: null } },
      { geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.2, 0.1], [0.8, 0.1], [0.8, 0.7], [0.2, 0.1]]] }, properties: { name: '地块', 编号: '=HYPERLINK("x")', 流量: 3, 台数: 1, 可用: false, 备注: '说明\n第二行' } },
      { geometry: { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] }, properties: { name: '线', 编号: 'L', 流量: null, 台数: 7, 可用: true, 备注: 'x' } },
    ];
    const kml = writeKml([{ features }], { documentName: '导出', color: '#ff8800' });
    expect(kml).toContain('<color>ff0088ff</color>');
    const back = readKml({ name: 'out.kml', bytes: strToU8(kml) });
    expect(back.issues).toEqual([]);
    expect(back.layers).toHaveLength(1);
    expect(back.layers[0].features.map((f) => f.geometry)).toEqual(features.map((f) => f.geometry));
    expect(back.layers[0].features.map((f) => f.properties)).toEqual(features.map((f) => f.properties));
  });

  test('a bool is written 1 / 0 (xsd:boolean), which GDAL\'s LIBKML driver (QGIS) reads; it read "true" as 0', () => {
    // Found by the GDAL peer check (test/bench/kml-peer.bench.ts): every 普惠 kindergarten came out
    // of QGIS as inclusive = 0.
    const kml = writeKml([{ features: [{ geometry: { type: 'Point', coordinates: [1, 2] }, properties: { 普惠: true, 在用: false } }] }]);
    expect(kml).toContain('<SimpleData name="普惠">1</SimpleData>');
    expect(kml).toContain('<SimpleData name="在用">0</SimpleData>');
    expect(readKml({ name: 'out.kml', bytes: strToU8(kml) }).layers[0].features[0].properties).toEqual({ 普惠: true, 在用: false });
  });

  test('named folders come back as layers', () => {
    const kml = writeKml([
      { name: '甲', features: [{ geometry: { type: 'Point', coordinates: [1, 2] }, properties: { name: 'a' } }] },
      { name: '乙', features: [{ geometry: { type: 'Point', coordinates: [3, 4] }, properties: { name: 'b' } }] },
    ]);
    const back = readKml({ name: 'out.kml', bytes: strToU8(kml) });
    expect(back.layers.map((l) => [l.name, l.features[0].properties.name])).toEqual([['甲', 'a'], ['乙', 'b']]);
  });
});
