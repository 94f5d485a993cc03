import { describe, expect, test } from 'vitest';
import { loadProject } from '../../layers/load/index';
import type { ValidationReport } from '../../layers/types';
import { crsQuestions, importFindings, mergeImport, needsReview, planImport, usableLayers } from '../../src/project/import-plan';

const enc = (o: unknown) => new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o));
const point = (id: string, lon: number, lat: number, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { id, ...props },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});
function createHydrants(n: number) {
  return { type: 'FeatureCollection', features: Array.from({ length: n }, (_, i) => point(`H${i + 1}`, 114.7 + i * 0.001, 38.6, { kind: 'hydrant', status: 'working' })) };
}
function createBase() {
  return loadProject([
    { name: 'hydrants.geojson', bytes: enc(createHydrants(2)) },
    { name: 'kindergartens.geojson', bytes: enc({ type: 'FeatureCollection', features: [point('K1', 114.71, 38.61, { ownership: 'public' })] }) },
  ]);
}

describe('planImport', () => {
  test('layer files with a project open merge by layer', () => {
    // layers come in registry order (LAYER_LIST: households before hydrants)
    expect(planImport(['hydrants.geojson', 'households.csv'], true)).toEqual({ mode: 'merge', layers: ['households', 'hydrants'], unknown: [] });
  });
  test('beside project.json an exported ledger (台账_<table>.csv) is part of the folder, not an unknown file (the zip 导出项目 writes opened without the dialog, session 17); alone it is unknown', () => {
    expect(planImport(['x.zip/project.json', 'x.zip/hydrants.geojson', 'x.zip/台账_task_progress.csv'], true)).toEqual({ mode: 'replace', layers: ['hydrants'], unknown: [] });
    expect(planImport(['hydrants.geojson', '台账_task_progress.csv'], true).unknown).toEqual(['台账_task_progress.csv']);
    expect(planImport(['project.json', '台账_task_progress.xlsx'], true).unknown).toEqual(['台账_task_progress.xlsx']);
  });

  test('project.json, a folder path, or no open project replaces the project', () => {
    expect(planImport(['project.json', 'hydrants.geojson'], true).mode).toBe('replace');
    expect(planImport(['county/hydrants.geojson'], true).mode).toBe('replace');
    expect(planImport(['hydrants.geojson'], false).mode).toBe('replace');
  });
  test('an OpenStreetMap extract (.osm.pbf) replaces the four layers it brings, in registry order', () => {
    const plan = planImport(['monaco.osm.pbf'], true);
    expect(plan.mode).toBe('merge');
    expect(plan.unknown).toEqual([]);
    expect([...plan.layers].sort()).toEqual(['fireStations', 'hydrants', 'kindergartens', 'roads']);
  });
  test('unknown names are listed, junk ignored', () => {
    expect(planImport(['foo.json', '.DS_Store', 'hydrants.geojson'], true)).toEqual({ mode: 'merge', layers: ['hydrants'], unknown: ['foo.json'] });
  });
});

