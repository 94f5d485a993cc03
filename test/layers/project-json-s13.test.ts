import { describe, expect, test } from 'vitest';
import { loadProject } from '../../layers/load/load-project.ts';
import type { Project } from '../../layers/types.ts';

/** Session 13 red-team of project.json: one bad member must not take the others with it. */
describe('project.json with a params member that is not an object', () => {
  test('params is ignored with its warning, and the scenarios after it are still read', () => {
    const json = { name: '测试县', params: ['turnout', 1], scenarios: { active: 'b', list: [{ id: 'a', name: '现状', edits: [], params: {} }, { id: 'b', name: '方案A', edits: [], params: { turnout: 0.5 } }] } };
    const { project, report } = loadProject([{ name: 'project.json', bytes: new TextEncoder().encode(JSON.stringify(json)) }]);
    expect(report.issues.map((i) => i.code)).toContain('bad-params');
    expect(project.params).toEqual({});
    expect(project.scenarios?.list.map((s) => s.name)).toEqual(['现状', '方案A']);
    expect(project.scenarios?.active).toBe('b');
  });
});

describe('a station added by a scenario in project.json carries its values past the loader', () => {
  test('its turnout_min of "五分钟" or 99 and an unknown status are named, with the scenario and the edit, like the same value in fire_stations', async () => {
    const { projectJsonFindings } = await import('../../layers/load/project-findings.ts');
    const add = (id: string, properties: Record<string, unknown>) => ({ op: 'add' as const, layer: 'fireStations' as const, id, lon: 114.7, lat: 38.6, properties: { name: id, status: 'proposed', level: 'level1', ...properties } });
    const scenarios = { active: 's1', list: [{ id: 's1', name: '新建二站', params: {}, edits: [add('N1', { turnout_min: '五分钟' }), add('N2', { turnout_min: 99, status: '新建' }), add('N3', { turnout_min: '2分钟', district_limit_km2: 7 })] }] };
    const found = projectJsonFindings({ layers: {} as Project['layers'], params: {}, scenarios });
    expect(found.map((i) => [i.code, i.field])).toEqual([
      ['scenario-bad-value', 'scenarios.list[0].edits[0].properties.turnout_min'],
      ['scenario-bad-value', 'scenarios.list[0].edits[1].properties.status'],
      ['scenario-bad-value', 'scenarios.list[0].edits[1].properties.turnout_min'],
    ]);
    expect(found[2].message.zh).toBe('方案“新建二站”的第 2 项修改新增的消防救援站“N2”：“出动时间（turnout_min）”的值“99”不合理（应在 0–30 分钟 之间）。已按未填写处理，其余字段照常加载。');
    expect(found[0].message.en).toMatch(/^Edit 1 of scenario "新建二站" adds Fire stations "N1": Value "五分钟" of "Turnout time \(turnout_min\)" is not a number\./);
  });

  test('the fire analysis does not use an own turnout outside 0–30 min or a district limit outside (0, 1000] km² (it used 99 min)', async () => {
    const { fireCoverage } = await import('../../analysis/fire-coverage.ts');
    const stations = (p: Record<string, unknown>) => ({ type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: { id: 'A', status: 'existing', ...p }, geometry: { type: 'Point' as const, coordinates: [114.7, 38.6] } }] });
    const roads = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: { class: 'primary' }, geometry: { type: 'LineString' as const, coordinates: [[114.69, 38.6], [114.71, 38.6]] } }] };
    const run = (p: Record<string, unknown>) => fireCoverage({ roads }, stations(p), { cellSizeMeters: 100 }).stations[0];
    expect(run({ turnout_min: 99 }).turnoutMinutes).toBe(1);
    expect(run({ turnout_min: 30 }).turnoutMinutes).toBe(30);
    expect(run({ district_limit_km2: 5000 }).districtLimitKm2).toBe(7);
    expect(run({ district_limit_km2: 12 }).districtLimitKm2).toBe(12);
  });
});

