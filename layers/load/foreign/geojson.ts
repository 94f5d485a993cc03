import { CUT_UTF8, decodeText } from '../decode.ts';
import { crsFromName } from './stated-crs.ts';
import { MAX_JSON_DEPTH, parseJsonText } from '../json.ts';
import { bigIntegersMessage, MAX_JSON_BYTES } from '../load-project.ts';
import type { ForeignFeature, ForeignFile, ForeignIssue, ForeignLayer, ForeignReadResult } from './types.ts';

function kindOf(features: ForeignFeature[]): ForeignLayer['geometry'] {
  const kinds = new Set<string>();
  // a geometry without a text `type` (a string, an array, `{coordinates}` alone) is counted as
  // nothing here; the contract loader rejects that feature by number when it is imported
  for (const f of features) if (f.geometry && typeof f.geometry.type === 'string') kinds.add(f.geometry.type.replace(/^Multi/, ''));
  if (kinds.size === 0) return 'None';
  if (kinds.size > 1) return 'Mixed';
  const k = [...kinds][0];
  return k === 'Point' || k === 'LineString' || k === 'Polygon' ? k : 'Mixed';
}

/** Limits of {@link readGeoJsonFiles} (a test may lower them). */
export const GEOJSON_LIMITS = { maxBytes: MAX_JSON_BYTES };

/**
 * GeoJSON files under any name (新建幼儿园.geojson): the features as they are and the CRS the
 * file states in its `crs` member. Files named after a contract layer never come here (the project
 * loader reads them).
 */
export function readGeoJsonFiles(files: readonly ForeignFile[]): ForeignReadResult {
  const layers: ForeignLayer[] = [];
  const issues: ForeignIssue[] = [];
  for (const f of files) {
    // BAD-INPUTS #41, as the contract loader: refused with the limit stated, never decoded (a
    // 500 MB file made a string past V8's limit, or filled the tab's memory)
    if (f.bytes.length > GEOJSON_LIMITS.maxBytes) {
      const size = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;
      issues.push({
        severity: 'error',
        code: 'too-large',
        file: f.name,
        message: {
          zh: `文件过大（${size(f.bytes.length)}），GeoJSON 文件上限为 ${size(GEOJSON_LIMITS.maxBytes)}，未读取；大量的点请用 CSV 或 Shapefile。`,
          en: `The file is too large (${size(f.bytes.length)}); GeoJSON files are limited to ${size(GEOJSON_LIMITS.maxBytes)} and it was not read. Use CSV or a Shapefile for many points.`,
        },
      });
      continue;
    }
    const decoded = decodeText(f.bytes);
    if (decoded.cutLine !== undefined) issues.push({ severity: 'warning', code: 'cut-utf8', file: f.name, row: decoded.cutLine, message: CUT_UTF8 });
    // the contract loader's parser: line and column of an error, nesting limit, NaN/Infinity as
    // null (the feature is then rejected, not the file), bigint ids kept whole
    const parsed = parseJsonText(decoded.text);
    if (!parsed.ok) {
      issues.push({
        severity: 'error',
        code: 'invalid-json',
        file: f.name,
        message: parsed.tooDeep
          ? { zh: `JSON 嵌套过深（超过 ${MAX_JSON_DEPTH} 层，第 ${parsed.line} 行第 ${parsed.column} 列），不是 GeoJSON。`, en: `The JSON is nested deeper than ${MAX_JSON_DEPTH} levels (line ${parsed.line}, column ${parsed.column}); not GeoJSON.` }
          : { zh: `JSON 格式错误：第 ${parsed.line} 行第 ${parsed.column} 列（文件可能被截断，或有多余的逗号）。`, en: `Invalid JSON at line ${parsed.line}, column ${parsed.column} (the file may be truncated or have a trailing comma).` },
      });
      continue;
    }
    if (parsed.nonFinite) issues.push({ severity: 'warning', code: 'non-finite-json', file: f.name, message: { zh: '文件中有 NaN 或 Infinity（不是标准 JSON），相关要素将被拒绝。', en: 'The file contains NaN or Infinity (not standard JSON); the features holding them are rejected.' } });
    if (parsed.bigIntegers) issues.push({ severity: 'info', code: 'big-integers', file: f.name, message: bigIntegersMessage(parsed.bigIntegers) });
    const root: unknown = parsed.value;
    const o = root as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } } | null;
    const raw = o?.type === 'FeatureCollection' && Array.isArray(o.features) ? o.features : o?.type === 'Feature' ? [o] : null;
    if (!raw) {
      issues.push({ severity: 'error', code: 'not-geojson', file: f.name, message: { zh: '不是 GeoJSON 要素集合（FeatureCollection）。', en: 'Not a GeoJSON FeatureCollection.' } });
      continue;
    }
    const features: ForeignFeature[] = [];
    const fields = new Set<string>();
    for (const x of raw as { geometry?: unknown; properties?: unknown }[]) {
      const props = x && typeof x.properties === 'object' && x.properties && !Array.isArray(x.properties) ? (x.properties as ForeignFeature['properties']) : {};
      for (const k of Object.keys(props)) if (fields.size < 500) fields.add(k);
      features.push({ type: 'Feature', geometry: (x?.geometry ?? null) as ForeignFeature['geometry'], properties: props });
    }
    const name = crsMemberName(o?.crs);
    const crs = name ? (crsFromName(name) ?? { kind: 'unknown' as const, text: name }) : null;
    const base = f.name.replace(/\\/g, '/').split('/').pop() ?? f.name;
    layers.push({ source: f.name, name: base.replace(/\.[^.]+$/, ''), geometry: kindOf(features), features, fields: [...fields], crs });
  }
  return { layers, issues };
}

/**
 * What a GeoJSON `crs` member names: `{type: "name", properties: {name}}` (GeoJSON 2008), the older
 * `{type: "EPSG", properties: {code: 4547}}` that early GeoServer / OpenLayers wrote, or a
 * `{type: "link", properties: {href}}` (kept as text: it is named, not followed); null when absent.
 */
function crsMemberName(crs: unknown): string | null {
  if (!crs || typeof crs !== 'object') return null;
  const c = crs as { type?: unknown; properties?: { name?: unknown; code?: unknown; href?: unknown } };
  const p = c.properties && typeof c.properties === 'object' ? c.properties : {};
  if (typeof p.name === 'string') return p.name;
  if (String(c.type).toUpperCase() === 'EPSG' && (typeof p.code === 'number' || (typeof p.code === 'string' && /^\d+$/.test(p.code)))) return `EPSG:${p.code}`;
  if (typeof p.href === 'string') return p.href.slice(0, 200);
  return null;
}

/** The GeoJSON reader for the import step's registry. */
export const geoJsonReader = {
  extensions: ['.geojson', '.json'] as const,
  read: (files: ForeignFile[]) => readGeoJsonFiles(files),
};
