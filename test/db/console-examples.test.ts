import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import type { Project } from '../../layers/types.ts';
import { computeIndicators, loadProjectIntoDb, setDbOpener, useDbSession, withDb } from '../../src/db/db-session.ts';
import { readSchema } from '../../src/db/indicator-status.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { Row, TabularDb } from '../../src/db/tabular-db.ts';
import { ensureIndicatorTables, runConsoleSql } from '../../src/panels/sql/run-console.ts';
import { EXAMPLE_QUERIES, FULL_SCHEMA, exampleMissing, type ExampleQuery } from '../../src/panels/sql/saved-queries.ts';
import { DB_ENGINES } from './engines.ts';
import { createHouseholds, createPointLayer, createProject } from './helpers.ts';

/**
 * Session 20: every example of the SQL console runs, through the console's own path (the app's
 * database session, `ensureIndicatorTables`, `runConsoleSql`), on the demo county and on a county
 * whose households file has no township column — on both engines. Until session 20 the examples
 * read `coalesce(township, township_in)` whatever the tables held ("Referenced column township not
 * found" on the second county), and `SELECT * FROM indicator_clean_coal` failed in a console opened
 * before the 指标 tab (the table exists only once the indicators ran on the loaded tables).
 *
 * The county without a township column, worked by hand: townships 甲乡 lon 116.00–116.01 and 乙镇
 * 116.01–116.02 (lat 39.00–39.01); households on lat 39.005:
 *   H1 116.002 甲乡 clean_coal 2 t, no CO alarm     H2 116.015 乙镇 gas
 *   H3 116.004 甲乡 clean_coal 3 t, CO alarm         H4 116.030 outside both, electric
 *   H5 116.018 乙镇 clean_coal 1.5 t, alarm not given
 * kindergartens without a township field: K1 116.003 (甲乡) 10 places, 3 enrolled; K2 116.016 (乙镇) 20 places, 2 enrolled.
 */
function createTownshipLessCounty(opts: { heating?: boolean } = {}): Project {
  const square = (name: string, x0: number, x1: number): Feature<Polygon, Record<string, unknown>> => ({
    type: 'Feature',
    properties: { name },
    geometry: { type: 'Polygon', coordinates: [[[x0, 39], [x1, 39], [x1, 39.01], [x0, 39.01], [x0, 39]]] },
  });
  const households = createHouseholds([
    { id: 'H1', lon: 116.002, lat: 39.005, village: '东关村', heating: 'clean_coal', coal_tonnes: 2, co_alarm: false },
    { id: 'H2', lon: 116.015, lat: 39.005, village: '东关村', heating: 'gas' },
    { id: 'H3', lon: 116.004, lat: 39.005, village: '西营村', heating: 'clean_coal', coal_tonnes: 3, co_alarm: true },
    { id: 'H4', lon: 116.03, lat: 39.005, village: '南庄村', heating: 'electric' },
    { id: 'H5', lon: 116.018, lat: 39.005, village: '北街村', heating: 'clean_coal', coal_tonnes: 1.5 },
  ]);
  delete households.columns.township;
  if (opts.heating === false) delete households.columns.heating;
  const kindergartens = createPointLayer('kindergartens', [
    { id: 'K1', lon: 116.003, lat: 39.005, name: '甲乡中心园', ownership: 'public', capacity: 10, enrolled: 3 },
    { id: 'K2', lon: 116.016, lat: 39.005, name: '乙镇中心园', ownership: 'public', capacity: 20, enrolled: 2 },
  ]);
  return createProject({
    households,
    kindergartens,
    townships: { kind: 'geojson', id: 'townships', data: { type: 'FeatureCollection', features: [square('甲乡', 116, 116.01), square('乙镇', 116.01, 116.02)] } },
  });
}

/** The database the session uses: whichever engine the running block opened. */
let engine: TabularDb | null = null;
const current: TabularDb = {
  query: (sql, params, options) => engine!.query(sql, params, options),
  insertTable: (name, columns) => engine!.insertTable(name, columns),
  close: async () => {},
};
beforeAll(() => setDbOpener(async () => current));

