import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Project } from '../../layers/types';
import {
  SCENARIO_KEY,
  addStation,
  hasEditedScenario,
  hiddenScenario,
  layerFingerprint,
  moveStation,
  nextNewNumber,
  removeStation,
  scenarioFeatures,
  scenarioOf,
  stationsFromLayer,
  withAddedStations,
  withScenario,
  type ScenarioStation,
} from '../../src/panels/fire/fire-scenario';
import { scenarioUpdaters } from '../../src/state/scenario-slice';
import { applyScenario, diffEdits } from '../../analysis/scenarios';
import { emptyProjectState, projectEdited, projectLoaded } from '../../src/state/project-slice';
import { recordEdit, emptyHistory, undoEdit } from '../../src/state/history-slice';

const layerFc: FeatureCollection<Geometry | null> = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'FS-01', name: '一站', level: 'level1', status: 'existing', vehicles: 13, turnout_min: '1.5' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } },
    { type: 'Feature', properties: { id: 'FS-02', name: '二站', level: 'level2', status: 'planned', crew: 'township', edge: '是', district_limit_km2: 30 }, geometry: { type: 'Point', coordinates: [114.8, 38.7] } },
    { type: 'Feature', properties: { id: 'FS-03', name: '无位置', level: 'small', status: 'existing' }, geometry: null },
  ],
};

function project(params: Record<string, unknown> = {}): Project {
  return { name: 't', params, layers: { fireStations: { kind: 'geojson', data: layerFc } } } as unknown as Project;
}

const name = (n: number) => `新增站点 ${n}`;

