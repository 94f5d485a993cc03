// What MapLibre gets for a GeoJSON layer (src/map/display-data.ts): the same features whether the
// page sends them as objects or the load worker sends them as JSON text (a blob: URL, issue #15).
import { describe, expect, test } from 'vitest';
import { DISPLAY_TEXT_MIN_FEATURES, displayBlob, displayFeatures } from '../../src/map/display-data.ts';

const line = (i: number) => ({ type: 'Feature' as const, properties: { name: `路${i}` }, geometry: { type: 'LineString' as const, coordinates: [[114.5 + i * 1e-4, 38.5], [114.5 + i * 1e-4, 38.6]] } });

describe('displayFeatures', () => {
  test('features without a geometry are left out; each keeps its index in the layer as id', () => {
    const fc = { features: [line(0), { type: 'Feature' as const, properties: { name: '无位置' }, geometry: null }, { ...line(2), properties: null }] };
    const out = displayFeatures(fc);
    expect(out.features.map((f) => f.id)).toEqual([0, 2]);
    expect(out.features[0].properties).toEqual({ name: '路0' });
    expect(out.features[1].properties).toEqual({});
    expect(out.features[1].geometry).toBe(fc.features[2].geometry);
  });
});

describe('displayBlob', () => {
  test('a small layer gets no text (it goes as objects)', () => {
    expect(displayBlob({ features: Array.from({ length: DISPLAY_TEXT_MIN_FEATURES - 1 }, (_, i) => line(i)) })).toBeNull();
  });

  test('a big layer: JSON text of exactly the display features', async () => {
    const features = Array.from({ length: DISPLAY_TEXT_MIN_FEATURES }, (_, i) => (i === 7 ? { ...line(i), geometry: null } : line(i)));
    const blob = displayBlob({ features })!;
    expect(blob.type).toBe('application/json');
    const parsed = JSON.parse(await blob.text());
    expect(parsed.type).toBe('FeatureCollection');
    expect(parsed.features).toHaveLength(DISPLAY_TEXT_MIN_FEATURES - 1);
    expect(parsed.features[7].id).toBe(8);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(displayFeatures({ features }))));
  });
});
