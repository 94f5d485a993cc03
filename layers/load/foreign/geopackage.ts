import { SqliteError, SqliteFile, type SqliteTable, type SqlValue } from './sqlite.ts';
import { crsFromCode, parsePrj } from './stated-crs.ts';
import type { ForeignFeature, ForeignFile, ForeignIssue, ForeignLayer, ForeignReadResult, StatedCrs } from './types.ts';

type Geometry = NonNullable<ForeignFeature['geometry']>;

/** Why a WKB geometry could not be read (in English for the issue text; the caller adds zh). */
/** A geometry blob that cannot be read; the message is English, `zh` the same in Chinese. */
class WkbError extends Error {
  constructor(
    message: string,
    readonly zh: string,
  ) {
    super(message);
  }
}

/** Nesting of multi-geometries allowed in WKB (a real one has one level). */
const MAX_WKB_DEPTH = 4;

const WKB_NAMES: Record<number, string> = { 1: 'Point', 2: 'LineString', 3: 'Polygon', 4: 'MultiPoint', 5: 'MultiLineString', 6: 'MultiPolygon' };

/**
 * Reads OGC WKB (ISO and extended: Z, M and ZM variants read as 2D, an EWKB SRID skipped) as a
 * GeoJSON geometry: point, line, polygon and their multi forms. Every count is checked against the
 * bytes left, so a damaged blob throws rather than allocating.
 * @returns the geometry, or null for an empty point (NaN coordinates)
 */
export function readWkb(bytes: Uint8Array): Geometry | null {
  const g = new WkbReader(bytes).geometry(0, 0);
  if (g.type === 'Point') {
    const [x, y] = g.coordinates as number[];
    if (Number.isNaN(x) || Number.isNaN(y)) return null;
  }
  if (g.type !== 'Point' && (g.coordinates as unknown[]).length === 0) return null;
  return g;
}

/** A cursor over one WKB blob (a class rather than closures: V8 keeps it fast on millions of rows). */
class WkbReader {
  private readonly bytes: Uint8Array;
  private readonly dv: DataView;
  private pos = 0;
  private le = true;
  private dims = 2;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new WkbError(`WKB ends early (byte ${this.pos} of ${this.bytes.length})`, `WKB 提前结束（第 ${this.pos} 字节，共 ${this.bytes.length} 字节）`);
  }

  private u32(): number {
    this.need(4);
    const v = this.dv.getUint32(this.pos, this.le);
    this.pos += 4;
    return v;
  }

  private point(): [number, number] {
    this.need(this.dims * 8);
    const p: [number, number] = [this.dv.getFloat64(this.pos, this.le), this.dv.getFloat64(this.pos + 8, this.le)];
    this.pos += this.dims * 8;
    return p;
  }

  private points(): [number, number][] {
    const n = this.u32();
    if (n * this.dims * 8 > this.bytes.length - this.pos) throw new WkbError(`WKB claims ${n} points, more than the bytes left`, `WKB 声称有 ${n} 个点，超过剩余的字节`);
    const out: [number, number][] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.point();
    return out;
  }

  private rings(): [number, number][][] {
    const n = this.u32();
    if (n * 4 > this.bytes.length - this.pos) throw new WkbError(`WKB claims ${n} rings, more than the bytes left`, `WKB 声称有 ${n} 个环，超过剩余的字节`);
    const out: [number, number][][] = [];
    for (let i = 0; i < n; i++) out.push(this.points());
    return out;
  }

  /** One geometry at the cursor; `expect` (a part of a multi-geometry) is its required base type, 0 for any. */
  geometry(depth: number, expect: number): { type: string; coordinates: unknown } {
    if (depth > MAX_WKB_DEPTH) throw new WkbError('WKB nested too deeply', 'WKB 嵌套层数过多');
    this.need(5);
    const order = this.bytes[this.pos];
    if (order > 1) throw new WkbError(`bad WKB byte order ${order}`, `WKB 字节序标记 ${order} 无效`);
    this.le = order === 1;
    const raw = this.dv.getUint32(this.pos + 1, this.le);
    this.pos += 5;
    let hasZ = raw >= 0x80000000;
    let hasM = (raw & 0x40000000) !== 0;
    if (raw & 0x20000000) {
      // an EWKB SRID
      this.need(4);
      this.pos += 4;
    }
    const iso = raw & 0x0fffffff;
    const base = iso % 1000;
    const dimCode = Math.floor(iso / 1000);
    if (dimCode === 1 || dimCode === 3) hasZ = true;
    if (dimCode === 2 || dimCode === 3) hasM = true;
    if (!WKB_NAMES[base] || dimCode > 3) throw new WkbError(`WKB geometry type ${iso} is not supported (curves and collections are not read)`, `不支持 WKB 几何类型 ${iso}（曲线和几何集合不读取）`);
    if (expect !== 0 && base !== expect) throw new WkbError(`WKB part of type ${base} inside a multi-geometry of type ${expect + 3}`, `类型 ${expect + 3} 的多部件几何中有类型 ${base} 的部件`);
    this.dims = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    if (base === 1) return { type: 'Point', coordinates: this.point() };
    if (base === 2) return { type: 'LineString', coordinates: this.points() };
    if (base === 3) return { type: 'Polygon', coordinates: this.rings() };
    const n = this.u32();
    if (n * 9 > this.bytes.length - this.pos) throw new WkbError(`WKB claims ${n} parts, more than the bytes left`, `WKB 声称有 ${n} 个部件，超过剩余的字节`);
    const parts: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const g = this.geometry(depth + 1, base - 3);
      const c = g.coordinates as [number, number];
      if (base === 4 && (Number.isNaN(c[0]) || Number.isNaN(c[1]))) continue;
      parts.push(g.coordinates);
    }
    return { type: WKB_NAMES[base], coordinates: parts };
  }
}

