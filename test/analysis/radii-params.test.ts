import { describe, expect, test } from 'vitest';
import { HYDRANT_PARAMS, KINDERGARTEN_PARAMS, UNCOVERED_PARAMS, resolveHydrantOptions, resolveKindergartenOptions, resolveUncoveredOptions } from '../../analysis/radii-params.ts';

describe('radii parameters', () => {
  test('every default names its source in both languages; the ones without a standard ask for confirmation', () => {
    for (const d of [...HYDRANT_PARAMS, ...KINDERGARTEN_PARAMS, ...UNCOVERED_PARAMS]) {
      expect(d.source.zh.length, d.key).toBeGreaterThan(5);
      expect(d.source.en.length, d.key).toBeGreaterThan(5);
      if (/未找到|估算|无标准/.test(d.source.zh) && d.key !== 'include-planned') expect(d.confirm, d.key).toBe(true);
    }
    const byKey = Object.fromEntries([...HYDRANT_PARAMS, ...KINDERGARTEN_PARAMS].map((d) => [d.key, d]));
    expect(byKey['hydrant-radius']).toMatchObject({ value: 150 });
    expect(byKey['hydrant-radius'].source.zh).toContain('GB 50974-2014');
    expect(byKey['hydrant-spacing']).toMatchObject({ value: 120 });
    expect(byKey['wide-road-width']).toMatchObject({ value: 60 });
    expect(byKey['kg-radius-urban']).toMatchObject({ value: 300 });
    expect(byKey['kg-radius-urban'].source.zh).toContain('GB 50180-93');
    expect(byKey['kg-radius-urban'].confirm).toBeUndefined();
  });

  test('explicit options win over project params, which win over defaults; CLI strings are converted', () => {
    expect(resolveHydrantOptions()).toEqual({ radiusMeters: 150, spacingMeters: 120, wideRoadMeters: 60, includePlanned: false, cranesAsHydrants: false, snapMeters: 30 });
    const o = resolveHydrantOptions({ 'hydrant-radius': 200, 'include-planned': true }, { 'hydrant-radius': '180', 'hydrant-spacing': '100' });
    expect(o).toMatchObject({ radiusMeters: 180, spacingMeters: 100, includePlanned: true });
    expect(resolveHydrantOptions({}, { 'include-planned': 'true' }).includePlanned).toBe(true);
    expect(resolveHydrantOptions({}, { 'cranes-as-hydrants': 'true' }).cranesAsHydrants).toBe(true);
    expect(resolveKindergartenOptions({ 'kg-radius-village': 3000 })).toEqual({ radiusUrbanMeters: 300, radiusTownshipMeters: 1000, radiusVillageMeters: 3000, childShare: 0.03 });
    expect(resolveUncoveredOptions(undefined, { 'coal-radius': '1500' })).toEqual({ coalRadiusMeters: 1500, maintenanceRadiusMeters: 10000 });
  });
});
