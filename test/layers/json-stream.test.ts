// A GeoJSON file parsed as it downloads (issue #15, first screen): the same value as JSON.parse of
// the whole text for a plain file, whatever the chunks; null (the whole-file reader then decides,
// with its messages) for anything else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { loadLayerFile, loadProject } from '../../layers/load/index.ts';
import { GeoJsonStream } from '../../layers/load/json-stream.ts';
import { MAX_JSON_DEPTH } from '../../layers/load/json.ts';

const enc = (s: string) => new TextEncoder().encode(s);

/** The stream's value of `bytes` pushed in chunks of `size` bytes (cutting UTF-8 characters and tokens anywhere). */
function streamed(bytes: Uint8Array, size: number): unknown {
  const s = new GeoJsonStream();
  for (let at = 0; at < bytes.length; at += size) s.push(bytes.subarray(at, at + size));
  return s.end();
}

const feature = (i: number, extra = '') =>
  `{"type":"Feature","properties":{"name":"路${i}\\"引号\\\\斜杠[括号]{花},逗号","class":"primary"${extra}},"geometry":{"type":"LineString","coordinates":[[114.5,38.5],[114.6,38.${i}]]}}`;
const collection = (features: string[], before = '"type":"FeatureCollection",', after = '') => `{${before}"features":[${features.join(',\n')}]${after}}`;
const many = (n: number) => Array.from({ length: n }, (_, i) => feature(i));

describe('GeoJsonStream: plain files give what JSON.parse gives', () => {
  const plain: [string, string][] = [
    ['a few features with quotes, backslashes, brackets and commas in strings', collection(many(5))],
    ['no features', collection([])],
    ['white space inside the empty array', '{"type":"FeatureCollection","features":[ \n ]}'],
    ['members before and after the features (crs, name, bbox)', collection(many(3), '"type":"FeatureCollection","name":"roads","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},', ',"bbox":[114,38,115,39]')],
    ['a nested "features" key before the root one', collection(many(2), '"type":"FeatureCollection","meta":{"features":[1,2]},')],
    ['white space around the colon', '{"type":"FeatureCollection","features" :\n [' + many(3).join(',') + ']}\n'],
    ['thousands of features (several batches)', collection(many(6000))],
  ];
  for (const [name, text] of plain) {
    test(name, () => {
      const bytes = enc(text);
      for (const size of [1, 3, 7, 64, 1000, 65_536, bytes.length]) expect(streamed(bytes, size)).toEqual(JSON.parse(text));
    });
  }

  test("the demo county's roads.geojson, in 64 KiB chunks: JSON.parse's value, and the loader gives the same layer and report with it", () => {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../data/demo/roads.geojson')));
    const value = streamed(bytes, 65_536);
    expect(value).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
    const plainLoad = loadProject([{ name: 'roads.geojson', bytes }]);
    let asked = 0;
    const withStream = loadProject([{ name: 'roads.geojson', bytes }], {
      jsonOf: (b) => {
        asked++;
        return b === bytes ? value : undefined;
      },
    });
    expect(asked).toBe(1);
    expect(withStream.project.layers.roads).toEqual(plainLoad.project.layers.roads);
    expect(withStream.report).toEqual(plainLoad.report);
  });
});

describe('GeoJsonStream: anything else gives null (read whole, with its messages)', () => {
  const others: [string, Uint8Array][] = [
    ['a UTF-8 byte order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...enc(collection(many(2)))])],
    ['white space before the root', enc(`\n${collection(many(2))}`)],
    ['a key repeated in a feature', enc(collection([feature(1), feature(2, ',"class":"tertiary"')]))],
    ['a key repeated at the root (features twice)', enc(collection(many(2), '"type":"FeatureCollection","features":[],'))],
    ['a trailing comma', enc(collection(many(3)).replace(/\]\}$/, ',]}'))],
    ['an empty element (two commas)', enc(collection(many(3)).replace('},\n{', '},,\n{'))],
    ['a bare NaN', enc(collection([feature(1).replace('114.5', 'NaN')]))],
    ['a syntax error after the features', enc(`${collection(many(2)).slice(0, -1)},}`)],
    ['cut short', enc(collection(many(3)).slice(0, -40))],
    ['no features member', enc('{"type":"FeatureCollection","items":[1,2]}')],
    ['features that is not an array', enc('{"type":"FeatureCollection","features":{"a":1}}')],
    ['the features key written with an escape', enc(collection(many(2)).replace('"features"', '"feat\\u0075res"'))],
    ['a GBK file', new Uint8Array([...enc('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"'), 0xc4, 0xcf, ...enc('"},"geometry":null}]}')])],
    ['nested past the limit inside a feature', enc(collection([feature(1, `,"x":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)]))],
  ];
  for (const [name, bytes] of others) {
    test(name, () => {
      for (const size of [1, 5, 4096, bytes.length]) expect(streamed(bytes, size)).toBeNull();
    });
  }

  test('nested to the limit (counting the root and the features array) is still plain', () => {
    const d = MAX_JSON_DEPTH - 3; // root object, features array, the feature: 3 levels
    const text = collection([`{"type":"Feature","x":${'['.repeat(d)}${']'.repeat(d)}}`]);
    expect(streamed(enc(text), 100)).toEqual(JSON.parse(text));
  });

  test('a file that is read whole after a null gets its messages as before (repeated key, trailing comma)', () => {
    for (const text of [collection([feature(1), feature(2, ',"class":"tertiary"')]), collection(many(3)).replace(/\]\}$/, ',]}')]) {
      const bytes = enc(text);
      expect(streamed(bytes, 10)).toBeNull();
      const r = loadLayerFile(LAYERS.roads, 'roads.geojson', bytes);
      expect(r.issues.map((i) => i.code).some((c) => c === 'duplicate-key' || c === 'invalid-json')).toBe(true);
    }
  });

  test('end() gives the value once; a second call gives null', () => {
    const s = new GeoJsonStream();
    s.push(enc(collection(many(2))));
    expect(s.end()).not.toBeNull();
    expect(s.end()).toBeNull();
  });
});
