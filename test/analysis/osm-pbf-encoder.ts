import { zlibSync } from 'fflate';

/**
 * A tiny protobuf / OSM PBF encoder for tests: builds files whose content is known by hand, so the
 * reader (analysis/osm-pbf.ts) is checked against the format, not against itself.
 */

export type Bytes = number[];

/** Unsigned varint of a non-negative integer (exact below 2^53). */
export function varint(n: number): Bytes {
  const out: Bytes = [];
  while (n >= 128) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** Two's-complement int64 varint (10 bytes for a negative value). */
export function int64(n: number): Bytes {
  if (n >= 0) return varint(n);
  // 2^64 + n, written 7 bits at a time from the low end using BigInt for exactness.
  let v = (1n << 64n) + BigInt(n);
  const out: Bytes = [];
  while (v >= 128n) {
    out.push(Number(v & 127n) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

export const zigzag = (n: number): number => (n >= 0 ? 2 * n : -2 * n - 1);

export const key = (field: number, wireType: number): Bytes => varint(field * 8 + wireType);
export const fVarint = (field: number, n: number): Bytes => [...key(field, 0), ...varint(n)];
export const fInt64 = (field: number, n: number): Bytes => [...key(field, 0), ...int64(n)];
export const fSint = (field: number, n: number): Bytes => [...key(field, 0), ...varint(zigzag(n))];
export const fBytes = (field: number, b: Bytes | Uint8Array): Bytes => [...key(field, 2), ...varint(b.length), ...b];
export const fString = (field: number, s: string): Bytes => fBytes(field, [...new TextEncoder().encode(s)]);
export const packedUint = (field: number, ns: number[]): Bytes => fBytes(field, ns.flatMap(varint));
export const packedSint = (field: number, ns: number[]): Bytes => fBytes(field, ns.flatMap((n) => varint(zigzag(n))));
export const deltas = (ns: number[]): number[] => ns.map((n, i) => (i === 0 ? n : n - ns[i - 1]));

/** One file block: 4-byte big-endian header length, BlobHeader, Blob. */
export function fileBlock(type: string, payload: Bytes, opts: { compress?: boolean; rawSize?: number; dataSize?: number } = {}): Bytes {
  const data = new Uint8Array(payload);
  const blob = opts.compress === false
    ? fBytes(1, [...data])
    : [...fVarint(2, opts.rawSize ?? data.length), ...fBytes(3, [...zlibSync(data)])];
  const header = [...fString(1, type), ...fVarint(3, opts.dataSize ?? blob.length)];
  const n = header.length;
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ...header, ...blob];
}

export function headerBlock(features = ['OsmSchema-V0.6', 'DenseNodes']): Bytes {
  return features.flatMap((f) => fString(4, f)).concat(fString(16, 'coverage-planner test encoder'));
}

/** A string table message: index 0 is the empty string, as the format asks. */
export function stringTable(strings: string[]): Bytes {
  return fBytes(1, ['', ...strings].flatMap((s) => fString(1, s)));
}

/**
 * A hand-made file: granularity 1000 nanodegrees, lat_offset +0.5°, lon_offset −0.2° (a negative
 * int64: a 10-byte varint).
 * Strings: 1 amenity, 2 fire_station, 3 name, 4 一中队, 5 emergency, 6 fire_hydrant, 7 highway, 8 residential, 9 type, 10 multipolygon.
 * Dense nodes 10, 11, 15 (delta-coded 10, +1, +4):
 *   lat raw 40,000,000 / 40,001,000 / 39,999,000 → (0.5e9 + 1000 × raw) / 1e9 = 40.5 / 40.501 / 40.499
 *   lon raw 116,000,000 / 116,002,000 / 116,004,000 → (−0.2e9 + 1000 × raw) / 1e9 = 115.8 / 115.802 / 115.804
 *   node 11 tagged amenity=fire_station, name=一中队 (keys_vals 0 | 1 2 3 4 0 | 0).
 * Plain node 20: emergency=fire_hydrant at raw (40,000,000, 116,000,000) → (40.5, 115.8).
 * Way 100: highway=residential, refs 10, 11, 99, 15 (delta 10, +1, +88, −84; node 99 does not exist).
 * Relation 7: type=multipolygon.
 */
export function handMadePbf(opts: { compressData?: boolean } = {}): Uint8Array {
  const strings = stringTable(['amenity', 'fire_station', 'name', '一中队', 'emergency', 'fire_hydrant', 'highway', 'residential', 'type', 'multipolygon']);
  const dense = fBytes(2, [
    ...packedSint(1, deltas([10, 11, 15])),
    ...packedSint(8, deltas([40_000_000, 40_001_000, 39_999_000])),
    ...packedSint(9, deltas([116_000_000, 116_002_000, 116_004_000])),
    ...packedUint(10, [0, 1, 2, 3, 4, 0, 0]),
  ]);
  const node = fBytes(1, [...fSint(1, 20), ...packedUint(2, [5]), ...packedUint(3, [6]), ...fSint(8, 40_000_000), ...fSint(9, 116_000_000)]);
  const way = fBytes(3, [...fVarint(1, 100), ...packedUint(2, [7]), ...packedUint(3, [8]), ...packedSint(8, deltas([10, 11, 99, 15]))]);
  const relation = fBytes(4, [...fVarint(1, 7), ...packedUint(2, [9]), ...packedUint(3, [10])]);
  const block = [...strings, ...fBytes(2, [...dense, ...node]), ...fBytes(2, way), ...fBytes(2, relation), ...fVarint(17, 1000), ...fInt64(19, 500_000_000), ...fInt64(20, -200_000_000)];
  return new Uint8Array([...fileBlock('OSMHeader', headerBlock()), ...fileBlock('OSMData', block, { compress: opts.compressData ?? true })]);
}

