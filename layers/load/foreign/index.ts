import { unzipEntries, ZipError } from './unzip.ts';
import { LAYER_LIST, LAYERS } from '../../index.ts';
import type { Column, ColumnLayerData, I18nText, ImportMemory, LayerData, LayerDefinition, LayerId, LayerLoadCounts, Project, ValidationIssue, ValidationReport } from '../../types.ts';
import { CHINA_BBOX, guessCrs } from '../crs.ts';
import { decimalNumber, normaliseText } from '../values.ts';
import { loadLayerFeatures, loadLayerFile, matchLayerFile, projectExtent } from '../load-project.ts';
import { FieldReader, hintedColumns } from '../fields.ts';
import { IssueSink, unexpectedFailure } from '../issues.ts';
import { bd09ToWgs84, gcj02ToWgs84 } from './gcj02.ts';
import { detectOffset, type OffsetDetection } from './offset-detect.ts';
import { crsFromCode, crsTransform } from './stated-crs.ts';
import type { ForeignFile, ForeignIssue, ForeignLayer, ForeignReadResult, StatedCrs } from './types.ts';
import { shapefileReader } from './shapefile.ts';
import { pointTableReader } from './point-table.ts';
import { geoJsonReader } from './geojson.ts';
import { kmlReader } from './kml.ts';
import { dxfReader } from './dxf.ts';
import { boundaryPointsReader } from './boundary-points.ts';
import { geoPackageReader } from './geopackage.ts';

export type { OffsetDetection } from './offset-detect.ts';
export type { ForeignFile, ForeignFeature, ForeignIssue, ForeignLayer, ForeignReadResult, StatedCrs } from './types.ts';

/** Options every reader gets. */
export interface ForeignReadOptions {
  /** The user's override of the attribute text encoding ('gbk', 'utf-8' …), by source name or '*'. */
  encoding?: Record<string, string>;
  /**
   * Told how far reading has got: `fraction` 0…1 of the whole call (by bytes), `stage` the file
   * being read. Called between stages (a zip opened, a file's geometry read, its attributes read …).
   */
  onProgress?: (p: { fraction: number; stage: string }) => void;
  /** Aborting stops reading at the next stage: readForeignFiles then throws an AbortError. */
  signal?: AbortSignal;
  /** Set by readForeignFiles for each reader: how far this reader's call has got (0…1), and where. */
  progress?: (fraction: number, stage: string) => void;
}

/** The error readForeignFiles throws when its signal is aborted (name 'AbortError', as fetch's). */
export class ForeignReadAborted extends Error {
  constructor() {
    super('reading was cancelled');
    this.name = 'AbortError';
  }
}

/** A reader of one family of foreign formats. */
export interface ForeignReader {
  /** Lower-case extensions with the dot that this reader takes, e.g. ['.kml', '.kmz']. */
  extensions: readonly string[];
  /**
   * Reads every picked file with one of its extensions (siblings such as .shp/.dbf/.prj come
   * together, a zip's entries are named `archive.zip/inner.shp`). Never throws on bad data:
   * problems are issues naming file, feature/row and field.
   */
  read(files: ForeignFile[], opts: ForeignReadOptions): ForeignReadResult;
  /**
   * Optional sniff for extensions shared with another reader (e.g. a 界址点 table and a point
   * table are both .xlsx): the first reader in the list whose extension matches and whose
   * `accepts` is absent or true takes the file.
   */
  accepts?(file: ForeignFile): boolean;
}

/**
 * The readers, by file extension, tried in order. To add a format: write
 * `layers/load/foreign/<format>.ts` exporting a {@link ForeignReader} and add it here (a reader
 * that shares an extension with a later one, like a boundary-point table in .xlsx, goes first and
 * has an `accepts` sniff).
 */
export const FOREIGN_READERS: ForeignReader[] = [shapefileReader, kmlReader, dxfReader, boundaryPointsReader, pointTableReader, geoJsonReader, geoPackageReader];

/** Add a reader at run time (tests, plug-ins); the list above is the normal place. */
export function registerForeignReader(r: ForeignReader): void {
  if (!FOREIGN_READERS.includes(r)) FOREIGN_READERS.push(r);
}

/** Archive and system clutter: `__MACOSX/…`, dot files (`.DS_Store`, `._x.shp`), Thumbs.db, desktop.ini, `x.shp.xml`. */
export function isJunkName(name: string): boolean {
  const parts = name.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1];
  return parts.some((p) => p === '__MACOSX') || base.startsWith('.') || /^(thumbs\.db|desktop\.ini)$/i.test(base) || /\.shp\.xml$/i.test(base);
}

/** The extension of a file name, lower case with the dot ('' when none). */
export function extensionOf(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? name;
  const m = /\.[^.]+$/.exec(base);
  return m ? m[0].toLowerCase() : '';
}

/** The reader that takes a file (by extension, then the reader's own sniff), or null. */
export function foreignReaderFor(name: string, bytes?: Uint8Array): ForeignReader | null {
  const ext = extensionOf(name);
  return FOREIGN_READERS.find((r) => r.extensions.includes(ext) && (!r.accepts || !bytes || r.accepts({ name, bytes }))) ?? null;
}

/**
 * True for a file the import step reads rather than the project loader: a zip, or any extension
 * a reader takes, except the contract's own file names (hydrants.geojson, households.csv).
 */
export function isForeignName(name: string): boolean {
  const base = (name.replace(/\\/g, '/').split('/').pop() ?? name).toLowerCase();
  if (matchLayerFile(name) || base === 'project.json' || /\.pbf$/.test(base) || isJunkName(name)) return false;
  return extensionOf(name) === '.zip' || foreignReaderFor(name) !== null;
}

