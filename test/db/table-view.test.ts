import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';
import { cellText, columnViews, enumCodesMatching, fieldsOfTable, layerOfTable } from '../../src/panels/tables/column-view.ts';
import { buildTableQuery, defaultTable, tableColumns } from '../../src/panels/tables/table-query.ts';
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

  describe('table view: field labels and display values of a layer table', () => {
    test('tables map back to their layer definition by the contract file name', () => {
      expect(layerOfTable('households')).toBe(LAYERS.households);
      expect(layerOfTable('fire_stations')).toBe(LAYERS.fireStations);
      expect(layerOfTable('task_progress')).toBeNull();
    });

    test('households: labels as headers, raw names as tooltips, enum labels, 是/否, numbers with units', async () => {
      const columns = await tableColumns(db, 'households');
      const zh = columnViews(layerOfTable('households'), columns, 'zh');
      const en = columnViews(layerOfTable('households'), columns, 'en');
      const v = (views: typeof zh, name: string) => views.find((c) => c.name === name)!;
      // every column once; the loader's lon/lat go last
      const names = columns.map((c) => c.name);
      expect(zh.map((c) => c.name)).toEqual([...names.filter((n) => n !== 'lon' && n !== 'lat'), 'lon', 'lat']);
      expect(v(zh, 'house_grade').label).toBe('危房等级');
      expect(v(zh, 'house_grade').title).toBe('字段名：house_grade');
      expect(v(en, 'coal_tonnes').label).toBe('Clean coal ordered');
      expect(v(zh, 'heating').text('clean_coal')).toBe('洁净煤');
      expect(v(zh, 'heating').text('gas')).toBe('气代煤');
      expect(v(en, 'heating').text('gas')).toBe('Gas for coal');
      // a code outside the definition is shown as stored; a missing value is empty
      expect(v(zh, 'heating').text('biomass')).toBe('biomass');
      expect(v(zh, 'heating').text(null)).toBe('');
      expect([v(zh, 'co_alarm').text(true), v(zh, 'co_alarm').text(false), v(en, 'co_alarm').text(true)]).toEqual(['是', '否', 'Yes']);
      expect(v(zh, 'coal_tonnes').numeric).toBe(true);
      expect(v(zh, 'heating').numeric).toBe(false);
      expect(v(zh, 'coal_tonnes').text(1.5)).toBe('1.5 吨');
      expect(v(en, 'floor_area_m2').text(80)).toBe('80 m²');
      // 1234.567 rounded to 2 decimals with a thousands separator
      expect(v(en, 'persons').text(1234.567)).toBe('1,234.57 persons');
      // the loader's own columns get a name too
      expect(v(zh, 'lon').label).toBe('经度');
      expect(v(zh, 'lon').numeric).toBe(true);
    });

    test('the rows of the page are shown with labels while the query works on raw codes', async () => {
      const columns = await tableColumns(db, 'households');
      const views = columnViews(layerOfTable('households'), columns, 'zh');
      const q = buildTableQuery({ columns, search: '', filter: { column: 'heating', value: 'clean_coal' }, selectedIds: null, keyColumn: 'id', sort: { column: 'coal_tonnes', desc: true } });
      const rows = await db.query(`SELECT * FROM households${q.where}${q.order}`, q.params);
      const heating = views.find((c) => c.name === 'heating')!;
      const alarm = views.find((c) => c.name === 'co_alarm')!;
      // clean coal: H3 3 t (alarm), H5 2 t (alarm), H4 1.5 t (none), H8 no tonnes (last)
      expect(rows.map((r) => r.id)).toEqual(['H3', 'H5', 'H4', 'H8']);
      expect(rows.map((r) => heating.text(r.heating))).toEqual(['洁净煤', '洁净煤', '洁净煤', '洁净煤']);
      expect(rows.map((r) => alarm.text(r.co_alarm))).toEqual(['是', '是', '否', '']);
    });

    test('a boolean filter uses the stored true/false', async () => {
      const columns = await tableColumns(db, 'households');
      const q = buildTableQuery({ columns, search: '', filter: { column: 'co_alarm', value: 'false' }, selectedIds: null, keyColumn: 'id', sort: null });
      expect((await db.query(`SELECT id FROM households${q.where}`, q.params)).map((r) => r.id)).toEqual(['H4']);
    });

    test('searching an enum label finds the rows stored with its code (洁净煤 → clean_coal; 代煤 → gas and electric)', async () => {
      const columns = await tableColumns(db, 'households');
      const views = columnViews(layerOfTable('households'), columns, 'zh');
      expect(enumCodesMatching(views, '  ')).toEqual([]);
      expect(enumCodesMatching(views, '代煤')).toEqual([{ column: 'heating', codes: ['gas', 'electric'] }]);
      const run = async (search: string) => {
        const q = buildTableQuery({ columns, search, searchCodes: enumCodesMatching(views, search), filter: null, selectedIds: null, keyColumn: 'id', sort: { column: 'id', desc: false } });
        return (await db.query(`SELECT id FROM households${q.where}${q.order}`, q.params)).map((r) => r.id);
      };
      expect(await run('洁净煤')).toEqual(['H3', 'H4', 'H5', 'H8']);
      // gas: H1, H6; electric: H2
      expect(await run('代煤')).toEqual(['H1', 'H2', 'H6']);
      // D级 (house grade D): H2, H5
      expect(await run('D级')).toEqual(['H2', 'H5']);
      // the raw code still works
      expect(await run('clean_coal')).toEqual(['H3', 'H4', 'H5', 'H8']);
    });

    test('tables without a layer (imported sheets, SQL results) keep their column names; 是/否 and rounding', () => {
      const views = columnViews(null, [{ name: 'township', type: 'VARCHAR' }, { name: 'done', type: 'DOUBLE' }, { name: 'lon', type: 'DOUBLE' }], 'zh');
      expect(views.map((c) => [c.label, c.numeric])).toEqual([['township', false], ['done', true], ['lon', true]]);
      expect(cellText(true, 'zh')).toBe('是');
      expect(cellText(false, 'en')).toBe('No');
      // 1/3 rounded to 6 decimals
      expect(cellText(1 / 3, 'zh')).toBe('0.333333');
    });

    test('imported ledgers are shown with their target fields; other tables (views) keep their names', () => {
      const task = columnViews(fieldsOfTable('task_progress'), [{ name: 'township', type: 'VARCHAR' }, { name: 'target', type: 'DOUBLE' }, { name: 'completed', type: 'DOUBLE' }], 'zh');
      expect(task.map((c) => c.label)).toEqual(['乡镇', '任务数', '完成数']);
      const ledger = columnViews(fieldsOfTable('ledger_new'), [{ name: 'type', type: 'VARCHAR' }], 'zh');
      expect(ledger[0].text('electric')).toBe('电代煤');
      // a household ledger's lon/lat are its own fields, labelled 经度/纬度 by the target
      expect(columnViews(fieldsOfTable('households_ledger'), [{ name: 'lat', type: 'DOUBLE' }], 'en')[0].label).toBe('Latitude');
      expect(fieldsOfTable('indicator_clean_coal')).toBeNull();
    });

    test('a layer table with ids hides the feature index; a column another layer defines is labelled as there', () => {
      const cols = [{ name: '_fid', type: 'DOUBLE' }, { name: 'lon', type: 'DOUBLE' }, { name: 'id', type: 'VARCHAR' }, { name: 'village', type: 'VARCHAR' }, { name: 'remark', type: 'VARCHAR' }];
      const kg = columnViews(fieldsOfTable('kindergartens'), cols, 'zh');
      // village is not a kindergarten field but the households layer calls it 村; remark is nobody's
      expect(kg.map((c) => c.label)).toEqual(['编号', '村', 'remark', '经度']);
      // without an id column the feature index stays (it is the row key), last
      const noId = columnViews(fieldsOfTable('kindergartens'), cols.filter((c) => c.name !== 'id'), 'en');
      expect(noId.map((c) => c.name)).toEqual(['village', 'remark', '_fid', 'lon']);
      // the loader's township_in (the township polygon a point stands in) is named, not shown as
      // its database name (session 20 walk: 表格 showed "township_in" among the Chinese headers)
      const withIn = columnViews(fieldsOfTable('kindergartens'), [...cols, { name: 'township_in', type: 'VARCHAR' }], 'zh');
      expect(withIn.map((c) => c.label)).toEqual(['编号', '村', 'remark', '所在乡镇（按位置）', '经度']);
      expect(withIn[3].title).toBe('字段名：township_in');
    });
  });
});

describe('the table the 表格 tab opens on (session 15 walk: a new county opened on 分隔障碍, 0 rows)', () => {
  test('the first table with rows, unless the user picked one that still exists', () => {
    const rows = { barriers: 0, built_up: 35, roads: 2176 };
    expect(defaultTable('', ['barriers', 'built_up', 'roads'], rows)).toBe('built_up');
    expect(defaultTable('barriers', ['barriers', 'built_up', 'roads'], rows)).toBe('barriers');
    expect(defaultTable('gone', ['barriers', 'built_up', 'roads'], rows)).toBe('built_up');
    expect(defaultTable('', ['barriers'], { barriers: 0 })).toBe('barriers');
    expect(defaultTable('', [], {})).toBe('');
  });
});
