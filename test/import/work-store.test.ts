import { describe, expect, test } from 'vitest';
import { LAYER_LIST } from '../../layers/index';
import { loadProject } from '../../layers/load/index';
import type { LayerData } from '../../layers/types';
import { planSave, sameData, WORK_PREFIX } from '../../src/state/work-store';

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
function createProject() {
  return loadProject([
    { name: 'hydrants.geojson', bytes: enc({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'H1', kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } }] }) },
    { name: 'households.csv', bytes: new TextEncoder().encode('id,lon,lat,persons\nA,114.7,38.6,3\nB,114.71,38.61,\n') },
  ]);
}

describe('planSave', () => {
  test('demo layers are named, not written; other layers are written once per object', () => {
    const { project, report } = createProject();
    const demo = new Set<LayerData>([project.layers.households, project.layers.roads]);
    const first = planSave(project, report, (l) => demo.has(l), {});
    expect(first.meta.layers.households).toBe('demo');
    expect(first.meta.layers.roads).toBe('demo');
    expect(first.meta.layers.hydrants).toBe('saved');
    // every layer in the registry (an empty one for those not given) except the 2 from the demo is written
    expect(first.write.length).toBe(LAYER_LIST.length - 2);
    expect(first.write).toContain('hydrants');
    expect(first.write).not.toContain('households');
    // after they were written, the same objects are not written again
    const written = Object.fromEntries(first.write.map((id) => [id, project.layers[id]]));
    expect(planSave(project, report, (l) => demo.has(l), written).write).toEqual([]);
    // a new hydrants object (an edit) is written again
    const edited = { ...project, layers: { ...project.layers, hydrants: { ...project.layers.hydrants } } };
    expect(planSave(edited, report, (l) => demo.has(l), written).write).toEqual(['hydrants']);
  });

  test('a saved layer that is the demo again (undo) is removed from storage', () => {
    const { project, report } = createProject();
    const written = { hydrants: { ...project.layers.hydrants } };
    const plan = planSave(project, report, (l) => l === project.layers.hydrants, written);
    expect(plan.remove).toEqual(['hydrants']);
  });

  test("the import decisions remembered per file are saved with the project's meta record", () => {
    const { project, report } = createProject();
    const imports = { '高德消火栓.csv': { layer: 'hydrants' as const, mode: 'add' as const, offset: 'gcj02' as const } };
    expect(planSave({ ...project, imports }, report, () => false, {}).meta.imports).toEqual(imports);
    expect('imports' in planSave(project, report, () => false, {}).meta).toBe(false);
  });

  test('the key prefix is versioned', () => {
    expect(WORK_PREFIX).toBe('coverage-planner/v1/');
  });
});

describe('sameData', () => {
  test('typed arrays by value (NaN equals NaN), objects and arrays deeply', () => {
    const { project } = createProject();
    const h = project.layers.households;
    expect(sameData(h, structuredClone(h))).toBe(true);
    const other = structuredClone(h);
    if (other.kind === 'columns') other.lon[1] = 114.72;
    expect(sameData(h, other)).toBe(false);
    expect(sameData(new Float64Array([NaN]), new Float64Array([NaN]))).toBe(true);
    expect(sameData(new Float64Array([1]), new Float32Array([1]))).toBe(false);
    expect(sameData({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameData({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});