/** Largest total size unpacked from one zip (a zip bomb is refused, not inflated). */
export const MAX_UNZIPPED_BYTES = 1536 * 1024 * 1024;

/** Most entries read from one zip. */
const MAX_ZIP_ENTRIES = 100_000;

function unzip(f: ForeignFile, issues: ForeignIssue[]): ForeignFile[] {
  try {
    // streaming, counting the bytes actually inflated: a header that lies about sizes cannot pass the cap
    const { files } = unzipEntries(f.bytes, (n) => !isJunkName(n) && !n.endsWith('/'), { maxBytes: MAX_UNZIPPED_BYTES, maxEntries: MAX_ZIP_ENTRIES });
    return [...files].map(([n, bytes]) => ({ name: `${f.name}/${n}`, bytes }));
  } catch (err) {
    if (!(err instanceof ZipError)) throw err;
    if (err.kind === 'too-large') {
      issues.push({ severity: 'error', code: 'zip-too-large', file: f.name, message: { zh: `压缩包解压后超过 ${MAX_UNZIPPED_BYTES / 1048576} MB，未读取。`, en: `The archive unpacks to more than ${MAX_UNZIPPED_BYTES / 1048576} MB; not read.` } });
    } else {
      issues.push({ severity: 'error', code: 'bad-zip', file: f.name, message: { zh: `不是有效的 ZIP 压缩包（${err.reason.zh}）。`, en: `Not a valid ZIP archive (${err.reason.en}).` } });
    }
    return [];
  }
}

/**
 * The files of a project folder inside a zip (what 导出项目 writes, or a county's folder zipped by
 * hand): when the archive holds a project.json at its top or in one folder, every entry (junk left
 * out) named `<zip>/<path>`, to be opened as the project; null for any other zip, or one that cannot
 * be read (the import step then reports it as usual). Same limits as any zip.
 * @example projectFolderInZip({ name: '曲阳县.zip', bytes })?.map((f) => f.name) // ['曲阳县.zip/project.json', '曲阳县.zip/roads.geojson', …]
 */
export function projectFolderInZip(f: ForeignFile): ForeignFile[] | null {
  if (extensionOf(f.name) !== '.zip') return null;
  const limits = { maxBytes: MAX_UNZIPPED_BYTES, maxEntries: MAX_ZIP_ENTRIES };
  const keep = (n: string) => !isJunkName(n) && !n.endsWith('/');
  try {
    // the names first, nothing inflated: a zip of Shapefiles (up to the cap) is not unpacked here on
    // the page's thread only to be unpacked again by the import step
    const { names } = unzipEntries(f.bytes, () => false, limits);
    const hasProject = names.filter(keep).some((n) => {
      const parts = n.replace(/\\/g, '/').split('/');
      return parts.length <= 2 && parts[parts.length - 1].toLowerCase() === 'project.json';
    });
    if (!hasProject) return null;
    const { files } = unzipEntries(f.bytes, keep, limits);
    return [...files].map(([n, bytes]) => ({ name: `${f.name}/${n}`, bytes }));
  } catch (err) {
    if (err instanceof ZipError) return null;
    throw err;
  }
}

/**
 * Read picked files in foreign formats: zips are opened (`__MACOSX`, dot files and folders left
 * out), each file goes to the reader of its extension, and files no reader takes are reported.
 * @param files - the picked files
 * @returns every layer read and every problem found
 */
export function readForeignFiles(files: readonly ForeignFile[], opts: ForeignReadOptions = {}): ForeignReadResult {
  const issues: ForeignIssue[] = [];
  const flat: ForeignFile[] = [];
  const { onProgress, signal } = opts;
  const tell = (fraction: number, stage: string) => {
    if (signal?.aborted) throw new ForeignReadAborted();
    onProgress?.({ fraction: Math.min(1, Math.max(0, fraction)), stage });
  };
  const zipped = files.filter((f) => !isJunkName(f.name) && extensionOf(f.name) === '.zip');
  // zips take the first tenth of the bar (inflating is quick next to parsing), readers the rest by bytes
  const zipShare = zipped.length ? 0.1 : 0;
  let zipsDone = 0;
  tell(0, files[0]?.name ?? '');
  for (const f of files) {
    if (isJunkName(f.name)) continue;
    if (extensionOf(f.name) === '.zip') {
      // loops, not push(...list): a spread of 200 000 items overflows the call stack
      for (const g of unzip(f, issues)) flat.push(g);
      tell((++zipsDone / zipped.length) * zipShare, f.name);
    } else flat.push(f);
  }
  const byReader = new Map<ForeignReader, ForeignFile[]>();
  for (const f of flat) {
    if (isJunkName(f.name)) continue;
    const r = foreignReaderFor(f.name, f.bytes);
    if (!r) {
      issues.push({ severity: 'warning', code: 'unknown-format', file: f.name, message: { zh: '不认识这种文件格式，已忽略。', en: 'This file format is not known; ignored.' } });
      continue;
    }
    const list = byReader.get(r) ?? [];
    list.push(f);
    byReader.set(r, list);
  }
  const layers: ForeignLayer[] = [];
  const sizeOf = (list: ForeignFile[]) => list.reduce((a, f) => a + f.bytes.length, 0) || 1;
  const total = [...byReader.values()].reduce((a, list) => a + sizeOf(list), 0) || 1;
  let done = 0;
  for (const [r, list] of byReader) {
    const share = ((1 - zipShare) * sizeOf(list)) / total;
    const from = zipShare + ((1 - zipShare) * done) / total;
    const progress = (f: number, stage: string) => tell(from + share * Math.min(1, Math.max(0, f)), stage);
    try {
      const res = r.read(list, { encoding: opts.encoding, progress });
      for (const l of res.layers) layers.push(l);
      for (const i of res.issues) issues.push(i);
    } catch (err) {
      if (err instanceof ForeignReadAborted) throw err;
      for (const f of list) issues.push({ severity: 'error', code: 'unreadable', file: f.name, message: unexpectedFailure(err) });
    }
    done += sizeOf(list);
    tell(zipShare + ((1 - zipShare) * done) / total, list[list.length - 1].name);
  }
  // A file that gave no layer and no error or warning (a KML without placemarks, a DXF whose
  // ENTITIES are empty or only of kinds not read) is said to hold nothing, not passed over.
  // siblings by stem whatever their case (HYDRANTS.SHP with hydrants.dbf, as old Windows tools write them)
  const stem = (n: string) => n.replace(/\.[^./]+$/, '').toLowerCase();
  for (const f of flat) {
    if (isJunkName(f.name) || !foreignReaderFor(f.name, f.bytes)) continue;
    const st = stem(f.name);
    const lower = f.name.toLowerCase();
    const mine = (n: string) => n.toLowerCase() === lower || stem(n) === st || n.toLowerCase().startsWith(`${lower}/`) || n.toLowerCase().startsWith(`${st}.`);
    if (layers.some((l) => mine(l.source)) || issues.some((i) => i.severity !== 'info' && mine(i.file))) continue;
    if (flat.some((g) => g !== f && stem(g.name) === st && layers.some((l) => mine(l.source)))) continue;
    issues.push({
      severity: 'warning',
      code: 'no-features',
      file: f.name,
      message: { zh: '文件中没有找到可导入的要素（点、线、面或带坐标的行），没有可导入的内容。', en: 'No features were found in this file (points, lines, polygons or rows with coordinates); there is nothing to import.' },
    });
  }
  // at most MAX_ISSUES_PER_CODE of a kind per file, then one summary with the total, as the contract
  // loader does: a KML of 50 000 placemarks with bad coordinates listed 50 000 rows in the dialog
  const sink = new IssueSink();
  for (const i of issues) sink.add(i.severity, i.code, i.file, { featureIndex: i.featureIndex, row: i.row, field: i.field }, i.message);
  return { layers, issues: sink.finish() };
}

