import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { zh } from '../../src/i18n/zh/index';
import { en } from '../../src/i18n/en/index';
import { QueryCancelledError, RefusedStatementError } from '../../src/db/tabular-db';
import { formatCompact, formatIndicator, issueText, sqlErrorText } from '../../src/panels/db-format';
import { EXAMPLE_QUERIES } from '../../src/panels/sql/saved-queries';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every path to a leaf ("db.ledgerKinds.task_progress") with its kind: string, function or object. */
function shape(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [p, t] of shape(v, path)) out.set(p, t);
    else out.set(path, typeof v);
  }
  return out;
}

describe('table, SQL and indicator panel strings: one file per language', () => {
  test('db: en has exactly the keys of zh, each of the same kind, none empty', () => {
    const z = shape(zh.db);
    const e = shape(en.db);
    expect([...e.keys()].sort()).toEqual([...z.keys()].sort());
    for (const [k, kind] of z) expect(`${k}:${e.get(k)}`).toBe(`${k}:${kind}`);
    for (const msgs of [zh.db, en.db]) {
      for (const k of z.keys()) {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], msgs);
        if (typeof v === 'string') expect(v.trim().length, k).toBeGreaterThan(0);
      }
    }
  });

  test('every example query has a name in both languages', () => {
    for (const q of EXAMPLE_QUERIES) {
      expect(zh.db.exampleNames[q.key].length).toBeGreaterThan(0);
      expect(en.db.exampleNames[q.key].length).toBeGreaterThan(0);
    }
  });

  test('strings with numbers, worked by hand', () => {
    expect(zh.db.rows('1,359')).toBe('1,359 行');
    expect(en.db.rows('1,359')).toBe('1,359 rows');
    expect(zh.db.rowReason(7, '合计行')).toBe('第 7 行：合计行');
    expect(en.db.rowReason(7, 'total row')).toBe('Row 7: total row');
    expect(zh.db.page(2, 14)).toBe('第 2/14 页');
    expect(zh.db.byTownship('学前三年毛入园率')).toBe('学前三年毛入园率 · 分乡镇');
    // 0.853 → 85.3%; 1 234 500 yuan → 123.45 万元; 12.34 t → 12.3 吨; 1359 households
    expect(formatIndicator(0.853, 'share', 'zh')).toBe('85.3%');
    expect(formatIndicator(1234500, 'yuan', 'zh')).toBe('123.45 万元');
    expect(formatIndicator(1234500, 'yuan', 'en')).toBe('123.45 × 10⁴ yuan');
    expect(formatIndicator(12.34, 'tonnes', 'zh')).toBe('12.3 吨');
    expect(formatIndicator(1359, 'households', 'en')).toBe('1,359 households');
    expect(formatIndicator(null, 'share', 'zh')).toBe('—');
    // 1 234 500 yuan → 123.5 (×10⁴) on a bar
    expect(formatCompact(1234500, 'yuan', 'zh')).toBe('123.5万');
    expect(formatCompact(0.5, 'share', 'en')).toBe('50.0%');
  });

  test('reasons for no data / implausible, worked by hand in both languages', () => {
    expect(issueText({ kind: 'table-missing', table: 'households' }, 'share', 'zh')).toBe('表 households 不存在');
    expect(issueText({ kind: 'table-empty', table: 'households' }, 'share', 'en')).toBe('table households has no rows');
    expect(issueText({ kind: 'column-empty', table: 'households', column: 'co_alarm' }, 'households', 'zh')).toBe('表 households 的列 co_alarm 没有任何值');
    expect(issueText({ kind: 'zero-denominator', column: 'enrolled', what: { zh: '在园幼儿数', en: 'enrolled children' } }, 'share', 'zh')).toBe('分母为 0：在园幼儿数合计为 0 或缺失');
    expect(issueText({ kind: 'townships-missing', table: 'households', missing: 16, total: 18, examples: ['下河乡', '东旺乡'] }, 'share', 'zh')).toBe(
      '表 households 缺少 18 个乡镇中 16 个的数据（如 下河乡、东旺乡），数据不完整',
    );
    // 6213 → 621300.0 %; range 0 – 2 → 0.0% – 200.0%
    const why = { zh: '理由', en: 'why' };
    expect(issueText({ kind: 'out-of-range', value: 6213, min: 0, max: 2, why }, 'share', 'zh')).toBe('621300.0% 超出合理范围（0.0% – 200.0%）：理由');
    expect(issueText({ kind: 'out-of-range', value: -1, min: 0, why }, 'share', 'en')).toBe('-100.0% is outside the plausible range (≥ 0.0%): why');
  });

  test('SQL console errors: cancelled, extension refused, file/URL refused, anything else as DuckDB says', () => {
    expect(sqlErrorText(new QueryCancelledError(), 'zh')).toBe(zh.db.cancelled);
    expect(sqlErrorText(new RefusedStatementError('LOAD httpfs'), 'en')).toBe('DuckDB extensions cannot be installed or loaded (this tool runs offline and downloads nothing): LOAD httpfs');
    const perm = new Error('Permission Error: Cannot access file "http://example.com/x.csv" - file system operations are disabled by configuration\n\nLINE 1: …');
    expect(sqlErrorText(perm, 'zh')).toMatch(/^不允许读取文件或网址：.*（Permission Error: Cannot access file "http:\/\/example\.com\/x\.csv" - file system operations are disabled by configuration）$/);
    // DuckDB's English message follows a sentence in the UI's language (was: the English message alone, session 15 walk)
    expect(sqlErrorText(new Error('Catalog Error: x'), 'zh')).toBe('查询出错：Catalog Error: x');
    const missing = 'Catalog Error: Table with name nosuchtable does not exist!\nDid you mean "duckdb_tables"?\n\nLINE 1: select * from nosuchtable';
    expect(sqlErrorText(new Error(missing), 'zh')).toBe(`没有名为“nosuchtable”的表（可查询的表见“表格”页）。\n${missing}`);
    expect(sqlErrorText(new Error(missing), 'en').split('\n')[0]).toBe('There is no table named "nosuchtable" (the tables are listed on the Tables tab).');
    const column = 'Binder Error: Referenced column "人口" not found in FROM clause!\nCandidate bindings: "persons"';
    expect(sqlErrorText(new Error(column), 'zh').split('\n')[0]).toBe('没有名为“人口”的列。');
    expect(sqlErrorText(new Error('Parser Error: syntax error at or near "selec"'), 'zh').split('\n')[0]).toBe('SQL 语法错误。');
    expect(sqlErrorText(new Error('no kind'), 'zh')).toBe('no kind');
  });

  test('the panels write no UI text inline: no {zh, en} pairs and no Chinese outside comments', () => {
    const files = [
      ...['tables', 'sql', 'indicators'].flatMap((d) => readdirSync(join(ROOT, 'src/panels', d)).filter((n) => /\.tsx?$/.test(n)).map((n) => join('src/panels', d, n))),
      ...readdirSync(join(ROOT, 'src/panels')).filter((n) => /^db-.*\.tsx?$/.test(n)).map((n) => join('src/panels', n)),
    ];
    // data, not UI text: Chinese column names recognised as coordinates in a SQL result
    const allowed = [/\['经度', '纬度'\]/];
    const found: string[] = [];
    for (const file of files) {
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (/^\s*(\*|\/\*)/.test(line)) return;
        if (/\bzh:\s*['`]/.test(code) || (/[\u4e00-\u9fff]/.test(code) && !allowed.some((r) => r.test(code)))) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    // tables: 5 files, sql: 3, indicators: 3, db-app.ts and db-format.ts
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect(found).toEqual([]);
  });
});
