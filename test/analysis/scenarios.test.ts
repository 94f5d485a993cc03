import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import type { LayerData, Project } from '../../layers/types.ts';
import {
  activeScenario,
  addEdits,
  applyScenario,
  copyScenario,
  CURRENT_ID,
  defaultScenarios,
  deleteScenario,
  diffEdits,
  findScenario,
  parseScenarios,
  PLANNED_ID,
  renameScenario,
  scenarioContent,
  switchScenario,
  type Scenario,
} from '../../analysis/scenarios.ts';

function createPoints(id: string, pts: [string, number, number, string][]): LayerData {
  const data: FeatureCollection<Point> = {
    type: 'FeatureCollection',
    features: pts.map(([fid, lon, lat, status]) => ({ type: 'Feature', properties: { id: fid, name: fid, status }, geometry: { type: 'Point', coordinates: [lon, lat] } })),
  };
  return { kind: 'geojson', id: id as never, data } as LayerData;
}

function createProject(): Project {
  return {
    name: '测试县',
    params: { threshold: 6 },
    layers: {
      fireStations: createPoints('fireStations', [['F1', 116, 39, 'existing'], ['F2', 116.1, 39, 'planned']]),
      hydrants: createPoints('hydrants', [['H1', 116, 39.1, 'working']]),
      households: { kind: 'columns', id: 'households', count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} },
    } as unknown as Project['layers'],
  };
}

function createScenario(edits: Scenario['edits'], params: Record<string, unknown> = {}): Scenario {
  return { id: 'a', name: '方案A', edits, params };
}

const idsOf = (l: LayerData) => (l.kind === 'geojson' ? l.data.features.map((f) => f.properties?.id) : []);

describe('applyScenario: the project an analysis sees under a scenario', () => {
  test('现状 and 规划 by default: the statuses they count are parameter overrides on top of the project params', () => {
    const p = createProject();
    expect(activeScenario(p).name).toBe('现状');
    expect(applyScenario(p).params).toEqual({ threshold: 6, statuses: 'existing', 'include-planned': false });
    expect(applyScenario(p, findScenario(p, '规划')!).params).toEqual({ threshold: 6, statuses: 'existing,planned', 'include-planned': true });
  });

  test('add, move, remove and status edits by id change only the edited layers; the input is not changed', () => {
    const p = createProject();
    const before = JSON.stringify(p.layers.fireStations);
    const s = createScenario([
      { op: 'add', layer: 'fireStations', id: 'NEW-1', lon: 116.2, lat: 39.2, properties: { name: '新站', status: 'proposed' } },
      { op: 'move', layer: 'fireStations', id: 'F1', lon: 116.05, lat: 39.05 },
      { op: 'remove', layer: 'fireStations', id: 'F2' },
      { op: 'status', layer: 'hydrants', id: 'H1', status: 'broken' },
    ]);
    const e = applyScenario(p, s);
    expect(idsOf(e.layers.fireStations)).toEqual(['F1', 'NEW-1']);
    const f = (e.layers.fireStations as Extract<LayerData, { kind: 'geojson' }>).data.features;
    expect(f[0].geometry).toEqual({ type: 'Point', coordinates: [116.05, 39.05] });
    expect(f[1].properties).toEqual({ name: '新站', status: 'proposed', id: 'NEW-1' });
    expect((e.layers.hydrants as Extract<LayerData, { kind: 'geojson' }>).data.features[0].properties?.status).toBe('broken');
    expect(e.layers.households).toBe(p.layers.households); // nothing large copied
    expect(JSON.stringify(p.layers.fireStations)).toBe(before);
  });

  test('an edit of an id the data no longer has is skipped; the same inputs give the same object', () => {
    const p = createProject();
    const s = createScenario([{ op: 'remove', layer: 'fireStations', id: 'GONE' }]);
    expect(idsOf(applyScenario(p, s).layers.fireStations)).toEqual(['F1', 'F2']);
    expect(applyScenario(p, s)).toBe(applyScenario(p, s));
  });

  test('scenarioContent names only the edits of the layers a result reads', () => {
    const s = createScenario([{ op: 'remove', layer: 'hydrants', id: 'H1' }]);
    expect(scenarioContent(s, ['fireStations'])).toBe(scenarioContent(createScenario([]), ['fireStations']));
    expect(scenarioContent(s, ['hydrants'])).not.toBe(scenarioContent(createScenario([]), ['hydrants']));
  });
});