/** Words in file, folder or layer names that point to a contract layer (besides its titles). */
const NAME_HINTS: Record<LayerId, string[]> = {
  townships: ['乡镇', '行政区', '行政界', '镇界', '乡界', 'township', 'xzq'],
  builtUp: ['建成区', 'built'],
  roads: ['道路', '路网', '公路', 'road', 'street', 'dl'],
  fireStations: ['消防站', '消防队', 'fire_station', 'firestation', 'xfz'],
  hydrants: ['消火栓', '消防栓', '水鹤', 'hydrant', 'xfs'],
  kindergartens: ['幼儿园', '托幼', 'kindergarten', 'yey'],
  households: ['农户', '住户', '户籍', '人口', 'household'],
  reservePlots: ['地块', '储备', '宗地', '界址', 'plot', 'parcel'],
  dualConversionAreas: ['双代', '气代煤', '电代煤', '清洁取暖', 'dual'],
  servicePoints: ['配送', '维修', '网点', 'service'],
  fireDistricts: ['辖区', 'district'],
  barriers: ['高速', '铁路', '河流', 'barrier', 'railway', 'river'],
  // not 台账 alone: every ledger is a 台账 (a hydrant 台账 went to fire lanes)
  fireLanes: ['消防车通道', '消防通道', '通道台账', '通道问题', 'fire_lane', 'firelane'],
};

/** How well a foreign layer fits a contract layer: name words, geometry, field names. */
function fitScore(layer: ForeignLayer, def: LayerDefinition): number {
  const name = normaliseText(`${layer.name} ${layer.source}`).toLowerCase();
  let score = 0;
  const words = [def.title.zh, def.file, def.id.toLowerCase(), ...NAME_HINTS[def.id]];
  if (words.some((w) => w && name.includes(w.toLowerCase()))) score += 10;
  const g = layer.geometry;
  if (g === def.geometry) score += 3;
  else if (g !== 'Mixed' && g !== 'None') score -= 20;
  const reader = new FieldReader(def, layer.source, new IssueSink());
  for (const f of layer.fields) {
    const fd = reader.fieldFor(f);
    if (fd) score += fd.required ? 2 : 1;
  }
  return score + 3 * enumFieldsInValues(layer, def, reader);
}

/** Features sampled per column when looking at values (spread over the layer). */
const VALUE_SAMPLE = 40;

/**
 * How many of the layer's enum fields some column holds the values of (地上式消火栓 / 消防水鹤 are
 * hydrant kinds, 公办 / 民办 kindergarten ownerships): at least 60 % of the column's filled values in
 * a sample, and two of them; numbers are not counted. A sheet's values name its layer as well as its headers do when its
 * name says nothing (附件3.xlsx).
 */
function enumFieldsInValues(layer: ForeignLayer, def: LayerDefinition, reader: FieldReader): number {
  const enums = def.fields.filter((f) => f.type === 'enum');
  if (enums.length === 0 || layer.features.length === 0) return 0;
  const step = Math.max(1, Math.floor(layer.features.length / VALUE_SAMPLE));
  const sample = layer.features.filter((_, i) => i % step === 0).slice(0, VALUE_SAMPLE);
  let n = 0;
  for (const fd of enums) {
    const held = layer.fields.some((col) => {
      // text only: a number (序号 1, 2 …) would be a station level 1 / 2 anywhere
      const values = sample.map((f) => f.properties[col]).filter((v): v is string => typeof v === 'string' && v.trim() !== '' && Number.isNaN(decimalNumber(v)));
      if (values.length < 2) return false;
      const matched = values.filter((v) => reader.readEnum(fd, v, {}) !== null).length;
      return matched >= 2 && matched >= 0.6 * values.length;
    });
    if (held) n++;
  }
  return n;
}