/** The sizes of the envelope a GeoPackageBinary header carries, by its flags' envelope code. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/**
 * Reads a GeoPackageBinary geometry blob: the `GP` header (version, flags, srs_id, envelope of
 * 0/32/48/64 bytes, the empty flag) then standard WKB.
 * @returns the geometry (null when empty) and the srs_id the blob states
 */
export function readGeoPackageGeometry(blob: Uint8Array): { geometry: Geometry | null; srsId: number } {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new WkbError('not a GeoPackage geometry (no "GP" mark)', '不是 GeoPackage 几何（没有“GP”标记）');
  const flags = blob[3];
  if (flags & 0x20) throw new WkbError('extended GeoPackage geometry (a vendor extension) is not read', '不读取扩展的 GeoPackage 几何（厂商扩展）');
  const env = ENVELOPE_BYTES[(flags >> 1) & 7];
  if (env === undefined) throw new WkbError(`bad envelope code ${(flags >> 1) & 7}`, `包络代码 ${(flags >> 1) & 7} 无效`);
  const srsId = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getInt32(4, (flags & 1) === 1);
  if (8 + env > blob.length) throw new WkbError('GeoPackage geometry ends inside its envelope', 'GeoPackage 几何在包络范围内就结束了');
  if (flags & 0x10 && blob.length === 8 + env) return { geometry: null, srsId };
  return { geometry: readWkb(blob.subarray(8 + env)), srsId };
}

function text(v: SqlValue): string {
  return v === null ? '' : v instanceof Uint8Array ? '' : String(v);
}

/** The stated CRS of an srs_id from gpkg_spatial_ref_sys: the definition WKT, else the EPSG code. */
function crsOf(db: SqliteFile, srsId: number, cache: Map<number, StatedCrs | null>): StatedCrs | null {
  if (cache.has(srsId)) return cache.get(srsId)!;
  let crs: StatedCrs | null = null;
  const t = db.table('gpkg_spatial_ref_sys');
  if (t) {
    const col = (n: string) => t.columns.findIndex((c) => c.toLowerCase() === n);
    const [iId, iOrg, iCode, iDef] = [col('srs_id'), col('organization'), col('organization_coordsys_id'), col('definition')];
    for (const r of db.rows(t)) {
      if (r.values[iId] !== srsId) continue;
      const def = text(r.values[iDef]).trim();
      if (def && def.toLowerCase() !== 'undefined') crs = parsePrj(def);
      if ((!crs || crs.kind === 'unknown') && text(r.values[iOrg]).toUpperCase() === 'EPSG') crs = crsFromCode(`EPSG:${text(r.values[iCode])}`) ?? crs;
      break;
    }
  }
  cache.set(srsId, crs);
  return crs;
}

function layerGeometry(typeName: string, kinds: Set<string>): ForeignLayer['geometry'] {
  const t = typeName.toUpperCase().replace(/^MULTI/, '');
  if (t === 'POINT') return 'Point';
  if (t === 'LINESTRING') return 'LineString';
  if (t === 'POLYGON') return 'Polygon';
  if (kinds.size === 0) return 'None';
  if (kinds.size > 1) return 'Mixed';
  return [...kinds][0] as ForeignLayer['geometry'];
}

