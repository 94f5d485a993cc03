import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';
import { anyGeometryStyle, coordinateColumns, featuresForIds, guessLayerOfQuery, idColumn, rowsToPoints } from '../../src/panels/sql/result-to-map.ts';
import { parseSavedQueries, removeSavedQuery, upsertSavedQuery } from '../../src/panels/sql/saved-queries.ts';
import { buildTableQuery, tableColumns } from '../../src/panels/tables/table-query.ts';
import { createSmallCounty } from './helpers.ts';
import { DB_ENGINES } from './engines.ts';

let db: TabularDb;

describe.each(DB_ENGINES)('DuckDB $engine', ({ open }) => {
  beforeAll(async () => {
    db = await open();
    await loadProjectTables(db, createSmallCounty());
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('table view query (run on DuckDB)', () => {
    test('search over text columns, a column filter and a sort', async () => {
      const columns = await tableColumns(db, 'households');
      const q = buildTableQuery({ columns, search: 'clean', filter: { column: 'township', value: 'A' }, selectedIds: null, keyColumn: 'id', sort: { column: 'coal_tonnes', desc: true } });
      const rows = await db.query(`SELECT id FROM households${q.where}${q.order}`, q.params);
      // clean_coal in A: H3 (3 t), H4 (1.5 t) → by tonnes descending
      expect(rows.map((r) => r.id)).toEqual(['H3', 'H4']);
    });

    test('only the features selected on the map', async () => {
      const columns = await tableColumns(db, 'households');
      const q = buildTableQuery({ columns, search: '', filter: null, selectedIds: ['H7', 'H2', 'nope'], keyColumn: 'id', sort: { column: 'id', desc: false } });
      expect((await db.query(`SELECT id FROM households${q.where}${q.order}`, q.params)).map((r) => r.id)).toEqual(['H2', 'H7']);
    });

    test('an empty selection shows no rows; a quote in the search is data, not SQL', async () => {
      const columns = await tableColumns(db, 'households');
      const none = buildTableQuery({ columns, search: '', filter: null, selectedIds: [], keyColumn: 'id', sort: null });
      expect(await db.query(`SELECT id FROM households${none.where}`, none.params)).toEqual([]);
      const quote = buildTableQuery({ columns, search: "x' OR '1'='1", filter: null, selectedIds: null, keyColumn: 'id', sort: null });
      expect(await db.query(`SELECT id FROM households${quote.where}`, quote.params)).toEqual([]);
    });

    test('unknown sort or filter columns are ignored', () => {
      const q = buildTableQuery({ columns: [{ name: 'id', type: 'VARCHAR' }], search: '', filter: { column: 'x"; DROP', value: '1' }, selectedIds: null, keyColumn: 'id', sort: { column: 'nope', desc: false } });
      expect(q).toEqual({ where: '', params: [], order: '' });
    });
  });

  describe('SQL console helpers', () => {
    test('saved queries: add, replace by name, remove; malformed storage is ignored', () => {
      let list = upsertSavedQuery([], { name: ' a ', sql: 'SELECT 1' });
      list = upsertSavedQuery(list, { name: 'b', sql: 'SELECT 2' });
      list = upsertSavedQuery(list, { name: 'a', sql: 'SELECT 3' });
      expect(list).toEqual([
        { name: 'b', sql: 'SELECT 2' },
        { name: 'a', sql: 'SELECT 3' },
      ]);
      expect(removeSavedQuery(list, 'b')).toEqual([{ name: 'a', sql: 'SELECT 3' }]);
      expect(parseSavedQueries('{not json')).toEqual([]);
      expect(parseSavedQueries('[{"name":"x","sql":"S"},{"name":1},null]')).toEqual([{ name: 'x', sql: 'S' }]);
      expect(() => upsertSavedQuery([], { name: ' ', sql: '' })).toThrow();
    });

    test('a result with lon/lat becomes map points; rows without coordinates are left out', async () => {
      const rows = await db.query("SELECT household_id, lon, lat FROM (SELECT id AS household_id, lon, lat FROM households WHERE id IN ('H1','H2') UNION ALL SELECT 'X', NULL, NULL) ORDER BY household_id");
      const cols = coordinateColumns(Object.keys(rows[0]))!;
      expect(cols).toEqual({ lon: 'lon', lat: 'lat' });
      expect(idColumn(Object.keys(rows[0]))).toBe('household_id');
      const fc = rowsToPoints(rows, cols);
      // helpers.ts places household i at (114.7 + i·0.001, 38.6 + i·0.001): H1 i=0, H2 i=1
      expect(fc.features.map((f) => f.properties?.household_id)).toEqual(['H1', 'H2']);
      expect(fc.features[1].geometry.coordinates[0]).toBeCloseTo(114.701, 9);
      expect(fc.features[1].geometry.coordinates[1]).toBeCloseTo(38.601, 9);
      expect(fc.features[0].properties).toEqual({ household_id: 'H1' });
    });

    test('a result of ids becomes the matching features of the layer (households as points)', () => {
      const county = createSmallCounty();
      const hh = featuresForIds(county.layers.households, new Set(['H2', 'H8', 'nope']), 'id');
      expect(hh.features.map((f) => f.properties?.id)).toEqual(['H2', 'H8']);
      const kg = featuresForIds(county.layers.kindergartens, new Set(['K3']), 'id');
      expect(kg.features).toEqual([{ type: 'Feature', geometry: { type: 'Point', coordinates: [114.73, 38.6 + 2 * 0.001] }, properties: { id: 'K3', township: 'B', ownership: 'private', inclusive: false, enrolled: 2, capacity: 25 } }]);
      expect(featuresForIds(undefined, new Set(['x'])).features).toEqual([]);
      expect(anyGeometryStyle('#000').map((l) => l.type)).toEqual(['fill', 'line', 'circle']);
    });

    test('the layer a query reads is guessed from FROM/JOIN', () => {
      const tables = { households: 'households', fire_stations: 'fireStations' };
      expect(guessLayerOfQuery('SELECT id FROM "fire_stations" WHERE x', tables)).toBe('fireStations');
      expect(guessLayerOfQuery('select * from indicator_x join households h on true', tables)).toBe('households');
      expect(guessLayerOfQuery('SELECT 1', tables)).toBeNull();
    });

    test('no coordinate columns → not mappable', () => {
      expect(coordinateColumns(['township', 'n'])).toBeNull();
    });
  });
});