/**
 * The contract layer a foreign layer most likely belongs to, from its name (any language,
 * spaces), geometry and fields; null when nothing fits (the user must pick).
 * @example suggestLayer({ name: '新建 消防栓', geometry: 'Point', … }) // 'hydrants'
 */
export function suggestLayer(layer: ForeignLayer): LayerId | null {
  let best: LayerId | null = null;
  let bestScore = 4;
  for (const def of LAYER_LIST) {
    const s = fitScore(layer, def);
    if (s > bestScore) [best, bestScore] = [def.id, s];
  }
  return best;
}

/**
 * A field mapping for a foreign layer: each contract field the ordinary loader would not find by
 * itself (name or label) gets the first source column whose name matches a known alias
 * (地块编号 → id, 亩数 → area_mu, 等级 → class …). Source columns already used are not reused.
 */
export function suggestFields(layer: ForeignLayer, def: LayerDefinition): Record<string, string> {
  const reader = new FieldReader(def, layer.source, new IssueSink());
  const out: Record<string, string> = {};
  for (const [field, k] of hintedColumns(reader, layer.fields)) out[field] = layer.fields[k];
  return out;
}

/**
 * The source columns that match contract fields by their own name or label (as the loader reads
 * them, with no mapping needed): contract field → source column. The dialog shows them as 自动.
 */
export function matchedFields(layer: ForeignLayer, def: LayerDefinition): Record<string, string> {
  const reader = new FieldReader(def, layer.source, new IssueSink());
  const out: Record<string, string> = {};
  for (const f of layer.fields) {
    const fd = reader.fieldFor(f);
    if (fd && !(fd.name in out)) out[fd.name] = f;
  }
  return out;
}

/**
 * Where a foreign layer would land, for the dialog's map preview: up to `max` features (spread over
 * the layer) converted as the import would convert them with the current decisions (CRS, offset),
 * each as its lon/lat positions. Empty when the layer has no target.
 */
export function previewPositions(layer: ForeignLayer, target: ImportTarget, max = 1500): [number, number][][] {
  if (!target.layer || layer.features.length === 0) return [];
  const step = Math.max(1, Math.ceil(layer.features.length / max));
  const sample = step === 1 ? layer : { ...layer, features: layer.features.filter((_, i) => i % step === 0) };
  const { collection } = toContractCollection(sample, LAYERS[target.layer], target);
  const out: [number, number][][] = [];
  const walk = (c: unknown, into: [number, number][]) => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90) into.push([x, y]);
      return;
    }
    for (const d of c) walk(d, into);
  };
  for (const f of collection.features as { geometry: { coordinates: unknown } | null }[]) {
    const pts: [number, number][] = [];
    walk(f.geometry?.coordinates, pts);
    if (pts.length) out.push(pts);
  }
  return out;
}

/** What the user decided for one foreign layer. Nothing is applied before the user confirms. */
export interface ImportTarget {
  /** {@link ForeignLayer.source} */
  source: string;
  /** The contract layer it goes to; null = not imported. */
  layer: LayerId | null;
  /** Add the features to the layer, or replace the layer with them. */
  mode: 'add' | 'replace';
  /** Contract field name → source field name, where the automatic match (name or label) is not right. */
  fields?: Record<string, string>;
  /** The CRS chosen by the user, e.g. 'EPSG:4526'; used only when the file states none. */
  crs?: string;
  /** Convert from the offset 高德/腾讯 (gcj02) or 百度 (bd09) coordinates: only on the user's word ('none': declined). */
  offset?: 'gcj02' | 'bd09' | 'none';
  /** The text encoding the user chose when reading (remembered with the rest). */
  encoding?: string;
}

/**
 * The default decisions: what the project remembers for the file (see {@link Project.imports}),
 * else the suggested layer, added to it (replacing it when it is empty), no field overrides.
 */
export function suggestTargets(layers: readonly ForeignLayer[], current?: Project | null): ImportTarget[] {
  return layers.map((l) => {
    const memory = current?.imports?.[l.source];
    const layer = memory?.layer ?? suggestLayer(l);
    const empty = !current || !layer || layerSize(current.layers[layer]) === 0;
    const t: ImportTarget = { source: l.source, layer, mode: memory?.mode ?? (empty ? 'replace' : 'add') };
    const fields = layer ? suggestFields(l, LAYERS[layer]) : {};
    if (Object.keys(fields).length) t.fields = fields;
    if (memory?.crs) t.crs = memory.crs;
    if (memory?.offset) t.offset = memory.offset;
    if (memory?.encoding) t.encoding = memory.encoding;
    return t;
  });
}

function layerSize(d: LayerData | undefined): number {
  if (!d) return 0;
  return d.kind === 'columns' ? d.count : d.data.features.length;
}

function issue(severity: ValidationIssue['severity'], code: string, file: string, message: I18nText, loc: Partial<Pick<ValidationIssue, 'featureIndex' | 'row' | 'field'>> = {}): ValidationIssue {
  return { severity, code, file, ...loc, message };
}

/** Apply `fn` to every position of a GeoJSON geometry (new arrays; the input is not changed). */
function mapPositions(c: unknown, fn: (x: number, y: number) => [number, number]): unknown {
  if (!Array.isArray(c)) return c;
  if (typeof c[0] === 'number' && typeof c[1] === 'number') return fn(c[0], c[1]);
  return c.map((d) => mapPositions(d, fn));
}

/** A deep copy of GeoJSON coordinates (Z and anything else kept as written). */
function copyCoordinates(c: unknown): unknown {
  if (!Array.isArray(c)) return c;
  if (typeof c[0] !== 'object' || c[0] === null) return c.slice();
  return c.map(copyCoordinates);
}

