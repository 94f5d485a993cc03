import { gunzipSync } from 'fflate';

/** Reads `length` bytes at `offset` of the archive (a picked File: `file.slice(...).arrayBuffer()`). */
export type ReadRange = (offset: number, length: number) => Promise<Uint8Array>;

/** The fixed 127-byte header of a PMTiles version 3 archive. */
export interface PmtilesHeader {
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  metadataOffset: number;
  metadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  /** 1 none, 2 gzip, 3 brotli, 4 zstd (of directories and metadata). */
  internalCompression: number;
  /** The same codes, of the tiles. */
  tileCompression: number;
  /** 1 MVT vector tiles, 2 PNG, 3 JPEG, 4 WebP, 5 AVIF. */
  tileType: number;
  minZoom: number;
  maxZoom: number;
  /** `[west, south, east, north]`, degrees. */
  bounds: [number, number, number, number];
  center: [number, number];
  centerZoom: number;
}

/** One directory entry: a run of tiles stored once, or (runLength 0) a pointer to a leaf directory. */
interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

const HEADER_BYTES = 127;

/** Why an archive cannot be read: the code picks the user's message, the text is for logs and tests. */
export class PmtilesError extends Error {
  readonly code: 'signature' | 'version' | 'compression' | 'corrupt';
  constructor(code: PmtilesError['code'], message: string) {
    super(message);
    this.code = code;
  }
}
const MAX_DEPTH = 4;

/**
 * The PMTiles tile id of z/x/y: the tiles of all lower zooms, plus the position of (x, y) along
 * the Hilbert curve over the 2^z × 2^z grid.
 * @example zxyToTileId(1, 0, 1) // 2
 */
export function zxyToTileId(z: number, x: number, y: number): number {
  if (z > 26) throw new Error(`PMTiles: zoom ${z} is beyond 26`);
  const n = 2 ** z;
  if (x < 0 || y < 0 || x >= n || y >= n) throw new Error(`PMTiles: tile ${z}/${x}/${y} is outside the zoom's grid`);
  let d = 0;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        tx = n - 1 - tx;
        ty = n - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  return (4 ** z - 1) / 3 + d;
}

function u64(v: DataView, at: number): number {
  return v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
}

/** Reads the header; throws for anything that is not a PMTiles v3 archive. */
export function parseHeader(bytes: Uint8Array): PmtilesHeader {
  if (bytes.length < HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, 7)) !== 'PMTiles') throw new PmtilesError('signature', 'not a PMTiles file (no "PMTiles" signature)');
  if (bytes[7] !== 3) throw new PmtilesError('version', `PMTiles version ${bytes[7]} is not supported (only version 3)`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const e7 = (at: number) => v.getInt32(at, true) / 1e7;
  return {
    rootDirectoryOffset: u64(v, 8),
    rootDirectoryLength: u64(v, 16),
    metadataOffset: u64(v, 24),
    metadataLength: u64(v, 32),
    leafDirectoryOffset: u64(v, 40),
    leafDirectoryLength: u64(v, 48),
    tileDataOffset: u64(v, 56),
    tileDataLength: u64(v, 64),
    internalCompression: bytes[97],
    tileCompression: bytes[98],
    tileType: bytes[99],
    minZoom: bytes[100],
    maxZoom: bytes[101],
    bounds: [e7(102), e7(106), e7(110), e7(114)],
    centerZoom: bytes[118],
    center: [e7(119), e7(123)],
  };
}

