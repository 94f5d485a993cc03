import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { isOsmPbf, OsmPbfError, scanOsmPbf, type OsmTags } from '../../analysis/osm-pbf.ts';
import { fileBlock, handMadePbf, headerBlock, stringTable } from './osm-pbf-encoder.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/osm/${name}`, import.meta.url)));

function countTags(bytes: Uint8Array) {
  const c = { highwayWays: 0, fireStationNodes: 0, fireStationWays: 0, hydrants: 0, kindergartenNodes: 0, kindergartenWays: 0 };
  const summary = scanOsmPbf(bytes, {
    node(_id, _lon, _lat, t) {
      if (!t) return;
      if (t.amenity === 'fire_station') c.fireStationNodes++;
      if (t.amenity === 'kindergarten') c.kindergartenNodes++;
      if (t.emergency === 'fire_hydrant') c.hydrants++;
    },
    way(_id, _refs, t) {
      if (t.highway !== undefined) c.highwayWays++;
      if (t.amenity === 'fire_station') c.fireStationWays++;
      if (t.amenity === 'kindergarten') c.kindergartenWays++;
      if (t.emergency === 'fire_hydrant') c.hydrants++;
    },
  });
  return { c, summary };
}

describe('scanOsmPbf on the real extracts (counts of test/fixtures/osm/README.md)', () => {
  test('Monaco: 2,927 highway ways, 3 fire stations, 1 hydrant, 1 kindergarten', () => {
    const bytes = fixture('monaco.osm.pbf');
    expect(isOsmPbf(bytes)).toBe(true);
    const { c, summary } = countTags(bytes);
    expect(c).toEqual({ highwayWays: 2927, fireStationNodes: 3, fireStationWays: 0, hydrants: 1, kindergartenNodes: 1, kindergartenWays: 0 });
    expect(summary.requiredFeatures).toContain('DenseNodes');
    // Monaco's header bbox is 7.349–7.491 E, 43.71–43.77 N
    expect(summary.bbox?.[0]).toBeCloseTo(7.349, 3);
    expect(summary.bbox?.[3]).toBeCloseTo(43.77, 3);
  });

  test('Liechtenstein: 2,753 highway ways, 6 fire stations (5 + 1 way), 0 hydrants, 6 kindergartens (5 + 1 way)', () => {
    const { c } = countTags(fixture('liechtenstein-2013-08-03.osm.pbf'));
    expect(c).toEqual({ highwayWays: 2753, fireStationNodes: 5, fireStationWays: 1, hydrants: 0, kindergartenNodes: 5, kindergartenWays: 1 });
  });

  test('every Monaco node lies in the header bbox (coordinates decoded with granularity and offsets)', () => {
    const bytes = fixture('monaco.osm.pbf');
    let outside = 0, n = 0;
    scanOsmPbf(bytes, { node(_id, lon, lat) { n++; if (lon < 7.3489 || lon > 7.4911 || lat < 43.7099 || lat > 43.7701) outside++; } }, { nodeTags: false });
    expect(n).toBeGreaterThan(100000);
    expect(outside).toBe(0);
  });
});

describe('scanOsmPbf on a hand-made file', () => {
  for (const compressData of [true, false]) {
    test(`delta coding, granularity, offsets, dense and plain tags (${compressData ? 'zlib' : 'raw'} block)`, () => {
      const nodes: [number, number, number, OsmTags | null][] = [];
      const ways: [number, number[], OsmTags][] = [];
      const rels: [number, OsmTags][] = [];
      const s = scanOsmPbf(handMadePbf({ compressData }), {
        node: (id, lon, lat, tags) => nodes.push([id, lon, lat, tags]),
        way: (id, refs, tags) => ways.push([id, [...refs], tags]),
        relation: (id, tags) => rels.push([id, tags]),
      });
      expect(s).toMatchObject({ blocks: 2, nodes: 4, ways: 1, relations: 1 });
      expect(nodes.map((n) => n[0])).toEqual([10, 11, 15, 20]);
      const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 9);
      close(nodes[0][2], 40.5); close(nodes[0][1], 115.8);
      close(nodes[1][2], 40.501); close(nodes[1][1], 115.802);
      close(nodes[2][2], 40.499); close(nodes[2][1], 115.804);
      close(nodes[3][2], 40.5); close(nodes[3][1], 115.8);
      expect(nodes[0][3]).toBeNull();
      expect(nodes[1][3]).toEqual({ amenity: 'fire_station', name: '一中队' });
      expect(nodes[2][3]).toBeNull();
      expect(nodes[3][3]).toEqual({ emergency: 'fire_hydrant' });
      expect(ways).toEqual([[100, [10, 11, 99, 15], { highway: 'residential' }]]);
      expect(rels).toEqual([[7, { type: 'multipolygon' }]]);
    });
  }

  test('nodeTags: false skips node tags but keeps coordinates', () => {
    const tags: (OsmTags | null)[] = [];
    scanOsmPbf(handMadePbf(), { node: (_i, _x, _y, t) => tags.push(t) }, { nodeTags: false });
    expect(tags).toEqual([null, null, null, null]);
  });
});

describe('scanOsmPbf refuses bad input with a clear error', () => {
  const err = (bytes: Uint8Array) => {
    try {
      scanOsmPbf(bytes, { node: () => {}, way: () => {} });
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected an error');
  };

  test('a truncated real file', () => {
    const bytes = fixture('monaco.osm.pbf');
    const e = err(bytes.subarray(0, bytes.length - 1000));
    expect(e).toBeInstanceOf(OsmPbfError);
    expect(e.message).toMatch(/truncated/);
    expect(err(bytes.subarray(0, 2)).message).toMatch(/truncated/);
  });

  test('a block size of 2 GB in the header is refused before any allocation', () => {
    const good = fileBlock('OSMData', [...stringTable([])]);
    const lying = fileBlock('OSMData', [...stringTable([])], { dataSize: 2_000_000_000 });
    expect(good.length).toBeGreaterThan(0);
    const e = err(new Uint8Array([...fileBlock('OSMHeader', headerBlock()), ...lying]));
    expect(e.message).toMatch(/block size 2000000000 exceeds the limit/);
  });

  test('a block header length of 2 GB (first 4 bytes) is refused', () => {
    const e = err(new Uint8Array([0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    expect(e.message).toMatch(/header length 2147483647 exceeds/);
  });

  test('a raw_size of 1 GB is refused; a raw_size smaller than the data is a mismatch, not a silent cut', () => {
    const payload = [...stringTable(['highway', 'residential'])];
    expect(err(new Uint8Array([...fileBlock('OSMHeader', headerBlock()), ...fileBlock('OSMData', payload, { rawSize: 1 << 30 })])).message).toMatch(/uncompressed block size 1073741824 exceeds/);
    expect(err(new Uint8Array([...fileBlock('OSMHeader', headerBlock()), ...fileBlock('OSMData', payload, { rawSize: 5 })])).message).toMatch(/longer than its raw_size 5/);
  });

  test('not a PBF file, and an unknown required feature', () => {
    const text = new TextEncoder().encode('{"type":"FeatureCollection","features":[]}');
    expect(isOsmPbf(text)).toBe(false);
    expect(err(text).message).toMatch(/header length|truncated/);
    expect(err(new Uint8Array(fileBlock('OSMHeader', headerBlock(['OsmSchema-V0.6', 'SomethingNew'])))).message).toMatch(/requires the feature "SomethingNew"/);
    const dataFirst = new Uint8Array(fileBlock('OSMData', [...stringTable([])]));
    expect(err(dataFirst).message).toMatch(/not "OSMHeader"/);
  });
});