function firstPositions(layer: ForeignLayer, max: number): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  const step = Math.max(1, Math.floor(layer.features.length / max));
  for (let i = 0; i < layer.features.length && xs.length < max; i += step) {
    let c = layer.features[i].geometry?.coordinates as unknown;
    while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      xs.push(c[0]);
      ys.push(c[1]);
    }
  }
  return [xs, ys];
}

/**
 * One foreign layer as a GeoJSON FeatureCollection for the contract layer `def`: positions in
 * lon/lat (from the stated CRS, else the user's, else as written so the loader asks), offset
 * coordinates converted when the user said so, fields renamed per the mapping (the source's
 * other fields kept as they are), single-part MultiPoints as Points.
 * @returns the collection and the issues of the conversion (CRS used, datum warnings, doubts)
 */
export function toContractCollection(layer: ForeignLayer, def: LayerDefinition, target: ImportTarget): { collection: { type: 'FeatureCollection'; features: unknown[] }; issues: ValidationIssue[]; loaderCrs?: string } {
  const issues: ValidationIssue[] = [];
  const file = layer.source;
  let crs: StatedCrs | null = layer.crs && layer.crs.kind !== 'unknown' ? layer.crs : null;
  let loaderCrs: string | undefined;
  if (layer.crs?.kind === 'unknown' && !target.crs) {
    issues.push(issue('warning', 'unknown-crs', file, { zh: `文件说明的坐标系无法识别（${layer.crs.text.slice(0, 80)}…），坐标按原样读取；请在导入时选择坐标系。`, en: `The file's coordinate system is not recognised (${layer.crs.text.slice(0, 80)}…); coordinates are read as written. Please choose the coordinate system.` }));
  }
  if (!crs && target.crs) {
    crs = crsFromCode(target.crs);
    if (!crs) loaderCrs = target.crs;
  }
  const t = crs ? crsTransform(crs) : null;
  // the file states its CRS (.prj, a GeoJSON crs), or the user chose one in the import step
  const stated = !!layer.crs && layer.crs.kind !== 'unknown';
  if (crs && t) {
    issues.push(issue('info', 'crs-used', file, stated
      ? { zh: `坐标系按文件说明：${t.label.zh}。`, en: `Coordinate system as the file states: ${t.label.en}.` }
      : { zh: `坐标系按用户选择：${t.label.zh}。`, en: `Coordinate system as chosen: ${t.label.en}.` }));
    if (t.datumWarning) issues.push(issue('warning', 'datum-not-shifted', file, t.datumWarning));
  }
  const [xs, ys] = firstPositions(layer, 2000);
  // lat,lon written as lon,lat under a stated lon/lat: one problem, which the loader names
  // (swapped-coordinates, with the offer to swap the axes) — not also "not degrees" and "outside China"
  const swapped = crs?.kind === 'lonlat' && xs.length > 0 && guessCrs(xs, ys).kind === 'swapped';
  if (crs && xs.length && !swapped) {
    const looksLonLat = guessCrs(xs, ys).kind === 'lonlat';
    if (crs.kind !== 'lonlat' && looksLonLat) {
      issues.push(issue('warning', 'degrees-for-projected', file, stated
        ? { zh: '文件说明的是投影坐标（米），但数值像经纬度（度）；已按经纬度读取，请核对坐标系说明（.prj 文件，或 GeoJSON 的 crs）。', en: 'The file states projected metres but the numbers look like degrees; they were read as lon/lat. Please check the stated coordinate system (the .prj, or the crs member of a GeoJSON).' }
        : { zh: `所选坐标系（${target.crs}）是投影坐标（米），但数值像经纬度（度）；已按经纬度读取，请核对所选坐标系。`, en: `The coordinate system chosen (${target.crs}) is projected metres but the numbers look like degrees; they were read as lon/lat. Please check the choice.` }));
      crs = null;
    } else if (crs.kind === 'lonlat' && !looksLonLat) {
      issues.push(issue('warning', 'projected-for-degrees', file, stated
        ? { zh: '文件说明的是经纬度，但数值不像经纬度；请核对坐标系说明（.prj 文件，或 GeoJSON 的 crs）。', en: 'The file states lon/lat but the numbers do not look like degrees. Please check the stated coordinate system (the .prj, or the crs member of a GeoJSON).' }
        : { zh: `所选坐标系（${target.crs}）是经纬度，但数值不像经纬度；请核对所选坐标系。`, en: `The coordinate system chosen (${target.crs}) is lon/lat but the numbers do not look like degrees. Please check the choice.` }));
    }
  }
  if (crs?.kind === 'gauss-kruger' && xs.length) {
    const g = guessCrs(xs, ys);
    const numbersZone = g.kind === 'gauss-kruger' ? (g.zone ?? null) : null;
    const crsZone = crs.falseEasting >= 1_000_000 ? Math.floor(crs.falseEasting / 1_000_000) : null;
    if (g.kind === 'gauss-kruger' && numbersZone !== crsZone) {
      issues.push(issue('warning', 'zone-mismatch', file, {
        zh: numbersZone !== null ? `坐标数值带有带号 ${numbersZone}（横坐标前两位），与坐标系${crsZone !== null ? `的带号 ${crsZone}` : '（不带带号）'}不符，位置会错；请核对坐标系。` : `坐标数值不带带号，但坐标系带号为 ${crsZone}，位置会错；请核对坐标系。`,
        en: numbersZone !== null ? `The eastings carry zone number ${numbersZone}, which does not match the coordinate system${crsZone !== null ? ` (zone ${crsZone})` : ' (no zone number)'}; positions would be wrong. Please check the coordinate system.` : `The eastings carry no zone number but the coordinate system has zone ${crsZone}; positions would be wrong. Please check the coordinate system.`,
      }));
    }
  }
  const project = crs ? crsTransform(crs)?.transform ?? null : null;
  const offset = target.offset === 'gcj02' ? gcj02ToWgs84 : target.offset === 'bd09' ? bd09ToWgs84 : null;
  if (offset) {
    issues.push(issue('info', 'offset-converted', file, target.offset === 'gcj02'
      ? { zh: '已按确认将 GCJ-02（高德/腾讯）坐标转换为 WGS 84。', en: 'GCJ-02 (Amap/Tencent) coordinates were converted to WGS 84, as confirmed.' }
      : { zh: '已按确认将 BD-09（百度）坐标转换为 WGS 84。', en: 'BD-09 (Baidu) coordinates were converted to WGS 84, as confirmed.' }));
  }
  const fn = (x: number, y: number): [number, number] => {
    let p: [number, number] = project ? project(x, y) : [x, y];
    if (offset) p = offset(p[0], p[1]);
    return p;
  };
  const map = target.fields ?? {};
  const renamed = new Map<string, string>();
  for (const [to, from] of Object.entries(map)) if (from && from !== to) renamed.set(from, to);
  const mappedTargets = new Set(renamed.values());
  const features: unknown[] = [];
  let outside = 0;
  for (let i = 0; i < layer.features.length; i++) {
    const f = layer.features[i];
    // always a fresh geometry: the loader tidies geometries in place and the foreign layer must not change
    let g = f.geometry ? { type: f.geometry.type, coordinates: project || offset ? mapPositions(f.geometry.coordinates, fn) : copyCoordinates(f.geometry.coordinates) } : null;
    if (g && g.type === 'MultiPoint' && Array.isArray(g.coordinates) && g.coordinates.length === 1) g = { type: 'Point', coordinates: g.coordinates[0] };
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.properties)) {
      const to = renamed.get(k);
      // as JSON would carry it: a non-finite number is no value
      const w = typeof v === 'number' && !Number.isFinite(v) ? null : v;
      const key = to ?? (mappedTargets.has(k) ? null : k);
      if (key === '__proto__') Object.defineProperty(props, key, { value: w, enumerable: true, writable: true, configurable: true });
      else if (key !== null) props[key] = w;
    }
    if (g && g.type === 'Point' && Array.isArray(g.coordinates)) {
      const [lon, lat] = g.coordinates as number[];
      if (Number.isFinite(lon) && Number.isFinite(lat) && (lon < CHINA_BBOX.minLon || lon > CHINA_BBOX.maxLon || lat < CHINA_BBOX.minLat || lat > CHINA_BBOX.maxLat) && lon >= -180 && lon <= 180) outside++;
    }
    features.push({ type: 'Feature', geometry: g, properties: props });
  }
  if (outside > 0 && crs && !swapped) {
    issues.push(issue('warning', 'outside-china', file, { zh: `${outside} 个点换算后落在中国境外，坐标系（带号、中央经线）可能不对。`, en: `${outside} points fall outside China after conversion; the coordinate system (zone, central meridian) may be wrong.` }));
  }
  return { collection: { type: 'FeatureCollection', features }, issues, loaderCrs };
}

