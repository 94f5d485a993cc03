import pointOnFeature from '@turf/point-on-feature';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { SQUARE_METRES_PER_MU, polygonAreaM2 } from './plot-review.ts';
import { resolveSitingOptions } from './siting-params.ts';

/** Station level and class count when the caller gives none: the siting ParamDef defaults. */
const DEFAULTS = resolveSitingOptions();
const DEFAULT_CLASSES = DEFAULTS.kindergartenClasses;

/** Least land of a fire station by level, m²: the lower figure of STANDARDS.md's township fire-team land. */
export const FIRE_STATION_LAND_M2: Readonly<Record<'level-1' | 'level-2' | 'volunteer', number>> = {
  'level-1': 1000,
  'level-2': 700,
  volunteer: 350,
};

/**
 * Least kindergarten land for a class count, m²: 6 classes ≥ 2,000 m², 8 classes ≥ 2,400 m²
 * (STANDARDS.md, GB 50180-93); other counts on the line through these two (200 m² a class, a
 * figure to confirm: the standard gives only the two points).
 */
export function kindergartenLandM2(classes: number): number {
  if (!Number.isInteger(classes) || classes < 1) throw new Error('kindergartenLandM2: classes must be a whole number ≥ 1');
  return 2000 + 200 * (classes - 6);
}

/** Plot uses (the `use` codes of the reserve_plots layer) on which each facility may be built. */
export const PLOT_USES_FOR: Readonly<Record<'fire' | 'kindergarten', readonly string[]>> = {
  // 公共管理与公共服务 / 公用设施 land: a fire station is a public facility.
  fire: ['public'],
  // 教育用地, or public-service land.
  kindergarten: ['education', 'public'],
};

export interface PlotCandidateOptions {
  facility: 'fire' | 'kindergarten';
  /** Fire: station level (sets the land needed). Default 'level-1'. */
  stationLevel?: 'level-1' | 'level-2' | 'volunteer';
  /** Kindergarten: classes (sets the land needed). Default 6. */
  kindergartenClasses?: number;
  /** Overrides the land needed, m². */
  minLandM2?: number;
  /**
   * Maps a raw `use` value to its code (the layer definition's Chinese names and aliases: layers/reserve-plots.ts
   * `plotUseCode`). Default: the value trimmed, which is right for plots that came through the loader (it stores codes).
   */
  useCodeOf?: (value: unknown) => string;
}

/** A plot that fits: one candidate site on the plot's surface. */
export interface PlotCandidate {
  id: string;
  name: string;
  township: string;
  use: string;
  lon: number;
  lat: number;
  /** Drawn area, 亩 (2 decimals). */
  areaMu: number;
  declaredMu: number | null;
}

/** A plot that does not fit, with the reason. */
export interface UnfitPlot {
  id: string;
  name: string;
  township: string;
  use: string;
  areaMu: number;
  declaredMu: number | null;
  reason: 'too-small' | 'use' | 'no-geometry';
  /** E.g. "too small: 0.9 亩 < 1.5 亩 needed" / "use not compatible: residential (fire needs public)". */
  message: string;
}

export interface PlotCandidatesResult {
  /** Land a plot must have, m² and 亩. */
  neededM2: number;
  neededMu: number;
  uses: readonly string[];
  fit: PlotCandidate[];
  unfit: UnfitPlot[];
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** A `use` value as the loader stores it (a code), trimmed. */
function trimmedUse(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/**
 * Which reserve plots (土地储备地块) can take a new facility: the plot's drawn area (ellipsoidal, as
 * in the plot review) must be at least the land the facility needs — a fire station by its level,
 * a kindergarten by its class count (STANDARDS.md), or `minLandM2` — and its planned use must be
 * one the facility may stand on ({@link PLOT_USES_FOR}). A plot that fits becomes one candidate,
 * a point on its surface (`@turf/point-on-feature`), named by the plot id; the others are listed
 * with the reason. The use is checked first, then the area.
 *
 * @param plots - the reserve_plots layer (Polygon / MultiPolygon, `id`, `use`, `area_mu`)
 * @example
 * const { fit, unfit } = plotCandidates(plots, { facility: 'fire', stationLevel: 'level-2' });
 */
export function plotCandidates(plots: FeatureCollection<Geometry | null>, options: PlotCandidateOptions): PlotCandidatesResult {
  if (!plots || !Array.isArray(plots.features)) throw new Error('plotCandidates: plots must be a FeatureCollection');
  const facility = options?.facility;
  if (facility !== 'fire' && facility !== 'kindergarten') throw new Error('plotCandidates: facility must be "fire" or "kindergarten"');
  let neededM2: number;
  if (options.minLandM2 !== undefined) {
    if (!(options.minLandM2 >= 0)) throw new Error('plotCandidates: minLandM2 must be ≥ 0');
    neededM2 = options.minLandM2;
  } else if (facility === 'fire') {
    const level = options.stationLevel ?? DEFAULTS.stationLevel;
    if (!(level in FIRE_STATION_LAND_M2)) throw new Error('plotCandidates: stationLevel must be "level-1", "level-2" or "volunteer"');
    neededM2 = FIRE_STATION_LAND_M2[level];
  } else {
    neededM2 = kindergartenLandM2(options.kindergartenClasses ?? DEFAULT_CLASSES);
  }
  const neededMu = neededM2 / SQUARE_METRES_PER_MU;
  const uses = PLOT_USES_FOR[facility];
  const fit: PlotCandidate[] = [];
  const unfit: UnfitPlot[] = [];
  plots.features.forEach((f, i) => {
    const p = f?.properties ?? {};
    const id = p.id === undefined || p.id === null || String(p.id).trim() === '' ? `plot-${i + 1}` : String(p.id).trim();
    const name = p.name == null ? '' : String(p.name);
    const township = p.township == null ? '' : String(p.township);
    const use = (options.useCodeOf ?? trimmedUse)(p.use);
    const declared = typeof p.area_mu === 'number' ? p.area_mu : p.area_mu != null && String(p.area_mu).trim() !== '' ? Number(p.area_mu) : NaN;
    const declaredMu = Number.isFinite(declared) ? declared : null;
    const g = f?.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    const areaM2 = polys.reduce((a, poly) => a + polygonAreaM2(poly), 0);
    const areaMu = round2(areaM2 / SQUARE_METRES_PER_MU);
    const base = { id, name, township, use, areaMu, declaredMu };
    if (!(areaM2 > 0)) {
      unfit.push({ ...base, reason: 'no-geometry', message: 'no polygon: cannot place a site' });
      return;
    }
    if (!uses.includes(use)) {
      unfit.push({ ...base, reason: 'use', message: `use not compatible: ${use || '(none)'} (${facility} needs ${uses.join(' or ')})` });
      return;
    }
    if (areaM2 < neededM2) {
      unfit.push({ ...base, reason: 'too-small', message: `too small: ${areaMu} 亩 < ${round2(neededMu)} 亩 needed` });
      return;
    }
    const pt = pointOnFeature({ type: 'Feature', properties: {}, geometry: g as Polygon | MultiPolygon } as Feature<Polygon | MultiPolygon>).geometry.coordinates;
    fit.push({ ...base, lon: pt[0], lat: pt[1] });
  });
  return { neededM2, neededMu: round2(neededMu), uses, fit, unfit };
}
