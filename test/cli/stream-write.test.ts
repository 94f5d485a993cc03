import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { scanFile } from '../support/scan-file.ts';
import { toCsv } from '../../analysis/csv-export.ts';
import { jsonPieces, writeCsvFile, writeFeatureCollection, writeJsonFile, writeOutputs } from '../../cli/stream-write.ts';

const dirs: string[] = [];
function createDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'stream-write-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Values that exercise every rule of JSON.stringify the streaming writer must copy. */
function createAwkwardValue(): unknown {
  return {
    type: 'FeatureCollection',
    empty: {},
    emptyList: [],
    skipped: undefined,
    fn: () => 1,
    nan: NaN,
    inf: -Infinity,
    date: new Date(Date.UTC(2024, 0, 2)),
    custom: { toJSON: (key: string) => `toJSON(${key})` },
    boxed: [new Number(3), new String('s'), new Boolean(false)],
    holes: [1, undefined, () => 2, null, [[], {}], { a: undefined }],
    text: '引号"\\\n换行\u2028',
    typed: new Float64Array([1.5, -0]),
    nested: { a: { b: { c: [1, { d: [2, 3] }] } } },
    features: [
      { type: 'Feature', properties: { id: 'H1', 乡镇: '恒州镇', minutes: null }, geometry: { type: 'Point', coordinates: [114.1, 38.7] } },
      { type: 'Feature', properties: {}, geometry: null },
    ],
  };
}

describe('jsonPieces: the same text as JSON.stringify, in pieces', () => {
  for (const indent of [0, 2, 4]) {
    test(`awkward values, indent ${indent}`, () => {
      const v = createAwkwardValue();
      expect([...jsonPieces(v, indent)].join('')).toBe(JSON.stringify(v, null, indent));
    });
  }

  test('top-level primitives, arrays and undefined', () => {
    for (const v of [1, 'x', null, true, [], {}, [1, [2, [3]]], NaN]) {
      expect([...jsonPieces(v, 2)].join('')).toBe(JSON.stringify(v, null, 2));
    }
    expect([...jsonPieces(undefined)]).toEqual([]);
  });

  test('an array is written one element per piece (no piece holds the whole document)', () => {
    const features = Array.from({ length: 1000 }, (_, i) => ({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [i, i] } }));
    const pieces = [...jsonPieces({ type: 'FeatureCollection', features })];
    const longest = Math.max(...pieces.map((p) => p.length));
    expect(longest).toBeLessThanOrEqual(JSON.stringify(features[999]).length + 1);
    expect(pieces.join('')).toBe(JSON.stringify({ type: 'FeatureCollection', features }));
  });
});