/** Most features converted to judge the GCJ-02 / BD-09 offset of a layer. */
const OFFSET_SAMPLE = 20_000;

/**
 * Whether a point layer's positions sit on the GCJ-02 / BD-09 offset relative to the project's
 * roads (see {@link detectOffset}); null for other layers or when there are no roads to compare.
 * A file that states GCJ-02 or BD-09 itself is always asked about.
 */
export function detectLayerOffset(layer: ForeignLayer, target: ImportTarget, project: Project | null): OffsetDetection | null {
  if (layer.crs?.kind === 'lonlat' && (layer.crs.datum === 'GCJ02' || layer.crs.datum === 'BD09')) {
    return { suggest: layer.crs.datum === 'GCJ02' ? 'gcj02' : 'bd09', closerShare: NaN, medianAsIs: NaN, medianGcj02: NaN, medianBd09: NaN, sampled: 0 };
  }
  if (!project || !target.layer || LAYERS[target.layer].geometry !== 'Point') return null;
  // a spread sample is enough to judge the offset, and keeps this quick on a million points
  const step = Math.max(1, Math.floor(layer.features.length / OFFSET_SAMPLE));
  const sample = step === 1 ? layer : { ...layer, features: layer.features.filter((_, i) => i % step === 0) };
  const { collection } = toContractCollection(sample, LAYERS[target.layer], { ...target, offset: undefined });
  const pts: [number, number][] = [];
  for (const f of collection.features as { geometry: { type: string; coordinates: unknown } | null }[]) {
    if (f.geometry?.type === 'Point') {
      const [x, y] = f.geometry.coordinates as number[];
      if (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90) pts.push([x, y]);
    }
  }
  return detectOffset(pts, project.layers.roads);
}

/** A project with its report, as the loader returns it. */
export interface LoadedProject {
  project: Project;
  report: ValidationReport;
}

/** What the import did to one contract layer. */
export interface ImportLayerResult {
  layer: LayerId;
  mode: 'add' | 'replace';
  sources: string[];
  /** Counts of the imported features only. */
  counts: LayerLoadCounts;
  /** Features in the layer before and after. */
  before: number;
  after: number;
}

/** The outcome of {@link importForeign}: the next project (not yet applied) and every row of the report. */
export interface ForeignImportResult extends LoadedProject {
  layers: ImportLayerResult[];
  /** Issues of this import only (also merged into `report`). */
  issues: ValidationIssue[];
}

