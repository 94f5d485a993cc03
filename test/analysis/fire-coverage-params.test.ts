import { describe, expect, test } from 'vitest';
import { FIRE_PARAMS, defaultSpeedTable, fireOptionsFromParams, normaliseRoadClass } from '../../analysis/fire-params.ts';
import { resolveParams } from '../../analysis/params.ts';

describe('fire parameters', () => {
  test('every default names its source in both languages', () => {
    for (const p of FIRE_PARAMS) {
      expect(p.source.zh.length, p.key).toBeGreaterThan(4);
      expect(p.source.en.length, p.key).toBeGreaterThan(4);
    }
    // The 5-minute rule cites GB 51080-2015; speeds are marked for confirmation.
    expect(FIRE_PARAMS.find((p) => p.key === 'threshold')!.source.zh).toMatch(/GB 51080-2015/);
    expect(FIRE_PARAMS.find((p) => p.key === 'speed-primary')!.confirm).toBe(true);
  });

  test('Chinese road classes map like the roads layer', () => {
    expect(normaliseRoadClass('主干路')).toBe('primary');
    expect(normaliseRoadClass('县道')).toBe('secondary');
    expect(normaliseRoadClass('乡道')).toBe('tertiary');
    expect(normaliseRoadClass('村道')).toBe('unclassified');
    expect(normaliseRoadClass('primary_link')).toBe('primary');
    expect(normaliseRoadClass(undefined)).toBe('unclassified');
  });

  test('CLI strings become options: numbers, lists, speeds by key and by pair list', () => {
    const values = resolveParams<Record<string, unknown>>(FIRE_PARAMS, { threshold: '4', statuses: 'existing,planned', 'speed-primary': '45' }, { breaks: '5,10' });
    const o = fireOptionsFromParams({ ...values, speeds: 'tertiary=25,村道=12' });
    expect(o.thresholdMinutes).toBe(4);
    expect(o.statuses).toEqual(['existing', 'planned']);
    expect(o.breaksMinutes).toEqual([5, 10]);
    expect(o.speedsKmh.primary).toBe(45);
    expect(o.speedsKmh.tertiary).toBe(25);
    // 村道 is the unclassified class
    expect(o.speedsKmh.unclassified).toBe(12);
    expect(o.speedsKmh.other).toBe(defaultSpeedTable().other);
  });

  test('bad values are refused with the option name', () => {
    expect(() => resolveParams<Record<string, unknown>>(FIRE_PARAMS, { threshold: 'five' })).toThrow(/threshold/);
    expect(() => resolveParams<Record<string, unknown>>(FIRE_PARAMS, { statuses: '' })).toThrow(/statuses/);
    const v3 = resolveParams<Record<string, unknown>>(FIRE_PARAMS);
    expect(() => fireOptionsFromParams({ ...v3, speeds: 'primary' })).toThrow(/class=km\/h/);
    expect(() => fireOptionsFromParams({ ...v3, mode: 'teleport' })).toThrow(/mode/);
  });
});
