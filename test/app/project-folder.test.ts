import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../layers/load/index';
import { projectFolderInZip } from '../../layers/load/foreign/index';
import type { Project } from '../../layers/types';
import { projectFolderZip, LEDGER_FILE_PREFIX } from '../../src/export/project-folder';
import { applyMapping, proposeMapping } from '../../layers/load/ledger/mapping';
import { readLedger } from '../../layers/load/ledger/read-ledger';
import { LEDGER_TABLES } from '../../src/panels/tables/column-view';
import { openNodeDb } from '../../src/db/duckdb-node';
import { runIndicators } from '../../src/db/indicators';
import { loadProjectTables } from '../../src/db/project-tables';
import { nodeSqlSource } from '../../src/db/sql-source-node';
import { run as runIndicatorsCli } from '../../cli/commands/indicators';
import { projectFromParts, projectParts } from '../../src/workers/tasks/export-project';
import { tempDirs } from '../support/temp-dirs';

const tempDir = tempDirs();
const enc = new TextEncoder();
const hydrants = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'H1', kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: [114.7, 38.6] } },
    { type: 'Feature', properties: { id: 'H2', kind: 'hydrant', status: 'broken' }, geometry: { type: 'Point', coordinates: [114.71, 38.6] } },
  ],
};
const HOUSEHOLDS = ['id,lon,lat,township,village,heating,persons', 'A1,114.70,38.60,恒州镇,东村,gas,3', 'A2,114.71,38.60,恒州镇,东村,electric,2', 'B1,114.705,38.60,灵山镇,西村,gas,4', 'B2,114.708,38.60,灵山镇,西村,clean_coal,5'].join('\n');

function small(): Project {
  const { project } = loadProject([
    { name: 'project.json', bytes: enc.encode(JSON.stringify({ name: '试验县', region: '130634', params: { 'coal-price': 1300 } })) },
    { name: 'hydrants.geojson', bytes: enc.encode(JSON.stringify(hydrants)) },
    { name: 'households.csv', bytes: enc.encode(HOUSEHOLDS) },
  ]);
  return project;
}

/** A sheet imported as the 指标 tab's ledger import does it (readLedger, proposed mapping, applyMapping): the table it adds to the project. */
function importSheet(kind: keyof typeof LEDGER_TABLES, file: string, text: string): NonNullable<Project['tables']>[string] {
  const target = LEDGER_TABLES[kind];
  const [sheet] = readLedger(file, enc.encode(text));
  const res = applyMapping(sheet, target, proposeMapping(sheet.columns, target).mapping);
  expect(res.failures).toEqual([]);
  return { target: target.id, file, rows: res.records.map((r) => ({ ...r })) };
}

/** The demo-like project with three ledgers imported: task progress, and two 双代 ledgers (ids with leading zeros, a village starting with '-'). */
function withLedgers(): Project {
  return {
    ...small(),
    tables: {
      task_progress: importSheet('task_progress', '任务表.csv', '镇（街道）,任务数,完成数\n恒州镇,10,7\n灵山镇,5,5\n合计,15,12\n'),
      ledger_old: importSheet('ledger_old', '2023台账.csv', '户编号,乡镇,村,户主,改造类型\n0001,恒州镇,东村,张三,气代煤\n0002,恒州镇,-3组,李四,电代煤\n0003,灵山镇,西村,王五,气代煤\n'),
      ledger_new: importSheet('ledger_new', '2024台账.csv', '户编号,乡镇,村,户主,改造类型\n0001,恒州镇,东村,张三,气代煤\n0003,灵山镇,西村,王五,电代煤\n0004,灵山镇,西村,赵六,气代煤\n'),
    },
  };
}

function reopen(files: Record<string, Uint8Array>) {
  return loadProject(Object.entries(files).map(([name, bytes]) => ({ name, bytes })));
}