function concatColumn(a: Column | undefined, na: number, b: Column | undefined, nb: number): Column {
  const type = a && b && a.type !== b.type ? 'string' : (a ?? b)!.type;
  const n = na + nb;
  if (type === 'number') {
    const v = new Float64Array(n).fill(NaN);
    if (a?.type === 'number') v.set(a.values, 0);
    if (b?.type === 'number') v.set(b.values, na);
    return { type, values: v };
  }
  if (type === 'boolean') {
    const v = new Uint8Array(n).fill(255);
    if (a?.type === 'boolean') v.set(a.values, 0);
    if (b?.type === 'boolean') v.set(b.values, na);
    return { type, values: v };
  }
  if (type === 'category') {
    const dict: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(n).fill(-1);
    const put = (c: Column | undefined, off: number, count: number) => {
      if (c?.type !== 'category') return;
      for (let i = 0; i < count; i++) {
        const k = c.codes[i];
        if (k < 0) continue;
        const s = c.dict[k];
        let j = index.get(s);
        if (j === undefined) {
          j = dict.length;
          dict.push(s);
          index.set(s, j);
        }
        codes[off + i] = j;
      }
    };
    put(a, 0, na);
    put(b, na, nb);
    return { type, codes, dict };
  }
  const values: (string | null)[] = new Array(n).fill(null);
  const asText = (c: Column | undefined, i: number): string | null => {
    if (!c) return null;
    if (c.type === 'string') return c.values[i];
    if (c.type === 'number') return Number.isNaN(c.values[i]) ? null : String(c.values[i]);
    if (c.type === 'boolean') return c.values[i] === 255 ? null : String(c.values[i] === 1);
    return c.codes[i] < 0 ? null : c.dict[c.codes[i]];
  };
  for (let i = 0; i < na; i++) values[i] = asText(a, i);
  for (let i = 0; i < nb; i++) values[na + i] = asText(b, i);
  return { type: 'string', values };
}

function concatLayers(a: LayerData, b: LayerData): LayerData {
  if (a.kind === 'geojson' && b.kind === 'geojson') return { ...a, data: { type: 'FeatureCollection', features: [...a.data.features, ...b.data.features] } };
  if (a.kind === 'columns' && b.kind === 'columns') {
    const cols: Record<string, Column> = {};
    for (const k of new Set([...Object.keys(a.columns), ...Object.keys(b.columns)])) cols[k] = concatColumn(a.columns[k], a.count, b.columns[k], b.count);
    const lon = new Float64Array(a.count + b.count);
    lon.set(a.lon, 0);
    lon.set(b.lon, a.count);
    const lat = new Float64Array(a.count + b.count);
    lat.set(a.lat, 0);
    lat.set(b.lat, a.count);
    const out: ColumnLayerData = { kind: 'columns', id: a.id, count: a.count + b.count, lon, lat, ids: [...a.ids, ...b.ids], columns: cols };
    return out;
  }
  throw new Error(`layers of different storage cannot be joined (${a.kind}, ${b.kind})`);
}

function idsOf(d: LayerData, def: LayerDefinition): string[] {
  if (d.kind === 'columns') return d.ids;
  if (!def.idField) return [];
  const out: string[] = [];
  for (const f of d.data.features) {
    const v = f.properties?.[def.idField];
    if (v !== undefined && v !== null) out.push(String(v));
  }
  return out;
}

/**
 * The import step: the chosen foreign layers converted to lon/lat, fields mapped, checked by the
 * ordinary GeoJSON loader (so every rule of the data contract applies, Chinese values map to codes
 * with the text kept), then added to or replacing their target layers. Pure: neither `current` nor
 * the foreign layers are changed, and nothing is applied — the caller applies `project` only when
 * the user confirms.
 * @param current - the open project and its report, or null for none (an empty project)
 * @param foreign - the layers read by {@link readForeignFiles}
 * @param targets - the user's decisions (see {@link suggestTargets})
 */
