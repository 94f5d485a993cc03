import { unzlibSync } from 'fflate';

/**
 * A reader of OpenStreetMap PBF files (`.osm.pbf`), written from the format description on the
 * OSM wiki ("PBF Format") and its two schemas, fileformat.proto and osmformat.proto:
 *
 * - the file is a sequence of blocks: a 4-byte big-endian length, a `BlobHeader` of that length
 *   (`type` = "OSMHeader" or "OSMData", `datasize`), then a `Blob` of `datasize` bytes holding the
 *   block either `raw` or as `zlib_data` (inflated with fflate) with its `raw_size`;
 * - the first block is a `HeaderBlock` (`required_features` must be understood);
 * - every other block is a `PrimitiveBlock`: a string table, `granularity` (nanodegrees, default
 *   100), `lat_offset` / `lon_offset` (nanodegrees, default 0) and primitive groups holding plain
 *   `Node`s, `DenseNodes` (ids, lats and lons delta-coded; tags as one `keys_vals` list with 0
 *   ending each node), `Way`s (refs delta-coded) and `Relation`s (only counted, with their tags).
 *
 * Coordinates: lat = 1e-9 × (lat_offset + granularity × stored value). Ids and deltas are decoded
 * as JavaScript numbers: OSM ids (< 2^53) stay exact.
 *
 * Pure: no fs, no DOM; runs in Node and in a browser worker. The whole file is given as bytes but
 * only one block is inflated at a time. Bad input throws {@link OsmPbfError} with the byte offset:
 * a truncated file, a header or blob size beyond {@link OSM_PBF_LIMITS} (a lying size cannot make
 * it allocate gigabytes), a compression it does not read (lzma, zstd …), an unknown required
 * feature.
 */

/** Sizes the format allows (OSM wiki: headers < 64 KiB, blobs ≤ 32 MiB, uncompressed ≤ 32 MiB). */
export const OSM_PBF_LIMITS = {
  maxHeaderBytes: 64 * 1024,
  maxBlobBytes: 32 * 1024 * 1024,
  maxRawBytes: 32 * 1024 * 1024,
} as const;

/** Required features this reader understands. */
const KNOWN_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation', 'Sort.Type_then_ID', 'LocationsOnWays']);

/** An error in a PBF file, with the byte offset of the block where it was found. */
export class OsmPbfError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'OsmPbfError';
  }
}

/**
 * Why a .osm.pbf could not be read, for the user in both languages: the Chinese says what kind of
 * damage it is and where (cut off, not a PBF, an unsupported feature or compression, damaged), the
 * English is the reader's own words. Any other error is said as "could not be read" with its text in
 * English only.
 * @example osmReadFailure(new OsmPbfError('truncated file: incomplete block length', 0)).zh // '文件不完整（被截断，第 0 字节处）'
 */
export function osmReadFailure(err: unknown): { zh: string; en: string } {
  const en = err instanceof Error ? err.message : String(err);
  if (!(err instanceof OsmPbfError)) return { zh: '文件无法读取', en };
  const m = en;
  const at = `第 ${err.offset} 字节处`;
  if (m.startsWith('truncated file')) return { zh: `文件不完整（被截断，${at}）`, en };
  if (m.startsWith('empty file')) return { zh: '文件中没有 OSMHeader 数据块（空文件，或不是 .osm.pbf 文件）', en };
  if (m.startsWith('block header length') || m.includes('not an OSM PBF file')) return { zh: `不是 OpenStreetMap PBF 文件，或文件头已损坏（${at}）`, en };
  const feature = /requires the feature "([^"]*)"/.exec(m);
  if (feature) return { zh: `文件要求本程序不支持的功能“${feature[1]}”`, en };
  if (m.includes('compression is not supported')) return { zh: '文件使用了不支持的压缩方式（只支持 zlib），可用 osmium cat -o out.osm.pbf 重新编码', en };
  return { zh: `文件已损坏（${at}）`, en };
}

/** OSM tags of one object. */
export type OsmTags = Record<string, string>;

