import type { Feature, Geometry } from 'geojson';
import type { FieldDef, GeoJsonLayerData, I18nText, LayerDefinition, LayerLoadCounts, LoadedProperties } from '../types.ts';
import { crsMessage, guessCrs, inChina, inLonLatRange, type CrsGuess } from './crs.ts';
import { FieldReader, UNSAFE_KEYS } from './fields.ts';
import { coordinateFix, fixGeometry, type CoordinateOptions } from './coordinate-fix.ts';
import { checkGeometry, firstPosition, type GeometryCheck, type GeometryRejection } from './geometry.ts';
import type { IssueSink } from './issues.ts';
import { StringSet } from './string-set.ts';

/** One feature after geometry and property checks, before it is stored. */
export interface CheckedFeature {
  index: number;
  geometry: Geometry | null;
  properties: LoadedProperties;
  /** Property keys not in the schema. */
  extra: string[];
}

const GEOMETRY_NAMES: Record<string, I18nText> = {
  Point: { zh: '点', en: 'Point' },
  LineString: { zh: '线', en: 'LineString' },
  Polygon: { zh: '面', en: 'Polygon' },
};

const REJECT_MESSAGES: Record<GeometryRejection, (detail: string | undefined, def: LayerDefinition) => I18nText> = {
  'wrong-geometry': (d, def) =>
    d === undefined
      ? {
          zh: `几何没有类型（geometry 不是带 type 的对象），该图层要求${GEOMETRY_NAMES[def.geometry].zh}（${def.geometry} 或 Multi${def.geometry}）；该要素未加载。`,
          en: `The geometry has no type (it is not an object with a "type"); this layer needs ${def.geometry} or Multi${def.geometry}. The feature was not loaded.`,
        }
      : {
          zh: `几何类型为 ${d}，该图层要求${GEOMETRY_NAMES[def.geometry].zh}（${def.geometry} 或 Multi${def.geometry}）；该要素未加载。`,
          en: `Geometry type is ${d}; this layer needs ${def.geometry} or Multi${def.geometry}. The feature was not loaded.`,
        },
  'empty-geometry': () => ({ zh: '几何坐标为空，已跳过该要素。', en: 'The geometry has no coordinates; the feature was skipped.' }),
  'bad-coordinate': () => ({
    zh: '坐标中有空值、NaN、无穷大或非数字，该要素未加载。',
    en: 'A coordinate is null, NaN, infinite or not a number; the feature was not loaded.',
  }),
  'unclosed-ring': () => ({
    zh: '面的边界环未闭合（首尾点不同），无法自动修复，该要素未加载。',
    en: 'A polygon ring is not closed (first and last positions differ); it cannot be repaired automatically, so the feature was not loaded.',
  }),
  'short-ring': (d) => ({
    zh: `面的边界环只有 ${d} 个点（至少需要 4 个，含闭合点），该要素未加载。`,
    en: `A polygon ring has only ${d} positions (at least 4, including the closing one); the feature was not loaded.`,
  }),
  'zero-area': () => ({
    zh: '面的面积为零（外环的所有顶点在一条直线上），该要素未加载。',
    en: 'The polygon has zero area (all vertices of its outer ring lie on one line); the feature was not loaded.',
  }),
  'short-line': () => ({ zh: '线至少需要 2 个不同的点，该要素未加载。', en: 'A line needs at least 2 distinct positions; the feature was not loaded.' }),
  'multi-point': (d) => ({
    zh: `MultiPoint 含 ${d} 个点；一个设施只能是一个点，该要素未加载。`,
    en: `MultiPoint with ${d} points; a facility must be a single point. The feature was not loaded.`,
  }),
};

/** How many rows or features a per-file summary names (the first ones). */
export const FIRST_NAMED = 5;

/** Counters of quiet repairs, reported once per file. */
interface RepairCounts {
  rewound: number;
  deduped: number;
  mDropped: number;
  stringCoords: number;
  outsideChina: number;
  /** 0-based indices of the first features outside China's box, to name them. */
  outsideFirst: number[];
}

