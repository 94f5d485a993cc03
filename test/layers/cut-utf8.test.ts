import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { formatIssue, loadLayerFile } from '../../layers/load/index.ts';
import { cutUtf8Tail, decodeText } from '../../layers/load/decode.ts';
import { loadCsvColumns } from '../../layers/load/columnar-layer.ts';
import { IssueSink } from '../../layers/load/issues.ts';
import { readForeignFiles } from '../../layers/load/foreign/index.ts';
import type { ColumnLayerData } from '../../layers/types.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** The bytes of `s` without their last `n` (a copy that stopped early). */
const cut = (s: string, n: number) => utf8(s).subarray(0, utf8(s).length - n);
// Node cannot encode GBK; the bytes come from the code table: 东 B6AB 旺 CDFA 村 B4E5 中 D6D0 甲 BCD7.
const GBK: Record<string, number[]> = { 东: [0xb6, 0xab], 旺: [0xcd, 0xfa], 村: [0xb4, 0xe5], 中: [0xd6, 0xd0], 甲: [0xbc, 0xd7] };
const gbk = (s: string) => Uint8Array.from([...s].flatMap((c) => GBK[c] ?? [c.charCodeAt(0)]));

function villages(d: ColumnLayerData): (string | null)[] {
  const c = d.columns.village as { codes: Int32Array; dict: string[] };
  return Array.from(c.codes, (k) => (k < 0 ? null : c.dict[k]));
}

const CSV = 'id,lon,lat,township,persons,village\nA1,114.70,38.60,甲镇,3,一村\nA2,114.71,38.61,甲镇,2,东旺村';

