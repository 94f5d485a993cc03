import { describe, expect, test } from 'vitest';
import { formatIssue, loadProject } from '../../layers/load/index.ts';
import { projectJsonFindings } from '../../layers/load/project-findings.ts';

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const STATIONS = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id: 'A', name: 'A', level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } }],
};

function load(edits: unknown[]) {
  const project = { name: '测试县', params: {}, scenarios: { active: 's1', list: [{ id: 's1', name: '撤并方案', edits }] } };
  const loaded = loadProject([
    { name: 'project.json', bytes: enc(project) },
    { name: 'fire_stations.geojson', bytes: enc(STATIONS) },
  ]);
  return projectJsonFindings(loaded.project).filter((i) => i.code.startsWith('scenario-'));
}

describe('project.json scenario edits that do nothing are reported', () => {
  test('removing a station id the data does not hold → scenario-stale-edit naming the scenario, the edit and the id', () => {
    const issues = load([{ op: 'remove', layer: 'fireStations', id: 'NOPE' }]);
    expect(issues.map((i) => [i.severity, i.code, i.file, i.field])).toEqual([['warning', 'scenario-stale-edit', 'project.json', 'scenarios.list[0].edits[0]']]);
    expect(formatIssue(issues[0], 'en')).toBe(
      'File project.json, field scenarios.list[0].edits[0]: Edit 1 of scenario "撤并方案" is for Fire stations "NOPE", which is not in the Fire stations layer (it may have been imported again); the edit does nothing.',
    );
    expect(issues[0].message.zh).toBe('方案“撤并方案”的第 1 项修改针对消防救援站“NOPE”，但消防救援站图层中没有这个编号（可能是图层重新导入过）；这项修改不起作用。');
  });

  test('a status outside the layer list → scenario-bad-status; edits of existing ids, and of a site the scenario adds, pass', () => {
    const issues = load([
      { op: 'status', layer: 'fireStations', id: 'A', status: '撤销' },
      { op: 'add', layer: 'fireStations', id: 'N1', lon: 114.72, lat: 38.61, properties: { status: 'proposed' } },
      { op: 'status', layer: 'fireStations', id: 'N1', status: 'planned' },
      { op: 'move', layer: 'fireStations', id: 'A', lon: 114.71, lat: 38.6 },
    ]);
    expect(issues.map((i) => [i.code, i.field])).toEqual([['scenario-bad-status', 'scenarios.list[0].edits[0].status']]);
    expect(issues[0].message.en).toBe(
      'Edit 1 of scenario "撤并方案" sets the status of Fire stations "A" to "撤销", which is not one of: existing (现有), planned (规划), proposed (建议); no analysis counts it under any status.',
    );
  });
});

describe('projectJsonFindings: what validate and the layers panel list about project.json, from the project as it is now', () => {
  const project = (stations: unknown, params: Record<string, unknown>) =>
    loadProject([
      { name: 'project.json', bytes: enc({ name: '测试县', params, scenarios: { active: 's1', list: [{ id: 's1', name: '撤并方案', edits: [{ op: 'remove', layer: 'fireStations', id: 'A' }] }] } }) },
      { name: 'fire_stations.geojson', bytes: enc(stations) },
    ]);

  test('a params key nothing reads → unknown-param naming project.json and params.<key>, with the nearest key; known keys pass', () => {
    const { project: p } = project(STATIONS, { turnout_time: 2, turnout: 1 });
    expect(projectJsonFindings(p).map((i) => [i.severity, i.code, i.file, i.field, i.message.en])).toEqual([
      ['warning', 'unknown-param', 'project.json', 'params.turnout_time', 'No analysis reads the parameter "turnout_time"; its value is ignored and the default used. Did you mean "turnout"?'],
    ]);
  });

  test('the loader leaves them to this function (one copy of the rule, listed once)', () => {
    const { report } = project({ type: 'FeatureCollection', features: [] }, { turnout_time: 2 });
    expect(report.issues.filter((i) => i.file === 'project.json')).toEqual([]);
  });

  test('the stations layer replaced by one without station A (imported again): the remove edit of A becomes stale', () => {
    const loaded = project(STATIONS, {});
    expect(projectJsonFindings(loaded.project)).toEqual([]);
    const other = { type: 'FeatureCollection', features: [{ ...STATIONS.features[0], properties: { ...STATIONS.features[0].properties, id: 'B' } }] };
    const again = project(other, {});
    const now = { ...loaded.project, layers: { ...loaded.project.layers, fireStations: again.project.layers.fireStations } };
    expect(projectJsonFindings(now).map((i) => [i.code, i.field])).toEqual([['scenario-stale-edit', 'scenarios.list[0].edits[0]']]);
  });
});