function column(t: SqliteTable, name: string): number {
  return t.columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
}

/** Most per-feature problems reported one by one for a layer; the rest are counted. */
const MAX_FEATURE_ISSUES = 20;

function readOne(f: ForeignFile, layers: ForeignLayer[], issues: ForeignIssue[]): void {
  const db = new SqliteFile(f.bytes);
  const contents = db.table('gpkg_contents');
  if (!contents) {
    issues.push({
      severity: 'error',
      code: 'gpkg-not-geopackage',
      file: f.name,
      message: { zh: '这是 SQLite 数据库，但不是 GeoPackage（没有 gpkg_contents 表）。', en: 'This is an SQLite database but not a GeoPackage (no gpkg_contents table).' },
    });
    return;
  }
  const geomCols = new Map<string, { column: string; type: string; srsId: number }>();
  const gc = db.table('gpkg_geometry_columns');
  if (gc) {
    const [iT, iC, iG, iS] = ['table_name', 'column_name', 'geometry_type_name', 'srs_id'].map((n) => column(gc, n));
    for (const r of db.rows(gc)) geomCols.set(text(r.values[iT]).toLowerCase(), { column: text(r.values[iC]), type: text(r.values[iG]), srsId: Number(r.values[iS]) });
  }
  const [iName, iType, iSrs] = ['table_name', 'data_type', 'srs_id'].map((n) => column(contents, n));
  const crsCache = new Map<number, StatedCrs | null>();
  for (const c of db.rows(contents)) {
    const tableName = text(c.values[iName]);
    const dataType = text(c.values[iType]).toLowerCase();
    const source = `${f.name}/${tableName}`;
    if (dataType !== 'features' && dataType !== 'attributes') {
      issues.push({ severity: 'info', code: 'gpkg-not-features', file: source, message: { zh: `“${tableName}” 是 ${dataType} 数据（如瓦片），不导入。`, en: `"${tableName}" holds ${dataType} data (such as tiles); not imported.` } });
      continue;
    }
    let t: SqliteTable | null;
    try {
      t = db.table(tableName);
    } catch (e) {
      if (!(e instanceof SqliteError)) throw e;
      issues.push({ severity: 'error', code: 'gpkg-table', file: source, message: { zh: `无法读取表 “${tableName}”：${e.reason.zh}。`, en: `Table "${tableName}" could not be read: ${e.reason.en}.` } });
      continue;
    }
    if (!t) {
      issues.push({ severity: 'error', code: 'gpkg-table', file: source, message: { zh: `gpkg_contents 列出的表 “${tableName}” 不存在。`, en: `Table "${tableName}" listed in gpkg_contents does not exist.` } });
      continue;
    }
    const g = dataType === 'features' ? geomCols.get(tableName.toLowerCase()) : undefined;
    const geomIndex = g ? column(t, g.column) : -1;
    if (dataType === 'features' && geomIndex < 0) {
      issues.push({ severity: 'warning', code: 'gpkg-no-geometry-column', file: source, message: { zh: `“${tableName}” 在 gpkg_geometry_columns 中没有可用的几何字段，只读取了属性。`, en: `"${tableName}" has no usable geometry column in gpkg_geometry_columns; only its attributes were read.` } });
    }
    const srsId = g?.srsId ?? Number(c.values[iSrs]);
    const crs = g && Number.isFinite(srsId) ? crsOf(db, srsId, crsCache) : null;
    const attrs = t.columns.map((name, i) => ({ name, i, type: t.types[i] })).filter((a) => a.i !== t.rowidColumn && a.i !== geomIndex);
    const features: ForeignFeature[] = [];
    const kinds = new Set<string>();
    let bad = 0;
    let blobs = 0;
    let empty = 0;
    try {
      for (const r of db.rows(t)) {
        const properties: ForeignFeature['properties'] = {};
        for (const a of attrs) {
          const v = r.values[a.i];
          if (v instanceof Uint8Array) {
            blobs++;
            properties[a.name] = null;
          } else if (a.type === 'BOOLEAN' && typeof v === 'number') properties[a.name] = v !== 0;
          else properties[a.name] = v;
        }
        let geometry: Geometry | null = null;
        const blob = geomIndex >= 0 ? r.values[geomIndex] : null;
        const badGeometry = (zh: string, en: string) => {
          if (bad++ < MAX_FEATURE_ISSUES) {
            issues.push({ severity: 'error', code: 'gpkg-bad-geometry', file: source, featureIndex: features.length, field: g?.column, message: { zh: `要素 fid=${r.rowid} 的几何无法读取（${zh}），按无图形处理。`, en: `The geometry of feature fid=${r.rowid} could not be read (${en}); read without geometry.` } });
          }
        };
        if (blob instanceof Uint8Array) {
          try {
            geometry = readGeoPackageGeometry(blob).geometry;
            if (!geometry) empty++;
          } catch (e) {
            if (!(e instanceof WkbError)) throw e;
            badGeometry(e.zh, e.message);
          }
        } else if (blob !== null && blob !== undefined) {
          // text (a WKT "POINT (1 2)") or a number in the geometry column: not a geometry blob, said
          // as such (was counted with the empty geometries, as if the feature had no position)
          const shown = String(blob).slice(0, 40);
          if (typeof blob === 'string') badGeometry(`几何列中是文本“${shown}”，不是 GeoPackage 几何`, `the geometry column holds the text "${shown}", not a GeoPackage geometry`);
          else badGeometry(`几何列中是数字 ${shown}，不是 GeoPackage 几何`, `the geometry column holds the number ${shown}, not a GeoPackage geometry`);
        } else if (geomIndex >= 0) empty++;
        if (geometry) kinds.add(geometry.type.replace(/^Multi/, ''));
        features.push({ type: 'Feature', geometry, properties });
      }
    } catch (e) {
      if (!(e instanceof SqliteError)) throw e;
      issues.push({ severity: 'error', code: 'gpkg-damaged', file: source, featureIndex: features.length, message: { zh: `表 “${tableName}” 在第 ${features.length + 1} 个要素处无法继续读取（${e.reason.zh}）；之前的 ${features.length} 个要素已读取。`, en: `Table "${tableName}" could not be read past feature ${features.length + 1} (${e.reason.en}); the ${features.length} features before it were read.` } });
    }
    if (bad > MAX_FEATURE_ISSUES) issues.push({ severity: 'error', code: 'gpkg-bad-geometry', file: source, message: { zh: `另有 ${bad - MAX_FEATURE_ISSUES} 个要素的几何无法读取。`, en: `${bad - MAX_FEATURE_ISSUES} more features have geometries that could not be read.` } });
    if (empty > 0) issues.push({ severity: 'warning', code: 'null-shape', file: source, message: { zh: `${empty} 个要素没有图形（空几何），导入后为“无位置”要素。`, en: `${empty} features have no geometry (empty); they are imported without a position.` } });
    if (blobs > 0) issues.push({ severity: 'info', code: 'gpkg-blob', file: source, message: { zh: `${blobs} 个二进制（BLOB）属性值未导入。`, en: `${blobs} binary (BLOB) attribute values were left out.` } });
    layers.push({ source, name: tableName, geometry: g ? layerGeometry(g.type, kinds) : 'None', features, fields: attrs.map((a) => a.name), crs });
  }
}

