import { isOsmPbf, osmReadFailure } from '../../analysis/osm-pbf.ts';
import { osmToProject } from '../../analysis/osm-to-project.ts';
import { scenariosReadAsLayers } from './project-findings.ts';
import { parseScenarios } from '../../analysis/scenarios.ts';
import { readFolderLedger, readTablesMember, type FolderTable } from './ledger/folder-ledgers.ts';
import { LAYER_LIST } from '../index.ts';
import type { I18nText, ImportMemory, Lang, LayerData, LayerDefinition, LayerId, LayerLoadCounts, Project, ValidationIssue, ValidationReport } from '../types.ts';
import { loadColumnsFromFeatures, loadCsvColumns } from './columnar-layer.ts';
import { ColumnBuilder } from './columns.ts';
import type { CoordinateOptions } from './coordinate-fix.ts';
import { CUT_UTF8, decodeText, ENCODING_LINE, looksLikeHtml, sniffBinary } from './decode.ts';
import { UNSAFE_KEYS } from './fields.ts';
import { crsFromName, epsgOf } from './foreign/stated-crs.ts';
import { featuresOf, loadGeoJsonFeatures } from './geojson-layer.ts';
import { IssueSink, unexpectedFailure } from './issues.ts';
import { lineNumbers, MAX_JSON_DEPTH, parseJsonText, type DuplicateKey } from './json.ts';

/** One file handed to the loader: its name (a path is fine) and its bytes. */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** Options of {@link loadProject}. */
export interface LoadProjectOptions {
  /** Language of the default project name when project.json gives none. */
  lang?: Lang;
  /** Project name to use when project.json gives none (e.g. the folder name). */
  defaultName?: string;
  /** Largest GeoJSON file read, in bytes (default {@link MAX_JSON_BYTES}). */
  maxJsonBytes?: number;
  /**
   * What the user confirmed about a file's coordinates after the report asked (its CRS, or that
   * lat/lon are swapped), by file name: `{ 'hydrants.geojson': { crs: 'EPSG:4526' } }`.
   */
  coordinates?: Record<string, CoordinateOptions>;
  /**
   * Called after each layer file is loaded, with the share of all layer bytes done so far (0–1]:
   * for a progress bar while a large county loads.
   */
  onProgress?: (p: { file: string; fraction: number }) => void;
  /**
   * Called with each layer as soon as it is loaded (before the project is complete), so a map can
   * draw the county while the big files are still being read. Layers are read small files first
   * (below {@link SMALL_FILE_BYTES}, in the layer list's order), then the big ones in the same order.
   */
  onLayer?: (id: LayerId, data: LayerData) => void;
  /**
   * The project's extent when the files are only part of it (an import into an open project:
   * `projectExtent(current)`), used when the files bring no townships. Households outside it are
   * reported (outside-project).
   */
  extent?: ProjectExtent;
}

/** Options of {@link loadLayerFile}. */
export interface LoadLayerOptions extends CoordinateOptions {
  /** Largest GeoJSON file read, in bytes (default {@link MAX_JSON_BYTES}). */
  maxJsonBytes?: number;
}

/** Result of loading one layer file. */
export interface LayerFileResult {
  data: LayerData;
  counts: LayerLoadCounts;
  issues: ValidationIssue[];
}

/** Largest file read as JSON text (a JavaScript string cannot hold much more). */
export const MAX_JSON_BYTES = 400 * 1024 * 1024;
/** Layer files below this size are read before the bigger ones (townships before households). */
export const SMALL_FILE_BYTES = 1024 * 1024;

const JUNK = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|\._)/i;

/** The file name without folders, lower-cased. */
function baseName(name: string): string {
  const parts = name.replace(/\\/g, '/').split('/');
  return parts[parts.length - 1].toLowerCase();
}

/** Which layer and format a file name belongs to, by the contract's base names. */
export function matchLayerFile(name: string): { def: LayerDefinition; format: 'geojson' | 'csv'; rank: number } | null {
  const base = baseName(name);
  for (const def of LAYER_LIST) {
    if (base === `${def.file}.geojson`) return { def, format: 'geojson', rank: 0 };
    if (base === `${def.file}.json`) return { def, format: 'geojson', rank: 1 };
    if (def.csv && base === `${def.file}.csv`) return { def, format: 'csv', rank: 2 };
  }
  return null;
}

/** The layers an OpenStreetMap extract (.osm.pbf) given to {@link loadProject} fills. */
export const OSM_PBF_LAYERS: readonly LayerId[] = ['roads', 'fireStations', 'hydrants', 'kindergartens'];

/** True for a file name loadProject converts from OpenStreetMap (`*.pbf`, e.g. `county.osm.pbf`). */
export function isOsmPbfName(name: string): boolean {
  return /\.pbf$/i.test(baseName(name));
}

