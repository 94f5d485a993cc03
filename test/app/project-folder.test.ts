import { strFromU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../layers/load/index';
import { projectFolderInZip } from '../../layers/load/foreign/index';
import { projectFolderZip, LEDGER_FILE_PREFIX } from '../../src/export/project-folder';

const enc = new TextEncoder();
const hydrants = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'H1', kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } },
    { type: 'Feature', properties: { id: 'H2', kind: 'hydrant', status: 'broken' }, geometry: { type: 'Point', coordinates: [114.71, 38.6] } },
  ],
};

function small() {
  const { project } = loadProject([
    { name: 'project.json', bytes: enc.encode(JSON.stringify({ name: '试验县', region: '130634', params: { 'coal-price': 1300 } })) },
    { name: 'hydrants.geojson', bytes: enc.encode(JSON.stringify(hydrants)) },
  ]);
  return project;
}

describe('导出项目: the project folder as a zip (src/export/project-folder.ts) and a zipped folder opened as a project', () => {
  test('project.json, a file per layer with data (no empty layers), a ledger as 台账_<table>.csv; loading the files gives the project back', () => {
    const project = { ...small(), tables: { dual_ledger: { target: 'dual_ledger', file: '台账.xlsx', rows: [{ household_id: '0001', town: '恒州镇' }, { household_id: '2', town: null }] } } };
    const { zip, files } = projectFolderZip(project);
    expect(files.sort()).toEqual(['hydrants.geojson', 'project.json', `${LEDGER_FILE_PREFIX}dual_ledger.csv`].sort());
    const out = unzipSync(zip);
    expect(JSON.parse(strFromU8(out['project.json']))).toEqual({ name: '试验县', region: '130634', params: { 'coal-price': 1300 } });
    // the ledger for Excel: BOM, header of its fields, the id as written (0001 kept)
    const ledger = out[`${LEDGER_FILE_PREFIX}dual_ledger.csv`];
    expect([...ledger.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(strFromU8(ledger.slice(3))).toBe('household_id,town\r\n0001,恒州镇\r\n2,\r\n');
    const back = loadProject(Object.entries(out).map(([name, bytes]) => ({ name, bytes })));
    expect(back.project.name).toBe('试验县');
    expect(back.project.region).toBe('130634');
    expect(back.project.params).toEqual({ 'coal-price': 1300 });
    const l = back.project.layers.hydrants;
    expect(l.kind === 'geojson' ? l.data.features.map((f) => [f.properties?.id, f.properties?.status]) : null).toEqual([['H1', 'working'], ['H2', 'broken']]);
    // the ledger is not a contract file: left out, with a note naming it
    expect(back.report.issues.some((i) => i.code === 'unknown-file' && i.file === `${LEDGER_FILE_PREFIX}dual_ledger.csv`)).toBe(true);
  });

  test('a zip with project.json at its top or in one folder opens as a project folder; any other zip, or a broken one, is left to the import step', () => {
    const { zip } = projectFolderZip(small());
    expect(projectFolderInZip({ name: '试验县.zip', bytes: zip })!.map((f) => f.name).sort()).toEqual(['试验县.zip/hydrants.geojson', '试验县.zip/project.json']);
    const inFolder = zipSync({ '试验县/project.json': enc.encode('{"name":"x"}'), '试验县/hydrants.geojson': enc.encode(JSON.stringify(hydrants)), '__MACOSX/._x': enc.encode('junk') });
    expect(projectFolderInZip({ name: 'a.zip', bytes: inFolder })!.map((f) => f.name).sort()).toEqual(['a.zip/试验县/hydrants.geojson', 'a.zip/试验县/project.json']);
    const deeper = zipSync({ 'a/b/project.json': enc.encode('{}'), 'a/b/hydrants.geojson': enc.encode('{}') });
    expect(projectFolderInZip({ name: 'deep.zip', bytes: deeper })).toBeNull();
    const shapes = zipSync({ 'roads.shp': new Uint8Array(100), 'roads.dbf': new Uint8Array(10) });
    expect(projectFolderInZip({ name: 'roads.zip', bytes: shapes })).toBeNull();
    expect(projectFolderInZip({ name: 'broken.zip', bytes: enc.encode('PK not really') })).toBeNull();
    expect(projectFolderInZip({ name: 'project.json', bytes: enc.encode('{}') })).toBeNull();
  });
});
