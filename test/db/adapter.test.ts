import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openNodeDuckDb } from '../../src/db/duckdb-node.ts';
import { quoteIdentifier, quoteLiteral, splitSqlStatements } from '../../src/db/sql-utils.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';

let db: TabularDb;
beforeAll(async () => {
  db = await openNodeDuckDb();
});
afterAll(async () => {
  await db?.close();
});

describe('duckdb-wasm in Node (the eh build the app ships)', () => {
  test('runs on the DuckDB engine', async () => {
    const [row] = await db.query('SELECT version() AS v');
    expect(String(row.v)).toMatch(/^v\d+\.\d+/);
  });

  test('extension autoload and autoinstall are off', async () => {
    const [row] = await db.query(
      "SELECT current_setting('autoload_known_extensions') AS autoload, current_setting('autoinstall_known_extensions') AS autoinstall",
    );
    expect(row).toEqual({ autoload: false, autoinstall: false });
  });

  test('a query needing the json extension fails with an error instead of loading it', async () => {
    await expect(db.query(`SELECT '{"a":1}'::JSON ->> 'a' AS a`)).rejects.toThrow(/json extension/);
  });

  test('a query needing the parquet extension fails with an error instead of loading it', async () => {
    await expect(db.query("SELECT * FROM read_parquet('households.parquet')")).rejects.toThrow(/parquet extension/);
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

describe('SQL helpers', () => {
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
