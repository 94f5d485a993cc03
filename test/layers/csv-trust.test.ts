import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { formatIssue, loadLayerFile, loadProject } from '../../layers/load/index.ts';
import { loadCsvColumns } from '../../layers/load/columnar-layer.ts';
import { IssueSink } from '../../layers/load/issues.ts';
import type { ColumnLayerData, GeoJsonLayerData } from '../../layers/types.ts';

const DIR = join(import.meta.dirname, '../fixtures/trust');

function createBytes(fixture: string): Uint8Array {
  return new Uint8Array(readFileSync(join(DIR, fixture)));
}

function createLoad(fixture: string) {
  return loadLayerFile(LAYERS.households, fixture, createBytes(fixture));
}

function villages(d: ColumnLayerData): (string | null)[] {
  const c = d.columns.village as { codes: Int32Array; dict: string[] };
  return Array.from(c.codes, (k) => (k < 0 ? null : c.dict[k]));
}

/** Ids H001 … H300 without the given numbers. */
function idsWithout(...missing: number[]): string[] {
  return Array.from({ length: 300 }, (_, k) => k + 1)
    .filter((k) => !missing.includes(k))
    .map((k) => `H${String(k).padStart(3, '0')}`);
}

describe('CSV quotes', () => {
  test('unterminated-quote.csv: row 6 opens a quote that never closes → error naming row 6, field village; the 299 other rows load', () => {
    const r = createLoad('unterminated-quote.csv');
    expect(r.issues).toHaveLength(1);
    const i = r.issues[0];
    expect(i).toMatchObject({ severity: 'error', code: 'unterminated-quote', row: 6, field: 'village' });
    expect(formatIssue(i, 'zh')).toBe(
      '文件 unterminated-quote.csv，第 6 行，字段 village：这一格以引号开头，但引号没有正确闭合（其后没有配对的引号，或配对的引号在几行之后）；该行未加载，其后各行照常读取。',
    );
    expect(formatIssue(i, 'en')).toBe(
      'File unterminated-quote.csv, row 6, field village: This cell opens a quote that is not closed properly (no matching quote follows, or the match is lines later); the row was not loaded, and the rows after it were read as usual.',
    );
    expect(r.counts).toEqual({ read: 300, loaded: 299, rejected: 1, unlocated: 0 });
    const d = r.data as ColumnLayerData;
    expect(d.ids).toEqual(idsWithout(5));
    expect(villages(d).slice(3, 6)).toEqual(['西关村', '西关村', '东关村']);
    expect(new Set(villages(d))).toEqual(new Set(['东关村', '西关村']));
  });

  test('stray-quotes.csv: stray quotes on rows 6 and 100 do not swallow rows 7–99 as one cell → two errors, 298 rows load', () => {
    const r = createLoad('stray-quotes.csv');
    expect(r.issues.map((i) => [i.code, i.row, i.field])).toEqual([
      ['unterminated-quote', 6, 'village'],
      ['unterminated-quote', 100, 'village'],
    ]);
    expect(r.counts).toEqual({ read: 300, loaded: 298, rejected: 2, unlocated: 0 });
    expect((r.data as ColumnLayerData).ids).toEqual(idsWithout(5, 99));
  });

  test.each([8, 64, 1000])('stray-quotes.csv read in %i-byte chunks gives the same two errors and 298 rows', (chunk) => {
    const sink = new IssueSink();
    const { data, counts } = loadCsvColumns(LAYERS.households, 'stray-quotes.csv', createBytes('stray-quotes.csv'), sink, undefined, chunk);
    expect(sink.finish().map((i) => [i.code, i.row])).toEqual([
      ['unterminated-quote', 6],
      ['unterminated-quote', 100],
    ]);
    expect(counts).toEqual({ read: 300, loaded: 298, rejected: 2, unlocated: 0 });
    expect(data.ids).toEqual(idsWithout(5, 99));
  });

  test('a quoted cell with a newline and a "" escape, closed properly, is still one cell', () => {
    const text = 'id,lon,lat,village\nA,114.7,38.6,"东关\n""北""村"\nB,114.71,38.61,西关村\n';
    const r = loadLayerFile(LAYERS.households, 'h.csv', new TextEncoder().encode(text));
    expect(r.issues).toEqual([]);
    expect(villages(r.data as ColumnLayerData)).toEqual(['东关\n"北"村', '西关村']);
  });
});