/**
 * An empty layer of the right storage, for a file that is missing or could not be read. A columnar
 * layer still has every schema column (empty), so readers need no special case.
 */
export function emptyLayer(def: LayerDefinition): LayerData {
  if (def.storage === 'columns') return new ColumnBuilder(def, 0).finish();
  return { kind: 'geojson', id: def.id, data: { type: 'FeatureCollection', features: [] } };
}

/**
 * Load and validate one layer file (GeoJSON, or CSV for layers that allow it). Never throws on bad
 * data: problems come back as issues, and a file that cannot be read gives an empty layer.
 * @param def - the layer the file is for
 * @param name - the file name (its extension picks GeoJSON or CSV; the bytes are checked too)
 * @param bytes - the file's content
 * @example const { data, issues } = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', bytes);
 */
export function loadLayerFile(def: LayerDefinition, name: string, bytes: Uint8Array, opts: LoadLayerOptions = {}): LayerFileResult {
  const sink = new IssueSink();
  const { data, counts } = safeLoad(def, name, bytes, sink, opts.maxJsonBytes ?? MAX_JSON_BYTES, { crs: opts.crs, swapAxes: opts.swapAxes });
  return { data, counts, issues: sink.finish() };
}

/**
 * Load and validate features already in memory (GeoJSON-shaped objects, e.g. from the foreign
 * import step) exactly as {@link loadLayerFile} would the same features as GeoJSON text, without
 * the text: same checks, same issues, same storage. The loader owns `features` (geometries are
 * tidied in place), so pass copies.
 * @param name - the file the features came from (its last part names the file in issues)
 * @param opts - the coordinate system, and `takenIds`: ids the layer already holds (the features
 * are added to it), re-keyed and reported as repeats, as loading the joined layer would
 */
export function loadLayerFeatures(def: LayerDefinition, name: string, features: unknown[], opts: CoordinateOptions & { takenIds?: Iterable<string> } = {}): LayerFileResult {
  const sink = new IssueSink();
  const file = name.replace(/\\/g, '/').split('/').pop() || name;
  const coords = { crs: opts.crs, swapAxes: opts.swapAxes };
  try {
    if (features.length === 0) {
      sink.add('warning', 'no-rows', file, {}, {
        zh: 'GeoJSON 文件中没有要素（features 为空）；导入它会把该图层换成空图层。',
        en: 'The GeoJSON file has no features; importing it would replace the layer with an empty one.',
      });
    }
    const { data, counts } = def.storage === 'columns' ? loadColumnsFromFeatures(def, file, features, sink, coords, opts.takenIds) : loadGeoJsonFeatures(def, file, features, sink, coords, opts.takenIds);
    return { data, counts, issues: sink.finish() };
  } catch (err) {
    sink.add('error', 'unreadable', file, {}, unexpectedFailure(err));
    return { data: emptyLayer(def), counts: { read: 0, loaded: 0, rejected: 0, unlocated: 0 }, issues: sink.finish() };
  }
}

/** One layer file as loaded; columnar layers also say which row or feature each row came from. */
type LoadedLayer = { data: LayerData; counts: LayerLoadCounts; source?: Int32Array; sourceKind?: 'row' | 'featureIndex' };

/** {@link loadInto}, with anything unexpected reported as an issue rather than thrown. */
function safeLoad(
  def: LayerDefinition,
  name: string,
  bytes: Uint8Array,
  sink: IssueSink,
  maxJsonBytes: number,
  coordinates: CoordinateOptions | undefined,
): LoadedLayer {
  try {
    return loadInto(def, name, bytes, sink, maxJsonBytes, coordinates);
  } catch (err) {
    sink.add('error', 'unreadable', name.replace(/\\/g, '/').split('/').pop() || name, {}, unexpectedFailure(err));
    return { data: emptyLayer(def), counts: { read: 0, loaded: 0, rejected: 0, unlocated: 0 } };
  }
}

