import { readDbf, type DbfTable } from './dbf.ts';
import { parsePrj } from './stated-crs.ts';
import type { ForeignFeature, ForeignFile, ForeignIssue, ForeignLayer, ForeignReadResult } from './types.ts';

type Pos = [number, number];

/** Geometry family of a Shapefile shape type (Z and M variants read as 2D). */
function family(type: number): 'null' | 'point' | 'multipoint' | 'line' | 'polygon' | 'unsupported' {
  switch (type) {
    case 0:
      return 'null';
    case 1:
    case 11:
    case 21:
      return 'point';
    case 8:
    case 18:
    case 28:
      return 'multipoint';
    case 3:
    case 13:
    case 23:
      return 'line';
    case 5:
    case 15:
    case 25:
      return 'polygon';
    default:
      return 'unsupported';
  }
}

/** Twice the signed area of a ring (positive = counter-clockwise in x-east, y-north axes). */
function signedArea2(ring: Pos[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s;
}

function inRing(p: Pos, ring: Pos[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Shapefile rings to GeoJSON polygons: clockwise rings are outer rings, counter-clockwise ones
 * holes, each hole given to the smallest outer ring that holds it (RFC 7946 orientation out:
 * outer counter-clockwise, holes clockwise). A file whose rings all run counter-clockwise (some
 * writers ignore the rule) has each ring read as an outer ring.
 */
export function ringsToPolygons(rings: Pos[][]): Pos[][][] {
  const outers: { ring: Pos[]; area: number; holes: Pos[][] }[] = [];
  const holes: Pos[][] = [];
  for (const r of rings) {
    if (r.length < 4) continue;
    const a = signedArea2(r);
    if (a < 0) outers.push({ ring: r, area: -a, holes: [] });
    else holes.push(r);
  }
  if (outers.length === 0) return holes.map((h) => [h]);
  for (const h of holes) {
    let best: (typeof outers)[number] | null = null;
    for (const o of outers) if (inRing(h[0], o.ring) && (!best || o.area < best.area)) best = o;
    if (best) best.holes.push(h);
    else outers.push({ ring: [...h].reverse(), area: signedArea2(h), holes: [] });
  }
  return outers.map((o) => [[...o.ring].reverse(), ...o.holes.map((h) => [...h].reverse())]);
}

interface ShpRead {
  shapeType: number;
  /** Geometry per record, index = record number − 1. */
  geometries: (ForeignFeature['geometry'] | undefined)[];
}

/**
 * Read the records of a .shp file. Every size field is checked against the bytes that are there,
 * so a file that lies about its lengths is refused record by record (file and record named) and
 * never makes the reader allocate or loop beyond the file. Linear in the file size.
 */
export function readShp(bytes: Uint8Array, file: string, issues: ForeignIssue[], onChunk?: (fraction: number) => void): ShpRead | null {
  if (bytes.length < 100) {
    issues.push({ severity: 'error', code: 'shp-too-short', file, message: { zh: '.shp 文件太短（不足 100 字节的文件头）。', en: 'The .shp file is shorter than its 100-byte header.' } });
    return null;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getInt32(0, false) !== 9994) {
    issues.push({ severity: 'error', code: 'not-shp', file, message: { zh: '不是 Shapefile（.shp 文件头标记不对）。', en: 'Not a Shapefile (the .shp header mark is wrong).' } });
    return null;
  }
  const shapeType = dv.getInt32(32, true);
  const zm = shapeType >= 11 && shapeType <= 18 ? 'z' : shapeType >= 21 && shapeType <= 28 ? 'm' : null;
  if (zm === 'z') {
    issues.push({ severity: 'info', code: 'shp-z-dropped', file, message: { zh: '图形带高程（Z 值）和测量值（M 值），按平面坐标读取，Z、M 值不导入（覆盖分析只用平面位置）。', en: 'The shapes carry elevations (Z) and measures (M); they are read in 2D, without the Z and M values (the coverage analyses use plane positions only).' } });
  } else if (zm === 'm') {
    issues.push({ severity: 'info', code: 'shp-m-dropped', file, message: { zh: '图形带测量值（M 值），按平面坐标读取，M 值不导入。', en: 'The shapes carry measures (M); they are read in 2D, without the M values.' } });
  }
  const declared = dv.getInt32(24, false) * 2;
  if (declared !== bytes.length) {
    issues.push({ severity: 'warning', code: 'shp-length', file, message: { zh: `.shp 文件头记的长度（${declared} 字节）与实际（${bytes.length} 字节）不同；按实际内容读取。`, en: `The .shp header gives a length of ${declared} bytes but the file has ${bytes.length}; read as it is.` } });
  }
  const geometries: ShpRead['geometries'] = [];
  let p = 100;
  let nullCount = 0;
  let unsupported = 0;
  let shortReported = 0;
  while (p + 8 <= bytes.length) {
    const index = geometries.length;
    if (onChunk && (index & 0xffff) === 0xffff) onChunk(p / bytes.length);
    const words = dv.getInt32(p + 4, false);
    const len = words * 2;
    const start = p + 8;
    const end = start + len;
    if (words < 2 || end > bytes.length) {
      issues.push({ severity: 'error', code: 'shp-bad-record', file, featureIndex: index, message: { zh: `第 ${index + 1} 条记录的长度（${len} 字节）超出文件末尾或不合理，其后的记录未读取（文件可能被截断）。`, en: `Record ${index + 1} claims ${len} bytes, past the end of the file or impossible; it and the records after it were not read (the file may be truncated).` } });
      break;
    }
    const type = dv.getInt32(start, true);
    const fam = family(type);
    const bad = (why: string, whyEn: string) => {
      issues.push({ severity: 'error', code: 'shp-bad-shape', file, featureIndex: index, message: { zh: `第 ${index + 1} 条记录的图形有误（${why}），按无图形处理。`, en: `Record ${index + 1} has a bad shape (${whyEn}); read without geometry.` } });
      geometries.push(null);
    };
    if (fam === 'null') {
      nullCount++;
      geometries.push(null);
    } else if (fam === 'unsupported') {
      unsupported++;
      geometries.push(null);
    } else if (fam === 'point') {
      if (len < 20) bad('点记录太短', 'point record too short');
      else {
        const x = dv.getFloat64(start + 4, true);
        const y = dv.getFloat64(start + 12, true);
        geometries.push(Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) < 1e38 ? { type: 'Point', coordinates: [x, y] } : null);
        if (!(Number.isFinite(x) && Math.abs(x) < 1e38)) nullCount++;
      }
    } else if (fam === 'multipoint') {
      const n = len >= 40 ? dv.getInt32(start + 36, true) : -1;
      if (n < 0 || 40 + n * 16 > len) bad('点数与记录长度不符', 'point count does not fit the record');
      else {
        const pts: Pos[] = [];
        for (let i = 0; i < n; i++) pts.push([dv.getFloat64(start + 40 + i * 16, true), dv.getFloat64(start + 48 + i * 16, true)]);
        geometries.push(n === 0 ? null : { type: 'MultiPoint', coordinates: pts });
      }
    } else {
      const nParts = len >= 44 ? dv.getInt32(start + 36, true) : -1;
      const nPoints = len >= 44 ? dv.getInt32(start + 40, true) : -1;
      const ptsAt = 44 + nParts * 4;
      if (nParts < 0 || nPoints < 0 || ptsAt + nPoints * 16 > len) bad('部分数或点数与记录长度不符', 'part or point count does not fit the record');
      else {
        const parts: Pos[][] = [];
        let ok = true;
        for (let k = 0; k < nParts && ok; k++) {
          const from = dv.getInt32(start + 44 + k * 4, true);
          const to = k + 1 < nParts ? dv.getInt32(start + 48 + k * 4, true) : nPoints;
          if (from < 0 || to > nPoints || from > to) {
            ok = false;
            break;
          }
          const ring: Pos[] = [];
          for (let i = from; i < to; i++) ring.push([dv.getFloat64(start + ptsAt + i * 16, true), dv.getFloat64(start + ptsAt + 8 + i * 16, true)]);
          parts.push(ring);
        }
        if (!ok) bad('部分的起点编号不对', 'a part start index is wrong');
        else if (nPoints === 0) {
          nullCount++;
          geometries.push(null);
        } else {
          // parts too short to be a line (< 2 points) or a ring (< 4) are dropped, and said per record
          const min = fam === 'line' ? 2 : 4;
          const short = parts.filter((q) => q.length < min).length;
          let g: ShpRead['geometries'][number];
          if (fam === 'line') {
            const lines = parts.filter((l) => l.length >= 2);
            g = lines.length === 0 ? null : lines.length === 1 ? { type: 'LineString', coordinates: lines[0] } : { type: 'MultiLineString', coordinates: lines };
          } else {
            const polys = ringsToPolygons(parts);
            g = polys.length === 0 ? null : polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
          }
          if (short > 0 && shortReported++ < 50) {
            const what = fam === 'line' ? { zh: `条线少于 2 个点`, en: `line part${short > 1 ? 's' : ''} of fewer than 2 points` } : { zh: `个环少于 4 个点（面的环至少要 4 个点，含闭合点）`, en: `ring${short > 1 ? 's' : ''} of fewer than 4 points (a polygon ring needs 4, the closing one included)` };
            issues.push({
              severity: g ? 'warning' : 'error',
              code: 'shp-short-part',
              file,
              featureIndex: index,
              message: g
                ? { zh: `第 ${index + 1} 条记录有 ${short} ${what.zh}，已删除；其余部分照常读取。`, en: `Record ${index + 1} has ${short} ${what.en}; dropped, the rest read.` }
                : { zh: `第 ${index + 1} 条记录有 ${short} ${what.zh}，已删除；该记录没有其他图形，按无图形处理。`, en: `Record ${index + 1} has ${short} ${what.en}; dropped. The record has no other shape and is read without geometry.` },
            });
          }
          geometries.push(g);
        }
      }
    }
    p = end;
  }
  if (nullCount > 0) {
    issues.push({ severity: 'warning', code: 'null-shape', file, message: { zh: `${nullCount} 条记录没有图形（空图形），导入后为“无位置”要素。`, en: `${nullCount} records have no shape (null shape); they are imported without a position.` } });
  }
  if (unsupported > 0) {
    issues.push({ severity: 'error', code: 'shp-unsupported-type', file, message: { zh: `${unsupported} 条记录的图形类型（如多面体 MultiPatch）不受支持，按无图形处理。`, en: `${unsupported} records have a shape type that is not supported (e.g. MultiPatch); read without geometry.` } });
  }
  return { shapeType, geometries };
}

function stem(name: string): string {
  return name.replace(/\.[^./\\]+$/, '').toLowerCase();
}

function displayStem(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? name;
  return base.replace(/\.[^.]+$/, '');
}

function extOf(name: string): string {
  const m = /\.[^./\\]+$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}

/** Options of {@link readShapefiles}. */
export interface ShapefileOptions {
  /** The user's override of the DBF encoding, by .shp name or '*'. */
  encoding?: Record<string, string>;
  /** How far reading has got (0…1 of this call) and which file. */
  progress?: (fraction: number, stage: string) => void;
}

/**
 * Read Shapefiles from sibling files (`x.shp`, `x.shx`, `x.dbf`, `x.prj`, `x.cpg`, matched by
 * name, any case): one layer per `.shp`. The `.prj` gives the stated CRS, the `.cpg` (or the DBF
 * language-driver byte, or detection) the attribute encoding. A `.dbf` without `.shp` is read as
 * a table without geometry.
 */
export function readShapefiles(files: readonly ForeignFile[], opts: ShapefileOptions = {}): ForeignReadResult {
  const groups = new Map<string, Partial<Record<string, ForeignFile>>>();
  for (const f of files) {
    const k = stem(f.name);
    const g = groups.get(k) ?? {};
    g[extOf(f.name)] = f;
    groups.set(k, g);
  }
  const layers: ForeignLayer[] = [];
  const issues: ForeignIssue[] = [];
  // progress by bytes: a group's .shp, then its .dbf, then the features put together
  const size = (f?: ForeignFile) => f?.bytes.length ?? 0;
  const total = [...groups.values()].reduce((a, g) => a + size(g['.shp']) + size(g['.dbf']), 0) || 1;
  let done = 0;
  const step = (bytes: number, stage: string) => {
    done += bytes;
    opts.progress?.((done / total) * 0.95, stage);
  };
  let groupNo = 0;
  for (const g of groups.values()) {
    groupNo++;
    const main = g['.shp'] ?? g['.dbf'];
    if (!main) continue;
    const source = main.name;
    if (groupNo > 1) opts.progress?.((done / total) * 0.95, source);
    if (!g['.shp']) issues.push({ severity: 'warning', code: 'shp-missing', file: source, message: { zh: '缺少同名的 .shp 文件，只读取了属性表（没有图形）。', en: 'The .shp file of the same name is missing; only the attribute table was read (no shapes).' } });
    const within = (f?: ForeignFile) => (fraction: number) => opts.progress?.(((done + size(f) * fraction) / total) * 0.95, f?.name ?? source);
    const shp = g['.shp'] ? readShp(g['.shp'].bytes, source, issues, within(g['.shp'])) : null;
    step(size(g['.shp']), g['.shp']?.name ?? source);
    if (g['.shp'] && !shp) {
      step(size(g['.dbf']), source);
      continue;
    }
    let table: DbfTable | null = null;
    if (g['.dbf']) {
      const cpg = g['.cpg'] ? new TextDecoder('utf-8').decode(g['.cpg'].bytes) : undefined;
      const override = opts.encoding?.[source] ?? opts.encoding?.['*'];
      table = readDbf(g['.dbf'].bytes, g['.dbf'].name, { override, cpg }, issues, within(g['.dbf']));
      step(size(g['.dbf']), g['.dbf'].name);
    } else {
      issues.push({ severity: 'warning', code: 'dbf-missing', file: source, message: { zh: '缺少同名的 .dbf 属性表，要素没有属性。', en: 'The .dbf attribute table of the same name is missing; the features have no attributes.' } });
    }
    let crs: ForeignLayer['crs'] = null;
    if (g['.prj']) {
      const text = new TextDecoder('utf-8').decode(g['.prj'].bytes);
      crs = text.trim() ? parsePrj(text) : null;
    } else if (shp) {
      issues.push({ severity: 'info', code: 'prj-missing', file: source, message: { zh: '没有 .prj 文件，坐标系将根据坐标数值判断或由您选择。', en: 'There is no .prj file; the coordinate system is judged from the numbers or chosen by you.' } });
    }
    const geoms = shp?.geometries ?? [];
    const rows = table?.rows ?? [];
    if (shp && table && rows.length !== geoms.length) {
      issues.push({ severity: 'warning', code: 'shp-dbf-count', file: source, message: { zh: `.shp 有 ${geoms.length} 条记录，.dbf 有 ${rows.length} 条，数量不一致；多出的部分没有图形或属性。`, en: `The .shp has ${geoms.length} records and the .dbf ${rows.length}; the extra ones have no shape or no attributes.` } });
    }
    const n = Math.max(geoms.length, rows.length);
    const features: ForeignFeature[] = [];
    let deleted = 0;
    const kinds = new Set<string>();
    for (let i = 0; i < n; i++) {
      const row = i < rows.length ? rows[i] : {};
      if (row === null) {
        deleted++;
        continue;
      }
      const geometry = geoms[i] ?? null;
      if (geometry) kinds.add(geometry.type.replace(/^Multi/, ''));
      features.push({ type: 'Feature', geometry, properties: { ...(row ?? {}) } });
    }
    if (deleted > 0) issues.push({ severity: 'info', code: 'dbf-deleted', file: source, message: { zh: `${deleted} 条已删除的记录（DBF 删除标记）未导入。`, en: `${deleted} deleted records (DBF delete mark) were left out.` } });
    const fam = shp ? family(shp.shapeType) : 'null';
    const geometry: ForeignLayer['geometry'] =
      kinds.size > 1 ? 'Mixed' : fam === 'point' || fam === 'multipoint' ? 'Point' : fam === 'line' ? 'LineString' : fam === 'polygon' ? 'Polygon' : 'None';
    const layer: ForeignLayer = { source, name: displayStem(source), geometry, features, fields: table?.fields.map((f) => f.name) ?? [], crs };
    if (table) {
      layer.encoding = table.encoding;
      const how = { override: { zh: '按您的选择', en: 'as you chose' }, cpg: { zh: '按 .cpg 文件', en: 'from the .cpg file' }, ldid: { zh: '按 DBF 语言标记', en: 'from the DBF language byte' }, detected: { zh: '自动判断', en: 'detected' } }[table.encodingFrom];
      const label = table.encoding === 'gb18030' ? 'GBK' : table.encoding.toUpperCase();
      issues.push({ severity: 'info', code: 'dbf-encoding', file: source, message: { zh: `属性表编码 ${label}（${how.zh}）。`, en: `Attribute encoding ${label} (${how.en}).` } });
    }
    layers.push(layer);
  }
  opts.progress?.(1, files[files.length - 1]?.name ?? '');
  return { layers, issues };
}

/** The Shapefile reader for the import step's registry. */
export const shapefileReader = {
  extensions: ['.shp', '.shx', '.dbf', '.prj', '.cpg', '.sbn', '.sbx', '.qix'] as const,
  read: (files: ForeignFile[], opts: ShapefileOptions) => readShapefiles(files, opts),
};
