import type { FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import { LocalProjection } from './geo.ts';
import { PolygonIndex } from './polygon-index.ts';
import { userError } from './user-error.ts';

type FC = FeatureCollection<Geometry | null, GeoJsonProperties>;

/** Where a kindergarten (or a candidate site) stands, which sets its service radius. */
export type KindergartenArea = 'urban' | 'township' | 'village';

export interface KindergartenAreaInput {
  /** Built-up areas: the county seat's is urban, the others township seats. Missing: every place is urban. */
  builtUp?: FC | null;
  /** Townships: one whose `kind` is `street` (街道) is urban throughout. */
  townships?: FC | null;
}

export interface KindergartenAreaOptions {
  /** The service radii by area, metres (a site within the urban radius of the county seat's edge is urban, see {@link kindergartenAreaClassifier}). */
  radii: Record<KindergartenArea, number>;
  /** Name of the county seat's built-up area; default: the largest built-up area. */
  urbanBuiltUpName?: string;
}

/** What {@link kindergartenAreaClassifier} returns: the rule, ready to apply to points. */
export interface KindergartenAreaClassifier {
  /** 'built-up': classed by the built-up areas (and townships); 'no-built-up': everything is urban for lack of a built-up layer. */
  basis: 'built-up' | 'no-built-up';
  /** The county seat's built-up area (its name), null without a built-up layer. */
  urbanBuiltUp: string | null;
  /** The area class of a point (lon, lat); a point without a position is 'urban' without a built-up layer, else 'village'. */
  classify(lon: number, lat: number): KindergartenArea;
}

const STREET = new Set(['street', '街道']);

/**
 * The one rule that classes a kindergarten, or a candidate site, as urban, township seat or
 * village — used alike by coverage (`kindergartenAccess`), siting (`siteKindergartens`) and plot
 * review (`reviewPlots`), so a place gets the same radius in all three.
 *
 * - **urban**: inside the county seat's built-up area (`urbanBuiltUpName`, else the largest), or
 *   within the urban radius of its edge (the site's catchment reaches the town: a site just outside
 *   the county seat is not a village kindergarten), or inside a township of kind `street` (街道);
 * - **township** (seat): inside another built-up area (not its fringe: a village kindergarten next to a
 *   township seat keeps the village radius);
 * - **village**: everywhere else.
 * Without a built-up layer every place is urban (the former rule; `basis: 'no-built-up'`).
 *
 * @param input - built-up areas and townships
 * @param options - the radii by area (KINDERGARTEN_PARAMS), the county seat's name
 * @returns the classifier
 * @throws Error when `urbanBuiltUpName` names no built-up area
 * @example
 * const c = kindergartenAreaClassifier({ builtUp, townships }, { radii: { urban: 300, township: 1000, village: 2000 } });
 * c.classify(114.74, 38.62); // 'urban'
 */
export function kindergartenAreaClassifier(input: KindergartenAreaInput, options: KindergartenAreaOptions): KindergartenAreaClassifier {
  const { radii } = options;
  for (const k of ['urban', 'township', 'village'] as const) if (!(radii?.[k] > 0)) throw new Error(`kindergartenAreaClassifier: radii.${k} must be a positive number of metres`);
  const built = input.builtUp && Array.isArray(input.builtUp.features) && input.builtUp.features.some((f) => f?.geometry) ? input.builtUp : null;
  if (!built) return { basis: 'no-built-up', urbanBuiltUp: null, classify: () => 'urban' };
  let lon0 = 0, lat0 = 0, n = 0;
  for (const f of built.features) {
    const g = f?.geometry;
    const ring = g?.type === 'Polygon' ? g.coordinates[0] : g?.type === 'MultiPolygon' ? g.coordinates[0]?.[0] : undefined;
    if (ring?.[0] && Number.isFinite(ring[0][0]) && Number.isFinite(ring[0][1])) {
      lon0 += ring[0][0];
      lat0 += ring[0][1];
      n++;
    }
  }
  const proj = new LocalProjection(n ? lon0 / n : 0, n ? lat0 / n : 0);
  const builtIdx = new PolygonIndex(built, proj);
  const name = (i: number) => String(built.features[i]?.properties?.name ?? '').trim();
  const want = options.urbanBuiltUpName?.trim();
  let urban = -1;
  if (want) {
    urban = built.features.findIndex((_, i) => name(i) === want);
    if (urban < 0) {
      const names = built.features.map((_, i) => name(i)).filter(Boolean);
      throw userError({
        zh: `没有名为“${want}”的建成区（按县城半径计的建成区）；建成区：${names.join('、') || '（无）'}`,
        en: `No built-up area is named "${want}" (the one taking the county-seat radius); built-up areas: ${names.join(', ') || '(none)'}`,
      });
    }
  } else for (let f = 0; f < builtIdx.featureCount; f++) if (urban < 0 || builtIdx.areaM2[f] > builtIdx.areaM2[urban]) urban = f;
  const towns = input.townships && Array.isArray(input.townships.features) ? input.townships : null;
  const streets = towns && towns.features.some((f) => STREET.has(String(f?.properties?.kind ?? '').trim())) ? { idx: new PolygonIndex(towns, proj), fc: towns } : null;
  return {
    basis: 'built-up',
    urbanBuiltUp: urban >= 0 ? name(urban) : null,
    classify(lon, lat) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'village';
      const x = proj.x(lon), y = proj.y(lat);
      const inside = builtIdx.contains(x, y);
      if (inside === urban) return 'urban';
      if ((builtIdx.edgeDistances(x, y, radii.urban).get(urban) ?? Infinity) <= radii.urban) return 'urban';
      if (streets) {
        const t = streets.idx.contains(x, y);
        if (t >= 0 && STREET.has(String(streets.fc.features[t]?.properties?.kind ?? '').trim())) return 'urban';
      }
      return inside >= 0 ? 'township' : 'village';
    },
  };
}