/**
 * Read GeoPackage files (`.gpkg`, SQLite): one layer per feature or attribute table listed in
 * gpkg_contents, geometries from GeoPackageBinary + WKB (Z/M dropped), the CRS from the
 * definition WKT in gpkg_spatial_ref_sys (so CGCS2000 Gauss-Krüger zones work as in a `.prj`),
 * attribute text as stored (UTF-8). A damaged file is one error naming the file and the damage.
 */
export function readGeoPackages(files: readonly ForeignFile[]): ForeignReadResult {
  const layers: ForeignLayer[] = [];
  const issues: ForeignIssue[] = [];
  for (const f of files) {
    try {
      readOne(f, layers, issues);
    } catch (e) {
      if (!(e instanceof SqliteError)) throw e;
      issues.push({ severity: 'error', code: e.code === 'not-sqlite' ? 'gpkg-not-sqlite' : 'gpkg-damaged', file: f.name, message: { zh: `无法读取 GeoPackage：${e.reason.zh}。可用 GDAL 检查或转换：ogr2ogr -f GeoJSON 输出.geojson "${f.name}"`, en: `The GeoPackage could not be read: ${e.reason.en}. GDAL can check or convert it: ogr2ogr -f GeoJSON out.geojson "${f.name}"` } });
    }
  }
  return { layers, issues };
}

/** The GeoPackage reader for the import step's registry. */
export const geoPackageReader = {
  extensions: ['.gpkg'] as const,
  read: (files: ForeignFile[]) => readGeoPackages(files),
};
