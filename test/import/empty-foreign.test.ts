import { describe, expect, test } from 'vitest';
import { readForeignFiles } from '../../layers/load/foreign/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const KML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>消火栓</name></Document></kml>';
const DXF_EMPTY = '0\nSECTION\n2\nENTITIES\n0\nENDSEC\n0\nEOF\n';
const DXF_CIRCLES = '0\nSECTION\n2\nENTITIES\n0\nCIRCLE\n8\n0\n10\n500000\n20\n4270000\n40\n5\n0\nENDSEC\n0\nEOF\n';
const KML_ONE = '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>a</name><Point><coordinates>114.7,38.6</coordinates></Point></Placemark></Document></kml>';

describe('a foreign file that holds nothing to import says so', () => {
  test.each([
    ['消火栓.kml', KML_EMPTY],
    ['宗地.dxf', DXF_EMPTY],
    ['圆.dxf', DXF_CIRCLES],
  ])('%s → no layer and a no-features warning naming the file (before: no layer and not a word)', (name, text) => {
    const r = readForeignFiles([{ name, bytes: enc(text) }]);
    expect(r.layers).toEqual([]);
    const w = r.issues.filter((i) => i.code === 'no-features');
    expect(w.map((i) => [i.severity, i.file])).toEqual([['warning', name]]);
    expect(w[0].message.zh).toBe('文件中没有找到可导入的要素（点、线、面或带坐标的行），没有可导入的内容。');
  });

  test('a KML with a placemark next to the empty one: only the empty one is named', () => {
    const r = readForeignFiles([
      { name: 'a.kml', bytes: enc(KML_ONE) },
      { name: 'b.kml', bytes: enc(KML_EMPTY) },
    ]);
    expect(r.layers.map((l) => l.features.length)).toEqual([1]);
    expect(r.issues.filter((i) => i.code === 'no-features').map((i) => i.file)).toEqual(['b.kml']);
  });
});
