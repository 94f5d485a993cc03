import { describe, expect, test } from 'vitest';
import type { ColumnLayerData } from '../../layers/types';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { buildStyleLayers, labelsOnTop, minZoomFilter, scaleOpacity } from '../../src/map/build-layers';
import { mapFields, styleFields } from '../../src/map/style-fields';
import { featureMinZooms, flattenLines } from '../../src/map/line-tiles/line-index';
import { columnsToGeojson } from '../../src/map/columns-to-geojson';
import { popupRows } from '../../src/map/popup-rows';
import { projectBounds } from '../../src/map/bounds';
import { collectTransferables } from '../../src/workers/transferables';
import { sortPanels } from '../../src/panels/registry';

const WORDS = { yes: '是', no: '否', empty: '—' };

function createColumns(): ColumnLayerData {
  return {
    kind: 'columns',
    id: 'households',
    count: 3,
    lon: new Float64Array([116, NaN, 117]),
    lat: new Float64Array([40, 40, 41]),
    ids: ['h1', 'h2', 'h3'],
    columns: {
      heating: { type: 'category', codes: new Int32Array([0, 1, -1]), dict: ['gas', 'electric'] },
      persons: { type: 'number', values: new Float64Array([3, 2, NaN]) },
      co_alarm: { type: 'boolean', values: new Uint8Array([1, 0, 255]) },
    },
  };
}

