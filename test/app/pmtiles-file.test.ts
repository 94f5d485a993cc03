import { describe, expect, test } from 'vitest';
import { gzipSync } from 'fflate';
import { PmtilesArchive, parseDirectory, zxyToTileId } from '../../src/map/pmtiles-file';

function varints(values: number[]): number[] {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 128) {
      out.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  }
  return out;
}

interface TestEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

/** A directory as the format writes it (offsets as offset+1, or 0 for "right after the previous"). */
function createDirectory(entries: TestEntry[]): Uint8Array {
  const ids: number[] = [];
  let last = 0;
  for (const e of entries) {
    ids.push(e.tileId - last);
    last = e.tileId;
  }
  const offsets = entries.map((e, i) => (i > 0 && e.offset === entries[i - 1].offset + entries[i - 1].length ? 0 : e.offset + 1));
  return new Uint8Array(varints([entries.length, ...ids, ...entries.map((e) => e.runLength), ...entries.map((e) => e.length), ...offsets]));
}

/**
 * A small gzip-compressed archive: tiles 0/0/0 ("A"), 1/0/1 and 1/1/1 sharing one stored tile
 * ("B", a run of two), reached through a root directory that points to one leaf directory.
 */
function createArchive(): Uint8Array {
  const tileA = gzipSync(new TextEncoder().encode('A'));
  const tileB = gzipSync(new TextEncoder().encode('B'));
  const data = new Uint8Array([...tileA, ...tileB]);
  const leaf = gzipSync(
    createDirectory([
      { tileId: 0, offset: 0, length: tileA.length, runLength: 1 },
      { tileId: 2, offset: tileA.length, length: tileB.length, runLength: 2 },
    ]),
  );
  const root = gzipSync(createDirectory([{ tileId: 0, offset: 0, length: leaf.length, runLength: 0 }]));
  const meta = gzipSync(new TextEncoder().encode(JSON.stringify({ name: '测试底图' })));
  const header = new Uint8Array(127);
  const v = new DataView(header.buffer);
  header.set(new TextEncoder().encode('PMTiles'), 0);
  header[7] = 3;
  const sections = [root, meta, leaf, data];
  let at = 127;
  sections.forEach((s, i) => {
    v.setUint32(8 + 16 * i, at, true);
    v.setUint32(16 + 16 * i, s.length, true);
    at += s.length;
  });
  header[97] = 2;
  header[98] = 2;
  header[99] = 2;
  header[100] = 0;
  header[101] = 1;
  v.setInt32(102, 114.4e7, true);
  v.setInt32(106, 38.4e7, true);
  v.setInt32(110, 115.0e7, true);
  v.setInt32(114, 38.9e7, true);
  return new Uint8Array([...header, ...root, ...meta, ...leaf, ...data]);
}

function createReader(bytes: Uint8Array) {
  const reads: [number, number][] = [];
  return {
    reads,
    read: async (offset: number, length: number) => {
      reads.push([offset, length]);
      return bytes.slice(offset, offset + length);
    },
  };
}

const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);

describe('PMTiles archive read from a local file', () => {
  test('tile ids follow the Hilbert curve zoom by zoom', () => {
    expect([zxyToTileId(0, 0, 0), zxyToTileId(1, 0, 0), zxyToTileId(1, 0, 1), zxyToTileId(1, 1, 1), zxyToTileId(1, 1, 0)]).toEqual([0, 1, 2, 3, 4]);
    expect(zxyToTileId(2, 0, 0)).toBe(5);
    expect(zxyToTileId(3, 7, 0)).toBe(21 + 63);
    expect(() => zxyToTileId(1, 2, 0)).toThrow(/outside/);
  });

  test('a directory decodes delta ids, runs, lengths and "right after the previous" offsets', () => {
    const entries = [
      { tileId: 3, offset: 0, length: 10, runLength: 1 },
      { tileId: 5, offset: 10, length: 4, runLength: 3 },
      { tileId: 9, offset: 2, length: 7, runLength: 0 },
    ];
    expect(parseDirectory(createDirectory(entries))).toEqual(entries);
  });

  test('reads the header, metadata and tiles through a leaf directory; a run serves two tiles', async () => {
    const r = createReader(createArchive());
    const pm = await PmtilesArchive.open(r.read);
    expect(pm.header).toMatchObject({ tileType: 2, minZoom: 0, maxZoom: 1, bounds: [114.4, 38.4, 115, 38.9] });
    expect(await pm.metadata()).toEqual({ name: '测试底图' });
    expect(text(await pm.tile(0, 0, 0))).toBe('A');
    expect(text(await pm.tile(1, 0, 1))).toBe('B');
    expect(text(await pm.tile(1, 1, 1))).toBe('B');
    // 1/0/0 (id 1) and 1/1/0 (id 4) are not stored; zoom 2 is beyond the archive
    expect(await pm.tile(1, 0, 0)).toBeNull();
    expect(await pm.tile(1, 1, 0)).toBeNull();
    expect(await pm.tile(2, 0, 0)).toBeNull();
  });

  test('the leaf directory is read once', async () => {
    const r = createReader(createArchive());
    const pm = await PmtilesArchive.open(r.read);
    await pm.tile(0, 0, 0);
    await pm.tile(1, 0, 1);
    const leafReads = r.reads.filter(([o]) => o === pm.header.leafDirectoryOffset);
    expect(leafReads).toHaveLength(1);
  });

  test('another file, or another version, is refused with the reason', async () => {
    await expect(PmtilesArchive.open(createReader(new TextEncoder().encode('SQLite format 3\0'.padEnd(200, ' '))).read)).rejects.toThrow(/not a PMTiles file/);
    const v2 = createArchive();
    v2[7] = 2;
    await expect(PmtilesArchive.open(createReader(v2).read)).rejects.toMatchObject({ code: 'version', message: expect.stringMatching(/version 2/) });
    // a damaged root directory (not gzip)
    const broken = createArchive();
    const rootAt = new DataView(broken.buffer).getUint32(8, true);
    broken.fill(0, rootAt, rootAt + 4);
    await expect(PmtilesArchive.open(createReader(broken).read)).rejects.toMatchObject({ code: 'corrupt' });
  });
});
