import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { formatIssue, loadLayerFile } from '../../layers/load/index.ts';
import type { ColumnLayerData } from '../../layers/types.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const HEADER = 'id,lon,lat,persons,village,township,heating\n';

describe('households.csv cut off in its last line', () => {
  test('a last line without a line break and short of the header → cut-off-row warning naming the row; the row still loads', () => {
    // The copy stopped inside the latitude of h2 (38.76509 → 38.7): nothing else says so.
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc(`${HEADER}h1,114.71,38.60,4,v,t,gas\nh2,114.72,38.7`));
    const cut = r.issues.filter((i) => i.code === 'cut-off-row');
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatchObject({ severity: 'warning', row: 3 });
    expect(formatIssue(cut[0], 'zh')).toContain('文件 households.csv，第 3 行：文件最后一行没有换行符，且只有 3 个值，少于表头的 7 列');
    expect(formatIssue(cut[0], 'en')).toContain('File households.csv, row 3: The last line has no line break and only 3 values, fewer than the 7 header columns');
    expect((r.data as ColumnLayerData).ids).toEqual(['h1', 'h2']);
  });

  test('the same rows ending with a line break, or a full last line without one → no cut-off-row (short rows are a CSV habit)', () => {
    const short = loadLayerFile(LAYERS.households, 'households.csv', enc(`${HEADER}h1,114.71,38.60,4,v,t,gas\nh2,114.72,38.7\n`));
    const full = loadLayerFile(LAYERS.households, 'households.csv', enc(`${HEADER}h1,114.71,38.60\nh2,114.72,38.7,4,v,t,gas`));
    expect(short.issues.map((i) => i.code)).not.toContain('cut-off-row');
    expect(full.issues.map((i) => i.code)).not.toContain('cut-off-row');
  });
});

describe('households.csv with two columns for the same thing', () => {
  test('a second lon, and 人口 after persons → duplicate-column warnings naming the column read; the first is read, the other kept as text', () => {
    const r = loadLayerFile(LAYERS.households, 'households.csv', enc('id,lon,lat,persons,人口,经度\nh1,114.71,38.60,4,40,115.90\n'));
    const dup = r.issues.filter((i) => i.code === 'duplicate-column');
    expect(dup.map((i) => [i.severity, i.row, i.field])).toEqual([
      ['warning', 1, '人口'],
      ['warning', 1, '经度'],
    ]);
    expect(formatIssue(dup[0], 'en')).toBe(
      'File households.csv, row 1, field 人口: Column "人口" gives the same thing as column 4 "persons"; only column 4 is read and this one is kept as text. Please check which one is meant.',
    );
    expect(formatIssue(dup[1], 'zh')).toBe('文件 households.csv，第 1 行，字段 经度：列“经度”与第 2 列“lon”表示同一内容；只读取第 2 列，该列作为文本保留，请确认用的是哪一列。');
    const d = r.data as ColumnLayerData;
    expect(Array.from(d.lon)).toEqual([114.71]);
    expect(Array.from((d.columns.persons as { values: Float64Array }).values)).toEqual([4]);
  });
});

describe('a number too large for a double in a GeoJSON property', () => {
  test('capacity 1e400 (parsed as Infinity) → bad-number quoting "Infinity" and saying why, not "null"', () => {
    const text = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"K1","ownership":"public","capacity":1e400},"geometry":{"type":"Point","coordinates":[114.7,38.6]}}]}';
    const r = loadLayerFile(LAYERS.kindergartens, 'kindergartens.geojson', enc(text));
    const bad = r.issues.filter((i) => i.code === 'bad-number');
    expect(bad).toHaveLength(1);
    expect(formatIssue(bad[0], 'en')).toBe('File kindergartens.geojson, feature 1, field capacity: Value "Infinity" of "Places (capacity)" is beyond the range a number can hold (such as 1e400). Treated as not given.');
    expect(bad[0].message.zh).toBe('“学位（capacity）”的值“Infinity”超出了数字能表示的范围（如 1e400）。已按未填写处理。');
  });
});
