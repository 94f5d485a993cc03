// The import step hands the converted features to the loader as objects, not as GeoJSON text.
// These tests hold it to the text route it replaced: the same layer, counts and issues for the
// same features (columnar households and GeoJSON layers), NaN read as no value as JSON would,
// Z kept, and the foreign layer left exactly as read.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importForeign, readForeignFiles, suggestTargets, toContractCollection, type ForeignLayer } from '../../layers/load/foreign/index.ts';
import { loadLayerFeatures, loadLayerFile } from '../../layers/load/load-project.ts';
import { LAYERS } from '../../layers/index.ts';

const DIR = resolve(__dirname, '../fixtures/import');

/** The route the step took before: the same collection as GeoJSON text through loadLayerFile. */
function viaText(layer: ForeignLayer, id: keyof typeof LAYERS) {
  const t = suggestTargets([layer], null)[0];
  const conv = toContractCollection(layer, LAYERS[id], { ...t, layer: id });
  return loadLayerFile(LAYERS[id], layer.source, new TextEncoder().encode(JSON.stringify(conv.collection)), conv.loaderCrs ? { crs: conv.loaderCrs } : {});
}
function direct(layer: ForeignLayer, id: keyof typeof LAYERS) {
  const t = suggestTargets([layer], null)[0];
  const conv = toContractCollection(layer, LAYERS[id], { ...t, layer: id });
  return loadLayerFeatures(LAYERS[id], layer.source, conv.collection.features, conv.loaderCrs ? { crs: conv.loaderCrs } : {});
}

const households: ForeignLayer = {
  source: '农户.zip/农户.shp',
  name: '农户',
  geometry: 'Point',
  fields: ['id', 'persons', 'village', 'heating', 'note'],
  crs: { kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 38_500_000, zone: 38, zoneWidth: 3 },
  features: [
    { type: 'Feature', geometry: { type: 'Point', coordinates: [38_540_000, 4_260_000] }, properties: { id: 'H1', persons: 3, village: '东庄村', heating: '气代煤', note: NaN } },
    // NaN persons: JSON made it null, a missing value
    { type: 'Feature', geometry: { type: 'Point', coordinates: [38_541_000, 4_261_000] }, properties: { id: 'H2', persons: NaN, village: '西河村', heating: '电代煤', note: 'x' } },
    // a NaN coordinate: JSON made it null, a bad coordinate either way
    { type: 'Feature', geometry: { type: 'Point', coordinates: [NaN, 4_261_000] }, properties: { id: 'H3', persons: 2, village: '西河村', heating: '其他', note: null } },
    { type: 'Feature', geometry: null, properties: { id: 'H4', persons: 1, village: '南关村', heating: '洁净煤', note: Infinity } },
    { type: 'Feature', geometry: { type: 'MultiPoint', coordinates: [[38_542_000, 4_262_000]] }, properties: { id: 'H1', persons: 4, village: '北辛庄', heating: '气代煤', note: '重号' } },
  ],
};

describe('the import step without GeoJSON text', () => {
  it('loads columnar households exactly as the text route did (NaN as no value, ids, issues)', () => {
    const a = direct(households, 'households');
    const b = viaText(households, 'households');
    expect(a.counts).toEqual(b.counts);
    expect(a.counts).toEqual({ read: 5, loaded: 4, rejected: 1, unlocated: 1 });
    expect(a.issues).toEqual(b.issues);
    expect(a.data).toEqual(b.data);
    if (a.data.kind !== 'columns') throw new Error('columns expected');
    expect(a.data.ids).toEqual(['H1', 'H2', 'H4', 'H1#2']);
  });

  it('loads polygons and lines from the fixtures as the text route did, Z kept', () => {
    const read = readForeignFiles([{ name: '县资源局数据.zip', bytes: new Uint8Array(readFileSync(join(DIR, '县资源局数据.zip'))) }]);
    expect(read.layers.length).toBeGreaterThan(0);
    for (const l of read.layers) {
      const id = suggestTargets([l], null)[0].layer;
      if (!id) continue;
      const a = direct(l, id);
      const b = viaText(l, id);
      expect(a.counts, l.source).toEqual(b.counts);
      expect(a.issues, l.source).toEqual(b.issues);
      expect(a.data, l.source).toEqual(b.data);
    }
    const withZ: ForeignLayer = {
      source: '道路.kml', name: '道路', geometry: 'LineString', fields: ['name', '等级'], crs: null,
      features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[114.5, 38.5, 70], [114.51, 38.5, 71]] }, properties: { name: '中山路', 等级: '县道' } }],
    };
    const a = direct(withZ, 'roads');
    expect(a.data).toEqual(viaText(withZ, 'roads').data);
    if (a.data.kind !== 'geojson') throw new Error('geojson expected');
    expect(a.data.data.features[0].geometry).toEqual({ type: 'LineString', coordinates: [[114.5, 38.5, 70], [114.51, 38.5, 71]] });
  });

  it('leaves the foreign layer as read, even where the loader tidies geometry in place', () => {
    // a clockwise outer ring with a repeated vertex: the loader rewinds and dedupes its own copy
    const plots: ForeignLayer = {
      source: '地块.shp', name: '地块', geometry: 'Polygon', fields: ['地块编号', '亩数', '用途'], crs: null,
      features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[114.5, 38.5], [114.5, 38.51], [114.5, 38.51], [114.51, 38.51], [114.51, 38.5], [114.5, 38.5]]] }, properties: { 地块编号: 'D1', 亩数: 12, 用途: '住宅' } }],
    };
    const snapshot = JSON.stringify(plots);
    const r = importForeign(null, [plots, households], suggestTargets([plots, households], null));
    expect(JSON.stringify(plots)).toBe(snapshot);
    expect(JSON.stringify(households.features.map((f) => f.geometry))).toContain('38542000');
    expect(r.layers.map((x) => [x.layer, x.counts.loaded])).toEqual([['reservePlots', 1], ['households', 4]]);
  });
});
