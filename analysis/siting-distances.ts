import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { DISTANCE_TOLERANCE_M, geodesicMeters, pointToPolygonMeters } from './geo.ts';
import type { SitingCandidates } from './siting-candidates.ts';

type FC = FeatureCollection<Geometry | null>;

/**
 * The layers the rulebook's siting distances refer to (建标152-2017 第十五条, rule FIRE-05): the main
 * exits of hospitals, schools and kindergartens (a point stands for its exit), and hazardous-chemical
 * sites (points or polygons).
 */
export type SitingDistanceLayer = 'kindergartens' | 'schools' | 'hospitals' | 'hazardous';

/** One distance rule: no candidate closer than `minMeters` to any feature of `layer`. */
export interface SitingDistanceRule {
  layer: SitingDistanceLayer;
  minMeters: number;
  /** The layer's features; null / undefined: the project has no such layer and the rule is not checked. */
  features?: FC | null;
}

/** A candidate left out by a distance rule, with the reason. */
export interface DroppedCandidate {
  id: string;
  origin: 'grid' | 'user' | 'plot';
  lon: number;
  lat: number;
  layer: SitingDistanceLayer;
  /** Name (or id) of the nearest offending feature. */
  near: string;
  /** Distance to it, m (0 inside a polygon). */
  distanceMeters: number;
  minMeters: number;
  /** "G12-30: 32 m from kindergarten 阳光幼儿园 (< 50 m)", in both languages. */
  message: { zh: string; en: string };
}

/** Result of {@link applySitingDistances}. */
export interface SitingDistanceResult {
  candidates: SitingCandidates;
  dropped: DroppedCandidate[];
  /** Each rule: checked (the layer exists) or not, and how many candidates it dropped. */
  checks: { layer: SitingDistanceLayer; minMeters: number; checked: boolean; features: number; dropped: number }[];
}

const LAYER_TEXT: Record<SitingDistanceLayer, { zh: string; en: string }> = {
  kindergartens: { zh: '幼儿园', en: 'kindergarten' },
  schools: { zh: '学校', en: 'school' },
  hospitals: { zh: '医院', en: 'hospital' },
  hazardous: { zh: '危险化学品场所', en: 'hazardous-chemical site' },
};

interface Target {
  name: string;
  lon: number;
  lat: number;
  polygon?: Feature<Polygon | MultiPolygon>;
  /** Bounding box of a polygon (lon/lat). */
  box?: [number, number, number, number];
}

function targetsOf(fc: FC): Target[] {
  const out: Target[] = [];
  for (const f of fc.features ?? []) {
    const g = f?.geometry;
    if (!g) continue;
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const name = String(p.name ?? p.id ?? '').trim() || '—';
    if (g.type === 'Point') {
      if (Number.isFinite(g.coordinates[0]) && Number.isFinite(g.coordinates[1])) out.push({ name, lon: g.coordinates[0], lat: g.coordinates[1] });
    } else if (g.type === 'MultiPoint') {
      for (const c of g.coordinates) if (Number.isFinite(c[0]) && Number.isFinite(c[1])) out.push({ name, lon: c[0], lat: c[1] });
    } else if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      const rings = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
      for (const poly of rings) for (const c of poly[0] ?? []) {
        w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
      }
      if (!Number.isFinite(w)) continue;
      out.push({ name, lon: (w + e) / 2, lat: (s + n) / 2, polygon: { type: 'Feature', properties: {}, geometry: g }, box: [w, s, e, n] });
    }
  }
  return out;
}

/** Metres per degree of latitude, a lower bound used only to skip far targets cheaply. */
const M_PER_DEG_LAT = 110_000;

function distanceTo(t: Target, lon: number, lat: number): number {
  if (!t.polygon) return geodesicMeters(lon, lat, t.lon, t.lat);
  // the plot review's and the rules' distance (ellipsoidal); turf's, on a sphere, was 0.24 % short east–west
  return pointToPolygonMeters(lon, lat, t.polygon.geometry);
}

