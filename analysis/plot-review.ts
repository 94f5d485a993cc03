import intersect from '@turf/intersect';
import kinks from '@turf/kinks';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { LocalProjection, geodesicMeters, geometryAreaM2, pointToPolygonMeters, polygonAreaM2 } from './geo.ts';
import { kindergartenAreaClassifier } from './kindergarten-area.ts';
import { PolygonIndex } from './polygon-index.ts';
import { resolvePlotOptions } from './plot-params.ts';
import { resolveKindergartenOptions } from './radii-params.ts';
import { roundToTotal } from './round-to-total.ts';
import { FIRE_PARAMS } from './fire-params.ts';

/** The defaults of PLOT_PARAMS, KINDERGARTEN_PARAMS and the fire threshold (one place, each with its source). */
const DEFAULTS = resolvePlotOptions();
const KG_DEFAULTS = resolveKindergartenOptions();
const FIRE_THRESHOLD_MINUTES = FIRE_PARAMS.find((d) => d.key === 'threshold')!.value as number;

/** A declared area may differ from the drawn one by this rounding (亩) before the tolerance applies: not a planning parameter. */
export const ROUNDING_MU = 0.005;

/** Overlaps of plots smaller than this (m²) are digitising noise, not a conflict: not a planning parameter. */
export const OVERLAP_TOLERANCE_M2 = 1;

/**
 * A township (or no township) counts under a plot part when it holds at least this share of the
 * part: slivers below it are where a plot drawn on one survey meets a boundary drawn on another,
 * not a plot across a boundary. Not a planning parameter.
 */
export const TOWNSHIP_SHARE_MIN = 0.01;

type FC = FeatureCollection<Geometry | null>;

/** The one ellipsoidal area of the product (analysis/geo.ts), re-exported where it was first written. */
export { polygonAreaM2 };

/** Square metres in one 亩 (1 亩 = 10,000 / 15 m² ≈ 666.67 m²). */
export const SQUARE_METRES_PER_MU = 10_000 / 15;

/** Layers a plot review reads; only `plots` is required. */
export interface PlotReviewInput {
  /** Reserve plots (Polygon / MultiPolygon): `id`, `name`, `township`, `area_mu`, `use`, optional `parcels` text ("地块1 84.50亩…"). */
  plots: FC;
  townships?: FC | null;
  builtUp?: FC | null;
  dualConversionAreas?: FC | null;
  fireStations?: FC | null;
  kindergartens?: FC | null;
  /** Area reached within the fire threshold (e.g. the 5-min isochrone of `fireCoverageGeoJson`). */
  fireReach?: FC | null;
}

/** Options of {@link reviewPlots}. */
export interface PlotReviewOptions {
  /** Flag a plot whose drawn area differs from the declared 亩 by more than this, %. Default 2. */
  areaTolerancePct?: number;
  /** The total the document states (e.g. 319.56 亩 for the 2022 plan), checked against the sum of declared plots. */
  statedTotalMu?: number;
  /** Rounding tolerance of declared figures, 亩. Default 0.005 (figures have 2 decimals). */
  roundingMu?: number;
  /** Fire station to school / kindergarten, m (建标152-2017 Art. 15: ≥ 50 m). Default 50. */
  stationSchoolMinMeters?: number;
  /** Fire station to hazardous-chemical sites, m (建标152-2017 Art. 15: ≥ 300 m). Default 300. */
  stationHazardMinMeters?: number;
  /** Kindergarten service radii by where the kindergarten stands, m (as `kindergartenAccess`). */
  kindergartenRadiusMeters?: { urban: number; township: number; village: number };
  /** Minutes of `fireReach`, for the wording. Default 5. */
  fireReachMinutes?: number;
  /** Overlaps smaller than this are ignored, m². Default 1. */
  overlapToleranceM2?: number;
}

/** One finding about a plot (or the document). */
export interface PlotIssue {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: { zh: string; en: string };
}

/** One part (parcel) of a plot. */
export interface PlotPart {
  index: number;
  areaM2: number;
  areaMu: number;
  /** The parcel's declared 亩 from the `parcels` text, in order; null when not given. */
  declaredMu: number | null;
}