/** Callbacks of {@link scanOsmPbf}; leave out the kinds you do not need (their decoding is skipped). */
export interface OsmPbfVisitor {
  /** A node: lon/lat in degrees; `tags` is null for an untagged node (most of them). */
  node?(id: number, lon: number, lat: number, tags: OsmTags | null): void;
  /** A way: its node ids in order (the array is the callback's to keep). */
  way?(id: number, refs: Float64Array, tags: OsmTags): void;
  /** A relation (members are not decoded). */
  relation?(id: number, tags: OsmTags): void;
}

/** Options of {@link scanOsmPbf}. */
export interface OsmPbfOptions {
  /** Decode node tags (default true); false skips them when only coordinates are wanted. */
  nodeTags?: boolean;
  /** Largest blob accepted, bytes (default and ceiling {@link OSM_PBF_LIMITS}.maxBlobBytes). */
  maxBlobBytes?: number;
}

/** What {@link scanOsmPbf} found besides the callbacks. */
export interface OsmPbfSummary {
  blocks: number;
  nodes: number;
  ways: number;
  relations: number;
  requiredFeatures: string[];
  writingProgram?: string;
  /** [minLon, minLat, maxLon, maxLat] from the header, when given. */
  bbox?: [number, number, number, number];
}

const TWO_63 = 9223372036854775808;

/** A protobuf reader over a byte range: varints, zigzag, length-delimited fields. */
class Pb {
  pos: number;
  constructor(readonly buf: Uint8Array, start: number, readonly end: number, readonly at: number) {
    this.pos = start;
  }

  fail(what: string): never {
    throw new OsmPbfError(what, this.at);
  }

