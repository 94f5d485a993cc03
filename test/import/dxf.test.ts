import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strToU8 } from 'fflate';
import { area as turfArea } from '@turf/turf';
import { bulgeArc, readDxf } from '../../layers/load/foreign/dxf.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/import');
function createFile(name: string) {
  return { name, bytes: new Uint8Array(readFileSync(resolve(DIR, name))) };
}
/** Shoelace area of a planar ring (the fixture is in metres). */
function planarArea(r: number[][]): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return Math.abs(s / 2);
}
const X = 38500000;
const Y = 3300000;

describe('readDxf: 宗地图.dxf (GBK, three plots with labels)', () => {
  test('three closed plots on layer 宗地 and one open road, CRS left to the import step', () => {
    const r = readDxf(createFile('宗地图.dxf'));
    expect(r.layers.map((l) => [l.name, l.geometry, l.features.length])).toEqual([
      ['宗地', 'Polygon', 3],
      ['道路（线）', 'LineString', 1],
    ]);
    expect(r.layers[0].crs).toBeNull();
    expect(r.layers[0].encoding).toBe('gb18030');
    expect(r.issues.map((i) => i.code)).toEqual(['dxf-loose-text']);
  });

  test('labels inside each plot become attributes named after their CAD layer', () => {
    const plots = readDxf(createFile('宗地图.dxf')).layers[0];
    expect(plots.fields).toEqual(['layer', 'handle', '宗地号', '用途', '亩数', 'label']);
    expect(plots.features.map((f) => f.properties)).toEqual([
      { layer: '宗地', handle: 'A1', 宗地号: 'DK-001', 用途: '教育用地', 亩数: '7.5', label: null },
      { layer: '宗地', handle: 'A2', 宗地号: 'DK-002', 用途: '住宅', 亩数: '7.5', label: null },
      { layer: '宗地', handle: 'A3', 宗地号: 'DK-003', 用途: '商业', 亩数: '20.89', label: '备注：含弧形边界' },
    ]);
  });

  test('areas and vertex counts: rectangle 5000 m², triangle 5000 m², square + half circle', () => {
    const rings = readDxf(createFile('宗地图.dxf')).layers[0].features.map((f) => (f.geometry!.coordinates as number[][][])[0]);
    expect(rings.map((r) => r.length)).toEqual([5, 4, 4 + 90]);
    expect(planarArea(rings[0])).toBeCloseTo(5000, 6);
    expect(planarArea(rings[1])).toBeCloseTo(5000, 6);
    // 90 chords of 2° under a half circle of radius 50 m: 10000 + ½·50²·90·sin 2°, within 1 m² of 10000 + π·50²/2
    expect(planarArea(rings[2])).toBeCloseTo(10000 + 0.5 * 2500 * 90 * Math.sin(Math.PI / 90), 4);
    expect(Math.abs(planarArea(rings[2]) - (10000 + (Math.PI * 2500) / 2))).toBeLessThan(1);
    // the arc passes through the top of the half circle
    expect(rings[2].some(([x, y]) => Math.abs(x - (X + 50)) < 1e-6 && Math.abs(y - (Y + 250)) < 1e-6)).toBe(true);
    expect(rings.every((r) => r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1])).toBe(true);
  });

  test('a block attribute (ATTRIB) inside a plot is attached under its tag', () => {
    const dxf =
      '0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n5\nP1\n8\n宗地\n70\n1\n10\n0\n20\n0\n10\n10\n20\n0\n10\n10\n20\n10\n10\n0\n20\n10\n' +
      '0\nINSERT\n8\n0\n66\n1\n2\nZDH\n10\n5\n20\n5\n0\nATTRIB\n8\n注记\n10\n5\n20\n5\n1\nDK-9\n2\n宗地号\n0\nSEQEND\n8\n0\n0\nENDSEC\n0\nEOF\n';
    const r = readDxf({ name: 'blk.dxf', bytes: strToU8(dxf) });
    expect(r.layers[0].features[0].properties).toEqual({ layer: '宗地', handle: 'P1', 宗地号: 'DK-9' });
    expect(r.issues.map((i) => i.code)).toEqual(['dxf-skipped']);
    expect(r.issues[0].message.en).toContain('INSERT × 1');
  });

  test('a bulge of −1 swings the other way', () => {
    const cw = bulgeArc([0, 0], [2, 0], -1);
    const ccw = bulgeArc([0, 0], [2, 0], 1);
    expect(cw[44][1]).toBeCloseTo(1, 9);
    expect(ccw[44][1]).toBeCloseTo(-1, 9);
    expect(bulgeArc([0, 0], [2, 0], 0)).toEqual([[2, 0]]);
  });
});

describe('readDxf: bad inputs', () => {
  test('binary DXF is refused with a message naming the file', () => {
    const r = readDxf(createFile('binary.dxf'));
    expect(r.layers).toEqual([]);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'dxf-binary', file: 'binary.dxf' });
    expect(r.issues[0].message.zh).toContain('ASCII');
  });

  test('a closed polyline with 2 points is an error naming the line and handle, not a plot', () => {
    const r = readDxf(createFile('两点地块.dxf'));
    expect(r.layers).toEqual([]);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'dxf-plot-points', file: '两点地块.dxf' });
    expect(r.issues[0].message.zh).toContain('B1');
    expect(r.issues[0].row).toBeGreaterThan(0);
  });

  test('a self-crossing closed polyline is kept with a warning naming its line and handle', () => {
    const dxf = '0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n5\nBT\n8\nA\n70\n1\n10\n0\n20\n0\n10\n10\n20\n10\n10\n10\n20\n0\n10\n0\n20\n10\n0\nENDSEC\n0\nEOF\n';
    const r = readDxf({ name: 'bow.dxf', bytes: strToU8(dxf) });
    expect(r.layers[0].features).toHaveLength(1);
    expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['warning', 'dxf-self-intersection', 5]]);
    expect(r.issues[0].message.zh).toContain('BT');
  });

  test('a text file that is not DXF names the line', () => {
    const r = readDxf({ name: 'x.dxf', bytes: strToU8('hello\nworld\n') });
    expect(r.issues[0]).toMatchObject({ code: 'dxf-syntax', row: 1 });
  });

  test('a DXF cut off before EOF is read with a warning', () => {
    const text = new TextDecoder('gb18030').decode(createFile('宗地图.dxf').bytes);
    const cut = text.slice(0, text.indexOf('道路') - 40);
    const r = readDxf({ name: 'cut.dxf', bytes: strToU8(cut.slice(0, cut.lastIndexOf('\r\n0\r\n') + 2)) });
    expect(r.issues.map((i) => i.code)).toContain('dxf-no-eof');
    expect(r.layers[0].features).toHaveLength(3);
  });

  test('three vertices with the closed flag give a closed ring of four points', () => {
    const dxf = '0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n8\nA\n70\n1\n10\n114.0\n20\n30.0\n10\n114.01\n20\n30.0\n10\n114.01\n20\n30.01\n0\nENDSEC\n0\nEOF\n';
    const f = readDxf({ name: 'deg.dxf', bytes: strToU8(dxf) }).layers[0].features[0];
    expect(turfArea(f as never)).toBeGreaterThan(0);
    expect((f.geometry!.coordinates as number[][][])[0]).toHaveLength(4);
  });
});