/** Top-level GeoJSON turned into a list of features, or null (reported) when it is not GeoJSON. */
export function featuresOf(root: unknown, file: string, sink: IssueSink): unknown[] | null {
  if (root && typeof root === 'object' && !Array.isArray(root)) {
    const o = root as { type?: unknown; features?: unknown; coordinates?: unknown };
    if (o.type === 'FeatureCollection' && Array.isArray(o.features)) return o.features;
    if (o.type === 'Feature') return [root];
    if (typeof o.type === 'string' && (Array.isArray(o.coordinates) || o.type === 'GeometryCollection')) {
      sink.add('info', 'bare-geometry', file, {}, {
        zh: '文件只含一个几何对象（没有属性），已作为一个要素读取。',
        en: 'The file holds a bare geometry (no properties); it was read as one feature.',
      });
      return [{ type: 'Feature', geometry: root, properties: {} }];
    }
  }
  sink.add('error', 'not-geojson', file, {}, {
    zh: '文件是有效的 JSON，但不是 GeoJSON（需要 "type": "FeatureCollection" 和 "features" 数组）。',
    en: 'The file is valid JSON but not GeoJSON (it needs "type": "FeatureCollection" and a "features" array).',
  });
  return null;
}

/**
 * Check every feature of a GeoJSON layer file: coordinate system, geometry, properties. Calls
 * `accept` for each feature that loads; reports the rest. Used for GeoJSON and columnar storage.
 * @returns the load counts for the file
 */