let revision = 1000;
/** Loads `project` into the session's database as a new revision (the indicator tables are gone after it). */
async function load(project: Project): Promise<void> {
  await loadProjectIntoDb(project, ++revision);
  expect(useDbSession.getState().status).toBe('ready');
  expect(useDbSession.getState().indicators).toBeNull();
}

/** An example run as the console runs it: its SQL for the tables as they are, the indicator tables computed first when needed. */
async function runExample(q: ExampleQuery): Promise<Row[]> {
  const schema = await withDb(readSchema);
  expect(exampleMissing(q, schema)).toEqual([]);
  const sql = q.sql(schema);
  expect(await ensureIndicatorTables(sql, () => computeIndicators(nodeSqlSource, {}))).toBeNull();
  return (await runConsoleSql(sql, new AbortController().signal, 'empty')).rows;
}

const example = (key: ExampleQuery['key']) => EXAMPLE_QUERIES.find((q) => q.key === key)!;
const plain = (rows: Row[]) => rows.map((r) => Object.values(r).map((v) => (typeof v === 'number' ? Number(v.toFixed(6)) : v)));

let demo: Project;
beforeAll(async () => {
  demo = (await loadProjectDir('data/demo')).project;
}, 120_000);

describe.each(DB_ENGINES)('the SQL console examples ($engine)', ({ open }) => {
  beforeAll(async () => {
    engine = await open();
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    engine = null;
  });

  test('on the demo county every example runs and gives rows', async () => {
    await load(demo);
    for (const q of EXAMPLE_QUERIES) {
      const rows = await runExample(q);
      expect(rows.length, q.key).toBeGreaterThan(0);
    }
  }, 120_000);

  test('on a county without a township column every example runs, townships from the polygons', async () => {
    await load(createTownshipLessCounty());
    const schema = await withDb(readSchema);
    // what the examples read before session 20
    await expect(withDb((db) => db.query(example('heatingByTownship').sql(FULL_SCHEMA)))).rejects.toThrow(/township/);
    expect(plain(await runExample(example('heatingByTownship')))).toEqual([
      ['乙镇', 'clean_coal', 1],
      ['乙镇', 'gas', 1],
      ['甲乡', 'clean_coal', 2],
      [null, 'electric', 1],
    ]);
    expect(plain(await runExample(example('cleanCoalNoAlarm')))).toEqual([
      ['H1', '甲乡', '东关村', 2, 116.002, 39.005],
      ['H5', '乙镇', '北街村', 1.5, 116.018, 39.005],
    ]);
    expect(plain(await runExample(example('kindergartenPlaces')))).toEqual([
      ['乙镇', 1, 20, 2],
      ['甲乡', 1, 10, 3],
    ]);
    // the indicator tables are computed first (none since the load): the county row of the clean-coal budget counts H1, H3, H5
    const coal = await runExample(example('cleanCoalView'));
    expect(coal.find((r) => r.level === 'county')?.households).toBe(3);
    await runExample(example('dilapidatedOverArea'));
    expect(schema.get('households')?.has('township')).toBe(false);
  }, 120_000);

  test('an example whose column the tables lack says which (and is not offered); the others still run', async () => {
    await load(createTownshipLessCounty({ heating: false }));
    const schema = await withDb(readSchema);
    expect(exampleMissing(example('heatingByTownship'), schema)).toEqual([{ table: 'households', column: 'heating' }]);
    expect(exampleMissing(example('cleanCoalNoAlarm'), schema)).toEqual([{ table: 'households', column: 'heating' }]);
    expect((await runExample(example('kindergartenPlaces'))).length).toBe(2);
    expect((await runExample(example('cleanCoalView'))).length).toBeGreaterThan(0);
  }, 120_000);

  test('without computing the indicators first, the indicator example fails in a console opened before 指标 (what ensureIndicatorTables prevents)', async () => {
    await load(createTownshipLessCounty());
    await expect(runConsoleSql(example('cleanCoalView').sql(FULL_SCHEMA), new AbortController().signal, 'empty')).rejects.toThrow(/indicator_clean_coal/);
    // a statement that reads no indicator table does not compute them
    let computed = 0;
    await ensureIndicatorTables('SELECT count(*) FROM households', async () => computed++);
    expect(computed).toBe(0);
    await ensureIndicatorTables('SELECT * FROM policy', async () => computed++);
    expect(computed).toBe(1);
  }, 120_000);
});