describe('streaming file writers', () => {
  test('writeJsonFile, writeFeatureCollection and writeCsvFile write the bytes of JSON.stringify and toCsv', async () => {
    const dir = createDir();
    const v = createAwkwardValue();
    await writeJsonFile(join(dir, 'a.json'), v, 2);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(JSON.stringify(v, null, 2));
    const features = [{ type: 'Feature', properties: { id: '=1+1' }, geometry: { type: 'Point', coordinates: [1, 2] } }];
    expect(await writeFeatureCollection(join(dir, 'f.geojson'), features)).toBe(1);
    expect(readFileSync(join(dir, 'f.geojson'), 'utf8')).toBe(JSON.stringify({ type: 'FeatureCollection', features }));
    expect(await writeFeatureCollection(join(dir, 'empty.geojson'), [])).toBe(0);
    expect(readFileSync(join(dir, 'empty.geojson'), 'utf8')).toBe(JSON.stringify({ type: 'FeatureCollection', features: [] }));
    const rows = [['H1', '张三', 1.5], ['H2', '=cmd|x', -3], ['H3', 'a,"b"\n', null]];
    expect(await writeCsvFile(join(dir, 't.csv'), ['id', 'name', 'v'], rows)).toBe(3);
    expect(readFileSync(join(dir, 't.csv'))).toEqual(Buffer.from(toCsv(['id', 'name', 'v'], rows), 'utf8'));
  });

  test('a 38 MB CSV of a million rows from a generator is written without building its text, byte for byte', async () => {
    const dir = createDir();
    const n = 1_000_000;
    function* rows() {
      for (let i = 0; i < n; i++) yield [`H${i}`, '恒州镇', i / 7, i % 2 === 0 ? '=x' : null];
    }
    await writeCsvFile(join(dir, 'big.csv'), ['id', 'township', 'v', 'note'], rows());
    const bytes = readFileSync(join(dir, 'big.csv'));
    expect(bytes.length).toBeGreaterThan(35_000_000);
    expect(bytes.equals(Buffer.from(toCsv(['id', 'township', 'v', 'note'], rows()), 'utf8'))).toBe(true);
  });

  // issue #9: `analyze fire` on 5M households died in JSON.stringify of the unreached households'
  // GeoJSON (≈ 1 GB, twice V8's longest string). The CLI writes it with writeFeatureCollection from a
  // generator; here the same writer gets features past 2^29 characters — no string could hold the
  // file. (The 5M-household run itself, with its output checks, is `npm run bench -- cli-scale`.)
  test('a FeatureCollection longer than any JavaScript string is written from a generator, whole', { timeout: 300_000 }, async () => {
    const dir = createDir();
    const n = 2_900_000;
    function* features() {
      for (let i = 0; i < n; i++) {
        yield { type: 'Feature', properties: { id: `H${i}`, township: '恒州镇', village: '东关村', minutes: i % 3 ? null : 5 + i / n, nearest_station: 'FS-01' }, geometry: { type: 'Point', coordinates: [114 + i / n, 38.5 + (i % 1000) / 10_000] } };
      }
    }
    const path = join(dir, 'uncovered-households.geojson');
    expect(await writeFeatureCollection(path, features())).toBe(n);
    const FEATURE = '{"type":"Feature",';
    const geo = scanFile(path, FEATURE);
    expect(geo.bytes).toBeGreaterThan(2 ** 29); // longer than any JavaScript string
    expect(geo.count).toBe(n);
    expect(geo.head.startsWith(`{"type":"FeatureCollection","features":[${FEATURE}"properties":{"id":"H0",`)).toBe(true);
    expect(geo.tail.endsWith('}]}')).toBe(true);
    const last = JSON.parse(geo.tail.slice(geo.tail.lastIndexOf(FEATURE), -2));
    expect(last.properties.id).toBe(`H${n - 1}`);
    expect(readdirSync(dir)).toEqual(['uncovered-households.geojson']); // no partial file left
  });

  test('a failing generator leaves the previous file untouched and no partial file behind', async () => {
    const dir = createDir();
    writeFileSync(join(dir, 'x.csv'), 'previous run');
    function* rows() {
      yield ['a'];
      throw new Error('analysis failed half-way');
    }
    await expect(writeCsvFile(join(dir, 'x.csv'), ['id'], rows())).rejects.toThrow(/half-way/);
    expect(readFileSync(join(dir, 'x.csv'), 'utf8')).toBe('previous run');
    expect(readdirSync(dir)).toEqual(['x.csv']);
  });

  test('a row of the wrong width names its row', async () => {
    const dir = createDir();
    await expect(writeCsvFile(join(dir, 'x.csv'), ['a', 'b'], [['1', '2'], ['3']])).rejects.toThrow(/row 3 has 1 cells, header has 2/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  test('writeOutputs creates the folder and writes each kind of output', async () => {
    const dir = join(createDir(), 'nested', 'out');
    const written = await writeOutputs(dir, {
      'a.json': { json: { a: 1 }, indent: 2 },
      'b.geojson': { features: [] },
      'c.csv': { csv: ['x'], rows: [[1]] },
      'd.md': { text: '# t' },
    });
    expect(written).toEqual(['a.json', 'b.geojson', 'c.csv', 'd.md']);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{\n  "a": 1\n}');
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe('\uFEFFx\r\n1\r\n');
    expect(statSync(join(dir, 'd.md')).size).toBe(3);
  });
});
