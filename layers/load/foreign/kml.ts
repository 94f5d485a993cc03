import type { ForeignFeature, ForeignFile, ForeignIssue, ForeignLayer, ForeignReadResult } from './types.ts';
import type { ForeignReader } from './index.ts';
import { decodeXmlBytes, scanXml, XmlError } from './xml.ts';
import { unzipEntries, ZipError } from './unzip.ts';

/** Limits of {@link readKml}. */
export interface KmlLimits {
  /** Inflated bytes of the KML inside a KMZ. */
  maxBytes: number;
  /** Entries in a KMZ. */
  maxEntries: number;
  /** Element nesting. */
  maxDepth: number;
  /** Placemarks in one file. */
  maxPlacemarks: number;
}

/** The limits used when none are given: far above any 奥维 or Google Earth export, far below what hurts. */
export const KML_LIMITS: KmlLimits = { maxBytes: 256 * 1024 * 1024, maxEntries: 10_000, maxDepth: 100, maxPlacemarks: 2_000_000 };

type Simple = { type: 'Point'; coordinates: number[] } | { type: 'LineString'; coordinates: number[][] } | { type: 'Polygon'; coordinates: number[][][] };

interface Placemark {
  index: number;
  folder: string[];
  name: string | null;
  description: string | null;
  ext: { key: string; value: string; schema: string | null }[];
  geoms: Simple[];
}

const NUMERIC_TYPES = new Set(['int', 'uint', 'short', 'ushort', 'float', 'double']);

/** True when the bytes are a zip (a KMZ) rather than KML text. */
function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b;
}