function loadInto(
  def: LayerDefinition,
  name: string,
  bytes: Uint8Array,
  sink: IssueSink,
  maxJsonBytes: number,
  coordinates: CoordinateOptions | undefined,
): LoadedLayer {
  const file = name.replace(/\\/g, '/').split('/').pop() || name;
  const failed = (): { data: LayerData; counts: LayerLoadCounts } => ({ data: emptyLayer(def), counts: { read: 0, loaded: 0, rejected: 0, unlocated: 0 } });
  if (bytes.length === 0) {
    sink.add('error', 'empty-file', file, {}, { zh: '文件是空的（0 字节）。', en: 'The file is empty (0 bytes).' });
    return failed();
  }
  const binary = sniffBinary(bytes);
  if (binary) {
    sink.add('error', 'wrong-file-type', file, {}, binary);
    return failed();
  }
  const head = decodeText(bytes.subarray(0, Math.min(bytes.length, 1024))).text.trimStart();
  if (looksLikeHtml(head)) {
    sink.add('error', 'wrong-file-type', file, {}, {
      zh: '这是网页（HTML/XML）文件，不是 GeoJSON 或 CSV；可能是下载失败时保存的页面。',
      en: 'This is a web page (HTML/XML), not GeoJSON or CSV; perhaps a page saved when a download failed.',
    });
    return failed();
  }
  const looksJson = head.startsWith('{') || head.startsWith('[');
  let format: 'geojson' | 'csv' = baseName(name).endsWith('.csv') && def.csv ? 'csv' : 'geojson';
  if (format === 'csv' && looksJson) {
    sink.add('warning', 'wrong-extension', file, {}, { zh: '文件扩展名是 .csv，但内容是 JSON，已按 GeoJSON 读取。', en: 'The file is named .csv but holds JSON; read as GeoJSON.' });
    format = 'geojson';
  } else if (format === 'geojson' && !looksJson && head.length > 0) {
    if (def.csv && /[,;\t]/.test(head.split('\n')[0] ?? '')) {
      sink.add('warning', 'wrong-extension', file, {}, { zh: '文件扩展名是 .geojson，但内容像 CSV，已按 CSV 读取。', en: 'The file is named .geojson but looks like CSV; read as CSV.' });
      format = 'csv';
    } else {
      sink.add('error', 'wrong-file-type', file, {}, {
        zh: '文件内容不是 JSON（应以“{”开头）；请确认文件类型。',
        en: 'The content is not JSON (it should start with "{"); please check the file type.',
      });
      return failed();
    }
  }
  if (format === 'csv') return loadCsvColumns(def, file, bytes, sink, coordinates);

  if (bytes.length > maxJsonBytes) {
    const size = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;
    sink.add('error', 'too-large', file, {}, {
      zh: `文件过大（${size(bytes.length)}），GeoJSON 文件上限为 ${size(maxJsonBytes)}，未读取；大型点图层（如农户）请用 CSV。`,
      en: `The file is too large (${size(bytes.length)}); GeoJSON files are limited to ${size(maxJsonBytes)} and it was not read. Use CSV for large point layers such as households.`,
    });
    return failed();
  }
  const decoded = decodeText(bytes);
  if (decoded.encoding !== 'utf-8') {
    sink.add('info', 'encoding', file, {}, {
      zh: `文件编码为 ${decoded.encoding.toUpperCase()}，已自动识别。`,
      en: `The file is encoded in ${decoded.encoding.toUpperCase()}; detected automatically.`,
    });
  }
  for (const line of decoded.foreignLines ?? []) sink.add('warning', 'encoding-line', file, { row: line }, ENCODING_LINE);
  if (decoded.cutLine !== undefined) sink.add('warning', 'cut-utf8', file, { row: decoded.cutLine }, CUT_UTF8);
  if (decoded.text.trim() === '') {
    sink.add('error', 'empty-file', file, {}, { zh: '文件只有空白，没有内容。', en: 'The file holds only white space.' });
    return failed();
  }
  const parsed = parseJsonText(decoded.text);
  if (!parsed.ok && parsed.tooDeep) {
    sink.add('error', 'too-deep', file, {}, tooDeepMessage(parsed.line, parsed.column));
    return failed();
  }
  if (!parsed.ok) {
    sink.add('error', 'invalid-json', file, {}, {
      zh: `JSON 格式错误：第 ${parsed.line} 行第 ${parsed.column} 列（文件可能被截断，或有多余的逗号）。`,
      en: `Invalid JSON at line ${parsed.line}, column ${parsed.column} (the file may be truncated or have a trailing comma).`,
    });
    return failed();
  }
  if (parsed.nonFinite) {
    sink.add('warning', 'non-finite-json', file, {}, {
      zh: '文件中有 NaN 或 Infinity（不是标准 JSON），相关要素将被拒绝。',
      en: 'The file contains NaN or Infinity (not standard JSON); the features holding them are rejected.',
    });
  }
  if (parsed.bigIntegers) sink.add('info', 'big-integers', file, {}, bigIntegersMessage(parsed.bigIntegers));
  reportDuplicateKeys(decoded.text, parsed.duplicates, parsed.duplicateCount, file, sink);
  const features = featuresOf(parsed.value, file, sink);
  if (!features) return failed();
  if (features.length === 0) {
    sink.add('warning', 'no-rows', file, {}, {
      zh: 'GeoJSON 文件中没有要素（features 为空）；导入它会把该图层换成空图层。',
      en: 'The GeoJSON file has no features; importing it would replace the layer with an empty one.',
    });
  }
  const stated = coordinates?.crs || coordinates?.swapAxes ? undefined : statedGeoJsonCrs(parsed.value, file, sink);
  const coords = stated ?? coordinates;
  return def.storage === 'columns'
    ? loadColumnsFromFeatures(def, file, features, sink, coords)
    : loadGeoJsonFeatures(def, file, features, sink, coords);
}