/** The review of one plot. */
export interface PlotReviewRow {
  index: number;
  id: string;
  name: string;
  use: string;
  township: string;
  declaredMu: number | null;
  areaM2: number;
  areaMu: number;
  /** areaMu − declaredMu. */
  diffMu: number | null;
  diffPct: number | null;
  parts: PlotPart[];
  /** Townships holding at least 1 % of the plot's area (TOWNSHIP_SHARE_MIN), largest share first. */
  townshipsFound: string[];
  /** The plot's area by township (share 0–1, 4 decimals), largest first: ST_Area(ST_Intersection(plot, township)) / ST_Area(plot). */
  townshipShares: { name: string; share: number }[];
  /** Share of the plot (0–1) in no township. */
  outsideTownshipsShare: number;
  /** Share of the plot inside built-up areas (0–1), and their names. */
  builtUpShare: number;
  builtUpNames: string[];
  dualConversionOverlaps: { id: string; village: string; areaM2: number }[];
  overlaps: { id: string; areaM2: number }[];
  /** Share of the plot inside `fireReach` (0–1); null without it. */
  fireReachShare: number | null;
  nearestFireStation: { id: string; name: string; status: string; distanceM: number } | null;
  /** Residential and education plots: the nearest kindergarten and whether the plot is within its radius. */
  nearestKindergarten: { id: string; name: string; distanceM: number; radiusM: number; within: boolean } | null;
  issues: PlotIssue[];
}

/** Result of {@link reviewPlots}. */
export interface PlotReviewResult {
  rows: PlotReviewRow[];
  totals: {
    plots: number;
    declaredMu: number;
    /**
     * Drawn area, 亩: the sum of the rows' `areaMu` as listed (2 decimals), so the total a report or a
     * workbook shows is what its column adds up to (the exact sum differs by at most 0.005 亩 a plot).
     */
    areaMu: number;
    statedTotalMu: number | null;
    /** Declared sum − stated total; null without a stated total. */
    statedDiffMu: number | null;
  };
  /** Findings about the whole document (totals, duplicate ids). */
  documentIssues: PlotIssue[];
  counts: { error: number; warning: number; info: number };
  /** The plots with the review in their properties (for the map and export). */
  geojson: FeatureCollection<Geometry | null, Record<string, unknown>>;
}

const round = (v: number, d: number) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : v);
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v.replace(/[,，]/g, ''));
  return NaN;
}

function polygonsOf(g: Geometry | null | undefined): Position[][][] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/** Problems that make a polygon unusable; empty when fine. */
function geometryProblems(g: Geometry | null | undefined): string[] {
  if (!g) return ['no geometry'];
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return [`geometry is ${g.type}, not a polygon`];
  const out: string[] = [];
  const polys = polygonsOf(g);
  if (polys.length === 0) out.push('no polygon');
  polys.forEach((poly, pi) => {
    if (poly.length === 0) out.push(`part ${pi + 1} has no ring`);
    poly.forEach((ring, ri) => {
      const where = `part ${pi + 1} ring ${ri + 1}`;
      if (ring.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) out.push(`${where}: non-numeric coordinate`);
      else if (ring.length < 4) out.push(`${where}: fewer than 4 positions`);
      else if (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1]) out.push(`${where}: ring not closed`);
    });
  });
  if (out.length > 0) return out;
  const k = kinks(g as Polygon | MultiPolygon);
  if (k.features.length > 0) out.push(`self-intersection at ${k.features.length} point(s), e.g. ${k.features[0].geometry.coordinates.map((c) => c.toFixed(6)).join(', ')}`);
  if (geometryAreaM2(g) <= 0) out.push('zero area');
  return out;
}

type Box = [number, number, number, number];
function bboxOf(g: Geometry | null | undefined): Box | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      for (const p of ring) {
        if (p[0] < w) w = p[0];
        if (p[0] > e) e = p[0];
        if (p[1] < s) s = p[1];
        if (p[1] > n) n = p[1];
      }
    }
  }
  return e >= w ? [w, s, e, n] : null;
}
const boxesMeet = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** Area of the intersection of two (multi)polygons, m² (0 when they do not meet). */
function overlapM2(a: Geometry, b: Geometry): number {
  const fc: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: {}, geometry: a as Polygon | MultiPolygon },
      { type: 'Feature', properties: {}, geometry: b as Polygon | MultiPolygon },
    ],
  };
  const x = intersect(fc);
  return x ? geometryAreaM2(x.geometry) : 0;
}