export function importForeign(current: LoadedProject | null, foreign: readonly ForeignLayer[], targets: readonly ImportTarget[]): ForeignImportResult {
  const base: LoadedProject = current ?? {
    project: { name: '未命名项目', params: {}, layers: Object.fromEntries(LAYER_LIST.map((d) => [d.id, loadLayerFile(d, `${d.file}.geojson`, new TextEncoder().encode('{"type":"FeatureCollection","features":[]}')).data])) as Record<LayerId, LayerData> },
    report: { issues: [], counts: {} },
  };
  const layers = { ...base.project.layers };
  const counts = { ...base.report.counts };
  const issues: ValidationIssue[] = [];
  const results = new Map<LayerId, ImportLayerResult>();
  const replaced = new Set<LayerId>();
  for (const t of targets) {
    if (!t.layer) continue;
    const layer = foreign.find((l) => l.source === t.source);
    if (!layer) {
      issues.push(issue('error', 'unknown-source', t.source, { zh: '找不到要导入的图层。', en: 'The layer to import was not found.' }));
      continue;
    }
    const def = LAYERS[t.layer];
    if (layer.features.length === 0) {
      // a table with only its header, an empty collection: said once, in words that fit any format
      issues.push(issue('error', 'nothing-imported', layer.source, { zh: `文件中没有要素（没有数据行或要素），没有可导入“${def.title.zh}”的内容，该图层保持不变。`, en: `The file holds no features (no data rows or features); there is nothing to import into "${def.title.en}", and the layer is unchanged.` }));
      continue;
    }
    const conv = toContractCollection(layer, def, t);
    issues.push(...conv.issues);
    const prev = results.get(t.layer);
    const replacing = t.mode === 'replace' && !replaced.has(t.layer) && !prev;
    const start = replacing ? null : layers[t.layer];
    const have = start && def.idField ? new Set(idsOf(start, def)) : null;
    // an id the layer already has is counted before the loader re-keys it (below)
    let dup = 0;
    let first = '';
    if (have) {
      // the id under any name the loader reads as the id field (id, 编号 …)
      const reader = new FieldReader(def, layer.source, new IssueSink());
      for (const f of conv.collection.features) {
        const props = (f as { properties?: Record<string, unknown> }).properties ?? {};
        const key = Object.keys(props).find((k) => reader.fieldFor(k)?.name === def.idField);
        const v = key === undefined ? null : props[key];
        if (v !== undefined && v !== null && have.has(normaliseText(String(v))) && dup++ === 0) first = String(v);
      }
    }
    // the features go to the loader as objects (no GeoJSON text round trip): every contract check
    // applies the same, and an id the layer already has is re-keyed (XH-001 → XH-001#2, reported)
    // as the project load re-keys it when the saved folder is opened again
    const loaded = loadLayerFeatures(def, layer.source, conv.collection.features, { ...(conv.loaderCrs ? { crs: conv.loaderCrs } : {}), ...(have ? { takenIds: have } : {}) });
    const shortName = layer.source.replace(/\\/g, '/').split('/').pop() || layer.source;
    for (const i of loaded.issues) issues.push(i.file === shortName ? { ...i, file: layer.source } : i);
    const far = current ? farFromProject(current.project, loaded.data, layer.source) : null;
    if (far) issues.push(far);
    if (loaded.counts.loaded + loaded.counts.unlocated === 0) {
      issues.push(issue('error', 'nothing-imported', layer.source, { zh: `没有要素能导入“${def.title.zh}”，该图层保持不变。`, en: `No feature could be imported into "${def.title.en}"; the layer is unchanged.` }));
      continue;
    }
    const before = layerSize(base.project.layers[t.layer]);
    if (dup > 0) {
      issues.push(issue('warning', 'duplicate-id-existing', layer.source, { zh: `${dup} 个编号在图层“${def.title.zh}”中已存在（如 ${first}）；已改编号（加 #2、#3 …）后添加，请核对是否重复导入。`, en: `${dup} ids already exist in "${def.title.en}" (e.g. ${first}); added with new ids (#2, #3 … appended). Please check the file was not imported twice.` }, { field: def.idField }));
    }
    layers[t.layer] = start ? concatLayers(start, loaded.data) : loaded.data;
    if (replacing) replaced.add(t.layer);
    const c = loaded.counts;
    const old = replacing ? undefined : counts[t.layer];
    counts[t.layer] = old ? { read: old.read + c.read, loaded: old.loaded + c.loaded, rejected: old.rejected + c.rejected, unlocated: old.unlocated + c.unlocated } : { ...c };
    const r = prev ?? { layer: t.layer, mode: t.mode, sources: [], counts: { read: 0, loaded: 0, rejected: 0, unlocated: 0 }, before, after: 0 };
    r.sources.push(layer.source);
    r.counts = { read: r.counts.read + c.read, loaded: r.counts.loaded + c.loaded, rejected: r.counts.rejected + c.rejected, unlocated: r.counts.unlocated + c.unlocated };
    r.after = layerSize(layers[t.layer]);
    results.set(t.layer, r);
  }
  const imports: Record<string, ImportMemory> = { ...(base.project.imports ?? {}) };
  for (const t of targets) {
    if (!t.layer || !results.get(t.layer)?.sources.includes(t.source)) continue;
    const m: ImportMemory = { layer: t.layer, mode: t.mode };
    if (t.crs) m.crs = t.crs;
    if (t.offset) m.offset = t.offset;
    if (t.encoding) m.encoding = t.encoding;
    imports[t.source] = m;
  }
  const project: Project = { ...base.project, layers, imports };
  const kept = base.report.issues.filter((i) => {
    const m = matchLayerFile(i.file);
    return !(m && replaced.has(m.def.id));
  });
  return { project, report: { issues: [...kept, ...issues], counts }, layers: [...results.values()], issues };
}

/** The bounding box of a loaded layer's positions, or null. */
function dataBox(d: LayerData): [number, number, number, number] | null {
  if (d.kind === 'columns') {
    const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < d.count; i++) {
      const x = d.lon[i];
      const y = d.lat[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
    return Number.isFinite(b[0]) ? b : null;
  }
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      if (c[0] < b[0]) b[0] = c[0];
      if (c[1] < b[1]) b[1] = c[1];
      if (c[0] > b[2]) b[2] = c[0];
      if (c[1] > b[3]) b[3] = c[1];
      return;
    }
    for (const x of c) walk(x);
  };
  for (const f of d.data.features) walk((f.geometry as { coordinates?: unknown } | null)?.coordinates);
  return Number.isFinite(b[0]) ? b : null;
}

/** About 50 km in degrees: imported data farther than this from the project is reported. */
const FAR_DEG = 0.5;

/** A warning when imported data lies far from the open project's extent (a wrong zone or CRS). */
function farFromProject(before: Project, data: LayerData, file: string): ValidationIssue | null {
  const e = projectExtent(before);
  const b = dataBox(data);
  if (!e || !b) return null;
  const apart = b[0] > e.maxLon + FAR_DEG || b[2] < e.minLon - FAR_DEG || b[1] > e.maxLat + FAR_DEG || b[3] < e.minLat - FAR_DEG;
  if (!apart) return null;
  return issue('warning', 'far-from-project', file, {
    zh: `导入的数据（${b[0].toFixed(3)}°–${b[2].toFixed(3)}°E，${b[1].toFixed(3)}°–${b[3].toFixed(3)}°N）离项目范围很远（超过约 50 km），坐标系或带号可能不对，请核对。`,
    en: `The imported data (${b[0].toFixed(3)}°–${b[2].toFixed(3)}°E, ${b[1].toFixed(3)}°–${b[3].toFixed(3)}°N) lies far (over about 50 km) from the project; the coordinate system or zone may be wrong. Please check.`,
  });
}
