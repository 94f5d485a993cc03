import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { formatIssue, loadLayerFile, loadProject } from '../../layers/load/index.ts';
import { MAX_JSON_DEPTH, parseJsonText, plainJsonKeys, scanJson } from '../../layers/load/json.ts';
import type { GeoJsonLayerData, LayerDefinition } from '../../layers/types.ts';

const DIR = join(import.meta.dirname, '../fixtures/trust');

function createLoad(def: LayerDefinition, fixture: string) {
  return loadLayerFile(def, fixture, new Uint8Array(readFileSync(join(DIR, fixture))));
}

function props(r: { data: unknown }) {
  return (r.data as GeoJsonLayerData).data.features.map((f) => f.properties);
}

describe('bare NaN/Infinity repair touches number tokens only', () => {
  test('nan-in-strings.geojson: "NaN", "Infinity 无限" and other string values survive byte for byte; feature 2 (NaN coordinate) rejected', () => {
    const r = createLoad(LAYERS.hydrants, 'nan-in-strings.geojson');
    expect(r.issues.map((i) => [i.code, i.featureIndex])).toEqual([
      ['non-finite-json', undefined],
      ['bad-coordinate', 1],
    ]);
    expect(props(r).map((p) => [p.id, p.road, p.note])).toEqual([
      ['H1', 'NaN', 'Infinity 无限'],
      ['H3', 'a "NaN", -Infinity', 'x'],
    ]);
    expect(r.counts).toEqual({ read: 3, loaded: 2, rejected: 1, unlocated: 0 });
  });

  test('a string that merely contains NaN is never patched when the file is otherwise valid JSON', () => {
    const text = '{"a": "[1, NaN]", "b": ": Infinity}", "c": [NaN]}';
    const r = parseJsonText(text);
    expect(r).toMatchObject({ ok: true, nonFinite: true, value: { a: '[1, NaN]', b: ': Infinity}', c: [null] } });
  });

  test('bare NaN as an object key position is still a syntax error, at its column', () => {
    const r = parseJsonText('{"a": 1, NaN: 2}');
    expect(r).toMatchObject({ ok: false, line: 1, column: 10 });
  });
});

describe('duplicate keys (JSON.parse keeps the last one silently)', () => {
  test('duplicate-keys.geojson: feature 2 field enrolled written twice → warning naming line 4; the other features load as before', () => {
    const r = createLoad(LAYERS.kindergartens, 'duplicate-keys.geojson');
    expect(r.issues).toHaveLength(1);
    const i = r.issues[0];
    expect(i).toMatchObject({ severity: 'warning', code: 'duplicate-key', file: 'duplicate-keys.geojson', featureIndex: 1, field: 'enrolled' });
    expect(formatIssue(i, 'zh')).toBe(
      '文件 duplicate-keys.geojson，第 2 个要素，字段 enrolled：键“enrolled”在同一个对象中出现了不止一次（第 5 行是重复的那次）；JSON 只保留最后一个值，前面的值被丢弃，请核对。',
    );
    expect(formatIssue(i, 'en')).toBe(
      'File duplicate-keys.geojson, feature 2, field enrolled: The key "enrolled" appears more than once in the same object (the repeat is on line 5); JSON keeps only the last value and drops the earlier ones. Please check.',
    );
    expect(props(r).map((p) => [p.id, p.capacity, p.enrolled])).toEqual([
      ['K1', 90, 80],
      ['K2', 90, 300],
      ['K3', 60, 50],
    ]);
  });

  test('keys equal only after unescaping ("a" and "\\u0061") are duplicates; keys of different objects are not', () => {
    const s = scanJson('{"a": 1, "b": {"a": 2}, "\\u0061": 3, "list": [{"x": 1}, {"x": 2, "x": 3}]}');
    expect(s.error).toBe(-1);
    expect(s.duplicates.map((d) => [d.key, d.path])).toEqual([
      ['a', []],
      ['x', ['list', 1]],
    ]);
  });

  test('project.json with params written twice → warning on params.walk_minutes', () => {
    const bytes = new TextEncoder().encode('{"name": "X", "params": {"walk_minutes": 5, "walk_minutes": 15}}');
    const { project, report } = loadProject([{ name: 'project.json', bytes }]);
    expect(report.issues.map((i) => [i.code, i.file, i.field])).toEqual([['duplicate-key', 'project.json', 'params.walk_minutes']]);
    expect(project.params).toEqual({ walk_minutes: 15 });
  });
});