describe('usableLayers', () => {
  test('a layer with loaded features is usable; an unreadable or fully rejected file is not', () => {
    const loaded = loadProject([
      { name: 'hydrants.geojson', bytes: enc(createHydrants(3)) },
      { name: 'kindergartens.geojson', bytes: new Uint8Array(0) }, // BAD-INPUTS #1: empty file
      // BAD-INPUTS #15: every feature in Gauss-Krüger metres → all rejected
      { name: 'fire_stations.geojson', bytes: enc({ type: 'FeatureCollection', features: [point('F1', 561234.5, 4273456.7, { status: 'existing' })] }) },
    ]);
    const plan = planImport(['hydrants.geojson', 'kindergartens.geojson', 'fire_stations.geojson'], true);
    expect(usableLayers(plan, loaded.report)).toEqual(['hydrants']);
    expect(needsReview(loaded.report)).toBe(true);
  });
  test('a readable file with no features is usable (it may empty the layer on purpose), but only after the dialog asks', () => {
    const loaded = loadProject([{ name: 'hydrants.geojson', bytes: enc({ type: 'FeatureCollection', features: [] }) }]);
    expect(usableLayers(planImport(['hydrants.geojson'], true), loaded.report)).toEqual(['hydrants']);
    expect(loaded.report.issues.map((i) => [i.severity, i.code])).toEqual([['warning', 'no-rows']]);
    expect(needsReview(loaded.report)).toBe(true);
  });
  test('a header-only households.csv is never applied without the dialog; keeping it empties only households', () => {
    const current = loadProject([
      { name: 'households.csv', bytes: enc('id,lon,lat,persons\nA,114.7,38.6,3\nB,114.71,38.61,2\n') },
      { name: 'hydrants.geojson', bytes: enc(createHydrants(2)) },
    ]);
    const loaded = loadProject([{ name: 'households.csv', bytes: enc('id,lon,lat,persons\n') }]);
    const plan = planImport(['households.csv'], true);
    expect(needsReview(loaded.report)).toBe(true);
    expect(loaded.report.issues.map((i) => [i.file, i.code])).toEqual([['households.csv', 'no-rows']]);
    const usable = usableLayers(plan, loaded.report);
    expect(usable).toEqual(['households']);
    const merged = mergeImport(current, loaded, usable);
    expect(merged.project.layers.households).toMatchObject({ kind: 'columns', count: 0 });
    expect(merged.project.layers.hydrants).toBe(current.project.layers.hydrants);
    expect(current.project.layers.households).toMatchObject({ count: 2 });
  });
});

describe('mergeImport', () => {
  test('replaces only the given layers, keeps the others by reference, swaps their report entries', () => {
    const base = createBase();
    // the base report gets one hydrant issue and one kindergarten issue to see which survive
    const baseReport: ValidationReport = {
      ...base.report,
      issues: [
        { severity: 'warning', code: 'x', file: 'hydrants.geojson', message: { zh: '旧', en: 'old' } },
        { severity: 'warning', code: 'y', file: 'kindergartens.geojson', message: { zh: '留', en: 'kept' } },
      ],
    };
    const before = JSON.stringify(baseReport);
    const loaded = loadProject([{ name: 'hydrants.geojson', bytes: enc(createHydrants(5)) }]);
    const out = mergeImport({ project: base.project, report: baseReport }, loaded, ['hydrants']);
    expect(out.project.layers.hydrants).toBe(loaded.project.layers.hydrants);
    expect(out.project.layers.kindergartens).toBe(base.project.layers.kindergartens);
    expect(out.project.layers.households).toBe(base.project.layers.households);
    expect(out.project.name).toBe(base.project.name);
    // 2 hydrants before, 5 after; kindergartens still 1
    expect(out.report.counts.hydrants).toEqual({ read: 5, loaded: 5, rejected: 0, unlocated: 0 });
    expect(out.report.counts.kindergartens).toEqual({ read: 1, loaded: 1, rejected: 0, unlocated: 0 });
    expect(out.report.issues.map((i) => i.code)).toEqual(['y']);
    // inputs untouched
    expect(JSON.stringify(baseReport)).toBe(before);
    expect(base.project.layers.hydrants.kind === 'geojson' && base.project.layers.hydrants.data.features.length).toBe(2);
  });
  test('no layers: the current project is returned as it is', () => {
    const base = createBase();
    const out = mergeImport(base, createBase(), []);
    expect(out).toBe(base);
  });
});

describe('crsQuestions', () => {
  test('BAD-INPUTS #15 Gauss-Krüger metres ask for the CRS; #17 swapped coordinates ask to swap', () => {
    const gk = loadProject([{ name: 'fire_stations.geojson', bytes: enc({ type: 'FeatureCollection', features: [point('F1', 38561234.5, 4273456.7, { status: 'existing' })] }) }]);
    // zone 38 in the easting → 3-degree zone 38 → EPSG:4513 + 38 − 25 = 4526
    expect(crsQuestions(gk.report)).toEqual([{ file: 'fire_stations.geojson', kind: 'crs', suggested: 'EPSG:4526' }]);
    const sw = loadProject([{ name: 'fire_stations.geojson', bytes: enc({ type: 'FeatureCollection', features: [point('F1', 38.6, 114.7, { status: 'existing' })] }) }]);
    expect(crsQuestions(sw.report)).toEqual([{ file: 'fire_stations.geojson', kind: 'swap', suggested: '' }]);
  });
});