describe('style layers from definitions', () => {
  test('scaleOpacity multiplies numbers, wraps expressions, scales zoom-curve stops', () => {
    expect(scaleOpacity(0.8, 0.5)).toBe(0.4);
    expect(scaleOpacity(undefined, 0.5)).toBe(0.5);
    expect(scaleOpacity(['get', 'o'], 0.5)).toEqual(['*', ['get', 'o'], 0.5]);
    // interpolate linear zoom 8→0.2, 12→1 ; ×0.5 → 0.1, 0.5
    expect(scaleOpacity(['interpolate', ['linear'], ['zoom'], 8, 0.2, 12, 1], 0.5)).toEqual(['interpolate', ['linear'], ['zoom'], 8, 0.1, 12, 0.5]);
    // step: base 0 then 1 at z10 ; ×0.5 → 0, 0.5
    expect(scaleOpacity(['step', ['zoom'], 0, 10, 1], 0.5)).toEqual(['step', ['zoom'], 0, 10, 0.5]);
  });

  test('ids, source, visibility and opacity are applied without mutating the definition', () => {
    const style = [
      { type: 'fill' as const, paint: { 'fill-color': '#fff', 'fill-opacity': 0.4 } },
      { type: 'symbol' as const, layout: { 'text-field': ['get', 'name'] as never } },
    ];
    const copy = JSON.stringify(style);
    const out = buildStyleLayers('data:townships', (i) => `townships-${i}`, style, { visible: false, opacity: 0.5 });
    expect(JSON.stringify(style)).toBe(copy);
    expect(out.map((l) => l.id)).toEqual(['townships-0', 'townships-1']);
    expect(out[0]).toMatchObject({ source: 'data:townships', paint: { 'fill-opacity': 0.2 }, layout: { visibility: 'none' } });
    expect((out[1] as { paint: Record<string, unknown> }).paint['text-opacity']).toBe(0.5);
  });

  test('a layer drawn by zoom (minZoomBy): every style layer gets the zoom filter, beside its own filter', () => {
    const rule = { field: 'class', zooms: { track: 12, unclassified: 11 } };
    const zoomFilter = ['>=', ['zoom'], ['match', ['get', 'class'], 'track', 12, 'unclassified', 11, 0]];
    expect(minZoomFilter(rule)).toEqual(zoomFilter);
    expect(minZoomFilter({ field: 'class', zooms: {} })).toBeUndefined();
    expect(minZoomFilter(undefined)).toBeUndefined();
    const style = [
      { type: 'line' as const, paint: { 'line-width': 2 } },
      { type: 'symbol' as const, filter: ['has', 'name'] as never, layout: { 'text-field': ['get', 'name'] as never } },
    ];
    const out = buildStyleLayers('data:roads', (i) => `roads-${i}`, style, { visible: true, opacity: 1, minZoomBy: rule }) as { filter?: unknown }[];
    expect(out[0].filter).toEqual(zoomFilter);
    expect(out[1].filter).toEqual(['all', ['has', 'name'], zoomFilter]);
    // without a rule nothing is added
    const plain = buildStyleLayers('data:roads', (i) => `roads-${i}`, style, { visible: true, opacity: 1 }) as { filter?: unknown }[];
    expect(plain[0].filter).toBeUndefined();
    expect(plain[1].filter).toEqual(['has', 'name']);
    // the map is given the rule's field even when no style reads it
    expect(mapFields({ style: [style[0]], minZoomBy: rule })).toEqual(['class']);
  });

  test('the line tiles leave out exactly what MapLibre’s filter hides: per class and whole zoom, the roads’ own rule', async () => {
    const { LAYERS } = await import('../../layers/index');
    const rule = LAYERS.roads.minZoomBy!;
    const codes = LAYERS.roads.fields.find((f) => f.name === 'class')!.values!.map((v) => v.code);
    const data = {
      type: 'FeatureCollection' as const,
      features: [...codes, undefined].map((c) => ({ type: 'Feature' as const, properties: c ? { class: c } : {}, geometry: { type: 'LineString' as const, coordinates: [[114.7, 38.6], [114.71, 38.6]] } })),
    };
    const { lines } = flattenLines(data, ['class']);
    const firstZoom = featureMinZooms(lines, rule)!;
    const filter = featureFilter(minZoomFilter(rule), 'layers[0].filter');
    let hidden = 0;
    for (let z = 0; z <= 16; z++) {
      data.features.forEach((f, i) => {
        const drawn = filter.filter({ zoom: z }, { type: 2, properties: f.properties } as never);
        expect(drawn, `${f.properties.class ?? '(none)'} at ${z}`).toBe(firstZoom[i] <= z);
        if (!drawn) hidden++;
      });
    }
    // the county-wide view (zoom 10) hides village roads; from 12 on every class is drawn
    expect(firstZoom[codes.indexOf('unclassified')]).toBe(11);
    expect(firstZoom[codes.indexOf('tertiary')]).toBe(0);
    expect(firstZoom[codes.length]).toBe(0);
    expect(Math.max(...firstZoom)).toBe(12);
    expect(hidden).toBeGreaterThan(0);
    // the legend says which entries are drawn only once zoomed in, with the same zooms
    for (const e of LAYERS.roads.legend) {
      const v = LAYERS.roads.fields.find((f) => f.name === 'class')!.values!.find((x) => x.label.zh === e.label.zh);
      if (v) expect(e.minzoom, v.code).toBe(rule.zooms[v.code]);
    }
    expect(LAYERS.roads.legend.at(-1)!.minzoom).toBe(12);
  });

  test('labels go on top, other layers keep their order', () => {
    const ls = [
      { id: 'a', type: 'symbol' },
      { id: 'b', type: 'fill' },
      { id: 'c', type: 'circle' },
    ] as never[];
    expect(labelsOnTop(ls).map((l: { id: string }) => l.id)).toEqual(['b', 'c', 'a']);
  });

  test('styleFields finds every ["get", x] in paint, layout and filter', () => {
    const f = styleFields([
      { type: 'circle', paint: { 'circle-color': ['match', ['get', 'heating'], 'gas', '#f00', '#999'] }, filter: ['==', ['get', 'status'], 'x'] },
      { type: 'symbol', layout: { 'text-field': ['get', 'name'] } },
    ]);
    expect(f).toEqual(['heating', 'name', 'status']);
  });
});

describe('columns to map features', () => {
  test('row index becomes the feature id; missing values null; rows without coordinates skipped', () => {
    const layer = createColumns();
    const fc = columnsToGeojson(layer, ['heating', 'co_alarm', 'unknown']);
    expect(fc.features.map((f) => f.id)).toEqual([0, 2]);
    expect(fc.features[0].properties).toEqual({ heating: 'gas', co_alarm: true });
    expect(fc.features[1].properties).toEqual({ heating: null, co_alarm: null });
    expect(fc.features[1].geometry.coordinates).toEqual([117, 41]);
  });

  test('a bounding box keeps only the rows inside it (edges included), ids stay row indexes', () => {
    const layer = createColumns();
    // rows: 0 (116,40), 1 (NaN), 2 (117,41); box west 116.5 → only row 2; box ending at 116 → row 0 on the edge
    expect(columnsToGeojson(layer, [], [116.5, 39, 118, 42]).features.map((f) => f.id)).toEqual([2]);
    expect(columnsToGeojson(layer, [], [115, 39, 116, 40]).features.map((f) => f.id)).toEqual([0]);
  });

  test('project bounds use townships when present, else every layer (NaN skipped)', () => {
    const households = createColumns();
    const p = { name: 'x', params: {}, layers: { households } } as never;
    expect(projectBounds(p)).toEqual([116, 40, 117, 41]);
    const townships = {
      kind: 'geojson',
      id: 'townships',
      data: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 0]]] } }] },
    };
    const p2 = { name: 'x', params: {}, layers: { households, townships } } as never;
    expect(projectBounds(p2)).toEqual([0, 0, 2, 1]);
  });
});