function issue(severity: PlotIssue['severity'], code: string, zh: string, en: string): PlotIssue {
  return { severity, code, message: { zh, en } };
}

/** Declared parcel areas from a `parcels` text such as "地块1 84.50亩（…）；地块2 10.19亩". */
export function parseParcelMu(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*亩/g)) out.push(Number(m[1]));
  return out;
}

const USE_ZH: Record<string, string> = { residential: '居住', commercial: '商业', education: '教育', industrial: '工业', public: '公共设施', other: '其他' };

/**
 * Review the reserve plots (土地储备地块) of a land-reserve plan, the way a planning bureau checks
 * a document before it is issued:
 *
 * - **Area**: the ellipsoidal area of each plot (m² and 亩, 1 亩 = 666.67 m²; {@link polygonAreaM2},
 *   < 0.1 % error) against the declared `area_mu`: difference and %, flagged above
 *   `areaTolerancePct` (2 %). MultiPolygon parts are listed and compared with the parcels of the
 *   `parcels` text in order; the declared parcels must add up to the plot's figure.
 * - **Totals**: the declared plots must add up to the document's stated total (`statedTotalMu`).
 * - **Township**: an interior point of every part must fall in the township the plot claims.
 * - **Geometry**: missing, non-polygon, unclosed or short rings, self-intersections and zero area
 *   are errors, and such a plot gets no further spatial checks.
 * - **Conflicts**: overlaps with other plots (warning), with dual-conversion (双代) areas and
 *   built-up areas (information).
 * - **Siting rules** (建标152-2017 Art. 15): a fire station within 50 m of an education plot
 *   (measured to the plot's edge, since gates are unknown — conservative), within 300 m of an
 *   industrial plot (information: applies if hazardous chemicals are planned there).
 * - **Coverage**: the share inside the fire reach (optional input) for plots people will use, and
 *   for residential and education plots the nearest kindergarten within its service radius
 *   (radius by where the kindergarten stands, as `kindergartenAccess`).
 *
 * @param input - plots and the context layers
 * @param options - tolerances, stated total, distances, radii
 * @returns one row per plot, totals, document findings and an annotated GeoJSON
 * @example
 * const r = reviewPlots({ plots, townships, builtUp }, { statedTotalMu: 319.56 });
 * r.rows.filter((p) => p.issues.some((i) => i.severity !== 'info'));
 */