/**
 * The CRS a GeoJSON file states in its (2008-style) `crs` member, e.g.
 * `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4545"}}`: a stated CRS wins over
 * any guess from the numbers, so a file that names its Gauss-Krüger zone is converted with that
 * zone and the user is not asked. A name that is not supported is reported and left to the guess.
 */
function statedGeoJsonCrs(root: unknown, file: string, sink: IssueSink): CoordinateOptions | undefined {
  const crs = (root as { crs?: { properties?: { name?: unknown } } } | null)?.crs;
  const name = crs?.properties?.name;
  if (typeof name !== 'string') return undefined;
  const c = crsFromName(name);
  if (!c) {
    sink.add('warning', 'unknown-crs', file, { field: 'crs' }, {
      zh: `文件说明的坐标系“${name.slice(0, 60)}”暂不支持，已根据坐标数值判断。`,
      en: `The coordinate system "${name.slice(0, 60)}" the file states is not supported; judged from the numbers.`,
    });
    return undefined;
  }
  const epsg = epsgOf(c);
  if (c.kind === 'lonlat' || epsg === null || c.kind === 'web-mercator') return undefined;
  return { crs: `EPSG:${epsg}` };
}

/**
 * Load a project from its files (a project folder, shared/DATA-CONTRACT.md): project.json for
 * name, region and params, and one file per layer. A missing layer is an empty layer; an unknown
 * file is reported as info. Never throws on bad data: the report carries every problem, with load
 * counts per layer. Pure: runs in a Web Worker and in Node.
 * @param files - the files, by name (folders in the name are ignored) and bytes
 * @param opts - default project name and its language
 * @returns the project and the validation report
 * @example
 * const { project, report } = loadProject([{ name: 'hydrants.geojson', bytes }]);
 * report.issues.map((i) => formatIssue(i, 'zh'));
 */
export function loadProject(files: readonly InputFile[], opts: LoadProjectOptions = {}): { project: Project; report: ValidationReport } {
  const steps = loadProjectSteps(files.map((f) => ({ name: f.name, size: f.bytes?.length ?? 0 })), opts);
  let step = steps.next();
  while (!step.done) step = steps.next(files[step.value.index].bytes);
  return step.value;
}

/** A file of a project whose bytes are read later ({@link loadProjectFrom}): its name and its size in bytes. */
export interface PendingFile {
  name: string;
  size: number;
}

/**
 * What the loader asks for next while it reads a project ({@link loadProjectFrom}): the file's
 * first {@link FILE_HEAD_BYTES} bytes (or all of a shorter file) to tell an OpenStreetMap extract,
 * or all its bytes; `layer` when they are read as that layer.
 */
export interface FileRequest {
  /** Index of the file in the list given to the loader. */
  index: number;
  part: 'head' | 'all';
  layer?: LayerId;
}

/** Enough of a file's first bytes to tell an OpenStreetMap extract ({@link isOsmPbf}: a length, then a header of at most 64 KiB). */
export const FILE_HEAD_BYTES = 4 + 64 * 1024;

/**
 * {@link loadProject} on files whose bytes arrive one by one (a served folder fetched file by
 * file): `read` is asked for each file's bytes only when the loader needs them, small files first,
 * so the townships are read (and `onLayer` called) while the households are still downloading —
 * and `read` may hold a big file back. Same project and report as {@link loadProject} on the same
 * bytes. `read` must give all of a file for `part: 'all'`, and for `'head'` at least its first
 * {@link FILE_HEAD_BYTES} bytes (all of them when it is shorter).
 */
export async function loadProjectFrom(
  files: readonly PendingFile[],
  read: (r: FileRequest) => Promise<Uint8Array>,
  opts: LoadProjectOptions = {},
): Promise<{ project: Project; report: ValidationReport }> {
  const steps = loadProjectSteps(files, opts);
  let step = steps.next();
  while (!step.done) step = steps.next(await read(step.value));
  return step.value;
}

/** A file as the loader works with it: from the list (`index`), or made from an OpenStreetMap extract (`bytes`). */
type LoaderFile = { name: string; size: number; index: number; bytes?: undefined } | { name: string; size: number; index?: undefined; bytes: Uint8Array };

/**
 * The loader itself, as steps: it yields what it needs to read next and is given those bytes back
 * (synchronously by {@link loadProject}, as they arrive by {@link loadProjectFrom}).
 */
