import type { FeatureCollection, Geometry } from 'geojson';
import type { Column, ColumnLayerData } from '../layers/types.ts';
import { geometryExtent, LocalProjection } from './geo.ts';
import { PolygonIndex } from './polygon-index.ts';

/** How a household's township was found: 0 not at all, 1 its `township` column, 2 the township polygon it lies in. */
export const TOWNSHIP_NONE = 0;
export const TOWNSHIP_FIELD = 1;
export const TOWNSHIP_POLYGON = 2;
/** The names of {@link TOWNSHIP_NONE} … {@link TOWNSHIP_POLYGON} in outputs (`township_source`). */
export const TOWNSHIP_SOURCE_NAMES = ['', 'field', 'polygon'] as const;

/** Township labels of the households as codes into a dictionary, and how each was found. */
export interface HouseholdTownships {
  /** Index into `dict`, -1 for none. */
  codes: Int32Array;
  dict: string[];
  /** {@link TOWNSHIP_NONE}, {@link TOWNSHIP_FIELD} or {@link TOWNSHIP_POLYGON} per household. */
  source: Uint8Array;
}

/**
 * The township of every household: its `township` column where that is filled (what the county
 * states wins, even where the point lies in another township's polygon), else the township polygon
 * (`townships` layer, property `name`) that contains its point, else none. The polygons are looked
 * up through an edge index ({@link PolygonIndex}: a ray's crossings found in an R-tree), so N
 * households against M townships cost about N·log(edges), not N×M.
 * @param field - the codes of the `township` column (null when it is absent)
 * @returns null when there is neither a column nor a polygon with a name (no township breakdown)
 */
export function householdTownships(
  households: ColumnLayerData | null,
  field: { codes: Int32Array; dict: string[] } | null,
  townships: FeatureCollection<Geometry | null> | undefined,
  proj: LocalProjection,
): HouseholdTownships | null {
  const n = households?.count ?? 0;
  const names = (townships?.features ?? []).map((f) => {
    const v = f?.properties?.name;
    return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
  });
  const usable = names.some((x) => x !== '');
  if (!field && !usable) return null;
  const codes = field ? Int32Array.from(field.codes) : new Int32Array(n).fill(-1);
  const dict = field ? [...field.dict] : [];
  const source = new Uint8Array(n);
  let blanks = 0;
  for (let i = 0; i < n; i++) {
    if (codes[i] >= 0) source[i] = TOWNSHIP_FIELD;
    else blanks++;
  }
  if (!usable || blanks === 0 || !households) return { codes, dict, source };
  const index = new PolygonIndex(townships!, proj);
  if (index.isEmpty) return { codes, dict, source };
  const code = new Map(dict.map((d, k) => [d, k]));
  const featureCode = new Int32Array(names.length).fill(-2); // -2: not looked up yet
  for (let i = 0; i < n; i++) {
    if (codes[i] >= 0) continue;
    const lon = households.lon[i];
    const lat = households.lat[i];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const f = index.contains(proj.x(lon), proj.y(lat));
    if (f < 0 || names[f] === '') continue;
    if (featureCode[f] === -2) {
      let k = code.get(names[f]);
      if (k === undefined) {
        k = dict.length;
        dict.push(names[f]);
        code.set(names[f], k);
      }
      featureCode[f] = k;
    }
    codes[i] = featureCode[f];
    source[i] = TOWNSHIP_POLYGON;
  }
  return { codes, dict, source };
}

/**
 * The codes of a text or category column as indices into a dictionary (-1 for a blank or missing
 * value); null when the column is absent or not text.
 * @param col - a column of a columnar layer (households' `township`, `village`, `heating`)
 * @param count - the layer's row count
 */
export function columnCodes(col: Column | undefined, count: number): { codes: Int32Array; dict: string[] } | null {
  if (!col) return null;
  if (col.type === 'category') return { codes: col.codes, dict: col.dict };
  if (col.type !== 'string') return null;
  const dict: string[] = [];
  const idx = new Map<string, number>();
  const codes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = col.values[i];
    if (v === null || v === '') {
      codes[i] = -1;
      continue;
    }
    let k = idx.get(v);
    if (k === undefined) {
      k = dict.length;
      dict.push(v);
      idx.set(v, k);
    }
    codes[i] = k;
  }
  return { codes, dict };
}

