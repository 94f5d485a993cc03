import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import { isExtensionStatement, mayChangeTables, quoteIdentifier, quoteLiteral, splitSqlStatements } from '../../src/db/sql-utils.ts';
import { QueryCancelledError, RefusedStatementError, type TabularDb } from '../../src/db/tabular-db.ts';
import { DB_ENGINES } from './engines.ts';
import { createSmallCounty } from './helpers.ts';

/** A query that runs for many seconds on either engine: 10¹⁰ rows of a cross join summed. */
const LONG_QUERY = 'SELECT count(*) AS n, sum(a.range * b.range) AS s FROM range(100000) a, range(100000) b';

let db: TabularDb;
describe.each(DB_ENGINES)('DuckDB $engine in Node', ({ engine, open }) => {
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('the engine', () => {
    test('runs on the DuckDB engine', async () => {
      const [row] = await db.query('SELECT version() AS v');
      expect(String(row.v)).toMatch(/^v\d+\.\d+/);
    });

    test('a query needing the spatial extension (in neither build) fails with an error instead of loading it', async () => {
      await expect(db.query('SELECT ST_Point(1, 2) AS p')).rejects.toThrow(/spatial extension/);
    });

    test('extension autoload and autoinstall are off', async () => {
      const [row] = await db.query(
        "SELECT current_setting('autoload_known_extensions') AS autoload, current_setting('autoinstall_known_extensions') AS autoinstall",
      );
      expect(row).toEqual({ autoload: false, autoinstall: false });
    });

    if (engine === 'wasm')
      test('wasm: a query needing the json extension fails with an error instead of loading it', async () => {
        await expect(db.query(`SELECT '{"a":1}'::JSON ->> 'a' AS a`)).rejects.toThrow(/json extension/);
      });

    if (engine === 'wasm')
      test('wasm: a query needing the parquet extension fails with an error instead of loading it', async () => {
        await expect(db.query("SELECT * FROM read_parquet('households.parquet')")).rejects.toThrow(/parquet extension/);
      });

    // the native library has json and parquet compiled in (nothing is loaded from disk or fetched);
    // reading a parquet file is still refused, by the external-access setting
    if (engine === 'native')
      test('native: json is compiled in; read_parquet of a file is refused (no file access)', async () => {
        expect(await db.query(`SELECT '{"a":1}'::JSON ->> 'a' AS a`)).toEqual([{ a: '1' }]);
        await expect(db.query("SELECT * FROM read_parquet('households.parquet')")).rejects.toThrow(/Permission Error/);
      });

    test('SQL cannot switch autoload back on (configuration is locked)', async () => {
      await expect(db.query('SET autoload_known_extensions = true')).rejects.toThrow(/locked/);
      const [row] = await db.query("SELECT current_setting('autoload_known_extensions') AS a");
      expect(row.a).toBe(false);
    });

    test('binds parameters to ? placeholders without splicing them into the text', async () => {
      const rows = await db.query('SELECT ?::DOUBLE * 2 AS x, ? AS s', [21, "O'Brien; DROP TABLE x"]);
      expect(rows).toEqual([{ x: 42, s: "O'Brien; DROP TABLE x" }]);
    });

    test('inserts typed columns with missing values as NULL', async () => {
      await db.insertTable('t_types', {
        n: { type: 'double', values: new Float64Array([1.5, NaN, 3]) },
        b: { type: 'boolean', values: new Uint8Array([1, 0, 255]) },
        c: { type: 'category', codes: new Int32Array([1, -1, 0]), dict: ['甲', '乙'] },
        s: { type: 'varchar', values: ['x', null, '<img src=x onerror=alert(1)>'] },
      });
      const rows = await db.query('SELECT * FROM t_types');
      expect(rows).toEqual([
        { n: 1.5, b: true, c: '乙', s: 'x' },
        { n: null, b: false, c: null, s: null },
        { n: 3, b: null, c: '甲', s: '<img src=x onerror=alert(1)>' },
      ]);
      // 1.5 + 3 = 4.5; count(n) skips the NULL → 2
      expect(await db.query('SELECT sum(n) AS s, count(n) AS k FROM t_types')).toEqual([{ s: 4.5, k: 2 }]);
    });

    test('a table without rows keeps its columns, category columns too (an empty households file)', async () => {
      await db.insertTable('t_empty', {
        c: { type: 'category', codes: new Int32Array(0), dict: [] },
        n: { type: 'double', values: new Float64Array(0) },
      });
      expect(await db.query('SELECT count(*) AS rows FROM t_empty')).toEqual([{ rows: 0 }]);
      expect((await db.query("SELECT column_name AS c FROM information_schema.columns WHERE table_name = 't_empty' ORDER BY 1")).map((r) => r.c)).toEqual(['c', 'n']);
    });

    test('insertTable replaces a table of the same name', async () => {
      await db.insertTable('t_replace', { a: { type: 'double', values: [1, 2, 3] } });
      await db.insertTable('t_replace', { a: { type: 'double', values: [7] } });
      expect(await db.query('SELECT a FROM t_replace')).toEqual([{ a: 7 }]);
    });

    test('a table name with quotes and Chinese is quoted safely', async () => {
      await db.insertTable('台账 "2024"', { 乡镇: { type: 'varchar', values: ['恒州镇'] } });
      const rows = await db.query(`SELECT ${quoteIdentifier('乡镇')} AS t FROM ${quoteIdentifier('台账 "2024"')}`);
      expect(rows).toEqual([{ t: '恒州镇' }]);
    });

    test('rejects columns of different lengths', async () => {
      await expect(
        db.insertTable('t_bad', { a: { type: 'double', values: [1, 2] }, b: { type: 'varchar', values: ['x'] } }),
      ).rejects.toThrow(/column "b" has 1 rows, expected 2/);
    });

    test('rejects a category code outside its dictionary', async () => {
      await expect(
        db.insertTable('t_bad', { a: { type: 'category', codes: new Int32Array([0, 2]), dict: ['x', 'y'] } }),
      ).rejects.toThrow(/code 2 at row 1/);
    });

    test('a failing statement does not block the next one', async () => {
      const bad = db.query('SELECT * FROM no_such_table');
      const good = db.query('SELECT 1 AS one');
      await expect(bad).rejects.toThrow(/no_such_table/);
      expect(await good).toEqual([{ one: 1 }]);
    });
  });

  describe('extensions can be neither installed nor loaded', () => {
    test('community extensions are refused and no extension repository is set', async () => {
      const rows = await db.query(
        "SELECT name, value FROM duckdb_settings() WHERE name IN ('allow_community_extensions', 'custom_extension_repository', 'autoinstall_extension_repository', 'lock_configuration') ORDER BY name",
      );
      expect(rows).toEqual([
        { name: 'allow_community_extensions', value: 'false' },
        { name: 'autoinstall_extension_repository', value: '' },
        { name: 'custom_extension_repository', value: '' },
        { name: 'lock_configuration', value: 'true' },
      ]);
    });

    test.each(['LOAD httpfs', 'INSTALL spatial', 'FORCE INSTALL httpfs', "install 'json'", '/* x */ -- y\n load spatial', 'UPDATE EXTENSIONS', 'SELECT 1; LOAD httpfs'])(
      '%s is refused before DuckDB sees it',
      async (sql) => {
        await expect(db.query(sql)).rejects.toBeInstanceOf(RefusedStatementError);
      },
    );

    test('parameters with more than one statement are refused the same on both engines; one statement with a final ; is one', async () => {
      await expect(db.query('CREATE TEMP TABLE multi_param AS SELECT 1 AS a; SELECT ? AS b', [5])).rejects.toThrow(/single statement \(this one has 2\)/);
      // nothing ran: the first statement did not create its table
      expect(await db.query("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'multi_param'")).toEqual([{ n: 0 }]);
      expect(await db.query('SELECT ? AS b;', [6])).toEqual([{ b: 6 }]);
      expect(await db.query('SELECT 1 AS a; SELECT 2 AS b')).toEqual([{ b: 2 }]);
    });

    test('SQL cannot set a custom extension repository or allow community extensions (locked)', async () => {
      await expect(db.query("SET custom_extension_repository = 'http://example.com'")).rejects.toThrow(/locked/);
      await expect(db.query('SET allow_community_extensions = true')).rejects.toThrow(/locked/);
    });
  });

  describe('external access is off: DuckDB reads no file and no URL', () => {
    test('read_csv of a local file fails after the tables are loaded, and the tables are there', async () => {
      await loadProjectTables(db, createSmallCounty());
      await expect(db.query("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/Permission Error.*disabled by configuration/);
      await expect(db.query("SELECT * FROM read_text('/etc/hostname')")).rejects.toThrow(/Permission Error/);
      // the small county has 8 households
      expect(await db.query('SELECT count(*) AS n FROM households')).toEqual([{ n: 8 }]);
    });

    test('a URL, ATTACH and COPY … TO fail too', async () => {
      await expect(db.query("SELECT * FROM read_csv('http://example.com/x.csv')")).rejects.toThrow(/Permission Error/);
      await expect(db.query("ATTACH '/tmp/coverage-planner-test.db' AS x")).rejects.toThrow(/Permission Error/);
      await expect(db.query("COPY (SELECT 1) TO '/tmp/coverage-planner-test.csv'")).rejects.toThrow(/Permission Error/);
    });

    test('SQL cannot switch external access back on (locked)', async () => {
      await expect(db.query('SET enable_external_access = true')).rejects.toThrow(/locked|Cannot change enable_external_access/);
      expect(await db.query("SELECT current_setting('enable_external_access') AS e")).toEqual([{ e: false }]);
    });
  });

  describe('a running query can be cancelled', () => {
    test('aborting stops a long query within a second and the database stays usable', async () => {
      const ctrl = new AbortController();
      const started = performance.now();
      const timer = setTimeout(() => ctrl.abort(), 300);
      await expect(db.query(LONG_QUERY, [], { signal: ctrl.signal })).rejects.toBeInstanceOf(QueryCancelledError);
      clearTimeout(timer);
      // 300 ms until the abort + at most one 100-ms step of the engine (+ slack for a busy machine)
      expect(performance.now() - started).toBeLessThan(3000);
      expect(await db.query('SELECT 42 AS x')).toEqual([{ x: 42 }]);
    });

    test('a query aborted before its turn never runs; other queries are not affected', async () => {
      const ctrl = new AbortController();
      const first = db.query('CREATE OR REPLACE TABLE t_cancel AS SELECT 1 AS a');
      const cancelled = db.query('INSERT INTO t_cancel VALUES (2)', [], { signal: ctrl.signal });
      ctrl.abort();
      const after = db.query('SELECT a FROM t_cancel ORDER BY a');
      await first;
      await expect(cancelled).rejects.toBeInstanceOf(QueryCancelledError);
      expect(await after).toEqual([{ a: 1 }]);
    });
  });
});

describe('SQL helpers', () => {
  test('isExtensionStatement finds INSTALL / LOAD after comments, not in other statements', () => {
    expect(isExtensionStatement('  (LOAD httpfs')).toBe(true);
    expect(isExtensionStatement("SELECT 'LOAD httpfs' AS x")).toBe(false);
    expect(isExtensionStatement('SELECT * FROM loads')).toBe(false);
  });

  test('mayChangeTables: queries do not, DDL/DML and unknown statements do', () => {
    for (const s of ['SELECT 1', '-- c\nFROM households', 'WITH a AS (SELECT 1) SELECT * FROM a', 'DESCRIBE households', 'EXPLAIN SELECT 1']) expect(mayChangeTables(s), s).toBe(false);
    for (const s of ['DROP TABLE households', 'delete from households', 'UPDATE households SET persons = 1', 'CREATE TABLE x AS SELECT 1', 'WITH a AS (SELECT 1) INSERT INTO x SELECT * FROM a', 'EXPLAIN ANALYZE DELETE FROM x', 'PRAGMA foo']) expect(mayChangeTables(s), s).toBe(true);
  });

  test('quoteIdentifier doubles inner double quotes', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(() => quoteIdentifier('')).toThrow();
  });

  test('quoteLiteral doubles inner single quotes', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });

  test('splitSqlStatements ignores ; inside quotes and comments', () => {
    const script = "SELECT ';' AS a; -- c;\nSELECT \"x;y\" FROM t /* ; */;\n\n-- only a comment;\n";
    expect(splitSqlStatements(script)).toEqual(["SELECT ';' AS a", '-- c;\nSELECT "x;y" FROM t /* ; */']);
  });
});