describe('popup rows', () => {
  const fields = [
    { name: 'name', type: 'string' as const, label: { zh: '名称', en: 'Name' }, popup: true },
    { name: 'status', type: 'enum' as const, label: { zh: '状态', en: 'Status' }, popup: true, values: [{ code: 'working', label: { zh: '完好', en: 'Working' } }] },
    { name: 'capacity', type: 'number' as const, label: { zh: '学位', en: 'Places' }, popup: true, unit: { zh: '个', en: 'places' } },
    { name: 'inclusive', type: 'boolean' as const, label: { zh: '普惠', en: 'Inclusive' }, popup: true },
    { name: 'secret', type: 'string' as const, label: { zh: '隐藏', en: 'Hidden' } },
  ];

  test('labels from the definition, enum labels with the original spelling, units, booleans, missing', () => {
    const rows = popupRows({ name: '<img src=x onerror=alert(1)>', status: 'working', capacity: 1234.5, inclusive: false, secret: 's', __orig: { status: '好的' } }, fields, 'zh', WORDS);
    expect(rows).toEqual([
      { label: '名称', value: '<img src=x onerror=alert(1)>' },
      { label: '状态', value: '完好 (好的)' },
      { label: '学位', value: '1,234.5 个' },
      { label: '普惠', value: '否' },
    ]);
    const en = popupRows({ status: 'working' }, fields, 'en', WORDS);
    expect(en[0]).toEqual({ label: 'Name', value: '—' });
    expect(en[1]).toEqual({ label: 'Status', value: 'Working' });
  });

  test('without field definitions every property is listed by name', () => {
    expect(popupRows({ a: 1, b: null, __orig: {} }, undefined, 'zh', WORDS)).toEqual([
      { label: 'a', value: '1' },
      { label: 'b', value: '—' },
    ]);
  });
});

describe('worker and panel plumbing', () => {
  test('collectTransferables finds each typed-array buffer once and skips primitive arrays', () => {
    const a = new Float64Array(4);
    const b = new Uint8Array(2);
    const shared = new Int32Array(a.buffer.byteLength / 4);
    const out = collectTransferables({ a, nested: [{ b }, { again: a }], list: [1, 2, 3], s: shared });
    expect(out).toHaveLength(3);
    expect(out).toContain(a.buffer);
    expect(out).toContain(b.buffer);
  });

  test('sortPanels orders by order and rejects duplicate ids', () => {
    const C = () => null;
    const p = (id: string, order: number) => ({ id, order, title: { zh: id, en: id }, component: C });
    expect(sortPanels([p('b', 5), p('layers', 0), p('c', 5)]).map((x) => x.id)).toEqual(['layers', 'b', 'c']);
    expect(() => sortPanels([p('a', 1), p('a', 2)])).toThrow(/duplicate/);
  });
});

describe('label points for polygons', () => {
  test('convex square → its centroid; one point per feature, largest part of a multipolygon', async () => {
    const { labelPoints } = await import('../../src/map/label-points');
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, id: 7, properties: { name: 'A' }, geometry: { type: 'Polygon' as const, coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] } },
        {
          type: 'Feature' as const,
          id: 8,
          properties: { name: 'B' },
          // small square (area 1) and big square 10..14 (area 16) → centre of the big one (12, 12)
          geometry: { type: 'MultiPolygon' as const, coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[10, 10], [14, 10], [14, 14], [10, 14], [10, 10]]]] },
        },
        { type: 'Feature' as const, id: 9, properties: {}, geometry: null },
      ],
    };
    const out = labelPoints(fc);
    expect(out.features.map((f) => f.id)).toEqual([7, 8]);
    expect(out.features[0].geometry.coordinates).toEqual([1, 1]);
    expect(out.features[1].geometry.coordinates).toEqual([12, 12]);
    expect(out.features[1].properties).toEqual({ name: 'B' });
  });

  test('a U shape whose centroid falls in the notch gets a point inside the polygon', async () => {
    const { labelPointOfPolygon } = await import('../../src/map/label-points');
    // U: 0..3 wide, 0..3 high, notch x 1..2, y 1..3. Area 3*3-1*2 = 7.
    // centroid y = (9*1.5 - 2*2)/7 = 9.5/7 ≈ 1.357, x = 1.5 → inside the notch (1<x<2, y>1).
    // At y≈1.357 the spans are [0,1] and [2,3]; the first widest span wins → x = 0.5.
    const u = [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]];
    const [x, y] = labelPointOfPolygon(u);
    expect(x).toBeCloseTo(0.5, 9);
    expect(y).toBeCloseTo(9.5 / 7, 9);
  });
});