export function checkFeatures(
  def: LayerDefinition,
  file: string,
  features: unknown[],
  sink: IssueSink,
  accept: (f: CheckedFeature) => void,
  coordinates?: CoordinateOptions,
): LayerLoadCounts {
  const counts: LayerLoadCounts = { read: features.length, loaded: 0, rejected: 0, unlocated: 0 };
  const repairs: RepairCounts = { rewound: 0, deduped: 0, mDropped: 0, stringCoords: 0, outsideChina: 0, outsideFirst: [] };
  const reader = new FieldReader(def, file, sink);
  let guess = guessFileCrs(features);
  const fix = coordinateFix(coordinates, guess, file, sink);
  if (fix) {
    let n = 0;
    for (const f of features) n += fixGeometry((f as { geometry?: unknown } | null)?.geometry, fix);
    sink.add('info', 'converted-coordinates', file, {}, fix.done(n));
    guess = guessFileCrs(features);
  }
  let crsRejected = 0;

  for (let i = 0; i < features.length; i++) {
    const loc = { featureIndex: i };
    const f = features[i] as { type?: unknown; geometry?: unknown; properties?: unknown; id?: unknown } | null;
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      counts.rejected++;
      sink.add('error', 'not-feature', file, loc, { zh: '不是 GeoJSON 要素（Feature），未加载。', en: 'Not a GeoJSON Feature; not loaded.' });
      continue;
    }
    if (guess.kind !== 'lonlat' && f.geometry) {
      const p = firstPosition(f.geometry);
      if (p && (guess.kind === 'swapped' ? inChina(p[1], p[0]) && !inChina(p[0], p[1]) : !inLonLatRange(p[0], p[1]))) {
        counts.rejected++;
        crsRejected++;
        continue;
      }
    }
    const g = checkGeometry(f.geometry, def.geometry);
    if (g.reject) {
      counts.rejected++;
      const severity = g.reject === 'empty-geometry' ? 'warning' : 'error';
      sink.add(severity, g.reject, file, loc, REJECT_MESSAGES[g.reject](g.detail, def));
      continue;
    }
    addRepairs(repairs, g);
    if (g.geometry && !geometryInRange(g.geometry, repairs, i)) {
      counts.rejected++;
      sink.add('error', 'coordinate-out-of-range', file, loc, {
        zh: '坐标超出经纬度范围（经度 ±180°、纬度 ±90°），该要素未加载。',
        en: 'A coordinate is outside the longitude/latitude range (±180°, ±90°); the feature was not loaded.',
      });
      continue;
    }
    const checked = readProperties(reader, def, f.properties, f.id, i);
    if (!checked) {
      counts.rejected++;
      continue;
    }
    if (g.invalid) {
      checked.properties.__invalid = g.invalid;
      sink.add('warning', g.invalid, file, loc, g.invalid === 'self-intersection'
        ? {
            zh: '面自相交（如“8”字形），已加载并标记为无效（__invalid）；修复前其面积和叠加结果不可靠。',
            en: 'The polygon intersects itself (a "bow-tie"); loaded and marked invalid (__invalid). Its area and overlay results are unreliable until it is fixed.',
          }
        : {
            zh: '面的内环（洞）位于外环之外，已加载并标记为无效。',
            en: 'A hole of the polygon lies outside its outer ring; loaded and marked invalid.',
          });
    }
    if (g.emptyParts > 0 || g.zeroParts > 0) {
      const n = g.emptyParts + g.zeroParts;
      sink.add('warning', 'empty-part', file, loc, g.zeroParts === 0
        ? { zh: `多部分几何中有 ${n} 个部分没有坐标，已删除该部分；其余部分照常加载。`, en: `${n} part${n > 1 ? 's' : ''} of the multi-part geometry ${n > 1 ? 'have' : 'has'} no coordinates; ${n > 1 ? 'those parts were' : 'that part was'} dropped and the rest loaded.` }
        : g.emptyParts === 0
          ? { zh: `多部分几何中有 ${n} 个部分面积为零（所有顶点在一条直线上），已删除该部分；其余部分照常加载。`, en: `${n} part${n > 1 ? 's' : ''} of the multi-part geometry ${n > 1 ? 'have' : 'has'} zero area (all vertices on one line); ${n > 1 ? 'those parts were' : 'that part was'} dropped and the rest loaded.` }
          : { zh: `多部分几何中有 ${g.emptyParts} 个部分没有坐标、${g.zeroParts} 个部分面积为零，已删除这些部分；其余部分照常加载。`, en: `${g.emptyParts} parts of the multi-part geometry have no coordinates and ${g.zeroParts} zero area; those parts were dropped and the rest loaded.` });
    }
    if (g.validityUnchecked) {
      sink.add('warning', 'validity-unchecked', file, loc, {
        zh: '面的边界过于曲折（大量边相互交叠），未能在限定时间内检查是否自相交；已加载，但其面积和叠加结果可能不可靠。',
        en: 'The polygon outline is too tangled (many edges overlap) to check for self-intersection in the time allowed; loaded, but its area and overlay results may be unreliable.',
      });
    }
    if (!g.geometry) counts.unlocated++;
    checked.geometry = g.geometry;
    checked.index = i;
    counts.loaded++;
    accept(checked);
  }

  if (crsRejected > 0) sink.add('error', guess.kind === 'swapped' ? 'swapped-coordinates' : 'projected-coordinates', file, {}, crsMessage(guess, crsRejected));
  reportRepairs(file, sink, repairs, counts);
  return counts;
}

function guessFileCrs(features: unknown[]): CrsGuess {
  const step = Math.max(1, Math.floor(features.length / 20_000));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < features.length; i += step) {
    const p = firstPosition((features[i] as { geometry?: unknown } | null)?.geometry);
    if (p) {
      xs.push(p[0]);
      ys.push(p[1]);
    }
  }
  return guessCrs(xs, ys);
}

function addRepairs(r: RepairCounts, g: GeometryCheck): void {
  if (g.rewound) r.rewound++;
  r.deduped += g.deduped;
  r.mDropped += g.mDropped;
  r.stringCoords += g.stringCoords;
}

/** All positions within lon/lat range; counts features outside China's box. */
function geometryInRange(g: Geometry, r: RepairCounts, index: number): boolean {
  const state = rangeState((g as { coordinates: unknown }).coordinates);
  if (state === 1 && r.outsideChina++ < FIRST_NAMED) r.outsideFirst.push(index);
  return state !== 2;
}