export function reviewPlots(input: PlotReviewInput, options: PlotReviewOptions = {}): PlotReviewResult {
  if (!input || !input.plots || !Array.isArray(input.plots.features)) throw new Error('reviewPlots: plots must be a FeatureCollection');
  const tolPct = options.areaTolerancePct ?? DEFAULTS.areaTolerancePct;
  const roundingMu = options.roundingMu ?? ROUNDING_MU;
  const schoolMin = options.stationSchoolMinMeters ?? DEFAULTS.stationSchoolMinMeters;
  const hazardMin = options.stationHazardMinMeters ?? DEFAULTS.stationHazardMinMeters;
  const radii = options.kindergartenRadiusMeters ?? { urban: KG_DEFAULTS.radiusUrbanMeters, township: KG_DEFAULTS.radiusTownshipMeters, village: KG_DEFAULTS.radiusVillageMeters };
  const overlapTol = options.overlapToleranceM2 ?? OVERLAP_TOLERANCE_M2;
  if (!(tolPct >= 0)) throw new Error('reviewPlots: areaTolerancePct must be ≥ 0');
  if (options.statedTotalMu !== undefined && !(options.statedTotalMu >= 0)) throw new Error('reviewPlots: statedTotalMu must be a number ≥ 0');
  for (const k of ['urban', 'township', 'village'] as const) if (!(radii[k] > 0)) throw new Error(`reviewPlots: kindergartenRadiusMeters.${k} must be positive`);

  const plots = input.plots.features;
  const valid: boolean[] = [];
  const boxes: (Box | null)[] = [];
  const rows: PlotReviewRow[] = plots.map((f, index) => {
    const p = (f?.properties ?? {}) as Record<string, unknown>;
    const declared = num(p.area_mu);
    const problems = geometryProblems(f?.geometry);
    const ok = problems.length === 0;
    valid.push(ok);
    boxes.push(ok ? bboxOf(f.geometry) : null);
    const polys = ok ? polygonsOf(f.geometry) : [];
    const partAreas = polys.map((poly) => polygonAreaM2(poly));
    const areaM2 = partAreas.reduce((a, b) => a + b, 0);
    const areaMu = areaM2 / SQUARE_METRES_PER_MU;
    const declaredParts = parseParcelMu(str(p.parcels));
    const issues: PlotIssue[] = [];
    const id = str(p.id) || `#${index + 1}`;
    if (!ok) issues.push(issue('error', 'invalid-geometry', `图形无效：${problems.join('；')}`, `Invalid geometry: ${problems.join('; ')}`));
    const hasDeclared = Number.isFinite(declared) && declared > 0;
    if (!hasDeclared) issues.push(issue('error', 'no-declared-area', '缺少申报面积（area_mu）', 'Declared area (area_mu) missing'));
    let diffMu: number | null = null, diffPct: number | null = null;
    if (ok && hasDeclared) {
      diffMu = areaMu - declared;
      diffPct = (100 * diffMu) / declared;
      if (Math.abs(diffPct) > tolPct) {
        issues.push(
          issue('warning', 'area-mismatch', `图上面积 ${round(areaMu, 2)} 亩，与申报 ${declared} 亩相差 ${round(diffPct, 2)}%（超过 ${tolPct}%）`, `Drawn area ${round(areaMu, 2)} mu differs from the declared ${declared} mu by ${round(diffPct, 2)}% (over ${tolPct}%)`),
        );
      }
    }
    if (declaredParts.length > 0 && hasDeclared) {
      const sum = declaredParts.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - declared) > roundingMu * declaredParts.length) {
        issues.push(issue('warning', 'parcels-sum-mismatch', `各地块申报面积之和 ${round(sum, 2)} 亩 ≠ 地块面积 ${declared} 亩`, `Declared parcels add up to ${round(sum, 2)} mu, not the plot's ${declared} mu`));
      }
      if (ok && declaredParts.length !== polys.length) {
        issues.push(issue('warning', 'parcels-count-mismatch', `申报 ${declaredParts.length} 个地块，图上有 ${polys.length} 个`, `${declaredParts.length} parcels declared, ${polys.length} drawn`));
      }
    }
    const parts: PlotPart[] = partAreas.map((a, k) => ({
      index: k + 1,
      areaM2: round(a, 1),
      areaMu: round(a / SQUARE_METRES_PER_MU, 2),
      declaredMu: declaredParts.length === polys.length ? declaredParts[k] : null,
    }));
    for (const part of parts) {
      if (part.declaredMu === null || part.declaredMu <= 0) continue;
      const pct = (100 * (part.areaM2 / SQUARE_METRES_PER_MU - part.declaredMu)) / part.declaredMu;
      if (Math.abs(pct) > tolPct) {
        issues.push(issue('warning', 'parcel-area-mismatch', `第${part.index}块图上 ${part.areaMu} 亩，申报 ${part.declaredMu} 亩（${round(pct, 2)}%）`, `Parcel ${part.index}: drawn ${part.areaMu} mu, declared ${part.declaredMu} mu (${round(pct, 2)}%)`));
      }
    }
    return {
      index,
      id,
      name: str(p.name),
      use: str(p.use),
      township: str(p.township),
      declaredMu: hasDeclared ? declared : null,
      areaM2: round(areaM2, 1),
      areaMu: round(areaMu, 2),
      diffMu: diffMu === null ? null : round(diffMu, 2),
      diffPct: diffPct === null ? null : round(diffPct, 2),
      parts,
      townshipsFound: [],
      townshipShares: [],
      outsideTownshipsShare: 0,
      builtUpShare: 0,
      builtUpNames: [],
      dualConversionOverlaps: [],
      overlaps: [],
      fireReachShare: null,
      nearestFireStation: null,
      nearestKindergarten: null,
      issues,
    };
  });

  // Townships under every part, by area: the part's m² inside each township (what PostGIS
  // ST_Area(ST_Intersection(plot, township)) answers), so a plot across a boundary is seen whichever
  // side its interior point falls on. A part whose vertices all lie in one township and whose edges
  // cross no township boundary is wholly in it; the others are intersected with each township near.
  let lonSum = 0, latSum = 0, nBox = 0;
  for (const b of boxes) {
    if (!b) continue;
    lonSum += (b[0] + b[2]) / 2;
    latSum += (b[1] + b[3]) / 2;
    nBox++;
  }
  const proj = new LocalProjection(nBox ? lonSum / nBox : 0, nBox ? latSum / nBox : 0);
  const townships = input.townships && input.townships.features.length > 0 ? input.townships : null;
  const townIdx = townships ? new PolygonIndex(townships, proj) : null;
  const townBoxes = townships ? townships.features.map((f) => (f?.geometry ? bboxOf(f.geometry) : null)) : [];
  rows.forEach((row, i) => {
    if (!valid[i] || !townIdx) return;
    const inTown = new Map<number, number>(); // township feature → m² of the plot in it
    let plotM2 = 0;
    let anyTownM2 = 0; // the plot's m² in some township, slivers included
    const partTowns: Set<number>[] = [];
    for (const poly of polygonsOf(plots[i].geometry)) {
      const partM2 = polygonAreaM2(poly);
      plotM2 += partM2;
      const found = new Set<number>();
      partTowns.push(found);
      let whole = -2;
      const ts: number[] = [];
      for (const ring of poly) {
        for (let k = 0; k < ring.length && whole !== -1; k++) {
          const t = townIdx.contains(proj.x(ring[k][0]), proj.y(ring[k][1]));
          if (t < 0 || (whole >= 0 && t !== whole)) whole = -1;
          else whole = t;
          if (k > 0 && whole >= 0) townIdx.crossings(proj.x(ring[k - 1][0]), proj.y(ring[k - 1][1]), proj.x(ring[k][0]), proj.y(ring[k][1]), ts);
          if (ts.length > 0) whole = -1;
        }
      }
      if (whole >= 0) {
        anyTownM2 += partM2;
        inTown.set(whole, (inTown.get(whole) ?? 0) + partM2);
        found.add(whole);
        continue;
      }
      const partGeom: Polygon = { type: 'Polygon', coordinates: poly };
      const pb = bboxOf(partGeom)!;
      townships!.features.forEach((f, t) => {
        const tb = townBoxes[t];
        if (!tb || !boxesMeet(pb, tb)) return;
        const m2 = overlapM2(partGeom, f.geometry!);
        anyTownM2 += m2;
        if (m2 <= overlapTol || m2 < TOWNSHIP_SHARE_MIN * partM2) return;
        inTown.set(t, (inTown.get(t) ?? 0) + m2);
        found.add(t);
      });
    }
    const nameOf = (t: number) => str(townships!.features[t].properties?.name);
    const shares = [...inTown.entries()].map(([t, m2]) => ({ name: nameOf(t), share: plotM2 > 0 ? m2 / plotM2 : 0 })).sort((a, b) => b.share - a.share);
    // the same name twice (a township in two features) is one township
    const byName = new Map<string, number>();
    for (const x of shares) byName.set(x.name, (byName.get(x.name) ?? 0) + x.share);
    row.townshipShares = [...byName.entries()].map(([name, share]) => ({ name, share: round(share, 4) }));
    row.townshipsFound = row.townshipShares.map((x) => x.name).filter(Boolean);
    const outside = plotM2 > 0 ? Math.max(0, 1 - anyTownM2 / plotM2) : 0;
    row.outsideTownshipsShare = round(outside, 4);
    // the shares as shown (1 decimal) add up, with the part in no township, to their total as shown (largest remainder)
    const parts = [...byName.values(), outside].map((v) => v * 100);
    const shown = roundToTotal(parts, parts.reduce((x, y) => x + y, 0), 1);
    const sharesText = (sep: string) => (row.townshipShares.length === 1 && outside < TOWNSHIP_SHARE_MIN ? row.townshipsFound.join(sep) : row.townshipShares.map((x, k) => `${x.name || '—'} ${shown[k].toFixed(1)}%`).join(sep));
    if (outside >= TOWNSHIP_SHARE_MIN) {
      row.issues.push(
        row.townshipShares.length === 0
          ? issue('warning', 'outside-townships', '地块（部分）不在任何乡镇范围内', 'The plot (or a part) lies in no township')
          : issue('warning', 'outside-townships', `地块 ${shown[shown.length - 1].toFixed(1)}% 不在任何乡镇范围内`, `${shown[shown.length - 1].toFixed(1)}% of the plot lies in no township`),
      );
    }
    if (row.township && row.townshipsFound.length > 0 && !row.townshipsFound.includes(row.township)) {
      row.issues.push(issue('warning', 'township-mismatch', `申报属于${row.township}，图上位于${sharesText('、')}`, `Declared in ${row.township}, drawn in ${sharesText(', ')}`));
    } else if (partTowns.some((p) => p.size > 1)) {
      row.issues.push(issue('warning', 'township-straddle', `地块跨乡镇边界：${sharesText('、')}`, `The plot crosses a township boundary: ${sharesText(', ')}`));
    } else if (row.township && row.townshipsFound.length > 1) {
      row.issues.push(issue('info', 'several-townships', `地块各部分位于${sharesText('、')}`, `Parts lie in ${sharesText(', ')}`));
    }
    if (!row.township) row.issues.push(issue('info', 'no-declared-township', `未申报乡镇；图上位于${row.townshipsFound.length > 0 ? sharesText('、') : '—'}`, `No township declared; drawn in ${row.townshipsFound.length > 0 ? sharesText(', ') : '—'}`));
  });

  // Overlaps between plots.
  for (let i = 0; i < plots.length; i++) {
    for (let j = i + 1; j < plots.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (!a || !b || !boxesMeet(a, b)) continue;
      const m2 = overlapM2(plots[i].geometry!, plots[j].geometry!);
      if (m2 <= overlapTol) continue;
      for (const [x, y] of [[i, j], [j, i]] as const) {
        rows[x].overlaps.push({ id: rows[y].id, areaM2: round(m2, 1) });
        rows[x].issues.push(
          issue('warning', 'overlap', `与地块${rows[y].id}重叠 ${round(m2, 0)} m²（${round(m2 / SQUARE_METRES_PER_MU, 2)} 亩）`, `Overlaps plot ${rows[y].id} by ${round(m2, 0)} m² (${round(m2 / SQUARE_METRES_PER_MU, 2)} mu)`),
        );
      }
    }
  }

  // Built-up and dual-conversion areas (information).
  const layerOverlaps = (layer: FC | null | undefined, each: (row: PlotReviewRow, f: Feature<Geometry | null>, m2: number) => void) => {
    if (!layer) return;
    const lboxes = layer.features.map((f) => (f?.geometry ? bboxOf(f.geometry) : null));
    rows.forEach((row, i) => {
      const a = boxes[i];
      if (!a) return;
      layer.features.forEach((f, k) => {
        const b = lboxes[k];
        if (!b || !boxesMeet(a, b)) return;
        const m2 = overlapM2(plots[i].geometry!, f.geometry!);
        if (m2 > overlapTol) each(row, f, m2);
      });
    });
  };
  const builtUpM2 = new Float64Array(rows.length);
  layerOverlaps(input.builtUp, (row, f, m2) => {
    builtUpM2[row.index] += m2;
    row.builtUpNames.push(str(f.properties?.name));
  });
  rows.forEach((row, i) => {
    if (!valid[i]) return;
    row.builtUpShare = row.areaM2 > 0 ? round(Math.min(1, builtUpM2[i] / row.areaM2), 4) : 0;
    if (input.builtUp && input.builtUp.features.length > 0) {
      row.issues.push(
        row.builtUpShare > 0
          ? issue('info', 'in-built-up', `${round(row.builtUpShare * 100, 1)}% 位于建成区（${row.builtUpNames.join('、')}）`, `${round(row.builtUpShare * 100, 1)}% inside built-up areas (${row.builtUpNames.join(', ')})`)
          : issue('info', 'outside-built-up', '位于建成区外', 'Outside the built-up areas'),
      );
    }
  });
  layerOverlaps(input.dualConversionAreas, (row, f, m2) => {
    row.dualConversionOverlaps.push({ id: str(f.properties?.id), village: str(f.properties?.village), areaM2: round(m2, 1) });
  });
  for (const row of rows) {
    if (row.dualConversionOverlaps.length === 0) continue;
    const list = row.dualConversionOverlaps.map((d) => `${d.id}${d.village ? ` ${d.village}` : ''}`).join('、');
    row.issues.push(issue('info', 'dual-conversion-overlap', `与双代区域 ${list} 重叠：新建住房的取暖方式需纳入双代台账`, `Overlaps dual-conversion area(s) ${list}: heating of new homes belongs in the 双代 ledger`));
  }

  // Fire reach.
  if (input.fireReach) {
    const reachM2 = new Float64Array(rows.length);
    layerOverlaps(input.fireReach, (row, _f, m2) => {
      reachM2[row.index] += m2;
    });
    rows.forEach((row, i) => {
      if (!valid[i]) return;
      row.fireReachShare = row.areaM2 > 0 ? round(Math.min(1, reachM2[i] / row.areaM2), 4) : 0;
      const peopleUse = row.use === 'residential' || row.use === 'education' || row.use === 'commercial' || row.use === 'public';
      if (peopleUse && row.fireReachShare < 0.999) {
        const pct = round(row.fireReachShare * 100, 1);
        const m = options.fireReachMinutes ?? FIRE_THRESHOLD_MINUTES;
        row.issues.push(
          pct === 0
            ? issue('warning', 'outside-fire-reach', `不在消防救援站${m}分钟可达范围内`, `Outside the fire stations' ${m}-minute reach`)
            : issue('warning', 'outside-fire-reach', `仅 ${pct}% 在消防救援站${m}分钟可达范围内`, `Only ${pct}% within the fire stations' ${m}-minute reach`),
        );
      }
    });
  }

  // Fire stations: nearest, and the siting distances.
  const stations = (input.fireStations?.features ?? []).filter((f) => f?.geometry?.type === 'Point');
  rows.forEach((row, i) => {
    if (!valid[i] || stations.length === 0) return;
    let best: PlotReviewRow['nearestFireStation'] = null;
    for (const s of stations) {
      const [lon, lat] = (s.geometry as { coordinates: number[] }).coordinates;
      const d = pointToPolygonMeters(lon, lat, plots[i].geometry!);
      if (!best || d < best.distanceM) best = { id: str(s.properties?.id), name: str(s.properties?.name), status: str(s.properties?.status), distanceM: round(d, 1) };
    }
    row.nearestFireStation = best;
    if (!best) return;
    if (best.distanceM === 0) row.issues.push(issue('info', 'station-on-plot', `消防站 ${best.name || best.id} 位于地块内`, `Fire station ${best.name || best.id} stands on the plot`));
    if (row.use === 'education' && best.distanceM < schoolMin) {
      row.issues.push(
        issue('warning', 'station-near-school', `消防站 ${best.name || best.id} 距教育用地仅 ${round(best.distanceM, 0)} m（建标152-2017：≥ ${schoolMin} m，按地块边界计）`, `Fire station ${best.name || best.id} is ${round(best.distanceM, 0)} m from an education plot (建标152-2017: ≥ ${schoolMin} m, measured to the plot edge)`),
      );
    }
    if (row.use === 'industrial' && best.distanceM < hazardMin) {
      row.issues.push(
        issue('info', 'station-near-industry', `消防站 ${best.name || best.id} 距工业用地 ${round(best.distanceM, 0)} m：如涉及危险化学品，须 ≥ ${hazardMin} m（建标152-2017）`, `Fire station ${best.name || best.id} is ${round(best.distanceM, 0)} m from an industrial plot: if hazardous chemicals are planned, ≥ ${hazardMin} m (建标152-2017)`),
      );
    }
  });

  // Kindergartens for residential and education plots.
  const kgs = (input.kindergartens?.features ?? []).filter((f) => f?.geometry?.type === 'Point');
  if (kgs.length > 0) {
    // The one area rule of kindergartenAccess and siting.
    const areas = kindergartenAreaClassifier({ builtUp: input.builtUp, townships: input.townships }, { radii });
    const kr = kgs.map((k) => {
      const [lon, lat] = (k.geometry as { coordinates: number[] }).coordinates;
      const r = radii[areas.classify(lon, lat)];
      return { lon, lat, r, id: str(k.properties?.id), name: str(k.properties?.name) };
    });
    rows.forEach((row, i) => {
      if (!valid[i] || (row.use !== 'residential' && row.use !== 'education')) return;
      let best: PlotReviewRow['nearestKindergarten'] = null;
      let anyWithin = false;
      for (const k of kr) {
        const d = pointToPolygonMeters(k.lon, k.lat, plots[i].geometry!);
        if (d <= k.r) anyWithin = true;
        if (!best || d < best.distanceM) best = { id: k.id, name: k.name, distanceM: round(d, 1), radiusM: k.r, within: d <= k.r };
      }
      row.nearestKindergarten = best;
      if (!anyWithin && row.use === 'residential') {
        row.issues.push(
          issue('warning', 'no-kindergarten-in-reach', `不在任何幼儿园服务半径内（最近 ${best?.name || best?.id} ${round(best?.distanceM ?? NaN, 0)} m）：新增住宅需配建或预留幼儿园`, `Within no kindergarten's service radius (nearest ${best?.name || best?.id}, ${round(best?.distanceM ?? NaN, 0)} m): new homes need kindergarten places`),
        );
      }
    });
  }

  // Document checks.
  const documentIssues: PlotIssue[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(row.id, (seen.get(row.id) ?? 0) + 1);
  for (const [id, k] of seen) if (k > 1) documentIssues.push(issue('error', 'duplicate-id', `编号 ${id} 出现 ${k} 次`, `Id ${id} appears ${k} times`));
  const declaredMu = rows.reduce((a, r) => a + (r.declaredMu ?? 0), 0);
  const areaMuSum = rows.reduce((a, r) => a + r.areaMu, 0);
  const stated = options.statedTotalMu ?? null;
  let statedDiff: number | null = null;
  if (stated !== null) {
    statedDiff = declaredMu - stated;
    if (Math.abs(statedDiff) > roundingMu * Math.max(1, rows.length)) {
      documentIssues.push(issue('error', 'total-mismatch', `各地块申报面积合计 ${round(declaredMu, 2)} 亩，文件所列总计 ${stated} 亩，相差 ${round(statedDiff, 2)} 亩`, `Declared plots add up to ${round(declaredMu, 2)} mu; the document states ${stated} mu (difference ${round(statedDiff, 2)} mu)`));
    } else {
      documentIssues.push(issue('info', 'total-ok', `各地块申报面积合计 ${round(declaredMu, 2)} 亩，与文件总计 ${stated} 亩一致`, `Declared plots add up to the stated total ${stated} mu`));
    }
  }

  const counts = { error: 0, warning: 0, info: 0 };
  for (const i of [...documentIssues, ...rows.flatMap((r) => r.issues)]) counts[i.severity]++;
  const worst = (r: PlotReviewRow) => (r.issues.some((i) => i.severity === 'error') ? 'error' : r.issues.some((i) => i.severity === 'warning') ? 'warning' : 'ok');
  const geojson: PlotReviewResult['geojson'] = {
    type: 'FeatureCollection',
    features: rows.map((r, i) => ({
      type: 'Feature',
      properties: {
        id: r.id,
        name: r.name,
        use: r.use,
        use_zh: USE_ZH[r.use] ?? r.use,
        township: r.township,
        declared_mu: r.declaredMu,
        area_mu: r.areaMu,
        area_m2: r.areaM2,
        diff_pct: r.diffPct,
        townships_found: r.townshipsFound.join('、'),
        fire_reach_pct: r.fireReachShare === null ? null : round(r.fireReachShare * 100, 1),
        review: worst(r),
        issues: r.issues.filter((x) => x.severity !== 'info').map((x) => x.code).join(','),
      },
      geometry: plots[i]?.geometry ?? null,
    })),
  };
  return {
    rows,
    totals: { plots: rows.length, declaredMu: round(declaredMu, 2), areaMu: round(areaMuSum, 2), statedTotalMu: stated, statedDiffMu: statedDiff === null ? null : round(statedDiff, 2) },
    documentIssues,
    counts,
    geojson,
  };
}
