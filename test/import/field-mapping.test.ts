// The import dialog's field mapping and position preview (issue #11): pure parts.
import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { importForeign, matchedFields, previewPositions, readForeignFiles, suggestFields, suggestTargets } from '../../layers/load/foreign/index.ts';

const csv = (text: string, name = '外单位消防栓.csv') => readForeignFiles([{ name, bytes: new TextEncoder().encode(text) }]).layers[0];

describe('field mapping', () => {
  const layer = csv('编号,类型,状态,设置地点,位置,经度,纬度\nW-1,消火栓,完好,南环路东段,路口北,114.72,38.60\nW-2,消防水鹤,损坏,人民路,桥下,114.73,38.61\n');

  test('columns named like a field (name or label) match it on their own; others are for the user to map', () => {
    expect(matchedFields(layer, LAYERS.hydrants)).toMatchObject({ id: '编号', kind: '类型', status: '状态' });
    expect(matchedFields(layer, LAYERS.hydrants).road).toBeUndefined();
    expect(suggestFields(layer, LAYERS.hydrants).road).toBe('位置'); // a known alias of 所在道路 is suggested
  });

  test('a column the user maps to a field is imported as that field', () => {
    const [t] = suggestTargets([layer], null);
    expect(t.layer).toBe('hydrants');
    const r = importForeign(null, [layer], [{ ...t, fields: { ...(t.fields ?? {}), road: '设置地点' } }]);
    const f = r.project.layers.hydrants;
    if (f.kind !== 'geojson') throw new Error('geojson expected');
    expect(f.data.features.map((x) => x.properties?.road)).toEqual(['南环路东段', '人民路']);
    expect(f.data.features.map((x) => x.properties?.kind)).toEqual(['hydrant', 'water_crane']);
  });
});

describe('position preview', () => {
  test('points come out in lon/lat as the import would place them; GCJ-02 conversion moves them when chosen', () => {
    const layer = csv('编号,经度,纬度\nA,114.7335381,38.6045913\n');
    const [t] = suggestTargets([layer], null);
    const asIs = previewPositions(layer, t);
    expect(asIs).toEqual([[[114.7335381, 38.6045913]]]);
    const converted = previewPositions(layer, { ...t, offset: 'gcj02' })[0][0];
    // GCJ-02 → WGS 84 near 38.6° N, 114.7° E moves the point a few hundred metres
    const dx = (converted[0] - 114.7335381) * 111_320 * Math.cos((38.6 * Math.PI) / 180);
    const dy = (converted[1] - 38.6045913) * 111_320;
    expect(Math.hypot(dx, dy)).toBeGreaterThan(300);
    expect(Math.hypot(dx, dy)).toBeLessThan(1000);
  });

  test('a projected file is converted with its stated CRS (GK zone 38, 3°): eastings with the zone number', () => {
    // x = 38,500,000 m on the central meridian (114° E), y = 4,276,000 m ≈ 38.6° N
    const layer = csv('编号,X,Y\nG,38500000,4276000\n', '国家2000坐标.csv');
    const [t] = suggestTargets([layer], null);
    const pts = previewPositions({ ...layer, crs: layer.crs ?? { kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 38_500_000 } } as typeof layer, { ...t, layer: 'hydrants' });
    expect(pts).toHaveLength(1);
    expect(pts[0][0][0]).toBeCloseTo(114, 5);
    expect(pts[0][0][1]).toBeGreaterThan(38.5);
    expect(pts[0][0][1]).toBeLessThan(38.7);
  });

  test('no target layer, no preview; at most `max` features, spread over the layer', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `P${i},${114 + i / 1e4},38.5`).join('\n');
    const layer = csv(`编号,经度,纬度\n${rows}\n`);
    const [t] = suggestTargets([layer], null);
    expect(previewPositions(layer, { ...t, layer: null })).toEqual([]);
    const pts = previewPositions(layer, t, 100);
    expect(pts.length).toBe(100);
    expect(pts[99][0][0]).toBeGreaterThan(114.49);
  });
});