/** 0: all positions in China; 1: some outside China but all valid lon/lat; 2: some out of range. */
function rangeState(c: unknown): number {
  const a = c as unknown[];
  if (typeof a[0] === 'number') {
    const x = a[0];
    const y = a[1] as number;
    return !inLonLatRange(x, y) ? 2 : inChina(x, y) ? 0 : 1;
  }
  let worst = 0;
  for (let i = 0; i < a.length && worst < 2; i++) {
    const s = rangeState(a[i]);
    if (s > worst) worst = s;
  }
  return worst;
}

function reportRepairs(file: string, sink: IssueSink, r: RepairCounts, counts: LayerLoadCounts): void {
  if (counts.unlocated > 0) {
    sink.add('info', 'unlocated', file, {}, {
      zh: `${counts.unlocated} 个要素没有几何位置（geometry 为 null），已作为“无位置”要素保留，地图上不显示。`,
      en: `${counts.unlocated} features have no geometry (geometry: null); kept as unlocated and not drawn.`,
    });
  }
  if (r.rewound > 0) {
    sink.add('info', 'rewound', file, {}, {
      zh: `${r.rewound} 个面的环方向不符合 GeoJSON 规定（外环应为逆时针），已自动调整。`,
      en: `${r.rewound} polygons had rings wound the wrong way (outer rings must be counter-clockwise); rewound.`,
    });
  }
  if (r.deduped > 0) {
    sink.add('info', 'duplicate-vertices', file, {}, {
      zh: `删除了 ${r.deduped} 个连续重复的顶点。`,
      en: `Removed ${r.deduped} consecutive duplicate vertices.`,
    });
  }
  if (r.mDropped > 0) {
    sink.add('info', 'm-dropped', file, {}, {
      zh: `${r.mDropped} 个坐标带第 4 个值（M 值），已删除；高程（Z）保留。`,
      en: `${r.mDropped} positions had a 4th (M) value; dropped, Z kept.`,
    });
  }
  if (r.stringCoords > 0) {
    sink.add('warning', 'string-coordinates', file, {}, {
      zh: `${r.stringCoords} 个坐标值是文本，已按数字读取。`,
      en: `${r.stringCoords} coordinate values were text; read as numbers.`,
    });
  }
  if (r.outsideChina > 0) {
    sink.add('warning', 'outside-china', file, {}, {
      zh: `${r.outsideChina} 个要素位于中国范围（经度 73°–136°、纬度 3°–54°）之外（第 ${r.outsideFirst.map((i) => i + 1).join('、')} 个${r.outsideChina > FIRST_NAMED ? ' 等' : ''}），请检查坐标。`,
      en: `${r.outsideChina} features lie outside China's bounding box (lon 73°–136°, lat 3°–54°) (feature ${r.outsideFirst.map((i) => i + 1).join(', ')}${r.outsideChina > FIRST_NAMED ? ' …' : ''}); please check their coordinates.`,
    });
  }
}

/**
 * Normalise one feature's properties against the schema. Returns null (reported) when a required
 * field is missing or invalid. Unsafe keys (`__proto__`, `constructor`, `prototype`) are dropped.
 */
