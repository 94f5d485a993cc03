import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadProjectTables, tableNameOf } from '../../src/db/project-tables.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';
import { createHouseholds, createPointLayer, createProject, createSmallCounty } from './helpers.ts';
import { DB_ENGINES } from './engines.ts';

let db: TabularDb;

describe.each(DB_ENGINES)('DuckDB $engine', ({ open }) => {
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('loadProjectTables', () => {
    test('table names are the contract file base names', () => {
      expect(tableNameOf('fireStations')).toBe('fire_stations');
      expect(tableNameOf('dualConversionAreas')).toBe('dual_conversion_areas');
      expect(tableNameOf('builtUp')).toBe('built_up');
    });

    test('the sheets the user imported (project.tables) are loaded after the layers, typed by their target (session 16: they were lost on every new project revision)', async () => {
      const project = {
        ...createProject({}),
        tables: { task_progress: { target: 'task_progress', file: '任务.csv', rows: [{ township: '恒州镇', target: 100, completed: 80 }, { township: '灵山镇', target: 50, completed: null }] } },
      };
      const counts = await loadProjectTables(db, project);
      expect(counts.task_progress).toBe(2);
      const rows = await db.query('SELECT township, target, completed FROM task_progress ORDER BY target');
      expect(rows).toEqual([
        { township: '灵山镇', target: 50, completed: null },
        { township: '恒州镇', target: 100, completed: 80 },
      ]);
      await expect(loadProjectTables(db, { ...project, tables: { t: { target: 'nothing', file: 'x', rows: [] } } })).rejects.toThrow(/unknown target/);
    });

    test('loads households column by column with ids, coordinates and NULLs', async () => {
      const project = createProject({
        households: createHouseholds([
          { id: 'H1', lon: 114.1, lat: 38.1, township: '恒州镇', heating: 'gas', persons: 3, co_alarm: true },
          { id: 'H2', lon: 114.2, lat: 38.2, persons: 2, co_alarm: false },
        ]),
      });
      const counts = await loadProjectTables(db, project);
      expect(counts).toEqual({ households: 2 });
      const rows = await db.query('SELECT id, lon, lat, township, heating, persons, coal_tonnes, co_alarm FROM households ORDER BY id');
      expect(rows).toEqual([
        { id: 'H1', lon: 114.1, lat: 38.1, township: '恒州镇', heating: 'gas', persons: 3, coal_tonnes: null, co_alarm: true },
        { id: 'H2', lon: 114.2, lat: 38.2, township: null, heating: null, persons: 2, coal_tonnes: null, co_alarm: false },
      ]);
    });

    test('loads a GeoJSON point layer with _fid, lon/lat (NULL when unlocated) and typed properties', async () => {
      const project = createProject({
        kindergartens: createPointLayer('kindergartens', [
          { id: 'K1', lon: 114.5, lat: 38.5, name: '中心园', enrolled: 120, inclusive: true, note: 5 },
          { id: 'K2', name: '村园', enrolled: null, inclusive: false, note: 'five' },
        ]),
      });
      await loadProjectTables(db, project);
      const types = await db.query(
        "SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 'kindergartens' ORDER BY ordinal_position",
      );
      // note mixes a number and a text → VARCHAR
      expect(types).toEqual([
        { c: '_fid', t: 'DOUBLE' },
        { c: 'lon', t: 'DOUBLE' },
        { c: 'lat', t: 'DOUBLE' },
        { c: 'id', t: 'VARCHAR' },
        { c: 'name', t: 'VARCHAR' },
        { c: 'enrolled', t: 'DOUBLE' },
        { c: 'inclusive', t: 'BOOLEAN' },
        { c: 'note', t: 'VARCHAR' },
      ]);
      expect(await db.query('SELECT * FROM kindergartens ORDER BY _fid')).toEqual([
        { _fid: 0, lon: 114.5, lat: 38.5, id: 'K1', name: '中心园', enrolled: 120, inclusive: true, note: '5' },
        { _fid: 1, lon: null, lat: null, id: 'K2', name: '村园', enrolled: null, inclusive: false, note: 'five' },
      ]);
    });

    test('does not mutate the project', async () => {
      const project = createSmallCounty();
      const before = structuredClone(project);
      await loadProjectTables(db, project);
      expect(project).toEqual(before);
    });

    test('an empty GeoJSON layer becomes an empty table', async () => {
      await loadProjectTables(db, createProject({ hydrants: createPointLayer('hydrants', []) }));
      expect(await db.query('SELECT count(*) AS n FROM hydrants')).toEqual([{ n: 0 }]);
    });

    test('throws on a project without layers', async () => {
      await expect(loadProjectTables(db, {} as never)).rejects.toThrow(/project with layers/);
    });
  });

  describe('a new project starts clean', () => {
    test('dropAllTables removes the last project\'s layers and imported sheets', async () => {
      const { dropAllTables } = await import('../../src/db/db-session.ts');
      await loadProjectTables(db, createSmallCounty());
      await db.insertTable('task_progress', { township: { type: 'varchar', values: ['A'] } });
      await db.query('CREATE OR REPLACE VIEW v_test AS SELECT 1 AS x');
      await dropAllTables(db);
      expect(await db.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main'")).toEqual([{ n: 0 }]);
    });
  });
});