function* loadProjectSteps(files: readonly PendingFile[], opts: LoadProjectOptions): Generator<FileRequest, { project: Project; report: ValidationReport }, Uint8Array> {
  const sink = new IssueSink();
  const project: Project = {
    name: opts.defaultName ?? (opts.lang === 'en' ? 'Untitled project' : '未命名项目'),
    params: {},
    layers: Object.fromEntries(LAYER_LIST.map((d) => [d.id, emptyLayer(d)])) as Record<LayerId, LayerData>,
  };
  const counts: ValidationReport['counts'] = {};
  const chosen = new Map<LayerId, { file: LoaderFile; rank: number }>();
  function* bytesOf(f: LoaderFile, layer?: LayerId): Generator<FileRequest, Uint8Array, Uint8Array> {
    return f.bytes ?? (yield { index: f.index, part: 'all', ...(layer ? { layer } : {}) });
  }

  const expanded: LoaderFile[] = [];
  for (const [index, f] of files.entries()) {
    if (JUNK.test(f.name.replace(/\\/g, '/'))) continue;
    const head = yield { index, part: 'head' };
    if (head && (isOsmPbfName(f.name) || isOsmPbf(head))) {
      const bytes = yield { index, part: 'all' };
      expanded.push(...convertOsm({ name: f.name, bytes }, sink).map((c) => ({ name: c.name, size: c.bytes.length, bytes: c.bytes })));
    } else expanded.push({ name: f.name, size: f.size, index });
  }

  // project.json `tables`: the ledgers kept in the folder as CSV (导出项目), imported again below
  let tables: Record<string, FolderTable> = {};
  const others: LoaderFile[] = [];
  for (const f of expanded) {
    const base = baseName(f.name);
    if (base === 'project.json') {
      tables = readProjectJson({ name: f.name, bytes: yield* bytesOf(f) }, project, sink);
      continue;
    }
    const m = matchLayerFile(f.name);
    if (!m) {
      others.push(f);
      continue;
    }
    const prev = chosen.get(m.def.id);
    if (prev) {
      const [keep, drop] = prev.rank <= m.rank ? [prev.file, f] : [f, prev.file];
      sink.add('warning', 'duplicate-layer-file', drop.name, {}, {
        zh: `与 ${keep.name} 是同一图层，已使用 ${keep.name}，忽略本文件。`,
        en: `Same layer as ${keep.name}; ${keep.name} was used and this file ignored.`,
      });
      if (keep === prev.file) continue;
    }
    chosen.set(m.def.id, { file: f, rank: m.rank });
  }

  for (const [name, spec] of Object.entries(tables)) {
    const f = others.find((o) => baseName(o.name) === spec.file.toLowerCase());
    if (!f) {
      sink.add('error', 'missing-ledger', spec.file, {}, {
        zh: `project.json 的 tables 列出了台账“${name}”，但文件夹中没有 ${spec.file}；该台账未导入。`,
        en: `project.json lists the ledger "${name}" in tables, but the folder has no ${spec.file}; that ledger was not imported.`,
      });
      continue;
    }
    others.splice(others.indexOf(f), 1);
    const table = readFolderLedger(name, spec, yield* bytesOf(f), sink);
    if (table) project.tables = { ...project.tables, [name]: table };
  }
  for (const f of others) {
    sink.add('info', 'unknown-file', f.name, {}, {
      zh: '不是数据规范中的文件名，已忽略。',
      en: 'Not a file name of the data contract; ignored.',
    });
  }

  let total = 0;
  for (const c of chosen.values()) total += c.file.size;
  let done = 0;
  const columnar: { def: LayerDefinition; file: string; loaded: LoadedLayer }[] = [];
  // small files first: a map can draw the county while roads and households are still being read
  const size = (def: LayerDefinition) => chosen.get(def.id)?.file.size ?? 0;
  const order = [...LAYER_LIST.filter((d) => size(d) < SMALL_FILE_BYTES), ...LAYER_LIST.filter((d) => size(d) >= SMALL_FILE_BYTES)];
  for (const def of order) {
    const c = chosen.get(def.id);
    if (!c) continue;
    const bytes = yield* bytesOf(c.file, def.id);
    const loaded = safeLoad(def, c.file.name, bytes, sink, opts.maxJsonBytes ?? MAX_JSON_BYTES, coordinateOptionsFor(opts, c.file.name));
    project.layers[def.id] = loaded.data;
    opts.onLayer?.(def.id, loaded.data);
    counts[def.id] = loaded.counts;
    if (loaded.source) columnar.push({ def, file: c.file.name, loaded });
    done += c.file.size;
    opts.onProgress?.({ file: c.file.name, fraction: total > 0 ? done / total : 1 });
  }
  const own = projectExtent(project);
  const extent = own?.from === 'townships' ? own : (opts.extent ?? own);
  if (extent) for (const c of columnar) reportOutsideExtent(c.loaded, baseName(c.file), extent, sink);
  return { project, report: { issues: sink.finish(), counts } };
}