const townshipsOf = new WeakMap<ColumnLayerData, WeakMap<object, HouseholdTownships | null>>();
const NO_TOWNSHIPS = {};

/**
 * The township of every household as every by-township figure uses it (fire, kindergartens, the
 * uncovered-households filter, the places-per-1,000 rule): {@link householdTownships} over the
 * households' `township` column and the `townships` layer, in a plane centred on the townships'
 * extent (an affine map of lon/lat: which polygon holds a point does not depend on it). Computed
 * once per (households, townships) pair and kept while both objects live: the result is shared,
 * callers must not change its arrays.
 * @param households - the household layer (null: none)
 * @param townships - the townships layer (property `name`); null or absent: the column alone
 * @returns null when there is neither a column nor a named township polygon
 * @example
 * const tw = householdTownshipsOf(households, townships);
 * tw && tw.codes[i] >= 0 ? tw.dict[tw.codes[i]] : ''; // household i's township
 */
export function householdTownshipsOf(households: ColumnLayerData | null, townships: FeatureCollection<Geometry | null> | null | undefined): HouseholdTownships | null {
  const compute = () => {
    const field = columnCodes(households?.columns.township, households?.count ?? 0);
    const ext = townships && Array.isArray(townships.features) ? geometryExtent(townships.features.map((f) => f?.geometry)) : null;
    if (!ext) return field && { ...field, source: Uint8Array.from(field.codes, (c) => (c >= 0 ? TOWNSHIP_FIELD : TOWNSHIP_NONE)) };
    return householdTownships(households, field, townships!, new LocalProjection((ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2));
  };
  if (!households) return compute();
  let byTownships = townshipsOf.get(households);
  if (!byTownships) townshipsOf.set(households, (byTownships = new WeakMap()));
  const key = townships ?? NO_TOWNSHIPS;
  if (!byTownships.has(key)) byTownships.set(key, compute());
  return byTownships.get(key)!;
}

/** Household i's township under {@link householdTownshipsOf} ('' when none). */
export function townshipName(tw: HouseholdTownships | null, i: number): string {
  const c = tw ? tw.codes[i] : -1;
  return c >= 0 ? tw!.dict[c] : '';
}

/**
 * The township of each point feature (kindergartens, service points) as the by-township figures
 * place it: its `township` property where filled, else the name of the township polygon
 * (`townships`, property `name`) its point lies in, else ''. The same rule as the households
 * ({@link householdTownshipsOf}) and as the indicator SQL (`coalesce(township, township_in)`,
 * src/db/project-tables.ts), so a facility and the households around it meet in one township.
 * Only features with an empty property are looked up (edge index, N·log(edges)).
 * @example featureTownships(kindergartens.features, townships) // ['甲乡', '', '乙镇']
 */
export function featureTownships(
  features: readonly ({ geometry?: Geometry | null; properties?: Record<string, unknown> | null } | null | undefined)[],
  townships: FeatureCollection<Geometry | null> | null | undefined,
): string[] {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
  const out = features.map((f) => text(f?.properties?.township));
  if (!townships || !Array.isArray(townships.features) || out.every((t) => t !== '')) return out;
  const ext = geometryExtent(townships.features.map((f) => f?.geometry));
  if (!ext) return out;
  const proj = new LocalProjection((ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2);
  const index = new PolygonIndex(townships, proj);
  if (index.isEmpty) return out;
  features.forEach((f, i) => {
    if (out[i] !== '') return;
    const g = f?.geometry;
    if (g?.type !== 'Point') return;
    const [lon, lat] = g.coordinates;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
    const k = index.contains(proj.x(lon), proj.y(lat));
    if (k >= 0) out[i] = text(townships.features[k]?.properties?.name);
  });
  return out;
}
