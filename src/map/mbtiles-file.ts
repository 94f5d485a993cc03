import { gunzipSync } from 'fflate';
import { SqliteError, SqliteFile, SqliteLazy, type ReadBytes, type SqliteIndex, type SqliteTable } from '../../layers/load/foreign/sqlite';
import type { I18nText } from '../../layers/types';

/** Why an .mbtiles file cannot be shown; `reason` is for the user (zh/en). */
export class MbtilesError extends Error {
  readonly reason: I18nText;
  constructor(reason: I18nText) {
    super(reason.en);
    this.name = 'MbtilesError';
    this.reason = reason;
  }
}

/** What the map needs of a tile file, shared with {@link PmtilesArchive}'s header. */
export interface MbtilesHeader {
  /** 1 MVT vector tiles, 2 PNG, 3 JPEG, 4 WebP (the PMTiles codes). */
  tileType: number;
  minZoom: number;
  maxZoom: number;
  /** `[west, south, east, north]`, degrees. */
  bounds: [number, number, number, number];
}

const TILE_TYPES: Record<string, number> = { pbf: 1, mvt: 1, png: 2, jpg: 3, jpeg: 3, webp: 4 };

/** Largest file read whole when its tiles table has no index (an indexed file is read in place at any size). */
export const MAX_UNINDEXED_MBTILES_BYTES = 256 * 1024 * 1024;

/** Where tiles are found: z/x/y → a row of a table holding the blob. */
type Lookup =
  | { kind: 'index'; tiles: SqliteTable; index: SqliteIndex; data: number }
  | { kind: 'map'; map: SqliteTable; mapIndex: SqliteIndex; tileId: number; images: SqliteTable; imagesIndex: SqliteIndex; data: number }
  | { kind: 'memory'; db: SqliteFile; tiles: SqliteTable; rows: Map<string, number>; data: number };

function column(t: SqliteTable, name: string): number {
  return t.columns.findIndex((c) => c.toLowerCase() === name);
}

function indexOn(db: SqliteFile, table: string, columns: string[]): SqliteIndex | undefined {
  return db.indexes(table).find((ix) => columns.every((c, i) => ix.columns[i]?.toLowerCase() === c) && ix.desc.every((d) => !d));
}

function sqliteReason(e: SqliteError): I18nText {
  return e.code === 'not-sqlite' ? { zh: '不是 MBTiles 文件（不是 SQLite 数据库）', en: 'not an MBTiles file (not an SQLite database)' } : e.reason;
}

/**
 * An MBTiles file (SQLite: a `tiles` table of zoom_level, tile_column, tile_row (TMS, y from the
 * south), tile_data; a `metadata` table of name/value) read in place from a local file: the
 * header, schema and the pages of each looked-up tile through the unique index on
 * (zoom_level, tile_column, tile_row), a few small reads per tile. The mbutil layout (`tiles` a
 * view over `map` + `images`) is read through their indexes too. A file without such an index is
 * read whole, up to {@link MAX_UNINDEXED_MBTILES_BYTES}. Gzipped vector tiles are unzipped.
 * @example
 * const mb = await MbtilesArchive.open((o, n) => file.slice(o, o + n).arrayBuffer().then((b) => new Uint8Array(b)), file.size);
 * const png = await mb.tile(12, 3349, 1548); // XYZ numbering
 */
export class MbtilesArchive {
  readonly header: MbtilesHeader;
  private readonly lazy: SqliteLazy;
  private readonly lookup: Lookup;
  private readonly meta: Record<string, string>;

  private constructor(lazy: SqliteLazy, lookup: Lookup, meta: Record<string, string>, header: MbtilesHeader) {
    this.lazy = lazy;
    this.lookup = lookup;
    this.meta = meta;
    this.header = header;
  }

  /** Reads the schema, metadata and zoom range; throws {@link MbtilesError} with the reason for a file it cannot show. */
  static async open(read: ReadBytes, size: number): Promise<MbtilesArchive> {
    try {
      const lazy = await SqliteLazy.open(read, size);
      const meta = await lazy.run((db) => {
        const t = db.table('metadata');
        const out: Record<string, string> = {};
        if (!t) return out;
        const [iName, iValue] = [column(t, 'name'), column(t, 'value')];
        for (const r of db.rows(t)) if (typeof r.values[iName] === 'string') out[String(r.values[iName]).toLowerCase()] = r.values[iValue] === null ? '' : String(r.values[iValue]);
        return out;
      });
      const lookup = await MbtilesArchive.findLookup(lazy, read, size);
      const format = (meta.format ?? '').toLowerCase();
      const tileType = TILE_TYPES[format];
      if (!tileType) throw new MbtilesError(format ? { zh: `瓦片格式 “${format}” 不受支持（支持 png、jpg、webp、pbf）`, en: `tile format "${format}" is not supported (png, jpg, webp, pbf)` } : { zh: 'metadata 表没有写明瓦片格式（format）', en: 'the metadata table does not state the tile format (format)' });
      const b = (meta.bounds ?? '').split(',').map(Number);
      const bounds: [number, number, number, number] = b.length === 4 && b.every(Number.isFinite) ? [b[0], b[1], b[2], b[3]] : [-180, -85.0511, 180, 85.0511];
      let minZoom = Number.parseInt(meta.minzoom ?? '', 10);
      let maxZoom = Number.parseInt(meta.maxzoom ?? '', 10);
      if (!Number.isInteger(minZoom) || !Number.isInteger(maxZoom)) {
        const have: number[] = [];
        for (let z = 0; z <= 24; z++) if (await lazy.run((db) => MbtilesArchive.hasZoom(db, lookup, z))) have.push(z);
        if (have.length === 0) throw new MbtilesError({ zh: '文件中没有瓦片', en: 'the file holds no tiles' });
        minZoom = have[0];
        maxZoom = have[have.length - 1];
      }
      // one index search now, so a damaged file is refused when picked rather than tile by tile
      await lazy.run((db) => MbtilesArchive.hasZoom(db, lookup, minZoom));
      return new MbtilesArchive(lazy, lookup, meta, { tileType, minZoom, maxZoom, bounds });
    } catch (e) {
      if (e instanceof SqliteError) throw new MbtilesError(sqliteReason(e));
      throw e;
    }
  }

