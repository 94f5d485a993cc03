import { describe, expect, test } from 'vitest';
import { initLayerUi, moveLayer, setLayerOpacity, setLayerVisible } from '../../src/state/layers-slice';

function createDefs() {
  return [
    { id: 'roads', order: 30, defaultVisible: true },
    { id: 'townships', order: 10, defaultVisible: true },
    { id: 'households', order: 50, defaultVisible: false },
  ];
}

describe('layers slice', () => {
  test('init orders layers by definition order, bottom first, with default visibility and opacity 1', () => {
    const s = initLayerUi(createDefs());
    expect(s.order).toEqual(['townships', 'roads', 'households']);
    expect(s.visible).toEqual({ roads: true, townships: true, households: false });
    expect(s.opacity).toEqual({ roads: 1, townships: 1, households: 1 });
  });

  test('init keeps saved choices, drops unknown ids, inserts new layers by order, rejects bad opacity', () => {
    const saved = { order: ['roads', 'gone', 'townships'], visible: { roads: false, gone: true }, opacity: { townships: 0.5, roads: 7 } };
    const s = initLayerUi(createDefs(), saved);
    // saved order roads,townships (gone dropped); households (order 50) ranks after both → appended
    expect(s.order).toEqual(['roads', 'townships', 'households']);
    expect(s.visible.roads).toBe(false);
    expect(s.visible.townships).toBe(true);
    expect(s.opacity.townships).toBe(0.5);
    expect(s.opacity.roads).toBe(1);
  });

  test('toggle, opacity clamp and move do not mutate the input', () => {
    const s0 = initLayerUi(createDefs());
    const frozen = JSON.stringify(s0);
    const s1 = setLayerVisible(s0, { id: 'households', visible: true });
    const s2 = setLayerOpacity(s1, { id: 'roads', opacity: 1.7 });
    const s3 = moveLayer(s2, { id: 'townships', direction: 'up' });
    expect(JSON.stringify(s0)).toBe(frozen);
    expect(s1.visible.households).toBe(true);
    expect(s2.opacity.roads).toBe(1);
    expect(s3.order).toEqual(['roads', 'townships', 'households']);
  });

  test('moving the top layer up is a no-op; unknown ids throw', () => {
    const s = initLayerUi(createDefs());
    expect(moveLayer(s, { id: 'households', direction: 'up' })).toBe(s);
    expect(moveLayer(s, { id: 'townships', direction: 'down' })).toBe(s);
    expect(() => setLayerVisible(s, { id: 'nope', visible: true })).toThrow(/unknown layer/);
    expect(() => setLayerOpacity(s, { id: 'roads', opacity: NaN })).toThrow(/finite/);
  });
});