describe('the quick pass parseJsonText takes first (plainJsonKeys): plain only when the full scan finds nothing', () => {
  const cases: [string, string][] = [
    ['plain GeoJSON', '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1,"b":"x"},"geometry":{"type":"Point","coordinates":[1,2]}}]}'],
    ['a repeated key', '{"a":1,"b":2,"a":3}'],
    ['a repeat deep in a feature', '{"features":[{"properties":{"id":"1","kind":"x"}},{"properties":{"id":"2","kind":"x","id":"3"}}]}'],
    ['the same key in sibling objects (not a repeat)', '[{"a":1},{"a":2},{"b":{"a":3}}]'],
    ['a key escaped one way and written plainly the other', String.raw`{"a":1,"\u0061":2}`],
    ['escaped quotes and backslashes in strings and keys', String.raw`{"k\"":"v\\","k\\":"\"a\":1","x":["\\",":"]}`],
    ['keys that differ only by an escaped quote', String.raw`{"k\"":1,"k":2}`],
    ['a string then a colon inside a string value', String.raw`{"a":"b\":c","b":1}`],
    ['white space before the colon', '{"a" :1, "a"\n:2}'],
    ['more than eight keys, then a repeat', `{${Array.from({ length: 12 }, (_, i) => `"k${i}":${i}`).join(',')},"k3":0}`],
    ['more than eight keys, no repeat', `{${Array.from({ length: 12 }, (_, i) => `"k${i}":${i}`).join(',')}}`],
    ['nested to the limit', '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)],
    ['nested past the limit', '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)],
    ['long fractions and exponents (coordinates), a bigint id only inside a string', '{"id":"130102000000000001","c":[114.12345678901234567,-38.0000000000000001,1.5e-300,12345678901234.5]}'],
    ['a bigint id JSON.parse would round', '{"id":130102000000000001,"n":-9007199254740993}'],
  ];
  test.each(cases)('%s', (_, text) => {
    JSON.parse(text); // every case is JSON
    const full = scanJson(text);
    expect(plainJsonKeys(text)).toBe(full.duplicateCount === 0 && !full.tooDeep && full.bigIntegers.length === 0);
  });

  test('a bigint id is not taken by the quick pass: its digits are kept as text', () => {
    const r = parseJsonText('{"id":130102000000000001,"n":-9007199254740993,"ok":12}');
    expect(r).toMatchObject({ ok: true, value: { id: '130102000000000001', n: '-9007199254740993', ok: 12 }, bigIntegers: { count: 2, first: '130102000000000001' } });
  });

  test('parseJsonText gives what the full scan gives, taking the quick pass or not', () => {
    for (const [, text] of cases) {
      const full = scanJson(text);
      const r = parseJsonText(text);
      if (full.tooDeep) expect(r).toMatchObject({ ok: false, tooDeep: true });
      else if (full.bigIntegers.length > 0) expect(r).toMatchObject({ ok: true, bigIntegers: { count: full.bigIntegers.length / 2 } });
      else expect(r).toEqual({ ok: true, value: JSON.parse(text), nonFinite: false, duplicates: full.duplicates, duplicateCount: full.duplicateCount });
    }
    // the cases hold both kinds
    expect(cases.filter(([, t]) => plainJsonKeys(t)).length).toBeGreaterThan(3);
    expect(cases.filter(([, t]) => !plainJsonKeys(t)).length).toBeGreaterThan(3);
  });
});

describe('JSON nested 100 000 deep: a clear error, no stack overflow', () => {
  const deep = (d: number) => '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {"id": "H1", "kind": "hydrant", "status": "working", "x": ' + '['.repeat(d) + ']'.repeat(d) + '}}]}';

  test('100 000 nested arrays inside a property → error too-deep at line 1, column of the first bracket past the limit; nothing loaded', () => {
    const text = deep(100_000);
    const r = loadLayerFile(LAYERS.hydrants, 'deep.geojson', new TextEncoder().encode(text));
    expect(r.issues).toHaveLength(1);
    // Root, features, the feature and its properties are 4 levels: array number 253 is the 257th.
    const column = text.indexOf('[[') + 1 + MAX_JSON_DEPTH - 4;
    expect(formatIssue(r.issues[0], 'en')).toBe(
      `File deep.geojson: The JSON is nested more than 256 levels deep (line 1, column ${column}); that is not ordinary GeoJSON, and the file was not read.`,
    );
    expect(formatIssue(r.issues[0], 'zh')).toBe(`文件 deep.geojson：JSON 嵌套超过 256 层（第 1 行第 ${column} 列），不是正常的 GeoJSON，文件未读取。`);
    expect(r.counts).toEqual({ read: 0, loaded: 0, rejected: 0, unlocated: 0 });
  });

  test('100 000 nested objects, and an unclosed 100 000-deep array, give the same error without throwing', () => {
    const objs = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    expect(parseJsonText(objs)).toMatchObject({ ok: false, tooDeep: true, line: 1, column: 5 * MAX_JSON_DEPTH + 1 });
    expect(parseJsonText('['.repeat(100_000))).toMatchObject({ ok: false, tooDeep: true, column: MAX_JSON_DEPTH + 1 });
  });

  test('a property nested 200 deep (under the limit) loads, and the other layers of the project load as before', () => {
    const enc = new TextEncoder();
    const { report, project } = loadProject([
      { name: 'hydrants.geojson', bytes: enc.encode(deep(200)) },
      { name: 'project.json', bytes: enc.encode('{"name": "深"}') },
    ]);
    expect(report.issues.map((i) => i.code)).toEqual(['unlocated']);
    expect(project.name).toBe('深');
    expect((project.layers.hydrants as GeoJsonLayerData).data.features).toHaveLength(1);
  });
});