describe('scenario updaters', () => {
  test('copy makes the copy active, rename keeps the id, names must be unique and non-empty', () => {
    const set = copyScenario(defaultScenarios(), { from: CURRENT_ID, name: '方案A' });
    expect(set.list.map((s) => s.name)).toEqual(['现状', '规划', '方案A']);
    expect(set.active).toBe(set.list[2].id);
    expect(set.list[2].params).toEqual(set.list[0].params);
    expect(() => copyScenario(set, { from: CURRENT_ID, name: '规划' })).toThrow(/already exists/);
    expect(() => renameScenario(set, { id: PLANNED_ID, name: '  ' })).toThrow(/empty/);
    expect(renameScenario(set, { id: PLANNED_ID, name: '规划2035' }).list[1]).toMatchObject({ id: PLANNED_ID, name: '规划2035' });
  });

  test('delete never removes the last scenario and moves the active one', () => {
    let set = switchScenario(defaultScenarios(), { id: PLANNED_ID });
    set = deleteScenario(set, { id: PLANNED_ID });
    expect(set).toEqual({ active: CURRENT_ID, list: [expect.objectContaining({ id: CURRENT_ID })] });
    expect(() => deleteScenario(set, { id: CURRENT_ID })).toThrow(/last scenario/);
  });

  test('addEdits merges a move or a remove of an added facility into its add', () => {
    let s = addEdits(createScenario([]), [{ op: 'add', layer: 'fireStations', id: 'NEW-1', lon: 1, lat: 2, properties: {} }]);
    s = addEdits(s, [{ op: 'move', layer: 'fireStations', id: 'NEW-1', lon: 3, lat: 4 }]);
    expect(s.edits).toEqual([{ op: 'add', layer: 'fireStations', id: 'NEW-1', lon: 3, lat: 4, properties: {} }]);
    s = addEdits(s, [{ op: 'move', layer: 'fireStations', id: 'F1', lon: 5, lat: 6 }, { op: 'move', layer: 'fireStations', id: 'F1', lon: 7, lat: 8 }]);
    expect(s.edits.filter((e) => e.id === 'F1')).toEqual([{ op: 'move', layer: 'fireStations', id: 'F1', lon: 7, lat: 8 }]);
    s = addEdits(s, [{ op: 'remove', layer: 'fireStations', id: 'NEW-1' }]);
    expect(s.edits.map((e) => e.id)).toEqual(['F1']);
  });

  test('diffEdits turns an edited list into add / move / status / remove edits, and applying them gives the list back', () => {
    const p = createProject();
    const base = (p.layers.fireStations as Extract<LayerData, { kind: 'geojson' }>).data;
    const edited = (createPoints('fireStations', [['F1', 116.01, 39, 'existing'], ['NEW-1', 116.3, 39.3, 'proposed']]) as Extract<LayerData, { kind: 'geojson' }>).data;
    const edits = diffEdits('fireStations', base, edited);
    expect(edits).toEqual([
      { op: 'move', layer: 'fireStations', id: 'F1', lon: 116.01, lat: 39 },
      { op: 'add', layer: 'fireStations', id: 'NEW-1', lon: 116.3, lat: 39.3, properties: { name: 'NEW-1', status: 'proposed' } },
      { op: 'remove', layer: 'fireStations', id: 'F2' },
    ]);
    const out = applyScenario(p, createScenario(edits)).layers.fireStations as Extract<LayerData, { kind: 'geojson' }>;
    expect(out.data.features.map((f) => [f.properties?.id, (f.geometry as Point).coordinates])).toEqual([['F1', [116.01, 39]], ['NEW-1', [116.3, 39.3]]]);
  });
});

describe('parseScenarios (project.json `scenarios`)', () => {
  test('absent: null and no problem (old project folders still load)', () => {
    expect(parseScenarios(undefined)).toEqual({ scenarios: null, problems: [] });
  });

  test('keeps the well-formed scenarios and edits, names each refused one', () => {
    const r = parseScenarios({
      active: 'b',
      list: [
        { id: 'a', name: '现状', params: { statuses: 'existing' } },
        { id: 'b', name: '方案B', edits: [{ op: 'add', layer: 'fireStations', id: 'N1', lon: 116, lat: 39 }, { op: 'teleport', layer: 'fireStations', id: 'x' }, { op: 'move', layer: 'roads', id: 'r', lon: 1, lat: 2 }] },
        { id: 'c', name: '现状' },
        { name: '' },
      ],
    });
    expect(r.scenarios?.active).toBe('b');
    expect(r.scenarios?.list.map((s) => s.name)).toEqual(['现状', '方案B']);
    expect(r.scenarios?.list[1].edits).toEqual([{ op: 'add', layer: 'fireStations', id: 'N1', lon: 116, lat: 39, properties: {} }]);
    expect(r.problems.map((p) => [p.index, p.field])).toEqual([[1, 'edits[1]'], [1, 'edits[2]'], [2, 'name'], [3, 'id/name']]);
  });

  test('not an object with a list: refused as a whole', () => {
    expect(parseScenarios([1, 2]).problems[0].field).toBe('scenarios');
  });
});

describe('applyScenario keeps object identity where nothing changed', () => {
  test('no facility edit: the layers object itself; a params-only change of the project keeps the edited layers object', () => {
    const p = createProject();
    expect(applyScenario(p).layers).toBe(p.layers);
    const s = createScenario([{ op: 'remove', layer: 'fireStations', id: 'F2' }]);
    const a = applyScenario(p, s);
    const b = applyScenario({ ...p, params: { threshold: 7 } }, s);
    expect(b.layers).toBe(a.layers);
    expect(b.params.threshold).toBe(7);
  });
});