function decompress(bytes: Uint8Array, codec: number, what: string): Uint8Array {
  if (codec === 0 || codec === 1) return bytes;
  if (codec === 2) {
    try {
      return gunzipSync(bytes);
    } catch (e) {
      throw new PmtilesError('corrupt', `PMTiles: ${what} is not valid gzip (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  throw new PmtilesError('compression', `PMTiles: ${what} compressed with ${codec === 3 ? 'brotli' : codec === 4 ? 'zstd' : `codec ${codec}`} cannot be read here (gzip or none only)`);
}

/** Decodes a directory: entry count, then delta-coded tile ids, run lengths, lengths and offsets as varints. */
export function parseDirectory(bytes: Uint8Array): Entry[] {
  let pos = 0;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (;;) {
      if (pos >= bytes.length) throw new PmtilesError('corrupt', 'PMTiles: directory ends inside a number');
      const b = bytes[pos++];
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  };
  const n = varint();
  const entries: Entry[] = Array.from({ length: n }, () => ({ tileId: 0, offset: 0, length: 0, runLength: 0 }));
  let last = 0;
  for (const e of entries) {
    last += varint();
    e.tileId = last;
  }
  for (const e of entries) e.runLength = varint();
  for (const e of entries) e.length = varint();
  entries.forEach((e, i) => {
    const v = varint();
    // 0 after the first entry: right after the previous entry's bytes
    e.offset = v === 0 && i > 0 ? entries[i - 1].offset + entries[i - 1].length : v - 1;
  });
  return entries;
}

/** The entry holding `tileId`: the last entry starting at or before it, if its run (or leaf) covers it. */
function findEntry(entries: Entry[], tileId: number): Entry | null {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].tileId <= tileId) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return null;
  const e = entries[found];
  if (e.runLength === 0) return e;
  return tileId - e.tileId < e.runLength ? e : null;
}

/**
 * A PMTiles v3 archive read in place from a local file (no server, nothing sent anywhere): the
 * header and root directory once, leaf directories as needed (kept), tiles by z/x/y, gzip undone.
 * @example
 * const pm = await PmtilesArchive.open((o, n) => file.slice(o, o + n).arrayBuffer().then((b) => new Uint8Array(b)));
 * const png = await pm.tile(12, 3349, 1548);
 */
export class PmtilesArchive {
  readonly header: PmtilesHeader;
  private readonly read: ReadRange;
  private readonly root: Entry[];
  private readonly leaves = new Map<number, Promise<Entry[]>>();

  private constructor(read: ReadRange, header: PmtilesHeader, root: Entry[]) {
    this.read = read;
    this.header = header;
    this.root = root;
  }

  /** Reads the header and root directory; throws with the reason for a file it cannot read. */
  static async open(read: ReadRange): Promise<PmtilesArchive> {
    const header = parseHeader(await read(0, HEADER_BYTES));
    const root = parseDirectory(decompress(await read(header.rootDirectoryOffset, header.rootDirectoryLength), header.internalCompression, 'directory'));
    return new PmtilesArchive(read, header, root);
  }

  /** The archive's JSON metadata (vector layers, attribution …); {} when it has none. */
  async metadata(): Promise<Record<string, unknown>> {
    if (this.header.metadataLength === 0) return {};
    const bytes = decompress(await this.read(this.header.metadataOffset, this.header.metadataLength), this.header.internalCompression, 'metadata');
    const v: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  }

  /** The tile's bytes (decompressed), or null when the archive has no such tile. */
  async tile(z: number, x: number, y: number): Promise<Uint8Array | null> {
    if (z < this.header.minZoom || z > this.header.maxZoom) return null;
    const id = zxyToTileId(z, x, y);
    let entries = this.root;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const e = findEntry(entries, id);
      if (!e) return null;
      if (e.runLength > 0) {
        const bytes = await this.read(this.header.tileDataOffset + e.offset, e.length);
        return decompress(bytes, this.header.tileCompression, 'tile');
      }
      entries = await this.leaf(this.header.leafDirectoryOffset + e.offset, e.length);
    }
    throw new PmtilesError('corrupt', 'PMTiles: directories nested deeper than 4 levels');
  }

  private leaf(offset: number, length: number): Promise<Entry[]> {
    let p = this.leaves.get(offset);
    if (!p) {
      p = this.read(offset, length).then((b) => parseDirectory(decompress(b, this.header.internalCompression, 'directory')));
      this.leaves.set(offset, p);
    }
    return p;
  }
}