/**
 * An OpenStreetMap extract (.osm.pbf) turned into the contract's layer files (analysis/osm-to-project.ts):
 * roads, fire_stations, hydrants, kindergartens, named `<file>/roads.geojson` … so issues still
 * name the layer file. The conversion is reported as info, its warnings as they are.
 */
function convertOsm(f: InputFile, sink: IssueSink): InputFile[] {
  const file = baseName(f.name);
  try {
    const { files, report } = osmToProject(f.bytes, { file });
    sink.add('info', 'osm-converted', file, {}, {
      zh: '这是 OpenStreetMap 数据（.osm.pbf），已转换为道路、消防站、消火栓、幼儿园图层（© OpenStreetMap 贡献者，ODbL）。',
      en: 'This is OpenStreetMap data (.osm.pbf); converted to the roads, fire stations, hydrants and kindergartens layers (© OpenStreetMap contributors, ODbL).',
    });
    for (const i of report.issues) sink.add(i.severity, i.code, i.file, { featureIndex: i.featureIndex, row: i.row, field: i.field }, i.message);
    const enc = new TextEncoder();
    return Object.entries(files)
      .filter(([name]) => name !== 'project.json')
      .map(([name, text]) => ({ name: `${f.name}/${name}`, bytes: enc.encode(text) }));
  } catch (err) {
    const why = osmReadFailure(err);
    sink.add('error', 'unreadable', file, {}, {
      zh: `无法读取 OpenStreetMap 文件：${why.zh}。`,
      en: `The OpenStreetMap file could not be read (${why.en}).`,
    });
    return [];
  }
}

function coordinateOptionsFor(opts: LoadProjectOptions, name: string): CoordinateOptions | undefined {
  if (!opts.coordinates) return undefined;
  const base = baseName(name);
  for (const [k, v] of Object.entries(opts.coordinates)) if (baseName(k) === base) return v;
  return undefined;
}

/** What is said of integers read as text because a double does not hold all their digits. */
export function bigIntegersMessage(b: { count: number; first: string }): I18nText {
  return {
    zh: `文件中有 ${b.count} 个整数超过 15 位（如 ${b.first}），超出数字的精确范围，已按文字读取以保留全部数字。`,
    en: `The file has ${b.count} integers longer than 15 digits (e.g. ${b.first}), beyond what a number holds exactly; read as text to keep every digit.`,
  };
}

function readProjectJson(f: InputFile, project: Project, sink: IssueSink): Record<string, FolderTable> {
  const file = baseName(f.name);
  const text = decodeText(f.bytes).text;
  if (text.trim() === '') {
    sink.add('warning', 'empty-file', file, {}, { zh: 'project.json 是空的，已使用默认设置。', en: 'project.json is empty; defaults used.' });
    return {};
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok && parsed.tooDeep) {
    sink.add('error', 'too-deep', file, {}, tooDeepMessage(parsed.line, parsed.column));
    return {};
  }
  if (parsed.ok) reportDuplicateKeys(text, parsed.duplicates, parsed.duplicateCount, file, sink);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    const where = parsed.ok ? null : parsed;
    sink.add('error', parsed.ok ? 'bad-project-json' : 'invalid-json', file, {}, where
      ? { zh: `JSON 格式错误：第 ${where.line} 行第 ${where.column} 列；已使用默认设置。`, en: `Invalid JSON at line ${where.line}, column ${where.column}; defaults used.` }
      : { zh: 'project.json 应是一个对象（{"name": …, "region": …, "params": {…}}）；已使用默认设置。', en: 'project.json should be an object ({"name": …, "region": …, "params": {…}}); defaults used.' });
    return {};
  }
  const o = parsed.value as Record<string, unknown>;
  reportUnknownMembers(o, file, sink);
  if (typeof o.name === 'string' && o.name.trim()) project.name = o.name.trim();
  if (typeof o.region === 'string' && o.region.trim()) project.region = o.region.trim();
  // written as a number ("region": 130634, as a script or Excel may write it): the same code. It
  // was dropped without a word, and since session 16 HYD-06 is n/a for a project without one.
  else if (typeof o.region === 'number' && Number.isSafeInteger(o.region) && o.region > 0) project.region = String(o.region);
  else if (o.region !== undefined && o.region !== null && o.region !== '') {
    sink.add('warning', 'bad-region', file, { field: 'region' }, { zh: 'region 应是行政区划代码（如 "130634"），已忽略。', en: 'region should be a region code (such as "130634"); ignored.' });
  }
  if (o.imports && typeof o.imports === 'object' && !Array.isArray(o.imports)) project.imports = readImportMemory(o.imports as Record<string, unknown>);
  if (o.params !== undefined && (!o.params || typeof o.params !== 'object' || Array.isArray(o.params))) {
    // only params is ignored: the scenarios after it are read (a return here dropped them without a word)
    sink.add('warning', 'bad-params', file, { field: 'params' }, { zh: 'params 应是一个对象，已忽略。', en: 'params should be an object; ignored.' });
  } else if (o.params !== undefined) {
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o.params as Record<string, unknown>)) {
      if (UNSAFE_KEYS.has(k)) {
        sink.add('warning', 'unsafe-key', file, { field: k }, { zh: `参数名“${k}”不安全，已忽略。`, en: `Parameter name "${k}" is unsafe; ignored.` });
        continue;
      }
      params[k] = v;
    }
    project.params = params;
  }
  if (o.scenarios !== undefined) {
    const { scenarios, problems } = parseScenarios(o.scenarios);
    for (const p of problems) sink.add('warning', 'bad-scenario', file, { field: p.index === null ? 'scenarios' : `scenarios.list[${p.index}].${p.field}` }, p.message);
    if (scenarios) project.scenarios = scenariosReadAsLayers(scenarios);
  }
  return o.tables === undefined ? {} : readTablesMember(o.tables, file, sink);
}