describe('fire what-if scenario (pure updaters)', () => {
  test('an unedited project: the scenario is the station layer, with turnout / crew / edge / limit carried', () => {
    const s = scenarioOf(project());
    expect(s).toEqual([
      { id: 'FS-01', name: '一站', status: 'existing', level: 'level1', lon: 114.7, lat: 38.6, turnoutMinutes: 1.5 },
      { id: 'FS-02', name: '二站', status: 'planned', level: 'level2', lon: 114.8, lat: 38.7, crew: 'township', districtLimitKm2: 30, edge: true },
      { id: 'FS-03', name: '无位置', status: 'existing', level: 'small', lon: null, lat: null },
    ]);
    expect(hasEditedScenario(project())).toBe(false);
    expect(scenarioOf(null)).toEqual([]);
  });

  test('features round trip: the analysis sees the same properties it reads from the layer', () => {
    const fc = scenarioFeatures(stationsFromLayer({ kind: 'geojson', data: layerFc } as never));
    expect(fc.features[0].properties).toEqual({ id: 'FS-01', name: '一站', status: 'existing', level: 'level1', turnout_min: 1.5 });
    expect(fc.features[1].properties).toEqual({ id: 'FS-02', name: '二站', status: 'planned', level: 'level2', crew: 'township', district_limit_km2: 30, edge: true });
    expect(fc.features[0].geometry).toEqual({ type: 'Point', coordinates: [114.7, 38.6] });
    expect(fc.features[2].geometry).toBeNull();
  });

  test('add numbers after the highest NEW-n (NEW-1, NEW-3 → NEW-4), as a proposed level-1 station', () => {
    const base = scenarioOf(project());
    const a = addStation(base, { lon: 114.75, lat: 38.65, name });
    expect(a).toHaveLength(4);
    expect(a[3]).toEqual({ id: 'NEW-1', name: '新增站点 1', status: 'proposed', level: 'level1', lon: 114.75, lat: 38.65 });
    const gap = [...a, { ...a[3], id: 'NEW-3' }];
    expect(nextNewNumber(gap)).toBe(4);
    expect(base).toHaveLength(3); // input not mutated
    expect(() => addStation(base, { lon: NaN, lat: 1, name })).toThrow(/finite/);
  });

  test('move and remove by id return new lists and leave the input as it was', () => {
    const base = scenarioOf(project());
    const frozen = JSON.stringify(base);
    const m = moveStation(base, { id: 'FS-03', lon: 114.9, lat: 38.5 });
    expect(m[2]).toMatchObject({ id: 'FS-03', lon: 114.9, lat: 38.5 });
    expect(m[0]).toBe(base[0]); // untouched stations shared
    expect(moveStation(base, { id: 'nope', lon: 1, lat: 2 })).toEqual(base);
    const r = removeStation(base, { id: 'FS-01' });
    expect(r.map((s) => s.id)).toEqual(['FS-02', 'FS-03']);
    expect(JSON.stringify(base)).toBe(frozen);
  });

  test('withScenario stores a copy in params and shares the layers; null goes back to the layer', () => {
    const p = project({ threshold: 5 });
    const list = addStation(scenarioOf(p), { lon: 114.75, lat: 38.65, name });
    const q = withScenario(p, list);
    expect(q).not.toBe(p);
    expect(q.layers).toBe(p.layers);
    expect(q.params.threshold).toBe(5);
    expect(p.params[SCENARIO_KEY]).toBeUndefined(); // input not mutated
    expect(hasEditedScenario(q)).toBe(true);
    expect(scenarioOf(q)).toEqual(list);
    // survives structured clone (IndexedDB) unchanged
    expect(scenarioOf({ ...q, params: structuredClone(q.params) })).toEqual(list);
    const back = withScenario(q, null);
    expect(hasEditedScenario(back)).toBe(false);
    expect(scenarioOf(back)).toEqual(scenarioOf(p));
    // removing every station is a scenario too (an empty list, not the layer)
    expect(scenarioOf(withScenario(p, []))).toEqual([]);
  });

  test('damaged saved entries are dropped, good ones kept; a damaged or foreign entry means the layer', () => {
    const good: ScenarioStation = { id: 'NEW-1', name: 'n', status: 'proposed', level: 'level1', lon: 1, lat: 2 };
    const base = layerFingerprint({ kind: 'geojson', data: layerFc } as never);
    const p = project({ [SCENARIO_KEY]: { base, stations: [good, null, { id: 5 }, { id: 'x', lon: 'a', lat: 1 }, { id: 'y', lon: null, lat: 3 }, { id: 'z', lon: null, lat: null }] } });
    expect(scenarioOf(p).map((s) => s.id)).toEqual(['NEW-1', 'z']);
    expect(scenarioOf(project({ [SCENARIO_KEY]: [good] })).map((s) => s.id)).toEqual(['FS-01', 'FS-02', 'FS-03']);
    expect(scenarioOf(project({ [SCENARIO_KEY]: 'x' })).map((s) => s.id)).toEqual(['FS-01', 'FS-02', 'FS-03']);
  });

  test('a scenario edited from another station layer (fire_stations imported again) no longer applies', () => {
    const p = project();
    const q = withScenario(p, removeStation(scenarioOf(p), { id: 'FS-01' }));
    expect(scenarioOf(q).map((s) => s.id)).toEqual(['FS-02', 'FS-03']);
    // the merge keeps params but replaces the layer: FS-02 moved in the new file
    const moved = structuredClone(layerFc);
    moved.features[1].geometry = { type: 'Point', coordinates: [114.81, 38.7] };
    const imported = { ...q, layers: { fireStations: { kind: 'geojson', data: moved } } } as unknown as Project;
    expect(layerFingerprint(imported.layers.fireStations)).not.toBe(layerFingerprint(p.layers.fireStations));
    expect(hasEditedScenario(imported)).toBe(false);
    expect(scenarioOf(imported).map((s) => s.id)).toEqual(['FS-01', 'FS-02', 'FS-03']);
    // the same content as a new object (e.g. restored from IndexedDB) still matches
    const restored = { ...q, layers: { fireStations: { kind: 'geojson', data: structuredClone(layerFc) } } } as unknown as Project;
    expect(scenarioOf(restored).map((s) => s.id)).toEqual(['FS-02', 'FS-03']);
  });

  test('an edit of the project keeps report and revision, and is one undo step', () => {
    const p = project();
    const report = { issues: [], counts: {} };
    const loaded = projectLoaded(emptyProjectState(), { project: p, report });
    const q = withScenario(p, addStation(scenarioOf(p), { lon: 114.75, lat: 38.65, name }));
    const edited = projectEdited(loaded, { project: q });
    expect(edited.project).toBe(q);
    expect(edited.report).toBe(report);
    expect(edited.revision).toBe(loaded.revision);
    expect(projectEdited(emptyProjectState(), { project: q }).project).toBeNull(); // nothing open: no edit
    const h = recordEdit(emptyHistory(), { before: { project: p, report } });
    const u = undoEdit(h, { current: { project: q, report } })!;
    expect(scenarioOf(u.restore.project).map((s) => s.id)).toEqual(['FS-01', 'FS-02', 'FS-03']);
  });
});

