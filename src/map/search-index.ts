import type { Column, I18nText, LayerDefinition, Project } from '../../layers/types';
import { normaliseText } from '../../layers/load/values';
import { gaussKrugerToLonLat } from '../../layers/load/gauss-kruger';
import { geometryExtent } from '../../analysis/geo';
import { householdTownshipsOf, townshipName } from '../../analysis/household-townships';

/** Bounds `[west, south, east, north]` in degrees. */
export type Bounds = [number, number, number, number];

/** One findable place: a feature, or a group of features sharing a name (a road's segments, a village's households). */
export interface SearchEntry {
  layerId: string;
  layerTitle: I18nText;
  /** The field the text came from. */
  field: string;
  /** The text as written in the data. */
  text: string;
  /** The text as compared: see {@link searchKey}. */
  key: string;
  /** The township the place lies in, when the layer records one. */
  township?: string;
  /** Selection ids of the features (id-field values, or feature indexes for layers without one). */
  ids: string[];
  bounds: Bounds;
  /** Position of the field in the layer's search list (0 = most telling). */
  fieldRank: number;
}

/** The search index of one project: built once when the project opens. */
export interface SearchIndex {
  entries: SearchEntry[];
  /** Middle of the project's features, used to pick the Gauss-Krüger zone of coordinates typed without one. */
  center: [number, number] | null;
}

/** A found place: a feature (group) of the project, or a position typed as coordinates. */
export type SearchHit =
  | { kind: 'feature'; entry: SearchEntry; /** 0 exact, 1 start, 2 part, 3 characters in order */ match: number }
  | { kind: 'position'; lon: number; lat: number; system: 'lonlat' | 'gk'; centralMeridian?: number };

/**
 * The text as the search compares it: full-width letters and digits made ASCII, Unicode NFKC,
 * zero-width characters and all spaces removed, lower case. "南环路 " and "ＮＨＬ" compare as "南环路" and "nhl".
 */
export function searchKey(s: string): string {
  return normaliseText(s).normalize('NFKC').replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, '').toLowerCase();
}

function columnText(col: Column | undefined, i: number): string {
  if (!col) return '';
  if (col.type === 'category') return col.codes[i] >= 0 ? col.dict[col.codes[i]] : '';
  if (col.type === 'string') return col.values[i] ?? '';
  if (col.type === 'number') return Number.isNaN(col.values[i]) ? '' : String(col.values[i]);
  return '';
}

function grow(b: Bounds, o: Bounds): void {
  if (o[0] < b[0]) b[0] = o[0];
  if (o[1] < b[1]) b[1] = o[1];
  if (o[2] > b[2]) b[2] = o[2];
  if (o[3] > b[3]) b[3] = o[3];
}

/**
 * Builds the search index of a project from the layers' `search` fields: one entry per feature
 * and field, or, for a `group` field, one entry per value (and township) with every feature's id
 * and the bounds of them all. Features without a position are left out; empty values are skipped.
 * @param project - the open project (not modified)
 * @param defs - the layer definitions (layers/index.ts)
 * @example
 * const index = buildSearchIndex(project, LAYERS);
 * searchIndex(index, '南环路')[0]; // { kind: 'feature', entry: { layerId: 'roads', ids: [...33 segments] } }
 */
export function buildSearchIndex(project: Project, defs: Record<string, LayerDefinition>): SearchIndex {
  const entries: SearchEntry[] = [];
  const all: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (const def of Object.values(defs)) {
    const layer = project.layers[def.id];
    if (!layer || !def.search?.length) continue;
    const hasTownship = def.fields.some((f) => f.name === 'township');
    def.search.forEach(({ field, group }, fieldRank) => {
      const groups = new Map<string, SearchEntry>();
      const add = (text: string, township: string, id: string, b: Bounds) => {
        const key = searchKey(text);
        if (!key) return;
        const gk = group ? `${key}\u0000${township}` : null;
        const prev = gk ? groups.get(gk) : undefined;
        if (prev) {
          prev.ids.push(id);
          grow(prev.bounds, b);
          return;
        }
        const e: SearchEntry = { layerId: def.id, layerTitle: def.title, field, text: text.trim(), key, ids: [id], bounds: [...b], fieldRank };
        if (hasTownship && township) e.township = township;
        if (gk) groups.set(gk, e);
        entries.push(e);
      };
      if (layer.kind === 'columns') {
        const col = field === 'id' ? undefined : layer.columns[field];
        // a household's township as every figure finds it: its column where filled, else the township polygon it lies in
        const tl = project.layers.townships;
        const town = hasTownship ? householdTownshipsOf(layer, tl?.kind === 'geojson' ? tl.data : null) : null;
        for (let i = 0; i < layer.count; i++) {
          const x = layer.lon[i];
          const y = layer.lat[i];
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          const text = field === 'id' ? layer.ids[i] : columnText(col, i);
          if (text) add(text, townshipName(town, i), layer.ids[i], [x, y, x, y]);
        }
      } else {
        layer.data.features.forEach((f, i) => {
          const v = f.properties?.[field];
          if (v === undefined || v === null || v === '' || !f.geometry) return;
          const b = geometryExtent([f.geometry]);
          if (!b) return;
          const idv = def.idField ? f.properties?.[def.idField] : undefined;
          const id = idv !== undefined && idv !== null ? String(idv) : String(i);
          const town = f.properties?.township;
          add(String(v), typeof town === 'string' ? town : '', id, b);
        });
      }
    });
  }
  for (const e of entries) grow(all, e.bounds);
  const center: [number, number] | null = entries.length ? [(all[0] + all[2]) / 2, (all[1] + all[3]) / 2] : null;
  return { entries, center };
}

