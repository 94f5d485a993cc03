import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { area as turfArea } from '@turf/turf';
import { importForeign, readForeignFiles, suggestTargets, type ForeignFile } from '../../layers/load/foreign/index.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/import');
function createFile(name: string): ForeignFile {
  return { name, bytes: new Uint8Array(readFileSync(resolve(DIR, name))) };
}
function plotsOf(r: ReturnType<typeof importForeign>) {
  const d = r.project.layers.reservePlots;
  if (d.kind !== 'geojson') throw new Error('geojson expected');
  return d.data.features;
}

describe('KML/KMZ, DXF and 界址点 tables through the import step', () => {
  test('each file goes to its reader: a 界址点 table to the boundary-point reader, a 经纬度 list to the point-table reader', () => {
    const r = readForeignFiles([createFile('奥维标注.kmz'), createFile('宗地图.dxf'), createFile('界址点坐标表.csv'), createFile('界址点坐标表.xlsx'), createFile('高德采集幼儿园.csv')]);
    expect(r.layers.map((l) => [l.source, l.geometry])).toEqual([
      ['奥维标注.kmz/doc.kml', 'LineString'],
      ['奥维标注.kmz/消防设施/消防栓', 'Point'],
      ['奥维标注.kmz/消防设施', 'Point'],
      ['奥维标注.kmz/地块', 'Mixed'],
      ['宗地图.dxf/宗地', 'Polygon'],
      ['宗地图.dxf/道路', 'LineString'],
      ['界址点坐标表.csv', 'Polygon'],
      ['界址点坐标表.xlsx/界址点', 'Polygon'],
      ['高德采集幼儿园.csv', 'Point'],
    ]);
  });

  test('DXF plots in CGCS2000 GK zone 38 (EPSG:4526) become reserve plots in lon/lat near 114°E with their areas kept', () => {
    const dxf = readForeignFiles([createFile('宗地图.dxf')]).layers[0];
    const r = importForeign(null, [dxf], [{ source: dxf.source, layer: 'reservePlots', mode: 'replace', crs: 'EPSG:4526', fields: { id: '宗地号', use: '用途', area_mu: '亩数' } }]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const plots = plotsOf(r);
    expect(plots.map((f) => [f.properties?.id, f.properties?.use, f.properties?.area_mu])).toEqual([
      ['DK-001', 'education', 7.5],
      ['DK-002', 'residential', 7.5],
      ['DK-003', 'commercial', 20.89],
    ]);
    // on the central meridian (easting 38 500 000) the GK scale is 1; turf's spherical area is within 0.2 % of the plane area
    const areas = plots.map((f) => turfArea(f as never));
    [5000, 5000, 13926.19].forEach((want, i) => expect(Math.abs(areas[i] - want) / want).toBeLessThan(0.002));
    expect(areas[2] / areas[0]).toBeCloseTo(13926.19 / 5000, 3);
    const first = (plots[0].geometry as { coordinates: number[][][] }).coordinates[0][0];
    expect(first[0]).toBeCloseTo(114, 2);
    expect(first[1]).toBeGreaterThan(29.7);
    expect(first[1]).toBeLessThan(29.9);
  });

  test('the 界址点 table (X northing, Y easting) lands on the same spot as the DXF: DK-001 shares its corner', () => {
    const [dxf, table] = readForeignFiles([createFile('宗地图.dxf'), createFile('界址点坐标表.csv')]).layers.filter((l) => l.geometry === 'Polygon');
    const a = plotsOf(importForeign(null, [dxf], [{ source: dxf.source, layer: 'reservePlots', mode: 'replace', crs: 'EPSG:4526', fields: { id: '宗地号', use: '用途', area_mu: '亩数' } }]));
    const b = plotsOf(importForeign(null, [table], [{ source: table.source, layer: 'reservePlots', mode: 'replace', crs: 'EPSG:4526', fields: { id: '地块编号', use: '用地性质', area_mu: '亩数' } }]));
    expect(b.map((f) => f.properties?.id)).toEqual(['DK-001', 'DK-002', 'DK-003']);
    expect(turfArea(b[1] as never)).toBeCloseTo(turfArea(a[0] as never) * 1.92, -1); // 9600 m² vs 5000 m²
    const corners = (f: (typeof a)[number]) => (f.geometry as { coordinates: number[][][] }).coordinates[0].map((p) => p.map((v) => v.toFixed(9)).join(','));
    expect(new Set(corners(a[0]))).toEqual(new Set(corners(b[0])));
  });

  test('the exchange-format file states its GK zone, so it imports without a CRS choice onto the same corners', () => {
    const [dxf, txt] = readForeignFiles([createFile('宗地图.dxf'), { name: '报批坐标.txt', bytes: createFile('界址点-交换格式.txt').bytes }]).layers.filter((l) => l.geometry === 'Polygon');
    expect(txt.source).toBe('报批坐标.txt');
    const a = plotsOf(importForeign(null, [dxf], [{ source: dxf.source, layer: 'reservePlots', mode: 'replace', crs: 'EPSG:4526', fields: { id: '宗地号', use: '用途', area_mu: '亩数' } }]));
    // 面积 there is in 公顷: the reader adds 面积(亩) = 公顷 × 15, and the import suggests that one for area_mu
    expect(txt.fields).toContain('面积(亩)');
    const [target] = suggestTargets([txt]);
    expect(target.fields?.area_mu).toBe('面积(亩)');
    const r = importForeign(null, [txt], [{ source: txt.source, layer: 'reservePlots', mode: 'replace', fields: { id: '地块编号', use: '地块用途', area_mu: target.fields!.area_mu } }]);
    const b = plotsOf(r);
    expect(b.map((f) => f.properties?.use)).toEqual(['education', 'residential']);
    // 0.5 公顷 and 0.96 公顷 in the file
    expect(b.map((f) => f.properties?.area_mu)).toEqual([7.5, 14.4]);
    const corners = (f: (typeof a)[number]) => (f.geometry as { coordinates: number[][][] }).coordinates[0].map((p) => p.map((v) => v.toFixed(9)).join(','));
    expect(new Set(corners(b[0]))).toEqual(new Set(corners(a[0])));
  });

  test('the 奥维 hydrants (WGS 84 as stated) import with their Chinese status and type mapped to codes', () => {
    const kmz = readForeignFiles([createFile('奥维标注.kmz')]).layers.find((l) => l.name === '消防设施/消防栓')!;
    const r = importForeign(null, [kmz], [{ source: kmz.source, layer: 'hydrants', mode: 'replace', fields: { id: '编号', status: '状态', kind: '类型' } }]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const d = r.project.layers.hydrants;
    if (d.kind !== 'geojson') throw new Error('geojson expected');
    expect(d.data.features.map((f) => [f.properties?.id, f.properties?.status, f.properties?.kind, (f.geometry as { coordinates: number[] }).coordinates])).toEqual([
      ['XF-001', 'working', 'hydrant', [114.005, 30.002]],
      ['XF-002', 'broken', 'water_crane', [114.012, 30.004]],
    ]);
  });
});