describe('a UTF-8 file cut off in the middle of a character on its last line is reported as cut, not read as GBK', () => {
  test('cutUtf8Tail: 1–3 bytes of an unfinished character at the end; 0 for a complete end, ASCII, or a GBK last line', () => {
    expect(cutUtf8Tail(cut('甲乙', 1))).toBe(2);
    expect(cutUtf8Tail(cut('甲乙', 2))).toBe(1);
    expect(cutUtf8Tail(cut('a😀', 1))).toBe(3);
    expect(cutUtf8Tail(utf8('甲乙'))).toBe(0);
    expect(cutUtf8Tail(utf8('abc'))).toBe(0);
    expect(cutUtf8Tail(new Uint8Array([0xe4]))).toBe(1);
    expect(cutUtf8Tail(new Uint8Array())).toBe(0);
    // GBK 中 is D6 D0: D0 looks like the start of a 2-byte UTF-8 character, but D6 before it is no UTF-8
    expect(cutUtf8Tail(gbk('x,中'))).toBe(0);
  });

  test('households.csv whose row 3 stops inside 村 (2 of its 3 bytes): read as UTF-8, warning cut-utf8 at row 3, field village; 东旺 kept', () => {
    const r = loadLayerFile(LAYERS.households, 'households.csv', cut(CSV, 1));
    const d = r.data as ColumnLayerData;
    expect(d.count).toBe(2);
    expect(villages(d)).toEqual(['一村', '东旺']);
    expect(r.issues.map((i) => [i.severity, i.code, i.file, i.row, i.field])).toEqual([['warning', 'cut-utf8', 'households.csv', 3, 'village']]);
    expect(formatIssue(r.issues[0], 'zh')).toBe(
      '文件 households.csv，第 3 行，字段 village：文件在这一行的一个字符（多字节 UTF-8 字符，如汉字）中间截断：文件不完整（可能复制或下载未完成）。该行已按 UTF-8 读取，缺少被截断的字符，请核对，或重新获取完整的文件。',
    );
    expect(formatIssue(r.issues[0], 'en')).toMatch(/^File households\.csv, row 3, field village: The file stops in the middle of a character/);
  });

  test('a cut CSV with no other non-ASCII line (the one GBK-or-not vote would say GBK) is still UTF-8 and cut', () => {
    const r = loadLayerFile(LAYERS.households, 'households.csv', cut('id,lon,lat,township,persons,village\nA1,114.70,38.60,T,3,V1\nA2,114.71,38.61,T,2,东', 2));
    expect(villages(r.data as ColumnLayerData)).toEqual(['V1', null]);
    expect(r.issues.map((i) => [i.code, i.row, i.field])).toEqual([['cut-utf8', 3, 'village']]);
  });

  test('a cut CSV read in small chunks (1–13 bytes) gives the same result as one read', () => {
    const load = (chunkBytes?: number) => {
      const sink = new IssueSink();
      const r = loadCsvColumns(LAYERS.households, 'households.csv', cut(CSV, 1), sink, undefined, chunkBytes);
      return { ...r, issues: sink.finish() };
    };
    const whole = load();
    expect(whole.issues.map((i) => [i.code, i.row, i.field])).toEqual([['cut-utf8', 3, 'village']]);
    for (const size of [1, 2, 5, 13]) expect(load(size), `chunk ${size}`).toEqual(whole);
  });

  test('hydrants.geojson cut inside a Chinese name on line 3: cut-utf8 at row 3 in UTF-8, then the JSON error; no GB18030 notice', () => {
    const text = '{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":{"id":"H1","road":"东旺路"},"geometry":{"type":"Point","coordinates":[114.7,38.6]}},\n{"type":"Feature","properties":{"id":"H2","road":"甲';
    const r = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', cut(text, 1));
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([
      ['cut-utf8', 3],
      ['invalid-json', undefined],
    ]);
    expect(decodeText(cut(text, 1))).toMatchObject({ encoding: 'utf-8', cutLine: 3 });
    expect(decodeText(cut(text, 1)).text.endsWith('"road":"')).toBe(true);
  });

  test('a real GBK file still reads as GBK, also when its last byte looks like the start of a UTF-8 character (中 = D6 D0, no line break)', () => {
    const bytes = gbk('id,lon,lat,township,persons,village\nA1,114.70,38.60,甲,3,东旺村\nA2,114.71,38.61,甲,2,中');
    const r = loadLayerFile(LAYERS.households, 'households.csv', bytes);
    expect(villages(r.data as ColumnLayerData)).toEqual(['东旺村', '中']);
    expect(r.issues.map((i) => i.code)).toEqual(['encoding-gb18030']);
    const geo = gbk('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"H1","road":"东旺村"},"geometry":{"type":"Point","coordinates":[114.7,38.6]}}]} \n中');
    expect(decodeText(geo)).toMatchObject({ encoding: 'gb18030' });
    expect(decodeText(geo).cutLine).toBeUndefined();
  });

  test('a GBK file that is itself cut in a character (a lone lead byte at the end) is read as GBK, not as cut UTF-8', () => {
    const bytes = Uint8Array.from([...gbk('id,lon,lat,township,persons,village\nA1,114.70,38.60,甲,3,东旺村\nA2,114.71,38.61,甲,2,'), 0xd6]);
    const r = loadLayerFile(LAYERS.households, 'households.csv', bytes);
    expect(r.issues.map((i) => i.code)).toEqual(['encoding-gb18030']);
    expect(villages(r.data as ColumnLayerData)[0]).toBe('东旺村');
  });
});


describe('the import step (foreign files) says the same of a cut UTF-8 file', () => {
  test('a point table 测点.csv cut inside 村 on row 4: cut-utf8 warning naming the file and row 4; the three points read, 东旺 kept', () => {
    const r = readForeignFiles([{ name: '测点.csv', bytes: cut('名称,经度,纬度,备注\n甲,114.70,38.60,一村\n乙,114.71,38.61,二村\n丙,114.72,38.62,东旺村', 1) }]);
    expect(r.issues.filter((i) => i.severity !== 'info').map((i) => [i.severity, i.code, i.file, i.row])).toEqual([['warning', 'cut-utf8', '测点.csv', 4]]);
    expect(r.layers[0].features.map((f) => f.properties['备注'])).toEqual(['一村', '二村', '东旺']);
  });

  test('a GeoJSON 道路.geojson cut inside a name: cut-utf8 at its line, then the JSON error', () => {
    const r = readForeignFiles([{ name: '道路.geojson', bytes: cut('{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":{"name":"东旺', 2) }]);
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([
      ['cut-utf8', 2],
      ['invalid-json', undefined],
    ]);
  });
});
