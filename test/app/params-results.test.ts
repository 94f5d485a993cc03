import { describe, expect, test } from 'vitest';
import type { FeatureCollection } from 'geojson';
import type { LayerData, Project, ValidationReport } from '../../layers/types';
import { HYDRANT_PARAMS } from '../../analysis/radii-params';
import { paramState, withParams } from '../../src/state/params-slice';
import { resultKey, resultStatus } from '../../src/state/result-key';
import { CURRENT_ID, PLANNED_ID } from '../../analysis/scenarios';
import { dropStaleResults, setResultLayer, type ResultLayer } from '../../src/state/results-slice';
import { HYDRANT_RESULT, fireResultSpec, plotsResultSpec, sitingResultSpec, uncoveredResultSpec } from '../../src/panels/radii/result-keys';
import { acceptProposals } from '../../src/panels/hydrants/accept-proposals';
import { useAppStore } from '../../src/state/store';
import { undo, redo, clearHistory } from '../../src/state/history-store';

function createLayer(id: string, n: number): LayerData {
  const data: FeatureCollection = {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [116 + i / 1000, 39] }, properties: { id: `${id}${i}`, status: 'existing' } })),
  };
  return { kind: 'geojson', id: id as never, data } as LayerData;
}

function createProject(params: Record<string, unknown> = {}): Project {
  return { name: '测试县', params, layers: { roads: createLayer('roads', 2), hydrants: createLayer('hydrants', 3), builtUp: createLayer('builtUp', 1) } as Project['layers'] };
}

function createReport(): ValidationReport {
  return { issues: [] } as unknown as ValidationReport;
}

function createKeyedLayer(project: Project, id = 'hydrant-gaps'): ResultLayer {
  return {
    id,
    title: { zh: id, en: id },
    data: { type: 'FeatureCollection', features: [] },
    style: [],
    legend: [],
    visible: true,
    keyed: { spec: HYDRANT_RESULT, key: resultKey(project, HYDRANT_RESULT) },
  };
}

describe('withParams: the one updater of the project params', () => {
  test('sets values, leaves the input unchanged, and undefined removes a key (back to the default)', () => {
    const p = createProject({ turnout: 2 });
    const next = withParams(p, { 'hydrant-radius': 200, turnout: undefined });
    expect(next.params).toEqual({ 'hydrant-radius': 200 });
    expect(p.params).toEqual({ turnout: 2 });
    expect(next.layers).toBe(p.layers);
  });

  test('returns the same project when no value changes (no undo step)', () => {
    const p = createProject({ 'hydrant-radius': 200 });
    expect(withParams(p, { 'hydrant-radius': 200 })).toBe(p);
    expect(withParams(p, { turnout: undefined })).toBe(p);
  });

  test('paramState tells a value set to other than its default', () => {
    const radius = HYDRANT_PARAMS.find((d) => d.key === 'hydrant-radius')!;
    expect(paramState(radius, {})).toEqual({ value: 150, differs: false });
    expect(paramState(radius, { 'hydrant-radius': 150 })).toEqual({ value: 150, differs: false });
    expect(paramState(radius, { 'hydrant-radius': 200 })).toEqual({ value: 200, differs: true });
  });
});

