import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData } from '../layers/types.ts';
import type { LocalProjection } from './geo.ts';
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