  /** An unsigned varint as a number (exact below 2^53). */
  varint(): number {
    const buf = this.buf;
    if (this.pos >= this.end) this.fail('truncated protobuf varint');
    let b = buf[this.pos++];
    if (b < 0x80) return b;
    let result = b & 0x7f;
    let mul = 128;
    for (let i = 1; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated protobuf varint');
      b = buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    return this.fail('protobuf varint longer than 10 bytes');
  }

  /** A signed two's-complement varint (int32/int64). */
  int(): number {
    const start = this.pos;
    const v = this.varint();
    if (v < TWO_63) return v;
    // Negative: a 10-byte varint whose float sum has lost the low bits; redo it exactly (rare).
    let big = 0n;
    for (let i = this.pos - 1; i >= start; i--) big = (big << 7n) | BigInt(this.buf[i] & 0x7f);
    return Number(BigInt.asIntN(64, big));
  }

  /** A zigzag varint (sint32/sint64). */
  sint(): number {
    const v = this.varint();
    // Arithmetic, not bit operations: values may exceed 32 bits.
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  /** The range [start, end) of a length-delimited field; the reader moves past it. */
  lengthDelimited(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (len > this.end - start) this.fail(`field length ${len} runs past the end of its block`);
    this.pos = start + len;
    return [start, start + len];
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.lengthDelimited();
        return;
      case 5:
        this.advance(4);
        return;
      default:
        this.fail(`unsupported protobuf wire type ${wireType}`);
    }
  }

  private advance(n: number): void {
    if (this.end - this.pos < n) this.fail('truncated protobuf field');
    this.pos += n;
  }
}

/** Count the varints in a packed range (one per byte with the high bit clear). */
function countVarints(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (buf[i] < 0x80) n++;
  return n;
}

/** Decode a packed field of the given kind into a Float64Array, undoing delta coding when asked. */
function packed(buf: Uint8Array, range: [number, number], kind: 'uint' | 'sint', delta: boolean, at: number): Float64Array {
  const out = new Float64Array(countVarints(buf, range[0], range[1]));
  const pb = new Pb(buf, range[0], range[1], at);
  let acc = 0;
  for (let i = 0; i < out.length; i++) {
    const v = kind === 'sint' ? pb.sint() : pb.varint();
    acc = delta ? acc + v : v;
    out[i] = acc;
  }
  // Bytes left over are a last varint whose final byte is missing (every byte has the high bit set).
  if (pb.pos !== range[1]) pb.fail('truncated protobuf varint at the end of a packed field');
  return out;
}

const utf8 = new TextDecoder('utf-8');

/** The string table of a block, decoded on demand. */
class StringTable {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly cache: (string | undefined)[] = [];
  constructor(private readonly buf: Uint8Array) {}
  push(range: [number, number]): void {
    this.starts.push(range[0]);
    this.ends.push(range[1]);
  }
  get(i: number, at: number): string {
    if (!(i >= 0 && i < this.starts.length)) throw new OsmPbfError(`string index ${i} outside the string table (${this.starts.length} strings)`, at);
    let s = this.cache[i];
    if (s === undefined) {
      s = utf8.decode(this.buf.subarray(this.starts[i], this.ends[i]));
      this.cache[i] = s;
    }
    return s;
  }
}

/** True when the bytes start like an OSM PBF file: a plausible header length and "OSMHeader" in it. */
export function isOsmPbf(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return false;
  const len = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (len < 4 || len > OSM_PBF_LIMITS.maxHeaderBytes || 4 + len > bytes.length) return false;
  // BlobHeader field 1 (type, wire type 2) = "OSMHeader"
  const want = [0x0a, 9, 0x4f, 0x53, 0x4d, 0x48, 0x65, 0x61, 0x64, 0x65, 0x72];
  for (let i = 0; i < want.length; i++) if (bytes[4 + i] !== want[i]) return false;
  return true;
}

/**
 * Read an OSM PBF file block by block and call the visitor for every node, way and relation.
 * Blocks are inflated one at a time; nothing but the current block is held.
 *
 * @param bytes - the whole `.osm.pbf` file.
 * @param visitor - callbacks; kinds without a callback are not decoded.
 * @param options - see {@link OsmPbfOptions}.
 * @returns counts, the header's required features, writing program and bbox.
 * @throws {@link OsmPbfError} on a truncated or malformed file, sizes beyond the format's limits,
 *   an unsupported compression or an unknown required feature.
 * @example
 * let highways = 0;
 * scanOsmPbf(bytes, { way: (id, refs, tags) => { if (tags.highway) highways++; } });
 */
export function scanOsmPbf(bytes: Uint8Array, visitor: OsmPbfVisitor, options: OsmPbfOptions = {}): OsmPbfSummary {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  const maxBlob = Math.min(options.maxBlobBytes ?? OSM_PBF_LIMITS.maxBlobBytes, OSM_PBF_LIMITS.maxBlobBytes);
  const nodeTags = options.nodeTags ?? true;
  const summary: OsmPbfSummary = { blocks: 0, nodes: 0, ways: 0, relations: 0, requiredFeatures: [] };
  let pos = 0;
  let sawHeader = false;
  while (pos < bytes.length) {
    const at = pos;
    if (bytes.length - pos < 4) throw new OsmPbfError('truncated file: incomplete block length', at);
    const headerLen = ((bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3]) >>> 0;
    pos += 4;
    if (headerLen > OSM_PBF_LIMITS.maxHeaderBytes) throw new OsmPbfError(`block header length ${headerLen} exceeds the format's limit of ${OSM_PBF_LIMITS.maxHeaderBytes} bytes: not a PBF file, or a corrupt one`, at);
    if (headerLen > bytes.length - pos) throw new OsmPbfError('truncated file: the block header runs past the end', at);
    // BlobHeader
    let type = '';
    let dataSize: number | null = null;
    const hp = new Pb(bytes, pos, pos + headerLen, at);
    while (hp.pos < hp.end) {
      const key = hp.varint();
      const field = Math.floor(key / 8), wt = key & 7;
      if (field === 1 && wt === 2) type = utf8.decode(bytes.subarray(...hp.lengthDelimited()));
      else if (field === 3 && wt === 0) dataSize = hp.int();
      else hp.skip(wt);
    }
    pos += headerLen;
    if (dataSize === null) throw new OsmPbfError('block header without a data size', at);
    if (dataSize < 0) throw new OsmPbfError(`negative block size ${dataSize}`, at);
    if (dataSize > maxBlob) throw new OsmPbfError(`block size ${dataSize} exceeds the limit of ${maxBlob} bytes`, at);
    if (dataSize > bytes.length - pos) throw new OsmPbfError(`truncated file: the block needs ${dataSize} bytes, ${bytes.length - pos} remain`, at);
    const blobStart = pos;
    pos += dataSize;
    if (!sawHeader && type !== 'OSMHeader') throw new OsmPbfError(`the first block is "${type}", not "OSMHeader": not an OSM PBF file`, at);
    if (type !== 'OSMHeader' && type !== 'OSMData') continue; // unknown block types are skipped, per the format
    const data = inflateBlob(bytes, blobStart, blobStart + dataSize, at);
    summary.blocks++;
    if (type === 'OSMHeader') {
      sawHeader = true;
      readHeaderBlock(data, at, summary);
    } else {
      readPrimitiveBlock(data, at, visitor, nodeTags, summary);
    }
  }
  if (!sawHeader) throw new OsmPbfError('empty file: no OSMHeader block', 0);
  return summary;
}

/** The block's bytes, inflated when zlib-compressed. */
function inflateBlob(bytes: Uint8Array, start: number, end: number, at: number): Uint8Array {
  const pb = new Pb(bytes, start, end, at);
  let raw: [number, number] | null = null;
  let zlib: [number, number] | null = null;
  let rawSize = -1;
  let other = '';
  while (pb.pos < pb.end) {
    const key = pb.varint();
    const field = Math.floor(key / 8), wt = key & 7;
    if (field === 1 && wt === 2) raw = pb.lengthDelimited();
    else if (field === 2 && wt === 0) rawSize = pb.int();
    else if (field === 3 && wt === 2) zlib = pb.lengthDelimited();
    else if (field >= 4 && field <= 7 && wt === 2) {
      other = ({ 4: 'lzma', 5: 'bzip2', 6: 'lz4', 7: 'zstd' } as Record<number, string>)[field];
      pb.skip(wt);
    } else pb.skip(wt);
  }
  if (raw) return bytes.subarray(raw[0], raw[1]);
  if (zlib) {
    if (rawSize < 0) throw new OsmPbfError('compressed block without raw_size', at);
    if (rawSize > OSM_PBF_LIMITS.maxRawBytes) throw new OsmPbfError(`uncompressed block size ${rawSize} exceeds the limit of ${OSM_PBF_LIMITS.maxRawBytes} bytes`, at);
    // One spare byte: output longer than raw_size shows up as a length mismatch, not silent truncation.
    let out: Uint8Array;
    try {
      out = unzlibSync(bytes.subarray(zlib[0], zlib[1]), { out: new Uint8Array(rawSize + 1) });
    } catch (err) {
      throw new OsmPbfError(`cannot inflate block: ${err instanceof Error ? err.message : String(err)}`, at);
    }
    if (out.length !== rawSize) throw new OsmPbfError(`inflated block is ${out.length > rawSize ? 'longer' : 'shorter'} than its raw_size ${rawSize}`, at);
    return out;
  }
  if (other) throw new OsmPbfError(`${other} compression is not supported (only zlib); re-encode the file, e.g. osmium cat -o out.osm.pbf`, at);
  throw new OsmPbfError('block without data', at);
}

function readHeaderBlock(data: Uint8Array, at: number, summary: OsmPbfSummary): void {
  const pb = new Pb(data, 0, data.length, at);
  while (pb.pos < pb.end) {
    const key = pb.varint();
    const field = Math.floor(key / 8), wt = key & 7;
    if ((field === 4 || field === 16) && wt === 2) {
      const s = utf8.decode(data.subarray(...pb.lengthDelimited()));
      if (field === 4) summary.requiredFeatures.push(s);
      else summary.writingProgram = s;
    } else if (field === 1 && wt === 2) {
      // HeaderBBox: left, right, top, bottom in nanodegrees (sint64)
      const r = pb.lengthDelimited();
      const bp = new Pb(data, r[0], r[1], at);
      const b = [0, 0, 0, 0];
      while (bp.pos < bp.end) {
        const k = bp.varint();
        const f = Math.floor(k / 8);
        if (f >= 1 && f <= 4 && (k & 7) === 0) b[f - 1] = bp.sint() / 1e9;
        else bp.skip(k & 7);
      }
      summary.bbox = [b[0], b[3], b[1], b[2]];
    } else pb.skip(wt);
  }
  for (const f of summary.requiredFeatures) {
    if (!KNOWN_FEATURES.has(f)) throw new OsmPbfError(`the file requires the feature "${f}", which this reader does not support`, at);
  }
}

interface BlockContext {
  data: Uint8Array;
  at: number;
  strings: StringTable;
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

function readPrimitiveBlock(data: Uint8Array, at: number, visitor: OsmPbfVisitor, nodeTags: boolean, summary: OsmPbfSummary): void {
  const pb = new Pb(data, 0, data.length, at);
  const ctx: BlockContext = { data, at, strings: new StringTable(data), granularity: 100, latOffset: 0, lonOffset: 0 };
  const groups: [number, number][] = [];
  // Fields may come in any order: collect groups first, read them once granularity and offsets are known.
  while (pb.pos < pb.end) {
    const key = pb.varint();
    const field = Math.floor(key / 8), wt = key & 7;
    if (field === 1 && wt === 2) {
      const r = pb.lengthDelimited();
      const sp = new Pb(data, r[0], r[1], at);
      while (sp.pos < sp.end) {
        const k = sp.varint();
        if (k === 0x0a) ctx.strings.push(sp.lengthDelimited());
        else sp.skip(k & 7);
      }
    } else if (field === 2 && wt === 2) groups.push(pb.lengthDelimited());
    else if (field === 17 && wt === 0) ctx.granularity = pb.int();
    else if (field === 19 && wt === 0) ctx.latOffset = pb.int();
    else if (field === 20 && wt === 0) ctx.lonOffset = pb.int();
    else pb.skip(wt);
  }
  if (!(ctx.granularity > 0)) throw new OsmPbfError(`granularity ${ctx.granularity} is not positive`, at);
  for (const g of groups) {
    const gp = new Pb(data, g[0], g[1], at);
    while (gp.pos < gp.end) {
      const key = gp.varint();
      const field = Math.floor(key / 8), wt = key & 7;
      if (wt !== 2) {
        gp.skip(wt);
        continue;
      }
      const r = gp.lengthDelimited();
      if (field === 1) {
        summary.nodes++;
        if (visitor.node) readNode(ctx, r, visitor, nodeTags);
      } else if (field === 2) summary.nodes += readDense(ctx, r, visitor, nodeTags);
      else if (field === 3) {
        summary.ways++;
        if (visitor.way) readWay(ctx, r, visitor);
      } else if (field === 4) {
        summary.relations++;
        if (visitor.relation) readRelation(ctx, r, visitor);
      }
    }
  }
}

function lonOf(ctx: BlockContext, v: number): number {
  return (ctx.lonOffset + ctx.granularity * v) / 1e9;
}
function latOf(ctx: BlockContext, v: number): number {
  return (ctx.latOffset + ctx.granularity * v) / 1e9;
}

/** Tags from parallel key/value string-index lists. */
function tagsOf(ctx: BlockContext, keys: Float64Array | null, vals: Float64Array | null): OsmTags {
  const tags: OsmTags = {};
  if (!keys) return tags;
  if (!vals || vals.length !== keys.length) throw new OsmPbfError('tag keys and values differ in number', ctx.at);
  for (let i = 0; i < keys.length; i++) tags[ctx.strings.get(keys[i], ctx.at)] = ctx.strings.get(vals[i], ctx.at);
  return tags;
}

function readNode(ctx: BlockContext, r: [number, number], visitor: OsmPbfVisitor, nodeTags: boolean): void {
  const pb = new Pb(ctx.data, r[0], r[1], ctx.at);
  let id = 0, lat = 0, lon = 0;
  let keys: Float64Array | null = null, vals: Float64Array | null = null;
  while (pb.pos < pb.end) {
    const key = pb.varint();
    const field = Math.floor(key / 8), wt = key & 7;
    if (field === 1 && wt === 0) id = pb.sint();
    else if (field === 8 && wt === 0) lat = pb.sint();
    else if (field === 9 && wt === 0) lon = pb.sint();
    else if (field === 2 && wt === 2) keys = packed(ctx.data, pb.lengthDelimited(), 'uint', false, ctx.at);
    else if (field === 3 && wt === 2) vals = packed(ctx.data, pb.lengthDelimited(), 'uint', false, ctx.at);
    else pb.skip(wt);
  }
  const tags = nodeTags && keys && keys.length > 0 ? tagsOf(ctx, keys, vals) : null;
  visitor.node!(id, lonOf(ctx, lon), latOf(ctx, lat), tags);
}

/** DenseNodes; returns the number of nodes. */
function readDense(ctx: BlockContext, r: [number, number], visitor: OsmPbfVisitor, nodeTags: boolean): number {
  const pb = new Pb(ctx.data, r[0], r[1], ctx.at);
  let ids: [number, number] | null = null, lats: [number, number] | null = null, lons: [number, number] | null = null, kv: [number, number] | null = null;
  while (pb.pos < pb.end) {
    const key = pb.varint();
    const field = Math.floor(key / 8), wt = key & 7;
    if (wt === 2 && field === 1) ids = pb.lengthDelimited();
    else if (wt === 2 && field === 8) lats = pb.lengthDelimited();
    else if (wt === 2 && field === 9) lons = pb.lengthDelimited();
    else if (wt === 2 && field === 10) kv = pb.lengthDelimited();
    else pb.skip(wt);
  }
  if (!ids) return 0;
  const n = countVarints(ctx.data, ids[0], ids[1]);
  if (!visitor.node) return n;
  if (!lats || !lons) throw new OsmPbfError('dense nodes without lat/lon', ctx.at);
  const ip = new Pb(ctx.data, ids[0], ids[1], ctx.at);
  const ap = new Pb(ctx.data, lats[0], lats[1], ctx.at);
  const op = new Pb(ctx.data, lons[0], lons[1], ctx.at);
  const kp = nodeTags && kv ? new Pb(ctx.data, kv[0], kv[1], ctx.at) : null;
  let id = 0, lat = 0, lon = 0;
  for (let i = 0; i < n; i++) {
    id += ip.sint();
    if (ap.pos >= ap.end || op.pos >= op.end) throw new OsmPbfError('dense nodes: fewer coordinates than ids', ctx.at);
    lat += ap.sint();
    lon += op.sint();
    let tags: OsmTags | null = null;
    if (kp && kp.pos < kp.end) {
      // keys_vals: (key, value)* 0 per node
      for (;;) {
        const k = kp.varint();
        if (k === 0) break;
        const v = kp.varint();
        (tags ??= {})[ctx.strings.get(k, ctx.at)] = ctx.strings.get(v, ctx.at);
        if (kp.pos >= kp.end) break;
      }
    }
    visitor.node(id, lonOf(ctx, lon), latOf(ctx, lat), tags);
  }
  if (ip.pos !== ip.end) ip.fail('truncated protobuf varint at the end of the dense node ids');
  return n;
}

function readWay(ctx: BlockContext, r: [number, number], visitor: OsmPbfVisitor): void {
  const pb = new Pb(ctx.data, r[0], r[1], ctx.at);
  let id = 0;
  let keys: Float64Array | null = null, vals: Float64Array | null = null, refs: Float64Array | null = null;
  while (pb.pos < pb.end) {
    const key = pb.varint();
    const field = Math.floor(key / 8), wt = key & 7;
    if (field === 1 && wt === 0) id = pb.int();
    else if (field === 2 && wt === 2) keys = packed(ctx.data, pb.lengthDelimited(), 'uint', false, ctx.at);
    else if (field === 3 && wt === 2) vals = packed(ctx.data, pb.lengthDelimited(), 'uint', false, ctx.at);
    else if (field === 8 && wt === 2) refs = packed(ctx.data, pb.lengthDelimited(), 'sint', true, ctx.at);
    else pb.skip(wt);
  }
  visitor.way!(id, refs ?? new Float64Array(0), tagsOf(ctx, keys, vals));
}

function readRelation(ctx: BlockContext, r: [number, number], visitor: OsmPbfVisitor): void {
  const pb = new Pb(ctx.data, r[0], r[1], ctx.at);
  let id = 0;
  let keys: Float64Array | null = null, vals: Float64Array | null = null;
  while (pb.pos < pb.end) {
    const key = pb.varint();
    const field = Math.floor(key / 8), wt = key & 7;
    if (field === 1 && wt === 0) id = pb.int();
    else if (field === 2 && wt === 2) keys = packed(ctx.data, pb.lengthDelimited(), 'uint', false, ctx.at);
    else if (field === 3 && wt === 2) vals = packed(ctx.data, pb.lengthDelimited(), 'uint', false, ctx.at);
    else pb.skip(wt);
  }
  visitor.relation!(id, tagsOf(ctx, keys, vals));
}