describe('CSV encodings', () => {
  test('gbk-line.csv: line 7 is GBK in a UTF-8 file → a warning naming row 7; that line is read as GBK and every other line stays UTF-8', () => {
    const r = createLoad('gbk-line.csv');
    expect(r.issues).toHaveLength(1);
    const i = r.issues[0];
    expect(formatIssue(i, 'zh')).toBe('文件 gbk-line.csv，第 7 行：这一行不是 UTF-8 编码（文件其余部分是 UTF-8），已按 GBK/GB18030 读取，请核对该行文字。');
    expect(formatIssue(i, 'en')).toBe('File gbk-line.csv, row 7: This line is not UTF-8 like the rest of the file; it was read as GBK/GB18030. Please check its text.');
    expect(i.severity).toBe('warning');
    const d = r.data as ColumnLayerData;
    expect(villages(d)).toEqual(['东关村', '西关村', '东关村', '西关村', '东关村', '南关村', '东关村', '西关村', '东关村', '西关村']);
    const t = d.columns.township as { codes: Int32Array; dict: string[] };
    expect(t.dict).toEqual(['城关镇']);
    expect(r.counts).toEqual({ read: 10, loaded: 10, rejected: 0, unlocated: 0 });
  });

  test('gbk-line.csv read in 64-byte chunks names the same row 7 (line numbers carry across chunks)', () => {
    const sink = new IssueSink();
    const { data } = loadCsvColumns(LAYERS.households, 'gbk-line.csv', createBytes('gbk-line.csv'), sink, undefined, 64);
    expect(sink.finish().map((i) => [i.code, i.row])).toEqual([['encoding-line', 7]]);
    expect(villages(data)[5]).toBe('南关村');
  });

  test('gbk-line.geojson: line 4 (feature 3) is GBK in a UTF-8 GeoJSON → warning naming line 4; the other features keep their UTF-8 text', () => {
    const r = loadLayerFile(LAYERS.hydrants, 'gbk-line.geojson', createBytes('gbk-line.geojson'));
    expect(r.issues.map((i) => formatIssue(i, 'en'))).toEqual(['File gbk-line.geojson, row 4: This line is not UTF-8 like the rest of the file; it was read as GBK/GB18030. Please check its text.']);
    const f = (r.data as GeoJsonLayerData).data.features;
    expect(f.map((x) => [x.properties.id, x.properties.road, x.properties.kind, x.properties.__orig?.status])).toEqual([
      ['H1', '东关路', 'hydrant', '完好'],
      ['H2', '东关路', 'hydrant', '完好'],
      ['H3', '南关路', 'hydrant', '完好'],
      ['H4', '东关路', 'hydrant', '完好'],
    ]);
  });

  test('a file that is GBK throughout is still read as GBK (info), not line by line', () => {
    const r = loadLayerFile(LAYERS.households, '28-gbk.csv', new Uint8Array(readFileSync(join(DIR, '../bad-inputs/28-gbk.csv'))));
    expect(r.issues.map((i) => i.code)).toEqual(['encoding-gb18030']);
  });
});

describe('an empty file never replaces a layer silently', () => {
  test('header-only.csv → warning no-rows (the import dialog asks); nothing loaded', () => {
    const r = createLoad('header-only.csv');
    expect(r.issues).toHaveLength(1);
    expect(formatIssue(r.issues[0], 'zh')).toBe('文件 header-only.csv：CSV 文件只有表头，没有数据行；导入它会把该图层换成空图层。');
    expect(formatIssue(r.issues[0], 'en')).toBe('File header-only.csv: The CSV file has a header but no rows; importing it would replace the layer with an empty one.');
    expect(r.issues[0].severity).toBe('warning');
    expect(r.counts).toEqual({ read: 0, loaded: 0, rejected: 0, unlocated: 0 });
  });

  test('no-features.geojson (0 features) → warning no-rows; the other layers of the project load as before', () => {
    const { report, project } = loadProject([
      { name: 'hydrants.geojson', bytes: createBytes('no-features.geojson') },
      { name: 'households.csv', bytes: createBytes('gbk-line.csv') },
    ]);
    expect(report.issues.map((i) => [i.code, i.file, i.row])).toEqual([
      ['encoding-line', 'households.csv', 7],
      ['no-rows', 'hydrants.geojson', undefined],
    ]);
    expect(formatIssue(report.issues[1], 'en')).toBe('File hydrants.geojson: The GeoJSON file has no features; importing it would replace the layer with an empty one.');
    expect((project.layers.hydrants as GeoJsonLayerData).data.features).toEqual([]);
    expect((project.layers.households as ColumnLayerData).count).toBe(10);
  });
});