describe('result keys', () => {
  test('a key changes with a parameter the result uses, not with others or with an unset default', () => {
    const p = createProject();
    const k = resultKey(p, HYDRANT_RESULT);
    expect(resultKey(withParams(p, { 'hydrant-radius': 150 }), HYDRANT_RESULT)).toBe(k);
    expect(resultKey(withParams(p, { turnout: 3 }), HYDRANT_RESULT)).toBe(k);
    expect(resultKey(withParams(p, { 'hydrant-radius': 200 }), HYDRANT_RESULT)).not.toBe(k);
    expect(JSON.parse(k).scenario).toBe(CURRENT_ID);
    expect(resultKey(p, HYDRANT_RESULT, PLANNED_ID)).not.toBe(k);
  });

  test('a key changes with an edit of a layer the result reads, and comes back when the old layer is restored (undo)', () => {
    const p = createProject();
    const k = resultKey(p, HYDRANT_RESULT);
    const accepted = acceptProposals(p, { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [116.5, 39] }, properties: { id: 'P1' } }] }).project;
    expect(resultKey(accepted, HYDRANT_RESULT)).not.toBe(k);
    expect(resultKey({ ...accepted, layers: { ...accepted.layers, hydrants: p.layers.hydrants } }, HYDRANT_RESULT)).toBe(k);
  });

  test('the uncovered key depends on the fire parameters only when the fire check is on', () => {
    const p = createProject();
    expect(resultKey(withParams(p, { threshold: 8 }), uncoveredResultSpec(false))).toBe(resultKey(p, uncoveredResultSpec(false)));
    expect(resultKey(withParams(p, { threshold: 8 }), uncoveredResultSpec(true))).not.toBe(resultKey(p, uncoveredResultSpec(true)));
  });

  test('the fire threshold set once (as the fire panel does) makes fire siting stale, not kindergarten siting', () => {
    const p = createProject();
    const after = withParams(p, { threshold: 8 });
    expect(resultKey(after, sitingResultSpec('fire'))).not.toBe(resultKey(p, sitingResultSpec('fire')));
    expect(resultKey(after, sitingResultSpec('kindergarten'))).toBe(resultKey(p, sitingResultSpec('kindergarten')));
    expect(resultKey(p, sitingResultSpec('kindergarten'))).not.toBe(resultKey(p, sitingResultSpec('fire')));
  });

  test('the rulebook siting distance (station-exit-distance) makes fire siting stale, not kindergarten siting', () => {
    const p = createProject();
    const after = withParams(p, { 'station-exit-distance': 80 });
    expect(resultKey(after, sitingResultSpec('fire'))).not.toBe(resultKey(p, sitingResultSpec('fire')));
    expect(resultKey(after, sitingResultSpec('kindergarten'))).toBe(resultKey(p, sitingResultSpec('kindergarten')));
  });

  test('the plot review goes stale with the stated total, and with the fire threshold only when the fire reach is checked', () => {
    const p = createProject();
    expect(resultKey(withParams(p, { 'stated-total': 319.56 }), plotsResultSpec(false))).not.toBe(resultKey(p, plotsResultSpec(false)));
    expect(resultKey(withParams(p, { threshold: 8 }), plotsResultSpec(false))).toBe(resultKey(p, plotsResultSpec(false)));
    expect(resultKey(withParams(p, { threshold: 8 }), plotsResultSpec(true))).not.toBe(resultKey(p, plotsResultSpec(true)));
  });

  test('the fire layers go stale with the what-if scenario saved in the params, a fire parameter or the compared statuses', () => {
    const p = createProject();
    const spec = fireResultSpec(['existing'], ['existing', 'planned'], 'fireScenario');
    const k = resultKey(p, spec);
    expect(resultKey(withParams(p, { fireScenario: { base: 'x', stations: [] } }), spec)).not.toBe(k);
    expect(resultKey(withParams(p, { threshold: 8 }), spec)).not.toBe(k);
    expect(resultKey(withParams(p, { 'hydrant-radius': 90 }), spec)).toBe(k);
    expect(resultKey(p, fireResultSpec(['existing', 'planned'], ['existing', 'planned'], 'fireScenario'))).not.toBe(k);
  });

  test('resultStatus: none, current, stale', () => {
    expect(resultStatus(null, 'a')).toBe('none');
    expect(resultStatus({ key: 'a' }, 'a')).toBe('current');
    expect(resultStatus({ key: 'a' }, 'b')).toBe('stale');
    expect(resultStatus({ key: 'a' }, null)).toBe('stale');
  });

  test('dropStaleResults removes keyed layers whose key no longer matches, keeps the others', () => {
    const p = createProject();
    const plain = { ...createKeyedLayer(p, 'sql'), keyed: undefined };
    const s = setResultLayer(setResultLayer([], createKeyedLayer(p)), plain);
    expect(dropStaleResults(s, p)).toBe(s);
    expect(dropStaleResults(s, withParams(p, { 'hydrant-radius': 90 })).map((r) => r.id)).toEqual(['sql']);
    expect(dropStaleResults(s, null).map((r) => r.id)).toEqual(['sql']);
  });
});

describe('the store: setParams is one undoable step, and stale result layers leave the map', () => {
  test('set a radius → the hydrant layer is removed; undo → the old radius is back', () => {
    clearHistory();
    const p = createProject();
    useAppStore.getState().setProject({ project: p, report: createReport() });
    useAppStore.getState().setResultLayer(createKeyedLayer(p));
    useAppStore.getState().setParams({ 'hydrant-radius': 200 });
    expect(useAppStore.getState().project.project?.params['hydrant-radius']).toBe(200);
    expect(useAppStore.getState().results.map((r) => r.id)).toEqual([]);
    useAppStore.getState().setParams({ 'hydrant-radius': 200 });
    expect(undo()).toBe(true);
    expect(useAppStore.getState().project.project?.params['hydrant-radius']).toBeUndefined();
    expect(undo()).toBe(false);
    expect(redo()).toBe(true);
    expect(useAppStore.getState().project.project?.params['hydrant-radius']).toBe(200);
  });
});
