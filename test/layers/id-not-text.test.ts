import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { formatIssue, loadLayerFile } from '../../layers/load/index.ts';
import type { ColumnLayerData, GeoJsonLayerData } from '../../layers/types.ts';

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
let spot = 0;
/** A hydrant at its own spot (100 m apart), so no duplicate-location warning mixes in. */
const point = (props: Record<string, unknown>, id?: unknown) => ({
  type: 'Feature',
  ...(id === undefined ? {} : { id }),
  properties: { kind: '消火栓', status: '完好', ...props },
  geometry: { type: 'Point', coordinates: [114.5 + ++spot * 0.001, 38.5] },
});

function createHydrants(features: unknown[]) {
  const r = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', enc({ type: 'FeatureCollection', features }));
  return { r, ids: (r.data as GeoJsonLayerData).data.features.map((f) => f.properties.id), found: r.issues.filter((i) => i.code === 'id-not-text') };
}

describe('feature ids that are objects, arrays or booleans are stored as text, with a warning naming file, feature and field', () => {
  test('"id": {"a":1} in the properties of feature 1 → id-not-text on hydrants.geojson, feature index 0, field id; stored as {"a":1}', () => {
    const { r, ids, found } = createHydrants([point({ id: { a: 1 } }), point({ id: 'H2' })]);
    expect(ids).toEqual(['{"a":1}', 'H2']);
    expect(found.map((i) => [i.severity, i.file, i.featureIndex, i.field])).toEqual([['warning', 'hydrants.geojson', 0, 'id']]);
    expect(found[0].message.zh).toBe('编号（id）是对象（{"a":1}），不是文字或数字；已按文字“{"a":1}”保存，请核对。');
    expect(formatIssue(found[0], 'en')).toContain('The id (id) is an object ({"a":1}), not text or a number; it was stored as the text "{"a":1}".');
    expect(r.counts).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
  });

  test('"id": true and "编号": [1,2] (the id field under its Chinese label) → one warning each, naming the key as written', () => {
    const { ids, found } = createHydrants([point({ id: true }), point({ 编号: [1, 2] })]);
    expect(ids).toEqual(['true', '[1,2]']);
    expect(found.map((i) => [i.featureIndex, i.field, i.message.en.split(' (')[0]])).toEqual([
      [0, 'id', 'The id'],
      [1, '编号', 'The id'],
    ]);
    expect(found[0].message.en).toContain('is a boolean (true)');
    expect(found[1].message.zh).toContain('是数组（[1,2]）');
  });

  test("the feature's own id member as a boolean (no id property) → warned as the feature's id member; false is kept as text", () => {
    const { ids, found } = createHydrants([point({}, false), point({}, { x: 'y' })]);
    expect(ids).toEqual(['false', '{"x":"y"}']);
    expect(found.map((i) => [i.featureIndex, i.field])).toEqual([
      [0, 'id'],
      [1, 'id'],
    ]);
    expect(found[0].message.en).toBe('The feature\'s id member is a boolean (false), not text or a number; it was stored as the text "false". Please check it.');
  });

  test('text and numbers, in the properties or as the feature id, pass without a word, as before', () => {
    const { ids, found, r } = createHydrants([point({ id: 'H1' }), point({ id: 7 }), point({}, 12), point({}, 'F4')]);
    expect(ids).toEqual(['H1', '7', '12', 'F4']);
    expect(found).toEqual([]);
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  test('households given as GeoJSON (typed columns) warn the same way', () => {
    const hh = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: { n: 1 }, township: '甲镇', village: '一村', persons: 3 }, geometry: { type: 'Point', coordinates: [114.5, 38.5] } }] };
    const r = loadLayerFile(LAYERS.households, 'households.geojson', enc(hh));
    expect((r.data as ColumnLayerData).ids).toEqual(['{"n":1}']);
    expect(r.issues.filter((i) => i.code === 'id-not-text').map((i) => [i.file, i.featureIndex, i.field])).toEqual([['households.geojson', 0, 'id']]);
  });
});