function readProperties(reader: FieldReader, def: LayerDefinition, rawProps: unknown, featureId: unknown, index: number): CheckedFeature | null {
  const loc = { featureIndex: index };
  const props: LoadedProperties = {};
  const extra: string[] = [];
  let orig: Record<string, string> | undefined;
  let ok = true;
  const src = rawProps && typeof rawProps === 'object' && !Array.isArray(rawProps) ? (rawProps as Record<string, unknown>) : {};
  if (rawProps !== null && rawProps !== undefined && src !== rawProps) {
    reader.report('warning', 'bad-properties', loc, { zh: 'properties 不是对象，已忽略。', en: 'properties is not an object; ignored.' });
  }
  let seen: Set<FieldDef> | null = null;
  let invalid: Set<FieldDef> | null = null;
  for (const key of Object.keys(src)) {
    if (UNSAFE_KEYS.has(key) || key === '__orig' || key === '__invalid') {
      reader.report('warning', 'unsafe-key', { ...loc, field: key }, {
        zh: `属性名“${key}”不安全或为系统保留，已忽略。`,
        en: `Property name "${key}" is unsafe or reserved; ignored.`,
      });
      continue;
    }
    const raw = src[key];
    const f = reader.fieldFor(key);
    if (f && seen?.has(f)) {
      reader.report('warning', 'duplicate-field', { ...loc, field: key }, {
        zh: `属性“${key}”与前面的属性都对应字段“${f.name}”，已忽略。`,
        en: `Property "${key}" names the same field "${f.name}" as an earlier one; ignored.`,
      });
      continue;
    }
    if (!f) {
      props[key] = raw;
      extra.push(key);
      continue;
    }
    (seen ??= new Set()).add(f);
    if (FieldReader.isMissing(raw)) continue;
    const v = readValue(reader, f, raw, loc);
    if (f.name === def.idField) reportIdNotText(reader, raw, v, { ...loc, field: key }, false);
    if (v === null) {
      (invalid ??= new Set()).add(f);
      continue;
    }
    props[f.name] = v;
    if (f.type !== 'string' && typeof raw === 'string' && String(v) !== raw) (orig ??= {})[f.name] = raw;
  }
  if (def.idField && props[def.idField] === undefined && featureId !== undefined && featureId !== null) {
    const id = FieldReader.readString(featureId);
    reportIdNotText(reader, featureId, id, { ...loc, field: 'id' }, true);
    if (id !== null) props[def.idField] = id;
  }
  for (const f of def.fields) {
    if (!f.required || props[f.name] !== undefined || f.name === def.idField) continue;
    if (!invalid?.has(f)) reader.missingRequired(f, loc, { id: def.idField ? props[def.idField] : undefined, name: props.name });
    ok = false;
  }
  if (!ok) return null;
  if (orig) props.__orig = orig;
  return { index, geometry: null, properties: props, extra };
}

/**
 * An id given as an object, an array or a boolean (`"id": {"a": 1}`, `"id": true`) is kept as its
 * JSON text, as before, but reported (id-not-text, warning): such an id is almost always a mistake
 * of the program that wrote the file, and scenario edits, searches and exports name it as that text.
 * Text and numbers pass in silence.
 * @param member - the id is the feature's own `id` member, not a property
 */
function reportIdNotText(reader: FieldReader, raw: unknown, stored: unknown, loc: { featureIndex: number; field: string }, member: boolean): void {
  if (typeof raw !== 'boolean' && (raw === null || typeof raw !== 'object')) return;
  const kind: I18nText = typeof raw === 'boolean' ? { zh: '布尔值', en: 'a boolean' } : Array.isArray(raw) ? { zh: '数组', en: 'an array' } : { zh: '对象', en: 'an object' };
  const shown = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
  const text = shown(String(stored ?? ''));
  const where: I18nText = member ? { zh: '要素的 id 成员', en: "The feature's id member" } : { zh: `编号（${loc.field}）`, en: `The id (${loc.field})` };
  reader.report('warning', 'id-not-text', loc, {
    zh: `${where.zh}是${kind.zh}（${shown(JSON.stringify(raw) ?? String(raw))}），不是文字或数字；已按文字“${text}”保存，请核对。`,
    en: `${where.en} is ${kind.en} (${shown(JSON.stringify(raw) ?? String(raw))}), not text or a number; it was stored as the text "${text}". Please check it.`,
  });
}

/** Read one field's value in its type; null when missing or invalid (reported). */
export function readValue(reader: FieldReader, f: FieldDef, raw: unknown, loc: { featureIndex?: number; row?: number }): unknown {
  switch (f.type) {
    case 'enum':
      return reader.readEnum(f, raw, loc);
    case 'number':
      return reader.readNumber(f, raw, loc);
    case 'boolean':
      return reader.readBoolean(f, raw, loc);
    default:
      return FieldReader.readString(raw);
  }
}