/** 0 exact, 1 the text starts with the query, 2 contains it, 3 has its characters in order; -1 no match. */
function matchRank(key: string, q: string): number {
  if (key === q) return 0;
  if (key.startsWith(q)) return 1;
  if (key.includes(q)) return 2;
  let j = 0;
  for (let i = 0; i < key.length && j < q.length; i++) if (key[i] === q[j]) j++;
  return j === q.length && q.length >= 2 ? 3 : -1;
}

/**
 * Reads typed coordinates: longitude/latitude in degrees ("114.5,38.0", "114.5 38.0", "38.0,114.5"
 * with the latitude first when the order is plain from the values) or a CGCS2000 Gauss-Krüger
 * easting/northing in metres, in either order. An easting with its zone number in front
 * (38 512 345) gives the zone (13–23: 6° zones, 25–45: 3° zones); without it the 3° zone nearest
 * `near` is taken. Returns null when the text is not two numbers or they are off the globe.
 * @example parseCoordinateQuery('114.5,38.0') // { kind: 'position', lon: 114.5, lat: 38, system: 'lonlat' }
 */
export function parseCoordinateQuery(text: string, near: [number, number] | null = null): Extract<SearchHit, { kind: 'position' }> | null {
  const parts = normaliseText(text)
    .replace(/[，、；;]/g, ',')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (parts.length !== 2 || !parts.every((p) => /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(p))) return null;
  const [a, b] = parts.map(Number);
  if (Math.abs(a) <= 180 && Math.abs(b) <= 180) {
    if (Math.abs(b) <= 90) return { kind: 'position', lon: a, lat: b, system: 'lonlat' };
    if (Math.abs(a) <= 90) return { kind: 'position', lon: b, lat: a, system: 'lonlat' };
    return null;
  }
  // an easting is below 1 000 km, or carries its zone number (13…45) in front; a northing in China is 1 000–10 000 km
  const isEasting = (v: number) => (v > 0 && v < 1_000_000) || (v >= 13_000_000 && v < 46_000_000);
  const isNorthing = (v: number) => v >= 1_000_000 && v < 10_000_000;
  let e: number;
  let n: number;
  if (isEasting(a) && isNorthing(b)) [e, n] = [a, b];
  else if (isEasting(b) && isNorthing(a)) [e, n] = [b, a];
  else return null;
  let cm: number;
  if (e >= 1_000_000) {
    const zone = Math.floor(e / 1_000_000);
    e -= zone * 1_000_000;
    if (zone >= 13 && zone <= 23) cm = zone * 6 - 3;
    else if (zone >= 25 && zone <= 45) cm = zone * 3;
    else return null;
  } else {
    if (!near) return null;
    cm = Math.round(near[0] / 3) * 3;
  }
  const [lon, lat] = gaussKrugerToLonLat(e, n, cm);
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  return { kind: 'position', lon, lat, system: 'gk', centralMeridian: cm };
}

/**
 * Finds places for a query: coordinates first when the query reads as coordinates, then features
 * whose text matches exactly, starts with the query, contains it, or has its characters in order
 * (enough for Chinese names typed in part: "城关幼" finds 城关镇中心幼儿园); closer matches,
 * then more telling fields, then shorter names first.
 * @param limit - most hits returned
 */
export function searchIndex(index: SearchIndex, query: string, limit = 20): SearchHit[] {
  const pos = parseCoordinateQuery(query, index.center);
  const q = searchKey(query);
  if (!q) return [];
  const hits: Extract<SearchHit, { kind: 'feature' }>[] = [];
  for (const entry of index.entries) {
    const match = matchRank(entry.key, q);
    if (match >= 0) hits.push({ kind: 'feature', entry, match });
  }
  hits.sort((x, y) => x.match - y.match || x.entry.fieldRank - y.entry.fieldRank || x.entry.key.length - y.entry.key.length || x.entry.text.localeCompare(y.entry.text, 'zh'));
  const out: SearchHit[] = pos ? [pos] : [];
  return [...out, ...hits].slice(0, limit);
}