/** The members of project.json this version reads (`attribution` is written by import-osm and kept; `tables` by 导出项目, layers/load/ledger/folder-ledgers.ts). */
const PROJECT_MEMBERS = ['name', 'region', 'params', 'scenarios', 'imports', 'tables', 'attribution'];

/**
 * A member of project.json this version does not read is a warning naming it, with the member it
 * may mean (`Params`, `parameters`, `scenario`): a misspelt `params` left every parameter at its
 * default without a word. It may also come from a newer version, which the message says.
 */
function reportUnknownMembers(o: Record<string, unknown>, file: string, sink: IssueSink): void {
  for (const key of Object.keys(o)) {
    if (PROJECT_MEMBERS.includes(key)) continue;
    const k = key.toLowerCase().trim();
    const near = PROJECT_MEMBERS.find((m) => m === k || m === `${k}s` || `${m}s` === k || (k.length >= 5 && (m.startsWith(k.slice(0, 5)) || k.startsWith(m.slice(0, 5)))));
    sink.add('warning', 'unknown-member', file, { field: key }, {
      zh: `project.json 中的“${key}”本版本不读取，已忽略${near ? `；是否应为“${near}”？` : '。'}（若文件由更新的版本写入，请用该版本打开。）`,
      en: `This version does not read "${key}" in project.json; it is ignored.${near ? ` Did you mean "${near}"?` : ''} (If a newer version wrote the file, open it with that version.)`,
    });
  }
}

/** The `imports` member of project.json, keeping only well-formed entries (never unsafe keys). */
function readImportMemory(o: Record<string, unknown>): Record<string, ImportMemory> {
  const out: Record<string, ImportMemory> = {};
  const ids = new Set<string>(LAYER_LIST.map((d) => d.id));
  for (const [file, v] of Object.entries(o)) {
    if (UNSAFE_KEYS.has(file) || !v || typeof v !== 'object' || Array.isArray(v)) continue;
    const m = v as Record<string, unknown>;
    const r: ImportMemory = {};
    if (typeof m.layer === 'string' && ids.has(m.layer)) r.layer = m.layer as LayerId;
    if (m.mode === 'add' || m.mode === 'replace') r.mode = m.mode;
    if (typeof m.crs === 'string' && m.crs.length < 40) r.crs = m.crs;
    if (m.offset === 'gcj02' || m.offset === 'bd09' || m.offset === 'none') r.offset = m.offset;
    if (typeof m.encoding === 'string' && m.encoding.length < 40) r.encoding = m.encoding;
    out[file] = r;
  }
  return out;
}

function tooDeepMessage(line: number, column: number): I18nText {
  return {
    zh: `JSON 嵌套超过 ${MAX_JSON_DEPTH} 层（第 ${line} 行第 ${column} 列），不是正常的 GeoJSON，文件未读取。`,
    en: `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep (line ${line}, column ${column}); that is not ordinary GeoJSON, and the file was not read.`,
  };
}

/**
 * A key written twice in one object: JSON.parse keeps the last value and drops the others without
 * a word, so a household's `persons` written 3 then 30 silently becomes 30. Reported (warning) with
 * the feature and the field (`properties.x` → field x; deeper keys as a dotted path) and the line.
 */