describe('a what-if the panel does not show is said (session 14; was: hidden without a word)', () => {
  test('edited from a station layer since imported again: hiddenScenario names its stations and the added ones; none when it applies', () => {
    const p = project();
    const q = withScenario(p, addStation(removeStation(scenarioOf(p), { id: 'FS-01' }), { lon: 114.75, lat: 38.65, name }));
    expect(hiddenScenario(q)).toBeNull();
    expect(hiddenScenario(p)).toBeNull();
    const moved = structuredClone(layerFc);
    moved.features[1].geometry = { type: 'Point', coordinates: [114.81, 38.7] };
    const imported = { ...q, layers: { fireStations: { kind: 'geojson', data: moved } } } as unknown as Project;
    const h = hiddenScenario(imported);
    expect(h?.stations.map((x) => x.id)).toEqual(['FS-02', 'FS-03', 'NEW-1']);
    expect(h?.added.map((x) => [x.id, x.name])).toEqual([['NEW-1', '新增站点 1']]);
    expect(h?.home).toBeNull();
    // keeping the added ones: the layer now, with NEW-1 added; it applies (nothing hidden any more)
    const kept = withScenario(imported, withAddedStations(scenarioOf(imported), h!.added));
    expect(scenarioOf(kept).map((x) => x.id)).toEqual(['FS-01', 'FS-02', 'FS-03', 'NEW-1']);
    expect(hiddenScenario(kept)).toBeNull();
  });

  test('an added station whose id the layer has since taken is numbered anew', () => {
    const layer = [...scenarioOf(project()), { id: 'NEW-1', name: '导入的 NEW-1', status: 'existing', level: 'level1', lon: 114.7, lat: 38.7 }];
    const out = withAddedStations(layer, [{ id: 'NEW-1', name: '新增站点 1', status: 'proposed', level: 'level1', lon: 114.75, lat: 38.65 }]);
    expect(out.map((x) => [x.id, x.name])).toEqual([
      ['FS-01', '一站'],
      ['FS-02', '二站'],
      ['FS-03', '无位置'],
      ['NEW-1', '导入的 NEW-1'],
      ['NEW-2', '新增站点 1'],
    ]);
  });

  test('edited under another 方案 (its stations differ): hiddenScenario names that 方案, and switching back shows it again', () => {
    const p = project();
    // 方案A: FS-01 removed (an adopted edit); the what-if made there adds a station
    const withA = scenarioUpdaters.adopt(p, { edits: diffEdits('fireStations', layerFc, scenarioFeatures(removeStation(scenarioOf(p), { id: 'FS-01' }))), newName: '方案A' });
    const underA = applyScenario(withA);
    const edited = { ...withA, params: withScenario(underA, addStation(scenarioOf(underA), { lon: 114.75, lat: 38.65, name })).params };
    expect(hiddenScenario(edited)).toBeNull();
    const set = edited.scenarios!;
    const current = set.list.find((x) => x.id !== set.active)!;
    const back = scenarioUpdaters.switch(edited, { id: current.id });
    const h = hiddenScenario(back);
    expect(h?.home?.name).toBe('方案A');
    expect(h?.added.map((x) => x.id)).toEqual(['NEW-1']);
    // the panel under 现状 lists the layer as it is
    expect(scenarioOf(applyScenario(back)).map((x) => x.id)).toEqual(['FS-01', 'FS-02', 'FS-03']);
    expect(hiddenScenario(scenarioUpdaters.switch(back, { id: set.active }))).toBeNull();
  });
});