  private static hasZoom(db: SqliteFile, l: Lookup, z: number): boolean {
    if (l.kind === 'index') return db.findInIndex(l.index, [z]) !== null;
    if (l.kind === 'map') return db.findInIndex(l.mapIndex, [z]) !== null;
    for (const k of l.rows.keys()) if (k.startsWith(`${z}/`)) return true;
    return false;
  }

  private static async findLookup(lazy: SqliteLazy, read: ReadBytes, size: number): Promise<Lookup> {
    const key = ['zoom_level', 'tile_column', 'tile_row'];
    const found = await lazy.run((db): Lookup | 'unindexed' => {
      if (db.isView('tiles')) {
        const map = db.table('map');
        const images = db.table('images');
        const mapIndex = map ? indexOn(db, 'map', key) : undefined;
        const imagesIndex = images ? indexOn(db, 'images', ['tile_id']) : undefined;
        if (!map || !images || !mapIndex || !imagesIndex || column(map, 'tile_id') < 0 || column(images, 'tile_data') < 0) {
          throw new MbtilesError({ zh: 'tiles 是视图，但不是常见的 map + images 结构（或缺少索引），无法读取', en: 'tiles is a view but not the usual map + images layout (or lacks its indexes); cannot be read' });
        }
        return { kind: 'map', map, mapIndex, tileId: column(map, 'tile_id'), images, imagesIndex, data: column(images, 'tile_data') };
      }
      const tiles = db.table('tiles');
      if (!tiles || key.some((c) => column(tiles, c) < 0) || column(tiles, 'tile_data') < 0) {
        throw new MbtilesError({ zh: '不是 MBTiles 文件（没有含 zoom_level、tile_column、tile_row、tile_data 的 tiles 表）', en: 'not an MBTiles file (no tiles table with zoom_level, tile_column, tile_row, tile_data)' });
      }
      const index = indexOn(db, 'tiles', key);
      return index ? { kind: 'index', tiles, index, data: column(tiles, 'tile_data') } : 'unindexed';
    });
    if (found !== 'unindexed') return found;
    if (size > MAX_UNINDEXED_MBTILES_BYTES) {
      throw new MbtilesError({
        zh: `tiles 表没有索引，且文件超过 ${MAX_UNINDEXED_MBTILES_BYTES / 1048576} MB；请先建立索引：sqlite3 文件.mbtiles "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)"`,
        en: `the tiles table has no index and the file is over ${MAX_UNINDEXED_MBTILES_BYTES / 1048576} MB; index it first: sqlite3 file.mbtiles "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)"`,
      });
    }
    const db = new SqliteFile(await read(0, size));
    const tiles = db.requireTable('tiles');
    const [iz, ix, iy] = key.map((c) => column(tiles, c));
    const rows = new Map<string, number>();
    for (const r of db.rows(tiles, Math.max(iz, ix, iy) + 1)) rows.set(`${r.values[iz]}/${r.values[ix]}/${r.values[iy]}`, r.rowid);
    return { kind: 'memory', db, tiles, rows, data: column(tiles, 'tile_data') };
  }

  /** The metadata table as an object (`json` parsed into its members, e.g. vector_layers). */
  async metadata(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { ...this.meta };
    if (this.meta.json) {
      try {
        const j: unknown = JSON.parse(this.meta.json);
        if (j && typeof j === 'object') Object.assign(out, j);
      } catch {
        // a broken json member: the plain name/value pairs still serve
      }
    }
    return out;
  }

  /** The tile's bytes (gzip undone) at XYZ z/x/y, or null when the file has no such tile. */
  async tile(z: number, x: number, y: number): Promise<Uint8Array | null> {
    if (z < this.header.minZoom || z > this.header.maxZoom) return null;
    const row = 2 ** z - 1 - y;
    const l = this.lookup;
    let data: unknown;
    try {
      if (l.kind === 'memory') {
        const id = l.rows.get(`${z}/${x}/${row}`);
        data = id === undefined ? null : l.db.rowById(l.tiles, id)?.values[l.data];
      } else {
        data = await this.lazy.run((db) => {
          if (l.kind === 'index') {
            const id = db.findInIndex(l.index, [z, x, row]);
            return id === null ? null : db.rowById(l.tiles, id)?.values[l.data];
          }
          const mapId = db.findInIndex(l.mapIndex, [z, x, row]);
          const tileId = mapId === null ? null : db.rowById(l.map, mapId)?.values[l.tileId];
          if (tileId === null || tileId === undefined) return null;
          const imageId = db.findInIndex(l.imagesIndex, [tileId]);
          return imageId === null ? null : db.rowById(l.images, imageId)?.values[l.data];
        });
      }
    } catch (e) {
      if (e instanceof SqliteError) throw new MbtilesError(e.reason);
      throw e;
    }
    if (!(data instanceof Uint8Array) || data.length === 0) return null;
    const copy = data.slice();
    return copy[0] === 0x1f && copy[1] === 0x8b ? gunzipSync(copy) : copy;
  }
}