describe('导出项目: the project folder as a zip (src/export/project-folder.ts) and a zipped folder opened as a project', () => {
  test('project.json, a file per layer with data (no empty layers), each ledger as 台账_<table>.csv recorded in project.json; loading the files gives the project back, ledgers included', () => {
    const project = withLedgers();
    const { zip, files } = projectFolderZip(project);
    expect(files.sort()).toEqual(['households.csv', 'hydrants.geojson', 'project.json', ...['ledger_new', 'ledger_old', 'task_progress'].map((t) => `${LEDGER_FILE_PREFIX}${t}.csv`)].sort());
    const out = unzipSync(zip);
    const json = JSON.parse(strFromU8(out['project.json']));
    expect(json).toMatchObject({ name: '试验县', region: '130634', params: { 'coal-price': 1300 } });
    expect(json.tables).toEqual({
      task_progress: { target: 'task_progress', file: '台账_task_progress.csv', source: '任务表.csv' },
      ledger_old: { target: 'dual_ledger', file: '台账_ledger_old.csv', source: '2023台账.csv' },
      ledger_new: { target: 'dual_ledger', file: '台账_ledger_new.csv', source: '2024台账.csv' },
    });
    // the ledger for Excel: BOM, a column per field of its target, the id as written (0001 kept), '-3组' guarded against formulas
    const ledger = out[`${LEDGER_FILE_PREFIX}ledger_old.csv`];
    expect([...ledger.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(strFromU8(ledger.slice(3)).split('\r\n').slice(0, 3)).toEqual(['id,township,village,name,type', '0001,恒州镇,东村,张三,gas', "0002,恒州镇,'-3组,李四,electric"]);

    const back = reopen(out);
    expect(back.project.name).toBe('试验县');
    expect(back.project.region).toBe('130634');
    expect(back.project.params).toEqual({ 'coal-price': 1300 });
    const l = back.project.layers.hydrants;
    expect(l.kind === 'geojson' ? l.data.features.map((f) => [f.properties?.id, f.properties?.status]) : null).toEqual([['H1', 'working'], ['H2', 'broken']]);
    // every ledger back as imported: same target, the file it came from, the same rows (the 合计 row was never imported)
    expect(back.project.tables).toEqual(project.tables);
    expect(back.project.tables!.task_progress.rows).toHaveLength(2);
    expect(back.report.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(back.report.issues.some((i) => i.code === 'unknown-file')).toBe(false);
  });

  test('a households.csv cell the writer guarded against formulas (\'-3组, \'+8601) opens as it was written', () => {
    const csv = 'id,lon,lat,township,village,heating,persons\nA1,114.70,38.60,恒州镇,-3组,gas,3\n+8601,114.71,38.60,恒州镇,=东村,gas,2\n';
    const project = { ...small(), layers: { ...small().layers, households: loadProject([{ name: 'households.csv', bytes: enc.encode(csv) }]).project.layers.households } };
    const out = unzipSync(projectFolderZip(project).zip);
    expect(strFromU8(out['households.csv'])).toContain("'+8601");
    const h = reopen(out).project.layers.households;
    if (h.kind !== 'columns' || h.columns.village.type !== 'category') throw new Error('households as columns expected');
    const village = h.columns.village;
    expect(h.ids).toEqual(['A1', '+8601']);
    expect([...village.codes].map((c) => village.dict[c])).toEqual(['-3组', '=东村']);
  });

  test('a damaged ledger file is an error naming file, row and field, and that table is not imported at all; a listed file missing is an error; the rest of the project opens', () => {
    const out = unzipSync(projectFolderZip(withLedgers()).zip);
    const text = strFromU8(out['台账_task_progress.csv']);
    out['台账_task_progress.csv'] = strToU8(text.replace('灵山镇,5,5', '灵山镇,五个,5'));
    delete out['台账_ledger_old.csv'];
    const back = reopen(out);
    const bad = back.report.issues.filter((i) => i.severity === 'error');
    expect(bad.map((i) => [i.code, i.file, i.row ?? null, i.field ?? null])).toEqual([
      ['bad-ledger', '台账_task_progress.csv', 3, 'target'],
      ['missing-ledger', '台账_ledger_old.csv', null, null],
    ]);
    expect(bad[0].message.zh).toContain('未导入');
    expect(Object.keys(back.project.tables ?? {})).toEqual(['ledger_new']);
    expect(back.project.tables!.ledger_new.rows.map((r) => r.id)).toEqual(['0001', '0003', '0004']);
    expect(back.project.name).toBe('试验县');
    // a required column gone: the whole table is refused, naming the field
    const noTarget = unzipSync(projectFolderZip(withLedgers()).zip);
    noTarget['台账_task_progress.csv'] = strToU8('township,completed\r\n恒州镇,7\r\n');
    const r2 = reopen(noTarget);
    expect(r2.report.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.field])).toEqual([['bad-ledger', 'target']]);
    expect(r2.project.tables?.task_progress).toBeUndefined();
  });

  test('a folder exported before session 17 (台账 files, no tables in project.json) still opens: the ledgers are left out with a note', () => {
    const out = unzipSync(projectFolderZip(withLedgers()).zip);
    const json = JSON.parse(strFromU8(out['project.json']));
    delete json.tables;
    out['project.json'] = strToU8(JSON.stringify(json));
    const back = reopen(out);
    expect(back.project.tables).toBeUndefined();
    expect(back.report.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(back.report.issues.filter((i) => i.code === 'unknown-file').map((i) => i.file).sort()).toEqual(['台账_ledger_new.csv', '台账_ledger_old.csv', '台账_task_progress.csv']);
  });

  test('the command line on the exported folder gives the app\'s indicator figures (ledgers read from the folder, no --tasks or --ledger options)', async () => {
    const project = withLedgers();
    // the app: the project's layers and imported tables in DuckDB (loadProjectTables), the indicator SQL over them
    const db = await openNodeDb();
    let app;
    try {
      await loadProjectTables(db, project);
      app = await runIndicators(db, nodeSqlSource, project.params);
    } finally {
      await db.close();
    }
    const dir = tempDir('export-cli-');
    for (const [name, bytes] of Object.entries(unzipSync(projectFolderZip(project).zip))) writeFileSync(join(dir, name), bytes);
    const outDir = join(dir, 'out');
    await runIndicatorsCli({ command: 'indicators', data: dir, out: outDir, options: {}, args: [] } as never);
    const cli = JSON.parse(readFileSync(join(outDir, 'indicators.json'), 'utf8')) as { cards: { id: string; value: number | null; status: string }[]; tables: Record<string, number>; queries: Record<string, unknown[]> };
    expect(cli.tables).toMatchObject({ task_progress: 2, ledger_old: 3, ledger_new: 3 });
    const values = (cards: { id: string; value: number | null }[]) => Object.fromEntries(cards.map((c) => [c.id, c.value]));
    expect(values(cli.cards)).toEqual(values(app.cards));
    // the ledger cards hold figures, not "no data": 12 of 15 done; the 双代 ledgers compared
    expect(values(cli.cards).task_completion).toBeCloseTo(12 / 15, 12);
    expect(cli.queries.dual_conversion_compare).toEqual(JSON.parse(JSON.stringify(app.queries.dual_conversion_compare)));
    expect(cli.queries.dual_conversion_compare.length).toBeGreaterThan(0);
  }, 120_000);

  test('the export worker\'s input in pieces (a GeoJSON layer in slices of 2,000 features, a column layer in slices of 25,000 rows) gives the same folder back, and leaves the project as it was', () => {
    const base = withLedgers();
    const many = { type: 'FeatureCollection' as const, features: Array.from({ length: 4500 }, (_, i) => ({ type: 'Feature' as const, properties: { id: `H${i}`, kind: 'hydrant', status: 'working' }, geometry: { type: 'Point' as const, coordinates: [114.7 + i * 1e-6, 38.6] } })) };
    // 60,000 households: the four of the fixture repeated, ids made unique
    const csv = [HOUSEHOLDS.split('\n')[0], ...Array.from({ length: 15_000 }, (_, i) => HOUSEHOLDS.split('\n').slice(1).map((l) => l.replace(/^(\w+),/, `$1-${i},`))).flat()].join('\n');
    const households = loadProject([{ name: 'households.csv', bytes: enc.encode(csv) }]).project.layers.households;
    const project: Project = { ...base, layers: { ...base.layers, households, hydrants: { kind: 'geojson', id: 'hydrants', data: many } as Project['layers']['hydrants'] } };
    const { head, parts } = projectParts(project);
    expect(parts.filter((p) => p.id === 'hydrants').map((p) => (p.data.kind === 'geojson' ? p.data.data.features.length : -1))).toEqual([2000, 2000, 500]);
    expect(parts.filter((p) => p.id === 'households').map((p) => (p.data.kind === 'columns' ? p.data.count : -1))).toEqual([25_000, 25_000, 10_000]);
    expect(Object.keys(head.layers)).toEqual([]);
    // cloned as postMessage would, then put together in the worker
    const again = projectFromParts(structuredClone(head), structuredClone(parts));
    const files = (p: Project) => Object.fromEntries(Object.entries(unzipSync(projectFolderZip(p).zip)).map(([k, v]) => [k, strFromU8(v)]));
    expect(files(again)).toEqual(files(project));
    expect(project.layers.hydrants.kind === 'geojson' && project.layers.hydrants.data.features.length).toBe(4500);
  });

  test('a zip with project.json at its top or in one folder opens as a project folder; any other zip, or a broken one, is left to the import step', () => {
    const { zip } = projectFolderZip(small());
    expect(projectFolderInZip({ name: '试验县.zip', bytes: zip })!.map((f) => f.name).sort()).toEqual(['试验县.zip/households.csv', '试验县.zip/hydrants.geojson', '试验县.zip/project.json']);
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