/**
 * Give every feature a unique id in the layer's id field: a missing id becomes `<file>-<n>`, a
 * repeated one `<id>#2`, `<id>#3` … (the original kept in `__orig`), each reported. Ids already
 * in the layer (`taken`: the features an import adds to) count as repeated, so an import re-keys
 * exactly as the next project load of the saved folder would.
 */
export class IdKeeper {
  private readonly seen: StringSet;
  /** The next `#k` to try per repeated id, so 100 000 copies of one id cost linear time, not quadratic. */
  private readonly nextSuffix = new Map<string, number>();
  constructor(
    readonly def: LayerDefinition,
    readonly file: string,
    readonly sink: IssueSink,
    expected = 16,
    taken: Iterable<string> = [],
  ) {
    this.seen = new StringSet(expected);
    for (const id of taken) this.seen.add(id);
  }

  /** The unique id to store for a feature whose id is `id` (null when missing). */
  unique(id: string | null, loc: { featureIndex?: number; row?: number }, n: number): string {
    const field = this.def.idField as string;
    if (id === null) {
      let gen = `${this.def.file}-${n}`;
      for (let k = 2; this.seen.has(gen); k++) gen = `${this.def.file}-${n}-${k}`;
      this.seen.add(gen);
      this.sink.add('warning', 'missing-id', this.file, { ...loc, field }, {
        zh: `缺少编号，已自动编为“${gen}”。`,
        en: `The id is missing; it was given the id "${gen}".`,
      });
      return gen;
    }
    if (this.seen.add(id)) return id;
    let k = this.nextSuffix.get(id) ?? 2;
    while (this.seen.has(`${id}#${k}`)) k++;
    this.nextSuffix.set(id, k + 1);
    const re = `${id}#${k}`;
    this.seen.add(re);
    this.sink.add('warning', 'duplicate-id', this.file, { ...loc, field }, {
      zh: `编号“${id}”重复，已改为“${re}”以保持唯一。`,
      en: `The id "${id}" is repeated; it was changed to "${re}" to keep ids unique.`,
    });
    return re;
  }
}

/**
 * Load a GeoJSON layer into a FeatureCollection with normalised properties. Feature `id`s are the
 * 0-based index among loaded features (for MapLibre feature-state); the layer's own id is in
 * `properties[idField]`.
 */
export function loadGeoJsonFeatures(
  def: LayerDefinition,
  file: string,
  features: unknown[],
  sink: IssueSink,
  coordinates?: CoordinateOptions,
  takenIds?: Iterable<string>,
): { data: GeoJsonLayerData; counts: LayerLoadCounts } {
  const out: Feature<Geometry | null, LoadedProperties>[] = [];
  const sourceIndex: number[] = [];
  const ids = def.idField ? new IdKeeper(def, file, sink, features.length, takenIds) : null;
  const counts = checkFeatures(def, file, features, sink, (c) => {
    if (ids) {
      const field = def.idField as string;
      const raw = (c.properties[field] as string | undefined) ?? null;
      const id = ids.unique(raw, { featureIndex: c.index }, c.index + 1);
      if (raw !== null && id !== raw) c.properties.__orig = { ...(c.properties.__orig ?? {}), [field]: raw };
      c.properties[field] = id;
    }
    out.push({ type: 'Feature', id: out.length, geometry: c.geometry, properties: c.properties });
    sourceIndex.push(c.index);
  }, coordinates);
  if (def.geometry === 'Point') reportSameSpot(def, file, out, sourceIndex, sink);
  for (const f of def.fields) if (f.unique) reportDuplicateNames(f, file, out, sourceIndex, sink);
  return { data: { kind: 'geojson', id: def.id, data: { type: 'FeatureCollection', features: out } }, counts };
}

/** Points closer than this are "at one spot" (a facility entered twice). */
export const SAME_SPOT_METRES = 1;

const METRES_PER_DEGREE = 111_320;

/**
 * Point facilities at one spot (within {@link SAME_SPOT_METRES}): each one after the first is
 * reported (duplicate-location, warning, kept) with the feature it repeats, since five hydrants
 * typed in at one spot count five times in every figure. A grid of about 2 m cells holding only the
 * first point at each spot: linear.
 */
