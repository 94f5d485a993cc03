import Flatbush from 'flatbush';
import type { FeatureCollection, GeoJsonProperties, Geometry, LineString, Position } from 'geojson';
import type { ColumnLayerData } from '../layers/types.ts';
import { geodesicMeters, LocalProjection } from './geo.ts';
import { columnText } from './household-columns.ts';
import { householdTownshipsOf, townshipName } from './household-townships.ts';
import type { HydrantGap } from './hydrant-gaps.ts';
import { PolygonIndex } from './polygon-index.ts';

/** A named place (a village centre) to describe a location by. */
export interface NamedPlace {
  name: string;
  lon: number;
  lat: number;
}

export interface HydrantGapPlacesInput {
  /** Townships (Polygon / MultiPolygon, `name`): which township the middle of a gap lies in. */
  townships?: FeatureCollection<Geometry | null, GeoJsonProperties> | null;
  /** Road centre lines (`name`): the nearest named road to an unnamed road's gap. */
  roads?: FeatureCollection<Geometry | null, GeoJsonProperties> | null;
  /** Village centres (see {@link villageCentres}): the nearest village to an unnamed road's gap. */
  villages?: readonly NamedPlace[];
}

/**
 * How far to look for a named road / a village to describe a gap by, metres: a description
 * setting, not a planning parameter (no ParamDef; it changes words in the gap table, not results).
 */
const NEAREST_ROAD_MAX_METERS = 2000;
const NEAREST_VILLAGE_MAX_METERS = 3000;

export interface HydrantGapPlacesOptions {
  /** Look for a named road this far from the gap's middle, metres. Default 2000. */
  nearestRoadMaxMeters?: number;
  /** Look for a village this far from the gap's middle, metres. Default 3000. */
  nearestVillageMaxMeters?: number;
}

/** A gap with where it is: township, end and middle coordinates, and a description that finds it. */
export interface HydrantGapRow extends HydrantGap {
  /** Township containing the gap's middle point ('' when none does). */
  township: string;
  fromLon: number;
  fromLat: number;
  toLon: number;
  toLat: number;
  /** The point halfway along the gap (for flying the map to it). */
  midLon: number;
  midLat: number;
  /** For an unnamed road: the nearest named road and its distance from the gap's middle (metres). */
  nearestRoad: string | null;
  nearestRoadM: number | null;
  /** For an unnamed road: the nearest village centre and its distance (metres). */
  nearestVillage: string | null;
  nearestVillageM: number | null;
  /** The road's name, or for an unnamed road where it is (township, nearest named road, village, from–to). */
  where: { zh: string; en: string };
}

/**
 * Households per village averaged into one centre per (township, village). A household's township
 * is its `township` column where filled, else the township polygon it lies in (householdTownshipsOf,
 * as every by-township figure), so two 东关村 in two townships stay two centres when the column is
 * blank or absent.
 * @param townships - the townships layer (property `name`); null or absent: the column alone
 */
export function villageCentres(households: ColumnLayerData, townships?: FeatureCollection<Geometry | null, GeoJsonProperties> | null): NamedPlace[] {
  const sums = new Map<string, { name: string; lon: number; lat: number; n: number }>();
  const v = households.columns.village;
  if (!v) return [];
  const town = householdTownshipsOf(households, townships);
  for (let i = 0; i < households.count; i++) {
    const name = columnText(v, i);
    const lon = households.lon[i];
    const lat = households.lat[i];
    if (!name || !Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const key = `${townshipName(town, i)}\u0000${name}`;
    const s = sums.get(key) ?? { name, lon: 0, lat: 0, n: 0 };
    s.lon += lon;
    s.lat += lat;
    s.n++;
    sums.set(key, s);
  }
  return [...sums.values()].map((s) => ({ name: s.name, lon: s.lon / s.n, lat: s.lat / s.n }));
}

const fmt = (v: number) => v.toFixed(5);

function lines(g: Geometry | null | undefined): Position[][] {
  if (!g) return [];
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'MultiLineString') return g.coordinates;
  return [];
}

/** The point `share` of the way along a line (by geodesic length). */
function along(coords: Position[], share: number): Position {
  let total = 0;
  for (let i = 1; i < coords.length; i++) total += geodesicMeters(coords[i - 1][0], coords[i - 1][1], coords[i][0], coords[i][1]);
  let want = total * share;
  for (let i = 1; i < coords.length; i++) {
    const d = geodesicMeters(coords[i - 1][0], coords[i - 1][1], coords[i][0], coords[i][1]);
    if (d >= want && d > 0) {
      const t = want / d;
      return [coords[i - 1][0] + (coords[i][0] - coords[i - 1][0]) * t, coords[i - 1][1] + (coords[i][1] - coords[i - 1][1]) * t];
    }
    want -= d;
  }
  return coords[coords.length - 1];
}

/**
 * Where each hydrant gap is: the township of its middle point, its from/to and middle
 * coordinates (lon/lat), and — for a road without a name — the nearest named road and village
 * centre, so that a gap on '（未命名道路）' can be found on the ground.
 *
 * @param gapsGeoJson - `hydrantGaps(...).gapsGeoJson` (one line per gap, gap fields as properties)
 * @param input - townships, roads and village centres (each optional)
 * @param options - search distances
 * @returns one row per gap, in the order of the input
 * @example
 * const rows = hydrantGapPlaces(r.gapsGeoJson, { townships, roads, villages: villageCentres(households) });
 * rows[0].where.zh; // '恒州镇，近 建设路（约 85 米），近 东关村（约 400 米），114.70123,38.60012—114.70234,38.60100'
 */
