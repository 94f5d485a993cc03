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