describe('project.json members this version does not read', () => {
  test('a misspelt params or scenarios is a warning naming the member and the one it may mean (all parameters were silently the defaults); attribution (written by import-osm) passes', () => {
    const json = { name: '测试县', Params: { turnout: 2 }, scenario: { list: [] }, formatVersion: 3, attribution: '© OpenStreetMap' };
    const { project, report } = loadProject([{ name: 'project.json', bytes: new TextEncoder().encode(JSON.stringify(json)) }]);
    const found = report.issues.filter((i) => i.code === 'unknown-member');
    expect(found.map((i) => i.field)).toEqual(['Params', 'scenario', 'formatVersion']);
    expect(found[0].message.zh).toBe('project.json 中的“Params”本版本不读取，已忽略；是否应为“params”？（若文件由更新的版本写入，请用该版本打开。）');
    expect(found[1].message.en).toBe('This version does not read "scenario" in project.json; it is ignored. Did you mean "scenarios"? (If a newer version wrote the file, open it with that version.)');
    expect(found[2].message.en).toBe('This version does not read "formatVersion" in project.json; it is ignored. (If a newer version wrote the file, open it with that version.)');
    expect(found.every((i) => i.severity === 'warning')).toBe(true);
    expect(project.params).toEqual({});
  });
});

describe('values of a scenario in project.json read as the layer reads its file', () => {
  const stationsFile = JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { id: 'A', name: '一站', status: 'existing', level: 'level1' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } }],
  });
  const load = (edits: unknown[]) => {
    const json = { name: '测试县', scenarios: { active: 's1', list: [{ id: 's1', name: '方案A', params: {}, edits }] } };
    return loadProject([
      { name: 'project.json', bytes: new TextEncoder().encode(JSON.stringify(json)) },
      { name: 'fire_stations.geojson', bytes: new TextEncoder().encode(stationsFile) },
    ]);
  };

  test('a station added with status 现有 and turnout_min "2分钟" counts as existing with 2 min (was: status 现有 matched no status, so no analysis counted the station)', async () => {
    const { applyScenario } = await import('../../analysis/scenarios.ts');
    const { project, report } = load([{ op: 'add', layer: 'fireStations', id: 'N1', lon: 114.75, lat: 38.62, properties: { name: '新站', status: '现有', level: '一级站', turnout_min: '2分钟' } }]);
    const added = project.scenarios!.list[0].edits[0] as { properties: Record<string, unknown> };
    expect(added.properties).toEqual({ name: '新站', status: 'existing', level: 'level1', turnout_min: 2 });
    const stations = applyScenario(project).layers.fireStations;
    expect(stations?.kind === 'geojson' && stations.data.features.map((f) => [f.properties?.id, f.properties?.status])).toEqual([['A', 'existing'], ['N1', 'existing']]);
    const { projectJsonFindings } = await import('../../layers/load/project-findings.ts');
    expect(report.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(projectJsonFindings(project)).toEqual([]);
  });

  test('a status edit to 拟建 is the code planned; a value the layer refuses stays as written and is named', async () => {
    const { project } = load([
      { op: 'status', layer: 'fireStations', id: 'A', status: '拟建' },
      { op: 'add', layer: 'fireStations', id: 'N2', lon: 114.75, lat: 38.62, properties: { name: '新站', status: '新建', turnout_min: '五分钟' } },
    ]);
    const [st, add] = project.scenarios!.list[0].edits as unknown as [{ status: string }, { properties: Record<string, unknown> }];
    expect(st.status).toBe('planned');
    expect(add.properties).toEqual({ name: '新站', status: '新建', turnout_min: '五分钟' });
    const { projectJsonFindings } = await import('../../layers/load/project-findings.ts');
    expect(projectJsonFindings(project).map((i) => [i.code, i.field])).toEqual([
      ['scenario-bad-value', 'scenarios.list[0].edits[1].properties.status'],
      ['scenario-bad-value', 'scenarios.list[0].edits[1].properties.turnout_min'],
    ]);
  });
});
