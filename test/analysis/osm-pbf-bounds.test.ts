import { zlibSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { OsmPbfError, scanOsmPbf } from '../../analysis/osm-pbf.ts';
import { deltas, fBytes, fileBlock, fInt64, fString, fVarint, headerBlock, packedSint, packedUint, stringTable, varint, type Bytes } from './osm-pbf-encoder.ts';

/** The message of the OsmPbfError that scanning `bytes` throws (every kind decoded). */
function errorOf(bytes: Uint8Array | Bytes): string {
  try {
    scanOsmPbf(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), { node: () => {}, way: () => {}, relation: () => {} });
  } catch (e) {
    expect(e).toBeInstanceOf(OsmPbfError);
    return (e as Error).message;
  }
  throw new Error('expected an OsmPbfError');
}

const HEADER = fileBlock('OSMHeader', headerBlock());

/** A file block whose BlobHeader is written by hand (type and raw header fields), then `blob`. */
function createRawBlock(headerFields: Bytes, blob: Bytes): Bytes {
  const n = headerFields.length;
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ...headerFields, ...blob];
}

describe('scanOsmPbf: lying sizes', () => {
  test('a block size smaller than the block: the rest is read as a new block and refused', () => {
    const data = fileBlock('OSMData', [...stringTable(['highway'])], { compress: false });
    const blob = data.slice(4 + data[3]);
    const lying = createRawBlock([...fString(1, 'OSMData'), ...fVarint(3, blob.length - 3)], blob);
    expect(errorOf([...HEADER, ...lying])).toMatch(/runs past the end of its block|header length|truncated/);
  });

  test('a block size larger than what remains', () => {
    const lying = createRawBlock([...fString(1, 'OSMData'), ...fVarint(3, 1_000_000)], [1, 2, 3]);
    expect(errorOf([...HEADER, ...lying])).toMatch(/truncated file: the block needs 1000000 bytes, 3 remain/);
  });

  test('a negative block size', () => {
    const lying = createRawBlock([...fString(1, 'OSMData'), ...fInt64(3, -5)], []);
    expect(errorOf([...HEADER, ...lying])).toMatch(/negative block size -5/);
  });

  test('a field length of 2^40 inside a block', () => {
    const payload = [...varint(1 * 8 + 2), ...varint(2 ** 40), 1, 2, 3];
    expect(errorOf([...HEADER, ...fileBlock('OSMData', payload, { compress: false })])).toMatch(/field length 1099511627776 runs past the end of its block/);
  });

  test('a raw_size of 1,000 for a block that inflates to 8 MB is refused (zlib bomb; the output buffer is raw_size + 1)', () => {
    const bomb = zlibSync(new Uint8Array(8 * 1024 * 1024));
    const blob = [...fVarint(2, 1000), ...fBytes(3, bomb)];
    const block = createRawBlock([...fString(1, 'OSMData'), ...fVarint(3, blob.length)], blob);
    expect(errorOf([...HEADER, ...block])).toMatch(/longer than its raw_size 1000/);
  });
});

describe('scanOsmPbf: truncated and malformed varints', () => {
  test('a BlobHeader ending in the middle of a varint', () => {
    expect(errorOf(createRawBlock([...fString(1, 'OSMHeader'), 0x18, 0x80], []))).toMatch(/truncated protobuf varint/);
  });

  test('a varint longer than 10 bytes', () => {
    expect(errorOf(createRawBlock([...fString(1, 'OSMHeader'), 0x18, ...new Array(11).fill(0x80), 1], []))).toMatch(/varint longer than 10 bytes/);
  });

  test('a way whose refs end with a cut varint is refused, not read one ref short', () => {
    const refs = packedSint(8, deltas([10, 11, 15]));
    // One more byte with the high bit set: a last varint whose final byte is missing (length + 1).
    const cut = [...refs.slice(0, 1), refs[1] + 1, ...refs.slice(2), 0x80];
    const way = fBytes(3, [...fVarint(1, 100), ...packedUint(2, [1]), ...packedUint(3, [2]), ...cut]);
    const block = [...stringTable(['highway', 'residential']), ...fBytes(2, way)];
    expect(errorOf([...HEADER, ...fileBlock('OSMData', block)])).toMatch(/truncated protobuf varint at the end of a packed field/);
  });

  test('dense node ids ending with a cut varint', () => {
    const ids = packedSint(1, deltas([10, 11]));
    const cut = [...ids.slice(0, 1), ids[1] + 1, ...ids.slice(2), 0x80];
    const dense = fBytes(2, [...cut, ...packedSint(8, [1, 1]), ...packedSint(9, [1, 1])]);
    expect(errorOf([...HEADER, ...fileBlock('OSMData', [...stringTable([]), ...fBytes(2, dense)])])).toMatch(/truncated protobuf varint at the end of the dense node ids/);
  });

  test('the deprecated group wire types (3, 4) are refused', () => {
    expect(errorOf([...HEADER, ...fileBlock('OSMData', [...varint(5 * 8 + 3)])])).toMatch(/unsupported protobuf wire type 3/);
  });

  test('a tag pointing outside the string table', () => {
    const way = fBytes(3, [...fVarint(1, 1), ...packedUint(2, [1]), ...packedUint(3, [99])]);
    expect(errorOf([...HEADER, ...fileBlock('OSMData', [...stringTable(['highway']), ...fBytes(2, way)])])).toMatch(/string index 99 outside the string table \(2 strings\)/);
  });
});

describe('scanOsmPbf: many small blocks', () => {
  test('100,000 empty data blocks are read one after another', () => {
    const one = fileBlock('OSMData', [...stringTable([])], { compress: false });
    const bytes = new Uint8Array(HEADER.length + one.length * 100_000);
    bytes.set(HEADER, 0);
    for (let i = 0; i < 100_000; i++) bytes.set(one, HEADER.length + i * one.length);
    expect(scanOsmPbf(bytes, { node: () => {} })).toMatchObject({ blocks: 100_001, nodes: 0 });
  });
});