function reportSameSpot(def: LayerDefinition, file: string, out: Feature<Geometry | null, LoadedProperties>[], sourceIndex: number[], sink: IssueSink): void {
  const cell = 2e-5;
  const grid = new Map<string, number[]>();
  for (let k = 0; k < out.length; k++) {
    const g = out[k].geometry;
    if (!g || g.type !== 'Point') continue;
    const [x, y] = g.coordinates;
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    const kx = METRES_PER_DEGREE * Math.cos((y * Math.PI) / 180);
    let first = -1;
    let dist = Infinity;
    for (let dx = -1; dx <= 1 && first < 0; dx++) {
      for (let dy = -1; dy <= 1 && first < 0; dy++) {
        for (const j of grid.get(`${cx + dx},${cy + dy}`) ?? []) {
          const [xj, yj] = (out[j].geometry as { coordinates: number[] }).coordinates;
          const d = Math.hypot((x - xj) * kx, (y - yj) * METRES_PER_DEGREE);
          if (d <= SAME_SPOT_METRES) {
            first = j;
            dist = d;
            break;
          }
        }
      }
    }
    if (first < 0) {
      // Only points at a new spot go into the grid, so a cell holds a few points at least 1 m
      // apart and a stack of 100 000 repeats costs one comparison each.
      const key = `${cx},${cy}`;
      const list = grid.get(key);
      if (list) list.push(k);
      else grid.set(key, [k]);
      continue;
    }
    const idField = def.idField;
    const other = idField ? `（编号 ${String(out[first].properties[idField])}）` : '';
    const otherEn = idField ? ` (${String(out[first].properties[idField])})` : '';
    const d = dist.toFixed(1);
    sink.add('warning', 'duplicate-location', file, { featureIndex: sourceIndex[k] }, {
      zh: `与第 ${sourceIndex[first] + 1} 个要素${other}在同一位置（相距 ${d} 米），可能是重复录入，会使数量偏多；已加载，请核对。`,
      en: `At the same spot as feature ${sourceIndex[first] + 1}${otherEn}, ${d} m apart: possibly entered twice, which inflates counts. Loaded; please check.`,
    });
  }
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * A name as compared for uniqueness: NFKC (full-width → half-width, compatibility forms), zero-width
 * characters removed, white space trimmed and collapsed, case folded. Only for comparing: the
 * user's text is kept as written.
 */
export function canonicalName(s: string): string {
  return s.normalize('NFKC').replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Text with its invisible characters shown as \uXXXX, for messages. */
function visible(s: string): string {
  return s.replace(ZERO_WIDTH, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Values of a unique field that repeat after {@link canonicalName}: each repeat reported, kept. */
function reportDuplicateNames(f: FieldDef, file: string, out: Feature<Geometry | null, LoadedProperties>[], sourceIndex: number[], sink: IssueSink): void {
  const seen = new Map<string, number>();
  for (let k = 0; k < out.length; k++) {
    const raw = out[k].properties[f.name];
    if (typeof raw !== 'string') continue;
    const key = canonicalName(raw);
    const j = seen.get(key);
    if (j === undefined) {
      seen.set(key, k);
      continue;
    }
    const a = visible(raw);
    const b = visible(out[j].properties[f.name] as string);
    const what = { zh: f.label.zh, en: f.label.en.toLowerCase() };
    sink.add('warning', 'duplicate-name', file, { featureIndex: sourceIndex[k], field: f.name }, {
      zh: `“${a}”与第 ${sourceIndex[j] + 1} 个要素的“${b}”是同一个${what.zh}（忽略全角/半角、零宽字符和空格后相同）；同一${what.zh}出现两次会使按它统计的数字重复。已加载，请核对。`,
      en: `"${a}" is the same ${what.en} as "${b}" of feature ${sourceIndex[j] + 1} (once full-/half-width forms, zero-width characters and spaces are ignored); a ${what.en} listed twice counts twice in figures grouped by it. Loaded; please check.`,
    });
  }
}