function reportDuplicateKeys(text: string, dups: DuplicateKey[], total: number, file: string, sink: IssueSink): void {
  if (total === 0) return;
  const lines = lineNumbers(text, dups.map((d) => d.offset));
  dups.forEach((d, k) => {
    const loc: { featureIndex?: number; field: string } = { field: [...d.path, d.key].join('.') };
    if (d.path[0] === 'features' && typeof d.path[1] === 'number') {
      loc.featureIndex = d.path[1];
      const rest = d.path.slice(2);
      loc.field = rest.length === 1 && rest[0] === 'properties' ? d.key : [...rest, d.key].join('.');
    }
    sink.add('warning', 'duplicate-key', file, loc, {
      zh: `键“${d.key}”在同一个对象中出现了不止一次（第 ${lines[k]} 行是重复的那次）；JSON 只保留最后一个值，前面的值被丢弃，请核对。`,
      en: `The key "${d.key}" appears more than once in the same object (the repeat is on line ${lines[k]}); JSON keeps only the last value and drops the earlier ones. Please check.`,
    });
  });
  // Only the first duplicates are kept with their place; the rest still count in the summary.
  const unplaced = { zh: '重复的键（位置未记录）。', en: 'A duplicate key (place not recorded).' };
  for (let k = dups.length; k < total; k++) sink.add('warning', 'duplicate-key', file, {}, unplaced);
}

/** A lon/lat box and what it was taken from. */
export interface ProjectExtent {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  from: 'townships' | 'layers';
}
type Extent = ProjectExtent;

/** About 1 km in degrees: points this close outside the extent are not reported. */
const EXTENT_MARGIN_DEG = 0.01;

/**
 * The project's extent: the townships' bounding box, or when there are no townships the union of
 * the other GeoJSON layers' boxes; null when no layer has a position. Never recursive.
 */
export function projectExtent(project: Pick<Project, 'layers'>): Extent | null {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  const add = (p: unknown): void => {
    const q = p as number[];
    if (q[0] < box.minLon) box.minLon = q[0];
    if (q[0] > box.maxLon) box.maxLon = q[0];
    if (q[1] < box.minLat) box.minLat = q[1];
    if (q[1] > box.maxLat) box.maxLat = q[1];
  };
  const addLayer = (layer: LayerData): void => {
    if (layer.kind !== 'geojson') return;
    for (const f of layer.data.features) {
      const g = f.geometry as { type: string; coordinates: unknown } | null;
      if (!g) continue;
      // Loaded geometries are checked: Point, LineString/Polygon (one level of lists), Multi* (two).
      const depth = g.type === 'Point' ? 0 : g.type === 'LineString' ? 1 : g.type === 'Polygon' || g.type === 'MultiLineString' ? 2 : 3;
      if (depth === 0) add(g.coordinates);
      else if (depth === 1) for (const p of g.coordinates as unknown[]) add(p);
      else if (depth === 2) for (const l of g.coordinates as unknown[][]) for (const p of l) add(p);
      else for (const poly of g.coordinates as unknown[][][]) for (const l of poly) for (const p of l) add(p);
    }
  };
  addLayer(project.layers.townships);
  let from: Extent['from'] = 'townships';
  if (!Number.isFinite(box.minLon)) {
    from = 'layers';
    for (const def of LAYER_LIST) if (def.id !== 'townships') addLayer(project.layers[def.id]);
  }
  return Number.isFinite(box.minLon) ? { ...box, from } : null;
}

/**
 * Rows of a columnar layer (households) outside the project's extent, each reported (warning,
 * kept): a household 300 km away is most likely a typing error in its coordinates, and it would
 * still count in every per-county figure.
 */
function reportOutsideExtent(loaded: LoadedLayer, file: string, e: Extent, sink: IssueSink): void {
  const d = loaded.data;
  if (d.kind !== 'columns' || !loaded.source) return;
  const m = EXTENT_MARGIN_DEG;
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const box = `${r2(e.minLon)}°–${r2(e.maxLon)}°E, ${r2(e.minLat)}°–${r2(e.maxLat)}°N`;
  const what = e.from === 'townships' ? { zh: '乡镇界的外包框', en: "the townships' bounding box" } : { zh: '各图层范围的合并外包框', en: "the union of the layers' bounding boxes" };
  for (let r = 0; r < d.count; r++) {
    const x = d.lon[r];
    const y = d.lat[r];
    if (Number.isNaN(x)) continue;
    const lonOut = x < e.minLon - m || x > e.maxLon + m;
    const latOut = y < e.minLat - m || y > e.maxLat + m;
    if (!lonOut && !latOut) continue;
    const at = loaded.source[r];
    const loc = loaded.sourceKind === 'row' ? { row: at, field: lonOut ? 'lon' : 'lat' } : { featureIndex: at, field: lonOut ? 'lon' : 'lat' };
    sink.add('warning', 'outside-project', file, loc, {
      zh: `编号 ${d.ids[r]} 的位置（${x}, ${y}）在项目范围（${what.zh} ${box}，外扩约 1 km）之外；已加载，但坐标可能有误，请核对。`,
      en: `The position of ${d.ids[r]} (${x}, ${y}) lies outside the project's extent (${what.en}, ${box}, plus about 1 km); it was loaded, but its coordinates may be wrong. Please check.`,
    });
  }
}
