import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { unzlibSync } from 'fflate';
import { MbtilesArchive, MbtilesError } from '../../src/map/mbtiles-file';

const DIR = join(__dirname, '../fixtures/sqlite');

/** Opens a fixture as the app does (reads by offset and length), counting the reads. */
async function createArchive(name: string, bytes: Uint8Array = new Uint8Array(readFileSync(join(DIR, name)))): Promise<{ mb: MbtilesArchive; reads: number[] }> {
  const reads: number[] = [];
  const mb = await MbtilesArchive.open(async (o, n) => {
    reads.push(n);
    return bytes.slice(o, o + n);
  }, bytes.length);
  return { mb, reads };
}

/** The colour of a fixture tile: every pixel is the same (make-fixtures.py), so the first one tells. */
function colourOf(png: Uint8Array | null): number[] | null {
  if (!png) return null;
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let p = 8;
  const idat: Uint8Array[] = [];
  while (p < png.length) {
    const len = dv.getUint32(p);
    const type = new TextDecoder().decode(png.subarray(p + 4, p + 8));
    if (type === 'IDAT') idat.push(png.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  const raw = unzlibSync(new Uint8Array(idat.flatMap((c) => [...c])));
  return [...raw.subarray(1, 4)];
}

async function openError(bytes: Uint8Array): Promise<MbtilesError> {
  try {
    await createArchive('x', bytes);
  } catch (e) {
    if (e instanceof MbtilesError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('MBTiles basemap file', () => {
  test('reads format, bounds, zooms and name from the metadata table', async () => {
    const { mb } = await createArchive('county.mbtiles');
    expect(mb.header).toEqual({ tileType: 2, minZoom: 0, maxZoom: 2, bounds: [114.5, 38.4, 115, 38.8] });
    expect(await mb.metadata()).toMatchObject({ name: '测试县底图', attribution: '自制测试瓦片', format: 'png' });
  });

  test('serves XYZ tiles from TMS rows: tile z/x/y has colour (40 + 60z, 10x, 10y)', async () => {
    const { mb, reads } = await createArchive('county.mbtiles');
    expect(colourOf(await mb.tile(0, 0, 0))).toEqual([40, 0, 0]);
    expect(colourOf(await mb.tile(1, 1, 0))).toEqual([100, 10, 0]);
    expect(colourOf(await mb.tile(1, 0, 1))).toEqual([100, 0, 10]);
    expect(colourOf(await mb.tile(2, 3, 1))).toEqual([160, 30, 10]);
    expect(await mb.tile(3, 0, 0)).toBeNull();
    // read in place: a few 4 KiB pages, never the whole 28 KiB file at once
    expect(Math.max(...reads)).toBe(4096);
  });

  test('reads the mbutil layout (tiles a view over map + images) through its indexes', async () => {
    const { mb } = await createArchive('county-mbutil.mbtiles');
    expect(mb.header.maxZoom).toBe(2);
    expect(colourOf(await mb.tile(2, 3, 1))).toEqual([160, 30, 10]);
    expect(colourOf(await mb.tile(2, 0, 3))).toEqual([160, 0, 30]);
    expect(await mb.tile(2, 4, 0)).toBeNull();
  });

  test('reads a file without an index whole, finding the zooms from its rows', async () => {
    const { mb, reads } = await createArchive('county-noindex.mbtiles');
    expect(mb.header).toMatchObject({ minZoom: 0, maxZoom: 2 });
    expect(colourOf(await mb.tile(2, 3, 1))).toEqual([160, 30, 10]);
    expect(Math.max(...reads)).toBe(24576);
  });

  test('serves gzipped vector tiles unzipped, with the vector layers of the metadata json', async () => {
    const { mb } = await createArchive('county-vector.mbtiles');
    expect(mb.header.tileType).toBe(1);
    expect((await mb.metadata()).vector_layers).toEqual([{ id: 'roads' }, { id: '水系' }]);
    expect(new TextDecoder().decode((await mb.tile(0, 0, 0))!)).toBe('mvt-0-0-0');
  });

  test('refuses a file that is not SQLite, an SQLite file without tiles, and a damaged file, with the reason', async () => {
    expect((await openError(new TextEncoder().encode('PMTiles'.padEnd(200)))).reason.zh).toBe('不是 MBTiles 文件（不是 SQLite 数据库）');
    const types = new Uint8Array(readFileSync(join(DIR, 'types.sqlite')));
    expect((await openError(types)).reason.zh).toContain('没有含 zoom_level、tile_column、tile_row、tile_data 的 tiles 表');
    const county = new Uint8Array(readFileSync(join(DIR, 'county.mbtiles')));
    expect((await openError(county.slice(0, 4096 * 2))).reason.zh).toMatch(/^SQLite 文件已损坏：页号 \d+ 超出文件/);
  });
});
