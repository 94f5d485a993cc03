import { describe, expect, test } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { LAYERS, LAYER_LIST } from '../../layers/index.ts';
import type { LayerDefinition } from '../../layers/types.ts';

function createStyle(def: LayerDefinition): StyleSpecification {
  return {
    version: 8,
    glyphs: 'app://glyphs/{fontstack}/{range}.pbf',
    sources: { [def.id]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
    layers: def.style.map((s, i) => ({ ...s, id: `${def.id}-${i}`, source: def.id }) as StyleSpecification['layers'][number]),
  };
}

/** Every field name used as ['get', name] anywhere in an expression tree. */
function getFields(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(v)) {
    if (v[0] === 'get' && typeof v[1] === 'string') out.add(v[1]);
    for (const x of v) getFields(x, out);
  } else if (v && typeof v === 'object') {
    for (const x of Object.values(v)) getFields(x, out);
  }
  return out;
}

describe.each(LAYER_LIST.map((d) => [d.id, d] as const))('layer %s', (_id, def) => {
  test('style is valid per the MapLibre style spec', () => {
    expect(validateStyleMin(createStyle(def))).toEqual([]);
  });

  test('every ["get", field] in paint/layout names a schema field', () => {
    const names = new Set(def.fields.map((f) => f.name));
    const used = getFields(def.style.map((s) => [(s as { paint?: unknown }).paint, (s as { layout?: unknown }).layout]));
    for (const f of used) expect(names, `field "${f}" of ${def.id}`).toContain(f);
  });

  test('legend colours are the colours the style uses', () => {
    const styleText = JSON.stringify(def.style);
    expect(def.legend.length).toBeGreaterThan(0);
    for (const e of def.legend) expect(styleText, `${e.label.en} ${e.color}`).toContain(e.color);
  });

  test('schema is consistent: bilingual labels, enum codes unique, aliases do not collide across values', () => {
    expect(def.title.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(def.title.en).toMatch(/[A-Za-z]/);
    const fieldNames = def.fields.map((f) => f.name);
    expect(new Set(fieldNames).size).toBe(fieldNames.length);
    if (def.idField) expect(fieldNames).toContain(def.idField);
    for (const f of def.fields) {
      expect(f.label.zh, f.name).toMatch(/[\u4e00-\u9fff]/);
      if (f.type !== 'enum') continue;
      const owner = new Map<string, string>();
      for (const v of f.values ?? []) {
        for (const s of [v.code, v.label.zh, ...(v.aliases ?? [])]) {
          const k = s.trim().toLowerCase();
          const prev = owner.get(k);
          expect(prev === undefined || prev === v.code, `${f.name}: "${s}" means both ${prev} and ${v.code}`).toBe(true);
          owner.set(k, v.code);
        }
      }
    }
  });
});

describe('registry', () => {
  test('LAYER_LIST holds every layer once, sorted by draw order', () => {
    expect(LAYER_LIST.map((d) => d.id).sort()).toEqual(Object.keys(LAYERS).sort());
    for (let i = 1; i < LAYER_LIST.length; i++) expect(LAYER_LIST[i].order).toBeGreaterThan(LAYER_LIST[i - 1].order);
  });

  test('file base names follow the data contract', () => {
    expect(Object.fromEntries(LAYER_LIST.map((d) => [d.id, d.file]))).toEqual({
      townships: 'townships',
      builtUp: 'built_up',
      roads: 'roads',
      fireStations: 'fire_stations',
      hydrants: 'hydrants',
      kindergartens: 'kindergartens',
      households: 'households',
      reservePlots: 'reserve_plots',
      dualConversionAreas: 'dual_conversion_areas',
      servicePoints: 'service_points',
      fireDistricts: 'fire_districts',
      barriers: 'barriers',
      fireLanes: 'fire_lanes',
    });
  });

  test('registry keys are the layer ids', () => {
    for (const [k, d] of Object.entries(LAYERS)) expect(d.id).toBe(k);
  });

  test('townships draw their names with the app font', () => {
    const symbol = LAYERS.townships.style.find((s) => s.type === 'symbol') as { layout: Record<string, unknown> };
    expect(symbol.layout['text-field']).toEqual(['get', 'name']);
    expect(symbol.layout['text-font']).toEqual(['Noto Sans Regular']);
  });
});