function stem(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Read a KML or KMZ file (奥维互动地图, Google Earth): one layer per folder path holding
 * placemarks (placemarks outside any folder form a layer named after the file), each placemark a
 * feature with its `name`, its `description` as plain text (never HTML), its ExtendedData fields
 * (`Data`/`value` as text, `SchemaData`/`SimpleData` typed by the document's `Schema`), and a
 * `folder` attribute with the folder path. Point, LineString, Polygon (outer and inner rings),
 * MultiGeometry and gx:Track are read; altitudes are dropped. A KMZ is a zip: its `doc.kml`, or
 * else its first `.kml`, is read.
 *
 * KML coordinates are WGS 84 lon/lat by definition, so the CRS is stated as such; 奥维 exports can
 * in fact be GCJ-02, which the import step checks.
 *
 * Never throws for a bad file: a file that cannot be read at all gives no layers and one error.
 *
 * @param file - the picked file
 * @param limits - size limits (default {@link KML_LIMITS})
 * @returns the layers and the issues met
 * @example
 * readKml({ name: '标注.kmz', bytes }).layers[0].features[0].properties.name; // "1号消防栓"
 */
export function readKml(file: ForeignFile, limits: KmlLimits = KML_LIMITS): ForeignReadResult {
  const issues: ForeignIssue[] = [];
  const fatal = (code: string, zh: string, en: string): ForeignReadResult => ({
    layers: [],
    issues: [...issues, { severity: 'error', code, file: file.name, message: { zh: `${file.name}：${zh}`, en: `${file.name}: ${en}` } }],
  });
  let bytes = file.bytes;
  let source = file.name;
  if (isZip(bytes)) {
    let entries: { names: string[]; files: Map<string, Uint8Array> };
    try {
      entries = unzipEntries(bytes, (n) => /\.kml$/i.test(n) && !n.startsWith('__MACOSX/'), limits);
    } catch (err) {
      if (err instanceof ZipError) return fatal('kmz-zip', err.reason.zh, err.reason.en);
      throw err;
    }
    const kmls = entries.names.filter((n) => entries.files.has(n));
    const pick = kmls.find((n) => n.toLowerCase() === 'doc.kml') ?? kmls[0];
    if (!pick) return fatal('kmz-no-kml', 'KMZ 压缩包里没有 .kml 文件', 'the KMZ archive holds no .kml file');
    if (kmls.length > 1) {
      issues.push({
        severity: 'info',
        code: 'kmz-several-kml',
        file: file.name,
        message: { zh: `${file.name}：压缩包内有 ${kmls.length} 个 .kml 文件，只读取了“${pick}”`, en: `${file.name}: the archive holds ${kmls.length} .kml files; only "${pick}" was read` },
      });
    }
    bytes = entries.files.get(pick)!;
    source = `${file.name}/${pick}`;
  }
  const { text, encoding, fellBack } = decodeXmlBytes(bytes);
  if (fellBack) {
    issues.push({
      severity: 'warning',
      code: 'kml-encoding',
      file: source,
      message: { zh: `${source}：文件声明为 UTF-8，但内容不是 UTF-8，已按 GBK 读取，请核对中文`, en: `${source}: the file says UTF-8 but is not; it was read as GBK, please check the Chinese text` },
    });
  }
  let marks: Placemark[];
  let schemas: Map<string, Map<string, string>>;
  try {
    ({ marks, schemas } = parseKml(text, source, issues, limits));
  } catch (err) {
    if (err instanceof XmlError) return fatal('kml-xml', `无法读取 KML：${err.reason.zh}`, `cannot read the KML: ${err.reason.en}`);
    throw err;
  }
  return { layers: toLayers(marks, schemas, file.name, source, encoding, issues), issues };
}

function parseKml(text: string, source: string, issues: ForeignIssue[], limits: KmlLimits): { marks: Placemark[]; schemas: Map<string, Map<string, string>> } {
  const marks: Placemark[] = [];
  const schemas = new Map<string, Map<string, string>>();
  const stack: string[] = [];
  const folders: { name: string }[] = [];
  let sawKml = false;
  let cur: Placemark | null = null;
  let capture: string[] | null = null;
  let captureDepth = 0;
  const startCapture = () => {
    capture = [];
    captureDepth = stack.length;
  };
  let dataName: string | null = null;
  let schemaData: string | null = null;
  let schema: Map<string, string> | null = null;
  let polygon: number[][][] | null = null;
  let ringRole: 'outer' | 'inner' | null = null;
  let track: number[][] | null = null;
  const parent = () => stack[stack.length - 2];
  const problem = (severity: ForeignIssue['severity'], code: string, zh: string, en: string) => {
    const where = cur ? `第 ${cur.index + 1} 个地标${cur.name ? `“${cur.name}”` : ''}` : '';
    const whereEn = cur ? `placemark ${cur.index + 1}${cur.name ? ` "${cur.name}"` : ''}` : '';
    issues.push({ severity, code, file: source, featureIndex: cur?.index, field: 'coordinates', message: { zh: `${source}，${where}：${zh}`, en: `${source}, ${whereEn}: ${en}` } });
  };
  const coords = (s: string): number[][] | null => {
    const tuples = s.trim().replace(/\s*,\s*/g, ',').split(/\s+/).filter((t) => t !== '');
    const out: number[][] = [];
    for (const t of tuples) {
      const p = t.split(',');
      const x = Number(p[0]);
      const y = Number(p[1]);
      if (p.length < 2 || p[0] === '' || p[1] === '' || !Number.isFinite(x) || !Number.isFinite(y)) {
        problem('error', 'kml-coordinates', `坐标“${t.slice(0, 40)}”不是“经度,纬度”数字`, `the coordinate "${t.slice(0, 40)}" is not "lon,lat" numbers`);
        return null;
      }
      out.push([x, y]);
    }
    return out;
  };
  const ring = (pts: number[][]): number[][] | null => {
    const distinct = new Set(pts.map((p) => `${p[0]},${p[1]}`)).size;
    if (distinct < 3) {
      problem('error', 'kml-ring-points', `多边形的一个环只有 ${distinct} 个不同的点（至少要 3 个），已舍弃`, `a polygon ring has only ${distinct} distinct point(s) (3 needed); dropped`);
      return null;
    }
    const a = pts[0];
    const b = pts[pts.length - 1];
    if (a[0] !== b[0] || a[1] !== b[1]) {
      // as GeoJSON and Shapefile rings (BAD-INPUTS #8): a missing closing point may be a lost vertex, so the ring is not guessed
      problem('error', 'kml-ring-open', '多边形的环没有闭合（首尾点不同），无法自动修复，已舍弃', 'a polygon ring is not closed (first and last points differ): it cannot be repaired automatically; dropped');
      return null;
    }
    return pts;
  };
  scanXml(
    text,
    {
      open(qname, attrs) {
        const name = qname.slice(qname.indexOf(':') + 1);
        stack.push(name);
        if (stack.length === 1) sawKml = name === 'kml';
        switch (name) {
          case 'Folder':
            folders.push({ name: '' });
            break;
          case 'Placemark':
            if (marks.length >= limits.maxPlacemarks) {
              throw new XmlError({ zh: `地标超过 ${limits.maxPlacemarks} 个，不予读取`, en: `more than ${limits.maxPlacemarks} placemarks; refused` }, 0);
            }
            cur = { index: marks.length, folder: folders.map((f) => f.name || '(未命名)'), name: null, description: null, ext: [], geoms: [] };
            break;
          case 'name':
            if (parent() === 'Folder' || parent() === 'Placemark') startCapture();
            break;
          case 'description':
            if (parent() === 'Placemark') startCapture();
            break;
          case 'Schema':
            schema = new Map();
            schemas.set(attrs.id ?? attrs.name ?? '', schema);
            break;
          case 'SimpleField':
            if (schema && attrs.name) schema.set(attrs.name, (attrs.type ?? 'string').toLowerCase());
            break;
          case 'Data':
            dataName = attrs.name ?? null;
            break;
          case 'value':
            if (cur && dataName !== null) startCapture();
            break;
          case 'SchemaData':
            schemaData = (attrs.schemaUrl ?? '').replace(/^.*#/, '');
            break;
          case 'SimpleData':
            dataName = attrs.name ?? null;
            if (cur && dataName !== null) startCapture();
            break;
          case 'coordinates':
          case 'coord':
            if (cur) startCapture();
            break;
          case 'Polygon':
            if (cur) polygon = [];
            break;
          case 'outerBoundaryIs':
            ringRole = 'outer';
            break;
          case 'innerBoundaryIs':
            ringRole = 'inner';
            break;
          case 'Track':
            if (cur) track = [];
            break;
        }
      },
      close(qname) {
        const name = qname.slice(qname.indexOf(':') + 1);
        const got = capture && stack.length === captureDepth ? capture.join('') : null;
        const par = parent();
        stack.pop();
        switch (name) {
          case 'Folder':
            folders.pop();
            return;
          case 'Placemark':
            if (cur) marks.push(cur);
            cur = null;
            return;
          case 'Schema':
            schema = null;
            return;
          case 'SchemaData':
            schemaData = null;
            return;
          case 'Data':
            dataName = null;
            return;
          case 'outerBoundaryIs':
          case 'innerBoundaryIs':
            ringRole = null;
            return;
          case 'Polygon':
            if (cur && polygon) {
              if (polygon.length > 0 && polygon[0].length > 0) cur.geoms.push({ type: 'Polygon', coordinates: polygon });
              else problem('error', 'kml-polygon', '多边形没有可用的外环，已舍弃', 'the polygon has no usable outer ring; dropped');
            }
            polygon = null;
            return;
          case 'Track':
            if (cur && track) {
              if (track.length >= 2) cur.geoms.push({ type: 'LineString', coordinates: track });
              else problem('error', 'kml-line', `轨迹只有 ${track.length} 个点（至少要 2 个）`, `a track has ${track.length} point(s) (2 needed)`);
            }
            track = null;
            return;
        }
        if (got === null) return;
        capture = null;
        switch (name) {
          case 'name':
            if (par === 'Placemark' && cur) cur.name = got.trim();
            else if (par === 'Folder' && folders.length > 0) folders[folders.length - 1].name = got.trim();
            return;
          case 'description':
            if (cur) cur.description = got;
            return;
          case 'value':
            if (cur && dataName !== null) cur.ext.push({ key: dataName, value: got, schema: null });
            return;
          case 'SimpleData':
            if (cur && dataName !== null) cur.ext.push({ key: dataName, value: got, schema: schemaData });
            dataName = null;
            return;
          case 'coord': {
            const p = got.trim().split(/\s+/).map(Number);
            if (track && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])) track.push([p[0], p[1]]);
            else if (track) problem('error', 'kml-coordinates', `轨迹点“${got.trim().slice(0, 40)}”不是“经度 纬度”数字`, `the track point "${got.trim().slice(0, 40)}" is not "lon lat" numbers`);
            return;
          }
          case 'coordinates': {
            if (!cur) return;
            const pts = coords(got);
            if (!pts) return;
            if (par === 'Point') {
              if (pts.length !== 1) problem('error', 'kml-point', `点有 ${pts.length} 个坐标（应为 1 个）`, `a Point has ${pts.length} coordinates (1 expected)`);
              else cur.geoms.push({ type: 'Point', coordinates: pts[0] });
            } else if (par === 'LineString') {
              if (pts.length < 2) problem('error', 'kml-line', `线只有 ${pts.length} 个点（至少要 2 个）`, `a LineString has ${pts.length} point(s) (2 needed)`);
              else cur.geoms.push({ type: 'LineString', coordinates: pts });
            } else if (par === 'LinearRing' && polygon) {
              const r = ring(pts);
              if (r && ringRole === 'inner') polygon.push(r);
              else if (r) polygon.unshift(r);
              else if (ringRole !== 'inner') polygon.unshift([]);
            }
            return;
          }
        }
      },
      text(s) {
        if (capture) capture.push(s);
      },
    },
    { maxDepth: limits.maxDepth },
  );
  if (!sawKml) throw new XmlError({ zh: '这不是 KML 文件（根元素不是 <kml>）', en: 'this is not KML (the root element is not <kml>)' }, 0);
  return { marks, schemas };
}

function toLayers(marks: Placemark[], schemas: Map<string, Map<string, string>>, fileName: string, source: string, encoding: string, issues: ForeignIssue[]): ForeignLayer[] {
  const groups = new Map<string, Placemark[]>();
  for (const m of marks) {
    const key = m.folder.join('/');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(m);
  }
  const layers: ForeignLayer[] = [];
  for (const [path, group] of groups) {
    const fields: string[] = [];
    const seen = new Set<string>();
    const addField = (f: string) => {
      if (!seen.has(f)) {
        seen.add(f);
        fields.push(f);
      }
    };
    if (group.some((m) => m.name !== null)) addField('name');
    if (group.some((m) => m.description !== null)) addField('description');
    for (const m of group) for (const e of m.ext) addField(e.key);
    if (path !== '') addField('folder');
    const features: ForeignFeature[] = [];
    for (const m of group) {
      const props: Record<string, string | number | boolean | null> = {};
      for (const f of fields) props[f] = null;
      if (seen.has('name')) props.name = m.name;
      if (seen.has('description')) props.description = m.description;
      for (const e of m.ext) props[e.key] = typed(e.value, e.schema === null ? undefined : schemas.get(e.schema)?.get(e.key));
      if (path !== '') props.folder = path;
      for (const geometry of combine(m, source, issues)) features.push({ type: 'Feature', geometry, properties: { ...props } });
    }
    const kinds = new Set(features.map((f) => (f.geometry ? f.geometry.type.replace(/^Multi/, '') : 'None')));
    const geometry: ForeignLayer['geometry'] = kinds.size === 1 ? ([...kinds][0] as ForeignLayer['geometry']) : kinds.size === 0 ? 'None' : 'Mixed';
    layers.push({
      source: path === '' ? source : `${fileName}/${path}`,
      name: path === '' ? stem(fileName) : path,
      geometry,
      features,
      fields,
      crs: { kind: 'lonlat', datum: 'WGS84' },
      encoding,
    });
  }
  return layers;
}

function typed(value: string, type: string | undefined): string | number | boolean | null {
  if (type === undefined || type === 'string') return value;
  const t = value.trim();
  if (t === '') return null;
  if (NUMERIC_TYPES.has(type)) {
    const n = Number(t);
    return Number.isFinite(n) ? n : value;
  }
  if (type === 'bool') {
    if (t === '1' || t.toLowerCase() === 'true') return true;
    if (t === '0' || t.toLowerCase() === 'false') return false;
  }
  return value;
}

/** A placemark's geometries as GeoJSON: one, a Multi* of one kind, or one feature per kind. */
function combine(m: Placemark, source: string, issues: ForeignIssue[]): ({ type: string; coordinates: unknown } | null)[] {
  const geoms = m.geoms.filter((g) => g.type !== 'Polygon' || (g.coordinates.length > 0 && g.coordinates[0].length > 0));
  if (geoms.length === 0) return [null];
  if (geoms.length === 1) return [geoms[0]];
  const byKind = new Map<string, Simple[]>();
  for (const g of geoms) {
    let k = byKind.get(g.type);
    if (!k) byKind.set(g.type, (k = []));
    k.push(g);
  }
  if (byKind.size > 1) {
    issues.push({
      severity: 'warning',
      code: 'kml-mixed-geometry',
      file: source,
      featureIndex: m.index,
      message: {
        zh: `${source}，第 ${m.index + 1} 个地标${m.name ? `“${m.name}”` : ''}：MultiGeometry 混有点、线、面，已按类型拆成 ${byKind.size} 个要素`,
        en: `${source}, placemark ${m.index + 1}${m.name ? ` "${m.name}"` : ''}: the MultiGeometry mixes points, lines and polygons; split into ${byKind.size} features by kind`,
      },
    });
  }
  return [...byKind.entries()].map(([kind, list]) => (list.length === 1 ? list[0] : { type: `Multi${kind}`, coordinates: list.map((g) => g.coordinates) }));
}

/** The KML/KMZ reader for the import step's registry. */
export const kmlReader: ForeignReader = {
  extensions: ['.kml', '.kmz'],
  read: (files) => mergeResults(files.map((f) => readKml(f))),
};

/** Several files' results as one. */
export function mergeResults(results: ForeignReadResult[]): ForeignReadResult {
  return { layers: results.flatMap((r) => r.layers), issues: results.flatMap((r) => r.issues) };
}