describe('importFindings: what project.json would hold that does nothing, shown before the import is applied', () => {
  const stations = (...ids: string[]) => ({
    type: 'FeatureCollection',
    features: ids.map((id, i) => point(id, 114.7 + i * 0.01, 38.6, { name: id, level: 'level1', status: 'existing' })),
  });
  // a project whose scenario removes station A, with a params key nothing reads
  function open() {
    const pj = { name: '测试县', params: { hydrant_radius: 150 }, scenarios: { active: 's1', list: [{ id: 's1', name: '撤并方案', edits: [{ op: 'remove', layer: 'fireStations', id: 'A' }] }] } };
    return loadProject([
      { name: 'project.json', bytes: enc(pj) },
      { name: 'fire_stations.geojson', bytes: enc(stations('A', 'B')) },
    ]);
  }

  test('merge: a station file imported again without A makes the edit of A stale → one new finding; the old unknown key is not repeated', () => {
    const cur = open();
    const loaded = loadProject([{ name: 'fire_stations.geojson', bytes: enc(stations('B', 'C')) }]);
    const f = importFindings('merge', cur.project, loaded, ['fireStations'], []);
    expect(f.map((i) => [i.code, i.file, i.field])).toEqual([['scenario-stale-edit', 'project.json', 'scenarios.list[0].edits[0]']]);
    expect(f[0].message.zh).toContain('消防救援站“A”');
  });

  test('merge: a file that still holds A, or a layer no edit names, brings nothing new; nothing taken, nothing found', () => {
    const cur = open();
    expect(importFindings('merge', cur.project, loadProject([{ name: 'fire_stations.geojson', bytes: enc(stations('A', 'C')) }]), ['fireStations'], [])).toEqual([]);
    expect(importFindings('merge', cur.project, loadProject([{ name: 'hydrants.geojson', bytes: enc(createHydrants(1)) }]), ['hydrants'], [])).toEqual([]);
    expect(importFindings('merge', cur.project, loadProject([{ name: 'fire_stations.geojson', bytes: enc(stations('C')) }]), [], [])).toEqual([]);
  });

  test('replace: every finding of the loaded project (the unknown params key, with the key it may have meant)', () => {
    const loaded = open();
    const f = importFindings('replace', null, loaded, ['fireStations'], []);
    expect(f.map((i) => [i.code, i.field])).toEqual([['unknown-param', 'params.hydrant_radius']]);
  });
});

describe('importFindings: params values the analyses refuse', () => {
  test('replace: the project\'s and a scenario\'s out-of-range values are errors naming project.json and the key; merge leaves params alone', () => {
    const pj = { name: '测试县', params: { turnout: -1 }, scenarios: { active: 'base', list: [{ id: 'base', name: '现状', edits: [] }, { id: 's1', name: '新建二站', edits: [], params: { turnout: 99 } }] } };
    const loaded = loadProject([{ name: 'project.json', bytes: enc(pj) }, { name: 'hydrants.geojson', bytes: enc(createHydrants(1)) }]);
    const f = importFindings('replace', null, loaded, ['hydrants'], []);
    expect(f.map((i) => [i.severity, i.code, i.file, i.field])).toEqual([
      ['error', 'param-refused', 'project.json', 'params.turnout'],
      ['error', 'param-refused', 'project.json', 'scenarios.list[1].params.turnout'],
    ]);
    expect(f[1].message.zh).toContain('新建二站');
    expect(importFindings('merge', loaded.project, loadProject([{ name: 'hydrants.geojson', bytes: enc(createHydrants(2)) }]), ['hydrants'], [])).toEqual([]);
  });
});