/** A cheap lower bound of the distance (degrees of latitude / longitude scaled down), m. */
function lowerBound(t: Target, lon: number, lat: number): number {
  const [w, s, e, n] = t.box ?? [t.lon, t.lat, t.lon, t.lat];
  const dLat = lat < s ? s - lat : lat > n ? lat - n : 0;
  const dLon = lon < w ? w - lon : lon > e ? lon - e : 0;
  const cos = Math.cos((Math.min(Math.abs(lat), 89) * Math.PI) / 180);
  return Math.max(dLat * M_PER_DEG_LAT, dLon * M_PER_DEG_LAT * cos * 0.99);
}

/**
 * Leaves out the candidate sites that break the rulebook's siting distances for a fire station
 * (建标152-2017 第十五条, rule FIRE-05: ≥ 50 m from the main exits of hospitals, schools and
 * kindergartens, ≥ 300 m from hazardous-chemical sites). Each rule whose layer is missing is
 * reported as not checked. Each dropped candidate names the first rule it breaks (rules in the
 * order given) and the nearest offending feature.
 *
 * @param cands - candidate columns (candidateGrid)
 * @param rules - the distance rules with their layers
 * @returns the candidates kept (same columns, order kept), the dropped ones with the reason, and a line per rule
 * @example
 * const r = applySitingDistances(cands, [{ layer: 'kindergartens', minMeters: 50, features: kgs }]);
 */
export function applySitingDistances(cands: SitingCandidates, rules: SitingDistanceRule[]): SitingDistanceResult {
  for (const r of rules) {
    if (!(r.minMeters >= 0) || !Number.isFinite(r.minMeters)) throw new Error(`applySitingDistances: the ${r.layer} distance must be a number ≥ 0 (m), got ${r.minMeters}`);
  }
  const prepared = rules.map((r) => ({ rule: r, targets: r.features ? targetsOf(r.features) : null }));
  const keep: number[] = [];
  const dropped: DroppedCandidate[] = [];
  const droppedBy = new Array(rules.length).fill(0);
  for (let c = 0; c < cands.count; c++) {
    const lon = cands.lon[c], lat = cands.lat[c];
    let hit: DroppedCandidate | null = null;
    for (let k = 0; k < prepared.length && !hit; k++) {
      const { rule, targets } = prepared[k];
      if (!targets || rule.minMeters <= 0) continue;
      let best = Infinity, bestName = '';
      for (const t of targets) {
        if (lowerBound(t, lon, lat) >= rule.minMeters) continue;
        const d = distanceTo(t, lon, lat);
        if (d < best) {
          best = d;
          bestName = t.name;
        }
      }
      // exactly the minimum distance meets it (to DISTANCE_TOLERANCE_M)
      if (best < rule.minMeters - DISTANCE_TOLERANCE_M) {
        const lt = LAYER_TEXT[rule.layer];
        const m = Math.round(best);
        hit = {
          id: cands.ids[c],
          origin: cands.origin[c],
          lon,
          lat,
          layer: rule.layer,
          near: bestName,
          distanceMeters: Math.round(best * 10) / 10,
          minMeters: rule.minMeters,
          message: {
            zh: `${cands.ids[c]}：距${lt.zh} ${bestName} ${m} m（< ${rule.minMeters} m）`,
            en: `${cands.ids[c]}: ${m} m from ${lt.en} ${bestName} (< ${rule.minMeters} m)`,
          },
        };
        droppedBy[k]++;
      }
    }
    if (hit) dropped.push(hit);
    else keep.push(c);
  }
  const pick = <T,>(a: ArrayLike<T>) => keep.map((c) => a[c]);
  const candidates: SitingCandidates = {
    count: keep.length,
    lon: Float64Array.from(pick(cands.lon)),
    lat: Float64Array.from(pick(cands.lat)),
    origin: pick(cands.origin),
    ids: pick(cands.ids),
    ...(cands.edge ? { edge: Int32Array.from(pick(cands.edge)) } : {}),
    ...(cands.fraction ? { fraction: Float64Array.from(pick(cands.fraction)) } : {}),
    ...(cands.accessMeters ? { accessMeters: Float64Array.from(pick(cands.accessMeters)) } : {}),
  };
  return {
    candidates,
    dropped,
    checks: prepared.map(({ rule, targets }, k) => ({ layer: rule.layer, minMeters: rule.minMeters, checked: targets !== null, features: targets?.length ?? 0, dropped: droppedBy[k] })),
  };
}
