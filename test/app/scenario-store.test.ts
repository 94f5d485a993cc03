import { describe, expect, test } from 'vitest';
import type { FeatureCollection } from 'geojson';
import type { LayerData, Project, ValidationReport } from '../../layers/types';
import { activeScenario, CURRENT_ID, PLANNED_ID, scenariosOf } from '../../analysis/scenarios';
import { resultKey } from '../../src/state/result-key';
import { HYDRANT_RESULT, fireResultSpec } from '../../src/panels/radii/result-keys';
import type { ResultLayer } from '../../src/state/results-slice';
import { setProjectParams } from '../../src/state/scenario-slice';
import { effectiveProject, useAppStore } from '../../src/state/store';
import { clearHistory, redo, undo } from '../../src/state/history-store';

function createLayer(id: string, n: number): LayerData {
  const data: FeatureCollection = {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [116 + i / 1000, 39] }, properties: { id: `${id}${i}`, status: 'existing' } })),
  };
  return { kind: 'geojson', id: id as never, data } as LayerData;
}

function createProject(): Project {
  return {
    name: '测试县',
    params: {},
    layers: { roads: createLayer('roads', 2), hydrants: createLayer('hydrants', 3), builtUp: createLayer('builtUp', 1), fireStations: createLayer('fireStations', 2) } as Project['layers'],
  };
}

function open(): Project {
  clearHistory();
  const p = createProject();
  useAppStore.getState().setProject({ project: p, report: { issues: [], counts: {} } as ValidationReport });
  clearHistory();
  return p;
}

function createKeyed(project: Project, id: string, spec = HYDRANT_RESULT): ResultLayer {
  return { id, title: { zh: id, en: id }, data: { type: 'FeatureCollection', features: [] }, style: [], legend: [], visible: true, keyed: { spec, key: resultKey(project, spec) } };
}

const cur = () => useAppStore.getState().project.project!;
const act = () => useAppStore.getState().scenarioAction;

describe('scenario actions in the store: one undo step each, the layers as imported never change', () => {
  test('copy → rename → switch → delete, each undone and redone', () => {
    const p = open();
    act()('copy', { name: '方案A' });
    expect(scenariosOf(cur()).list.map((s) => s.name)).toEqual(['现状', '规划', '方案A']);
    expect(activeScenario(cur()).name).toBe('方案A');
    act()('rename', { id: activeScenario(cur()).id, name: '方案B' });
    act()('switch', { id: PLANNED_ID });
    act()('delete', { id: CURRENT_ID });
    expect(scenariosOf(cur()).list.map((s) => s.name)).toEqual(['规划', '方案B']);
    expect(activeScenario(cur()).name).toBe('规划');
    expect(undo()).toBe(true);
    expect(scenariosOf(cur()).list.map((s) => s.name)).toEqual(['现状', '规划', '方案B']);
    expect(undo()).toBe(true);
    expect(activeScenario(cur()).name).toBe('方案B');
    expect(undo()).toBe(true);
    expect(activeScenario(cur()).name).toBe('方案A');
    expect(undo()).toBe(true);
    expect(cur().scenarios).toBeUndefined();
    expect(undo()).toBe(false);
    expect(redo()).toBe(true);
    expect(activeScenario(cur()).name).toBe('方案A');
    expect(cur().layers).toBe(p.layers);
  });

  test('a refused change throws and is no step', () => {
    open();
    expect(() => act()('rename', { id: PLANNED_ID, name: '现状' })).toThrow(/已有名为“现状”的方案/);
    expect(undo()).toBe(false);
  });

  test('adopt while 现状 is active makes 方案A with the edits; undo removes them and the results that read them', () => {
    const p = open();
    const before = resultKey(p, fireResultSpec(['existing'], ['existing'], 'fireScenario'));
    act()('adopt', {
      edits: [
        { op: 'add', layer: 'fireStations', id: 'NEW-1', lon: 116.01, lat: 39.01, properties: { name: '新站 1', status: 'proposed', level: 'level1' } },
        { op: 'add', layer: 'fireStations', id: 'NEW-2', lon: 116.02, lat: 39.02, properties: { name: '新站 2', status: 'proposed', level: 'level1' } },
      ],
      newName: '方案A',
    });
    expect(activeScenario(cur()).name).toBe('方案A');
    expect(cur().layers.fireStations).toBe(p.layers.fireStations);
    const eff = effectiveProject(cur())!;
    expect((eff.layers.fireStations as Extract<LayerData, { kind: 'geojson' }>).data.features.map((f) => f.properties?.id)).toEqual(['fireStations0', 'fireStations1', 'NEW-1', 'NEW-2']);
    // a result computed for 方案A carries its key; the hydrant result does not read the stations
    const fireSpec = fireResultSpec(['existing'], ['existing'], 'fireScenario');
    useAppStore.getState().setResultLayer(createKeyed(cur(), 'fire', fireSpec));
    expect(resultKey(cur(), fireSpec)).not.toBe(before);
    expect(undo()).toBe(true);
    expect(activeScenario(cur()).name).toBe('现状');
    expect(useAppStore.getState().results.map((r) => r.id)).toEqual([]);
  });

  test('switching scenario removes the result layers computed under the other one; switching back makes the key match again', () => {
    const p = open();
    useAppStore.getState().setResultLayer(createKeyed(p, 'hydrant-gaps'));
    const key = resultKey(p, HYDRANT_RESULT);
    act()('switch', { id: PLANNED_ID });
    expect(useAppStore.getState().results).toEqual([]);
    expect(resultKey(cur(), HYDRANT_RESULT)).not.toBe(key);
    act()('switch', { id: CURRENT_ID });
    expect(resultKey(cur(), HYDRANT_RESULT)).toBe(key);
  });
});

describe('setParams under scenarios', () => {
  test('a key the active scenario overrides is set in the scenario, others in the shared project params', () => {
    const p = createProject();
    const next = setProjectParams(p, { 'include-planned': true, 'hydrant-radius': 200 });
    expect(next.params).toEqual({ 'hydrant-radius': 200 });
    expect(activeScenario(next).params['include-planned']).toBe(true);
    expect(scenariosOf(next).list.find((s) => s.id === PLANNED_ID)!.params['include-planned']).toBe(true);
    expect(effectiveProject(next)!.params['include-planned']).toBe(true);
    expect(setProjectParams(next, { 'include-planned': true, 'hydrant-radius': 200 })).toBe(next);
  });
});

describe('saved with the work', () => {
  test('planSave writes the scenarios into the meta; a project without them writes none', async () => {
    const { planSave } = await import('../../src/state/work-store');
    const p = createProject();
    const report = { issues: [], counts: {} } as ValidationReport;
    expect(planSave(p, report, () => false, {}).meta).not.toHaveProperty('scenarios');
    const withA = (await import('../../src/state/scenario-slice')).scenarioUpdaters.copy(p, { name: '方案A' });
    expect(planSave(withA, report, () => false, {}).meta.scenarios).toBe(withA.scenarios);
  });
});