export function hydrantGapPlaces(
  gapsGeoJson: FeatureCollection<LineString, HydrantGap>,
  input: HydrantGapPlacesInput = {},
  options: HydrantGapPlacesOptions = {},
): HydrantGapRow[] {
  if (!gapsGeoJson || !Array.isArray(gapsGeoJson.features)) throw new Error('hydrantGapPlaces: gapsGeoJson must be a FeatureCollection');
  const roadMax = options.nearestRoadMaxMeters ?? NEAREST_ROAD_MAX_METERS;
  const villageMax = options.nearestVillageMaxMeters ?? NEAREST_VILLAGE_MAX_METERS;
  for (const [k, v] of [
    ['nearestRoadMaxMeters', roadMax],
    ['nearestVillageMaxMeters', villageMax],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`hydrantGapPlaces: ${k} must be a non-negative number of metres`);
  }
  const gaps = gapsGeoJson.features.filter((f) => f.geometry && f.geometry.coordinates.length >= 2);
  if (gaps.length !== gapsGeoJson.features.length) throw new Error('hydrantGapPlaces: every gap needs a line of at least two points');
  if (gaps.length === 0) return [];
  let lon0 = 0;
  let lat0 = 0;
  for (const f of gaps) {
    lon0 += f.geometry.coordinates[0][0];
    lat0 += f.geometry.coordinates[0][1];
  }
  const proj = new LocalProjection(lon0 / gaps.length, lat0 / gaps.length);
  const townships = input.townships && input.townships.features.length > 0 ? input.townships : null;
  const tIndex = townships ? new PolygonIndex(townships, proj) : null;

  // Named road segments in the plane.
  const seg: number[] = [];
  const segName: string[] = [];
  for (const f of input.roads?.features ?? []) {
    const name = String(f?.properties?.name ?? '').trim();
    if (!name) continue;
    for (const line of lines(f.geometry)) {
      for (let i = 1; i < line.length; i++) {
        seg.push(proj.x(line[i - 1][0]), proj.y(line[i - 1][1]), proj.x(line[i][0]), proj.y(line[i][1]));
        segName.push(name);
      }
    }
  }
  let segIndex: Flatbush | null = null;
  if (segName.length > 0) {
    segIndex = new Flatbush(segName.length);
    for (let s = 0; s < segName.length; s++) {
      const [ax, ay, bx, by] = seg.slice(4 * s, 4 * s + 4);
      segIndex.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
    segIndex.finish();
  }
  const villages = (input.villages ?? []).filter((v) => v.name && Number.isFinite(v.lon) && Number.isFinite(v.lat));

  const nearestRoad = (x: number, y: number): { name: string; m: number } | null => {
    if (!segIndex) return null;
    let best = Infinity;
    let name = '';
    for (const s of segIndex.search(x - roadMax, y - roadMax, x + roadMax, y + roadMax)) {
      const ax = seg[4 * s];
      const ay = seg[4 * s + 1];
      const dx = seg[4 * s + 2] - ax;
      const dy = seg[4 * s + 3] - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
      const d = Math.hypot(ax + t * dx - x, ay + t * dy - y);
      if (d < best) {
        best = d;
        name = segName[s];
      }
    }
    return best <= roadMax ? { name, m: best } : null;
  };
  const nearestVillage = (lon: number, lat: number): { name: string; m: number } | null => {
    let best: { name: string; m: number } | null = null;
    for (const v of villages) {
      const d = geodesicMeters(lon, lat, v.lon, v.lat);
      if (d <= villageMax && (!best || d < best.m)) best = { name: v.name, m: d };
    }
    return best;
  };

  return gaps.map((f) => {
    const c = f.geometry.coordinates;
    const [fromLon, fromLat] = c[0];
    const [toLon, toLat] = c[c.length - 1];
    const [midLon, midLat] = along(c, 0.5);
    const t = tIndex ? tIndex.contains(proj.x(midLon), proj.y(midLat)) : -1;
    const township = t >= 0 && townships ? String(townships.features[t]?.properties?.name ?? '') : '';
    const gap: HydrantGap = { ...f.properties };
    const named = gap.road.trim() !== '';
    const road = named ? null : nearestRoad(proj.x(midLon), proj.y(midLat));
    const village = named ? null : nearestVillage(midLon, midLat);
    const span = `${fmt(fromLon)},${fmt(fromLat)}—${fmt(toLon)},${fmt(toLat)}`;
    let where: { zh: string; en: string };
    if (named) {
      where = { zh: township ? `${gap.road}（${township}）` : gap.road, en: township ? `${gap.road} (${township})` : gap.road };
    } else {
      const zh = [township || '乡镇不明'];
      const en: string[] = [];
      if (road) {
        zh.push(`近 ${road.name}（约 ${Math.round(road.m)} 米）`);
        en.push(`near ${road.name} (about ${Math.round(road.m)} m)`);
      }
      if (village) {
        zh.push(`近 ${village.name}（约 ${Math.round(village.m)} 米）`);
        en.push(`near ${village.name} (about ${Math.round(village.m)} m)`);
      }
      en.push(township ? `in ${township}` : 'township unknown');
      zh.push(span);
      en.push(span.replace('—', '–'));
      where = { zh: `未命名道路：${zh.join('，')}`, en: `Unnamed road ${en.join(', ')}` };
    }
    return {
      ...gap,
      township,
      fromLon,
      fromLat,
      toLon,
      toLat,
      midLon,
      midLat,
      nearestRoad: road?.name ?? null,
      nearestRoadM: road ? Math.round(road.m * 10) / 10 : null,
      nearestVillage: village?.name ?? null,
      nearestVillageM: village ? Math.round(village.m * 10) / 10 : null,
      where,
    };
  });
}
