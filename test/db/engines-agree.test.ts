import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RESULT_QUERIES, runIndicators } from '../../src/db/indicators.ts';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';
import { DB_ENGINES } from './engines.ts';
import { createSmallCounty } from './helpers.ts';

/** Both engines open at once: every case runs the same thing on each and compares. */
const dbs: Record<string, TabularDb> = {};
beforeAll(async () => {
  for (const { engine, open } of DB_ENGINES) dbs[engine] = await open();
});
afterAll(async () => {
  for (const db of Object.values(dbs)) await db.close();
});

async function onBoth(fn: (db: TabularDb) => Promise<unknown>): Promise<{ native: unknown; wasm: unknown }> {
  return { native: await fn(dbs.native), wasm: await fn(dbs.wasm) };
}

describe('native DuckDB and duckdb-wasm give the same rows', () => {
  test('numbers of every width come back as JS numbers, DECIMAL as value × 10^-scale (as duckdb-wasm converts it)', async () => {
    const sql =
      'SELECT 0.1 + 0.2 AS dec, 1.15::DECIMAL(38,2) AS wide, 2::BIGINT AS big, 12345::HUGEINT AS huge, 3::TINYINT AS tiny, 1.5::FLOAT AS f, 1/3 AS third, count(*) AS n FROM range(3)';
    const { native, wasm } = await onBoth((db) => db.query(sql));
    expect(native).toEqual(wasm);
    // 3 × 0.1 and 115 × 0.01 in doubles; count(*) is a BIGINT
    expect(native).toEqual([{ dec: 0.30000000000000004, wide: 1.1500000000000001, big: 2, huge: 12345, tiny: 3, f: 1.5, third: 1 / 3, n: 3 }]);
  });

  test('integers a double cannot hold exactly (beyond 2^53) come back as their digits, in lists too; the last exact one as a number', async () => {
    const sql =
      'SELECT 9007199254740993::BIGINT AS id, -9007199254740993::BIGINT AS neg, 9007199254740991::BIGINT AS edge, 18446744073709551615::UBIGINT AS ubig, 12345678901234567890123::HUGEINT AS huge, [9007199254740993::BIGINT, 1::BIGINT] AS ids';
    const { native, wasm } = await onBoth((db) => db.query(sql));
    expect(native).toEqual(wasm);
    // as doubles these read 9007199254740992, 18446744073709552000 and 1.2345678901234568e22
    expect(native).toEqual([{ id: '9007199254740993', neg: '-9007199254740993', edge: 9007199254740991, ubig: '18446744073709551615', huge: '12345678901234567890123', ids: ['9007199254740993', 1] }]);
  });

  test('text, booleans, NULL, lists and dates (as text: a date, a timestamp, in lists too)', async () => {
    const sql = "SELECT '恒州镇' AS t, true AS b, NULL AS n, ['x', NULL] AS l, DATE '2024-03-01' AS d, TIMESTAMP '2024-03-01 10:00:00.123' AS ts, TIMESTAMP '2024-03-01 10:00:00' AS whole, [DATE '1999-12-31', NULL] AS ld";
    const { native, wasm } = await onBoth((db) => db.query(sql));
    expect(native).toEqual(wasm);
    expect(native).toEqual([{ t: '恒州镇', b: true, n: null, l: ['x', null], d: '2024-03-01', ts: '2024-03-01 10:00:00.123', whole: '2024-03-01 10:00:00', ld: ['1999-12-31', null] }]);
  });

  test('numbers inside lists, structs and maps: BIGINT, DECIMAL and NULL entries as in a plain column (duckdb-wasm read [2::BIGINT] as 1e-323 and a NULL entry as 0 with its own casts)', async () => {
    const sql =
      "SELECT [2::BIGINT, NULL, 3::BIGINT] AS l, [1.5::DECIMAL(4,1), NULL, -0.25::DECIMAL(18,2)] AS d, {'x': 2::BIGINT, 'y': '甲', 'z': 1.25::DECIMAL(5,2)} AS s, [{'a': 7::HUGEINT}] AS ls, [[1::BIGINT], [2::BIGINT, 4::UBIGINT]] AS ll, MAP {'k': 2::BIGINT} AS m";
    const { native, wasm } = await onBoth((db) => db.query(sql));
    expect(wasm).toEqual(native);
    expect(native).toEqual([{ l: [2, null, 3], d: [1.5, null, -0.25], s: { x: 2, y: '甲', z: 1.25 }, ls: [{ a: 7 }], ll: [[1], [2, 4]], m: [{ key: 'k', value: 2 }] }]);
  });

  test('histogram() (a MAP of counts) reads as { key, value } entries on both engines', async () => {
    const sql = "SELECT histogram(t) AS h FROM (VALUES ('恒州镇'), ('灵山镇'), ('恒州镇')) v(t)";
    const { native, wasm } = await onBoth((db) => db.query(sql));
    expect(wasm).toEqual(native);
    const h = (native as { h: { key: string; value: number }[] }[])[0].h;
    expect(Object.fromEntries(h.map((e) => [e.key, e.value]))).toEqual({ 恒州镇: 2, 灵山镇: 1 });
  });

  test('bound parameters: numbers as DOUBLE, text, booleans, bigint and undefined as NULL', async () => {
    const sql = 'SELECT typeof(?) AS tn, ? / 2 AS half, ? AS s, ? AS b, ? AS big, ? IS NULL AS missing';
    const { native, wasm } = await onBoth((db) => db.query(sql, [1, 3, "it's", false, 2n ** 40n, undefined]));
    expect(native).toEqual(wasm);
    expect(native).toEqual([{ tn: 'DOUBLE', half: 1.5, s: "it's", b: false, big: 2 ** 40, missing: true }]);
  });

  test('insertTable: the same column types and rows, categories as VARCHAR', async () => {
    const columns = {
      n: { type: 'double' as const, values: [1.5, NaN, Infinity, null as unknown as number] },
      b: { type: 'boolean' as const, values: [true, false, null, true] },
      c: { type: 'category' as const, codes: new Int32Array([1, -1, 0, 1]), dict: ['甲', '乙'] },
      s: { type: 'varchar' as const, values: ['x', null, '', 'y'] },
    };
    const { native, wasm } = await onBoth(async (db) => {
      await db.insertTable('t_same', columns);
      return {
        types: await db.query("SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 't_same' ORDER BY ordinal_position"),
        rows: await db.query('SELECT * FROM t_same'),
      };
    });
    expect(native).toEqual(wasm);
    expect(native).toEqual({
      types: [
        { c: 'n', t: 'DOUBLE' },
        { c: 'b', t: 'BOOLEAN' },
        { c: 'c', t: 'VARCHAR' },
        { c: 's', t: 'VARCHAR' },
      ],
      // NaN, ±Infinity and null are missing numbers
      rows: [
        { n: 1.5, b: true, c: '乙', s: 'x' },
        { n: null, b: false, c: null, s: null },
        { n: null, b: null, c: '甲', s: '' },
        { n: null, b: true, c: '乙', s: 'y' },
      ],
    });
  });

  test('more rows than one chunk (2,048) keep their order and their missing values', async () => {
    const n = 5000;
    const values = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : i));
    const codes = Int32Array.from({ length: n }, (_, i) => (i % 5) - 1);
    const { native, wasm } = await onBoth(async (db) => {
      await db.insertTable('t_long', { i: { type: 'double', values }, c: { type: 'category', codes, dict: ['a', 'b', 'c', 'd'] } });
      return db.query('SELECT count(i) AS present, sum(i) AS s, count(c) AS cats, string_agg(c, \'\') FILTER (WHERE rowid BETWEEN 2046 AND 2050) AS edge FROM t_long');
    });
    expect(native).toEqual(wasm);
    // 715 of 0…4999 are multiples of 7; 1,000 codes are -1; rows 2046–2050 have codes 0,1,2,3,-1 → 'abcd'
    const expectedSum = (n * (n - 1)) / 2 - 7 * ((714 * 715) / 2);
    expect(native).toEqual([{ present: n - 715, s: expectedSum, cats: n - 1000, edge: 'abcd' }]);
  });

  test('every indicator query of the small county', async () => {
    const { native, wasm } = await onBoth(async (db) => {
      await loadProjectTables(db, createSmallCounty());
      for (const t of ['task_progress', 'ledger_old', 'ledger_new']) await db.query(`DROP TABLE IF EXISTS ${t}`);
      return runIndicators(db, nodeSqlSource);
    });
    expect(native).toEqual(wasm);
    expect(Object.keys((native as { queries: object }).queries).sort()).toEqual(RESULT_QUERIES.map((q) => q.id).sort());
  });
});