describe('aggregating a large point layer at low zoom', () => {
  function createGridLayer(): ColumnLayerData {
    // cell 0.1°: rows 0,1,2 in cell A (lon 116.0x, lat 40.0x); row 3 in cell B; row 4 has NaN coordinates
    return {
      kind: 'columns',
      id: 'households',
      count: 5,
      lon: new Float64Array([116.01, 116.03, 116.05, 116.25, NaN]),
      lat: new Float64Array([40.01, 40.02, 40.03, 40.01, 40]),
      ids: ['a', 'b', 'c', 'd', 'e'],
      columns: {
        heating: { type: 'category', codes: new Int32Array([1, 0, 1, -1, 0]), dict: ['gas', 'electric'] },
        persons: { type: 'number', values: new Float64Array([2, NaN, 4, 5, 9]) },
      },
    };
  }

  test('one point per cell at the mean position, with count, mode and mean', async () => {
    const { aggregatePoints } = await import('../../src/map/aggregate-points');
    const layer = createGridLayer();
    const fc = aggregatePoints(layer, ['heating', 'persons'], 0.1);
    expect(fc.features).toHaveLength(2);
    const [a, b] = fc.features;
    // A: lon mean (116.01+116.03+116.05)/3 = 116.03, lat mean (40.01+40.02+40.03)/3 = 40.02
    expect(a.geometry.coordinates[0]).toBeCloseTo(116.03, 9);
    expect(a.geometry.coordinates[1]).toBeCloseTo(40.02, 9);
    // heating codes 1,0,1 → electric ×2, gas ×1 → electric; persons mean of 2 and 4 (NaN skipped) = 3
    expect(a.properties).toEqual({ __count: 3, heating: 'electric', persons: 3 });
    // B: one row with missing heating → null
    expect(b.properties).toEqual({ __count: 1, heating: null, persons: 5 });
  });

  test('rejects a bad cell size and does not mutate the layer', async () => {
    const { aggregatePoints } = await import('../../src/map/aggregate-points');
    const layer = createGridLayer();
    const before = Array.from(layer.lon);
    expect(() => aggregatePoints(layer, [], 0)).toThrow(/cellDeg/);
    aggregatePoints(layer, ['heating'], 0.1);
    expect(Array.from(layer.lon)).toEqual(before);
  });
});

describe('what the map is given of a GeoJSON layer', () => {
  test('only the properties the style reads; index as id; features without geometry skipped', async () => {
    const { displayFeatures } = await import('../../src/map/display-features');
    const { LAYERS } = await import('../../layers/index');
    const line = { type: 'LineString' as const, coordinates: [[114.7, 38.6], [114.71, 38.6]] };
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: { name: '南环路', class: 'primary', width_m: 30, __orig: { class: '主干路' } }, geometry: line },
        { type: 'Feature' as const, properties: { class: 'tertiary' }, geometry: null },
        { type: 'Feature' as const, properties: { class: 'tertiary', width_m: 9, __orig: { class: '支路' } }, geometry: line },
        { type: 'Feature' as const, properties: null, geometry: line },
      ],
    };
    // the roads' style reads the class (colour, width) and the name (labels along the line)
    const fields = styleFields(LAYERS.roads.style);
    expect(fields).toEqual(['class', 'name']);
    const out = displayFeatures(fc, fields);
    expect(out.features.map((f) => f.id)).toEqual([0, 2, 3]);
    expect(out.features.map((f) => f.properties)).toEqual([{ class: 'primary', name: '南环路' }, { class: 'tertiary' }, {}]);
    // the geometry is the layer's own object (not copied on the page)
    expect(out.features[0].geometry).toBe(line);
  });
});
